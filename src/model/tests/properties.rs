//! Scrubbing shows what playing showed: for random runs and random cursors, a state restored from a
//! checkpoint and folded forward equals the fold of every event before the cursor, and folding
//! frame by frame equals one fold of the whole trace.

use proptest::prelude::*;

use super::{random_program, step_of};
use crate::model::checkpoint::History;
use crate::model::code::CodeStep;
use crate::model::fold::{Clock, Fold, fold};
use crate::model::lanes::Lanes;
use crate::model::log::LogRows;
use crate::runtime::prelude::*;
use crate::runtime::workload;

/// Every view the shell folds, side by side.
#[derive(Clone, Debug)]
struct Shell {
    lanes: Lanes,
    log: LogRows,
    one_process: LogRows,
    step: CodeStep,
    clock: Clock,
}

impl Shell {
    fn new(window: usize) -> Self {
        Shell {
            lanes: Lanes::new(window),
            log: LogRows::new(None),
            one_process: LogRows::new(Some(Pid(2))),
            step: CodeStep::new(step_of),
            clock: Clock::default(),
        }
    }
}

impl PartialEq for Shell {
    fn eq(&self, other: &Self) -> bool {
        (&self.lanes, &self.log, &self.one_process, self.step.current(), self.clock)
            == (&other.lanes, &other.log, &other.one_process, other.step.current(), other.clock)
    }
}

impl Fold for Shell {
    fn apply(&mut self, e: &Event) {
        self.lanes.apply(e);
        self.log.apply(e);
        self.one_process.apply(e);
        self.step.apply(e);
        self.clock.apply(e);
    }

    fn weight(&self) -> usize {
        self.lanes.weight() + self.log.weight() + self.one_process.weight()
    }

    fn forget_before(&mut self, seq: u64) {
        self.lanes.forget_before(seq);
    }
}

/// A run of a random program or of the mixed workload, played in frames of random length; the
/// history advanced after every frame, and the live state it showed then.
fn play(
    seed: u64,
    mixed: bool,
    capacity: usize,
    spacing: u64,
    frames: &[u64],
) -> (Runtime, History<Shell>, Vec<Shell>) {
    let rt = if mixed { workload::mixed_program(seed) } else { random_program(seed, capacity) };
    let window = rt.read_trace(Trace::capacity);
    let mut history = History::with_spacing(Shell::new(window), spacing);
    let mut shown = Vec::new();
    let mut until = 0;
    for ms in frames {
        until += ms;
        rt.run_until(until);
        rt.read_trace(|t| history.advance(t));
        shown.push(history.live().view().clone());
    }
    rt.run();
    rt.read_trace(|t| history.advance(t));
    (rt, history, shown)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn folding_frame_by_frame_equals_one_fold_of_the_whole_trace(
        seed in any::<u64>(),
        mixed in any::<bool>(),
        frames in prop::collection::vec(1_u64..400, 1..30),
    ) {
        let (rt, history, _) = play(seed, mixed, 1_000_000, 64, &frames);
        let whole = rt.read_trace(|t| fold(Shell::new(t.capacity()), t.events()));
        prop_assert_eq!(history.live().view(), &whole);
    }

    #[test]
    fn restoring_a_checkpoint_and_folding_equals_folding_from_the_start(
        seed in any::<u64>(),
        mixed in any::<bool>(),
        spacing in 1_u64..300,
        cursors in prop::collection::vec(any::<prop::sample::Index>(), 1..20),
    ) {
        let (rt, history, _) = play(seed, mixed, 1_000_000, spacing, &[50, 500, 5_000]);
        rt.read_trace(|t| -> Result<(), TestCaseError> {
            for cursor in &cursors {
                let cursor = cursor.index(t.total() as usize + 1) as u64;
                let restored = history.at(t, cursor);
                let from_the_start = fold(Shell::new(t.capacity()), t.events().take(cursor as usize));
                prop_assert_eq!(restored.next(), cursor);
                prop_assert_eq!(restored.view(), &from_the_start, "at cursor {}", cursor);
            }
            Ok(())
        })?;
    }

    #[test]
    fn with_a_bounded_trace_scrubbing_back_shows_what_playing_showed(
        seed in any::<u64>(),
        capacity in 40_usize..600,
        spacing in 1_u64..100,
        frames in prop::collection::vec(1_u64..60, 1..40),
    ) {
        let (rt, history, shown) = play(seed, false, capacity, spacing, &frames);
        let mut at = 0;
        let totals: Vec<u64> = {
            // Replay the same frames to learn where each frame ended (the run is deterministic).
            let again = random_program(seed, capacity);
            frames.iter().map(|ms| { at += ms; again.run_until(at); again.read_trace(Trace::total) }).collect()
        };
        rt.read_trace(|t| -> Result<(), TestCaseError> {
            for (total, live) in totals.iter().zip(&shown) {
                if *total < history.earliest() {
                    continue;
                }
                // Less what the trace has dropped since: the history lets go of it.
                let mut live = live.clone();
                live.forget_before(t.first_seq());
                let restored = history.at(t, *total);
                prop_assert_eq!(restored.view(), &live, "at event {}", total);
            }
            Ok(())
        })?;
        prop_assert!(rt.read_trace(|t| history.earliest() >= t.first_seq()));
    }
}
