//! [`Turns`]: the order of one system's agents, by [`AgentId`] or a shuffle of it, never the
//! ECS's query order; and [`StepOrder`], the run's choice between the two for a phase system.

use bevy_ecs::entity::Entity;
use bevy_ecs::resource::Resource;
use grassroot_config::TurnOrder;

use crate::components::AgentId;
use crate::resources::rng::SimRng;

/// The order of one system's agents, in a buffer it keeps from step to step (hold it in a
/// `Local<Turns>`): `(AgentId, T)` pairs, `T` an [`Entity`] (the plain way) or an index into a
/// [`Gathered`](super::Gathered) buffer (`Turns<u32>`); see the module `turns`. Ids spread
/// thinly over a wide span, or given twice (a plugin's own numbering), are sorted instead of
/// placed (stably); both ways give the same order.
#[derive(Debug)]
pub struct Turns<T = Entity> {
    order: Vec<(AgentId, T)>,
    table: Vec<Option<T>>,
    last_input: Vec<(AgentId, T)>,
    last_order: Vec<(AgentId, T)>,
}

impl<T> Default for Turns<T> {
    fn default() -> Self {
        Turns { order: Vec::new(), table: Vec::new(), last_input: Vec::new(), last_order: Vec::new() }
    }
}

impl<T: Copy + PartialEq> Turns<T> {
    /// `agents` in `AgentId` order (an id given twice keeps the input's order).
    ///
    /// Always inlined: The Pie's payout gathers its agents through this call every step, and
    /// only inlined into it does the gathering loop fuse with the payout's (how the compiler
    /// happened to split the crate otherwise decided it; see `docs/speed.md`).
    #[inline(always)]
    pub fn by_id(&mut self, agents: impl IntoIterator<Item = (AgentId, T)>) -> &[(AgentId, T)] {
        self.order.clear();
        let (mut min, mut max) = (u32::MAX, 0);
        // `for_each`, not `extend`: see the module `turns`.
        let order = &mut self.order;
        agents.into_iter().for_each(|(id, payload)| {
            min = min.min(id.0);
            max = max.max(id.0);
            order.push((id, payload));
        });
        if self.order.is_empty() {
            return &self.order;
        }
        if self.order == self.last_input {
            self.order.copy_from_slice(&self.last_order);
            return &self.order;
        }
        self.last_input.clone_from(&self.order);
        let (min, span) = (AgentId(min), (max - min) as usize + 1);
        // Walking a table slot costs a few instructions, a sort a few dozen per agent and
        // level: the table wins unless it is far wider than the agents.
        let placed = span <= 32 * self.order.len() + 1024 && self.place(min, span);
        if !placed {
            self.order.sort_by_key(|&(id, _)| id);
        }
        self.last_order.clone_from(&self.order);
        &self.order
    }

    /// Orders `self.order` through the table; false (nothing changed) if an id is repeated.
    fn place(&mut self, min: AgentId, span: usize) -> bool {
        self.table.clear();
        self.table.resize(span, None);
        for &(id, entity) in &self.order {
            let slot = &mut self.table[(id.0 - min.0) as usize];
            if slot.is_some() {
                return false;
            }
            *slot = Some(entity);
        }
        self.order.clear();
        let table = &self.table;
        self.order.extend(table.iter().enumerate().filter_map(|(k, e)| e.map(|e| (AgentId(min.0 + k as u32), e))));
        true
    }

    /// `agents` in `AgentId` order, then shuffled by `rng` ([`SimRng::shuffle`]): their turns.
    pub fn shuffled(&mut self, rng: &mut SimRng, agents: impl IntoIterator<Item = (AgentId, T)>) -> &[(AgentId, T)] {
        self.by_id(agents);
        rng.shuffle(&mut self.order);
        &self.order
    }
}

/// The run's order of turns within a step (`TURN_ORDER`): by phases, each shuffled, or each
/// agent's whole turn in join order ([`crate::systems::whole_turns()`]).
#[derive(Resource, Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepOrder(pub TurnOrder);

impl StepOrder {
    /// The agents' turns for a phase system: [`Turns::shuffled`] by phases, [`Turns::by_id`]
    /// (join order, no draw) when each agent takes its whole turn in join order.
    pub fn turns<'t, T: Copy + PartialEq>(
        self,
        turns: &'t mut Turns<T>,
        rng: &mut SimRng,
        agents: impl IntoIterator<Item = (AgentId, T)>,
    ) -> &'t [(AgentId, T)] {
        match self.0 {
            TurnOrder::Phases => turns.shuffled(rng, agents),
            TurnOrder::Agents => turns.by_id(agents),
        }
    }
}

#[cfg(test)]
mod tests {
    use bevy_ecs::entity::Entity;
    use bevy_ecs::world::World;

    use super::Turns;
    use crate::components::AgentId;
    use crate::resources::rng::SimRng;

