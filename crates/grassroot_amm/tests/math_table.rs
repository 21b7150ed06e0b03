//! Table tests of the Uniswap v2 library math, row shape `[amount_in, reserve_in, reserve_out,
//! expected]` in raw base units. Every expected value is derived in the row's comment from the
//! 0.3 % formulas `out = floor(a*997*R / (r*1000 + a*997))` and
//! `in = floor(r*o*1000 / ((R-o)*997)) + 1`; `math` uses the ppm form, which gives the same
//! integers (proof in the `math` module docs).

use grassroot_amm::U256;
use grassroot_amm::math::{self, FEE_DENOMINATOR};
use grassroot_amm::{AmmError, Wad};

const E18: u128 = 1_000_000_000_000_000_000;
const FEE: u32 = 3000;

/// Uniswap's pair `K` check with the fee in ppm: `(r*D + in*g) * (R - out) >= r*R*D`.
fn k_holds(amount_in: u128, amount_out: u128, r: u128, big_r: u128, fee_ppm: u32) -> bool {
    let d = U256::from(FEE_DENOMINATOR);
    let g = U256::from(FEE_DENOMINATOR - fee_ppm);
    let lhs = (U256::from(r) * d + U256::from(amount_in) * g) * U256::from(big_r - amount_out);
    lhs >= U256::from(r) * U256::from(big_r) * d
}

/// `[amount_in, reserve_in, reserve_out, expected_out]` at 0.3 %.
const AMOUNT_OUT_ROWS: [[u128; 4]; 11] = [
    // Uniswap v2-core UniswapV2Pair.spec.ts swapTestCases (amounts x 1e18 except the result):
    // A = 1e18*997 = 997e18; num = A*10e18 = 9.97e39; den = 5e18*1000 + A = 5997e18;
    // 9970000000000000000000000000000000000000 / 5997000000000000000000 = 1662497915624478906
    // remainder 718000000000000000000.
    [E18, 5 * E18, 10 * E18, 1_662_497_915_624_478_906],
    // A = 997e18; num = A*5e18 = 4.985e39; den = 10e18*1000 + A = 10997e18;
    // q = 453305446940074565, remainder 8695e18.
    [E18, 10 * E18, 5 * E18, 453_305_446_940_074_565],
    // A = 2e18*997 = 1994e18; num = A*10e18 = 1.994e40; den = 5000e18 + 1994e18 = 6994e18;
    // q = 2851015155847869602, remainder 3612e18.
    [2 * E18, 5 * E18, 10 * E18, 2_851_015_155_847_869_602],
    // A = 1994e18; num = A*5e18 = 9.97e39; den = 10000e18 + 1994e18 = 11994e18;
    // q = 831248957812239453, remainder 718e18.
    [2 * E18, 10 * E18, 5 * E18, 831_248_957_812_239_453],
    // A = 997e18; num = A*10e18 = 9.97e39; den = 10000e18 + 997e18 = 10997e18;
    // q = 906610893880149131, remainder 6393e18.
    [E18, 10 * E18, 10 * E18, 906_610_893_880_149_131],
    // A = 997e18; num = A*100e18 = 9.97e40; den = 100000e18 + 997e18 = 100997e18;
    // q = 987158034397061298, remainder 85894e18.
    [E18, 100 * E18, 100 * E18, 987_158_034_397_061_298],
    // A = 997e18; num = A*1000e18 = 9.97e41; den = 1000000e18 + 997e18 = 1000997e18;
    // q = 996006981039903216, remainder 493648e18.
    [E18, 1000 * E18, 1000 * E18, 996_006_981_039_903_216],
    // UniswapV2Router02 spec getAmountOut(2, 100, 100): A = 1994; num = 199400;
    // den = 100000 + 1994 = 101994; 199400 / 101994 = 1 remainder 97406.
    [2, 100, 100, 1],
    // A = 1000*997 = 997000; num = A*2 = 1994000; den = 997*1000 + A = 1994000; exactly 1.
    [1000, 997, 2, 1],
    // Dust: A = 997; num = 997; den = 1000 + 997 = 1997; 997 / 1997 = 0 (Uniswap returns 0 too).
    [1, 1, 1, 0],
    // A = 1e6*997 = 997000000; num = A*1e6 = 997e12; den = 1e9 + 997e6 = 1997e6;
    // 997000000000000 / 1997000000 = 499248 remainder 1744000000.
    [1_000_000, 1_000_000, 1_000_000, 499_248],
];

