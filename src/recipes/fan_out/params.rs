//! The fan-out recipe's parameters (tasks, timeout, a crash, the mode), read from and written to share links.

use crate::model::recipe::{ParamMap, flag_param, int_param, param_map};

/// How the caller runs its tasks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `Task.async` + `Task.await_many`: tasks linked to the caller.
    Linked,
    /// `Task.Supervisor.async_nolink` + `Task.yield_many`: a crash is a value, not a death.
    NoLink,
    /// One task at a time, each awaited before the next starts.
    Sequential,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Linked => "linked",
            Mode::NoLink => "nolink",
            Mode::Sequential => "sequential",
        }
    }

    pub fn parse(text: &str) -> Option<Mode> {
        [Mode::Linked, Mode::NoLink, Mode::Sequential].into_iter().find(|m| m.as_str() == text)
    }
}

/// The recipe's parameters, as the controls and the share URL hold them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    /// 1 to 1,000 tasks.
    pub tasks: u64,
    /// The `await_many` / `yield_many` timeout, in ms.
    pub timeout_ms: u64,
    /// Whether one (seeded) task crashes halfway through.
    pub crash: bool,
    pub mode: Mode,
}

impl Default for Params {
    fn default() -> Self {
        Params { tasks: 10, timeout_ms: 5000, crash: false, mode: Mode::Linked }
    }
}

impl Params {
    /// Reads parameters from a share URL's map; bad values fall back to defaults with a notice.
    pub fn from_map(map: &ParamMap) -> (Params, Vec<String>) {
        let mut notices = Vec::new();
        let d = Params::default();
        let tasks = int_param(map, "tasks", 1..=1000, d.tasks, &mut notices);
        let timeout_ms = int_param(map, "timeout", 100..=60_000, d.timeout_ms, &mut notices);
        let crash = flag_param(map, "crash", d.crash, &mut notices);
        let mode = match map.get("mode") {
            None => d.mode,
            Some(text) => Mode::parse(text).unwrap_or_else(|| {
                notices.push(format!("Ignored mode={text:?}: expected linked, nolink or sequential."));
                d.mode
            }),
        };
        (Params { tasks, timeout_ms, crash, mode }, notices)
    }

    pub fn to_map(&self) -> ParamMap {
        param_map([
            ("tasks", self.tasks.to_string()),
            ("timeout", self.timeout_ms.to_string()),
            ("crash", u8::from(self.crash).to_string()),
            ("mode", self.mode.as_str().to_string()),
        ])
    }
}
