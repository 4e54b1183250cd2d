//! The periodic-work scenario on the runtime: ticker GenServers under a `:one_for_one` supervisor,
//! each scheduling its own `:work` with `send_after`, at a fixed delay or a fixed rate.

use super::params::{Params, Schedule};
use crate::model::recipe::{ParamMap, Scenario};
use crate::runtime::prelude::*;

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
    async fn init(&mut self, ctx: &Ctx) -> Init {
        self.deadline = ctx.now() + self.interval_ms;
        self.schedule(ctx, self.interval_ms); //@schedule
        Init::Ok
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
            Some("crash") => Err(ExitReason::atom("tick_failed")),
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
                    ctx.record_custom(CancelReturnedFalse);
                }
                Ok(CallReply::Reply(remaining.map_or(Term::atom("false"), |ms| Term::Int(ms as i64))))
            }
            _ => Err(ExitReason::Other(Term::tuple([Term::atom("bad_call"), request]))),
        }
    }
}

/// `cancel_timer` returned `false`: the timer had already fired (or none was set).
#[derive(Debug)]
pub struct CancelReturnedFalse;

impl Custom for CancelReturnedFalse {
    fn name(&self) -> &'static str {
        "cancel_returned_false"
    }

    fn describe(&self) -> String {
        "cancel_timer returned false: no timer was pending".into()
    }
}

/// A button named a ticker the supervisor is not running (it gave up, or was stopped).
#[derive(Debug)]
pub struct NotRunning {
    pub ticker: Atom,
}

impl Custom for NotRunning {
    fn name(&self) -> &'static str {
        "not_running"
    }

    fn describe(&self) -> String {
        format!("{} is not running", self.ticker)
    }

    fn write_json(&self, out: &mut String) {
        out.push_str(",\"ticker\":");
        crate::runtime::trace::json_string(out, &self.ticker);
    }
}

/// The console process: turns the page's buttons into calls and messages to a ticker.
async fn console(ctx: Ctx, supervisor: Pid) -> ProcResult {
    loop {
        let msg = ctx.receive().await;
        let Some(&Term::Atom(name)) = msg.elem(1) else { continue };
        let children = supervisor::which_children(&ctx, supervisor).await?;
        let Term::List(children) = children else { continue };
        let target = children.iter().find(|c| c.elem(0) == Some(&Term::atom(name))).and_then(|c| c.elem(1)?.as_pid());
        let Some(target) = target else {
            ctx.record_custom(NotRunning { ticker: name });
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
    pub fn start(rt: &Runtime, params: Params) -> Self {
        let rt = rt.clone();
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

    pub fn settings(&self) -> Params {
        self.params
    }

    pub fn supervisor(&self) -> Pid {
        self.supervisor
    }

    /// The ticker an action names (`cancel_ticker_1` → `ticker_1`), if it is one of ours.
    fn ticker_named(&self, name: &str) -> Option<Atom> {
        self.params.tickers().into_iter().map(|(n, _)| n).find(|n| *n == name)
    }
}

impl Scenario for Periodic {
    fn runtime(&self) -> &Runtime {
        &self.rt
    }

    fn params(&self) -> ParamMap {
        self.params.to_map()
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
