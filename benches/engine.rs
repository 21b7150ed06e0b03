//! Speed of the engine on the seed scenario: 2000 steps (4000 agents at the end, ~4.0 million
//! agent-steps), without outputs, with and without the in-memory transaction log.
//!
//! Run: `cargo bench --bench engine`. The whole program with every output written is timed
//! from the shell instead (see docs/speed.md).

use criterion::{Criterion, criterion_group, criterion_main};
use grassroot::config::Params;

fn seed_params(steps: u64, tx_log: bool) -> Params {
    let mut p = Params::seed_defaults();
    p.total_steps = steps;
    p.tx_log = tx_log;
    p
}

fn run(params: &Params) -> u64 {
    let mut sim = grassroot::seed_simulation(params).expect("the seed scenario builds");
    sim.run(params.total_steps).expect("the books balance");
    sim.roles().total_members()
}

fn engine(c: &mut Criterion) {
    let mut group = c.benchmark_group("seed_scenario");
    group.sample_size(10);
    let quiet = seed_params(2000, false);
    group.bench_function("step_2000_no_tx_log", |b| b.iter(|| run(&quiet)));
    let logged = seed_params(2000, true);
    group.bench_function("step_2000_tx_log_in_memory", |b| b.iter(|| run(&logged)));
    let mut unchecked = seed_params(2000, false);
    unchecked.check_books = false;
    group.bench_function("step_2000_no_tx_log_no_books_check", |b| b.iter(|| run(&unchecked)));
    group.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
