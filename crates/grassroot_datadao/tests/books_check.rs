//! The mechanism's books check, on and off: CRC changed behind the mechanism's back breaks
//! one of its identities at the next step; with the check on (the default) the run stops there
//! with an error naming the step, the identity, both sides and the exact difference; with
//! `CHECK_BOOKS=off` (`Params::check_books = false`) the same run completes, its books still off
//! by exactly that amount.
//!
//! The world (as in `lock_cap.rs`): one active user, first contribution 200 KB at quality 0.5
//! (cap 100 CRC), lock policy `all`, CRC_ON_JOINING = 120, 24 CRC a step, no trading. After step
//! 0 it has been issued 120 + 24 = 144 CRC, has locked 100 (minting 100 dDT) and holds 44.

mod common;

use common::{build, datadao, one_role, wad};
use grassroot_amm::Wad;
use grassroot_datadao::{Circles, DaoBooks, DaoTally, LockPolicy};
use grassroot_sim::{SimError, Simulation};

const ROLE: &str = "active_user";

/// The world after step 0, with the books check on or off.
fn after_step_zero(check_books: bool) -> Simulation {
    let mut params = one_role(ROLE, 1);
    params.check_books = check_books;
    let mut sim = build(&params, datadao(ROLE, "200", "0.5", LockPolicy::All, "120"));
    sim.step().unwrap_or_else(|e| panic!("step 0: {e}"));
    sim
}

/// Changes the one member's Circles between steps, as no system of the mechanism would.
fn tamper(sim: &mut Simulation, change: impl FnOnce(&mut Circles)) {
    let world = sim.world_mut();
    let mut q = world.query::<&mut Circles>();
    let mut circles = q.single_mut(world).unwrap_or_else(|e| panic!("one member: {e}"));
    change(&mut circles);
}

fn books_error(result: Result<(), SimError>) -> String {
    match result {
        Err(e @ SimError::Books { .. }) => e.to_string(),
        other => panic!("expected a books error, got {other:?}"),
    }
}

/// 1 CRC appears in the member's hand after step 0 (held 45). Step 1: issued 144 + 24 = 168;
/// demurrage takes 45 - floor(45 x F) and counts it, so held + locked + demurrage =
/// 45 + 24 + 100 = 169: difference +1.
#[test]
fn crc_from_nowhere_stops_the_run_after_the_next_step_with_the_difference() {
    let mut sim = after_step_zero(true);
    tamper(&mut sim, |c| c.held = c.held.checked_add(Wad::ONE).unwrap_or_else(|e| panic!("{e}")));
    assert_eq!(
        books_error(sim.step()),
        "books do not balance after step 1: CRC: issued = held + locked + lost to demurrage: issued 168, held 169 \
         (difference +1)"
    );
}

/// The same CRC from nowhere with CHECK_BOOKS=off: steps 1 to 5 run. Issued after step 5:
/// 120 + 6 x 24 = 264; held + locked + demurrage is still 1 more, 265.
#[test]
fn crc_from_nowhere_is_not_checked_with_check_books_off() {
    let mut sim = after_step_zero(false);
    tamper(&mut sim, |c| c.held = c.held.checked_add(Wad::ONE).unwrap_or_else(|e| panic!("{e}")));
    sim.run(5).unwrap_or_else(|e| panic!("the check is off, yet: {e}"));
    assert_eq!(sim.next_step(), 6);
    let books = *sim.world().resource::<DaoBooks>();
    let tally = sim.world().resource::<DaoTally>().clone();
    assert_eq!(books.crc_issued, wad("264"));
    let right = [tally.crc_held, tally.crc_locked, books.crc_demurrage].iter().map(|w| w.raw()).sum::<u128>();
    assert_eq!(right, wad("265").raw());
}

/// 2 CRC move from held to locked without minting (held 42, locked 102): CRC is still whole
/// (144 = 42 + 102), but dDT minted by locking - redeemed = 100 - 0 against 102 locked.
#[test]
fn a_lock_without_minting_stops_the_run_with_the_difference() {
    let mut sim = after_step_zero(true);
    tamper(&mut sim, |c| {
        c.held = c.held.saturating_sub(wad("2"));
        c.locked = c.locked.checked_add(wad("2")).unwrap_or_else(|e| panic!("{e}"));
    });
    assert_eq!(
        books_error(sim.step()),
        "books do not balance after step 1: dDT by locking: minted - redeemed = CRC locked: issued 100, held 102 \
         (difference +2)"
    );
}

/// The same lock without minting with CHECK_BOOKS=off: the run completes, 102 locked against
/// 100 minted (over the cap, it locks no more).
#[test]
fn a_lock_without_minting_is_not_checked_with_check_books_off() {
    let mut sim = after_step_zero(false);
    tamper(&mut sim, |c| {
        c.held = c.held.saturating_sub(wad("2"));
        c.locked = c.locked.checked_add(wad("2")).unwrap_or_else(|e| panic!("{e}"));
    });
    sim.run(5).unwrap_or_else(|e| panic!("the check is off, yet: {e}"));
    let books = *sim.world().resource::<DaoBooks>();
    assert_eq!((books.ddt_minted_lock, books.ddt_redeemed), (wad("100"), Wad::ZERO));
    assert_eq!(sim.world().resource::<DaoTally>().crc_locked, wad("102"));
}
