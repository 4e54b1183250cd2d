//! Fire and forget (`Task.Supervisor.start_child/2`): temporary children that run, vanish, and are never restarted.

pub mod scenario;

#[cfg(target_arch = "wasm32")]
pub mod panel;

use super::RecipeInfo;

pub const INFO: RecipeInfo = RecipeInfo {
    slug: "fire-and-forget",
    title: "Fire and forget",
    idiom: "Task.Supervisor.start_child/2",
    summary: "Children start under a supervisor, run, and vanish. A crashed one is not restarted; \
              stopping the supervisor takes every child with it.",
};

/// The Elixir this recipe mirrors.
pub const ELIXIR: &str = include_str!("fire_and_forget.ex");

/// The Rust that runs.
pub const RUST: &str = include_str!("scenario.rs");
