//! Mirrors of the links_monitors scenarios.

use super::Scenario;

pub const SCENARIOS: &[(&str, Scenario)] = &[];
