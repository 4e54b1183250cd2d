//! The periodic-work recipe's parameters: interval, work time, forever, fixed delay beside fixed rate, services; read from and written to share links.

use crate::model::recipe::{ParamMap, flag_param, int_param, param_map};
use crate::runtime::atom::Atom;

/// When the next tick is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Schedule {
    /// `interval` after the work ends: slow work drifts the ticks.
    FixedDelay,
    /// `interval` after the previous deadline: ticks keep their rate while work fits.
    FixedRate,
}

impl Schedule {
    pub fn as_str(self) -> &'static str {
        match self {
            Schedule::FixedDelay => "delay",
            Schedule::FixedRate => "rate",
        }
    }
}

/// The recipe's parameters, as the controls and the share URL hold them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    pub interval_ms: u64,
    pub work_ms: u64,
    /// Reschedule after each tick (`forever: true`), or tick once.
    pub forever: bool,
    /// Run a fixed-delay ticker and a fixed-rate one side by side.
    pub compare: bool,
    /// Independent tickers (one per card of the stream dashboard), 1 to 9.
    pub services: u64,
}

impl Default for Params {
    fn default() -> Self {
        Params { interval_ms: 1000, work_ms: 300, forever: true, compare: true, services: 1 }
    }
}

impl Params {
    /// Reads parameters from a share URL's map; bad values fall back to defaults with a notice.
    pub fn from_map(map: &ParamMap) -> (Params, Vec<String>) {
        let mut notices = Vec::new();
        let d = Params::default();
        let interval_ms = int_param(map, "interval", 100..=60_000, d.interval_ms, &mut notices);
        let work_ms = int_param(map, "work", 0..=60_000, d.work_ms, &mut notices);
        let services = int_param(map, "services", 1..=9, d.services, &mut notices);
        let forever = flag_param(map, "forever", d.forever, &mut notices);
        let compare = flag_param(map, "compare", d.compare, &mut notices);
        (Params { interval_ms, work_ms, forever, compare, services }, notices)
    }

    pub fn to_map(&self) -> ParamMap {
        param_map([
            ("interval", self.interval_ms.to_string()),
            ("work", self.work_ms.to_string()),
            ("forever", u8::from(self.forever).to_string()),
            ("compare", u8::from(self.compare).to_string()),
            ("services", self.services.to_string()),
        ])
    }

    /// Each ticker's name and schedule, in start order.
    pub fn tickers(&self) -> Vec<(Atom, Schedule)> {
        let mut out = Vec::new();
        for i in 1..=self.services {
            out.push((Atom::intern(&format!("ticker_{i}")), Schedule::FixedDelay));
            if self.compare {
                out.push((Atom::intern(&format!("fixed_rate_{i}")), Schedule::FixedRate));
            }
        }
        out
    }
}
