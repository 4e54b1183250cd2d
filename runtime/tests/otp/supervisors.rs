//! Mirrors of the supervisors scenarios.

use super::Scenario;

pub const SCENARIOS: &[(&str, Scenario)] = &[];
