//! The ticker recipe's parameters (where the frames come from, the simulated feed's rate and faults,
//! the backoff bounds, the heartbeat timeout, the first subscriptions), read from and written to share links.

use super::client::{Backoff, Sub};
use super::exchange::Faults;
use super::kraken::Channel;
use crate::model::recipe::{ParamMap, flag_param, int_param};

/// Where the client connects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The simulated exchange, a process in the page: no server needed.
    Simulated,
    /// A `ws://` or `wss://` URL: the local feed, or a real exchange.
    Url(String),
}

/// The longest URL the source accepts.
pub const MAX_URL: usize = 2048;

impl Source {
    /// Reads `sim` or a websocket URL; anything else is refused with the reason.
    ///
    /// ```
    /// use tasklane::recipes::ticker::params::Source;
    /// assert_eq!(Source::parse("sim"), Ok(Source::Simulated));
    /// assert_eq!(Source::parse(" ws://127.0.0.1:9000 "), Ok(Source::Url("ws://127.0.0.1:9000".into())));
    /// assert!(Source::parse("http://example.com").is_err());
    /// assert!(Source::parse("ws://").is_err());
    /// assert!(Source::parse("wss://ws.kraken.com/<script>").is_ok()); // text, never markup
    /// assert!(Source::parse("ws://a b").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Source, String> {
        let text = text.trim();
        if text == "sim" || text.is_empty() {
            return Ok(Source::Simulated);
        }
        let rest = text
            .strip_prefix("ws://")
            .or_else(|| text.strip_prefix("wss://"))
            .ok_or_else(|| format!("{text:?} is not a websocket URL: it must start with ws:// or wss://."))?;
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        if host.is_empty() {
            return Err(format!("{text:?} has no host after the scheme."));
        }
        if text.len() > MAX_URL {
            return Err(format!("The URL is {} characters long; at most {MAX_URL} are accepted.", text.len()));
        }
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(format!("{text:?} contains spaces or control characters."));
        }
        Ok(Source::Url(text.to_string()))
    }

    /// As a share URL writes it: `sim` or the URL.
    pub fn to_text(&self) -> &str {
        match self {
            Source::Simulated => "sim",
            Source::Url(url) => url,
        }
    }
}

/// The recipe's parameters, as the controls and the share URL hold them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Params {
    pub source: Source,
    /// The simulated exchange's market steps per second (each sends one frame per subscribed channel of the pair that moved).
    pub rate: u64,
    pub backoff: Backoff,
    /// Silence after which the client closes the connection and reconnects, in ms.
    pub heartbeat_ms: u64,
    /// The simulated exchange sends every Nth frame malformed (0: never).
    pub malformed_every: u64,
    /// The simulated exchange refuses every subscription.
    pub refuse: bool,
    pub subs: Vec<Sub>,
}

/// The subscriptions a run starts with.
pub const DEFAULT_SUBS: &str = "XBT/USD:ticker,XBT/USD:spread,XBT/USD:book,ETH/USD:ticker";

impl Default for Params {
    fn default() -> Self {
        Params {
            source: Source::Simulated,
            rate: 20,
            backoff: Backoff { min_ms: 500, max_ms: 8000 },
            heartbeat_ms: 5000,
            malformed_every: 0,
            refuse: false,
            subs: parse_subs(DEFAULT_SUBS).unwrap_or_default(),
        }
    }
}

