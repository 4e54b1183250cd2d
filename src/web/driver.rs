//! The browser driver: moves the runtime's virtual clock on the browser's event loop
//! (`wasm_bindgen_futures::spawn_local` + `gloo-timers`), with pause, step, speed and
//! as-fast-as-possible. Processes still run in the runtime's own deterministic order,
//! so a run here replays the same trace as the native simulation driver.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::future::TimeoutFuture;
use wasm_bindgen_futures::spawn_local;

use crate::model::float::clamp;
use crate::model::node::Command;
use crate::model::share::{Input, Recording};
use crate::runtime::{RunOutcome, Runtime};
use crate::web::websocket::Sockets;

/// How fast virtual time runs against wall time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Speed {
    /// Virtual milliseconds per wall millisecond (0.1 to 10 in the UI).
    Times(f64),
    /// Like the simulation driver: jump from deadline to deadline, yielding to the page between slices.
    AsFastAsPossible,
}

/// Wall time given to the runtime before the page gets the thread back.
const SLICE_MS: f64 = 8.0;
/// Polls between wall-clock checks.
const POLL_BATCH: usize = 256;
/// The longest the driver sleeps in real time before looking again (about one frame).
const FRAME_MS: f64 = 16.0;

/// Performs a recipe action on the runtime (the recipe's `Scenario::apply`).
pub type ApplyFn = Rc<dyn Fn(&str) -> Result<(), String>>;

struct State {
    rt: Runtime,
    speed: Speed,
    playing: bool,
    generation: u64,
    outcome: Option<RunOutcome>,
    inputs: Recording,
    /// The trace's hash where recording stopped.
    hash_at_cut: u64,
    apply: ApplyFn,
    on_progress: Option<Rc<dyn Fn()>>,
    /// The browser sockets the runtime's ports own (made when a process first opens one).
    sockets: Option<Sockets>,
}

/// Drives one [`Runtime`] in the browser.
#[derive(Clone)]
pub struct Driver {
    state: Rc<RefCell<State>>,
}

/// Monotonic wall-clock milliseconds (`performance.now()`): never jumps when the system clock is set.
fn wall_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

impl Driver {
    /// A paused driver for `rt`; `apply` performs the recipe's actions (see [`Driver::input`]).
    pub fn new(rt: Runtime, speed: Speed, apply: ApplyFn) -> Self {
        let state = State {
            rt,
            speed,
            playing: false,
            generation: 0,
            outcome: None,
            inputs: Recording::default(),
            hash_at_cut: 0,
            apply,
            on_progress: None,
            sockets: None,
        };
        Driver { state: Rc::new(RefCell::new(state)) }
    }

    /// Called after every slice of work, so views can redraw.
    pub fn on_progress(&self, callback: impl Fn() + 'static) {
        self.state.borrow_mut().on_progress = Some(Rc::new(callback));
    }

    fn notify(state: &Rc<RefCell<State>>) {
        Driver::serve_ports(state);
        let callback = state.borrow().on_progress.clone();
        if let Some(callback) = callback {
            callback();
        }
    }

    /// Performs what processes asked of the outside world on real sockets; each socket's events
    /// come back as recorded inputs ([`Command::Port`]), so a share link replays them.
    fn serve_ports(state: &Rc<RefCell<State>>) {
        let requests = state.borrow().rt.take_port_requests();
        if requests.is_empty() {
            return;
        }
        let weak = Rc::downgrade(state);
        let mut sockets = state.borrow_mut().sockets.take().unwrap_or_else(|| {
            Sockets::new(Rc::new(move |port, event| {
                if let Some(state) = weak.upgrade() {
                    // An answer for a port that closed meanwhile is dropped by the node.
                    let _ = Driver { state }.input(&Command::Port { port, event }.to_text());
                }
            }))
        });
        requests.into_iter().for_each(|r| sockets.perform(r));
        state.borrow_mut().sockets = Some(sockets);
    }

    /// Performs a user action now and records where it happened, so a share URL can replay it.
    /// The page only runs between the driver's slices, so "now" is always between two steps.
    pub fn input(&self, action: &str) -> Result<(), String> {
        let (rt, apply) = {
            let s = self.state.borrow();
            (s.rt.clone(), s.apply.clone())
        };
        let input = Input { step: rt.steps(), at: rt.now(), action: action.to_string() };
        if self.state.borrow().inputs.stops_at(&input) {
            // What a link that replays the run to here reproduces.
            self.state.borrow_mut().hash_at_cut = rt.trace_hash();
        }
        apply(action)?;
        self.state.borrow_mut().inputs.record(input);
        Driver::notify(&self.state);
        Ok(())
    }

    /// The actions recorded so far, in order (see [`Recording`]).
    pub fn inputs(&self) -> Vec<Input> {
        self.state.borrow().inputs.inputs().to_vec()
    }

