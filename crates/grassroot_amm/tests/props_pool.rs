//! Property tests of `Pool` over the whole `u128` range: no panics, exact conservation, `k` never
//! falls through a swap, reserves never reach zero, failures change nothing, and liquidity
//! round trips never pay out more than was put in.

use grassroot_amm::{AmmError, MINIMUM_LIQUIDITY, Order, Pool, SCALE, Side, U256, Wad};
use proptest::prelude::*;

/// Any `u128`, spread over all magnitudes: a random bit width, then a random value below it.
fn amount() -> impl Strategy<Value = u128> {
    (0u32..=128, any::<u128>()).prop_map(|(bits, v)| if bits == 128 { v } else { v & ((1u128 << bits) - 1) })
}

fn wad() -> impl Strategy<Value = Wad> {
    amount().prop_map(Wad::from_raw)
}

fn side() -> impl Strategy<Value = Side> {
    prop_oneof![Just(Side::SellDdt), Just(Side::BuyDdt)]
}

fn fee() -> impl Strategy<Value = u32> {
    prop_oneof![Just(3000u32), 0u32..=999_999]
}

/// An open pool: random first deposit (each side > 1000, so it always opens), then maybe a swap
/// and a second deposit so that `lp_supply` is not simply `sqrt(k)`.
fn open_pool() -> impl Strategy<Value = Pool> {
    (amount(), amount(), fee(), side(), wad(), wad(), wad()).prop_map(|(x, y, f, s, swap_in, da, db)| {
        let mut pool = Pool::new(f).expect("fee is valid");
        pool.add_liquidity(Wad::from_raw(x.max(1001)), Wad::from_raw(y.max(1001)), Wad::ZERO, Wad::ZERO)
            .expect("sqrt(x*y) >= 1001 opens the pool");
        let _ = pool.swap_exact_in(s, swap_in, Wad::ZERO);
        let _ = pool.add_liquidity(da, db, Wad::ZERO, Wad::ZERO);
        pool
    })
}

/// Reserves of `side` as (input, output).
fn oriented(pool: &Pool, side: Side) -> (Wad, Wad) {
    match side {
        Side::SellDdt => (pool.reserve_ddt(), pool.reserve_xdai()),
        Side::BuyDdt => (pool.reserve_xdai(), pool.reserve_ddt()),
    }
}

/// The invariants of an open pool.
fn assert_open(pool: &Pool) -> Result<(), TestCaseError> {
    prop_assert!(pool.is_open());
    prop_assert!(!pool.reserve_ddt().is_zero() && !pool.reserve_xdai().is_zero());
    prop_assert!(pool.lp_supply().raw() >= MINIMUM_LIQUIDITY);
    prop_assert_eq!(pool.locked_lp(), Wad::from_raw(MINIMUM_LIQUIDITY));
    Ok(())
}

/// After a swap attempt: exact conservation and growing `k` on success, no change on failure.
fn check_swap(
    before: &Pool,
    after: &Pool,
    result: &Result<grassroot_amm::Swap, AmmError>,
    side: Side,
) -> Result<(), TestCaseError> {
    match result {
        Ok(swap) => {
            let (r_in, r_out) = oriented(before, side);
            let (n_in, n_out) = oriented(after, side);
            prop_assert_eq!(swap.side, side);
            prop_assert_eq!(n_in.raw(), r_in.raw() + swap.amount_in.raw());
            prop_assert_eq!(n_out.raw(), r_out.raw() - swap.amount_out.raw());
            prop_assert!(!swap.amount_in.is_zero() && !swap.amount_out.is_zero());
            prop_assert!(after.k() >= before.k(), "k fell");
            prop_assert_eq!(after.lp_supply(), before.lp_supply());
            prop_assert_eq!(
                swap.fee.raw(),
                (U256::from(swap.amount_in.raw()) * U256::from(before.fee_ppm()) / U256::from(1_000_000u32)).as_u128()
            );
        }
        Err(_) => prop_assert_eq!(after, before),
    }
    assert_open(after)
}

