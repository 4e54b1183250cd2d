//! Timeline lanes in SVG: one lane per process, a bar from spawn to exit coloured by exit reason,
//! marks for messages and timers, a time axis in virtual ms, and a legend. Hover a lane for details.
//! Rows and marks are keyed and hold no reactive state: a row is rebuilt only when its process
//! exits, and a new mark adds one element. Bars and marks are drawn in virtual seconds inside one
//! group whose transform scales them to the axis (marks and the bars' edges keep their width with
//! non-scaling strokes), and running bars reach far right and are clipped at the clock: a moving
//! clock changes one clip rectangle and a rescaled axis one transform, not a thousand bars.

use leptos::either::Either;
use leptos::prelude::*;

use std::rc::Rc;

use crate::model::fold::Folded;
use crate::model::lanes::{Axis, Lane, Lanes};
use crate::runtime::atom::Atom;

const WIDTH: f64 = 1000.0;
const GUTTER: f64 = 170.0;
const AXIS_H: f64 = 26.0;
const TRACK: f64 = WIDTH - GUTTER - 10.0;
/// How far right a running bar is drawn, in virtual seconds (about 115 days); the clip ends it at
/// the clock. Chromium culls SVG geometry beyond 2^25 local units, so the rows' unit is the second,
/// not the millisecond (a day of milliseconds would be cut off after 9.3 hours).
const RUNNING_TO: f64 = 1e7;
/// The length drawn for a process that lived 0 ms: positive, so its stroke still shows.
const INSTANT: f64 = 1e-6;

/// A virtual time in the rows' unit, seconds.
fn secs(at: u64) -> f64 {
    at as f64 / 1000.0
}

/// Lane height for `n` lanes: roomy for a few, dense for hundreds.
fn lane_height(n: usize) -> f64 {
    match n {
        0..=24 => 22.0,
        25..=80 => 12.0,
        _ => (1200.0 / n as f64).clamp(3.0, 8.0),
    }
}

/// What decides a lane's row: its place, what it is, and how it ended. Equal keys draw the same
/// row, so `<For>` keeps it; a new run with other lanes gets new rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct RowKey {
    index: usize,
    name: Atom,
    start: u64,
    exit: Option<(u64, &'static str)>,
    lane_h: u64,
}

/// The mark drawn in one column of one lane: marks closer than a column (about 2 px) would cover each
/// other, so only the latest is drawn, a ticker that has fired ten thousand times draws at most
/// [`MARK_COLUMNS`] marks, and a lane that gains marks only adds elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct MarkKey {
    index: usize,
    column: u64,
    column_ms: u64,
    kind: &'static str,
    lane_h: u64,
}

/// How many mark columns span the time axis.
const MARK_COLUMNS: u64 = 415;

/// What the scaled group draws: a lane's bar or one of its marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Shape {
    Bar(RowKey),
    Mark(MarkKey),
}

fn x(axis: &Axis, at: u64) -> f64 {
    GUTTER + axis.x(at, TRACK)
}

fn lane_y(index: usize, lane_h: u64) -> (f64, f64) {
    let lane_h = f64::from_bits(lane_h);
    (AXIS_H + index as f64 * lane_h, lane_h)
}

/// One lane's bar, in virtual seconds on x, with its details as a tooltip.
fn row_view(lane: &Lane, key: RowKey) -> impl IntoView + use<> {
    let (y, lane_h) = lane_y(key.index, key.lane_h);
    let state = match &lane.exit {
        Some(exit) => format!("exited {} at {}", exit.reason, Axis::label(exit.at)),
        None => "running".to_string(),
    };
    let title = format!(
        "{} {} ({}): started at {}; {state}",
        lane.pid,
        lane.name,
        lane.behaviour.as_str(),
        Axis::label(lane.start)
    );
    let length = lane.exit.as_ref().map_or(RUNNING_TO, |exit| secs(exit.at - lane.start).max(INSTANT));
    view! {
        <g class=format!("lane {}", lane.class())>
            <title>{title}</title>
            <rect class="bar" x=secs(lane.start) y=y + lane_h * 0.2 width=length height=lane_h * 0.6 />
        </g>
    }
}

fn mark_view(key: MarkKey) -> impl IntoView {
    let (y, lane_h) = lane_y(key.index, key.lane_h);
    let at = secs(key.column * key.column_ms) + secs(key.column_ms) / 2.0;
    view! { <line class=format!("mark {}", key.kind) x1=at x2=at y1=y + 1.0 y2=y + lane_h - 1.0 /> }
}

/// The lanes on screen (folded up to the cursor) and the clock they show.
pub type ShownLanes = Option<(Rc<Folded<Lanes>>, u64)>;

