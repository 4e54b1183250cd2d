//! Mirrors of `agent_*.exs`, `ets_*.exs` and `registry_*.exs`: `Agent`, `:ets` tables, `Registry`
//! and servers named through it.

use tasklane_runtime::agent;
use tasklane_runtime::ets::{Badarg, Table, TableKind};
use tasklane_runtime::gen_server::{From, Name};
use tasklane_runtime::prelude::*;
use tasklane_runtime::registry::{self, Keys, Registered};

use super::{Out, Scenario, boolean, down_reason, named, nil};

pub const SCENARIOS: &[(&str, Scenario)] = &[
    ("agent_crash_in_update_exits_agent", agent_crash_in_update_exits_agent),
    ("agent_get_update_get_and_update_cast", agent_get_update_get_and_update_cast),
    ("ets_ordered_set_key_order", ets_ordered_set_key_order),
    ("ets_set_insert_lookup_delete", ets_set_insert_lookup_delete),
    ("ets_table_deleted_when_owner_dies", ets_table_deleted_when_owner_dies),
    ("registry_duplicate_registration_error", registry_duplicate_registration_error),
    ("registry_unique_register_lookup", registry_unique_register_lookup),
    ("registry_unregisters_on_exit", registry_unregisters_on_exit),
    ("registry_via_names_genserver", registry_via_names_genserver),
];

/// `{:ok, pid} = ...start...`
fn started(on_start: OnStart) -> Pid {
    match on_start {
        OnStart::Ok(pid) => pid,
        other => panic!("did not start: {other:?}"),
    }
}

/// Receives the message `atom`.
async fn receive_atom(ctx: &Ctx, atom: &'static str) {
    ctx.receive_match(|m| m.is_atom(atom), None).await;
}

fn agent_crash_in_update_exits_agent(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let agent = agent::start(&ctx, "agent", 0_i64, 0);
        let monitor = ctx.monitor(agent);
        let caught = agent::update_or_exit(&ctx, agent, |_: &mut i64| Err(ExitReason::atom("boom"))).await;
        // {reason, {GenServer, :call, [_agent, _request, ms]}} -> {reason, {GenServer, :call, [:agent, :request, ms]}}
        let reason = caught.expect_err("the update exits").to_term();
        let (Some(why), Some(Term::List(args))) = (reason.elem(0), reason.elem(1).and_then(|call| call.elem(2))) else {
            panic!("not a call's exit: {reason}");
        };
        let call = Term::tuple([
            Term::module("GenServer"),
            Term::atom("call"),
            Term::list([Term::atom("agent"), Term::atom("request"), args[2].clone()]),
        ]);
        out.put("caller_caught", Term::tuple([why.clone(), call]));
        out.put("agent_down", down_reason(&ctx, monitor).await);
        Ok(())
    });
}

fn agent_get_update_get_and_update_cast(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        // The state is an Elixir list: its head first.
        let agent = agent::start_link(&ctx, "agent", vec![Term::Int(1)], 0);
        out.put("get", agent::get(&ctx, agent, |list: &Vec<Term>| Term::list(list.clone())).await?);
        agent::update(&ctx, agent, |list: &mut Vec<Term>| list.insert(0, Term::Int(2))).await?;
        out.put("update", Term::ok());
        out.put("get_after_update", agent::get(&ctx, agent, |list: &Vec<Term>| Term::list(list.clone())).await?);
        let length_then_push = |list: &mut Vec<Term>| {
            let length = list.len() as i64;
            list.insert(0, Term::Int(3));
            Term::Int(length)
        };
        out.put("get_and_update", agent::get_and_update(&ctx, agent, length_then_push).await?);
        agent::cast_taking(&ctx, agent, 100, |list: &mut Vec<Term>| list.insert(0, Term::Int(4)));
        out.put("cast", Term::ok());
        out.t(&ctx);
        let reversed = |list: &Vec<Term>| Term::list(list.iter().rev().cloned());
        out.put("get_after_cast", agent::get(&ctx, agent, reversed).await?);
        out.t(&ctx);
        agent::stop(&ctx, agent).await?;
        out.put("stop", Term::ok());
        out.put("alive", boolean(ctx.is_alive(agent)));
        Ok(())
    });
}

/// `:ets.first/1`, `:ets.next/2` and `:ets.last/1` as Elixir shows them: the key, or `:"$end_of_table"`.
fn key_or_end(key: Option<Term>) -> Term {
    key.unwrap_or(Term::atom("$end_of_table"))
}

