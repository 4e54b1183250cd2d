//! Time travel by checkpoints (the snapshots a replay debugger such as rr keeps): a fold's live state
//! and copies of it every K events; moving the cursor back restores the nearest copy at or before
//! it and folds forward, which gives exactly the state playing to that point gave.

use std::any::Any;
use std::collections::VecDeque;
use std::rc::Rc;

use super::fold::{Fold, Folded};
use crate::runtime::trace::Trace;

/// K: the fewest events between two checkpoints. A restore copies a checkpoint and folds at most
/// this many events, or [`PER_WEIGHT`] times the state's weight if more.
pub const EVERY: u64 = 8192;

/// Checkpoints of a state are at least this many times its [`Fold::weight`] events apart, so all
/// of them together copy at most one item per this many events, however big the state.
pub const PER_WEIGHT: u64 = 4;

/// A fold's live state and its checkpoints.
///
/// ```
/// use tasklane::runtime::prelude::*;
/// use tasklane::model::checkpoint::History;
/// use tasklane::model::fold::{Clock, fold};
/// let rt = Runtime::new(1);
/// rt.spawn("ticker", Behaviour::Process, |ctx| async move {
///     for _ in 0..50 { ctx.sleep(10).await; ctx.send(ctx.pid(), Term::atom("tick")); ctx.receive().await; }
///     Ok(())
/// });
/// rt.run();
/// let mut history = History::with_spacing(Clock::default(), 16);
/// rt.read_trace(|t| history.advance(t));
/// let back = rt.read_trace(|t| history.at(t, 40));
/// assert_eq!(back.view(), &rt.read_trace(|t| fold(Clock::default(), t.events().take(40))));
/// ```
#[derive(Clone, Debug)]
pub struct History<V> {
    live: Rc<Folded<V>>,
    /// Oldest first; each at a position (its `next`) the live state passed.
    checkpoints: VecDeque<Folded<V>>,
    every: u64,
}

impl<V: Fold> History<V> {
    /// `view` before any event, with a checkpoint at least every [`EVERY`] events.
    pub fn new(view: V) -> Self {
        History::with_spacing(view, EVERY)
    }

    /// As [`History::new`], with checkpoints at least every `every` events.
    pub fn with_spacing(view: V, every: u64) -> Self {
        let start = Folded::new(view);
        History { live: Rc::new(start.clone()), checkpoints: VecDeque::from([start]), every: every.max(1) }
    }

    /// The state after every event the trace has recorded (as of the last [`History::advance`]).
    pub fn live(&self) -> &Rc<Folded<V>> {
        &self.live
    }

    /// Folds the events recorded since the last call, copying the state whenever the spacing has
    /// passed since the last checkpoint; forgets the checkpoints whose next events the trace has
    /// dropped, and what the live state and the other checkpoints keep of the events it dropped.
    /// The live state is updated in place unless a reader still holds it.
    pub fn advance(&mut self, trace: &Trace) {
        let (total, first) = (trace.total(), trace.first_seq());
        let live = Rc::make_mut(&mut self.live);
        if live.next() < first {
            // The trace dropped events this fold never saw: it starts again at the oldest one held.
            live.skip_to(first);
            self.checkpoints.clear();
            self.checkpoints.push_back(live.clone());
        }
        while live.next() < total {
            let last = self.checkpoints.back().map_or(live.next(), Folded::next);
            let due = last.saturating_add(self.every.max(PER_WEIGHT * live.view().weight() as u64));
            live.advance(trace, due.min(total));
            if live.next() >= due {
                self.checkpoints.push_back(live.clone());
            }
        }
        while self.checkpoints.front().is_some_and(|c| c.next() < first) {
            self.checkpoints.pop_front();
        }
        live.forget_before(first);
        self.checkpoints.iter_mut().for_each(|c| c.forget_before(first));
    }

    /// The earliest cursor it can restore: its oldest checkpoint (the scrubber stops there).
    pub fn earliest(&self) -> u64 {
        self.checkpoints.front().map_or(self.live.next(), Folded::next)
    }

    /// How many checkpoints it keeps.
    pub fn checkpoints(&self) -> usize {
        self.checkpoints.len()
    }