#[derive(Clone, Debug)]
enum Op {
    SwapIn(Side, Wad, Wad),
    SwapOut(Side, Wad, Wad),
    Add(Wad, Wad, Wad, Wad),
    /// Burn a fraction `f / 2^64` of the burnable LP.
    Remove(u64),
    RemoveRaw(Wad),
    SetFee(u32),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (side(), wad(), wad()).prop_map(|(s, a, m)| Op::SwapIn(s, a, m)),
        (side(), wad()).prop_map(|(s, a)| Op::SwapIn(s, a, Wad::ZERO)),
        (side(), wad(), wad()).prop_map(|(s, a, m)| Op::SwapOut(s, a, m)),
        (side(), wad()).prop_map(|(s, a)| Op::SwapOut(s, a, Wad::MAX)),
        (wad(), wad(), wad(), wad()).prop_map(|(a, b, c, d)| Op::Add(a, b, c, d)),
        (wad(), wad()).prop_map(|(a, b)| Op::Add(a, b, Wad::ZERO, Wad::ZERO)),
        any::<u64>().prop_map(Op::Remove),
        wad().prop_map(Op::RemoveRaw),
        any::<u32>().prop_map(Op::SetFee),
    ]
}

fn burnable_fraction(pool: &Pool, f: u64) -> Wad {
    let burnable = pool.lp_supply().saturating_sub(pool.locked_lp());
    burnable.mul_div(u128::from(f), 1 << 64).unwrap_or(Wad::ZERO)
}

