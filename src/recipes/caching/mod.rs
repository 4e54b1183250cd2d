//! Caching (`Agent` vs ETS vs a GenServer per user vs a ConCache-style TTL cache), under the same
//! seeded load, and the ETS leaderboard whose readers are never blocked by its writer.

pub mod leaderboard;
pub mod load;
pub mod params;
pub mod scenario;
pub mod stats;

#[cfg(target_arch = "wasm32")]
pub mod panel;

use crate::model::recipe::{ParamMap, Recipe, RecipeInfo, Started};
use crate::runtime::prelude::*;
use scenario::{Cache, Outcome, Served};

pub const RECIPE: Recipe = Recipe {
    info: RecipeInfo {
        slug: "caching",
        title: "Caching",
        idiom: "Agent vs :ets vs GenServer per user vs ConCache",
        summary: "The same seeded clients hit four caches, each in front of a slow backend. Watch the Agent's \
                  mailbox queue up while ETS stays flat, concurrent misses stampede the naive ETS cache, a \
                  per-key lock call the backend once, entries expire, and leaderboard reads never wait for the writer.",
    },
    start,
    step_of,
    elixir: "caching/caching.ex",
    rust: "caching/scenario.rs",
    #[cfg(test)]
    tour: &[crate::model::recipe::Tour { params: "clients=20&ttl=1000", actions: &["crash_user"] }],
};

fn start(rt: &Runtime, map: &ParamMap) -> Started {
    let (params, notices) = params::Params::from_map(map);
    Started::new(scenario::Caching::start(rt, params), notices)
}

/// A request served is its cache's read (a hit) or write-back (a miss); a backend fetch, a user
/// server's start and the leaderboard's writes and reads are their own steps.
fn step_of(e: &Event) -> Option<&'static str> {
    match &e.kind {
        EventKind::Custom(c) => {
            if let Some(s) = c.get::<Served>() {
                let hit = s.outcome == Outcome::Hit;
                Some(match s.cache {
                    Cache::Agent if hit => "agent_get",
                    Cache::Agent => "agent_put",
                    Cache::Ets if hit => "ets_lookup",
                    Cache::Ets => "ets_insert",
                    Cache::PerUser => "user_call",
                    Cache::Ttl if hit => "ttl_get",
                    Cache::Ttl => "ttl_lock",
                })
            } else {
                c.get::<leaderboard::TopRead>().map(|_| "leader_read")
            }
        }
        EventKind::Spawn { name, .. } if *name == "user_cache" => Some("user_start"),
        EventKind::Receive { label, kind: MsgKind::Call, .. } if *label == "fetch" => Some("backend"),
        EventKind::Receive { label, kind: MsgKind::Info, .. } if *label == "round" => Some("leader_write"),
        _ => None,
    }
}
