//! The app's own router: the address bar as a signal, links that open pages in-app, Back and Forward.

use leptos::ev;
use leptos::prelude::*;

use crate::model::route::Route;
use crate::web::page;

/// Where the app is, kept in step with the address bar: our own navigations push a history entry,
/// and Back and Forward (`popstate`) read the address again. Copy: it is a bundle of signals.
#[derive(Clone, Copy)]
pub struct Router {
    /// The address bar's path and query string, percent-encoded as the browser has them.
    address: RwSignal<(String, String)>,
    /// The page the path names; it changes only when the path names another page.
    pub route: Memo<Route>,
}

impl Router {
    /// Reads the address bar, and follows Back and Forward until the owner is cleaned up.
    pub fn new() -> Self {
        let address = RwSignal::new(page::address());
        let route = Memo::new(move |_| address.with(|(path, _)| Route::parse(path)));
        let history = window_event_listener(ev::popstate, move |_| address.set(page::address()));
        on_cleanup(move || history.remove());
        Router { address, route }
    }

    /// The query string (with its `?`, or empty), untracked: a page reads it once, when it opens.
    pub fn search_untracked(&self) -> String {
        self.address.with_untracked(|(_, search)| search.clone())
    }

    /// Whether the page on screen is recipe `slug`'s (tracked).
    pub fn shows(&self, slug: &str) -> bool {
        self.route.with(|route| matches!(route, Route::Recipe(s) if s == slug))
    }

    /// Opens `href` (a path and query string on this site) in-app, from the top of the page: a new
    /// history entry, unless it is the address already.
    pub fn navigate(&self, href: &str) {
        if self.address.with_untracked(|(path, search)| href != format!("{path}{search}")) {
            page::push_url(href);
        }
        self.address.set(page::address());
        page::scroll_to_top();
    }
}

/// The router from context (provided by the app shell).
pub fn use_router() -> Router {
    use_context::<Router>().expect("the app shell provides the router")
}

/// A link to a page of the app: a real `<a href>`, so middle-click, a modified click and "copy link"
/// do what they do anywhere, while a plain left click opens the page in-app. `current` marks it as
/// the page on screen (`aria-current="page"`).
#[component]
pub fn Link(
    #[prop(into)] href: String,
    #[prop(optional, into)] current: Signal<bool>,
    children: Children,
) -> impl IntoView {
    let router = use_router();
    let to = href.clone();
    let follow = move |ev: ev::MouseEvent| {
        let modified = ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key();
        if ev.button() == 0 && !modified && !ev.default_prevented() {
            ev.prevent_default();
            router.navigate(&to);
        }
    };
    view! {
        <a href=href aria-current=move || current.get().then_some("page") on:click=follow>
            {children()}
        </a>
    }
}
