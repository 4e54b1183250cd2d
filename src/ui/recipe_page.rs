//! The layout of a recipe's page: title and idiom, its controls, its timeline, its code and log.
//! Opening the page starts the recipe, from the URL's parameters when a share link brought us here.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::code_panel::CodePanel;
use super::event_log::EventLog;
use super::session::use_session;
use crate::recipes::RecipeInfo;
use crate::model::share::Share;
use crate::viz::timeline::Timeline;

#[component]
pub fn RecipePage(info: RecipeInfo, elixir: &'static str, rust: &'static str, children: Children) -> impl IntoView {
    let session = use_session();
    let location = use_location();
    if session.on.get_untracked() != Some(info.slug) {
        let (share, notices) = Share::parse(&location.search.get_untracked());
        notices.into_iter().for_each(|n| session.notice(n));
        session.start(info.slug, Some(share));
    }
    view! {
        <div class="recipe-page">
            <section class="recipe" aria-label=info.title>
                <header class="recipe-header">
                    <h2>{info.title}</h2>
                    <code class="idiom">{info.idiom}</code>
                    <p class="summary">{info.summary}</p>
                </header>
                {children()}
                <Timeline />
            </section>
            <aside class="side">
                <CodePanel elixir=elixir rust=rust />
                <EventLog />
            </aside>
        </div>
    }
}