/// `:ets.lookup(table, key)`: `[{key, value}]` or `[]`.
fn lookup(ctx: &Ctx, table: Table, key: Term) -> Result<Term, Badarg> {
    let value = table.lookup(ctx, &key)?;
    Ok(Term::list(value.map(|v| Term::tuple([key, v]))))
}

/// `:ets.tab2list(table)`: `[{key, value}, …]`.
fn tab2list(ctx: &Ctx, table: Table) -> Result<Vec<Term>, Badarg> {
    Ok(table.to_list(ctx)?.into_iter().map(|(k, v)| Term::tuple([k, v])).collect())
}

/// `:ets.info(table, :size)`
fn size(ctx: &Ctx, table: Table) -> Term {
    table.info(ctx).map_or(Term::atom("undefined"), |info| Term::Int(info.size as i64))
}

fn ets_ordered_set_key_order(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let table = Table::new(&ctx, TableKind::OrderedSet);
        let rows = [
            (Term::Int(3), "three"),
            (Term::atom("b"), "atom_b"),
            (Term::Int(1), "one"),
            (Term::str("s"), "string"),
            (Term::tuple([Term::Int(0)]), "tuple"),
            (Term::list([Term::Int(1)]), "list"),
            (Term::atom("a"), "atom_a"),
            (Term::Int(2), "two"),
        ];
        table.insert_many(&ctx, rows.map(|(k, v)| (k, Term::atom(v))))?;
        let keys = table.to_list(&ctx)?.into_iter().map(|(k, _)| k);
        out.put("keys_in_order", Term::list(keys));
        let first = key_or_end(table.first(&ctx)?);
        out.put("first", &first);
        out.put("next_after_first", key_or_end(table.next(&ctx, &first)?));
        let last = key_or_end(table.last(&ctx)?);
        out.put("last", &last);
        out.put("next_after_last", key_or_end(table.next(&ctx, &last)?));
        // Tasklane terms have no floats: 1.0 is written 1 (see differences/ets_ordered_set_key_order.out).
        table.insert(&ctx, Term::Int(1), Term::atom("float_one"))?;
        out.put("insert_float_key", boolean(true));
        out.put("lookup_int_key", lookup(&ctx, table, Term::Int(1))?);
        out.put("size", size(&ctx, table));
        let set = Table::new(&ctx, TableKind::Set);
        set.insert_many(&ctx, [(Term::Int(1), Term::atom("int")), (Term::Int(1), Term::atom("float"))])?;
        out.put("set_size_int_and_float", size(&ctx, set));
        Ok(())
    });
}

fn ets_set_insert_lookup_delete(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let table = Table::new(&ctx, TableKind::Set);
        let a = Term::atom("a");
        table.insert(&ctx, a.clone(), Term::Int(1))?;
        out.put("insert", boolean(true));
        out.put("lookup", lookup(&ctx, table, a.clone())?);
        table.insert(&ctx, a.clone(), Term::Int(2))?;
        out.put("insert_overwrite", boolean(true));
        out.put("lookup_after_overwrite", lookup(&ctx, table, a.clone())?);
        out.put("insert_new_existing", boolean(table.insert_new(&ctx, a.clone(), Term::Int(3))?));
        out.put("insert_new_fresh", boolean(table.insert_new(&ctx, Term::atom("b"), Term::Int(3))?));
        table.insert_many(&ctx, [(Term::atom("c"), Term::Int(4)), (Term::atom("d"), Term::Int(5))])?;
        out.put("insert_many", boolean(true));
        out.put("size", size(&ctx, table));
        table.delete(&ctx, &a)?;
        out.put("delete", boolean(true));
        table.delete(&ctx, &Term::atom("zzz"))?;
        out.put("delete_missing", boolean(true));
        out.put("lookup_deleted", lookup(&ctx, table, a)?);
        out.put("member_b", boolean(table.member(&ctx, &Term::atom("b"))?));
        let mut contents = tab2list(&ctx, table)?;
        contents.sort();
        out.put("sorted_contents", Term::list(contents));
        Ok(())
    });
}

