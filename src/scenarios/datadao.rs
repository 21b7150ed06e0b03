//! `--scenario datadao`: the baseline's archetypes mint their dDT by locking Circles against
//! the data they contribute, and The Pie pays each use case's spending to the members who
//! permit it (`grassroot_datadao`).

use grassroot_config::{ConfigError, Params, Schema};
use grassroot_datadao::{DEFAULT_USE_CASES, DataDaoScenario, keys};
use grassroot_report::ExtraPanel;
use grassroot_sim::Plugin;

use crate::scenario::Scenario;

/// The dataDAO scenario: its keys (group `dataDAO`) and the panels of where dDT supply came
/// from, The Pie's payouts by use case, and Circles.
#[derive(Clone, Copy, Debug, Default)]
pub struct DataDao;

impl Scenario for DataDao {
    fn name(&self) -> &str {
        "datadao"
    }

    fn description(&self) -> &str {
        "Members mint dDT by locking Circles against contributed data; The Pie pays each use case's spending to the members who permit it."
    }

    fn add_keys(&self, schema: &mut Schema) -> Result<(), ConfigError> {
        if keys::has_params(schema) { Ok(()) } else { keys::add_params(schema, &DEFAULT_USE_CASES) }
    }

    fn plugin(&self, params: &Params) -> Box<dyn Plugin> {
        Box::new(DataDaoScenario::new(params))
    }

    fn panels(&self) -> Vec<ExtraPanel> {
        grassroot_datadao::plot_panels(&DEFAULT_USE_CASES).into_iter().map(|(t, c)| ExtraPanel::group(t, c)).collect()
    }
}
