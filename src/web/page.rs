//! The page's own services: its URL and history, the clipboard, a random seed, and numbers as text.

use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = String)]
    fn js_string(x: f64) -> String;
}

/// `x` as JavaScript's `String(x)` prints it: the shortest digits that read back as `x`, which is what
/// Rust's `{x}` prints for the page's sizes and coordinates (JavaScript differs only from 1e21 up, which
/// it writes with an exponent, and on `-0`, which it writes `0`). Rust's own would link core's float
/// formatting (Grisu and Dragon) into the bundle.
pub fn number(x: f64) -> String {
    js_string(x)
}

/// `location.origin` (e.g. `http://127.0.0.1:8080`), or empty outside a window.
pub fn origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

/// The address bar's path and query string (`location.pathname`, `location.search` with its `?`),
/// as the browser has them (percent-encoded); `/` and no query outside a window.
pub fn address() -> (String, String) {
    let location = web_sys::window().map(|w| w.location());
    let path = location.as_ref().and_then(|l| l.pathname().ok()).unwrap_or_else(|| "/".to_string());
    let search = location.and_then(|l| l.search().ok()).unwrap_or_default();
    (path, search)
}

/// Adds `url` (same origin) to the session history and shows it in the address bar without loading
/// it; the browser fires `popstate` when Back or Forward returns to it.
pub fn push_url(url: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(url));
    }
}

/// Scrolls the page to its top, where a newly opened page starts.
pub fn scroll_to_top() {
    if let Some(window) = web_sys::window() {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// Copies `text` to the clipboard; `done` hears whether the browser let it (it may refuse, e.g.
/// without permission or focus).
pub fn copy_to_clipboard(text: &str, done: impl FnOnce(bool) + 'static) {
    let Some(window) = web_sys::window() else { return done(false) };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::spawn_local(async move { done(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()) });
}

/// A fresh seed for "new seed" (the run itself never reads this generator).
pub fn random_seed() -> u64 {
    (js_sys::Math::random() * 1e9) as u64
}

/// Replaces the address bar's URL without navigating (the tests mount the app at a chosen URL).
pub fn replace_url(url: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(url));
    }
}

/// The browser's time zone now, in minutes east of UTC.
pub fn local_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}
