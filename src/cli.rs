//! The command line shared by the `grassroot` binary and the examples: flags, and how they
//! layer over defaults, a TOML file, `.env` and the environment.

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use grassroot_config::{ConfigError, LAYERS, Schema, Settings, Sources, load};

use crate::scenario::Scenarios;

/// The `.env` file read when `--env-file` is not given (if it exists).
pub const DEFAULT_ENV_FILE: &str = ".env";

/// grassroot: simulate a grassroots dataDAO token economy — agents, a Uniswap-v2 market and
/// The Pie — with exact books.
#[derive(Debug, Parser)]
#[command(
    name = "grassroot",
    version,
    about,
    long_about,
    args_conflicts_with_subcommands = true,
    after_help = "Exit codes: 0 done; 1 the run (or a sweep's world) failed, or verify found a file that differs; \
                  2 bad input, nothing written; 75 the output folder is in use by another grassroot process; \
                  130 stopped by Ctrl-C or SIGTERM."
)]
pub struct Cli {
    /// What to do (default: run one simulation).
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Flags of `run`, accepted without the word `run`.
    #[command(flatten)]
    pub run: RunArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run one simulation and write its tables (CSV, or Parquet with OUTPUT_FORMAT), plot and
    /// run.json (the default).
    Run(RunArgs),
    /// List every parameter: key, default and meaning (as env.example holds them).
    Params(ParamsArgs),
    /// Run a parameter sweep: Monte Carlo worlds over the grid in the `[sweep]` table of
    /// --config, in parallel; writes sweep_runs, sweep_series (.csv or, with OUTPUT_FORMAT,
    /// .parquet), sweep_results.png and sweep.json.
    Sweep(SweepArgs),
    /// Join the output folders of `sweep --shard I/N` runs into the files one unsharded sweep
    /// writes, in the format the shards were written in.
    Merge(MergeArgs),
    /// Check that a run's or a sweep's folder holds exactly the files its run.json or
    /// sweep.json records (sizes and BLAKE3 hashes): exit 0, or 1 naming each file that is
    /// missing, truncated or changed.
    Verify(VerifyArgs),
}

impl Cli {
    /// The command line with `--scenario`'s values and their help taken from `scenarios`
    /// (`default`: the one run without `--scenario`), and the parameter layers ([`LAYERS`])
    /// in the long help.
    pub fn command_for(scenarios: &Scenarios, default: &str) -> clap::Command {
        let values: Vec<PossibleValue> = scenarios
            .iter()
            .map(|s| {
                PossibleValue::new(s.name().to_owned())
                    .help(s.description().to_owned())
                    .aliases(s.aliases().iter().map(|a| (*a).to_owned()))
            })
            .collect();
        let scenario = |arg: clap::Arg| {
            arg.value_parser(PossibleValuesParser::new(values.clone()))
                .help(format!("The scenario to run [default: {default}]"))
        };
        let long_about = format!(
            "grassroot: simulate a grassroots dataDAO token economy — agents, a Uniswap-v2 market and The \
             Pie — with exact books.\n\nParameters come from, lowest precedence first: {LAYERS}. `grassroot \
             params` lists them all."
        );
        Cli::command()
            .long_about(long_about)
            .mut_arg("scenario", scenario)
            .mut_subcommand("run", |c| c.mut_arg("scenario", scenario))
            .mut_subcommand("sweep", |c| c.mut_arg("scenario", scenario))
            .mut_subcommand("params", |c| {
                c.mut_arg("scenario", |a| {
                    a.value_parser(PossibleValuesParser::new(values.clone()))
                        .help("List only the keys of this scenario, with its defaults [default: every scenario's keys]")
                })
            })
    }

    /// Parses `args` (the program's name first) against [`Cli::command_for`]; on a bad
    /// command line, or for `--help` and `--version`, prints and exits as clap does (exit 2
    /// on bad input).
    pub fn parse_for<I, T>(scenarios: &Scenarios, default: &str, args: I) -> Cli
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
        let matches = Cli::command_for(scenarios, default).try_get_matches_from(&args).unwrap_or_else(|e| {
            use clap::error::ErrorKind;
            if !matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion)
                && let Some(message) = set_without_equals(&args)
            {
                eprintln!("{message}");
                std::process::exit(2);
            }
            e.exit()
        });
        Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
    }
}

/// The message for `--set KEY VALUE` (a space where `=` belongs), which clap reads as `--set
/// KEY` and a stray `VALUE`.
fn set_without_equals(args: &[std::ffi::OsString]) -> Option<String> {
    let at = args.windows(2).position(|w| w[0] == "--set" && !w[1].to_string_lossy().contains('='))?;
    let key = args[at + 1].to_string_lossy();
    let value = args.get(at + 2).map(|v| v.to_string_lossy().into_owned()).unwrap_or_else(|| "VALUE".to_owned());
    Some(format!("error: --set {key}: --set takes KEY=VALUE as one argument\n  fix: write --set {key}={value}"))
}

