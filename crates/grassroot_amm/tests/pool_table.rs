//! Pool operations with hand-derived integers (mostly the Uniswap v2-core pair tests).

use grassroot_amm::{AmmError, Deposit, MINIMUM_LIQUIDITY, Pool, Side, Swap, Token, Wad, Withdrawal};

const E18: u128 = 1_000_000_000_000_000_000;

fn raw(v: u128) -> Wad {
    Wad::from_raw(v)
}

fn tokens(v: u64) -> Wad {
    Wad::from_tokens(v)
}

/// A 0.3 % pool opened with `ddt` / `xdai` whole tokens.
fn open(ddt: u64, xdai: u64) -> Result<Pool, AmmError> {
    let mut pool = Pool::new(3000)?;
    pool.add_liquidity(tokens(ddt), tokens(xdai), Wad::ZERO, Wad::ZERO)?;
    Ok(pool)
}

#[test]
fn new_pool_is_empty_and_not_open() -> Result<(), AmmError> {
    let pool = Pool::new(3000)?;
    assert!(!pool.is_open());
    assert_eq!((pool.reserve_ddt(), pool.reserve_xdai(), pool.lp_supply()), (Wad::ZERO, Wad::ZERO, Wad::ZERO));
    assert_eq!(pool.locked_lp(), Wad::ZERO);
    assert_eq!(pool.spot_price(), 0.0);
    assert!(!pool.price_at_most(Wad::MAX));
    assert_eq!(pool.k(), grassroot_amm::U256::ZERO);
    assert_eq!(Pool::new(1_000_000), Err(AmmError::InvalidFee { fee_ppm: 1_000_000 }));
    assert!(Pool::new(999_999).is_ok());
    let closed = AmmError::PoolNotOpen { reserve_ddt: Wad::ZERO, reserve_xdai: Wad::ZERO };
    let mut p = pool.clone();
    assert_eq!(p.swap_exact_in(Side::SellDdt, tokens(1), Wad::ZERO), Err(closed.clone()));
    assert_eq!(p.swap_exact_out(Side::BuyDdt, tokens(1), Wad::MAX), Err(closed.clone()));
    assert_eq!(p.remove_liquidity(tokens(1)), Err(closed.clone()));
    assert_eq!(p.lp_value(tokens(1)), Err(closed));
    assert_eq!(p.lp_value(Wad::ZERO), Ok(Withdrawal { ddt: Wad::ZERO, xdai: Wad::ZERO }));
    assert_eq!(p, pool);
    Ok(())
}

#[test]
fn first_deposit_mints_sqrt_minus_minimum() -> Result<(), AmmError> {
    // Uniswap mint test: 1e18 token0, 4e18 token1 -> sqrt(4e36) = 2e18; 2e18 - 1000 to the caller.
    let mut pool = Pool::new(3000)?;
    let dep = pool.add_liquidity(tokens(1), tokens(4), tokens(9), tokens(9))?; // mins ignored
    assert_eq!(dep, Deposit { ddt: tokens(1), xdai: tokens(4), lp: raw(2 * E18 - 1000) });
    assert_eq!(pool.lp_supply(), tokens(2));
    assert_eq!(pool.locked_lp(), raw(MINIMUM_LIQUIDITY));
    assert_eq!((pool.reserve_ddt(), pool.reserve_xdai()), (tokens(1), tokens(4)));
    assert!(pool.is_open());
    assert_eq!(pool.spot_price(), 4.0);
    Ok(())
}

#[test]
fn first_deposit_needs_more_than_minimum_liquidity() -> Result<(), AmmError> {
    let mut pool = Pool::new(3000)?;
    // sqrt(1000 * 1000) = 1000: 1000 - 1000 = 0 minted -> refused.
    let err = pool.add_liquidity(raw(1000), raw(1000), Wad::ZERO, Wad::ZERO);
    assert_eq!(err, Err(AmmError::InsufficientLiquidityMinted { ddt: raw(1000), xdai: raw(1000) }));
    assert_eq!(pool, Pool::new(3000)?);
    // sqrt(1001 * 1001) = 1001: mints 1.
    assert_eq!(pool.add_liquidity(raw(1001), raw(1001), Wad::ZERO, Wad::ZERO)?.lp, raw(1));
    Ok(())
}