/// Draws `lanes` (and the clock they were folded to): one row per process, its marks, an axis and a legend.
#[component]
pub fn Timeline(lanes: Signal<ShownLanes, LocalStorage>) -> impl IntoView {
    let now = Memo::new(move |_| lanes.get().map_or(0, |(_, now)| now));
    let count = Memo::new(move |_| lanes.get().map_or(0, |(l, _)| l.view().lanes().len()));
    // (processes, finished, running) seen, drawn or not, and the event the fold starts at.
    let summary = Memo::new(move |_| {
        lanes.get().map_or((0, 0, 0, 0), |(l, _)| {
            let v = l.view();
            (v.processes(), v.finished(), v.running(), l.start())
        })
    });
    let axis = Memo::new(move |_| {
        let end =
            lanes.get().map_or(0, |(l, now)| l.view().lanes().iter().map(|l| l.end(now)).max().unwrap_or(0).max(now));
        Axis::covering(end.max(1000), 8)
    });
    let h = Memo::new(move |_| lane_height(count.get()));
    let height = move || AXIS_H + h.get() * count.get() as f64 + 8.0;
    // Every bar, then every mark (drawn over the bars), as one keyed list.
    let shapes = move || {
        let lane_h = h.get();
        let Some((lanes, _)) = lanes.get() else { return Vec::new() };
        let lanes = lanes.view();
        let bars = lanes.lanes().iter().enumerate().map(|(index, l)| {
            Shape::Bar(RowKey {
                index,
                name: l.name,
                start: l.start,
                exit: l.exit.as_ref().map(|exit| (exit.at, l.class())),
                lane_h: lane_h.to_bits(),
            })
        });
        let column_ms = axis.with(|a| a.end.div_ceil(MARK_COLUMNS));
        let marks = if lane_h >= 8.0 { lanes.mark_columns(column_ms) } else { Vec::new() };
        let marks = marks.into_iter().map(|(index, column, kind)| {
            Shape::Mark(MarkKey { index, column, column_ms, kind: kind.class(), lane_h: lane_h.to_bits() })
        });
        bars.chain(marks).collect::<Vec<_>>()
    };
    // Built from the lanes `shapes` just derived (the input is computed once per cursor).
    let shape = move |shape: Shape| match shape {
        Shape::Bar(key) => {
            let lanes = lanes.get_untracked().map(|(lanes, _)| lanes);
            Either::Left(lanes.and_then(|l| l.view().lanes().get(key.index).map(|lane| row_view(lane, key))))
        }
        Shape::Mark(key) => Either::Right(mark_view(key)),
    };
    let labels = move || {
        let lane_h = h.get();
        if lane_h < 12.0 {
            return Vec::new();
        }
        lanes
            .get()
            .map(|(lanes, _)| {
                lanes
                    .view()
                    .lanes()
                    .iter()
                    .enumerate()
                    .map(|(i, l)| (i, lane_h.to_bits(), format!("{} {}", l.pid.0, l.name)))
                    .collect()
            })
            .unwrap_or_default()
    };
    let label = |(index, lane_h, text): (usize, u64, String)| {
        let (y, lane_h) = lane_y(index, lane_h);
        view! {
            <text class="lane-label" x=GUTTER - 6.0 y=y + lane_h * 0.7 text-anchor="end">
                {text}
            </text>
        }
    };
    let now_x = move || axis.with(|a| x(a, now.get()));
    let scale = move || axis.with(|a| format!("translate({GUTTER} 0) scale({} 1)", TRACK / secs(a.end)));
    view! {
        <figure class="timeline">
            <figcaption aria-label="Timeline summary">
                {move || {
                    let (processes, finished, running, start) = summary.get();
                    let mut text = format!("{processes} processes · {finished} finished · {running} running");
                    if (count.get() as u64) < processes {
                        text += &format!(" · {} drawn (the others exited before the trace's oldest event)", count.get());
                    }
                    if start > 0 {
                        text += &format!(" · from event {start}");
                    }
                    text
                }}
            </figcaption>
            <div class="timeline-scroll">
                <svg
                    class="lanes"
                    shape-rendering="crispEdges"
                    role="img"
                    aria-label=move || format!("Timeline of {} processes", count.get())
                    viewBox=move || format!("0 0 {WIDTH} {}", height())
                    width="100%"
                >
                    <clipPath id="timeline-until-now">
                        <rect x="0" y="0" width=move || now_x() + 2.0 height=height />
                    </clipPath>
                    {move || {
                        axis.with(|a| {
                            a.ticks
                                .iter()
                                .map(|t| {
                                    let tx = x(a, *t);
                                    view! {
                                        <g class="tick">
                                            <line x1=tx x2=tx y1=AXIS_H - 4.0 y2=height() />
                                            <text x=tx y=AXIS_H - 8.0 text-anchor="middle">{Axis::label(*t)}</text>
                                        </g>
                                    }
                                })
                                .collect_view()
                        })
                    }}
                    <For each=labels key=|label| label.clone() children=label />
                    <g clip-path="url(#timeline-until-now)">
                        <g transform=scale>
                            <For each=shapes key=|shape| *shape children=shape />
                        </g>
                    </g>
                    <line class="now" x1=now_x x2=now_x y1=AXIS_H - 4.0 y2=height />
                </svg>
            </div>
            <Legend />
        </figure>
    }
}

#[component]
fn Legend() -> impl IntoView {
    let swatch = |class: &'static str, label: &'static str| {
        view! {
            <li>
                <span class=format!("swatch {class}")></span>
                {label}
            </li>
        }
    };
    view! {
        <ul class="legend" aria-label="Legend">
            {swatch("running", "running")}
            {swatch("normal", ":normal")}
            {swatch("shutdown", ":shutdown, {:shutdown, _}")}
            {swatch("killed", ":killed")}
            {swatch("timeout", "{:timeout, _}")}
            {swatch("error", "any other reason (a crash)")}
            {swatch("noproc", ":noproc")}
            {swatch("call", "call")}
            {swatch("cast", "cast")}
            {swatch("info", "info")}
            {swatch("reply", "reply")}
            {swatch("timer-set", "timer")}
            <li class="axis-unit">"time axis: virtual ms"</li>
        </ul>
    }
}
