//! The recipe list: a switch per recipe (on starts it, off shuts it down) and a link to its page.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};

use super::session::use_session;

#[component]
pub fn RecipeList() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let navigate = use_navigate();
    let items = session
        .pages
        .iter()
        .map(|page| {
            let info = page.recipe.info;
            let slug = info.slug;
            let href = format!("/{slug}");
            let navigate = navigate.clone();
            let is_on = move || session.on.get() == Some(slug);
            let toggle = move |_| {
                if is_on() {
                    session.switch_off();
                } else if location.pathname.get_untracked() == format!("/{slug}") {
                    session.start(slug, None);
                } else {
                    navigate(&format!("/{slug}"), NavigateOptions::default());
                }
            };
            let current = move || location.pathname.get() == format!("/{slug}");
            view! {
                <li class="recipe-item" class:current=current>
                    <button
                        type="button"
                        role="switch"
                        class="switch"
                        aria-checked=move || if is_on() { "true" } else { "false" }
                        aria-label=format!("Run {}", info.title)
                        on:click=toggle
                    >
                        <span class="knob"></span>
                    </button>
                    <a href=href aria-current=move || if current() { Some("page") } else { None }>
                        <span class="recipe-title">{info.title}</span>
                        <code class="recipe-idiom">{info.idiom}</code>
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="recipe-list" aria-label="Recipes">
            <h2>"Recipes"</h2>
            <ul>{items}</ul>
        </nav>
    }
}