#[test]
fn get_amount_out_matches_uniswap_rows() -> Result<(), AmmError> {
    for [amount_in, r, big_r, expected] in AMOUNT_OUT_ROWS {
        let out = math::get_amount_out(amount_in, r, big_r, FEE)?;
        assert_eq!(out, expected, "row [{amount_in}, {r}, {big_r}]");
        assert!(k_holds(amount_in, expected, r, big_r, FEE), "K must hold at expected");
        assert!(
            !k_holds(amount_in, expected + 1, r, big_r, FEE),
            "taking expected + 1 out must break K, row [{amount_in}, {r}, {big_r}]"
        );
    }
    Ok(())
}

/// `[amount_out, reserve_in, reserve_out, expected_in, division_exact (0/1)]` at 0.3 %.
const AMOUNT_IN_ROWS: [[u128; 5]; 6] = [
    // Inverse of the first swapTestCase: num = 5e18 * 1662497915624478906 * 1000
    // = 8312489578122394530e21; den = (10e18 - 1662497915624478906) * 997
    // = 8337502084375521094 * 997 = 8312489578122394530718;
    // q = 999999999999999999 (remainder 7594489578122394530718), + 1 = 1e18.
    [1_662_497_915_624_478_906, 5 * E18, 10 * E18, E18, 0],
    // num = 10e18 * 453305446940074565 * 1000 = 4533054469400745650e21;
    // den = (5e18 - 453305446940074565) * 997 = 4546694553059925435 * 997 = 4533054469400745658695;
    // q = 999999999999999998 (remainder 371108938801491317390), + 1 = 999999999999999999.
    [453_305_446_940_074_565, 10 * E18, 5 * E18, 999_999_999_999_999_999, 0],
    // UniswapV2Router02 spec getAmountIn(1, 100, 100): num = 100*1*1000 = 100000;
    // den = 99*997 = 98703; q = 1 (remainder 1297), + 1 = 2.
    [1, 100, 100, 2, 0],
    // Exact division: num = 997*1*1000 = 997000; den = (2-1)*997 = 997; q = 1000 (remainder 0),
    // + 1 = 1001. 1000 would already satisfy K with equality; Uniswap charges one unit more.
    [1, 997, 2, 1001, 1],
    // num = 5e18 * 1e18 * 1000 = 5e39; den = 9e18 * 997 = 8973e18;
    // q = 557227237267357628 (remainder 3956e18), + 1 = 557227237267357629.
    [E18, 5 * E18, 10 * E18, 557_227_237_267_357_629, 0],
    // Nearly the whole reserve: num = 5e18 * (5e18 - 1) * 1000 = 24999999999999999995e21;
    // den = 1 * 997; q = 25075225677031093274824473420260782347 (remainder 41), + 1.
    [5 * E18 - 1, 5 * E18, 5 * E18, 25_075_225_677_031_093_274_824_473_420_260_782_348, 0],
];

#[test]
fn get_amount_in_matches_uniswap_rows() -> Result<(), AmmError> {
    for [amount_out, r, big_r, expected, exact] in AMOUNT_IN_ROWS {
        let amount_in = math::get_amount_in(amount_out, r, big_r, FEE)?;
        assert_eq!(amount_in, expected, "row [{amount_out}, {r}, {big_r}]");
        assert!(k_holds(expected, amount_out, r, big_r, FEE), "K must hold at expected");
        // Paying one unit less breaks K unless the division was exact (then K holds with =).
        assert_eq!(k_holds(expected - 1, amount_out, r, big_r, FEE), exact == 1);
        assert!(!k_holds(expected - 2, amount_out, r, big_r, FEE), "two units less breaks K");
        // The round trip never pays out less than asked for.
        assert!(math::get_amount_out(amount_in, r, big_r, FEE)? >= amount_out);
    }
    Ok(())
}

