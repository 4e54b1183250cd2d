//! Cron (Quantum-style schedules): type an expression, read it in English, see its next runs,
//! and fast-forward a virtual day to watch every job fire.

pub mod scenario;
pub mod schedule;

#[cfg(target_arch = "wasm32")]
pub mod panel;

use super::RecipeInfo;

pub const INFO: RecipeInfo = RecipeInfo {
    slug: "cron",
    title: "Cron",
    idiom: "Quantum cron jobs",
    summary: "Type a cron expression, read it in plain English and see its next runs; fast-forward a virtual \
              day and watch each job fire as a short task under a Task.Supervisor.",
};

/// The Elixir this recipe mirrors.
pub const ELIXIR: &str = include_str!("cron.ex");

/// The Rust that runs.
pub const RUST: &str = include_str!("scenario.rs");
