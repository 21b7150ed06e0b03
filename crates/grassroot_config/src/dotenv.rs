//! A small `.env` parser: `KEY=VALUE` lines, optional `export `, `#` comments, blank lines,
//! single-quoted (literal) and double-quoted (with `\"`, `\\`, `\n`, `\t` escapes) values.
//! A malformed line is an error naming the file and line number.

use std::path::Path;

use crate::error::{ConfigError, ErrorKind};
use crate::origin::Origin;

/// One `KEY=VALUE` assignment of a `.env` file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DotenvEntry {
    /// The key as written.
    pub key: String,
    /// The value, unquoted and unescaped.
    pub value: String,
    /// 1-based line number.
    pub line: usize,
}

/// Parses the text of a `.env` file; `path` is only used in error messages.
pub fn parse_dotenv(text: &str, path: &Path) -> Result<Vec<DotenvEntry>, ConfigError> {
    let mut entries = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let malformed = |why: &str| {
            let shown: String = trimmed.chars().take(80).map(|c| if c.is_control() { '?' } else { c }).collect();
            ConfigError::new(ErrorKind::Malformed, format!("{why}: `{shown}`"))
                .with_origin(Origin::Dotenv { path: path.to_owned(), line })
                .with_fix(format!(
                    "write the line as KEY=VALUE (quote values with spaces), or comment it out with #, in {} line {line}",
                    path.display()
                ))
        };
        let body = strip_export(trimmed);
        let Some((key, rest)) = body.split_once('=') else {
            return Err(malformed("expected KEY=VALUE"));
        };
        let key = key.trim_end();
        if !is_env_name(key) {
            return Err(malformed("the key must be letters, digits and _ (not starting with a digit)"));
        }
        let value = parse_value(rest.trim_start()).map_err(malformed)?;
        entries.push(DotenvEntry { key: key.to_owned(), value, line });
    }
    Ok(entries)
}

/// Strips a leading `export` keyword followed by whitespace.
fn strip_export(line: &str) -> &str {
    match line.strip_prefix("export") {
        Some(rest) if rest.starts_with([' ', '\t']) => rest.trim_start(),
        _ => line,
    }
}

/// True if `key` is a shell variable name.
fn is_env_name(key: &str) -> bool {
    let mut bytes = key.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Parses the value part of a line (after `=`, leading whitespace removed).
fn parse_value(rest: &str) -> Result<String, &'static str> {
    let mut chars = rest.char_indices();
    match chars.next() {
        None => Ok(String::new()),
        Some((_, '\'')) => {
            let body = &rest[1..];
            let Some(end) = body.find('\'') else {
                return Err("unterminated single quote");
            };
            check_tail(&body[end + 1..])?;
            Ok(body[..end].to_owned())
        }
        Some((_, '"')) => {
            let mut out = String::new();
            let mut escaped = false;
            for (i, c) in chars {
                if escaped {
                    out.push(match c {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        other => other,
                    });
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    check_tail(&rest[i + 1..])?;
                    return Ok(out);
                } else {
                    out.push(c);
                }
            }
            Err("unterminated double quote")
        }
        Some(_) => {
            // An unquoted value ends at a `#` that follows whitespace (an inline comment).
            let end = rest
                .char_indices()
                .find(|&(i, c)| c == '#' && rest[..i].ends_with([' ', '\t']))
                .map_or(rest.len(), |(i, _)| i);
            let value = rest[..end].trim_end();
            if value.contains(['"', '\'']) {
                return Err("quotes must enclose the whole value");
            }
            Ok(value.to_owned())
        }
    }
}

/// After a closing quote only whitespace or a `#` comment may follow.
fn check_tail(tail: &str) -> Result<(), &'static str> {
    let tail = tail.trim_start();
    if tail.is_empty() || tail.starts_with('#') { Ok(()) } else { Err("unexpected text after the closing quote") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<(String, String)> {
        match parse_dotenv(text, Path::new(".env")) {
            Ok(v) => v.into_iter().map(|e| (e.key, e.value)).collect(),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn forms() {
        let got = parse(
            "# comment\n\nA=1\nexport B = two words # c\nC='x # y'\nD=\"a\\\"b\\n\" # c\nE=\nexport_F=3\nG=a#b\n",
        );
        let want = [
            ("A", "1"),
            ("B", "two words"),
            ("C", "x # y"),
            ("D", "a\"b\n"),
            ("E", ""),
            ("export_F", "3"),
            ("G", "a#b"),
        ];
        let want: Vec<(String, String)> = want.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn malformed_names_line() {
        for (text, line) in [("A=1\nB\n", 2), ("A='1\n", 1), ("\n\n1X=2", 3), ("A=\"1\" x", 1), ("A=1\"", 1)] {
            match parse_dotenv(text, Path::new("conf/.env")) {
                Ok(v) => panic!("{text:?} parsed as {v:?}"),
                Err(e) => {
                    assert_eq!(e.kind(), ErrorKind::Malformed);
                    assert!(e.to_string().starts_with(&format!("conf/.env line {line}: ")), "{e}");
                }
            }
        }
    }
}
