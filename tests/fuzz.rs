//! Fuzz targets as property tests over arbitrary bytes: the configuration parser (bytes as a
//! TOML file, a `.env` file, a `--set` flag) and the pool (bytes decoded into a sequence of
//! operations). Neither may panic; the pool's invariants hold after every operation.

use grassroot::amm::{Pool, Side, Wad};
use grassroot::config::{Schema, Sources, load};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn config_parser_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let toml = dir.path().join("run.toml");
        let dotenv = dir.path().join(".env");
        std::fs::write(&toml, &bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        std::fs::write(&dotenv, &bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let schema = Schema::seed();
        for sources in [
            Sources { config_file: Some(toml.clone()), ..Sources::default() },
            Sources { dotenv: Some(dotenv.clone()), ..Sources::default() },
            Sources { overrides: vec![("--set".to_owned(), text.clone())], ..Sources::default() },
        ] {
            // Ok or a clear error; never a panic. An error always says something.
            if let Err(e) = load(&schema, &sources) {
                prop_assert!(!e.to_string().is_empty());
            }
        }
    }

    #[test]
    fn pool_never_panics_on_arbitrary_operation_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let fee = u32::from(bytes.first().copied().unwrap_or(0)) * 3_900;
        let Ok(mut pool) = Pool::new(fee) else { return Ok(()) };
        let mut opened = false;
        for chunk in bytes.chunks(17).skip(1) {
            let (op, rest) = chunk.split_first().unwrap_or((&0, &[]));
            let mut raw = [0u8; 16];
            raw[..rest.len()].copy_from_slice(rest);
            // Spread amounts over every magnitude: shift a 128-bit draw right by 0..127.
            let amount = Wad::from_raw(u128::from_le_bytes(raw) >> (op >> 1 & 0x7f));
            let side = if op & 1 == 0 { Side::SellDdt } else { Side::BuyDdt };
            let before = pool.clone();
            let k_before = pool.k();
            let result = match op % 5 {
                0 => pool.swap_exact_in(side, amount, Wad::ZERO).map(|_| ()),
                1 => pool.swap_exact_out(side, amount, Wad::MAX).map(|_| ()),
                2 => pool.add_liquidity(amount, amount.mul_div(3, 2).unwrap_or(amount), Wad::ZERO, Wad::ZERO).map(|_| ()),
                3 => pool.remove_liquidity(amount.min(pool.lp_supply().saturating_sub(pool.locked_lp()))).map(|_| ()),
                _ => pool.lp_value(amount).map(|_| ()),
            };
            match result {
                Err(_) => prop_assert_eq!(&pool, &before, "a refused operation changed the pool"),
                Ok(()) if op % 5 < 2 => prop_assert!(pool.k() >= k_before, "a swap decreased k"),
                Ok(()) => {}
            }
            if opened {
                prop_assert!(pool.reserve_ddt() > Wad::ZERO && pool.reserve_xdai() > Wad::ZERO);
            }
            opened |= pool.is_open();
        }
    }
}
