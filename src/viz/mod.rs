//! Components that draw view models (a canvas timeline), and their geometry as plain numbers.

pub mod scene;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

#[cfg(target_arch = "wasm32")]
pub mod timeline;
