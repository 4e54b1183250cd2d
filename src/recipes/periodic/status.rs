//! The tickers' cards (what `:sys.get_state/1` and the trace would tell about each periodic
//! GenServer): ticks, pending timer, last cancel and restarts, folded from the trace.

use std::collections::VecDeque;

use super::scenario::CancelReturnedFalse;
use crate::model::fold::Fold;
use crate::runtime::prelude::*;
use crate::runtime::supervisor::ReachedMaxIntensity;

/// What a ticker's card shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TickerStatus {
    /// `:work` ticks so far (across restarts).
    pub ticks: u64,
    /// Virtual times of the latest ticks: the last five at least, and every one within the fold's
    /// `keep_ms` of the latest.
    pub recent: VecDeque<u64>,
    /// The pending timer's deadline, if one is set.
    pub pending: Option<u64>,
    /// What the last `cancel_timer` returned: `Some(ms)`, or `None` for `false`.
    pub last_cancel: Option<Option<u64>>,
    pub restarts: usize,
    pub alive: bool,
}

/// One ticker as the fold follows it: its pids across restarts and the timer it waits on.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Card {
    name: Atom,
    pids: Vec<Pid>,
    timer: Option<Ref>,
    cancelling: bool,
    status: TickerStatus,
}

/// The periodic page's fold: every ticker's card, and when the supervisor gave up.
///
/// ```
/// use tasklane::model::fold::fold;
/// use tasklane::model::recipe::Scenario;
/// use tasklane::runtime::Runtime;
/// use tasklane::recipes::periodic::{params::Params, scenario::Periodic, status::Tickers};
/// let periodic = Periodic::start(&Runtime::new(1), Params { compare: false, ..Params::default() });
/// periodic.runtime().run_until(3500);
/// let tickers = periodic.runtime().read_trace(|t| fold(Tickers::new(periodic.supervisor(), &["ticker_1"], 12_000), t.events()));
/// let status = tickers.status("ticker_1").unwrap();
/// assert_eq!((status.ticks, status.alive, tickers.gave_up()), (2, true, None), "ticks at 1000 and 2300 ms");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tickers {
    supervisor: Pid,
    keep_ms: u64,
    cards: Vec<Card>,
    gave_up: Option<u64>,
}

/// Ticks every card keeps, however old.
const LAST_TICKS: usize = 5;

impl Tickers {
    /// Follows the tickers called `names` under `supervisor`, keeping ticks `keep_ms` back.
    pub fn new(supervisor: Pid, names: &[&str], keep_ms: u64) -> Self {
        let cards = names
            .iter()
            .map(|name| Card {
                name: Atom::intern(name),
                pids: Vec::new(),
                timer: None,
                cancelling: false,
                status: TickerStatus::default(),
            })
            .collect();
        Tickers { supervisor, keep_ms, cards, gave_up: None }
    }

    /// The card of the ticker called `name`.
    pub fn status(&self, name: &str) -> Option<&TickerStatus> {
        self.cards.iter().find(|c| c.name == name).map(|c| &c.status)
    }

    /// When the supervisor reached its restart intensity and gave up, if it did.
    pub fn gave_up(&self) -> Option<u64> {
        self.gave_up
    }
}

impl Card {
    fn apply(&mut self, e: &Event, keep_ms: u64) {
        let status = &mut self.status;
        match &e.kind {
            EventKind::Spawn { name, .. } if *name == self.name => {
                self.pids.push(e.pid);
                status.alive = true;
            }
            EventKind::Restart { child, .. } if *child == self.name => status.restarts += 1,
            _ if !self.pids.contains(&e.pid) => {}
            EventKind::Receive { label, .. } if *label == "work" => {
                status.ticks += 1;
                status.recent.push_back(e.at);
                while status.recent.len() > LAST_TICKS && status.recent.front().is_some_and(|t| t + keep_ms < e.at) {
                    status.recent.pop_front();
                }
            }
            EventKind::Receive { label, kind: MsgKind::Call, .. } if *label == "cancel" => self.cancelling = true,
            EventKind::TimerSet { timer, label, deadline, .. } if *label == "work" => {
                self.timer = Some(*timer);
                status.pending = Some(*deadline);
            }
            EventKind::TimerFired { timer, .. } if self.timer == Some(*timer) => {
                self.timer = None;
                status.pending = None;
            }
            EventKind::TimerCancelled { timer, remaining } => {
                if self.timer == Some(*timer) {
                    self.timer = None;
                    status.pending = None;
                }
                if std::mem::take(&mut self.cancelling) {
                    status.last_cancel = Some(Some(*remaining));
                }
            }
            kind if kind.custom::<CancelReturnedFalse>().is_some() => {
                self.cancelling = false;
                status.last_cancel = Some(None);
            }
            EventKind::Exit { .. } => {
                status.alive = false;
                self.timer = None;
                status.pending = None;
            }
            _ => {}
        }
    }
}

impl Fold for Tickers {
    fn apply(&mut self, e: &Event) {
        if e.pid == self.supervisor && self.gave_up.is_none() && e.kind.custom::<ReachedMaxIntensity>().is_some() {
            self.gave_up = Some(e.at);
        }
        self.cards.iter_mut().for_each(|card| card.apply(e, self.keep_ms));
    }

    fn weight(&self) -> usize {
        self.cards.iter().map(|c| 1 + c.status.recent.len()).sum()
    }
}
