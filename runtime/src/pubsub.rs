//! Topics (`Phoenix.PubSub`): subscribe the calling process, broadcast to every subscriber.

use super::process::Ctx;
use super::term::Term;

/// `Phoenix.PubSub.subscribe(pubsub, topic)`: idempotent; dropped when the process exits.
pub fn subscribe(ctx: &Ctx, topic: Term) {
    let mut st = ctx.shared.state.borrow_mut();
    let Some(p) = st.procs.get_mut(&ctx.pid) else {
        return;
    };
    if p.topics.contains(&topic) {
        return;
    }
    p.topics.push(topic.clone());
    st.topics.entry(topic).or_default().push(ctx.pid);
}

/// `Phoenix.PubSub.unsubscribe(pubsub, topic)`
pub fn unsubscribe(ctx: &Ctx, topic: &Term) {
    let mut st = ctx.shared.state.borrow_mut();
    if let Some(subs) = st.topics.get_mut(topic) {
        subs.retain(|p| *p != ctx.pid);
    }
    if let Some(p) = st.procs.get_mut(&ctx.pid) {
        p.topics.retain(|t| t != topic);
    }
}

/// `Phoenix.PubSub.broadcast(pubsub, topic, msg)`: one message to each subscriber, in subscription
/// order; the number of subscribers reached.
pub fn broadcast(ctx: &Ctx, topic: &Term, msg: Term) -> usize {
    let subscribers = ctx.shared.state.borrow().topics.get(topic).cloned().unwrap_or_default();
    for pid in &subscribers {
        ctx.send(*pid, msg.clone());
    }
    subscribers.len()
}
