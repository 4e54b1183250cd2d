//! Fan-out / fan-in (`Task.async/1` + `Task.await_many/2`): one task per job, total time = the longest job.

pub mod params;
pub mod scenario;

#[cfg(target_arch = "wasm32")]
pub mod panel;

use crate::model::recipe::{ParamMap, Recipe, RecipeInfo, Started};
use crate::runtime::prelude::*;

pub const RECIPE: Recipe = Recipe {
    info: RecipeInfo {
        slug: "fan-out",
        title: "Fan-out / fan-in",
        idiom: "Task.async/1 + Task.await_many/2",
        summary: "Start a task per job, await them all: the total is the longest job, not the sum. \
                  A timeout kills stragglers; a crashing linked task takes the caller down, async_nolink does not.",
    },
    start,
    step_of,
    elixir: "fan_out/fan_out.ex",
    rust: "fan_out/scenario.rs",
    #[cfg(test)]
    tour: &[
        crate::model::recipe::Tour { params: "", actions: &[] },
        crate::model::recipe::Tour { params: "crash=1", actions: &[] },
        crate::model::recipe::Tour { params: "mode=nolink&timeout=1000", actions: &[] },
    ],
};

fn start(rt: &Runtime, map: &ParamMap) -> Started {
    let (params, notices) = params::Params::from_map(map);
    Started::new(scenario::FanOut::start(rt, params), notices)
}

/// Starting a task is `spawn`, its result `reply`, the caller taking it (or timing out) `await`.
fn step_of(e: &Event) -> Option<&'static str> {
    match &e.kind {
        EventKind::Spawn { behaviour: Behaviour::Task, .. } => Some("spawn"),
        EventKind::Send { kind: MsgKind::Call, label, .. } if *label == "async_nolink" => Some("spawn"),
        EventKind::Send { kind: MsgKind::Reply, .. } => Some("reply"),
        EventKind::Receive { kind: MsgKind::Reply, .. } => Some("await"),
        EventKind::Exit { reason: ExitReason::Timeout(_) } => Some("await"),
        EventKind::Exit { reason: ExitReason::Other(_) } => Some("crash"),
        EventKind::Exit { reason: ExitReason::Shutdown | ExitReason::Killed } => Some("shutdown"),
        _ => None,
    }
}