/// Any order: exact in or exact out, with a limit that may or may not bind.
fn order() -> impl Strategy<Value = Order> {
    prop_oneof![
        (side(), wad(), prop_oneof![Just(Wad::ZERO), wad()]).prop_map(|(side, amount_in, min_out)| Order::ExactIn {
            side,
            amount_in,
            min_out
        }),
        (side(), wad(), prop_oneof![Just(Wad::MAX), wad()]).prop_map(|(side, amount_out, max_in)| Order::ExactOut {
            side,
            amount_out,
            max_in
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

    /// `swap_if` is the plain swap when the caller accepts, and changes nothing when it refuses;
    /// the caller sees exactly the swap that is then made.
    #[test]
    fn swap_if_is_the_swap_or_nothing(pool in open_pool(), order in order()) {
        let mut plain = pool.clone();
        let expected = plain.swap(order);
        let mut accepted = pool.clone();
        let mut seen = None;
        let result = accepted.swap_if(order, |swap| {
            seen = Some(*swap);
            Ok::<_, AmmError>(swap.amount_out)
        });
        prop_assert_eq!(result.clone().map(|(swap, _)| swap), expected.clone());
        prop_assert_eq!(&accepted, &plain);
        if let Ok((swap, out)) = result {
            prop_assert_eq!(seen, Some(swap));
            prop_assert_eq!(out, swap.amount_out);
        }
        let mut refused = pool.clone();
        let veto = refused.swap_if(order, |_| Err::<(), _>(AmmError::InsufficientAmount));
        prop_assert!(veto.is_err());
        if expected.is_ok() {
            prop_assert_eq!(veto, Err(AmmError::InsufficientAmount));
        }
        prop_assert_eq!(&refused, &pool);
    }

    #[test]
    fn swap_exact_in_conserves_and_grows_k(mut pool in open_pool(), s in side(), a in wad(), min in prop_oneof![Just(Wad::ZERO), wad()]) {
        let before = pool.clone();
        let preview = pool.preview_exact_in(s, a);
        let result = pool.swap_exact_in(s, a, min);
        check_swap(&before, &pool, &result, s)?;
        if let Ok(swap) = &result {
            prop_assert_eq!(preview, Ok(swap.amount_out));
            prop_assert!(swap.amount_out >= min);
        }
    }

    #[test]
    fn swap_exact_out_conserves_and_grows_k(mut pool in open_pool(), s in side(), o in wad(), max in prop_oneof![Just(Wad::MAX), wad()]) {
        let before = pool.clone();
        let preview = pool.preview_exact_out(s, o);
        let result = pool.swap_exact_out(s, o, max);
        check_swap(&before, &pool, &result, s)?;
        if let Ok(swap) = &result {
            prop_assert_eq!(preview, Ok(swap.amount_in));
            prop_assert_eq!(swap.amount_out, o);
            prop_assert!(swap.amount_in <= max);
        }
    }

    #[test]
    fn exact_out_then_exact_in_round_trip(pool in open_pool(), s in side(), o in wad()) {
        if let Ok(paid) = pool.preview_exact_out(s, o)
            && let Ok(got) = pool.preview_exact_in(s, paid)
        {
            prop_assert!(got >= o);
        }
    }

    #[test]
    fn add_then_remove_never_returns_more(mut pool in open_pool(), a in wad(), b in wad(), min_a in wad(), min_b in wad()) {
        let before = pool.clone();
        match pool.add_liquidity(a, b, min_a.min(a), min_b.min(b)) {
            Ok(dep) => {
                prop_assert!(dep.ddt <= a && dep.xdai <= b && !dep.lp.is_zero());
                prop_assert_eq!(pool.reserve_ddt().raw(), before.reserve_ddt().raw() + dep.ddt.raw());
                prop_assert_eq!(pool.reserve_xdai().raw(), before.reserve_xdai().raw() + dep.xdai.raw());
                prop_assert_eq!(pool.lp_supply().raw(), before.lp_supply().raw() + dep.lp.raw());
                let value = pool.lp_value(dep.lp);
                match pool.remove_liquidity(dep.lp) {
                    Ok(w) => {
                        prop_assert_eq!(value, Ok(w));
                        prop_assert!(w.ddt <= dep.ddt && w.xdai <= dep.xdai, "{w:?} > {dep:?}");
                    }
                    Err(_) => {
                        let v = value.map_err(|e| TestCaseError::fail(e.to_string()))?;
                        prop_assert!(v.ddt <= dep.ddt && v.xdai <= dep.xdai);
                    }
                }
            }
            Err(_) => prop_assert_eq!(&pool, &before),
        }
        assert_open(&pool)?;
    }

    #[test]
    fn first_deposit_mints_sqrt_minus_minimum(a in wad(), b in wad(), f in fee()) {
        let mut pool = Pool::new(f).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let root = grassroot_amm::math::sqrt_floor(a.raw(), b.raw());
        match pool.add_liquidity(a, b, Wad::ZERO, Wad::ZERO) {
            Ok(dep) => {
                prop_assert_eq!((dep.ddt, dep.xdai), (a, b));
                prop_assert_eq!(dep.lp.raw(), root - MINIMUM_LIQUIDITY);
                prop_assert_eq!(pool.lp_supply().raw(), root);
                assert_open(&pool)?;
                let w = pool.remove_liquidity(dep.lp);
                if let Ok(w) = w {
                    prop_assert!(w.ddt <= a && w.xdai <= b);
                }
            }
            Err(_) => {
                prop_assert!(root <= MINIMUM_LIQUIDITY);
                prop_assert!(!pool.is_open() && pool.lp_supply().is_zero());
            }
        }
    }

    #[test]
    fn remove_liquidity_is_exact_or_changes_nothing(mut pool in open_pool(), f in any::<u64>(), raw in wad(), use_raw in any::<bool>()) {
        let before = pool.clone();
        let lp = if use_raw { raw } else { burnable_fraction(&pool, f) };
        let value = pool.lp_value(lp);
        match pool.remove_liquidity(lp) {
            Ok(w) => {
                prop_assert_eq!(value, Ok(w));
                prop_assert_eq!(pool.reserve_ddt().raw(), before.reserve_ddt().raw() - w.ddt.raw());
                prop_assert_eq!(pool.reserve_xdai().raw(), before.reserve_xdai().raw() - w.xdai.raw());
                prop_assert_eq!(pool.lp_supply().raw(), before.lp_supply().raw() - lp.raw());
                // floor(lp * reserve / supply), checked in 256 bits.
                let s = U256::from(before.lp_supply().raw());
                prop_assert_eq!(U256::from(w.ddt.raw()), U256::from(lp.raw()) * U256::from(before.reserve_ddt().raw()) / s);
            }
            Err(_) => prop_assert_eq!(&pool, &before),
        }
        assert_open(&pool)?;
    }

    #[test]
    fn price_at_most_brackets_the_exact_price(pool in open_pool()) {
        // floor and ceil of reserve_xdai * 1e18 / reserve_ddt (None if beyond u128).
        let x = pool.reserve_ddt().raw();
        let y = pool.reserve_xdai().raw();
        let (lo, hi) = (Wad::from_raw(y).mul_div(SCALE, x), Wad::from_raw(y).mul_div_up(SCALE, x));
        if let Ok(hi) = hi {
            prop_assert!(pool.price_at_most(hi));
        } else {
            prop_assert!(!pool.price_at_most(Wad::MAX));
        }
        if let Ok(lo) = lo
            && let Ok(below) = lo.checked_sub(Wad::from_raw(1))
        {
            prop_assert!(!pool.price_at_most(below));
        }
        prop_assert!(pool.spot_price() >= 0.0);
    }

    #[test]
    fn random_op_sequences_keep_every_invariant(mut pool in open_pool(), ops in proptest::collection::vec(op(), 1..24)) {
        for op in ops {
            let before = pool.clone();
            match op {
                Op::SwapIn(s, a, m) => {
                    let r = pool.swap_exact_in(s, a, m);
                    check_swap(&before, &pool, &r, s)?;
                }
                Op::SwapOut(s, o, m) => {
                    let r = pool.swap_exact_out(s, o, m);
                    check_swap(&before, &pool, &r, s)?;
                }
                Op::Add(a, b, ma, mb) => {
                    if pool.add_liquidity(a, b, ma, mb).is_err() {
                        prop_assert_eq!(&pool, &before);
                    }
                }
                Op::Remove(f) => {
                    if pool.remove_liquidity(burnable_fraction(&pool, f)).is_err() {
                        prop_assert_eq!(&pool, &before);
                    }
                }
                Op::RemoveRaw(lp) => {
                    if pool.remove_liquidity(lp).is_err() {
                        prop_assert_eq!(&pool, &before);
                    }
                }
                Op::SetFee(f) => {
                    let r = pool.set_fee_ppm(f);
                    prop_assert_eq!(r.is_ok(), f <= 999_999);
                    if r.is_err() {
                        prop_assert_eq!(&pool, &before);
                    }
                }
            }
            assert_open(&pool)?;
        }
    }

    #[test]
    fn closed_pool_refuses_everything_without_panicking(f in any::<u32>(), s in side(), a in wad(), b in wad()) {
        let Ok(mut pool) = Pool::new(f) else {
            prop_assert!(f > 999_999);
            return Ok(());
        };
        let before = pool.clone();
        prop_assert!(pool.swap_exact_in(s, a, Wad::ZERO).is_err());
        prop_assert!(pool.swap_exact_out(s, a, Wad::MAX).is_err());
        prop_assert!(pool.preview_exact_in(s, a).is_err());
        prop_assert!(pool.preview_exact_out(s, a).is_err());
        prop_assert!(pool.remove_liquidity(b).is_err());
        prop_assert_eq!(pool.lp_value(b).is_ok(), b.is_zero());
        prop_assert!(!pool.price_at_most(b));
        prop_assert_eq!(pool.spot_price(), 0.0);
        prop_assert_eq!(&pool, &before);
    }
}
