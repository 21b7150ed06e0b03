//! Swaps under `FeeModel::Account` (the original simulation: the fee is xDAI and leaves the
//! reserves into the pair's fee account) and the fee account itself, with every number derived
//! by hand from the formulas of `pool/swap/account.rs`.
//!
//! Pool: 1000 dDT / 100 xDAI (`Rd` = 1000e18, `Rx` = 100e18), fee 3000 ppm, so
//! `fee(v) = floor(v * 3 / 1000)` and `least(n) = floor((n - 1) * 1000 / 997) + 1`.

use grassroot_amm::{AmmError, FeeModel, Pool, Side, Swap, Token, U256, Wad, Withdrawal};

const E18: u128 = 1_000_000_000_000_000_000;

fn raw(v: u128) -> Wad {
    Wad::from_raw(v)
}

/// `(reserve_ddt, reserve_xdai, fee_account)`.
fn state(pool: &Pool) -> (u128, u128, u128) {
    (pool.reserve_ddt().raw(), pool.reserve_xdai().raw(), pool.fee_account().raw())
}

fn k(ddt: u128, xdai: u128) -> U256 {
    U256::from(ddt) * U256::from(xdai)
}

/// The 1000 dDT / 100 xDAI pool under the fee-account model.
fn account_pool() -> Result<Pool, AmmError> {
    let mut pool = Pool::new(3000)?;
    pool.set_fee_model(FeeModel::Account)?;
    pool.mint_by_ddt(raw(1000 * E18), raw(100 * E18))?;
    Ok(pool)
}

fn swap(side: Side, amount_in: u128, amount_out: u128, fee: u128) -> Swap {
    Swap { side, amount_in: raw(amount_in), amount_out: raw(amount_out), fee: raw(fee), fee_token: Token::Xdai }
}

/// Buy, exact in, 1 xDAI: `fee = fee(1e18) = 3e15`, `net = 997e15`,
/// `out = floor(1000e18 * 997e15 / (100e18 + 997e15)) = floor(9.8715803439706129...e18)`.
#[test]
fn buy_exact_in() -> Result<(), AmmError> {
    let mut pool = account_pool()?;
    let out = 9_871_580_343_970_612_988;
    assert_eq!(pool.preview_exact_in(Side::BuyDdt, raw(E18))?, raw(out));
    // One more out is refused as slippage, and it would break k: (100e18 + net) * (Rd - out - 1) < k.
    let before = pool.clone();
    let err = pool.swap_exact_in(Side::BuyDdt, raw(E18), raw(out + 1));
    assert_eq!(err, Err(AmmError::MinOutNotMet { amount_out: raw(out), min_out: raw(out + 1) }));
    assert_eq!(pool, before);
    assert!(k(1000 * E18 - out - 1, 100 * E18 + 997 * E18 / 1000) < k(1000 * E18, 100 * E18));
    let s = pool.swap_exact_in(Side::BuyDdt, raw(E18), raw(out))?;
    assert_eq!(s, swap(Side::BuyDdt, E18, out, 3 * E18 / 1000));
    // Rd = 1000e18 - out, Rx = 100e18 + net: the fee is not in the reserves.
    assert_eq!(state(&pool), (990_128_419_656_029_387_012, 100_997 * E18 / 1000, 3 * E18 / 1000));
    assert!(pool.k() >= before.k());
    Ok(())
}

/// Sell, exact in, 10 dDT: `gross = floor(100e18 * 10e18 / 1010e18) = 990099009900990099`,
/// `fee = floor(gross * 3 / 1000) = floor(2970297029702970.297)`, `out = gross - fee`.
#[test]
fn sell_exact_in() -> Result<(), AmmError> {
    let mut pool = account_pool()?;
    let (gross, fee) = (990_099_009_900_990_099, 2_970_297_029_702_970);
    let out = gross - fee; // 987128712871287129
    assert_eq!(out, 987_128_712_871_287_129);
    assert_eq!(pool.preview_exact_in(Side::SellDdt, raw(10 * E18))?, raw(out));
    let s = pool.swap_exact_in(Side::SellDdt, raw(10 * E18), raw(out))?;
    assert_eq!(s, swap(Side::SellDdt, 10 * E18, out, fee));
    // Rd = 1010e18, Rx = 100e18 - gross (the seller's out and the fee both left it).
    assert_eq!(state(&pool), (1010 * E18, 99_009_900_990_099_009_901, fee));
    // One more gross would break k: 1010e18 * (100e18 - gross - 1) < 1000e18 * 100e18.
    assert!(k(1010 * E18, 100 * E18 - gross - 1) < k(1000 * E18, 100 * E18));
    assert!(k(1010 * E18, 100 * E18 - gross) >= k(1000 * E18, 100 * E18));
    Ok(())
}

