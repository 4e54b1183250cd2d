//! Kraken's public WebSocket API v1 (`wss://ws.kraken.com`): the frames a WebSockex client reads
//! and writes, typed, with the exchange's encoders beside the client's parser.
//!
//! Shapes as Kraken documents them (checked against docs.kraken.com/api/docs/websocket-v1/:
//! `systemstatus`, `subscriptionstatus`, `ping`, `heartbeat`, `ticker`, `spread`, `book`, and
//! docs.kraken.com/api/docs/guides/spot-ws-book-v1 for the book checksum):
//! - events are objects named by `"event"`: `systemStatus`, `subscriptionStatus`, `heartbeat`,
//!   `pong`, `error`; requests are `subscribe`, `unsubscribe` and `ping`;
//! - channel data are arrays `[channelID, payload, channelName, pair]`, except a book update that
//!   changes both sides, whose asks and bids come as two objects (the array is 5 long);
//! - every decimal (prices, volumes, timestamps in epoch seconds) is a quoted string: prices with
//!   5 decimals (`"5698.40000"`), volumes with 8 (`"1.23456789"`), timestamps with 6
//!   (`"1534614057.321597"`); the ticker's whole-lot volumes and trade counts are integers.
//!
//! Frames are read with serde into the typed messages, through the small JSON reader in `json`;
//! decimals are read by a small digit reader and written from integer ticks, so neither direction
//! pulls in float parsing or formatting. The wire types hold only borrowed text and numbers, so an
//! early error drops nothing: all of which keeps the browser bundle small.

use std::fmt::{self, Write as _};
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{Deserializer, SeqAccess, Visitor};

use super::json;

/// A frame longer than this many bytes is refused before it is parsed.
pub const MAX_FRAME_BYTES: usize = 16 * 1024;

/// The book depth Tasklane subscribes to and serves (Kraken's smallest, channel `book-10`).
pub const BOOK_DEPTH: u64 = 10;

/// A public channel: ticker (level 1), spread (best bid and offer) or book (level 2, 10 deep).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Channel {
    Ticker,
    Spread,
    Book,
}

impl Channel {
    /// Every channel, in the order a panel lists them.
    pub const ALL: [Channel; 3] = [Channel::Ticker, Channel::Spread, Channel::Book];

    /// The subscription name a request carries: `"ticker"`, `"spread"` or `"book"`.
    ///
    /// ```
    /// use tasklane::recipes::ticker::kraken::Channel;
    /// assert_eq!(Channel::Book.name(), "book");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Channel::Ticker => "ticker",
            Channel::Spread => "spread",
            Channel::Book => "book",
        }
    }

    /// The channel name data frames carry: `"ticker"`, `"spread"` or `"book-10"`.
    ///
    /// ```
    /// use tasklane::recipes::ticker::kraken::Channel;
    /// assert_eq!(Channel::Book.channel_name(), "book-10");
    /// ```
    pub fn channel_name(self) -> &'static str {
        match self {
            Channel::Book => "book-10",
            other => other.name(),
        }
    }

    /// Reads a subscription name or a channel name (`"book"` and `"book-10"` are both the book).
    ///
    /// ```
    /// use tasklane::recipes::ticker::kraken::Channel;
    /// assert_eq!(Channel::parse("book-10"), Some(Channel::Book));
    /// assert_eq!(Channel::parse("ohlc"), None);
    /// ```
    pub fn parse(name: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.name() == name || c.channel_name() == name)
    }
}

/// One price level of the book: `[price, volume, timestamp]`, with a fourth element `"r"` when
/// Kraken republishes a level (an update that resends it, not a new order). Volume 0 in an update
/// removes the level.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Level {
    pub price: f64,
    pub volume: f64,
    /// Epoch seconds when the level last changed.
    pub timestamp: f64,
    pub republish: bool,
}

/// A ticker payload: `a` best ask, `b` best bid, `c` last trade, `h` high, `l` low, `o` open, `p`
/// volume-weighted average price, `t` number of trades and `v` volume, each for today and for the
/// last 24 hours (written in that order, as the documentation's example is).
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Ticker {
    pub ask: f64,
    pub ask_whole_lot_volume: u64,
    pub ask_lot_volume: f64,
    pub bid: f64,
    pub bid_whole_lot_volume: u64,
    pub bid_lot_volume: f64,
    pub last: f64,
    pub last_volume: f64,
    pub volume_today: f64,
    pub volume_24h: f64,
    pub vwap_today: f64,
    pub vwap_24h: f64,
    pub trades_today: u64,
    pub trades_24h: u64,
    pub low_today: f64,
    pub low_24h: f64,
    pub high_today: f64,
    pub high_24h: f64,
    /// Today's opening price.
    pub open: f64,
    pub open_24h: f64,
}

