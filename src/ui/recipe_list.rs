//! The recipe list: a switch per recipe (on starts it beside what runs, off shuts only it down) and a
//! link to its page.

use leptos::prelude::*;

use super::router::{Link, use_router};
use super::session::use_session;

#[component]
pub fn RecipeList() -> impl IntoView {
    let session = use_session();
    let router = use_router();
    let items = session
        .pages
        .iter()
        .map(|page| {
            let info = page.recipe.info;
            let slug = info.slug;
            let href = format!("/{slug}");
            let is_on = move || session.on.with(|on| on.contains(&slug));
            let toggle = {
                let href = href.clone();
                move |_| {
                    if is_on() {
                        session.switch_off(slug);
                    } else if untrack(|| router.shows(slug)) {
                        session.switch_on(slug);
                    } else {
                        router.navigate(&href);
                    }
                }
            };
            let current = move || router.shows(slug);
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
                    <Link href=href current=current>
                        <span class="recipe-title">{info.title}</span>
                        <code class="recipe-idiom">{info.idiom}</code>
                    </Link>
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
