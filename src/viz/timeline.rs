//! Timeline lanes on a canvas (Kino.Process-style, at `:observer` scale): one row per process under
//! the one that spawned it, a bar from spawn to exit coloured by exit reason, marks for messages and
//! timers aggregated per few pixels, a time axis with round ticks. Only the rows in view are drawn,
//! so 10,000 lanes cost what 40 do. Zoom and pan the time axis (Ctrl+wheel, wheel over the axis,
//! drag, the buttons, or + − 0 A D), fold a supervisor's subtree into its row, hover for details;
//! the lane table below is the same facts as text, for the keyboard and screen readers.

use std::rc::Rc;
use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;
use rustc_hash::FxHashSet;

use super::scene::{self, AXIS_H, CELL_PX, INDENT_PX, ROW_H, Rows, Span};
use crate::model::float::clamp;
use crate::model::fold::Folded;
use crate::model::lanes::{Axis, Lanes};
use crate::runtime::order::sort_by_key;
use crate::runtime::pid::Pid;
use crate::web::canvas::{self, Painter};
use crate::web::page;

/// The lanes on screen (folded up to the cursor) and the clock they show.
pub type ShownLanes = Option<(Rc<Folded<Lanes>>, u64)>;

/// Right margin of the track, px.
const RIGHT: f64 = 10.0;
/// Ticks at least this far apart, px.
const TICK_PX: f64 = 90.0;
const LABEL_FONT: &str = "12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
const AXIS_FONT: &str = "12px system-ui, sans-serif";
/// Lane table rows per page.
const TABLE_PAGE: usize = 100;

/// Every class the canvas colours, with the legend swatch that gives its colour.
const CLASSES: [(&str, &str); 16] = [
    ("running", "running"),
    ("normal", "normal"),
    ("shutdown", "shutdown"),
    ("killed", "killed"),
    ("timeout", "timeout"),
    ("error", "error"),
    ("noproc", "noproc"),
    ("call", "call"),
    ("cast", "cast"),
    ("info", "info"),
    ("reply", "reply"),
    ("timer-set", "timer"),
    ("timer-fired", "timer"),
    ("timer-cancelled", "timer"),
    ("restart", "restart"),
    ("down", "restart"),
];

/// The page's colours as the canvas needs them, read from CSS.
#[derive(Clone, Debug, Default, PartialEq)]
struct Palette {
    bg: String,
    fg: String,
    muted: String,
    border: String,
    surface: String,
    accent: String,
    classes: Vec<(&'static str, String)>,
}

impl Palette {
    fn read(figure: &web_sys::Element) -> Palette {
        let swatch = |class: &str| {
            figure
                .query_selector(&format!(".legend .swatch.{class}"))
                .ok()
                .flatten()
                .map(|s| canvas::css(&s, "background-color"))
                .unwrap_or_default()
        };
        Palette {
            bg: canvas::css(figure, "--bg"),
            fg: canvas::css(figure, "--fg"),
            muted: canvas::css(figure, "--muted"),
            border: canvas::css(figure, "--border"),
            surface: canvas::css(figure, "--surface"),
            accent: canvas::css(figure, "--accent"),
            classes: CLASSES.iter().map(|(class, legend)| (*class, swatch(legend))).collect(),
        }
    }

    fn of(&self, class: &str) -> &str {
        self.classes.iter().find(|(c, _)| *c == class).map_or(self.fg.as_str(), |(_, colour)| colour.as_str())
    }
}

/// Everything one frame of the canvas depends on.
struct Frame<'a> {
    lanes: &'a Lanes,
    rows: &'a Rows,
    now: u64,
    span: Span,
    width: f64,
    height: f64,
    scroll: f64,
    hover: Option<usize>,
    palette: &'a Palette,
}

