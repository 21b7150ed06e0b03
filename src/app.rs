//! [`App`]: the whole command-line program — flags, layered parameters, a scenario built from
//! plugins, outputs, summary and exit codes — as a value that binaries and examples configure.
//!
//! The `grassroot` binary is `App::seed().main()`; an example that adds an archetype is
//! `App::seed().plugin(MyPlugin).main()`, and reads the same flags, `.env`, environment and
//! OUTPUT_DIR as the binary.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::rc::Rc;

use grassroot_config::{ConfigError, Origin, ParamSpec, Params, RoleDefaults, Schema, Settings};
use grassroot_governance::{GovParams, GovernancePlugin, keys as gov_keys};
use grassroot_report::{ExtraPanel, Outcome, RecordOptions, ReportError};
use grassroot_sim::{BehaviourPlugin, Plugin, RoleBehaviour, SimBuilder, SimError, Simulation, Sink};

use crate::cli::{Cli, Command, RunArgs};
use crate::runner::{RunError, RunOptions, RunReport, Sinks, print_summary, run_into, stop_on_ctrl_c};
use crate::scenario::{Governance, Scenario, Scenarios};

/// Exit code for bad input: parameters, files, the output folder.
pub const EXIT_BAD_INPUT: u8 = 2;
/// Exit code for a run that failed (books, I/O).
pub const EXIT_FAILED: u8 = 1;
/// Exit code for a run stopped by Ctrl-C.
pub const EXIT_INTERRUPTED: u8 = 130;
/// Exit code for a run, sweep or merge whose output folder another process holds.
pub const EXIT_IN_USE: u8 = grassroot_report::folder::EXIT_IN_USE;

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

/// A configured program: the scenarios it offers and the one it runs, extra plugins and
/// parameters, extra plotted columns.
pub struct App {
    name: String,
    schema: Schema,
    scenarios: Scenarios,
    scenario: Rc<dyn Scenario>,
    plugins: Vec<Rc<dyn Plugin>>,
    extra_panels: Vec<ExtraPanel>,
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

impl AppError {
    /// Prints the error to stderr (each bad parameter on an `error:` line of its own) and
    /// returns its exit code (2 bad input, 1 failed, 75 in use).
    pub fn exit_code(&self) -> ExitCode {
        let code = match self {
            AppError::Config(e) => return fail_config(e),
            AppError::BadInput(_) => EXIT_BAD_INPUT,
            AppError::Failed(_) => EXIT_FAILED,
            AppError::InUse(_) => EXIT_IN_USE,
        };
        fail(code, &self.to_string())
    }
}

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
    /// The `grassroot` binary's program: the built-in scenarios ([`Scenarios::builtin`]),
    /// running the default one, `baseline`, with its parameters, governance's among them
    /// (`GOVERNANCE`, off by default; see `grassroot_governance::keys`).
    pub fn seed() -> App {
        let mut schema = Schema::seed();
        if let Err(e) = gov_keys::add_params(&mut schema) {
            panic!("governance's parameters cannot be added: {e}");
        }
        let scenarios = Scenarios::builtin();
        let Some(scenario) = scenarios.default_scenario().cloned() else {
            panic!("the built-in scenarios are empty");
        };
        App {
            name: scenario.name().to_owned(),
            schema,
            scenarios,
            scenario,
            plugins: Vec::new(),
            extra_panels: Vec::new(),
        }
    }

    /// The dataDAO scenario (`--scenario datadao`, see [`crate::scenarios::DataDao`]): the
    /// baseline's archetypes mint their dDT by locking Circles against the data they
    /// contribute, and The Pie pays each use case's spending to the members who permit it.
    pub fn datadao() -> App {
        App::seed().switched("datadao")
    }

    /// The original Python simulation (`--scenario original`, see
    /// [`crate::scenarios::Original`]), defects included. It cannot be governed.
    pub fn original() -> App {
        App::seed().switched("original")
    }

    fn switched(self, name: &str) -> App {
        match self.with_scenario(name) {
            Ok(app) => app,
            Err(e) => panic!("scenario {name} cannot be chosen: {e}"),
        }
    }

    /// Offers `scenario` too (`--scenario NAME`, Python's `scenario=`, `--help`). A name
    /// already taken panics, like [`App::param`].
    pub fn register(mut self, scenario: impl Scenario) -> App {
        if let Err(e) = self.scenarios.add(Rc::new(scenario)) {
            panic!("the scenario cannot be registered: {e}");
        }
        self
    }

