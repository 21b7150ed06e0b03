//! The `[sweep]` table of a TOML file: how many runs, the base seed, and the varied keys as
//! lists or ranges. The file is read and parsed once, by `grassroot_config` (a [`TomlFile`]):
//! everything else in it is the base parameters, the TOML layer of
//! [`grassroot_config::load_with_file`]; this module interprets the `[sweep]` table of that
//! same parsed file, each value with its line.
//!
//! ```toml
//! total_steps = 300
//! [sweep]
//! runs = 8                                             # worlds (seeds) per grid point
//! seed = 42                                            # base seed
//! fee_rate = [0.001, 0.003, 0.01]                      # a list ...
//! agents_per_entry = { from = 10, to = 50, step = 10 } # ... or a range (see crate::range)
//! ```
//!
//! Keys are the run's own keys in lower case (upper case works too). Every problem is a
//! [`SweepError::BadInput`] naming the file, the line, the key and the value (`sweep.toml line
//! 5: [sweep] fee_rate = 1.5 is out of range ...`): unknown keys (with "did you mean"), single
//! values, empty lists, nested lists, a value listed twice (`[0.003, 0.0030]`), ranges that go
//! nowhere, values a key does not accept.

use std::path::Path;

use grassroot_config::{Kind, Schema, TomlFile, TomlItem, TomlValue, excerpt, nearest};

use crate::error::SweepError;
use crate::grid::{FIXED_KEYS, Grid, first_repeat, repeated_value};
use crate::range::{RangeError, SignedDecimal, expand};

/// The most values one range may expand to (a guard against a misplaced decimal point).
pub const MAX_RANGE_VALUES: u128 = 1_000_000;

/// What a `[sweep]` table says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SweepSpec {
    /// Worlds per grid point (`runs`, default 1).
    pub runs: u64,
    /// The base seed (`seed`), if given.
    pub seed: Option<u64>,
    /// The varied keys, values validated and canonical.
    pub grid: Grid,
}

/// Reads the TOML file at `path` ([`TomlFile::read`]) and its `[sweep]` table. The `grassroot
/// sweep` command does not call this: it takes the table from the file that gave its base
/// settings ([`grassroot_config::load_with_file`]), so that the file is read once.
pub fn read_sweep_file(schema: &Schema, path: &Path) -> Result<SweepSpec, SweepError> {
    parse_sweep(schema, &TomlFile::read(path)?)
}

