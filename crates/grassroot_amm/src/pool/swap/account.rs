//! The four swaps under [`FeeModel::Account`](crate::pool::FeeModel::Account) (the original
//! simulation, not Uniswap): the fee is always xDAI and leaves the reserves into the fee
//! account; the reserves trade as a fee-free constant product.
//!
//! `Rd`/`Rx` are the dDT/xDAI reserves, `f` = `fee_ppm`, `fee(v) = floor(v*f / 1e6)`, and
//! `least(n)` = [`math::gross_for_net`]`(n, f)`, the least `v` with `v - fee(v) >= n` (for which
//! `v - fee(v) = n` exactly; proof in [`crate::math`]).
//!
//! ```text
//! buy, exact in x:    fee = fee(x), net = x - fee, o = floor(Rd*net / (Rx + net))   gets o dDT
//!                     Rx += net, Rd -= o, account += fee
//! sell, exact in d:   gross = floor(Rx*d / (Rd + d)), fee = fee(gross)           gets gross - fee
//!                     Rd += d, Rx -= gross, account += fee
//! buy, exact out o:   net = floor(Rx*o / (Rd - o)) + 1, x = least(net)             pays x xDAI
//!                     fee = x - net = fee(x), Rx += net, Rd -= o, account += fee
//! sell, exact out o:  gross = least(o) < Rx, d = floor(Rd*gross / (Rx - gross)) + 1  pays d dDT
//!                     fee = gross - o = fee(gross), Rd += d, Rx -= gross, account += fee
//! ```
//!
//! These are [`math::get_amount_out`] and [`math::get_amount_in`] with `f = 0`, applied to the
//! net (buys) or gross (sells) xDAI. *Rounding.* The constant-product step favours the pool:
//! outputs are floors, inputs are Uniswap's floor + 1, and `least` charges the least gross
//! amount whose net covers the constant product, never less. The fee itself is `fee(v)`, a floor
//! (as the reported fee under `Reserves`): the fraction of a base unit it drops stays with the
//! trader (a buyer's net, a seller's out), so the fee account may get up to 1 base unit less per
//! swap than `v*f / 1e6`; the reserves never give up anything for it.
//!
//! *`k` never falls.* Exact in: `o <= Rd*net / (Rx+net)` gives `(Rx + net)*(Rd - o) >= Rx*Rd`
//! (the same for a sale with `d`, `gross`). Exact out: `net > Rx*o / (Rd-o)` gives
//! `(Rx + net)*(Rd - o) > Rx*Rd` (the same for a sale with `gross`, `d`). The fee is outside
//! the reserves, so unlike Uniswap `k` grows only by rounding dust.
//!
//! *Nothing is lost.* Buys: `x = net + fee`; sales: `gross = out + fee`. So the xDAI the trader
//! pays in equals the xDAI reserve's change plus the fee account's change plus the xDAI paid
//! out, exactly.
//!
//! *Round trips.* Exact out then exact in never gives less: a buyer paying `x = least(net)`
//! nets `net` again and `floor(Rd*net / (Rx+net)) >= o`; a seller paying `d` grosses
//! `floor(Rx*d / (Rd+d)) >= gross` and `v - fee(v)` never decreases in `v`.
//!
//! Errors as under `Reserves`: a zero amount ([`AmmError::InsufficientInputAmount`],
//! [`AmmError::InsufficientOutputAmount`]), `o >= Rd` or `gross >= Rx` for exact out
//! ([`AmmError::OutputExceedsReserve`], carrying the gross xDAI for a sale), and
//! [`AmmError::Overflow`]. A buy with `x >= 1` always nets `net >= 1` (`v - fee(v) =
//! ceil(v*(1e6-f) / 1e6)`), and a sale's `out = gross - fee(gross) >= 1` when `gross >= 1`, so a
//! zero output happens only when the constant product itself rounds to 0; the pool then
//! refuses the swap ([`AmmError::OutputRoundsToZero`]).

use super::{Legs, Side};
use crate::error::AmmError;
use crate::math::{self, Fee};

/// The legs of an exact-input swap of `amount_in`, with `(r_in, r_out)` the reserves of the
/// input / output token of `side`.
pub(super) fn exact_in(side: Side, amount_in: u128, r_in: u128, r_out: u128, fee: Fee) -> Result<Legs, AmmError> {
    match side {
        Side::BuyDdt => {
            let fee = math::fee_part(amount_in, fee)?;
            let net = amount_in - fee; // fee <= amount_in
            let out = math::amount_out(net, r_in, r_out, Fee::ZERO)?;
            Ok(Legs { amount_in, amount_out: out, fee, into_reserve: net, out_of_reserve: out, to_account: fee })
        }
        Side::SellDdt => {
            let gross = math::amount_out(amount_in, r_in, r_out, Fee::ZERO)?;
            let fee = math::fee_part(gross, fee)?;
            let out = gross - fee; // fee <= gross
            Ok(Legs {
                amount_in,
                amount_out: out,
                fee,
                into_reserve: amount_in,
                out_of_reserve: gross,
                to_account: fee,
            })
        }
    }
}

/// The legs of an exact-output swap of `amount_out`, with `(r_in, r_out)` the reserves of the
/// input / output token of `side`.
pub(super) fn exact_out(side: Side, amount_out: u128, r_in: u128, r_out: u128, fee: Fee) -> Result<Legs, AmmError> {
    match side {
        Side::BuyDdt => {
            let net = math::amount_in(amount_out, r_in, r_out, Fee::ZERO)?;
            let amount_in = math::gross_for(net, fee)?;
            let fee = amount_in - net; // amount_in >= net
            Ok(Legs { amount_in, amount_out, fee, into_reserve: net, out_of_reserve: amount_out, to_account: fee })
        }
        Side::SellDdt => {
            if amount_out == 0 {
                return Err(AmmError::InsufficientOutputAmount);
            }
            let gross = math::gross_for(amount_out, fee)?;
            let amount_in = math::amount_in(gross, r_in, r_out, Fee::ZERO)?;
            let fee = gross - amount_out; // gross >= amount_out
            Ok(Legs { amount_in, amount_out, fee, into_reserve: amount_in, out_of_reserve: gross, to_account: fee })
        }
    }
}
