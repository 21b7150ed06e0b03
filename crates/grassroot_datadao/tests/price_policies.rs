//! The price-driven policies on a small world: the lock policy `above_price` (locks only while
//! the pool is open and the price is strictly above `LOCK_ABOVE_PRICE`) and the redeem policy
//! `<ROLE>_REDEEM_BELOW_PRICE` (once the price is at or below it, burns dDT and unlocks CRC
//! 1:1, as far as the dDT held allows, and locks no more).
//!
//! The world: a degen (agent 0) and a casual user (agent 1) join at step 0, nobody after. Both
//! contribute 200 KB at quality exactly 0.5 (weight 100, cap 100 CRC), bring no CRC, receive
//! 24 CRC a step and never contribute or withdraw again; nobody spends or sells unless a test
//! says so. At step 0 each holds 24 CRC and locks it all on joining (whatever its policy):
//! 24 dDT each. The degen (lock policy `all`) then opens the pool in step 0's liquidity phase
//! with 10 of its dDT and its 10 xDAI: reserves 10 / 10, price exactly 1 xDAI per dDT, which
//! stays so while nobody trades. Daily demurrage factor F = 0.999801332008598957.

mod common;

use common::{build, datadao, members, one_role, role_mut, wad};
use grassroot_amm::Wad;
use grassroot_config::Params;
use grassroot_datadao::{Circles, DaoBooks, LockPolicy};
use grassroot_sim::{Simulation, Wallet};

const DEGEN: &str = "degen_user";
const CASUAL: &str = "casual_user";

/// How the world varies between tests.
#[derive(Clone, Copy)]
struct World {
    /// The casual user's lock policy.
    lock: LockPolicy,
    /// The casual user's `REDEEM_BELOW_PRICE`.
    redeem_below: Option<&'static str>,
    /// The degen opens the pool at step 0.
    pool: bool,
    /// The degen dumps every dDT it holds from step 1 on.
    dumps: bool,
    /// The casual user spends this many dDT on compute each step.
    spends: &'static str,
}

impl World {
    fn new(lock: LockPolicy) -> World {
        World { lock, redeem_below: None, pool: true, dumps: false, spends: "0" }
    }

    fn build(self) -> Simulation {
        let mut p: Params = one_role(DEGEN, 2);
        for a in &mut p.archetypes {
            match a.role.as_str() {
                DEGEN => {
                    a.share = wad("0.5");
                    a.dumps_ddt = self.dumps;
                    if self.pool {
                        (a.seed_liquidity_ddt, a.seed_liquidity_xdai) = (wad("10"), wad("10"));
                    }
                }
                CASUAL => {
                    a.share = wad("0.5");
                    a.spend_per_step = wad(self.spends);
                }
                _ => {}
            }
        }
        let mut d = datadao(CASUAL, "200", "0.5", self.lock, "0");
        let casual = role_mut(&mut d, CASUAL);
        casual.redeem_below_price = self.redeem_below.map(wad);
        // It permits no use case, so The Pie (fed only by its own spending) pays it nothing.
        casual.permit_chances.iter_mut().for_each(|c| *c = Wad::ZERO);
        let degen = role_mut(&mut d, DEGEN);
        degen.data_member = true;
        degen.first_contribution = wad("200");
        (degen.quality_min, degen.quality_max) = (wad("0.5"), wad("0.5"));
        (degen.contribution_chance, degen.withdraw_chance) = (Wad::ZERO, Wad::ZERO);
        degen.lock = LockPolicy::All;
        degen.redeem_below_price = None;
        build(&p, d)
    }
}

/// The casual user's wallet and Circles.
fn casual(sim: &mut Simulation) -> (Wallet, Circles) {
    let m = members(sim.world_mut());
    assert_eq!(m.len(), 2, "a degen and a casual user");
    (m[1].1, m[1].2)
}

/// Runs `steps` steps and returns the casual user's CRC locked after each.
fn locked_after_each_step(sim: &mut Simulation, steps: usize) -> Vec<Wad> {
    (0..steps)
        .map(|_| {
            sim.step().unwrap_or_else(|e| panic!("{e}"));
            casual(sim).1.locked
        })
        .collect()
}

