//! The ticker client (the article's WebSockex `Kraken.Client`): subscribes to `ticker`, `spread`
//! and `book-10`, answers in `handle_frame/2`, watches heartbeats, and reconnects with exponential
//! backoff and jitter, resubscribing to exactly what it was subscribed to.

use std::fmt::Write as _;
use std::rc::Rc;

use super::kraken::{self, Channel, Incoming, Level, ParseError, Request, SubStatus};
use crate::model::float::Fixed;
use crate::runtime::prelude::*;
use crate::runtime::trace::json_string;
use crate::runtime::websockex::{AfterDisconnect, Disconnect, Reply, WebSockex};

/// One subscription: a pair on a channel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sub {
    pub pair: String,
    pub channel: Channel,
}

impl Sub {
    pub fn new(pair: &str, channel: Channel) -> Sub {
        Sub { pair: pair.to_string(), channel }
    }

    fn subscribe(&self) -> String {
        Request::Subscribe { pair: self.pair.clone(), channel: self.channel }.to_json()
    }

    fn unsubscribe(&self) -> String {
        Request::Unsubscribe { pair: self.pair.clone(), channel: self.channel }.to_json()
    }

    /// As the UI and the event log name it: `XBT/USD ticker`.
    pub fn describe(&self) -> String {
        format!("{} {}", self.pair, self.channel.channel_name())
    }
}

/// Exponential backoff with jitter: attempt `n` waits between half and all of `min × 2^(n−1)`,
/// capped at `max`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    pub min_ms: u64,
    pub max_ms: u64,
}

impl Backoff {
    /// The shortest and longest wait before reconnect attempt `attempt` (1, 2, …).
    ///
    /// ```
    /// use tasklane::recipes::ticker::client::Backoff;
    /// let b = Backoff { min_ms: 500, max_ms: 8000 };
    /// assert_eq!((b.bounds(1), b.bounds(3), b.bounds(10)), ((250, 500), (1000, 2000), (4000, 8000)));
    /// ```
    pub fn bounds(&self, attempt: u32) -> (u64, u64) {
        let doubled = self.min_ms.saturating_mul(1u64 << attempt.saturating_sub(1).min(32));
        let cap = doubled.min(self.max_ms).max(1);
        (cap / 2, cap)
    }
}

/// The client's settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub backoff: Backoff,
    /// Silence after which the connection counts as dead, in ms; a ping goes out at half of it.
    pub heartbeat_ms: u64,
    /// What to subscribe to once connected.
    pub subs: Vec<Sub>,
}

/// The client's state (WebSockex's `state`). Its sets are short lists (a few subscriptions).
pub struct Client {
    settings: Settings,
    /// What the learner wants subscribed, in the order asked; survives reconnects (a restart begins
    /// from the settings).
    wanted: Vec<Sub>,
    /// What this connection has asked for: resubscription sends each wanted one exactly once.
    sent: Vec<Sub>,
    /// Channel ids the exchange assigned on this connection.
    channels: Vec<(u64, Sub)>,
    last_frame: u64,
    watchdog: Option<Ref>,
    next_reqid: u64,
    /// Connections opened so far: subscriptions sent on any but the first are resubscriptions.
    connections: u32,
}

impl Client {
    pub fn new(settings: Settings) -> Client {
        Client {
            wanted: settings.subs.clone(),
            settings,
            sent: Vec::new(),
            channels: Vec::new(),
            last_frame: 0,
            watchdog: None,
            next_reqid: 1,
            connections: 0,
        }
    }

    fn arm_watchdog(&mut self, ctx: &Ctx, ms: u64) {
        self.watchdog = Some(ctx.send_after(ctx.pid(), Term::atom("watchdog"), ms.max(1)));
    }

    /// Sends `sub`'s subscribe request unless this connection already did; `on_connect`: as one of
    /// the subscriptions every connection starts with.
    fn request(&mut self, ctx: &Ctx, sub: Sub, on_connect: bool) -> Reply {
        if !self.wanted.contains(&sub) || self.sent.contains(&sub) {
            return Reply::Ok;
        }
        self.sent.push(sub.clone());
        let again = on_connect && self.connections > 1;
        ctx.record_custom(Requested { sub: sub.clone(), subscribe: true, on_connect, again });
        Reply::Frame(sub.subscribe())
    }

