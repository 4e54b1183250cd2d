//! ETS tables (Erlang's `:ets`): `set` and `ordered_set`, read and written in place by any process.
//!
//! A table lives outside every mailbox, so a read never waits behind another process's work,
//! as with a `:public` table. It is deleted when its owner exits; using it afterwards is a
//! `badarg`, as in OTP. Rows are `{key, value}` pairs, one per key, and iterate in term order for
//! both kinds (OTP leaves a `set`'s order unspecified; ours is fixed so runs replay exactly).

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Bound;

use rustc_hash::FxHashMap;

use super::atom::Atom;
use super::exit::ExitReason;
use super::pid::Pid;
use super::process::Ctx;
use super::term::Term;

/// `:set` or `:ordered_set`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableKind {
    Set,
    OrderedSet,
}

/// The `ArgumentError` (Erlang's `badarg`) that `:ets` raises for a table that does not exist,
/// and `Registry` for a registry that does not exist (its entries are ETS tables in OTP).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Badarg;

impl fmt::Display for Badarg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(":badarg")
    }
}

/// Left uncaught, a `badarg` exits the process (with reason `{:badarg, stacktrace}` in OTP; the
/// stacktrace is left out here).
impl From<Badarg> for ExitReason {
    fn from(_: Badarg) -> Self {
        ExitReason::atom("badarg")
    }
}

/// `:ets.info(table)`: what a live table is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Info {
    pub kind: TableKind,
    /// `:owner`: the process whose exit deletes the table.
    pub owner: Pid,
    /// `:size`: the number of rows.
    pub size: usize,
    /// `:name`, for a `:named_table`.
    pub name: Option<Atom>,
}

struct TableData {
    kind: TableKind,
    owner: Pid,
    name: Option<Atom>,
    rows: BTreeMap<Term, Term>,
}

/// Every table by id, and the tables each process owns (deleted when it exits).
#[derive(Default)]
pub(crate) struct Tables {
    /// In order of id (ids only grow), found by bisection, a named one by its name: a run has a few
    /// tables, and a list compiles no map types of its own into the bundle as `BTreeMap`s would.
    tables: Vec<(u64, TableData)>,
    by_owner: FxHashMap<Pid, Vec<u64>>,
}

impl Tables {
    fn position(&self, table: Table) -> Option<usize> {
        match table.0 {
            Tid::Id(id) => self.tables.binary_search_by_key(&id, |(id, _)| *id).ok(),
            Tid::Named(name) => self.tables.iter().position(|(_, t)| t.name == Some(name)),
        }
    }

    fn id(&self, table: Table) -> Option<u64> {
        self.position(table).map(|i| self.tables[i].0)
    }

    fn get(&self, table: Table) -> Result<&TableData, Badarg> {
        self.position(table).map(|i| &self.tables[i].1).ok_or(Badarg)
    }

    fn get_mut(&mut self, table: Table) -> Result<&mut TableData, Badarg> {
        let i = self.position(table).ok_or(Badarg)?;
        Ok(&mut self.tables[i].1)
    }

    fn create(&mut self, id: u64, owner: Pid, name: Option<Atom>, kind: TableKind) {
        self.tables.push((id, TableData { kind, owner, name, rows: BTreeMap::new() }));
        self.by_owner.entry(owner).or_default().push(id);
    }

    pub(crate) fn on_exit(&mut self, pid: Pid) {
        if self.by_owner.is_empty() {
            return;
        }
        for id in self.by_owner.remove(&pid).unwrap_or_default() {
            if let Some(i) = self.position(Table(Tid::Id(id))) {
                self.tables.remove(i);
            }
        }
    }
}

/// A table as `:ets` functions take it: the id `:ets.new/2` returns, or a `:named_table`'s name,
/// looked up at each use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Table(Tid);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tid {
    Id(u64),
    Named(Atom),
}

impl Table {
    /// The table named `name` (a `:named_table`), as `:ets` functions take the name itself.
    pub fn named(name: impl Into<Atom>) -> Table {
        Table(Tid::Named(name.into()))
    }

    /// `:ets.new(name, [kind, :public])`, owned by the calling process.
    pub fn new(ctx: &Ctx, kind: TableKind) -> Table {
        let mut st = ctx.shared.state.borrow_mut();
        let id = st.make_ref().0;
        if st.alive(ctx.pid) {
            st.tables.create(id, ctx.pid, None, kind);
        }
        Table(Tid::Id(id))
    }

