//! Tasklane: Elixir/OTP concurrency recipes, run for real on virtual time and drawn live.
//!
//! Layers, from the pure core outwards (see ARCHITECTURE in the README): `runtime` is pure Rust
//! and runs natively and in the browser; the browser-facing modules are compiled for `wasm32` only.

pub mod model;
pub mod recipes;
pub use tasklane_runtime as runtime;
pub mod viz;

#[cfg(target_arch = "wasm32")]
pub mod ui;

#[cfg(target_arch = "wasm32")]
pub mod web;
