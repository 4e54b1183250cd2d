//! The websocket ticker on the runtime: a WebSockex client under a `:one_for_one` supervisor,
//! connected to the simulated exchange in the node (a process speaking Kraken's v1 frames) or,
//! through a port, to a real socket.

use super::client::{Client, Settings, Sub, cast_for};
use super::exchange::{ConnId, Exchange, Faults};
use super::params::{Params, Source};
use crate::model::recipe::{ParamMap, Scenario};
use crate::runtime::port::PortEvent;
use crate::runtime::prelude::*;
use crate::runtime::websockex::{self, Endpoint, ServerRequest};

/// The simulated exchange's registered name; the client's endpoint when the source is `sim`.
pub const EXCHANGE: &str = "Kraken.Exchange";
/// The client's registered name.
pub const CLIENT: &str = "Kraken.Client";

/// The simulated exchange process: one [`Exchange`] ticked every `1000 / rate` ms, its frames sent
/// to each connected client as port messages.
struct ExchangeServer {
    market: Exchange,
    /// Open connections: the client's connection ref, the client, the exchange's connection.
    conns: Vec<(Ref, Pid, ConnId)>,
    stalled: bool,
    tick_ms: u64,
}

impl ExchangeServer {
    fn send(ctx: &Ctx, client: Pid, conn: Ref, text: String) {
        ctx.send(client, PortEvent::Data(text.into()).to_message(conn));
    }

    fn conn(&self, conn: Ref) -> Option<(Pid, ConnId)> {
        self.conns.iter().find(|(r, _, _)| *r == conn).map(|(_, p, c)| (*p, *c))
    }

    /// Closes every connection from the exchange's side (the network dropped them).
    fn drop_all(&mut self, ctx: &Ctx) {
        for (conn, client, id) in std::mem::take(&mut self.conns) {
            self.market.disconnect(id);
            let closed = PortEvent::Closed { code: 1006, reason: "connection dropped by the exchange".into() };
            ctx.send(client, closed.to_message(conn));
        }
    }
}

impl GenServer for ExchangeServer {
    async fn init(&mut self, ctx: &Ctx) -> Init {
        ctx.send_interval(ctx.pid(), Term::atom("tick"), self.tick_ms);
        Init::Ok
    }

    async fn handle_info(&mut self, ctx: &Ctx, msg: Term) -> ProcResult {
        match ServerRequest::from_message(&msg) {
            Some(ServerRequest::Connect { conn, client }) => {
                let (id, status) = self.market.connect();
                self.conns.push((conn, client, id));
                ctx.send(client, PortEvent::Connected.to_message(conn));
                Self::send(ctx, client, conn, status);
            }
            Some(ServerRequest::Text { conn, text }) => {
                if let Some((client, id)) = self.conn(conn) {
                    for reply in self.market.receive(id, &text) {
                        if !self.stalled {
                            Self::send(ctx, client, conn, reply);
                        }
                    }
                }
            }
            Some(ServerRequest::Close { conn }) => {
                if let Some((_, id)) = self.conn(conn) {
                    self.market.disconnect(id);
                    self.conns.retain(|(r, _, _)| *r != conn);
                }
            }
            None => match msg.tag() {
                Some("tick") => {
                    for (id, frame) in self.market.tick(ctx.now()) {
                        let to = self.conns.iter().find(|(_, _, c)| *c == id).filter(|_| !self.stalled);
                        if let Some(&(conn, client, _)) = to {
                            Self::send(ctx, client, conn, frame);
                        }
                    }
                }
                Some("drop") => self.drop_all(ctx),
                Some("stall") => self.stalled = msg.elem(1).is_some_and(|on| on.is_atom("true")),
                Some("faults") => {
                    let every = |i: usize| msg.elem(i).and_then(Term::as_int).filter(|n| *n > 0).map(|n| n as u64);
                    let refuse = msg.elem(3).is_some_and(|on| on.is_atom("true"));
                    self.market.set_faults(Faults {
                        malformed_every: every(1),
                        oversized_every: every(2),
                        refuse_subscriptions: refuse,
                    });
                }
                _ => {}
            },
        }
        Ok(())
    }
}

