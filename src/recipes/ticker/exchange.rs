//! A simulated Kraken (the server a WebSockex client connects to): pairs on a seeded random walk,
//! a ten-level book each, subscriptions per connection, heartbeats, and injectable faults.
//!
//! Pure and deterministic: no I/O and no wall time. The caller moves it with [`Exchange::tick`] at a
//! time it chooses (virtual milliseconds in the page, elapsed milliseconds in the local feed), so the
//! same seed and the same calls give the same frames. Timestamps in frames are that time, in seconds.
//!
//! ```
//! use tasklane::recipes::ticker::exchange::{Exchange, Faults};
//! let mut exchange = Exchange::new(7, Faults::default());
//! let (conn, status) = exchange.connect();
//! assert!(status.contains(r#""event":"systemStatus""#));
//! let replies = exchange.receive(conn, r#"{"event":"subscribe","pair":["XBT/USD"],"subscription":{"name":"ticker"}}"#);
//! assert!(replies[0].contains(r#""status":"subscribed""#));
//! let frames = exchange.tick(50);
//! assert!(frames.iter().all(|(to, _)| *to == conn));
//! ```

use super::kraken::{
    self, Asked, BOOK_DEPTH, Channel, Incoming, Level, MAX_FRAME_BYTES, Spread, StatusReply, SubStatus, Subscription,
    Ticker, book_checksum,
};

/// Faults the exchange injects into what it sends (each "every Nth" counts one connection's frames;
/// `None` or 0 is off).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Faults {
    /// Every Nth frame is cut in half, so it is not JSON.
    pub malformed_every: Option<u64>,
    /// Every Nth frame is padded with spaces past [`MAX_FRAME_BYTES`].
    pub oversized_every: Option<u64>,
    /// Every subscribe is refused with an error `subscriptionStatus`.
    pub refuse_subscriptions: bool,
}

/// A connection to the exchange.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConnId(pub u64);

/// The pairs the exchange lists: (name, opening price in 1/100000ths, price step in 1/100000ths).
const PAIRS: [(&str, u64, u64); 3] =
    [("XBT/USD", 6_000_000_000, 10_000), ("ETH/USD", 300_000_000, 1_000), ("SOL/USD", 15_000_000, 100)];

/// Units of a price (5 decimals) and of a volume (8 decimals).
const PRICE_UNIT: f64 = 100_000.0;
const VOLUME_UNIT: f64 = 100_000_000.0;

/// A connection that got nothing for this long gets a heartbeat.
pub const HEARTBEAT_MS: u64 = 1_000;

/// The version `systemStatus` reports.
const VERSION: &str = "1.9.1";

/// The refusal a subscribe gets while [`Faults::refuse_subscriptions`] is on.
pub const REFUSED: &str = "Subscription refused: the exchange is not taking subscriptions";

/// SplitMix64: one `u64` of state, a fixed sequence per seed.
#[derive(Clone, Debug)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// One price level in integer units: price and volume ticks, and when it last changed (ms).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Quote {
    price: u64,
    volume: u64,
    at_ms: u64,
}

impl Quote {
    fn level(self) -> Level {
        Level {
            price: self.price as f64 / PRICE_UNIT,
            volume: self.volume as f64 / VOLUME_UNIT,
            timestamp: seconds(self.at_ms),
            republish: false,
        }
    }
}

fn seconds(ms: u64) -> f64 {
    ms as f64 / 1_000.0
}

/// One pair's market: last price, the day's statistics and its book.
#[derive(Clone, Debug)]
struct Market {
    pair: &'static str,
    step: u64,
    open: u64,
    last: u64,
    last_volume: u64,
    high: u64,
    low: u64,
    volume: u64,
    /// Sum of price × volume (in units) over the trades, for the volume-weighted average price.
    turnover: f64,
    trades: u64,
    /// Lowest first.
    asks: Vec<Quote>,
    /// Highest first.
    bids: Vec<Quote>,
}

