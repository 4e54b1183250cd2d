//! The code panel: the Elixir idiom beside the Rust that runs, the current step's lines highlighted.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::model::code::{Line, annotate};
use crate::model::recipe::ParamMap;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Elixir,
    Rust,
}

#[component]
/// `step` is the marker of the lines to highlight: what the learner should look at now; `params`
/// are the run's, so a line of one mode only (`#@step?mode=nolink`) is lit only when that mode runs.
pub fn CodePanel(
    elixir: &'static str,
    rust: &'static str,
    step: Signal<Option<&'static str>>,
    params: Signal<ParamMap>,
) -> impl IntoView {
    let tab = RwSignal::new(Tab::Elixir);
    let (elixir, rust) = (annotate(elixir), annotate(rust));
    let tab_button = move |which: Tab, label: &'static str| {
        view! {
            <button
                type="button"
                role="tab"
                aria-selected=move || if tab.get() == which { "true" } else { "false" }
                on:click=move |_| tab.set(which)
            >
                {label}
            </button>
        }
    };
    let render = move |lines: &[Line], label: &'static str| {
        let lines: Vec<Line> = lines.to_vec();
        let pre = NodeRef::<leptos::html::Pre>::new();
        // The first lit line scrolls into the box when the step changes (the box only: not the page).
        Effect::new(move |_| {
            step.track();
            params.track();
            let Some(pre) = pre.get() else { return };
            let Ok(Some(line)) = pre.query_selector(".line.current") else { return };
            let line: web_sys::HtmlElement = line.unchecked_into();
            let (top, height) = (f64::from(line.offset_top()), f64::from(line.offset_height()));
            let (scroll, view) = (f64::from(pre.scroll_top()), f64::from(pre.client_height()));
            if top < scroll || top + height > scroll + view {
                pre.set_scroll_top((top - view / 3.0).max(0.0) as i32);
            }
        });
        view! {
            <pre class="code" aria-label=label tabindex="0" node_ref=pre>
                <code>
                    {lines
                        .into_iter()
                        .map(|line| {
                            let lit = line.clone();
                            let current = move || params.with(|p| lit.lit(step.get(), p));
                            view! { <span class="line" class:current=current>{line.text}"\n"</span> }
                        })
                        .collect_view()}
                </code>
            </pre>
        }
    };
    let elixir_view = render(&elixir, "Elixir source");
    let rust_view = render(&rust, "Rust source");
    view! {
        <section class="code-panel" aria-label="Code">
            <div role="tablist" aria-label="Language">
                {tab_button(Tab::Elixir, "Elixir")}
                {tab_button(Tab::Rust, "Rust (runs)")}
            </div>
            <div class="code-body" class:hidden=move || tab.get() != Tab::Elixir>{elixir_view}</div>
            <div class="code-body" class:hidden=move || tab.get() != Tab::Rust>{rust_view}</div>
        </section>
    }
}
