//! The app in a real browser: the shell's named regions, switching recipes on and off, timeline lanes,
//! crashing a child, pause and step, share URLs, bad URL parameters and odd addresses, and in-app links
//! with Back and Forward. Controls are found by role and accessible name, as a user finds them, and
//! every wait is for a condition.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const RECIPE_LIST: &str = "nav[aria-label='Recipes']";
const STAGE: &str = "main[aria-label='Visualisation']";
const PLAYBACK: &str = "[role='toolbar'][aria-label='Playback']";
const NOTICES: &str = "[role='status'][aria-label='Notices']";
const EVENT_LOG: &str = "[aria-label='Event log']";
const LANE_TABLE: &str = "details.lane-table";
const TIMELINE_SUMMARY: &str = "figcaption[aria-label='Timeline summary']";
const SWITCH_FIRE: &str = "[role='switch'][aria-label='Run Fire and forget']";
const FIRE_CONTROLS: &str = "[role='group'][aria-label='Fire and forget controls']";
const RUNNING: &str = "dd[aria-label='Running children']";
const CRASHED: &str = "dd[aria-label='Crashed children']";

/// The lane table's rows (the timeline's facts as text), each as `name #PID<…> (kind): state`, whose
/// state starts with `state` (`running`, or `exited :shutdown` and the like).
fn lanes(app: &Mounted, state: &str) -> Vec<String> {
    all(app, &format!("{LANE_TABLE} table[aria-label='Lanes'] tbody tr"))
        .iter()
        .map(|row| {
            let cells: Vec<String> = (0..row.children().length())
                .filter_map(|i| row.children().item(i).and_then(|c| c.text_content()))
                .collect();
            format!("{} ({}): {}", cells[0], cells[1], cells[3])
        })
        .filter(|row| row.split(": ").nth(1).is_some_and(|s| s.starts_with(state)))
        .collect()
}

/// Every lane on the timeline, one per process ever spawned.
fn lane_count(app: &Mounted) -> usize {
    lanes(app, "").len()
}

/// How many of `lanes` are notification children.
fn notifications(lanes: &[String]) -> usize {
    lanes.iter().filter(|row| row.starts_with("notification ") && row.contains(" (task): ")).count()
}

/// Mounts fire and forget at `url` and waits until its switch says it runs.
async fn fire_and_forget_at(url: &str) -> Mounted {
    let app = mount_at(url);
    wait_attribute(&app, SWITCH_FIRE, "aria-checked", "true").await;
    element(&app, LANE_TABLE).expect("the timeline has a lane table").set_attribute("open", "").unwrap();
    app
}

/// Pauses the run (once the bar shows it playing) and waits until every view shows where it stopped.
async fn pause(app: &Mounted) {
    wait_for("the run to play", || has_button(app, PLAYBACK, "Pause")).await;
    press(app, PLAYBACK, "Pause");
    wait_for("the run to pause", || has_button(app, PLAYBACK, "Play")).await;
    // The views redraw from the run once a frame: two frames on, they show the last event it recorded.
    animation_frame().await;
    animation_frame().await;
}

#[wasm_bindgen_test]
async fn shell_has_header_recipe_list_stage_and_playback_bar() {
    let app = mount_at("/");
    wait_for("the home page", || text(&app, "main[aria-label='Visualisation']").contains("Pick a recipe")).await;
    assert_eq!(text(&app, "header[aria-label='Tasklane'] h1"), "Tasklane");
    for recipe in tasklane::recipes::RECIPES {
        let switch = button(&app, RECIPE_LIST, &format!("Run {}", recipe.info.title));
        assert_eq!(switch.get_attribute("aria-checked").as_deref(), Some("false"), "{} is off", recipe.info.slug);
    }
    assert_eq!(count(&app, &format!("{RECIPE_LIST} [role='switch']")), tasklane::recipes::RECIPES.len());
    assert!(is_disabled(&button(&app, PLAYBACK, "Play")), "nothing to play before a recipe is on");
    assert_eq!(text(&app, "output[aria-label='Virtual time']"), "0 ms");
}

#[wasm_bindgen_test]
async fn toggling_a_recipe_on_starts_it_and_off_shuts_it_down() {
    let app = fire_and_forget_at("/fire-and-forget?seed=1").await;
    press(&app, FIRE_CONTROLS, "Fire 10");
    wait_text(&app, RUNNING, "10").await;

    press(&app, RECIPE_LIST, "Run Fire and forget");
    wait_attribute(&app, SWITCH_FIRE, "aria-checked", "false").await;
    wait_text(&app, RUNNING, "0").await;
    let stopped = lanes(&app, "exited :shutdown");
    assert_eq!((stopped.len(), lane_count(&app)), (12, 12), "every process stopped with :shutdown: {stopped:?}");
    assert!(text(&app, EVENT_LOG).contains("exited: :shutdown"));
    assert!(is_disabled(&button(&app, FIRE_CONTROLS, "Fire")), "a switched-off recipe takes no input");
    assert!(is_disabled(&button(&app, PLAYBACK, "Play")), "a switched-off recipe does not play");

    press(&app, RECIPE_LIST, "Run Fire and forget");
    wait_attribute(&app, SWITCH_FIRE, "aria-checked", "true").await;
    wait_eq("a fresh run: the supervisor and the web request, running", (2, 2), || {
        (lane_count(&app), lanes(&app, "running").len())
    })
    .await;
    assert_eq!(text(&app, RUNNING), "0");
    assert!(!text(&app, EVENT_LOG).contains("exited"), "the old run's events are gone");
    assert!(!is_disabled(&button(&app, FIRE_CONTROLS, "Fire")));
}

