//! [`App`]: the whole command-line program — flags, layered parameters, a scenario built from
//! plugins, outputs, summary and exit codes — as a value that binaries and examples configure.
//!
//! The `grassroot` binary is `App::seed().main()`; an example that adds an archetype is
//! `App::seed().plugin(MyPlugin).main()`, and reads the same flags, `.env`, environment and
//! OUTPUT_DIR as the binary.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::rc::Rc;

use clap::Parser;
use grassroot_config::{ConfigError, ParamSpec, Params, RoleDefaults, Schema, Settings};
use grassroot_config::{Origin, TurnOrder};
use grassroot_datadao::{DEFAULT_USE_CASES, DataDaoScenario, keys as datadao_keys};
use grassroot_governance::{GovParams, GovernancePlugin, keys as gov_keys};
use grassroot_original::{self as original, OriginalScenario};
use grassroot_report::{ExtraPanel, Manifest, Outcome, RecordOptions, ReportError};
use grassroot_sim::{BehaviourPlugin, Plugin, RoleBehaviour, SeedScenario, SimBuilder, SimError, Simulation};

use crate::cli::{Cli, Command, RunArgs, Scenario};
use crate::runner::{RunError, RunOptions, RunReport, print_summary, run_to_outputs, stop_on_ctrl_c};

/// Exit code for bad input: parameters, files, the output folder.
pub const EXIT_BAD_INPUT: u8 = 2;
/// Exit code for a run that failed (books, I/O).
pub const EXIT_FAILED: u8 = 1;
/// Exit code for a run stopped by Ctrl-C.
pub const EXIT_INTERRUPTED: u8 = 130;
/// Exit code for a run, sweep or merge whose output folder another process holds.
pub const EXIT_IN_USE: u8 = grassroot_report::folder::EXIT_IN_USE;

type ScenarioFn = Box<dyn Fn(&Params) -> Box<dyn Plugin>>;

/// An extra plugin of an [`App`], shared by every simulation the program builds.
struct Shared(Rc<dyn Plugin>);

impl Plugin for Shared {
    fn build(&self, sim: &mut SimBuilder) {
        self.0.build(sim);
    }

    fn finish(&self, sim: &mut SimBuilder) {
        self.0.finish(sim);
    }

    fn name(&self) -> &str {
        self.0.name()
    }

    fn is_unique(&self) -> bool {
        self.0.is_unique()
    }
}

/// A configured program: a scenario, extra plugins and parameters, extra plotted columns.
pub struct App {
    name: String,
    schema: Schema,
    scenario: ScenarioFn,
    plugins: Vec<Rc<dyn Plugin>>,
    extra_panels: Vec<ExtraPanel>,
    /// Whether the scenario may be governed (`GOVERNANCE=on`): the seed's and the dataDAO's,
    /// not the original's.
    governable: bool,
}

