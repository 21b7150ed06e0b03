//! Property tests of the fee-account model and of `mint_by_ddt` over the whole `u128` range: no
//! panics, `k` never falls through a swap, the fee is always xDAI and its formula holds, the xDAI
//! books are exact (`in = reserve delta + fee account delta + out`), the fee account only grows
//! by swaps, shares never exceed the account, and failures change nothing.

use grassroot_amm::{AmmError, FeeModel, Pool, Side, Swap, Token, U256, Wad};
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

/// `floor(v * fee_ppm / 1e6)`, in 256 bits.
fn fee_of(v: u128, fee_ppm: u32) -> u128 {
    (U256::from(v) * U256::from(fee_ppm) / U256::from(1_000_000u32)).as_u128()
}

/// An open pool under `FeeModel::Account`: opened by `mint_by_ddt` or by `add_liquidity`, then
/// maybe a swap (so the fee account is not 0) and a second deposit.
fn account_pool() -> impl Strategy<Value = Pool> {
    (amount(), amount(), fee(), any::<bool>(), side(), wad(), wad(), wad()).prop_map(
        |(x, y, f, by_ddt, s, swap_in, da, db)| {
            let mut pool = Pool::new(f).expect("fee is valid");
            pool.set_fee_model(FeeModel::Account).expect("an empty pool has no fees");
            if by_ddt {
                pool.mint_by_ddt(Wad::from_raw(x.max(1)), Wad::from_raw(y.max(1))).expect("both > 0 opens the pool");
            } else {
                pool.add_liquidity(Wad::from_raw(x.max(1001)), Wad::from_raw(y.max(1001)), Wad::ZERO, Wad::ZERO)
                    .expect("sqrt(x*y) >= 1001 opens the pool");
            }
            let _ = pool.swap_exact_in(s, swap_in, Wad::ZERO);
            let _ = if by_ddt { pool.mint_by_ddt(da, db) } else { pool.add_liquidity(da, db, Wad::ZERO, Wad::ZERO) };
            pool
        },
    )
}

fn assert_open(pool: &Pool) -> Result<(), TestCaseError> {
    prop_assert!(pool.is_open());
    prop_assert!(pool.lp_supply() >= pool.locked_lp() && !pool.lp_supply().is_zero());
    if pool.fee_model() == FeeModel::Reserves {
        prop_assert_eq!(pool.fee_account(), Wad::ZERO);
    }
    Ok(())
}

/// After a swap attempt under `Account`: exact books, the fee formula, `k` never falls; no
/// change on failure.
fn check_swap(before: &Pool, after: &Pool, result: &Result<Swap, AmmError>, side: Side) -> Result<(), TestCaseError> {
    let Ok(swap) = result else {
        prop_assert_eq!(after, before);
        return assert_open(after);
    };
    let (a_in, out, fee) = (swap.amount_in.raw(), swap.amount_out.raw(), swap.fee.raw());
    let f = before.fee_ppm();
    prop_assert_eq!((swap.side, swap.fee_token), (side, Token::Xdai));
    prop_assert!(a_in > 0 && out > 0);
    prop_assert_eq!(after.fee_account().raw(), before.fee_account().raw() + fee);
    let (rd, rx) = (before.reserve_ddt().raw(), before.reserve_xdai().raw());
    let (nd, nx) = (after.reserve_ddt().raw(), after.reserve_xdai().raw());
    match side {
        Side::BuyDdt => {
            // xDAI in = reserve delta + fee account delta; dDT out = reserve delta.
            prop_assert_eq!(a_in, (nx - rx) + fee);
            prop_assert_eq!(out, rd - nd);
            prop_assert_eq!(fee, fee_of(a_in, f));
        }
        Side::SellDdt => {
            // 0 xDAI in = reserve delta (negative) + fee account delta + xDAI out.
            prop_assert_eq!(rx - nx, out + fee);
            prop_assert_eq!(a_in, nd - rd);
            prop_assert_eq!(fee, fee_of(out + fee, f));
        }
    }
    prop_assert!(after.k() >= before.k(), "k fell");
    prop_assert_eq!((after.lp_supply(), after.locked_lp()), (before.lp_supply(), before.locked_lp()));
    assert_open(after)
}