#[wasm_bindgen_test]
async fn the_timeline_draws_a_lane_per_process_coloured_by_its_exit() {
    let app = fire_and_forget_at("/fire-and-forget?seed=1").await;
    press(&app, FIRE_CONTROLS, "Fire 10");
    wait_text(&app, RUNNING, "10").await;
    assert_eq!(lane_count(&app), 12, "the supervisor, the web request and ten children");
    assert!(text(&app, TIMELINE_SUMMARY).starts_with("12 processes · "), "{}", text(&app, TIMELINE_SUMMARY));
    assert_eq!(notifications(&lanes(&app, "running")), 10, "the ten children run");

    press(&app, FIRE_CONTROLS, "Stop supervisor");
    wait_text(&app, RUNNING, "0").await;
    assert_eq!(lane_count(&app), 12, "exited lanes stay drawn");
    let stopped = lanes(&app, "exited :shutdown");
    assert_eq!(notifications(&stopped), 10, "the children stopped with the supervisor: {stopped:?}");
    assert!(stopped.iter().all(|row| row.contains("exited :shutdown at")), "{stopped:?}");
    assert_eq!(text(&app, TIMELINE_SUMMARY), "12 processes · 11 finished · 1 running", "the web request lives on");
}

#[wasm_bindgen_test]
async fn crash_one_with_no_child_running_shows_a_notice_and_crashes_nothing() {
    let app = fire_and_forget_at("/fire-and-forget?seed=1").await;
    press(&app, FIRE_CONTROLS, "Crash one");
    wait_for("a notice", || text(&app, NOTICES).contains("No child is running: fire one first.")).await;
    assert_eq!(count(&app, &format!("{NOTICES} p")), 1, "{}", text(&app, NOTICES));
    assert_eq!(text(&app, CRASHED), "0");
    assert_eq!(lanes(&app, "exited :smtp_timeout"), Vec::<String>::new());
    press(&app, NOTICES, "Dismiss notice");
    wait_text(&app, NOTICES, "").await;
}

#[wasm_bindgen_test]
async fn pause_then_step_shows_exactly_one_more_event_each_time() {
    let app = mount_at("/fan-out?tasks=5&seed=3");
    let log_lines = format!("{EVENT_LOG} li[data-seq]");
    wait_for("the run to log events", || count(&app, &log_lines) > 0).await;
    pause(&app).await;
    // The log lists the newest event first.
    let shown = || {
        let newest = element(&app, &log_lines).and_then(|li| li.get_attribute("data-seq"));
        (count(&app, &log_lines), newest.and_then(|seq| seq.parse::<u64>().ok()))
    };
    let (lines, newest) = shown();
    let newest = newest.expect("a logged event has a sequence number");
    for n in 1..=3 {
        press(&app, PLAYBACK, "Step to the next event");
        wait_eq(&format!("step {n} to show the next event"), (lines + n, Some(newest + n as u64)), shown).await;
    }
    assert!(has_button(&app, PLAYBACK, "Play"), "stepping leaves the run paused");
}

#[wasm_bindgen_test]
async fn a_share_url_loaded_in_a_fresh_mount_reproduces_the_trace() {
    let (url, hash) = {
        let app = fire_and_forget_at("/fire-and-forget?seed=7").await;
        press(&app, FIRE_CONTROLS, "Fire 10");
        wait_text(&app, RUNNING, "10").await;
        assert_eq!(
            (text(&app, CRASHED), lanes(&app, "exited :smtp_timeout")),
            ("0".to_string(), vec![]),
            "nothing crashed yet"
        );

        press(&app, FIRE_CONTROLS, "Crash one");
        wait_text(&app, CRASHED, "1").await;
        assert_eq!(text(&app, RUNNING), "9");
        let crashed = lanes(&app, "exited :smtp_timeout");
        assert_eq!(notifications(&crashed), 1, "the timeline gains one error lane: {crashed:?}");
        assert!(crashed[0].contains("exited :smtp_timeout at"), "{crashed:?}");
        assert_eq!(text(&app, NOTICES), "", "no notice: there was a child to crash");

        pause(&app).await;
        press(&app, PLAYBACK, "Share this run");
        wait_for_element(&app, "input[aria-label='Share URL']").await;
        (value(&app, "input[aria-label='Share URL']"), text(&app, "output[aria-label='Trace hash']"))
    };
    assert!(url.contains("seed=7") && url.contains("inputs="), "{url}");
    let path = url.splitn(4, '/').nth(3).map(|p| format!("/{p}")).unwrap();

    let again = fire_and_forget_at(&path).await;
    wait_text(&again, CRASHED, "1").await;
    assert!(has_button(&again, PLAYBACK, "Play"), "a shared run opens paused");
    press(&again, PLAYBACK, "Share this run");
    wait_for_element(&again, "input[aria-label='Share URL']").await;
    assert_eq!(text(&again, "output[aria-label='Trace hash']"), hash);
    assert_eq!(value(&again, "input[aria-label='Share URL']"), url);
}

