//! The app shell (the learner's window onto the runtime): router, recipe list, playback bar,
//! code panel, event log and notices. Signals live here and in each recipe's panel only.

mod code_panel;
mod event_log;
mod frame_meter;
mod notices;
pub mod number_field;
mod playback;
mod recipe_list;
mod recipe_page;
mod router;
pub mod rows;
pub mod session;
mod shell;

pub use shell::App;

use leptos::prelude::AnyView;

use crate::model::recipe::Recipe;

/// A recipe and its panel (its controls and its own charts), as the registry lists them.
pub struct Page {
    pub recipe: &'static Recipe,
    pub panel: fn() -> AnyView,
}