fn paint(p: &Painter, f: &Frame) {
    let gutter = scene::gutter(f.width);
    let track = f.width - gutter - RIGHT;
    let x = |at: f64| f.span.x(at, gutter, track);
    let y = |row: usize| AXIS_H + row as f64 * ROW_H - f.scroll;
    let visible = f.rows.visible(f.scroll, f.height);
    let (_, ticks) = f.span.ticks(track, TICK_PX);

    p.fill(&f.palette.bg);
    p.rect(0.0, 0.0, f.width, f.height);
    if let Some(row) = f.hover.filter(|r| visible.contains(r)) {
        p.fill(&f.palette.surface);
        p.rect(0.0, y(row), f.width, ROW_H);
    }
    p.stroke(&f.palette.border, 1.0, &[]);
    for t in &ticks {
        let tx = x(*t as f64).round() + 0.5;
        p.line(tx, AXIS_H, tx, f.height);
    }

    p.clipped(gutter, AXIS_H, track + 1.0, f.height - AXIS_H, |p| {
        // Bars, then marks over them, each batched by colour.
        let mut bars: Vec<(&str, f64, f64, f64)> = Vec::with_capacity(visible.len());
        for row in visible.clone() {
            let lane = &f.lanes.lanes()[f.rows.rows()[row].lane];
            let (x0, x1) =
                (x(lane.start as f64).max(gutter - 2.0), x(lane.end(f.now) as f64).min(gutter + track + 2.0));
            if x1 >= gutter - 2.0 && x0 <= gutter + track {
                bars.push((lane.class(), x0, (x1 - x0).max(2.0), y(row)));
            }
        }
        sort_by_key(&mut bars, |b| b.0);
        let mut current = "";
        for (class, bx, bw, by) in bars {
            if class != current {
                p.fill(f.palette.of(class));
                current = class;
            }
            p.rect(bx, by + ROW_H * 0.3, bw, ROW_H * 0.4);
        }
        let mut bands = scene::bands(&scene::cells(f.lanes, f.rows, visible.clone(), f.span, track));
        sort_by_key(&mut bands, |b| b.kind.class());
        let mut current = "";
        for band in bands {
            let class = band.kind.class();
            if class != current {
                p.fill(f.palette.of(class));
                current = class;
            }
            let (bx, by) = (gutter + band.first as f64 * CELL_PX, y(band.row));
            if band.count == 1 {
                p.rect(bx + 0.75, by + 2.0, 1.5, ROW_H - 4.0);
            } else if band.first == band.last {
                p.rect(bx, by + 1.0, CELL_PX, ROW_H - 2.0);
            } else {
                // A stretch of dense marks: one band over the bar, its top and bottom edges showing the bar's colour.
                p.rect(bx, by + 4.0, (band.last - band.first + 1) as f64 * CELL_PX, ROW_H - 8.0);
            }
        }
    });

    p.clipped(0.0, AXIS_H, gutter - 4.0, f.height - AXIS_H, |p| {
        p.font(LABEL_FONT, "left");
        p.fill(&f.palette.fg);
        let char_w = p.width("0").max(1.0);
        for row in visible.clone() {
            let r = f.rows.rows()[row];
            let lane = &f.lanes.lanes()[r.lane];
            let indent = 4.0 + (r.depth.min(12) as f64) * INDENT_PX;
            let toggle = match (r.children, r.collapsed) {
                (0, _) => "  ",
                (_, true) => "▸ ",
                (_, false) => "▾ ",
            };
            let folded = if r.collapsed { format!(" +{}", r.hidden) } else { String::new() };
            let max = ((gutter - 8.0 - indent) / char_w).floor().max(4.0) as usize;
            let text = format!("{toggle}{}{folded}", lane.label());
            let keep = lane.pid.to_string().chars().count() + folded.chars().count() + 1;
            p.text(&scene::shorten(&text, max, keep), indent, y(row) + ROW_H / 2.0);
        }
    });

    let now_x = x(f.now as f64);
    if now_x >= gutter && now_x <= gutter + track {
        p.stroke(&f.palette.accent, 1.0, &[3.0, 3.0]);
        p.line(now_x, AXIS_H - 4.0, now_x, f.height);
    }
    // The axis band stays on top while the rows scroll under it.
    p.fill(&f.palette.bg);
    p.rect(0.0, 0.0, f.width, AXIS_H);
    p.stroke(&f.palette.border, 1.0, &[]);
    p.line(0.0, AXIS_H - 0.5, f.width, AXIS_H - 0.5);
    p.font(AXIS_FONT, "center");
    p.fill(&f.palette.muted);
    for t in &ticks {
        let label = Axis::label(*t);
        let half = p.width(&label) / 2.0;
        p.text(&label, clamp(x(*t as f64), gutter + half, f.width - half - 2.0), AXIS_H / 2.0);
    }
}

