//! Unique names (Elixir's `Registry` with `keys: :unique`, and `Process.register/2`).

use super::process::{Ctx, Pid};
use super::term::Term;

/// `Registry.register(registry, key, value)`: names the calling process; the name goes when it exits.
/// `Err(owner)` when another live process already holds the name.
pub fn register(ctx: &Ctx, key: Term) -> Result<(), Pid> {
    let mut st = ctx.shared.state.borrow_mut();
    if let Some(owner) = st.names.get(&key) {
        return Err(*owner);
    }
    let Some(p) = st.procs.get_mut(&ctx.pid) else {
        return Ok(());
    };
    p.names.push(key.clone());
    st.names.insert(key, ctx.pid);
    Ok(())
}

/// `Registry.unregister(registry, key)`: only the owner can drop its name.
pub fn unregister(ctx: &Ctx, key: &Term) {
    let mut st = ctx.shared.state.borrow_mut();
    if st.names.get(key) == Some(&ctx.pid) {
        st.names.remove(key);
        if let Some(p) = st.procs.get_mut(&ctx.pid) {
            p.names.retain(|n| n != key);
        }
    }
}

/// `Registry.lookup(registry, key)` / `Process.whereis/1`.
pub fn whereis(ctx: &Ctx, key: &Term) -> Option<Pid> {
    ctx.shared.state.borrow().names.get(key).copied()
}
