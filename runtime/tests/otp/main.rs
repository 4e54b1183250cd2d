//! The differential suite: every scenario in this folder (`<name>.exs`, run on real Elixir/OTP,
//! its output recorded in `expected/<name>.out`) is written again against the runtime on virtual
//! time, and the two outputs are compared line by line.
//!
//! A scenario where Tasklane deliberately differs keeps its OTP recording; its runtime output is
//! pinned in `differences/<name>.out`, whose first line says why (`# why: …`). Regenerate the OTP
//! recordings with `scripts/otp-record` where Elixir is installed.

mod agents_ets_registry;
mod dynamic_supervisors;
mod gen_servers;
mod links_monitors;
mod supervisors;
mod tasks;
mod timers;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::Display;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use tasklane_runtime::dynamic_supervisor::Counts;
use tasklane_runtime::prelude::*;

/// The lines a scenario prints, `key: value`, shared by every process of the run.
#[derive(Clone, Default)]
pub struct Out(Rc<RefCell<Vec<String>>>);

impl Out {
    /// `IO.puts("#{key}: #{inspect(value)}")`
    pub fn put(&self, key: &str, value: impl Display) {
        self.0.borrow_mut().push(format!("{key}: {value}"));
    }

    /// `t: <ms>`: the virtual time, rounded to the nearest 10 ms as the scripts round theirs.
    pub fn t(&self, ctx: &Ctx) {
        self.put("t", (ctx.now() + 5) / 10 * 10);
    }
}

/// Elixir's `true` / `false`.
pub fn boolean(b: bool) -> Term {
    Term::atom(if b { "true" } else { "false" })
}

/// `nil`
pub fn nil() -> Term {
    Term::atom("nil")
}

/// A `Task.yield`/`Task.shutdown` result as Elixir prints it: `{:ok, v}`, `{:exit, reason}` or `nil`.
pub fn task_result(r: Option<Result<Term, ExitReason>>) -> Term {
    match r {
        Some(Ok(v)) => Term::tuple([Term::atom("ok"), v]),
        Some(Err(reason)) => Term::tuple([Term::atom("exit"), reason.to_term()]),
        None => nil(),
    }
}

/// A scenario: starts its processes on `rt`, printing to `out`; the harness runs the clock.
pub type Scenario = fn(&Runtime, Out);

/// Virtual time every scenario is run to: longer than any script runs.
const RUN_MS: u64 = 60_000;

fn scenarios() -> BTreeMap<&'static str, Scenario> {
    let mut all = BTreeMap::new();
    for list in [
        tasks::SCENARIOS,
        links_monitors::SCENARIOS,
        gen_servers::SCENARIOS,
        supervisors::SCENARIOS,
        timers::SCENARIOS,
        agents_ets_registry::SCENARIOS,
        dynamic_supervisors::SCENARIOS,
    ] {
        for (name, scenario) in list {
            assert!(all.insert(*name, *scenario).is_none(), "two scenarios are named {name}");
        }
    }
    all
}

fn run(scenario: Scenario) -> Vec<String> {
    let rt = Runtime::new(1);
    let out = Out::default();
    scenario(&rt, out.clone());
    rt.run_until(RUN_MS);
    out.0.take()
}

fn read_lines(path: &Path) -> Option<Vec<String>> {
    std::fs::read_to_string(path).ok().map(|s| s.lines().map(str::to_string).collect())
}