    /// This program running the registered scenario `name` (a name or alias) in place of its
    /// own: the scenario's keys are added and its defaults set; extra plugins, parameters and
    /// plotted columns stay. The scenario it runs already keeps the program as configured.
    pub fn with_scenario(mut self, name: &str) -> Result<App, ConfigError> {
        let scenario = Rc::clone(self.scenarios.find(name)?);
        if scenario.name() == self.scenario.name() {
            return Ok(self);
        }
        scenario.add_keys(&mut self.schema)?;
        scenario.set_defaults(&mut self.schema)?;
        for panel in scenario.panels() {
            if !self.extra_panels.contains(&panel) {
                self.extra_panels.push(panel);
            }
        }
        self.name = scenario.name().to_owned();
        self.scenario = scenario;
        Ok(self)
    }

    /// The scenarios this program offers.
    pub fn scenarios(&self) -> &Scenarios {
        &self.scenarios
    }

    /// The scenario this program runs.
    pub fn scenario(&self) -> &dyn Scenario {
        &*self.scenario
    }

    /// The command that runs this program's scenario: `grassroot run`, with `--scenario NAME`
    /// unless it is the default (what a sweep prints to re-run a failed world).
    pub fn run_command(&self) -> String {
        match self.scenarios.default_scenario() {
            Some(d) if d.name() == self.scenario.name() => "grassroot run".to_owned(),
            _ => format!("grassroot run --scenario {}", self.scenario.name()),
        }
    }

    /// Every parameter the program reads with any `--scenario` (what `params` lists and
    /// `env.example` holds): its own, then every registered scenario's that are not among
    /// them (with this program's defaults).
    pub fn listed_schema(&self) -> Schema {
        let mut schema = self.schema.clone();
        for scenario in self.scenarios.iter() {
            // Adding to a schema without them fails only on a clash with a key of this
            // program; the list then shows its own keys.
            let mut with = schema.clone();
            if scenario.add_keys(&mut with).is_ok() {
                schema = with;
            }
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
        builder.add_boxed_plugin(self.scenario.plugin(&params));
        if GovParams::is_on(settings) {
            builder.add_plugin(GovernancePlugin::new(self.governance(settings)?));
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
            Some(path) => {
                let manifest = crate::replay::read(path).map_err(AppError::BadInput)?;
                crate::replay::pairs(args, self.scenario.name(), &manifest, &|k| self.schema.spec(k).is_some())
            }
            None => Vec::new(),
        };
        Ok(args.settings(&self.schema, replay)?)
    }

    /// Runs one simulation as `args` say and writes its outputs; the summary is printed
    /// unless `args.quiet`.
    pub fn run(&self, args: &RunArgs) -> Result<(Simulation, RunReport), AppError> {
        self.run_with(args, Vec::new())
    }

    /// [`App::run`] with further sinks of the run driver (a [`RowChannel`](grassroot_report::RowChannel)
    /// another thread reads, ...), each handed every step beside the files.
    pub fn run_with(&self, args: &RunArgs, sinks: Vec<&mut dyn Sink>) -> Result<(Simulation, RunReport), AppError> {
        let settings = self.settings(args)?;
        let mut sim = self.build(&settings)?;
        let params = sim.params().clone();
        // Warnings as the sweep prints them: a line of its own on stderr, quiet or not.
        for warning in self.scenario.warnings(&settings, &params) {
            eprintln!("warning: {warning}");
        }
        if !args.quiet
            && let Some(note) = dotenv_note(&settings)
        {
            eprintln!("{note}");
        }
        let options = RunOptions {
            record: self.record_options(&settings, &params)?,
            output_dir: settings.outputs()?.dir,
            progress: !args.quiet,
            stop: Some(stop_on_ctrl_c()),
        };
        let report = run_into(&mut sim, &options, Sinks { sinks, ..Sinks::default() }).map_err(|e| match e {
            RunError::OutputDir(e @ ReportError::FolderInUse { .. }) => AppError::InUse(e.to_string()),
            RunError::OutputDir(e @ ReportError::Io { .. }) if e.is_bad_input() => AppError::BadInput(format!(
                "OUTPUT_DIR: {e}\n  fix: choose a folder this user can create and write, with --out DIR or OUTPUT_DIR=DIR"
            )),
            RunError::OutputDir(e) if e.is_bad_input() => AppError::BadInput(e.to_string()),
            // Anything else (a full disk, a failing device) is not the input's fault.
            RunError::OutputDir(e) | RunError::Report(e) => AppError::Failed(e.to_string()),
            RunError::Sink(e) => AppError::Failed(e.to_string()),
        })?;
        if !args.quiet {
            print_summary(&sim, &report);
        }
        Ok((sim, report))
    }

    /// The program: parses the command line, runs, reports, and returns the exit code
    /// (0 done, 1 failed, 2 bad input, 75 output folder in use, 130 interrupted).
    pub fn main(self) -> ExitCode {
        self.main_from(std::env::args_os())
    }

    /// [`App::main`] for the command line `args` (the program's name first), e.g. from a
    /// test.
    pub fn main_from<I, T>(self, args: I) -> ExitCode
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        init_logging();
        let cli = Cli::parse_for(&self.scenarios, self.scenario.name(), args);
        match cli.command {
            Some(Command::Params(args)) => {
                let schema = match &args.scenario {
                    None => Ok(self.listed_schema()),
                    Some(name) => self.with_scenario(name).map(|app| app.schema().clone()),
                };
                let listing = schema.and_then(|schema| match &args.group {
                    None => Ok(schema.env_example()),
                    Some(group) => schema.env_example_of(group),
                });
                match listing {
                    Ok(text) => {
                        crate::stdout::text(&text);
                        ExitCode::SUCCESS
                    }
                    Err(e) => fail_config(&e),
                }
            }
            Some(Command::Run(args)) => match self.for_run(&args) {
                Ok(app) => app.exit_code(&args),
                Err(e) => e.exit_code(),
            },
            Some(Command::Sweep(args)) => match self.for_run(&args.run) {
                Ok(app) => app.sweep_exit_code(&args),
                Err(e) => e.exit_code(),
            },
            Some(Command::Merge(args)) => crate::sweep_cmd::merge_exit_code(&args),
            Some(Command::Verify(args)) => crate::verify_cmd::verify_exit_code(&args),
            None => match self.for_run(&cli.run) {
                Ok(app) => app.exit_code(&cli.run),
                Err(e) => e.exit_code(),
            },
        }
    }

