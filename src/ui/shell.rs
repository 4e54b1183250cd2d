//! The page layout every recipe lives in, and its routes (one per recipe).

use leptos::prelude::*;

use super::Page;
use super::notices::Notices;
use super::playback::PlaybackBar;
use super::recipe_list::RecipeList;
use super::recipe_page::RecipePage;
use super::router::{Link, Router, use_router};
use super::session::{Session, use_session};
use crate::model::route::Route;

/// The whole application: header, recipe list, the routed stage, and the playback bar.
/// `pages` are the recipes it offers (the registry's list); one route pattern serves them all.
#[component]
pub fn App(pages: &'static [Page]) -> impl IntoView {
    let session = Session::new(pages);
    provide_context(session);
    provide_context(Router::new());
    on_cleanup(move || session.switch_off_all());
    view! {
        <div class="shell">
            <Header />
            <RecipeList />
            // Next in the tab order after the recipe list; drawn at the bottom, always on screen.
            <PlaybackBar />
            <main class="stage" aria-label="Visualisation">
                <Notices />
                <Stage />
            </main>
        </div>
    }
}

#[component]
fn Header() -> impl IntoView {
    view! {
        <header class="shell-header" aria-label="Tasklane">
            <h1 class="brand">
                <Link href="/">"Tasklane"</Link>
            </h1>
            <p class="tagline">"Elixir/OTP concurrency recipes, running live on virtual time."</p>
        </header>
    }
}

#[component]
fn Home() -> impl IntoView {
    use_session().selected.set(None);
    view! {
        <div class="empty-state">
            <h2>"Pick a recipe"</h2>
            <p>"Turn a recipe on in the list to start it: its processes will appear here, one lane each."</p>
            <p>"Space plays and pauses; the right arrow steps one event at a time."</p>
        </div>
    }
}

/// The page the address names: `/` the home page, `/:slug` the recipe's page, anything else (or a
/// slug that names no recipe) "no such recipe".
#[component]
fn Stage() -> impl IntoView {
    let session = use_session();
    let router = use_router();
    move || match router.route.get() {
        Route::Home => view! { <Home /> }.into_any(),
        Route::Recipe(slug) => match session.pages.iter().find(|p| p.recipe.info.slug == slug) {
            Some(page) => view! { <RecipePage page=page /> }.into_any(),
            None => view! { <NotFound /> }.into_any(),
        },
        Route::NotFound => view! { <NotFound /> }.into_any(),
    }
}

#[component]
fn NotFound() -> impl IntoView {
    use_session().selected.set(None);
    view! {
        <div class="empty-state">
            <h2>"No such recipe"</h2>
            <p>"That address names no recipe. Pick one from the list."</p>
        </div>
    }
}
