//! Websocket ticker (WebSockex `handle_frame/2`, heartbeats, subscribe): a client of Kraken's v1
//! feed under a supervisor, reconnecting with backoff and resubscribing, against a simulated
//! exchange in the page, the local feed (`tasklane-feed`) or any `ws://` / `wss://` URL.

pub mod client;
pub mod exchange;
pub mod feed;
mod json;
pub mod kraken;
pub mod params;
pub mod scenario;

#[cfg(target_arch = "wasm32")]
pub mod panel;

use crate::model::recipe::{ParamMap, Recipe, RecipeInfo, Started};
use crate::runtime::prelude::*;
use crate::runtime::websockex::{Connected, Disconnected};
use client::{BackingOff, HeartbeatLost, Received, Requested};

pub const RECIPE: Recipe = Recipe {
    info: RecipeInfo {
        slug: "ticker",
        title: "Websocket ticker",
        idiom: "WebSockex handle_frame/2, heartbeats, subscribe",
        summary: "A WebSockex client subscribes to an exchange's ticker, spread and book-10 channels. Watch \
                  frames arrive, drop the connection, see the backoff grow and the subscriptions come back \
                  exactly once; malformed frames are counted and skipped.",
    },
    start,
    step_of,
    elixir: "ticker/ticker.ex",
    rust: "ticker/client.rs",
    #[cfg(test)]
    tour: &[crate::model::recipe::Tour {
        params: "heartbeat=1000",
        actions: &["subscribe SOL/USD ticker", "unsubscribe SOL/USD ticker", "stall on", "drop", "stall off", "drop"],
    }],
};

fn start(rt: &Runtime, map: &ParamMap) -> Started {
    let (params, notices) = params::Params::from_map(map);
    Started::new(scenario::Ticker::start(rt, params), notices)
}

/// The client's callbacks, by the events they record.
fn step_of(e: &Event) -> Option<&'static str> {
    let EventKind::Custom(c) = &e.kind else { return None };
    if c.get::<Received>().is_some() {
        Some("handle_frame")
    } else if c.get::<Connected>().is_some() {
        Some("handle_connect")
    } else if c.get::<BackingOff>().is_some() || c.get::<Disconnected>().is_some() {
        Some("handle_disconnect")
    } else if c.get::<HeartbeatLost>().is_some() {
        Some("watchdog")
    } else {
        c.get::<Requested>().map(|r| if r.on_connect { "handle_connect" } else { "handle_cast" })
    }
}