    /// The program that a run's flags ask for: `--scenario`, or, without it, the scenario of
    /// the run `--replay` names (its parameters are that scenario's; one this program does not
    /// run is refused, see `replay.rs`), or this one.
    pub fn for_run(self, args: &RunArgs) -> Result<App, AppError> {
        match crate::replay::scenario(args, &self.scenarios).map_err(AppError::BadInput)? {
            Some(name) => Ok(self.with_scenario(&name)?),
            None => Ok(self),
        }
    }

    fn exit_code(&self, args: &RunArgs) -> ExitCode {
        match self.run(args) {
            Ok((_, report)) => match report.outcome() {
                Outcome::Completed => ExitCode::SUCCESS,
                Outcome::Interrupted => ExitCode::from(EXIT_INTERRUPTED),
                Outcome::Failed { error } => fail(EXIT_FAILED, error),
            },
            Err(e) => e.exit_code(),
        }
    }
}

impl App {
    /// Governance's parameters for `GOVERNANCE=on`, if this program's scenario lets governance
    /// change what they ask for.
    fn governance(&self, settings: &Settings) -> Result<GovParams, ConfigError> {
        let name = self.scenario.name();
        let with_origin = |mut e: ConfigError, key: &str| {
            if let Some(origin) = settings.origin(key) {
                e = e.with_origin(origin.clone());
            }
            e
        };
        let scope = self.scenario.governance();
        if let Governance::Refused(why) = scope {
            let governable: Vec<&str> =
                self.scenarios.iter().filter(|s| s.governance().allowed()).map(|s| s.name()).collect();
            let e = ConfigError::new(
                grassroot_config::ErrorKind::NotAChoice,
                format!("is not available with --scenario {name}: {why}; allowed there: off"),
            )
            .with_key(gov_keys::GOVERNANCE)
            .with_value("on")
            .with_fix(format!(
                "leave GOVERNANCE off with --scenario {name}, or govern --scenario {}",
                governable.join(" or ")
            ));
            return Err(with_origin(e, gov_keys::GOVERNANCE));
        }
        let params = GovParams::from_settings(settings)?;
        if let Some(action) = params.actions.iter().find(|a| !scope.allows(**a)) {
            let allowed: Vec<&str> = grassroot_governance::ActionKind::ALL
                .into_iter()
                .filter(|a| scope.allows(*a))
                .map(|a| a.name())
                .collect();
            let e = ConfigError::new(
                grassroot_config::ErrorKind::NotAChoice,
                format!("names {} which --scenario {name} does not let governance change", action.name()),
            )
            .with_key(gov_keys::GOV_ACTIONS)
            .with_value(settings.get_text(gov_keys::GOV_ACTIONS).unwrap_or_default())
            .with_fix(format!("choose among {}", allowed.join(", ")));
            return Err(with_origin(e, gov_keys::GOV_ACTIONS));
        }
        Ok(params)
    }
}

/// What a `.env` file set, when it set anything: a run changed by a file the user may not
/// have in mind says so.
fn dotenv_note(settings: &Settings) -> Option<String> {
    let mut file = None;
    let mut keys = Vec::new();
    for key in settings.schema().keys() {
        if let Some(Origin::Dotenv { path, .. }) = settings.origin(key) {
            file.get_or_insert_with(|| path.display().to_string());
            keys.push(key);
        }
    }
    let file = file?;
    Some(format!("note: {file} sets {} (--no-env-file runs without it)", keys.join(", ")))
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
