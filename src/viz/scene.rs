//! The timeline's geometry as plain numbers (what `:observer`'s process view and Kino.Process draw):
//! rows in supervision order with collapsible groups, the time span on screen and its round ticks,
//! marks aggregated per few pixels, and what lies under the pointer. No browser types: tested
//! natively, painted by `timeline`.

use std::ops::Range;

use rustc_hash::FxHashSet;

use crate::model::float::clamp;
use crate::model::lanes::{Lane, Lanes, Mark, MarkKind, nice_at_least};
use crate::runtime::order::{sort_by, sort_by_key};
use crate::runtime::pid::Pid;

/// One row's height, in CSS px: room for 12 px text at any width.
pub const ROW_H: f64 = 18.0;
/// The time axis band above the rows, in CSS px.
pub const AXIS_H: f64 = 22.0;
/// Marks closer than this many px share a cell, drawn once with their count.
pub const CELL_PX: f64 = 3.0;
/// How far each level of the supervision tree is indented in the label gutter, in px.
pub const INDENT_PX: f64 = 10.0;
/// The shortest span the learner can zoom to, in ms.
pub const MIN_SPAN: f64 = 1.0;

/// The label gutter's width for a canvas `width` px wide: 36 % of it, from 150 to 300 px.
pub fn gutter(width: f64) -> f64 {
    clamp(width * 0.36, 150.0, 300.0)
}

/// One drawn row: a lane, how deep it sits under its supervisors, and what it hides when collapsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    /// Its lane's position in [`Lanes::lanes`].
    pub lane: usize,
    pub depth: u32,
    /// Direct children drawn (or hidden) under it.
    pub children: u32,
    /// Descendants folded into this row because it is collapsed (0 when expanded).
    pub hidden: u32,
    pub collapsed: bool,
}

/// The rows in supervision order: every lane under the process that spawned it (a supervisor's
/// children under the supervisor, a caller's tasks under the caller), children in spawn order, and
/// a collapsed row standing for its whole subtree.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rows {
    rows: Vec<Row>,
    /// For each lane, the row that draws it: its own, or its nearest collapsed ancestor's.
    row_of: Vec<u32>,
}

impl Rows {
    /// Orders `lanes` by their parents, folding the subtree of every pid in `collapsed` into its row.
    /// A lane whose parent is not drawn (it exited long ago, or there is none) is a root.
    pub fn new(lanes: &Lanes, collapsed: &FxHashSet<Pid>) -> Rows {
        const NONE: u32 = u32::MAX;
        let all = lanes.lanes();
        let n = all.len();
        // Children as linked lists (first child, next sibling), newest first: pushed on the stack in
        // that order, they come off it oldest first.
        let (mut first, mut next, mut count) = (vec![NONE; n], vec![NONE; n], vec![0_u32; n]);
        let mut roots = Vec::new();
        for (i, lane) in all.iter().enumerate() {
            match lane.parent.and_then(|p| lanes.position(p)).filter(|p| *p < i) {
                Some(p) => {
                    next[i] = first[p];
                    first[p] = i as u32;
                    count[p] += 1;
                }
                None => roots.push(i as u32),
            }
        }
        let mut rows: Vec<Row> = Vec::with_capacity(n);
        let mut row_of = vec![NONE; n];
        // Depth-first, children in spawn order: a stack of (lane, depth, the collapsed row it folds into).
        let mut stack: Vec<(u32, u32, u32)> = roots.into_iter().rev().map(|r| (r, 0, NONE)).collect();
        while let Some((lane, depth, folded_into)) = stack.pop() {
            let i = lane as usize;
            let into = if folded_into != NONE {
                rows[folded_into as usize].hidden += 1;
                row_of[i] = folded_into;
                folded_into
            } else {
                row_of[i] = rows.len() as u32;
                let collapsed = count[i] > 0 && collapsed.contains(&all[i].pid);
                rows.push(Row { lane: i, depth, children: count[i], hidden: 0, collapsed });
                if collapsed { row_of[i] } else { NONE }
            };
            let mut child = first[i];
            while child != NONE {
                stack.push((child, depth + 1, into));
                child = next[child as usize];
            }
        }
        Rows { rows, row_of }
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The row that draws lane `lane` (its own or a collapsed ancestor's).
    pub fn row_of(&self, lane: usize) -> Option<usize> {
        self.row_of.get(lane).filter(|r| **r != u32::MAX).map(|r| *r as usize)
    }

    /// The rows in view when the rows are scrolled `scroll` px down a viewport `height` px tall (axis included).
    pub fn visible(&self, scroll: f64, height: f64) -> Range<usize> {
        let first = (scroll.max(0.0) / ROW_H).floor() as usize;
        let shown = ((height - AXIS_H).max(0.0) / ROW_H).ceil() as usize + 1;
        first.min(self.len())..(first + shown).min(self.len())
    }
}

/// A span of virtual time on screen, in ms.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Span {
    pub from: f64,
    pub to: f64,
}

impl Span {
    /// What happened, fitted: from 0 to the last thing drawn — while something runs, to the clock
    /// rounded up to a round duration (so a moving clock rescales the axis only now and then);
    /// once nothing runs, to the last exit or mark, with a little room after it.
    pub fn fit(lanes: &Lanes, now: u64) -> Span {
        let running = lanes.lanes().iter().any(|l| l.exit.is_none());
        if running {
            return Span { from: 0.0, to: nice_at_least(now.max(10)) as f64 };
        }
        let last_exit = lanes.lanes().iter().filter_map(|l| l.exit.as_ref().map(|e| e.at)).max().unwrap_or(0);
        let last_mark = lanes.marks().next_back().map_or(0, |m| m.at);
        let end = last_exit.max(last_mark).max(10) as f64;
        Span { from: 0.0, to: end * 1.04 }
    }

