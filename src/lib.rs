//! Tasklane: Elixir/OTP concurrency recipes, run for real on virtual time and drawn live.
//!
//! Layers, from the pure core outwards (see ARCHITECTURE in the README):
//! the browser-facing modules below are compiled for `wasm32` only.

#[cfg(target_arch = "wasm32")]
pub mod ui;