/// A spread payload: `[bid, ask, timestamp, bidVolume, askVolume]`.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Spread {
    pub bid: f64,
    pub ask: f64,
    /// Epoch seconds.
    pub timestamp: f64,
    pub bid_volume: f64,
    pub ask_volume: f64,
}

/// `status` of a `subscriptionStatus` reply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubStatus {
    Subscribed,
    Unsubscribed,
    Error,
}

impl SubStatus {
    fn as_str(self) -> &'static str {
        match self {
            SubStatus::Subscribed => "subscribed",
            SubStatus::Unsubscribed => "unsubscribed",
            SubStatus::Error => "error",
        }
    }
}

/// A frame the exchange sends.
#[derive(Clone, Debug, PartialEq)]
pub enum Incoming {
    /// Sent on connecting: `{"connectionID":…,"event":"systemStatus","status":"online","version":…}`.
    SystemStatus {
        connection_id: u64,
        status: String,
        version: String,
    },
    /// The reply to a subscribe or unsubscribe, one per pair; `error` is Kraken's `errorMessage`.
    SubscriptionStatus {
        channel_id: Option<u64>,
        channel: Option<Channel>,
        pair: Option<String>,
        status: SubStatus,
        error: Option<String>,
    },
    /// Sent about once a second when nothing else was.
    Heartbeat,
    /// The reply to a ping, echoing its `reqid`.
    Pong {
        reqid: Option<u64>,
    },
    Ticker {
        channel_id: u64,
        pair: String,
        ticker: Ticker,
    },
    Spread {
        channel_id: u64,
        pair: String,
        spread: Spread,
    },
    /// A book snapshot (`as`/`bs`, sent once after subscribing) or update (`a`/`b`, with the CRC32
    /// checksum `c` of the top ten levels of each side after applying it).
    Book {
        channel_id: u64,
        pair: String,
        snapshot: bool,
        asks: Vec<Level>,
        bids: Vec<Level>,
        checksum: Option<u32>,
    },
    /// A request the exchange could not read: `{"errorMessage":…,"event":"error"}`.
    Error {
        message: String,
    },
}

/// Why a frame was not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// The frame's length in bytes, over [`MAX_FRAME_BYTES`]; it was not parsed.
    TooLong(usize),
    /// Not a frame of this API; the reason.
    Malformed(String),
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::TooLong(len) => write!(f, "frame of {len} bytes is over the {MAX_FRAME_BYTES}-byte limit"),
            ParseError::Malformed(reason) => write!(f, "malformed frame: {reason}"),
        }
    }
}

impl std::error::Error for ParseError {}

fn malformed(reason: impl Into<String>) -> ParseError {
    ParseError::Malformed(reason.into())
}

/// Reads `text` as a `T`, or says which shape it was not.
fn read<'a, T: Deserialize<'a>>(text: &'a str, shape: &str) -> Result<T, ParseError> {
    json::from_str(text).map_err(|_| malformed(format!("not {shape}")))
}

/// The object form every event and request shares; fields a kind does not use stay `None`.
/// Strings are as the frame spells them, escapes and all (see [`json::unescape`]).
#[derive(Deserialize)]
struct EventWire<'a> {
    #[serde(borrow)]
    event: &'a str,
    #[serde(rename = "connectionID")]
    connection_id: Option<u64>,
    #[serde(borrow)]
    status: Option<&'a str>,
    #[serde(borrow)]
    version: Option<&'a str>,
    #[serde(rename = "channelID")]
    channel_id: Option<u64>,
    #[serde(rename = "channelName", borrow)]
    channel_name: Option<&'a str>,
    /// One pair in a reply, a list of them in a request.
    #[serde(borrow)]
    pair: Option<Pairs<'a>>,
    #[serde(borrow)]
    subscription: Option<SubscriptionWire<'a>>,
    #[serde(rename = "errorMessage", borrow)]
    error_message: Option<&'a str>,
    reqid: Option<u64>,
}

#[derive(Deserialize)]
struct SubscriptionWire<'a> {
    #[serde(borrow)]
    name: Option<&'a str>,
    depth: Option<u64>,
}

