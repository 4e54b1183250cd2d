//! The caching scenario on the runtime: four caches, each in front of its own slow backend and
//! loaded by its own clients with the same seeded requests, and the ETS leaderboard beside them.

use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

use super::leaderboard;
use super::load::{Keys, Requests};
use super::params::Params;
use crate::model::recipe::{ParamMap, Scenario};
use crate::runtime::dynamic_supervisor;
use crate::runtime::ets::{Table, TableKind};
use crate::runtime::gen_server::{From, Name};
use crate::runtime::prelude::*;
use crate::runtime::registry::{self, Keys as RegistryKeys};
use crate::runtime::{agent, trace::json_string};

/// The four caches, side by side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cache {
    /// One `Agent` holding a map: every read and write is a message, served in order.
    Agent,
    /// A `:set, :public` ETS table read in the client's own process (`EtsCacheExample`).
    Ets,
    /// A GenServer per user under a `DynamicSupervisor`, found through a `Registry`.
    PerUser,
    /// A ConCache-style cache: ETS entries with a TTL, a per-key lock around each miss.
    Ttl,
}

impl Cache {
    pub const ALL: [Cache; 4] = [Cache::Agent, Cache::Ets, Cache::PerUser, Cache::Ttl];

    pub fn as_str(self) -> &'static str {
        match self {
            Cache::Agent => "agent",
            Cache::Ets => "ets",
            Cache::PerUser => "per_user",
            Cache::Ttl => "ttl",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Cache::Agent => "Agent",
            Cache::Ets => "ETS",
            Cache::PerUser => "GenServer per user",
            Cache::Ttl => "TTL cache (ConCache)",
        }
    }

    fn backend(self) -> Atom {
        Atom::intern(&format!("{}_backend", self.as_str()))
    }
}

/// What a request found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// The value was cached (for the TTL cache, possibly after waiting on another's fetch).
    Hit,
    /// Not cached: one backend call.
    Miss,
    /// Cached but past its TTL: a miss, and one backend call.
    Expired,
    /// A miss whose backend call raced another call for the same key: a redundant call.
    Stampede,
    /// The backend failed: nothing was cached.
    Failed,
}

impl Outcome {
    pub const ALL: [Outcome; 5] = [Outcome::Hit, Outcome::Miss, Outcome::Expired, Outcome::Stampede, Outcome::Failed];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Hit => "hit",
            Outcome::Miss => "miss",
            Outcome::Expired => "expired",
            Outcome::Stampede => "stampede",
            Outcome::Failed => "failed",
        }
    }
}

/// A client's request served: by which cache, for which key, what it found and how long it took.
#[derive(Debug)]
pub struct Served {
    pub cache: Cache,
    pub key: u32,
    pub outcome: Outcome,
    pub latency: u64,
}

impl Custom for Served {
    fn name(&self) -> &'static str {
        "served"
    }

    fn describe(&self) -> String {
        format!("{} key {}: {} in {} ms", self.cache.title(), self.key, self.outcome.as_str(), self.latency)
    }

    fn write_json(&self, out: &mut String) {
        out.push_str(",\"cache\":");
        json_string(out, self.cache.as_str());
        out.push_str(&format!(",\"key\":{},\"outcome\":", self.key));
        json_string(out, self.outcome.as_str());
        out.push_str(&format!(",\"latency\":{}", self.latency));
    }
}

/// The slow backend behind a cache: every fetch takes `latency_ms`, fetches run concurrently
/// (`{:noreply, state}` now, `GenServer.reply/2` when the timer fires), and a fetch of a key
/// already being fetched is marked as racing.
struct Backend {
    latency_ms: u64,
    fail_pct: u64,
    /// The key of each fetch in flight (a key twice while two race).
    in_flight: Vec<i64>,
}

impl GenServer for Backend {
    async fn handle_call(&mut self, ctx: &Ctx, request: Term, from: From) -> Result<CallReply, ExitReason> {
        let key = request.elem(1).and_then(Term::as_int).unwrap_or(0);
        let racing = self.in_flight.contains(&key); //@backend
        self.in_flight.push(key);
        let done = Term::tuple([
            Term::atom("done"),
            Term::Pid(from.pid),
            Term::Ref(from.tag),
            Term::Int(key),
            Term::atom(if racing { "racing" } else { "alone" }),
        ]);
        ctx.send_after(ctx.pid(), done, self.latency_ms);
        Ok(CallReply::NoReply)
    }

