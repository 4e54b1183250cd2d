//! Unique names (Elixir's `Registry` with `keys: :unique`, and `Process.register/2`).

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::pid::Pid;
use super::process::Ctx;
use super::term::Term;

/// The name table: each name to its live owner, and each owner's names (dropped when it exits).
#[derive(Default)]
pub(crate) struct Names {
    owners: BTreeMap<Term, Pid>,
    by_pid: FxHashMap<Pid, Vec<Term>>,
}

impl Names {
    pub(crate) fn whereis(&self, key: &Term) -> Option<Pid> {
        self.owners.get(key).copied()
    }

    pub(crate) fn on_exit(&mut self, pid: Pid) {
        if self.by_pid.is_empty() {
            return;
        }
        for name in self.by_pid.remove(&pid).unwrap_or_default() {
            self.owners.remove(&name);
        }
    }
}

/// `Registry.register(registry, key, value)`: names the calling process; the name goes when it exits.
/// `Err(owner)` when another live process already holds the name.
pub fn register(ctx: &Ctx, key: Term) -> Result<(), Pid> {
    let mut st = ctx.shared.state.borrow_mut();
    if let Some(owner) = st.names.whereis(&key) {
        return Err(owner);
    }
    if !st.alive(ctx.pid) {
        return Ok(());
    }
    st.names.by_pid.entry(ctx.pid).or_default().push(key.clone());
    st.names.owners.insert(key, ctx.pid);
    Ok(())
}

/// `Registry.unregister(registry, key)`: only the owner can drop its name.
pub fn unregister(ctx: &Ctx, key: &Term) {
    let mut st = ctx.shared.state.borrow_mut();
    let names = &mut st.names;
    if names.owners.get(key) == Some(&ctx.pid) {
        names.owners.remove(key);
        if let Some(list) = names.by_pid.get_mut(&ctx.pid) {
            list.retain(|n| n != key);
        }
    }
}

/// `Registry.lookup(registry, key)` / `Process.whereis/1`.
pub fn whereis(ctx: &Ctx, key: &Term) -> Option<Pid> {
    ctx.shared.state.borrow().names.whereis(key)
}
