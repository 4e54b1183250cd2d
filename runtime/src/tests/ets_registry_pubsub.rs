use super::*;
use crate::ets::{Badarg, Table, TableKind};
use crate::pubsub;
use crate::registry::{self, Keys, Registered};
use std::cell::RefCell;
use std::rc::Rc;

#[test]
fn ets_reads_do_not_queue_behind_a_busy_owner() {
    let rt = Runtime::new(1);
    let got = Rc::new(RefCell::new(None));
    let sink = got.clone();
    rt.spawn("owner", Behaviour::Process, move |ctx| async move {
        let table = Table::new(&ctx, TableKind::Set);
        table.insert(&ctx, Term::atom("price"), Term::Int(42))?;
        ctx.spawn("reader", Behaviour::Process, move |c| async move {
            *sink.borrow_mut() = Some((table.lookup(&c, &Term::atom("price")), c.now()));
            Ok(())
        });
        ctx.sleep(10_000).await;
        Ok(())
    });
    rt.run();
    assert_eq!(*got.borrow(), Some((Ok(Some(Term::Int(42))), 0)));
}

#[test]
fn ordered_set_lists_rows_in_key_order_and_the_table_dies_with_its_owner() {
    let rt = Runtime::new(1);
    let got = Rc::new(RefCell::new(Vec::new()));
    let sink = got.clone();
    rt.spawn("main", Behaviour::Process, move |ctx| async move {
        let (tx, table_slot) = (ctx.pid(), Rc::new(RefCell::new(None)));
        let slot = table_slot.clone();
        ctx.spawn("owner", Behaviour::Process, move |c| async move {
            let table = Table::new(&c, TableKind::OrderedSet);
            for k in [3, 1, 2] {
                table.insert(&c, Term::Int(k), Term::Int(k * 10))?;
            }
            *slot.borrow_mut() = Some(table);
            c.send(tx, Term::ok());
            Ok(())
        });
        ctx.receive().await;
        let table = table_slot.borrow().unwrap();
        ctx.sleep(1).await;
        sink.borrow_mut().push((table.info(&ctx), table.lookup(&ctx, &Term::Int(1))));
        Ok(())
    });
    rt.run();
    assert_eq!(*got.borrow(), vec![(None, Err(Badarg))], "the owner exited, so the table is gone");

    let rt = Runtime::new(1);
    let rows = Rc::new(RefCell::new(Vec::new()));
    let sink = rows.clone();
    rt.spawn("owner", Behaviour::Process, move |c| async move {
        let table = Table::new(&c, TableKind::OrderedSet);
        table.insert_many(&c, [3, 1, 2].map(|k| (Term::Int(k), Term::Int(k * 10))))?;
        *sink.borrow_mut() = table.to_list(&c)?;
        Ok(())
    });
    rt.run();
    let keys: Vec<Term> = rows.borrow().iter().map(|(k, _)| k.clone()).collect();
    assert_eq!(keys, vec![Term::Int(1), Term::Int(2), Term::Int(3)]);
}

#[test]
fn a_unique_name_is_refused_while_held_and_freed_on_exit() {
    let rt = Runtime::new(1);
    let got = Rc::new(RefCell::new(Vec::new()));
    let sink = got.clone();
    let first = rt.spawn("first", Behaviour::Process, |ctx| async move {
        ctx.register("ticker").ok();
        ctx.sleep(100).await;
        Ok(())
    });
    rt.spawn("second", Behaviour::Process, move |ctx| async move {
        sink.borrow_mut().push(ctx.register("ticker"));
        ctx.sleep(200).await;
        sink.borrow_mut().push(ctx.register("ticker"));
        Ok(())
    });
    rt.run();
    assert_eq!(*got.borrow(), vec![Err(first), Ok(())]);
}

