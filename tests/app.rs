//! The app in a real browser: the shell's named regions, switching recipes on and off, timeline lanes, pause and
//! step, share URLs, and bad URL parameters.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SWITCH_FIRE: &str = "[role='switch'][aria-label='Run Fire and forget']";

#[wasm_bindgen_test]
async fn shell_has_header_recipe_list_stage_and_playback_bar() {
    let app = mount_at("/");
    settle(10).await;
    assert_eq!(text(&app, "header[aria-label='Tasklane'] h1"), "Tasklane");
    assert_eq!(count(&app, "nav[aria-label='Recipes'] [role='switch']") as usize, tasklane::recipes::RECIPES.len());
    assert!(text(&app, "main[aria-label='Visualisation']").contains("Pick a recipe"));
    let bar = find(&app, "[role='toolbar'][aria-label='Playback']");
    assert!(bar.query_selector("button[aria-label='Play']").unwrap().is_some());
    assert_eq!(text(&app, "output[aria-label='Virtual time']"), "0 ms");
}

#[wasm_bindgen_test]
async fn toggling_a_recipe_on_starts_it_and_off_shuts_it_down() {
    let app = mount_at("/fire-and-forget");
    settle(20).await;
    assert_eq!(find(&app, SWITCH_FIRE).get_attribute("aria-checked").as_deref(), Some("true"));
    let running = |app: &Mounted| text(app, "dd[aria-label='Running children']");
    find(&app, "[aria-label='Fire and forget controls'] button:nth-child(2)").click();
    wait_for("ten running children", || running(&app) == "10").await;
    find(&app, SWITCH_FIRE).click();
    settle(20).await;
    assert_eq!(find(&app, SWITCH_FIRE).get_attribute("aria-checked").as_deref(), Some("false"));
    assert_eq!(running(&app), "0");
    assert!(text(&app, "[aria-label='Event log']").contains("exited: :shutdown"));
    find(&app, SWITCH_FIRE).click();
    settle(20).await;
    assert_eq!(
        find(&app, SWITCH_FIRE).get_attribute("aria-checked").as_deref(),
        Some("true"),
        "switching on again starts afresh"
    );
}

#[wasm_bindgen_test]
async fn the_timeline_draws_a_lane_per_process_coloured_by_its_exit() {
    let app = mount_at("/fire-and-forget");
    settle(20).await;
    let running = |app: &Mounted| text(app, "dd[aria-label='Running children']");
    find(&app, "[aria-label='Fire and forget controls'] button:nth-child(2)").click();
    wait_for("ten running children", || running(&app) == "10").await;
    let lanes = count(&app, "svg.lanes g.lane");
    let summary = text(&app, "figcaption[aria-label='Timeline summary']");
    assert!(summary.starts_with(&format!("{lanes} processes")), "{summary} vs {lanes} lanes");
    assert!(count(&app, "svg.lanes g.lane.running") >= 10, "the ten children run");
    find(&app, "[aria-label='Fire and forget controls'] button.danger").click();
    wait_for("no running children", || running(&app) == "0").await;
    settle(5).await;
    assert_eq!(count(&app, "svg.lanes g.lane"), lanes, "exited lanes stay drawn");
    assert!(count(&app, "svg.lanes g.lane.shutdown") >= 10, "children stopped with the supervisor");
}

#[wasm_bindgen_test]
async fn pause_then_step_advances_exactly_one_event() {
    let app = mount_at("/fan-out?tasks=5&seed=3");
    settle(30).await;
    find(&app, "button[aria-label='Pause']").click();
    settle(10).await;
    let shown = |app: &Mounted| count(app, "[aria-label='Event log'] li[data-seq]");
    let before = shown(&app);
    for n in 1..=3 {
        find(&app, "button[aria-label='Step to the next event']").click();
        settle(10).await;
        assert_eq!(shown(&app), before + n, "step {n} shows one more event");
    }
    assert!(find(&app, "button[aria-label='Play']").is_connected(), "still paused");
}

#[wasm_bindgen_test]
async fn a_share_url_loaded_in_a_fresh_mount_reproduces_the_trace() {
    let (url, hash) = {
        let app = mount_at("/fire-and-forget?seed=7");
        settle(20).await;
        find(&app, "[aria-label='Fire and forget controls'] button:nth-child(2)").click();
        settle(120).await;
        find(&app, "[aria-label='Fire and forget controls'] button:nth-child(3)").click();
        settle(80).await;
        find(&app, "button[aria-label='Pause']").click();
        settle(10).await;
        find(&app, "button[aria-label='Share this run']").click();
        settle(10).await;
        (value(&app, "input[aria-label='Share URL']"), text(&app, "output[aria-label='Trace hash']"))
    };
    assert!(url.contains("inputs="), "{url}");
    let path = url.splitn(4, '/').nth(3).map(|p| format!("/{p}")).unwrap();
    let again = mount_at(&path);
    settle(20).await;
    find(&again, "button[aria-label='Share this run']").click();
    settle(10).await;
    assert_eq!(text(&again, "output[aria-label='Trace hash']"), hash);
    assert_eq!(value(&again, "input[aria-label='Share URL']"), url);
}

#[wasm_bindgen_test]
async fn a_bad_url_parameter_shows_a_notice_and_the_recipe_still_runs() {
    let app = mount_at("/fan-out?tasks=lots&seed=abc&cursor=%zz");
    settle(30).await;
    let notices = text(&app, "[role='status'][aria-label='Notices']");
    assert!(notices.contains("Ignored tasks=\"lots\""), "{notices}");
    assert!(notices.contains("Ignored seed=\"abc\""), "{notices}");
    assert!(notices.contains("not valid URL encoding"), "{notices}");
    assert_eq!(text(&app, "output[aria-label='Task count']"), "10");
}
