//! The seed scenario checked against numbers derived by hand from its rules.

use grassroot_config::Params;
use grassroot_sim::amm::Wad;
use grassroot_sim::{AgentId, SeedScenario, SimError, Simulation, Value, Wallet};
use grassroot_testkit::wad;

fn seed(steps: u64) -> Simulation {
    let mut params = Params::seed_defaults();
    params.total_steps = steps;
    Simulation::builder(&params).with_plugin(SeedScenario::new(&params)).build().expect("the seed scenario builds")
}

fn metric(sim: &Simulation, name: &str) -> Value {
    sim.metrics().get(name).unwrap_or_else(|| panic!("no column {name}"))
}

fn members(sim: &Simulation) -> Vec<u64> {
    sim.roles().iter().map(|(_, r)| r.members).collect()
}

/// Shares 0.4/0.05/0.05/0.3/0.2. Each newcomer takes the role furthest below its quota
/// `n * share` (ties to the earlier role). For n = 1..10 that gives, worked out by hand:
/// degen (0.4), active (0.6-0 > 0.4 of casual), casual, degen, active, degen, casual,
/// organization (0.4, tied with power and active: earliest wins), active, degen.
#[test]
fn first_entry_joins_in_quota_order() {
    let mut sim = seed(1);
    sim.step().expect("step 0 runs");
    let mut world_roles: Vec<(u32, String)> = {
        let world = sim.world_mut();
        let mut q = world.query::<(&AgentId, &grassroot_sim::Role)>();
        let v: Vec<(u32, grassroot_sim::Role)> = q.iter(world).map(|(id, r)| (id.0, *r)).collect();
        v.into_iter().map(|(id, r)| (id, sim.roles().name(r).to_owned())).collect()
    };
    world_roles.sort();
    let names: Vec<&str> = world_roles.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "degen_user",
            "active_user",
            "casual_user",
            "degen_user",
            "active_user",
            "degen_user",
            "casual_user",
            "organization",
            "active_user",
            "degen_user"
        ]
    );
}

/// After entry k (10k members): 4k degens, 3k active, 2k casual, and the 0.5k each of
/// organizations and power users alternate, organizations first: ceil(k/2) and floor(k/2).
#[test]
fn counts_by_role_after_each_entry() {
    let mut sim = seed(400);
    for step in 0..400u64 {
        sim.step().expect("runs");
        let k = step / 5 + 1;
        assert_eq!(members(&sim), [4 * k, k.div_ceil(2), k / 2, 3 * k, 2 * k], "after step {step}");
    }
}

/// Step 0 by hand. Spend: 3 active users spend 1 dDT, 2 casual users 0.1 dDT: The Pie gets
/// 3.2. The organization wants 2 dDT but the pool is closed: 2 dDT unmet, 1 trade skipped;
/// the 2 casual users' sales are skipped too (3 skipped). Liquidity: the first degen opens the
/// pool 10/10 and mints sqrt(10e18 * 10e18) = 10e18 LP, 1000 base units locked; three more
/// add 10/10 at 1:1: pool 40/40, 40e18 LP. Pie: pays floor(3.2 * 0.7) = 2.24; active
/// group 0.4 * 2.24 = 0.896 / 3 members = 0.298666666666666666 each (floor), casual group
/// 0.448 / 2 = 0.224 each, power group has no members and keeps its 0.896 in The Pie. Paid
/// 3 * 0.298666666666666666 + 2 * 0.224 = 1.343999999999999998; The Pie keeps
/// 3.2 - 1.343999999999999998 = 1.856000000000000002. Active and casual users sell their
/// shares at once: the pool receives all 1.343999999999999998 dDT.
#[test]
fn step_zero_matches_hand_computation() {
    let mut sim = seed(1);
    sim.step().expect("step 0 runs");
    assert_eq!(metric(&sim, "pie_inflow"), Value::Wad(wad("3.2")));
    assert_eq!(metric(&sim, "pie_paid_out"), Value::Wad(wad("1.343999999999999998")));
    assert_eq!(sim.pie().balance(), wad("1.856000000000000002"));
    assert_eq!(metric(&sim, "unmet_demand_ddt"), Value::Wad(wad("2")));
    assert_eq!(metric(&sim, "trades_skipped"), Value::Int(3));
    assert_eq!(metric(&sim, "trades"), Value::Int(5));
    assert_eq!(sim.pool().reserve_ddt(), wad("41.343999999999999998"));
    assert_eq!(sim.pool().lp_supply(), wad("40"));
    assert_eq!(sim.pool().locked_lp(), Wad::from_raw(1000));
    // The degens hold every LP token but the locked 1000 base units.
    assert_eq!(metric(&sim, "lp_wallets"), Value::Wad(wad("40").saturating_sub(Wad::from_raw(1000))));
    // xDAI left the pool for the five sales; the pool's k grew (fees stay in the pool).
    assert!(sim.pool().reserve_xdai() < wad("40"));
    let k_before = 40u128 * 40;
    let k_after = sim.pool().reserve_ddt().to_f64() * sim.pool().reserve_xdai().to_f64();
    assert!(k_after >= k_before as f64);
}

/// The degens joining at step 0 dump their remaining 90 dDT at step 1 (not at step 0, when
/// their deposit comes first).
#[test]
fn degens_dump_the_step_after_joining() {
    let mut sim = seed(2);
    sim.step().expect("step 0");
    assert_eq!(metric(&sim, "avg_ddt_degen_user"), Value::Wad(wad("90")));
    sim.step().expect("step 1");
    assert_eq!(metric(&sim, "avg_ddt_degen_user"), Value::Wad(Wad::ZERO));
}

