//! Edge scenarios that must run to the end without a panic and with balanced books.

use grassroot_config::{Params, PieUse};
use grassroot_sim::amm::Wad;
use grassroot_sim::{SeedScenario, SimError, Simulation, Value, Wallet};

fn params(steps: u64) -> Params {
    let mut p = Params::seed_defaults();
    p.total_steps = steps;
    p
}

fn role<'a>(p: &'a mut Params, name: &str) -> &'a mut grassroot_config::ArchetypeParams {
    p.archetypes.iter_mut().find(|a| a.role == name).unwrap_or_else(|| panic!("no role {name}"))
}

/// Runs `p` to its end (the engine's own books check is on) and checks the books once more
/// from the entities.
fn run(p: &Params) -> Simulation {
    let mut sim = Simulation::builder(p).with_plugin(SeedScenario::new(p)).build().expect("builds");
    sim.run(p.total_steps).expect("runs to the end with balanced books");
    assert_books(&mut sim);
    sim
}

fn assert_books(sim: &mut Simulation) {
    let (ddt, xdai) = {
        let world = sim.world_mut();
        let mut q = world.query::<&Wallet>();
        q.iter(world).fold((0u128, 0u128), |(d, x), w| (d + w.ddt.raw(), x + w.xdai.raw()))
    };
    assert_eq!(sim.supply().ddt_minted.raw(), ddt + sim.pool().reserve_ddt().raw() + sim.pie().balance().raw());
    assert_eq!(sim.supply().xdai_endowed.raw(), xdai + sim.pool().reserve_xdai().raw());
}

fn int(sim: &Simulation, column: &str) -> u64 {
    match sim.metrics().get(column) {
        Some(Value::Int(n)) => n,
        other => panic!("{column}: {other:?}"),
    }
}

#[test]
fn no_degens_the_pool_never_opens_and_trades_are_skipped() {
    let mut p = params(100);
    role(&mut p, "degen_user").share = Wad::ZERO;
    role(&mut p, "active_user").share = Wad::parse("0.7").expect("amount");
    let sim = run(&p);
    assert!(!sim.pool().is_open());
    assert_eq!(sim.pool().lp_supply(), Wad::ZERO);
    // Organizations and casual users still try, every step.
    assert!(int(&sim, "trades_skipped") > 0);
    assert_eq!(int(&sim, "trades"), 0);
}

#[test]
fn organizations_running_out_of_xdai_count_unmet_demand() {
    let mut p = params(300);
    role(&mut p, "organization").initial_xdai = Wad::parse("0.000001").expect("amount");
    let sim = run(&p);
    assert!(sim.compute().unmet > Wad::ZERO, "organizations cannot pay");
}

#[test]
fn price_above_the_power_users_limit_stops_their_buying() {
    let mut p = params(200);
    // Power users buy only while the price is at most 0.000000000000000001 xDAI per dDT.
    role(&mut p, "power_user").max_buy_price = Some(Wad::from_raw(1));
    role(&mut p, "power_user").initial_ddt = Wad::ZERO;
    role(&mut p, "power_user").pie_share = Wad::ZERO;
    role(&mut p, "organization").share = Wad::ZERO;
    role(&mut p, "active_user").share = Wad::parse("0.35").expect("amount");
    let sim = run(&p);
    let bought_by_power = sim
        .transactions()
        .iter()
        .any(|t| sim.roles().name(t.role) == "power_user" && t.action == grassroot_sim::Action::BUY);
    assert!(!bought_by_power);
    // Every power user wants 2 dDT a step and gets none: 2 x members of unmet demand.
    let power = sim.roles().iter().find(|(_, r)| r.name == "power_user").map(|(_, r)| r.members).unwrap_or(0);
    assert_eq!(sim.compute().unmet, Wad::from_tokens(2 * power));
}

#[test]
fn nobody_joins_when_agents_per_entry_is_zero() {
    let mut p = params(50);
    p.agents_per_entry = 0;
    let sim = run(&p);
    assert_eq!(sim.roles().total_members(), 0);
    assert_eq!(sim.supply().ddt_minted, Wad::ZERO);
}

#[test]
fn one_step_runs() {
    let sim = run(&params(1));
    assert_eq!(sim.next_step(), 1);
    assert_eq!(sim.roles().total_members(), 10);
}

#[test]
fn a_hundred_thousand_steps_with_a_tiny_population() {
    let mut p = params(100_000);
    p.entry_steps = 20_000;
    p.agents_per_entry = 2;
    p.tx_log = false;
    let sim = run(&p);
    assert_eq!(sim.roles().total_members(), 10);
    assert_eq!(sim.next_step(), 100_000);
}

#[test]
fn amounts_near_the_top_of_u128_run_or_are_refused_up_front() {
    // 10^19 tokens = 10^37 base units each; ten members hold 10^38 of the 3.4 x 10^38 possible.
    let huge = Wad::from_tokens(10_000_000_000_000_000_000);
    let mut p = params(30);
    p.agents_per_entry = 10;
    p.entry_steps = 1000;
    for a in &mut p.archetypes {
        a.initial_ddt = huge;
        a.initial_xdai = huge;
        a.seed_liquidity_ddt = a.seed_liquidity_ddt.min(huge);
    }
    role(&mut p, "degen_user").seed_liquidity_ddt = huge;
    role(&mut p, "degen_user").seed_liquidity_xdai = huge;
    let sim = run(&p);
    assert!(sim.pool().is_open());

    // Four times as many members would overflow the supply (40 x 10^37 > 3.4 x 10^38): the
    // run is refused when it is built, naming a role's amount, before any step.
    let mut p2 = p.clone();
    p2.agents_per_entry = 40;
    match Simulation::builder(&p2).with_plugin(SeedScenario::new(&p2)).build() {
        Err(SimError::Setup(message)) => {
            assert!(message.contains("overflows 2^128 - 1") && message.contains("_INITIAL_DDT"), "{message}")
        }
        other => panic!("expected a setup error, got {:?}", other.map(|_| "a simulation")),
    }
}

#[test]
fn a_zero_fee_pool_runs_and_earns_nothing() {
    let mut p = params(200);
    p.fee_ppm = 0;
    let sim = run(&p);
    assert_eq!(sim.metrics().get("fees_ddt"), Some(Value::Wad(Wad::ZERO)));
    assert_eq!(sim.metrics().get("fees_xdai"), Some(Value::Wad(Wad::ZERO)));
}

#[test]
fn everyone_keeping_their_pie_share_leaves_the_market_alone() {
    let mut p = params(100);
    for a in &mut p.archetypes {
        a.pie_use = PieUse::Keep;
    }
    run(&p);
}
