//! WebSocket clients (Elixir's `WebSockex`): `handle_connect`, `handle_frame`, `handle_cast`,
//! `handle_info`, and `handle_disconnect` deciding whether to reconnect.
//!
//! A client connects through a [port](crate::port) to a real socket outside the runtime, or to a
//! server process in this node that answers with the same port messages (a simulated exchange).
//! Either way its frames arrive as `{:port, conn, event}` messages, so one client runs against both.
//! As with WebSockex's `handle_initial_conn_failure: true`, a first connection that fails goes to
//! `handle_disconnect` like any later one.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use super::atom::Atom;
use super::exit::ExitReason;
use super::gen_server::Name;
use super::pid::{Behaviour, Pid, Ref};
use super::port::PortEvent;
use super::process::{Ctx, ProcResult};
use super::supervisor::ChildSpec;
use super::term::Term;
use super::trace::{Custom, json_string};

/// How long a connection may take to open before the attempt counts as failed, in ms.
pub const CONNECT_TIMEOUT_MS: u64 = 5000;

/// Where a client connects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// A `ws://` or `wss://` URL, through a port to the outside world.
    Url(Rc<str>),
    /// A server process registered under this name in the same node (see [`ServerRequest`]).
    Server(Atom),
}

impl Endpoint {
    /// As the UI shows it: the URL, or `node://name` for a server in this node.
    pub fn describe(&self) -> String {
        match self {
            Endpoint::Url(url) => url.to_string(),
            Endpoint::Server(name) => format!("node://{name}"),
        }
    }
}

/// What a callback asks of the connection: WebSockex's `{:ok, state}`, `{:reply, {:text, frame},
/// state}` or `{:close, state}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    Ok,
    Frame(String),
    Close,
}

/// Why the connection went down: WebSockex's `connection_status_map.reason`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// `{:remote, code, message}`: the other side closed (or vanished: code 1006).
    Remote { code: u16, message: Rc<str> },
    /// `{:local, :normal}`: a callback returned `{:close, state}`.
    Local,
    /// `%WebSockex.ConnError{}`: the connection never opened.
    ConnError(Rc<str>),
}

impl Reason {
    /// As WebSockex shows it: `{:remote, 1006, "gone"}`, `{:local, :normal}`, `%ConnError{reason: …}`.
    pub fn describe(&self) -> String {
        match self {
            Reason::Remote { code, message } => format!("{{:remote, {code}, {message:?}}}"),
            Reason::Local => "{:local, :normal}".into(),
            Reason::ConnError(why) => format!("%WebSockex.ConnError{{reason: {why:?}}}"),
        }
    }
}

/// What `handle_disconnect/2` is given: the reason, and `attempt_number` (1 for the first attempt
/// after a connection was lost, counting up while reconnecting fails).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disconnect {
    pub reason: Reason,
    pub attempt: u32,
}

/// What `handle_disconnect/2` decided: `{:reconnect, state}`, or `{:ok, state}` to exit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterDisconnect {
    Reconnect,
    Exit,
}

/// The callbacks of a WebSockex client; each may `await` (a backoff is a virtual `sleep` in
/// `handle_disconnect`, as in Elixir). An `Err` stops the client with that reason.
#[allow(async_fn_in_trait)]
pub trait WebSockex: 'static {
    async fn handle_connect(&mut self, _ctx: &Ctx) -> ProcResult {
        Ok(())
    }

    async fn handle_frame(&mut self, ctx: &Ctx, text: &str) -> Result<Reply, ExitReason>;

    async fn handle_cast(&mut self, _ctx: &Ctx, request: Term) -> Result<Reply, ExitReason> {
        Err(ExitReason::Other(Term::tuple([Term::atom("bad_cast"), request])))
    }

    async fn handle_info(&mut self, _ctx: &Ctx, _msg: Term) -> Result<Reply, ExitReason> {
        Ok(Reply::Ok)
    }

    async fn handle_disconnect(&mut self, ctx: &Ctx, disconnect: &Disconnect) -> Result<AfterDisconnect, ExitReason>;
}