    /// `:ets.new(name, [:named_table, kind, :public])`: found by `name` from any process
    /// ([`Table::named`]); `badarg` while a table of that name exists.
    pub fn new_named(ctx: &Ctx, name: impl Into<Atom>, kind: TableKind) -> Result<Table, Badarg> {
        let name = name.into();
        let mut st = ctx.shared.state.borrow_mut();
        if st.tables.position(Table::named(name)).is_some() {
            return Err(Badarg);
        }
        let id = st.make_ref().0;
        if st.alive(ctx.pid) {
            st.tables.create(id, ctx.pid, Some(name), kind);
        }
        Ok(Table::named(name))
    }

    /// `:ets.whereis(name)`: the named table's id, `None` (`:undefined`) if there is none.
    pub fn whereis(ctx: &Ctx, name: impl Into<Atom>) -> Option<Table> {
        ctx.shared.state.borrow().tables.id(Table::named(name)).map(|id| Table(Tid::Id(id)))
    }

    /// `:ets.info(table)`: `None` (`:undefined`) once the table is gone.
    pub fn info(&self, ctx: &Ctx) -> Option<Info> {
        let st = ctx.shared.state.borrow();
        let t = st.tables.get(*self).ok()?;
        Some(Info { kind: t.kind, owner: t.owner, size: t.rows.len(), name: t.name })
    }

    /// `:ets.insert(table, {key, value})`: replaces the row of `key`.
    pub fn insert(&self, ctx: &Ctx, key: Term, value: Term) -> Result<(), Badarg> {
        self.insert_many(ctx, [(key, value)])
    }

    /// `:ets.insert(table, [{key, value}, …])`: every row, in one call.
    pub fn insert_many(&self, ctx: &Ctx, rows: impl IntoIterator<Item = (Term, Term)>) -> Result<(), Badarg> {
        let mut st = ctx.shared.state.borrow_mut();
        st.tables.get_mut(*self)?.rows.extend(rows);
        Ok(())
    }

    /// `:ets.insert_new(table, {key, value})`: false, changing nothing, if `key` has a row.
    pub fn insert_new(&self, ctx: &Ctx, key: Term, value: Term) -> Result<bool, Badarg> {
        let mut st = ctx.shared.state.borrow_mut();
        let table = st.tables.get_mut(*self)?;
        if table.rows.contains_key(&key) {
            return Ok(false);
        }
        table.rows.insert(key, value);
        Ok(true)
    }

    /// `:ets.lookup(table, key)`: the value of `key`'s row (`[{key, value}]`), `None` for `[]`.
    pub fn lookup(&self, ctx: &Ctx, key: &Term) -> Result<Option<Term>, Badarg> {
        Ok(ctx.shared.state.borrow().tables.get(*self)?.rows.get(key).cloned())
    }

    /// `:ets.member(table, key)`
    pub fn member(&self, ctx: &Ctx, key: &Term) -> Result<bool, Badarg> {
        Ok(ctx.shared.state.borrow().tables.get(*self)?.rows.contains_key(key))
    }

    /// `:ets.delete(table, key)`: removes `key`'s row, if there is one (`true` either way in OTP).
    pub fn delete(&self, ctx: &Ctx, key: &Term) -> Result<(), Badarg> {
        ctx.shared.state.borrow_mut().tables.get_mut(*self)?.rows.remove(key);
        Ok(())
    }

    /// `:ets.first(table)`: the smallest key, `None` for `:"$end_of_table"`.
    pub fn first(&self, ctx: &Ctx) -> Result<Option<Term>, Badarg> {
        Ok(ctx.shared.state.borrow().tables.get(*self)?.rows.keys().next().cloned())
    }

    /// `:ets.last(table)`: the largest key, `None` for `:"$end_of_table"`.
    pub fn last(&self, ctx: &Ctx) -> Result<Option<Term>, Badarg> {
        Ok(ctx.shared.state.borrow().tables.get(*self)?.rows.keys().next_back().cloned())
    }

    /// `:ets.next(table, key)`: the smallest key after `key`, `None` for `:"$end_of_table"`.
    pub fn next(&self, ctx: &Ctx, key: &Term) -> Result<Option<Term>, Badarg> {
        let st = ctx.shared.state.borrow();
        let table = st.tables.get(*self)?;
        Ok(table.rows.range((Bound::Excluded(key), Bound::Unbounded)).next().map(|(k, _)| k.clone()))
    }

    /// `:ets.tab2list(table)`: every `(key, value)`, in key order.
    pub fn to_list(&self, ctx: &Ctx) -> Result<Vec<(Term, Term)>, Badarg> {
        let st = ctx.shared.state.borrow();
        Ok(st.tables.get(*self)?.rows.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
    }
}
