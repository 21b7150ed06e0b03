//! The rules where the original simulation chose differently (`TURN_ORDER`, `FEE_MODEL`,
//! `ENTRY_RULE`, `EMPTY_POOL_PRICE`, and per role `DEPOSIT`, `BUY`, `PARTIAL`, `FOUNDERS`,
//! `FEE_REINVEST`): each does what it says, each at its default changes nothing, and
//! `--scenario original` with every difference switched to grassroot's value computes what the
//! seed scenario computes.

use grassroot::App;
use grassroot::amm::Wad;
use grassroot::config::{Origin, Settings};
use grassroot::original::{DIFFERENCES, flows};
use grassroot::sim::{Simulation, Tx};

/// A simulation of `app` with its defaults and `changes` (the transaction log on).
fn build(app: &App, changes: &[(&str, &str)]) -> Simulation {
    let set = |k: &str, v: &str| (k.to_owned(), v.to_owned(), Origin::Flag { flag: "--set".to_owned() });
    let mut values = vec![set("TX_LOG", "on"), set("PLOT", "off")];
    values.extend(changes.iter().map(|(k, v)| set(k, v)));
    let settings =
        Settings::defaults(app.schema()).and_then(|s| s.with_values(values)).unwrap_or_else(|e| panic!("{e}"));
    app.build(&settings).unwrap_or_else(|e| panic!("{e}"))
}

/// Every step's transactions and the values of the first `columns` metric columns.
fn trace(mut sim: Simulation, steps: u64, columns: usize) -> (Vec<Vec<Tx>>, Vec<Vec<String>>) {
    let (mut txs, mut rows) = (Vec::new(), Vec::new());
    for _ in 0..steps {
        sim.step().unwrap_or_else(|e| panic!("{e}"));
        txs.push(sim.transactions().to_vec());
        rows.push(sim.metrics().values().iter().take(columns).map(|v| format!("{v:?}")).collect());
    }
    (txs, rows)
}

fn columns(app: &App) -> usize {
    build(app, &[]).metrics().names().len()
}

#[test]
fn every_new_key_set_to_its_default_changes_nothing() {
    let app = App::seed();
    let n = columns(&app);
    let plain = trace(build(&app, &[("TOTAL_STEPS", "120")]), 120, n);
    for (key, value) in [
        ("TURN_ORDER", "phases"),
        ("FEE_MODEL", "reserves"),
        ("ENTRY_RULE", "quota"),
        ("EMPTY_POOL_PRICE", "0"),
        ("DEGEN_USER_DEPOSIT", "pair"),
        ("ORGANIZATION_BUY", "exact_out"),
        ("CASUAL_USER_PARTIAL", "on"),
        ("POWER_USER_FOUNDERS", "0"),
        ("DEGEN_USER_FEE_REINVEST", "0"),
    ] {
        let set = trace(build(&app, &[("TOTAL_STEPS", "120"), (key, value)]), 120, n);
        assert!(set == plain, "{key}={value} (its default) changed the run");
    }
}

#[test]
fn the_original_with_every_difference_switched_computes_the_seed_scenario() {
    let seed = App::seed();
    let n = columns(&seed);
    let mut changes: Vec<(&str, &str)> = DIFFERENCES.iter().flat_map(|d| d.grassroot.iter().copied()).collect();
    changes.push(("TOTAL_STEPS", "300"));
    let walked = trace(build(&App::original(), &changes), 300, n);
    let plain = trace(build(&seed, &[("TOTAL_STEPS", "300")]), 300, n);
    assert!(walked.1 == plain.1, "the standard columns differ");
    assert!(walked.0 == plain.0, "the transactions differ");
    assert!(plain.0.iter().map(Vec::len).sum::<usize>() > 100_000, "a run that trades");
}

/// The xDAI of each `action` transaction of `role` at `step`.
fn xdai_of(txs: &[Vec<Tx>], step: usize, role: u16, action: &str) -> Vec<Wad> {
    txs[step].iter().filter(|t| t.role.0 == role && t.action.name() == action).map(|t| t.xdai.amount).collect()
}

