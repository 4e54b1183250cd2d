//! A run as a share URL records it: recipe parameters, seed, the user's actions at exact points of
//! the run, and the cursor. Replaying those inputs reproduces the run event for event.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::runtime::Runtime;
use crate::runtime::order::sort_by_key;

/// A user action (a button press, a recipe switched on or off: a [`crate::model::node::Command`]'s
/// text) applied between two units of work: after `step` steps, with the clock at `at` ms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    pub step: u64,
    pub at: u64,
    pub action: String,
}

/// The most an address's inputs may add to it (256 KiB): a share URL carries them all, and servers
/// take a request line of a few hundred KB at most (`trunk serve` about 400 KB). User actions are
/// a few bytes each; what live sockets send reaches it (a feed at 200 frames a second in about two
/// seconds).
pub const RECORDED_QUERY_BYTES: usize = 256 * 1024;

/// A run's inputs as its address and share links keep them: every input until they would add more
/// than [`RECORDED_QUERY_BYTES`] to the address; from the first one that does not fit, none. The
/// run goes on with every input applied; a link replays it up to the point where recording stopped.
///
/// ```
/// use tasklane::model::share::{Input, RECORDED_QUERY_BYTES, Recording};
/// let mut recording = Recording::default();
/// // Each adds `1.10.xx…x~` to the address: half the limit, less two bytes.
/// let frame = |step| Input { step, at: step * 10, action: "x".repeat(RECORDED_QUERY_BYTES / 2 - 8) };
/// recording.record(frame(1));
/// recording.record(frame(2));
/// assert_eq!((recording.inputs().len(), recording.cut()), (2, None));
/// let fire = |step| Input { step, at: step * 10, action: "fire".into() };
/// assert!(recording.stops_at(&fire(3)));
/// recording.record(fire(3));
/// recording.record(fire(4));
/// assert_eq!((recording.inputs().len(), recording.cut()), (2, Some((3, 30))), "none after the first that did not fit");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recording {
    inputs: Vec<Input>,
    bytes: usize,
    /// Where recording stopped: (steps, virtual ms) of the first input it could not keep.
    cut: Option<(u64, u64)>,
}

impl Recording {
    /// A recording that already holds `inputs` (a replayed run's), counted against the limit.
    pub fn of(inputs: Vec<Input>) -> Self {
        let bytes = inputs.iter().map(Input::query_len).sum();
        Recording { inputs, bytes, cut: None }
    }

    /// Whether recording stops at `input`: it is the first that does not fit.
    pub fn stops_at(&self, input: &Input) -> bool {
        self.cut.is_none() && self.bytes + input.query_len() > RECORDED_QUERY_BYTES
    }

    /// Keeps `input`, unless recording has stopped or stops at it.
    pub fn record(&mut self, input: Input) {
        if self.cut.is_some() {
            return;
        }
        let len = input.query_len();
        if self.bytes + len > RECORDED_QUERY_BYTES {
            self.cut = Some((input.step, input.at));
            return;
        }
        self.bytes += len;
        self.inputs.push(input);
    }

    pub fn inputs(&self) -> &[Input] {
        &self.inputs
    }

    /// Where recording stopped, if it did: (steps, virtual ms).
    pub fn cut(&self) -> Option<(u64, u64)> {
        self.cut
    }
}

impl Input {
    /// How a share URL writes it: `step.at.action`, the action percent-encoded.
    fn query(&self) -> String {
        format!("{}.{}.{}", self.step, self.at, encode(&self.action))
    }

    /// What it adds to a share URL, with the separator before the next one: [`Input::query`]'s
    /// length plus one, counted without writing it (a live socket records hundreds a second).
    fn query_len(&self) -> usize {
        let digits = |n: u64| n.checked_ilog10().map_or(1, |d| d as usize + 1);
        let encoded: usize = self.action.bytes().map(|b| if unescaped(b) { 1 } else { 3 }).sum();
        digits(self.step) + 1 + digits(self.at) + 1 + encoded + 1
    }
}

