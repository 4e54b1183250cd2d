//! The app shell mounts in a real browser with every region reachable by its accessible name.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use tasklane::ui::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mount_app() -> web_sys::HtmlElement {
    let host: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&host).unwrap();
    leptos::mount::mount_to(host.clone(), App).forget();
    host
}

fn named(host: &web_sys::HtmlElement, selector: &str) -> web_sys::Element {
    host.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no element matches {selector}"))
}

#[wasm_bindgen_test]
fn shell_has_header_recipe_list_stage_and_playback_bar() {
    let host = mount_app();
    assert_eq!(named(&host, "header[aria-label='Tasklane'] h1").text_content().unwrap(), "Tasklane");
    assert!(named(&host, "nav[aria-label='Recipes']").text_content().unwrap().contains("Recipes"));
    named(&host, "main[aria-label='Visualisation']");
    let bar = named(&host, "[role='toolbar'][aria-label='Playback']");
    assert!(bar.query_selector("button[aria-label='Play']").unwrap().is_some());
    assert_eq!(named(&host, "output[aria-label='Virtual time']").text_content().unwrap(), "0 ms");
}
