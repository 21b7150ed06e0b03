//! A swept key that another layer also sets. The grid's values replace the base value of a
//! varied key in every world, so a value given for it elsewhere is never used:
//!
//! - from a flag (`--set FEE_RATE=0.01`, `--steps 10`) or an environment variable, the user
//!   asked for it explicitly on this command: that is refused as bad input (exit code 2);
//! - from the TOML file above `[sweep]` or from `.env`, it is a base value that the file also
//!   varies (`cp env.example .env` sets every key): a one-line warning, and the sweep runs;
//! - from the defaults or replayed settings: nothing to say.
//!
//! The same goes for the base seed: `[sweep] seed` loses to a `SEED` from `.env`, the
//! environment or `--seed` (see [`SweepSpec::base_seed`]), with a warning when it came from
//! `.env`, where `cp env.example .env` puts one.

use grassroot_config::{Origin, Settings};

use crate::error::SweepError;
use crate::grid::Grid;
use crate::spec::SweepSpec;

/// Checks the varied keys of `grid` against where `base` got their values: an error for a
/// value from a flag or the environment, a warning (one line, without `warning: `) for each
/// value from a TOML file or `.env` that the grid replaces. [`crate::Sweep`] refuses the
/// errors itself; call this to show the warnings.
pub fn swept_key_warnings(grid: &Grid, base: &Settings) -> Result<Vec<String>, SweepError> {
    let mut warnings = Vec::new();
    for key in grid.keys() {
        let lower = key.to_ascii_lowercase();
        let value = base.get(key).map(ToString::to_string).unwrap_or_default();
        match base.origin(key) {
            Some(Origin::Flag { flag }) => {
                let given = if flag == grassroot_config::SET_FLAG {
                    format!("{flag} {key}={value}")
                } else {
                    format!("{flag} {value}")
                };
                return Err(SweepError::bad(format!(
                    "{lower} is varied in [sweep] and also set by the flag {given}: every world would take the \
                     grid's values and ignore the flag"
                ))
                .with_fix(format!(
                    "drop {given} to sweep {lower}, or remove {lower} from [sweep] to run every world with {value}"
                )));
            }
            Some(Origin::Env { var }) => {
                return Err(SweepError::bad(format!(
                    "{lower} is varied in [sweep] and also set by the environment variable {var}={value}: every \
                     world would take the grid's values and ignore the variable"
                ))
                .with_fix(format!(
                    "unset {var} (or run `env -u {var} grassroot sweep ...`) to sweep {lower}, or remove {lower} \
                     from [sweep] and keep {var}={value} for every world"
                )));
            }
            Some(Origin::Python { argument }) => {
                let given = if argument == "params" {
                    format!("params={{{key:?}: {:?}}}", value)
                } else {
                    format!("{argument}={value}")
                };
                return Err(SweepError::bad(format!(
                    "{lower} is varied in the grid and also set by the Python argument {given}: every world would \
                     take the grid's values and ignore the argument"
                ))
                .with_fix(format!(
                    "drop {given} to sweep {lower}, or remove {lower} from the grid to run every world with {value}"
                )));
            }
            Some(origin @ (Origin::Dotenv { .. } | Origin::TomlFile { .. })) => {
                let place = match origin {
                    Origin::TomlFile { .. } => format!("{origin} (above [sweep])"),
                    _ => origin.to_string(),
                };
                warnings.push(format!("{lower} = {value} from {place} is not used: [sweep] varies {lower}"));
            }
            _ => {}
        }
    }
    Ok(warnings)
}

/// A warning when `[sweep] seed` is given but a `SEED` from `.env` is the base seed instead.
pub fn seed_warning(spec: &SweepSpec, base: &Settings) -> Option<String> {
    let table_seed = spec.seed?;
    let origin @ Origin::Dotenv { .. } = base.origin("SEED")? else { return None };
    let used = spec.base_seed(base);
    (used != table_seed)
        .then(|| format!("[sweep] seed = {table_seed} is not used: SEED = {used} from {origin} wins (remove it there)"))
}

#[cfg(test)]
mod tests {
    use grassroot_config::{Schema, Sources, load};

    use super::*;

    fn base(env: &[(&str, &str)], flags: &[(&str, &str)]) -> Settings {
        let sources = Sources {
            env: env.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
            overrides: flags.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
            ..Sources::default()
        };
        load(&Schema::seed(), &sources).unwrap_or_else(|e| panic!("{e}"))
    }

    fn grid() -> Grid {
        Grid::new().vary("fee_rate", ["0.001", "0.003"]).vary("total_steps", ["5", "10"])
    }

    #[test]
    fn flags_and_environment_for_a_swept_key_are_refused() {
        let err = |b: &Settings| match swept_key_warnings(&grid(), b) {
            Err(e) => (e.exit_code(), e.to_string()),
            Ok(w) => panic!("accepted: {w:?}"),
        };
        let (code, text) = err(&base(&[], &[("--set", "FEE_RATE=0.01")]));
        assert_eq!(code, 2);
        assert!(text.contains("fee_rate is varied in [sweep] and also set by the flag --set FEE_RATE=0.01"), "{text}");
        assert!(text.contains("fix: drop --set FEE_RATE=0.01 to sweep fee_rate, or remove fee_rate"), "{text}");
        let (_, text) = err(&base(&[], &[("--steps", "7")]));
        assert!(text.contains("total_steps is varied in [sweep] and also set by the flag --steps 7"), "{text}");
        let (_, text) = err(&base(&[("FEE_RATE", "0.01")], &[]));
        assert!(text.contains("environment variable FEE_RATE=0.01") && text.contains("unset FEE_RATE"), "{text}");
        let python = Origin::Python { argument: "params".to_owned() };
        let from_python = base(&[], &[]).with_values([("FEE_RATE", "0.01", python)]).unwrap_or_else(|e| panic!("{e}"));
        let (_, text) = err(&from_python);
        assert!(text.contains(r#"also set by the Python argument params={"FEE_RATE": "0.01"}"#), "{text}");
    }

    #[test]
    fn unrelated_or_default_values_pass_silently() {
        let b = base(&[("AGENTS_PER_ENTRY", "20")], &[("--set", "PIE_PAYOUT_RATE=0.5")]);
        assert_eq!(swept_key_warnings(&grid(), &b).ok(), Some(Vec::new()));
        let replayed = Settings::from_pairs(&Schema::seed(), [("FEE_RATE", "0.01")]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(swept_key_warnings(&grid(), &replayed).ok(), Some(Vec::new()));
    }
}
