//! The learner's session (UI state): which recipe runs, how fast, and which moment the views show.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;

use super::Page;
use crate::model::checkpoint::Views;
use crate::model::fold::{Clock, Fold, Folded};
use crate::model::lanes::Lanes;
use crate::model::recipe::{ParamMap, Recipe, Scenario, downcast};
use crate::model::share::{Share, replay};
use crate::runtime::prelude::*;
use crate::web::driver::{Driver, Speed};
use crate::web::page;

/// The run on screen.
#[derive(Clone)]
pub struct ActiveRun {
    pub recipe: &'static Recipe,
    pub scenario: Rc<dyn Scenario>,
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
    /// The recipe switched on, if any (a stopped run stays on screen, switched off).
    pub on: RwSignal<Option<&'static str>>,
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
    /// The last share URL made, and the trace hash it reproduces.
    pub shared: RwSignal<Option<(String, u64)>>,
}

/// The default seed: runs are reproducible until the learner asks for a new one.
pub const DEFAULT_SEED: u64 = 42;

impl Session {
    pub fn new(pages: &'static [Page]) -> Self {
        Session {
            pages,
            run: RwSignal::new_local(None),
            on: RwSignal::new(None),
            version: RwSignal::new(0),
            cursor: RwSignal::new(None),
            floor: RwSignal::new(0),
            playing: RwSignal::new(false),
            speed: RwSignal::new(Speed::Times(1.0)),
            seed: RwSignal::new(DEFAULT_SEED),
            notices: RwSignal::new(Vec::new()),
            shared: RwSignal::new(None),
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

    /// Starts `slug` afresh and plays it, or as a share URL describes it (replayed to its exact
    /// point, paused).
    pub fn start(&self, slug: &str, share: Option<Share>) {
        self.begin(slug, share, true);
    }

    /// Starts `slug`; a fresh run plays if `play`, and the address bar then shows its parameters and
    /// seed (replacing the entry, so a reload or Back brings the same run back, and only recipe
    /// changes add history entries).
    fn begin(&self, slug: &str, share: Option<Share>, play: bool) {
        self.switch_off();
        // What the last run's controls said is about that run.
        self.notices.set(Vec::new());
        let share = share.unwrap_or_default();
        let seed = share.seed.unwrap_or_else(|| self.seed.get_untracked());
        let Some(recipe) = self.pages.iter().map(|p| p.recipe).find(|r| r.info.slug == slug) else {
            self.notice(format!("There is no recipe called {slug:?}."));
            return;
        };
        let started = (recipe.start)(&share.params, seed);
        started.notices.into_iter().for_each(|n| self.notice(n));
        let scenario = started.scenario;
        let scenario_params = scenario.params();
        let apply_scenario = scenario.clone();
        let driver = Driver::new(
            scenario.runtime().clone(),
            self.speed.get_untracked(),
            Rc::new(move |a: &str| apply_scenario.apply(a)),
        );
        let replayed = share.steps.is_some() || !share.inputs.is_empty();
        if replayed {
            let rt = scenario.runtime();
            let mut failures = Vec::new();
            let (steps, at) = (share.steps.unwrap_or(0), share.at.unwrap_or(0));
            replay(rt, &share.inputs, steps, at, |a| {
                if let Err(e) = scenario.apply(a) {
                    failures.push(e);
                }
            });
            failures.into_iter().for_each(|f| self.notice(f));
            driver.restore_inputs(share.inputs.clone());
        }
        let total = scenario.runtime().read_trace(|t| t.total());
        let cursor = match share.cursor {
            Some(c) if c <= total => Some(c).filter(|c| *c < total),
            Some(c) => {
                self.notice(format!("Ignored cursor={c}: the run has only {total} events."));
                None
            }
            None => None,
        };
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
        self.cursor.set(cursor);
        self.shared.set(None);
        self.floor.set(0);
        let views = Rc::new(RefCell::new(Views::default()));
        self.run.set(Some(ActiveRun { recipe, scenario, driver: driver.clone(), views }));
        self.on.set(Some(recipe.info.slug));
        self.bump();
        if !replayed {
            let state = Share { seed: Some(seed), params: scenario_params, ..Share::default() };
            page::replace_url(&format!("/{}{}", recipe.info.slug, state.to_query()));
            if play {
                driver.play();
                self.playing.set(true);
            }
        }
    }

    /// Starts the recipe on screen again with new parameters (same seed), playing only if it was.
    pub fn restart_with(&self, params: ParamMap) {
        if let Some(slug) = self.run.with_untracked(|r| r.as_ref().map(|r| r.recipe.info.slug)) {
            self.begin(slug, Some(Share { params, ..Share::default() }), self.playing.get_untracked());
        }
    }

    /// The running scenario as the recipe's own type, tracking the run (panels read it).
    pub fn scenario<T: Scenario>(&self) -> Option<Rc<T>> {
        self.run.with(|r| r.as_ref().and_then(|r| downcast::<T>(&r.scenario)))
    }

    /// Starts the recipe on screen again with `seed` and its current parameters, playing only if it was.
    pub fn reseed(&self, seed: u64) {
        self.seed.set(seed);
        let current = self.run.with_untracked(|r| r.as_ref().map(|r| (r.recipe.info.slug, r.scenario.params())));
        if let Some((slug, params)) = current {
            let share = Share { seed: Some(seed), params, ..Share::default() };
            self.begin(slug, Some(share), self.playing.get_untracked());
        }
    }

    /// Toggles the running recipe off: its supervisor stops (children and timers with it), and the
    /// trace of that shutdown stays on screen.
    pub fn switch_off(&self) {
        let Some(run) = self.run.get_untracked() else { return };
        if self.on.get_untracked().is_none() {
            return;
        }
        run.driver.pause();
        run.scenario.stop();
        run.runtime().run_until_idle();
        self.on.set(None);
        self.playing.set(false);
        self.cursor.set(None);
        self.bump();
    }

    pub fn is_on(&self) -> bool {
        self.on.get().is_some()
    }

    pub fn toggle_play(&self) {
        let Some(driver) = self.driver() else { return };
        if self.on.get_untracked().is_none() {
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
        let rt = driver.runtime();
        let total = rt.read_trace(|t| t.total());
        match self.cursor.get_untracked() {
            Some(c) if c < total => self.cursor.set(Some(c + 1).filter(|c| *c < total)),
            _ => {
                if self.on.get_untracked().is_none() {
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

    /// Performs a recipe control's action; a refusal becomes a notice.
    pub fn input(&self, action: &str) {
        let Some(driver) = self.driver() else { return };
        if self.on.get_untracked().is_none() {
            self.notice("Switch the recipe on first.");
            return;
        }
        self.cursor.set(None);
        if let Err(e) = driver.input(action) {
            self.notice(e);
        }
    }

    /// A URL that reproduces this run at this moment, and the trace hash it will reproduce.
    pub fn share(&self) {
        let Some(run) = self.run.get_untracked() else { return };
        let rt = run.runtime();
        let share = Share {
            seed: Some(rt.seed()),
            params: run.scenario.params(),
            inputs: run.driver.inputs(),
            steps: Some(rt.steps()),
            at: Some(rt.now()),
            cursor: self.cursor.get_untracked(),
        };
        let url = format!("{}/{}{}", page::origin(), run.recipe.info.slug, share.to_query());
        page::copy_to_clipboard(&url);
        self.shared.set(Some((url, rt.trace_hash())));
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

    /// The timeline's lanes at the cursor, and the clock there.
    pub fn lanes(&self) -> Option<(Rc<Folded<Lanes>>, u64)> {
        let lanes = self.fold("lanes", (), |_, t| Lanes::new(t.capacity()))?;
        Some((lanes, self.now()))
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
