//! Keyed lists: every `<For>` in the app lists [`Row`]s through [`keyed`], so tachys' keyed diffing is
//! compiled once instead of once per item, key and view type.

use leptos::prelude::*;

/// One item of a keyed list: its key, and how to draw it the first time it shows.
pub struct Row {
    key: String,
    draw: Box<dyn FnOnce() -> AnyView + Send>,
}

impl Row {
    /// A row keyed by `key`, drawn by `draw` when the list first shows that key.
    pub fn new<V: IntoView + 'static>(key: String, draw: impl FnOnce() -> V + Send + 'static) -> Row {
        Row { key, draw: Box::new(move || draw().into_any()) }
    }
}

/// A `<For>` over the rows `each` returns, keyed by their keys.
pub fn keyed(each: impl Fn() -> Vec<Row> + Send + Sync + 'static) -> AnyView {
    list(Box::new(each))
}

#[inline(never)]
fn list(each: Box<dyn Fn() -> Vec<Row> + Send + Sync>) -> AnyView {
    view! { <For each=move || each() key=|row: &Row| row.key.clone() children=|row: Row| (row.draw)() /> }.into_any()
}
