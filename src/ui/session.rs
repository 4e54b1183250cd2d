//! The learner's session (UI state): which recipe runs, how fast, and which moment the views show.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;

use super::Page;
use crate::model::checkpoint::Views;
use crate::model::fold::{Clock, Fold, Folded};
use crate::model::lanes::{Axis, Lanes};
use crate::model::node::{Command, Node, Scope, Scoped};
use crate::model::recipe::{ParamMap, Recipe, Scenario};
use crate::model::share::{Input, RECORDED_QUERY_BYTES, Replay, Share};
use crate::runtime::prelude::*;
use crate::web::driver::{Driver, Speed, in_slices};
use crate::web::page;

/// The run on screen: a node running one recipe or several, on one clock.
#[derive(Clone)]
pub struct ActiveRun {
    pub node: Rc<Node>,
    pub driver: Driver,
    /// Its folded views: live, checkpointed, advanced once per frame.
    views: Rc<RefCell<Views>>,
}

impl ActiveRun {
    pub fn runtime(&self) -> Runtime {
        self.driver.runtime()
    }
}

/// Every piece of UI state, shared through context. Copy: it is a bundle of signals.
#[derive(Clone, Copy)]
pub struct Session {
    /// Every recipe the app offers, with its panel.
    pub pages: &'static [Page],
    pub run: RwSignal<Option<ActiveRun>, LocalStorage>,
    /// The recipes switched on, in the order they started (a stopped run stays on screen, switched off).
    pub on: RwSignal<Vec<&'static str>>,
    /// The recipe whose page is on screen.
    pub selected: RwSignal<Option<&'static str>>,
    /// Each recipe's parameters when it last ran: switched off and on again, it keeps them. A list
    /// (there are a handful of recipes) rather than a map type compiled into the bundle for it alone.
    settings: RwSignal<Vec<(&'static str, ParamMap)>>,
    /// Bumped whenever the run moves, after its folded views have read the new events.
    pub version: RwSignal<u64>,
    /// Views show events with `seq < cursor`; `None` is live.
    pub cursor: RwSignal<Option<u64>>,
    /// The earliest cursor every view can restore (the trace has dropped what lies before).
    pub floor: RwSignal<u64>,
    pub playing: RwSignal<bool>,
    pub speed: RwSignal<Speed>,
    pub seed: RwSignal<u64>,
    pub notices: RwSignal<Vec<String>>,
    /// How far the replay of a share link has got (0 to 1), while it runs.
    pub replaying: RwSignal<Option<f64>>,
    /// The last share URL made, and the trace hash it reproduces.
    pub shared: RwSignal<Option<(String, u64)>>,
    /// Whether that URL reached the clipboard (`None` while the browser has not said).
    pub copied: RwSignal<Option<bool>>,
}

/// The default seed: runs are reproducible until the learner asks for a new one.
pub const DEFAULT_SEED: u64 = 42;

impl Session {
    pub fn new(pages: &'static [Page]) -> Self {
        Session {
            pages,
            run: RwSignal::new_local(None),
            on: RwSignal::new(Vec::new()),
            selected: RwSignal::new(None),
            settings: RwSignal::new(Vec::new()),
            version: RwSignal::new(0),
            cursor: RwSignal::new(None),
            floor: RwSignal::new(0),
            playing: RwSignal::new(false),
            speed: RwSignal::new(Speed::Times(1.0)),
            seed: RwSignal::new(DEFAULT_SEED),
            notices: RwSignal::new(Vec::new()),
            replaying: RwSignal::new(None),
            shared: RwSignal::new(None),
            copied: RwSignal::new(None),
        }
    }

    pub fn notice(&self, text: impl Into<String>) {
        let text = text.into();
        self.notices.update(|n| {
            if !n.contains(&text) {
                n.push(text);
            }
        });
    }

    fn driver(&self) -> Option<Driver> {
        self.run.with_untracked(|r| r.as_ref().map(|r| r.driver.clone()))
    }

