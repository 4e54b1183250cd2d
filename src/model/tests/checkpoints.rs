use std::cell::Cell;
use std::rc::Rc;

use crate::model::checkpoint::{EVERY, History, PER_WEIGHT, Views};
use crate::model::fold::{Clock, Fold, Folded};
use crate::runtime::prelude::*;

/// Counts the events it is given (the count is shared by every copy), and weighs `weight`.
#[derive(Clone, Debug)]
struct Counting {
    applied: Rc<Cell<u64>>,
    seen: u64,
    weight: usize,
}

impl Counting {
    fn new(weight: usize) -> Self {
        Counting { applied: Rc::new(Cell::new(0)), seen: 0, weight }
    }

    /// Events applied since the last call, by any copy.
    fn take(&self) -> u64 {
        self.applied.replace(0)
    }
}

impl Fold for Counting {
    fn apply(&mut self, _: &Event) {
        self.applied.set(self.applied.get() + 1);
        self.seen += 1;
    }

    fn weight(&self) -> usize {
        self.weight
    }
}

fn links(trace: &mut Trace, n: u64) {
    for _ in 0..n {
        let at = trace.total();
        trace.record(at, Pid(1), EventKind::Link { other: Pid(2) });
    }
}

#[test]
fn a_fold_reads_only_the_events_since_it_last_looked() {
    let mut trace = Trace::with_capacity(100_000);
    let counting = Counting::new(1);
    let mut folded = Folded::new(counting.clone());
    links(&mut trace, 50_000);
    folded.advance(&trace, trace.total());
    assert_eq!(counting.take(), 50_000);
    links(&mut trace, 7);
    folded.advance(&trace, trace.total());
    assert_eq!((counting.take(), folded.view().seen, folded.next()), (7, 50_007, 50_007));
    folded.advance(&trace, trace.total());
    assert_eq!(counting.take(), 0);
}

#[test]
fn moving_the_cursor_back_restores_the_nearest_checkpoint_and_folds_at_most_k_events() {
    let mut trace = Trace::with_capacity(100_000);
    let counting = Counting::new(1);
    let mut history = History::new(counting.clone());
    links(&mut trace, 50_000);
    history.advance(&trace);
    assert_eq!(history.checkpoints(), 1 + (50_000 / EVERY) as usize);
    counting.take();
    for cursor in [0, 1, EVERY - 1, EVERY, EVERY + 1, 33_333, 49_999] {
        let back = history.at(&trace, cursor);
        assert_eq!((back.next(), back.view().seen), (cursor, cursor));
        assert_eq!(counting.take(), cursor % EVERY, "folded from the checkpoint at {}", cursor / EVERY * EVERY);
    }
    let live = history.at(&trace, 50_000);
    assert!(Rc::ptr_eq(&live, history.live()), "the end is the live state itself");
}

#[test]
fn checkpoints_whose_events_were_dropped_are_forgotten_and_the_earliest_cursor_moves_up() {
    let mut trace = Trace::with_capacity(1_000);
    let mut history = History::with_spacing(Clock::default(), 100);
    for _ in 0..25 {
        links(&mut trace, 100);
        history.advance(&trace);
    }
    assert_eq!(trace.first_seq(), 1_500);
    assert_eq!((history.earliest(), history.checkpoints()), (1_500, 11));
    let at = |cursor| history.at(&trace, cursor).view().at;
    assert_eq!(at(1_750), 1_749);
    assert_eq!(at(3), at(1_500), "a cursor before the earliest shows the earliest");
}

#[test]
fn a_fold_that_missed_events_starts_again_at_the_oldest_event_held() {
    let mut trace = Trace::with_capacity(1_000);
    let mut history = History::with_spacing(Clock::default(), 100);
    links(&mut trace, 5_000);
    history.advance(&trace);
    assert_eq!((history.live().start(), history.earliest()), (4_000, 4_000));
    assert_eq!(history.at(&trace, 4_500).view().at, 4_499);
}

#[test]
fn a_costly_state_is_checkpointed_less_often() {
    let mut trace = Trace::with_capacity(100_000);
    let mut light = History::new(Counting::new(1));
    let mut heavy = History::new(Counting::new(3 * EVERY as usize / PER_WEIGHT as usize));
    links(&mut trace, 12 * EVERY);
    light.advance(&trace);
    heavy.advance(&trace);
    assert_eq!((light.checkpoints(), heavy.checkpoints()), (13, 5));
}

#[test]
fn a_live_state_no_one_holds_is_advanced_in_place() {
    let mut trace = Trace::with_capacity(100);
    let mut history = History::new(Clock::default());
    links(&mut trace, 10);
    history.advance(&trace);
    let before = Rc::as_ptr(history.live());
    links(&mut trace, 10);
    history.advance(&trace);
    assert_eq!(Rc::as_ptr(history.live()), before);
    let held = history.live().clone();
    links(&mut trace, 10);
    history.advance(&trace);
    assert_eq!((held.view().at, history.live().view().at), (19, 29), "a reader keeps what it read");
}

#[test]
fn a_view_is_made_once_and_again_when_its_key_changes() {
    let mut trace = Trace::with_capacity(100);
    let mut views = Views::default();
    let made = Cell::new(0);
    let read = |views: &mut Views, trace: &Trace, key: u8, cursor| {
        let make = |_: &u8, _: &Trace| {
            made.set(made.get() + 1);
            Clock::default()
        };
        views.at("clock", key, make, trace, cursor).view().at
    };
    links(&mut trace, 10);
    assert_eq!(read(&mut views, &trace, 1, None), 9);
    links(&mut trace, 10);
    views.advance(&trace);
    assert_eq!((read(&mut views, &trace, 1, None), read(&mut views, &trace, 1, Some(5))), (19, 4));
    assert_eq!(made.get(), 1);
    assert_eq!(read(&mut views, &trace, 2, None), 19);
    assert_eq!(made.get(), 2);
}

#[test]
fn a_view_at_a_cursor_is_computed_once_while_the_run_moves_on() {
    let mut trace = Trace::with_capacity(100);
    let mut views = Views::default();
    links(&mut trace, 10);
    let first = views.at("clock", (), |_, _| Clock::default(), &trace, Some(5));
    links(&mut trace, 10);
    views.advance(&trace);
    let again = views.at("clock", (), |_, _| Clock::default(), &trace, Some(5));
    assert!(Rc::ptr_eq(&first, &again));
    assert_eq!(views.earliest(), 0);
    let live = views.at("clock", (), |_, _| Clock::default(), &trace, None);
    assert_eq!((live.view().at, live.next(), live.start()), (19, 20, 0));
}