/// The recipe's processes.
pub struct Ticker {
    rt: Runtime,
    params: Params,
    supervisor: Pid,
}

impl Ticker {
    pub fn start(rt: &Runtime, params: Params) -> Self {
        let rt = rt.clone();
        let settings = Settings { backoff: params.backoff, heartbeat_ms: params.heartbeat_ms, subs: params.subs.clone() };
        let mut children = Vec::new();
        let endpoint = match &params.source {
            Source::Simulated => {
                let (seed, rate, faults) = (rt.seed(), params.rate, params.faults());
                children.push(
                    ChildSpec::worker("exchange", Behaviour::GenServer, move |ctx| {
                        let server = ExchangeServer {
                            market: Exchange::new(seed, faults),
                            conns: Vec::new(),
                            stalled: false,
                            tick_ms: (1000 / rate.max(1)).max(1),
                        };
                        gen_server::enter_loop(ctx, server)
                    })
                    .named(gen_server::Name::Local(Atom::new(EXCHANGE))),
                );
                Endpoint::Server(Atom::new(EXCHANGE))
            }
            Source::Url(url) => Endpoint::Url(url.as_str().into()),
        };
        children.push(websockex::child_spec("client", CLIENT, endpoint, move || Client::new(settings.clone())));
        let spec = SupervisorSpec::new(Strategy::OneForOne, children);
        let supervisor = supervisor::start(&rt, "Ticker.Supervisor", spec);
        Ticker { rt, params, supervisor }
    }

    pub fn settings(&self) -> &Params {
        &self.params
    }

    pub fn supervisor(&self) -> Pid {
        self.supervisor
    }

    fn exchange(&self) -> Result<Pid, String> {
        match self.params.source {
            Source::Simulated => self.rt.whereis(EXCHANGE).ok_or_else(|| "The simulated exchange is not running.".into()),
            Source::Url(_) => Err("Only the simulated exchange takes that switch; a real feed has its own.".into()),
        }
    }
}

impl Scenario for Ticker {
    fn runtime(&self) -> &Runtime {
        &self.rt
    }

    fn params(&self) -> ParamMap {
        self.params.to_map()
    }

    /// `subscribe XBT/USD ticker`, `unsubscribe …`, and the simulated exchange's switches:
    /// `drop`, `stall on|off`, `faults <malformed every> <oversized every> <refuse 1|0>`.
    fn apply(&self, action: &str) -> Result<(), String> {
        let words: Vec<&str> = action.split(' ').collect();
        match words[..] {
            [verb @ ("subscribe" | "unsubscribe"), pair, channel] => {
                let channel = super::kraken::Channel::parse(channel)
                    .ok_or_else(|| format!("{channel:?} is not a channel: ticker, spread or book."))?;
                let client = self.rt.whereis(CLIENT).ok_or("The client is not running.")?;
                self.rt.send(client, Term::tuple([Term::atom("$gen_cast"), cast_for(&Sub::new(pair, channel), verb == "subscribe")]));
                Ok(())
            }
            ["drop"] => {
                self.rt.send(self.exchange()?, Term::atom("drop"));
                Ok(())
            }
            ["stall", on @ ("on" | "off")] => {
                self.rt.send(self.exchange()?, Term::tuple([Term::atom("stall"), Term::atom(if on == "on" { "true" } else { "false" })]));
                Ok(())
            }
            ["faults", malformed, oversized, refuse @ ("1" | "0")] => {
                let every = |w: &str| w.parse::<i64>().map_err(|_| format!("{w:?} is not a whole number."));
                let msg = Term::tuple([
                    Term::atom("faults"),
                    Term::Int(every(malformed)?),
                    Term::Int(every(oversized)?),
                    Term::atom(if refuse == "1" { "true" } else { "false" }),
                ]);
                self.rt.send(self.exchange()?, msg);
                Ok(())
            }
            _ => Err(format!("Unknown action {action:?}.")),
        }
    }

    fn stop(&self) {
        self.rt.exit(self.supervisor, ExitReason::Shutdown);
    }
}
