//! The clients' load (what a load generator such as `:rand` with a per-client seed would give):
//! per client a seeded stream of requests, the same on every cache, with Zipf or uniform keys.

/// SplitMix64: a small seeded generator, one per client, so a client's requests do not depend on
/// what other processes drew.
///
/// ```
/// use tasklane::recipes::caching::load::SplitMix;
/// let (mut a, mut b) = (SplitMix::new(7), SplitMix::new(7));
/// assert_eq!(a.next_u64(), b.next_u64());
/// assert!((0.0..1.0).contains(&a.next_f64()));
/// ```
#[derive(Clone, Debug)]
pub struct SplitMix(u64);

impl SplitMix {
    pub fn new(seed: u64) -> Self {
        SplitMix(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Which keys the clients ask for: key `k` (0-based) has weight `1 / (k + 1)^skew`; skew 0 is uniform.
///
/// ```
/// use tasklane::recipes::caching::load::Keys;
/// let zipf = Keys::new(10, 1.0);
/// assert!(zipf.probability(0) > zipf.probability(9));
/// assert!((Keys::new(4, 0.0).probability(2) - 0.25).abs() < 1e-12);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Keys {
    /// Cumulative probabilities, one per key; the last is 1.
    cdf: Vec<f64>,
}

impl Keys {
    pub fn new(count: u32, skew: f64) -> Keys {
        let weights: Vec<f64> = (1..=count.max(1)).map(|k| 1.0 / f64::from(k).powf(skew)).collect();
        let total: f64 = weights.iter().sum();
        let mut acc = 0.0;
        let cdf = weights.iter().map(|w| {
            acc += w / total;
            acc
        });
        let mut cdf: Vec<f64> = cdf.collect();
        if let Some(last) = cdf.last_mut() {
            *last = 1.0;
        }
        Keys { cdf }
    }

    pub fn count(&self) -> u32 {
        self.cdf.len() as u32
    }

    /// The chance that a request asks for `key`.
    pub fn probability(&self, key: u32) -> f64 {
        let k = key as usize;
        self.cdf.get(k).map_or(0.0, |c| c - if k == 0 { 0.0 } else { self.cdf[k - 1] })
    }

    fn draw(&self, rng: &mut SplitMix) -> u32 {
        let u = rng.next_f64();
        self.cdf.partition_point(|c| *c <= u).min(self.cdf.len() - 1) as u32
    }
}

/// One request: when the client sends it (virtual ms) and the key it asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Request {
    pub at: u64,
    pub key: u32,
}

/// A client's requests: exponential think times around `think_ms` (so all clients together are a
/// Poisson stream), each for a key drawn from [`Keys`].
///
/// ```
/// use std::rc::Rc;
/// use tasklane::recipes::caching::load::{Keys, Requests};
/// let keys = Rc::new(Keys::new(50, 1.0));
/// let a: Vec<_> = Requests::new(42, 3, 200, keys.clone(), 0).take(5).collect();
/// let b: Vec<_> = Requests::new(42, 3, 200, keys, 0).take(5).collect();
/// assert_eq!(a, b, "the same seed and client give the same requests");
/// assert!(a.windows(2).all(|w| w[0].at <= w[1].at));
/// ```
#[derive(Clone, Debug)]
pub struct Requests {
    rng: SplitMix,
    think_ms: f64,
    keys: std::rc::Rc<Keys>,
    at: f64,
}

impl Requests {
    /// Client `client`'s stream in a run seeded `seed`, starting after `start_ms`.
    pub fn new(seed: u64, client: u64, think_ms: u64, keys: std::rc::Rc<Keys>, start_ms: u64) -> Requests {
        let rng = SplitMix::new(seed ^ client.wrapping_mul(0xA076_1D64_78BD_642F));
        Requests { rng, think_ms: think_ms as f64, keys, at: start_ms as f64 }
    }
}

impl Iterator for Requests {
    type Item = Request;

    fn next(&mut self) -> Option<Request> {
        self.at += -(1.0 - self.rng.next_f64()).ln() * self.think_ms;
        let key = self.keys.draw(&mut self.rng);
        Some(Request { at: self.at.round() as u64, key })
    }
}
