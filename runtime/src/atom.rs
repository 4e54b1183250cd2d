//! Atoms (Erlang's atom table): names such as `:work` or `:ticker_7`, from literals or made at run time.

use std::fmt;
use std::sync::Mutex;

/// An atom: compared, ordered and hashed by its text, copied freely.
///
/// Atoms written in code are free (`Atom::from("work")`); [`Atom::intern`] makes one from text
/// built at run time (a job's name, a currency pair). As on the BEAM, the atom table is never
/// collected: each distinct text is stored once, for the life of the program.
///
/// ```
/// use tasklane_runtime::atom::Atom;
/// let made = Atom::intern(&format!("ticker_{}", 7));
/// assert_eq!(made, Atom::from("ticker_7"));
/// assert_eq!(made.to_string(), "ticker_7");
/// ```
#[derive(Clone, Copy)]
pub struct Atom(&'static str);

/// Every interned text once, sorted: a list searched by bisection rather than a `BTreeSet`, whose
/// code would be compiled into the bundle for this table alone.
static TABLE: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());

impl Atom {
    /// The atom a literal names.
    pub const fn new(name: &'static str) -> Atom {
        Atom(name)
    }

    /// The atom for `name`, storing the text the first time it is seen.
    pub fn intern(name: &str) -> Atom {
        let mut table = TABLE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match table.binary_search_by(|stored| (*stored).cmp(name)) {
            Ok(found) => Atom(table[found]),
            Err(at) => {
                let stored: &'static str = Box::leak(name.into());
                table.insert(at, stored);
                Atom(stored)
            }
        }
    }

    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl From<&'static str> for Atom {
    fn from(name: &'static str) -> Self {
        Atom(name)
    }
}

impl PartialEq for Atom {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl Eq for Atom {}

impl PartialEq<str> for Atom {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Atom {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialOrd for Atom {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Atom {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.cmp(other.0)
    }
}

impl std::hash::Hash for Atom {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl std::ops::Deref for Atom {
    type Target = str;
    fn deref(&self) -> &str {
        self.0
    }
}

impl fmt::Display for Atom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl fmt::Debug for Atom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, ":{}", self.0)
    }
}
