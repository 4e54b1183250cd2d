//! The page layout every recipe lives in; each region carries an accessible name tests can find.

use leptos::prelude::*;

/// The whole application: header, recipe list, stage, and the playback bar.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <div class="shell">
            <Header />
            <RecipeList />
            <Stage />
            <PlaybackBar />
        </div>
    }
}

#[component]
fn Header() -> impl IntoView {
    view! {
        <header class="shell-header" aria-label="Tasklane">
            <h1 class="brand">"Tasklane"</h1>
            <p class="tagline">"Elixir/OTP concurrency recipes, running live on virtual time."</p>
        </header>
    }
}

#[component]
fn RecipeList() -> impl IntoView {
    view! {
        <nav class="recipe-list" aria-label="Recipes">
            <h2>"Recipes"</h2>
            <p class="empty">"No recipes are installed in this build yet."</p>
        </nav>
    }
}

#[component]
fn Stage() -> impl IntoView {
    view! {
        <main class="stage" aria-label="Visualisation">
            <p class="empty">"Turn a recipe on in the list to start it: its processes will appear here."</p>
        </main>
    }
}

#[component]
fn PlaybackBar() -> impl IntoView {
    view! {
        <section class="playback" role="toolbar" aria-label="Playback">
            <button type="button" aria-label="Play" disabled=true>"▶"</button>
            <button type="button" aria-label="Step to the next event" disabled=true>"⏭"</button>
            <output class="clock" aria-label="Virtual time">"0 ms"</output>
            <span class="hint">"Playback controls wake up when a recipe runs."</span>
        </section>
    }
}