    fn node(&self) -> Option<Rc<Node>> {
        self.run.with_untracked(|r| r.as_ref().map(|r| r.node.clone()))
    }

    fn recipe(&self, slug: &str) -> Option<&'static Recipe> {
        self.pages.iter().map(|p| p.recipe).find(|r| r.info.slug == slug)
    }

    /// The parameters recipe `slug` last ran with (none yet: its defaults).
    fn settings_of(&self, slug: &str) -> ParamMap {
        self.settings
            .with_untracked(|s| s.iter().find(|(kept, _)| *kept == slug).map(|(_, p)| p.clone()).unwrap_or_default())
    }

    /// Opens recipe `slug`'s page: a share link (recorded inputs, steps, a cursor or another first
    /// recipe) replays its run; otherwise the recipe joins what runs, or starts a run of its own.
    pub fn open(&self, slug: &'static str, share: Share) {
        self.selected.set(Some(slug));
        if self.on.get_untracked().contains(&slug) {
            self.write_address();
            return;
        }
        let recorded =
            share.steps.is_some() || !share.inputs.is_empty() || share.cursor.is_some() || share.run.is_some();
        if !recorded && !self.on.get_untracked().is_empty() {
            let params = if share.params.is_empty() { self.settings_of(slug) } else { share.params };
            self.join(slug, params);
        } else {
            self.start(slug, Some(share));
        }
    }

    /// Starts a new run of `slug` and plays it, or as a share URL describes it (replayed to its exact
    /// point, paused).
    pub fn start(&self, slug: &str, share: Option<Share>) {
        self.begin(slug, share, true);
    }

    /// Starts a new run (a new node) with `slug` first; a fresh run plays if `play`, and the address
    /// bar then shows its parameters and seed (replacing the entry, so a reload or Back brings the
    /// same run back, and only page changes add history entries).
    fn begin(&self, slug: &str, share: Option<Share>, play: bool) {
        self.switch_off_all();
        // What the last run's controls said is about that run.
        self.notices.set(Vec::new());
        let mut share = share.unwrap_or_default();
        let first = share.run.clone().unwrap_or_else(|| slug.to_string());
        let Some(recipe) = self.recipe(&first) else {
            self.notice(format!("There is no recipe called {first:?}."));
            return;
        };
        if share.params.is_empty() && share.run.is_none() {
            share.params = self.settings_of(recipe.info.slug);
        }
        let seed = share.seed.unwrap_or_else(|| self.seed.get_untracked());
        let node = Rc::new(Node::new(seed, self.pages.iter().map(|p| p.recipe).collect()));
        if let Err(e) = node.start(recipe.info.slug, &share.params) {
            self.notice(e);
        }
        let perform = node.clone();
        let driver =
            Driver::new(node.runtime().clone(), self.speed.get_untracked(), Rc::new(move |a: &str| perform.perform(a)));
        let replayed = share.steps.is_some() || !share.inputs.is_empty();
        let session = *self;
        let frame_pending = Rc::new(Cell::new(false));
        driver.on_progress(move || {
            if frame_pending.replace(true) {
                return;
            }
            let frame_pending = frame_pending.clone();
            request_animation_frame(move || {
                frame_pending.set(false);
                session.bump();
                if let Some(d) = session.driver() {
                    session.playing.set(d.is_playing());
                }
            });
        });
        self.seed.set(seed);
        self.cursor.set(None);
        self.shared.set(None);
        self.floor.set(0);
        let views = Rc::new(RefCell::new(Views::default()));
        self.run.set(Some(ActiveRun { node: node.clone(), driver: driver.clone(), views }));
        if replayed {
            let replay = Replay::new(share.inputs.clone(), share.steps.unwrap_or(0), share.at.unwrap_or(0));
            self.replay(node, driver, replay, share.inputs, share.cursor);
            return;
        }
        node.take_notices().into_iter().for_each(|n| self.notice(n));
        self.node_changed();
        self.bump();
        self.write_address();
        if play {
            driver.play();
            self.playing.set(true);
        }
    }

