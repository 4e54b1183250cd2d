//! Tasklane's local feed (a stand-in for `wss://ws.kraken.com`): one shared simulated exchange
//! served over WebSocket in Kraken's public API v1, with faults switched on from the command line or
//! from the socket itself.
//!
//! Every connection (on any path) gets the exchange's `systemStatus`, then the replies to its
//! requests and the frames of its subscriptions as the exchange ticks `rate` times a second. The
//! faults: close every connection every N seconds (`drop_every`), accept but send nothing (`stall`),
//! every Nth frame malformed or oversized, and subscriptions refused.
//!
//! A client switches faults with a control frame, which the exchange never sees:
//! `{"event":"tasklaneControl","dropEvery":5,"stall":false,"malformedEvery":10,"oversizedEvery":0,"refuseSubscriptions":false}`.
//! Each field is optional (absent leaves it as it is; 0 turns an "every" fault off), and the
//! connection that sent it gets the settings now in force, even while stalled:
//! `{"event":"tasklaneControlStatus","dropEvery":5,"stall":false,"malformedEvery":10,"oversizedEvery":0,"refuseSubscriptions":false}`.

use std::collections::BTreeMap;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde::{Deserialize, Serialize};
use tasklane::recipes::ticker::exchange::{ConnId, Exchange, Faults};
use tasklane::recipes::ticker::kraken;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

/// The highest rate the feed takes, in market steps per second.
pub const MAX_RATE: u32 = 1_000;

/// How the feed runs: the port, the tick rate, the seed and the faults it starts with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub port: u16,
    /// Market steps per second: each moves one pair (in turn) and sends a frame for each channel of
    /// it a connection subscribes to, so three pairs' tickers come at `rate` frames a second.
    pub rate: u32,
    pub seed: u64,
    pub settings: Settings,
}

impl Default for Options {
    fn default() -> Options {
        Options { port: 9_001, rate: 20, seed: 1, settings: Settings::default() }
    }
}

/// The faults in force, as the control frame and its status reply name them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// Close every connection every this many seconds (0: never).
    pub drop_every: u64,
    /// Accept connections but send them nothing.
    pub stall: bool,
    /// Every Nth frame to a connection is malformed (0: none).
    pub malformed_every: u64,
    /// Every Nth frame to a connection is over the client's size limit (0: none).
    pub oversized_every: u64,
    /// Refuse every subscription.
    pub refuse_subscriptions: bool,
}

impl Settings {
    fn faults(self) -> Faults {
        let every = |n: u64| (n > 0).then_some(n);
        Faults {
            malformed_every: every(self.malformed_every),
            oversized_every: every(self.oversized_every),
            refuse_subscriptions: self.refuse_subscriptions,
        }
    }
}

/// A control frame: the fields to change.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Control {
    event: String,
    drop_every: Option<u64>,
    stall: Option<bool>,
    malformed_every: Option<u64>,
    oversized_every: Option<u64>,
    refuse_subscriptions: Option<bool>,
}

impl Control {
    /// The control frame `text` is, if it is one.
    fn read(text: &str) -> Option<Control> {
        serde_json::from_str::<Control>(text).ok().filter(|c| c.event == "tasklaneControl")
    }

    fn apply(&self, s: &mut Settings) {
        s.drop_every = self.drop_every.unwrap_or(s.drop_every);
        s.stall = self.stall.unwrap_or(s.stall);
        s.malformed_every = self.malformed_every.unwrap_or(s.malformed_every);
        s.oversized_every = self.oversized_every.unwrap_or(s.oversized_every);
        s.refuse_subscriptions = self.refuse_subscriptions.unwrap_or(s.refuse_subscriptions);
    }
}

#[derive(Serialize)]
struct ControlStatus {
    event: &'static str,
    #[serde(flatten)]
    settings: Settings,
}

/// What a connection's task is told to do.
enum Out {
    Text(String),
    Close,
}