/// Threshold 0.999999999999999999, one base unit below the price of 1: after locking 24 on
/// joining it locks its whole 24 CRC of every step, 24 + 24 + 24 + 24 = 96 after step 3 (still
/// under its cap of 100), holding 96 dDT and no CRC. The degen (policy `all`) locked 96 too:
/// 192 dDT minted in all.
#[test]
fn above_price_locks_each_step_while_the_price_is_above_the_threshold() {
    let mut sim = World::new(LockPolicy::AbovePrice(wad("0.999999999999999999"))).build();
    assert_eq!(locked_after_each_step(&mut sim, 4), ["24", "48", "72", "96"].map(wad));
    assert_eq!(sim.pool().reserve_ddt(), wad("10"));
    assert_eq!(sim.pool().reserve_xdai(), wad("10"));
    let (wallet, circles) = casual(&mut sim);
    assert_eq!((wallet.ddt, circles.held), (wad("96"), Wad::ZERO));
    assert_eq!(sim.supply().ddt_minted, wad("192"));
}

/// Threshold 1 = the price: "above" is strict, so after joining it never locks. Its CRC piles
/// up, decaying daily: after step 1, 0 + 24 = 24; after step 2,
/// floor(24 x F) + 24 = 23.995231968206374968 + 24 = 47.995231968206374968; after step 3,
/// floor(47.995231968206374968 x F) + 24 = 47.985696851874424279 + 24 = 71.985696851874424279.
#[test]
fn above_price_does_not_lock_at_the_threshold_price() {
    let mut sim = World::new(LockPolicy::AbovePrice(wad("1"))).build();
    assert_eq!(locked_after_each_step(&mut sim, 4), ["24", "24", "24", "24"].map(wad));
    let (wallet, circles) = casual(&mut sim);
    assert_eq!((wallet.ddt, circles.held), (wad("24"), wad("71.985696851874424279")));
}

/// No pool (the degen seeds no liquidity): there is no price, so even a threshold of 0 does
/// not let it lock after joining; its CRC piles up as in the previous test.
#[test]
fn above_price_does_not_lock_while_the_pool_is_closed() {
    let mut world = World::new(LockPolicy::AbovePrice(Wad::ZERO));
    world.pool = false;
    let mut sim = world.build();
    assert_eq!(locked_after_each_step(&mut sim, 4), ["24", "24", "24", "24"].map(wad));
    assert!(!sim.pool().is_open());
    assert_eq!(casual(&mut sim).1.held, wad("71.985696851874424279"));
}

/// Threshold 0.5 and a degen that dumps. Step 1's entry sees the price 1 > 0.5: the casual
/// user locks 24 (48). In step 1's trade phase the degen dumps its 14 + 24 = 38 dDT into the
/// 10 / 10 pool: out = floor(38e18 x 997000 x 10e18 / (10e18 x 1e6 + 38e18 x 997000))
/// = 7.911706970722131729 xDAI, leaving 48 dDT / 2.088293029277868271 xDAI, a price of
/// 0.0435... <= 0.5. From step 2 on the casual user locks no more (the degen keeps dumping, so
/// the price only falls).
#[test]
fn above_price_stops_locking_once_the_price_falls_to_the_threshold() {
    let mut world = World::new(LockPolicy::AbovePrice(wad("0.5")));
    world.dumps = true;
    let mut sim = world.build();
    assert_eq!(locked_after_each_step(&mut sim, 2), ["24", "48"].map(wad));
    assert_eq!((sim.pool().reserve_ddt(), sim.pool().reserve_xdai()), (wad("48"), wad("2.088293029277868271")));
    assert!(sim.pool().price_at_most(wad("0.5")));
    assert_eq!(locked_after_each_step(&mut sim, 2), ["48", "48"].map(wad));
    assert_eq!(casual(&mut sim).0.ddt, wad("48"));
}

