//! The layout of a recipe's page: title and idiom, its panel, its timeline, its code and log.
//! Opening the page starts the recipe (beside what runs, or replaying the run a share link describes).

use leptos::prelude::*;

use super::Page;
use super::code_panel::CodePanel;
use super::event_log::EventLog;
use super::router::use_router;
use super::session::use_session;
use crate::model::code::CodeStep;
use crate::model::share::Share;
use crate::viz::timeline::Timeline;

#[component]
pub fn RecipePage(page: &'static Page) -> impl IntoView {
    let session = use_session();
    let router = use_router();
    let (info, recipe) = (page.recipe.info, page.recipe);
    let (share, notices) = Share::parse(&router.search_untracked());
    session.open(info.slug, share);
    notices.into_iter().for_each(|n| session.notice(n));
    let lanes = Signal::derive_local(move || session.lanes());
    let step = Memo::new(move |_| {
        session.app_fold("step", (), |_, _| CodeStep::new(recipe.step_of)).and_then(|step| step.view().current())
    });
    let params = Memo::new(move |_| session.params());
    view! {
        <div class="recipe-page">
            <section class="recipe" aria-label=info.title>
                <header class="recipe-header">
                    <h2>{info.title}</h2>
                    <code class="idiom">{info.idiom}</code>
                    <p class="summary">{info.summary}</p>
                </header>
                {(page.panel)()}
                <Timeline lanes=lanes />
            </section>
            <aside class="side">
                <CodePanel elixir=recipe.elixir rust=recipe.rust step=step.into() params=params.into() />
                <EventLog />
            </aside>
        </div>
    }
}
