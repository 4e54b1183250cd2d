//! Views as folds over the trace (what `:observer` keeps current as events arrive): a view's state
//! is a plain struct advanced by one event at a time, from the last event it saw, so keeping up
//! costs what happened since, never the length of the run.

use std::collections::VecDeque;
use std::rc::Rc;

use crate::runtime::trace::{Event, Trace};

/// A view's state, advanced by each event of the trace in order.
pub trait Fold: Clone {
    fn apply(&mut self, event: &Event);

    /// About how many items a clone copies. Checkpoints of a heavy state are spaced further apart
    /// (see `checkpoint::PER_WEIGHT`), so what they cost stays proportional to the events they cover.
    fn weight(&self) -> usize {
        1
    }

    /// Lets go of what it keeps of the events before `seq`, which the trace has dropped: a history
    /// calls it on its live state and on every checkpoint as the trace moves on, so a view holds no
    /// more of the past than the trace does (a checkpoint folds no more, so it cannot trim itself).
    fn forget_before(&mut self, _seq: u64) {}
}

/// `view` after every event of `events`.
///
/// ```
/// use tasklane::runtime::prelude::*;
/// use tasklane::model::fold::{Clock, fold};
/// let rt = Runtime::new(1);
/// rt.spawn("sleeper", Behaviour::Process, |ctx| async move { ctx.sleep(40).await; Ok(()) });
/// rt.run();
/// assert_eq!(rt.read_trace(|t| fold(Clock::default(), t.events())).at, 40);
/// ```
pub fn fold<'a, V: Fold>(mut view: V, events: impl IntoIterator<Item = &'a Event>) -> V {
    events.into_iter().for_each(|e| view.apply(e));
    view
}

/// The virtual time of the last event folded: the clock a view shows at a cursor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Clock {
    pub at: u64,
}

impl Fold for Clock {
    fn apply(&mut self, event: &Event) {
        self.at = event.at;
    }
}

/// A fold and how far it has read the trace: every event from `start` up to (not including) `next`.
///
/// ```
/// use tasklane::runtime::prelude::*;
/// use tasklane::runtime::pid::Pid;
/// use tasklane::model::fold::{Clock, Folded};
/// let mut trace = Trace::with_capacity(2);
/// let mut clock = Folded::new(Clock::default());
/// trace.record(5, Pid(1), EventKind::Link { other: Pid(2) });
/// clock.advance(&trace, trace.total());
/// assert_eq!((clock.view().at, clock.next(), clock.start()), (5, 1, 0));
/// // Three more events, of which the oldest is dropped before the fold looks again.
/// for at in [6, 7, 8] {
///     trace.record(at, Pid(1), EventKind::Link { other: Pid(2) });
/// }
/// clock.advance(&trace, trace.total());
/// assert_eq!((clock.view().at, clock.next(), clock.start()), (8, 4, 2), "it starts again at event 2");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Folded<V> {
    view: V,
    next: u64,
    start: u64,
}

impl<V: Fold> Folded<V> {
    /// `view` before any event.
    pub fn new(view: V) -> Self {
        Folded { view, next: 0, start: 0 }
    }

    pub fn view(&self) -> &V {
        &self.view
    }

    /// The seq of the next event it needs: it has folded the events before it.
    pub fn next(&self) -> u64 {
        self.next
    }

    /// The first event it has folded every event from: 0, unless the trace dropped events it
    /// needed before it read them (its view then starts at this event).
    pub fn start(&self) -> u64 {
        self.start
    }

    /// Folds the trace's events from [`Folded::next`] up to (not including) `to`, skipping to them
    /// by seq. Events it needed that the trace already dropped are recorded in [`Folded::start`].
    pub fn advance(&mut self, trace: &Trace, to: u64) {
        let view = &mut self.view;
        read(trace, &mut self.next, &mut self.start, to, &mut |e| view.apply(e));
    }

    /// Lets go of what the view keeps of the events before `seq` (see [`Fold::forget_before`]).
    pub(crate) fn forget_before(&mut self, seq: u64) {
        self.view.forget_before(seq);
    }

