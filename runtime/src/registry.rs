//! Registries (Elixir's `Registry`), and the registered names of `Process.register/2`: processes
//! found by a key.
//!
//! A registry is a process ([`start_link`]) registered under the registry's name. Its entries,
//! `key → {pid, value}`, live in the run's state as OTP keeps them in ETS tables: any process
//! reads them without a message. An entry goes when the process that registered it exits (OTP's
//! registry learns of the exit through a link, a moment later), and every entry goes with the
//! registry. Entries are kept in registration order.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::atom::Atom;
use super::ets::Badarg;
use super::exit::ExitReason;
use super::gen_server::OnStart;
use super::pid::{Behaviour, Pid};
use super::process::{Ctx, ProcResult};
use super::supervisor::{ChildSpec, Shutdown};
use super::term::Term;

/// `keys: :unique` (one entry per key) or `keys: :duplicate` (any number, from any processes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keys {
    Unique,
    Duplicate,
}

/// What `Registry.register/3` returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Registered {
    /// `{:ok, owner}`: registered; `owner` is the registry's process.
    Ok(Pid),
    /// `{:error, {:already_registered, pid}}`: a `:unique` registry where `pid` holds the key
    /// (the caller itself, if it registered the key before).
    AlreadyRegistered(Pid),
}

impl Registered {
    /// As Elixir shows it: `{:ok, #PID<…>}` or `{:error, {:already_registered, #PID<…>}}`.
    pub fn to_term(&self) -> Term {
        match self {
            Registered::Ok(owner) => Term::tuple([Term::ok(), Term::Pid(*owner)]),
            Registered::AlreadyRegistered(pid) => {
                Term::tuple([Term::atom("error"), Term::tuple([Term::atom("already_registered"), Term::Pid(*pid)])])
            }
        }
    }
}

struct Entry {
    key: Term,
    pid: Pid,
    value: Term,
}

struct RegistryTable {
    name: Atom,
    owner: Pid,
    keys: Keys,
    entries: Vec<Entry>,
}

/// The run's names: registered process names (each dropped when its process exits), and every
/// registry's entries (each dropped when its process exits, all of them when the registry does).
#[derive(Default)]
pub(crate) struct Names {
    registered: BTreeMap<Atom, Pid>,
    names_of: FxHashMap<Pid, Vec<Atom>>,
    /// A run has a few registries: a list found by name, which compiles no map type of its own into
    /// the bundle as a `BTreeMap` would.
    registries: Vec<RegistryTable>,
    /// The registries each process has entries in.
    registries_of: FxHashMap<Pid, Vec<Atom>>,
}

impl Names {
    /// `Process.whereis(name)`
    pub(crate) fn whereis(&self, name: Atom) -> Option<Pid> {
        self.registered.get(&name).copied()
    }

    /// `Process.register(pid, name)`: `Err(holder)` while a live process holds `name`.
    pub(crate) fn register(&mut self, name: Atom, pid: Pid) -> Result<(), Pid> {
        if let Some(holder) = self.whereis(name) {
            return Err(holder);
        }
        self.registered.insert(name, pid);
        self.names_of.entry(pid).or_default().push(name);
        Ok(())
    }

    /// `Process.unregister(name)`, by the process holding it.
    pub(crate) fn unregister(&mut self, name: Atom, pid: Pid) {
        if self.whereis(name) == Some(pid) {
            self.registered.remove(&name);
            if let Some(names) = self.names_of.get_mut(&pid) {
                names.retain(|n| *n != name);
            }
        }
    }

    /// The process under `key` in the `:unique` registry `registry`, if any.
    pub(crate) fn whereis_via(&self, registry: Atom, key: &Term) -> Option<Pid> {
        let table = self.registry(registry).ok().filter(|t| t.keys == Keys::Unique)?;
        table.entries.iter().find(|e| e.key == *key).map(|e| e.pid)
    }

    fn registry(&self, registry: Atom) -> Result<&RegistryTable, Badarg> {
        self.registries.iter().find(|r| r.name == registry).ok_or(Badarg)
    }

    /// Opens the registry `name`, empty, in place of any earlier one of that name.
    fn open(&mut self, name: Atom, owner: Pid, keys: Keys) {
        let table = RegistryTable { name, owner, keys, entries: Vec::new() };
        match self.registries.iter_mut().find(|r| r.name == name) {
            Some(earlier) => *earlier = table,
            None => self.registries.push(table),
        }
    }

    pub(crate) fn on_exit(&mut self, pid: Pid) {
        if self.names_of.is_empty() && self.registries_of.is_empty() {
            return;
        }
        for name in self.names_of.remove(&pid).unwrap_or_default() {
            self.registered.remove(&name);
            self.registries.retain(|r| !(r.name == name && r.owner == pid));
        }
        for registry in self.registries_of.remove(&pid).unwrap_or_default() {
            if let Ok(r) = registry_mut(&mut self.registries, registry) {
                r.entries.retain(|e| e.pid != pid);
            }
        }
    }
}

