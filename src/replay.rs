//! `--replay run.json`: what of a recorded run this program can repeat. The manifest must be a
//! grassroot `run.json` ([`Manifest::read`] refuses a newer layout) written by this version of
//! grassroot or an older one, of a scenario this program runs; anything else is refused as bad
//! input (exit 2) rather than half-honoured. The run's scenario is the replayed one unless
//! `--scenario` names one, which wins: the replayed keys that scenario does not have are then
//! left out, each named in a warning.

use std::path::Path;

use grassroot_report::Manifest;

use crate::cli::RunArgs;
use crate::scenario::Scenarios;

/// The program name a `run.json` of grassroot records.
const PROGRAM: &str = "grassroot";

/// Reads the `run.json` at `path` for `--replay`, refusing one of another program or of a newer
/// grassroot.
pub(crate) fn read(path: &Path) -> Result<Manifest, String> {
    let manifest = Manifest::read(path).map_err(|e| {
        format!("--replay: {e}\n  fix: name the run.json that a grassroot run wrote into its output folder")
    })?;
    let shown = path.display();
    if manifest.program != PROGRAM {
        return Err(format!(
            "--replay {shown}: written by '{}', not grassroot: its parameters cannot be read as grassroot's\n  \
             fix: name the run.json of a grassroot run",
            manifest.program
        ));
    }
    let ours = env!("CARGO_PKG_VERSION");
    match (version(&manifest.version), version(ours)) {
        (Some(theirs), Some(mine)) if theirs <= mine => Ok(manifest),
        _ => Err(format!(
            "--replay {shown}: written by grassroot {}, and this is grassroot {ours}: a newer version's parameters \
             may mean what this one cannot do\n  fix: replay it with the grassroot that wrote it, or a newer one",
            manifest.version
        )),
    }
}

/// `MAJOR.MINOR.PATCH` of a version (a pre-release or build suffix ignored), to compare.
fn version(text: &str) -> Option<(u64, u64, u64)> {
    let core = text.split(['-', '+']).next()?;
    let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
    let v = (parts.next()??, parts.next()??, parts.next()??);
    parts.next().is_none().then_some(v)
}

/// The scenario a run asks for: `--scenario` if given; else, with `--replay`, the replayed
/// run's when `scenarios` has it (a run.json of a scenario this program does not run is
/// refused); else `None`, the program's own.
pub(crate) fn scenario(args: &RunArgs, scenarios: &Scenarios) -> Result<Option<String>, String> {
    if let Some(explicit) = &args.scenario {
        return Ok(Some(explicit.clone()));
    }
    let Some(path) = &args.replay else { return Ok(None) };
    let replayed = read(path)?.scenario;
    match scenarios.get(&replayed) {
        Some(s) => Ok(Some(s.name().to_owned())),
        None => Err(format!(
            "--replay {}: a run of scenario '{replayed}', which this program does not run (it runs {})\n  fix: \
             replay it with the program that wrote it, or give --scenario to run these parameters in another \
             scenario",
            path.display(),
            scenarios.names().join(", ")
        )),
    }
}

/// The replayed parameters for a run of scenario `running` whose schema knows `known` keys: all
/// of them, or, when `--scenario` names a scenario other than the replayed one, those it knows
/// (the others named in a warning).
pub(crate) fn pairs(
    args: &RunArgs,
    running: &str,
    manifest: &Manifest,
    known: &dyn Fn(&str) -> bool,
) -> Vec<(String, String)> {
    let pairs = manifest.param_pairs();
    if args.scenario.is_none() || running == manifest.scenario {
        return pairs;
    }
    let (kept, left): (Vec<_>, Vec<_>) = pairs.into_iter().partition(|(k, _)| known(k));
    if !left.is_empty() {
        let names: Vec<&str> = left.iter().map(|(k, _)| k.as_str()).collect();
        tracing::warn!(
            "--replay: {} replayed key(s) of scenario {} not used by scenario {running}: {}",
            names.len(),
            manifest.scenario,
            names.join(", ")
        );
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_by_number_not_text() {
        assert!(version("0.10.0") > version("0.9.3"));
        assert_eq!(version("1.2.3-rc.1"), Some((1, 2, 3)));
        assert_eq!(version("1.2"), None);
        assert_eq!(version("x.2.3"), None);
    }
}
