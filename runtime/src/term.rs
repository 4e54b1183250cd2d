//! Erlang terms: the values processes send each other (atoms, integers, strings, pids, refs, tuples, lists, funs).

use std::any::Any;
use std::cell::RefCell;
use std::cmp::Ordering;
use std::fmt;
use std::rc::Rc;

use super::atom::Atom;
use super::pid::{Pid, Ref};

/// A value that is not a plain term, such as a closure sent to a supervisor or an agent
/// (Erlang sends funs in messages the same way). It is taken by its receiver, once.
#[derive(Clone)]
pub struct Opaque {
    label: &'static str,
    value: Rc<RefCell<Option<Box<dyn Any>>>>,
}

impl Opaque {
    /// Wraps `value`; `label` is what traces and logs show (`#Fun<label>`).
    pub fn new<T: 'static>(label: &'static str, value: T) -> Self {
        Opaque { label, value: Rc::new(RefCell::new(Some(Box::new(value)))) }
    }

    /// Takes the value out if it is still there and of type `T`.
    pub fn take<T: 'static>(&self) -> Option<T> {
        let mut slot = self.value.borrow_mut();
        match slot.take()?.downcast::<T>() {
            Ok(value) => Some(*value),
            Err(other) => {
                *slot = Some(other);
                None
            }
        }
    }

    /// The label shown for this value.
    pub fn label(&self) -> &'static str {
        self.label
    }
}

/// An Erlang term. Text from outside the program (a socket frame, a URL) is a `Str`, never an atom.
///
/// ```
/// use tasklane_runtime::term::Term;
/// let msg = Term::tuple([Term::atom("work"), Term::Int(3)]);
/// assert_eq!(msg.to_string(), "{:work, 3}");
/// assert_eq!(msg.tag(), Some("work"));
/// let long = Term::list((1..=60).map(Term::Int));
/// assert!(long.to_string().ends_with("49, 50, ...]"), "inspect's default limit of 50 items");
/// let keywords = Term::list([Term::tuple([Term::atom("start"), Term::atom("a")])]);
/// assert_eq!(keywords.to_string(), "[start: :a]", "a keyword list");
/// ```
#[derive(Clone)]
pub enum Term {
    Atom(Atom),
    Int(i64),
    Str(Rc<str>),
    Pid(Pid),
    Ref(Ref),
    Tuple(Rc<[Term]>),
    List(Rc<[Term]>),
    Opaque(Opaque),
}

impl Term {
    /// `:name`, from a literal or an [`Atom`] made at run time.
    pub fn atom(name: impl Into<Atom>) -> Term {
        Term::Atom(name.into())
    }

    /// An Elixir module's name as the atom it is (`GenServer` is `:"Elixir.GenServer"`).
    pub fn module(name: &str) -> Term {
        Term::Atom(Atom::intern(&format!("Elixir.{name}")))
    }

    /// `{a, b, ...}`
    pub fn tuple(items: impl IntoIterator<Item = Term>) -> Term {
        Term::Tuple(items.into_iter().collect())
    }

    /// `[a, b, ...]`
    pub fn list(items: impl IntoIterator<Item = Term>) -> Term {
        Term::List(items.into_iter().collect())
    }

    /// A string (an Elixir binary).
    pub fn str(text: &str) -> Term {
        Term::Str(Rc::from(text))
    }

    /// `:ok`
    pub fn ok() -> Term {
        Term::Atom(Atom::new("ok"))
    }

    /// The message's tag: the atom itself, or a tuple's first atom (`{:work, 3}` → `work`).
    pub fn tag(&self) -> Option<&'static str> {
        match self {
            Term::Atom(a) => Some(a.as_str()),
            Term::Tuple(items) => match items.first() {
                Some(Term::Atom(a)) => Some(a.as_str()),
                _ => None,
            },
            _ => None,
        }
    }

    /// The `i`-th element of a tuple.
    pub fn elem(&self, i: usize) -> Option<&Term> {
        match self {
            Term::Tuple(items) => items.get(i),
            _ => None,
        }
    }

    pub fn as_int(&self) -> Option<i64> {
        match self {
            Term::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// The text of a binary (`Term::Str`).
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Term::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_pid(&self) -> Option<Pid> {
        match self {
            Term::Pid(p) => Some(*p),
            _ => None,
        }
    }

    pub fn as_ref(&self) -> Option<Ref> {
        match self {
            Term::Ref(r) => Some(*r),
            _ => None,
        }
    }

    pub fn is_atom(&self, name: &str) -> bool {
        matches!(self, Term::Atom(a) if *a == name)
    }

    /// Whether this is the `{:DOWN, monitor, :process, pid, reason}` of `monitor`.
    pub fn is_down_of(&self, monitor: Ref) -> bool {
        self.tag() == Some("DOWN") && self.elem(1) == Some(&Term::Ref(monitor))
    }

    /// Erlang's term order: number < atom < reference < fun < pid < tuple < list < binary.
    fn rank(&self) -> u8 {
        match self {
            Term::Int(_) => 0,
            Term::Atom(_) => 1,
            Term::Ref(_) => 2,
            Term::Opaque(_) => 3,
            Term::Pid(_) => 4,
            Term::Tuple(_) => 5,
            Term::List(_) => 6,
            Term::Str(_) => 7,
        }
    }
}

impl PartialEq for Term {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Term {}

impl PartialOrd for Term {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Term {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Term::Int(a), Term::Int(b)) => a.cmp(b),
            (Term::Atom(a), Term::Atom(b)) => a.cmp(b),
            (Term::Ref(a), Term::Ref(b)) => a.cmp(b),
            (Term::Opaque(a), Term::Opaque(b)) => a
                .label
                .cmp(b.label)
                .then((Rc::as_ptr(&a.value) as *const u8 as usize).cmp(&(Rc::as_ptr(&b.value) as *const u8 as usize))),
            (Term::Pid(a), Term::Pid(b)) => a.cmp(b),
            (Term::Tuple(a), Term::Tuple(b)) => a.len().cmp(&b.len()).then_with(|| a.iter().cmp(b.iter())),
            (Term::List(a), Term::List(b)) => a.iter().cmp(b.iter()),
            (Term::Str(a), Term::Str(b)) => a.cmp(b),
            _ => self.rank().cmp(&other.rank()),
        }
    }
}