type Boxed<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// The callbacks behind one vtable, so the client loop is compiled once for every client type.
trait Callbacks {
    fn connect<'a>(&'a mut self, ctx: &'a Ctx) -> Boxed<'a, ProcResult>;
    fn frame<'a>(&'a mut self, ctx: &'a Ctx, text: &'a str) -> Boxed<'a, Result<Reply, ExitReason>>;
    fn cast<'a>(&'a mut self, ctx: &'a Ctx, request: Term) -> Boxed<'a, Result<Reply, ExitReason>>;
    fn info<'a>(&'a mut self, ctx: &'a Ctx, msg: Term) -> Boxed<'a, Result<Reply, ExitReason>>;
    fn disconnect<'a>(&'a mut self, ctx: &'a Ctx, d: &'a Disconnect) -> Boxed<'a, Result<AfterDisconnect, ExitReason>>;
}

impl<C: WebSockex> Callbacks for C {
    fn connect<'a>(&'a mut self, ctx: &'a Ctx) -> Boxed<'a, ProcResult> {
        Box::pin(self.handle_connect(ctx))
    }

    fn frame<'a>(&'a mut self, ctx: &'a Ctx, text: &'a str) -> Boxed<'a, Result<Reply, ExitReason>> {
        Box::pin(self.handle_frame(ctx, text))
    }

    fn cast<'a>(&'a mut self, ctx: &'a Ctx, request: Term) -> Boxed<'a, Result<Reply, ExitReason>> {
        Box::pin(self.handle_cast(ctx, request))
    }

    fn info<'a>(&'a mut self, ctx: &'a Ctx, msg: Term) -> Boxed<'a, Result<Reply, ExitReason>> {
        Box::pin(self.handle_info(ctx, msg))
    }

    fn disconnect<'a>(&'a mut self, ctx: &'a Ctx, d: &'a Disconnect) -> Boxed<'a, Result<AfterDisconnect, ExitReason>> {
        Box::pin(self.handle_disconnect(ctx, d))
    }
}

/// A client started under a supervisor, registered as `name` (`WebSockex.start_link(url, module,
/// state, name: name)` in a child spec); `init` makes its state at every (re)start.
pub fn child_spec<C: WebSockex>(
    id: impl Into<Atom>,
    name: impl Into<Atom>,
    endpoint: Endpoint,
    init: impl Fn() -> C + 'static,
) -> ChildSpec {
    let name = name.into();
    ChildSpec::worker(id, Behaviour::WebSockex, move |ctx| run(ctx, endpoint.clone(), Box::new(init())))
        .named(Name::Local(name))
}

/// An open (or opening) connection.
enum Conn {
    Port(Ref),
    Server { conn: Ref, server: Pid, monitor: Ref },
}

impl Conn {
    fn id(&self) -> Ref {
        match self {
            Conn::Port(port) => *port,
            Conn::Server { conn, .. } => *conn,
        }
    }

    fn is_down(&self, msg: &Term) -> bool {
        matches!(self, Conn::Server { monitor, .. } if msg.is_down_of(*monitor))
    }

    fn send(&self, ctx: &Ctx, text: String) {
        match self {
            Conn::Port(port) => ctx.port_command(*port, &text),
            Conn::Server { conn, server, .. } => {
                ctx.send(*server, ServerRequest::Text { conn: *conn, text: text.into() }.to_message())
            }
        }
    }

    fn close(&self, ctx: &Ctx) {
        match self {
            Conn::Port(port) => ctx.port_close(*port),
            Conn::Server { conn, server, monitor } => {
                ctx.demonitor(*monitor);
                ctx.send(*server, ServerRequest::Close { conn: *conn }.to_message());
            }
        }
    }
}