#[test]
fn burn_everything_but_the_locked_units() -> Result<(), AmmError> {
    // Uniswap burn test: 3e18 / 3e18 -> supply 3e18, caller holds 3e18 - 1000.
    let mut pool = open(3, 3)?;
    let lp = raw(3 * E18 - 1000);
    assert_eq!(
        pool.remove_liquidity(lp.checked_add(raw(1))?),
        Err(AmmError::LpExceedsHoldings { lp: raw(3 * E18 - 999), burnable: lp })
    );
    // floor((3e18 - 1000) * 3e18 / 3e18) = 3e18 - 1000 of each token.
    let w = pool.remove_liquidity(lp)?;
    assert_eq!(w, Withdrawal { ddt: raw(3 * E18 - 1000), xdai: raw(3 * E18 - 1000) });
    assert_eq!((pool.reserve_ddt(), pool.reserve_xdai(), pool.lp_supply()), (raw(1000), raw(1000), raw(1000)));
    assert!(pool.is_open());
    assert_eq!(pool.remove_liquidity(raw(1)), Err(AmmError::LpExceedsHoldings { lp: raw(1), burnable: Wad::ZERO }));
    Ok(())
}

#[test]
fn swap_token0_for_token1() -> Result<(), AmmError> {
    // Uniswap swap:token0 test: reserves 5 / 10, 1 in -> 1662497915624478906 out (math_table row 1).
    let mut pool = open(5, 10)?;
    let k0 = pool.k();
    assert_eq!(pool.preview_exact_in(Side::SellDdt, tokens(1))?, raw(1_662_497_915_624_478_906));
    let swap = pool.swap_exact_in(Side::SellDdt, tokens(1), raw(1_662_497_915_624_478_906))?;
    assert_eq!(
        swap,
        Swap {
            side: Side::SellDdt,
            amount_in: tokens(1),
            amount_out: raw(1_662_497_915_624_478_906),
            fee: raw(3_000_000_000_000_000), // 1e18 * 3000 / 1e6
            fee_token: Token::Ddt,
        }
    );
    // 10e18 - 1662497915624478906 = 8337502084375521094.
    assert_eq!((pool.reserve_ddt(), pool.reserve_xdai()), (tokens(6), raw(8_337_502_084_375_521_094)));
    assert!(pool.k() > k0);
    Ok(())
}

#[test]
fn swap_token1_for_token0() -> Result<(), AmmError> {
    // Uniswap swap:token1 test: token1 (xDAI) 1 in on 5 / 10 -> 453305446940074565 dDT out.
    let mut pool = open(5, 10)?;
    let swap = pool.swap_exact_in(Side::BuyDdt, tokens(1), Wad::ZERO)?;
    assert_eq!(swap.amount_out, raw(453_305_446_940_074_565));
    // 5e18 - 453305446940074565 = 4546694553059925435.
    assert_eq!((pool.reserve_ddt(), pool.reserve_xdai()), (raw(4_546_694_553_059_925_435), tokens(11)));
    Ok(())
}

#[test]
fn swap_exact_out_charges_get_amount_in() -> Result<(), AmmError> {
    // math_table: getAmountIn(1662497915624478906, 5e18, 10e18) = 1e18.
    let mut pool = open(5, 10)?;
    let out = raw(1_662_497_915_624_478_906);
    assert_eq!(pool.preview_exact_out(Side::SellDdt, out)?, tokens(1));
    let before = pool.clone();
    let err = pool.swap_exact_out(Side::SellDdt, out, raw(E18 - 1));
    assert_eq!(err, Err(AmmError::MaxInExceeded { amount_in: tokens(1), max_in: raw(E18 - 1) }));
    assert_eq!(pool, before);
    let swap = pool.swap_exact_out(Side::SellDdt, out, tokens(1))?;
    assert_eq!((swap.amount_in, swap.amount_out), (tokens(1), out));
    assert_eq!((pool.reserve_ddt(), pool.reserve_xdai()), (tokens(6), raw(8_337_502_084_375_521_094)));
    // The whole reserve can never be bought.
    assert_eq!(
        pool.swap_exact_out(Side::BuyDdt, tokens(6), Wad::MAX),
        Err(AmmError::OutputExceedsReserve { amount_out: tokens(6), reserve_out: tokens(6) })
    );
    Ok(())
}

