//! The original simulation's deposit, `Pool::mint_by_ddt` (not Uniswap), with every number
//! derived by hand from the formulas: first deposit `lp = ddt` with nothing locked, later
//! `lp = floor(ddt * S / x)`, both amounts into the reserves whole; a burn keeps at least one LP
//! unit so that both reserves stay > 0.

use grassroot_amm::{AmmError, Deposit, MINIMUM_LIQUIDITY, Pool, Side, Wad, Withdrawal};

const E18: u128 = 1_000_000_000_000_000_000;

fn raw(v: u128) -> Wad {
    Wad::from_raw(v)
}

/// `(reserve_ddt, reserve_xdai, lp_supply, locked_lp)`.
fn state(pool: &Pool) -> (u128, u128, u128, u128) {
    (pool.reserve_ddt().raw(), pool.reserve_xdai().raw(), pool.lp_supply().raw(), pool.locked_lp().raw())
}

/// `[ddt_in, xdai_in, reserve_ddt, reserve_xdai, lp_supply, minted]`, row by row on one pool.
#[test]
fn mint_by_ddt_table() -> Result<(), AmmError> {
    // First deposit, 1000 dDT + 100 xDAI: lp = ddt = 1000e18, S = 1000e18, nothing locked.
    let mut pool = Pool::new(3000)?;
    let d = pool.mint_by_ddt(raw(1000 * E18), raw(100 * E18))?;
    assert_eq!(d, Deposit { ddt: raw(1000 * E18), xdai: raw(100 * E18), lp: raw(1000 * E18) });
    assert_eq!(state(&pool), (1000 * E18, 100 * E18, 1000 * E18, 0));
    assert!(pool.is_open());

    // At the ratio, 100 + 10 on 1000 / 100 with S = 1000e18: floor(100e18 * 1000e18 / 1000e18).
    let d = pool.mint_by_ddt(raw(100 * E18), raw(10 * E18))?;
    assert_eq!(d.lp, raw(100 * E18));
    assert_eq!(state(&pool), (1100 * E18, 110 * E18, 1100 * E18, 0));

    // The xDAI amount does not count: 11 dDT and no xDAI on S = x = 1100e18 mints
    // floor(11e18 * 1100e18 / 1100e18) = 11e18 and dilutes the other LPs' xDAI.
    let d = pool.mint_by_ddt(raw(11 * E18), Wad::ZERO)?;
    assert_eq!(d, Deposit { ddt: raw(11 * E18), xdai: Wad::ZERO, lp: raw(11 * E18) });
    assert_eq!(state(&pool), (1111 * E18, 110 * E18, 1111 * E18, 0));
    Ok(())
}

/// After a swap `S != x` and the floor shows.
#[test]
fn later_deposits_floor_ddt_times_supply_over_reserve() -> Result<(), AmmError> {
    let mut pool = Pool::new(3000)?;
    pool.mint_by_ddt(raw(1000 * E18), raw(100 * E18))?;
    // Sell 10 dDT (fee in the reserves): out = floor(10e18 * 997 * 100e18 / (1000e18 * 1000 +
    // 10e18 * 997)) = 987158034397061298, so x = 1010e18, y = 100e18 - out, S = 1000e18.
    pool.swap_exact_in(Side::SellDdt, raw(10 * E18), Wad::ZERO)?;
    assert_eq!(state(&pool), (1010 * E18, 99_012_841_965_602_938_702, 1000 * E18, 0));
    // 101 dDT: floor(101e18 * 1000e18 / 1010e18) = 100e18 exactly.
    let mut a = pool.clone();
    assert_eq!(a.mint_by_ddt(raw(101 * E18), raw(10 * E18))?.lp, raw(100 * E18));
    // 2 base units: floor(2 * 1000e18 / 1010e18) = floor(1.98...) = 1.
    let mut b = pool.clone();
    assert_eq!(b.mint_by_ddt(raw(2), raw(1))?, Deposit { ddt: raw(2), xdai: raw(1), lp: raw(1) });
    assert_eq!(state(&b), (1010 * E18 + 2, 99_012_841_965_602_938_703, 1000 * E18 + 1, 0));
    // 1 base unit: floor(1000e18 / 1010e18) = 0: refused, nothing changes.
    let before = pool.clone();
    assert_eq!(
        pool.mint_by_ddt(raw(1), raw(1)),
        Err(AmmError::InsufficientLiquidityMinted { ddt: raw(1), xdai: raw(1) })
    );
    assert_eq!(pool, before);
    Ok(())
}