    async fn handle_info(&mut self, ctx: &Ctx, msg: Term) -> ProcResult {
        let (Some(pid), Some(tag), Some(key), Some(racing)) =
            (msg.elem(1).and_then(Term::as_pid), msg.elem(2).and_then(Term::as_ref), msg.elem(3), msg.elem(4))
        else {
            return Ok(());
        };
        let k = key.as_int().unwrap_or(0);
        if let Some(i) = self.in_flight.iter().position(|f| *f == k) {
            self.in_flight.swap_remove(i);
        }
        let answer = if ctx.random_range(0, 100) < self.fail_pct {
            Term::tuple([Term::atom("error"), Term::atom("unavailable")])
        } else {
            Term::tuple([Term::ok(), Term::Int(k * 10), racing.clone()])
        };
        gen_server::reply(ctx, From { pid, tag }, answer);
        Ok(())
    }
}

/// Calls the cache's backend: the value, and whether the call raced another for the same key.
async fn fetch(ctx: &Ctx, cache: Cache, key: u32) -> Result<Option<(Term, Outcome)>, ExitReason> {
    let request = Term::tuple([Term::atom("fetch"), Term::Int(key.into())]);
    let reply = gen_server::call(ctx, Name::Local(cache.backend()), request, gen_server::DEFAULT_CALL_TIMEOUT).await?;
    Ok(match (reply.tag(), reply.elem(1), reply.elem(2)) {
        (Some("ok"), Some(value), Some(racing)) => {
            Some((value.clone(), if racing.is_atom("racing") { Outcome::Stampede } else { Outcome::Miss }))
        }
        _ => None,
    })
}

/// The Agent's state: `%{key => value}`.
type AgentMap = BTreeMap<Term, Term>;

/// One user's cache: the user's record, fetched from the backend on the first call. Calls queue
/// behind each other in this server only, so a user's read-then-fetch is atomic.
struct UserCache {
    key: u32,
    value: Option<Term>,
}

impl GenServer for UserCache {
    async fn handle_call(&mut self, ctx: &Ctx, _request: Term, _from: From) -> Result<CallReply, ExitReason> {
        if let Some(value) = &self.value {
            return Ok(CallReply::Reply(Term::tuple([Term::atom("hit"), value.clone()])));
        }
        Ok(CallReply::Reply(match fetch(ctx, Cache::PerUser, self.key).await? {
            Some((value, outcome)) => {
                self.value = Some(value.clone());
                Term::tuple([Term::atom(outcome.as_str()), value])
            }
            None => Term::atom("failed"),
        }))
    }
}

/// The TTL cache's lock server (ConCache's per-key lock): one holder per key, the others queue.
/// It owns the cache's table, as ConCache's owner process does.
struct Locks {
    /// Each key held, with the callers waiting for it.
    held: Vec<(i64, VecDeque<From>)>,
}

impl GenServer for Locks {
    async fn init(&mut self, ctx: &Ctx) -> Init {
        match Table::new_named(ctx, "ttl_cache", TableKind::Set) {
            Ok(_) => Init::Ok,
            Err(badarg) => Init::Stop(badarg.into()),
        }
    }

    async fn handle_call(&mut self, _ctx: &Ctx, request: Term, from: From) -> Result<CallReply, ExitReason> {
        let key = request.elem(1).and_then(Term::as_int).unwrap_or(0);
        match self.held.iter_mut().find(|(k, _)| *k == key) {
            Some((_, waiting)) => {
                waiting.push_back(from);
                Ok(CallReply::NoReply)
            }
            None => {
                self.held.push((key, VecDeque::new()));
                Ok(CallReply::Reply(Term::ok()))
            }
        }
    }

    async fn handle_cast(&mut self, ctx: &Ctx, request: Term) -> ProcResult {
        let key = request.elem(1).and_then(Term::as_int).unwrap_or(0);
        let Some(i) = self.held.iter().position(|(k, _)| *k == key) else { return Ok(()) };
        match self.held[i].1.pop_front() {
            Some(next) => gen_server::reply(ctx, next, Term::ok()),
            None => {
                self.held.swap_remove(i);
            }
        }
        Ok(())
    }
}

/// A TTL entry that is still fresh at `now`: `{value, expires_at}`.
fn fresh(entry: &Option<Term>, now: u64) -> bool {
    entry.as_ref().and_then(|e| e.elem(1)).and_then(Term::as_int).is_some_and(|expires| expires > now as i64)
}