#[test]
fn slippage_and_dust_leave_the_pool_unchanged() -> Result<(), AmmError> {
    let mut pool = open(1000, 1000)?;
    let before = pool.clone();
    let min_out = raw(1_662_497_915_624_478_906);
    let err = pool.swap_exact_in(Side::SellDdt, tokens(1), min_out);
    // 1 in on 1000 / 1000 buys 996006981039903216 (math_table row 7).
    assert_eq!(err, Err(AmmError::MinOutNotMet { amount_out: raw(996_006_981_039_903_216), min_out }));
    // 1 base unit: 997000 * 1e21 / (1e27 + 997000) < 1 -> 0 -> refused.
    assert_eq!(
        pool.swap_exact_in(Side::BuyDdt, raw(1), Wad::ZERO),
        Err(AmmError::OutputRoundsToZero { amount_in: raw(1) })
    );
    assert_eq!(pool.swap_exact_in(Side::BuyDdt, Wad::ZERO, Wad::ZERO), Err(AmmError::InsufficientInputAmount));
    assert_eq!(pool.swap_exact_out(Side::BuyDdt, Wad::ZERO, Wad::MAX), Err(AmmError::InsufficientOutputAmount));
    assert!(matches!(pool.swap_exact_in(Side::SellDdt, Wad::MAX, Wad::ZERO), Err(AmmError::Overflow { .. })));
    assert_eq!(pool, before);
    Ok(())
}

#[test]
fn second_deposit_at_the_ratio_and_back() -> Result<(), AmmError> {
    // 1000 dDT / 500 xDAI: S = floor(sqrt(5e41)) = 707106781186547524400.
    let mut pool = open(1000, 500)?;
    let s = 707_106_781_186_547_524_400;
    assert_eq!(pool.lp_supply(), raw(s));
    // desired (100, 100): xdai_opt = floor(100e18 * 500e18 / 1000e18) = 50e18 <= 100e18, so take
    // (100, 50); lp = min(floor(100e18 * S / 1000e18), floor(50e18 * S / 500e18)) = S / 10.
    let before = pool.clone();
    assert_eq!(
        pool.add_liquidity(tokens(100), tokens(100), Wad::ZERO, tokens(60)),
        Err(AmmError::InsufficientXdaiAmount { amount: tokens(50), min: tokens(60) })
    );
    assert_eq!(pool, before);
    let dep = pool.add_liquidity(tokens(100), tokens(100), tokens(100), tokens(50))?;
    assert_eq!(dep, Deposit { ddt: tokens(100), xdai: tokens(50), lp: raw(70_710_678_118_654_752_440) });
    assert_eq!(pool.lp_supply(), raw(777_817_459_305_202_276_840)); // = 11 * S / 10
    assert_eq!((pool.reserve_ddt(), pool.reserve_xdai()), (tokens(1100), tokens(550)));
    // Burning it: lp / S' = 1/11 exactly, so floor(1100e18 / 11) = 100e18 and 550e18 / 11 = 50e18.
    assert_eq!(pool.lp_value(dep.lp)?, Withdrawal { ddt: tokens(100), xdai: tokens(50) });
    assert_eq!(pool.remove_liquidity(dep.lp)?, Withdrawal { ddt: tokens(100), xdai: tokens(50) });
    assert_eq!(pool, before);
    Ok(())
}

