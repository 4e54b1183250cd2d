use std::collections::{BTreeMap, BTreeSet};

use crate::model::fold::fold;
use crate::model::node::{Command, Node};
use crate::model::recipe::{ParamMap, Scenario};
use crate::model::share::{Input, replay};
use crate::recipes::ticker::client::{BackingOff, Frame, HeartbeatLost, Received, Requested, Sub};
use crate::recipes::ticker::exchange::{ConnId, Exchange, Faults};
use crate::recipes::ticker::feed::{Feed, Link, SubState};
use crate::recipes::ticker::kraken::{Channel, ParseError, Request, parse_request};
use crate::recipes::ticker::params::Params;
use crate::recipes::ticker::scenario::{CLIENT, Ticker};
use crate::runtime::port::{PortEvent, PortRequest};
use crate::runtime::prelude::*;
use crate::runtime::websockex::{Connected, Disconnected};

fn map(query: &str) -> ParamMap {
    query.split('&').filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn start(seed: u64, query: &str) -> Ticker {
    let (params, notices) = Params::from_map(&map(query));
    assert!(notices.is_empty(), "{notices:?}");
    Ticker::start(&Runtime::new(seed), params)
}

/// Every recorded custom event of type `T`, with its time, mapped by `f`.
fn customs<T: Custom, R>(rt: &Runtime, f: impl Fn(u64, &T) -> R) -> Vec<R> {
    rt.read_trace(|t| t.events().filter_map(|e| e.kind.custom::<T>().map(|c| f(e.at, c))).collect())
}

fn feed(rt: &Runtime) -> Feed {
    rt.read_trace(|t| fold(Feed::default(), t.events()))
}

/// The subscribe requests of each connection (between two `Connected` events), as sets.
fn subscribes_per_connection(rt: &Runtime) -> Vec<Vec<Sub>> {
    rt.read_trace(|t| {
        let mut out: Vec<Vec<Sub>> = Vec::new();
        for e in t.events() {
            if e.kind.custom::<Connected>().is_some() {
                out.push(Vec::new());
            } else if let Some(r) = e.kind.custom::<Requested>().filter(|r| r.subscribe) {
                out.last_mut().expect("requests follow a connect").push(r.sub.clone());
            }
        }
        out
    })
}

#[test]
fn the_client_subscribes_and_prices_arrive_from_the_simulated_exchange() {
    let ticker = start(3, "");
    ticker.runtime().run_until(5_000);
    let f = feed(ticker.runtime());
    assert_eq!(f.link, Some(Link::Up));
    assert_eq!(f.subs.len(), 4);
    assert!(f.subs.iter().all(|(_, s)| matches!(s, SubState::Subscribed { channel_id: Some(_) })), "{:?}", f.subs);
    assert!(f.quote("XBT/USD").unwrap().points.len() > 10 && f.quote("XBT/USD").unwrap().spread.is_some());
    let book = f.book("XBT/USD").unwrap();
    assert_eq!((book.asks.len(), book.bids.len()), (10, 10));
    assert!(book.bids[0].price < book.asks[0].price, "the book is not crossed");
    assert!(
        book.asks.windows(2).all(|w| w[0].price < w[1].price) && book.bids.windows(2).all(|w| w[0].price > w[1].price)
    );
    assert_eq!((f.malformed, f.oversized, f.reconnects), (0, 0, 0));
}

#[test]
fn reconnect_delays_stay_inside_their_exponential_backoff_bounds() {
    let ticker = start(11, "backoff_min=200&backoff_max=3000&source=ws://127.0.0.1:1");
    let rt = ticker.runtime().clone();
    // Every open is refused at once, as a browser reports a refused connection.
    let refuse = |rt: &Runtime| {
        for request in rt.take_port_requests() {
            if let PortRequest::Open { port, .. } = request {
                rt.port_event(port, PortEvent::Closed { code: 1006, reason: "refused".into() });
            }
        }
    };
    while rt.now() < 60_000 {
        rt.run_until(rt.now() + 10);
        refuse(&rt);
    }
    let backoffs = customs(&rt, |at, b: &BackingOff| (at, b.attempt, b.delay_ms, b.low_ms, b.high_ms));
    assert!(backoffs.len() >= 10, "{backoffs:?}");
    for (i, (_, attempt, delay, low, high)) in backoffs.iter().enumerate() {
        assert_eq!(*attempt as usize, i + 1, "attempts count up while reconnecting fails");
        let cap = (200u64 << (attempt - 1).min(20)).min(3000);
        assert_eq!((*low, *high), (cap / 2, cap));
        assert!((low..=high).contains(&delay), "attempt {attempt}: {delay} outside {low}..={high}");
    }
    // The next attempt starts when the delay is over (the scripted host answers within 10 ms).
    let attempts = customs(&rt, |at, _: &crate::runtime::websockex::Connecting| at);
    for ((at, _, delay, _, _), next) in backoffs.iter().zip(&attempts[1..]) {
        assert!((at + delay..=at + delay + 10).contains(next), "{at} + {delay} vs {next}");
    }
}

#[test]
fn after_every_reconnect_the_client_resubscribes_once_to_exactly_what_it_had() {
    let ticker = start(5, "backoff_min=100&backoff_max=400");
    let rt = ticker.runtime().clone();
    rt.run_until(2_000);
    ticker.apply("subscribe SOL/USD spread").unwrap();
    ticker.apply("unsubscribe ETH/USD ticker").unwrap();
    rt.run_until(3_000);
    for drop_at in [3_000, 6_000, 9_000] {
        rt.run_until(drop_at);
        ticker.apply("drop").unwrap();
    }
    rt.run_until(12_000);
    let per_connection = subscribes_per_connection(&rt);
    assert_eq!(per_connection.len(), 4, "{per_connection:?}");
    let expected: BTreeSet<String> =
        ["XBT/USD ticker", "XBT/USD spread", "XBT/USD book-10", "SOL/USD spread"].map(String::from).into();
    for again in &per_connection[1..] {
        assert_eq!(again.len(), expected.len(), "each subscription exactly once: {again:?}");
        assert_eq!(again.iter().map(Sub::describe).collect::<BTreeSet<_>>(), expected);
    }
    let f = feed(&rt);
    assert_eq!((f.reconnects, f.resubscribed), (3, 12));
    assert!(f.subs.iter().all(|(_, s)| matches!(s, SubState::Subscribed { .. })));
}

#[test]
fn a_silent_exchange_trips_the_heartbeat_watchdog_and_the_client_reconnects() {
    let ticker = start(8, "heartbeat=3000&backoff_min=100&backoff_max=100");
    let rt = ticker.runtime().clone();
    rt.run_until(2_000);
    ticker.apply("stall on").unwrap();
    rt.run_until(5_500);
    let lost = customs(&rt, |at, h: &HeartbeatLost| (at, h.silent_ms));
    assert_eq!(lost.len(), 1, "{lost:?}");
    let (at, silent) = lost[0];
    assert!(silent >= 3000 && (5_000..=5_100).contains(&at), "{lost:?}");
    // It pinged at half the timeout, before giving up.
    assert!(feed(&rt).problems.iter().any(|(_, p)| p.contains("watchdog")));
    ticker.apply("stall off").unwrap();
    let frames_before = feed(&rt).frames;
    rt.run_until(9_000);
    let f = feed(&rt);
    assert_eq!(f.link, Some(Link::Up));
    assert!(f.frames > frames_before + 20, "the stream resumed");
    assert!(customs(&rt, |_, d: &Disconnected| d.reason.clone()).iter().any(|r| r == "{:local, :normal}"));
}

#[test]
fn malformed_and_oversized_frames_are_counted_skipped_and_the_stream_goes_on() {
    let ticker = start(9, "malformed=7");
    let rt = ticker.runtime().clone();
    rt.run_until(3_000);
    ticker.apply("faults 7 11 0").unwrap();
    rt.run_until(10_000);
    let f = feed(&rt);
    assert!(f.malformed > 5 && f.oversized > 3, "{} malformed, {} oversized", f.malformed, f.oversized);
    let skipped = customs(&rt, |_, r: &Received| r.frame.clone().err());
    assert!(
        skipped
            .iter()
            .flatten()
            .any(|e| matches!(e, ParseError::TooLong(n) if *n > crate::recipes::ticker::kraken::MAX_FRAME_BYTES))
    );
    // The client never crashed or reconnected, and prices kept coming after the last skip.
    assert_eq!(crate::recipes::tests::spawned_named(&rt, "client").len(), 1);
    assert_eq!(f.reconnects, 0);
    let last_skip = customs(&rt, |at, r: &Received| (at, r.frame.is_err())).into_iter().rfind(|(_, e)| *e).unwrap().0;
    let later_tickers = customs(&rt, |at, r: &Received| (at, matches!(r.frame, Ok(Frame::Ticker { .. }))));
    assert!(later_tickers.iter().any(|(at, t)| *t && *at > last_skip));
}

#[test]
fn a_refused_subscription_is_shown_and_never_retried() {
    let ticker = start(4, "backoff_min=100&backoff_max=100");
    let rt = ticker.runtime().clone();
    rt.run_until(1_000);
    ticker.apply("subscribe XBT/ABC ticker").unwrap();
    rt.run_until(2_000);
    ticker.apply("drop").unwrap();
    rt.run_until(4_000);
    let f = feed(&rt);
    assert!(f.problems.iter().any(|(_, p)| p.contains("XBT/ABC")), "{:?}", f.problems);
    let refused = Sub::new("XBT/ABC", Channel::Ticker);
    let per_connection = subscribes_per_connection(&rt);
    assert_eq!(per_connection.len(), 2);
    assert!(per_connection[0].contains(&refused) && !per_connection[1].contains(&refused));
}

/// Plays the outside world for a client on a port: an [`Exchange`] answering on each open port, and
/// every answer returned as the [`Command::Port`] input a browser would record.
struct Host {
    market: Exchange,
    conns: BTreeMap<Ref, ConnId>,
}

impl Host {
    fn serve(&mut self, rt: &Runtime) -> Vec<Command> {
        let mut out = Vec::new();
        let mut answer = |port: Ref, event| out.push(Command::Port { port: port.0, event });
        for request in rt.take_port_requests() {
            match request {
                PortRequest::Open { port, .. } => {
                    let (id, status) = self.market.connect();
                    self.conns.insert(port, id);
                    answer(port, PortEvent::Connected);
                    answer(port, PortEvent::Data(status.into()));
                }
                PortRequest::Command { port, data } => {
                    assert!(parse_request(&data).is_ok(), "the client sends valid requests: {data}");
                    for reply in self.market.receive(self.conns[&port], &data) {
                        answer(port, PortEvent::Data(reply.into()));
                    }
                }
                PortRequest::Close { port } => {
                    if let Some(id) = self.conns.remove(&port) {
                        self.market.disconnect(id);
                    }
                }
            }
        }
        for (id, frame) in self.market.tick(rt.now()) {
            if let Some(port) = self.conns.iter().find(|(_, c)| **c == id).map(|(p, _)| *p) {
                answer(port, PortEvent::Data(frame.into()));
            }
        }
        out
    }
}

#[test]
fn a_run_on_a_real_socket_replays_from_its_recorded_frames() {
    let node = Node::new(21, crate::recipes::RECIPES.to_vec());
    let rt = node.runtime().clone();
    node.perform("+ticker?source=ws%3A%2F%2F127.0.0.1%3A9000").unwrap();
    let mut host = Host { market: Exchange::new(1, Faults::default()), conns: BTreeMap::new() };
    let mut inputs = Vec::new();
    let mut record = |rt: &Runtime, text: String| {
        inputs.push(Input { step: rt.steps(), at: rt.now(), action: text.clone() });
        node.perform(&text).unwrap();
    };
    while rt.now() < 4_000 {
        rt.run_until(rt.now() + 50);
        for command in host.serve(&rt) {
            record(&rt, command.to_text());
        }
        if rt.now() == 2_000 {
            // The socket drops: the browser reports the close, and the client reconnects.
            let port = *host.conns.keys().next().unwrap();
            host.conns.remove(&port);
            record(
                &rt,
                Command::Port { port: port.0, event: PortEvent::Closed { code: 1006, reason: "gone".into() } }
                    .to_text(),
            );
        }
    }
    let f = feed(&rt);
    assert!(f.frames > 50 && f.quote("XBT/USD").is_some(), "{} frames", f.frames);
    assert_eq!(f.reconnects, 1);
    let start = Input { step: 0, at: 0, action: "+ticker?source=ws%3A%2F%2F127.0.0.1%3A9000".into() };

    let again = Node::new(21, crate::recipes::RECIPES.to_vec());
    let all: Vec<Input> = std::iter::once(start).chain(inputs).collect();
    replay(again.runtime(), &all, rt.steps(), rt.now(), |a| again.perform(a).unwrap());
    assert_eq!(again.runtime().read_trace(|t| t.to_json()), rt.read_trace(|t| t.to_json()));
    assert!(rt.whereis(CLIENT).is_some());
}

#[test]
fn the_client_sends_kraken_requests_the_exchange_understands() {
    let sub = Sub::new("ETH/USD", Channel::Book);
    let json = Request::Subscribe { pair: sub.pair.clone(), channel: sub.channel }.to_json();
    assert_eq!(parse_request(&json), Ok(Request::Subscribe { pair: "ETH/USD".into(), channel: Channel::Book }));
}
