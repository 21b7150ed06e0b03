//! The mechanism's books: what was ever issued, lost, minted by locking and redeemed, checked
//! after every step against what members hold.
//!
//! Identities (exact, in base units):
//! - CRC: issued = held + locked + lost to demurrage;
//! - dDT by locking: minted by locking - burned by redeeming = CRC locked;
//! - The Pie: the sum of its per-use-case books = The Pie's balance.
//!
//! dDT minted by locking goes through `Economy::mint`, so the engine's own identity (dDT
//! minted - burned = wallets + pool + The Pie) covers it too.

use bevy_ecs::resource::Resource;
use grassroot_amm::{Wad, WadError};

/// Running totals of the mechanism.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DaoBooks {
    /// CRC ever issued to members (on joining and per step).
    pub crc_issued: Wad,
    /// CRC ever removed by demurrage.
    pub crc_demurrage: Wad,
    /// dDT ever minted by locking CRC.
    pub ddt_minted_lock: Wad,
    /// Of which minted by members in the step they joined (their starting dDT).
    pub ddt_minted_join: Wad,
    /// dDT ever burned by redeeming (unlocking CRC).
    pub ddt_redeemed: Wad,
}

impl DaoBooks {
    /// Counts issued CRC.
    pub fn issue(&mut self, crc: Wad) -> Result<(), WadError> {
        self.crc_issued = self.crc_issued.checked_add(crc)?;
        Ok(())
    }

    /// Counts CRC lost to demurrage.
    pub fn lose(&mut self, crc: Wad) -> Result<(), WadError> {
        self.crc_demurrage = self.crc_demurrage.checked_add(crc)?;
        Ok(())
    }

    /// Counts dDT minted by locking (`on_joining` if the member joined this step).
    pub fn mint(&mut self, ddt: Wad, on_joining: bool) -> Result<(), WadError> {
        self.ddt_minted_lock = self.ddt_minted_lock.checked_add(ddt)?;
        if on_joining {
            self.ddt_minted_join = self.ddt_minted_join.checked_add(ddt)?;
        }
        Ok(())
    }

    /// Counts dDT burned by redeeming.
    pub fn redeem(&mut self, ddt: Wad) -> Result<(), WadError> {
        self.ddt_redeemed = self.ddt_redeemed.checked_add(ddt)?;
        Ok(())
    }

    /// CRC that should be locked now: dDT minted by locking - dDT redeemed.
    pub fn locked_outstanding(&self) -> Result<Wad, WadError> {
        self.ddt_minted_lock.checked_sub(self.ddt_redeemed)
    }
}

/// Totals over members, tallied in the metrics phase of each step.
#[derive(Resource, Clone, Debug, Default, PartialEq, Eq)]
pub struct DaoTally {
    /// CRC held (unlocked) by all members.
    pub crc_held: Wad,
    /// CRC locked by all members.
    pub crc_locked: Wad,
    /// Contribution Weight of all members.
    pub weight_total: Wad,
    /// Per role index: total weight.
    pub weight_by_role: Vec<Wad>,
    /// Per role index: members counted.
    pub members_by_role: Vec<u64>,
}

/// The Pie's books per use case: what each use case's spending brought in and what was paid
/// out of it.
#[derive(Resource, Clone, Debug, Default, PartialEq, Eq)]
pub struct PieBooks {
    /// Per use case: dDT held in The Pie.
    pub balance: Vec<Wad>,
    /// Per use case: dDT received this step.
    pub inflow: Vec<Wad>,
    /// Per use case: dDT paid to members this step.
    pub paid: Vec<Wad>,
}

impl PieBooks {
    /// Empty books for `use_cases` use cases.
    pub fn new(use_cases: usize) -> PieBooks {
        PieBooks {
            balance: vec![Wad::ZERO; use_cases],
            inflow: vec![Wad::ZERO; use_cases],
            paid: vec![Wad::ZERO; use_cases],
        }
    }

    /// The sum of the per-use-case balances.
    pub fn total(&self) -> Result<Wad, WadError> {
        self.balance.iter().try_fold(Wad::ZERO, |acc, b| acc.checked_add(*b))
    }

    /// Takes `amount` out of the books, for dDT The Pie spends outside its payout (a
    /// governance's burn, grant or protocol-owned liquidity): each use case gives
    /// `floor(amount x balance / total)`, then the base units that rounding left (fewer than
    /// one per book) are taken from the first books that still hold some, so the books give
    /// exactly `amount` and none goes below zero. Fails, changing nothing, if the books hold less than `amount`.
    ///
    /// ```
    /// use grassroot_amm::Wad;
    /// use grassroot_datadao::PieBooks;
    ///
    /// let mut books = PieBooks::new(3);
    /// books.balance = vec![Wad::from_raw(5), Wad::from_raw(3), Wad::from_raw(2)];
    /// // 7 of 10: floor(3.5) = 3, floor(2.1) = 2, floor(1.4) = 1, and the 1 left from the first.
    /// books.withdraw(Wad::from_raw(7))?;
    /// assert_eq!(books.balance, [Wad::from_raw(1), Wad::from_raw(1), Wad::from_raw(1)]);
    /// assert!(books.withdraw(Wad::from_raw(4)).is_err());
    /// assert_eq!(books.total()?, Wad::from_raw(3));
    /// # Ok::<(), grassroot_amm::WadError>(())
    /// ```
    pub fn withdraw(&mut self, amount: Wad) -> Result<(), WadError> {
        let total = self.total()?;
        total.checked_sub(amount)?;
        let mut left = amount;
        let mut next = self.balance.clone();
        for (b, n) in self.balance.iter().zip(next.iter_mut()) {
            let take = b.mul_div(amount.raw(), total.raw()).unwrap_or(Wad::ZERO);
            *n = n.saturating_sub(take);
            left = left.saturating_sub(take);
        }
        // What rounding left is fewer base units than there are books, and the books hold it.
        while !left.is_zero() {
            let Some(n) = next.iter_mut().find(|n| !n.is_zero()) else { break };
            let take = left.min(*n);
            *n = n.saturating_sub(take);
            left = left.saturating_sub(take);
        }
        self.balance = next;
        Ok(())
    }
}
