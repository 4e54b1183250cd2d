//! Mirrors of the timers scenarios.

use super::Scenario;

pub const SCENARIOS: &[(&str, Scenario)] = &[];
