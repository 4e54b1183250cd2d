//! Native tests of the timeline's geometry: supervision order and collapsing, the span and its
//! ticks, zoom and pan, marks aggregated into cells, and hover texts.

use proptest::prelude::*;
use rustc_hash::FxHashSet;

use super::scene::*;
use crate::model::fold::fold;
use crate::model::lanes::{Lanes, MarkKind};
use crate::runtime::prelude::*;

fn spawn(parent: Option<u32>, name: &str) -> EventKind {
    EventKind::Spawn { parent: parent.map(Pid), name: Atom::intern(name), behaviour: Behaviour::Process }
}

fn info(to: u32) -> EventKind {
    EventKind::Send { to: Pid(to), label: Atom::intern("hello"), kind: MsgKind::Info }
}

fn timer_fired(to: u32) -> EventKind {
    EventKind::TimerFired { timer: Ref(1), to: Pid(to), label: Atom::intern("tick") }
}

/// A tree: top (1) ─ sup_a (2) ─ w (3), w (4); top ─ sup_b (5) ─ w (6); and a caller (7) with a task (8).
fn tree() -> Trace {
    let mut t = Trace::with_capacity(1000);
    t.record(0, Pid(1), spawn(None, "top"));
    t.record(0, Pid(2), spawn(Some(1), "sup_a"));
    t.record(0, Pid(5), spawn(Some(1), "sup_b"));
    t.record(1, Pid(3), spawn(Some(2), "w"));
    t.record(1, Pid(7), spawn(None, "caller"));
    t.record(2, Pid(4), spawn(Some(2), "w"));
    t.record(2, Pid(6), spawn(Some(5), "w"));
    t.record(3, Pid(8), spawn(Some(7), "task"));
    t
}

fn lanes_of(trace: &Trace) -> Lanes {
    fold(Lanes::new(trace.capacity()), trace.events())
}

/// Each row as `pid@depth`, plus `(+hidden)` when collapsed.
fn shown(lanes: &Lanes, rows: &Rows) -> Vec<String> {
    rows.rows()
        .iter()
        .map(|r| {
            let pid = lanes.lanes()[r.lane].pid.0;
            if r.collapsed { format!("{pid}@{}(+{})", r.depth, r.hidden) } else { format!("{pid}@{}", r.depth) }
        })
        .collect()
}

#[test]
fn rows_put_every_process_under_the_one_that_spawned_it_in_spawn_order() {
    let lanes = lanes_of(&tree());
    let rows = Rows::new(&lanes, &FxHashSet::default());
    assert_eq!(shown(&lanes, &rows), ["1@0", "2@1", "3@2", "4@2", "5@1", "6@2", "7@0", "8@1"]);
    assert_eq!(rows.rows()[0].children, 2, "top supervises two supervisors");
}

#[test]
fn a_collapsed_row_stands_for_its_whole_subtree() {
    let lanes = lanes_of(&tree());
    let rows = Rows::new(&lanes, &FxHashSet::from_iter([Pid(1)]));
    assert_eq!(shown(&lanes, &rows), ["1@0(+5)", "7@0", "8@1"]);
    let w = lanes.position(Pid(6)).unwrap();
    assert_eq!(rows.row_of(w), Some(0), "a worker two levels down is drawn on the collapsed row");
    let nested = Rows::new(&lanes, &FxHashSet::from_iter([Pid(2), Pid(8)]));
    assert_eq!(shown(&lanes, &nested), ["1@0", "2@1(+2)", "5@1", "6@2", "7@0", "8@1"], "a leaf does not collapse");
}

#[test]
fn a_process_whose_parent_is_no_longer_drawn_is_a_root() {
    let mut t = Trace::with_capacity(1000);
    t.record(0, Pid(9), spawn(Some(4), "orphan"));
    t.record(0, Pid(10), spawn(Some(9), "child"));
    let lanes = lanes_of(&t);
    assert_eq!(shown(&lanes, &Rows::new(&lanes, &FxHashSet::default())), ["9@0", "10@1"]);
}