/// One request against one cache; what it found.
async fn serve(ctx: &Ctx, cache: Cache, key: u32, ttl_ms: u64) -> Result<Outcome, ExitReason> {
    let k = Term::Int(key.into());
    match cache {
        Cache::Agent => {
            let agent = ctx.whereis("agent_cache").ok_or(ExitReason::Noproc)?;
            let nil = || Term::atom("nil");
            let found = agent::get(ctx, agent, move |m: &AgentMap| m.get(&Term::Int(key.into())).cloned().unwrap_or_else(nil)).await?; //@agent_get
            if !found.is_atom("nil") {
                return Ok(Outcome::Hit);
            }
            let Some((value, outcome)) = fetch(ctx, cache, key).await? else { return Ok(Outcome::Failed) };
            agent::update(ctx, agent, move |m: &mut AgentMap| { m.insert(k, value); }).await?; //@agent_put
            Ok(outcome)
        }
        Cache::Ets => {
            let table = Table::named("ets_cache");
            if table.lookup(ctx, &k)?.is_some() { //@ets_lookup
                return Ok(Outcome::Hit);
            }
            let Some((value, outcome)) = fetch(ctx, cache, key).await? else { return Ok(Outcome::Failed) };
            table.insert_new(ctx, k, value)?; //@ets_insert
            Ok(outcome)
        }
        Cache::PerUser => {
            let name = Name::via("user_registry", k.clone());
            let user = match gen_server::whereis(ctx, &name) {
                Some(pid) => pid,
                None => {
                    let sup = ctx.whereis("user_caches").ok_or(ExitReason::Noproc)?;
                    let spec = ChildSpec::worker("user_cache", Behaviour::GenServer, move |c| {
                        gen_server::enter_loop(c, UserCache { key, value: None })
                    });
                    let started = dynamic_supervisor::start_child(ctx, sup, spec.named(name.clone())).await?; //@user_start
                    let pid = started.elem(1).and_then(|p| p.as_pid().or_else(|| p.elem(1)?.as_pid()));
                    pid.ok_or_else(|| ExitReason::Other(started.clone()))?
                }
            };
            let reply = gen_server::call(ctx, user, Term::tuple([Term::atom("get"), k]), gen_server::DEFAULT_CALL_TIMEOUT).await?; //@user_call
            Ok(Outcome::ALL.into_iter().find(|o| reply.tag() == Some(o.as_str()) || reply.is_atom(o.as_str())).unwrap_or(Outcome::Failed))
        }
        Cache::Ttl => {
            let table = Table::named("ttl_cache");
            let entry = table.lookup(ctx, &k)?;
            if fresh(&entry, ctx.now()) { //@ttl_get
                return Ok(Outcome::Hit);
            }
            let locks = ctx.whereis("ttl_locks").ok_or(ExitReason::Noproc)?;
            gen_server::call(ctx, locks, Term::tuple([Term::atom("lock"), k.clone()]), gen_server::INFINITY).await?; //@ttl_lock
            let filled = fill_under_lock(ctx, key, ttl_ms, entry.is_some()).await;
            gen_server::cast(ctx, locks, Term::tuple([Term::atom("unlock"), k]));
            filled
        }
    }
}

/// The TTL cache's miss, holding the key's lock: another client may have filled the entry while
/// this one waited (a hit); else one fetch, stored with its expiry.
async fn fill_under_lock(ctx: &Ctx, key: u32, ttl_ms: u64, expired: bool) -> Result<Outcome, ExitReason> {
    let (table, k) = (Table::named("ttl_cache"), Term::Int(key.into()));
    if fresh(&table.lookup(ctx, &k)?, ctx.now()) {
        return Ok(Outcome::Hit);
    }
    let Some((value, outcome)) = fetch(ctx, Cache::Ttl, key).await? else { return Ok(Outcome::Failed) };
    table.insert(ctx, k, Term::tuple([value, Term::Int((ctx.now() + ttl_ms) as i64)]))?;
    Ok(if expired && outcome == Outcome::Miss { Outcome::Expired } else { outcome })
}

/// A client: sends its requests at their times (late when the previous one is still being
/// served), one at a time, and records what each found.
async fn client(ctx: Ctx, cache: Cache, requests: Requests, ttl_ms: u64) -> ProcResult {
    for request in requests {
        ctx.sleep(request.at.saturating_sub(ctx.now())).await;
        let started = ctx.now();
        // A request that exits (its cache or backend died under it) is caught and counted failed.
        let outcome = serve(&ctx, cache, request.key, ttl_ms).await.unwrap_or(Outcome::Failed);
        ctx.record_custom(Served { cache, key: request.key, outcome, latency: ctx.now() - started });
    }
    Ok(())
}