#[test]
fn a_pair_deposit_sends_both_amounts_whole_and_the_router_the_ratios() {
    // Degens (role 0) joining at step 5 deposit into a pool whose price is far from 1.
    let ten = Wad::from_tokens(10);
    let (pair, _) = trace(build(&App::seed(), &[("TOTAL_STEPS", "6")]), 6, 0);
    let deposits = xdai_of(&pair, 5, 0, "add_liquidity");
    assert_eq!(deposits.len(), 4);
    assert!(deposits.iter().all(|x| *x == ten), "{deposits:?}");
    let (router, _) = trace(build(&App::seed(), &[("TOTAL_STEPS", "6"), ("DEGEN_USER_DEPOSIT", "router")]), 6, 0);
    let deposits = xdai_of(&router, 5, 0, "add_liquidity");
    assert_eq!(deposits.len(), 4);
    assert!(deposits.iter().all(|x| *x < ten), "router deposits take the pool's ratio: {deposits:?}");
}

#[test]
fn organizations_buy_exactly_their_demand_or_its_worth_at_the_spot_price() {
    // Organizations are role 1; their demand is 2 dDT a step.
    let two = Wad::from_tokens(2);
    let (exact, _) = trace(build(&App::seed(), &[("TOTAL_STEPS", "30")]), 30, 0);
    let bought: Vec<Wad> =
        exact.iter().flatten().filter(|t| t.role.0 == 1 && t.action.name() == "buy").map(|t| t.ddt.amount).collect();
    assert!(!bought.is_empty() && bought.iter().all(|d| *d == two), "exact_out buys exactly 2 dDT");
    let (priced, _) = trace(build(&App::seed(), &[("TOTAL_STEPS", "30"), ("ORGANIZATION_BUY", "price_in")]), 30, 0);
    let mut checked = 0;
    for step in &priced {
        for pair in step.windows(2) {
            let (before, buy) = (&pair[0], &pair[1]);
            if buy.role.0 == 1 && buy.action.name() == "buy" {
                // 2 x the spot price before the buy, in xDAI, for less than 2 dDT.
                let paid = buy.xdai.amount.to_f64();
                assert!((paid - 2.0 * before.price_after).abs() <= 1e-12 * paid, "{paid} vs {}", before.price_after);
                assert!(buy.ddt.amount < two);
                checked += 1;
            }
        }
    }
    assert!(checked > 10, "{checked} price_in buys checked");
}

#[test]
fn without_partial_amounts_a_member_holding_less_does_nothing() {
    // One entry: casual users (role 4) start with 100 dDT, spend 0.3 and sell 0.9 a step:
    // after 83 steps they hold 0.4; step 84 spends 0.3 and then sells the 0.1 left (PARTIAL=on)
    // or keeps it (PARTIAL=off), and nothing more happens.
    let base = [("ENTRY_STEPS", "1000"), ("TOTAL_STEPS", "90"), ("CASUAL_USER_SPEND_PER_STEP", "0.3")];
    let held = |partial: &str| {
        let mut changes = base.to_vec();
        changes.push(("CASUAL_USER_PARTIAL", partial));
        let mut sim = build(&App::seed(), &changes);
        sim.run(90).unwrap_or_else(|e| panic!("{e}"));
        sim.metrics().get("avg_ddt_casual_user").map(|v| v.to_f64())
    };
    assert_eq!(held("on"), Some(0.0));
    assert_eq!(held("off"), Some(0.1));
}

#[test]
fn turns_in_join_order_draw_nothing_and_follow_the_agent_ids() {
    let agents = |seed: &str| {
        trace(build(&App::seed(), &[("TOTAL_STEPS", "40"), ("TURN_ORDER", "agents"), ("SEED", seed)]), 40, 0).0
    };
    let (a, b) = (agents("1"), agents("2"));
    assert!(a == b, "no random draw: two seeds give the same run");
    for step in &a {
        // After the newcomers' endowments and before The Pie's payouts, every action of an
        // agent comes after the previous agent's.
        let turns: Vec<u32> = step
            .iter()
            .filter(|t| !["mint", "endow"].contains(&t.action.name()))
            .take_while(|t| t.action.name() != "pie_share")
            .map(|t| t.agent.0)
            .collect();
        assert!(!turns.is_empty());
        assert!(turns.windows(2).all(|w| w[0] <= w[1]), "not in join order: {turns:?}");
    }
    let phases = |seed: &str| trace(build(&App::seed(), &[("TOTAL_STEPS", "40"), ("SEED", seed)]), 40, 0).0;
    assert!(phases("1") != phases("2"), "by phases the turns are shuffled by the seed");
}

