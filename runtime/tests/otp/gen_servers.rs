//! Mirrors of the gen_servers scenarios.

use super::Scenario;

pub const SCENARIOS: &[(&str, Scenario)] = &[];