/// The row at `y` px down the canvas when the rows are scrolled `scroll` px, if there is one there.
fn row_at(rows: &Rows, y: f64, scroll: f64) -> Option<usize> {
    if y < AXIS_H {
        return None;
    }
    let row = ((y - AXIS_H + scroll) / ROW_H).floor() as usize;
    (row < rows.len()).then_some(row)
}

/// Draws `lanes` (and the clock they were folded to) on a canvas, with a legend and a lane table.
#[component]
pub fn Timeline(lanes: Signal<ShownLanes, LocalStorage>) -> impl IntoView {
    let figure = NodeRef::<html::Figure>::new();
    let scroller = NodeRef::<html::Div>::new();
    let canvas_ref = NodeRef::<html::Canvas>::new();
    let collapsed = RwSignal::new(FxHashSet::<Pid>::default());
    // `None` follows the run (fitted to what happened); `Some` is where the learner zoomed or panned.
    let camera = RwSignal::new(None::<Span>);
    let scroll = RwSignal::new(0.0_f64);
    let size = RwSignal::new((800.0_f64, 800.0_f64));
    let hover = RwSignal::new(None::<(f64, f64)>);
    let palette = RwSignal::new(Palette::default());
    let drag = StoredValue::new(None::<(f64, Span, bool)>);
    let listeners = StoredValue::new_local(Vec::new());

    let rows = Memo::new(move |_| {
        let rows = lanes.with(|l| l.as_ref().map(|(l, _)| collapsed.with(|c| Rows::new(l.view(), c))));
        Arc::new(rows.unwrap_or_default())
    });
    let fit = Memo::new(move |_| {
        lanes.with(|l| l.as_ref().map_or(Span { from: 0.0, to: 1000.0 }, |(l, now)| Span::fit(l.view(), *now)))
    });
    let span = move || camera.get().unwrap_or_else(|| fit.get());
    let track = move || {
        let width = size.get().0;
        (scene::gutter(width), width - scene::gutter(width) - RIGHT)
    };
    let total_h = move || AXIS_H + rows.with(|r| r.len()) as f64 * ROW_H + 4.0;
    let view_h = move || total_h().min(clamp(size.get().1 * 0.55, 220.0, 640.0));
    let hovered_row = move || hover.get().and_then(|(_, y)| rows.with(|r| row_at(r, y, scroll.get())));

    Effect::new(move |_| {
        let Some(canvas) = canvas_ref.get() else { return };
        let (width, _) = size.get();
        let height = view_h();
        let palette = palette.read();
        let hover = hovered_row();
        lanes.with(|shown| {
            let Some((lanes, now)) = shown else { return };
            let rows = rows.get();
            let Some(p) = Painter::begin(&canvas, width, height) else { return };
            let frame = Frame {
                lanes: lanes.view(),
                rows: &rows,
                now: *now,
                span: span(),
                width,
                height,
                scroll: scroll.get(),
                hover,
                palette: &palette,
            };
            paint(&p, &frame);
        });
    });

    let zoom = move |factor: f64, anchor: Option<f64>| {
        let current = span();
        let anchor = anchor.unwrap_or((current.from + current.to) / 2.0);
        camera.set(Some(current.zoom(factor, anchor, fit.get_untracked())));
    };
    let pan_px = move |px: f64| {
        let (_, width) = track();
        let current = span();
        camera.set(Some(current.pan(px / width * current.len(), fit.get_untracked())));
    };
    let toggle = move |row: usize| {
        let pid = lanes.with_untracked(|l| {
            let (lanes, _) = l.as_ref()?;
            let r = rows.get_untracked().rows().get(row).copied()?;
            (r.children > 0).then(|| lanes.view().lanes()[r.lane].pid)
        });
        if let Some(pid) = pid {
            collapsed.update(|c| {
                if !c.remove(&pid) {
                    c.insert(pid);
                }
            });
        }
    };
    let fold_all = move |fold: bool| {
        let groups: FxHashSet<Pid> = lanes.with_untracked(|l| {
            l.as_ref().map_or_else(FxHashSet::default, |(lanes, _)| {
                let lanes = lanes.view();
                lanes.lanes().iter().filter_map(|l| l.parent).filter(|p| lanes.position(*p).is_some()).collect()
            })
        });
        collapsed.set(if fold { groups } else { FxHashSet::default() });
    };
    let local = move |x: f64, y: f64| -> (f64, f64) {
        canvas_ref.get_untracked().map_or((x, y), |c| {
            let r = c.get_bounding_client_rect();
            (x - r.left(), y - r.top())
        })
    };

    let on_wheel = move |e: web_sys::WheelEvent| {
        let (x, y) = local(e.client_x() as f64, e.client_y() as f64);
        let (left, width) = track();
        let horizontal = e.delta_x().abs() > e.delta_y().abs();
        if e.ctrl_key() || e.meta_key() || (y < AXIS_H && !horizontal) {
            e.prevent_default();
            let anchor = span().at(x, left, width);
            zoom((e.delta_y() * 0.002).exp(), Some(anchor));
        } else if e.shift_key() || horizontal {
            e.prevent_default();
            pan_px(if horizontal { e.delta_x() } else { e.delta_y() });
        }
    };
    Effect::new(move |_| {
        let (Some(figure), Some(scroller)) = (figure.get(), scroller.get()) else { return };
        let figure_el: web_sys::Element = figure.clone().into();
        palette.set(Palette::read(&figure_el));
        let scheme = canvas::on_colour_scheme_change(move || palette.set(Palette::read(&figure_el)));
        let resize = canvas::on_resize(&scroller, move |width, window_h| size.set((width, window_h)));
        let wheel = canvas_ref.get_untracked().and_then(|c| canvas::on_wheel(&c, on_wheel));
        listeners.set_value(scheme.into_iter().chain(resize).chain(wheel).collect());
    });

    let on_pointerdown = move |e: web_sys::PointerEvent| {
        if e.button() != 0 {
            return;
        }
        let (x, _) = local(e.client_x() as f64, e.client_y() as f64);
        drag.set_value(Some((x, span(), false)));
    };
    let on_pointermove = move |e: web_sys::PointerEvent| {
        let (x, y) = local(e.client_x() as f64, e.client_y() as f64);
        hover.set(Some((x, y)));
        if let Some((x0, start, moved)) = drag.get_value()
            && (moved || (x - x0).abs() > 3.0)
        {
            if !moved && let Some(c) = canvas_ref.get_untracked() {
                let _ = c.set_pointer_capture(e.pointer_id());
            }
            drag.set_value(Some((x0, start, true)));
            let (_, width) = track();
            camera.set(Some(start.pan((x0 - x) / width * start.len(), fit.get_untracked())));
        }
    };
    let on_pointerup = move |e: web_sys::PointerEvent| {
        let (x, y) = local(e.client_x() as f64, e.client_y() as f64);
        if let Some((_, _, false)) = drag.get_value()
            && x < track().0
            && let Some(row) = rows.with_untracked(|r| row_at(r, y, scroll.get_untracked()))
        {
            toggle(row);
        }
        drag.set_value(None);
    };
    let on_keydown = move |e: web_sys::KeyboardEvent| {
        let handled = match e.key().as_str() {
            "+" | "=" | "w" => {
                zoom(0.8, None);
                true
            }
            "-" | "_" | "s" => {
                zoom(1.25, None);
                true
            }
            "a" => {
                pan_px(-track().1 / 5.0);
                true
            }
            "d" => {
                pan_px(track().1 / 5.0);
                true
            }
            "0" => {
                camera.set(None);
                true
            }
            _ => false,
        };
        if handled {
            e.prevent_default();
            e.stop_propagation();
        }
    };

    let tip = move || {
        let (x, y) = hover.get()?;
        let row = hovered_row()?;
        lanes.with(|shown| {
            let (lanes, _) = shown.as_ref()?;
            let lanes = lanes.view();
            let rows = rows.get();
            let r = rows.rows()[row];
            let mut text = scene::describe_lane(lanes, &lanes.lanes()[r.lane], &r);
            let (left, width) = track();
            if x >= left {
                let (from, to) = scene::cell_span(span(), width, x - left);
                if let Some(marks) = scene::describe_marks(scene::marks_on(lanes, &rows, row, from, to)) {
                    text = format!("{text}\n{marks}");
                }
            }
            Some((x, y, text))
        })
    };
    let summary = move || {
        lanes.with(|shown| {
            let Some((l, _)) = shown else { return "0 processes · 0 finished · 0 running".to_string() };
            let v = l.view();
            let mut text = format!("{} processes · {} finished · {} running", v.processes(), v.finished(), v.running());
            if (v.lanes().len() as u64) < v.processes() {
                text += &format!(" · {} drawn (the others exited before the trace's oldest event)", v.lanes().len());
            }
            if l.start() > 0 {
                text += &format!(" · from event {}", l.start());
            }
            text
        })
    };
    let count = move || lanes.with(|l| l.as_ref().map_or(0, |(l, _)| l.view().lanes().len()));
    let step = move || {
        let (_, width) = track();
        Axis::label(span().ticks(width, TICK_PX).0)
    };

    view! {
        <section class="timeline-region" aria-label="Timeline">
        <figure class="timeline" node_ref=figure>
            <figcaption aria-label="Timeline summary">{summary}</figcaption>
            <div class="timeline-tools" role="group" aria-label="Timeline zoom">
                <button on:click=move |_| zoom(0.5, None) aria-label="Zoom in">"+"</button>
                <button on:click=move |_| zoom(2.0, None) aria-label="Zoom out">"−"</button>
                <button on:click=move |_| camera.set(None) aria-pressed=move || camera.get().is_none().to_string()>
                    "Fit"
                </button>
                <button on:click=move |_| fold_all(true)>"Fold all"</button>
                <button on:click=move |_| fold_all(false)>"Unfold all"</button>
                <span class="hint" aria-label="Shown span">
                    {move || {
                        let s = span();
                        format!("{} – {}", Axis::label(s.from.max(0.0) as u64), Axis::label(s.to as u64))
                    }}
                </span>
            </div>
            <div class="timeline-frame">
            <div
                class="timeline-scroll"
                node_ref=scroller
                tabindex="0"
                aria-label="Timeline: Ctrl+wheel or + and − zoom, drag or A and D pan, 0 fits; click ▸ to fold a supervisor"
                style:max-height=move || format!("{}px", page::number(view_h()))
                on:scroll=move |e| scroll.set(event_target::<web_sys::Element>(&e).scroll_top() as f64)
                on:keydown=on_keydown
            >
                <canvas
                    node_ref=canvas_ref
                    class="lanes"
                    role="img"
                    aria-label=move || format!("Timeline of {} processes", count())
                    style:height=move || format!("{}px", page::number(view_h()))
                    on:pointerdown=on_pointerdown
                    on:pointermove=on_pointermove
                    on:pointerup=on_pointerup
                    on:pointerleave=move |_| hover.set(None)
                    on:dblclick=move |_| camera.set(None)
                ></canvas>
                <div class="timeline-spacer" style:height=move || format!("{}px", page::number((total_h() - view_h()).max(0.0)))></div>
            </div>
            {move || {
                tip()
                    .map(|(x, y, text)| {
                        view! {
                            <div class="timeline-tip" role="tooltip" style:left=format!("{}px", page::number(x + 14.0)) style:top=format!("{}px", page::number(y + 14.0))>
                                {text}
                            </div>
                        }
                    })
            }}
            </div>
            <Legend step=Signal::derive(step) />
            <LaneTable lanes=lanes rows=rows />
        </figure>
        </section>
    }
}