/// Buy, exact out, 10 dDT: `net = floor(100e18 * 10e18 / 990e18) + 1 = 1010101010101010101 + 1`,
/// `x = least(net) = floor(1010101010101010101 * 1000 / 997) + 1 = 1013140431395195688 + 1`,
/// `fee = x - net = 3039421294185587 = floor(x * 3 / 1000)` (`x * 3 / 1000 = ...587.067`).
#[test]
fn buy_exact_out() -> Result<(), AmmError> {
    let mut pool = account_pool()?;
    let (net, x) = (1_010_101_010_101_010_102, 1_013_140_431_395_195_689);
    let fee = 3_039_421_294_185_587;
    assert_eq!(x - net, fee);
    assert_eq!(pool.preview_exact_out(Side::BuyDdt, raw(10 * E18))?, raw(x));
    // The least input: x - 1 nets (x - 1) - floor((x - 1) * 3 / 1000) = net - 1, and as an exact
    // input buys floor(1000e18 * (net - 1) / (100e18 + net - 1)) = 9999999999999999999 < 10e18.
    assert_eq!(x - 1 - grassroot_amm::math::fee_paid(x - 1, 3000)?, net - 1);
    assert_eq!(pool.preview_exact_in(Side::BuyDdt, raw(x - 1))?, raw(10 * E18 - 1));
    let before = pool.clone();
    assert_eq!(
        pool.swap_exact_out(Side::BuyDdt, raw(10 * E18), raw(x - 1)),
        Err(AmmError::MaxInExceeded { amount_in: raw(x), max_in: raw(x - 1) })
    );
    assert_eq!(pool, before);
    let s = pool.swap_exact_out(Side::BuyDdt, raw(10 * E18), raw(x))?;
    assert_eq!(s, swap(Side::BuyDdt, x, 10 * E18, fee));
    assert_eq!(state(&pool), (990 * E18, 100 * E18 + net, fee));
    // net - 1 = floor(...) would not keep k: (100e18 + net - 1) * 990e18 < k (the division is
    // not exact); net does.
    assert!(k(990 * E18, 100 * E18 + net - 1) < k(1000 * E18, 100 * E18));
    assert!(pool.k() > before.k());
    Ok(())
}

/// Sell, exact out, 1 xDAI: `gross = least(1e18) = floor((1e18 - 1) * 1000 / 997) + 1 =
/// 1003009027081243730 + 1`, `fee = gross - 1e18 = 3009027081243731 = floor(gross * 3 / 1000)`
/// (`...731.193`), `d = floor(1000e18 * gross / (100e18 - gross)) + 1 = 10131712259371833837 + 1`.
#[test]
fn sell_exact_out() -> Result<(), AmmError> {
    let mut pool = account_pool()?;
    let (gross, d) = (1_003_009_027_081_243_731, 10_131_712_259_371_833_838);
    let fee = gross - E18;
    assert_eq!(fee, 3_009_027_081_243_731);
    // gross - 1 nets (gross - 1) - floor((gross - 1) * 3 / 1000) = 1e18 - 1: one unit short.
    assert_eq!(gross - 1 - grassroot_amm::math::fee_paid(gross - 1, 3000)?, E18 - 1);
    assert_eq!(pool.preview_exact_out(Side::SellDdt, raw(E18))?, raw(d));
    let s = pool.swap_exact_out(Side::SellDdt, raw(E18), raw(d))?;
    assert_eq!(s, swap(Side::SellDdt, d, E18, fee));
    assert_eq!(state(&pool), (1000 * E18 + d, 100 * E18 - gross, fee));
    // d - 1 would not keep k: (1000e18 + d - 1) * (100e18 - gross) < k.
    assert!(k(1000 * E18 + d - 1, 100 * E18 - gross) < k(1000 * E18, 100 * E18));
    assert!(pool.k() > k(1000 * E18, 100 * E18));
    Ok(())
}

