//! One node running several applications (`Application.start/2` and `Application.stop/1` on one BEAM
//! node): recipes started into one runtime, on one clock, each with its own supervision tree.
//!
//! What the learner does to a node is a [`Command`], written as the text a share URL's inputs carry,
//! so a run of several recipes replays exactly like a run of one.

use std::cell::RefCell;
use std::ops::Deref;
use std::rc::Rc;

use rustc_hash::FxHashSet;

use crate::model::fold::Fold;
use crate::model::recipe::{ParamMap, Recipe, Scenario};
use crate::model::share::{decode, encode};
use crate::runtime::port::PortEvent;
use crate::runtime::prelude::*;

/// What the learner does to a node, as a share URL's input records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// `+slug?key=value&…`: starts the recipe beside what runs.
    Start { slug: String, params: ParamMap },
    /// `-slug`: stops the recipe's tree; the others go on.
    Stop { slug: String },
    /// `slug/action`, or a bare `action` for the recipe the run began with: a control of that recipe.
    Act { slug: Option<String>, action: String },
    /// `@port connected`, `@port data <text>`, `@port closed <code> <reason>` (text and reason
    /// percent-encoded): the outside world answered on a port, such as a browser WebSocket.
    Port { port: u64, event: PortEvent },
}

impl Command {
    /// Reads an input's text; `None` if it is not a command.
    ///
    /// ```
    /// use tasklane::model::node::Command;
    /// use tasklane::runtime::port::PortEvent;
    /// let start = Command::parse("+periodic?services=3&interval=100").unwrap();
    /// assert_eq!(Command::parse(&start.to_text()), Some(start));
    /// assert_eq!(Command::parse("cron/day"), Some(Command::Act { slug: Some("cron".into()), action: "day".into() }));
    /// assert_eq!(Command::parse("fire"), Some(Command::Act { slug: None, action: "fire".into() }));
    /// // A slash after something that is no recipe's name is part of a bare action.
    /// assert_eq!(Command::parse("add */15 * * * *"), Some(Command::Act { slug: None, action: "add */15 * * * *".into() }));
    /// assert_eq!(Command::parse("+"), None);
    /// // A socket's frame is text, whatever it holds.
    /// let frame = Command::Port { port: 9, event: PortEvent::Data("[1,\"<b>\"]\n".into()) };
    /// assert_eq!(Command::parse(&frame.to_text()), Some(frame));
    /// ```
    pub fn parse(text: &str) -> Option<Command> {
        if let Some(rest) = text.strip_prefix('@') {
            return Command::parse_port(rest);
        }
        let slug_ok =
            |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        let action_ok = |a: &str| !a.is_empty() && !a.chars().any(char::is_control);
        if let Some(rest) = text.strip_prefix('+') {
            let (slug, query) = rest.split_once('?').unwrap_or((rest, ""));
            let mut params = ParamMap::new();
            for pair in query.split('&').filter(|p| !p.is_empty()) {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                params.insert(decode(k)?, decode(v)?);
            }
            return slug_ok(slug).then(|| Command::Start { slug: slug.into(), params });
        }
        if let Some(slug) = text.strip_prefix('-') {
            return slug_ok(slug).then(|| Command::Stop { slug: slug.into() });
        }
        match text.split_once('/') {
            Some((slug, action)) if slug_ok(slug) => {
                action_ok(action).then(|| Command::Act { slug: Some(slug.into()), action: action.into() })
            }
            _ => action_ok(text).then(|| Command::Act { slug: None, action: text.into() }),
        }
    }

    fn parse_port(text: &str) -> Option<Command> {
        let mut words = text.splitn(4, ' ');
        let port = words.next()?.parse().ok()?;
        let event = match (words.next()?, words.next(), words.next()) {
            ("connected", None, None) => PortEvent::Connected,
            ("data", Some(data), None) => PortEvent::Data(decode(data)?.into()),
            ("closed", Some(code), Some(reason)) => {
                PortEvent::Closed { code: code.parse().ok()?, reason: decode(reason)?.into() }
            }
            _ => return None,
        };
        Some(Command::Port { port, event })
    }

    /// The text [`Command::parse`] reads back.
    pub fn to_text(&self) -> String {
        match self {
            Command::Port { port, event: PortEvent::Connected } => format!("@{port} connected"),
            Command::Port { port, event: PortEvent::Data(data) } => format!("@{port} data {}", encode(data)),
            Command::Port { port, event: PortEvent::Closed { code, reason } } => {
                format!("@{port} closed {code} {}", encode(reason))
            }
            Command::Start { slug, params } if params.is_empty() => format!("+{slug}"),
            Command::Start { slug, params } => {
                let pairs: Vec<String> = params.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
                format!("+{slug}?{}", pairs.join("&"))
            }
            Command::Stop { slug } => format!("-{slug}"),
            Command::Act { slug: Some(slug), action } => format!("{slug}/{action}"),
            Command::Act { slug: None, action } => action.clone(),
        }
    }
}

/// Where one application's events start: its processes are those spawned while it started
/// (events `from..until`) and every process they spawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scope {
    pub from: u64,
    pub until: u64,
}

/// One start of a recipe in the node.
#[derive(Clone)]
pub struct App {
    pub recipe: &'static Recipe,
    pub scenario: Rc<dyn Scenario>,
    /// Its parameters when it started.
    pub params: ParamMap,
    pub scope: Scope,
    pub on: bool,
}

/// A runtime and the recipes started in it, in the order they started (stopped ones included).
pub struct Node {
    rt: Runtime,
    recipes: Vec<&'static Recipe>,
    apps: RefCell<Vec<App>>,
    /// What the recipes' parameter checks said, until the session takes them.
    notices: RefCell<Vec<String>>,
}