#[test]
fn a_first_deposit_needs_both_tokens_and_errors_change_nothing() -> Result<(), AmmError> {
    let empty = Pool::new(3000)?;
    let mut pool = empty.clone();
    for (ddt, xdai) in [(raw(E18), Wad::ZERO), (Wad::ZERO, raw(E18)), (Wad::ZERO, Wad::ZERO)] {
        assert_eq!(pool.mint_by_ddt(ddt, xdai), Err(AmmError::InsufficientLiquidityMinted { ddt, xdai }));
        assert_eq!(pool, empty);
    }
    // No minimum: 1 base unit of each opens the pool with S = 1.
    pool.mint_by_ddt(raw(1), raw(1))?;
    assert_eq!(state(&pool), (1, 1, 1, 0));
    // Overflow: floor(MAX * 1 / 1) = MAX mints, but S + MAX = 1 + MAX does not fit.
    let before = pool.clone();
    assert_eq!(pool.mint_by_ddt(Wad::MAX, raw(1)), Err(AmmError::Overflow { op: "mint_by_ddt: lp_supply + minted" }));
    assert_eq!(pool, before);
    Ok(())
}

/// Nothing is locked, but the last LP unit can never be burned, so the reserves stay > 0.
#[test]
fn a_pool_opened_by_ddt_keeps_one_lp_unit() -> Result<(), AmmError> {
    let mut pool = Pool::new(3000)?;
    pool.mint_by_ddt(raw(1000 * E18), raw(100 * E18))?;
    let s = 1000 * E18;
    assert_eq!(pool.burnable_lp(), raw(s - 1));
    assert_eq!(pool.remove_liquidity(raw(s)), Err(AmmError::LpExceedsHoldings { lp: raw(s), burnable: raw(s - 1) }));
    // S - 1: floor((1000e18 - 1) * 1000e18 / 1000e18) = 1000e18 - 1 dDT and
    // floor((1000e18 - 1) * 100e18 / 1000e18) = floor(100e18 - 0.1) = 100e18 - 1 xDAI.
    assert_eq!(pool.lp_value(raw(s - 1))?, Withdrawal { ddt: raw(1000 * E18 - 1), xdai: raw(100 * E18 - 1) });
    pool.remove_liquidity(raw(s - 1))?;
    assert_eq!(state(&pool), (1, 1, 1, 0));
    assert!(pool.is_open());
    assert_eq!(pool.remove_liquidity(raw(1)), Err(AmmError::LpExceedsHoldings { lp: raw(1), burnable: Wad::ZERO }));
    Ok(())
}

/// The first deposit decides what is locked; later deposits of either kind keep it.
#[test]
fn the_first_deposit_sets_the_locked_units() -> Result<(), AmmError> {
    // Opened by mint_by_ddt (10 / 10, S = 10e18), then a pair deposit of 5 / 5:
    // min(5e18 * 10e18 / 10e18, same) = 5e18; still nothing locked.
    let mut by_ddt = Pool::new(3000)?;
    by_ddt.mint_by_ddt(raw(10 * E18), raw(10 * E18))?;
    assert_eq!(by_ddt.mint(raw(5 * E18), raw(5 * E18))?.lp, raw(5 * E18));
    assert_eq!(state(&by_ddt), (15 * E18, 15 * E18, 15 * E18, 0));

    // Opened by mint (10 / 10: S = sqrt(1e38) = 10e18, 1000 locked), then 5 dDT by dDT:
    // floor(5e18 * 10e18 / 10e18) = 5e18; the 1000 units stay locked.
    let mut by_pair = Pool::new(3000)?;
    by_pair.mint(raw(10 * E18), raw(10 * E18))?;
    assert_eq!(by_pair.mint_by_ddt(raw(5 * E18), raw(5 * E18))?.lp, raw(5 * E18));
    assert_eq!(state(&by_pair), (15 * E18, 15 * E18, 15 * E18, MINIMUM_LIQUIDITY));
    assert_eq!(by_pair.burnable_lp(), raw(15 * E18 - MINIMUM_LIQUIDITY));
    Ok(())
}
