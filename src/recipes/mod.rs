//! The recipes, one folder each (scenario, parameters, panel, Elixir source), and the registry that lists them.
//!
//! Adding a recipe is its folder plus one line in [`registry!`] below: nothing else names it.

use crate::model::recipe::Recipe;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

/// Declares each recipe's module and lists it, with its panel in the browser, in the order the list shows.
macro_rules! registry {
    ($($recipe:ident),* $(,)?) => {
        $(pub mod $recipe;)*

        /// Every recipe, in the order the list shows them.
        pub static RECIPES: &[&Recipe] = &[$(&$recipe::RECIPE),*];

        /// Every recipe with its panel, for the app shell.
        #[cfg(target_arch = "wasm32")]
        pub static PAGES: &[crate::ui::Page] =
            &[$(crate::ui::Page { recipe: &$recipe::RECIPE, panel: || leptos::prelude::IntoAny::into_any($recipe::panel::Panel()) }),*];
    };
}

registry![fire_and_forget, fan_out, periodic, cron, scale, caching, ticker,];

/// Finds a recipe by its route.
pub fn by_slug(slug: &str) -> Option<&'static Recipe> {
    RECIPES.iter().copied().find(|r| r.info.slug == slug)
}