/// The registry `name` among `registries`, to change.
fn registry_mut(registries: &mut [RegistryTable], name: Atom) -> Result<&mut RegistryTable, Badarg> {
    registries.iter_mut().find(|r| r.name == name).ok_or(Badarg)
}

/// `Registry.start_link(keys: keys, name: name)`: the registry's process, linked to the caller
/// and registered as `name`; `{:error, {:already_started, pid}}` while `name` is taken.
pub fn start_link(ctx: &Ctx, name: impl Into<Atom>, keys: Keys) -> OnStart {
    let name = name.into();
    if let Some(holder) = ctx.shared.state.borrow().names.whereis(name) {
        return OnStart::Error(ExitReason::Other(Term::tuple([Term::atom("already_started"), Term::Pid(holder)])));
    }
    let pid = ctx.spawn_link(name, Behaviour::Supervisor, serve);
    let mut st = ctx.shared.state.borrow_mut();
    if st.alive(pid) {
        let names = &mut st.names;
        names.register(name, pid).ok();
        names.open(name, pid, keys);
    }
    OnStart::Ok(pid)
}

/// `{Registry, keys: keys, name: name}` as a supervisor's child (a `:supervisor` child, shutdown
/// `:infinity`): each start registers the registry afresh, empty, under `name`; a start while
/// `name` is taken exits `{:already_started, holder}`.
///
/// ```
/// use tasklane_runtime::{registry::{self, Keys, Registered}, prelude::*};
/// let rt = Runtime::new(1);
/// let sup = supervisor::start(&rt, "app", SupervisorSpec::new(Strategy::OneForOne, vec![registry::child_spec("users", Keys::Unique)]));
/// rt.spawn("main", Behaviour::Process, move |ctx| async move {
///     ctx.sleep(1).await;
///     let owner = ctx.whereis("users").expect("the supervisor started the registry");
///     assert_eq!(registry::register(&ctx, "users", Term::str("ann"), Term::Int(1)), Ok(Registered::Ok(owner)));
///     ctx.exit(owner, ExitReason::Kill);
///     ctx.sleep(1).await;
///     let restarted = ctx.whereis("users").expect("restarted under its name");
///     assert_ne!(restarted, owner);
///     assert_eq!(registry::lookup(&ctx, "users", &Term::str("ann")), Ok(vec![]), "a restarted registry is empty");
///     Ok(())
/// });
/// rt.run_until(100);
/// # assert!(rt.is_alive(sup));
/// ```
pub fn child_spec(name: impl Into<Atom>, keys: Keys) -> ChildSpec {
    let name = name.into();
    let spec = ChildSpec::worker(name, Behaviour::Supervisor, move |ctx| async move {
        {
            let mut st = ctx.shared.state.borrow_mut();
            if let Err(holder) = st.names.register(name, ctx.pid) {
                return Err(ExitReason::Other(Term::tuple([Term::atom("already_started"), Term::Pid(holder)])));
            }
            st.names.open(name, ctx.pid, keys);
        }
        serve(ctx).await
    });
    spec.shutdown(Shutdown::Infinity)
}

/// The registry's process: holds the name until its parent exits (a supervisor's loop, with no children).
async fn serve(ctx: Ctx) -> ProcResult {
    ctx.trap_exit(true);
    let parent = Term::Pid(ctx.parent());
    loop {
        let msg = ctx.receive().await;
        if msg.tag() == Some("EXIT") && msg.elem(1) == Some(&parent) {
            return Err(msg.elem(2).map(ExitReason::from_term).unwrap_or(ExitReason::Shutdown));
        }
    }
}

/// `Registry.register(registry, key, value)`: an entry for the calling process, dropped when it exits.
///
/// ```
/// use tasklane_runtime::{registry::{self, Keys, Registered}, prelude::*};
/// let rt = Runtime::new(1);
/// rt.spawn("main", Behaviour::Process, |ctx| async move {
///     let OnStart::Ok(owner) = registry::start_link(&ctx, "sessions", Keys::Unique) else { panic!("started") };
///     let alice = Term::str("alice");
///     assert_eq!(registry::register(&ctx, "sessions", alice.clone(), Term::Int(1)), Ok(Registered::Ok(owner)));
///     let again = registry::register(&ctx, "sessions", alice.clone(), Term::Int(2));
///     assert_eq!(again, Ok(Registered::AlreadyRegistered(ctx.pid())));
///     assert_eq!(registry::lookup(&ctx, "sessions", &alice), Ok(vec![(ctx.pid(), Term::Int(1))]));
///     Ok(())
/// });
/// rt.run_until(1_000);
/// ```
pub fn register(ctx: &Ctx, registry: impl Into<Atom>, key: Term, value: Term) -> Result<Registered, Badarg> {
    register_pid(ctx, registry.into(), key, value, ctx.pid)
}

