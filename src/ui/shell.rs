//! The page layout every recipe lives in, and its routes (one per recipe).

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use super::notices::Notices;
use super::playback::PlaybackBar;
use super::recipe_list::RecipeList;
use super::session::Session;
use crate::recipes::{cron, fan_out, fire_and_forget, periodic};

/// The whole application: header, recipe list, the routed stage, and the playback bar.
#[component]
pub fn App() -> impl IntoView {
    let session = Session::new();
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
                        <Route path=path!("/fire-and-forget") view=fire_and_forget::panel::Panel />
                        <Route path=path!("/fan-out") view=fan_out::panel::Panel />
                        <Route path=path!("/periodic") view=periodic::panel::Panel />
                        <Route path=path!("/cron") view=cron::panel::Panel />
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

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <div class="empty-state">
            <h2>"No such recipe"</h2>
            <p>"That address names no recipe. Pick one from the list."</p>
        </div>
    }
}