/// A process that owns a table and does nothing else (a table dies with its owner).
async fn table_owner(ctx: Ctx, name: &'static str) -> ProcResult {
    Table::new_named(&ctx, name, TableKind::Set)?;
    loop {
        ctx.receive().await;
    }
}

/// Virtual time each Agent request takes inside the Agent, in ms: what makes it a queue.
pub const SERVICE_MS: u64 = 1;

/// The subtree of one cache: its backend, its cache processes, and its clients.
fn cache_tree(cache: Cache, params: Params, seed: u64, keys: Rc<Keys>) -> ChildSpec {
    let backend = ChildSpec::worker(cache.backend(), Behaviour::GenServer, move |c| {
        gen_server::enter_loop(c, Backend { latency_ms: params.latency_ms, fail_pct: params.fail_pct, in_flight: Vec::new() })
    })
    .named(Name::Local(cache.backend()));
    let mut children = vec![backend];
    children.extend(match cache {
        Cache::Agent => vec![ChildSpec::worker("agent_cache", Behaviour::Agent, |c| {
            agent::enter_loop(c, AgentMap::new(), SERVICE_MS)
        })
        .named(Name::Local(Atom::intern("agent_cache")))],
        Cache::Ets => vec![ChildSpec::worker("ets_owner", Behaviour::Process, |c| table_owner(c, "ets_cache"))],
        Cache::PerUser => vec![
            registry::child_spec("user_registry", RegistryKeys::Unique),
            dynamic_supervisor::child_spec("user_caches", Default::default()),
        ],
        Cache::Ttl => vec![ChildSpec::worker("ttl_locks", Behaviour::GenServer, |c| {
            gen_server::enter_loop(c, Locks { held: Vec::new() })
        })
        .named(Name::Local(Atom::intern("ttl_locks")))],
    });
    let clients = (0..params.clients)
        .map(|i| {
            let keys = keys.clone();
            ChildSpec::worker(Atom::intern(&format!("client_{}", i + 1)), Behaviour::Process, move |c| {
                let requests = Requests::new(seed, i, params.think_ms, keys.clone(), c.now());
                client(c, cache, requests, params.ttl_ms)
            })
        })
        .collect();
    children.push(ChildSpec::supervisor(
        Atom::intern(&format!("{}_clients", cache.as_str())),
        SupervisorSpec::new(Strategy::OneForOne, clients),
    ));
    ChildSpec::supervisor(Atom::intern(&format!("{}_cache", cache.as_str())), SupervisorSpec::new(Strategy::RestForOne, children))
}

/// The recipe's processes.
pub struct Caching {
    rt: Runtime,
    params: Params,
    supervisor: Pid,
}

impl Caching {
    pub fn start(rt: &Runtime, params: Params) -> Self {
        let rt = rt.clone();
        let keys = Rc::new(Keys::new(params.keys as u32, params.skew_tenths as f64 / 10.0));
        let mut children: Vec<ChildSpec> =
            Cache::ALL.into_iter().map(|cache| cache_tree(cache, params, rt.seed(), keys.clone())).collect();
        children.push(leaderboard::child_spec());
        let supervisor = supervisor::start(&rt, "Caching.Supervisor", SupervisorSpec::new(Strategy::OneForOne, children));
        Caching { rt, params, supervisor }
    }

    pub fn settings(&self) -> Params {
        self.params
    }

    pub fn supervisor(&self) -> Pid {
        self.supervisor
    }
}

impl Scenario for Caching {
    fn runtime(&self) -> &Runtime {
        &self.rt
    }

    fn params(&self) -> ParamMap {
        self.params.to_map()
    }

    fn apply(&self, action: &str) -> Result<(), String> {
        match action {
            "crash_user" => {
                let user = self.rt.whereis_via("user_registry", &Term::Int(0));
                let user = user.ok_or("User 0's cache is not running yet.")?;
                self.rt.exit(user, ExitReason::atom("crashed"));
                Ok(())
            }
            _ => Err(format!("Unknown action {action:?}.")),
        }
    }

    fn stop(&self) {
        self.rt.exit(self.supervisor, ExitReason::Shutdown);
    }
}
