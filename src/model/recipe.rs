//! What a recipe is to the rest of the app (an OTP application's `mod` callback): its descriptor, and the running scenario it starts.

use std::any::Any;
use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::rc::Rc;

use crate::runtime::prelude::*;

/// Recipe parameters by name, as a share URL carries them; each recipe validates its own.
pub type ParamMap = BTreeMap<String, String>;

/// A recipe as the list, the router and the share links know it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecipeInfo {
    /// The route: `/{slug}`.
    pub slug: &'static str,
    pub title: &'static str,
    /// The Elixir idiom it demonstrates.
    pub idiom: &'static str,
    pub summary: &'static str,
}

/// A recipe: its folder's answer to everything outside it.
///
/// Its sources are not in the bundle: the browser fetches them from `/recipes/<path>` (Trunk copies
/// `src/recipes/` into `dist/recipes/`), and native code reads them from `src/recipes/<path>`.
pub struct Recipe {
    pub info: RecipeInfo,
    /// Starts the recipe's processes in a runtime (alone, or beside other recipes on the same clock);
    /// parameters it cannot use become notices.
    pub start: fn(&Runtime, &ParamMap) -> Started,
    /// The code step an event stands for (a `#@step` / `//@step` marker in its sources), if any.
    pub step_of: fn(&Event) -> Option<&'static str>,
    /// The Elixir the recipe mirrors, as a path under `src/recipes/` (`periodic/periodic.ex`).
    pub elixir: &'static str,
    /// The Rust that runs, the recipe's program, as a path under `src/recipes/` (`periodic/scenario.rs`).
    pub rust: &'static str,
    /// Runs that together reach every step marker in the sources; the registry test plays them.
    #[cfg(test)]
    pub tour: &'static [Tour],
}

impl Recipe {
    /// The address the browser fetches a recipe's source from; `path` is a [`Recipe::elixir`] or [`Recipe::rust`].
    ///
    /// ```
    /// use tasklane::model::recipe::Recipe;
    /// assert_eq!(Recipe::source_url("periodic/scenario.rs"), "/recipes/periodic/scenario.rs");
    /// ```
    pub fn source_url(path: &str) -> String {
        format!("/recipes/{path}")
    }
}

/// One run of a recipe's tour: parameters as a query string, then actions one virtual second apart.
#[cfg(test)]
pub struct Tour {
    pub params: &'static str,
    pub actions: &'static [&'static str],
}

/// A started run and what its parameters' validation said.
pub struct Started {
    pub scenario: Rc<dyn Scenario>,
    pub notices: Vec<String>,
}

impl Started {
    pub fn new(scenario: impl Scenario, notices: Vec<String>) -> Started {
        Started { scenario: Rc::new(scenario), notices }
    }
}

/// A running recipe: its runtime and the actions its controls perform.
pub trait Scenario: Any {
    fn runtime(&self) -> &Runtime;

    /// The run's parameters, as a share URL records them.
    fn params(&self) -> ParamMap;

    /// Performs a user action (a control's name, as share URLs record it); `Err` says why not.
    fn apply(&self, action: &str) -> Result<(), String>;

    /// Shuts the recipe down cleanly: its top supervisor stops, and with it every child and timer.
    fn stop(&self);
}

/// The running scenario as its own type, if it is a `T`.
pub fn downcast<T: Scenario>(scenario: &Rc<dyn Scenario>) -> Option<Rc<T>> {
    let any: Rc<dyn Any> = scenario.clone();
    any.downcast::<T>().ok()
}

/// Reads an integer parameter within `range`, falling back to `default` with a notice.
pub fn int_param(
    params: &ParamMap,
    key: &str,
    range: RangeInclusive<u64>,
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

/// A [`ParamMap`] of `pairs`, built by insertion: `ParamMap::from` and `collect` compile a sort of their own.
pub fn param_map<const N: usize>(pairs: [(&str, String); N]) -> ParamMap {
    let mut map = ParamMap::new();
    map.extend(pairs.map(|(key, value)| (key.to_string(), value)));
    map
}

/// Reads a 1/0 (or true/false) parameter, falling back to `default` with a notice.
pub fn flag_param(params: &ParamMap, key: &str, default: bool, notices: &mut Vec<String>) -> bool {
    match params.get(key).map(String::as_str) {
        None => default,
        Some("1") | Some("true") => true,
        Some("0") | Some("false") => false,
        Some(other) => {
            notices.push(format!("Ignored {key}={other:?}: expected 1 or 0."));
            default
        }
    }
}