    /// Replays a share link's run a slice at a time, so a long one leaves the page responsive while
    /// the playback bar shows how far it has got; then shows it paused, at the link's cursor.
    fn replay(&self, node: Rc<Node>, driver: Driver, mut replay: Replay, inputs: Vec<Input>, cursor: Option<u64>) {
        let session = *self;
        let failures = Rc::new(RefCell::new(Vec::new()));
        let rt = node.runtime().clone();
        let (chunk_node, chunk_failures, chunk_rt) = (node.clone(), failures.clone(), rt.clone());
        let progress = Rc::new(Cell::new(0.0));
        let chunk_progress = progress.clone();
        let chunk = move || {
            let done = replay.advance(&chunk_rt, 1024, |a| {
                if let Err(e) = chunk_node.perform(a) {
                    chunk_failures.borrow_mut().push(e);
                }
            });
            chunk_progress.set(replay.progress(&chunk_rt));
            done
        };
        let this_run = node.clone();
        let between = move || {
            let current = session.run.with_untracked(|r| r.as_ref().is_some_and(|r| Rc::ptr_eq(&r.node, &this_run)));
            if current {
                session.replaying.set(Some(progress.get()));
                // The views fold what the slice recorded, so the run appears as it replays.
                session.bump();
            }
            current
        };
        let done = move || {
            session.replaying.set(None);
            failures.take().into_iter().for_each(|f| session.notice(f));
            node.take_notices().into_iter().for_each(|n| session.notice(n));
            driver.restore_inputs(inputs);
            let total = rt.read_trace(|t| t.total());
            let cursor = match cursor {
                Some(c) if c <= total => Some(c).filter(|c| *c < total),
                Some(c) => {
                    session.notice(format!("Ignored cursor={c}: the run has only {total} events."));
                    None
                }
                None => None,
            };
            session.cursor.set(cursor);
            session.node_changed();
            session.bump();
        };
        in_slices(chunk, between, done);
    }

    /// Recipe `slug` joins the running node with `params`, as a recorded input; the node plays on,
    /// or starts playing if its run had ended.
    fn join(&self, slug: &'static str, params: ParamMap) {
        let Some(driver) = self.driver() else { return };
        let resume = driver.is_playing() || driver.outcome().is_some();
        self.command(Command::Start { slug: slug.into(), params });
        if resume && self.on.get_untracked().contains(&slug) {
            driver.play();
            self.playing.set(true);
        }
    }

    /// Performs a command on the node as a recorded input; a refusal becomes a notice. The address
    /// bar follows.
    fn command(&self, command: Command) {
        let (Some(driver), Some(node)) = (self.driver(), self.node()) else { return };
        if self.replaying.get_untracked().is_some() {
            self.notice("The shared run is still being replayed: wait for it to finish.");
            return;
        }
        self.cursor.set(None);
        if let Err(e) = driver.input(&command.to_text()) {
            self.notice(e);
        }
        node.take_notices().into_iter().for_each(|n| self.notice(n));
        self.node_changed();
        self.write_address();
    }

    /// The node's recipes changed: the list of what is on, and each one's settings as they are now.
    fn node_changed(&self) {
        let Some(node) = self.node() else { return };
        let running = node.running();
        self.settings.update(|settings| {
            for slug in &running {
                let params = node.with_latest(slug, |a| a.scenario.params()).unwrap_or_default();
                match settings.iter_mut().find(|(kept, _)| kept == slug) {
                    Some((_, kept)) => *kept = params,
                    None => settings.push((slug, params)),
                }
            }
        });
        if running.is_empty()
            && let Some(driver) = self.driver()
        {
            driver.pause();
            self.playing.set(false);
        }
        self.on.set(running);
    }

