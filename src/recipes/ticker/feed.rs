//! What the ticker page shows, folded from the trace (what a LiveView assigning each frame the
//! client broadcasts would hold): prices per pair, the book, frames per second, the connection's
//! states over time, heartbeats, subscriptions and counters.

use std::collections::VecDeque;

use super::client::{BackingOff, Frame, HeartbeatLost, PriceLevel, Received, Requested, Sub, SubscriptionReply};
use super::kraken::{ParseError, SubStatus};
use crate::model::fold::Fold;
use crate::runtime::prelude::*;
use crate::runtime::websockex::{Connected, Connecting, Disconnected};

/// How much history the price lines, the connection strip and the heartbeat ticks keep, in virtual ms.
pub const WINDOW_MS: u64 = 60_000;
/// Levels a book side keeps (`book-10`).
pub const DEPTH: usize = 10;

/// The connection's state, as the strip colours it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    Connecting,
    Up,
    Down,
    /// Waiting `delay_ms` before the next attempt.
    BackingOff { delay_ms: u64 },
}

impl Link {
    pub fn label(self) -> String {
        match self {
            Link::Connecting => "connecting".into(),
            Link::Up => "up".into(),
            Link::Down => "down".into(),
            Link::BackingOff { delay_ms } => format!("backing off {delay_ms} ms"),
        }
    }

    /// The strip's CSS class.
    pub fn class(self) -> &'static str {
        match self {
            Link::Connecting => "connecting",
            Link::Up => "up",
            Link::Down => "down",
            Link::BackingOff { .. } => "backoff",
        }
    }
}

/// One pair's latest quote and its recent prices.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Quote {
    pub bid: f64,
    pub ask: f64,
    pub last: f64,
    /// The spread channel's best bid and ask, when subscribed.
    pub spread: Option<(f64, f64)>,
    /// (virtual ms, last trade price), over the last [`WINDOW_MS`].
    pub points: VecDeque<(u64, f64)>,
}

/// One pair's book: asks from the lowest, bids from the highest, [`DEPTH`] each.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Book {
    pub asks: Vec<PriceLevel>,
    pub bids: Vec<PriceLevel>,
}

impl Book {
    /// A snapshot replaces a side; an update sets a price level, and a zero volume removes it.
    fn apply(&mut self, snapshot: bool, asks: &[PriceLevel], bids: &[PriceLevel]) {
        if snapshot {
            self.asks.clear();
            self.bids.clear();
        }
        merge(&mut self.asks, asks, |a, b| a < b);
        merge(&mut self.bids, bids, |a, b| a > b);
    }
}

/// Sets each level in `side` (kept ordered by `before` on price, at most [`DEPTH`] long).
fn merge(side: &mut Vec<PriceLevel>, levels: &[PriceLevel], before: fn(f64, f64) -> bool) {
    for level in levels {
        side.retain(|l| l.price != level.price);
        if level.volume > 0.0 {
            let at = side.iter().position(|l| before(level.price, l.price)).unwrap_or(side.len());
            side.insert(at, *level);
        }
    }
    side.truncate(DEPTH);
}

/// A subscription as the client knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubState {
    Requested,
    Subscribed { channel_id: Option<u64> },
    Refused(String),
}

/// The page's state at a point of the run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Feed {
    pub now: u64,
    pub link: Option<Link>,
    /// The connection's states over the last [`WINDOW_MS`]: (from, state).
    pub strip: VecDeque<(u64, Link)>,
    pub target: String,
    /// By pair, in the order they first traded (short lists: a few pairs).
    pub quotes: Vec<(String, Quote)>,
    pub books: Vec<(String, Book)>,
    /// In the order they were requested.
    pub subs: Vec<(Sub, SubState)>,
    pub frames: u64,
    pub malformed: u64,
    pub oversized: u64,
    pub reconnects: u64,
    /// Subscribe requests sent again after a reconnect.
    pub resubscribed: u64,
    /// When frames arrived in the last second (for frames per second).
    recent: VecDeque<u64>,
    /// Heartbeats in the last [`WINDOW_MS`].
    pub heartbeats: VecDeque<u64>,
    pub last_backoff: Option<(u64, u64, u64)>,
    /// What went wrong lately, newest last: skipped frames, refusals, lost heartbeats (at most 8).
    pub problems: VecDeque<(u64, String)>,
    pub status: Option<String>,
}

/// The value under `key` in a short list of pairs, made with `Default` if missing.
fn entry<'a, V: Default>(list: &'a mut Vec<(String, V)>, key: &str) -> &'a mut V {
    let at = match list.iter().position(|(k, _)| k == key) {
        Some(at) => at,
        None => {
            list.push((key.to_string(), V::default()));
            list.len() - 1
        }
    };
    &mut list[at].1
}

impl Feed {
    /// The quote of `pair`, if it traded.
    pub fn quote(&self, pair: &str) -> Option<&Quote> {
        self.quotes.iter().find(|(p, _)| p == pair).map(|(_, q)| q)
    }

    /// The book of `pair`, if subscribed.
    pub fn book(&self, pair: &str) -> Option<&Book> {
        self.books.iter().find(|(p, _)| p == pair).map(|(_, b)| b)
    }