impl Market {
    fn new(pair: &'static str, open: u64, step: u64, rng: &mut SplitMix64) -> Market {
        let mut market = Market {
            pair,
            step,
            open,
            last: open,
            last_volume: 0,
            high: open,
            low: open,
            volume: 0,
            turnover: 0.0,
            trades: 0,
            asks: Vec::new(),
            bids: Vec::new(),
        };
        market.asks = market.ladder(&[], 1, rng, 0);
        market.bids = market.ladder(&[], -1, rng, 0);
        market
    }

    /// Ten levels one step apart from one step past the last price, on the side `sign` points to,
    /// keeping the volume and time of a level that was already there.
    fn ladder(&self, old: &[Quote], sign: i64, rng: &mut SplitMix64, now_ms: u64) -> Vec<Quote> {
        (1..=BOOK_DEPTH)
            .filter_map(|i| {
                let offset = i * self.step;
                let price = if sign > 0 { self.last.checked_add(offset) } else { self.last.checked_sub(offset) }?;
                let kept = old.iter().find(|q| q.price == price).copied();
                Some(kept.unwrap_or_else(|| Quote { price, volume: random_volume(rng), at_ms: now_ms }))
            })
            .filter(|q| q.price > 0)
            .collect()
    }

    /// One trade: the price walks up to two steps either way, the book follows it, and one
    /// level's volume changes. Returns the changed levels of each side (volume 0 for a removed one).
    fn step(&mut self, rng: &mut SplitMix64, now_ms: u64) -> (Vec<Quote>, Vec<Quote>) {
        let moves = rng.below(5) as i64 - 2;
        let delta = moves.unsigned_abs() * self.step;
        self.last = if moves < 0 { self.last.saturating_sub(delta).max(self.step) } else { self.last + delta };
        self.last_volume = random_volume(rng);
        self.high = self.high.max(self.last);
        self.low = self.low.min(self.last);
        self.volume += self.last_volume;
        self.turnover += self.last as f64 * self.last_volume as f64;
        self.trades += 1;
        let (old_asks, old_bids) = (std::mem::take(&mut self.asks), std::mem::take(&mut self.bids));
        self.asks = self.ladder(&old_asks, 1, rng, now_ms);
        self.bids = self.ladder(&old_bids, -1, rng, now_ms);
        let side = if rng.below(2) == 0 { &mut self.asks } else { &mut self.bids };
        let len = side.len() as u64;
        if let Some(level) = side.get_mut(rng.below(len.max(1)) as usize) {
            *level = Quote { volume: random_volume(rng), at_ms: now_ms, ..*level };
        }
        (changes(&old_asks, &self.asks, now_ms), changes(&old_bids, &self.bids, now_ms))
    }

    fn ticker(&self) -> Ticker {
        let price = |ticks: u64| ticks as f64 / PRICE_UNIT;
        let volume = |ticks: u64| ticks as f64 / VOLUME_UNIT;
        let vwap = if self.volume == 0 { self.last } else { (self.turnover / self.volume as f64) as u64 };
        let (ask, bid) = (self.asks.first(), self.bids.first());
        let whole = |q: Option<&Quote>| q.map_or(0, |q| q.volume / VOLUME_UNIT as u64).max(1);
        Ticker {
            ask: price(ask.map_or(self.last, |q| q.price)),
            ask_whole_lot_volume: whole(ask),
            ask_lot_volume: whole(ask) as f64,
            bid: price(bid.map_or(self.last, |q| q.price)),
            bid_whole_lot_volume: whole(bid),
            bid_lot_volume: whole(bid) as f64,
            last: price(self.last),
            last_volume: volume(self.last_volume),
            volume_today: volume(self.volume),
            volume_24h: volume(self.volume),
            vwap_today: price(vwap),
            vwap_24h: price(vwap),
            trades_today: self.trades,
            trades_24h: self.trades,
            low_today: price(self.low),
            low_24h: price(self.low),
            high_today: price(self.high),
            high_24h: price(self.high),
            open: price(self.open),
            open_24h: price(self.open),
        }
    }