    pub fn len(&self) -> f64 {
        self.to - self.from
    }

    /// Zoomed by `factor` (below 1 zooms in) around `anchor` ms, which stays where it is on
    /// screen; never shorter than [`MIN_SPAN`], never wider than `limit`, and inside it.
    pub fn zoom(self, factor: f64, anchor: f64, limit: Span) -> Span {
        let len = clamp(self.len() * factor, MIN_SPAN, limit.len().max(MIN_SPAN));
        let anchor = clamp(anchor, self.from, self.to);
        let share = if self.len() > 0.0 { (anchor - self.from) / self.len() } else { 0.0 };
        let from = anchor - share * len;
        Span { from, to: from + len }.within(limit)
    }

    /// Moved by `ms` (negative: earlier), kept inside `limit`.
    pub fn pan(self, ms: f64, limit: Span) -> Span {
        Span { from: self.from + ms, to: self.to + ms }.within(limit)
    }

    fn within(self, limit: Span) -> Span {
        let len = self.len().min(limit.len().max(MIN_SPAN));
        let from = clamp(self.from, limit.from, (limit.to - len).max(limit.from));
        Span { from, to: from + len }
    }

    /// The x of `at` ms on a track from `left` px, `width` px wide.
    pub fn x(&self, at: f64, left: f64, width: f64) -> f64 {
        left + (at - self.from) / self.len() * width
    }

    /// The time at `x` px on a track from `left` px, `width` px wide.
    pub fn at(&self, x: f64, left: f64, width: f64) -> f64 {
        self.from + (x - left) / width * self.len()
    }

    /// Ticks a round duration apart, at least `min_px` px apart on a track `width` px wide: the step and the ticks.
    ///
    /// ```
    /// use tasklane::viz::scene::Span;
    /// let (step, ticks) = Span { from: 0.0, to: 312.0 }.ticks(800.0, 90.0);
    /// assert_eq!((step, ticks), (50, vec![0, 50, 100, 150, 200, 250, 300]));
    /// ```
    pub fn ticks(&self, width: f64, min_px: f64) -> (u64, Vec<u64>) {
        let per_tick = self.len() * min_px / width.max(1.0);
        let step = nice_at_least(per_tick.ceil().max(1.0) as u64);
        let first = (self.from.max(0.0) / step as f64).ceil() as u64;
        let last = (self.to.max(0.0) / step as f64).floor() as u64;
        (step, (first..=last).map(|i| i * step).collect())
    }
}

/// Marks drawn as one: those of one row within [`CELL_PX`] of each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cell {
    /// Which of the rows.
    pub row: usize,
    /// The cell's column: its left edge is `column × CELL_PX` px from the track's left.
    pub column: u32,
    pub count: u32,
    /// The kind most of its marks are (by majority vote), which colours it.
    pub kind: MarkKind,
}

