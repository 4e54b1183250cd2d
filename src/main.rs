//! Tasklane's entry point: install the panic hook and mount the app shell.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(|| leptos::view! { <tasklane::ui::App pages=tasklane::recipes::PAGES /> });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("Tasklane runs in the browser: start it with ./scripts/serve");
    std::process::exit(2);
}
