//! Key case, in one place: every front door (TOML files and their `[sweep]` table, `.env`,
//! flags, replayed pairs, Python's `params` and `grid`) takes keys in any case, folds them
//! here to the schema's upper case, and refuses here one table or mapping that names a key
//! twice in two cases (`fee_rate` and `FEE_RATE`), which could only be merged by dropping one
//! value. (The process environment is read by exact, upper-case name; flags on one command
//! line may repeat a key, the later winning, as a command line's order says which.)

use crate::error::{ConfigError, ErrorKind};
use crate::origin::Origin;

/// `key` as the schema spells it: trimmed, ASCII upper case.
pub fn fold_key(key: &str) -> String {
    key.trim().to_ascii_uppercase()
}

/// True if `a` and `b` name the same key.
pub fn same_key(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// The first key of `keys` that names the same key as an earlier one, as `(earlier, later)`
/// positions.
pub fn repeated_key<'a>(keys: impl IntoIterator<Item = &'a str>) -> Option<(usize, usize)> {
    let mut seen: Vec<String> = Vec::new();
    for (i, key) in keys.into_iter().enumerate() {
        let folded = fold_key(key);
        if let Some(first) = seen.iter().position(|k| *k == folded) {
            return Some((first, i));
        }
        seen.push(folded);
    }
    None
}

/// The error for a key written twice, as `first` and `again`, in one place (`where_` names
/// it: `run.toml`, `the [sweep] table of run.toml`, `params`).
pub fn repeated_key_error(first: &str, again: &str, where_: &str, origin: Origin) -> ConfigError {
    ConfigError::new(
        ErrorKind::DuplicateKey,
        format!("is set twice in {where_} (as {first} and as {again}); keys are not case-sensitive"),
    )
    .with_key(fold_key(again))
    .with_fix(format!("keep one of {first} and {again} in {where_}"))
    .with_origin(origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_in_two_cases_are_one_key() {
        assert_eq!(fold_key(" fee_Rate "), "FEE_RATE");
        assert!(same_key("fee_rate", "FEE_RATE "));
        assert_eq!(repeated_key(["runs", "fee_rate", "seed", "FEE_RATE"]), Some((1, 3)));
        assert_eq!(repeated_key(["runs", "fee_rate", "seed"]), None);
    }
}
