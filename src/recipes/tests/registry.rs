//! Every recipe in the registry: its step function reaches every marker in its sources, and
//! switching it off leaves nothing running.

use std::collections::BTreeSet;

use crate::model::code::annotate;
use crate::model::recipe::Recipe;
use crate::model::share::Share;
use crate::recipes::RECIPES;
use crate::runtime::Runtime;

const SECOND: u64 = 1000;

/// The step markers written in a recipe's Elixir and Rust sources, read from `src/recipes/`.
fn markers(recipe: &Recipe) -> BTreeSet<String> {
    let read = |path: &str| {
        let file = format!("{}/src/recipes/{path}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {file}: {e}", recipe.info.slug))
    };
    [recipe.elixir, recipe.rust]
        .into_iter()
        .flat_map(|path| annotate(&read(path)))
        .filter_map(|line| line.step)
        .collect()
}

#[test]
fn every_step_marker_in_every_recipe_is_produced_by_its_step_function() {
    for recipe in RECIPES {
        let mut produced = BTreeSet::new();
        for tour in recipe.tour {
            let (share, notices) = Share::parse(tour.params);
            assert!(notices.is_empty(), "{}: {notices:?}", recipe.info.slug);
            let started = (recipe.start)(&Runtime::new(42), &share.params);
            assert!(started.notices.is_empty(), "{}: {:?}", recipe.info.slug, started.notices);
            let scenario = started.scenario;
            let rt = scenario.runtime();
            for action in tour.actions {
                rt.run_until(rt.now() + SECOND);
                scenario.apply(action).unwrap_or_else(|e| panic!("{}: {action}: {e}", recipe.info.slug));
            }
            rt.run_until(rt.now() + 10 * SECOND);
            rt.read_trace(|t| produced.extend(t.events().filter_map(|e| (recipe.step_of)(e)).map(String::from)));
        }
        let markers = markers(recipe);
        let missing: Vec<&String> = markers.difference(&produced).collect();
        assert!(missing.is_empty(), "{}: no event stands for the steps {missing:?}", recipe.info.slug);
        let unmarked: Vec<&String> = produced.difference(&markers).collect();
        assert!(unmarked.is_empty(), "{}: steps with no line in the sources: {unmarked:?}", recipe.info.slug);
    }
}

#[test]
fn every_recipe_switched_off_after_ten_seconds_leaves_no_process_and_no_timer() {
    for recipe in RECIPES {
        let scenario = (recipe.start)(&Runtime::new(42), &Default::default()).scenario;
        let rt = scenario.runtime();
        rt.run_until(SECOND);
        assert!(rt.process_count() > 0, "{} runs something", recipe.info.slug);
        rt.run_until(10 * SECOND);
        scenario.stop();
        rt.run_until_idle();
        assert_eq!(rt.process_count(), 0, "{}: {:?}", recipe.info.slug, rt.processes());
        assert_eq!(rt.next_deadline(), None, "{} leaves a timer pending", recipe.info.slug);
    }
}

#[test]
fn slugs_are_unique_and_url_safe() {
    let slugs: BTreeSet<&str> = RECIPES.iter().map(|r| r.info.slug).collect();
    assert_eq!(slugs.len(), RECIPES.len());
    assert!(slugs.iter().all(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')));
}
