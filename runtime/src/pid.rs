//! Process identifiers and references (Erlang's `pid()` and `reference()`): the leaf types everything names.

use std::fmt;

/// A process identifier, shown as `#PID<0.n.0>`. Pids are never reused within a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pid(pub u32);

impl fmt::Display for Pid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#PID<0.{}.0>", self.0)
    }
}

/// The pid of "the outside world": the UI, a test, or a browser adapter sending into the runtime.
pub const OUTSIDE: Pid = Pid(0);

/// A unique reference, as made by `make_ref/0`; also names monitors and timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ref(pub u64);

impl fmt::Display for Ref {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#Ref<{}>", self.0)
    }
}

/// The behaviour a process implements (`:proc_lib`'s initial call, as the observer shows it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Behaviour {
    Process,
    Task,
    Supervisor,
    TaskSupervisor,
    GenServer,
    Agent,
    WebSockex,
}

impl Behaviour {
    pub fn as_str(self) -> &'static str {
        match self {
            Behaviour::Process => "process",
            Behaviour::Task => "task",
            Behaviour::Supervisor => "supervisor",
            Behaviour::TaskSupervisor => "task_supervisor",
            Behaviour::GenServer => "gen_server",
            Behaviour::Agent => "agent",
            Behaviour::WebSockex => "websockex",
        }
    }
}
