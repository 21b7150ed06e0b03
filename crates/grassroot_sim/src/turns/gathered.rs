//! [`Gathered`]: a system's agents copied from the ECS into a dense buffer, their turns taken
//! over it with [`take_turns`] (prefetching), and their wallets written back.

use bevy_ecs::world::Mut;

use crate::components::AgentId;

/// A system's agents gathered from the ECS into a dense buffer, with each one's id and place
/// in it: the input of its [`Turns<u32>`](super::Turns), kept apart from the entries so that
/// ordering the turns reads 8 bytes per agent. Hold it in a `Local`: both buffers are reused
/// from step to step. Fill it with `query.iter().for_each(..)` (see the module `turns`).
#[derive(Debug)]
pub struct Gathered<T> {
    entries: Vec<T>,
    ids: Vec<(AgentId, u32)>,
}

impl<T> Default for Gathered<T> {
    fn default() -> Self {
        Gathered { entries: Vec::new(), ids: Vec::new() }
    }
}

impl<T> Gathered<T> {
    /// Empties the buffer, keeping its memory.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.ids.clear();
    }

    /// Appends the agent `id`'s entry.
    #[inline]
    pub fn push(&mut self, id: AgentId, entry: T) {
        self.ids.push((id, self.entries.len() as u32));
        self.entries.push(entry);
    }

    /// Each entry's id and place, in gathering order: what [`Turns::shuffled`](super::Turns::shuffled) orders.
    pub fn ids(&self) -> impl Iterator<Item = (AgentId, u32)> + '_ {
        self.ids.iter().copied()
    }

    /// The entries, in gathering order.
    pub fn entries(&self) -> &[T] {
        &self.entries
    }

    /// The entries, to take turns over ([`take_turns`]).
    pub fn entries_mut(&mut self) -> &mut [T] {
        &mut self.entries
    }
}

/// Takes the turns `turns` (indices into `buffer`, as a `Turns<u32>` gives them) in order:
/// `take` gets each agent's entry of the dense buffer. While a turn is taken, the entry
/// [`PREFETCH_AHEAD`] turns later is already on its way from memory.
pub fn take_turns<T>(turns: &[(AgentId, u32)], buffer: &mut [T], mut take: impl FnMut(&mut T)) {
    for (k, &(_, i)) in turns.iter().enumerate() {
        if let Some(ahead) = turns.get(k + PREFETCH_AHEAD).and_then(|&(_, j)| buffer.get(j as usize)) {
            super::prefetch::prefetch(ahead);
        }
        if let Some(entry) = buffer.get_mut(i as usize) {
            take(entry);
        }
    }
}

/// Writes a dense buffer's entries back to the agents they were gathered from, when every
/// queried agent was gathered, in query order: one sequential pass over the same query,
/// `agents` yielding each agent's component (its wallet, say), `entry` what to write for the
/// gathered entry in the same place. A system that gathered only some of its agents writes
/// each back with `query.get_mut` and [`store`] instead.
pub fn write_back<'w, C: PartialEq + 'w, T>(
    agents: impl Iterator<Item = Mut<'w, C>>,
    gathered: &[T],
    entry: impl Fn(&T) -> C,
) {
    // `for_each`, not `zip`: see the module `turns`.
    let mut gathered = gathered.iter();
    agents.for_each(|component| {
        if let Some(e) = gathered.next() {
            store(component, entry(e));
        }
    });
}

/// Stores a turn's result (a wallet, say) in the agent's component, written only if it
/// changed, so bevy_ecs's change ticks stay on the agents that acted.
#[inline]
pub fn store<C: PartialEq>(mut component: Mut<C>, after: C) {
    if *component != after {
        *component = after;
    }
}

/// How many turns ahead [`take_turns`] prefetches: far enough that an entry arrives from
/// memory while the turns before it are taken, near enough that it is still cached when its
/// turn comes.
pub const PREFETCH_AHEAD: usize = 8;
