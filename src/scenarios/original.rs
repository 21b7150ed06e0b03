//! `--scenario original`: the original Python simulation with its defects
//! ([docs/original.md](../../docs/original.md)): its `config.py` as the defaults of the
//! ordinary keys, its defects as `ORIGINAL_*` switches (on), and no governance.

use grassroot_config::{ConfigError, Origin, Params, Schema, Settings, TurnOrder};
use grassroot_original::{self as original, OriginalScenario};
use grassroot_sim::Plugin;

use crate::scenario::{Governance, Scenario};

/// The original scenario.
#[derive(Clone, Copy, Debug, Default)]
pub struct Original;

impl Scenario for Original {
    fn name(&self) -> &str {
        "original"
    }

    fn description(&self) -> &str {
        "The original Python simulation, defects included (docs/original.md); SEED is unused unless TURN_ORDER=phases."
    }

    fn add_keys(&self, schema: &mut Schema) -> Result<(), ConfigError> {
        if original::has_params(schema) { Ok(()) } else { original::add_params(schema) }
    }

    fn set_defaults(&self, schema: &mut Schema) -> Result<(), ConfigError> {
        original::set_original_defaults(schema)
    }

    fn plugin(&self, params: &Params) -> Box<dyn Plugin> {
        Box::new(OriginalScenario::new(params))
    }

    fn governance(&self) -> Governance {
        Governance::Refused("the original simulation has no governance, its parameters never change during a run")
    }

    /// A `SEED` the user set is not used with `TURN_ORDER=agents`: nothing draws a number.
    fn warnings(&self, settings: &Settings, params: &Params) -> Vec<String> {
        let set_by_user =
            settings.origin("SEED").is_some_and(|o| !matches!(o, Origin::Default | Origin::Replay { .. }));
        if params.turn_order == TurnOrder::Agents && set_by_user {
            vec![format!(
                "SEED={} is not used: --scenario original with TURN_ORDER=agents draws no random number",
                params.seed
            )]
        } else {
            Vec::new()
        }
    }
}
