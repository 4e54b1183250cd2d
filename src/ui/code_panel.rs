//! The code panel: the Elixir idiom beside the Rust that runs, the current step's lines highlighted.

use leptos::prelude::*;

use crate::model::code::{Line, annotate};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Elixir,
    Rust,
}

#[component]
/// `step` is the marker of the lines to highlight: what the learner should look at now.
pub fn CodePanel(elixir: &'static str, rust: &'static str, step: Signal<Option<&'static str>>) -> impl IntoView {
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
        view! {
            <pre class="code" aria-label=label tabindex="0">
                <code>
                    {lines
                        .into_iter()
                        .map(|line| {
                            let key = line.step.clone();
                            let current = move || key.is_some() && key.as_deref() == step.get();
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