    /// Keeps channel ids current, and drops a subscription the exchange refused (not retried).
    fn track(&mut self, message: &Incoming) {
        let Incoming::SubscriptionStatus { channel_id, channel: Some(channel), pair: Some(pair), status, .. } = message
        else {
            return;
        };
        let sub = Sub::new(pair, *channel);
        match status {
            SubStatus::Subscribed => {
                if let Some(id) = channel_id {
                    self.channels.push((*id, sub));
                }
            }
            SubStatus::Unsubscribed => self.channels.retain(|(_, s)| *s != sub),
            SubStatus::Error => {
                self.wanted.retain(|s| *s != sub);
                self.sent.retain(|s| *s != sub);
            }
        }
    }
}

impl WebSockex for Client {
    async fn handle_connect(&mut self, ctx: &Ctx) -> ProcResult {
        self.connections += 1;
        self.sent.clear();
        self.channels.clear();
        self.last_frame = ctx.now();
        self.arm_watchdog(ctx, self.settings.heartbeat_ms / 2);
        // WebSockex cannot send from handle_connect: each subscription goes out from handle_info.
        for sub in &self.wanted {
            let msg = Term::tuple([Term::atom("resubscribe"), Term::Str(sub.pair.as_str().into()), channel_term(sub.channel)]);
            ctx.send(ctx.pid(), msg); //@handle_connect
        }
        Ok(())
    }

    async fn handle_frame(&mut self, ctx: &Ctx, text: &str) -> Result<Reply, ExitReason> {
        self.last_frame = ctx.now();
        let parsed = kraken::parse(text); //@handle_frame
        if let Ok(message) = &parsed {
            self.track(message);
        }
        ctx.record_custom(Received { bytes: text.len(), frame: parsed.map(Frame::from) });
        Ok(Reply::Ok)
    }

    async fn handle_cast(&mut self, ctx: &Ctx, request: Term) -> Result<Reply, ExitReason> {
        let Some(sub) = sub_of(&request) else {
            return Err(ExitReason::Other(Term::tuple([Term::atom("bad_cast"), request])));
        };
        match request.tag() {
            Some("subscribe") => {
                if !self.wanted.contains(&sub) {
                    self.wanted.push(sub.clone());
                }
                Ok(self.request(ctx, sub, false)) //@handle_cast
            }
            Some("unsubscribe") => {
                self.wanted.retain(|s| *s != sub);
                if !self.sent.contains(&sub) {
                    return Ok(Reply::Ok);
                }
                self.sent.retain(|s| *s != sub);
                ctx.record_custom(Requested { sub: sub.clone(), subscribe: false, on_connect: false, again: false });
                Ok(Reply::Frame(sub.unsubscribe())) //@handle_cast
            }
            _ => Err(ExitReason::Other(Term::tuple([Term::atom("bad_cast"), request]))),
        }
    }

    async fn handle_info(&mut self, ctx: &Ctx, msg: Term) -> Result<Reply, ExitReason> {
        match msg.tag() {
            Some("resubscribe") => Ok(sub_of(&msg).map_or(Reply::Ok, |sub| self.request(ctx, sub, true))),
            Some("watchdog") => {
                let silent = ctx.now().saturating_sub(self.last_frame);
                let timeout = self.settings.heartbeat_ms;
                if silent >= timeout {
                    self.watchdog = None;
                    ctx.record_custom(HeartbeatLost { silent_ms: silent });
                    return Ok(Reply::Close); //@watchdog
                }
                self.arm_watchdog(ctx, timeout.saturating_sub(silent).min(timeout / 2));
                if silent >= timeout / 2 {
                    let reqid = self.next_reqid;
                    self.next_reqid += 1;
                    return Ok(Reply::Frame(Request::Ping { reqid }.to_json())); //@watchdog
                }
                Ok(Reply::Ok)
            }
            _ => Ok(Reply::Ok),
        }
    }

    async fn handle_disconnect(&mut self, ctx: &Ctx, disconnect: &Disconnect) -> Result<AfterDisconnect, ExitReason> {
        if let Some(timer) = self.watchdog.take() {
            ctx.cancel_timer(timer);
        }
        let (low, high) = self.settings.backoff.bounds(disconnect.attempt);
        let delay = ctx.random_range(low, high + 1);
        ctx.record_custom(BackingOff { attempt: disconnect.attempt, delay_ms: delay, low_ms: low, high_ms: high });
        ctx.sleep(delay).await; //@handle_disconnect
        Ok(AfterDisconnect::Reconnect)
    }
}

