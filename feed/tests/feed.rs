//! The local feed over a real socket: a client on any path gets `systemStatus`, its subscription's
//! status and ticker frames; protocol pings are answered; the control frame switches faults; the
//! drop fault closes the connection and the stall fault keeps it open and silent.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tasklane::recipes::ticker::kraken::{Channel, Incoming, Request, SubStatus, parse};
use tasklane_feed::{Options, Settings, serve};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, connect_async};

type Client = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Starts the feed on a free port; dropping the sender stops it.
async fn start(settings: Settings) -> (u16, oneshot::Sender<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind a free port");
    let port = listener.local_addr().expect("local address").port();
    let (stop, stopped) = oneshot::channel::<()>();
    let options = Options { port, rate: 100, seed: 7, settings };
    tokio::spawn(serve(listener, options, async {
        let _ = stopped.await;
    }));
    (port, stop)
}

async fn connect(port: u16, path: &str) -> Client {
    let (client, _) = connect_async(format!("ws://127.0.0.1:{port}{path}")).await.expect("connect");
    client
}

/// The next message within `wait`, or `None` if none came.
async fn next(client: &mut Client, wait: Duration) -> Option<Message> {
    match tokio::time::timeout(wait, client.next()).await {
        Ok(Some(Ok(message))) => Some(message),
        _ => None,
    }
}

/// The next text frame, parsed.
async fn frame(client: &mut Client) -> Incoming {
    loop {
        match next(client, Duration::from_secs(5)).await {
            Some(Message::Text(text)) => return parse(&text).unwrap_or_else(|e| panic!("{e}: {text}")),
            Some(_) => continue,
            None => panic!("no frame within 5 s"),
        }
    }
}

async fn send(client: &mut Client, text: &str) {
    client.send(Message::text(text)).await.expect("send");
}

#[tokio::test]
async fn a_ticker_subscriber_gets_system_status_subscription_status_and_tickers() {
    let (port, _stop) = start(Settings::default()).await;
    let mut client = connect(port, "/any/path").await;
    assert!(matches!(frame(&mut client).await, Incoming::SystemStatus { .. }));
    send(&mut client, &Request::Subscribe { pair: "XBT/USD".into(), channel: Channel::Ticker }.to_json()).await;
    let status = frame(&mut client).await;
    let Incoming::SubscriptionStatus { status: SubStatus::Subscribed, channel_id: Some(id), .. } = status else {
        panic!("{status:?}")
    };
    for _ in 0..3 {
        let Incoming::Ticker { channel_id, pair, .. } = frame(&mut client).await else { panic!("not a ticker") };
        assert_eq!((channel_id, pair.as_str()), (id, "XBT/USD"));
    }
}

#[tokio::test]
async fn protocol_and_application_pings_are_answered() {
    let (port, _stop) = start(Settings::default()).await;
    let mut client = connect(port, "/").await;
    frame(&mut client).await;
    client.send(Message::Ping(b"hi".to_vec().into())).await.expect("ping");
    let pong = loop {
        match next(&mut client, Duration::from_secs(5)).await {
            Some(Message::Pong(payload)) => break payload,
            Some(_) => continue,
            None => panic!("no pong"),
        }
    };
    assert_eq!(pong.as_ref(), b"hi");
    send(&mut client, &Request::Ping { reqid: 42 }.to_json()).await;
    loop {
        match frame(&mut client).await {
            Incoming::Pong { reqid } => break assert_eq!(reqid, Some(42)),
            Incoming::Heartbeat => continue,
            other => panic!("{other:?}"),
        }
    }
}

#[tokio::test]
async fn the_drop_fault_closes_the_connection() {
    let (port, _stop) = start(Settings::default()).await;
    let mut client = connect(port, "/").await;
    frame(&mut client).await;
    send(&mut client, r#"{"event":"tasklaneControl","dropEvery":1}"#).await;
    let status = loop {
        if let Some(Message::Text(text)) = next(&mut client, Duration::from_secs(5)).await {
            break text;
        }
    };
    assert!(status.contains(r#""event":"tasklaneControlStatus""#) && status.contains(r#""dropEvery":1"#), "{status}");
    let closed = async {
        loop {
            match client.next().await {
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                Some(Ok(_)) => {}
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(3), closed).await.expect("closed within 3 s");
}

#[tokio::test]
async fn the_stall_fault_accepts_and_sends_nothing() {
    let (port, _stop) = start(Settings { stall: true, ..Settings::default() }).await;
    let mut client = connect(port, "/").await;
    send(&mut client, &Request::Subscribe { pair: "XBT/USD".into(), channel: Channel::Ticker }.to_json()).await;
    assert_eq!(next(&mut client, Duration::from_millis(1_500)).await, None);
    send(&mut client, r#"{"event":"tasklaneControl","stall":false}"#).await;
    let mut texts = Vec::new();
    while texts.len() < 2 {
        if let Some(Message::Text(text)) = next(&mut client, Duration::from_secs(5)).await {
            texts.push(text.to_string());
        }
    }
    assert!(texts[0].contains("tasklaneControlStatus"), "{texts:?}");
    assert!(matches!(parse(&texts[1]), Ok(Incoming::Ticker { .. } | Incoming::Heartbeat)), "{texts:?}");
}

#[tokio::test]
async fn the_malformed_fault_from_the_command_line_cuts_frames() {
    let (port, _stop) = start(Settings { malformed_every: 2, ..Settings::default() }).await;
    let mut client = connect(port, "/").await;
    send(&mut client, &Request::Subscribe { pair: "SOL/USD".into(), channel: Channel::Spread }.to_json()).await;
    let mut results = Vec::new();
    while results.len() < 6 {
        if let Some(Message::Text(text)) = next(&mut client, Duration::from_secs(5)).await {
            results.push(parse(&text).is_ok());
        }
    }
    assert_eq!(results, [true, false, true, false, true, false]);
}