/// Reads `PAIR:channel,…` (`XBT/USD:ticker,ETH/USD:book`).
///
/// ```
/// use tasklane::recipes::ticker::params::parse_subs;
/// assert_eq!(parse_subs("XBT/USD:ticker,ETH/USD:book").map(|s| s.len()), Ok(2));
/// assert!(parse_subs("XBT/USD:candles").is_err());
/// assert!(parse_subs("XBT:ticker").is_err());
/// ```
pub fn parse_subs(text: &str) -> Result<Vec<Sub>, String> {
    let mut subs = Vec::new();
    for item in text.split(',').filter(|s| !s.is_empty()) {
        let (pair, channel) = item.split_once(':').ok_or_else(|| format!("{item:?} is not PAIR:channel."))?;
        let channel = Channel::parse(channel).ok_or_else(|| format!("{channel:?} is not ticker, spread or book."))?;
        if !is_pair(pair) {
            return Err(format!("{pair:?} is not a pair such as XBT/USD."));
        }
        let sub = Sub::new(pair, channel);
        if !subs.contains(&sub) {
            subs.push(sub);
        }
    }
    Ok(subs)
}

/// `BASE/QUOTE`, each 2 to 8 capital letters or digits.
pub fn is_pair(text: &str) -> bool {
    let ok = |s: &str| (2..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    text.split_once('/').is_some_and(|(base, quote)| ok(base) && ok(quote))
}

impl Params {
    /// Reads a share URL's parameters; anything invalid keeps its default and becomes a notice.
    pub fn from_map(map: &ParamMap) -> (Params, Vec<String>) {
        let mut notices = Vec::new();
        let d = Params::default();
        let source = match map.get("source").map(|s| Source::parse(s)) {
            None => d.source,
            Some(Ok(source)) => source,
            Some(Err(e)) => {
                notices.push(format!("Ignored source: {e} Using the simulated exchange."));
                Source::Simulated
            }
        };
        let subs = match map.get("subs").map(|s| parse_subs(s)) {
            None => d.subs,
            Some(Ok(subs)) => subs,
            Some(Err(e)) => {
                notices.push(format!("Ignored subs: {e}"));
                d.subs
            }
        };
        let min_ms = int_param(map, "backoff_min", 10..=60_000, d.backoff.min_ms, &mut notices);
        let max_ms = int_param(map, "backoff_max", min_ms..=600_000, d.backoff.max_ms.max(min_ms), &mut notices);
        let params = Params {
            source,
            rate: int_param(map, "rate", 1..=500, d.rate, &mut notices),
            backoff: Backoff { min_ms, max_ms },
            heartbeat_ms: int_param(map, "heartbeat", 1000..=60_000, d.heartbeat_ms, &mut notices),
            malformed_every: int_param(map, "malformed", 0..=10_000, d.malformed_every, &mut notices),
            refuse: flag_param(map, "refuse", d.refuse, &mut notices),
            subs,
        };
        (params, notices)
    }

    /// The parameters that differ from the defaults, as a share URL carries them.
    pub fn to_map(&self) -> ParamMap {
        let d = Params::default();
        let mut map = ParamMap::new();
        let mut put = |key: &str, value: String, default: String| {
            if value != default {
                map.insert(key.into(), value);
            }
        };
        put("source", self.source.to_text().into(), d.source.to_text().into());
        put("rate", self.rate.to_string(), d.rate.to_string());
        put("backoff_min", self.backoff.min_ms.to_string(), d.backoff.min_ms.to_string());
        put("backoff_max", self.backoff.max_ms.to_string(), d.backoff.max_ms.to_string());
        put("heartbeat", self.heartbeat_ms.to_string(), d.heartbeat_ms.to_string());
        put("malformed", self.malformed_every.to_string(), d.malformed_every.to_string());
        put("refuse", u8::from(self.refuse).to_string(), "0".into());
        put("subs", subs_text(&self.subs), subs_text(&d.subs));
        map
    }

    /// The simulated exchange's faults at the start.
    pub fn faults(&self) -> Faults {
        Faults {
            malformed_every: (self.malformed_every > 0).then_some(self.malformed_every),
            oversized_every: None,
            refuse_subscriptions: self.refuse,
        }
    }
}

/// `PAIR:channel,…`, as [`parse_subs`] reads it.
pub fn subs_text(subs: &[Sub]) -> String {
    let items: Vec<String> = subs.iter().map(|s| format!("{}:{}", s.pair, s.channel.name())).collect();
    items.join(",")
}
