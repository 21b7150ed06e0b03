//! `--scenario baseline` (the default; formerly `seed`, still accepted): the original
//! description taken at its word — five archetypes, the market and The Pie.

use grassroot_config::Params;
use grassroot_sim::{Plugin, SeedScenario};

use crate::scenario::Scenario;

/// The baseline scenario: [`SeedScenario`] from the program's own keys.
#[derive(Clone, Copy, Debug, Default)]
pub struct Baseline;

impl Scenario for Baseline {
    fn name(&self) -> &str {
        "baseline"
    }

    fn aliases(&self) -> &[&str] {
        &["seed"]
    }

    fn description(&self) -> &str {
        "The default: five archetypes, the market and The Pie, as the original description has them."
    }

    fn plugin(&self, params: &Params) -> Box<dyn Plugin> {
        Box::new(SeedScenario::new(params))
    }
}
