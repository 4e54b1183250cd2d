//! Components that draw view models (SVG): data in, no session lookups.

#[cfg(target_arch = "wasm32")]
pub mod timeline;