/// `pair`: one pair in a reply, a list of them in a request.
enum Pairs<'a> {
    One(&'a str),
    Many(Vec<&'a str>),
}

impl<'de: 'a, 'a> Deserialize<'de> for Pairs<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Pairs<'a>, D::Error> {
        struct PairsVisitor<'a>(PhantomData<Pairs<'a>>);
        impl<'de: 'a, 'a> Visitor<'de> for PairsVisitor<'a> {
            type Value = Pairs<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a pair or a list of pairs")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, pair: &'de str) -> Result<Pairs<'a>, E> {
                Ok(Pairs::One(pair))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Pairs<'a>, A::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = seq.next_element()? {
                    pairs.push(pair);
                }
                Ok(Pairs::Many(pairs))
            }
        }
        deserializer.deserialize_any(PairsVisitor(PhantomData))
    }
}

type Both<'a> = (&'a str, &'a str);

#[derive(Deserialize)]
struct TickerWire<'a> {
    #[serde(borrow)]
    a: (&'a str, u64, &'a str),
    #[serde(borrow)]
    b: (&'a str, u64, &'a str),
    #[serde(borrow)]
    c: Both<'a>,
    #[serde(borrow)]
    v: Both<'a>,
    #[serde(borrow)]
    p: Both<'a>,
    t: (u64, u64),
    #[serde(borrow)]
    l: Both<'a>,
    #[serde(borrow)]
    h: Both<'a>,
    #[serde(borrow)]
    o: Both<'a>,
}

#[derive(Deserialize)]
struct BookWire<'a> {
    #[serde(rename = "as", borrow)]
    snapshot_asks: Option<Vec<Vec<&'a str>>>,
    #[serde(rename = "bs", borrow)]
    snapshot_bids: Option<Vec<Vec<&'a str>>>,
    #[serde(borrow)]
    a: Option<Vec<Vec<&'a str>>>,
    #[serde(borrow)]
    b: Option<Vec<Vec<&'a str>>>,
    #[serde(borrow)]
    c: Option<&'a str>,
}

/// Reads a non-negative decimal string such as `"5698.40000"` (at most 19 significant digits).
///
/// ```
/// use tasklane::recipes::ticker::kraken::decimal;
/// assert_eq!(decimal("5698.40000"), Some(5698.4));
/// assert_eq!(decimal("1e5"), None);
/// ```
pub fn decimal(text: &str) -> Option<f64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let mut mantissa: u64 = 0;
    for b in whole.bytes().chain(fraction.bytes()) {
        if !b.is_ascii_digit() {
            return None;
        }
        mantissa = mantissa.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
    }
    let places = i32::try_from(fraction.len()).ok().filter(|&p| p <= 22)?;
    Some(mantissa as f64 / 10f64.powi(places))
}

/// Reads each text with [`decimal`]; `what` names them in the error.
fn decimals<const N: usize>(texts: [&str; N], what: &str) -> Result<[f64; N], ParseError> {
    let mut values = [0.0; N];
    for (value, text) in values.iter_mut().zip(texts) {
        *value = decimal(text).ok_or_else(|| malformed(format!("{what} is not a decimal: {text:?}")))?;
    }
    Ok(values)
}

/// Parses one frame from the exchange. Never panics; a frame over [`MAX_FRAME_BYTES`] is refused
/// without being read.
///
/// ```
/// use tasklane::recipes::ticker::kraken::{parse, Incoming};
/// assert_eq!(parse(r#"{"event":"heartbeat"}"#), Ok(Incoming::Heartbeat));
/// ```
pub fn parse(text: &str) -> Result<Incoming, ParseError> {
    if text.len() > MAX_FRAME_BYTES {
        return Err(ParseError::TooLong(text.len()));
    }
    match text.trim_start().as_bytes().first() {
        Some(b'{') => parse_event(text),
        Some(b'[') => parse_channel(text),
        _ => Err(malformed("not a JSON object or array")),
    }
}