    fn spread(&self, now_ms: u64) -> Spread {
        let best = |side: &[Quote]| side.first().map_or((self.last, 0), |q| (q.price, q.volume));
        let ((bid, bid_volume), (ask, ask_volume)) = (best(&self.bids), best(&self.asks));
        Spread {
            bid: bid as f64 / PRICE_UNIT,
            ask: ask as f64 / PRICE_UNIT,
            timestamp: seconds(now_ms),
            bid_volume: bid_volume as f64 / VOLUME_UNIT,
            ask_volume: ask_volume as f64 / VOLUME_UNIT,
        }
    }

    fn levels(side: &[Quote]) -> Vec<Level> {
        side.iter().map(|q| q.level()).collect()
    }
}

/// Between 0.01 and 5 in volume units.
fn random_volume(rng: &mut SplitMix64) -> u64 {
    1_000_000 + rng.below(499_000_000)
}

/// The levels of `new` that are not in `old` as they were, then the prices of `old` that left
/// (volume 0, stamped `now_ms`).
fn changes(old: &[Quote], new: &[Quote], now_ms: u64) -> Vec<Quote> {
    let removed = old.iter().filter(|o| !new.iter().any(|n| n.price == o.price));
    let removed = removed.map(|o| Quote { volume: 0, at_ms: now_ms, ..*o });
    let changed = new.iter().filter(|n| !old.contains(n)).copied();
    removed.chain(changed).collect()
}

/// One subscription of a connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Sub {
    market: usize,
    channel: Channel,
}

/// One connection: its subscriptions, how many frames it was sent, and when it last got one.
#[derive(Clone, Debug, Default)]
struct Conn {
    subs: Vec<Sub>,
    sent: u64,
    /// When the last frame was sent, as far as `tick` knows (`None` before the first tick).
    last_sent_ms: Option<u64>,
    /// Something was sent by `receive` since the last tick.
    sent_since_tick: bool,
}

/// The exchange: markets, connections and faults.
#[derive(Clone, Debug)]
pub struct Exchange {
    rng: SplitMix64,
    faults: Faults,
    markets: Vec<Market>,
    /// The open connections, in the order they opened.
    conns: Vec<(ConnId, Conn)>,
    next_conn: u64,
    /// The market the next tick moves (round robin).
    cursor: usize,
}

impl Exchange {
    /// An exchange whose prices walk from `seed`, injecting `faults`.
    pub fn new(seed: u64, faults: Faults) -> Exchange {
        let mut rng = SplitMix64(seed);
        let markets = PAIRS.iter().map(|&(pair, open, step)| Market::new(pair, open, step, &mut rng)).collect();
        Exchange { rng, faults, markets, conns: Vec::new(), next_conn: 1, cursor: 0 }
    }

    /// Changes the faults from the next frame on.
    pub fn set_faults(&mut self, faults: Faults) {
        self.faults = faults;
    }

    /// Opens a connection, and the `systemStatus` frame it gets first.
    pub fn connect(&mut self) -> (ConnId, String) {
        let id = ConnId(self.next_conn);
        self.next_conn += 1;
        let status = Incoming::SystemStatus {
            connection_id: self.rng.next(),
            status: "online".to_owned(),
            version: VERSION.to_owned(),
        };
        let mut conn = Conn::default();
        let frame = self.emit(&mut conn, status.to_json());
        self.conns.push((id, conn));
        (id, frame)
    }

    /// Closes a connection; its subscriptions end.
    pub fn disconnect(&mut self, conn: ConnId) {
        self.conns.retain(|(id, _)| *id != conn);
    }

    /// The replies to one frame from `conn`: a `subscriptionStatus` per pair (and a book snapshot
    /// after subscribing to the book), a pong, or an error for a frame that is no request. Nothing
    /// for a connection that is not open. Never panics.
    pub fn receive(&mut self, conn: ConnId, text: &str) -> Vec<String> {
        let Some(index) = self.conns.iter().position(|(id, _)| *id == conn) else { return Vec::new() };
        let mut state = std::mem::take(&mut self.conns[index].1);
        let replies = match kraken::read_request(text) {
            Err(e) => vec![kraken::error_json(&e.to_string())],
            Ok(Asked::Ping { reqid }) => vec![Incoming::Pong { reqid }.to_json()],
            Ok(Asked::Subscribe(s)) => self.subscribe(&mut state, &s),
            Ok(Asked::Unsubscribe(s)) => self.unsubscribe(&mut state, &s),
        };
        let replies: Vec<String> = replies.into_iter().map(|r| self.emit(&mut state, r)).collect();
        state.sent_since_tick |= !replies.is_empty();
        self.conns[index].1 = state;
        replies
    }

