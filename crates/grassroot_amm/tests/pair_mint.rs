//! The pair deposit, `Pool::mint` (both tokens sent to the pair, then Uniswap v2's
//! `Pair.mint`), with every number derived by hand from the formulas:
//! first deposit `sqrt(a0 * a1) - 1000`, later `min(a0 * S / R0, a1 * S / R1)`, both amounts
//! into the reserves whole.

use grassroot_amm::{AmmError, Deposit, MINIMUM_LIQUIDITY, Pool, Wad, Withdrawal};

const E18: u128 = 1_000_000_000_000_000_000;

fn raw(v: u128) -> Wad {
    Wad::from_raw(v)
}

fn state(pool: &Pool) -> (u128, u128, u128) {
    (pool.reserve_ddt().raw(), pool.reserve_xdai().raw(), pool.lp_supply().raw())
}

/// `[ddt_in, xdai_in, reserve_ddt, reserve_xdai, lp_supply, minted]`, each row on a pool that
/// holds the reserves and supply given (the first row on an empty pool).
#[test]
fn mint_table() -> Result<(), AmmError> {
    // First deposit, 10 dDT + 10 xDAI: sqrt(10e18 * 10e18) = 10e18, the caller gets 10e18 - 1000.
    let mut pool = Pool::new(3000)?;
    let d = pool.mint(raw(10 * E18), raw(10 * E18))?;
    assert_eq!(d, Deposit { ddt: raw(10 * E18), xdai: raw(10 * E18), lp: raw(10 * E18 - MINIMUM_LIQUIDITY) });
    assert_eq!(state(&pool), (10 * E18, 10 * E18, 10 * E18));

    // At the ratio, 5 + 5 on 10 / 10 with S = 10e18: min(5e18 * 10e18 / 10e18, same) = 5e18.
    let d = pool.mint(raw(5 * E18), raw(5 * E18))?;
    assert_eq!(d.lp, raw(5 * E18));
    assert_eq!(state(&pool), (15 * E18, 15 * E18, 15 * E18));

    // Off the ratio, 10 + 10 on 100 dDT / 1 xDAI with S = sqrt(100e18 * 1e18) = 10e18:
    // by dDT 10e18 * 10e18 / 100e18 = 1e18, by xDAI 10e18 * 10e18 / 1e18 = 100e18, min = 1e18.
    // Both amounts join the reserves: 9.9 xDAI more than the ratio asks for.
    let mut pool = Pool::new(3000)?;
    pool.mint(raw(100 * E18), raw(E18))?;
    assert_eq!(state(&pool), (100 * E18, E18, 10 * E18));
    let d = pool.mint(raw(10 * E18), raw(10 * E18))?;
    assert_eq!(d, Deposit { ddt: raw(10 * E18), xdai: raw(10 * E18), lp: raw(E18) });
    assert_eq!(state(&pool), (110 * E18, 11 * E18, 11 * E18));

    // Too small a first deposit: floor(sqrt(3 * 7)) = 4 <= 1000 is refused and changes nothing.
    let mut tiny = Pool::new(3000)?;
    assert_eq!(tiny.mint(raw(3), raw(7)), Err(AmmError::InsufficientLiquidityMinted { ddt: raw(3), xdai: raw(7) }));
    assert_eq!(state(&tiny), (0, 0, 0));
    Ok(())
}

/// The amount that exceeds the ratio is a donation to every LP: two LPs burn and the first
/// gets back what the second gave above the ratio.
#[test]
fn what_exceeds_the_ratio_accrues_to_every_lp() -> Result<(), AmmError> {
    let mut pool = Pool::new(3000)?;
    // A opens at 100 dDT / 1 xDAI: S = 10e18, A holds 10e18 - 1000.
    let a = pool.mint(raw(100 * E18), raw(E18))?.lp;
    // B sends 10 dDT + 10 xDAI and gets 1e18 LP (see the table): reserves 110 / 11, S = 11e18.
    let b = pool.mint(raw(10 * E18), raw(10 * E18))?.lp;
    assert_eq!(b, raw(E18));
    // B burns: 1e18 * 110e18 / 11e18 = 10 dDT and 1e18 * 11e18 / 11e18 = 1 xDAI. B gave 9 xDAI.
    let back_b = pool.remove_liquidity(b)?;
    assert_eq!(back_b, Withdrawal { ddt: raw(10 * E18), xdai: raw(E18) });
    assert_eq!(state(&pool), (100 * E18, 10 * E18, 10 * E18));
    // A burns all it holds: (10e18 - 1000) * 100e18 / 10e18 = 100e18 - 10_000 dDT and
    // (10e18 - 1000) * 10e18 / 10e18 = 10e18 - 1000 xDAI: A put in 1 xDAI and takes B's 9 too.
    let back_a = pool.remove_liquidity(a)?;
    assert_eq!(back_a, Withdrawal { ddt: raw(100 * E18 - 10_000), xdai: raw(10 * E18 - 1000) });
    // The locked 1000 units keep their share: 10_000 base units of dDT and 1000 of xDAI.
    assert_eq!(state(&pool), (10_000, 1000, MINIMUM_LIQUIDITY));
    Ok(())
}

#[test]
fn a_one_sided_or_zero_pair_deposit_mints_nothing_and_changes_nothing() -> Result<(), AmmError> {
    let mut pool = Pool::new(3000)?;
    assert!(matches!(pool.mint(raw(10 * E18), Wad::ZERO), Err(AmmError::InsufficientLiquidityMinted { .. })));
    pool.mint(raw(10 * E18), raw(10 * E18))?;
    let before = pool.clone();
    // min(0 * S / x, 5e18 * S / y) = 0: Uniswap reverts INSUFFICIENT_LIQUIDITY_MINTED.
    assert_eq!(
        pool.mint(Wad::ZERO, raw(5 * E18)),
        Err(AmmError::InsufficientLiquidityMinted { ddt: Wad::ZERO, xdai: raw(5 * E18) })
    );
    assert_eq!(pool, before);
    Ok(())
}

/// The router-style deposit is the ratio's amounts through the same mint: on a 100 / 1 pool
/// it takes 10 dDT and floor(10e18 * 1e18 / 100e18) = 0.1 xDAI, and mints what `mint` mints for
/// those amounts.
#[test]
fn the_router_deposit_is_mint_of_the_ratio_amounts() -> Result<(), AmmError> {
    let mut router = Pool::new(3000)?;
    router.mint(raw(100 * E18), raw(E18))?;
    let mut pair = router.clone();
    let by_router = router.add_liquidity(raw(10 * E18), raw(10 * E18), Wad::ZERO, Wad::ZERO)?;
    assert_eq!(by_router, Deposit { ddt: raw(10 * E18), xdai: raw(E18 / 10), lp: raw(E18) });
    let by_pair = pair.mint(raw(10 * E18), raw(E18 / 10))?;
    assert_eq!(by_pair, by_router);
    assert_eq!(pair, router);
    Ok(())
}
