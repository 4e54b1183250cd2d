//! What the caching page shows, folded from the trace (what `:telemetry` handlers counting cache
//! hits and `Process.info(pid, :message_queue_len)` would report): per cache its outcomes,
//! latencies, hit ratio and mailbox over time, a keys × time heat map, and the leaderboard's reads.

use std::collections::VecDeque;

use rustc_hash::FxHashMap;

use super::leaderboard::{Store, TopRead};
use super::scenario::{Cache, Outcome, Served};
use crate::model::float::Fixed;
use crate::model::fold::Fold;
use crate::runtime::prelude::*;

/// The width of a time bin, in virtual ms.
pub const BIN_MS: u64 = 1000;
/// Bins kept: the last minute.
pub const BINS: usize = 60;
/// Keys the heat map shows: the most requested ones (keys are numbered by popularity).
pub const HEAT_KEYS: usize = 40;

/// One second of one cache: hits among requests, the longest mailbox, and per key what requests found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bin {
    pub start: u64,
    pub hits: u32,
    pub requests: u32,
    pub mailbox_peak: u32,
    /// Per key (up to [`HEAT_KEYS`]), requests by outcome (in [`Outcome::ALL`]'s order).
    pub heat: Vec<[u16; 5]>,
}

/// Latencies in ms, counted by value: `(ms, count)` in order of ms. A sorted list rather than a
/// `BTreeMap`, which would compile a map of its own into the bundle for a few hundred values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Latencies(Vec<(u64, u64)>);

impl Latencies {
    fn add(&mut self, ms: u64) {
        match self.0.binary_search_by_key(&ms, |(value, _)| *value) {
            Ok(i) => self.0[i].1 += 1,
            Err(i) => self.0.insert(i, (ms, 1)),
        }
    }

    pub fn count(&self) -> u64 {
        self.0.iter().map(|(_, n)| n).sum()
    }

    /// The latency that `q` (0 to 1) of requests were served within.
    ///
    /// ```
    /// use tasklane::recipes::caching::stats::Latencies;
    /// let l = Latencies::from_iter([1, 1, 2, 10]);
    /// assert_eq!((l.quantile(0.5), l.quantile(0.95), l.quantile(1.0)), (Some(1), Some(10), Some(10)));
    /// ```
    pub fn quantile(&self, q: f64) -> Option<u64> {
        let rank = ((self.count() as f64 * q).ceil() as u64).max(1);
        let mut seen = 0;
        self.0.iter().find(|(_, n)| {
            seen += *n;
            seen >= rank
        })
        .map(|(ms, _)| *ms)
    }

    pub fn mean(&self) -> f64 {
        let total: u64 = self.0.iter().map(|(ms, n)| ms * n).sum();
        total as f64 / self.count().max(1) as f64
    }

    /// Requests per power-of-two latency bucket: `[0]`, `[1]`, `[2, 3]`, `[4, 7]`, …
    pub fn buckets(&self) -> Vec<(u64, u64)> {
        let mut out: Vec<(u64, u64)> = Vec::new();
        for &(ms, n) in &self.0 {
            let lo = if ms == 0 { 0 } else { 1 << ms.ilog2() };
            match out.last_mut() {
                Some((l, count)) if *l == lo => *count += n,
                _ => out.push((lo, n)),
            }
        }
        out
    }
}

impl FromIterator<u64> for Latencies {
    fn from_iter<I: IntoIterator<Item = u64>>(iter: I) -> Self {
        let mut l = Latencies::default();
        iter.into_iter().for_each(|ms| l.add(ms));
        l
    }
}

/// One cache's figures.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Figures {
    /// Requests by outcome, in [`Outcome::ALL`]'s order.
    pub outcomes: [u64; 5],
    pub latencies: Latencies,
    /// The cache's longest mailbox now (the Agent's, the lock server's, the busiest user server's; ETS has none).
    pub mailbox: u32,
    /// The longest mailbox of the run, and when.
    pub mailbox_peak: (u32, u64),
    pub bins: VecDeque<Bin>,
    /// Mailbox lengths of the cache's processes.
    queues: FxHashMap<Pid, u32>,
}

impl Figures {
    pub fn count(&self, outcome: Outcome) -> u64 {
        self.outcomes[outcome as usize]
    }

    pub fn requests(&self) -> u64 {
        self.outcomes.iter().sum()
    }

    /// Calls to the backend: every request that was not a hit.
    pub fn backend_calls(&self) -> u64 {
        self.requests() - self.count(Outcome::Hit)
    }

    pub fn hit_ratio(&self) -> Option<f64> {
        let n = self.requests();
        (n > 0).then(|| self.count(Outcome::Hit) as f64 / n as f64)
    }

    fn bin(&mut self, at: u64, keys: usize) -> &mut Bin {
        let start = at - at % BIN_MS;
        if self.bins.back().is_none_or(|b| b.start < start) {
            if self.bins.len() == BINS {
                self.bins.pop_front();
            }
            self.bins.push_back(Bin { start, heat: vec![[0; 5]; keys], mailbox_peak: self.mailbox, ..Bin::default() });
        }
        self.bins.back_mut().expect("a bin was just pushed")
    }

    fn served(&mut self, at: u64, s: &Served, keys: usize) {
        self.outcomes[s.outcome as usize] += 1;
        self.latencies.add(s.latency);
        let bin = self.bin(at, keys);
        bin.requests += 1;
        bin.hits += u32::from(s.outcome == Outcome::Hit);
        if let Some(cell) = bin.heat.get_mut(s.key as usize) {
            cell[s.outcome as usize] = cell[s.outcome as usize].saturating_add(1);
        }
    }

