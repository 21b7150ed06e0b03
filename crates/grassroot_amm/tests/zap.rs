//! The zap, `Pool::zap_ddt` (dDT alone turned into liquidity: sell `s`, deposit the rest and the
//! xDAI received), with every number derived by hand from the formulas of `pool/zap.rs`:
//! `s = floor((sqrt(x^2 (F + g)^2 + 4 g F x a) - x (F + g)) / (2 g))`, Uniswap's
//! `get_amount_out` for the sale, `Pair.mint` for the deposit.

use grassroot_amm::{AmmError, Pool, Side, Wad};

const E18: u128 = 1_000_000_000_000_000_000;

fn raw(v: u128) -> Wad {
    Wad::from_raw(v)
}

/// 1000 dDT / 100 xDAI opened by a pair deposit: S = floor(sqrt(1000e18 * 100e18)).
fn pool(fee_ppm: u32) -> Result<Pool, AmmError> {
    let mut pool = Pool::new(fee_ppm)?;
    pool.mint(raw(1000 * E18), raw(100 * E18))?;
    assert_eq!(pool.lp_supply(), raw(316_227_766_016_837_933_199));
    Ok(pool)
}

/// `[a, fee_ppm, sold, xdai_out, lp]` on 1000 dDT / 100 xDAI; after the zap the pool holds
/// 1000 + a dDT and 100 xDAI again (the sale's xDAI goes back in with the deposit).
#[test]
fn zap_table() -> Result<(), AmmError> {
    let rows: [(u128, u32, u128, u128, u128); 3] = [
        // 100 dDT at 0.3%: b = 1000e18 * 1997000, root of b^2 + 4 * 997000 * 1e6 * 1000e18 * 100e18.
        (100 * E18, 3000, 48_882_173_994_193_580_692, 4_647_075_091_436_947_209, 15_411_526_978_189_517_148),
        // 1 dDT at 0.3%: a little over half is sold (the fee).
        (E18, 3000, 500_626_001_745_396_739, 49_887_512_313_147_178, 157_836_906_615_462_750),
        // 100 dDT with no fee: s^2 + 2000e18 s - 100000e36 = 0.
        (100 * E18, 0, 48_808_848_170_151_546_991, 4_653_741_075_440_768_455, 15_434_713_018_702_051_710),
    ];
    for (a, fee, sold, out, lp) in rows {
        let mut p = pool(fee)?;
        let supply = p.lp_supply();
        assert_eq!(p.zap_sale(raw(a))?, raw(sold), "a = {a}, fee = {fee}");
        let zap = p.zap_ddt(raw(a))?;
        assert_eq!((zap.swap.side, zap.swap.amount_in, zap.swap.amount_out), (Side::SellDdt, raw(sold), raw(out)));
        assert_eq!((zap.deposit.ddt, zap.deposit.xdai, zap.deposit.lp), (raw(a - sold), raw(out), raw(lp)));
        assert_eq!((p.reserve_ddt(), p.reserve_xdai()), (raw(1000 * E18 + a), raw(100 * E18)));
        assert_eq!(p.lp_supply(), supply.checked_add(raw(lp)).unwrap_or(Wad::MAX));
    }
    Ok(())
}

/// The zap's sale is the best one: selling 10^9 base units more or less, or half, gives fewer LP.
#[test]
fn the_zap_sale_mints_the_most_lp() -> Result<(), AmmError> {
    let lp_for = |sold: u128| -> Result<Wad, AmmError> {
        let mut p = pool(3000)?;
        let swap = p.swap_exact_in(Side::SellDdt, raw(sold), Wad::ZERO)?;
        Ok(p.mint(raw(100 * E18 - sold), swap.amount_out)?.lp)
    };
    let best = pool(3000)?.zap_ddt(raw(100 * E18))?.deposit.lp;
    let s = 48_882_173_994_193_580_692;
    for other in [s - 1_000_000_000, s + 1_000_000_000, 50 * E18] {
        assert!(lp_for(other)? < best, "selling {other} gives as much as the zap");
    }
    Ok(())
}

/// A closed pool, or an amount too small to sell, is refused and changes nothing.
#[test]
fn a_zap_that_cannot_happen_changes_nothing() -> Result<(), AmmError> {
    let mut closed = Pool::new(3000)?;
    assert!(matches!(closed.zap_ddt(raw(E18)), Err(AmmError::PoolNotOpen { .. })));
    let mut p = pool(3000)?;
    let before = p.clone();
    assert!(p.zap_ddt(raw(1)).is_err(), "one base unit sells for nothing");
    assert_eq!(p, before);
    Ok(())
}
