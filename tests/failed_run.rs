//! A run whose books break keeps its outputs up to the failing step and says so in run.json.

use grassroot::config::Params;
use grassroot::report::{Manifest, Outcome, RecordOptions};
use grassroot::runner::{RunOptions, run_to_outputs};
use grassroot::sim::Wallet;
use grassroot::sim::amm::Wad;

#[test]
fn broken_books_mark_the_run_failed_and_keep_the_steps_so_far() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut params = Params::seed_defaults();
    params.total_steps = 50;
    let mut sim = grassroot::seed_simulation(&params).expect("builds");
    sim.run(10).expect("ten clean steps");
    // Someone edits a wallet behind the economy's back: one base unit of dDT from nowhere.
    {
        let world = sim.world_mut();
        let mut q = world.query::<&mut Wallet>();
        let mut w = q.iter_mut(world).next().expect("an agent");
        w.ddt = w.ddt.checked_add(Wad::from_raw(1)).expect("no overflow");
    }
    let options = RunOptions {
        record: RecordOptions { transactions: true, plot: true, scenario: "seed".into(), ..RecordOptions::default() },
        output_dir: dir.path().to_owned(),
        ..RunOptions::default()
    };
    let report = run_to_outputs(&mut sim, &options).expect("outputs are written");
    let Outcome::Failed { error } = report.outcome() else { panic!("expected a failed run: {:?}", report.outcome()) };
    assert!(error.contains("after step 10") && error.contains("dDT"), "{error}");
    let manifest = Manifest::read(&dir.path().join("run.json")).expect("run.json");
    assert_eq!(manifest.outcome, report.written.manifest.outcome);
    // The failing step is recorded (its row shows the state that broke the books), then the run stops.
    assert_eq!(manifest.steps_completed, 1);
    let data = std::fs::read(dir.path().join("simulation_data.csv")).expect("simulation_data.csv");
    let mut reader = csv::Reader::from_reader(data.as_slice());
    let steps: Vec<String> = reader.records().map(|r| r.expect("a CSV record")[0].to_owned()).collect();
    assert_eq!(steps, ["10"], "one row: the failing step");
}