    /// Skips to `seq` without folding what lies before it (those events are gone).
    pub(crate) fn skip_to(&mut self, seq: u64) {
        if seq > self.next {
            self.next = seq;
            self.start = seq;
        }
    }
}

/// [`Folded::advance`]'s reading, compiled once for every view type: the view is reached through `dyn FnMut`.
#[inline(never)]
fn read(trace: &Trace, next: &mut u64, start: &mut u64, to: u64, apply: &mut dyn FnMut(&Event)) {
    let to = to.min(trace.total());
    if *next >= to {
        return;
    }
    if *next < trace.first_seq() {
        *start = trace.first_seq().min(to);
    }
    for e in trace.since(*next).take_while(|e| e.seq < to) {
        apply(e);
    }
    *next = to;
}

/// An append-only log kept in shared chunks, for fold state that grows with the run: cloning it
/// (as a checkpoint does) copies one pointer per chunk, and a clone shares every chunk but the one
/// still being filled. Each item is pushed by an event, and each chunk remembers the seq of the
/// event that pushed its last item, so the oldest chunks can be dropped as a whole by seq without
/// the items carrying one.
///
/// ```
/// use tasklane::model::fold::ChunkLog;
/// let mut log = ChunkLog::default();
/// (0..1000_u64).for_each(|seq| log.push(seq, seq * 10));
/// let checkpoint = log.clone();
/// log.push(1000, 10_000);
/// assert_eq!((checkpoint.len(), log.len()), (1000, 1001));
/// log.drop_before(600);
/// assert_eq!(log.iter().next(), Some(&5120), "whole chunks go, never part of one");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ChunkLog<T> {
    /// (seq of the event that pushed the chunk's last item, the chunk), oldest first.
    chunks: VecDeque<(u64, Rc<Vec<T>>)>,
    len: usize,
}

impl<T> Default for ChunkLog<T> {
    fn default() -> Self {
        ChunkLog { chunks: VecDeque::new(), len: 0 }
    }
}

/// Items per chunk of a [`ChunkLog`].
pub const CHUNK: usize = 256;

impl<T: Clone> ChunkLog<T> {
    /// Appends `item`, pushed by the event numbered `seq` (seqs never decrease).
    pub fn push(&mut self, seq: u64, item: T) {
        match self.chunks.back_mut() {
            Some((last, chunk)) if chunk.len() < CHUNK => {
                *last = seq;
                Rc::make_mut(chunk).push(item);
            }
            _ => {
                let mut chunk = Vec::with_capacity(CHUNK);
                chunk.push(item);
                self.chunks.push_back((seq, Rc::new(chunk)));
            }
        }
        self.len += 1;
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// How many chunks it holds (what a clone copies).
    pub fn chunks(&self) -> usize {
        self.chunks.len()
    }

    /// Drops the oldest full chunks whose every item was pushed by an event before `seq`.
    pub fn drop_before(&mut self, seq: u64) {
        while let Some((last, chunk)) = self.chunks.front() {
            if chunk.len() < CHUNK || *last >= seq {
                break;
            }
            self.len -= chunk.len();
            self.chunks.pop_front();
        }
    }

    /// Every item, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        self.chunks.iter().flat_map(|(_, c)| c.iter())
    }

    /// The items from the first one that is not `before`, oldest first, when `before` holds for a
    /// prefix of the log (as "earlier than t" does for items in time order): whole chunks are
    /// skipped by binary search, so reading the end of a long log costs what is read.
    ///
    /// ```
    /// use tasklane::model::fold::ChunkLog;
    /// let mut log = ChunkLog::default();
    /// (0..1000_u64).for_each(|i| log.push(i, i));
    /// assert_eq!(log.iter_from(|i| *i < 998).collect::<Vec<_>>(), [&998, &999]);
    /// ```
    pub fn iter_from(&self, before: impl Fn(&T) -> bool) -> impl Iterator<Item = &T> {
        let first = self.chunks.partition_point(|(_, c)| c.last().is_some_and(&before));
        self.chunks.range(first..).flat_map(|(_, c)| c.iter()).skip_while(move |item| before(item))
    }
}