/// The four swaps one after another: the fee account is the sum of their fees.
#[test]
fn the_fee_account_adds_up_the_fees() -> Result<(), AmmError> {
    let mut pool = account_pool()?;
    // 1. Buy 1 xDAI exact in, as in `buy_exact_in`: fee 3e15.
    pool.swap_exact_in(Side::BuyDdt, raw(E18), Wad::ZERO)?;
    assert_eq!(state(&pool), (990_128_419_656_029_387_012, 100_997_000_000_000_000_000, 3_000_000_000_000_000));
    // 2. Sell 10 dDT exact in: gross = floor(100997e15 * 10e18 / 1000128419656029387012) =
    //    1009840316653890700, fee = floor(gross * 3 / 1000) = 3029520949961672.
    let s = pool.swap_exact_in(Side::SellDdt, raw(10 * E18), Wad::ZERO)?;
    assert_eq!((s.amount_out, s.fee), (raw(1_006_810_795_703_929_028), raw(3_029_520_949_961_672)));
    assert_eq!(state(&pool), (1_000_128_419_656_029_387_012, 99_987_159_683_346_109_300, 6_029_520_949_961_672));
    // 3. Buy 10 dDT exact out: net = floor(99987159683346109300 * 10e18 / 990128419656029387012)
    //    + 1 = 1009840316653890701, x = floor((net - 1) * 1000 / 997) + 1 = 1012878953514434003,
    //    fee = x - net = 3038636860543302.
    let s = pool.swap_exact_out(Side::BuyDdt, raw(10 * E18), Wad::MAX)?;
    assert_eq!((s.amount_in, s.fee), (raw(1_012_878_953_514_434_003), raw(3_038_636_860_543_302)));
    assert_eq!(state(&pool), (990_128_419_656_029_387_012, 100_997_000_000_000_000_001, 9_068_157_810_504_974));
    // 4. Sell for 1 xDAI exact out: gross = 1003009027081243731 (as in `sell_exact_out`),
    //    fee = 3009027081243731, d = floor(990128419656029387012 * gross / (100997000000000000001
    //    - gross)) + 1 = 9931674225840686042.
    let s = pool.swap_exact_out(Side::SellDdt, raw(E18), Wad::MAX)?;
    assert_eq!((s.amount_in, s.fee), (raw(9_931_674_225_840_686_042), raw(3_009_027_081_243_731)));
    // 3e15 + 3029520949961672 + 3038636860543302 + 3009027081243731 = 12077184891748705.
    assert_eq!(state(&pool), (1_000_060_093_881_870_073_054, 99_993_990_972_918_756_270, 12_077_184_891_748_705));
    Ok(())
}

/// `FeeModel::Reserves` is the default and gives the Uniswap integers of `pool_table.rs`, with the
/// fee in the input token and nothing in the fee account.
#[test]
fn the_reserves_model_is_uniswap_as_before() -> Result<(), AmmError> {
    let mut pool = Pool::new(3000)?;
    assert_eq!(pool.fee_model(), FeeModel::Reserves);
    assert_eq!(FeeModel::default(), FeeModel::Reserves);
    pool.set_fee_model(FeeModel::Reserves)?;
    assert_eq!(pool, Pool::new(3000)?);
    pool.add_liquidity(Wad::from_tokens(5), Wad::from_tokens(10), Wad::ZERO, Wad::ZERO)?;
    let mut buy = pool.clone();
    // Uniswap swap:token0: 1 dDT in on 5 / 10 -> 1662497915624478906 xDAI, fee 3e15 dDT.
    let s = pool.swap_exact_in(Side::SellDdt, Wad::ONE, Wad::ZERO)?;
    let expected = Swap {
        side: Side::SellDdt,
        amount_in: Wad::ONE,
        amount_out: raw(1_662_497_915_624_478_906),
        fee: raw(3 * E18 / 1000),
        fee_token: Token::Ddt,
    };
    assert_eq!(s, expected);
    assert_eq!(state(&pool), (6 * E18, 8_337_502_084_375_521_094, 0));
    // Uniswap swap:token1: 1 xDAI in on 5 / 10 -> 453305446940074565 dDT, fee 3e15 xDAI.
    let s = buy.swap_exact_in(Side::BuyDdt, Wad::ONE, Wad::ZERO)?;
    assert_eq!((s.amount_out, s.fee, s.fee_token), (raw(453_305_446_940_074_565), raw(3 * E18 / 1000), Token::Xdai));
    assert_eq!(state(&buy), (4_546_694_553_059_925_435, 11 * E18, 0));
    // Exact out, getAmountIn(1662497915624478906, 5e18, 10e18) = 1e18.
    let mut out = Pool::new(3000)?;
    out.add_liquidity(Wad::from_tokens(5), Wad::from_tokens(10), Wad::ZERO, Wad::ZERO)?;
    let s = out.swap_exact_out(Side::SellDdt, raw(1_662_497_915_624_478_906), Wad::MAX)?;
    assert_eq!(s, expected);
    assert_eq!(out, pool);
    assert_eq!((pool.fee_account(), pool.fee_share(pool.lp_supply())), (Wad::ZERO, Wad::ZERO));
    Ok(())
}

