//! The page layout every recipe lives in, and its routes (one per recipe).

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_params_map;
use leptos_router::path;

use super::Page;
use super::notices::Notices;
use super::playback::PlaybackBar;
use super::recipe_list::RecipeList;
use super::recipe_page::RecipePage;
use super::session::{Session, use_session};

/// The whole application: header, recipe list, the routed stage, and the playback bar.
/// `pages` are the recipes it offers (the registry's list); one route pattern serves them all.
#[component]
pub fn App(pages: &'static [Page]) -> impl IntoView {
    let session = Session::new(pages);
    provide_context(session);
    on_cleanup(move || session.switch_off());
    view! {
        <Router>
            <div class="shell">
                <Header />
                <RecipeList />
                <main class="stage" aria-label="Visualisation">
                    <Notices />
                    <Routes fallback=|| view! { <NotFound /> }>
                        <Route path=path!("/") view=Home />
                        <Route path=path!("/:slug") view=RecipeRoute />
                    </Routes>
                </main>
                <PlaybackBar />
            </div>
        </Router>
    }
}

#[component]
fn Header() -> impl IntoView {
    view! {
        <header class="shell-header" aria-label="Tasklane">
            <h1 class="brand">
                <a href="/">"Tasklane"</a>
            </h1>
            <p class="tagline">"Elixir/OTP concurrency recipes, running live on virtual time."</p>
        </header>
    }
}

#[component]
fn Home() -> impl IntoView {
    view! {
        <div class="empty-state">
            <h2>"Pick a recipe"</h2>
            <p>"Turn a recipe on in the list to start it: its processes will appear here, one lane each."</p>
            <p>"Space plays and pauses; the right arrow steps one event at a time."</p>
        </div>
    }
}

/// `/:slug`: the recipe's page, or "no such recipe".
#[component]
fn RecipeRoute() -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    move || {
        let slug = slug.get();
        match session.pages.iter().find(|p| p.recipe.info.slug == slug) {
            Some(page) => view! { <RecipePage page=page /> }.into_any(),
            None => view! { <NotFound /> }.into_any(),
        }
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <div class="empty-state">
            <h2>"No such recipe"</h2>
            <p>"That address names no recipe. Pick one from the list."</p>
        </div>
    }
}
