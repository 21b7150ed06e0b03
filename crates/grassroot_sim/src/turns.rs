//! The order agents are walked in when it matters: by [`AgentId`], never the ECS's query order.
//!
//! `bevy_ecs` iterates a query archetype by archetype (table by table), so its order changes
//! when a plugin adds an unrelated component or resource. A system whose result depends on the
//! order it visits agents in — it draws from [`SimRng`](crate::SimRng), logs a transaction or
//! does order-dependent arithmetic per agent — walks them with [`in_id_order`], or gives them
//! shuffled turns with [`SimRng::turns`](crate::SimRng::turns), which starts from that order.
//! Sums of integers do not depend on the order and may iterate the query directly.
//!
//! Query items are large (references and change ticks), so neither sorts them: both sort
//! `(AgentId, position)` keys — stable and adaptive, near-linear on the one sorted run per
//! archetype that a query yields — and then move each item once, along the cycles of the
//! permutation.

use crate::components::AgentId;

/// `items` sorted by the [`AgentId`] that `id` reads from each, e.g.
/// `for (id, mut wallet) in in_id_order(query.iter_mut(), |a| *a.0) { .. }`. Two allocations
/// per call (the items and their keys), none per item.
pub fn in_id_order<T>(items: impl IntoIterator<Item = T>, id: impl FnMut(&T) -> AgentId) -> Vec<T> {
    arrange(items, id, |_| {})
}

/// `items` in `AgentId` order, then rearranged as `permute` rearranges their keys (the
/// identity for [`in_id_order`], a shuffle for [`SimRng::turns`](crate::SimRng::turns)).
pub(crate) fn arrange<T>(
    items: impl IntoIterator<Item = T>,
    mut id: impl FnMut(&T) -> AgentId,
    permute: impl FnOnce(&mut [(AgentId, usize)]),
) -> Vec<T> {
    let mut items: Vec<T> = items.into_iter().collect();
    let mut order: Vec<(AgentId, usize)> = items.iter().enumerate().map(|(i, item)| (id(item), i)).collect();
    order.sort();
    permute(&mut order);
    rearrange(&mut items, &mut order);
    items
}

/// Moves `items[order[j].1]` to position `j` for every `j`, swapping along each cycle of the
/// permutation (at most `len - 1` swaps); `order` is used up as the record of what is done.
fn rearrange<T>(items: &mut [T], order: &mut [(AgentId, usize)]) {
    for start in 0..items.len() {
        let mut j = start;
        while order[j].1 != j {
            let from = order[j].1;
            order[j].1 = j;
            if from == start {
                break;
            }
            items.swap(j, from);
            j = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{arrange, in_id_order};
    use crate::components::AgentId;

    #[test]
    fn sorts_runs_by_id() {
        let runs = [(4, 'a'), (7, 'b'), (9, 'c'), (1, 'd'), (5, 'e'), (2, 'f'), (8, 'g')];
        let sorted = in_id_order(runs, |&(i, _)| AgentId(i));
        assert_eq!(sorted.iter().map(|&(_, c)| c).collect::<String>(), "dfaebgc");
    }

    #[test]
    fn sparse_and_repeated_ids_are_ordered_by_id_then_position() {
        let sparse = in_id_order([(1_000_000, 'a'), (0, 'b'), (500, 'c')], |&(i, _)| AgentId(i));
        assert_eq!(sparse.iter().map(|&(_, c)| c).collect::<String>(), "bca");
        // Repeated ids (a plugin's own numbering): by id, then by position.
        let repeated = in_id_order([(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd')], |&(i, _)| AgentId(i));
        assert_eq!(repeated.iter().map(|&(_, c)| c).collect::<String>(), "bdac");
        assert!(in_id_order(Vec::<u32>::new(), |&i| AgentId(i)).is_empty());
    }

    /// Rearranging the items matches rearranging their keys, for every permutation of 5.
    #[test]
    fn items_follow_their_keys() {
        let ids: Vec<u32> = vec![30, 10, 40, 0, 20];
        let mut perm: Vec<usize> = (0..5).collect();
        let mut count = 0;
        // Every 5-digit code in base 5 whose digits are all different is a permutation.
        for code in 0..5usize.pow(5) {
            let digits: Vec<usize> = (0..5).map(|k| code / 5usize.pow(k) % 5).collect();
            let mut seen = [false; 5];
            if !digits.iter().all(|&d| !std::mem::replace(&mut seen[d], true)) {
                continue;
            }
            perm.copy_from_slice(&digits);
            count += 1;
            let got = arrange(
                ids.iter().copied(),
                |&i| AgentId(i),
                |keys| {
                    let copy: Vec<_> = keys.to_vec();
                    for (k, &p) in keys.iter_mut().zip(&perm) {
                        *k = copy[p];
                    }
                },
            );
            let mut sorted = ids.clone();
            sorted.sort_unstable();
            let want: Vec<u32> = perm.iter().map(|&p| sorted[p]).collect();
            assert_eq!(got, want, "permutation {perm:?}");
        }
        assert_eq!(count, 120);
    }
}
