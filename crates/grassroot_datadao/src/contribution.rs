//! What members contribute to the data pool: the [`Contribution`] they have in it, and the
//! [`Contributor`] behaviour that makes contributions arrive and leave over time.
//!
//! Quantity is measured in kilobytes (KB) of data; quality is a fraction in [0, 1] (e.g.
//! confidence x credibility of the data).

use bevy_ecs::component::Component;
use grassroot_amm::{U256, Wad, WadError};

/// A member's data in the pool: how much (KB) and how good (the quantity-weighted mean quality
/// of everything contributed, in [0, 1]).
#[derive(Component, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Contribution {
    /// Kilobytes of data in the pool.
    pub quantity: Wad,
    /// Quality in [0, 1]: the mean of each batch's quality weighted by its quantity.
    pub quality: Wad,
}

impl Contribution {
    /// Adds a batch of `quantity` KB of quality `quality`: the quantities add and the quality
    /// becomes the quantity-weighted mean, rounded down,
    /// `floor((Q * q + dQ * dq) / (Q + dQ))`.
    ///
    /// ```
    /// use grassroot_amm::Wad;
    /// use grassroot_datadao::Contribution;
    ///
    /// let mut c = Contribution::default();
    /// c.add(Wad::from_tokens(100), Wad::parse("0.5")?)?;
    /// c.add(Wad::from_tokens(300), Wad::parse("0.9")?)?;
    /// // (100 * 0.5 + 300 * 0.9) / 400 = 0.8
    /// assert_eq!(c, Contribution { quantity: Wad::from_tokens(400), quality: Wad::parse("0.8")? });
    /// # Ok::<(), grassroot_amm::WadError>(())
    /// ```
    pub fn add(&mut self, quantity: Wad, quality: Wad) -> Result<(), WadError> {
        let total = self.quantity.checked_add(quantity)?;
        if total.is_zero() {
            return Ok(());
        }
        let weighted = U256::from(self.quantity.raw()) * U256::from(self.quality.raw())
            + U256::from(quantity.raw()) * U256::from(quality.raw());
        // A weighted mean of fractions is at most 1, so it fits.
        let mean = weighted / U256::from(total.raw());
        self.quality = Wad::from_raw(mean.as_u128()).min(Wad::ONE);
        self.quantity = total;
        Ok(())
    }

    /// Withdraws `quantity` KB (at most what is there; quality unchanged) and returns what left.
    pub fn withdraw(&mut self, quantity: Wad) -> Wad {
        let removed = quantity.min(self.quantity);
        self.quantity = self.quantity.saturating_sub(removed);
        removed
    }
}

/// How a member's contributions arrive and leave, each step after it joins: with probability
/// `chance` it contributes `size` KB of a quality drawn uniformly from
/// `[quality_min, quality_max]`; with probability `withdraw_chance` it withdraws a fraction of
/// its data. On joining it contributes `first` KB (of a quality drawn the same way).
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Contributor {
    /// KB contributed on joining.
    pub first: Wad,
    /// Probability of a contribution in a step.
    pub chance: Wad,
    /// KB of each later contribution.
    pub size: Wad,
    /// Lowest quality of a contribution.
    pub quality_min: Wad,
    /// Highest quality of a contribution.
    pub quality_max: Wad,
    /// Probability of a withdrawal in a step.
    pub withdraw_chance: Wad,
}
