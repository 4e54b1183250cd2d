//! Helpers for the browser tests: mount the app at a URL, find elements the way a user names them
//! (a region's role and label, a control's accessible name), and wait for conditions, never for a
//! fixed time.

use std::fmt::Debug;

use leptos::prelude::*;
use tasklane::recipes::PAGES;
use tasklane::ui::App;
use tasklane::web::page;
use wasm_bindgen::JsCast;

/// The app mounted in its own element at `url`; unmounted when dropped.
pub struct Mounted {
    pub host: web_sys::HtmlElement,
    _handle: leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.host.remove();
    }
}

pub fn mount_at(url: &str) -> Mounted {
    page::replace_url(url);
    let host: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone(), || view! { <App pages=PAGES /> }.into_any());
    Mounted { host, _handle: handle }
}

/// How long a condition may take to hold, in wall milliseconds (generous: CI machines are busy).
const PATIENCE_MS: f64 = 10_000.0;

/// Waits until `ready` holds, checking every 10 ms; panics naming `what` if it does not within
/// [`PATIENCE_MS`].
pub async fn wait_for(what: &str, ready: impl Fn() -> bool) {
    let deadline = js_sys::Date::now() + PATIENCE_MS;
    while !ready() {
        assert!(js_sys::Date::now() < deadline, "timed out waiting for {what}");
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
}

/// Waits until `actual()` equals `expected`; on timeout, says what it last was.
pub async fn wait_eq<T: PartialEq + Debug>(what: &str, expected: T, actual: impl Fn() -> T) {
    let deadline = js_sys::Date::now() + PATIENCE_MS;
    loop {
        let now = actual();
        if now == expected {
            return;
        }
        assert!(js_sys::Date::now() < deadline, "timed out waiting for {what}: expected {expected:?}, still {now:?}");
        gloo_timers::future::TimeoutFuture::new(10).await;
    }
}

/// Waits until `selector`'s text is `expected`.
pub async fn wait_text(m: &Mounted, selector: &str, expected: &str) {
    wait_eq(&format!("the text of {selector}"), expected.to_string(), || {
        element(m, selector).and_then(|el| el.text_content()).unwrap_or_default()
    })
    .await;
}

/// Waits until `selector`'s attribute `name` is `expected`.
pub async fn wait_attribute(m: &Mounted, selector: &str, name: &str, expected: &str) {
    wait_eq(&format!("{name} of {selector}"), Some(expected.to_string()), || {
        element(m, selector).and_then(|el| el.get_attribute(name))
    })
    .await;
}

/// Waits until an element matches `selector`, and returns it.
pub async fn wait_for_element(m: &Mounted, selector: &str) -> web_sys::HtmlElement {
    wait_for(&format!("an element matching {selector}"), || element(m, selector).is_some()).await;
    find(m, selector)
}

/// Resolves at the browser's next animation frame: the app redraws from the run once a frame, so
/// two frames after the run stops moving, every view shows where it stopped.
pub async fn animation_frame() {
    let frame = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().request_animation_frame(&resolve).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(frame).await.unwrap();
}

pub fn element(m: &Mounted, selector: &str) -> Option<web_sys::HtmlElement> {
    m.host.query_selector(selector).unwrap().map(JsCast::unchecked_into)
}

pub fn find(m: &Mounted, selector: &str) -> web_sys::HtmlElement {
    element(m, selector).unwrap_or_else(|| panic!("no element matches {selector}"))
}

pub fn all(m: &Mounted, selector: &str) -> Vec<web_sys::Element> {
    let nodes = m.host.query_selector_all(selector).unwrap();
    (0..nodes.length()).filter_map(|i| nodes.item(i)).map(JsCast::unchecked_into).collect()
}

pub fn text(m: &Mounted, selector: &str) -> String {
    find(m, selector).text_content().unwrap_or_default()
}

pub fn count(m: &Mounted, selector: &str) -> usize {
    all(m, selector).len()
}

pub fn value(m: &Mounted, selector: &str) -> String {
    find(m, selector).unchecked_into::<web_sys::HtmlInputElement>().value()
}

/// An element's accessible name as a screen reader reads a control: its `aria-label`, else its
/// text with white space collapsed.
pub fn accessible_name(el: &web_sys::Element) -> String {
    el.get_attribute("aria-label")
        .unwrap_or_else(|| el.text_content().unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The buttons (and switches) inside the region `region`, a selector naming it by role and label
/// such as `[role='toolbar'][aria-label='Playback']`, each with its accessible name.
fn buttons_in(m: &Mounted, region: &str) -> Vec<(String, web_sys::Element)> {
    all(m, &format!("{region} :is(button, [role='button'], [role='switch'])"))
        .into_iter()
        .map(|el| (accessible_name(&el), el))
        .collect()
}

/// The button (or switch) named `name` inside `region`.
pub fn button(m: &Mounted, region: &str, name: &str) -> web_sys::HtmlElement {
    let buttons = buttons_in(m, region);
    match buttons.iter().find(|(n, _)| n == name) {
        Some((_, el)) => el.clone().unchecked_into(),
        None => {
            let names: Vec<&String> = buttons.iter().map(|(n, _)| n).collect();
            panic!("no button named {name:?} in {region}; its buttons are {names:?}")
        }
    }
}

/// Whether `region` has a button named `name` (the playback bar's Play becomes Pause while playing).
pub fn has_button(m: &Mounted, region: &str, name: &str) -> bool {
    buttons_in(m, region).iter().any(|(n, _)| n == name)
}

pub fn is_disabled(el: &web_sys::Element) -> bool {
    el.has_attribute("disabled")
}

/// Clicks the button named `name` in `region`, which must be enabled (a disabled button would
/// ignore the click, and the test would fail later for the wrong reason).
pub fn press(m: &Mounted, region: &str, name: &str) {
    let button = button(m, region, name);
    assert!(!is_disabled(&button), "the button {name:?} in {region} is disabled");
    button.click();
}
