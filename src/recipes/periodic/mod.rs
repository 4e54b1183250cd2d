//! Periodic work (`GenServer` + `Process.send_after/3` + `handle_info/2`): ticks, their timer, drift, cancel, restart.

pub mod params;
pub mod scenario;
pub mod status;

#[cfg(target_arch = "wasm32")]
pub mod panel;

use crate::model::recipe::{ParamMap, Recipe, RecipeInfo, Started};
use crate::runtime::prelude::*;

pub const RECIPE: Recipe = Recipe {
    info: RecipeInfo {
        slug: "periodic",
        title: "Periodic work",
        idiom: "Process.send_after/3 + handle_info/2",
        summary: "A GenServer schedules its own :work message. Watch each tick, the pending timer, the drift when \
                  work outlasts the interval, cancel_timer's remaining time, and a supervisor restarting a crash.",
    },
    start,
    step_of,
    elixir: "periodic/periodic.ex",
    rust: "periodic/scenario.rs",
    #[cfg(test)]
    tour: &[crate::model::recipe::Tour { params: "", actions: &["cancel_ticker_1", "crash_fixed_rate_1"] }],
};

fn start(rt: &Runtime, map: &ParamMap) -> Started {
    let (params, notices) = params::Params::from_map(map);
    Started::new(scenario::Periodic::start(rt, params), notices)
}

/// Setting the `:work` timer is `schedule`, handling it `tick`; cancelling and restarting are theirs.
fn step_of(e: &Event) -> Option<&'static str> {
    match &e.kind {
        EventKind::TimerSet { label, .. } if *label == "work" => Some("schedule"),
        EventKind::Receive { label, kind: MsgKind::Info, .. } if *label == "work" => Some("tick"),
        EventKind::Receive { label, kind: MsgKind::Call, .. } if *label == "cancel" => Some("cancel"),
        EventKind::TimerCancelled { .. } => Some("cancel"),
        kind if kind.custom::<scenario::CancelReturnedFalse>().is_some() => Some("cancel"),
        EventKind::Restart { .. } => Some("restart"),
        _ => None,
    }
}
