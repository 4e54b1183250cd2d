//! The runtime benchmarks in Chromium (scripts/bench runs this with `--features browser-bench`):
//! prints `chromium <workload> <ns/op>` lines, best of five runs, trace on (default capacity), and the
//! milliseconds to fast-forward a virtual day of twenty cron jobs.
#![cfg(all(target_arch = "wasm32", feature = "browser-bench"))]

use tasklane::runtime::trace::DEFAULT_CAPACITY;
use tasklane::runtime::workload;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now_ms() -> f64 {
    web_sys::window().expect("a window").performance().expect("performance").now()
}

fn best_ns_per_op(n: u32, run: fn(u32, usize) -> tasklane::runtime::Runtime) -> f64 {
    (0..5)
        .map(|_| {
            let start = now_ms();
            run(n, DEFAULT_CAPACITY);
            (now_ms() - start) * 1e6 / f64::from(n)
        })
        .fold(f64::INFINITY, f64::min)
}

#[wasm_bindgen_test]
fn runtime_costs_per_operation_in_chromium() {
    for (name, n, run) in [
        ("spawn_exit", 100_000, workload::spawn_exit as fn(u32, usize) -> _),
        ("ping_pong", 1_000_000, workload::ping_pong),
        ("fan_out", 10_000, workload::fan_out),
    ] {
        console_log!("chromium {name} {:.1}", best_ns_per_op(n, run));
    }
}

#[wasm_bindgen_test]
fn fast_forwarding_a_day_of_twenty_cron_jobs_in_chromium() {
    use tasklane::model::recipe::Scenario;
    use tasklane::recipes::cron::params::Params;
    use tasklane::recipes::cron::scenario::CronRecipe;
    let best = (0..5)
        .map(|_| {
            let recipe = CronRecipe::start(&tasklane::runtime::Runtime::new(1), Params::twenty_jobs());
            let start = now_ms();
            recipe.apply("day").unwrap();
            now_ms() - start
        })
        .fold(f64::INFINITY, f64::min);
    console_log!("chromium cron_day_ms {best:.1}");
}