    fn set_sub(&mut self, sub: Sub, state: Option<SubState>) {
        let at = self.subs.iter().position(|(s, _)| *s == sub);
        match (at, state) {
            (Some(at), Some(state)) => self.subs[at].1 = state,
            (None, Some(state)) => self.subs.push((sub, state)),
            (Some(at), None) => {
                self.subs.remove(at);
            }
            (None, None) => {}
        }
    }

    /// Frames received in the last virtual second.
    pub fn per_second(&self) -> usize {
        self.recent.len()
    }

    fn set_link(&mut self, at: u64, link: Link) {
        self.link = Some(link);
        self.strip.push_back((at, link));
    }

    fn problem(&mut self, at: u64, text: String) {
        if self.problems.len() == 8 {
            self.problems.pop_front();
        }
        self.problems.push_back((at, text));
    }

    fn received(&mut self, at: u64, frame: &Result<Frame, ParseError>) {
        self.frames += 1;
        self.recent.push_back(at);
        let message = match frame {
            Ok(message) => message,
            Err(e) => {
                match e {
                    ParseError::TooLong(_) => self.oversized += 1,
                    ParseError::Malformed(_) => self.malformed += 1,
                }
                self.problem(at, format!("skipped a frame: {e}"));
                return;
            }
        };
        match message {
            Frame::Heartbeat => self.heartbeats.push_back(at),
            Frame::Status(status) => self.status = Some(status.to_string()),
            Frame::Subscription(reply) => self.subscription(at, reply),
            Frame::Error(error) => self.problem(at, error.to_string()),
            Frame::Ticker { pair, bid, ask, last } => {
                let quote = entry(&mut self.quotes, pair.as_str());
                (quote.bid, quote.ask, quote.last) = (*bid, *ask, *last);
                quote.points.push_back((at, *last));
            }
            Frame::Spread { pair, bid, ask } => entry(&mut self.quotes, pair.as_str()).spread = Some((*bid, *ask)),
            Frame::Book { pair, snapshot, levels } => {
                entry(&mut self.books, pair.as_str()).apply(*snapshot, levels.asks(), levels.bids())
            },
            Frame::Pong => {}
        }
    }

    /// A subscription confirmed, ended or refused; an error reply that names none is a problem.
    fn subscription(&mut self, at: u64, reply: &SubscriptionReply) {
        let Some((pair, channel)) = reply.sub else {
            if let Some(error) = &reply.error {
                self.problem(at, error.clone());
            }
            return;
        };
        let sub = Sub::new(pair.as_str(), channel);
        match reply.status {
            SubStatus::Subscribed => self.set_sub(sub, Some(SubState::Subscribed { channel_id: reply.channel_id })),
            SubStatus::Unsubscribed => self.set_sub(sub, None),
            SubStatus::Error => {
                let why = reply.error.as_deref().unwrap_or("refused").to_string();
                self.problem(at, format!("{} refused: {why}", sub.describe()));
                self.set_sub(sub, Some(SubState::Refused(why)));
            }
        }
    }

    /// Drops what is older than the windows.
    fn trim(&mut self) {
        let since = self.now.saturating_sub(WINDOW_MS);
        while self.recent.front().is_some_and(|t| *t + 1000 <= self.now) {
            self.recent.pop_front();
        }
        while self.heartbeats.front().is_some_and(|t| *t < since) {
            self.heartbeats.pop_front();
        }
        while self.strip.len() > 1 && self.strip.get(1).is_some_and(|(t, _)| *t <= since) {
            self.strip.pop_front();
        }
        for (_, quote) in &mut self.quotes {
            while quote.points.front().is_some_and(|(t, _)| *t < since) {
                quote.points.pop_front();
            }
        }
    }
}

impl Fold for Feed {
    fn apply(&mut self, e: &Event) {
        self.now = e.at;
        if let EventKind::Custom(c) = &e.kind {
            if let Some(r) = c.get::<Received>() {
                self.received(e.at, &r.frame);
            } else if let Some(c) = c.get::<Connecting>() {
                self.target = c.target.clone();
                self.set_link(e.at, Link::Connecting);
            } else if c.get::<Connected>().is_some() {
                self.set_link(e.at, Link::Up);
                self.subs.clear();
            } else if c.get::<Disconnected>().is_some() {
                self.set_link(e.at, Link::Down);
            } else if let Some(b) = c.get::<BackingOff>() {
                self.reconnects += 1;
                self.last_backoff = Some((b.delay_ms, b.low_ms, b.high_ms));
                self.set_link(e.at, Link::BackingOff { delay_ms: b.delay_ms });
            } else if let Some(r) = c.get::<Requested>() {
                self.resubscribed += u64::from(r.again);
                if r.subscribe && !self.subs.iter().any(|(s, _)| *s == r.sub) {
                    self.subs.push((r.sub.clone(), SubState::Requested));
                }
            } else if let Some(h) = c.get::<HeartbeatLost>() {
                self.problem(e.at, format!("no frame for {} ms: the watchdog closed the connection", h.silent_ms));
            }
        }
        self.trim();
    }

    fn weight(&self) -> usize {
        self.strip.len() + self.recent.len() + self.quotes.iter().map(|(_, q)| q.points.len()).sum::<usize>()
    }
}