    /// The run as an address: the page's recipe, and the seed, the first recipe and its parameters,
    /// and every input so far (what a reload needs; a share link adds where the run is). When the
    /// inputs outgrew what an address holds, it replays the run to where recording stopped (and a
    /// notice says so).
    fn address(&self) -> Option<(&'static str, Share)> {
        let (node, driver, slug) = (self.node()?, self.driver()?, self.selected.get_untracked()?);
        let first = node.first()?;
        let first_slug = first.recipe.info.slug;
        // Past where recording stopped, the run cannot be replayed: the address ends there.
        let cut = driver.recorded_until();
        let (steps, at) = cut.map(|(steps, at, _)| (steps, at)).unzip();
        if let Some(at) = at {
            self.notice(format!(
                "Recording stopped at {}: an address holds at most {} KB of inputs, and what this run's sockets sent \
                 outgrew it there. Reloads and share links replay the run to that point.",
                Axis::label(at),
                RECORDED_QUERY_BYTES / 1024
            ));
        }
        let state = Share {
            seed: Some(node.runtime().seed()),
            run: (first_slug != slug).then(|| first_slug.to_string()),
            params: first.params,
            inputs: driver.inputs(),
            steps,
            at,
            ..Share::default()
        };
        Some((slug, state))
    }

    /// Writes the run into the address bar (replacing the entry).
    fn write_address(&self) {
        if let Some((slug, state)) = self.address() {
            page::replace_url(&format!("/{slug}{}", state.to_query()));
        }
    }

    /// Switches recipe `slug` on: it joins what runs, or starts a new run; either way with the
    /// parameters it last ran with.
    pub fn switch_on(&self, slug: &'static str) {
        if self.on.get_untracked().is_empty() {
            self.start(slug, None);
        } else {
            self.join(slug, self.settings_of(slug));
        }
    }

    /// Starts the recipe on screen again with new parameters (same seed), playing only if it was:
    /// alone, as a new run; beside other recipes, by stopping and starting it in the running node.
    pub fn restart_with(&self, params: ParamMap) {
        let Some(slug) = self.selected.get_untracked() else { return };
        let others = self.on.with_untracked(|on| on.iter().any(|s| *s != slug));
        if others {
            if self.on.get_untracked().contains(&slug) {
                self.command(Command::Stop { slug: slug.into() });
            }
            self.command(Command::Start { slug: slug.into(), params });
        } else {
            self.begin(slug, Some(Share { params, ..Share::default() }), self.playing.get_untracked());
        }
    }

    /// The running (or last) scenario of type `T`, tracking the run (panels read it).
    pub fn scenario<T: Scenario>(&self) -> Option<Rc<T>> {
        self.on.track();
        self.run.with(|r| r.as_ref().and_then(|r| r.node.find::<T>()))
    }

    /// The parameters of the recipe on screen as they are now, tracking the run.
    pub fn params(&self) -> ParamMap {
        self.on.track();
        let slug = self.selected.get();
        self.run.with(|r| {
            r.as_ref()
                .zip(slug)
                .and_then(|(r, slug)| r.node.with_latest(slug, |a| a.scenario.params()))
                .unwrap_or_default()
        })
    }

    /// Starts a new run with `seed`: the first recipe with its parameters, and every other recipe
    /// that is on, from the start; playing only if it was.
    pub fn reseed(&self, seed: u64) {
        self.seed.set(seed);
        let Some(node) = self.node() else { return };
        let Some(slug) = self.selected.get_untracked() else { return };
        let running = node.running();
        let Some(first) = running.first().copied() else { return };
        let inputs = running[1..]
            .iter()
            .map(|s| Input {
                step: 0,
                at: 0,
                action: Command::Start { slug: s.to_string(), params: self.settings_of(s) }.to_text(),
            })
            .collect();
        let share = Share {
            seed: Some(seed),
            run: Some(first.to_string()),
            params: self.settings_of(first),
            inputs,
            ..Share::default()
        };
        let playing = self.playing.get_untracked();
        self.begin(slug, Some(share), playing);
        self.write_address();
        if playing && let Some(driver) = self.driver() {
            driver.play();
            self.playing.set(true);
        }
    }

