//! Mirrors of the agents_ets_registry scenarios.

use super::Scenario;

pub const SCENARIOS: &[(&str, Scenario)] = &[];
