//! Property tests of `math` over the whole `u128` range: no panics, Uniswap-identical integers
//! at 0.3 %, the K inequality holds and is tight, and the in/out round trip favours the pool.

use grassroot_amm::U256;
use grassroot_amm::math::{self, FEE_DENOMINATOR};
use proptest::prelude::*;

/// Any `u128`, spread over all magnitudes: a random bit width, then a random value below it.
fn amount() -> impl Strategy<Value = u128> {
    (0u32..=128, any::<u128>()).prop_map(|(bits, v)| if bits == 128 { v } else { v & ((1u128 << bits) - 1) })
}

/// Mostly valid fees, sometimes anything.
fn fee() -> impl Strategy<Value = u32> {
    prop_oneof![Just(3000u32), 0u32..=999_999, any::<u32>()]
}

fn w(v: u128) -> U256 {
    U256::from(v)
}

/// `(r*D + a*g) * (R - o) >= r*R*D`, or `None` if the check itself needs more than 256 bits.
fn k_holds(a: u128, o: u128, r: u128, big_r: u128, fee_ppm: u32) -> Option<bool> {
    let d = w(u128::from(FEE_DENOMINATOR));
    let g = w(u128::from(FEE_DENOMINATOR - fee_ppm));
    let left = w(r).checked_mul(d)?.checked_add(w(a).checked_mul(g)?)?.checked_mul(w(big_r.checked_sub(o)?))?;
    let right = w(r).checked_mul(w(big_r))?.checked_mul(d)?;
    Some(left >= right)
}

/// UniswapV2Library.getAmountOut verbatim (997/1000), `None` where Solidity would revert.
fn uniswap_out(a: u128, r: u128, big_r: u128) -> Option<u128> {
    if a == 0 || r == 0 || big_r == 0 {
        return None;
    }
    let with_fee = w(a).checked_mul(w(997))?;
    let num = with_fee.checked_mul(w(big_r))?;
    let den = w(r).checked_mul(w(1000))?.checked_add(with_fee)?;
    let q = num / den;
    (q <= w(u128::MAX)).then(|| q.as_u128())
}

/// UniswapV2Library.getAmountIn verbatim (997/1000), `None` where Solidity would revert.
fn uniswap_in(o: u128, r: u128, big_r: u128) -> Option<u128> {
    if o == 0 || r == 0 || big_r == 0 || o >= big_r {
        return None;
    }
    let num = w(r).checked_mul(w(o))?.checked_mul(w(1000))?;
    let den = w(big_r - o).checked_mul(w(997))?;
    let q = num / den + w(1);
    (q <= w(u128::MAX)).then(|| q.as_u128())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

    #[test]
    fn get_amount_out_never_panics_and_is_tight(a in amount(), r in amount(), big_r in amount(), f in fee()) {
        if let Ok(o) = math::get_amount_out(a, r, big_r, f) {
            prop_assert!(o < big_r, "a swap can never empty the reserve");
            if let Some(ok) = k_holds(a, o, r, big_r, f) {
                prop_assert!(ok, "K must hold");
            }
            if let Some(ok) = k_holds(a, o + 1, r, big_r, f) {
                prop_assert!(!ok, "one more unit out must break K");
            }
        }
    }

    #[test]
    fn get_amount_out_equals_uniswap_at_30_bps(a in amount(), r in amount(), big_r in amount()) {
        // Same integers, and an error exactly where Solidity reverts (including 256-bit overflow).
        prop_assert_eq!(math::get_amount_out(a, r, big_r, 3000).ok(), uniswap_out(a, r, big_r));
    }

    #[test]
    fn get_amount_in_never_panics_and_satisfies_k(o in amount(), r in amount(), big_r in amount(), f in fee()) {
        if let Ok(a) = math::get_amount_in(o, r, big_r, f) {
            prop_assert!(a >= 1 && o < big_r);
            if let Some(ok) = k_holds(a, o, r, big_r, f) {
                prop_assert!(ok, "K must hold for the charged input");
            }
            if a >= 2 && let Some(ok) = k_holds(a - 2, o, r, big_r, f) {
                prop_assert!(!ok, "two units less must break K");
            }
        }
    }

    #[test]
    fn get_amount_in_equals_uniswap_at_30_bps(o in amount(), r in amount(), big_r in amount()) {
        prop_assert_eq!(math::get_amount_in(o, r, big_r, 3000).ok(), uniswap_in(o, r, big_r));
    }

    #[test]
    fn round_trip_out_of_in_covers_the_request(o in amount(), r in amount(), big_r in amount(), f in fee()) {
        if let Ok(a) = math::get_amount_in(o, r, big_r, f)
            && let Ok(got) = math::get_amount_out(a, r, big_r, f)
        {
            prop_assert!(got >= o, "paid get_amount_in({o}) = {a} but received {got}");
        }
    }

    #[test]
    fn quote_is_the_floor_of_the_ratio(a in amount(), ra in amount(), rb in amount()) {
        match math::quote(a, ra, rb) {
            Ok(b) => {
                prop_assert!(a > 0 && ra > 0 && rb > 0);
                prop_assert_eq!(w(b), w(a) * w(rb) / w(ra));
            }
            Err(_) => prop_assert!(a == 0 || ra == 0 || rb == 0 || w(a) * w(rb) / w(ra) > w(u128::MAX)),
        }
    }

    #[test]
    fn fee_paid_is_at_most_the_input(a in amount(), f in fee()) {
        match math::fee_paid(a, f) {
            Ok(x) => prop_assert!(x <= a && f < FEE_DENOMINATOR),
            Err(_) => prop_assert!(f >= FEE_DENOMINATOR),
        }
    }

    #[test]
    fn sqrt_floor_is_the_integer_root(a in amount(), b in amount()) {
        let s = math::sqrt_floor(a, b);
        let p = w(a) * w(b);
        prop_assert!(w(s) * w(s) <= p);
        if let Some(next) = (w(s) + w(1)).checked_mul(w(s) + w(1)) {
            prop_assert!(next > p);
        }
    }
}