fn parse_event(text: &str) -> Result<Incoming, ParseError> {
    let wire: EventWire = read(text, "an event object")?;
    let missing = |field: &str| malformed(format!("{} without {field}", wire.event));
    let text = |raw: Option<&str>| raw.map(json::unescape);
    match wire.event {
        "systemStatus" => Ok(Incoming::SystemStatus {
            connection_id: wire.connection_id.ok_or_else(|| missing("connectionID"))?,
            status: text(wire.status).ok_or_else(|| missing("status"))?,
            version: text(wire.version).ok_or_else(|| missing("version"))?,
        }),
        "subscriptionStatus" => {
            let status = match wire.status {
                Some("subscribed") => SubStatus::Subscribed,
                Some("unsubscribed") => SubStatus::Unsubscribed,
                Some("error") => SubStatus::Error,
                _ => return Err(missing("a status of subscribed, unsubscribed or error")),
            };
            let named = wire.subscription.and_then(|s| s.name);
            let pair = match wire.pair {
                Some(Pairs::One(pair)) => Some(json::unescape(pair)),
                Some(Pairs::Many(_)) => return Err(missing("a single pair")),
                None => None,
            };
            Ok(Incoming::SubscriptionStatus {
                channel_id: wire.channel_id,
                channel: wire.channel_name.or(named).and_then(Channel::parse),
                pair,
                status,
                error: text(wire.error_message),
            })
        }
        "heartbeat" => Ok(Incoming::Heartbeat),
        "pong" => Ok(Incoming::Pong { reqid: wire.reqid }),
        "error" => Ok(Incoming::Error { message: text(wire.error_message).ok_or_else(|| missing("errorMessage"))? }),
        other => Err(malformed(format!("unknown event {other:?}"))),
    }
}

fn parse_channel(text: &str) -> Result<Incoming, ParseError> {
    let parts = json::elements(text).map_err(|_| malformed("not a JSON array"))?;
    let [id, payloads @ .., name, pair] = parts.as_slice() else {
        return Err(malformed("a channel message has 4 or 5 elements"));
    };
    if payloads.is_empty() || payloads.len() > 2 {
        return Err(malformed("a channel message has 4 or 5 elements"));
    }
    let channel_id: u64 = read(id, "a channel ID")?;
    let name: &str = read(name, "a channel name")?;
    let pair = json::unescape(read(pair, "a pair")?);
    let deeper_book =
        name.strip_prefix("book-").is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
    let channel = Channel::parse(name).or(deeper_book.then_some(Channel::Book));
    let channel = channel.ok_or_else(|| malformed(format!("unknown channel {name:?}")))?;
    match (channel, payloads) {
        (Channel::Ticker, [payload]) => {
            let w: TickerWire = read(payload, "a ticker payload")?;
            let [ask, ask_lot_volume, bid, bid_lot_volume, last, last_volume, high_today, high_24h] =
                decimals([w.a.0, w.a.2, w.b.0, w.b.2, w.c.0, w.c.1, w.h.0, w.h.1], "a ticker value")?;
            let [low_today, low_24h, open, open_24h, vwap_today, vwap_24h, volume_today, volume_24h] =
                decimals([w.l.0, w.l.1, w.o.0, w.o.1, w.p.0, w.p.1, w.v.0, w.v.1], "a ticker value")?;
            let ticker = Ticker {
                ask,
                ask_whole_lot_volume: w.a.1,
                ask_lot_volume,
                bid,
                bid_whole_lot_volume: w.b.1,
                bid_lot_volume,
                last,
                last_volume,
                volume_today,
                volume_24h,
                vwap_today,
                vwap_24h,
                trades_today: w.t.0,
                trades_24h: w.t.1,
                low_today,
                low_24h,
                high_today,
                high_24h,
                open,
                open_24h,
            };
            Ok(Incoming::Ticker { channel_id, pair, ticker })
        }
        (Channel::Spread, [payload]) => {
            let w: (&str, &str, &str, &str, &str) = read(payload, "a spread payload")?;
            let [bid, ask, timestamp, bid_volume, ask_volume] = decimals([w.0, w.1, w.2, w.3, w.4], "a spread value")?;
            let spread = Spread { bid, ask, timestamp, bid_volume, ask_volume };
            Ok(Incoming::Spread { channel_id, pair, spread })
        }
        (Channel::Book, payloads) => parse_book(channel_id, pair, payloads),
        _ => Err(malformed(format!("a {name} message has one payload"))),
    }
}

