//! [`Comparison`]: one program run several times from the same resolved parameters, each run
//! with its own changes on top, the caller reading the simulation after every step; the figure
//! that compares the runs, written into OUTPUT_DIR; and [`App::compare`], the `main` of such a
//! program (flags, `.env` and environment read as the binary reads them, errors and exit codes
//! as [`App::main`] gives them).
//!
//! It records nothing: a run's transaction log, tables and `run.json` are the `Recorder`'s, and
//! a comparison's runs have none (`TX_LOG` and `PLOT` are off under the changes). Nor does it
//! print: what to report of each run is the caller's. For many seeded worlds in parallel, with
//! per-step statistics, use a sweep (`grassroot::sweep::Sweep`) instead.
//!
//! # Example
//!
//! ```
//! use grassroot::config::{Origin, Settings};
//! use grassroot::{App, Comparison};
//!
//! // The seed scenario's defaults, shortened to 20 steps: the price at a 0.3% and a 1% fee.
//! let app = App::seed();
//! let base = Settings::defaults(app.schema())?.with_values([("TOTAL_STEPS", "20", Origin::Default)])?;
//! let runs = Comparison::new(&app, base)?;
//! let mut prices = Vec::new();
//! for fee in ["0.003", "0.01"] {
//!     let mut price = Vec::new();
//!     runs.run(&[("FEE_RATE", fee)], |sim| price.push(sim.pool().spot_price()))?;
//!     prices.push(price);
//! }
//! assert_eq!((prices[0].len(), prices[1].len()), (20, 20));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use grassroot_config::{Origin, Params, Settings};
use grassroot_report::plot::{Figure, render_png};
use grassroot_sim::Simulation;
use grassroot_sim::driver::{self, Driver, Ending};

use crate::app::{App, AppError, EXIT_BAD_INPUT, EXIT_FAILED, EXIT_IN_USE, init_logging};
use crate::cli::RunArgs;

/// The flags of a run, as the binary takes them.
#[derive(Parser)]
struct Flags {
    #[command(flatten)]
    run: RunArgs,
}

/// Runs of one [`App`] from the same base settings, each with its own changes on top.
pub struct Comparison<'a> {
    app: &'a App,
    base: Settings,
    params: Params,
}

impl<'a> Comparison<'a> {
    /// The runs of `app` from `base`; fails (as bad input) if `base` does not resolve into
    /// parameters.
    pub fn new(app: &'a App, base: Settings) -> Result<Comparison<'a>, AppError> {
        let params = base.params()?;
        Ok(Comparison { app, base, params })
    }

    /// The program that builds the runs (its schema: every key and default).
    pub fn app(&self) -> &'a App {
        self.app
    }

    /// The settings every run starts from.
    pub fn base(&self) -> &Settings {
        &self.base
    }

    /// The base settings' parameters (a run's own may differ by its changes).
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// The settings of the run with `changes` (key, value) on top of the base: `TX_LOG` and
    /// `PLOT` off, then each change as if given with `--set`, validated like any layer.
    pub fn settings(&self, changes: &[(&str, &str)]) -> Result<Settings, AppError> {
        let set = |k: &str, v: &str| (k.to_owned(), v.to_owned(), Origin::Flag { flag: "--set".to_owned() });
        let mut values = vec![set("TX_LOG", "off"), set("PLOT", "off")];
        values.extend(changes.iter().map(|(k, v)| set(k, v)));
        Ok(self.base.with_values(values)?)
    }

    /// The simulation of the run with `changes`, built by the app ([`App::build`]) and not
    /// yet stepped, for a caller that reads it before the first step (then
    /// [`step_to_end`]).
    pub fn build(&self, changes: &[(&str, &str)]) -> Result<Simulation, AppError> {
        self.app.build(&self.settings(changes)?)
    }

    /// Builds the run with `changes` and steps it to the end ([`step_to_end`]), calling
    /// `each_step` after every step; returns the finished simulation.
    pub fn run(&self, changes: &[(&str, &str)], each_step: impl FnMut(&Simulation)) -> Result<Simulation, AppError> {
        let mut sim = self.build(changes)?;
        step_to_end(&mut sim, each_step)?;
        Ok(sim)
    }

    /// Draws `figure` into `file_name` (a PNG) in the base's OUTPUT_DIR, creating the folder;
    /// returns the file's path.
    pub fn write_figure(&self, file_name: &str, figure: &Figure<'_>) -> Result<PathBuf, AppError> {
        let out = &self.base.outputs()?.dir;
        std::fs::create_dir_all(out).map_err(|e| AppError::BadInput(format!("{}: {e}", out.display())))?;
        let path = out.join(file_name);
        render_png(figure, &path).map_err(|e| AppError::Failed(e.to_string()))?;
        Ok(path)
    }
}

/// Steps `sim` through the run driver until its `TOTAL_STEPS` are done, calling `each_step`
/// after every step; a failed step is handed to `each_step` too, then [`AppError::Failed`].
pub fn step_to_end(sim: &mut Simulation, mut each_step: impl FnMut(&Simulation)) -> Result<(), AppError> {
    let mut sink = driver::each_step(|sim: &mut Simulation| each_step(sim));
    let run = Driver::new().sink(&mut sink).run(sim).map_err(|e| AppError::Failed(e.to_string()))?;
    match run.ending {
        Ending::Failed(e) => Err(AppError::Failed(e.to_string())),
        Ending::Completed | Ending::Interrupted => Ok(()),
    }
}

