//! Property: over random parameter sets and seeds (short runs), the engine never panics, the
//! books always balance, an open pool never reaches a zero reserve, and entry keeps every
//! role within one member of its quota.

use grassroot_config::{Params, PieUse};
use grassroot_sim::amm::Wad;
use grassroot_sim::{SeedScenario, Simulation};
use proptest::prelude::*;

/// An amount between 0 and 1000 tokens with up to 18 decimals.
fn amount() -> impl Strategy<Value = Wad> {
    (0u128..=1_000 * grassroot_sim::amm::SCALE).prop_map(Wad::from_raw)
}

/// Five fractions (Wad-scaled) that sum to exactly 1.
fn shares() -> impl Strategy<Value = [Wad; 5]> {
    prop::array::uniform4(0u128..=1_000_000).prop_map(|cuts| {
        let mut c = cuts.to_vec();
        c.sort_unstable();
        let scale = grassroot_sim::amm::SCALE / 1_000_000;
        let bounds = [0, c[0], c[1], c[2], c[3], 1_000_000];
        let mut out = [Wad::ZERO; 5];
        for i in 0..5 {
            out[i] = Wad::from_raw((bounds[i + 1] - bounds[i]) * scale);
        }
        out
    })
}

prop_compose! {
    fn params()(
        steps in 1u64..40,
        entry_steps in 1u64..6,
        agents in 0u64..16,
        fee_ppm in prop_oneof![Just(0u32), Just(3000u32), 0u32..999_999],
        payout in 0u128..=grassroot_sim::amm::SCALE,
        seed in any::<u64>(),
        shares in shares(),
        amounts in prop::collection::vec(amount(), 5 * 6),
        flags in prop::collection::vec(any::<bool>(), 5 * 3),
        max_price in prop::option::of(amount()),
    ) -> Params {
        let mut p = Params::seed_defaults();
        p.total_steps = steps;
        p.entry_steps = entry_steps;
        p.agents_per_entry = agents;
        p.fee_ppm = fee_ppm;
        p.pie_payout_rate = Wad::from_raw(payout);
        p.seed = seed;
        p.tx_log = seed % 2 == 0;
        for (i, a) in p.archetypes.iter_mut().enumerate() {
            let m = &amounts[i * 6..i * 6 + 6];
            a.share = shares[i];
            a.initial_ddt = m[0];
            a.initial_xdai = m[1];
            a.spend_per_step = m[2];
            a.sell_per_step = m[3];
            a.seed_liquidity_ddt = m[4];
            a.seed_liquidity_xdai = m[5];
            a.buys_shortfall = flags[i * 3];
            a.dumps_ddt = flags[i * 3 + 1];
            a.pie_use = if flags[i * 3 + 2] { PieUse::Sell } else { PieUse::Keep };
            a.max_buy_price = max_price;
        }
        p
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_books_balance_reserves_stay_positive(p in params()) {
        let mut sim = Simulation::builder(&p).with_plugin(SeedScenario::new(&p)).build().expect("builds");
        let mut opened = false;
        for _ in 0..p.total_steps {
            // The engine's own books check is on: an imbalance is an Err here.
            prop_assert!(sim.step().is_ok());
            let pool = sim.pool();
            if opened {
                prop_assert!(pool.reserve_ddt() > Wad::ZERO && pool.reserve_xdai() > Wad::ZERO);
            }
            opened |= pool.is_open();
            // Entry keeps every role within one member of its quota n * share.
            let n = i128::from(sim.roles().total_members());
            for (_, role) in sim.roles().iter() {
                let quota = n * role.share.raw() as i128;
                let held = role.members as i128 * grassroot_sim::amm::SCALE as i128;
                prop_assert!((held - quota).abs() < grassroot_sim::amm::SCALE as i128, "{} off quota", role.name);
            }
        }
    }
}
