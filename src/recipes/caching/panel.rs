//! The caching page: the load's and the backend's settings; per cache a row of figures, hit ratio
//! and mailbox over the last minute, latency histograms, a keys × time heat map and a verdict;
//! then the leaderboard's readers and its top ten.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::leaderboard::{ROUND_WORK_MS, Store};
use super::params::{MAX_SKEW_TENTHS, Params, parse_tenths, show_tenths};
use super::scenario::{Cache, Caching, Outcome};
use super::stats::{BIN_MS, BINS, Figures, Stats};
use crate::model::float::Fixed;
use crate::ui::number_field::{number_field, restore};
use crate::ui::session::use_session;
use crate::web::canvas::{self, Painter};
use crate::web::page;

/// A chart's drawing box, in SVG units.
const W: u32 = 300;
const H: u32 = 80;
/// The heat map's cell height, in CSS px.
const ROW_PX: f64 = 6.0;
/// Each outcome's legend swatch class (the palette's exit colours).
const OUTCOME_SWATCH: [&str; 5] = ["normal", "timeout", "shutdown", "error", "noproc"];
/// Each cache's line class.
const CACHE_CLASS: [&str; 4] = ["agent", "ets", "per-user", "ttl"];

#[component]
pub fn Panel() -> impl IntoView {
    let session = use_session();
    let scenario = move || session.scenario::<Caching>();
    let params = move || scenario().map(|s| s.settings()).unwrap_or_default();
    let restart = move |change: &dyn Fn(&mut Params)| {
        let mut p = params();
        change(&mut p);
        session.restart_with(p.to_map());
    };
    let number = move |label: &'static str, min: u64, max: u64, get: fn(&Params) -> u64, set: fn(&mut Params, u64)| {
        number_field(label, min, max, move || get(&params()), move |v| restart(&|p| set(p, v)))
    };
    let stats = move || {
        let keys = params().keys;
        session.app_fold("caching.stats", keys, |keys, _| Stats::new(*keys))
    };
    let view = Memo::new(move |_| stats().map(|s| Figure::new(s.view(), session.now())).unwrap_or_default());
    let row = move |cache: Cache| {
        let i = cache as usize;
        let cell = move |pick: fn(&Row) -> String| move || view.with(|f| f.rows.get(i).map(pick).unwrap_or_default());
        view! {
            <tr>
                <th scope="row"><span class=format!("swatch line {}", CACHE_CLASS[i])></span>{cache.title()}</th>
                <td aria-label=format!("{} hits", cache.title())>{cell(|r| r.hits.clone())}</td>
                <td>{cell(|r| r.misses.clone())}</td>
                <td>{cell(|r| r.expired.clone())}</td>
                <td>{cell(|r| r.stampedes.clone())}</td>
                <td>{cell(|r| r.failed.clone())}</td>
                <td>{cell(|r| r.ratio.clone())}</td>
                <td>{cell(|r| r.backend.clone())}</td>
                <td>{cell(|r| r.p50.clone())}</td>
                <td>{cell(|r| r.p95.clone())}</td>
                <td>{cell(|r| r.p99.clone())}</td>
                <td aria-label=format!("{} mailbox", cache.title())>{cell(|r| r.mailbox.clone())}</td>
            </tr>
        }
    };
    let chart = move |title: &'static str, pick: fn(&Figure) -> &[String; 4], top: fn(&Figure) -> String| {
        view! {
            <figure class="chart">
                <figcaption>{title}</figcaption>
                <svg viewBox=format!("0 0 {W} {}", H + 12) role="img" aria-label=title>
                    <line class="axis" x1="0" x2=W y1=H y2=H />
                    <text class="tick" x="0" y="8">{move || view.with(top)}</text>
                    <text class="tick" x="0" y=H + 11>"−60 s"</text>
                    <text class="tick" x=W y=H + 11 text-anchor="end">"now"</text>
                    {(0..4).map(|i| view! { <path class=format!("line {}", CACHE_CLASS[i]) d=move || view.with(|f| pick(f)[i].clone()) /> }).collect_view()}
                </svg>
            </figure>
        }
    };
    let (heat_cache, hover) = (RwSignal::new(Cache::Agent), RwSignal::new(None::<(usize, usize)>));
    let (heat_ref, legend_ref) = (NodeRef::<html::Canvas>::new(), NodeRef::<html::Ul>::new());
    Effect::new(move |_| {
        let cache = heat_cache.get();
        let (Some(canvas), Some(legend)) = (heat_ref.get(), legend_ref.get()) else { return };
        let colours: Vec<String> = OUTCOME_SWATCH
            .iter()
            .map(|class| {
                let swatch = legend.query_selector(&format!(".swatch.{class}")).ok().flatten();
                swatch.map(|s| canvas::css(&s, "background-color")).unwrap_or_default()
            })
            .collect();
        let now = session.now();
        if let Some(s) = stats() {
            draw_heat(&canvas, s.view(), cache, now, &colours);
        }
    });
    let hover_text = move || {
        let (col, key) = hover.get()?;
        let now = session.now();
        let s = stats()?;
        let f = s.view().cache(heat_cache.get());
        let start = u64::try_from(window_start(now) + (col as u64 * BIN_MS) as i64).ok()?;
        let counts = f.bins.iter().find(|b| b.start == start).and_then(|b| b.heat.get(key).copied()).unwrap_or_default();
        let found: Vec<String> =
            Outcome::ALL.iter().zip(counts).filter(|(_, n)| *n > 0).map(|(o, n)| format!("{n} {}", o.as_str())).collect();
        let found = if found.is_empty() { "no requests".to_string() } else { found.join(", ") };
        Some(format!("Key {key}, {}–{} s: {found}.", Fixed(start as f64 / 1000.0, 0), Fixed((start + BIN_MS) as f64 / 1000.0, 0)))
    };
    let on_move = move |ev: leptos::ev::MouseEvent| {
        let Some(canvas) = heat_ref.get_untracked() else { return };
        let target: web_sys::Element = canvas.unchecked_into();
        let rect = target.get_bounding_client_rect();
        let (x, y) = (f64::from(ev.client_x()) - rect.left(), f64::from(ev.client_y()) - rect.top());
        let col = (x / rect.width() * BINS as f64).floor();
        let row = (y / ROW_PX).floor();
        hover.set((col >= 0.0 && row >= 0.0).then_some((col as usize, row as usize)));
    };
    let board = move |store: Store, title: &'static str| {
        let figure = move || {
            stats().map_or("—".to_string(), |s| {
                let l = &s.view().board(store).latencies;
                let ms = |q| l.quantile(q).map_or("—".to_string(), |v| format!("{v} ms"));
                format!("{} reads, p95 {}, max {}", l.count(), ms(0.95), ms(1.0))
            })
        };
        view! { <div><dt>{title}</dt><dd aria-label=title>{figure}</dd></div> }
    };
    let top_rows = move || {
        let top = stats().map(|s| s.view().board(Store::Ets).last_top.clone()).unwrap_or_default();
        top.into_iter()
            .enumerate()
            .map(|(i, (user, score))| view! { <tr><td>{i + 1}</td><td>{format!("user {user}")}</td><td>{score}</td></tr> })
            .collect_view()
    };
    view! {
        <div class="panel caching">
            <div class="controls" role="group" aria-label="Caching controls">
                {number("Clients per cache", 1, 500, |p| p.clients, |p, v| p.clients = v)}
                {number("Keys", 1, 1000, |p| p.keys, |p, v| p.keys = v)}
                <label class="field">
                    <span>"Zipf skew (0 = uniform)"</span>
                    <input
                        type="text"
                        inputmode="decimal"
                        aria-label="Zipf skew"
                        prop:value=move || show_tenths(params().skew_tenths)
                        on:change=move |ev| {
                            match parse_tenths(event_target_value(&ev).trim()) {
                                Some(t) if t <= MAX_SKEW_TENTHS => restart(&|p| p.skew_tenths = t),
                                _ => {
                                    let kept = show_tenths(params().skew_tenths);
                                    session.notice(format!("Zipf skew is a number from 0.0 to 3.0, one decimal; kept {kept}."));
                                    restore(&ev, &kept);
                                }
                            }
                        }
                    />
                </label>
                {number("Think time (ms)", 10, 10_000, |p| p.think_ms, |p, v| p.think_ms = v)}
                {number("Backend latency (ms)", 1, 5000, |p| p.latency_ms, |p, v| p.latency_ms = v)}
                {number("Backend failures (%)", 0, 50, |p| p.fail_pct, |p, v| p.fail_pct = v)}
                {number("TTL (ms)", 100, 600_000, |p| p.ttl_ms, |p, v| p.ttl_ms = v)}
                <button type="button" class="danger" disabled=move || !session.is_on() on:click=move |_| session.input("crash_user")>
                    "Crash user 0's server"
                </button>
            </div>
            <ul class="verdict" aria-label="Verdict">
                {move || view.with(|f| f.verdict.clone()).into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
            </ul>
            <div class="table-scroll" role="region" aria-label="Cache figures" tabindex="0">
                <table class="figures">
                    <caption>"Each cache under the same requests (latency in ms)"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Cache"</th><th scope="col">"Hits"</th><th scope="col">"Misses"</th>
                            <th scope="col">"Expired"</th><th scope="col">"Stampedes"</th><th scope="col">"Failed"</th>
                            <th scope="col">"Hit ratio"</th><th scope="col">"Backend calls"</th><th scope="col">"p50"</th>
                            <th scope="col">"p95"</th><th scope="col">"p99"</th><th scope="col">"Mailbox now / peak"</th>
                        </tr>
                    </thead>
                    <tbody>{Cache::ALL.into_iter().map(row).collect_view()}</tbody>
                </table>
            </div>
            <div class="charts">
                {chart("Hit ratio, last minute", |f| &f.ratio_paths, |_| "100 %".to_string())}
                {chart("Longest mailbox, last minute", |f| &f.mailbox_paths, |f| format!("{} messages", f.mailbox_top))}
                <figure class="chart">
                    <figcaption>"Latency in ms: requests per bucket (log scale)"</figcaption>
                    <svg viewBox=format!("0 0 {W} {}", H + 12) role="img" aria-label="Latency histogram">
                        <line class="axis" x1="0" x2=W y1=H y2=H />
                        {(0..4).map(|i| view! { <path class=format!("bars {}", CACHE_CLASS[i]) d=move || view.with(|f| f.histogram[i].clone()) /> }).collect_view()}
                        {move || view.with(|f| f.histogram_ticks.clone()).into_iter().map(|(x, label)| view! {
                            <text class="tick" x=x y=H + 11 text-anchor="middle">{label}</text>
                        }).collect_view()}
                    </svg>
                </figure>
            </div>
            <ul class="legend" aria-label="Caches">
                {Cache::ALL.into_iter().map(|c| view! {
                    <li><span class=format!("swatch {}", CACHE_CLASS[c as usize])></span>{c.title()}</li>
                }).collect_view()}
            </ul>
            <figure class="heat">
                <figcaption>
                    <label>
                        "Heat map of "
                        <select aria-label="Heat map cache" on:change=move |ev| {
                            let picked = event_target_value(&ev);
                            heat_cache.set(Cache::ALL.into_iter().find(|c| c.as_str() == picked).unwrap_or(Cache::Agent));
                        }>
                            {Cache::ALL.into_iter().map(|c| view! { <option value=c.as_str()>{c.title()}</option> }).collect_view()}
                        </select>
                    </label>
                    {move || format!(": keys 0–{} (most requested first) down, the last minute across; each cell is what most of its requests found.", view.with(|f| f.heat_keys.saturating_sub(1)))}
                </figcaption>
                <canvas
                    class="heat-map"
                    node_ref=heat_ref
                    role="img"
                    aria-label="Cache heat map"
                    on:mousemove=on_move
                    on:mouseleave=move |_| hover.set(None)
                ></canvas>
                <p class="hint" aria-live="polite">{move || hover_text().unwrap_or_else(|| "Hover a cell to see its requests.".to_string())}</p>
                <ul class="legend" node_ref=legend_ref>
                    {Outcome::ALL.iter().zip(OUTCOME_SWATCH).map(|(o, class)| view! {
                        <li><span class=format!("swatch {class}")></span>{o.as_str()}</li>
                    }).collect_view()}
                </ul>
            </figure>
            <section class="leaderboard" aria-label="ETS leaderboard">
                <h3>"ETS leaderboard"</h3>
                <p class="hint">
                    {format!("Every second a writer moves all 100 scores, {ROUND_WORK_MS} ms of work. Readers of the ordered_set read it in their own process; readers of the GenServer board wait in its mailbox while it works.")}
                </p>
                <dl class="stats">
                    {board(Store::Ets, "ETS readers")}
                    {board(Store::GenServer, "GenServer readers")}
                </dl>
                <table class="top-ten">
                    <caption>"Top ten, as an ETS reader last saw it"</caption>
                    <thead><tr><th scope="col">"#"</th><th scope="col">"User"</th><th scope="col">"Score"</th></tr></thead>
                    <tbody>{top_rows}</tbody>
                </table>
            </section>
            <p class="hint">
                "ETS has no mailbox: clients read the table in their own process. The GenServer-per-user row shows \
                 the busiest user's server. Latency buckets: 0, 1, 2–3, 4–7 ms and so on."
            </p>
        </div>
    }
}