    fn queue(&mut self, at: u64, pid: Pid, change: i32, keys: usize) {
        let Some(len) = self.queues.get_mut(&pid) else { return };
        let old = *len;
        *len = old.saturating_add_signed(change);
        let new = *len;
        if new > self.mailbox {
            self.mailbox = new;
        } else if old == self.mailbox && new < old {
            self.mailbox = self.queues.values().copied().max().unwrap_or(0);
        }
        if self.mailbox > self.mailbox_peak.0 {
            self.mailbox_peak = (self.mailbox, at);
        }
        let mailbox = self.mailbox;
        let bin = self.bin(at, keys);
        bin.mailbox_peak = bin.mailbox_peak.max(mailbox);
    }
}

/// A board's reads of its top ten.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reads {
    pub latencies: Latencies,
    pub last_top: Vec<(u32, i64)>,
}

/// The caching page's fold.
///
/// ```
/// use tasklane::model::fold::fold;
/// use tasklane::model::recipe::Scenario;
/// use tasklane::runtime::Runtime;
/// use tasklane::recipes::caching::{params::Params, scenario::{Cache, Caching}, stats::Stats};
/// let caching = Caching::start(&Runtime::new(3), Params { clients: 20, ..Params::default() });
/// caching.runtime().run_until(3_000);
/// let stats = caching.runtime().read_trace(|t| fold(Stats::new(100), t.events()));
/// assert!(Cache::ALL.iter().all(|c| stats.cache(*c).requests() > 0));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Stats {
    caches: [Figures; 4],
    boards: [Reads; 2],
    heat_keys: usize,
}

impl Stats {
    /// Figures for a run whose clients ask for `keys` keys.
    pub fn new(keys: u64) -> Stats {
        Stats { caches: Default::default(), boards: Default::default(), heat_keys: (keys as usize).min(HEAT_KEYS) }
    }

    pub fn cache(&self, cache: Cache) -> &Figures {
        &self.caches[cache as usize]
    }

    pub fn board(&self, store: Store) -> &Reads {
        &self.boards[store as usize]
    }

    pub fn heat_keys(&self) -> usize {
        self.heat_keys
    }

    /// The run in a sentence per finding, from the figures: the lowest p95, the fewest backend
    /// calls, and the Agent's longest queue.
    pub fn verdict(&self) -> Vec<String> {
        let served: Vec<Cache> = Cache::ALL.into_iter().filter(|c| self.cache(*c).requests() > 0).collect();
        if served.is_empty() {
            return Vec::new();
        }
        let best = |score: &dyn Fn(&Figures) -> u64| {
            let low = served.iter().map(|c| score(self.cache(*c))).min().unwrap_or(0);
            let names: Vec<&str> = served.iter().filter(|c| score(self.cache(**c)) == low).map(|c| c.title()).collect();
            (names.join(" and "), low)
        };
        let (fast, p95) = best(&|f| f.latencies.quantile(0.95).unwrap_or(0));
        let (frugal, calls) = best(&Figures::backend_calls);
        let (peak, at) = self.cache(Cache::Agent).mailbox_peak;
        vec![
            format!("Lowest p95 latency: {fast}, {p95} ms."),
            format!("Fewest backend calls: {frugal}, {calls}."),
            format!("The Agent's mailbox peaked at {peak} message{} at {} s.", if peak == 1 { "" } else { "s" }, Fixed(at as f64 / 1000.0, 1)),
        ]
    }
}

/// Which cache a process serves as, by its name; ETS has no process between a client and its data.
fn cache_of(name: &str) -> Option<Cache> {
    match name {
        "agent_cache" => Some(Cache::Agent),
        "user_cache" => Some(Cache::PerUser),
        "ttl_locks" => Some(Cache::Ttl),
        _ => None,
    }
}

impl Fold for Stats {
    fn apply(&mut self, e: &Event) {
        let keys = self.heat_keys;
        match &e.kind {
            EventKind::Custom(c) => {
                if let Some(s) = c.get::<Served>() {
                    self.caches[s.cache as usize].served(e.at, s, keys);
                } else if let Some(read) = c.get::<TopRead>() {
                    let board = &mut self.boards[read.store as usize];
                    board.latencies.add(read.latency);
                    if !read.top.is_empty() {
                        board.last_top.clone_from(&read.top);
                    }
                }
            }
            EventKind::Spawn { name, .. } => {
                if let Some(cache) = cache_of(name) {
                    self.caches[cache as usize].queues.insert(e.pid, 0);
                }
            }
            EventKind::Send { to, .. } => self.caches.iter_mut().for_each(|f| f.queue(e.at, *to, 1, keys)),
            EventKind::Receive { .. } => self.caches.iter_mut().for_each(|f| f.queue(e.at, e.pid, -1, keys)),
            EventKind::Exit { .. } => {
                for f in &mut self.caches {
                    if f.queues.contains_key(&e.pid) {
                        f.queue(e.at, e.pid, i32::MIN, keys);
                        f.queues.remove(&e.pid);
                    }
                }
            }
            _ => {}
        }
    }

    fn weight(&self) -> usize {
        self.caches.iter().map(|f| f.bins.len() * (1 + self.heat_keys) + f.latencies.0.len() + f.queues.len()).sum()
    }
}
