//! Timers (`Process.send_after/3`, `Process.cancel_timer/1`, `:timer.send_interval/3`) on the virtual clock.

use super::process::{Ctx, Pid};
use super::term::{Ref, Term};

impl Ctx {
    /// `Process.send_after(dest, msg, ms)`: a timer reference for [`Ctx::cancel_timer`].
    pub fn send_after(&self, to: Pid, msg: Term, ms: u64) -> Ref {
        self.shared.state.borrow_mut().send_after(self.pid, to, msg, ms, None)
    }

    /// `:timer.send_interval(ms, dest, msg)`: sends every `ms` until cancelled or `dest` exits.
    pub fn send_interval(&self, to: Pid, msg: Term, ms: u64) -> Ref {
        self.shared.state.borrow_mut().send_after(self.pid, to, msg, ms, Some(ms.max(1)))
    }

    /// `Process.cancel_timer(ref)`: the milliseconds that were left, or `None` (Elixir's `false`)
    /// when the timer already fired or was cancelled.
    pub fn cancel_timer(&self, timer: Ref) -> Option<u64> {
        self.shared.state.borrow_mut().cancel_timer(Some(self.pid), timer)
    }

    /// `Process.read_timer(ref)`: milliseconds left, or `None`.
    pub fn read_timer(&self, timer: Ref) -> Option<u64> {
        self.shared.state.borrow().read_timer(timer)
    }
}