    /// What a subscribe or unsubscribe asks of each pair: the market and channel, or Kraken's
    /// error message for it.
    fn resolve<'a>(&self, s: &'a Subscription) -> Vec<(&'a str, Result<Sub, &'static str>)> {
        let channel = s.name.as_deref().and_then(Channel::parse).filter(|c| Some(c.name()) == s.name.as_deref());
        s.pairs
            .iter()
            .map(|pair| {
                let sub = match channel {
                    None => Err("Subscription name invalid"),
                    Some(Channel::Book) if s.depth.is_some_and(|d| d != BOOK_DEPTH) => {
                        Err("Subscription depth not supported")
                    }
                    Some(channel) => match self.markets.iter().position(|m| m.pair == pair.as_str()) {
                        Some(market) => Ok(Sub { market, channel }),
                        None => Err("Currency pair not supported"),
                    },
                };
                (pair.as_str(), sub)
            })
            .collect()
    }

    fn subscribe(&mut self, conn: &mut Conn, s: &Subscription) -> Vec<String> {
        if s.pairs.is_empty() {
            return vec![kraken::error_json("Pair(s) not found")];
        }
        let mut replies = Vec::new();
        for (pair, sub) in self.resolve(s) {
            let refused = match sub {
                _ if self.faults.refuse_subscriptions => Err(REFUSED.to_owned()),
                Err(message) => Err(pair_error(message, pair)),
                Ok(sub) if conn.subs.contains(&sub) => Err("Already subscribed".to_owned()),
                Ok(sub) => Ok(sub),
            };
            match refused {
                Err(message) => replies.push(error_reply(s, pair, &message)),
                Ok(sub) => {
                    conn.subs.push(sub);
                    replies.push(status_reply(s, pair, sub, SubStatus::Subscribed));
                    if sub.channel == Channel::Book {
                        let market = &self.markets[sub.market];
                        let snapshot = Incoming::Book {
                            channel_id: channel_id(sub),
                            pair: pair.to_owned(),
                            snapshot: true,
                            asks: Market::levels(&market.asks),
                            bids: Market::levels(&market.bids),
                            checksum: None,
                        };
                        replies.push(snapshot.to_json());
                    }
                }
            }
        }
        replies
    }

    fn unsubscribe(&self, conn: &mut Conn, s: &Subscription) -> Vec<String> {
        if s.pairs.is_empty() {
            return vec![kraken::error_json("Pair(s) not found")];
        }
        let mut replies = Vec::new();
        for (pair, sub) in self.resolve(s) {
            match sub {
                Err(message) => replies.push(error_reply(s, pair, &pair_error(message, pair))),
                Ok(sub) if !conn.subs.contains(&sub) => replies.push(error_reply(s, pair, "Subscription Not Found")),
                Ok(sub) => {
                    conn.subs.retain(|&held| held != sub);
                    replies.push(status_reply(s, pair, sub, SubStatus::Unsubscribed));
                }
            }
        }
        replies
    }

    /// One market step at `now_ms`: the next pair (round robin) trades, and each connection
    /// subscribed to it gets its ticker, spread and book update; a connection that got nothing for
    /// [`HEARTBEAT_MS`] gets a heartbeat.
    pub fn tick(&mut self, now_ms: u64) -> Vec<(ConnId, String)> {
        let index = self.cursor % self.markets.len();
        self.cursor = (index + 1) % self.markets.len();
        let market = &mut self.markets[index];
        let (ask_changes, bid_changes) = market.step(&mut self.rng, now_ms);
        let market = &self.markets[index];
        let pair = market.pair.to_owned();
        let frame = |channel: Channel| -> Option<String> {
            let channel_id = channel_id(Sub { market: index, channel });
            let pair = pair.clone();
            let incoming = match channel {
                Channel::Ticker => Incoming::Ticker { channel_id, pair, ticker: market.ticker() },
                Channel::Spread => Incoming::Spread { channel_id, pair, spread: market.spread(now_ms) },
                Channel::Book if ask_changes.is_empty() && bid_changes.is_empty() => return None,
                Channel::Book => Incoming::Book {
                    channel_id,
                    pair,
                    snapshot: false,
                    asks: ask_changes.iter().map(|q| q.level()).collect(),
                    bids: bid_changes.iter().map(|q| q.level()).collect(),
                    checksum: Some(book_checksum(&Market::levels(&market.asks), &Market::levels(&market.bids))),
                },
            };
            Some(incoming.to_json())
        };
        let frames: Vec<(Channel, String)> =
            Channel::ALL.into_iter().filter_map(|channel| frame(channel).map(|f| (channel, f))).collect();
        let mut out = Vec::new();
        let mut conns = std::mem::take(&mut self.conns);
        for (id, conn) in conns.iter_mut() {
            let id = *id;
            if std::mem::take(&mut conn.sent_since_tick) || conn.last_sent_ms.is_none() {
                conn.last_sent_ms = Some(now_ms);
            }
            for (channel, text) in &frames {
                if conn.subs.contains(&Sub { market: index, channel: *channel }) {
                    out.push((id, self.emit(conn, text.clone())));
                    conn.last_sent_ms = Some(now_ms);
                }
            }
            if conn.last_sent_ms.is_some_and(|at| now_ms.saturating_sub(at) >= HEARTBEAT_MS) {
                out.push((id, self.emit(conn, Incoming::Heartbeat.to_json())));
                conn.last_sent_ms = Some(now_ms);
            }
        }
        self.conns = conns;
        out
    }

    /// The (pair, channel) subscriptions `conn` holds, in the order it made them.
    pub fn subscriptions(&self, conn: ConnId) -> Vec<(String, Channel)> {
        let subs = self.conns.iter().find(|(id, _)| *id == conn).map(|(_, c)| c.subs.as_slice()).unwrap_or_default();
        subs.iter().map(|s| (self.markets[s.market].pair.to_owned(), s.channel)).collect()
    }

    /// Counts a frame to `conn` and applies the faults due on it.
    fn emit(&self, conn: &mut Conn, frame: String) -> String {
        conn.sent += 1;
        let due = |every: Option<u64>| every.is_some_and(|n| n > 0 && conn.sent.is_multiple_of(n));
        let mut frame = frame;
        if due(self.faults.malformed_every) {
            let half = (0..=frame.len() / 2).rev().find(|&i| frame.is_char_boundary(i)).unwrap_or(0);
            frame.truncate(half);
        }
        if due(self.faults.oversized_every) {
            let pad = (MAX_FRAME_BYTES + 1).saturating_sub(frame.len());
            frame.push_str(&" ".repeat(pad));
        }
        frame
    }
}

/// Kraken's channel ID for a pair's channel: fixed per (pair, channel), as Kraken's are.
fn channel_id(sub: Sub) -> u64 {
    let channel = Channel::ALL.iter().position(|&c| c == sub.channel).unwrap_or(0);
    336 + (sub.market * Channel::ALL.len() + channel) as u64
}

/// Kraken names the pair in its "not supported" message: `Currency pair not supported XBT/ABC`.
fn pair_error(message: &str, pair: &str) -> String {
    if message == "Currency pair not supported" { format!("{message} {pair}") } else { message.to_owned() }
}

fn error_reply(s: &Subscription, pair: &str, message: &str) -> String {
    StatusReply {
        channel_id: None,
        channel: None,
        name: s.name.as_deref(),
        depth: s.depth,
        pair: Some(pair),
        reqid: s.reqid,
        status: SubStatus::Error,
        error: Some(message),
    }
    .to_json()
}

fn status_reply(s: &Subscription, pair: &str, sub: Sub, status: SubStatus) -> String {
    StatusReply {
        channel_id: Some(channel_id(sub)),
        channel: Some(sub.channel),
        name: None,
        depth: None,
        pair: Some(pair),
        reqid: s.reqid,
        status,
        error: None,
    }
    .to_json()
}
