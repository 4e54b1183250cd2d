use crate::model::fold::Folded;
use crate::model::recipe::Scenario;
use crate::recipes::caching::leaderboard::{self, Store};
use crate::recipes::caching::load::Keys;
use crate::recipes::caching::params::Params;
use crate::recipes::caching::scenario::{Cache, Caching, Outcome, SERVICE_MS, Served};
use crate::recipes::caching::stats::Stats;
use crate::runtime::ets::Table;
use crate::runtime::prelude::*;

use super::{received_by, restarts, spawned_named};

fn start(seed: u64, params: Params) -> Caching {
    Caching::start(&Runtime::new(seed), params)
}

/// (virtual time, key, outcome, latency) of every request `cache` served, in order.
fn served(rt: &Runtime, cache: Cache) -> Vec<(u64, u32, Outcome, u64)> {
    rt.read_trace(|t| {
        t.events()
            .filter_map(|e| {
                e.kind.custom::<Served>().filter(|s| s.cache == cache).map(|s| (e.at, s.key, s.outcome, s.latency))
            })
            .collect()
    })
}

/// Runs to `until` a second at a time, folding the figures as it goes (the trace keeps only its latest events).
fn run_folding(rt: &Runtime, until: u64, keys: u64) -> Stats {
    let mut stats = Folded::new(Stats::new(keys));
    while rt.now() < until {
        rt.run_until(rt.now() + 1_000);
        rt.read_trace(|t| stats.advance(t, t.total()));
    }
    assert_eq!(stats.start(), 0, "no event was dropped before the fold read it");
    stats.view().clone()
}

/// Fetches `cache`'s backend received.
fn backend_calls(rt: &Runtime, cache: Cache) -> usize {
    let backend = spawned_named(rt, &format!("{}_backend", cache.as_str()));
    received_by(rt, &backend).into_iter().filter(|(_, label)| *label == "fetch").count()
}

#[test]
fn under_100_clients_the_agent_adds_the_md1_queueing_delay_that_ets_does_not() {
    // One key: after the first miss every request is a hit, so the Agent serves a Poisson stream of
    // gets at λ = 100 clients / 200 ms = 0.5 per ms, each taking D = 1 ms: ρ = 0.5, and M/D/1 waits
    // ρD / 2(1 − ρ) = 0.5 ms in the queue, 1.5 ms with the service. ETS hits take no time.
    let params = Params { clients: 100, keys: 1, think_ms: 200, ..Params::default() };
    let s = start(7, params);
    let f = run_folding(s.runtime(), 60_000, params.keys);
    let (agent, ets) = (f.cache(Cache::Agent), f.cache(Cache::Ets));
    assert!(agent.requests() > 25_000 && ets.requests() > 25_000, "{} {}", agent.requests(), ets.requests());
    let rho = params.clients as f64 / params.think_ms as f64 * SERVICE_MS as f64;
    let expected = SERVICE_MS as f64 + rho * SERVICE_MS as f64 / (2.0 * (1.0 - rho));
    let measured = agent.latencies.mean() - ets.latencies.mean();
    assert!(
        (measured - expected).abs() < 0.1,
        "Agent − ETS mean latency {measured:.3} ms, M/D/1 predicts {expected:.3} ms"
    );
    assert!(agent.mailbox_peak.0 > 3, "the Agent's queue grows under load: peak {:?}", agent.mailbox_peak);
    assert_eq!(ets.mailbox_peak.0, 0, "ETS has no mailbox between a client and its data");
}

#[test]
fn a_burst_of_concurrent_misses_calls_the_backend_once_through_a_lock_and_once_per_client_through_ets() {
    // Twenty clients' first requests for the one key all arrive while the first fetch (3 s) is out.
    let s = start(1, Params { clients: 20, keys: 1, think_ms: 200, latency_ms: 3000, ..Params::default() });
    s.runtime().run_until(6_000);
    let rt = s.runtime();
    assert_eq!(backend_calls(rt, Cache::Ets), 20, "the naive ETS cache: every racing client fetches");
    assert_eq!(backend_calls(rt, Cache::Agent), 20, "an Agent read then write races the same way");
    assert_eq!(backend_calls(rt, Cache::Ttl), 1, "the per-key lock lets one fetch through");
    assert_eq!(backend_calls(rt, Cache::PerUser), 1, "the user's server serialises its user's requests");
    // The requests asked before the first fetch came back, by what they found.
    let burst = |cache| {
        let mut found: Vec<Outcome> = served(rt, cache)
            .into_iter()
            .filter(|(done, _, _, latency)| done - latency < 3_000)
            .map(|(_, _, o, _)| o)
            .collect();
        found.sort();
        found
    };
    assert_eq!(burst(Cache::Ets), [vec![Outcome::Miss], vec![Outcome::Stampede; 19]].concat());
    assert_eq!(
        burst(Cache::Ttl),
        [vec![Outcome::Hit; 19], vec![Outcome::Miss]].concat(),
        "the others waited for its answer"
    );
}