fn ets_table_deleted_when_owner_dies(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        let main = ctx.pid();
        let owner = ctx.spawn("owner", Behaviour::Process, move |c| async move {
            Table::new_named(&c, "shared", TableKind::Set)?;
            c.send(main, Term::atom("created"));
            receive_atom(&c, "exit").await;
            Ok(())
        });
        receive_atom(&ctx, "created").await;
        let shared = Table::named("shared");
        shared.insert(&ctx, Term::atom("k"), Term::atom("v"))?;
        out.put("insert_from_other", boolean(true));
        out.put("lookup_from_other", lookup(&ctx, shared, Term::atom("k"))?);
        out.put("owner_is_owner", boolean(shared.info(&ctx).is_some_and(|info| info.owner == owner)));
        let monitor = ctx.monitor(owner);
        ctx.send(owner, Term::atom("exit"));
        out.put("owner_down", down_reason(&ctx, monitor).await);
        // Of a live table's info, only what the runtime keeps: [name:, size:, owner:].
        let info = shared.info(&ctx).map_or(Term::atom("undefined"), |info| {
            let name = info.name.map_or(Term::atom("undefined"), Term::Atom);
            Term::list([
                Term::tuple([Term::atom("name"), name]),
                Term::tuple([Term::atom("size"), Term::Int(info.size as i64)]),
                Term::tuple([Term::atom("owner"), Term::Pid(info.owner)]),
            ])
        });
        out.put("info_after", info);
        let whereis = Table::whereis(&ctx, "shared");
        out.put("whereis_after", whereis.map_or(Term::atom("undefined"), |_| Term::atom("table")));
        out.put("lookup_after", lookup(&ctx, shared, Term::atom("k")).unwrap_or_else(|Badarg| Term::atom("badarg")));
        Ok(())
    });
}

/// The script's `name_of`: `:main` for the script's own pid, `:other` for any other.
fn name_of(pid: Pid, main: Pid) -> Term {
    Term::atom(if pid == main { "main" } else { "other" })
}

/// The script's `normalize`: `{:ok, :owner}` or `{:error, {:already_registered, :main | :other}}`.
fn normalize(registered: Registered, main: Pid) -> Term {
    match registered {
        Registered::Ok(_) => Term::tuple([Term::ok(), Term::atom("owner")]),
        Registered::AlreadyRegistered(pid) => {
            Term::tuple([Term::atom("error"), Term::tuple([Term::atom("already_registered"), name_of(pid, main)])])
        }
    }
}

/// `Registry.lookup(registry, key)` with each pid named by [`name_of`].
fn lookup_named(ctx: &Ctx, registry: &'static str, key: &Term, main: Pid) -> Result<Vec<Term>, Badarg> {
    let entries = registry::lookup(ctx, registry, key)?;
    Ok(entries.into_iter().map(|(pid, value)| Term::tuple([name_of(pid, main), value])).collect())
}

fn registry_duplicate_registration_error(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        started(registry::start_link(&ctx, "unique_reg", Keys::Unique));
        started(registry::start_link(&ctx, "dup_reg", Keys::Duplicate));
        let main = ctx.pid();
        let k = Term::str("k");
        let register =
            |registry: &'static str, value: i64| registry::register(&ctx, registry, k.clone(), Term::Int(value));
        out.put("first", normalize(register("unique_reg", 1)?, main));
        out.put("same_process_again", normalize(register("unique_reg", 2)?, main));
        let task = Task::async_(&ctx, "task", move |t| async move {
            Ok(normalize(registry::register(&t, "unique_reg", Term::str("k"), Term::Int(3))?, main))
        });
        out.put("other_process", task.await_(&ctx, DEFAULT_AWAIT_TIMEOUT).await?);
        out.put("unique_lookup", Term::list(lookup_named(&ctx, "unique_reg", &k, main)?));
        out.put("dup_first", normalize(register("dup_reg", 1)?, main));
        out.put("dup_same_process", normalize(register("dup_reg", 2)?, main));
        let other = ctx.spawn("other", Behaviour::Process, |c| async move {
            registry::register(&c, "dup_reg", Term::str("k"), Term::Int(3))?;
            c.receive_match(|_| false, None).await;
            Ok(())
        });
        ctx.sleep(50).await;
        let mut entries = lookup_named(&ctx, "dup_reg", &k, main)?;
        entries.sort();
        out.put("dup_lookup", Term::list(entries));
        ctx.exit(other, ExitReason::Kill);
        Ok(())
    });
}

