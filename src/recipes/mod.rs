//! The recipes: one folder each, holding its scenario (pure), its panel (Leptos) and its Elixir source.

pub mod cron;
pub mod fan_out;
pub mod fire_and_forget;
pub mod periodic;
pub mod session;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

use crate::runtime::Runtime;

/// A recipe as the list and the router know it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecipeInfo {
    /// The route: `/{slug}`.
    pub slug: &'static str,
    pub title: &'static str,
    /// The Elixir idiom it demonstrates.
    pub idiom: &'static str,
    pub summary: &'static str,
}

/// Every recipe, in the order the list shows them.
pub const CATALOGUE: [RecipeInfo; 4] = [fire_and_forget::INFO, fan_out::INFO, periodic::INFO, cron::INFO];

/// Finds a recipe by its route.
pub fn by_slug(slug: &str) -> Option<RecipeInfo> {
    CATALOGUE.iter().copied().find(|r| r.slug == slug)
}

/// A running recipe: its runtime and the actions its controls perform.
pub trait Scenario {
    fn runtime(&self) -> &Runtime;

    /// Performs a user action (a control's name, as share URLs record it); `Err` says why not.
    fn apply(&self, action: &str) -> Result<(), String>;

    /// Shuts the recipe down cleanly: its top supervisor stops, and with it every child and timer.
    fn stop(&self);
}

/// Reads an integer parameter within `range`, falling back to `default` with a notice.
pub(crate) fn int_param(
    params: &std::collections::BTreeMap<String, String>,
    key: &str,
    range: std::ops::RangeInclusive<u64>,
    default: u64,
    notices: &mut Vec<String>,
) -> u64 {
    match params.get(key) {
        None => default,
        Some(text) => match text.parse::<u64>() {
            Ok(v) if range.contains(&v) => v,
            _ => {
                notices.push(format!(
                    "Ignored {key}={text:?}: expected a whole number from {} to {}; using {default}.",
                    range.start(),
                    range.end()
                ));
                default
            }
        },
    }
}
