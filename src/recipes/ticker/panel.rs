//! The ticker page: where frames come from and the client's settings; the connection's states over
//! the last minute with heartbeats as ticks; counters; a price line per pair with bid, ask and
//! spread; the book-10 depth of a pair; subscriptions, and what went wrong lately.

use leptos::prelude::*;

use super::client::Sub;
use super::feed::{DEPTH, Feed, Link, SubState, WINDOW_MS};
use super::kraken::Channel;
use super::params::{Params, Source};
use super::scenario::Ticker;
use crate::model::float::Fixed;
use crate::ui::number_field::number_field;
use crate::ui::session::use_session;
use crate::web::driver::Speed;

/// A counter: its term, its accessible label, and its value from the feed.
type Figure = (&'static str, &'static str, fn(&Feed) -> String);

/// A chart's drawing box, in SVG units.
const W: u32 = 300;
const H: u32 = 60;
/// Pairs the subscribe form offers: the three the exchanges trade, each with a chart, and `XBT/ABC`, which they refuse.
const PAIRS: [&str; 4] = ["XBT/USD", "ETH/USD", "SOL/USD", "XBT/ABC"];

#[component]
pub fn Panel() -> impl IntoView {
    let session = use_session();
    let scenario = move || session.scenario::<Ticker>();
    let params = move || scenario().map(|s| s.settings().clone()).unwrap_or_default();
    let restart = move |change: &dyn Fn(&mut Params)| {
        let mut p = params();
        change(&mut p);
        session.restart_with(p.to_map());
    };
    let number = move |label: &'static str, min: u64, max: u64, get: fn(&Params) -> u64, set: fn(&mut Params, u64)| {
        number_field(label, min, max, move || get(&params()), move |v| restart(&|p| set(p, v)))
    };
    let simulated = move || params().source == Source::Simulated;
    // A socket's frames arrive in wall time: its heartbeats and backoff only mean something at 1×.
    Effect::new(move |_| {
        if session.is_on() && !simulated() && session.speed.get() != Speed::Times(1.0) {
            session.set_speed(Speed::Times(1.0));
            session.notice("A live socket runs in real time: the speed is 1×.");
        }
    });
    let folded = move || session.app_fold("ticker.feed", (), |_, _| Feed::default());
    // Every figure is text picked from the feed at the cursor.
    let figure = move |pick: fn(&Feed) -> String| move || folded().map_or(String::new(), |f| pick(f.view()));
    let figure_at = move |pick: fn(&Feed, usize) -> String, i: usize| move || folded().map_or(String::new(), |f| pick(f.view(), i));

    let (url, url_error) = (RwSignal::new(String::new()), RwSignal::new(None::<String>));
    let connect = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match Source::parse(&url.get_untracked()) {
            Ok(source) => {
                url_error.set(None);
                restart(&|p| p.source = source.clone());
            }
            Err(e) => url_error.set(Some(e)),
        }
    };
    let (pair, channel) = (RwSignal::new(PAIRS[0].to_string()), RwSignal::new(Channel::Ticker));
    let sub_action = move |verb: &'static str| {
        move |_| session.input(&format!("{verb} {} {}", pair.get_untracked(), channel.get_untracked().name()))
    };
    let stalled = RwSignal::new(false);
    let malformed = RwSignal::new(0u64);
    let faults = move |every: u64| {
        malformed.set(every);
        session.input(&format!("faults {every} 0 {}", u8::from(params().refuse)));
    };
    // A list of lines picked from the feed.
    let lines = move |pick: fn(&Feed) -> Vec<String>| {
        move || folded().map_or(Vec::new(), |f| pick(f.view())).into_iter().map(|line| view! { <li>{line}</li> }).collect_view()
    };
    let figures: [Figure; 7] = [
        ("Frames", "Frames received", |f| f.frames.to_string()),
        ("Frames/s", "Frames per second", |f| f.per_second().to_string()),
        ("Malformed", "Malformed frames", |f| f.malformed.to_string()),
        ("Oversized", "Oversized frames", |f| f.oversized.to_string()),
        ("Reconnects", "Reconnects", |f| f.reconnects.to_string()),
        ("Resubscribed", "Resubscriptions", |f| f.resubscribed.to_string()),
        ("Heartbeats (1 min)", "Heartbeats", |f| f.heartbeats.len().to_string()),
    ];
    view! {
        <div class="panel ticker">
            <form class="controls" role="group" aria-label="Feed source" on:submit=connect>
                <label class="field wide">
                    <span>"Source"</span>
                    <input
                        type="text"
                        aria-label="Source URL"
                        placeholder="sim, or ws://127.0.0.1:9000"
                        prop:value=move || params().source.to_text().to_string()
                        on:input=move |ev| url.set(event_target_value(&ev))
                    />
                </label>
                <button type="submit">"Connect"</button>
                <button type="button" on:click=move |_| restart(&|p| p.source = Source::Simulated)>"Simulated exchange"</button>
                <p class="error" role="alert">{move || url_error.get()}</p>
            </form>
            <figure class="chart strip">
                <figcaption>
                    "Connection to "<code>{figure(|f| f.target.clone())}</code>": "
                    <strong aria-label="Connection state">{figure(|f| f.link.map_or("not started".into(), Link::label))}</strong>
                    {figure(|f| f.last_backoff.map(|(d, lo, hi)| format!(" — last backoff {d} ms, drawn from {lo}–{hi} ms")).unwrap_or_default())}
                </figcaption>
                <svg viewBox=format!("0 0 {W} 24") role="img" aria-label="Connection states and heartbeats over the last minute">
                    {(0..4).map(|i| view! { <path class=format!("link {}", LINKS[i]) d=figure_at(|f, i| link_path(f, LINKS[i]), i) /> }).collect_view()}
                    <path class="heartbeat" d=figure(heartbeat_path) />
                    <text class="tick" x="0" y="23">"−60 s"</text>
                    <text class="tick" x=W y="23" text-anchor="end">"now"</text>
                </svg>
                <ul class="legend">
                    {LINKS.map(|c| view! { <li><span class=format!("swatch link {c}")></span>{if c == "backoff" { "backing off" } else { c }}</li> }).collect_view()}
                    <li><span class="swatch heartbeat"></span>"heartbeat"</li>
                </ul>
            </figure>
            <dl class="stats">
                {figures.map(|(term, label, pick)| view! { <div><dt>{term}</dt><dd aria-label=label>{figure(pick)}</dd></div> }).collect_view()}
            </dl>
            <div class="quotes">
                {(0..3).map(|i| view! {
                    <figure class="chart quote">
                        <figcaption><strong>{PAIRS[i]}</strong>{figure_at(|f, i| quote_caption(f, PAIRS[i]), i)}</figcaption>
                        <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=format!("{} price over the last minute", PAIRS[i])>
                            <path class="line price" d=figure_at(|f, i| price_path(f, PAIRS[i]), i) />
                        </svg>
                    </figure>
                }).collect_view()}
            </div>
            <table class="book" aria-label="XBT/USD book, 10 levels">
                <caption>"XBT/USD book-10 (price × volume)"</caption>
                <thead><tr><th scope="col">"Bids"</th><th scope="col">"Asks"</th></tr></thead>
                <tbody>
                    {(0..DEPTH).map(|i| view! {
                        <tr>
                            <td class="bid" style=figure_at(cell_depth, i)>{figure_at(cell_text, i)}</td>
                            <td class="ask" style=figure_at(cell_depth, i + DEPTH)>{figure_at(cell_text, i + DEPTH)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <div class="controls" role="group" aria-label="Ticker controls">
                {number("Backoff min (ms)", 10, 60_000, |p| p.backoff.min_ms, |p, v| p.backoff.min_ms = v)}
                {number("Backoff max (ms)", 10, 600_000, |p| p.backoff.max_ms, |p, v| p.backoff.max_ms = v.max(p.backoff.min_ms))}
                {number("Heartbeat timeout (ms)", 1000, 60_000, |p| p.heartbeat_ms, |p, v| p.heartbeat_ms = v)}
                {number("Market steps/s", 1, 500, |p| p.rate, |p, v| p.rate = v)}
                    <label class="field">
                        <span>"Malformed every"</span>
                        <input
                            type="number"
                            min="0"
                            max="10000"
                            aria-label="Malformed every N frames"
                            prop:value=move || malformed.get().to_string()
                            on:change=move |ev| faults(event_target_value(&ev).trim().parse().unwrap_or(0).min(10_000))
                        />
                    </label>
                    <button type="button" class="danger" disabled=move || !session.is_on() || !simulated() on:click=move |_| session.input("drop")>
                        "Drop connection"
                    </button>
                    <button
                        type="button"
                        aria-pressed=move || stalled.get().to_string()
                        disabled=move || !session.is_on() || !simulated()
                        on:click=move |_| {
                            stalled.update(|s| *s = !*s);
                            session.input(if stalled.get_untracked() { "stall on" } else { "stall off" });
                        }
                    >
                        "Stall the exchange"
                    </button>
            </div>
            <div class="controls" role="group" aria-label="Subscriptions">
                <label class="field">
                    <span>"Pair"</span>
                    <select aria-label="Pair" on:change=move |ev| pair.set(event_target_value(&ev))>
                        {PAIRS.iter().map(|p| view! { <option value=*p>{*p}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>"Channel"</span>
                    <select aria-label="Channel" on:change=move |ev| channel.set(Channel::parse(&event_target_value(&ev)).unwrap_or(Channel::Ticker))>
                        {Channel::ALL.iter().map(|c| view! { <option value=c.name()>{c.channel_name()}</option> }).collect_view()}
                    </select>
                </label>
                <button type="button" disabled=move || !session.is_on() on:click=sub_action("subscribe")>"Subscribe"</button>
                <button type="button" disabled=move || !session.is_on() on:click=sub_action("unsubscribe")>"Unsubscribe"</button>
            </div>
            <section aria-label="Subscriptions and problems" class="columns">
                <ul class="subs">{lines(|f| f.subs.iter().map(|(s, state)| sub_line(s, state)).collect())}</ul>
                <ul class="problems" aria-label="Recent problems">
                    {lines(|f| f.problems.iter().rev().map(|(at, p)| format!("{} s: {p}", Fixed(*at as f64 / 1000.0, 1))).collect())}
                </ul>
            </section>
            <p class="hint">
                "Run the local feed with "<code>"cargo run --release -p tasklane-feed -- --port 9000"</code>
                " and connect to "<code>"ws://127.0.0.1:9000"</code>"; a live socket runs in real time (1×)."
            </p>
        </div>
    }
}

/// One subscription's line: `XBT/USD ticker: subscribed (channel 42)`.
fn sub_line(sub: &Sub, state: &SubState) -> String {
    let state = match state {
        SubState::Requested => "requested".to_string(),
        SubState::Subscribed { channel_id: Some(id) } => format!("subscribed (channel {id})"),
        SubState::Subscribed { channel_id: None } => "subscribed".to_string(),
        SubState::Refused(why) => format!("refused: {why}"),
    };
    format!("{}: {state}", sub.describe())
}

/// Where a time of the last minute falls on a chart `W` wide.
fn x_of(now: u64, t: u64) -> f64 {
    let since = now.saturating_sub(WINDOW_MS);
    (t.max(since) - since) as f64 / WINDOW_MS as f64 * f64::from(W)
}

/// The strip's spans in one state, as rectangles of one path.
fn link_path(f: &Feed, class: &str) -> String {
    let ends = f.strip.iter().skip(1).map(|(t, _)| *t).chain([f.now]);
    let mut d = String::new();
    for ((from, _), to) in f.strip.iter().zip(ends).filter(|((_, l), _)| l.class() == class) {
        let (x0, x1) = (x_of(f.now, *from), x_of(f.now, to));
        let (x, w) = (Fixed(x0, 1), Fixed((x1 - x0).max(0.5), 1));
        d.push_str(&format!("M{x},0h{w}v12H{x}z"));
    }
    d
}

/// Each state of the connection, as the strip and its legend colour it ([`Link::class`]).
const LINKS: [&str; 4] = ["connecting", "up", "down", "backoff"];

/// A tick under the strip for each heartbeat of the last minute.
fn heartbeat_path(f: &Feed) -> String {
    f.heartbeats.iter().map(|t| format!("M{},13v4", Fixed(x_of(f.now, *t), 1))).collect()
}

/// A pair's line above its chart: last trade, bid, ask and spread.
fn quote_caption(f: &Feed, pair: &str) -> String {
    f.quote(pair).map_or_else(
        || " — not subscribed to its ticker".to_string(),
        |q| {
            let spread = q.spread.map_or(q.ask - q.bid, |(bid, ask)| ask - bid);
            format!(" last {} · bid {} · ask {} · spread {}", Fixed(q.last, 2), Fixed(q.bid, 2), Fixed(q.ask, 2), Fixed(spread, 2))
        },
    )
}

/// The path of a pair's price over the last minute, scaled to its own range.
fn price_path(f: &Feed, pair: &str) -> String {
    let Some(q) = f.quote(pair) else { return String::new() };
    let (lo, hi) = q.points.iter().fold((f64::MAX, f64::MIN), |(lo, hi), (_, p)| (lo.min(*p), hi.max(*p)));
    let range = (hi - lo).max(1e-9);
    let mut d = String::new();
    for (i, (t, p)) in q.points.iter().enumerate() {
        let y = f64::from(H) - 2.0 - (p - lo) / range * f64::from(H - 4);
        d.push_str(&format!("{}{},{}", if i == 0 { "M" } else { "L" }, Fixed(x_of(f.now, *t), 1), Fixed(y, 1)));
    }
    d
}

/// Level `i` of a side of XBT/USD's book (price, volume, depth in % of the largest volume), if it has one.
fn level(f: &Feed, i: usize, asks: bool) -> Option<(f64, f64, f64)> {
    let book = f.book("XBT/USD")?;
    let most = book.asks.iter().chain(&book.bids).map(|l| l.volume).fold(0.0, f64::max).max(1e-9);
    let side = if asks { &book.asks } else { &book.bids };
    side.get(i).map(|l| (l.price, l.volume, l.volume / most * 100.0))
}

/// Cell `i` of the book: bids are 0 to 9, asks 10 to 19.
fn cell_text(f: &Feed, i: usize) -> String {
    level(f, i % DEPTH, i >= DEPTH).map(|(p, v, _)| format!("{} × {}", Fixed(p, 2), Fixed(v, 4))).unwrap_or_default()
}

/// The depth bar behind cell `i` of the book.
fn cell_depth(f: &Feed, i: usize) -> String {
    format!("--depth:{}%", Fixed(level(f, i % DEPTH, i >= DEPTH).map_or(0.0, |l| l.2), 0))
}