/// The start of the minute the charts show, ending with the second of `now` (before the run's
/// start in its first minute: the charts fill from the right).
fn window_start(now: u64) -> i64 {
    (now - now % BIN_MS) as i64 - (BINS as i64 - 1) * BIN_MS as i64
}

/// Draws `cache`'s heat map: a column per second of the last minute, a row per key.
fn draw_heat(canvas: &web_sys::HtmlCanvasElement, stats: &Stats, cache: Cache, now: u64, colours: &[String]) {
    let width = f64::from(canvas.client_width()).max(60.0);
    let height = stats.heat_keys() as f64 * ROW_PX;
    let Some(p) = Painter::begin(canvas, width, height) else { return };
    let (start, col) = (window_start(now), width / BINS as f64);
    for bin in stats.cache(cache).bins.iter().filter(|b| b.start as i64 >= start) {
        let x = ((bin.start as i64 - start) / BIN_MS as i64) as f64 * col;
        for (key, counts) in bin.heat.iter().enumerate() {
            let Some((most, _)) = counts.iter().enumerate().filter(|(_, n)| **n > 0).max_by_key(|(i, n)| (**n, *i)) else {
                continue;
            };
            p.fill(&colours[most]);
            p.rect(x, key as f64 * ROW_PX, col - 1.0, ROW_PX - 1.0);
        }
    }
}

