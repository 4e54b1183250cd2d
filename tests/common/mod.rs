//! Helpers for the browser tests: mount the app at a URL, find elements, let effects settle.

use gloo_timers::future::TimeoutFuture;
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

/// Lets reactive effects and the driver run for `ms` of wall time.
pub async fn settle(ms: u32) {
    TimeoutFuture::new(ms).await;
}

/// Waits (up to 5 s of wall time) until `ready` holds; panics naming `what` if it never does.
pub async fn wait_for(what: &str, ready: impl Fn() -> bool) {
    for _ in 0..500 {
        if ready() {
            return;
        }
        TimeoutFuture::new(10).await;
    }
    panic!("timed out waiting for {what}");
}

pub fn find(m: &Mounted, selector: &str) -> web_sys::HtmlElement {
    m.host.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no element matches {selector}")).unchecked_into()
}

pub fn text(m: &Mounted, selector: &str) -> String {
    find(m, selector).text_content().unwrap_or_default()
}

pub fn count(m: &Mounted, selector: &str) -> u32 {
    m.host.query_selector_all(selector).unwrap().length()
}

pub fn value(m: &Mounted, selector: &str) -> String {
    find(m, selector).unchecked_into::<web_sys::HtmlInputElement>().value()
}