    /// Switches recipe `slug` off: its supervisor stops (children and timers with it), the others
    /// go on, and the trace of that shutdown stays on screen.
    pub fn switch_off(&self, slug: &str) {
        if self.on.get_untracked().contains(&slug) {
            self.command(Command::Stop { slug: slug.into() });
            self.bump();
        }
    }

    /// Switches every recipe off (the shell going away, a new run replacing this one).
    pub fn switch_off_all(&self) {
        let Some(run) = self.run.get_untracked() else { return };
        run.driver.pause();
        for slug in run.node.running() {
            let _ = run.node.stop(slug);
        }
        self.on.set(Vec::new());
        self.playing.set(false);
        self.cursor.set(None);
        self.bump();
    }

    /// Whether the recipe on screen is on (tracked).
    pub fn is_on(&self) -> bool {
        let slug = self.selected.get();
        self.on.with(|on| slug.is_some_and(|s| on.contains(&s)))
    }

    /// Whether any recipe is on (tracked): the node has something to play.
    pub fn any_on(&self) -> bool {
        self.on.with(|on| !on.is_empty())
    }

    pub fn toggle_play(&self) {
        let Some(driver) = self.driver() else { return };
        if !self.any_on() || self.replaying.get_untracked().is_some() {
            return;
        }
        if driver.is_playing() {
            driver.pause();
        } else {
            self.cursor.set(None);
            driver.play();
        }
        self.playing.set(driver.is_playing());
    }

    /// Shows exactly one more event: the next buffered one when scrubbed back, else runs the
    /// runtime until it records one (the views then show only the first of what it recorded).
    pub fn step(&self) {
        let Some(driver) = self.driver() else { return };
        if self.replaying.get_untracked().is_some() {
            return;
        }
        let rt = driver.runtime();
        let total = rt.read_trace(|t| t.total());
        match self.cursor.get_untracked() {
            Some(c) if c < total => self.cursor.set(Some(c + 1).filter(|c| *c < total)),
            _ => {
                if !self.any_on() {
                    return;
                }
                while driver.step() && rt.read_trace(|t| t.total()) == total {}
                let now_total = rt.read_trace(|t| t.total());
                self.cursor.set(Some(total + 1).filter(|c| *c < now_total));
            }
        }
        self.playing.set(false);
        self.bump();
    }

    pub fn set_speed(&self, speed: Speed) {
        self.speed.set(speed);
        if let Some(d) = self.driver() {
            d.set_speed(speed);
        }
    }

    /// Moves the views to event `position` (no earlier than [`Session::floor`]); the end of the run
    /// is live (and resumes if it was playing).
    pub fn scrub(&self, position: u64) {
        let Some(driver) = self.driver() else { return };
        let total = driver.runtime().read_trace(|t| t.total());
        let position = position.max(self.floor.get_untracked());
        if position >= total {
            self.cursor.set(None);
        } else {
            driver.pause();
            self.playing.set(false);
            self.cursor.set(Some(position));
        }
    }

    /// Performs a control of the recipe on screen; a refusal becomes a notice.
    pub fn input(&self, action: &str) {
        let Some(slug) = self.selected.get_untracked() else { return };
        if !self.on.get_untracked().contains(&slug) {
            self.notice("Switch the recipe on first.");
            return;
        }
        let first = self.node().and_then(|n| n.first()).map(|a| a.recipe.info.slug);
        let slug = (first != Some(slug)).then(|| slug.to_string());
        self.command(Command::Act { slug, action: action.into() });
    }