fn parse_book(channel_id: u64, pair: String, payloads: &[&str]) -> Result<Incoming, ParseError> {
    let (mut asks, mut bids, mut checksum) = (Vec::new(), Vec::new(), None);
    let (mut snapshot, mut update) = (false, false);
    for payload in payloads {
        let w: BookWire = read(payload, "a book payload")?;
        snapshot |= w.snapshot_asks.is_some() || w.snapshot_bids.is_some();
        update |= w.a.is_some() || w.b.is_some();
        for (is_ask, levels) in [(true, w.snapshot_asks), (false, w.snapshot_bids), (true, w.a), (false, w.b)] {
            let side = if is_ask { &mut asks } else { &mut bids };
            for level in levels.unwrap_or_default() {
                side.push(parse_level(&level)?);
            }
        }
        if let Some(c) = w.c {
            checksum = Some(c.parse::<u32>().map_err(|_| malformed(format!("checksum is not a u32: {c:?}")))?);
        }
    }
    if snapshot == update {
        return Err(malformed("a book message is either a snapshot (as, bs) or an update (a, b)"));
    }
    Ok(Incoming::Book { channel_id, pair, snapshot, asks, bids, checksum })
}

fn parse_level(level: &[&str]) -> Result<Level, ParseError> {
    let (price, volume, timestamp, republish) = match level {
        [p, v, t] => (p, v, t, false),
        [p, v, t, "r"] => (p, v, t, true),
        _ => return Err(malformed("a book level is [price, volume, timestamp] with an optional \"r\"")),
    };
    let [price, volume, timestamp] = decimals([price, volume, timestamp], "a book level value")?;
    Ok(Level { price, volume, timestamp, republish })
}

/// A request the client sends (one pair per subscribe or unsubscribe).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    Subscribe { pair: String, channel: Channel },
    Unsubscribe { pair: String, channel: Channel },
    Ping { reqid: u64 },
}

impl Request {
    /// The request as Kraken reads it, e.g.
    /// `{"event":"subscribe","pair":["XBT/USD"],"subscription":{"depth":10,"name":"book"}}`.
    ///
    /// ```
    /// use tasklane::recipes::ticker::kraken::{Channel, Request};
    /// let ticker = Request::Subscribe { pair: "XBT/USD".into(), channel: Channel::Ticker };
    /// assert_eq!(ticker.to_json(), r#"{"event":"subscribe","pair":["XBT/USD"],"subscription":{"name":"ticker"}}"#);
    /// assert_eq!(Request::Ping { reqid: 42 }.to_json(), r#"{"event":"ping","reqid":42}"#);
    /// ```
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        let (event, pair, channel) = match self {
            Request::Subscribe { pair, channel } => ("subscribe", pair, *channel),
            Request::Unsubscribe { pair, channel } => ("unsubscribe", pair, *channel),
            Request::Ping { reqid } => {
                pong_or_ping(&mut out, "ping", Some(*reqid));
                return out;
            }
        };
        let _ = write!(out, r#"{{"event":"{event}","pair":["#);
        push_str(&mut out, pair);
        out.push_str(r#"],"subscription":"#);
        push_subscription(&mut out, channel.name(), depth_of(channel));
        out.push('}');
        out
    }
}

/// The depth a subscription to `channel` names: 10 for the book, none otherwise.
fn depth_of(channel: Channel) -> Option<u64> {
    (channel == Channel::Book).then_some(BOOK_DEPTH)
}

/// What a request asked, as the exchange reads it: every pair, the subscription name as sent (so
/// an unknown one can be refused by name), the depth and the `reqid` to echo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Asked {
    Subscribe(Subscription),
    Unsubscribe(Subscription),
    Ping { reqid: Option<u64> },
}

/// The body of a subscribe or unsubscribe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Subscription {
    pub pairs: Vec<String>,
    pub name: Option<String>,
    pub depth: Option<u64>,
    pub reqid: Option<u64>,
}

/// Reads a request without judging its pairs or subscription name. Never panics.
pub(super) fn read_request(text: &str) -> Result<Asked, ParseError> {
    if text.len() > MAX_FRAME_BYTES {
        return Err(ParseError::TooLong(text.len()));
    }
    let wire: EventWire = read(text, "a request object")?;
    let subscription = || {
        let (name, depth) = wire.subscription.map(|s| (s.name.map(json::unescape), s.depth)).unwrap_or_default();
        let pairs = match &wire.pair {
            Some(Pairs::Many(pairs)) => pairs.iter().map(|p| json::unescape(p)).collect(),
            Some(Pairs::One(_)) | None => Vec::new(),
        };
        Subscription { pairs, name, depth, reqid: wire.reqid }
    };
    match wire.event {
        "subscribe" => Ok(Asked::Subscribe(subscription())),
        "unsubscribe" => Ok(Asked::Unsubscribe(subscription())),
        "ping" => Ok(Asked::Ping { reqid: wire.reqid }),
        other => Err(malformed(format!("unknown event {other:?}"))),
    }
}

