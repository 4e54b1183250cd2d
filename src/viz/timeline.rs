//! Timeline lanes in SVG: one lane per process, a bar from spawn to exit coloured by exit reason,
//! marks for messages and timers, a time axis in virtual ms, and a legend. Hover a lane for details.
//! Rows are keyed by process: a row is rebuilt only when its process exits or gains a mark; a
//! moving clock or a rescaled axis only moves attributes.

use leptos::prelude::*;

use super::model::lanes::{Axis, Lane};
use crate::ui::session::use_session;

const WIDTH: f64 = 1000.0;
const GUTTER: f64 = 170.0;
const AXIS_H: f64 = 26.0;
const TRACK: f64 = WIDTH - GUTTER - 10.0;

/// Lane height for `n` lanes: roomy for a few, dense for hundreds.
fn lane_height(n: usize) -> f64 {
    match n {
        0..=24 => 22.0,
        25..=80 => 12.0,
        _ => (1200.0 / n as f64).clamp(3.0, 8.0),
    }
}

/// What one row draws: plain data, so rows can be keyed and kept.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    index: usize,
    label: String,
    class: &'static str,
    start: u64,
    exit: Option<u64>,
    marks: Vec<(u64, &'static str)>,
    title: String,
}

impl Row {
    fn new(index: usize, lane: &Lane) -> Row {
        let state = match &lane.exit {
            Some((at, reason)) => format!("exited {reason} at {}", Axis::label(*at)),
            None => "running".to_string(),
        };
        Row {
            index,
            label: format!("{} {}", lane.pid.0, lane.name),
            class: lane.class(),
            start: lane.start,
            exit: lane.exit.as_ref().map(|(at, _)| *at),
            marks: lane.marks.iter().map(|m| (m.at, m.kind.class())).collect(),
            title: format!(
                "{} {} ({}): started at {}; {state}; {} marks",
                lane.pid,
                lane.name,
                lane.behaviour.as_str(),
                Axis::label(lane.start),
                lane.marks.len()
            ),
        }
    }

    /// Rebuilt when the process exits or gains a mark, or the lane height changes.
    fn key(&self) -> (usize, bool, usize) {
        (self.index, self.exit.is_some(), self.marks.len())
    }
}

fn x(axis: &Axis, at: u64) -> f64 {
    GUTTER + axis.x(at, TRACK)
}

#[component]
pub fn Timeline() -> impl IntoView {
    let session = use_session();
    let now = Memo::new(move |_| session.lanes().map_or(0, |(_, now)| now));
    let count = Memo::new(move |_| session.lanes().map_or(0, |(l, _)| l.len()));
    let finished =
        Memo::new(move |_| session.lanes().map_or(0, |(l, _)| l.iter().filter(|l| l.exit.is_some()).count()));
    let axis = Memo::new(move |_| {
        let end = session.lanes().map_or(0, |(l, now)| l.iter().map(|l| l.end(now)).max().unwrap_or(0).max(now));
        Axis::covering(end.max(1000), 8)
    });
    let h = Memo::new(move |_| lane_height(count.get()));
    let height = move || AXIS_H + h.get() * count.get() as f64 + 8.0;
    let rows = move || {
        let lane_h = h.get();
        session
            .lanes()
            .map(|(lanes, _)| {
                lanes.iter().enumerate().map(|(i, l)| (lane_h.to_bits(), Row::new(i, l))).collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let row_view = move |(_, row): (u64, Row)| {
        let lane_h = h.get_untracked();
        let y = AXIS_H + row.index as f64 * lane_h;
        let start = row.start;
        let exit = row.exit;
        let label = (lane_h >= 12.0).then(|| {
            view! {
                <text class="lane-label" x=GUTTER - 6.0 y=y + lane_h * 0.7 text-anchor="end">
                    {row.label.clone()}
                </text>
            }
        });
        let marks = (lane_h >= 8.0).then(|| {
            row.marks
                .iter()
                .map(|(at, class)| {
                    let at = *at;
                    view! {
                        <rect
                            class=format!("mark {class}")
                            x=move || axis.with(|a| x(a, at)) - 1.0
                            y=y + 1.0
                            width="2"
                            height=lane_h - 2.0
                        />
                    }
                })
                .collect_view()
        });
        view! {
            <g class=format!("lane {}", row.class)>
                <title>{row.title.clone()}</title>
                {label}
                <rect
                    class="bar"
                    x=move || axis.with(|a| x(a, start))
                    y=y + lane_h * 0.2
                    width=move || {
                        let end = exit.unwrap_or_else(|| now.get());
                        axis.with(|a| (x(a, end) - x(a, start)).max(1.5))
                    }
                    height=lane_h * 0.6
                    rx="2"
                />
                {marks}
            </g>
        }
    };
    view! {
        <figure class="timeline">
            <figcaption aria-label="Timeline summary">
                {move || format!("{} processes · {} finished · {} running", count.get(), finished.get(), count.get() - finished.get())}
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
                    <For each=rows key=|(h, row)| (*h, row.key()) children=row_view />
                    <line
                        class="now"
                        x1=move || axis.with(|a| x(a, now.get()))
                        x2=move || axis.with(|a| x(a, now.get()))
                        y1=AXIS_H - 4.0
                        y2=height
                    />
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
            {swatch("shutdown", ":shutdown")}
            {swatch("killed", ":killed")}
            {swatch("timeout", "timeout")}
            {swatch("error", "crash {:error, _}")}
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
