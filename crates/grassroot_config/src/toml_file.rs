//! The `--config FILE.toml` layer: parsed by the `config` crate, keys checked against the
//! schema (lower-case key names; upper case is accepted too), values turned into text.
//!
//! TOML values may be strings, integers, floats or booleans. A float goes through its shortest
//! round-trip decimal form (`0.1` stays `0.1`), which is exact only up to about 15 significant
//! digits: write amounts as strings (`initial_ddt = "100.000000000000000001"`) for exactness.
//! A `[sweep]` table is skipped when [`crate::Sources::allow_sweep_table`] is set (the sweep
//! command reads it itself) and is an error otherwise.

use std::collections::BTreeMap;
use std::path::Path;

use config::{File, FileFormat, Source, ValueKind};

use crate::error::{ConfigError, ErrorKind};
use crate::origin::Origin;
use crate::schema::Schema;
use crate::settings::example;
use crate::sources::Assignment;
use crate::suggest::{nearest, suggestion_limit};

/// The name of the table a sweep definition lives in.
pub const SWEEP_TABLE: &str = "sweep";

/// Reads and checks a TOML configuration file.
pub(crate) fn read(schema: &Schema, path: &Path, allow_sweep: bool) -> Result<Vec<Assignment>, ConfigError> {
    let origin = Origin::ConfigFile { path: path.to_owned() };
    let text = std::fs::read_to_string(path).map_err(|e| {
        ConfigError::new(ErrorKind::Io, format!("cannot be read: {e}"))
            .with_origin(origin.clone())
            .with_fix("check the path given to --config")
    })?;
    parse(schema, &text, &origin, allow_sweep)
}

/// Checks the text of a TOML configuration file; `origin` names it in errors.
pub(crate) fn parse(
    schema: &Schema,
    text: &str,
    origin: &Origin,
    allow_sweep: bool,
) -> Result<Vec<Assignment>, ConfigError> {
    let table = File::from_str(text, FileFormat::Toml).collect().map_err(|e| {
        let cause = match e {
            config::ConfigError::FileParse { cause, .. } => cause.to_string(),
            other => other.to_string(),
        };
        ConfigError::new(ErrorKind::Malformed, format!("is not valid TOML: {}", one_line(&cause)))
            .with_origin(origin.clone())
            .with_fix("fix the TOML syntax; settings are flat `key = value` lines, e.g. total_steps = 2000")
    })?;
    // Sorted, so that the first error reported does not depend on hash order.
    let table: BTreeMap<String, config::Value> = table.into_iter().collect();
    let mut out: Vec<Assignment> = Vec::new();
    for (name, value) in table {
        if name == SWEEP_TABLE {
            if allow_sweep {
                continue;
            }
            return Err(ConfigError::new(
                ErrorKind::UnknownKey,
                "is a [sweep] table, which only the sweep command reads",
            )
            .with_key(name)
            .with_origin(origin.clone())
            .with_fix(format!("remove the [sweep] table from {origin}, or run the sweep command")));
        }
        let Some(spec) = schema.spec(&name) else {
            return Err(unknown_key(schema, &name, &value, origin));
        };
        if let Some(prior) = out.iter().find(|a| a.key == spec.key) {
            return Err(ConfigError::new(
                ErrorKind::DuplicateKey,
                format!("is set twice (also as {}); TOML keys are not case-sensitive here", prior.written),
            )
            .with_key(name)
            .with_origin(origin.clone())
            .with_fix(format!("keep one of them in {origin}")));
        }
        let text = value_text(&value.kind).ok_or_else(|| {
            ConfigError::new(
                ErrorKind::WrongType,
                format!(
                    "is a table or array: settings are single values, allowed {}",
                    spec.kind.allowed(&spec.toml_key())
                ),
            )
            .with_key(&name)
            .with_value("(a table or array)")
            .with_origin(origin.clone())
            .with_fix(format!("write it as a single value in {origin}, e.g. {}", example(spec, origin)))
        })?;
        out.push(Assignment { key: spec.key.clone(), written: name, text, origin: origin.clone() });
    }
    Ok(out)
}

/// The text of a scalar TOML value; `None` for tables and arrays.
fn value_text(kind: &ValueKind) -> Option<String> {
    Some(match kind {
        ValueKind::Nil => String::new(),
        ValueKind::Boolean(b) => b.to_string(),
        ValueKind::I64(n) => n.to_string(),
        ValueKind::I128(n) => n.to_string(),
        ValueKind::U64(n) => n.to_string(),
        ValueKind::U128(n) => n.to_string(),
        // Rust prints floats in their shortest round-trip form, never with an exponent.
        ValueKind::Float(x) => x.to_string(),
        ValueKind::String(s) => s.clone(),
        ValueKind::Table(_) | ValueKind::Array(_) => return None,
    })
}

fn unknown_key(schema: &Schema, name: &str, value: &config::Value, origin: &Origin) -> ConfigError {
    let shown = value_text(&value.kind).unwrap_or_else(|| "(a table or array)".to_owned());
    let near = nearest(name, schema.keys()).filter(|(_, d)| *d <= suggestion_limit(name));
    let err = ConfigError::new(ErrorKind::UnknownKey, "").with_key(name).with_value(shown).with_origin(origin.clone());
    match near {
        Some((known, _)) => {
            let known = known.to_ascii_lowercase();
            err.with_problem(format!("is not a known key; did you mean {known}?"))
                .with_fix(format!("rename {name} to {known} in {origin}"))
        }
        None => err.with_problem("is not a known key").with_fix(format!(
            "remove it from {origin}; env.example lists every key (write them in lower case in TOML)"
        )),
    }
}

/// Joins the TOML parser's multi-line message (header, source excerpt with a caret, reason)
/// into one line that quotes the offending source line.
fn one_line(message: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let mut source = None;
    for line in message.lines().map(str::trim) {
        if let Some((number, text)) = line.split_once(" | ")
            && number.bytes().all(|b| b.is_ascii_digit())
        {
            source = Some(text);
        } else if !line.is_empty() && !line.starts_with('|') {
            parts.push(line);
        }
    }
    let mut out = parts.join(": ");
    if let Some(text) = source {
        out.push_str(&format!(" (the line reads `{text}`)"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Origin {
        Origin::ConfigFile { path: "t.toml".into() }
    }

    #[test]
    fn scalars_become_text() {
        let text = "total_steps = 10\nfee_rate = 0.001\ntx_log = false\noutput_dir = 'out'\n";
        let got = parse(&Schema::seed(), text, &origin(), false);
        let got: Vec<(String, String)> = match got {
            Ok(v) => v.into_iter().map(|a| (a.key, a.text)).collect(),
            Err(e) => panic!("{e}"),
        };
        let want = [("FEE_RATE", "0.001"), ("OUTPUT_DIR", "out"), ("TOTAL_STEPS", "10"), ("TX_LOG", "false")];
        let want: Vec<(String, String)> = want.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn syntax_errors_are_one_line() {
        match parse(&Schema::seed(), "total_steps = = 3\n", &origin(), false) {
            Ok(v) => panic!("parsed {v:?}"),
            Err(e) => {
                assert_eq!(e.kind(), ErrorKind::Malformed);
                assert!(e.problem().contains("line 1"), "{e}");
                assert!(!e.problem().contains('\n'), "{e}");
            }
        }
    }

    #[test]
    fn sweep_table_only_when_allowed() {
        let text = "seed = 1\n[sweep]\nseed = [1, 2]\n";
        assert!(parse(&Schema::seed(), text, &origin(), true).is_ok());
        assert!(parse(&Schema::seed(), text, &origin(), false).is_err());
    }
}
