//! Ports (Erlang's `open_port/2`, `Port.command/2`, `Port.close/1`): a process's connection to the
//! world outside the runtime, such as a browser WebSocket.
//!
//! The runtime never performs I/O. A port's requests wait in an outbox that the host (a browser
//! adapter, a test) takes with [`Runtime::take_port_requests`]; what the outside answers comes back
//! through [`Runtime::port_event`], which the host calls from a recorded input, so a replay feeds
//! the same answers at the same points. A port closes when its owner exits, as in Erlang.

use std::rc::Rc;

use super::pid::{Pid, Ref};
use super::process::Ctx;
use super::runtime::Runtime;
use super::term::Term;

/// What a process asked of the outside world, oldest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PortRequest {
    /// Open a connection to `target` (a `ws://` or `wss://` URL) for `port`.
    Open { port: Ref, target: Rc<str> },
    /// Send `data` (one text frame) on `port`.
    Command { port: Ref, data: Rc<str> },
    /// Close `port`.
    Close { port: Ref },
}

/// What the outside world says about a port; it reaches the owner as `{:port, port, event}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PortEvent {
    /// The connection is up.
    Connected,
    /// One text frame arrived.
    Data(Rc<str>),
    /// The connection closed or could not open; the port is gone.
    Closed { code: u16, reason: Rc<str> },
}

impl PortEvent {
    /// The message the owner receives: `{:port, port, :connected | {:data, text} | {:closed, code, reason}}`.
    pub fn to_message(&self, port: Ref) -> Term {
        let event = match self {
            PortEvent::Connected => Term::atom("connected"),
            PortEvent::Data(text) => Term::tuple([Term::atom("data"), Term::Str(text.clone())]),
            PortEvent::Closed { code, reason } => {
                Term::tuple([Term::atom("closed"), Term::Int(i64::from(*code)), Term::Str(reason.clone())])
            }
        };
        Term::tuple([Term::atom("port"), Term::Ref(port), event])
    }

    /// Reads a message [`PortEvent::to_message`] wrote: the port and the event.
    ///
    /// ```
    /// use tasklane_runtime::port::PortEvent;
    /// use tasklane_runtime::prelude::*;
    /// let closed = PortEvent::Closed { code: 1006, reason: "gone".into() };
    /// assert_eq!(PortEvent::from_message(&closed.to_message(Ref(3))), Some((Ref(3), closed)));
    /// assert_eq!(PortEvent::from_message(&Term::atom("tick")), None);
    /// ```
    pub fn from_message(msg: &Term) -> Option<(Ref, PortEvent)> {
        if msg.tag() != Some("port") {
            return None;
        }
        let port = msg.elem(1)?.as_ref()?;
        let event = msg.elem(2)?;
        let event = match event.tag()? {
            "connected" => PortEvent::Connected,
            "data" => PortEvent::Data(event.elem(1)?.as_str()?.into()),
            "closed" => PortEvent::Closed {
                code: u16::try_from(event.elem(1)?.as_int()?).ok()?,
                reason: event.elem(2)?.as_str()?.into(),
            },
            _ => return None,
        };
        Some((port, event))
    }
}

/// Every open port with its owner, oldest first (a process has a few), and the requests the host
/// has not taken yet.
#[derive(Default)]
pub(crate) struct Ports {
    owners: Vec<(Ref, Pid)>,
    requests: Vec<PortRequest>,
}

impl Ports {
    fn owner(&self, port: Ref) -> Option<Pid> {
        self.owners.iter().find(|(p, _)| *p == port).map(|(_, owner)| *owner)
    }

    fn remove(&mut self, port: Ref) {
        self.owners.retain(|(p, _)| *p != port);
    }

    /// The owner exited: its ports close.
    pub(crate) fn on_exit(&mut self, pid: Pid) {
        let requests = &mut self.requests;
        self.owners.retain(|(port, owner)| {
            let closes = *owner == pid;
            if closes {
                requests.push(PortRequest::Close { port: *port });
            }
            !closes
        });
    }
}

impl Ctx {
    /// `open_port/2`: a new port owned by this process, connecting to `target`; the answers arrive
    /// as `{:port, port, event}` messages (see [`PortEvent`]).
    pub fn open_port(&self, target: &str) -> Ref {
        let mut st = self.shared.state.borrow_mut();
        let port = st.make_ref();
        st.ports.owners.push((port, self.pid));
        st.ports.requests.push(PortRequest::Open { port, target: target.into() });
        port
    }

    /// `Port.command/2`: sends `data` on one of this process's ports; ignored for a closed port.
    pub fn port_command(&self, port: Ref, data: &str) {
        let mut st = self.shared.state.borrow_mut();
        if st.ports.owner(port) == Some(self.pid) {
            st.ports.requests.push(PortRequest::Command { port, data: data.into() });
        }
    }

    /// `Port.close/1`: closes one of this process's ports; no message follows.
    pub fn port_close(&self, port: Ref) {
        let mut st = self.shared.state.borrow_mut();
        if st.ports.owner(port) == Some(self.pid) {
            st.ports.remove(port);
            st.ports.requests.push(PortRequest::Close { port });
        }
    }
}

impl Runtime {
    /// The requests processes made of the outside world since the last call, oldest first.
    pub fn take_port_requests(&self) -> Vec<PortRequest> {
        std::mem::take(&mut self.shared.state.borrow_mut().ports.requests)
    }

    /// The outside world answers on `port`: its owner gets the event as a message from outside.
    /// Returns `false` (and drops the event) if the port is closed.
    ///
    /// ```
    /// use tasklane_runtime::port::{PortEvent, PortRequest};
    /// use tasklane_runtime::prelude::*;
    /// let rt = Runtime::new(1);
    /// let owner = rt.spawn("client", Behaviour::Process, |ctx| async move {
    ///     let port = ctx.open_port("ws://127.0.0.1:9000");
    ///     let msg = ctx.receive().await;
    ///     assert_eq!(PortEvent::from_message(&msg), Some((port, PortEvent::Data("hi".into()))));
    ///     Ok(())
    /// });
    /// rt.run_until_idle();
    /// let [PortRequest::Open { port, .. }] = rt.take_port_requests()[..] else { panic!("one open") };
    /// assert!(rt.port_event(port, PortEvent::Data("hi".into())));
    /// rt.run_until_idle();
    /// assert!(!rt.is_alive(owner));
    /// // The owner exited, so its port closed: the host is told, and later events are dropped.
    /// assert_eq!(rt.take_port_requests(), vec![PortRequest::Close { port }]);
    /// assert!(!rt.port_event(port, PortEvent::Connected));
    /// ```
    pub fn port_event(&self, port: Ref, event: PortEvent) -> bool {
        let owner = {
            let mut st = self.shared.state.borrow_mut();
            let owner = st.ports.owner(port);
            if matches!(event, PortEvent::Closed { .. }) {
                st.ports.remove(port);
            }
            owner
        };
        match owner {
            Some(owner) => {
                self.send(owner, event.to_message(port));
                true
            }
            None => false,
        }
    }
}
