//! Fire and forget (`Task.Supervisor.start_child/2`): temporary children that run, vanish, and are never restarted.

pub mod scenario;

#[cfg(target_arch = "wasm32")]
pub mod panel;

use crate::model::recipe::{ParamMap, Recipe, RecipeInfo, Started};
use crate::runtime::prelude::*;

pub const RECIPE: Recipe = Recipe {
    info: RecipeInfo {
        slug: "fire-and-forget",
        title: "Fire and forget",
        idiom: "Task.Supervisor.start_child/2",
        summary: "Children start under a supervisor, run, and vanish. A crashed one is not restarted; \
                  stopping the supervisor takes every child with it.",
    },
    start,
    step_of,
    elixir: "fire_and_forget/fire_and_forget.ex",
    rust: "fire_and_forget/scenario.rs",
    #[cfg(test)]
    tour: &[crate::model::recipe::Tour { params: "", actions: &["fire10", "crash", "fire", "stop"] }],
};

/// Fire and forget has no parameters: every key in the map is reported as unused.
fn start(rt: &Runtime, map: &ParamMap) -> Started {
    let notices = map.keys().map(|k| format!("Ignored {k}: fire and forget has no parameters.")).collect();
    Started::new(scenario::FireAndForget::start(rt), notices)
}

/// Asking the supervisor is `start_child`; how a child ends is `exit`, `crash` or `shutdown`.
fn step_of(e: &Event) -> Option<&'static str> {
    match &e.kind {
        EventKind::Send { kind: MsgKind::Call, label, .. } if *label == "start_child" => Some("start_child"),
        EventKind::Exit { reason: ExitReason::Normal } => Some("exit"),
        EventKind::Exit { reason: ExitReason::Other(_) } => Some("crash"),
        EventKind::Exit { reason: ExitReason::Shutdown | ExitReason::Killed } => Some("shutdown"),
        _ => None,
    }
}
