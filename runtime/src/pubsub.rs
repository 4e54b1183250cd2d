//! Topics (`Phoenix.PubSub`): subscribe the calling process, broadcast to every subscriber.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::pid::Pid;
use super::process::Ctx;
use super::term::Term;

/// Each topic's subscribers in subscription order, and each subscriber's topics (dropped when it exits).
#[derive(Default)]
pub(crate) struct Topics {
    subscribers: BTreeMap<Term, Vec<Pid>>,
    by_pid: FxHashMap<Pid, Vec<Term>>,
}

impl Topics {
    pub(crate) fn on_exit(&mut self, pid: Pid) {
        if self.by_pid.is_empty() {
            return;
        }
        for topic in self.by_pid.remove(&pid).unwrap_or_default() {
            if let Some(subs) = self.subscribers.get_mut(&topic) {
                subs.retain(|p| *p != pid);
            }
        }
    }
}

/// `Phoenix.PubSub.subscribe(pubsub, topic)`: idempotent; dropped when the process exits.
pub fn subscribe(ctx: &Ctx, topic: Term) {
    let mut st = ctx.shared.state.borrow_mut();
    if !st.alive(ctx.pid) {
        return;
    }
    let topics = &mut st.topics;
    let mine = topics.by_pid.entry(ctx.pid).or_default();
    if mine.contains(&topic) {
        return;
    }
    mine.push(topic.clone());
    topics.subscribers.entry(topic).or_default().push(ctx.pid);
}

/// `Phoenix.PubSub.unsubscribe(pubsub, topic)`
pub fn unsubscribe(ctx: &Ctx, topic: &Term) {
    let mut st = ctx.shared.state.borrow_mut();
    let topics = &mut st.topics;
    if let Some(subs) = topics.subscribers.get_mut(topic) {
        subs.retain(|p| *p != ctx.pid);
    }
    if let Some(mine) = topics.by_pid.get_mut(&ctx.pid) {
        mine.retain(|t| t != topic);
    }
}

/// `Phoenix.PubSub.broadcast(pubsub, topic, msg)`: one message to each subscriber, in subscription
/// order; the number of subscribers reached.
pub fn broadcast(ctx: &Ctx, topic: &Term, msg: Term) -> usize {
    let subscribers = ctx.shared.state.borrow().topics.subscribers.get(topic).cloned().unwrap_or_default();
    for pid in &subscribers {
        ctx.send(*pid, msg.clone());
    }
    subscribers.len()
}