/// The marks of the rows in `visible` inside `span`, aggregated into cells [`CELL_PX`] wide on a
/// track `width` px wide, row by row and column by column. Marks of a collapsed subtree count on
/// its row. Reads only the marks inside the span.
pub fn cells(lanes: &Lanes, rows: &Rows, visible: Range<usize>, span: Span, width: f64) -> Vec<Cell> {
    let columns = (width / CELL_PX).ceil().max(1.0);
    let ms_per_column = span.len() / columns;
    // The cell each visible row is filling, and its vote: (column, count, kind, votes).
    let mut open: Vec<Option<(u32, u32, MarkKind, u32)>> = vec![None; visible.len()];
    let mut out = Vec::new();
    let flush = |row: usize, cell: (u32, u32, MarkKind, u32), out: &mut Vec<Cell>| {
        out.push(Cell { row, column: cell.0, count: cell.1, kind: cell.2 });
    };
    // The pids drawn on the visible rows, sorted: a mark's row is a binary search away, and marks of
    // every other process (most of them, with thousands of lanes) are passed over without hashing.
    let mut drawn: Vec<(Pid, usize)> = lanes
        .lanes()
        .iter()
        .enumerate()
        .filter_map(|(i, lane)| rows.row_of(i).filter(|row| visible.contains(row)).map(|row| (lane.pid, row)))
        .collect();
    sort_by(&mut drawn, Ord::cmp);
    let (Some(&(lowest, _)), Some(&(highest, _))) = (drawn.first(), drawn.last()) else { return Vec::new() };
    for mark in lanes.marks_from(span.from.max(0.0).floor() as u64) {
        let at = mark.at as f64;
        if at > span.to {
            break;
        }
        if at < span.from || mark.pid < lowest || mark.pid > highest {
            continue;
        }
        let Ok(found) = drawn.binary_search_by_key(&mark.pid, |(pid, _)| *pid) else { continue };
        let row = drawn[found].1;
        let column = (((at - span.from) / ms_per_column) as u32).min(columns as u32 - 1);
        let slot = &mut open[row - visible.start];
        match slot {
            Some((c, count, kind, votes)) if *c == column => {
                *count += 1;
                if *kind == mark.kind {
                    *votes += 1;
                } else if *votes == 0 {
                    (*kind, *votes) = (mark.kind, 1);
                } else {
                    *votes -= 1;
                }
            }
            _ => {
                if let Some(done) = slot.take() {
                    flush(row, done, &mut out);
                }
                *slot = Some((column, 1, mark.kind, 1));
            }
        }
    }
    for (i, slot) in open.into_iter().enumerate() {
        if let Some(done) = slot {
            flush(visible.start + i, done, &mut out);
        }
    }
    out
}

/// Cells side by side on a row, drawn as one band: marks denser than a few pixels over a stretch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Band {
    pub row: usize,
    /// The first and last column it covers.
    pub first: u32,
    pub last: u32,
    pub count: u32,
    /// The kind most of its marks are (a vote weighted by each cell's count).
    pub kind: MarkKind,
}

/// Adjacent cells this many or more become a band.
pub const BAND_CELLS: u32 = 3;

/// `cells` as drawn: every run of [`BAND_CELLS`] or more adjacent cells on a row becomes one band;
/// shorter runs stay cells (a band of one cell, `first == last`).
pub fn bands(cells: &[Cell]) -> Vec<Band> {
    let mut sorted = cells.to_vec();
    sort_by_key(&mut sorted, |c| (c.row, c.column));
    let mut out: Vec<Band> = Vec::new();
    let mut run: Vec<Cell> = Vec::new();
    let flush = |run: &mut Vec<Cell>, out: &mut Vec<Band>| {
        if run.len() as u32 >= BAND_CELLS {
            let (mut kind, mut votes) = (run[0].kind, 0_i64);
            for c in run.iter() {
                if c.kind == kind {
                    votes += c.count as i64;
                } else if votes <= c.count as i64 {
                    (kind, votes) = (c.kind, c.count as i64 - votes);
                } else {
                    votes -= c.count as i64;
                }
            }
            let count = run.iter().map(|c| c.count).sum();
            out.push(Band { row: run[0].row, first: run[0].column, last: run[run.len() - 1].column, count, kind });
        } else {
            out.extend(run.iter().map(|c| Band {
                row: c.row,
                first: c.column,
                last: c.column,
                count: c.count,
                kind: c.kind,
            }));
        }
        run.clear();
    };
    for cell in sorted {
        if run.last().is_some_and(|last| last.row != cell.row || last.column + 1 != cell.column) {
            flush(&mut run, &mut out);
        }
        run.push(cell);
    }
    flush(&mut run, &mut out);
    out
}

