//! [`excerpt`]: how much of an input a message quotes. An error names what is wrong with a
//! line, a key or a value; it does not echo a 200 KB line back whole.

/// The most characters of one input (a line, a key, a value) a message quotes.
pub const EXCERPT_CHARS: usize = 200;

/// `text` as a message quotes it: its first [`EXCERPT_CHARS`] characters, then how many more
/// there are (`...(and 1800 more characters)`).
pub fn excerpt(text: &str) -> String {
    match text.char_indices().nth(EXCERPT_CHARS) {
        None => text.to_owned(),
        Some((cut, _)) => format!("{}...(and {} more characters)", &text[..cut], text[cut..].chars().count()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_input_is_quoted_by_its_first_200_characters() {
        assert_eq!(excerpt("fee_rate = 1"), "fee_rate = 1");
        let long = "é".repeat(EXCERPT_CHARS + 5);
        assert_eq!(excerpt(&long), format!("{}...(and 5 more characters)", "é".repeat(EXCERPT_CHARS)));
        assert_eq!(excerpt(&"x".repeat(EXCERPT_CHARS)), "x".repeat(EXCERPT_CHARS));
    }
}