/// The exchange, the open connections and the faults, shared by every task.
struct Shared {
    exchange: Exchange,
    conns: BTreeMap<ConnId, mpsc::UnboundedSender<Out>>,
    settings: Settings,
    last_drop: Instant,
}

type State = Arc<Mutex<Shared>>;

fn lock(state: &State) -> MutexGuard<'_, Shared> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Reads the command line (without the program name).
///
/// ```
/// let options = tasklane_feed::parse_args(["--port", "9100", "--stall"].map(String::from)).unwrap();
/// assert_eq!((options.port, options.settings.stall, options.rate), (9100, true, 20));
/// ```
pub fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut options = Options::default();
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        let s = &mut options.settings;
        match flag.as_str() {
            "--port" => options.port = number(&flag, &value(&flag)?)?,
            "--rate" => options.rate = number(&flag, &value(&flag)?)?,
            "--seed" => options.seed = number(&flag, &value(&flag)?)?,
            "--drop-every" => s.drop_every = number(&flag, &value(&flag)?)?,
            "--malformed-every" => s.malformed_every = number(&flag, &value(&flag)?)?,
            "--oversized-every" => s.oversized_every = number(&flag, &value(&flag)?)?,
            "--stall" => s.stall = true,
            "--refuse-subscriptions" => s.refuse_subscriptions = true,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if options.rate == 0 || options.rate > MAX_RATE {
        return Err(format!("--rate is between 1 and {MAX_RATE} frames per second"));
    }
    Ok(options)
}

fn number<T: std::str::FromStr>(flag: &str, text: &str) -> Result<T, String> {
    text.parse().map_err(|_| format!("{flag} takes a whole number, not {text:?}"))
}

/// The usage line `--help` and a bad argument print.
pub const USAGE: &str = "usage: tasklane-feed [--port N] [--rate STEPS_PER_SECOND] [--seed N] [--drop-every SECONDS] \
                         [--stall] [--malformed-every N] [--oversized-every N] [--refuse-subscriptions]";

/// Serves the feed on `listener` until `shutdown` completes, then closes every connection.
pub async fn serve(listener: TcpListener, options: Options, shutdown: impl Future<Output = ()>) -> io::Result<()> {
    let exchange = Exchange::new(options.seed, options.settings.faults());
    let state: State = Arc::new(Mutex::new(Shared {
        exchange,
        conns: BTreeMap::new(),
        settings: options.settings,
        last_drop: Instant::now(),
    }));
    let start = Instant::now();
    let mut background = JoinSet::new();
    background.spawn(tick_loop(state.clone(), options.rate, start));
    background.spawn(drop_loop(state.clone()));
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, addr)) => {
                    connections.spawn(connection(state.clone(), stream, addr));
                }
                Err(e) => eprintln!("tasklane-feed: accept failed: {e}"),
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    background.shutdown().await;
    for conn in lock(&state).conns.values() {
        let _ = conn.send(Out::Close);
    }
    let closing = async { while connections.join_next().await.is_some() {} };
    if tokio::time::timeout(Duration::from_secs(2), closing).await.is_err() {
        connections.shutdown().await;
    }
    Ok(())
}

/// Ticks the exchange `rate` times a second and hands each connection its frames.
async fn tick_loop(state: State, rate: u32, start: Instant) {
    let mut interval = tokio::time::interval(Duration::from_micros(1_000_000 / u64::from(rate.max(1))));
    loop {
        interval.tick().await;
        let now_ms = u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX);
        let mut shared = lock(&state);
        let frames = shared.exchange.tick(now_ms);
        if shared.settings.stall {
            continue;
        }
        for (conn, frame) in frames {
            if let Some(out) = shared.conns.get(&conn) {
                let _ = out.send(Out::Text(frame));
            }
        }
    }
}