/// Parses a request as the exchange reads it: one pair, a known channel (a book 10 deep), and a
/// ping with its `reqid`. Never panics.
///
/// ```
/// use tasklane::recipes::ticker::kraken::{parse_request, Channel, Request};
/// let text = r#"{"event":"subscribe","pair":["XBT/USD"],"subscription":{"name":"ticker"}}"#;
/// assert_eq!(parse_request(text), Ok(Request::Subscribe { pair: "XBT/USD".into(), channel: Channel::Ticker }));
/// ```
pub fn parse_request(text: &str) -> Result<Request, ParseError> {
    let one = |s: Subscription| -> Result<(String, Channel), ParseError> {
        let name = s.name.as_deref().ok_or_else(|| malformed("subscription without a name"))?;
        let channel = Channel::parse(name).filter(|c| c.name() == name);
        let channel = channel.ok_or_else(|| malformed(format!("unknown subscription name {name:?}")))?;
        if s.depth.is_some_and(|d| channel != Channel::Book || d != BOOK_DEPTH) {
            return Err(malformed("only a book 10 deep is served"));
        }
        match <[String; 1]>::try_from(s.pairs) {
            Ok([pair]) => Ok((pair, channel)),
            Err(_) => Err(malformed("one pair per request")),
        }
    };
    match read_request(text)? {
        Asked::Subscribe(s) => one(s).map(|(pair, channel)| Request::Subscribe { pair, channel }),
        Asked::Unsubscribe(s) => one(s).map(|(pair, channel)| Request::Unsubscribe { pair, channel }),
        Asked::Ping { reqid: Some(reqid) } => Ok(Request::Ping { reqid }),
        Asked::Ping { reqid: None } => Err(malformed("ping without reqid")),
    }
}

/// Decimal places Kraken writes prices with.
const PRICE_PLACES: u32 = 5;
/// Decimal places of volumes.
const VOLUME_PLACES: u32 = 8;
/// Decimal places of the ticker's lot volumes (`"1.000"`).
const LOT_PLACES: u32 = 3;
/// Decimal places of timestamps (microseconds).
const TIME_PLACES: u32 = 6;

/// `value` in units of `10^-places`, rounded; negative or NaN is 0.
fn ticks(value: f64, places: u32) -> u64 {
    (value * 10f64.powi(places as i32) + 0.5) as u64
}

/// Writes `value` as a quoted decimal with `places` decimals, from integer ticks.
fn push_decimal(out: &mut String, value: f64, places: u32) {
    let scale = 10u64.pow(places);
    let t = ticks(value, places);
    let _ = write!(out, "\"{}.{:0width$}\"", t / scale, t % scale, width = places as usize);
}