    /// A URL that reproduces this run at this moment (or where recording stopped), and the trace hash
    /// it will reproduce.
    pub fn share(&self) {
        let (Some(node), Some(driver), Some((slug, state))) = (self.node(), self.driver(), self.address()) else {
            return;
        };
        let rt = node.runtime();
        let hash = driver.recorded_until().map_or_else(|| rt.trace_hash(), |(.., hash)| hash);
        let share = Share {
            steps: Some(state.steps.unwrap_or_else(|| rt.steps())),
            at: Some(state.at.unwrap_or_else(|| rt.now())),
            cursor: self.cursor.get_untracked(),
            ..state
        };
        let url = format!("{}/{slug}{}", page::origin(), share.to_query());
        let copied = self.copied;
        copied.set(None);
        page::copy_to_clipboard(&url, move |ok| copied.set(Some(ok)));
        self.shared.set(Some((url, hash)));
    }

    /// Events recorded so far (the scrubber's end), tracking the run's progress.
    pub fn total_events(&self) -> u64 {
        self.version.track();
        self.run.with(|r| r.as_ref().map_or(0, |r| r.runtime().read_trace(|t| t.total())))
    }

    /// The run moved: every folded view reads the events since the last frame, the scrubber's
    /// floor follows the trace, and the views are told.
    fn bump(&self) {
        if let Some(run) = self.run.get_untracked() {
            let floor = {
                let mut views = run.views.borrow_mut();
                run.runtime().read_trace(|t| views.advance(t));
                views.earliest()
            };
            if self.floor.get_untracked() != floor {
                self.floor.set(floor);
            }
        }
        self.version.update(|v| *v += 1);
    }

    /// The view called `name` (made by `make` the first time, and again when `key` changes) at the
    /// cursor, tracking the run: folded once per frame, restored from a checkpoint when scrubbed.
    pub fn fold<K, V>(&self, name: &'static str, key: K, make: impl FnOnce(&K, &Trace) -> V) -> Option<Rc<Folded<V>>>
    where
        K: PartialEq + 'static,
        V: Fold + 'static,
    {
        self.version.track();
        let cursor = self.cursor.get();
        self.run.with(|run| {
            let run = run.as_ref()?;
            let mut views = run.views.borrow_mut();
            Some(run.runtime().read_trace(|t| views.at(name, key, make, t, cursor)))
        })
    }

    /// Like [`Session::fold`], over the events of the recipe on screen only (its latest start's
    /// processes), so recipes running beside it do not count in its panel.
    pub fn app_fold<K, V>(
        &self,
        name: &'static str,
        key: K,
        make: impl FnOnce(&K, &Trace) -> V,
    ) -> Option<Rc<Folded<Scoped<V>>>>
    where
        K: PartialEq + 'static,
        V: Fold + 'static,
    {
        self.on.track();
        let slug = self.selected.get()?;
        let scope: Scope = self.run.with(|r| r.as_ref().and_then(|r| r.node.with_latest(slug, |a| a.scope)))?;
        self.fold(name, (scope, key), move |(scope, key), t| Scoped::new(*scope, make(key, t)))
    }

    /// The timeline's lanes at the cursor, and the clock there.
    pub fn lanes(&self) -> Option<(Rc<Folded<Lanes>>, u64)> {
        let lanes = self.fold("lanes", (), |_, t| Lanes::new(t.capacity()))?;
        Some((lanes, self.now()))
    }

    /// The lanes of the recipe on screen only (its latest start's processes), at the cursor.
    pub fn app_lanes(&self) -> Option<Rc<Folded<Scoped<Lanes>>>> {
        self.app_fold("app.lanes", (), |_, t| Lanes::new(t.capacity()))
    }

    /// The virtual time the views show: the clock while live; scrubbed, the time of the last event shown.
    pub fn now(&self) -> u64 {
        let scrubbed = self.fold("clock", (), |_, _| Clock::default()).map_or(0, |c| c.view().at);
        match self.cursor.get() {
            Some(_) => scrubbed,
            None => self.run.with(|r| r.as_ref().map_or(0, |r| r.runtime().now())),
        }
    }
}

/// The session from context (provided by the app shell).
pub fn use_session() -> Session {
    use_context::<Session>().expect("the app shell provides the session")
}