/// Closes every connection every `drop_every` seconds while that fault is on.
async fn drop_loop(state: State) {
    loop {
        tokio::time::sleep(Duration::from_millis(50)).await;
        let mut shared = lock(&state);
        let every = Duration::from_secs(shared.settings.drop_every);
        if every.is_zero() || shared.last_drop.elapsed() < every {
            continue;
        }
        shared.last_drop = Instant::now();
        for out in shared.conns.values() {
            let _ = out.send(Out::Close);
        }
    }
}

/// Changes the faults as `control` asks; the status frame to reply with.
fn control(state: &State, control: &Control) -> String {
    let mut shared = lock(state);
    let mut settings = shared.settings;
    control.apply(&mut settings);
    if settings.drop_every != shared.settings.drop_every {
        shared.last_drop = Instant::now();
    }
    shared.settings = settings;
    shared.exchange.set_faults(settings.faults());
    let status = ControlStatus { event: "tasklaneControlStatus", settings };
    serde_json::to_string(&status).unwrap_or_default()
}

/// One client: the handshake, then its frames both ways until either side closes.
async fn connection(state: State, stream: TcpStream, addr: SocketAddr) {
    let ws = match tokio_tungstenite::accept_async(stream).await {
        Ok(ws) => ws,
        Err(e) => {
            eprintln!("tasklane-feed: handshake with {addr} failed: {e}");
            return;
        }
    };
    let (out, mut outbox) = mpsc::unbounded_channel();
    let (id, status, stalled) = {
        let mut shared = lock(&state);
        let (id, status) = shared.exchange.connect();
        shared.conns.insert(id, out);
        (id, status, shared.settings.stall)
    };
    println!("tasklane-feed: connection {} from {addr}", id.0);
    let (mut sink, mut stream) = ws.split();
    let mut open = stalled || sink.send(Message::text(status)).await.is_ok();
    while open {
        tokio::select! {
            next = outbox.recv() => match next {
                Some(Out::Text(frame)) => open = sink.send(Message::text(frame)).await.is_ok(),
                Some(Out::Close) | None => {
                    let frame = CloseFrame { code: CloseCode::Away, reason: "tasklane-feed: connection dropped".into() };
                    let _ = sink.send(Message::Close(Some(frame))).await;
                    let _ = tokio::time::timeout(Duration::from_secs(1), async { while stream.next().await.is_some() {} }).await;
                    open = false;
                }
            },
            incoming = stream.next() => match incoming {
                Some(Ok(Message::Text(text))) => {
                    let replies = match Control::read(&text) {
                        Some(asked) => vec![control(&state, &asked)],
                        None => {
                            if let Ok(request) = kraken::parse_request(&text) {
                                println!("tasklane-feed: connection {}: {}", id.0, describe(&request));
                            }
                            let mut shared = lock(&state);
                            let replies = shared.exchange.receive(id, &text);
                            if shared.settings.stall { Vec::new() } else { replies }
                        }
                    };
                    for reply in replies {
                        open &= sink.send(Message::text(reply)).await.is_ok();
                    }
                }
                Some(Ok(Message::Ping(_))) => open = sink.flush().await.is_ok(),
                Some(Ok(Message::Close(_))) => {
                    let _ = sink.flush().await;
                    open = false;
                }
                Some(Ok(_)) => {}
                Some(Err(_)) | None => open = false,
            },
        }
    }
    let mut shared = lock(&state);
    shared.conns.remove(&id);
    shared.exchange.disconnect(id);
    println!("tasklane-feed: connection {} closed", id.0);
}

/// A request as the feed's log prints it: `subscribe XBT/USD ticker`, `unsubscribe …`, `ping 7`.
fn describe(request: &kraken::Request) -> String {
    match request {
        kraken::Request::Subscribe { pair, channel } => format!("subscribe {pair} {}", channel.name()),
        kraken::Request::Unsubscribe { pair, channel } => format!("unsubscribe {pair} {}", channel.name()),
        kraken::Request::Ping { reqid } => format!("ping {reqid}"),
    }
}