#[test]
fn visible_rows_are_those_the_scrolled_viewport_shows() {
    let mut t = Trace::with_capacity(10_000);
    (1..=1000).for_each(|i| t.record(0, Pid(i), spawn(None, "w")));
    let lanes = lanes_of(&t);
    let rows = Rows::new(&lanes, &FxHashSet::default());
    let height = AXIS_H + 10.0 * ROW_H;
    assert_eq!(rows.visible(0.0, height), 0..11);
    assert_eq!(rows.visible(ROW_H * 500.5, height), 500..511);
    assert_eq!(rows.visible(ROW_H * 995.0, height), 995..1000, "the last rows, not past them");
}

#[test]
fn the_span_fits_what_happened_once_nothing_runs() {
    let mut t = Trace::with_capacity(100);
    t.record(0, Pid(1), spawn(None, "quick"));
    t.record(300, Pid(1), EventKind::Exit { reason: ExitReason::Normal });
    let span = Span::fit(&lanes_of(&t), 20_000);
    assert_eq!((span.from, span.to), (0.0, 312.0), "a 300 ms run fills the axis, whatever the clock says");
    let (step, ticks) = span.ticks(800.0, 90.0);
    assert_eq!((step, ticks.last().copied()), (50, Some(300)));
}

#[test]
fn while_something_runs_the_span_reaches_the_clock_rounded_up() {
    let mut t = Trace::with_capacity(100);
    t.record(0, Pid(1), spawn(None, "sleeper"));
    let lanes = lanes_of(&t);
    assert_eq!(Span::fit(&lanes, 2_900).to, 5_000.0);
    assert_eq!(Span::fit(&lanes, 86_000_000).to, 86_400_000.0, "a virtual day ends at 24:00:00");
}

#[test]
fn zooming_keeps_the_time_under_the_pointer_in_place_and_stays_in_bounds() {
    let limit = Span { from: 0.0, to: 10_000.0 };
    let zoomed = limit.zoom(0.5, 2_500.0, limit);
    assert_eq!((zoomed.from, zoomed.to), (1_250.0, 6_250.0));
    let (before, after) = (limit.x(2_500.0, 0.0, 800.0), zoomed.x(2_500.0, 0.0, 800.0));
    assert!((before - after).abs() < 1e-9, "2.5 s stays at {before} px, not {after}");
    let out = zoomed.zoom(100.0, 2_500.0, limit);
    assert_eq!((out.from, out.to), (0.0, 10_000.0), "zooming out stops at everything");
    let tiny = limit.zoom(1e-9, 10.0, limit);
    assert_eq!(tiny.len(), MIN_SPAN);
    let panned = zoomed.pan(1e9, limit);
    assert_eq!((panned.from, panned.to), (5_000.0, 10_000.0), "panning stops at the end");
    assert_eq!(zoomed.pan(-1e9, limit).from, 0.0, "and at the start");
}

fn chatter(lanes_n: u32, marks: &[(u64, u32, bool)]) -> Lanes {
    let mut t = Trace::with_capacity(100_000);
    (1..=lanes_n).for_each(|i| t.record(0, Pid(i), spawn(if i == 1 { None } else { Some(1) }, "w")));
    for (at, pid, timer) in marks {
        t.record(*at, Pid(*pid), if *timer { timer_fired(*pid) } else { info(1) });
    }
    lanes_of(&t)
}

#[test]
fn marks_closer_than_a_cell_are_drawn_once_with_their_count_and_majority_kind() {
    // 800 px of track: 267 cells of 3 ms on a 0..800 ms span.
    let lanes = chatter(2, &[(9, 2, true), (10, 2, false), (11, 2, true), (400, 2, false)]);
    let rows = Rows::new(&lanes, &FxHashSet::default());
    let span = Span { from: 0.0, to: 800.0 };
    let cells = cells(&lanes, &rows, 0..rows.len(), span, 800.0);
    assert_eq!(
        cells,
        [
            Cell { row: 1, column: 3, count: 3, kind: MarkKind::TimerFired },
            Cell { row: 1, column: 133, count: 1, kind: MarkKind::Send(MsgKind::Info) },
        ]
    );
    let text = describe_marks(marks_on(&lanes, &rows, 1, 8.0, 12.0)).unwrap();
    assert_eq!(text, "3 marks at 9 ms – 11 ms: timer fired ×2, sent info ×1");
}

