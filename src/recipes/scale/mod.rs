//! At scale (`Task.async_stream/3` with `max_concurrency`, under `Supervisor`s): a tree of shard
//! supervisors and counter workers, and a stream of items each calling a counter — thousands of
//! processes doing real OTP work.

pub mod flight;
pub mod params;
pub mod scenario;

#[cfg(target_arch = "wasm32")]
pub mod panel;

use crate::model::recipe::{ParamMap, Recipe, RecipeInfo, Started};
use crate::runtime::prelude::*;

pub const RECIPE: Recipe = Recipe {
    info: RecipeInfo {
        slug: "scale",
        title: "At scale",
        idiom: "Task.async_stream/3, max_concurrency",
        summary: "100 shard supervisors × 100 counter GenServers, and 10,000 items streamed through them, \
                  at most 50 tasks at a time: each task calls a counter, which pings a neighbour. \
                  Fold a shard to see it as one row; zoom into a stretch to see single calls.",
    },
    start,
    step_of,
    elixir: "scale/scale.ex",
    rust: "scale/scenario.rs",
    #[cfg(test)]
    tour: &[crate::model::recipe::Tour { params: "shards=3&workers=4&items=40&concurrency=5", actions: &[] }],
};

fn start(rt: &Runtime, map: &ParamMap) -> Started {
    let (params, notices) = params::Params::from_map(map);
    Started::new(scenario::Scale::start(rt, params), notices)
}

/// Building the tree is `tree`, an item's task `stream`, its call `call`, the counter's ping `cast`
/// and its answer `reply`.
fn step_of(e: &Event) -> Option<&'static str> {
    match &e.kind {
        EventKind::Spawn { behaviour: Behaviour::Supervisor, .. } => Some("tree"),
        EventKind::Spawn { behaviour: Behaviour::Task, .. } => Some("stream"),
        EventKind::Send { kind: MsgKind::Call, .. } => Some("call"),
        EventKind::Send { kind: MsgKind::Cast, .. } => Some("cast"),
        EventKind::Send { kind: MsgKind::Reply, .. } => Some("reply"),
        _ => None,
    }
}
