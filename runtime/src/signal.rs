//! Links, monitors and exit signals (`Process.link/1`, `Process.monitor/1`, `Process.exit/2`, `:trap_exit`).

use std::collections::VecDeque;
use std::rc::Rc;

use super::exit::ExitReason;
use super::pid::{OUTSIDE, Pid, Ref};
use super::scheduler::{Shared, State};
use super::term::Term;
use super::trace::EventKind;

impl State {
    pub(crate) fn link(&mut self, a: Pid, b: Pid) {
        if !self.alive(a) || a == b {
            return;
        }
        if !self.alive(b) {
            self.exit_signal(Some(b), a, ExitReason::Noproc);
            return;
        }
        let pa = self.procs.get_mut(&a).expect("alive");
        if !pa.add_link(b) {
            return;
        }
        self.procs.get_mut(&b).expect("alive").add_link(a);
        self.record(a, EventKind::Link { other: b });
    }

    pub(crate) fn unlink(&mut self, a: Pid, b: Pid) {
        let mut removed = false;
        for (x, y) in [(a, b), (b, a)] {
            if let Some(p) = self.procs.get_mut(&x) {
                removed |= p.remove_link(y);
            }
        }
        if removed {
            self.record(a, EventKind::Unlink { other: b });
        }
    }

    pub(crate) fn monitor(&mut self, watcher: Pid, target: Pid, monitor: Ref) {
        if !self.alive(watcher) {
            return;
        }
        self.record(watcher, EventKind::Monitor { target, monitor });
        match self.procs.get_mut(&target) {
            Some(t) => {
                t.add_monitored_by(monitor, watcher);
                self.procs.get_mut(&watcher).expect("alive").monitors.insert(monitor, target);
            }
            None => self.down(watcher, monitor, target, &ExitReason::Noproc),
        }
    }

    fn down(&mut self, watcher: Pid, monitor: Ref, target: Pid, reason: &ExitReason) {
        if !self.alive(watcher) {
            return;
        }
        self.record(watcher, EventKind::Down { target, monitor, reason: reason.clone() });
        let msg = Term::tuple([
            Term::atom("DOWN"),
            Term::Ref(monitor),
            Term::atom("process"),
            Term::Pid(target),
            reason.to_term(),
        ]);
        self.deliver(Some(target), watcher, msg);
    }

    /// Removes `watcher`'s monitor (and with `flush` its `:DOWN` if already delivered); true if it was active.
    pub(crate) fn demonitor(&mut self, watcher: Pid, monitor: Ref, flush: bool) -> bool {
        let Some(w) = self.procs.get_mut(&watcher) else {
            return false;
        };
        let target = w.monitors.remove(&monitor);
        if let Some(t) = target.and_then(|t| self.procs.get_mut(&t)) {
            t.remove_monitored_by(monitor);
        }
        if !flush {
            return target.is_some();
        }
        let w = self.procs.get_mut(&watcher).expect("alive");
        let down = w.mailbox.iter().position(|e| e.msg.is_down_of(monitor));
        if let Some(i) = down {
            w.mailbox.remove(i);
        }
        target.is_some()
    }

    /// Delivers an exit signal from `from` to `to`, as `Process.exit/2` and links do.
    pub(crate) fn exit_signal(&mut self, from: Option<Pid>, to: Pid, reason: ExitReason) {
        let Some(p) = self.procs.get(&to) else { return };
        match reason {
            ExitReason::Kill => self.terminate(to, ExitReason::Killed),
            reason if p.trap_exit => {
                let msg = Term::tuple([Term::atom("EXIT"), Term::Pid(from.unwrap_or(OUTSIDE)), reason.to_term()]);
                self.deliver(from, to, msg);
            }
            ExitReason::Normal if from != Some(to) => {}
            reason => self.terminate(to, reason),
        }
    }

    /// Ends `pid` with `reason`, then propagates: timers addressed to it are cancelled, its names,
    /// registry entries, subscriptions and tables go, links get exit signals and then monitors get `:DOWN` (the
    /// BEAM's order: a process that both links and monitors sees the `:EXIT` first).
    pub(crate) fn terminate(&mut self, pid: Pid, reason: ExitReason) {
        let mut pending = VecDeque::from([(pid, reason)]);
        while let Some((pid, reason)) = pending.pop_front() {
            let Some(mut proc) = self.procs.remove(&pid) else {
                continue;
            };
            if let Some(f) = proc.future.take() {
                self.graveyard.push(f);
            }
            self.cancel_timers_of(pid, proc.wake.take());
            self.record(pid, EventKind::Exit { reason: reason.clone() });
            self.names.on_exit(pid);
            self.topics.on_exit(pid);
            self.tables.on_exit(pid);
            self.ports.on_exit(pid);
            for (monitor, target) in &proc.monitors {
                if let Some(t) = self.procs.get_mut(target) {
                    t.remove_monitored_by(*monitor);
                }
            }
            for other in &proc.links {
                let Some(o) = self.procs.get_mut(other) else {
                    continue;
                };
                o.remove_link(pid);
                if o.trap_exit {
                    let msg = Term::tuple([Term::atom("EXIT"), Term::Pid(pid), reason.to_term()]);
                    self.deliver(Some(pid), *other, msg);
                } else if reason != ExitReason::Normal {
                    pending.push_back((*other, reason.clone()));
                }
            }
            for &(monitor, watcher) in &proc.monitored_by {
                if let Some(w) = self.procs.get_mut(&watcher) {
                    w.monitors.remove(&monitor);
                }
                self.down(watcher, monitor, pid, &reason);
            }
        }
    }
}

impl Shared {
    /// An exit signal from outside a borrow; a signal from a dead process is not sent.
    pub(crate) fn exit_signal(shared: &Rc<Shared>, from: Option<Pid>, to: Pid, reason: ExitReason) {
        Shared::with_state(shared, |st| {
            if from.is_none_or(|f| st.alive(f) || f == OUTSIDE) {
                st.exit_signal(from, to, reason)
            }
        });
    }
}