/// Opens a connection; `Err` if a server endpoint has no process.
fn open(ctx: &Ctx, endpoint: &Endpoint) -> Result<Conn, Reason> {
    match endpoint {
        Endpoint::Url(url) => Ok(Conn::Port(ctx.open_port(url))),
        Endpoint::Server(name) => {
            let server = ctx.whereis(*name).ok_or_else(|| Reason::ConnError("econnrefused".into()))?;
            let monitor = ctx.monitor(server);
            let conn = ctx.make_ref();
            ctx.send(server, ServerRequest::Connect { conn, client: ctx.pid() }.to_message());
            Ok(Conn::Server { conn, server, monitor })
        }
    }
}

/// Waits for the connection to open, at most [`CONNECT_TIMEOUT_MS`].
async fn opened(ctx: &Ctx, conn: &Conn) -> Result<(), Reason> {
    let id = conn.id();
    let ours = |m: &Term| conn.is_down(m) || PortEvent::from_message(m).is_some_and(|(p, _)| p == id);
    let answer = ctx.receive_match(ours, Some(CONNECT_TIMEOUT_MS)).await;
    let reason = match answer.as_ref().and_then(PortEvent::from_message) {
        Some((_, PortEvent::Connected)) => return Ok(()),
        Some((_, PortEvent::Closed { code, reason })) => Reason::ConnError(format!("{code} {reason}").into()),
        Some((_, PortEvent::Data(_))) => Reason::ConnError("a frame before the handshake".into()),
        None if answer.is_some() => Reason::ConnError("econnrefused".into()),
        None => Reason::ConnError("timeout".into()),
    };
    conn.close(ctx);
    Err(reason)
}

/// The client process: connect, serve until the connection goes down, ask `handle_disconnect`.
async fn run(ctx: Ctx, endpoint: Endpoint, mut client: Box<dyn Callbacks>) -> ProcResult {
    let target = endpoint.describe();
    let mut attempt = 0;
    loop {
        ctx.record_custom(Connecting { target: target.clone(), attempt });
        let reason = match open(&ctx, &endpoint) {
            Err(reason) => reason,
            Ok(conn) => match opened(&ctx, &conn).await {
                Err(reason) => reason,
                Ok(()) => {
                    attempt = 0;
                    ctx.record_custom(Connected { target: target.clone() });
                    client.connect(&ctx).await?;
                    serve(&ctx, &conn, client.as_mut()).await?
                }
            },
        };
        attempt += 1;
        let disconnect = Disconnect { reason, attempt };
        ctx.record_custom(Disconnected { reason: disconnect.reason.describe(), attempt });
        if client.disconnect(&ctx, &disconnect).await? == AfterDisconnect::Exit {
            return Err(ExitReason::Other(Term::tuple([
                Term::atom("disconnected"),
                Term::Str(disconnect.reason.describe().into()),
            ])));
        }
    }
}

/// Dispatches messages while the connection is up; returns why it went down.
async fn serve(ctx: &Ctx, conn: &Conn, client: &mut dyn Callbacks) -> Result<Reason, ExitReason> {
    let parent = ctx.parent();
    loop {
        let msg = ctx.receive().await;
        let reply = if let Some((port, event)) = PortEvent::from_message(&msg) {
            match event {
                // A frame or close of an earlier connection.
                _ if port != conn.id() => continue,
                PortEvent::Data(text) => client.frame(ctx, &text).await?,
                PortEvent::Closed { code, reason } => return Ok(Reason::Remote { code, message: reason }),
                PortEvent::Connected => continue,
            }
        } else if conn.is_down(&msg) {
            return Ok(Reason::Remote { code: 1006, message: "the server exited".into() });
        } else if msg.tag() == Some("$gen_cast") {
            client.cast(ctx, msg.elem(1).cloned().unwrap_or(Term::atom("nil"))).await?
        } else if msg.tag() == Some("EXIT") && msg.elem(1) == Some(&Term::Pid(parent)) {
            conn.close(ctx);
            return Err(msg.elem(2).map(ExitReason::from_term).unwrap_or(ExitReason::Shutdown));
        } else {
            client.info(ctx, msg).await?
        };
        match reply {
            Reply::Ok => {}
            Reply::Frame(text) => conn.send(ctx, text),
            Reply::Close => {
                conn.close(ctx);
                return Ok(Reason::Local);
            }
        }
    }
}