    /// The state when it had folded every event before `cursor` (kept within
    /// [`History::earliest`] and the live state): the nearest checkpoint at or before it, folded
    /// forward to it.
    pub fn at(&self, trace: &Trace, cursor: u64) -> Rc<Folded<V>> {
        let cursor = cursor.max(self.earliest());
        if cursor >= self.live.next() {
            return self.live.clone();
        }
        let nearest = self.checkpoints.partition_point(|c| c.next() <= cursor);
        let mut state = self.checkpoints[nearest - 1].clone();
        state.advance(trace, cursor);
        Rc::new(state)
    }
}

/// Every folded view of one run, by name: the histories a session keeps and advances once per
/// frame, and the state each showed last, so a view read many times a frame is computed once.
#[derive(Default)]
pub struct Views {
    kept: Vec<(&'static str, Box<dyn Kept>)>,
}

/// A view's key (its parameters: a filter, the tickers it follows), its history, and what it showed last.
struct View<K, V> {
    key: K,
    history: History<V>,
    shown: Option<(Option<u64>, Rc<Folded<V>>)>,
}

trait Kept {
    fn advance(&mut self, trace: &Trace);
    fn earliest(&self) -> u64;
    fn as_any(&mut self) -> &mut dyn Any;
}

impl<K: 'static, V: Fold + 'static> Kept for View<K, V> {
    fn advance(&mut self, trace: &Trace) {
        if self.shown.as_ref().is_some_and(|(cursor, _)| cursor.is_none()) {
            // Let go of the live state, so it is advanced in place.
            self.shown = None;
        }
        self.history.advance(trace);
    }

    fn earliest(&self) -> u64 {
        self.history.earliest()
    }

    fn as_any(&mut self) -> &mut dyn Any {
        self
    }
}

impl Views {
    /// Advances every view to the end of `trace`.
    pub fn advance(&mut self, trace: &Trace) {
        self.kept.iter_mut().for_each(|(_, view)| view.advance(trace));
    }

    /// The earliest cursor every view can restore.
    pub fn earliest(&self) -> u64 {
        self.kept.iter().map(|(_, view)| view.earliest()).max().unwrap_or(0)
    }

    /// The view called `name` at `cursor` (`None`: live). Made by `make` the first time, or again
    /// from the events `trace` still holds when `key` changes.
    ///
    /// ```
    /// use tasklane::runtime::prelude::*;
    /// use tasklane::model::checkpoint::Views;
    /// use tasklane::model::fold::Clock;
    /// let rt = Runtime::new(1);
    /// rt.spawn("sleeper", Behaviour::Process, |ctx| async move { ctx.sleep(40).await; Ok(()) });
    /// rt.run();
    /// let mut views = Views::default();
    /// let clock = |views: &mut Views, cursor| rt.read_trace(|t| views.at("clock", (), |_, _| Clock::default(), t, cursor).view().at);
    /// assert_eq!((clock(&mut views, None), clock(&mut views, Some(1))), (40, 0));
    /// ```
    pub fn at<K, V>(
        &mut self,
        name: &'static str,
        key: K,
        make: impl FnOnce(&K, &Trace) -> V,
        trace: &Trace,
        cursor: Option<u64>,
    ) -> Rc<Folded<V>>
    where
        K: PartialEq + 'static,
        V: Fold + 'static,
    {
        let same = |kept: &mut Box<dyn Kept>| kept.as_any().downcast_mut::<View<K, V>>().is_some_and(|v| v.key == key);
        match self.kept.iter_mut().position(|(n, _)| *n == name) {
            Some(i) if same(&mut self.kept[i].1) => {}
            found => {
                if let Some(i) = found {
                    self.kept.remove(i);
                }
                let history = History::new(make(&key, trace));
                self.kept.push((name, Box::new(View { key, history, shown: None })));
            }
        }
        let kept = self.kept.iter_mut().find(|(n, _)| *n == name).map(|(_, kept)| kept.as_any());
        let view = kept.and_then(|kept| kept.downcast_mut::<View<K, V>>()).expect("the view was just found or made");
        if view.history.live().next() < trace.total() {
            view.advance(trace);
        }
        if let Some((shown_at, state)) = &view.shown
            && *shown_at == cursor
        {
            return state.clone();
        }
        let state = match cursor {
            None => view.history.live().clone(),
            Some(c) => view.history.at(trace, c),
        };
        view.shown = Some((cursor, state.clone()));
        state
    }
}