#[test]
fn a_named_table_is_found_by_name_until_its_owner_exits_then_the_name_is_free() {
    let rt = Runtime::new(1);
    let got = Rc::new(RefCell::new(Vec::new()));
    let sink = got.clone();
    rt.spawn("main", Behaviour::Process, move |ctx| async move {
        let main = ctx.pid();
        ctx.spawn("owner", Behaviour::Process, move |c| async move {
            Table::new_named(&c, "prices", TableKind::Set)?;
            Table::named("prices").insert(&c, Term::atom("eur"), Term::Int(1))?;
            c.send(main, Term::ok());
            c.receive().await;
            Ok(())
        });
        ctx.receive().await;
        let prices = Table::named("prices");
        let taken = Table::new_named(&ctx, "prices", TableKind::Set);
        let whereis_is_some = Table::whereis(&ctx, "prices").is_some();
        sink.borrow_mut().push((taken.err(), whereis_is_some, prices.lookup(&ctx, &Term::atom("eur"))));
        let owner = prices.info(&ctx).map(|info| info.owner).expect("the table exists");
        ctx.send(owner, Term::atom("exit"));
        ctx.sleep(1).await;
        let again = Table::new_named(&ctx, "prices", TableKind::Set);
        sink.borrow_mut().push((
            again.err(),
            Table::whereis(&ctx, "prices").is_some(),
            prices.lookup(&ctx, &Term::atom("eur")),
        ));
        Ok(())
    });
    rt.run();
    assert_eq!(
        *got.borrow(),
        vec![(Some(Badarg), true, Ok(Some(Term::Int(1)))), (None, true, Ok(None))],
        "a second table of a taken name is refused; once the owner exits the name names a new, empty table"
    );
}

#[test]
fn a_duplicate_registry_drops_the_entries_of_an_exiting_process_and_all_entries_with_the_registry() {
    let rt = Runtime::new(1);
    let got = Rc::new(RefCell::new(Vec::new()));
    let sink = got.clone();
    rt.spawn("main", Behaviour::Process, move |ctx| async move {
        let topic = Term::str("prices");
        let registry = ctx.spawn("registry_owner", Behaviour::Process, |c| async move {
            registry::start_link(&c, "subscribers", Keys::Duplicate);
            c.receive().await;
            Ok(())
        });
        ctx.sleep(1).await;
        for i in 1..=2 {
            assert!(matches!(registry::register(&ctx, "subscribers", topic.clone(), Term::Int(i))?, Registered::Ok(_)));
        }
        let t = topic.clone();
        let other = ctx.spawn("other", Behaviour::Process, move |c| async move {
            registry::register(&c, "subscribers", t, Term::Int(3))?;
            c.receive().await;
            Ok(())
        });
        ctx.sleep(1).await;
        sink.borrow_mut().push(registry::count(&ctx, "subscribers"));
        ctx.exit(other, ExitReason::Kill);
        let values = registry::lookup(&ctx, "subscribers", &topic)?.into_iter().map(|(_, v)| v).collect::<Vec<_>>();
        assert_eq!(values, vec![Term::Int(1), Term::Int(2)]);
        sink.borrow_mut().push(registry::count(&ctx, "subscribers"));
        ctx.send(registry, Term::atom("exit"));
        ctx.sleep(1).await;
        sink.borrow_mut().push(registry::count(&ctx, "subscribers"));
        Ok(())
    });
    rt.run();
    assert_eq!(*got.borrow(), vec![Ok(3), Ok(2), Err(Badarg)], "the registry went with its owner's exit");
}

#[test]
fn broadcast_reaches_every_live_subscriber_in_order() {
    let rt = Runtime::new(1);
    let got = Rc::new(RefCell::new(Vec::new()));
    for name in ["a", "b", "c"] {
        let sink = got.clone();
        rt.spawn(name, Behaviour::Process, move |ctx| async move {
            pubsub::subscribe(&ctx, Term::str("prices"));
            if name == "b" {
                return Ok(());
            }
            let msg = ctx.receive().await;
            sink.borrow_mut().push((name, msg));
            Ok(())
        });
    }
    let reached = Rc::new(RefCell::new(0));
    let count = reached.clone();
    rt.spawn("publisher", Behaviour::Process, move |ctx| async move {
        ctx.sleep(5).await;
        *count.borrow_mut() = pubsub::broadcast(&ctx, &Term::str("prices"), Term::Int(101));
        Ok(())
    });
    rt.run();
    assert_eq!(*reached.borrow(), 2, "the subscriber that exited was dropped");
    assert_eq!(*got.borrow(), vec![("a", Term::Int(101)), ("c", Term::Int(101))]);
}
