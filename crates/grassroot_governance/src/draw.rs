//! Governance's random draws, in exact integers from the run's one [`SimRng`]: an index, and a
//! proposal's value on a grid between two bounds. A draw with one possible outcome draws
//! nothing, so narrowing a menu or a range to one value does not shift later draws.

use grassroot_amm::Wad;
use grassroot_sim::SimRng;

use crate::params::Bounds;

/// Steps of the grid a proposal's value is drawn on: `min + floor((max - min) x k / 100)` for a
/// uniform `k` in `0..=100`.
pub const GRID_STEPS: u64 = 100;

/// A uniform index in `0..n` (0, with no draw, when `n <= 1`).
pub fn index(rng: &mut SimRng, n: usize) -> usize {
    if n <= 1 {
        return 0;
    }
    usize::try_from(rng.below(n as u64)).unwrap_or(0)
}

/// `k` uniform in `0..=GRID_STEPS` (no draw when the bounds are equal, or crossed).
fn step(rng: &mut SimRng, same: bool) -> u128 {
    if same { 0 } else { u128::from(rng.below(GRID_STEPS + 1)) }
}

/// A value on the grid of `bounds`: `min + floor((max - min) x k / 100)`.
///
/// ```
/// use grassroot_amm::Wad;
/// use grassroot_governance::{draw::on_grid, params::Bounds};
/// use grassroot_sim::SimRng;
///
/// let b = Bounds { min: Wad::parse("0.1")?, max: Wad::parse("0.5")? };
/// let v = on_grid(&mut SimRng::new(1), b);
/// assert!(b.min <= v && v <= b.max && v.raw() % 4_000_000_000_000_000 == 0);
/// # Ok::<(), grassroot_amm::WadError>(())
/// ```
pub fn on_grid(rng: &mut SimRng, bounds: Bounds<Wad>) -> Wad {
    let span = bounds.max.saturating_sub(bounds.min);
    let k = step(rng, span.is_zero());
    let offset = span.mul_div(k, u128::from(GRID_STEPS)).unwrap_or(Wad::ZERO);
    bounds.min.checked_add(offset).unwrap_or(bounds.max)
}

/// A fee on the grid of `bounds` (parts per million), rounded down to a whole ppm.
pub fn on_grid_ppm(rng: &mut SimRng, bounds: Bounds<u32>) -> u32 {
    let span = bounds.max.saturating_sub(bounds.min);
    let k = step(rng, span == 0);
    let offset = u128::from(span) * k / u128::from(GRID_STEPS);
    bounds.min.saturating_add(u32::try_from(offset).unwrap_or(0))
}
