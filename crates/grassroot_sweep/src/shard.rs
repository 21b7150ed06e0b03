//! `--shard I/N`: the I-th of N disjoint, contiguous slices of a sweep's worlds.
//!
//! Worlds are numbered grid-point-major: world `w = g * runs + r` is run `r` of grid point `g`.
//! Shard `I` of `N` (0-based, `0 <= I < N`) runs worlds `floor(I * W / N) .. floor((I + 1) * W / N)`
//! of the `W` worlds: every world belongs to exactly one shard, slices differ in size by at most
//! one world, and a shard with `N > W` may be empty. A grid point may be split between two
//! neighbouring shards; the merge finishes its statistics (see [`mod@crate::merge`]).

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use crate::error::SweepError;

/// One of N slices of a sweep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    index: u64,
    count: u64,
}

impl Shard {
    /// Shard `index` of `count` (0-based); an error unless `index < count`.
    pub fn new(index: u64, count: u64) -> Result<Shard, SweepError> {
        if count == 0 {
            return Err(SweepError::bad(format!("--shard {index}/{count}: the number of shards must be at least 1"))
                .with_fix("write --shard I/N with 0 <= I < N, e.g. --shard 0/4"));
        }
        if index >= count {
            return Err(SweepError::bad(format!(
                "--shard {index}/{count}: shard indices are 0-based, so I must be below N = {count}"
            ))
            .with_fix(format!("use one of --shard 0/{count} ... --shard {}/{count}", count - 1)));
        }
        Ok(Shard { index, count })
    }

    /// The whole sweep as one shard (0/1).
    pub const fn whole() -> Shard {
        Shard { index: 0, count: 1 }
    }

    /// The 0-based index.
    pub const fn index(self) -> u64 {
        self.index
    }

    /// The number of shards.
    pub const fn count(self) -> u64 {
        self.count
    }

    /// The worlds of this shard among `worlds` worlds.
    pub fn worlds(self, worlds: u64) -> Range<u64> {
        bound(self.index, self.count, worlds)..bound(self.index + 1, self.count, worlds)
    }
}

/// `floor(i * worlds / count)`, computed without overflow.
fn bound(i: u64, count: u64, worlds: u64) -> u64 {
    let b = u128::from(i) * u128::from(worlds) / u128::from(count);
    // b <= worlds because i <= count.
    u64::try_from(b).unwrap_or(worlds)
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = SweepError;

    /// Parses `I/N`, e.g. `2/8`.
    fn from_str(text: &str) -> Result<Shard, SweepError> {
        let malformed = || {
            SweepError::bad(format!("--shard {text:?} is not of the form I/N"))
                .with_fix("write --shard I/N with 0 <= I < N, e.g. --shard $SLURM_ARRAY_TASK_ID/8")
        };
        let (i, n) = text.trim().split_once('/').ok_or_else(malformed)?;
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if i.trim().strip_prefix('-').is_some_and(digits) && digits(n.trim()) {
            return Err(SweepError::bad(format!(
                "--shard {}: I must be 0 <= I < N: shard indices are 0-based, never negative",
                text.trim()
            ))
            .with_fix(format!(
                "use one of --shard 0/{n} ... --shard {}/{n}",
                n.trim().parse::<u64>().map_or(0, |n| n.saturating_sub(1)),
                n = n.trim()
            )));
        }
        if !digits(i.trim()) || !digits(n.trim()) {
            return Err(malformed());
        }
        let i = i.trim().parse::<u64>().map_err(|_| malformed())?;
        let n = n.trim().parse::<u64>().map_err(|_| malformed())?;
        Shard::new(i, n)
    }
}
