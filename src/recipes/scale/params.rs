//! The scale recipe's parameters, as a share URL carries them: the tree's shape, the items and the stream's concurrency.

use crate::model::recipe::{ParamMap, int_param, param_map};

/// How big a run is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    /// Shard supervisors under the top supervisor.
    pub shards: u64,
    /// Counter workers under each shard.
    pub workers: u64,
    /// Items the stream runs, one task each.
    pub items: u64,
    /// `max_concurrency`: tasks running at once, at most.
    pub concurrency: u64,
}

impl Default for Params {
    fn default() -> Self {
        Params { shards: 100, workers: 100, items: 10_000, concurrency: 50 }
    }
}

impl Params {
    /// Reads the parameters a share URL carries; a value out of range or not a number keeps the
    /// default, with a notice.
    pub fn from_map(map: &ParamMap) -> (Params, Vec<String>) {
        let d = Params::default();
        let mut notices = Vec::new();
        let params = Params {
            shards: int_param(map, "shards", 1..=200, d.shards, &mut notices),
            workers: int_param(map, "workers", 1..=200, d.workers, &mut notices),
            items: int_param(map, "items", 1..=20_000, d.items, &mut notices),
            concurrency: int_param(map, "concurrency", 1..=1000, d.concurrency, &mut notices),
        };
        (params, notices)
    }

    pub fn to_map(&self) -> ParamMap {
        param_map([
            ("shards", self.shards.to_string()),
            ("workers", self.workers.to_string()),
            ("items", self.items.to_string()),
            ("concurrency", self.concurrency.to_string()),
        ])
    }
}