/// The time a cell covers: the one `x` px from the track's left on a track `width` px wide, in ms.
pub fn cell_span(span: Span, width: f64, x: f64) -> (f64, f64) {
    let columns = (width / CELL_PX).ceil().max(1.0);
    let ms_per_column = span.len() / columns;
    let column = clamp((x / CELL_PX).floor(), 0.0, columns - 1.0);
    (span.from + column * ms_per_column, span.from + (column + 1.0) * ms_per_column)
}

/// The marks drawn on `row` between `from` and `to` ms (a collapsed row's include its subtree's), oldest first.
pub fn marks_on<'a>(
    lanes: &'a Lanes,
    rows: &'a Rows,
    row: usize,
    from: f64,
    to: f64,
) -> impl Iterator<Item = &'a Mark> {
    lanes
        .marks_from(from.max(0.0).ceil() as u64)
        .take_while(move |m| m.at as f64 <= to)
        .filter(move |m| lanes.position(m.pid).and_then(|lane| rows.row_of(lane)) == Some(row))
}

/// `text` cut to `max` characters, the cut marked with `…`, keeping its end (a pid) when `keep_end`
/// characters of it can stay: `Quantum.Sch… #PID<0.1.0>`.
///
/// ```
/// use tasklane::viz::scene::shorten;
/// assert_eq!(shorten("Quantum.Scheduler #PID<0.1.0>", 24, 12), "Quantum.Sch… #PID<0.1.0>");
/// assert_eq!(shorten("worker #PID<0.7.0>", 24, 12), "worker #PID<0.7.0>");
/// assert_eq!(shorten("Quantum.Scheduler #PID<0.1.0>", 8, 12), "Quantum…");
/// ```
pub fn shorten(text: &str, max: usize, keep_end: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= max {
        return text.to_string();
    }
    let keep_end = if max > keep_end + 4 { keep_end.min(chars.len()) } else { 0 };
    let head = max.saturating_sub(keep_end + 1);
    let mut out: String = chars[..head].iter().collect();
    out.push('…');
    out.extend(&chars[chars.len() - keep_end..]);
    out
}

/// The hover text of a lane: `upload #PID<0.5.0> (task), under caller #PID<0.1.0>: started at 0 ms; exited :normal at 1.2 s`.
pub fn describe_lane(lanes: &Lanes, lane: &Lane, row: &Row) -> String {
    use crate::model::lanes::Axis;
    let parent = lane.parent.and_then(|p| lanes.lane(p)).map(|p| format!(", under {}", p.label())).unwrap_or_default();
    let state = match &lane.exit {
        Some(exit) => format!("exited {} at {}", exit.reason, Axis::label(exit.at)),
        None => "running".to_string(),
    };
    let children = match (row.children, row.collapsed) {
        (0, _) => String::new(),
        (n, true) => format!("; {n} children, {} processes folded into this row", row.hidden),
        (n, false) => format!("; {n} children"),
    };
    format!(
        "{} ({}){parent}: started at {}; {state}{children}",
        lane.label(),
        lane.behaviour.as_str(),
        Axis::label(lane.start)
    )
}

/// The hover text of a cell's marks: `3 marks at 1.2 s – 1.25 s: sent call ×2, timer fired ×1`.
pub fn describe_marks<'a>(marks: impl IntoIterator<Item = &'a Mark>) -> Option<String> {
    use crate::model::lanes::Axis;
    let mut kinds: Vec<(MarkKind, u32)> = Vec::new();
    let (mut first, mut last, mut total) = (u64::MAX, 0, 0);
    for m in marks {
        (first, last, total) = (first.min(m.at), last.max(m.at), total + 1);
        match kinds.iter_mut().find(|(k, _)| *k == m.kind) {
            Some((_, n)) => *n += 1,
            None => kinds.push((m.kind, 1)),
        }
    }
    if total == 0 {
        return None;
    }
    let what = kinds.iter().map(|(k, n)| format!("{} ×{n}", k.describe())).collect::<Vec<_>>().join(", ");
    let when =
        if first == last { Axis::label(first) } else { format!("{} – {}", Axis::label(first), Axis::label(last)) };
    let noun = if total == 1 { "mark" } else { "marks" };
    Some(format!("{total} {noun} at {when}: {what}"))
}