#[test]
fn a_collapsed_row_draws_the_marks_of_its_subtree() {
    let lanes = chatter(3, &[(10, 2, false), (500, 3, false)]);
    let rows = Rows::new(&lanes, &FxHashSet::from_iter([Pid(1)]));
    let cells = cells(&lanes, &rows, 0..rows.len(), Span { from: 0.0, to: 800.0 }, 800.0);
    assert_eq!(cells.iter().map(|c| (c.row, c.count)).collect::<Vec<_>>(), [(0, 1), (0, 1)]);
}

#[test]
fn three_or_more_adjacent_cells_become_one_band_of_their_majority_kind() {
    let cell = |column, count, kind| Cell { row: 4, column, count, kind };
    let (timer, info) = (MarkKind::TimerFired, MarkKind::Send(MsgKind::Info));
    let drawn =
        bands(&[cell(10, 2, timer), cell(11, 1, info), cell(12, 3, timer), cell(20, 1, info), cell(21, 5, info)]);
    assert_eq!(
        drawn,
        [
            Band { row: 4, first: 10, last: 12, count: 6, kind: timer },
            Band { row: 4, first: 20, last: 20, count: 1, kind: info },
            Band { row: 4, first: 21, last: 21, count: 5, kind: info },
        ],
        "two adjacent cells stay cells"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Every mark of a visible row inside the span is counted in exactly one cell, and no cell lies
    /// outside the track, whatever the zoom.
    #[test]
    fn cells_count_every_mark_in_view_once(
        marks in proptest::collection::vec((0_u64..5_000, 1_u32..40, any::<bool>()), 0..2_000),
        from in 0.0_f64..4_000.0,
        len in 1.0_f64..5_000.0,
        first_row in 0_usize..40,
        shown_rows in 1_usize..40,
        width in 100.0_f64..2_000.0,
    ) {
        let mut sorted = marks.clone();
        sorted.sort_by_key(|m| m.0);
        let lanes = chatter(40, &sorted);
        let rows = Rows::new(&lanes, &FxHashSet::default());
        let visible = first_row.min(rows.len())..(first_row + shown_rows).min(rows.len());
        let span = Span { from, to: from + len };
        let got = cells(&lanes, &rows, visible.clone(), span, width);
        let in_view = sorted.iter().filter(|(at, pid, _)| {
            let row = rows.row_of(lanes.position(Pid(*pid)).unwrap()).unwrap();
            visible.contains(&row) && (*at as f64) >= span.from && (*at as f64) <= span.to
        }).count();
        prop_assert_eq!(got.iter().map(|c| c.count as usize).sum::<usize>(), in_view);
        let columns = (width / CELL_PX).ceil() as u32;
        prop_assert!(got.iter().all(|c| c.column < columns && visible.contains(&c.row)));
        let mut keys: Vec<_> = got.iter().map(|c| (c.row, c.column)).collect();
        keys.sort();
        keys.dedup();
        prop_assert_eq!(keys.len(), got.len(), "one cell per row and column");
    }

    /// Ticks fall on round durations, inside the span, never closer than asked.
    #[test]
    fn ticks_are_round_and_spaced_at_every_zoom(from in 0.0_f64..1e8, len in 1.0_f64..1e8, width in 200.0_f64..3_000.0) {
        let span = Span { from, to: from + len };
        let (step, ticks) = span.ticks(width, 90.0);
        prop_assert!(ticks.iter().all(|t| t % step == 0 && (*t as f64) >= from && (*t as f64) <= from + len));
        prop_assert!(step as f64 / len * width >= 90.0 - 1e-6 || step == 1);
    }
}