/// Two LPs deposit by dDT, trade happens, each collects `fee_share` of the account.
#[test]
fn two_lps_collect_their_fee_shares() -> Result<(), AmmError> {
    let mut pool = Pool::new(3000)?;
    pool.set_fee_model(FeeModel::Account)?;
    // A: 1000 dDT + 100 xDAI on the empty pool -> 1000e18 LP. B: 500 + 50 ->
    // floor(500e18 * 1000e18 / 1000e18) = 500e18 LP. S = 1500e18, reserves 1500 / 150.
    let a = pool.mint_by_ddt(raw(1000 * E18), raw(100 * E18))?.lp;
    let b = pool.mint_by_ddt(raw(500 * E18), raw(50 * E18))?.lp;
    assert_eq!((a, b, pool.lp_supply()), (raw(1000 * E18), raw(500 * E18), raw(1500 * E18)));
    assert_eq!(pool.fee_share(a), Wad::ZERO);
    // Buy 3 xDAI exact in: fee = 9e15, net = 2991e15,
    // out = floor(1500e18 * 2991e15 / (150e18 + 2991e15)) = 29325254426730984175.
    let s = pool.swap_exact_in(Side::BuyDdt, raw(3 * E18), Wad::ZERO)?;
    assert_eq!((s.amount_out, s.fee), (raw(29_325_254_426_730_984_175), raw(9 * E18 / 1000)));
    // Sell 30 dDT exact in on 1470674745573269015825 / 152991e15:
    // gross = floor(152991e15 * 30e18 / 1500674745573269015825) = 3058444218868152334,
    // fee = floor(gross * 3 / 1000) = 9175332656604457 (gross * 3 / 1000 = ...457.002).
    let s = pool.swap_exact_in(Side::SellDdt, raw(30 * E18), Wad::ZERO)?;
    assert_eq!((s.amount_out, s.fee), (raw(3_049_268_886_211_547_877), raw(9_175_332_656_604_457)));
    // F = 9e15 + 9175332656604457 = 18175332656604457.
    let f = 18_175_332_656_604_457;
    assert_eq!(pool.fee_account(), raw(f));
    // A: floor(F * 1000e18 / 1500e18) = floor(12116888437736304.67); B: floor(F / 3) =
    // floor(6058444218868152.33). Together F - 1: the unit of dust stays in the account.
    let (share_a, share_b) = (pool.fee_share(a), pool.fee_share(b));
    assert_eq!((share_a, share_b), (raw(12_116_888_437_736_304), raw(6_058_444_218_868_152)));
    pool.pay_fees(share_a)?;
    // Shares are of the account now: B's share after A was paid is floor(6058444218868153 / 3)
    // = 2019481406289384, which is why every share is computed before any is paid.
    assert_eq!(pool.fee_share(b), raw(2_019_481_406_289_384));
    pool.pay_fees(share_b)?;
    assert_eq!(pool.fee_account(), raw(1));
    // A burn does not touch the account: B burns its 500e18 of 1500e18 LP and gets
    // floor(1500674745573269015825 / 3) dDT and floor(149932555781131847666 / 3) xDAI; the dust
    // is then all A's: floor(1 * 1000e18 / 1000e18) = 1.
    let w = pool.remove_liquidity(b)?;
    assert_eq!(w, Withdrawal { ddt: raw(500_224_915_191_089_671_941), xdai: raw(49_977_518_593_710_615_888) });
    assert_eq!((pool.fee_account(), pool.fee_share(a)), (raw(1), raw(1)));
    assert_eq!(pool.clear_fee_account(), raw(1));
    assert_eq!(pool.fee_account(), Wad::ZERO);
    assert_eq!(pool.clear_fee_account(), Wad::ZERO);
    Ok(())
}

