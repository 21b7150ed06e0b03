//! Random draws of the mechanism, in exact integers from the run's one [`SimRng`]: an event
//! with a probability, a uniform amount in a range, and a pick by weights.
//!
//! A probability or weight is a [`Wad`] fraction (1.0 = 10^18 base units). A probability of 0
//! or 1 decides without drawing, so switching a chance off does not shift later draws.

use grassroot_amm::{SCALE, Wad};
use grassroot_sim::SimRng;

/// True with probability `p`: a uniform integer in `0..10^18` is below `p`'s base units.
pub fn happens(rng: &mut SimRng, p: Wad) -> bool {
    if p.is_zero() {
        return false;
    }
    if p >= Wad::ONE {
        return true;
    }
    // SCALE (10^18) < 2^64, and p < 10^18 here.
    u128::from(rng.below(SCALE as u64)) < p.raw()
}

/// A uniform amount in `[lo, hi]` (to the base unit); `lo` when `hi <= lo`. The range must
/// span fewer than 2^64 - 1 base units (fractions and amounts up to 18 tokens do).
pub fn uniform(rng: &mut SimRng, lo: Wad, hi: Wad) -> Wad {
    let span = hi.saturating_sub(lo).raw();
    if span == 0 {
        return lo;
    }
    let span = u64::try_from(span).unwrap_or(u64::MAX - 1);
    Wad::from_raw(lo.raw() + u128::from(rng.below(span + 1)))
}

/// An index picked with probability proportional to `weights` (which need not sum to 1); 0
/// when all weights are 0. One draw, unless a single weight is positive.
pub fn pick(rng: &mut SimRng, weights: &[Wad]) -> usize {
    let total: u128 = weights.iter().map(|w| w.raw()).fold(0, u128::saturating_add);
    let positive = weights.iter().filter(|w| !w.is_zero()).count();
    if positive <= 1 {
        return weights.iter().position(|w| !w.is_zero()).unwrap_or(0);
    }
    let total = u64::try_from(total).unwrap_or(u64::MAX);
    let mut r = u128::from(rng.below(total));
    for (i, w) in weights.iter().enumerate() {
        if r < w.raw() {
            return i;
        }
        r -= w.raw();
    }
    weights.len() - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certain_and_impossible_events_do_not_draw() {
        let mut a = SimRng::new(1);
        let mut b = SimRng::new(1);
        assert!(happens(&mut a, Wad::ONE));
        assert!(!happens(&mut a, Wad::ZERO));
        assert_eq!(a.next_u64(), b.next_u64());
    }

    #[test]
    fn uniform_stays_in_range_and_pick_follows_weights() {
        let mut rng = SimRng::new(3);
        let (lo, hi) = (Wad::from_raw(SCALE * 3 / 10), Wad::from_raw(SCALE * 7 / 10));
        let mut counts = [0u32; 3];
        let weights = [Wad::from_raw(SCALE / 5), Wad::ZERO, Wad::from_raw(SCALE * 4 / 5)];
        for _ in 0..5000 {
            let q = uniform(&mut rng, lo, hi);
            assert!(lo <= q && q <= hi);
            counts[pick(&mut rng, &weights)] += 1;
        }
        assert_eq!(counts[1], 0);
        // 1000 expected for index 0; a fair draw stays within +-15%.
        assert!((850..=1150).contains(&counts[0]), "{counts:?}");
        assert_eq!(pick(&mut rng, &[Wad::ZERO, Wad::ONE]), 1);
        assert_eq!(pick(&mut rng, &[Wad::ZERO, Wad::ZERO]), 0);
    }
}
