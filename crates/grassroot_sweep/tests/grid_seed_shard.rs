//! The arithmetic of a sweep: the grid's product and order, world seeds, and shard slices.

use grassroot_config::Schema;
use grassroot_sweep::seed::splitmix64;
use grassroot_sweep::{Grid, Shard, world_seed};

#[test]
fn grid_is_the_cartesian_product_last_axis_fastest() {
    // Given in any order, axes are sorted by key: agents_per_entry, fee_rate, pie_payout_rate.
    let grid = Grid::new()
        .vary("pie_payout_rate", ["0.5", "0.7"])
        .vary("FEE_RATE", ["0.001", "0.003", "0.01"])
        .vary("agents_per_entry", ["10", "20"]);
    assert_eq!(grid.keys().collect::<Vec<_>>(), ["AGENTS_PER_ENTRY", "FEE_RATE", "PIE_PAYOUT_RATE"]);
    assert_eq!(grid.points(), 12);
    let mut seen = Vec::new();
    for g in 0..12 {
        let values: Vec<&str> = grid.point(g).into_iter().map(|(_, v)| v).collect();
        seen.push(values.join(" "));
    }
    assert_eq!(seen[0], "10 0.001 0.5");
    assert_eq!(seen[1], "10 0.001 0.7");
    assert_eq!(seen[2], "10 0.003 0.5");
    assert_eq!(seen[5], "10 0.01 0.7");
    assert_eq!(seen[6], "20 0.001 0.5");
    assert_eq!(seen[11], "20 0.01 0.7");
    // Every combination exactly once.
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 12);
    assert_eq!(grid.coords(7), vec![1, 0, 1]);
}

#[test]
fn a_grid_without_axes_is_one_point() {
    let grid = Grid::new();
    assert_eq!(grid.points(), 1);
    assert!(grid.point(0).is_empty());
}

#[test]
fn grid_check_canonicalises_and_names_bad_values() {
    let schema = Schema::seed();
    let grid = Grid::new().vary("fee_rate", ["0.0030", "0.01"]).vary("tx_log_typo", ["1"]);
    let err = grid.check(&schema).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("tx_log_typo is not a known key"), "{err}");
    let grid = Grid::new().vary("fee_rate", ["0.0030", "0.01"]);
    let checked = grid.check(&schema).ok();
    assert_eq!(checked.as_ref().map(|g| g.axes()[0].values().to_vec()), Some(vec!["0.003".into(), "0.01".into()]));
    let err = Grid::new().vary("fee_rate", ["1.5"]).check(&schema).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.starts_with("sweep grid: fee_rate = 1.5 is out of range"), "{err}");
    let err = Grid::new().vary("seed", ["1"]).check(&schema).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("cannot be varied"), "{err}");
}

#[test]
fn grid_check_refuses_a_value_listed_twice() {
    let schema = Schema::seed();
    let err = |g: Grid| g.check(&schema).err().map(|e| (e.exit_code(), e.to_string())).unwrap_or_default();
    let (code, text) = err(Grid::new().vary("fee_rate", ["0.003", "0.01", "0.0030"]));
    assert_eq!(code, 2);
    assert!(
        text.starts_with("sweep grid: fee_rate lists the value 0.003 twice (0.003 and 0.0030 are the same value)"),
        "{text}"
    );
    assert!(text.contains("fix: list each value of fee_rate once"), "{text}");
    let (_, text) = err(Grid::new().vary("agents_per_entry", ["10", "20", "10"]));
    assert!(text.starts_with("sweep grid: agents_per_entry lists the value 10 twice: "), "{text}");
    let (_, text) = err(Grid::new().vary("casual_user_buys_shortfall", ["true", "on"]));
    assert!(text.contains("casual_user_buys_shortfall lists the value true twice (true and on"), "{text}");
}

#[test]
fn world_seed_follows_the_documented_formula() {
    for (base, g, r) in [(42, 0, 0), (42, 3, 7), (0, 0, 0), (u64::MAX, u64::MAX, u64::MAX)] {
        let want = splitmix64(splitmix64(splitmix64(base) ^ g) ^ r) >> 1;
        assert_eq!(world_seed(base, g, r), want);
        assert!(world_seed(base, g, r) < 1 << 63, "seeds fit in an int64 column");
    }
    // Pinned values: changing the derivation changes every published sweep.
    assert_eq!(world_seed(42, 0, 0), 3_569_207_718_454_509_475);
    assert_eq!(world_seed(42, 0, 1), 6_575_667_854_007_470_159);
}

#[test]
fn world_seeds_are_distinct_across_a_grid() {
    let mut seeds: Vec<u64> = (0..200).flat_map(|g| (0..50).map(move |r| world_seed(7, g, r))).collect();
    seeds.sort_unstable();
    seeds.dedup();
    assert_eq!(seeds.len(), 200 * 50);
    // Grid point and run are not interchangeable.
    assert_ne!(world_seed(7, 1, 2), world_seed(7, 2, 1));
}

#[test]
fn shards_cover_every_world_exactly_once() {
    for worlds in [0u64, 1, 2, 5, 12, 13, 64] {
        for count in 1..=worlds + 3 {
            let mut next = 0;
            let mut sizes = Vec::new();
            for index in 0..count {
                let shard = Shard::new(index, count).unwrap_or_else(|e| panic!("{e}"));
                let r = shard.worlds(worlds);
                assert_eq!(r.start, next, "shard {index}/{count} of {worlds} starts where the previous ended");
                assert!(r.end >= r.start);
                sizes.push(r.end - r.start);
                next = r.end;
            }
            assert_eq!(next, worlds, "{count} shards of {worlds} worlds end at the last world");
            let (min, max) = (sizes.iter().min().copied(), sizes.iter().max().copied());
            assert!(max.zip(min).is_some_and(|(a, b)| a - b <= 1), "{count} shards of {worlds}: sizes {sizes:?}");
        }
    }
    // No overflow for huge sweeps.
    let r = Shard::new(u64::MAX - 1, u64::MAX).map(|s| s.worlds(u64::MAX)).ok();
    assert_eq!(r.map(|r| r.end), Some(u64::MAX));
}

#[test]
fn shard_flags_parse_or_say_why_not() {
    assert_eq!("2/8".parse::<Shard>().ok(), Shard::new(2, 8).ok());
    assert_eq!(" 0/1 ".parse::<Shard>().ok(), Some(Shard::whole()));
    for (text, says) in [
        ("3/2", "I must be below N = 2"),
        ("2/2", "I must be below N = 2"),
        ("0/0", "at least 1"),
        ("1", "not of the form I/N"),
        ("-1/4", "--shard -1/4: I must be 0 <= I < N"),
        ("a/b", "not of the form I/N"),
        ("1/99999999999999999999", "not of the form I/N"),
    ] {
        match text.parse::<Shard>() {
            Ok(s) => panic!("{text} parsed as {s}"),
            Err(e) => {
                assert!(e.is_bad_input() && e.exit_code() == 2);
                assert!(e.to_string().contains(says), "{text}: {e}");
            }
        }
    }
}