fn registry_unique_register_lookup(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        started(registry::start_link(&ctx, "reg", Keys::Unique));
        let (main, alice) = (ctx.pid(), Term::str("alice"));
        let registered = registry::register(&ctx, "reg", alice.clone(), Term::atom("meta"))?;
        out.put("register", normalize(registered, main));
        out.put("lookup", Term::list(lookup_named(&ctx, "reg", &alice, main)?));
        out.put("lookup_missing", Term::list(lookup_named(&ctx, "reg", &Term::str("bob"), main)?));
        out.put("keys", Term::list(registry::keys(&ctx, "reg", main)?));
        out.put("count", Term::Int(registry::count(&ctx, "reg")? as i64));
        let updated = registry::update_value(&ctx, "reg", &alice, |_| Term::atom("new_meta"))?;
        out.put("update_value", updated.map_or(Term::atom("error"), |(new, old)| Term::tuple([new, old])));
        out.put("values", Term::list(registry::values(&ctx, "reg", &alice, main)?));
        registry::unregister(&ctx, "reg", &alice)?;
        out.put("unregister", Term::ok());
        out.put("lookup_after_unregister", Term::list(lookup_named(&ctx, "reg", &alice, main)?));
        registry::unregister(&ctx, "reg", &alice)?;
        out.put("unregister_again", Term::ok());
        Ok(())
    });
}

fn registry_unregisters_on_exit(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        started(registry::start_link(&ctx, "reg", Keys::Unique));
        let (main, key) = (ctx.pid(), Term::str("worker"));
        for reason in ["normal", "boom"] {
            let worker = ctx.spawn("worker", Behaviour::Process, move |c| async move {
                registry::register(&c, "reg", Term::str("worker"), Term::atom(reason))?;
                c.send(main, Term::atom("registered"));
                receive_atom(&c, "exit").await;
                Err(ExitReason::from_term(&Term::atom(reason)))
            });
            receive_atom(&ctx, "registered").await;
            let entries = registry::lookup(&ctx, "reg", &key)?;
            let entries = entries.into_iter().map(|(_, value)| Term::tuple([Term::atom("worker"), value]));
            out.put(&format!("lookup_before_{reason}"), Term::list(entries));
            ctx.send(worker, Term::atom("exit"));
            ctx.sleep(50).await;
            out.put(&format!("lookup_after_{reason}"), Term::list(lookup_named(&ctx, "reg", &key, main)?));
        }
        registry::register(&ctx, "reg", key.clone(), Term::atom("main"))?;
        out.put("taken_again", Term::list(lookup_named(&ctx, "reg", &key, main)?));
        Ok(())
    });
}

/// `Counter`: `init(n)`, `:get` answers `n`, `:inc` casts add one.
struct Counter(i64);
impl GenServer for Counter {
    async fn handle_call(&mut self, _ctx: &Ctx, _request: Term, _from: From) -> Result<CallReply, ExitReason> {
        Ok(CallReply::Reply(Term::Int(self.0)))
    }
    async fn handle_cast(&mut self, _ctx: &Ctx, _request: Term) -> ProcResult {
        self.0 += 1;
        Ok(())
    }
}

fn registry_via_names_genserver(rt: &Runtime, out: Out) {
    rt.spawn("script", Behaviour::Process, |ctx| async move {
        started(registry::start_link(&ctx, "reg", Keys::Unique));
        let name = Name::via("reg", Term::str("counter"));
        let first = started(gen_server::start(&ctx, "counter", Some(name.clone()), Counter(10)).await);
        out.put("whereis_is_first", boolean(gen_server::whereis(&ctx, &name) == Some(first)));
        let [(pid, value)] = &registry::lookup(&ctx, "reg", &Term::str("counter"))?[..] else {
            panic!("one entry");
        };
        out.put("lookup_pid_is_first", boolean(*pid == first));
        out.put("lookup_value", value);
        gen_server::cast(&ctx, name.clone(), Term::atom("inc"));
        out.put(
            "call",
            gen_server::call(&ctx, name.clone(), Term::atom("get"), gen_server::DEFAULT_CALL_TIMEOUT).await?,
        );
        let second = gen_server::start(&ctx, "counter", Some(name.clone()), Counter(0)).await;
        out.put("second_start", named(&second.to_term(), &[(first, "first")]));
        gen_server::stop(&ctx, first, ExitReason::Normal).await?;
        ctx.sleep(50).await;
        out.put("whereis_after_stop", gen_server::whereis(&ctx, &name).map_or_else(nil, Term::Pid));
        let after_stop = gen_server::call(&ctx, name, Term::atom("get"), 1000).await;
        out.put("call_after_stop", after_stop.expect_err("no server under the name"));
        Ok(())
    });
}