/// What a client asks of a server process in the node (the server side of [`Endpoint::Server`]);
/// the server answers with [`PortEvent`] messages ([`PortEvent::to_message`]) to `client`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServerRequest {
    /// A client opens connection `conn`; answer `Connected` (or `Closed` to refuse).
    Connect { conn: Ref, client: Pid },
    /// A text frame from the client.
    Text { conn: Ref, text: Rc<str> },
    /// The client closed the connection; no answer.
    Close { conn: Ref },
}

impl ServerRequest {
    pub fn to_message(&self) -> Term {
        match self {
            ServerRequest::Connect { conn, client } => {
                Term::tuple([Term::atom("ws_connect"), Term::Ref(*conn), Term::Pid(*client)])
            }
            ServerRequest::Text { conn, text } => {
                Term::tuple([Term::atom("ws_text"), Term::Ref(*conn), Term::Str(text.clone())])
            }
            ServerRequest::Close { conn } => Term::tuple([Term::atom("ws_close"), Term::Ref(*conn)]),
        }
    }

    /// Reads a message [`ServerRequest::to_message`] wrote.
    ///
    /// ```
    /// use tasklane_runtime::prelude::*;
    /// use tasklane_runtime::websockex::ServerRequest;
    /// let text = ServerRequest::Text { conn: Ref(4), text: "{}".into() };
    /// assert_eq!(ServerRequest::from_message(&text.to_message()), Some(text));
    /// assert_eq!(ServerRequest::from_message(&Term::atom("tick")), None);
    /// ```
    pub fn from_message(msg: &Term) -> Option<ServerRequest> {
        let conn = msg.elem(1)?.as_ref()?;
        match msg.tag()? {
            "ws_connect" => Some(ServerRequest::Connect { conn, client: msg.elem(2)?.as_pid()? }),
            "ws_text" => Some(ServerRequest::Text { conn, text: msg.elem(2)?.as_str()?.into() }),
            "ws_close" => Some(ServerRequest::Close { conn }),
            _ => None,
        }
    }
}

/// A client starts a connection attempt (`attempt` 0 is a fresh connect, then the reconnect count).
#[derive(Debug)]
pub struct Connecting {
    pub target: String,
    pub attempt: u32,
}

impl Custom for Connecting {
    fn name(&self) -> &'static str {
        "ws_connecting"
    }

    fn describe(&self) -> String {
        format!("connecting to {}", self.target)
    }

    fn write_json(&self, out: &mut String) {
        out.push_str(",\"target\":");
        json_string(out, &self.target);
        out.push_str(&format!(",\"attempt\":{}", self.attempt));
    }
}

/// The connection opened; `handle_connect` runs next.
#[derive(Debug)]
pub struct Connected {
    pub target: String,
}

impl Custom for Connected {
    fn name(&self) -> &'static str {
        "ws_connected"
    }

    fn describe(&self) -> String {
        format!("connected to {}", self.target)
    }

    fn write_json(&self, out: &mut String) {
        out.push_str(",\"target\":");
        json_string(out, &self.target);
    }
}

/// The connection went down (or never opened); `handle_disconnect` runs next.
#[derive(Debug)]
pub struct Disconnected {
    pub reason: String,
    pub attempt: u32,
}

impl Custom for Disconnected {
    fn name(&self) -> &'static str {
        "ws_disconnected"
    }

    fn describe(&self) -> String {
        format!("disconnected: {} (attempt {})", self.reason, self.attempt)
    }

    fn write_json(&self, out: &mut String) {
        out.push_str(",\"reason\":");
        json_string(out, &self.reason);
        out.push_str(&format!(",\"attempt\":{}", self.attempt));
    }
}
