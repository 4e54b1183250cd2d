use super::*;
use crate::agent;
use std::cell::RefCell;
use std::rc::Rc;

#[test]
fn agent_serves_requests_in_order() {
    let rt = Runtime::new(1);
    let got = Rc::new(RefCell::new(None));
    let sink = got.clone();
    rt.spawn("owner", Behaviour::Process, move |ctx| async move {
        let store = agent::start_link(&ctx, "store", Vec::<i64>::new(), 10);
        let clients: Vec<Task> = (0..5)
            .map(|i| {
                Task::async_(&ctx, "client", move |c| async move {
                    agent::update(&c, store, move |v: &mut Vec<i64>| v.push(i)).await?;
                    Ok(Term::Int(c.now() as i64))
                })
            })
            .collect();
        let finished = Task::await_many(&ctx, &clients, 5000).await?;
        let contents = agent::get(&ctx, store, |v: &Vec<i64>| Term::list(v.iter().map(|i| Term::Int(*i)))).await?;
        *sink.borrow_mut() = Some((contents, finished));
        Ok(())
    });
    rt.run();
    let (contents, finished) = got.borrow().clone().unwrap();
    assert_eq!(contents, Term::list((0..5).map(Term::Int)));
    assert_eq!(
        finished,
        [10, 20, 30, 40, 50].into_iter().map(Term::Int).collect::<Vec<_>>(),
        "each request waits for the ones before it"
    );
}
