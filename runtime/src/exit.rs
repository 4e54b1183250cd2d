//! Exit reasons (Erlang's exit reasons: `:normal`, `:shutdown`, `{:shutdown, term}`, `:killed`, any term): why a process ended.

use std::fmt;

use super::term::Term;

/// Why a process exited. A reason is any term, as in Erlang; the ones OTP gives meaning to have
/// their own variant. `Kill` is the untrappable signal; a process it reaches exits `Killed`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExitReason {
    /// `:normal`: the process finished.
    Normal,
    /// `:shutdown`: stopped by its supervisor or owner.
    Shutdown,
    /// `{:shutdown, term}`: a clean stop with a reason attached; supervisors treat it as `:shutdown`.
    ShutdownWith(Term),
    /// `:kill`: the signal `Process.exit(pid, :kill)` sends; cannot be trapped.
    Kill,
    /// `:killed`: the reason of a process that received `:kill`.
    Killed,
    /// `{:timeout, {module, function, args}}`: a `Task.await/2` or `GenServer.call/3` ran out of time.
    Timeout(Term),
    /// `:noproc`: a call to a process that is not alive.
    Noproc,
    /// Any other term: `exit(:boom)`, `{:bad_call, request}` …
    Other(Term),
}

impl ExitReason {
    /// `exit(:name)`: a crash with an atom for its reason.
    pub fn atom(name: &'static str) -> Self {
        ExitReason::Other(Term::atom(name))
    }

    /// The `{:timeout, {module, function, args}}` of a call that ran out of time: `module` is the
    /// Elixir module's name (`"GenServer"`, `"Task"`).
    pub fn timeout(module: &'static str, function: &'static str, args: impl IntoIterator<Item = Term>) -> Self {
        ExitReason::Other(Term::atom("timeout")).in_call(module, function, args)
    }

    /// `{reason, {module, function, args}}`: how a failed call or await exits its caller
    /// (`exit({reason, {GenServer, :call, [server, request, timeout]}})` in Elixir's sources).
    pub fn in_call(self, module: &'static str, function: &'static str, args: impl IntoIterator<Item = Term>) -> Self {
        let call = Term::tuple([Term::module(module), Term::atom(function), Term::list(args)]);
        ExitReason::from_term(&Term::tuple([self.to_term(), call]))
    }

    /// `:normal`, `:shutdown` and `{:shutdown, _}` are the reasons a transient child is not
    /// restarted for, and that a supervisor does not report.
    pub fn is_normal_or_shutdown(&self) -> bool {
        matches!(self, ExitReason::Normal | ExitReason::Shutdown | ExitReason::ShutdownWith(_))
    }

    /// The reason as a term, as linked processes that trap exits and monitors receive it.
    pub fn to_term(&self) -> Term {
        match self {
            ExitReason::Normal => Term::atom("normal"),
            ExitReason::Shutdown => Term::atom("shutdown"),
            ExitReason::ShutdownWith(t) => Term::tuple([Term::atom("shutdown"), t.clone()]),
            ExitReason::Kill => Term::atom("kill"),
            ExitReason::Killed => Term::atom("killed"),
            ExitReason::Timeout(t) => Term::tuple([Term::atom("timeout"), t.clone()]),
            ExitReason::Noproc => Term::atom("noproc"),
            ExitReason::Other(t) => t.clone(),
        }
    }

    /// The reason read back from a term: the inverse of [`ExitReason::to_term`].
    ///
    /// ```
    /// use tasklane_runtime::prelude::*;
    /// let done = Term::tuple([Term::atom("shutdown"), Term::atom("done")]);
    /// assert!(ExitReason::from_term(&done).is_normal_or_shutdown());
    /// assert_eq!(ExitReason::from_term(&Term::atom("boom")).to_string(), ":boom");
    /// ```
    pub fn from_term(term: &Term) -> Self {
        match term {
            Term::Atom(a) if *a == "normal" => ExitReason::Normal,
            Term::Atom(a) if *a == "shutdown" => ExitReason::Shutdown,
            Term::Atom(a) if *a == "kill" => ExitReason::Kill,
            Term::Atom(a) if *a == "killed" => ExitReason::Killed,
            Term::Atom(a) if *a == "noproc" => ExitReason::Noproc,
            Term::Tuple(items) if items.len() == 2 && items[0].is_atom("shutdown") => {
                ExitReason::ShutdownWith(items[1].clone())
            }
            Term::Tuple(items) if items.len() == 2 && items[0].is_atom("timeout") => {
                ExitReason::Timeout(items[1].clone())
            }
            other => ExitReason::Other(other.clone()),
        }
    }

    /// One word per reason: the colour key views use.
    pub fn class(&self) -> &'static str {
        match self {
            ExitReason::Normal => "normal",
            ExitReason::Shutdown | ExitReason::ShutdownWith(_) => "shutdown",
            ExitReason::Kill | ExitReason::Killed => "killed",
            ExitReason::Timeout(_) => "timeout",
            ExitReason::Noproc => "noproc",
            ExitReason::Other(_) => "error",
        }
    }
}

/// Elixir's `inspect` of the reason: `:boom`, `{:shutdown, :done}`, `{:timeout, {GenServer, :call, […]}}`.
impl fmt::Display for ExitReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_term())
    }
}