    /// Where recording stopped, if it did: (steps, virtual ms, the trace's hash there); the run
    /// went on past it.
    pub fn recorded_until(&self) -> Option<(u64, u64, u64)> {
        let s = self.state.borrow();
        s.inputs.cut().map(|(steps, at)| (steps, at, s.hash_at_cut))
    }

    /// Starts from a replayed run: its inputs count as already applied, and what its ports asked
    /// of the outside world was answered by them (a port left open there is closed by its owner's
    /// watchdog, and a new one opens for real).
    pub fn restore_inputs(&self, inputs: Vec<Input>) {
        let mut s = self.state.borrow_mut();
        s.rt.take_port_requests();
        s.inputs = Recording::of(inputs);
    }

    pub fn runtime(&self) -> Runtime {
        self.state.borrow().rt.clone()
    }

    pub fn speed(&self) -> Speed {
        self.state.borrow().speed
    }

    pub fn is_playing(&self) -> bool {
        self.state.borrow().playing
    }

    /// How the run ended, once the driver found nothing left to do (as fast as possible only:
    /// in real time, idle processes may still get messages from the page).
    pub fn outcome(&self) -> Option<RunOutcome> {
        self.state.borrow().outcome.clone()
    }

    /// Starts (or resumes) moving the clock.
    pub fn play(&self) {
        let generation = {
            let mut s = self.state.borrow_mut();
            if s.playing {
                return;
            }
            s.playing = true;
            s.generation += 1;
            s.generation
        };
        spawn_local(run(self.state.clone(), generation));
    }

    /// Stops the clock; processes keep their state.
    pub fn pause(&self) {
        let mut s = self.state.borrow_mut();
        s.playing = false;
        s.generation += 1;
    }

    /// Pauses, then does one unit of work: polls one ready process, or jumps to the next deadline.
    pub fn step(&self) -> bool {
        self.pause();
        let worked = self.runtime().step();
        Driver::notify(&self.state);
        worked
    }

    pub fn set_speed(&self, speed: Speed) {
        self.state.borrow_mut().speed = speed;
    }
}

/// The driver loop; it ends when paused (its generation is stale) or when the run is over.
async fn run(state: Rc<RefCell<State>>, generation: u64) {
    let rt = state.borrow().rt.clone();
    let mut last_wall = wall_ms();
    let mut virtual_ms = rt.now() as f64;
    loop {
        let speed = {
            let s = state.borrow();
            if s.generation != generation || !s.playing {
                return;
            }
            s.speed
        };
        let slice_start = wall_ms();
        match speed {
            Speed::AsFastAsPossible => {
                while wall_ms() - slice_start < SLICE_MS {
                    if rt.run_ready(POLL_BATCH) == 0 && !rt.fire_next_timer() {
                        let outcome = rt.run();
                        {
                            let mut s = state.borrow_mut();
                            s.outcome = Some(outcome);
                            s.playing = false;
                        }
                        Driver::notify(&state);
                        return;
                    }
                }
                virtual_ms = rt.now() as f64;
                last_wall = wall_ms();
                Driver::notify(&state);
                TimeoutFuture::new(0).await;
            }
            Speed::Times(factor) => {
                if rt.run_ready(POLL_BATCH) == POLL_BATCH {
                    TimeoutFuture::new(0).await;
                    continue;
                }
                let wall = wall_ms();
                virtual_ms = virtual_ms.max(rt.now() as f64) + (wall - last_wall) * factor;
                last_wall = wall;
                let target = virtual_ms as u64;
                while rt.next_deadline().is_some_and(|d| d <= target) {
                    rt.fire_next_timer();
                    rt.run_until_idle();
                }
                rt.advance_clock_to(target);
                Driver::notify(&state);
                let until_next = rt.next_deadline().map_or(FRAME_MS, |d| (d.saturating_sub(target)) as f64 / factor);
                TimeoutFuture::new(clamp(until_next, 0.0, FRAME_MS) as u32).await;
            }
        }
    }
}

/// Runs `chunk` (a small piece of work that says when the whole is done) in slices of about
/// [`SLICE_MS`] of wall time, giving the page the thread between slices; `between` runs after each
/// yield and may give up (returning `false`); `done` runs once the work is. A job that fits in one
/// slice finishes before this returns.
pub fn in_slices(
    mut chunk: impl FnMut() -> bool + 'static,
    mut between: impl FnMut() -> bool + 'static,
    done: impl FnOnce() + 'static,
) {
    let mut slice = move || {
        let start = wall_ms();
        loop {
            if chunk() {
                return true;
            }
            if wall_ms() - start >= SLICE_MS {
                return false;
            }
        }
    };
    if slice() {
        done();
        return;
    }
    spawn_local(async move {
        loop {
            TimeoutFuture::new(0).await;
            if !between() {
                return;
            }
            if slice() {
                done();
                return;
            }
        }
    });
}
