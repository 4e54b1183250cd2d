//! Trace → pictures: the pure view models in `model`, and the components that draw them.

pub mod model;

#[cfg(target_arch = "wasm32")]
pub mod timeline;
