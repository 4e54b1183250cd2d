//! Periodic work (`GenServer` + `Process.send_after/3` + `handle_info/2`): ticks, their timer, drift, cancel, restart.

pub mod scenario;

#[cfg(target_arch = "wasm32")]
pub mod panel;

use super::RecipeInfo;

pub const INFO: RecipeInfo = RecipeInfo {
    slug: "periodic",
    title: "Periodic work",
    idiom: "Process.send_after/3 + handle_info/2",
    summary: "A GenServer schedules its own :work message. Watch each tick, the pending timer, the drift when \
              work outlasts the interval, cancel_timer's remaining time, and a supervisor restarting a crash.",
};

/// The Elixir this recipe mirrors.
pub const ELIXIR: &str = include_str!("periodic.ex");

/// The Rust that runs.
pub const RUST: &str = include_str!("scenario.rs");
