//! The app shell (the learner's window onto the runtime): router, recipe list, playback bar,
//! code panel, event log and notices. Signals live here and in each recipe's panel only.

mod code_panel;
mod event_log;
mod notices;
mod playback;
mod recipe_list;
mod recipe_page;
pub mod session;
mod shell;

pub use recipe_page::RecipePage;
pub use shell::App;
