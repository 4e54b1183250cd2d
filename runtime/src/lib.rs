//! The OTP-style runtime: processes as futures on a virtual clock, with OTP's semantics and a trace.
//!
//! Pure Rust: no browser crates. Drivers move the clock — [`Runtime::run`] (the simulation driver)
//! natively and in fast-forward, `web::driver` in the browser.
//!
//! Every process future must await only this runtime's own futures (`receive`, `sleep`, calls,
//! tasks): the scheduler polls a process again only when one of them is ready, which is what
//! makes a run with a given seed replay the same trace everywhere.

pub mod agent;
pub mod atom;
pub mod dynamic_supervisor;
pub mod ets;
pub mod exit;
pub mod gen_server;
pub mod order;
pub mod pid;
pub mod port;
pub mod process;
pub mod pubsub;
pub mod registry;
pub mod runtime;
mod scheduler;
mod signal;
pub mod supervisor;
pub mod task;
pub mod task_supervisor;
pub mod term;
pub mod timer;
pub mod trace;
pub mod websockex;
pub mod workload;

#[cfg(test)]
mod tests;

pub use runtime::{RunOutcome, Runtime};

/// The names most recipes use.
pub mod prelude {
    pub use super::atom::Atom;
    pub use super::exit::ExitReason;
    pub use super::gen_server::{self, CallReply, GenServer, Init, OnStart};
    pub use super::pid::{Behaviour, OUTSIDE, Pid, Ref};
    pub use super::process::{Ctx, ProcResult};
    pub use super::runtime::{ProcessInfo, RunOutcome, Runtime};
    pub use super::supervisor::{self, ChildSpec, RestartPolicy, Shutdown, Strategy, SupervisorSpec};
    pub use super::task::{DEFAULT_AWAIT_TIMEOUT, Task};
    pub use super::task_supervisor;
    pub use super::term::Term;
    pub use super::trace::{Custom, Event, EventKind, MsgKind, Trace};
}