/// Everything a share URL carries besides the recipe (which is the path).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Share {
    pub seed: Option<u64>,
    /// The recipe the run began with, when it is not the page's (the path's).
    pub run: Option<String>,
    /// The parameters of the recipe the run began with, by name; each recipe validates its own.
    pub params: BTreeMap<String, String>,
    pub inputs: Vec<Input>,
    /// Where the run was: units of work done and the clock.
    pub steps: Option<u64>,
    pub at: Option<u64>,
    /// The event the views were showing (`None`: live).
    pub cursor: Option<u64>,
}

/// The keys with a meaning of their own; any other key is a recipe parameter.
const RESERVED: [&str; 6] = ["seed", "run", "inputs", "steps", "at", "cursor"];

/// The most units of work a share link may replay: far beyond any recipe's run, short of freezing the page.
pub const MAX_STEPS: u64 = 50_000_000;
/// The latest virtual time a share link may name: 31 days, in ms.
pub const MAX_AT: u64 = 31 * 86_400_000;

fn parse_u64(key: &str, value: &str, notices: &mut Vec<String>) -> Option<u64> {
    parse_at_most(key, value, u64::MAX, notices)
}

fn parse_at_most(key: &str, value: &str, max: u64, notices: &mut Vec<String>) -> Option<u64> {
    match value.parse::<u64>() {
        Ok(v) if v <= max => Some(v),
        Ok(_) => {
            notices.push(format!("Ignored {key}={value:?}: expected a whole number up to {max}."));
            None
        }
        Err(_) => {
            notices.push(format!("Ignored {key}={value:?}: expected a whole number."));
            None
        }
    }
}

fn parse_input(text: &str) -> Option<Input> {
    let mut parts = text.splitn(3, '.');
    let step = parts.next()?.parse().ok()?;
    let at = parts.next()?.parse().ok()?;
    let action = parts.next()?;
    let valid = !action.is_empty() && !action.chars().any(char::is_control);
    valid.then(|| Input { step, at, action: action.to_string() })
}

/// Percent-decodes a query component (`+` is a space); `None` if the escapes are malformed.
pub(crate) fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = text.get(i + 1..i + 3).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Whether a query component keeps byte `b` as it is.
fn unescaped(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')
}