/// The sweep that the `[sweep]` table of `file` describes.
pub fn parse_sweep(schema: &Schema, file: &TomlFile) -> Result<SweepSpec, SweepError> {
    let name = file.path().display().to_string();
    let Some(sweep) = file.sweep_table() else {
        return Err(SweepError::bad(format!("{name} has no [sweep] table: nothing to sweep")).with_fix(
            "add a table at the end of the file, e.g.\n    [sweep]\n    runs = 8\n    fee_rate = [0.001, 0.003, 0.01]",
        ));
    };
    let TomlValue::Table(entries) = &sweep.value else {
        return Err(SweepError::bad(format!(
            "sweep in {name} line {} must be a table ([sweep]), not a single value",
            sweep.line
        )));
    };
    let mut spec = SweepSpec { runs: 1, seed: None, grid: Grid::new() };
    // The entries come sorted by key.
    for (key, item) in entries {
        let at = |key: &str| format!("{name} line {}: [sweep] {key}", item.line);
        let value = &item.value;
        let lower = key.to_ascii_lowercase();
        if lower == "runs" {
            spec.runs = whole(value).filter(|n| *n >= 1).ok_or_else(|| {
                SweepError::bad(format!("{} = {} must be a whole number >= 1", at("runs"), shown(value)))
                    .with_fix("e.g. runs = 8")
            })?;
            continue;
        }
        if lower == "seed" {
            spec.seed = Some(whole(value).ok_or_else(|| {
                SweepError::bad(format!("{} = {} must be a whole number >= 0", at("seed"), shown(value)))
                    .with_fix("e.g. seed = 42")
            })?);
            continue;
        }
        let Some(param) = schema.spec(key) else {
            let candidates = ["RUNS", "SEED"].into_iter().chain(schema.keys());
            let near = nearest(key, candidates).filter(|(_, d)| *d <= (key.len() / 3).max(3));
            let err = SweepError::bad(format!("{} is not a known key", at(key)));
            return Err(match near {
                Some((k, _)) => {
                    let k = k.to_ascii_lowercase();
                    SweepError::bad(format!("{} is not a known key; did you mean {k}?", at(key)))
                        .with_fix(format!("rename {key} to {k}"))
                }
                None => err.with_fix("the [sweep] table holds runs, seed and run keys (`grassroot params` lists them)"),
            });
        };
        let values = match value {
            TomlValue::Array(items) => list(items, &at(&lower))?,
            TomlValue::Table(range) => range_values(range, &param.kind, &at(&lower))?,
            single => {
                return Err(SweepError::bad(format!(
                    "{} = {} is a single value: a sweep key needs a list or a range",
                    at(&lower),
                    shown(single)
                ))
                .with_fix(format!(
                    "write {lower} = [{}] to vary it, or move it above the [sweep] table to fix it for every world",
                    shown(single)
                )));
            }
        };
        if values.is_empty() {
            return Err(SweepError::bad(format!("{} is an empty list: the grid would have no points", at(&lower)))
                .with_fix(format!("give at least one value, e.g. {lower} = [{}]", param.default)));
        }
        if let Some((_, why)) = FIXED_KEYS.iter().find(|(k, _)| *k == param.key) {
            return Err(SweepError::bad(format!("{} cannot be varied: {why}", at(&lower))));
        }
        let mut canonical = Vec::with_capacity(values.len());
        for text in &values {
            match param.kind.parse(&param.key, text) {
                Ok(value) => canonical.push(value.to_string()),
                Err(e) => {
                    let text = excerpt(text);
                    return Err(SweepError::bad(format!("{} = {text} {}", at(&lower), e.problem()))
                        .with_fix(format!("change or remove {text} in the values of {lower}")));
                }
            }
        }
        // Lists may repeat a value (`[0.003, 0.0030]`); ranges step strictly, but are checked too.
        if let Some((first, again)) = first_repeat(&canonical) {
            let given = (values[first].as_str(), values[again].as_str());
            return Err(repeated_value(&at(&lower), &lower, given, &canonical[first]));
        }
        spec.grid = spec.grid.vary(&param.key, values);
    }
    spec.grid = spec.grid.check(schema)?;
    Ok(spec)
}

/// A non-negative whole number: a TOML integer, or a string of digits (for seeds >= 2^63).
fn whole(value: &TomlValue) -> Option<u64> {
    match value {
        TomlValue::Integer(n) => u64::try_from(*n).ok(),
        TomlValue::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => s.parse().ok(),
        _ => None,
    }
}

/// The text of a scalar TOML value, or `None` for arrays, tables, dates and floats that are
/// not finite.
fn scalar_text(value: &TomlValue) -> Option<String> {
    match value {
        TomlValue::Float { value, .. } if !value.is_finite() => None,
        TomlValue::Datetime(_) => None,
        other => other.setting_text(),
    }
}

/// A value as the user would recognise it in a message.
fn shown(value: &TomlValue) -> String {
    excerpt(&match value {
        TomlValue::String(s) => format!("{s:?}"),
        other => scalar_text(other).unwrap_or_else(|| other.to_string()),
    })
}

fn list(items: &[TomlItem], at: &str) -> Result<Vec<String>, SweepError> {
    items
        .iter()
        .map(|item| {
            scalar_text(&item.value).ok_or_else(|| {
                SweepError::bad(format!(
                    "{at}: {} is not a single value (lists hold numbers, text or switches)",
                    item.value
                ))
                .with_fix("write a flat list, e.g. [0.001, 0.003]")
            })
        })
        .collect()
}