#[test]
fn second_deposit_limited_by_xdai() -> Result<(), AmmError> {
    let mut pool = open(1000, 500)?;
    // desired (100, 20): xdai_opt = 50 > 20, so ddt_opt = floor(20e18 * 1000e18 / 500e18) = 40e18;
    // lp = floor(40e18 * 707106781186547524400 / 1000e18) = 28284271247461900976 (xDAI side equal).
    let before = pool.clone();
    assert_eq!(
        pool.add_liquidity(tokens(100), tokens(20), tokens(41), Wad::ZERO),
        Err(AmmError::InsufficientDdtAmount { amount: tokens(40), min: tokens(41) })
    );
    assert_eq!(pool, before);
    let dep = pool.add_liquidity(tokens(100), tokens(20), tokens(40), tokens(20))?;
    assert_eq!(dep, Deposit { ddt: tokens(40), xdai: tokens(20), lp: raw(28_284_271_247_461_900_976) });
    // quote(0, ..) is Uniswap's INSUFFICIENT_AMOUNT; (x, 0) mints nothing.
    assert_eq!(pool.add_liquidity(Wad::ZERO, tokens(1), Wad::ZERO, Wad::ZERO), Err(AmmError::InsufficientAmount));
    // (1, 1) base units at 1040 : 520: xdai_opt = floor(1 * 520 / 1040) = 0, so take (1, 0) and
    // lp = min(floor(1 * S / x), 0) = 0 -> refused.
    assert_eq!(
        pool.add_liquidity(raw(1), raw(1), Wad::ZERO, Wad::ZERO),
        Err(AmmError::InsufficientLiquidityMinted { ddt: raw(1), xdai: raw(0) })
    );
    Ok(())
}

#[test]
fn price_at_most_is_exact() -> Result<(), AmmError> {
    let mut pool = open(1000, 500)?; // price exactly 0.5
    assert!(pool.price_at_most(Wad::parse("0.5")?));
    assert!(!pool.price_at_most(Wad::parse("0.499999999999999999")?));
    assert_eq!(pool.spot_price(), 0.5);
    // 2 base units of xDAI in: floor(2*997000*1000e18 / (500e18*1e6 + 2*997000)) = 3 dDT out.
    let swap = pool.swap_exact_in(Side::BuyDdt, raw(2), Wad::ZERO)?;
    assert_eq!(swap.amount_out, raw(3));
    // (500e18 + 2) / (1000e18 - 3) > 0.5: the exact test sees it, the f64 price does not.
    assert!(!pool.price_at_most(Wad::parse("0.5")?));
    assert!(pool.price_at_most(Wad::parse("0.500000000000000002")?));
    assert_eq!(pool.spot_price(), 0.5);
    Ok(())
}

#[test]
fn fee_changes_apply_to_later_swaps() -> Result<(), AmmError> {
    let mut pool = open(10, 10)?;
    assert_eq!(pool.set_fee_ppm(1_000_000), Err(AmmError::InvalidFee { fee_ppm: 1_000_000 }));
    assert_eq!(pool.fee_ppm(), 3000);
    pool.set_fee_ppm(0)?;
    // No fee: floor(1e18 * 10e18 / 11e18) = 909090909090909090.
    let swap = pool.swap_exact_in(Side::SellDdt, tokens(1), Wad::ZERO)?;
    assert_eq!((swap.amount_out, swap.fee), (raw(909_090_909_090_909_090), Wad::ZERO));
    Ok(())
}

#[test]
fn error_messages_name_the_numbers() {
    let e = AmmError::MinOutNotMet { amount_out: tokens(1), min_out: raw(1_500_000_000_000_000_000) };
    assert_eq!(e.to_string(), "amm: slippage: amount_out 1 < min_out 1.5");
    let e = AmmError::MaxInExceeded { amount_in: tokens(2), max_in: tokens(1) };
    assert_eq!(e.to_string(), "amm: slippage: amount_in 2 > max_in 1");
    let e = AmmError::LpExceedsHoldings { lp: tokens(3), burnable: tokens(2) };
    assert!(e.to_string().starts_with("amm: LP amount exceeds holdings: lp 3 > burnable 2"));
    let e = AmmError::InvalidFee { fee_ppm: 1_000_000 };
    assert!(e.to_string().starts_with("amm: invalid fee: fee_ppm 1000000"));
    let e: AmmError = Wad::parse("-1").map_or_else(AmmError::from, |_| AmmError::InsufficientAmount);
    assert!(e.to_string().starts_with("amm: '-1' is negative"));
    assert!(std::error::Error::source(&e).is_some());
}
