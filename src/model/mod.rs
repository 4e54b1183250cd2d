//! Pure models between the runtime and the browser: what a recipe is, the app's addresses, share links
//! and replay, and views as pure functions of the trace (lanes and axes, event-log lines, annotated source).

pub mod code;
pub mod lanes;
pub mod log;
pub mod recipe;
pub mod route;
pub mod share;
