//! Fan-out / fan-in (`Task.async/1` + `Task.await_many/2`): one task per job, total time = the longest job.

pub mod scenario;

#[cfg(target_arch = "wasm32")]
pub mod panel;

use super::RecipeInfo;

pub const INFO: RecipeInfo = RecipeInfo {
    slug: "fan-out",
    title: "Fan-out / fan-in",
    idiom: "Task.async/1 + Task.await_many/2",
    summary: "Start a task per job, await them all: the total is the longest job, not the sum. \
              A timeout kills stragglers; a crashing linked task takes the caller down, async_nolink does not.",
};

/// The Elixir this recipe mirrors.
pub const ELIXIR: &str = include_str!("fan_out.ex");

/// The Rust that runs.
pub const RUST: &str = include_str!("scenario.rs");