#[test]
fn fee_account_errors_change_nothing() -> Result<(), AmmError> {
    let mut pool = account_pool()?;
    pool.swap_exact_in(Side::BuyDdt, raw(E18), Wad::ZERO)?; // fee account 3e15
    let before = pool.clone();
    let held = raw(3 * E18 / 1000);
    assert_eq!(
        pool.pay_fees(raw(3 * E18 / 1000 + 1)),
        Err(AmmError::FeesExceedAccount { xdai: raw(3 * E18 / 1000 + 1), fee_account: held })
    );
    assert_eq!(pool.set_fee_model(FeeModel::Reserves), Err(AmmError::FeeAccountNotEmpty { fee_account: held }));
    // Staying on the same model is always allowed.
    pool.set_fee_model(FeeModel::Account)?;
    assert_eq!(pool, before);
    // Sell 9 base units on 990128419656029387012 / 100997e15 (see `buy_exact_in`):
    // gross = floor(100997e15 * 9 / (990128419656029387012 + 9)) = floor(0.918...) = 0 -> refused.
    assert_eq!(
        pool.swap_exact_in(Side::SellDdt, raw(9), Wad::ZERO),
        Err(AmmError::OutputRoundsToZero { amount_in: raw(9) })
    );
    assert_eq!(pool.swap_exact_in(Side::BuyDdt, Wad::ZERO, Wad::ZERO), Err(AmmError::InsufficientInputAmount));
    assert_eq!(pool.swap_exact_out(Side::SellDdt, Wad::ZERO, Wad::MAX), Err(AmmError::InsufficientOutputAmount));
    assert_eq!(pool.swap_exact_out(Side::BuyDdt, Wad::ZERO, Wad::MAX), Err(AmmError::InsufficientOutputAmount));
    let rd = pool.reserve_ddt();
    assert_eq!(
        pool.swap_exact_out(Side::BuyDdt, rd, Wad::MAX),
        Err(AmmError::OutputExceedsReserve { amount_out: rd, reserve_out: rd })
    );
    assert!(matches!(pool.swap_exact_in(Side::SellDdt, Wad::MAX, Wad::ZERO), Err(AmmError::Overflow { .. })));
    assert_eq!(pool, before);
    Ok(())
}

/// A seller's gross must stay below the xDAI reserve: on 1000 / 100 the largest net is
/// `(100e18 - 1) - fee(100e18 - 1) = 99.7e18`, whose gross `least(99.7e18) = floor((99.7e18 - 1)
/// * 1000 / 997) + 1 = 100e18 - 1`; one more out needs `least(99.7e18 + 1) = 100e18 + 1`.
#[test]
fn a_sale_can_never_take_the_whole_xdai_reserve() -> Result<(), AmmError> {
    let mut pool = account_pool()?;
    let before = pool.clone();
    let o = 99_700_000_000_000_000_000;
    assert_eq!(
        pool.swap_exact_out(Side::SellDdt, raw(o + 1), Wad::MAX),
        Err(AmmError::OutputExceedsReserve { amount_out: raw(100 * E18 + 1), reserve_out: raw(100 * E18) })
    );
    // At o, gross = 100e18 - 1 leaves 1 base unit, but d = floor(1000e18 * (100e18 - 1) / 1) + 1
    // is about 1e41, beyond u128.
    assert!(matches!(pool.swap_exact_out(Side::SellDdt, raw(o), Wad::MAX), Err(AmmError::Overflow { .. })));
    assert_eq!(pool, before);
    Ok(())
}

#[test]
fn fee_share_edges() -> Result<(), AmmError> {
    // No supply: nothing to share.
    assert_eq!(Pool::new(3000)?.fee_share(Wad::MAX), Wad::ZERO);
    let mut pool = account_pool()?;
    pool.swap_exact_in(Side::BuyDdt, raw(E18), Wad::ZERO)?; // fee account 3e15, S = 1000e18
    // More LP than exists counts as the whole supply: never more than the account.
    assert_eq!(pool.fee_share(Wad::MAX), raw(3 * E18 / 1000));
    // 1 LP unit: floor(3e15 * 1 / 1000e18) = 0. 1e18: floor(3e15 * 1e18 / 1000e18) = 3e12.
    assert_eq!(pool.fee_share(raw(1)), Wad::ZERO);
    assert_eq!(pool.fee_share(raw(E18)), raw(3 * E18 / 1_000_000));
    pool.pay_fees(Wad::ZERO)?;
    pool.pay_fees(raw(3 * E18 / 1000))?;
    assert_eq!(pool.fee_account(), Wad::ZERO);
    pool.set_fee_model(FeeModel::Reserves)?;
    assert_eq!(pool.fee_model(), FeeModel::Reserves);
    Ok(())
}

#[test]
fn fee_errors_name_the_numbers() {
    let e = AmmError::FeesExceedAccount { xdai: Wad::from_tokens(2), fee_account: Wad::ONE };
    assert_eq!(e.to_string(), "amm: fees exceed the fee account: paying xDAI 2 > fee_account 1");
    let e = AmmError::FeeAccountNotEmpty { fee_account: raw(3 * E18 / 1000) };
    assert!(e.to_string().starts_with("amm: fee account not empty: it holds xDAI 0.003;"));
    assert_eq!((Token::Ddt.to_string(), Token::Xdai.to_string()), ("dDT".to_string(), "xDAI".to_string()));
}