/// A readable line-by-line comparison: `=` lines agree, `-` is what was expected, `+` what ran.
fn diff(expected: &[String], got: &[String]) -> String {
    let mut text = String::new();
    for i in 0..expected.len().max(got.len()) {
        match (expected.get(i), got.get(i)) {
            (Some(e), Some(g)) if e == g => text.push_str(&format!("    = {e}\n")),
            (e, g) => {
                if let Some(e) = e {
                    text.push_str(&format!("    - {e}\n"));
                }
                if let Some(g) = g {
                    text.push_str(&format!("    + {g}\n"));
                }
            }
        }
    }
    text
}

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/otp");
    let mut scripts: Vec<String> = std::fs::read_dir(&dir)
        .expect("the scenario folder")
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".exs").map(str::to_string))
        .collect();
    scripts.sort();
    let mirrors = scenarios();
    let versions = std::fs::read_to_string(dir.join("expected/VERSIONS")).unwrap_or_default();
    let mut failures = Vec::new();
    let (mut matched, mut documented) = (Vec::new(), Vec::new());
    for name in &scripts {
        let Some(expected) = read_lines(&dir.join(format!("expected/{name}.out"))) else {
            failures.push(format!("{name}: no recorded OTP output (run scripts/otp-record)"));
            continue;
        };
        let Some(scenario) = mirrors.get(name.as_str()) else {
            failures.push(format!("{name}: no Rust mirror in runtime/tests/otp/"));
            continue;
        };
        let got = run(*scenario);
        match read_lines(&dir.join(format!("differences/{name}.out"))) {
            Some(pinned) => {
                let why = pinned.first().and_then(|l| l.strip_prefix("# why: ")).unwrap_or("").to_string();
                if why.is_empty() {
                    failures.push(format!("{name}: differences/{name}.out must start with `# why: <reason>`"));
                } else if pinned[1..] != got[..] {
                    failures
                        .push(format!("{name}: differs from its documented difference\n{}", diff(&pinned[1..], &got)));
                } else if expected == got {
                    failures.push(format!("{name}: now matches OTP; delete differences/{name}.out"));
                } else {
                    documented.push(format!("{name}: {why}"));
                }
            }
            None if expected == got => matched.push(name),
            None => failures.push(format!("{name}: differs from OTP\n{}", diff(&expected, &got))),
        }
    }
    for name in mirrors.keys().filter(|m| !scripts.iter().any(|s| s == *m)) {
        failures.push(format!("{name}: a Rust mirror without {name}.exs"));
    }
    let versions: Vec<&str> = versions.lines().filter(|l| !l.trim().is_empty()).collect();
    println!(
        "otp differential against {}",
        if versions.is_empty() { "(no VERSIONS file)".into() } else { versions.join(" · ") }
    );
    println!(
        "otp differential: {} scenarios, {} match OTP, {} documented differences, {} failing",
        scripts.len(),
        matched.len(),
        documented.len(),
        failures.len()
    );
    for d in &documented {
        println!("  documented difference — {d}");
    }
    if !failures.is_empty() {
        for f in &failures {
            eprintln!("FAIL {f}");
        }
        std::process::exit(1);
    }
}

/// `term` with each pid in `names` replaced by its role (`:task`) and every ref by `:ref`, as the
/// scripts print messages that hold pids and refs.
pub fn named(term: &Term, names: &[(Pid, &'static str)]) -> Term {
    match term {
        Term::Pid(p) => names.iter().find(|(q, _)| q == p).map_or(term.clone(), |(_, n)| Term::atom(*n)),
        Term::Ref(_) => Term::atom("ref"),
        Term::Tuple(items) => Term::tuple(items.iter().map(|t| named(t, names))),
        Term::List(items) => Term::list(items.iter().map(|t| named(t, names))),
        other => other.clone(),
    }
}

/// `Process.info(self(), :messages)`, with pids named as in [`named`].
pub fn mailbox(ctx: &Ctx, names: &[(Pid, &'static str)]) -> Term {
    Term::list(ctx.messages().iter().map(|m| named(m, names)))
}

/// `Process.sleep(:infinity)` in a process that may be sent messages: waits for them forever.
pub async fn idle(ctx: Ctx) -> ProcResult {
    loop {
        ctx.receive().await;
    }
}

/// Takes every message now in the mailbox, oldest first (the scripts' `Mailbox.drain/0`).
pub async fn drain(ctx: &Ctx) -> Term {
    let mut taken = Vec::new();
    while let Some(msg) = ctx.receive_match(|_| true, Some(0)).await {
        taken.push(msg);
    }
    Term::list(taken)
}

/// `count_children(sup) |> Map.to_list() |> Enum.sort()`: a sorted keyword list.
pub fn counts(c: Counts) -> Term {
    let pair = |k: &'static str, n: usize| Term::tuple([Term::atom(k), Term::Int(n as i64)]);
    Term::list([
        pair("active", c.active),
        pair("specs", c.specs),
        pair("supervisors", c.supervisors),
        pair("workers", c.workers),
    ])
}

/// Receives the `{:DOWN, monitor, :process, _, reason}` of `monitor`; its reason as a term.
pub async fn down_reason(ctx: &Ctx, monitor: Ref) -> Term {
    let is_down = |m: &Term| m.is_down_of(monitor);
    let msg = ctx.receive_match(is_down, None).await.expect("waits forever");
    msg.elem(4).cloned().unwrap_or_else(nil)
}