#[wasm_bindgen_test]
async fn a_bad_url_parameter_shows_a_notice_and_the_recipe_still_runs() {
    let app = mount_at("/fan-out?tasks=lots&seed=abc&cursor=%zz");
    wait_attribute(&app, "[role='switch'][aria-label='Run Fan-out / fan-in']", "aria-checked", "true").await;
    wait_eq("a notice for each bad parameter", 3, || count(&app, &format!("{NOTICES} p"))).await;
    let notices = text(&app, NOTICES);
    assert!(notices.contains("Ignored tasks=\"lots\""), "{notices}");
    assert!(notices.contains("Ignored seed=\"abc\""), "{notices}");
    assert!(notices.contains("not valid URL encoding"), "{notices}");
    assert_eq!(text(&app, "output[aria-label='Task count']"), "10", "the default task count");
    assert_eq!(value(&app, "input[aria-label='Seed']"), "42", "the default seed");
    wait_for("ten uploads on the timeline", || text(&app, "dd[aria-label='Finished tasks']").ends_with(" of 10")).await;
}

/// The address bar's path and query string.
fn address() -> String {
    let location = web_sys::window().unwrap().location();
    format!("{}{}", location.pathname().unwrap(), location.search().unwrap())
}

async fn shows_home(app: &Mounted) {
    wait_for("the home page", || text(app, STAGE).contains("Pick a recipe")).await;
}

#[wasm_bindgen_test]
async fn links_open_pages_in_app_and_back_and_forward_follow_the_history() {
    const CRON_LINK: &str = "nav[aria-label='Recipes'] a[href='/cron']";
    const CRON_HEADING: &str = "section[aria-label='Cron'] h2";
    let app = mount_at("/");
    shows_home(&app).await;
    let history = web_sys::window().unwrap().history().unwrap();
    let entries = history.length().unwrap();

    // A plain click opens the page in-app (a page load would end this test run) as one new history entry.
    find(&app, CRON_LINK).click();
    wait_text(&app, CRON_HEADING, "Cron").await;
    let cron = address();
    assert!(cron.starts_with("/cron?seed=42&"), "the address bar carries the run's seed and parameters: {cron}");
    assert_eq!(history.length().unwrap(), entries + 1);
    wait_attribute(&app, CRON_LINK, "aria-current", "page").await;
    wait_attribute(&app, "[role='switch'][aria-label='Run Cron']", "aria-checked", "true").await;

    // Clicking the link of the page on screen adds no entry.
    find(&app, CRON_LINK).click();
    animation_frame().await;
    assert_eq!(history.length().unwrap(), entries + 1);

    history.back().unwrap();
    shows_home(&app).await;
    assert_eq!(address(), "/");
    assert_eq!(count(&app, "[aria-current]"), 0, "no link is the page on screen");

    history.forward().unwrap();
    wait_text(&app, CRON_HEADING, "Cron").await;
    assert_eq!(address(), cron);
    wait_attribute(&app, CRON_LINK, "aria-current", "page").await;

    // The brand goes home in-app too; the run stays switched on.
    find(&app, "header[aria-label='Tasklane'] a[href='/']").click();
    shows_home(&app).await;
    assert_eq!(address(), "/");
    assert_eq!(
        find(&app, "[role='switch'][aria-label='Run Cron']").get_attribute("aria-checked").as_deref(),
        Some("true")
    );
}

#[wasm_bindgen_test]
async fn odd_addresses_show_no_such_recipe_and_url_text_stays_text() {
    for url in ["/no-such-recipe?seed=1", "/fan-out/extra", "/%", "/%E2%9C", "/%3Cimg%20src%3Dx%3E", "/fan%2Dout/%zz"] {
        let app = mount_at(url);
        wait_for(&format!("no such recipe at {url}"), || text(&app, STAGE).contains("No such recipe")).await;
        assert_eq!(count(&app, "[aria-current]"), 0, "{url}");
    }
    // A percent-encoded slug still names its recipe.
    let app = mount_at("/fan%2Dout?seed=1");
    wait_attribute(&app, "[role='switch'][aria-label='Run Fan-out / fan-in']", "aria-checked", "true").await;
    drop(app);

    let app = mount_at("/fan-out?tasks=%3Cb%3Ebold%3C%2Fb%3E&%3Cimg%20src%3Dx%3E=1&seed=%&cursor=%E2%9C");
    wait_attribute(&app, "[role='switch'][aria-label='Run Fan-out / fan-in']", "aria-checked", "true").await;
    wait_for("a notice quoting the bad value", || text(&app, NOTICES).contains("Ignored tasks=\"<b>bold</b>\"")).await;
    assert_eq!(count(&app, "b, img"), 0, "URL text is never markup");
}