/// `:ticker`, `:spread` or `:book`, as casts and self-messages carry a channel.
pub fn channel_term(channel: Channel) -> Term {
    Term::atom(channel.name())
}

/// The subscription a `{verb, pair, channel}` message names.
fn sub_of(msg: &Term) -> Option<Sub> {
    let pair = msg.elem(1)?.as_str()?;
    let Term::Atom(channel) = msg.elem(2)? else { return None };
    Some(Sub::new(pair, Channel::parse(channel.as_str())?))
}

/// The cast that subscribes (or unsubscribes) `sub`.
pub fn cast_for(sub: &Sub, subscribe: bool) -> Term {
    let verb = if subscribe { "subscribe" } else { "unsubscribe" };
    Term::tuple([Term::atom(verb), Term::Str(sub.pair.as_str().into()), channel_term(sub.channel)])
}

/// What the trace keeps of a frame: what the page draws and the log says, not every field of it
/// (a feed at 200 frames a second fills the trace with these). Pairs are atoms: a few, kept once.
#[derive(Clone, Debug, PartialEq)]
pub enum Frame {
    Status(Atom),
    Subscription(Rc<SubscriptionReply>),
    Heartbeat,
    Pong,
    Ticker { pair: Atom, bid: f64, ask: f64, last: f64 },
    Spread { pair: Atom, bid: f64, ask: f64 },
    Book { pair: Atom, snapshot: bool, levels: BookLevels },
    Error(Rc<str>),
}

/// A `subscriptionStatus` as the trace keeps it: rare, so it is kept apart and every other frame's
/// copy stays small.
#[derive(Debug, PartialEq)]
pub struct SubscriptionReply {
    pub sub: Option<(Atom, Channel)>,
    pub status: SubStatus,
    pub channel_id: Option<u64>,
    pub error: Option<String>,
}

/// A book level as the page draws it (a zero volume removes the level).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PriceLevel {
    pub price: f64,
    pub volume: f64,
}

/// A book message's levels, asks then bids, in one allocation of prices and volumes: a busy book
/// sends one of these with most frames, and the trace keeps tens of thousands of them.
#[derive(Clone, Debug, PartialEq)]
pub struct BookLevels {
    levels: Rc<[PriceLevel]>,
    asks: usize,
}

impl BookLevels {
    pub fn new(asks: &[Level], bids: &[Level]) -> Self {
        let level = |l: &Level| PriceLevel { price: l.price, volume: l.volume };
        BookLevels { levels: asks.iter().chain(bids).map(level).collect(), asks: asks.len() }
    }

    pub fn asks(&self) -> &[PriceLevel] {
        &self.levels[..self.asks]
    }

    pub fn bids(&self) -> &[PriceLevel] {
        &self.levels[self.asks..]
    }
}

impl From<Incoming> for Frame {
    fn from(message: Incoming) -> Frame {
        match message {
            Incoming::SystemStatus { status, .. } => Frame::Status(Atom::intern(&status)),
            Incoming::SubscriptionStatus { channel_id, channel, pair, status, error } => {
                Frame::Subscription(Rc::new(SubscriptionReply {
                    sub: pair.zip(channel).map(|(pair, channel)| (Atom::intern(&pair), channel)),
                    status,
                    channel_id,
                    error,
                }))
            }
            Incoming::Heartbeat => Frame::Heartbeat,
            Incoming::Pong { .. } => Frame::Pong,
            Incoming::Ticker { pair, ticker, .. } => {
                Frame::Ticker { pair: Atom::intern(&pair), bid: ticker.bid, ask: ticker.ask, last: ticker.last }
            }
            Incoming::Spread { pair, spread, .. } => {
                Frame::Spread { pair: Atom::intern(&pair), bid: spread.bid, ask: spread.ask }
            }
            Incoming::Book { pair, snapshot, asks, bids, .. } => {
                Frame::Book { pair: Atom::intern(&pair), snapshot, levels: BookLevels::new(&asks, &bids) }
            }
            Incoming::Error { message } => Frame::Error(message.into()),
        }
    }
}