#[test]
fn the_fee_account_holds_every_fee_not_yet_collected() {
    let mut sim = build(&App::seed(), &[("FEE_MODEL", "account"), ("TOTAL_STEPS", "200")]);
    let (mut fees, mut collected) = (0u128, 0u128);
    for _ in 0..200 {
        sim.step().unwrap_or_else(|e| panic!("{e}"));
        fees += sim.market().stats().fees_xdai.raw();
        assert!(sim.market().stats().fees_ddt.is_zero(), "every fee is xDAI");
        collected += sim
            .transactions()
            .iter()
            .filter(|t| t.action.name() == "collect_fees")
            .map(|t| t.xdai.amount.raw())
            .sum::<u128>();
    }
    assert!(fees > 0 && collected > 0);
    assert_eq!(fees - collected, sim.pool().fee_account().raw());
}

#[test]
fn the_rounded_entry_rule_grows_each_role_to_its_rounded_target() {
    // Founders 4/1/1/3/2 (11), then the entry of step 0: round(21 x share), ties to even:
    // 8.4 -> 8, 1.05 -> 1, 1.05 -> 1, 6.3 -> 6, 4.2 -> 4.
    let founders = [
        ("ENTRY_RULE", "rounded"),
        ("DEGEN_USER_FOUNDERS", "4"),
        ("ORGANIZATION_FOUNDERS", "1"),
        ("POWER_USER_FOUNDERS", "1"),
        ("ACTIVE_USER_FOUNDERS", "3"),
        ("CASUAL_USER_FOUNDERS", "2"),
    ];
    let mut sim = build(&App::seed(), &founders);
    sim.step().unwrap_or_else(|e| panic!("{e}"));
    let counts: Vec<u64> = sim.roles().iter().map(|(_, info)| info.members).collect();
    assert_eq!(counts, [8, 1, 1, 6, 4]);
}

#[test]
fn an_empty_pool_reports_its_configured_price() {
    let closed = [("DEGEN_USER_SEED_LIQUIDITY_DDT", "0"), ("TOTAL_STEPS", "3")];
    let price = |extra: &[(&str, &str)]| {
        let mut changes = closed.to_vec();
        changes.extend_from_slice(extra);
        let mut sim = build(&App::seed(), &changes);
        sim.step().unwrap_or_else(|e| panic!("{e}"));
        assert!(!sim.pool().is_open());
        sim.metrics().get("price").map(|v| v.to_f64())
    };
    assert_eq!(price(&[]), Some(0.0));
    assert_eq!(price(&[("EMPTY_POOL_PRICE", "1")]), Some(1.0));
}

#[test]
fn the_originals_defects_are_counted_flows_and_its_books_balance() {
    let mut sim = build(&App::original(), &[("TOTAL_STEPS", "600")]);
    sim.run(600).unwrap_or_else(|e| panic!("{e}"));
    let s = sim.supply();
    for (name, flow) in [
        ("reinvest", flows::CREATED_BY_REINVEST),
        ("overspend", flows::CREATED_BY_OVERSPEND),
        ("unpaid", flows::PIE_UNPAID),
        ("forfeited", flows::FEES_FORFEITED),
    ] {
        assert!(s.flow(flow) > Wad::ZERO, "{name} never happened");
        let column = sim.metrics().names().iter().position(|c| c.contains(name));
        assert!(column.is_some(), "no column for {name}");
    }
    // By hand: minted + created - unpaid = wallets + pool + The Pie (nothing is burned).
    let h = sim.holdings().total;
    let issued =
        s.ddt_minted.raw() + s.flow(flows::CREATED_BY_REINVEST).raw() + s.flow(flows::CREATED_BY_OVERSPEND).raw()
            - s.flow(flows::PIE_UNPAID).raw();
    assert_eq!(issued, h.ddt.raw() + sim.pool().reserve_ddt().raw() + sim.pie().balance().raw());
    let xdai = s.xdai_endowed.raw() - s.flow(flows::FEES_FORFEITED).raw();
    assert_eq!(xdai, h.xdai.raw() + sim.pool().reserve_xdai().raw() + sim.pool().fee_account().raw());
    // The Pie paid nobody: its payouts column stays 0 while 70% leave it every step.
    assert_eq!(sim.pie().paid_out(), Wad::ZERO);
}