#[test]
fn quote_rows() -> Result<(), AmmError> {
    // [amount_a, reserve_a, reserve_b, expected] = floor(a * R_b / R_a).
    let rows: [[u128; 4]; 5] = [
        [1, 100, 200, 2],                             // 1*200/100 = 2 (UniswapV2Router02 spec)
        [2, 200, 100, 1],                             // 2*100/200 = 1 (UniswapV2Router02 spec)
        [1, 3, 2, 0],                                 // 2/3 -> 0
        [100 * E18, 1000 * E18, 500 * E18, 50 * E18], // 100*500/1000 = 50 tokens
        [7, 3, 5, 11],                                // 35/3 = 11.67 -> 11
    ];
    for [a, ra, rb, expected] in rows {
        assert_eq!(math::quote(a, ra, rb)?, expected, "quote({a}, {ra}, {rb})");
    }
    Ok(())
}

#[test]
fn other_fees_use_the_ppm_formula() -> Result<(), AmmError> {
    // fee 0: out = floor(a*R / (r + a)) = 10*100/110 = 9.09 -> 9; in = floor(r*o/(R-o)) + 1.
    assert_eq!(math::get_amount_out(10, 100, 100, 0)?, 9);
    assert_eq!(math::get_amount_in(9, 100, 100, 0)?, 10); // 900/91 = 9.89 -> 9 + 1
    // 1 %: g = 990000; A = 100*990000 = 99e6; num = A*1000 = 99e9; den = 1000e6 + 99e6 = 1099e6;
    // 99e9 / 1099e6 = 90.08 -> 90.
    assert_eq!(math::get_amount_out(100, 1000, 1000, 10_000)?, 90);
    // 99.9999 %: g = 1; A = 1e6; num = 1e6*1e6 = 1e12; den = 1e6*1e6 + 1e6; 1e12 / 1000001e6 = 0.
    assert_eq!(math::get_amount_out(1_000_000, 1_000_000, 1_000_000, 999_999)?, 0);
    // num = 1e6*1*1e6 = 1e12; den = (1e6 - 1)*1 = 999999; 1e12 / 999999 = 1000001 -> + 1.
    assert_eq!(math::get_amount_in(1, 1_000_000, 1_000_000, 999_999)?, 1_000_002);
    assert_eq!(math::get_amount_in(1, 1, 1, 1_000_000), Err(AmmError::InvalidFee { fee_ppm: 1_000_000 }));
    Ok(())
}

#[test]
fn errors_where_uniswap_reverts() {
    assert_eq!(math::get_amount_out(0, 5, 5, FEE), Err(AmmError::InsufficientInputAmount));
    assert_eq!(math::get_amount_in(0, 5, 5, FEE), Err(AmmError::InsufficientOutputAmount));
    assert_eq!(math::quote(0, 5, 5), Err(AmmError::InsufficientAmount));
    let zero = Err(AmmError::InsufficientLiquidity { reserve_in: Wad::ZERO, reserve_out: Wad::from_raw(5) });
    assert_eq!(math::get_amount_out(1, 0, 5, FEE), zero);
    assert_eq!(math::get_amount_in(1, 0, 5, FEE), zero);
    assert_eq!(math::quote(1, 0, 5), zero);
    let err = math::get_amount_in(5 * E18, 5 * E18, 5 * E18, FEE);
    assert_eq!(
        err,
        Err(AmmError::OutputExceedsReserve { amount_out: Wad::from_tokens(5), reserve_out: Wad::from_tokens(5) })
    );
    let msg = err.map_or_else(|e| e.to_string(), |_| String::new());
    assert_eq!(msg, "amm: insufficient liquidity: amount_out 5 >= reserve_out 5");
    assert!(math::get_amount_in(6, 5, 5, FEE).is_err());
}

#[test]
fn sqrt_floor_rows() {
    // Uniswap mint test: sqrt(1e18 * 4e18) = 2e18 exactly.
    assert_eq!(math::sqrt_floor(E18, 4 * E18), 2 * E18);
    // sqrt(1000e18 * 500e18) = sqrt(5e41) = 707106781186547524400.84... -> floor.
    assert_eq!(math::sqrt_floor(1000 * E18, 500 * E18), 707_106_781_186_547_524_400);
    assert_eq!(math::sqrt_floor(1000, 1001), 1000); // sqrt(1001000) = 1000.4999
    assert_eq!(math::sqrt_floor(0, u128::MAX), 0);
}
