//! Native benchmarks of the runtime's per-operation cost (criterion): spawn + exit,
//! ping-pong round trips, and a Task.async fan-out gathered with await_many.
//! `scripts/bench` compares these with the same programs on the BEAM and in Chromium; it also times
//! fast-forwarding a virtual day of twenty cron jobs.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use tasklane::runtime::trace::DEFAULT_CAPACITY;
use tasklane::runtime::workload;

/// (name, operations per iteration, the workload).
type Workload = (&'static str, u32, fn(u32, usize) -> tasklane::runtime::Runtime);

const WORKLOADS: [Workload; 3] = [
    ("spawn_exit", 100_000, workload::spawn_exit),
    ("ping_pong", 1_000_000, workload::ping_pong),
    ("fan_out", 10_000, workload::fan_out),
];

fn runtime(c: &mut Criterion) {
    for (name, n, run) in WORKLOADS {
        let mut group = c.benchmark_group(name);
        group.sample_size(10);
        for (label, capacity) in [("traced", DEFAULT_CAPACITY), ("untraced", 0)] {
            group.bench_with_input(BenchmarkId::new(label, n), &n, |b, &n| b.iter(|| run(n, capacity)));
        }
        group.finish();
    }
}

/// Fast-forwarding one virtual day of twenty cron jobs (every minute to daily).
fn cron_day(c: &mut Criterion) {
    use tasklane::model::recipe::Scenario;
    use tasklane::recipes::cron::params::Params;
    use tasklane::recipes::cron::scenario::CronRecipe;
    let mut group = c.benchmark_group("cron_day");
    group.sample_size(10);
    group.bench_function("twenty_jobs", |b| {
        b.iter_batched(
            || CronRecipe::start(&tasklane::runtime::Runtime::new(1), Params::twenty_jobs()),
            |s| s.apply("day"),
            criterion::BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, runtime, cron_day);
criterion_main!(benches);
