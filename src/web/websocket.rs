//! The browser's `WebSocket` behind the runtime's ports: opens, sends on and closes the sockets
//! processes ask for ([`PortRequest`]), and hands back what each socket says ([`PortEvent`]).
//! Frames are only ever text to the app: nothing received is parsed as markup.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{BinaryType, CloseEvent, MessageEvent, WebSocket};

use crate::runtime::port::{PortEvent, PortRequest};

/// What the page does with a port's event (the driver records it as an input).
pub type OnEvent = Rc<dyn Fn(u64, PortEvent)>;

/// One open socket and the handlers it calls.
struct Socket {
    ws: WebSocket,
    _on_open: Closure<dyn FnMut()>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut(CloseEvent)>,
}

impl Socket {
    fn detach(&self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
    }
}

/// The sockets the runtime's ports own, with their ports (a few at a time).
pub struct Sockets {
    open: Vec<(u64, Socket)>,
    on_event: OnEvent,
}

impl Sockets {
    pub fn new(on_event: OnEvent) -> Self {
        Sockets { open: Vec::new(), on_event }
    }

    /// Does what a process asked. A socket that cannot open reports `Closed` (code 1006, with the
    /// browser's reason), after this returns.
    pub fn perform(&mut self, request: PortRequest) {
        self.open.retain(|(_, s)| s.ws.ready_state() != WebSocket::CLOSED);
        match request {
            PortRequest::Open { port, target } => match open(port.0, &target, self.on_event.clone()) {
                Ok(socket) => self.open.push((port.0, socket)),
                Err(reason) => {
                    let on_event = self.on_event.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        on_event(port.0, PortEvent::Closed { code: 1006, reason: reason.into() })
                    });
                }
            },
            PortRequest::Command { port, data } => {
                if let Some((_, socket)) = self.open.iter().find(|(p, _)| *p == port.0) {
                    let _ = socket.ws.send_with_str(&data);
                }
            }
            PortRequest::Close { port } => {
                if let Some(at) = self.open.iter().position(|(p, _)| *p == port.0) {
                    let (_, socket) = self.open.remove(at);
                    socket.detach();
                    let _ = socket.ws.close();
                }
            }
        }
    }
}

impl Drop for Sockets {
    fn drop(&mut self) {
        for (_, socket) in &self.open {
            socket.detach();
            let _ = socket.ws.close();
        }
    }
}

/// Opens a socket to `url`, its events reported for `port`; `Err` is the browser's reason.
fn open(port: u64, url: &str, on_event: OnEvent) -> Result<Socket, String> {
    let ws = WebSocket::new(url).map_err(|e| {
        let message = e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message()));
        message.unwrap_or_else(|| format!("cannot open {url}"))
    })?;
    ws.set_binary_type(BinaryType::Arraybuffer);
    let on = on_event.clone();
    let on_open = Closure::<dyn FnMut()>::new(move || on(port, PortEvent::Connected));
    let on = on_event.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let data = e.data();
        // A binary frame becomes text too (lossily), so the client counts it as malformed.
        let text = data
            .as_string()
            .unwrap_or_else(|| String::from_utf8_lossy(&js_sys::Uint8Array::new(&data).to_vec()).into_owned());
        on(port, PortEvent::Data(text.into()));
    });
    let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |e: CloseEvent| {
        let reason = if e.reason().is_empty() { "the connection closed".to_string() } else { e.reason() };
        on_event(port, PortEvent::Closed { code: e.code(), reason: reason.into() });
    });
    ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    Ok(Socket { ws, _on_open: on_open, _on_message: on_message, _on_close: on_close })
}
