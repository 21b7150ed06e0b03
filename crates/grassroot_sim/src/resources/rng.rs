//! The run's one source of randomness: a seeded PCG-64 and the shuffle built on it.
//!
//! Every random decision in the engine and in plugins draws from [`SimRng`], seeded from the
//! run's `SEED`; nothing calls `rand::rng()`. The shuffle and the bounded draw are written out
//! here (Fisher-Yates with Lemire's nearly-divisionless bounded integers) so that the sequence
//! of a given seed is documented and does not change with a dependency's version.
//!
//! A system gives its agents their turns with [`Turns::shuffled`](crate::turns::Turns): the
//! agents in [`AgentId`](crate::components::AgentId) order, then shuffled by [`SimRng::shuffle`].
//! Never the raw query order: `bevy_ecs` iterates archetype by archetype, so that order changes
//! when a plugin adds an unrelated component, and the run with it.

use bevy_ecs::resource::Resource;
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;

/// The seeded random number generator of a run (PCG-64, `Lcg128Xsl64`).
#[derive(Resource, Clone, Debug)]
pub struct SimRng(Pcg64);

impl SimRng {
    /// A generator seeded from `seed` (PCG's `seed_from_u64`).
    pub fn new(seed: u64) -> SimRng {
        SimRng(Pcg64::seed_from_u64(seed))
    }

    /// The next 64 random bits.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A uniform integer in `0..n` (`n > 0`), unbiased (Lemire, 2019).
    #[inline]
    pub fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0, "below(0) has no values");
        let mut m = u128::from(self.next_u64()) * u128::from(n);
        let mut low = m as u64;
        if low < n {
            let threshold = n.wrapping_neg() % n;
            while low < threshold {
                m = u128::from(self.next_u64()) * u128::from(n);
                low = m as u64;
            }
        }
        (m >> 64) as u64
    }

    /// A uniform float in `[0, 1)` with 53 random bits.
    #[inline]
    pub fn unit_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Shuffles `items` in place (Fisher-Yates, from the back).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SimRng;

    #[test]
    fn same_seed_gives_same_sequence() {
        let mut a = SimRng::new(42);
        let mut b = SimRng::new(42);
        let mut c = SimRng::new(43);
        let xs: Vec<u64> = (0..8).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..8).map(|_| b.next_u64()).collect();
        let zs: Vec<u64> = (0..8).map(|_| c.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(xs, zs);
    }

    #[test]
    fn below_stays_in_range_and_hits_every_value() {
        let mut rng = SimRng::new(7);
        let mut seen = [0u32; 5];
        for _ in 0..5000 {
            let v = rng.below(5) as usize;
            seen[v] += 1;
        }
        // 1000 expected per bucket; a fair draw stays well within +-15%.
        assert!(seen.iter().all(|&n| (850..=1150).contains(&n)), "{seen:?}");
    }

    #[test]
    fn shuffle_is_a_permutation() {
        let mut rng = SimRng::new(1);
        let mut v: Vec<u32> = (0..100).collect();
        rng.shuffle(&mut v);
        assert_ne!(v, (0..100).collect::<Vec<_>>());
        v.sort_unstable();
        assert_eq!(v, (0..100).collect::<Vec<_>>());
    }
}