impl Frame {
    /// What the event log says of it: its event, or its channel and pair.
    pub fn describe(&self) -> String {
        match self {
            Frame::Status(status) => format!("systemStatus {status}"),
            Frame::Subscription(reply) => {
                let SubscriptionReply { sub, status, error, .. } = &**reply;
                let (pair, what) = sub.map_or(("?", "?"), |(pair, channel)| (pair.as_str(), channel.channel_name()));
                let why = error.as_deref().map(|e| format!(": {e}")).unwrap_or_default();
                format!("subscriptionStatus {status:?} {what} {pair}{why}")
            }
            Frame::Heartbeat => "heartbeat".into(),
            Frame::Pong => "pong".into(),
            Frame::Ticker { pair, last, .. } => format!("ticker {pair} last {}", Fixed(*last, 2)),
            Frame::Spread { pair, bid, ask } => format!("spread {pair} {}/{}", Fixed(*bid, 2), Fixed(*ask, 2)),
            Frame::Book { pair, snapshot, .. } => format!("book-10 {pair} {}", if *snapshot { "snapshot" } else { "update" }),
            Frame::Error(message) => format!("error: {message}"),
        }
    }
}

/// A frame reached `handle_frame/2`: its size and what it parsed into (or why it was skipped).
pub struct Received {
    pub bytes: usize,
    pub frame: Result<Frame, ParseError>,
}

/// As the event log says it: a frame's whole parsed form would weigh the bundle for nothing.
impl std::fmt::Debug for Received {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl Custom for Received {
    fn name(&self) -> &'static str {
        "frame"
    }

    fn describe(&self) -> String {
        match &self.frame {
            Ok(frame) => format!("frame: {}", frame.describe()),
            Err(e) => format!("frame skipped ({} bytes): {e}", self.bytes),
        }
    }

    fn write_json(&self, out: &mut String) {
        let _ = write!(out, ",\"bytes\":{},\"frame\":", self.bytes);
        match &self.frame {
            Ok(frame) => json_string(out, &frame.describe()),
            Err(e) => json_string(out, &e.to_string()),
        }
        let _ = write!(out, ",\"ok\":{}", self.frame.is_ok());
    }
}

/// The client asked to subscribe or unsubscribe: from a cast, or as a connection starts
/// (`on_connect`); `again`: resubscribing after a reconnect.
#[derive(Debug)]
pub struct Requested {
    pub sub: Sub,
    pub subscribe: bool,
    pub on_connect: bool,
    pub again: bool,
}

impl Custom for Requested {
    fn name(&self) -> &'static str {
        "request"
    }

    fn describe(&self) -> String {
        let verb = match (self.subscribe, self.again) {
            (true, true) => "resubscribe",
            (true, false) => "subscribe",
            (false, _) => "unsubscribe",
        };
        format!("{verb} {}", self.sub.describe())
    }

    fn write_json(&self, out: &mut String) {
        out.push_str(",\"pair\":");
        json_string(out, &self.sub.pair);
        let _ = write!(
            out,
            ",\"channel\":\"{}\",\"subscribe\":{},\"again\":{}",
            self.sub.channel.name(),
            self.subscribe,
            self.again
        );
    }
}

/// `handle_disconnect/2` chose to reconnect after `delay_ms`, drawn from `low_ms..=high_ms`.
#[derive(Debug)]
pub struct BackingOff {
    pub attempt: u32,
    pub delay_ms: u64,
    pub low_ms: u64,
    pub high_ms: u64,
}

impl Custom for BackingOff {
    fn name(&self) -> &'static str {
        "backoff"
    }

    fn describe(&self) -> String {
        format!(
            "backing off {} ms before attempt {} (from {}–{} ms)",
            self.delay_ms, self.attempt, self.low_ms, self.high_ms
        )
    }

    fn write_json(&self, out: &mut String) {
        let _ = write!(
            out,
            ",\"attempt\":{},\"delay\":{},\"low\":{},\"high\":{}",
            self.attempt, self.delay_ms, self.low_ms, self.high_ms
        );
    }
}

/// No frame, heartbeat or pong for `silent_ms`: the watchdog closes the connection.
#[derive(Debug)]
pub struct HeartbeatLost {
    pub silent_ms: u64,
}

impl Custom for HeartbeatLost {
    fn name(&self) -> &'static str {
        "heartbeat_lost"
    }

    fn describe(&self) -> String {
        format!("no frame for {} ms: closing the connection", self.silent_ms)
    }

    fn write_json(&self, out: &mut String) {
        let _ = write!(out, ",\"silent\":{}", self.silent_ms);
    }
}
