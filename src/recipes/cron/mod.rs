//! Cron (Quantum-style schedules): type an expression, read it in English, see its next runs,
//! and fast-forward a virtual day to watch every job fire.

pub mod params;
pub mod runs;
pub mod scenario;
pub mod schedule;

#[cfg(target_arch = "wasm32")]
pub mod panel;

use crate::model::recipe::{ParamMap, Recipe, RecipeInfo, Started};
use crate::runtime::prelude::*;

pub const RECIPE: Recipe = Recipe {
    info: RecipeInfo {
        slug: "cron",
        title: "Cron",
        idiom: "Quantum cron jobs",
        summary: "Type a cron expression, read it in plain English and see its next runs; fast-forward a virtual \
                  day and watch each job fire as a short task under a Task.Supervisor.",
    },
    start,
    step_of,
    elixir: "cron/cron.ex",
    rust: "cron/scenario.rs",
    #[cfg(test)]
    tour: &[crate::model::recipe::Tour {
        params: "jobs=*+*+*+*+*&run=90000",
        actions: &["day", "add 0 * * * *", "delete job_1", "zone 120", "overlap allow"],
    }],
};

fn start(rt: &Runtime, map: &ParamMap) -> Started {
    let (params, notices) = params::Params::from_map(map);
    Started::new(scenario::CronRecipe::start(rt, params), notices)
}

/// The scheduler's timer is `schedule`, a job's task `run`, a run skipped for overlap `skip`, the
/// scheduler taking a job added or deleted while it runs `change`.
fn step_of(e: &Event) -> Option<&'static str> {
    match &e.kind {
        EventKind::TimerSet { label, .. } if *label == "run" => Some("schedule"),
        EventKind::Spawn { behaviour: Behaviour::Task, .. } => Some("run"),
        kind if kind.custom::<scenario::SkippedRun>().is_some() => Some("skip"),
        EventKind::Receive { label, .. } if ["add_job", "delete_job"].contains(&label.as_str()) => {
            Some("change")
        }
        _ => None,
    }
}
