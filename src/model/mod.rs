//! Pure models between the runtime and the browser: what a recipe is, a node running several recipes, the app's addresses, share links
//! and replay, and views as folds over the trace with checkpoints for time travel (lanes and axes, event-log rows,
//! the code step), and floats as text.

pub mod checkpoint;
pub mod code;
pub mod float;
pub mod fold;
pub mod frames;
pub mod lanes;
pub mod log;
pub mod node;
pub mod recipe;
pub mod route;
pub mod share;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