/// Why an [`App`] run did not complete.
#[derive(Debug)]
pub enum AppError {
    /// Bad parameters, every one of them with its parts (key, value, origin, what is allowed,
    /// fix), whichever crate found them: the settings, or a plugin as the simulation was built
    /// (exit code 2).
    Config(ConfigError),
    /// Bad files or output folder (exit code 2).
    BadInput(String),
    /// The run could not finish or write its outputs (exit code 1).
    Failed(String),
    /// Another process holds the output folder (exit code 75); nothing was written.
    InUse(String),
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AppError::Config(e) => e.fmt(f),
            AppError::BadInput(m) | AppError::Failed(m) | AppError::InUse(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for AppError {}

impl From<ConfigError> for AppError {
    fn from(e: ConfigError) -> Self {
        AppError::Config(e)
    }
}

impl From<SimError> for AppError {
    /// A simulation that cannot be set up is bad input; its bad parameters stay whole.
    fn from(e: SimError) -> Self {
        match e {
            SimError::Config(e) => AppError::Config(e),
            other => AppError::BadInput(other.to_string()),
        }
    }
}

impl App {
    /// The seed scenario with its parameters, governance's among them (`GOVERNANCE`, off by
    /// default; see `grassroot_governance::keys`).
    pub fn seed() -> App {
        let mut schema = Schema::seed();
        if let Err(e) = gov_keys::add_params(&mut schema) {
            panic!("governance's parameters cannot be added: {e}");
        }
        App {
            name: "seed".to_owned(),
            schema,
            scenario: Box::new(|p| Box::new(SeedScenario::new(p))),
            plugins: Vec::new(),
            extra_panels: Vec::new(),
            governable: true,
        }
    }

    /// The dataDAO scenario (`--scenario datadao`): the seed's archetypes mint their dDT by
    /// locking Circles against the data they contribute, and The Pie pays each use case's
    /// spending to the members who permit it. Its parameters are the seed's plus the dataDAO's
    /// (group `dataDAO`, see `grassroot_datadao::keys`); its figure adds the panels of where dDT
    /// supply came from, The Pie's payouts by use case, and Circles.
    pub fn datadao() -> App {
        App::seed().with_datadao()
    }

    /// This program with the dataDAO scenario in place of its own: the dataDAO's parameters
    /// are added (unless present) and its panels drawn; extra plugins, parameters and plotted
    /// columns stay. An invalid combination panics, like [`App::param`].
    pub fn with_datadao(mut self) -> App {
        if !datadao_keys::has_params(&self.schema)
            && let Err(e) = datadao_keys::add_params(&mut self.schema, &DEFAULT_USE_CASES)
        {
            panic!("the dataDAO's parameters cannot be added: {e}");
        }
        self.name = "datadao".to_owned();
        self.scenario = Box::new(|p| Box::new(DataDaoScenario::new(p)));
        for (title, columns) in grassroot_datadao::plot_panels(&DEFAULT_USE_CASES) {
            let panel = ExtraPanel::group(title, columns);
            if !self.extra_panels.contains(&panel) {
                self.extra_panels.push(panel);
            }
        }
        self
    }

    /// The original Python simulation (`--scenario original`), defects included: the seed's
    /// keys with the original's `config.py` as their defaults, its defects as `ORIGINAL_*`
    /// switches (on), and the columns of the flows they create or destroy. See
    /// `docs/original.md`. It cannot be governed: `GOVERNANCE=on` is refused.
    pub fn original() -> App {
        App::seed().with_original()
    }

    /// This program with the original scenario in place of its own (see [`App::original`]).
    /// An invalid combination panics, like [`App::param`].
    pub fn with_original(mut self) -> App {
        if !original::has_params(&self.schema) {
            let added =
                original::add_params(&mut self.schema).and_then(|()| original::set_original_defaults(&mut self.schema));
            if let Err(e) = added {
                panic!("the original's parameters cannot be added: {e}");
            }
        }
        self.name = "original".to_owned();
        self.scenario = Box::new(|p| Box::new(OriginalScenario::new(p)));
        self.governable = false;
        self
    }

    /// The program that `--scenario` asks for: `seed` (the default) keeps this one as
    /// configured; `datadao` is [`App::with_datadao`], `original` [`App::with_original`].
    pub fn for_scenario(self, scenario: Scenario) -> App {
        match scenario {
            Scenario::Seed => self,
            Scenario::Datadao => self.with_datadao(),
            Scenario::Original => self.with_original(),
        }
    }

    /// Every parameter the program reads with any `--scenario` (what `params` lists and
    /// `env.example` holds): its own, then the dataDAO's and the original's if they are not
    /// among them (with this program's defaults; `--scenario original` has the original's).
    pub fn listed_schema(&self) -> Schema {
        let mut schema = self.schema.clone();
        // Adding to a schema without them fails only on a clash with a key of this program;
        // the list then shows its own keys.
        if !datadao_keys::has_params(&schema) {
            let _ = datadao_keys::add_params(&mut schema, &DEFAULT_USE_CASES);
        }
        if !original::has_params(&schema) {
            let _ = original::add_params(&mut schema);
        }
        schema
    }

    /// Renames the scenario (as shown in run.json, the summary and the figure's title).
    pub fn named(mut self, name: impl Into<String>) -> App {
        self.name = name.into();
        self
    }

    /// The scenario's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Replaces the scenario plugin (built from the resolved parameters).
    pub fn scenario<P: Plugin>(mut self, scenario: impl Fn(&Params) -> P + 'static) -> App {
        self.scenario = Box::new(move |p| Box::new(scenario(p)));
        self
    }

    /// Adds a plugin after the scenario's.
    pub fn plugin(mut self, plugin: impl Plugin) -> App {
        self.plugins.push(Rc::new(plugin));
        self
    }

    /// Adds a parameter (read from TOML, `.env`, environment and `--set` like the others;
    /// plugins read it with [`SimBuilder::settings`](grassroot_sim::SimBuilder::settings)).
    /// An invalid spec panics: it is a programming error, caught the first time the program
    /// runs.
    pub fn param(mut self, spec: ParamSpec) -> App {
        let key = spec.key.clone();
        if let Err(e) = self.schema.add(spec) {
            panic!("parameter {key} cannot be added: {e}");
        }
        self
    }

    /// Adds a per-role behaviour (see `grassroot_sim::behaviour`): its keys for every role,
    /// `<ROLE>_<SUFFIX>` (roles added later with [`App::role`] too), read from every layer and
    /// validated with the others, and the behaviour in every simulation this program builds
    /// (after the scenario). A key that clashes with a registered one panics, like
    /// [`App::param`].
    pub fn behaviour(mut self, behaviour: impl RoleBehaviour) -> App {
        for key in behaviour.keys() {
            let suffix = key.suffix.clone();
            if let Err(e) = self.schema.add_role_key(key) {
                panic!("the per-role key <ROLE>_{suffix} cannot be added: {e}");
            }
        }
        self.plugin(BehaviourPlugin(behaviour))
    }

    /// Adds a role: its seventeen keys `<ROLE>_SHARE`, `<ROLE>_INITIAL_DDT`, ... (see
    /// [`Schema::add_role`]), validated with the others (the shares still sum to exactly 1:
    /// lower another role's default with [`App::param_default`] if `defaults.share` is not 0).
    /// The scenario builds its archetype like the seed's; a plugin adds behaviour to it with
    /// [`SimBuilder::add_bundle`](grassroot_sim::SimBuilder::add_bundle). An invalid role
    /// panics, like [`App::param`].
    pub fn role(self, role: &str, note: &str, defaults: &RoleDefaults) -> App {
        match self.try_role(role, note, defaults) {
            Ok(app) => app,
            Err(e) => panic!("role {role} cannot be added: {e}"),
        }
    }

    /// [`App::role`] for a role that comes from input (the Python package's `roles=`): an
    /// invalid name or default is an error, not a panic.
    pub fn try_role(mut self, role: &str, note: &str, defaults: &RoleDefaults) -> Result<App, ConfigError> {
        let mut schema = self.schema.clone();
        schema.add_role(role, note, defaults)?;
        if gov_keys::has_params(&schema) {
            gov_keys::add_role_params(&mut schema, role)?;
        }
        self.schema = schema;
        Ok(self)
    }

    /// Changes the default of a known parameter (see [`Schema::set_default`]), e.g.
    /// `.param_default("DEGEN_USER_SHARE", "0.35")`. An unknown key or invalid value panics,
    /// like [`App::param`].
    pub fn param_default(self, key: &str, value: &str) -> App {
        match self.try_param_default(key, value) {
            Ok(app) => app,
            Err(e) => panic!("the default of {key} cannot be set to {value:?}: {e}"),
        }
    }

    /// [`App::param_default`] for a default that comes from input (the Python package's
    /// `roles=`): an unknown key or invalid value is an error, not a panic.
    pub fn try_param_default(mut self, key: &str, value: &str) -> Result<App, ConfigError> {
        self.schema.set_default(key, value)?;
        Ok(self)
    }

    /// Also draws this metric column, in a panel of its own.
    pub fn plot_column(mut self, column: impl Into<String>) -> App {
        self.extra_panels.push(ExtraPanel::column(column));
        self
    }

    /// Also draws these metric columns as the lines of one panel.
    pub fn plot_panel<S: Into<String>>(
        mut self,
        title: impl Into<String>,
        columns: impl IntoIterator<Item = S>,
    ) -> App {
        self.extra_panels.push(ExtraPanel::group(title, columns));
        self
    }

    /// The parameters this program knows.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// Builds the simulation for resolved `settings`: the scenario, governance after it when
    /// `GOVERNANCE=on` (refused for a scenario that cannot be governed), then the extra plugins.
    pub fn build(&self, settings: &Settings) -> Result<Simulation, AppError> {
        self.build_limited(settings, false)
    }

    /// [`App::build`] for a run whose tables are taken as Arrow batches whatever
    /// `OUTPUT_FORMAT` says (the Python package's): amounts are refused from 10^20 tokens on,
    /// as for Parquet outputs.
    pub fn build_for_arrow(&self, settings: &Settings) -> Result<Simulation, AppError> {
        self.build_limited(settings, true)
    }

    fn build_limited(&self, settings: &Settings, arrow: bool) -> Result<Simulation, AppError> {
        let params = settings.params()?;
        let mut builder = Simulation::builder(&params);
        builder.set_settings(settings.clone());
        if arrow || settings.outputs()?.format.parquet() {
            // Parquet's decimals hold less than 10^20 tokens: a larger supply is refused here.
            builder.limit_amounts(grassroot_report::arrow::parquet_limit());
        }
        builder.add_boxed_plugin((self.scenario)(&params));
        if GovParams::is_on(settings) {
            if !self.governable {
                return Err(self.ungovernable(settings).into());
            }
            builder.add_plugin(GovernancePlugin::new(GovParams::from_settings(settings)?));
        }
        for plugin in &self.plugins {
            builder.add_plugin(Shared(Rc::clone(plugin)));
        }
        Ok(builder.build()?)
    }

    /// What a run of `settings` (resolved into `params`) records, as the binary records it:
    /// the tables in `OUTPUT_FORMAT`, the transaction log and figure as `TX_LOG` and `PLOT`
    /// say, this program's extra panels, its name and every resolved parameter.
    pub fn record_options(&self, settings: &Settings, params: &Params) -> Result<RecordOptions, AppError> {
        let outputs = settings.outputs()?;
        let mut extra_panels = self.extra_panels.clone();
        if GovParams::is_on(settings) {
            let roles = settings.schema().roles();
            extra_panels
                .extend(grassroot_governance::plot_panels(roles).into_iter().map(|(t, c)| ExtraPanel::group(t, c)));
        }
        Ok(RecordOptions {
            format: outputs.format,
            transactions: params.tx_log,
            plot: outputs.plot,
            extra_panels,
            scenario: self.name.clone(),
            params: settings.to_pairs(),
        })
    }

    /// Resolves the parameters that `args` describe (with `--replay`, if given).
    pub fn settings(&self, args: &RunArgs) -> Result<Settings, AppError> {
        let replay = match &args.replay {
            Some(path) => Manifest::read(path).map_err(|e| AppError::BadInput(format!("--replay: {e}")))?.param_pairs(),
            None => Vec::new(),
        };
        Ok(args.settings(&self.schema, replay)?)
    }

    /// Runs one simulation as `args` say and writes its outputs; the summary is printed
    /// unless `args.quiet`.
    pub fn run(&self, args: &RunArgs) -> Result<(Simulation, RunReport), AppError> {
        let settings = self.settings(args)?;
        let mut sim = self.build(&settings)?;
        let params = sim.params().clone();
        self.warn_unused_seed(&settings, &params);
        let options = RunOptions {
            record: self.record_options(&settings, &params)?,
            output_dir: settings.outputs()?.dir,
            progress: !args.quiet,
            stop: Some(stop_on_ctrl_c()),
        };
        let report = run_to_outputs(&mut sim, &options).map_err(|e| match e {
            RunError::OutputDir(e @ ReportError::NotADirectory(_)) => AppError::BadInput(e.to_string()),
            RunError::OutputDir(e @ ReportError::FolderInUse { .. }) => AppError::InUse(e.to_string()),
            RunError::OutputDir(e) => AppError::BadInput(format!(
                "OUTPUT_DIR: {e}\n  fix: choose a folder this user can create and write, with --out DIR or OUTPUT_DIR=DIR"
            )),
            RunError::Report(e) => AppError::Failed(e.to_string()),
        })?;
        if !args.quiet {
            print_summary(&sim, &report);
        }
        Ok((sim, report))
    }

    /// The program: parses the command line, runs, reports, and returns the exit code
    /// (0 done, 1 failed, 2 bad input, 75 output folder in use, 130 interrupted).
    #[expect(clippy::print_stdout, reason = "`params` prints the parameter list for the user")]
    pub fn main(self) -> ExitCode {
        init_logging();
        let cli = Cli::parse();
        match cli.command {
            Some(Command::Params) => {
                print!("{}", self.listed_schema().env_example());
                ExitCode::SUCCESS
            }
            Some(Command::Run(args)) => self.for_scenario(scenario_of(&args)).exit_code(&args),
            Some(Command::Sweep(args)) => self.for_scenario(args.run.scenario).sweep_exit_code(&args),
            Some(Command::Merge(args)) => crate::sweep_cmd::merge_exit_code(&args),
            Some(Command::Verify(args)) => crate::verify_cmd::verify_exit_code(&args),
            None => self.for_scenario(scenario_of(&cli.run)).exit_code(&cli.run),
        }
    }

    fn exit_code(&self, args: &RunArgs) -> ExitCode {
        match self.run(args) {
            Ok((_, report)) => match report.outcome() {
                Outcome::Completed => ExitCode::SUCCESS,
                Outcome::Interrupted => ExitCode::from(EXIT_INTERRUPTED),
                Outcome::Failed { error } => fail(EXIT_FAILED, error),
            },
            Err(AppError::Config(e)) => fail_config(&e),
            Err(AppError::BadInput(m)) => fail(EXIT_BAD_INPUT, &m),
            Err(AppError::Failed(m)) => fail(EXIT_FAILED, &m),
            Err(AppError::InUse(m)) => fail(EXIT_IN_USE, &m),
        }
    }
}

impl App {
    /// The error for `GOVERNANCE=on` in a scenario that cannot be governed (the original).
    fn ungovernable(&self, settings: &Settings) -> ConfigError {
        let mut e = ConfigError::new(
            grassroot_config::ErrorKind::NotAChoice,
            format!(
                "is not available with --scenario {}: the original simulation has no governance, its parameters never \
                 change during a run; allowed there: off",
                self.name
            ),
        )
        .with_key(gov_keys::GOVERNANCE)
        .with_value("on")
        .with_fix("leave GOVERNANCE off with --scenario original, or govern --scenario seed or datadao");
        if let Some(origin) = settings.origin(gov_keys::GOVERNANCE) {
            e = e.with_origin(origin.clone());
        }
        e
    }

    /// Warns, in one line, that a `SEED` the user set is not used: the original scenario with
    /// `TURN_ORDER=agents` draws no random number.
    fn warn_unused_seed(&self, settings: &Settings, params: &Params) {
        let set_by_user =
            settings.origin("SEED").is_some_and(|o| !matches!(o, Origin::Default | Origin::Replay { .. }));
        if self.name == "original" && params.turn_order == TurnOrder::Agents && set_by_user {
            tracing::warn!(
                "SEED={} is not used: --scenario original with TURN_ORDER=agents draws no random number",
                params.seed
            );
        }
    }
}

/// The scenario a run asks for: `--scenario`, or, when that is left at `seed` and `--replay`
/// names a run of another scenario (`datadao`, `original`), that one (its parameters are that
/// scenario's).
fn scenario_of(args: &RunArgs) -> Scenario {
    if args.scenario != Scenario::Seed {
        return args.scenario;
    }
    let replayed = args.replay.as_ref().and_then(|path| Manifest::read(path).ok()).map(|m| m.scenario);
    [Scenario::Datadao, Scenario::Original]
        .into_iter()
        .find(|s| replayed.as_deref() == Some(s.name()))
        .unwrap_or(Scenario::Seed)
}

fn fail(code: u8, message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(code)
}

/// Prints every bad parameter, each as an `error:` of its own, and returns exit code 2.
pub(crate) fn fail_config(e: &ConfigError) -> ExitCode {
    for detail in e.errors() {
        eprintln!("error: {detail}");
    }
    ExitCode::from(EXIT_BAD_INPUT)
}

/// Logs to stderr through `tracing`, filtered by RUST_LOG (default: warnings).
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}
