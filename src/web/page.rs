//! The page's own services: its URL, the clipboard, and a random seed.

use wasm_bindgen::JsValue;

/// `location.origin` (e.g. `http://127.0.0.1:8080`), or empty outside a window.
pub fn origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

/// Copies `text` to the clipboard, best effort (headless browsers may refuse; the URL stays on screen).
pub fn copy_to_clipboard(text: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().clipboard().write_text(text);
    }
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