/// What each colour means, and the axis's step; the canvas takes its colours from these swatches.
#[component]
fn Legend(step: Signal<String>) -> impl IntoView {
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
            {swatch("timer", "timer set, fired, cancelled")}
            {swatch("restart", "restart, :DOWN")}
            <li class="axis-unit">{move || format!("virtual time; a tick every {}; a wide mark is several marks", step.get())}</li>
        </ul>
    }
}

/// The timeline as a table, a page of rows at a time: each process (in the timeline's order, folded
/// rows as folded), what it is, when it started and how it ended. Built only while open.
#[component]
fn LaneTable(lanes: Signal<ShownLanes, LocalStorage>, rows: Memo<Arc<Rows>>) -> impl IntoView {
    let open = RwSignal::new(false);
    let page = RwSignal::new(0_usize);
    let pages = move || rows.with(|r| r.len().div_ceil(TABLE_PAGE).max(1));
    let body = move || {
        if !open.get() {
            return Vec::new();
        }
        let page = page.get().min(pages() - 1);
        lanes.with(|shown| {
            let Some((lanes, now)) = shown else { return Vec::new() };
            let lanes = lanes.view();
            let rows = rows.get();
            rows.rows()
                .iter()
                .skip(page * TABLE_PAGE)
                .take(TABLE_PAGE)
                .map(|r| {
                    let lane = &lanes.lanes()[r.lane];
                    let folded = if r.collapsed { format!(" (+{} folded)", r.hidden) } else { String::new() };
                    let state = match &lane.exit {
                        Some(exit) => format!("exited {} at {}", exit.reason, Axis::label(exit.at)),
                        None => format!("running ({} so far)", Axis::label(now.saturating_sub(lane.start))),
                    };
                    view! {
                        <tr>
                            <th scope="row" style:padding-left=format!("{}px", page::number(4.0 + r.depth.min(12) as f64 * INDENT_PX))>
                                {format!("{}{folded}", lane.label())}
                            </th>
                            <td>{lane.behaviour.as_str()}</td>
                            <td>{Axis::label(lane.start)}</td>
                            <td>{state}</td>
                        </tr>
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <details class="lane-table" on:toggle=move |e| open.set(event_target::<web_sys::HtmlDetailsElement>(&e).open())>
            <summary>{move || format!("Lane table ({} rows)", rows.with(|r| r.len()))}</summary>
            <div class="lane-table-pages" role="group" aria-label="Lane table pages">
                <button on:click=move |_| page.update(|p| *p = p.saturating_sub(1)) disabled=move || page.get() == 0>
                    "Previous"
                </button>
                <span>{move || format!("page {} of {}", page.get().min(pages() - 1) + 1, pages())}</span>
                <button on:click=move |_| page.update(|p| *p = (*p + 1).min(pages() - 1)) disabled=move || page.get() + 1 >= pages()>
                    "Next"
                </button>
            </div>
            <table aria-label="Lanes">
                <thead>
                    <tr>
                        <th scope="col">"Process"</th>
                        <th scope="col">"Kind"</th>
                        <th scope="col">"Started"</th>
                        <th scope="col">"State"</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </details>
    }
}