/// Percent-encodes a query component; `~` too, as it separates a share URL's inputs.
pub(crate) fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if unescaped(b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

impl Share {
    /// Reads a query string (with or without the leading `?`). Anything malformed is left out and
    /// described in the returned notices, never a panic.
    ///
    /// ```
    /// use tasklane::model::share::Share;
    /// let (share, notices) = Share::parse("?seed=7&tasks=50&inputs=3.120.fire&cursor=oops");
    /// assert_eq!(share.seed, Some(7));
    /// assert_eq!(share.params["tasks"], "50");
    /// assert_eq!(share.inputs[0].action, "fire");
    /// assert_eq!(share.cursor, None);
    /// assert_eq!(notices.len(), 1);
    /// // `%+1` is not an escape (a sign is not a hex digit), so the pair is ignored with a notice.
    /// assert_eq!(Share::parse("?tasks=%+1").1.len(), 1);
    /// // A replay point beyond any run (steps or virtual time) is ignored with a notice, not run to.
    /// let (far, notices) = Share::parse("?steps=999999999999&at=999999999999");
    /// assert_eq!((far.steps, far.at, notices.len()), (None, None, 2));
    /// ```
    pub fn parse(query: &str) -> (Share, Vec<String>) {
        let mut share = Share::default();
        let mut notices = Vec::new();
        for pair in query.trim_start_matches('?').split('&').filter(|p| !p.is_empty()) {
            let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
            let (Some(key), Some(value)) = (decode(raw_key), decode(raw_value)) else {
                notices.push(format!("Ignored {pair:?}: it is not valid URL encoding."));
                continue;
            };
            match key.as_str() {
                "seed" => share.seed = parse_u64(&key, &value, &mut notices),
                "run" => share.run = Some(value),
                "steps" => share.steps = parse_at_most(&key, &value, MAX_STEPS, &mut notices),
                "at" => share.at = parse_at_most(&key, &value, MAX_AT, &mut notices),
                "cursor" => share.cursor = parse_u64(&key, &value, &mut notices),
                "inputs" => {
                    // Split before decoding: an action may contain an escaped `~`.
                    for raw in raw_value.split('~').filter(|i| !i.is_empty()) {
                        let item = decode(raw).unwrap_or_default();
                        match parse_input(&item) {
                            Some(input) => share.inputs.push(input),
                            None => notices.push(format!("Ignored the input {item:?}: expected step.ms.action (an action with no control characters).")),
                        }
                    }
                    sort_by_key(&mut share.inputs, |i| i.step);
                }
                _ => {
                    share.params.insert(key, value);
                }
            }
        }
        (share, notices)
    }

    /// The query string (starting with `?`) that [`Share::parse`] reads back.
    pub fn to_query(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(seed) = self.seed {
            parts.push(format!("seed={seed}"));
        }
        if let Some(run) = &self.run {
            parts.push(format!("run={}", encode(run)));
        }
        for (k, v) in self.params.iter().filter(|(k, _)| !RESERVED.contains(&k.as_str())) {
            parts.push(format!("{}={}", encode(k), encode(v)));
        }
        if !self.inputs.is_empty() {
            let inputs: Vec<String> = self.inputs.iter().map(Input::query).collect();
            parts.push(format!("inputs={}", inputs.join("~")));
        }
        for (key, value) in [("steps", self.steps), ("at", self.at), ("cursor", self.cursor)] {
            if let Some(v) = value {
                parts.push(format!("{key}={v}"));
            }
        }
        format!("?{}", parts.join("&"))
    }
}

/// Replays a recorded run: the inputs at their exact points, then on to `steps` and the clock `at`.
/// `apply` performs an action; the live run applied the same actions through the same function.
pub fn replay(rt: &Runtime, inputs: &[Input], steps: u64, at: u64, apply: impl FnMut(&str)) {
    Replay::new(inputs.to_vec(), steps, at).advance(rt, u64::MAX, apply);
}

/// A replay under way, done a slice at a time so a long one leaves the page responsive: after
/// [`Replay::advance`] says it is finished, the runtime is exactly where [`replay`] leaves it.
///
/// ```
/// use tasklane::model::share::{Input, Replay};
/// use tasklane::runtime::prelude::*;
/// let sleeper = |rt: &Runtime| {
///     rt.spawn("sleeper", Behaviour::Process, |ctx| async move {
///         for _ in 0..100 { ctx.sleep(10).await; }
///         Ok(())
///     });
/// };
/// let (whole, sliced) = (Runtime::new(1), Runtime::new(1));
/// sleeper(&whole);
/// sleeper(&sliced);
/// whole.run();
/// let mut replay = Replay::new(vec![], whole.steps(), whole.now());
/// let mut slices = 1;
/// while !replay.advance(&sliced, 16, |_| {}) {
///     assert!(replay.progress(&sliced) < 1.0);
///     slices += 1;
/// }
/// assert!(slices > 10);
/// assert_eq!(sliced.trace_hash(), whole.trace_hash());
/// ```
pub struct Replay {
    inputs: Vec<Input>,
    next: usize,
    steps: u64,
    at: u64,
}

impl Replay {
    pub fn new(inputs: Vec<Input>, steps: u64, at: u64) -> Self {
        Replay { inputs, next: 0, steps, at }
    }

    /// Does at most `budget` units of work, applying each input at its point; `true` once the
    /// replay is complete.
    pub fn advance(&mut self, rt: &Runtime, mut budget: u64, mut apply: impl FnMut(&str)) -> bool {
        loop {
            let target = self.inputs.get(self.next).map_or(self.steps, |i| i.step);
            while rt.steps() < target {
                if budget == 0 {
                    return false;
                }
                budget -= 1;
                if !rt.step() {
                    break;
                }
            }
            match self.inputs.get(self.next) {
                Some(input) => {
                    rt.advance_clock_to(input.at);
                    apply(&input.action);
                    self.next += 1;
                }
                None => {
                    rt.advance_clock_to(self.at);
                    return true;
                }
            }
        }
    }

    /// How far it has got, from 0 to 1 (by units of work).
    pub fn progress(&self, rt: &Runtime) -> f64 {
        let end = self.inputs.last().map_or(0, |i| i.step).max(self.steps);
        if end == 0 { 1.0 } else { (rt.steps() as f64 / end as f64).min(1.0) }
    }
}
