//! The periodic-work scenario on the runtime: ticker GenServers under a `:one_for_one` supervisor,
//! each scheduling its own `:work` with `send_after`, at a fixed delay or a fixed rate.

use std::collections::BTreeMap;

use crate::recipes::{Scenario, int_param};
use crate::runtime::prelude::*;

/// When the next tick is due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Schedule {
    /// `interval` after the work ends: slow work drifts the ticks.
    FixedDelay,
    /// `interval` after the previous deadline: ticks keep their rate while work fits.
    FixedRate,
}

impl Schedule {
    pub fn as_str(self) -> &'static str {
        match self {
            Schedule::FixedDelay => "delay",
            Schedule::FixedRate => "rate",
        }
    }
}

/// The recipe's parameters, as the controls and the share URL hold them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    pub interval_ms: u64,
    pub work_ms: u64,
    /// Reschedule after each tick (`forever: true`), or tick once.
    pub forever: bool,
    /// Run a fixed-delay ticker and a fixed-rate one side by side.
    pub compare: bool,
    /// Independent tickers (one per card of the stream dashboard), 1 to 9.
    pub services: u64,
}

impl Default for Params {
    fn default() -> Self {
        Params { interval_ms: 1000, work_ms: 300, forever: true, compare: true, services: 1 }
    }
}

fn flag(map: &BTreeMap<String, String>, key: &str, default: bool, notices: &mut Vec<String>) -> bool {
    match map.get(key).map(String::as_str) {
        None => default,
        Some("1") | Some("true") => true,
        Some("0") | Some("false") => false,
        Some(other) => {
            notices.push(format!("Ignored {key}={other:?}: expected 1 or 0."));
            default
        }
    }
}

impl Params {
    /// Reads parameters from a share URL's map; bad values fall back to defaults with a notice.
    pub fn from_map(map: &BTreeMap<String, String>) -> (Params, Vec<String>) {
        let mut notices = Vec::new();
        let d = Params::default();
        let interval_ms = int_param(map, "interval", 100..=60_000, d.interval_ms, &mut notices);
        let work_ms = int_param(map, "work", 0..=60_000, d.work_ms, &mut notices);
        let services = int_param(map, "services", 1..=9, d.services, &mut notices);
        let forever = flag(map, "forever", d.forever, &mut notices);
        let compare = flag(map, "compare", d.compare, &mut notices);
        (Params { interval_ms, work_ms, forever, compare, services }, notices)
    }

    pub fn to_map(&self) -> BTreeMap<String, String> {
        BTreeMap::from([
            ("interval".to_string(), self.interval_ms.to_string()),
            ("work".to_string(), self.work_ms.to_string()),
            ("forever".to_string(), u8::from(self.forever).to_string()),
            ("compare".to_string(), u8::from(self.compare).to_string()),
            ("services".to_string(), self.services.to_string()),
        ])
    }

    /// Each ticker's name and schedule, in start order.
    pub fn tickers(&self) -> Vec<(&'static str, Schedule)> {
        let mut out = Vec::new();
        for i in 0..self.services as usize {
            out.push((DELAY_NAMES[i], Schedule::FixedDelay));
            if self.compare {
                out.push((RATE_NAMES[i], Schedule::FixedRate));
            }
        }
        out
    }
}

const DELAY_NAMES: [&str; 9] =
    ["ticker_1", "ticker_2", "ticker_3", "ticker_4", "ticker_5", "ticker_6", "ticker_7", "ticker_8", "ticker_9"];
const RATE_NAMES: [&str; 9] = [
    "fixed_rate_1",
    "fixed_rate_2",
    "fixed_rate_3",
    "fixed_rate_4",
    "fixed_rate_5",
    "fixed_rate_6",
    "fixed_rate_7",
    "fixed_rate_8",
    "fixed_rate_9",
];

/// One ticker: a GenServer that sends itself `:work` every interval.
struct Ticker {
    interval_ms: u64,
    work_ms: u64,
    forever: bool,
    schedule: Schedule,
    timer: Option<Ref>,
    deadline: u64,
}

impl Ticker {
    fn schedule(&mut self, ctx: &Ctx, delay_ms: u64) {
        self.timer = Some(ctx.send_after(ctx.pid(), Term::atom("work"), delay_ms));
    }
}

impl GenServer for Ticker {
    async fn init(&mut self, ctx: &Ctx) -> ProcResult {
        self.deadline = ctx.now() + self.interval_ms;
        self.schedule(ctx, self.interval_ms); //@schedule
        Ok(())
    }

    async fn handle_info(&mut self, ctx: &Ctx, msg: Term) -> ProcResult {
        match msg.tag() {
            Some("work") => {
                ctx.sleep(self.work_ms).await; //@tick
                self.timer = None;
                if self.forever {
                    match self.schedule {
                        Schedule::FixedDelay => self.schedule(ctx, self.interval_ms), //@schedule
                        Schedule::FixedRate => {
                            self.deadline += self.interval_ms;
                            self.schedule(ctx, self.deadline.saturating_sub(ctx.now())); //@schedule
                        }
                    }
                }
                Ok(())
            }
            Some("crash") => Err(ExitReason::error("tick_failed")),
            _ => Ok(()),
        }
    }

    async fn handle_call(
        &mut self,
        ctx: &Ctx,
        request: Term,
        _from: gen_server::From,
    ) -> Result<CallReply, ExitReason> {
        match request.tag() {
            Some("cancel") => {
                let remaining = self.timer.take().and_then(|t| ctx.cancel_timer(t)); //@cancel
                if remaining.is_none() {
                    ctx.record(EventKind::Log { text: "cancel_timer returned false: no timer was pending" });
                }
                Ok(CallReply::Reply(remaining.map_or(Term::atom("false"), |ms| Term::Int(ms as i64))))
            }
            _ => Err(ExitReason::Error(Term::tuple([Term::atom("bad_call"), request]))),
        }
    }
}