    /// `ids` paired with entities of a world, as a query would give them.
    fn agents(world: &mut World, ids: &[u32]) -> Vec<(AgentId, Entity)> {
        ids.iter().map(|&i| (AgentId(i), world.spawn(AgentId(i)).id())).collect()
    }

    fn ids(order: &[(AgentId, Entity)]) -> Vec<u32> {
        order.iter().map(|(id, _)| id.0).collect()
    }

    #[test]
    fn by_id_orders_runs_sparse_and_repeated_ids() {
        let mut world = World::new();
        let mut turns = Turns::default();
        // Two sorted runs, as two archetype tables give them: the table path.
        let runs = agents(&mut world, &[4, 7, 9, 1, 5, 2, 8]);
        assert_eq!(ids(turns.by_id(runs.iter().copied())), [1, 2, 4, 5, 7, 8, 9]);
        // Sparse: 3 ids over a span of a million: the sort path, the same order.
        let sparse = agents(&mut world, &[1_000_000, 0, 500]);
        assert_eq!(ids(turns.by_id(sparse.iter().copied())), [0, 500, 1_000_000]);
        // Repeated ids (a plugin's own numbering): by id, then in the order given.
        let repeated = agents(&mut world, &[2, 1, 2, 1]);
        let order = turns.by_id(repeated.iter().copied()).to_vec();
        assert_eq!(order, [repeated[1], repeated[3], repeated[0], repeated[2]]);
        assert!(turns.by_id([]).is_empty());
    }

    /// The order kept from the last input serves only that same input again.
    #[test]
    fn by_id_reuses_its_last_order_only_for_the_same_input() {
        let mut world = World::new();
        let mut turns = Turns::default();
        let runs = agents(&mut world, &[4, 7, 9, 1, 5, 2, 8]);
        let first = turns.by_id(runs.iter().copied()).to_vec();
        assert_eq!(turns.by_id(runs.iter().copied()), first.as_slice());
        // The same agents in another storage order: ordered anew, the same order.
        let mut moved = runs.clone();
        moved.rotate_left(3);
        assert_eq!(turns.by_id(moved.iter().copied()), first.as_slice());
        // As many agents, one of them another (id 1 replaced by 3): not the kept order.
        let mut other = moved.clone();
        other[0] = agents(&mut world, &[3])[0];
        assert_eq!(ids(turns.by_id(other.iter().copied())), [2, 3, 4, 5, 7, 8, 9]);
        assert_eq!(ids(turns.by_id(runs.iter().copied())), [1, 2, 4, 5, 7, 8, 9]);
    }

    /// A gathered buffer keeps each entry's id and place, in gathering order, and its turns are
    /// those of the same (id, place) pairs given directly.
    #[test]
    fn gathered_ids_are_the_entries_ids_and_places() {
        let mut gathered = super::super::Gathered::default();
        for (id, name) in [(7, "g"), (2, "b"), (5, "e")] {
            gathered.push(AgentId(id), name);
        }
        let ids: Vec<(AgentId, u32)> = gathered.ids().collect();
        assert_eq!(ids, [(AgentId(7), 0), (AgentId(2), 1), (AgentId(5), 2)]);
        assert_eq!(gathered.entries(), ["g", "b", "e"]);
        let mut by_id = Turns::<u32>::default();
        let order: Vec<&str> =
            by_id.by_id(gathered.ids()).iter().map(|&(_, i)| gathered.entries()[i as usize]).collect();
        assert_eq!(order, ["b", "e", "g"]);
        let direct = Turns::<u32>::default().shuffled(&mut SimRng::new(3), ids.iter().copied()).to_vec();
        assert_eq!(Turns::<u32>::default().shuffled(&mut SimRng::new(3), gathered.ids()), direct.as_slice());
        gathered.clear();
        assert!(gathered.entries().is_empty() && gathered.ids().next().is_none());
    }

    /// The same agents in any storage order get the same turns, and they are shuffled.
    #[test]
    fn turns_do_not_depend_on_the_input_order() {
        let mut world = World::new();
        let all: Vec<u32> = (0..50).collect();
        let sorted = agents(&mut world, &all);
        let mut reversed = sorted.clone();
        reversed.reverse();
        let mut interleaved: Vec<_> = sorted.iter().copied().filter(|a| a.0.0 % 3 == 0).collect();
        interleaved.extend(sorted.iter().copied().filter(|a| a.0.0 % 3 != 0));
        let turns = |input: &[(AgentId, Entity)]| {
            Turns::default().shuffled(&mut SimRng::new(9), input.iter().copied()).to_vec()
        };
        let expected = turns(&sorted);
        assert_eq!(turns(&reversed), expected);
        assert_eq!(turns(&interleaved), expected);
        assert_ne!(ids(&expected), all, "the turns are shuffled");
        // A shuffle of the id order: the same draws on the sorted list give the same turns.
        let mut by_hand = sorted.clone();
        SimRng::new(9).shuffle(&mut by_hand);
        assert_eq!(expected, by_hand);
    }
}
