use super::*;
use crate::ets::{Table, TableKind};
use crate::{pubsub, registry};
use std::cell::RefCell;
use std::rc::Rc;

#[test]
fn ets_reads_do_not_queue_behind_a_busy_owner() {
    let rt = Runtime::new(1);
    let got = Rc::new(RefCell::new(None));
    let sink = got.clone();
    rt.spawn("owner", Behaviour::Process, move |ctx| async move {
        let table = Table::new(&ctx, TableKind::Set);
        table.insert(&ctx, Term::atom("price"), Term::Int(42));
        ctx.spawn("reader", Behaviour::Process, move |c| async move {
            *sink.borrow_mut() = Some((table.lookup(&c, &Term::atom("price")), c.now()));
            Ok(())
        });
        ctx.sleep(10_000).await;
        Ok(())
    });
    rt.run();
    assert_eq!(*got.borrow(), Some((Some(Term::Int(42)), 0)));
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
                table.insert(&c, Term::Int(k), Term::Int(k * 10));
            }
            *slot.borrow_mut() = Some(table);
            c.send(tx, Term::ok());
            Ok(())
        });
        ctx.receive().await;
        let table = table_slot.borrow().unwrap();
        ctx.sleep(1).await;
        sink.borrow_mut().push(table.len(&ctx));
        Ok(())
    });
    rt.run();
    assert_eq!(*got.borrow(), vec![0], "the owner exited, so the table is gone");

    let rt = Runtime::new(1);
    let rows = Rc::new(RefCell::new(Vec::new()));
    let sink = rows.clone();
    rt.spawn("owner", Behaviour::Process, move |c| async move {
        let table = Table::new(&c, TableKind::OrderedSet);
        for k in [3, 1, 2] {
            table.insert(&c, Term::Int(k), Term::Int(k * 10));
        }
        *sink.borrow_mut() = table.to_list(&c);
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
        registry::register(&ctx, Term::atom("ticker")).ok();
        ctx.sleep(100).await;
        Ok(())
    });
    rt.spawn("second", Behaviour::Process, move |ctx| async move {
        sink.borrow_mut().push(registry::register(&ctx, Term::atom("ticker")));
        ctx.sleep(200).await;
        sink.borrow_mut().push(registry::register(&ctx, Term::atom("ticker")));
        Ok(())
    });
    rt.run();
    assert_eq!(*got.borrow(), vec![Err(first), Ok(())]);
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