#[derive(Clone, Debug)]
enum Op {
    SwapIn(Side, Wad),
    SwapOut(Side, Wad),
    MintByDdt(Wad, Wad),
    Add(Wad, Wad),
    /// Burn a fraction `f / 2^64` of the burnable LP.
    Remove(u64),
    /// Pay a fraction `f / 2^64` of the fee account.
    Pay(u64),
    PayRaw(Wad),
    Clear,
    SetFee(u32),
    SetModel(bool),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (side(), wad()).prop_map(|(s, a)| Op::SwapIn(s, a)),
        (side(), wad()).prop_map(|(s, a)| Op::SwapOut(s, a)),
        (wad(), wad()).prop_map(|(a, b)| Op::MintByDdt(a, b)),
        (wad(), wad()).prop_map(|(a, b)| Op::Add(a, b)),
        any::<u64>().prop_map(Op::Remove),
        any::<u64>().prop_map(Op::Pay),
        wad().prop_map(Op::PayRaw),
        Just(Op::Clear),
        (0u32..=999_999).prop_map(Op::SetFee),
        any::<bool>().prop_map(Op::SetModel),
    ]
}

fn fraction(v: Wad, f: u64) -> Wad {
    v.mul_div(u128::from(f), 1 << 64).unwrap_or(Wad::ZERO)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

    #[test]
    fn account_swap_exact_in_keeps_k_and_exact_books(mut pool in account_pool(), s in side(), a in wad(), min in prop_oneof![Just(Wad::ZERO), wad()]) {
        let before = pool.clone();
        let preview = pool.preview_exact_in(s, a);
        let result = pool.swap_exact_in(s, a, min);
        check_swap(&before, &pool, &result, s)?;
        if let Ok(swap) = &result {
            prop_assert_eq!(preview, Ok(swap.amount_out));
            prop_assert!(swap.amount_out >= min);
            prop_assert_eq!(swap.amount_in, a);
        }
    }

    #[test]
    fn account_swap_exact_out_keeps_k_and_charges_the_least_gross(mut pool in account_pool(), s in side(), o in wad(), max in prop_oneof![Just(Wad::MAX), wad()]) {
        let before = pool.clone();
        let preview = pool.preview_exact_out(s, o);
        let result = pool.swap_exact_out(s, o, max);
        check_swap(&before, &pool, &result, s)?;
        if let Ok(swap) = &result {
            prop_assert_eq!(preview, Ok(swap.amount_in));
            prop_assert_eq!(swap.amount_out, o);
            prop_assert!(swap.amount_in <= max);
            // The gross xDAI (a buyer's input, a seller's reserve outflow) is the least whose
            // net covers what the constant product needs: one unit less nets one unit less.
            let f = before.fee_ppm();
            let (gross, net) = match s {
                Side::BuyDdt => (swap.amount_in.raw(), pool.reserve_xdai().raw() - before.reserve_xdai().raw()),
                Side::SellDdt => (swap.amount_out.raw() + swap.fee.raw(), o.raw()),
            };
            prop_assert_eq!(gross - fee_of(gross, f), net);
            prop_assert!(gross - 1 - fee_of(gross - 1, f) < net);
        }
    }

    #[test]
    fn account_exact_out_then_exact_in_round_trip(pool in account_pool(), s in side(), o in wad()) {
        if let Ok(paid) = pool.preview_exact_out(s, o)
            && let Ok(got) = pool.preview_exact_in(s, paid)
        {
            prop_assert!(got >= o);
        }
    }

    #[test]
    fn fee_shares_never_exceed_the_account(pool in account_pool(), a in any::<u64>(), b in any::<u64>()) {
        let supply = pool.lp_supply();
        let lp_a = fraction(supply, a);
        let lp_b = fraction(supply.saturating_sub(lp_a), b);
        let account = pool.fee_account();
        prop_assert!(pool.fee_share(lp_a).raw() + pool.fee_share(lp_b).raw() <= account.raw());
        prop_assert!(pool.fee_share(lp_a) <= pool.fee_share(lp_a.checked_add(lp_b)?));
        prop_assert_eq!(pool.fee_share(supply), account);
        prop_assert_eq!(pool.fee_share(Wad::MAX), account);
        prop_assert_eq!(pool.fee_share(Wad::ZERO), Wad::ZERO);
    }

    #[test]
    fn mint_by_ddt_mints_ddt_times_supply_over_reserve(mut pool in account_pool(), ddt in wad(), xdai in wad()) {
        let before = pool.clone();
        let (x, s) = (before.reserve_ddt().raw(), before.lp_supply().raw());
        match pool.mint_by_ddt(ddt, xdai) {
            Ok(dep) => {
                prop_assert_eq!((dep.ddt, dep.xdai), (ddt, xdai));
                prop_assert_eq!(U256::from(dep.lp.raw()), U256::from(ddt.raw()) * U256::from(s) / U256::from(x));
                prop_assert!(!dep.lp.is_zero());
                prop_assert_eq!(pool.reserve_ddt().raw(), x + ddt.raw());
                prop_assert_eq!(pool.reserve_xdai().raw(), before.reserve_xdai().raw() + xdai.raw());
                prop_assert_eq!(pool.lp_supply().raw(), s + dep.lp.raw());
                prop_assert_eq!((pool.locked_lp(), pool.fee_account()), (before.locked_lp(), before.fee_account()));
                // The dDT side never pays back more than was put in.
                if let Ok(w) = pool.lp_value(dep.lp) {
                    prop_assert!(w.ddt <= ddt);
                }
            }
            Err(_) => prop_assert_eq!(&pool, &before),
        }
        assert_open(&pool)?;
    }

    #[test]
    fn random_op_sequences_keep_the_fee_books(mut pool in account_pool(), ops in proptest::collection::vec(op(), 1..24)) {
        for op in ops {
            let before = pool.clone();
            let account = before.fee_account();
            match op {
                Op::SwapIn(s, a) => {
                    let r = pool.swap_exact_in(s, a, Wad::ZERO);
                    if before.fee_model() == FeeModel::Account {
                        check_swap(&before, &pool, &r, s)?;
                    }
                }
                Op::SwapOut(s, o) => {
                    let r = pool.swap_exact_out(s, o, Wad::MAX);
                    if before.fee_model() == FeeModel::Account {
                        check_swap(&before, &pool, &r, s)?;
                    }
                }
                Op::MintByDdt(a, b) => {
                    if pool.mint_by_ddt(a, b).is_err() {
                        prop_assert_eq!(&pool, &before);
                    }
                    prop_assert_eq!(pool.fee_account(), account);
                }
                Op::Add(a, b) => {
                    if pool.add_liquidity(a, b, Wad::ZERO, Wad::ZERO).is_err() {
                        prop_assert_eq!(&pool, &before);
                    }
                    prop_assert_eq!(pool.fee_account(), account);
                }
                Op::Remove(f) => {
                    if pool.remove_liquidity(fraction(pool.burnable_lp(), f)).is_err() {
                        prop_assert_eq!(&pool, &before);
                    }
                    prop_assert_eq!(pool.fee_account(), account);
                }
                Op::Pay(f) => {
                    let x = fraction(account, f);
                    pool.pay_fees(x).map_err(|e| TestCaseError::fail(e.to_string()))?;
                    prop_assert_eq!(pool.fee_account().raw(), account.raw() - x.raw());
                }
                Op::PayRaw(x) => match pool.pay_fees(x) {
                    Ok(()) => prop_assert_eq!(pool.fee_account().raw(), account.raw() - x.raw()),
                    Err(e) => {
                        prop_assert!(x > account);
                        prop_assert_eq!(e, AmmError::FeesExceedAccount { xdai: x, fee_account: account });
                        prop_assert_eq!(&pool, &before);
                    }
                },
                Op::Clear => {
                    prop_assert_eq!(pool.clear_fee_account(), account);
                    prop_assert_eq!(pool.fee_account(), Wad::ZERO);
                }
                Op::SetFee(f) => {
                    pool.set_fee_ppm(f).map_err(|e| TestCaseError::fail(e.to_string()))?;
                    prop_assert_eq!(pool.fee_account(), account);
                }
                Op::SetModel(account_model) => {
                    let model = if account_model { FeeModel::Account } else { FeeModel::Reserves };
                    match pool.set_fee_model(model) {
                        Ok(()) => prop_assert_eq!(pool.fee_model(), model),
                        Err(e) => {
                            prop_assert!(model != before.fee_model() && !account.is_zero());
                            prop_assert_eq!(e, AmmError::FeeAccountNotEmpty { fee_account: account });
                            prop_assert_eq!(&pool, &before);
                        }
                    }
                }
            }
            // Only a swap ever raises the fee account.
            if !matches!(op, Op::SwapIn(..) | Op::SwapOut(..)) {
                prop_assert!(pool.fee_account() <= account);
            }
            // k never falls through a swap, under either model.
            if matches!(op, Op::SwapIn(..) | Op::SwapOut(..)) {
                prop_assert!(pool.k() >= before.k());
            }
            assert_open(&pool)?;
        }
    }
}
