//! Contribution Weight: how much a member's data counts, a pluggable function of its
//! [`Contribution`]. The weight caps the CRC a member may lock (and so the dDT it may mint)
//! and, with `PIE_SPLIT=weighted`, its share of The Pie.

use std::fmt;
use std::sync::Arc;

use bevy_ecs::resource::Resource;
use grassroot_amm::{SCALE, Wad, math::sqrt_floor};

use crate::contribution::Contribution;

/// A Contribution Weight function. Implement it to try another rule; the plugin takes it with
/// [`DataDaoPlugin::with_weight`](crate::DataDaoPlugin::with_weight).
pub trait ContributionWeight: Send + Sync + 'static {
    /// The weight of a contribution (exact, rounded down).
    fn weight(&self, contribution: &Contribution) -> Wad;

    /// A short name for logs and docs.
    fn name(&self) -> &'static str;
}

/// `quality x quantity` (the default): one quality-adjusted KB is one unit of weight, so the
/// weight grows in proportion to the data given.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QualityTimesQuantity;

impl ContributionWeight for QualityTimesQuantity {
    fn weight(&self, c: &Contribution) -> Wad {
        // quality <= 1, so the product never exceeds the quantity.
        c.quantity.mul_frac(c.quality).unwrap_or(c.quantity)
    }

    fn name(&self) -> &'static str {
        "quality_x_quantity"
    }
}

/// `quality x sqrt(quantity)` (quantity in KB): doubling the data multiplies the weight by only
/// about 1.41, while doubling the quality doubles it. This damps data-dumping — uploading large
/// volumes of low-value data to raise one's cap and Pie share — and favours many members with
/// good data over a few with much of it. Its unit is sqrt(KB), so `CRC_PER_WEIGHT` must be
/// larger for the same caps (about 14.1 for a typical first contribution of 200 KB at quality
/// 0.5 to allow 100 CRC, against 1 for the linear weight).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QualityTimesSqrtQuantity;

impl ContributionWeight for QualityTimesSqrtQuantity {
    fn weight(&self, c: &Contribution) -> Wad {
        // sqrt(q / 10^18) * 10^18 = sqrt(q * 10^18), rounded down.
        let root = Wad::from_raw(sqrt_floor(c.quantity.raw(), SCALE));
        root.mul_frac(c.quality).unwrap_or(root)
    }

    fn name(&self) -> &'static str {
        "quality_x_sqrt_quantity"
    }
}

/// The run's Contribution Weight function, as a resource.
#[derive(Resource, Clone)]
pub struct Weighting(pub Arc<dyn ContributionWeight>);

impl Weighting {
    /// The weight of a contribution.
    #[inline]
    pub fn of(&self, c: &Contribution) -> Wad {
        self.0.weight(c)
    }
}

impl fmt::Debug for Weighting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Weighting").field(&self.0.name()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(quantity: u64, quality: &str) -> Contribution {
        Contribution { quantity: Wad::from_tokens(quantity), quality: Wad::parse(quality).unwrap_or(Wad::ZERO) }
    }

    #[test]
    fn linear_and_sqrt_weights_by_hand() {
        // 200 KB at quality 0.5: linear 100; sqrt: floor(sqrt(200e36)) = 14142135623730950488, times
        // 0.5 = 7.071067811865475244.
        assert_eq!(QualityTimesQuantity.weight(&c(200, "0.5")), Wad::from_tokens(100));
        assert_eq!(QualityTimesSqrtQuantity.weight(&c(200, "0.5")), Wad::from_raw(7_071_067_811_865_475_244));
        // Four times the data: linear x4, sqrt x2.
        assert_eq!(QualityTimesQuantity.weight(&c(800, "0.5")), Wad::from_tokens(400));
        assert_eq!(QualityTimesSqrtQuantity.weight(&c(800, "0.5")), Wad::from_raw(14_142_135_623_730_950_488));
        assert_eq!(QualityTimesQuantity.weight(&c(0, "1")), Wad::ZERO);
    }
}
