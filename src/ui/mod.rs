//! The app shell (the learner's window onto the runtime): header, recipe list, stage and playback bar.

mod shell;

pub use shell::App;