/// The console process: turns the page's buttons into calls and messages to a ticker.
async fn console(ctx: Ctx, supervisor: Pid) -> ProcResult {
    loop {
        let msg = ctx.receive().await;
        let Some(Term::Atom(name)) = msg.elem(1) else { continue };
        let children = supervisor::which_children(&ctx, supervisor).await?;
        let Term::List(children) = children else { continue };
        let target = children.iter().find(|c| c.elem(0) == Some(&Term::atom(name))).and_then(|c| c.elem(1)?.as_pid());
        let Some(target) = target else {
            ctx.record(EventKind::Log { text: "that ticker is not running" });
            continue;
        };
        match msg.tag() {
            Some("cancel") => {
                gen_server::call(&ctx, target, Term::atom("cancel"), gen_server::DEFAULT_CALL_TIMEOUT).await?;
            }
            Some("crash") => ctx.send(target, Term::atom("crash")),
            _ => {}
        }
    }
}

/// The recipe's processes.
pub struct Periodic {
    rt: Runtime,
    params: Params,
    supervisor: Pid,
    console: Pid,
}

impl Periodic {
    pub fn start(params: Params, seed: u64) -> Self {
        let rt = Runtime::new(seed);
        let children = params
            .tickers()
            .into_iter()
            .map(|(name, schedule)| {
                ChildSpec::worker(name, Behaviour::GenServer, move |ctx| {
                    let ticker = Ticker {
                        interval_ms: params.interval_ms,
                        work_ms: params.work_ms,
                        forever: params.forever,
                        schedule,
                        timer: None,
                        deadline: 0,
                    };
                    gen_server::enter_loop(ctx, ticker)
                })
            })
            .collect();
        let supervisor =
            supervisor::start(&rt, "Ticker.Supervisor", SupervisorSpec::new(Strategy::OneForOne, children)); //@restart
        let console = rt.spawn("console", Behaviour::Process, move |ctx| console(ctx, supervisor));
        Periodic { rt, params, supervisor, console }
    }

    pub fn params(&self) -> Params {
        self.params
    }

    pub fn supervisor(&self) -> Pid {
        self.supervisor
    }

    /// The ticker an action names (`cancel_ticker_1` → `ticker_1`), if it is one of ours.
    fn ticker_named(&self, name: &str) -> Option<&'static str> {
        self.params.tickers().into_iter().map(|(n, _)| n).find(|n| *n == name)
    }
}

impl Scenario for Periodic {
    fn runtime(&self) -> &Runtime {
        &self.rt
    }

    fn apply(&self, action: &str) -> Result<(), String> {
        let (verb, name) = action.split_once('_').ok_or_else(|| format!("Unknown action {action:?}."))?;
        let ticker = self.ticker_named(name).ok_or_else(|| format!("There is no ticker called {name:?}."))?;
        match verb {
            "cancel" | "crash" => {
                self.rt.send(
                    self.console,
                    Term::tuple([Term::atom(if verb == "cancel" { "cancel" } else { "crash" }), Term::atom(ticker)]),
                );
                Ok(())
            }
            _ => Err(format!("Unknown action {action:?}.")),
        }
    }

    fn stop(&self) {
        self.rt.exit(self.supervisor, ExitReason::Shutdown);
        self.rt.exit(self.console, ExitReason::Shutdown);
    }
}

/// What a ticker's card shows, read from the trace.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TickerStatus {
    /// Virtual times of its `:work` ticks (across restarts).
    pub ticks: Vec<u64>,
    /// The pending timer's deadline, if one is set.
    pub pending: Option<u64>,
    /// What the last `cancel_timer` returned: `Some(ms)`, or `None` for `false`.
    pub last_cancel: Option<Option<u64>>,
    pub restarts: usize,
    pub alive: bool,
}

/// The status of the ticker called `name` after `events`.
pub fn ticker_status<'a>(events: impl IntoIterator<Item = &'a Event>, name: &str) -> TickerStatus {
    let mut status = TickerStatus::default();
    let mut pids: Vec<Pid> = Vec::new();
    let mut pending: Option<(Ref, u64)> = None;
    let mut cancelling = false;
    for e in events {
        match &e.kind {
            EventKind::Spawn { name: n, .. } if *n == name => {
                pids.push(e.pid);
                status.alive = true;
            }
            EventKind::Restart { child, .. } if *child == name => status.restarts += 1,
            _ if !pids.contains(&e.pid) => {}
            EventKind::Receive { label: "work", .. } => status.ticks.push(e.at),
            EventKind::Receive { label: "cancel", kind: MsgKind::Call, .. } => cancelling = true,
            EventKind::TimerSet { timer, label: "work", deadline, .. } => pending = Some((*timer, *deadline)),
            EventKind::TimerFired { timer, .. } if pending.is_some_and(|(t, _)| t == *timer) => pending = None,
            EventKind::TimerCancelled { timer, remaining } => {
                if pending.is_some_and(|(t, _)| t == *timer) {
                    pending = None;
                }
                if std::mem::take(&mut cancelling) {
                    status.last_cancel = Some(Some(*remaining));
                }
            }
            EventKind::Log { text } if text.starts_with("cancel_timer returned false") => {
                cancelling = false;
                status.last_cancel = Some(None);
            }
            EventKind::Exit { .. } => {
                status.alive = false;
                pending = None;
            }
            _ => {}
        }
    }
    status.pending = pending.map(|(_, deadline)| deadline);
    status
}