/// dDT minted = wallets + pool + Pie, xDAI endowed = wallets + pool, LP = wallets + locked:
/// recomputed here from the entities themselves, independently of the engine's own check.
#[test]
fn books_balance_after_every_step() {
    let mut sim = seed(300);
    for step in 0..300 {
        sim.step().expect("no fault");
        let (ddt, xdai, lp) = {
            let world = sim.world_mut();
            let mut q = world.query::<&Wallet>();
            q.iter(world)
                .fold((0u128, 0u128, 0u128), |(d, x, l), w| (d + w.ddt.raw(), x + w.xdai.raw(), l + w.lp.raw()))
        };
        let pool = sim.pool();
        assert_eq!(
            sim.supply().ddt_minted.raw(),
            ddt + pool.reserve_ddt().raw() + sim.pie().balance().raw(),
            "dDT at {step}"
        );
        assert_eq!(sim.supply().xdai_endowed.raw(), xdai + pool.reserve_xdai().raw(), "xDAI at {step}");
        assert_eq!(pool.lp_supply().raw(), lp + pool.locked_lp().raw(), "LP at {step}");
    }
    // 300 steps: entries at 0, 5, ..., 295 = 60 entries of 10.
    assert_eq!(sim.roles().total_members(), 600);
    // Every member's starting dDT was minted: 100 dDT for all but organizations (30 of them).
    assert_eq!(sim.supply().ddt_minted, Wad::from_tokens(570 * 100));
}

/// A wallet changed behind the economy's back breaks the books at the next step, and the
/// error names the step, the identity and the exact difference.
#[test]
fn broken_books_stop_the_run_with_the_difference() {
    let mut sim = seed(10);
    sim.run(3).expect("clean steps");
    {
        let world = sim.world_mut();
        let mut q = world.query::<&mut Wallet>();
        let mut w = q.iter_mut(world).next().expect("an agent");
        w.ddt = w.ddt.checked_add(Wad::from_raw(1)).expect("no overflow");
    }
    match sim.step() {
        Err(SimError::Books { step, quantity, issued, held }) => {
            assert_eq!(step, 3);
            assert!(quantity.starts_with("dDT"), "{quantity}");
            assert_eq!(held.raw() - issued.raw(), 1);
            let msg = SimError::Books { step, quantity, issued, held }.to_string();
            assert!(msg.contains("after step 3") && msg.contains("+0.000000000000000001"), "{msg}");
        }
        other => panic!("expected a books error, got {other:?}"),
    }
}

/// Same parameters and seed, same world; another seed, another world.
#[test]
fn same_seed_same_run_other_seed_other_run() {
    let run = |seed: u64| {
        let mut params = Params::seed_defaults();
        params.total_steps = 100;
        params.seed = seed;
        let mut sim = Simulation::builder(&params).with_plugin(SeedScenario::new(&params)).build().expect("builds");
        sim.run(100).expect("runs");
        (sim.pool().reserve_ddt(), sim.pool().reserve_xdai(), sim.pie().balance())
    };
    assert_eq!(run(42), run(42));
    assert_ne!(run(42), run(7));
}

/// One degen and one casual user (shares 0.5/0.5, 2 per entry), step 0 by hand.
/// Spend: the casual user spends 0.1 dDT; its sale of 0.9 is skipped (no pool yet).
/// Liquidity: the degen opens the pool with 10 dDT + 10 xDAI: LP = sqrt(10e18 * 10e18) =
/// 10e18, of which 1000 base units are locked. Pie: pays floor(0.1 * 0.7) = 0.07; the casual
/// group's 20% is 0.014 dDT for its one member (the other groups are empty and keep theirs:
/// The Pie ends with 0.1 - 0.014 = 0.086). The casual user sells 0.014 dDT:
/// out = floor(0.014e18 * 997 * 10e18 / (10e18 * 1000 + 0.014e18 * 997))
///     = 13938544579475967 base units of xDAI,
/// so the pool holds 10.014 dDT and 10e18 - 13938544579475967 = 9.986061455420524033 xDAI.
#[test]
fn first_swap_matches_uniswap_by_hand() {
    let mut params = Params::seed_defaults();
    params.total_steps = 1;
    params.agents_per_entry = 2;
    for a in &mut params.archetypes {
        a.share = match a.role.as_str() {
            "degen_user" | "casual_user" => wad("0.5"),
            _ => Wad::ZERO,
        };
    }
    let mut sim = Simulation::builder(&params).with_plugin(SeedScenario::new(&params)).build().expect("builds");
    sim.step().expect("step 0");
    assert_eq!(sim.pool().reserve_ddt(), wad("10.014"));
    assert_eq!(sim.pool().reserve_xdai(), Wad::from_raw(9_986_061_455_420_524_033));
    assert_eq!(sim.pool().lp_supply(), wad("10"));
    assert_eq!(sim.pie().balance(), wad("0.086"));
    assert_eq!(metric(&sim, "trades_skipped"), Value::Int(1));
    assert_eq!(metric(&sim, "fees_ddt"), Value::Wad(wad("0.000042"))); // floor(0.014 * 0.003)
    assert_eq!(metric(&sim, "avg_xdai_casual_user"), Value::Wad(Wad::from_raw(13_938_544_579_475_967)));
}

#[test]
fn standard_columns_hold_the_kinds_they_declare() {
    let mut params = Params::seed_defaults();
    params.total_steps = 30;
    let mut sim = Simulation::builder(&params).with_plugin(SeedScenario::new(&params)).build().expect("builds");
    let kinds = sim.metrics().kinds().to_vec();
    for _ in 0..30 {
        sim.step().expect("the books balance");
        for ((name, value), kind) in sim.metrics().names().iter().zip(sim.metrics().values()).zip(&kinds) {
            assert_eq!(value.kind(), Some(*kind), "column {name}");
        }
    }
}