/// An entry for `pid`.
fn register_pid(ctx: &Ctx, registry: Atom, key: Term, value: Term, pid: Pid) -> Result<Registered, Badarg> {
    let mut st = ctx.shared.state.borrow_mut();
    let alive = st.alive(pid);
    let names = &mut st.names;
    let table = registry_mut(&mut names.registries, registry)?;
    if table.keys == Keys::Unique
        && let Some(holder) = table.entries.iter().find(|e| e.key == key)
    {
        return Ok(Registered::AlreadyRegistered(holder.pid));
    }
    if alive {
        table.entries.push(Entry { key, pid, value });
        let mine = names.registries_of.entry(pid).or_default();
        if !mine.contains(&registry) {
            mine.push(registry);
        }
    }
    Ok(Registered::Ok(table.owner))
}

/// `Registry.register_name({registry, key}, self())`, the `:via` callback a named server registers
/// itself with: an entry whose value is `nil`, in a `:unique` registry only.
pub fn register_name(ctx: &Ctx, registry: impl Into<Atom>, key: Term) -> Result<Registered, Badarg> {
    register_name_pid(ctx, registry.into(), key, ctx.pid)
}

/// `register_name` for `pid` (a supervisor naming the child it starts).
pub(crate) fn register_name_pid(ctx: &Ctx, registry: Atom, key: Term, pid: Pid) -> Result<Registered, Badarg> {
    if ctx.shared.state.borrow().names.registry(registry)?.keys != Keys::Unique {
        return Err(Badarg);
    }
    register_pid(ctx, registry, key, Term::atom("nil"), pid)
}

/// `Registry.whereis_name({registry, key})`, the `:via` callback that finds a named server:
/// the process holding `key` in a `:unique` registry.
pub fn whereis_name(ctx: &Ctx, registry: impl Into<Atom>, key: &Term) -> Option<Pid> {
    ctx.shared.state.borrow().names.whereis_via(registry.into(), key)
}

/// `Registry.unregister(registry, key)`: drops the calling process's entries under `key` (`:ok`
/// whether or not it had any).
pub fn unregister(ctx: &Ctx, registry: impl Into<Atom>, key: &Term) -> Result<(), Badarg> {
    let mut st = ctx.shared.state.borrow_mut();
    let table = registry_mut(&mut st.names.registries, registry.into())?;
    table.entries.retain(|e| !(e.key == *key && e.pid == ctx.pid));
    Ok(())
}

/// `Registry.lookup(registry, key)`: `{pid, value}` of every entry under `key`.
pub fn lookup(ctx: &Ctx, registry: impl Into<Atom>, key: &Term) -> Result<Vec<(Pid, Term)>, Badarg> {
    let st = ctx.shared.state.borrow();
    let table = st.names.registry(registry.into())?;
    Ok(table.entries.iter().filter(|e| e.key == *key).map(|e| (e.pid, e.value.clone())).collect())
}

/// `Registry.keys(registry, pid)`: the keys `pid` registered.
pub fn keys(ctx: &Ctx, registry: impl Into<Atom>, pid: Pid) -> Result<Vec<Term>, Badarg> {
    let st = ctx.shared.state.borrow();
    let table = st.names.registry(registry.into())?;
    Ok(table.entries.iter().filter(|e| e.pid == pid).map(|e| e.key.clone()).collect())
}

/// `Registry.values(registry, key, pid)`: the values `pid` registered under `key`.
pub fn values(ctx: &Ctx, registry: impl Into<Atom>, key: &Term, pid: Pid) -> Result<Vec<Term>, Badarg> {
    let st = ctx.shared.state.borrow();
    let table = st.names.registry(registry.into())?;
    Ok(table.entries.iter().filter(|e| e.key == *key && e.pid == pid).map(|e| e.value.clone()).collect())
}

/// `Registry.count(registry)`: the number of entries.
pub fn count(ctx: &Ctx, registry: impl Into<Atom>) -> Result<usize, Badarg> {
    Ok(ctx.shared.state.borrow().names.registry(registry.into())?.entries.len())
}

/// `Registry.update_value(registry, key, fun)`: replaces the value of the calling process's entry
/// under `key` with `fun(old)` in a `:unique` registry; `Some((new, old))`, or `None` (`:error`)
/// if the caller holds no such entry.
pub fn update_value(
    ctx: &Ctx,
    registry: impl Into<Atom>,
    key: &Term,
    fun: impl FnOnce(&Term) -> Term,
) -> Result<Option<(Term, Term)>, Badarg> {
    let registry = registry.into();
    let mine = |e: &Entry| e.key == *key && e.pid == ctx.pid;
    let old = {
        let st = ctx.shared.state.borrow();
        let table = st.names.registry(registry)?;
        if table.keys != Keys::Unique {
            return Err(Badarg);
        }
        match table.entries.iter().find(|e| mine(e)) {
            Some(entry) => entry.value.clone(),
            None => return Ok(None),
        }
    };
    let new = fun(&old);
    let mut st = ctx.shared.state.borrow_mut();
    let table = registry_mut(&mut st.names.registries, registry)?;
    if let Some(entry) = table.entries.iter_mut().find(|e| mine(e)) {
        entry.value = new.clone();
    }
    Ok(Some((new, old)))
}
