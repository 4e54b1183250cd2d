//! Text files from the app's own server (the recipes' sources): the browser's `fetch`, and a cache that keeps each text for the page's life.

use std::cell::RefCell;
use std::collections::BTreeMap;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

thread_local! {
    /// Every text fetched so far, by URL.
    static TEXTS: RefCell<BTreeMap<String, String>> = RefCell::default();
}

/// The text at `url`, if [`text`] has fetched it before.
pub fn cached(url: &str) -> Option<String> {
    TEXTS.with_borrow(|texts| texts.get(url).cloned())
}

/// The text at `url`, from the cache or fetched (and then kept); `Err` says why not: the HTTP status
/// (`404 Not Found`) or the browser's error.
pub async fn text(url: &str) -> Result<String, String> {
    if let Some(text) = cached(url) {
        return Ok(text);
    }
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response =
        JsFuture::from(window.fetch_with_str(url)).await.map_err(describe)?.unchecked_into();
    if !response.ok() {
        return Err(format!("{} {}", response.status(), response.status_text()).trim_end().to_string());
    }
    // A server with a single-page-app fallback (trunk serve) answers a missing file with the app's page.
    let kind = response.headers().get("content-type").ok().flatten().unwrap_or_default();
    if kind.starts_with("text/html") {
        return Err("not found (the server sent a web page instead)".to_string());
    }
    let body = JsFuture::from(response.text().map_err(describe)?).await.map_err(describe)?;
    let text = body.as_string().ok_or("the body is not text")?;
    TEXTS.with_borrow_mut(|texts| texts.insert(url.to_string(), text.clone()));
    Ok(text)
}

/// A failed promise's reason as a sentence: an `Error`'s message, or the value as the console shows it.
fn describe(error: JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(error) => error.message().into(),
        None => error.as_string().unwrap_or_else(|| format!("{error:?}")),
    }
}