impl std::hash::Hash for Term {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.rank().hash(state);
        match self {
            Term::Atom(a) => a.hash(state),
            Term::Int(i) => i.hash(state),
            Term::Str(s) => s.hash(state),
            Term::Pid(p) => p.hash(state),
            Term::Ref(r) => r.hash(state),
            Term::Tuple(items) | Term::List(items) => items.hash(state),
            Term::Opaque(o) => o.label.hash(state),
        }
    }
}

/// How many items of a list or tuple `inspect` shows before `...` (its default `:limit`).
const INSPECT_LIMIT: usize = 50;

fn write_items(f: &mut fmt::Formatter<'_>, items: &[Term]) -> fmt::Result {
    for (i, item) in items.iter().take(INSPECT_LIMIT).enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{item}")?;
    }
    if items.len() > INSPECT_LIMIT {
        f.write_str(", ...")?;
    }
    Ok(())
}

/// An atom that `inspect` writes without quotes: `ok`, `ticker_7`, `valid?`.
fn is_plain_atom(atom: &str) -> bool {
    let body = atom.strip_suffix(['?', '!']).unwrap_or(atom);
    body.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && body.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '@')
}

/// An atom as `inspect` writes it: `:ok`, `nil`, `GenServer`, `:"$gen_call"`.
fn write_atom(f: &mut fmt::Formatter<'_>, atom: &str) -> fmt::Result {
    if let Some(module) = atom.strip_prefix("Elixir.") {
        return f.write_str(module);
    }
    if matches!(atom, "nil" | "true" | "false") {
        return f.write_str(atom);
    }
    if is_plain_atom(atom) { write!(f, ":{atom}") } else { write!(f, ":{atom:?}") }
}

/// The key of a keyword-list item (`{:key, value}` with a plain atom key), which `inspect` writes as `key: value`.
fn keyword_key(item: &Term) -> Option<&'static str> {
    match item {
        Term::Tuple(pair) if pair.len() == 2 => match &pair[0] {
            Term::Atom(a) if is_plain_atom(a) && !a.starts_with("Elixir.") => Some(a.as_str()),
            _ => None,
        },
        _ => None,
    }
}

/// A non-empty list of `{:key, value}` pairs, as `inspect` writes it: `[start: :a, stop: :b]`.
fn write_keywords(f: &mut fmt::Formatter<'_>, items: &[Term]) -> fmt::Result {
    f.write_str("[")?;
    for (i, item) in items.iter().take(INSPECT_LIMIT).enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        let key = keyword_key(item).unwrap_or("");
        write!(f, "{key}: {}", item.elem(1).cloned().unwrap_or(Term::atom("nil")))?;
    }
    if items.len() > INSPECT_LIMIT {
        f.write_str(", ...")?;
    }
    f.write_str("]")
}

/// Elixir's `inspect` style: `:ok`, `{:work, 3}`, `"text"`, `#PID<0.7.0>`.
impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Term::Atom(a) => write_atom(f, a),
            Term::Int(i) => write!(f, "{i}"),
            Term::Str(s) => write!(f, "{s:?}"),
            Term::Pid(p) => write!(f, "{p}"),
            Term::Ref(r) => write!(f, "{r}"),
            Term::Tuple(items) => {
                f.write_str("{")?;
                write_items(f, items)?;
                f.write_str("}")
            }
            Term::List(items) if !items.is_empty() && items.iter().all(|i| keyword_key(i).is_some()) => {
                write_keywords(f, items)
            }
            Term::List(items) => {
                f.write_str("[")?;
                write_items(f, items)?;
                f.write_str("]")
            }
            Term::Opaque(o) => write!(f, "#Fun<{}>", o.label),
        }
    }
}

impl fmt::Debug for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl From<i64> for Term {
    fn from(i: i64) -> Self {
        Term::Int(i)
    }
}

impl From<Pid> for Term {
    fn from(p: Pid) -> Self {
        Term::Pid(p)
    }
}

impl From<Ref> for Term {
    fn from(r: Ref) -> Self {
        Term::Ref(r)
    }
}
