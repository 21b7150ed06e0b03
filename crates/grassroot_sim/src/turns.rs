//! The order agents are walked in when it matters: by [`AgentId`], never the ECS's query order.
//!
//! `bevy_ecs` iterates a query archetype by archetype (table by table), so its order changes
//! when a plugin adds an unrelated component or resource. A system whose result depends on the
//! order it visits agents in — it draws from [`SimRng`](crate::SimRng), logs a transaction or
//! does order-dependent arithmetic per agent — walks them with [`in_id_order`], or gives them
//! shuffled turns with [`SimRng::turns`](crate::SimRng::turns), which starts from it. Sums of
//! integers do not depend on the order and may iterate the query directly.

use crate::components::AgentId;

/// `items` sorted by the [`AgentId`] that `id` reads from each, e.g.
/// `for (id, mut wallet) in in_id_order(query.iter_mut(), |a| *a.0) { .. }`.
///
/// The sort is stable and adaptive: a query yields one sorted run per archetype (agents are
/// spawned in id order), which it merges in near-linear time. One allocation per call.
pub fn in_id_order<T>(items: impl IntoIterator<Item = T>, mut id: impl FnMut(&T) -> AgentId) -> Vec<T> {
    let mut v: Vec<T> = items.into_iter().collect();
    v.sort_by_key(|item| id(item));
    v
}

#[cfg(test)]
mod tests {
    use super::in_id_order;
    use crate::components::AgentId;

    #[test]
    fn sorts_runs_by_id() {
        let runs = [(4, 'a'), (7, 'b'), (9, 'c'), (1, 'd'), (5, 'e'), (2, 'f'), (8, 'g')];
        let sorted = in_id_order(runs, |&(i, _)| AgentId(i));
        assert_eq!(sorted.iter().map(|&(_, c)| c).collect::<String>(), "dfaebgc");
    }
}
