//! Locking CRC up to the cap that Contribution Weight sets, minting and redeeming 1:1.
//!
//! One active user, no spending or trading; first contribution 200 KB at quality exactly 0.5,
//! so its weight is 0.5 x 200 = 100 and, with CRC_PER_WEIGHT = 1, its cap is 100 CRC.

mod common;

use common::{build, datadao, members, one_role, role_mut, wad};
use grassroot_datadao::{DaoBooks, LockPolicy, OverCap};

const ROLE: &str = "active_user";

/// Cap binding: it brings 120 CRC and gets 24 at step 0, so it holds 144 > cap 100 and locks
/// exactly 100, minting 100 dDT; 44 CRC stay held. Later steps add CRC but no weight, so it
/// locks no more.
#[test]
fn the_cap_binds_when_crc_is_plenty() {
    let mut sim = build(&one_role(ROLE, 1), datadao(ROLE, "200", "0.5", LockPolicy::All, "120"));
    sim.step().unwrap_or_else(|e| panic!("{e}"));
    let m = members(sim.world_mut());
    assert_eq!((m[0].2.held, m[0].2.locked, m[0].1.ddt), (wad("44"), wad("100"), wad("100")));
    assert_eq!(sim.supply().ddt_minted, wad("100"));
    sim.run(10).unwrap_or_else(|e| panic!("{e}"));
    let m = members(sim.world_mut());
    assert_eq!((m[0].2.locked, m[0].1.ddt), (wad("100"), wad("100")));
    assert_eq!(sim.supply().ddt_minted, wad("100"));
}

/// Cap not binding: it brings nothing, so CRC limits it: 24 locked a step (steps 0..3: 24, 48,
/// 72, 96), then at step 4 only the 4 left under the cap (held 24 - 4 = 20). At step 5 the 20
/// held decay one day, 20 x 0.999801332008598957 = 19.99602664017197914 exactly, plus 24 issued,
/// and nothing is locked.
#[test]
fn crc_binds_when_the_cap_is_not_reached() {
    let mut sim = build(&one_role(ROLE, 1), datadao(ROLE, "200", "0.5", LockPolicy::All, "0"));
    let mut locked = Vec::new();
    for _ in 0..6 {
        sim.step().unwrap_or_else(|e| panic!("{e}"));
        locked.push(members(sim.world_mut())[0].2.locked);
    }
    assert_eq!(locked, ["24", "48", "72", "96", "100", "100"].map(wad));
    let m = members(sim.world_mut());
    assert_eq!(m[0].2.held, wad("43.99602664017197914"));
    assert_eq!(m[0].1.ddt, wad("100"), "1 dDT per CRC locked");
    let books = *sim.world().resource::<DaoBooks>();
    assert_eq!((books.ddt_minted_lock, books.ddt_minted_join), (wad("100"), wad("24")));
}

/// The `fraction` policy locks half of what it may after joining (all on joining): with no CRC
/// brought, step 0 locks 24; step 1 may lock min(76, 24) = 24 and locks 12, keeping 12; step 2
/// holds 12 x 0.999801332008598957 + 24 = 35.997615984103187484 and may lock
/// min(64, 35.997...) of it: it locks half, 17.998807992051593742, for 53.998807992051593742.
#[test]
fn the_fraction_policy_locks_a_fraction_of_what_it_may() {
    let mut sim = build(&one_role(ROLE, 1), datadao(ROLE, "200", "0.5", LockPolicy::Fraction(wad("0.5")), "0"));
    let mut locked = Vec::new();
    for _ in 0..3 {
        sim.step().unwrap_or_else(|e| panic!("{e}"));
        locked.push(members(sim.world_mut())[0].2.locked);
    }
    assert_eq!(locked, ["24", "36", "53.998807992051593742"].map(wad));
}

/// The weight is all that limits minting: doubling CRC_PER_WEIGHT doubles the cap (200), and
/// the sqrt weight 0.5 x sqrt(200) = 7.071067811865475244 caps the lock at that many CRC.
#[test]
fn crc_per_weight_and_the_sqrt_weight_set_the_cap() {
    let mut d = datadao(ROLE, "200", "0.5", LockPolicy::All, "1000");
    d.crc_per_weight = wad("2");
    let mut sim = build(&one_role(ROLE, 1), d);
    sim.step().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(members(sim.world_mut())[0].2.locked, wad("200"));

    let mut d = datadao(ROLE, "200", "0.5", LockPolicy::All, "1000");
    d.weight = grassroot_datadao::WeightRule::Sqrt;
    let mut sim = build(&one_role(ROLE, 1), d);
    sim.step().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(members(sim.world_mut())[0].2.locked, wad("7.071067811865475244"));
}

/// Redeeming 1:1 after a withdrawal with OVER_CAP=unlock. Step 0 as in the binding case (locked
/// 100, held 44, 100 dDT). Step 1: the 44 held decay to 44 x 0.999801332008598957 =
/// 43.991258608378354108, plus 24 issued = 67.991258608378354108; it withdraws half its data
/// (100 KB left, weight 50, cap 50), so 50 of its lock is excess: it burns 50 dDT and unlocks
/// 50 CRC, holding 117.991258608378354108. Books: minted 100 - redeemed 50 = locked 50.
#[test]
fn unlocking_over_the_cap_burns_dt_and_unlocks_crc_one_to_one() {
    let mut d = datadao(ROLE, "200", "0.5", LockPolicy::All, "120");
    d.over_cap = OverCap::Unlock;
    role_mut(&mut d, ROLE).withdraw_chance = wad("1");
    let mut sim = build(&one_role(ROLE, 1), d);
    sim.run(2).unwrap_or_else(|e| panic!("{e}"));
    let m = members(sim.world_mut());
    assert_eq!(m[0].3.quantity, wad("100"));
    assert_eq!((m[0].2.locked, m[0].2.held, m[0].1.ddt), (wad("50"), wad("117.991258608378354108"), wad("50")));
    assert_eq!((sim.supply().ddt_minted, sim.supply().ddt_burned), (wad("100"), wad("50")));
    let books = *sim.world().resource::<DaoBooks>();
    assert_eq!((books.ddt_minted_lock, books.ddt_redeemed), (wad("100"), wad("50")));
    let actions: Vec<&str> = sim.transactions().iter().map(|t| t.action.name()).collect();
    assert_eq!(actions, ["withdraw", "redeem"]);
}

/// With OVER_CAP=keep (the default) the same withdrawal leaves the lock at 100 and mints no
/// more: the member is over its cap of 50.
#[test]
fn keeping_the_lock_over_the_cap_stops_minting() {
    let mut d = datadao(ROLE, "200", "0.5", LockPolicy::All, "120");
    role_mut(&mut d, ROLE).withdraw_chance = wad("1");
    let mut sim = build(&one_role(ROLE, 1), d);
    sim.run(3).unwrap_or_else(|e| panic!("{e}"));
    let m = members(sim.world_mut());
    assert_eq!(m[0].3.quantity, wad("50"), "200 -> 100 -> 50 KB");
    assert_eq!((m[0].2.locked, m[0].1.ddt), (wad("100"), wad("100")));
    assert_eq!(sim.supply().ddt_burned, wad("0"));
}

/// A member whose policy is never locks nothing, not even on joining.
#[test]
fn never_locks_nothing() {
    let mut sim = build(&one_role(ROLE, 1), datadao(ROLE, "200", "0.5", LockPolicy::Never, "120"));
    sim.run(3).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(members(sim.world_mut())[0].2.locked, wad("0"));
    assert_eq!(sim.supply().ddt_minted, wad("0"));
}
