//! The command that runs one world of a sweep alone: `grassroot run --seed S --set KEY=VALUE ...`
//! with the world's derived seed and every parameter that differs from its default.

use grassroot_config::Schema;

/// Keys left out of re-run commands: they change what a run writes, not its numbers.
const OUTPUT_KEYS: [&str; 5] = ["SEED", "OUTPUT_DIR", "TX_LOG", "PLOT", "CHECK_BOOKS"];

/// `PROGRAM --seed S --set KEY=VALUE ...` (`program` is e.g. `grassroot run`): the command that
/// runs one world alone, with a `--set` for every key whose value differs from the schema's
/// default (output keys aside).
pub fn rerun_command(program: &str, schema: &Schema, pairs: &[(String, String)], seed: u64) -> String {
    let mut cmd = format!("{program} --seed {seed}");
    for (key, value) in pairs {
        if OUTPUT_KEYS.contains(&key.as_str()) {
            continue;
        }
        let default = schema.spec(key).and_then(|s| s.kind.parse(key, &s.default).ok()).map(|v| v.to_string());
        if default.as_deref() != Some(value.as_str()) {
            cmd.push_str(" --set ");
            cmd.push_str(&shell_word(&format!("{key}={value}")));
        }
    }
    cmd
}

/// `word`, single-quoted for a POSIX shell if it needs to be.
fn shell_word(word: &str) -> String {
    if word.bytes().all(|b| b.is_ascii_alphanumeric() || b"_=.,-/:+".contains(&b)) {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_keys_are_set_and_odd_values_are_quoted() {
        let schema = Schema::seed();
        let pairs: Vec<(String, String)> = [
            ("TOTAL_STEPS", "2000"),
            ("FEE_RATE", "0.01"),
            ("OUTPUT_DIR", "somewhere else"),
            ("TX_LOG", "false"),
            ("CASUAL_USER_PIE_USE", "keep"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        assert_eq!(
            rerun_command("grassroot run", &schema, &pairs, 7),
            "grassroot run --seed 7 --set FEE_RATE=0.01 --set CASUAL_USER_PIE_USE=keep"
        );
        assert_eq!(shell_word("NAME=it's here"), "'NAME=it'\\''s here'");
    }
}