/// Redeeming at the threshold: REDEEM_BELOW_PRICE = 1 = the price. Step 1: it would redeem, so
/// it does not lock; it burns its 24 dDT and unlocks 24 CRC: held 24 (issued) + 24 = 48, locked
/// 0. Step 2: held floor(48 x F) + 24 = 47.990463936412749936 + 24 = 71.990463936412749936,
/// still nothing locked. 24 dDT burned in all, logged as one `redeem` of agent 1.
#[test]
fn redeem_burns_ddt_and_unlocks_crc_one_to_one_at_the_threshold_price() {
    let mut world = World::new(LockPolicy::All);
    world.redeem_below = Some("1");
    let mut sim = world.build();
    sim.run(2).unwrap_or_else(|e| panic!("{e}"));
    let redeems: Vec<(u32, Wad)> =
        sim.transactions().iter().filter(|t| t.action.name() == "redeem").map(|t| (t.agent.0, t.ddt.amount)).collect();
    assert_eq!(redeems, [(1, wad("24"))], "step 1's redeem");
    let (wallet, circles) = casual(&mut sim);
    assert_eq!((wallet.ddt, circles.held, circles.locked), (Wad::ZERO, wad("48"), Wad::ZERO));
    sim.step().unwrap_or_else(|e| panic!("{e}"));
    let (wallet, circles) = casual(&mut sim);
    assert_eq!((wallet.ddt, circles.held, circles.locked), (Wad::ZERO, wad("71.990463936412749936"), Wad::ZERO));
    assert_eq!(sim.supply().ddt_burned, wad("24"));
    assert_eq!(sim.world().resource::<DaoBooks>().ddt_redeemed, wad("24"));
}

/// REDEEM_BELOW_PRICE = 0.999999999999999999, one base unit below the price: it never redeems
/// and, with lock policy `all`, keeps locking 24 a step.
#[test]
fn redeem_waits_while_the_price_is_above_the_threshold() {
    let mut world = World::new(LockPolicy::All);
    world.redeem_below = Some("0.999999999999999999");
    let mut sim = world.build();
    assert_eq!(locked_after_each_step(&mut sim, 3), ["24", "48", "72"].map(wad));
    assert_eq!(sim.supply().ddt_burned, Wad::ZERO);
}

/// REDEEM_BELOW_PRICE = 0.1 and the degen's dump of step 1 (see
/// `above_price_stops_locking_once_the_price_falls_to_the_threshold`): step 1 locks 24 at price
/// 1 (48 locked, 48 dDT); the dump leaves the price at 0.0435... <= 0.1; step 2 burns all 48 dDT
/// and unlocks 48 CRC: held 24 + 48 = 72; step 3: held floor(72 x F) + 24 =
/// 71.985695904619124904 + 24 = 95.985695904619124904, nothing locked.
#[test]
fn redeem_starts_once_the_price_falls_to_the_threshold() {
    let mut world = World::new(LockPolicy::All);
    world.redeem_below = Some("0.1");
    world.dumps = true;
    let mut sim = world.build();
    assert_eq!(locked_after_each_step(&mut sim, 2), ["24", "48"].map(wad));
    assert_eq!(sim.supply().ddt_burned, Wad::ZERO);
    assert_eq!(locked_after_each_step(&mut sim, 1), [Wad::ZERO]);
    let (wallet, circles) = casual(&mut sim);
    assert_eq!((wallet.ddt, circles.held), (Wad::ZERO, wad("72")));
    assert_eq!(locked_after_each_step(&mut sim, 1), [Wad::ZERO]);
    assert_eq!(casual(&mut sim).1.held, wad("95.985695904619124904"));
    assert_eq!(sim.supply().ddt_burned, wad("48"));
}

/// Redeeming only as far as the dDT held allows: REDEEM_BELOW_PRICE = 1 and the casual user
/// spends 10 dDT on compute at step 0 (after locking 24), keeping 14. Step 1 redeems
/// min(24 locked, 14 held) = 14: locked 10, held 24 + 14 = 38, no dDT (so it spends nothing).
/// Step 2 has no dDT to burn: locked stays 10, held floor(38 x F) + 24 = 37.992450616326760366
/// + 24 = 61.992450616326760366.
#[test]
fn redeem_is_limited_to_the_ddt_held() {
    let mut world = World::new(LockPolicy::All);
    world.redeem_below = Some("1");
    world.spends = "10";
    let mut sim = world.build();
    assert_eq!(locked_after_each_step(&mut sim, 3), ["24", "10", "10"].map(wad));
    let (wallet, circles) = casual(&mut sim);
    assert_eq!((wallet.ddt, circles.held), (Wad::ZERO, wad("61.992450616326760366")));
    assert_eq!(sim.supply().ddt_burned, wad("14"));
    assert_eq!(sim.pie().balance(), wad("10"));
}