/// Writes `text` as a JSON string.
fn push_str(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `{"depth":10,"name":"book"}` or `{"name":…}`, written as given.
fn push_subscription(out: &mut String, name: &str, depth: Option<u64>) {
    out.push('{');
    if let Some(depth) = depth {
        let _ = write!(out, r#""depth":{depth},"#);
    }
    out.push_str(r#""name":"#);
    push_str(out, name);
    out.push('}');
}

fn pong_or_ping(out: &mut String, event: &str, reqid: Option<u64>) {
    let _ = write!(out, r#"{{"event":"{event}""#);
    if let Some(reqid) = reqid {
        let _ = write!(out, r#","reqid":{reqid}"#);
    }
    out.push('}');
}

/// The fields of a `subscriptionStatus` reply, written in Kraken's (alphabetical) key order. The
/// subscription name is the one the request carried, which for an error may be no channel at all.
pub(super) struct StatusReply<'a> {
    pub channel_id: Option<u64>,
    pub channel: Option<Channel>,
    pub name: Option<&'a str>,
    pub depth: Option<u64>,
    pub pair: Option<&'a str>,
    pub reqid: Option<u64>,
    pub status: SubStatus,
    pub error: Option<&'a str>,
}

impl StatusReply<'_> {
    /// The reply as Kraken writes it.
    pub fn to_json(&self) -> String {
        let mut out = String::from("{");
        if let Some(id) = self.channel_id {
            let _ = write!(out, r#""channelID":{id},"#);
        }
        if let Some(channel) = self.channel {
            let _ = write!(out, r#""channelName":"{}","#, channel.channel_name());
        }
        if let Some(message) = self.error {
            out.push_str(r#""errorMessage":"#);
            push_str(&mut out, message);
            out.push(',');
        }
        out.push_str(r#""event":"subscriptionStatus","#);
        if let Some(pair) = self.pair {
            out.push_str(r#""pair":"#);
            push_str(&mut out, pair);
            out.push(',');
        }
        if let Some(reqid) = self.reqid {
            let _ = write!(out, r#""reqid":{reqid},"#);
        }
        let _ = write!(out, r#""status":"{}""#, self.status.as_str());
        if let Some(name) = self.name.or(self.channel.map(Channel::name)) {
            out.push_str(r#","subscription":"#);
            push_subscription(&mut out, name, self.depth.or(self.channel.and_then(depth_of)));
        }
        out.push('}');
        out
    }
}

/// `{"errorMessage":…,"event":"error"}`.
pub(super) fn error_json(message: &str) -> String {
    let mut out = String::from(r#"{"errorMessage":"#);
    push_str(&mut out, message);
    out.push_str(r#","event":"error"}"#);
    out
}

fn push_levels(out: &mut String, key: &str, levels: &[Level]) {
    let _ = write!(out, r#""{key}":["#);
    for (i, level) in levels.iter().enumerate() {
        out.push_str(if i == 0 { "[" } else { ",[" });
        push_decimal(out, level.price, PRICE_PLACES);
        out.push(',');
        push_decimal(out, level.volume, VOLUME_PLACES);
        out.push(',');
        push_decimal(out, level.timestamp, TIME_PLACES);
        out.push_str(if level.republish { r#","r"]"# } else { "]" });
    }
    out.push(']');
}

fn push_both(out: &mut String, key: &str, today: f64, last_24h: f64, places: u32) {
    let _ = write!(out, r#""{key}":["#);
    push_decimal(out, today, places);
    out.push(',');
    push_decimal(out, last_24h, places);
    out.push(']');
}

fn push_ticker(out: &mut String, t: &Ticker) {
    for (key, price, whole, lot) in
        [("a", t.ask, t.ask_whole_lot_volume, t.ask_lot_volume), ("b", t.bid, t.bid_whole_lot_volume, t.bid_lot_volume)]
    {
        let _ = write!(out, r#""{key}":["#);
        push_decimal(out, price, PRICE_PLACES);
        let _ = write!(out, ",{whole},");
        push_decimal(out, lot, LOT_PLACES);
        out.push_str("],");
    }
    out.push_str(r#""c":["#);
    push_decimal(out, t.last, PRICE_PLACES);
    out.push(',');
    push_decimal(out, t.last_volume, VOLUME_PLACES);
    out.push_str("],");
    push_both(out, "h", t.high_today, t.high_24h, PRICE_PLACES);
    out.push(',');
    push_both(out, "l", t.low_today, t.low_24h, PRICE_PLACES);
    out.push(',');
    push_both(out, "o", t.open, t.open_24h, PRICE_PLACES);
    out.push(',');
    push_both(out, "p", t.vwap_today, t.vwap_24h, PRICE_PLACES);
    let _ = write!(out, r#","t":[{},{}],"#, t.trades_today, t.trades_24h);
    push_both(out, "v", t.volume_today, t.volume_24h, VOLUME_PLACES);
}

impl Incoming {
    /// The frame as the exchange writes it, in Kraken's shapes; [`parse`] reads it back.
    ///
    /// ```
    /// use tasklane::recipes::ticker::kraken::{parse, Incoming, Spread};
    /// let spread = Spread { bid: 5698.4, ask: 5700.0, timestamp: 1542057299.545897, bid_volume: 1.01234567, ask_volume: 0.98765432 };
    /// let frame = Incoming::Spread { channel_id: 0, pair: "XBT/USD".into(), spread };
    /// let text = frame.to_json();
    /// assert_eq!(text, r#"[0,["5698.40000","5700.00000","1542057299.545897","1.01234567","0.98765432"],"spread","XBT/USD"]"#);
    /// assert_eq!(parse(&text), Ok(frame));
    /// ```
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        let (channel_id, pair, channel) = match self {
            Incoming::SystemStatus { connection_id, status, version } => {
                let _ = write!(out, r#"{{"connectionID":{connection_id},"event":"systemStatus","status":"#);
                push_str(&mut out, status);
                out.push_str(r#","version":"#);
                push_str(&mut out, version);
                out.push('}');
                return out;
            }
            Incoming::SubscriptionStatus { channel_id, channel, pair, status, error } => {
                let reply = StatusReply {
                    channel_id: *channel_id,
                    channel: *channel,
                    name: None,
                    depth: None,
                    pair: pair.as_deref(),
                    reqid: None,
                    status: *status,
                    error: error.as_deref(),
                };
                return reply.to_json();
            }
            Incoming::Heartbeat => return r#"{"event":"heartbeat"}"#.to_owned(),
            Incoming::Pong { reqid } => {
                pong_or_ping(&mut out, "pong", *reqid);
                return out;
            }
            Incoming::Error { message } => return error_json(message),
            Incoming::Ticker { channel_id, pair, .. } => (channel_id, pair, Channel::Ticker),
            Incoming::Spread { channel_id, pair, .. } => (channel_id, pair, Channel::Spread),
            Incoming::Book { channel_id, pair, .. } => (channel_id, pair, Channel::Book),
        };
        let _ = write!(out, "[{channel_id},");
        match self {
            Incoming::Ticker { ticker, .. } => {
                out.push('{');
                push_ticker(&mut out, ticker);
                out.push('}');
            }
            Incoming::Spread { spread: s, .. } => {
                out.push('[');
                for (i, (value, places)) in [
                    (s.bid, PRICE_PLACES),
                    (s.ask, PRICE_PLACES),
                    (s.timestamp, TIME_PLACES),
                    (s.bid_volume, VOLUME_PLACES),
                    (s.ask_volume, VOLUME_PLACES),
                ]
                .into_iter()
                .enumerate()
                {
                    if i > 0 {
                        out.push(',');
                    }
                    push_decimal(&mut out, value, places);
                }
                out.push(']');
            }
            Incoming::Book { snapshot: true, asks, bids, .. } => {
                out.push('{');
                push_levels(&mut out, "as", asks);
                out.push(',');
                push_levels(&mut out, "bs", bids);
                out.push('}');
            }
            Incoming::Book { asks, bids, checksum, .. } => push_update(&mut out, asks, bids, *checksum),
            _ => {}
        }
        let _ = write!(out, r#","{}","#, channel.channel_name());
        push_str(&mut out, pair);
        out.push(']');
        out
    }
}

/// A book update: `{"a":…}`, `{"b":…}`, or both sides as two objects, the checksum in the last.
fn push_update(out: &mut String, asks: &[Level], bids: &[Level], checksum: Option<u32>) {
    let checksum = |out: &mut String| {
        if let Some(c) = checksum {
            let _ = write!(out, r#","c":"{c}""#);
        }
    };
    if !asks.is_empty() || bids.is_empty() {
        out.push('{');
        push_levels(out, "a", asks);
        if bids.is_empty() {
            checksum(out);
        }
        out.push('}');
    }
    if !bids.is_empty() {
        if !asks.is_empty() {
            out.push(',');
        }
        out.push('{');
        push_levels(out, "b", bids);
        checksum(out);
        out.push('}');
    }
}

/// Kraken's book checksum: the CRC32 of the top ten asks (lowest first) then the top ten bids
/// (highest first), each level written as its price then its volume with the decimal point and
/// leading zeros removed (`"0.05000"`, `"0.00000500"` → `"5000"`, `"500"`).
///
/// ```
/// use tasklane::recipes::ticker::kraken::{book_checksum, Level};
/// let level = |price, volume| Level { price, volume, timestamp: 0.0, republish: false };
/// let sum = book_checksum(&[level(0.05005, 0.00000500)], &[level(0.05000, 0.00000304)]);
/// assert_eq!(sum, book_checksum(&[level(0.05005, 0.000005)], &[level(0.05, 0.00000304)]));
/// ```
pub fn book_checksum(asks: &[Level], bids: &[Level]) -> u32 {
    let mut text = String::new();
    for level in asks.iter().take(10).chain(bids.iter().take(10)) {
        let _ = write!(text, "{}{}", ticks(level.price, PRICE_PLACES), ticks(level.volume, VOLUME_PLACES));
    }
    crc32(text.as_bytes())
}

/// CRC-32 (IEEE 802.3, the `zlib` one), bit by bit.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}
