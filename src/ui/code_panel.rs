//! The code panel: the Elixir idiom beside the Rust that runs, the current step's lines highlighted.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::model::code::{Line, annotate};
use crate::model::recipe::{ParamMap, Recipe};
use crate::web::fetch;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Elixir,
    Rust,
}

/// A source as the panel has it: on its way, its lines, or why it could not be loaded.
#[derive(Clone)]
enum Source {
    Loading,
    Lines(Vec<Line>),
    Failed(String),
}

/// The source at `path` (under `src/recipes/`): its lines at once if fetched before, else loading until it comes.
fn load(path: &'static str) -> RwSignal<Source> {
    let url = Recipe::source_url(path);
    if let Some(text) = fetch::cached(&url) {
        return RwSignal::new(Source::Lines(annotate(&text)));
    }
    let source = RwSignal::new(Source::Loading);
    leptos::task::spawn_local(async move {
        let loaded = match fetch::text(&url).await {
            Ok(text) => Source::Lines(annotate(&text)),
            Err(why) => Source::Failed(format!("Could not load {path}: {why}")),
        };
        // The page may have closed meanwhile: then nothing shows it.
        let _ = source.try_set(loaded);
    });
    source
}

#[component]
/// `elixir` and `rust` are the sources' paths under `src/recipes/`; `step` is the marker of the lines
/// to highlight: what the learner should look at now; `params` are the run's, so a line of one mode
/// only (`#@step?mode=nolink`) is lit only when that mode runs.
pub fn CodePanel(
    elixir: &'static str,
    rust: &'static str,
    step: Signal<Option<&'static str>>,
    params: Signal<ParamMap>,
) -> impl IntoView {
    let tab = RwSignal::new(Tab::Elixir);
    let (elixir, rust) = (load(elixir), load(rust));
    let (elixir_tab, rust_tab) = (NodeRef::<leptos::html::Button>::new(), NodeRef::<leptos::html::Button>::new());
    // The tabs pattern: arrow keys, Home and End move the selection, and the focus with it.
    let arrows = move |ev: leptos::ev::KeyboardEvent| {
        let next = match ev.key().as_str() {
            "ArrowLeft" | "ArrowRight" => match tab.get_untracked() {
                Tab::Elixir => Tab::Rust,
                Tab::Rust => Tab::Elixir,
            },
            "Home" => Tab::Elixir,
            "End" => Tab::Rust,
            _ => return,
        };
        ev.prevent_default();
        tab.set(next);
        let button = if next == Tab::Elixir { elixir_tab } else { rust_tab };
        if let Some(button) = button.get_untracked() {
            let _ = button.focus();
        }
    };
    let tab_button = move |which: Tab, label: &'static str, id: &'static str, node: NodeRef<leptos::html::Button>| {
        view! {
            <button
                type="button"
                role="tab"
                id=id
                node_ref=node
                aria-controls=format!("{id}-panel")
                aria-selected=move || if tab.get() == which { "true" } else { "false" }
                tabindex=move || if tab.get() == which { "0" } else { "-1" }
                on:click=move |_| tab.set(which)
                on:keydown=arrows
            >
                {label}
            </button>
        }
    };
    let render = move |source: RwSignal<Source>, label: &'static str| {
        let pre = NodeRef::<leptos::html::Pre>::new();
        // The first lit line scrolls into the box when the step or the source changes (the box only: not the page).
        Effect::new(move |_| {
            step.track();
            params.track();
            source.track();
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
                    {move || match source.get() {
                        Source::Loading => view! { <span class="note">"Loading source…"</span> }.into_any(),
                        Source::Failed(why) => view! { <span class="note">{why}</span> }.into_any(),
                        Source::Lines(lines) => lines
                            .into_iter()
                            .map(|line| {
                                let lit = line.clone();
                                let current = move || params.with(|p| lit.lit(step.get(), p));
                                view! { <span class="line" class:current=current>{line.text}"\n"</span> }
                            })
                            .collect_view()
                            .into_any(),
                    }}
                </code>
            </pre>
        }
    };
    let elixir_view = render(elixir, "Elixir source");
    let rust_view = render(rust, "Rust source");
    view! {
        <section class="code-panel" aria-label="Code">
            <div role="tablist" aria-label="Language">
                {tab_button(Tab::Elixir, "Elixir", "code-elixir", elixir_tab)}
                {tab_button(Tab::Rust, "Rust (runs)", "code-rust", rust_tab)}
            </div>
            <div class="code-body" role="tabpanel" id="code-elixir-panel" aria-labelledby="code-elixir" class:hidden=move || tab.get() != Tab::Elixir>
                {elixir_view}
            </div>
            <div class="code-body" role="tabpanel" id="code-rust-panel" aria-labelledby="code-rust" class:hidden=move || tab.get() != Tab::Rust>
                {rust_view}
            </div>
        </section>
    }
}