/// One cache's row of figures, as text.
#[derive(Clone, Debug, Default, PartialEq)]
struct Row {
    hits: String,
    misses: String,
    expired: String,
    stampedes: String,
    failed: String,
    ratio: String,
    backend: String,
    p50: String,
    p95: String,
    p99: String,
    mailbox: String,
}

/// Everything the page shows at the cursor, as text and paths: a frame changes texts and attributes only.
#[derive(Clone, Debug, Default, PartialEq)]
struct Figure {
    rows: Vec<Row>,
    verdict: Vec<String>,
    ratio_paths: [String; 4],
    mailbox_paths: [String; 4],
    mailbox_top: u32,
    histogram: [String; 4],
    histogram_ticks: Vec<(String, String)>,
    heat_keys: usize,
}

impl Figure {
    fn new(stats: &Stats, now: u64) -> Figure {
        let start = window_start(now);
        let x = |bin_start: u64| ((bin_start as i64 - start) as f64 + BIN_MS as f64 / 2.0) / (BINS as u64 * BIN_MS) as f64 * f64::from(W);
        let path = |f: &Figures, y: &dyn Fn(&super::stats::Bin) -> Option<f64>| {
            let points = f.bins.iter().filter(|b| b.start as i64 >= start).filter_map(|b| Some((x(b.start), y(b)?)));
            points.enumerate().map(|(i, (x, y))| format!("{}{} {}", if i == 0 { "M" } else { "L" }, Fixed(x, 1), Fixed(y, 1))).collect::<String>()
        };
        let caches = Cache::ALL.map(|c| stats.cache(c));
        let mailbox_top = caches.iter().flat_map(|f| f.bins.iter().map(|b| b.mailbox_peak)).max().unwrap_or(0).max(1);
        let h = f64::from(H);
        let ratio_paths = caches.map(|f| path(f, &|b| (b.requests > 0).then(|| h - f64::from(b.hits) / f64::from(b.requests) * h)));
        let mailbox_paths = caches.map(|f| path(f, &|b| Some(h - f64::from(b.mailbox_peak) / f64::from(mailbox_top) * h)));
        // Histogram: a group of four bars per power-of-two bucket, heights on a log scale.
        let buckets = caches.map(|f| f.latencies.buckets());
        let widest = buckets.iter().flatten().map(|(lo, _)| *lo).max().unwrap_or(0);
        let groups = if widest == 0 { 1 } else { widest.ilog2() as usize + 2 };
        let group_w = f64::from(W) / groups as f64;
        let most = buckets.iter().flatten().map(|(_, n)| *n).max().unwrap_or(1) as f64;
        let group_of = |lo: u64| if lo == 0 { 0 } else { lo.ilog2() as usize + 1 };
        let histogram = std::array::from_fn(|i| {
            buckets[i]
                .iter()
                .map(|(lo, n)| {
                    let bar = ((*n as f64).ln_1p() / most.ln_1p() * h).max(1.0);
                    let x = group_of(*lo) as f64 * group_w + i as f64 * group_w / 4.5;
                    format!("M{} {H}v-{bar}h{}v{bar}z", Fixed(x, 1), Fixed(group_w / 5.0, 1), bar = Fixed(bar, 1))
                })
                .collect()
        });
        let histogram_ticks =
            (0..groups).map(|g| (page::number(g as f64 * group_w + group_w / 2.0), if g == 0 { "0".to_string() } else { (1u64 << (g - 1)).to_string() })).collect();
        let ms = |v: Option<u64>| v.map_or("—".to_string(), |v| v.to_string());
        let rows = caches
            .iter()
            .map(|f| Row {
                hits: f.count(Outcome::Hit).to_string(),
                misses: f.count(Outcome::Miss).to_string(),
                expired: f.count(Outcome::Expired).to_string(),
                stampedes: f.count(Outcome::Stampede).to_string(),
                failed: f.count(Outcome::Failed).to_string(),
                ratio: f.hit_ratio().map_or("—".to_string(), |r| format!("{} %", Fixed(r * 100.0, 1))),
                backend: f.backend_calls().to_string(),
                p50: ms(f.latencies.quantile(0.5)),
                p95: ms(f.latencies.quantile(0.95)),
                p99: ms(f.latencies.quantile(0.99)),
                mailbox: format!("{} / {}", f.mailbox, f.mailbox_peak.0),
            })
            .collect();
        Figure {
            rows,
            verdict: stats.verdict(),
            ratio_paths,
            mailbox_paths,
            mailbox_top,
            histogram,
            histogram_ticks,
            heat_keys: stats.heat_keys(),
        }
    }
}
