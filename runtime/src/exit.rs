//! Exit reasons (`:normal`, `:shutdown`, `:killed`, `{:error, term}` …): why a process ended.

use std::fmt;

use super::term::Term;

/// Why a process exited. `Kill` is the untrappable signal; a process it reaches exits `Killed`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExitReason {
    /// `:normal`: the process finished.
    Normal,
    /// `:shutdown`: stopped by its supervisor or owner.
    Shutdown,
    /// `:kill`: the signal `Process.exit(pid, :kill)` sends; cannot be trapped.
    Kill,
    /// `:killed`: the reason of a process that received `:kill`.
    Killed,
    /// `{:timeout, _}`: a `Task.await/2` or `GenServer.call/3` ran out of time.
    Timeout,
    /// `:noproc`: a call to a process that is not alive.
    Noproc,
    /// `{:error, term}` or any other crash.
    Error(Term),
}

impl ExitReason {
    /// A crash with `{:error, reason}`.
    pub fn error(reason: &'static str) -> Self {
        ExitReason::Error(Term::atom(reason))
    }

    /// `:normal` and `:shutdown` are the reasons a transient child is not restarted for.
    pub fn is_normal_or_shutdown(&self) -> bool {
        matches!(self, ExitReason::Normal | ExitReason::Shutdown)
    }

    /// The reason as a term, as linked processes that trap exits receive it.
    pub fn to_term(&self) -> Term {
        match self {
            ExitReason::Normal => Term::atom("normal"),
            ExitReason::Shutdown => Term::atom("shutdown"),
            ExitReason::Kill | ExitReason::Killed => Term::atom("killed"),
            ExitReason::Timeout => Term::atom("timeout"),
            ExitReason::Noproc => Term::atom("noproc"),
            ExitReason::Error(t) => Term::tuple([Term::atom("error"), t.clone()]),
        }
    }

    /// The reason read back from a term (the inverse of [`ExitReason::to_term`]).
    pub fn from_term(term: &Term) -> Self {
        match term {
            Term::Atom(a) if *a == "normal" => ExitReason::Normal,
            Term::Atom(a) if *a == "shutdown" => ExitReason::Shutdown,
            Term::Atom(a) if *a == "killed" || *a == "kill" => ExitReason::Killed,
            Term::Atom(a) if *a == "timeout" => ExitReason::Timeout,
            Term::Atom(a) if *a == "noproc" => ExitReason::Noproc,
            t if t.tag() == Some("error") && t.elem(1).is_some() => {
                ExitReason::Error(t.elem(1).cloned().unwrap_or(Term::atom("unknown")))
            }
            other => ExitReason::Error(other.clone()),
        }
    }

    /// One word per reason: the colour key views use.
    pub fn class(&self) -> &'static str {
        match self {
            ExitReason::Normal => "normal",
            ExitReason::Shutdown => "shutdown",
            ExitReason::Kill | ExitReason::Killed => "killed",
            ExitReason::Timeout => "timeout",
            ExitReason::Noproc => "noproc",
            ExitReason::Error(_) => "error",
        }
    }
}

impl fmt::Display for ExitReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExitReason::Kill => f.write_str(":kill"),
            other => write!(f, "{}", other.to_term()),
        }
    }
}