/// Flags of `grassroot params`.
#[derive(Debug, Clone, Default, Args)]
pub struct ParamsArgs {
    /// List only the keys of this scenario.
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<String>,
    /// List only the keys of this group (as the listing's `# ===== GROUP =====` lines name
    /// it, in any case), e.g. `--group simulation` or `--group "role: casual_user"`.
    #[arg(long, value_name = "GROUP")]
    pub group: Option<String>,
}

/// Flags of a single run.
#[derive(Debug, Clone, Default, Args)]
pub struct RunArgs {
    /// TOML file of parameters, keys in lower case (e.g. `total_steps = 2000`).
    #[arg(short, long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Steps to simulate (TOTAL_STEPS).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub steps: Option<String>,
    /// Seed of the random number generator (SEED); the scenario is --scenario.
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub seed: Option<String>,
    /// Folder for the outputs (OUTPUT_DIR).
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<String>,
    /// Set any parameter, e.g. `--set FEE_RATE=0.01` (repeatable; see `grassroot params`).
    #[arg(long = "set", value_name = "KEY=VALUE", allow_hyphen_values = true)]
    pub set: Vec<String>,
    /// The scenario to run (default: the program's own, or with --replay the replayed run's; a
    /// registered name, see `--help`).
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<String>,
    /// Repeat a run: start from the parameters recorded in its run.json (other layers and
    /// flags, --scenario included, still apply on top). A run.json of another program, of a
    /// newer grassroot or of a scenario this program does not run is refused.
    #[arg(long, value_name = "RUN_JSON")]
    pub replay: Option<PathBuf>,
    /// The .env file to read [default: .env in the working directory, if there is one]; a
    /// file named here must exist.
    #[arg(long, value_name = "FILE")]
    pub env_file: Option<PathBuf>,
    /// Do not read any .env file.
    #[arg(long, conflicts_with = "env_file")]
    pub no_env_file: bool,
    /// No progress bar and no summary.
    #[arg(short, long)]
    pub quiet: bool,
}

impl RunArgs {
    /// The configuration sources these flags describe, with this process's environment;
    /// `replay` holds the parameters of a previous run (see [`RunArgs::replay`]).
    pub fn sources(&self, replay: Vec<(String, String)>) -> Sources {
        let mut overrides = Vec::new();
        if let Some(v) = &self.steps {
            overrides.push(("--steps".to_owned(), v.clone()));
        }
        if let Some(v) = &self.seed {
            overrides.push(("--seed".to_owned(), v.clone()));
        }
        if let Some(v) = &self.out {
            overrides.push(("--out".to_owned(), v.clone()));
        }
        overrides.extend(self.set.iter().map(|kv| (grassroot_config::SET_FLAG.to_owned(), kv.clone())));
        Sources {
            config_file: self.config.clone(),
            dotenv: (!self.no_env_file)
                .then(|| self.env_file.clone().unwrap_or_else(|| PathBuf::from(DEFAULT_ENV_FILE))),
            dotenv_required: self.env_file.is_some() && !self.no_env_file,
            overrides,
            replay,
            replay_file: self.replay.clone(),
            ..Sources::default()
        }
        .with_process_env()
    }

    /// Resolves the settings of a run against `schema`.
    pub fn settings(&self, schema: &Schema, replay: Vec<(String, String)>) -> Result<Settings, ConfigError> {
        load(schema, &self.sources(replay))
    }
}

/// Flags of `grassroot sweep`: the run flags for the base parameters, plus the sweep's own.
#[derive(Debug, Clone, Default, Args)]
pub struct SweepArgs {
    /// Base parameters and outputs, as for `run`; `--config` names the TOML file whose
    /// `[sweep]` table holds the grid.
    #[command(flatten)]
    pub run: RunArgs,
    /// Worlds run at once (default: every core).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Run only the I-th of N slices of the worlds (0-based) and write partial outputs for
    /// `grassroot merge`, e.g. `--shard $SLURM_ARRAY_TASK_ID/8`.
    #[arg(long, value_name = "I/N", allow_hyphen_values = true)]
    pub shard: Option<String>,
    /// Metric columns summarised per step in sweep_series.csv (default:
    /// price,pool_ddt,pool_xdai,pie_ddt).
    #[arg(long, value_name = "A,B,...", value_delimiter = ',')]
    pub series: Vec<String>,
    /// Allow a sweep of more than 1,000,000 worlds.
    #[arg(long)]
    pub yes: bool,
}

/// Flags of `grassroot merge`.
#[derive(Debug, Clone, Args)]
pub struct MergeArgs {
    /// The output folders of `grassroot sweep --shard I/N`, one per shard, in any order.
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Folder for the merged files.
    #[arg(short, long, value_name = "DIR")]
    pub out: PathBuf,
    /// No summary.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Flags of `grassroot verify`.
#[derive(Debug, Clone, Args)]
pub struct VerifyArgs {
    /// The output folder of a run, a sweep, a shard or a merge.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Print nothing when every file matches.
    #[arg(short, long)]
    pub quiet: bool,
}