impl Node {
    /// An empty node seeded with `seed`, able to start any of `recipes`.
    pub fn new(seed: u64, recipes: Vec<&'static Recipe>) -> Self {
        Node { rt: Runtime::new(seed), recipes, apps: RefCell::new(Vec::new()), notices: RefCell::new(Vec::new()) }
    }

    pub fn runtime(&self) -> &Runtime {
        &self.rt
    }

    /// Performs a command (an input's text); `Err` says why not.
    pub fn perform(&self, text: &str) -> Result<(), String> {
        match Command::parse(text).ok_or_else(|| format!("{text:?} is not something a recipe can do."))? {
            Command::Start { slug, params } => self.start(&slug, &params),
            Command::Stop { slug } => self.stop(&slug),
            // An answer on a port that has closed since is dropped, as the BEAM drops it.
            Command::Port { port, event } => {
                self.rt.port_event(Ref(port), event);
                Ok(())
            }
            Command::Act { slug, action } => {
                let app = match &slug {
                    Some(slug) => self.latest(slug),
                    None => self.apps.borrow().first().cloned(),
                };
                match app {
                    Some(app) if app.on => app.scenario.apply(&action),
                    Some(app) => Err(format!("{} is switched off.", app.recipe.info.title)),
                    None => Err(format!("No recipe runs that could do {action:?}.")),
                }
            }
        }
    }

    /// Starts recipe `slug` with `params` beside what runs (parameters it cannot use become notices).
    pub fn start(&self, slug: &str, params: &ParamMap) -> Result<(), String> {
        let recipe = self.recipe(slug).ok_or_else(|| format!("There is no recipe called {slug:?}."))?;
        if self.is_on(slug) {
            return Err(format!("{} is already running.", recipe.info.title));
        }
        let from = self.rt.read_trace(|t| t.total());
        let started = (recipe.start)(&self.rt, params);
        let until = self.rt.read_trace(|t| t.total());
        self.notices.borrow_mut().extend(started.notices);
        let params = started.scenario.params();
        let app = App { recipe, scenario: started.scenario, params, scope: Scope { from, until }, on: true };
        self.apps.borrow_mut().push(app);
        Ok(())
    }

    /// Stops recipe `slug`: its top supervisor shuts its tree down, and the node runs that shutdown
    /// through before anything else happens.
    pub fn stop(&self, slug: &str) -> Result<(), String> {
        let app = self.latest(slug).filter(|a| a.on).ok_or_else(|| format!("{slug:?} is not running."))?;
        app.scenario.stop();
        self.rt.run_until_idle();
        if let Some(a) = self.apps.borrow_mut().iter_mut().rev().find(|a| a.recipe.info.slug == slug) {
            a.on = false;
        }
        Ok(())
    }

    /// The latest start of recipe `slug`, if it ever started.
    pub fn latest(&self, slug: &str) -> Option<App> {
        self.with_latest(slug, App::clone)
    }

    /// `f` of the latest start of recipe `slug`, read in place (the views ask every frame).
    pub fn with_latest<R>(&self, slug: &str, f: impl FnOnce(&App) -> R) -> Option<R> {
        self.apps.borrow().iter().rev().find(|a| a.recipe.info.slug == slug).map(f)
    }

    /// The recipe the run began with, and its parameters then.
    pub fn first(&self) -> Option<App> {
        self.apps.borrow().first().cloned()
    }

    pub fn is_on(&self, slug: &str) -> bool {
        self.with_latest(slug, |a| a.on).unwrap_or(false)
    }

    /// The recipes running now, in the order they started.
    pub fn running(&self) -> Vec<&'static str> {
        self.apps.borrow().iter().filter(|a| a.on).map(|a| a.recipe.info.slug).collect()
    }

    /// The latest running or stopped scenario that is a `T`.
    pub fn find<T: Scenario>(&self) -> Option<Rc<T>> {
        self.apps.borrow().iter().rev().find_map(|a| crate::model::recipe::downcast::<T>(&a.scenario))
    }

    /// What the recipes' parameter checks said since the last call.
    pub fn take_notices(&self) -> Vec<String> {
        std::mem::take(&mut self.notices.borrow_mut())
    }

    fn recipe(&self, slug: &str) -> Option<&'static Recipe> {
        self.recipes.iter().copied().find(|r| r.info.slug == slug)
    }
}

/// A view of one application's events only (what `:application.get_application/1` tells of a pid):
/// the events of the processes its start spawned and of every process they spawned.
#[derive(Clone, Debug)]
pub struct Scoped<V> {
    scope: Scope,
    members: FxHashSet<Pid>,
    view: V,
}

impl<V> Scoped<V> {
    pub fn new(scope: Scope, view: V) -> Self {
        Scoped { scope, members: FxHashSet::default(), view }
    }
}

impl<V> Deref for Scoped<V> {
    type Target = V;

    fn deref(&self) -> &V {
        &self.view
    }
}

impl<V: Fold> Fold for Scoped<V> {
    fn apply(&mut self, e: &Event) {
        if e.seq < self.scope.from {
            return;
        }
        if let EventKind::Spawn { parent, .. } = &e.kind
            && (e.seq < self.scope.until || parent.is_some_and(|p| self.members.contains(&p)))
        {
            self.members.insert(e.pid);
        }
        if self.members.contains(&e.pid) {
            self.view.apply(e);
        }
    }

    fn weight(&self) -> usize {
        self.view.weight() + self.members.len() / 8
    }

    fn forget_before(&mut self, seq: u64) {
        self.view.forget_before(seq);
    }
}
