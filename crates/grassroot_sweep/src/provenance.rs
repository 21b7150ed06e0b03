//! Where a world's values came from, for the message of a world that fails.
//!
//! A world's settings are rebuilt from `(KEY, value)` pairs, so `grassroot_config` sees every
//! value as coming from "replayed settings". That is not where the user put them: a failed
//! world's message names the true origin of each value instead — the sweep grid for a varied
//! key, the world's derived seed for `SEED`, and for every other key the layer the base took it
//! from (`default`, `config file sweep.toml`, `.env line 3`, `flag --set`, and "replayed
//! settings" only for a base that really was replayed, e.g. with `--replay run.json`).

use grassroot_config::Settings;

use crate::grid::Grid;
use crate::sweep::WORLD_OVERRIDES;

/// How `grassroot_config` names the origin of a value read from pairs.
const REPLAYED: &str = "from replayed settings";
/// How `grassroot_config` suggests to change such a value.
const REPLAYED_FIX: &str = "edit the replayed settings or override them with --set";

/// The origin of every key of a sweep's worlds.
#[derive(Clone, Debug, Default)]
pub(crate) struct Provenance {
    /// `(KEY, origin as text)`.
    origins: Vec<(String, String)>,
}

impl Provenance {
    /// The origins of the worlds of a sweep over `grid` with base settings `base`.
    pub(crate) fn new(grid: &Grid, base: &Settings) -> Provenance {
        // A base value from `--replay` (or `Settings::from_pairs`) is truly replayed.
        let mut origins: Vec<(String, String)> =
            base.entries().iter().map(|e| (e.key.clone(), e.origin.to_string())).collect();
        let mut set = |key: &str, origin: &str| match origins.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => origin.clone_into(&mut slot.1),
            None => origins.push((key.to_owned(), origin.to_owned())),
        };
        for key in grid.keys() {
            set(key, "the sweep grid");
        }
        set("SEED", "the world's derived seed");
        for (key, _) in WORLD_OVERRIDES {
            set(key, "the sweep (the same in every world)");
        }
        Provenance { origins }
    }

    fn origin(&self, key: &str) -> Option<&str> {
        self.origins.iter().find(|(k, _)| k == key).map(|(_, o)| o.as_str())
    }

    /// `message` with each "from replayed settings" after `KEY=value` or `KEY = value (`
    /// replaced by the key's true origin.
    pub(crate) fn rewrite(&self, message: &str) -> String {
        let mut out = String::with_capacity(message.len());
        let mut rest = message;
        while let Some(at) = rest.find(REPLAYED) {
            out.push_str(&rest[..at]);
            match key_before(&out).and_then(|k| self.origin(k)) {
                Some(o) => {
                    out.push_str("from ");
                    out.push_str(o);
                }
                None => out.push_str("from the sweep's settings of this world"),
            }
            rest = &rest[at + REPLAYED.len()..];
        }
        out.push_str(rest);
        out.replace(REPLAYED_FIX, "change the value in the [sweep] table or in the base parameters")
    }
}

/// The key of the `KEY=value` or `KEY = value (` that `text` ends with.
fn key_before(text: &str) -> Option<&str> {
    let eq = text.rfind('=')?;
    let head = text[..eq].trim_end();
    let start = head.rfind(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')).map_or(0, |i| i + 1);
    let key = &head[start..];
    (!key.is_empty()).then_some(key)
}

#[cfg(test)]
mod tests {
    use grassroot_config::Schema;

    use super::*;

    #[test]
    fn replayed_settings_become_the_grid_the_seed_or_the_base_layer() {
        let sources = grassroot_config::Sources {
            overrides: vec![("--set".to_owned(), "ORGANIZATION_SHARE=0.05".to_owned())],
            ..grassroot_config::Sources::default()
        };
        let base = grassroot_config::load(&Schema::seed(), &sources).unwrap_or_else(|e| panic!("{e}"));
        let p = Provenance::new(&Grid::new().vary("degen_user_share", ["0.4", "0.5"]), &base);
        // As the sweep does: every base pair, with the grid point's value.
        let mut pairs = base.to_pairs();
        pairs.iter_mut().filter(|(k, _)| k == "DEGEN_USER_SHARE").for_each(|(_, v)| "0.5".clone_into(v));
        let world = Settings::from_pairs(&Schema::seed(), pairs);
        let Err(e) = world else { panic!("the shares sum to 1.1") };
        let text = p.rewrite(&e.to_string());
        assert!(!text.contains("replayed"), "{text}");
        assert!(text.contains("DEGEN_USER_SHARE=0.5 from the sweep grid"), "{text}");
        assert!(text.contains("ORGANIZATION_SHARE=0.05 from flag --set"), "{text}");
        assert!(text.contains("ACTIVE_USER_SHARE=0.3 from default"), "{text}");
        assert_eq!(
            p.rewrite("FEE_RATE = 2 (from replayed settings) is out of range; SEED=1 from replayed settings"),
            "FEE_RATE = 2 (from default) is out of range; SEED=1 from the world's derived seed"
        );
        assert_eq!(p.rewrite("a file from replayed settings"), "a file from the sweep's settings of this world");
    }
}
