//! The caching recipe's parameters (clients, keys and their skew, think time, the backend's
//! latency and failure rate, the TTL), read from and written to share links.

use crate::model::recipe::{ParamMap, int_param, param_map};

/// The recipe's parameters, as the controls and the share URL hold them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    /// Concurrent clients per cache, 1 to 500.
    pub clients: u64,
    /// Distinct keys the clients ask for.
    pub keys: u64,
    /// Zipf skew in tenths (10 = 1.0); 0 is uniform.
    pub skew_tenths: u64,
    /// Mean think time between a client's requests, in ms.
    pub think_ms: u64,
    /// The backend's latency, in ms.
    pub latency_ms: u64,
    /// The backend's failure rate, in percent.
    pub fail_pct: u64,
    /// How long the TTL cache keeps an entry, in ms.
    pub ttl_ms: u64,
}

impl Default for Params {
    fn default() -> Self {
        Params { clients: 100, keys: 100, skew_tenths: 10, think_ms: 200, latency_ms: 50, fail_pct: 0, ttl_ms: 5000 }
    }
}

/// The largest skew, in tenths.
pub const MAX_SKEW_TENTHS: u64 = 30;

/// Reads a skew such as `1.2` (one decimal at most) as tenths.
///
/// ```
/// use tasklane::recipes::caching::params::parse_tenths;
/// assert_eq!((parse_tenths("1.2"), parse_tenths("2"), parse_tenths("0.25"), parse_tenths("x")), (Some(12), Some(20), None, None));
/// ```
pub fn parse_tenths(text: &str) -> Option<u64> {
    let (whole, tenth) = text.split_once('.').unwrap_or((text, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(tenth) || tenth.len() > 1 || whole.len() > 3 {
        return None;
    }
    Some(whole.parse::<u64>().ok()? * 10 + tenth.parse::<u64>().ok()?)
}

/// Tenths as a decimal: `12` → `1.2`.
pub fn show_tenths(tenths: u64) -> String {
    format!("{}.{}", tenths / 10, tenths % 10)
}

impl Params {
    /// Reads parameters from a share URL's map; bad values fall back to defaults with a notice.
    pub fn from_map(map: &ParamMap) -> (Params, Vec<String>) {
        let mut notices = Vec::new();
        let d = Params::default();
        let skew_tenths = match map.get("skew") {
            None => d.skew_tenths,
            Some(text) => match parse_tenths(text) {
                Some(t) if t <= MAX_SKEW_TENTHS => t,
                _ => {
                    notices.push(format!(
                        "Ignored skew={text:?}: expected a number from 0.0 (uniform) to 3.0, one decimal; using {}.",
                        show_tenths(d.skew_tenths)
                    ));
                    d.skew_tenths
                }
            },
        };
        let p = Params {
            clients: int_param(map, "clients", 1..=500, d.clients, &mut notices),
            keys: int_param(map, "keys", 1..=1000, d.keys, &mut notices),
            skew_tenths,
            think_ms: int_param(map, "think", 10..=10_000, d.think_ms, &mut notices),
            latency_ms: int_param(map, "latency", 1..=5000, d.latency_ms, &mut notices),
            fail_pct: int_param(map, "fail", 0..=50, d.fail_pct, &mut notices),
            ttl_ms: int_param(map, "ttl", 100..=600_000, d.ttl_ms, &mut notices),
        };
        (p, notices)
    }

    pub fn to_map(&self) -> ParamMap {
        param_map([
            ("clients", self.clients.to_string()),
            ("keys", self.keys.to_string()),
            ("skew", show_tenths(self.skew_tenths)),
            ("think", self.think_ms.to_string()),
            ("latency", self.latency_ms.to_string()),
            ("fail", self.fail_pct.to_string()),
            ("ttl", self.ttl_ms.to_string()),
        ])
    }
}
