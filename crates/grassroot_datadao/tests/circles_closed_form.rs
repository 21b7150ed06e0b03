//! Circles issuance and demurrage over a year of daily steps, against the closed form.

mod common;

use common::{build, datadao, members, one_role, wad};
use grassroot_datadao::{DaoBooks, LockPolicy};

/// One member who brings no CRC and never locks holds only its issuance, which decays daily.
///
/// By hand: with issuance I = 24 CRC a step (1 CRC/hour x 24 h) and the daily factor
/// F = 0.999801332008598957 (floor(10^18 x 0.93^(1/365.25)) / 10^18), demurrage first and then
/// issuance each step gives H_0 = 24 and H_k = floor(H_(k-1) x F) + 24. Without the floors,
/// after the 365 steps 0..364
///   H = 24 x (1 + F + ... + F^364) = 24 x (1 - F^365) / (1 - F)
///     = 24 x 352.114114923510621433... = 8450.738758164254914392... CRC
/// (F^365 = 0.930046196044190125..., i.e. 7% a year less the quarter day of 365.25).
/// Each floor removes less than one base unit (10^-18 CRC), which later days only shrink, so
/// the exact fixed-point balance lies in (H - 365e-18, H]. Issued = 365 x 24 = 8760 CRC, and
/// what demurrage removed is exactly 8760 - held.
#[test]
fn issuance_and_demurrage_over_365_daily_steps_match_the_closed_form() {
    let params = one_role("active_user", 1);
    let mut sim = build(&params, datadao("active_user", "0", "0.5", LockPolicy::Never, "0"));
    sim.run(365).unwrap_or_else(|e| panic!("{e}"));
    let m = members(sim.world_mut());
    let held = m[0].2.held;
    let hi = wad("8450.738758164254914392");
    let lo = wad("8450.738758164254914027"); // hi - 365 base units
    assert!(lo < held && held <= hi, "held {held} not in ({lo}, {hi}]");
    assert_eq!(m[0].2.locked, wad("0"));
    let books = *sim.world().resource::<DaoBooks>();
    assert_eq!(books.crc_issued, wad("8760"));
    assert_eq!(books.crc_demurrage, wad("8760").saturating_sub(held));
    // Against the closed form in floating point with Circles' own GAMMA, to 1e-9 CRC; written
    // with expm1 because 1 - GAMMA = 0.0002 would cancel most digits.
    let ln_gamma = 0.93_f64.ln() / 365.25;
    let closed = 24.0 * (365.0 * ln_gamma).exp_m1() / ln_gamma.exp_m1();
    assert!((held.to_f64() - closed).abs() < 1e-9, "{} vs {closed}", held.to_f64());
}

/// A balance alone keeps F^d of itself after d days: 1000 CRC brought on joining, no issuance
/// (CRC_PER_HOUR = 0), never locked. The 366 steps 0..365 cross 365 days (step 0 crosses
/// none), so by hand the balance is 1000 x F^365 = 930.046196044190125181... CRC (7% a year
/// of 365.25 days: 0.93^(365/365.25)), less under 365 base units of flooring.
#[test]
fn a_lone_balance_decays_by_the_daily_factor_each_day() {
    let params = one_role("active_user", 1);
    let mut d = datadao("active_user", "0", "0.5", LockPolicy::Never, "1000");
    d.crc_per_hour = wad("0");
    let mut sim = build(&params, d);
    sim.run(366).unwrap_or_else(|e| panic!("{e}"));
    let held = members(sim.world_mut())[0].2.held;
    let (lo, hi) = (wad("930.046196044190124816"), wad("930.046196044190125181"));
    assert!(lo < held && held <= hi, "held {held} not in ({lo}, {hi}]");
    assert_eq!(sim.world().resource::<DaoBooks>().crc_demurrage, wad("1000").saturating_sub(held));
}

/// Hourly steps: 24 steps make one day, so demurrage applies at steps 24, 48, ... and
/// issuance is 1 CRC a step. After 48 steps (0..47): days crossed at steps 24 only.
/// By hand: H_23 = 24 (no demurrage yet); step 24 decays it once: floor(24 x F) = 23.995231968206374968,
/// then 24 more steps of 1 CRC: 47.995231968206374968.
#[test]
fn hourly_steps_apply_demurrage_once_a_day() {
    let params = one_role("active_user", 1);
    let mut d = datadao("active_user", "0", "0.5", LockPolicy::Never, "0");
    d.step_hours = 1;
    let mut sim = build(&params, d);
    sim.run(48).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(members(sim.world_mut())[0].2.held, wad("47.995231968206374968"));
}