#[test]
fn an_entry_past_its_ttl_is_an_expired_miss_and_a_fresh_one_a_hit() {
    let params = Params { clients: 1, keys: 1, think_ms: 1500, ttl_ms: 1000, latency_ms: 50, ..Params::default() };
    let s = start(5, params);
    s.runtime().run_until(120_000);
    let requests = served(s.runtime(), Cache::Ttl);
    assert!(requests.len() > 50);
    let mut stored_at: Option<u64> = None;
    let (mut hits, mut expired) = (0, 0);
    for (done, _, outcome, latency) in requests {
        let asked = done - latency;
        let expected = match stored_at {
            None => Outcome::Miss,
            Some(at) if asked < at + params.ttl_ms => Outcome::Hit,
            Some(_) => Outcome::Expired,
        };
        assert_eq!(outcome, expected, "request at {asked} ms, entry stored at {stored_at:?}");
        if outcome != Outcome::Hit {
            stored_at = Some(done);
        }
        hits += usize::from(outcome == Outcome::Hit);
        expired += usize::from(outcome == Outcome::Expired);
    }
    assert!(hits > 10 && expired > 10, "both happen: {hits} hits, {expired} expired");
}

#[test]
fn the_ttl_caches_hit_ratio_matches_the_zipf_keys_renewal_prediction() {
    // Key k is asked at λ_k = λ·p_k (Poisson). A miss stores the entry for T (+ the fetch L); each
    // cycle is one miss and λ_k(T + L) hits on average: ratio_k = λ_k(T+L) / (1 + λ_k(T+L)).
    let params = Params {
        clients: 50,
        keys: 50,
        skew_tenths: 10,
        think_ms: 500,
        latency_ms: 1,
        ttl_ms: 2000,
        ..Params::default()
    };
    let s = start(11, params);
    let f = run_folding(s.runtime(), 300_000, params.keys);
    let keys = Keys::new(params.keys as u32, 1.0);
    let lambda = params.clients as f64 / params.think_ms as f64;
    let window = (params.ttl_ms + params.latency_ms) as f64;
    let expected: f64 = (0..keys.count())
        .map(|k| {
            let x = lambda * keys.probability(k) * window;
            keys.probability(k) * x / (1.0 + x)
        })
        .sum();
    let measured = f.cache(Cache::Ttl).hit_ratio().unwrap();
    assert!((measured - expected).abs() < 0.01, "TTL hit ratio {measured:.4}, renewal predicts {expected:.4}");
}

#[test]
fn each_user_gets_one_server_and_a_crashed_one_is_restarted_empty_under_its_name() {
    let s = start(3, Params { clients: 30, keys: 5, ..Params::default() });
    let rt = s.runtime();
    rt.run_until(5_000);
    let servers = spawned_named(rt, "user_cache");
    assert_eq!(servers.len(), 5, "one server per user, however many clients raced to start it");
    let before = rt.whereis_via("user_registry", &Term::Int(0)).expect("user 0 has a server");
    s.apply("crash_user").unwrap();
    rt.run_until(6_000);
    let after = rt.whereis_via("user_registry", &Term::Int(0)).expect("restarted under its name");
    assert_ne!(before, after);
    assert_eq!(restarts(rt).iter().filter(|(_, child)| *child == "user_cache").count(), 1);
    assert_eq!(spawned_named(rt, "user_cache").len(), 6);
    let misses =
        served(rt, Cache::PerUser).into_iter().filter(|(at, key, o, _)| *key == 0 && *at > 5_000 && *o != Outcome::Hit);
    assert_eq!(misses.count(), 1, "the restarted server starts empty: one miss, then hits");
}

#[test]
fn leaderboard_readers_of_ets_never_wait_while_genserver_readers_wait_behind_the_round() {
    let s = start(2, Params { clients: 1, ..Params::default() });
    let f = run_folding(s.runtime(), 10_000, 100);
    let (ets, server) = (&f.board(Store::Ets).latencies, &f.board(Store::GenServer).latencies);
    assert!(ets.count() > 200 && server.count() > 200);
    assert_eq!(ets.quantile(1.0), Some(0), "ETS readers never wait");
    let worst = server.quantile(1.0).unwrap();
    assert!(worst > leaderboard::ROUND_WORK_MS * 2 / 3, "GenServer readers wait for the round: worst {worst} ms");
}

#[test]
fn the_top_ten_read_from_the_ordered_set_is_the_board_sorted_by_score() {
    let s = start(4, Params { clients: 1, ..Params::default() });
    let rt = s.runtime();
    // Mid-round, when the writer has moved some scores and not others.
    rt.run_until(3_150);
    let checked = std::rc::Rc::new(std::cell::Cell::new(false));
    let done = checked.clone();
    rt.spawn("check", Behaviour::Process, move |ctx| async move {
        let rows = Table::named("leaderboard").to_list(&ctx)?;
        let scores: Vec<i64> = {
            let mut by_user: Vec<(u32, i64)> = rows
                .iter()
                .map(|(k, _)| {
                    (k.elem(1).and_then(Term::as_int).unwrap() as u32, -k.elem(0).and_then(Term::as_int).unwrap())
                })
                .collect();
            by_user.sort();
            assert_eq!(by_user.len(), leaderboard::USERS as usize, "one row per user");
            by_user.into_iter().map(|(_, s)| s).collect()
        };
        assert_eq!(leaderboard::read_table(&ctx)?, leaderboard::top_of(&scores));
        done.set(true);
        Ok(())
    });
    rt.run_until(3_151);
    assert!(checked.get());
}

#[test]
fn the_same_seed_gives_the_same_trace() {
    let params = Params { clients: 40, ..Params::default() };
    let (a, b) = (start(9, params), start(9, params));
    a.runtime().run_until(5_000);
    b.runtime().run_until(5_000);
    assert_eq!(a.runtime().trace_hash(), b.runtime().trace_hash());
}