/// Refuses a range for a key whose values are not numbers.
fn check_range_kind(kind: &Kind, at: &str) -> Result<(), SweepError> {
    if !matches!(kind, Kind::UInt { .. } | Kind::Amount { .. } | Kind::Fraction | Kind::Rate | Kind::OptionalPrice) {
        return Err(SweepError::bad(format!("{at} is a {}: only numbers can be swept with a range", kind.name()))
            .with_fix("give a list of values instead, e.g. [\"keep\", \"sell\"]"));
    }
    Ok(())
}

/// The values of the range `{ from, to, step }` of a key of `kind`, given as text (the Python
/// package's `grid={"fee_rate": {"from": "0.001", "to": "0.01", "step": "0.001"}}`), expanded
/// exactly as a `[sweep]` table's range is; `at` names the range in messages.
pub fn expand_range(at: &str, kind: &Kind, from: &str, to: &str, step: &str) -> Result<Vec<String>, SweepError> {
    check_range_kind(kind, at)?;
    let part = |name: &str, text: &str| {
        SignedDecimal::parse(text.trim()).map_err(|_| {
            SweepError::bad(format!("{at}: {name} = {text:?} is not a decimal number"))
                .with_fix("write plain numbers, e.g. 0.001 or 10")
        })
    };
    range_of(at, part("from", from)?, part("to", to)?, part("step", step)?)
}

fn range_values(range: &[(String, TomlItem)], kind: &Kind, at: &str) -> Result<Vec<String>, SweepError> {
    const PARTS: [&str; 3] = ["from", "to", "step"];
    check_range_kind(kind, at)?;
    for (name, _) in range {
        if !PARTS.contains(&name.as_str()) {
            let hint = nearest(name, PARTS).map(|(p, _)| format!("; did you mean {}?", p.to_ascii_lowercase()));
            return Err(SweepError::bad(format!("{at}: {name} is not part of a range{}", hint.unwrap_or_default()))
                .with_fix("a range is { from = A, to = B, step = S }"));
        }
    }
    let part = |name: &str| -> Result<SignedDecimal, SweepError> {
        let value = range.iter().find(|(k, _)| k == name).map(|(_, item)| &item.value).ok_or_else(|| {
            SweepError::bad(format!("{at}: the range has no {name}"))
                .with_fix("a range is { from = A, to = B, step = S }, e.g. { from = 10, to = 50, step = 10 }")
        })?;
        let text = scalar_text(value).filter(|_| !matches!(value, TomlValue::Boolean(_)));
        text.as_deref().map(SignedDecimal::parse).and_then(Result::ok).ok_or_else(|| {
            SweepError::bad(format!("{at}: {name} = {} is not a decimal number", shown(value)))
                .with_fix("write plain numbers, e.g. 0.001 or 10")
        })
    };
    range_of(at, part("from")?, part("to")?, part("step")?)
}

/// The values of a range, or the error that names it.
fn range_of(at: &str, from: SignedDecimal, to: SignedDecimal, step: SignedDecimal) -> Result<Vec<String>, SweepError> {
    let what = format!("{at} = {{ from = {from}, to = {to}, step = {step} }}");
    match expand(from, to, step, MAX_RANGE_VALUES) {
        Ok(values) => Ok(values.iter().map(ToString::to_string).collect()),
        Err(RangeError::ZeroStep) => {
            Err(SweepError::bad(format!("{what} goes nowhere: step is 0")).with_fix("use a step other than 0"))
        }
        Err(RangeError::WrongDirection(fixed)) => {
            Err(SweepError::bad(format!("{what} goes nowhere: step {step} leads away from {to}"))
                .with_fix(format!("use step = {fixed}, or swap from and to")))
        }
        Err(RangeError::Negative) => {
            Err(SweepError::bad(format!("{what} starts or ends below zero"))
                .with_fix("swept values are never negative"))
        }
        Err(RangeError::TooMany(n)) => {
            Err(SweepError::bad(format!("{what} has {n} values, more than the {MAX_RANGE_VALUES} a range may have"))
                .with_fix("use a larger step"))
        }
    }
}
