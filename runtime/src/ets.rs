//! ETS tables (Erlang's `:ets`): `set` and `ordered_set`, read and written in place by any process.
//!
//! A table lives outside every mailbox, so a read never waits behind another process's work,
//! as with a `:public` table. It is deleted when its owner exits. Rows iterate in term order
//! for both kinds (OTP leaves a `set`'s order unspecified; ours is fixed so runs replay exactly).

use std::collections::BTreeMap;

use super::process::Ctx;
use super::term::Term;

/// `:set` or `:ordered_set`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableKind {
    Set,
    OrderedSet,
}

pub(crate) struct TableData {
    kind: TableKind,
    rows: BTreeMap<Term, Term>,
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
        st.tables.insert(id, TableData { kind, rows: BTreeMap::new() });
        if let Some(p) = st.procs.get_mut(&ctx.pid) {
            p.tables.push(id);
        }
        Table { id }
    }

    /// The table's kind, or `None` once its owner has exited.
    pub fn kind(&self, ctx: &Ctx) -> Option<TableKind> {
        ctx.shared.state.borrow().tables.get(&self.id).map(|t| t.kind)
    }

    /// `:ets.insert(table, {key, value})`: false if the table is gone.
    pub fn insert(&self, ctx: &Ctx, key: Term, value: Term) -> bool {
        match ctx.shared.state.borrow_mut().tables.get_mut(&self.id) {
            Some(t) => {
                t.rows.insert(key, value);
                true
            }
            None => false,
        }
    }

    /// `:ets.lookup(table, key)`
    pub fn lookup(&self, ctx: &Ctx, key: &Term) -> Option<Term> {
        ctx.shared.state.borrow().tables.get(&self.id)?.rows.get(key).cloned()
    }

    /// `:ets.delete(table, key)`
    pub fn delete(&self, ctx: &Ctx, key: &Term) {
        if let Some(t) = ctx.shared.state.borrow_mut().tables.get_mut(&self.id) {
            t.rows.remove(key);
        }
    }

    /// `:ets.tab2list(table)`: every `(key, value)`, in key order.
    pub fn to_list(&self, ctx: &Ctx) -> Vec<(Term, Term)> {
        let st = ctx.shared.state.borrow();
        st.tables
            .get(&self.id)
            .map(|t| t.rows.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default()
    }

    /// `:ets.info(table, :size)`
    pub fn len(&self, ctx: &Ctx) -> usize {
        ctx.shared.state.borrow().tables.get(&self.id).map_or(0, |t| t.rows.len())
    }

    pub fn is_empty(&self, ctx: &Ctx) -> bool {
        self.len(ctx) == 0
    }
}
