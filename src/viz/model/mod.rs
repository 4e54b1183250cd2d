//! Views as pure functions of the trace: lanes and axes, event-log lines, annotated source.

pub mod code;
pub mod lanes;
pub mod log;
