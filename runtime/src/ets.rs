//! ETS tables (Erlang's `:ets`): `set` and `ordered_set`, read and written in place by any process.
//!
//! A table lives outside every mailbox, so a read never waits behind another process's work,
//! as with a `:public` table. It is deleted when its owner exits. Rows iterate in term order
//! for both kinds (OTP leaves a `set`'s order unspecified; ours is fixed so runs replay exactly).

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::pid::Pid;
use super::process::Ctx;
use super::term::Term;

/// `:set` or `:ordered_set`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableKind {
    Set,
    OrderedSet,
}

struct TableData {
    kind: TableKind,
    rows: BTreeMap<Term, Term>,
}

/// Every table by id, and the tables each process owns (deleted when it exits).
#[derive(Default)]
pub(crate) struct Tables {
    tables: BTreeMap<u64, TableData>,
    by_owner: FxHashMap<Pid, Vec<u64>>,
}

impl Tables {
    fn get(&self, id: u64) -> Option<&TableData> {
        self.tables.get(&id)
    }

    fn get_mut(&mut self, id: u64) -> Option<&mut TableData> {
        self.tables.get_mut(&id)
    }

    pub(crate) fn on_exit(&mut self, pid: Pid) {
        if self.by_owner.is_empty() {
            return;
        }
        for id in self.by_owner.remove(&pid).unwrap_or_default() {
            self.tables.remove(&id);
        }
    }
}

/// A handle on a table, as returned by `:ets.new/2`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Table {
    id: u64,
}

impl Table {
    /// `:ets.new(name, [kind, :public])`, owned by the calling process.
    pub fn new(ctx: &Ctx, kind: TableKind) -> Table {
        let mut st = ctx.shared.state.borrow_mut();
        let id = st.make_ref().0;
        if st.alive(ctx.pid) {
            st.tables.tables.insert(id, TableData { kind, rows: BTreeMap::new() });
            st.tables.by_owner.entry(ctx.pid).or_default().push(id);
        }
        Table { id }
    }

    /// The table's kind, or `None` once its owner has exited.
    pub fn kind(&self, ctx: &Ctx) -> Option<TableKind> {
        ctx.shared.state.borrow().tables.get(self.id).map(|t| t.kind)
    }

    /// `:ets.insert(table, {key, value})`: false if the table is gone.
    pub fn insert(&self, ctx: &Ctx, key: Term, value: Term) -> bool {
        match ctx.shared.state.borrow_mut().tables.get_mut(self.id) {
            Some(t) => {
                t.rows.insert(key, value);
                true
            }
            None => false,
        }
    }

    /// `:ets.lookup(table, key)`
    pub fn lookup(&self, ctx: &Ctx, key: &Term) -> Option<Term> {
        ctx.shared.state.borrow().tables.get(self.id)?.rows.get(key).cloned()
    }

    /// `:ets.delete(table, key)`
    pub fn delete(&self, ctx: &Ctx, key: &Term) {
        if let Some(t) = ctx.shared.state.borrow_mut().tables.get_mut(self.id) {
            t.rows.remove(key);
        }
    }

    /// `:ets.tab2list(table)`: every `(key, value)`, in key order.
    pub fn to_list(&self, ctx: &Ctx) -> Vec<(Term, Term)> {
        let st = ctx.shared.state.borrow();
        st.tables.get(self.id).map(|t| t.rows.iter().map(|(k, v)| (k.clone(), v.clone())).collect()).unwrap_or_default()
    }

    /// `:ets.info(table, :size)`
    pub fn len(&self, ctx: &Ctx) -> usize {
        ctx.shared.state.borrow().tables.get(self.id).map_or(0, |t| t.rows.len())
    }

    pub fn is_empty(&self, ctx: &Ctx) -> bool {
        self.len(ctx) == 0
    }
}
