//! "Did you mean ...?": the nearest known key by Levenshtein edit distance (`strsim`), within a
//! limit that grows with the word.

/// The Levenshtein edit distance between `a` and `b` (insertions, deletions and substitutions
/// of one `char` each cost 1), by the `strsim` crate.
pub fn levenshtein(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

/// The candidate nearest to `word` (compared in upper case) with its distance; the first one
/// wins a tie. `None` if there are no candidates.
pub fn nearest<'a, I>(word: &str, candidates: I) -> Option<(&'a str, usize)>
where
    I: IntoIterator<Item = &'a str>,
{
    let word = word.to_ascii_uppercase();
    let mut best: Option<(&'a str, usize)> = None;
    for candidate in candidates {
        let d = levenshtein(&word, &candidate.to_ascii_uppercase());
        if best.is_none_or(|(_, bd)| d < bd) {
            best = Some((candidate, d));
        }
    }
    best
}

/// The largest distance at which an unknown key in a TOML file, a flag or replayed settings is
/// still shown a "did you mean" suggestion: a third of its length, at least 1 (a short word is
/// close to too many keys for a distance of 3 to mean anything: `foo` is not a typo of `plot`).
pub(crate) fn suggestion_limit(word: &str) -> usize {
    (word.chars().count() / 3).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_words_get_close_suggestions_only() {
        assert_eq!(suggestion_limit("foo"), 1);
        assert_eq!(suggestion_limit("fee_rte"), 2);
        assert_eq!(suggestion_limit("totl_steps"), 3);
        assert_eq!(suggestion_limit("degen_user_seed_liquidity"), 8);
    }

    #[test]
    fn distances() {
        assert_eq!(levenshtein("", ""), 0);
        assert_eq!(levenshtein("abc", ""), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("TOTAL_STEPS", "TOTL_STEPS"), 1);
        assert_eq!(levenshtein("FEE_RATE", "FEE_RTAE"), 2);
    }

    #[test]
    fn nearest_is_case_insensitive() {
        let keys = ["TOTAL_STEPS", "ENTRY_STEPS", "SEED"];
        assert_eq!(nearest("totl_steps", keys), Some(("TOTAL_STEPS", 1)));
        assert_eq!(nearest("sed", keys), Some(("SEED", 1)));
        assert_eq!(nearest("x", []), None);
    }
}
