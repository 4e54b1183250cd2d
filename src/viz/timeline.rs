//! Timeline lanes in SVG: one lane per process, a bar from spawn to exit coloured by exit reason,
//! marks for messages and timers, a time axis in virtual ms, and a legend. Hover a lane for details.

use leptos::prelude::*;

use super::model::lanes::{Axis, Lane, lanes};
use crate::ui::session::use_session;

const WIDTH: f64 = 1000.0;
const GUTTER: f64 = 170.0;
const AXIS_H: f64 = 26.0;

/// Lane height for `n` lanes: roomy for a few, dense for hundreds.
fn lane_height(n: usize) -> f64 {
    match n {
        0..=24 => 22.0,
        25..=80 => 12.0,
        _ => (1200.0 / n as f64).clamp(3.0, 8.0),
    }
}

fn lane_title(lane: &Lane, now: u64) -> String {
    let state = match &lane.exit {
        Some((at, reason)) => format!("exited {reason} at {}", Axis::label(*at)),
        None => "running".to_string(),
    };
    format!(
        "{} {} ({}): from {} to {}, {} ms; {state}; {} marks",
        lane.pid,
        lane.name,
        lane.behaviour.as_str(),
        Axis::label(lane.start),
        Axis::label(lane.end(now)),
        lane.end(now) - lane.start,
        lane.marks.len()
    )
}

#[component]
pub fn Timeline() -> impl IntoView {
    let session = use_session();
    let model = move || session.with_events(|events, now| (lanes(events.iter().copied()), now));
    view! {
        <figure class="timeline">
            {move || {
                let Some((lanes, now)) = model() else {
                    return view! { <p class="empty">"Nothing is running."</p> }.into_any();
                };
                let finished = lanes.iter().filter(|l| l.exit.is_some()).count();
                let summary = format!("{} processes · {finished} finished · {} running", lanes.len(), lanes.len() - finished);
                let end = lanes.iter().map(|l| l.end(now)).max().unwrap_or(0).max(now).max(1000);
                let axis = Axis::new(end, 8);
                let h = lane_height(lanes.len());
                let track = WIDTH - GUTTER - 10.0;
                let x = |at: u64| GUTTER + axis.x(at, track);
                let height = AXIS_H + h * lanes.len() as f64 + 8.0;
                let ticks = axis
                    .ticks
                    .iter()
                    .map(|t| {
                        let tx = x(*t);
                        view! {
                            <g class="tick">
                                <line x1=tx x2=tx y1=AXIS_H - 4.0 y2=height />
                                <text x=tx y=AXIS_H - 8.0 text-anchor="middle">{Axis::label(*t)}</text>
                            </g>
                        }
                    })
                    .collect_view();
                let show_labels = h >= 12.0;
                let rows = lanes
                    .iter()
                    .enumerate()
                    .map(|(i, lane)| {
                        let y = AXIS_H + i as f64 * h;
                        let (x0, x1) = (x(lane.start), x(lane.end(now)));
                        let marks = (h >= 8.0).then(|| {
                            lane.marks
                                .iter()
                                .map(|m| view! { <rect class=format!("mark {}", m.kind.class()) x=x(m.at) - 1.0 y=y + 1.0 width="2" height=h - 2.0 /> })
                                .collect_view()
                        });
                        let label = show_labels.then(|| {
                            view! { <text class="lane-label" x=GUTTER - 6.0 y=y + h * 0.7 text-anchor="end">{format!("{} {}", lane.pid.0, lane.name)}</text> }
                        });
                        view! {
                            <g class=format!("lane {}", lane.class())>
                                <title>{lane_title(lane, now)}</title>
                                {label}
                                <rect class="bar" x=x0 y=y + h * 0.2 width=(x1 - x0).max(1.5) height=h * 0.6 rx="2" />
                                {marks}
                            </g>
                        }
                    })
                    .collect_view();
                view! {
                    <figcaption aria-label="Timeline summary">{summary}</figcaption>
                    <div class="timeline-scroll">
                        <svg
                            class="lanes"
                            role="img"
                            aria-label=format!("Timeline of {} processes", lanes.len())
                            viewBox=format!("0 0 {WIDTH} {height}")
                            width="100%"
                        >
                            {ticks}
                            {rows}
                            <line class="now" x1=x(now) x2=x(now) y1=AXIS_H - 4.0 y2=height />
                        </svg>
                    </div>
                }
                .into_any()
            }}
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
