//! Rendering `env.example` from a [`Schema`]: a header on the layers, then each group with its
//! note, and each key with its help, what it accepts, and `KEY=default`.

use std::fmt::Write as _;

use crate::error::{ConfigError, ErrorKind};
use crate::schema::Schema;
use crate::sources::LAYERS;

/// Quotes a default for a `.env` file if it needs it (empty values stay bare).
fn dotenv_value(value: &str) -> String {
    let plain = value.chars().all(|c| !c.is_whitespace() && !matches!(c, '#' | '"' | '\'' | '\\'));
    if plain {
        value.to_owned()
    } else {
        let escaped = value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
        format!("\"{escaped}\"")
    }
}

impl Schema {
    /// The text of an `env.example` file listing every key with its help and default.
    /// Parsing it as a `.env` file gives the defaults.
    pub fn env_example(&self) -> String {
        self.render(None)
    }

    /// [`Schema::env_example`] with only the keys of `group` (as `# ===== GROUP =====` names
    /// it, in any case): `grassroot params --group G`. An unknown group is an error that lists
    /// the groups.
    pub fn env_example_of(&self, group: &str) -> Result<String, ConfigError> {
        let groups = self.groups();
        match groups.iter().find(|g| g.eq_ignore_ascii_case(group.trim())) {
            Some(found) => Ok(self.render(Some(found))),
            None => Err(ConfigError::new(ErrorKind::NotAChoice, "is not a group of this scenario's parameters")
                .with_key("--group")
                .with_value(group)
                .with_fix(format!("choose one of: {}", groups.join(", ")))),
        }
    }

    /// The groups of the keys, in the order they first appear.
    fn groups(&self) -> Vec<&str> {
        let mut groups: Vec<&str> = Vec::new();
        for spec in self.specs() {
            if !groups.contains(&spec.group.as_str()) {
                groups.push(&spec.group);
            }
        }
        groups
    }

    fn render(&self, only: Option<&str>) -> String {
        let mut out = String::new();
        let flags: Vec<&str> = self.flag_aliases().iter().map(|(f, _)| f.as_str()).collect();
        let flags = if flags.is_empty() { String::new() } else { format!(", {}", flags.join(", ")) };
        // Writing to a String cannot fail; the results are ignored.
        let _ = write!(
            out,
            "# env.example: every parameter of a grassroot run, set to its default.\n\
             # Generated from grassroot_config::Schema::env_example(); do not edit by hand.\n\
             #\n\
             # Copy it to .env and change what you need; keys left out keep their defaults.\n\
             # Layers, lowest precedence first:\n\
             #   {LAYERS}\n\
             # (a TOML file has the same keys in lower case; flags: --set KEY=VALUE{flags}).\n"
        );
        for group in self.groups().into_iter().filter(|g| only.is_none_or(|o| o == *g)) {
            let _ = write!(out, "\n# ===== {group} =====\n");
            if let Some(note) = self.group_note(group) {
                let _ = writeln!(out, "# {note}");
            }
            for spec in self.specs().iter().filter(|s| s.group == group) {
                let _ = write!(
                    out,
                    "\n# {}\n# Allowed: {}.\n{}={}\n",
                    spec.help,
                    spec.kind.allowed(&spec.key),
                    spec.key,
                    dotenv_value(&spec.default)
                );
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::dotenv::parse_dotenv;

    #[test]
    fn renders_every_key_once_and_parses_back_to_the_defaults() {
        let schema = Schema::seed();
        let text = schema.env_example();
        assert!(text.contains("\n# Number of simulation steps.\n"), "{text}");
        assert!(text.contains("\nTOTAL_STEPS=2000\n"));
        assert!(text.contains("\n# ===== Role: casual_user =====\n"));
        assert!(text.contains("\nPOWER_USER_MAX_BUY_PRICE=2.0\n"));
        let casual = schema.env_example_of("role: CASUAL_USER").unwrap_or_else(|e| panic!("{e}"));
        assert!(casual.contains("\nCASUAL_USER_SHARE=") && !casual.contains("\nTOTAL_STEPS="), "{casual}");
        let error = schema.env_example_of("roles").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(error.contains("choose one of: Simulation,"), "{error}");
        let entries = match parse_dotenv(&text, Path::new("env.example")) {
            Ok(e) => e,
            Err(e) => panic!("{e}"),
        };
        let keys: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, schema.keys().collect::<Vec<_>>());
        for (entry, spec) in entries.iter().zip(schema.specs()) {
            assert_eq!(entry.value, spec.default);
        }
    }

    #[test]
    fn odd_defaults_are_quoted() {
        assert_eq!(dotenv_value("out dir"), "\"out dir\"");
        assert_eq!(dotenv_value("a\"b"), "\"a\\\"b\"");
        assert_eq!(dotenv_value("plain"), "plain");
    }
}