impl App {
    /// The runs of this program from the parameters that `args` describe (as
    /// [`App::settings`] resolves them).
    pub fn comparison(&self, args: &RunArgs) -> Result<Comparison<'_>, AppError> {
        Comparison::new(self, self.settings(args)?)
    }

    /// A program that compares runs: parses the run flags from the command line, resolves
    /// them into a [`Comparison`], hands it to `body`, and returns the exit code: 0 when
    /// `body` returns `Ok`, otherwise the error on stderr and 2 (bad input), 1 (failed) or 75
    /// (output folder in use), as [`App::main`].
    pub fn compare(self, body: impl FnOnce(&Comparison<'_>) -> Result<(), AppError>) -> ExitCode {
        init_logging();
        let args = Flags::parse().run;
        match self.comparison(&args).and_then(|runs| body(&runs)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(match e {
                    AppError::Config(_) | AppError::BadInput(_) => EXIT_BAD_INPUT,
                    AppError::Failed(_) => EXIT_FAILED,
                    AppError::InUse(_) => EXIT_IN_USE,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The seed's defaults with `pairs` on top, as a user's flags would give them.
    fn base(app: &App, pairs: &[(&str, &str)]) -> Settings {
        let flag = || Origin::Flag { flag: "--set".to_owned() };
        Settings::defaults(app.schema())
            .and_then(|s| s.with_values(pairs.iter().map(|(k, v)| (*k, *v, flag()))))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn prices(runs: &Comparison<'_>, changes: &[(&str, &str)]) -> Vec<f64> {
        let mut prices = Vec::new();
        runs.run(changes, |sim| prices.push(sim.pool().spot_price())).unwrap_or_else(|e| panic!("{e}"));
        prices
    }

    #[test]
    fn changes_go_on_top_of_the_base_with_nothing_recorded() {
        let app = App::seed();
        let runs = Comparison::new(&app, base(&app, &[("TOTAL_STEPS", "12"), ("FEE_RATE", "0.01")]))
            .unwrap_or_else(|e| panic!("{e}"));
        let plain = runs.settings(&[]).unwrap_or_else(|e| panic!("{e}"));
        let (outputs, plain) = (plain.outputs(), plain.params());
        let (plot, plain) = (outputs.map(|o| o.plot), plain.unwrap_or_else(|e| panic!("{e}")));
        assert_eq!((plain.total_steps, plain.fee_ppm, plain.tx_log, plot), (12, 10_000, false, Ok(false)));
        let changed = runs.settings(&[("FEE_RATE", "0.02"), ("TX_LOG", "on")]).and_then(|s| Ok(s.params()?));
        let changed = changed.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((changed.total_steps, changed.fee_ppm, changed.tx_log), (12, 20_000, true));
        // The base itself is unchanged.
        assert_eq!((runs.params().fee_ppm, runs.params().tx_log), (10_000, true));
    }

    #[test]
    fn each_run_steps_its_own_total_and_the_same_changes_give_the_same_run() {
        let app = App::seed();
        let runs = Comparison::new(&app, base(&app, &[("TOTAL_STEPS", "30")])).unwrap_or_else(|e| panic!("{e}"));
        let low = prices(&runs, &[("FEE_RATE", "0.001")]);
        assert_eq!(low.len(), 30);
        assert_eq!(low, prices(&runs, &[("FEE_RATE", "0.001")]), "a run depends on its settings only");
        assert_ne!(low, prices(&runs, &[("FEE_RATE", "0.05")]), "the change is applied");
        assert_eq!(prices(&runs, &[("TOTAL_STEPS", "7")]).len(), 7);
        let sim = runs.run(&[], |_| {}).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(sim.next_step(), 30, "run returns the finished simulation");
    }

    #[test]
    fn a_bad_change_is_bad_input_naming_the_key() {
        let app = App::seed();
        let runs = Comparison::new(&app, base(&app, &[("TOTAL_STEPS", "5")])).unwrap_or_else(|e| panic!("{e}"));
        for change in [("FEE_RATE", "1.5"), ("FEE_RTE", "0.01")] {
            match runs.build(&[change]) {
                Err(AppError::Config(e)) => {
                    let m = e.to_string();
                    assert!(e.key() == Some(change.0) || m.contains(change.0), "{m}");
                    assert!(m.contains("--set"), "{m}");
                }
                Err(e) => panic!("{change:?}: not bad input: {e}"),
                Ok(_) => panic!("{change:?} was accepted"),
            }
        }
    }

    #[test]
    fn the_figure_is_written_into_output_dir() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let out = dir.path().join("new").join("folder");
        let out_text = out.display().to_string();
        let app = App::seed();
        let runs = Comparison::new(&app, base(&app, &[("TOTAL_STEPS", "5"), ("OUTPUT_DIR", &out_text)]))
            .unwrap_or_else(|e| panic!("{e}"));
        let price = prices(&runs, &[]);
        let x: Vec<f64> = (1..=price.len()).map(|s| s as f64).collect();
        let panel = grassroot_report::plot::Panel::new("Price", "xDAI per dDT").with_line("seed", &price);
        let figure = Figure {
            title: "t".to_owned(),
            x_label: "step".to_owned(),
            x: &x,
            panels: vec![grassroot_report::plot::PanelKind::Series(panel)],
            columns: 1,
        };
        let path = runs.write_figure("price.png", &figure).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(path, out.join("price.png"));
        let png = std::fs::read(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    }
}
