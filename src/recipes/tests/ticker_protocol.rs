//! Kraken WebSocket API v1 frames: the documentation's own examples parse to what they say, what
//! the exchange writes reads back the same, errors and oversized frames are refused, and no input
//! makes the parser panic.

use proptest::prelude::*;

use crate::recipes::ticker::kraken::{
    Channel, Incoming, Level, MAX_FRAME_BYTES, ParseError, Request, Spread, SubStatus, Ticker, book_checksum, decimal,
    parse, parse_request,
};

/// docs.kraken.com/api/docs/websocket-v1/systemstatus
const SYSTEM_STATUS: &str =
    r#"{"connectionID":8628615390848610000,"event":"systemStatus","status":"online","version":"1.9.1"}"#;
/// docs.kraken.com/api/docs/websocket-v1/subscriptionstatus, "Example: Ticker".
const SUBSCRIBED: &str = r#"{"channelID":10001,"channelName":"ticker","event":"subscriptionStatus","pair":"XBT/EUR","status":"subscribed","subscription":{"name":"ticker"}}"#;
/// The same page, "Example: OHLC".
const UNSUBSCRIBED: &str = r#"{"channelID":10001,"channelName":"ohlc-5","event":"subscriptionStatus","pair":"XBT/EUR","reqid":42,"status":"unsubscribed","subscription":{"interval":5,"name":"ohlc"}}"#;
/// The same page, "Example: book" (an error).
const DEPTH_ERROR: &str = r#"{"errorMessage":"Subscription depth not supported","event":"subscriptionStatus","pair":"XBT/USD","status":"error","subscription":{"depth":42,"name":"book"}}"#;
/// docs.kraken.com/api/docs/websocket-v1/ticker
const TICKER: &str = r#"[0,{"a":["5525.40000",1,"1.000"],"b":["5525.10000",1,"1.000"],"c":["5525.10000","0.00398963"],"h":["5783.00000","5783.00000"],"l":["5505.00000","5505.00000"],"o":["5760.70000","5763.40000"],"p":["5631.44067","5653.78939"],"t":[11493,16267],"v":["2634.11501494","3591.17907851"]},"ticker","XBT/USD"]"#;
/// docs.kraken.com/api/docs/websocket-v1/spread
const SPREAD: &str =
    r#"[0,["5698.40000","5700.00000","1542057299.545897","1.01234567","0.98765432"],"spread","XBT/USD"]"#;
/// Kraken's support article "WebSocket API v1 - How to maintain a valid order book": a book-10
/// snapshot of XBT/USD.
const BOOK_SNAPSHOT: &str = r#"[0,{"as":[["5290.80000","1.00000000","1556724667.748660"],["5290.90000","4.49956524","1556724664.331028"],["5291.70000","1.00000000","1556724653.480504"],["5292.00000","0.95388940","1556724619.682690"],["5292.20000","1.51300000","1556724494.497326"],["5293.10000","0.69800000","1556724667.635414"],["5293.20000","2.00000000","1556724656.022756"],["5293.90000","2.83200000","1556724668.057687"],["5294.10000","0.99600000","1556724666.340462"],["5294.50000","5.00000000","1556724661.980996"]],"bs":[["5290.10000","1.43195600","1556724666.594179"],["5289.80000","2.00000000","1556724663.082526"],["5289.40000","0.49400000","1556724665.274827"],["5289.20000","0.89533312","1556724640.520134"],["5287.40000","3.23600000","1556724660.997516"],["5287.30000","3.33000000","1556724659.999108"],["5287.00000","10.20000000","1556724635.850932"],["5286.00000","3.86378703","1556724662.757360"],["5285.70000","6.40000000","1556724488.785281"],["5283.90000","0.50000000","1556723616.006805"]]},"book-10","XBT/USD"]"#;
/// docs.kraken.com/api/docs/guides/spot-ws-book-v1: an update of both sides, checksum in the last.
const BOOK_BOTH_SIDES: &str = r#"[0,{"a":[["0.05120","0.00000500","1582905486.493008"],["0.05275","0.00000500","1582905486.493034"]]},{"b":[["0.04765","0.00000500","1582905486.493008"],["0.04940","0.00000500","1582905486.493034"]],"c":"974947235"},"book-1000","BTC/USD"]"#;
/// docs.kraken.com/api/docs/websocket-v1/book: an ask update with a republished level.
const BOOK_REPUBLISH: &str = r#"[1234,{"a":[["5541.30000","2.50700000","1534614248.456738"],["5542.50000","0.40100000","1534614248.456738","r"]],"c":"974942666"},"book-10","XBT/USD"]"#;

fn level(price: f64, volume: f64, timestamp: f64) -> Level {
    Level { price, volume, timestamp, republish: false }
}

#[test]
fn system_status_from_the_docs_parses() {
    let expected =
        Incoming::SystemStatus { connection_id: 8628615390848610000, status: "online".into(), version: "1.9.1".into() };
    assert_eq!(parse(SYSTEM_STATUS), Ok(expected));
}

#[test]
fn subscription_statuses_from_the_docs_parse() {
    let subscribed = Incoming::SubscriptionStatus {
        channel_id: Some(10001),
        channel: Some(Channel::Ticker),
        pair: Some("XBT/EUR".into()),
        status: SubStatus::Subscribed,
        error: None,
    };
    assert_eq!(parse(SUBSCRIBED), Ok(subscribed));
    let unsubscribed = Incoming::SubscriptionStatus {
        channel_id: Some(10001),
        channel: None,
        pair: Some("XBT/EUR".into()),
        status: SubStatus::Unsubscribed,
        error: None,
    };
    assert_eq!(parse(UNSUBSCRIBED), Ok(unsubscribed));
}

#[test]
fn subscription_errors_parse_with_kraken_messages() {
    let Ok(Incoming::SubscriptionStatus { status, channel, error, .. }) = parse(DEPTH_ERROR) else {
        panic!("{:?}", parse(DEPTH_ERROR))
    };
    assert_eq!(
        (status, channel, error.as_deref()),
        (SubStatus::Error, Some(Channel::Book), Some("Subscription depth not supported"))
    );
    let pair = r#"{"errorMessage":"Currency pair not supported XBT/ABC","event":"subscriptionStatus","pair":"XBT/ABC","status":"error","subscription":{"name":"ticker"}}"#;
    let Ok(Incoming::SubscriptionStatus { error, pair, .. }) = parse(pair) else { panic!() };
    assert_eq!((error.as_deref(), pair.as_deref()), (Some("Currency pair not supported XBT/ABC"), Some("XBT/ABC")));
    let name = r#"{"errorMessage":"Subscription name invalid","event":"subscriptionStatus","pair":"XBT/USD","status":"error","subscription":{"name":"tickr"}}"#;
    let Ok(Incoming::SubscriptionStatus { channel, error, .. }) = parse(name) else { panic!() };
    assert_eq!((channel, error.as_deref()), (None, Some("Subscription name invalid")));
}

#[test]
fn heartbeat_pong_and_error_events_parse() {
    assert_eq!(parse(r#"{"event":"heartbeat"}"#), Ok(Incoming::Heartbeat));
    assert_eq!(parse(r#"{"event":"pong","reqid":42}"#), Ok(Incoming::Pong { reqid: Some(42) }));
    assert_eq!(parse(r#"{"event":"pong"}"#), Ok(Incoming::Pong { reqid: None }));
    let error = parse(r#"{"errorMessage":"Malformed request","event":"error"}"#);
    assert_eq!(error, Ok(Incoming::Error { message: "Malformed request".into() }));
}

#[test]
fn escaped_strings_are_read_as_their_text() {
    let text = r#"{"errorMessage":"caf\u00e9 \ud83d\ude00 \"q\" \\ \/ \n\t \ud800 x","event":"error"}"#;
    assert_eq!(parse(text), Ok(Incoming::Error { message: "café 😀 \"q\" \\ / \n\t \u{FFFD} x".into() }));
    for bad in [r#"{"event":"error","errorMessage":"\x"}"#, r#"{"event":"error","errorMessage":"\u12"}"#] {
        assert!(matches!(parse(bad), Err(ParseError::Malformed(_))), "{bad}");
    }
}

#[test]
fn ticker_from_the_docs_parses_every_field() {
    let Ok(Incoming::Ticker { channel_id, pair, ticker }) = parse(TICKER) else { panic!("{:?}", parse(TICKER)) };
    assert_eq!((channel_id, pair.as_str()), (0, "XBT/USD"));
    let expected = Ticker {
        ask: 5525.4,
        ask_whole_lot_volume: 1,
        ask_lot_volume: 1.0,
        bid: 5525.1,
        bid_whole_lot_volume: 1,
        bid_lot_volume: 1.0,
        last: 5525.1,
        last_volume: 0.00398963,
        volume_today: 2634.11501494,
        volume_24h: 3591.17907851,
        vwap_today: 5631.44067,
        vwap_24h: 5653.78939,
        trades_today: 11493,
        trades_24h: 16267,
        low_today: 5505.0,
        low_24h: 5505.0,
        high_today: 5783.0,
        high_24h: 5783.0,
        open: 5760.7,
        open_24h: 5763.4,
    };
    assert_eq!(ticker, expected);
}

#[test]
fn spread_from_the_docs_parses() {
    let spread = Spread {
        bid: 5698.4,
        ask: 5700.0,
        timestamp: 1542057299.545897,
        bid_volume: 1.01234567,
        ask_volume: 0.98765432,
    };
    assert_eq!(parse(SPREAD), Ok(Incoming::Spread { channel_id: 0, pair: "XBT/USD".into(), spread }));
}

#[test]
fn book_snapshot_from_the_docs_parses_ten_levels_a_side() {
    let Ok(Incoming::Book { snapshot, asks, bids, checksum, pair, .. }) = parse(BOOK_SNAPSHOT) else { panic!() };
    assert!(snapshot);
    assert_eq!((asks.len(), bids.len(), checksum, pair.as_str()), (10, 10, None, "XBT/USD"));
    assert_eq!(asks[0], level(5290.8, 1.0, 1556724667.74866));
    assert_eq!(bids[9], level(5283.9, 0.5, 1556723616.006805));
}

#[test]
fn book_update_of_both_sides_is_two_objects_with_the_checksum_in_the_last() {
    let Ok(Incoming::Book { snapshot, asks, bids, checksum, .. }) = parse(BOOK_BOTH_SIDES) else { panic!() };
    assert!(!snapshot);
    assert_eq!((asks.len(), bids.len(), checksum), (2, 2, Some(974947235)));
    assert_eq!(bids[0], level(0.04765, 0.000005, 1582905486.493008));
}

#[test]
fn book_update_marks_republished_levels() {
    let Ok(Incoming::Book { asks, bids, checksum, channel_id, .. }) = parse(BOOK_REPUBLISH) else { panic!() };
    assert_eq!((channel_id, bids.len(), checksum), (1234, 0, Some(974942666)));
    assert_eq!(asks.iter().map(|l| l.republish).collect::<Vec<_>>(), [false, true]);
}

#[test]
fn requests_are_written_in_kraken_shapes() {
    let book = Request::Subscribe { pair: "XBT/USD".into(), channel: Channel::Book };
    assert_eq!(book.to_json(), r#"{"event":"subscribe","pair":["XBT/USD"],"subscription":{"depth":10,"name":"book"}}"#);
    let spread = Request::Unsubscribe { pair: "ETH/USD".into(), channel: Channel::Spread };
    assert_eq!(spread.to_json(), r#"{"event":"unsubscribe","pair":["ETH/USD"],"subscription":{"name":"spread"}}"#);
    assert_eq!(Request::Ping { reqid: 42 }.to_json(), r#"{"event":"ping","reqid":42}"#);
}

#[test]
fn requests_round_trip_through_parse_request() {
    for channel in Channel::ALL {
        for request in [
            Request::Subscribe { pair: "SOL/USD".into(), channel },
            Request::Unsubscribe { pair: "SOL/USD".into(), channel },
        ] {
            assert_eq!(parse_request(&request.to_json()), Ok(request));
        }
    }
    assert_eq!(parse_request(r#"{"event":"ping","reqid":42}"#), Ok(Request::Ping { reqid: 42 }));
}

#[test]
fn parse_request_refuses_what_it_cannot_serve() {
    for text in [
        r#"{"event":"subscribe","pair":["XBT/USD","ETH/USD"],"subscription":{"name":"ticker"}}"#,
        r#"{"event":"subscribe","pair":["XBT/USD"],"subscription":{"name":"ohlc"}}"#,
        r#"{"event":"subscribe","pair":["XBT/USD"],"subscription":{"depth":25,"name":"book"}}"#,
        r#"{"event":"subscribe","pair":["XBT/USD"],"subscription":{"name":"book-10"}}"#,
        r#"{"event":"heartbeat"}"#,
        r#"{"event":"ping"}"#,
        "[0]",
    ] {
        assert!(matches!(parse_request(text), Err(ParseError::Malformed(_))), "{text}");
    }
}

fn sample_frames() -> Vec<Incoming> {
    let ticker = Ticker {
        ask: 61414.7,
        ask_whole_lot_volume: 2,
        ask_lot_volume: 2.0,
        bid: 61412.4,
        bid_whole_lot_volume: 1,
        bid_lot_volume: 1.0,
        last: 61413.1,
        last_volume: 0.00012345,
        volume_today: 1234.56789012,
        volume_24h: 2345.6789,
        vwap_today: 61000.12345,
        vwap_24h: 60999.5,
        trades_today: 12,
        trades_24h: 13,
        low_today: 60000.0,
        low_24h: 59999.99999,
        high_today: 62000.0,
        high_24h: 62000.5,
        open: 61000.0,
        open_24h: 60500.0,
    };
    let republished = Level { republish: true, ..level(0.05275, 0.000005, 1582905486.493034) };
    vec![
        Incoming::SystemStatus { connection_id: u64::MAX, status: "online".into(), version: "1.9.1".into() },
        Incoming::SubscriptionStatus {
            channel_id: Some(336),
            channel: Some(Channel::Book),
            pair: Some("XBT/USD".into()),
            status: SubStatus::Subscribed,
            error: None,
        },
        Incoming::SubscriptionStatus {
            channel_id: None,
            channel: Some(Channel::Spread),
            pair: Some("XBT/\"ABC\"".into()),
            status: SubStatus::Error,
            error: Some("Currency pair not supported XBT/\"ABC\"\n".into()),
        },
        Incoming::Heartbeat,
        Incoming::Pong { reqid: Some(7) },
        Incoming::Pong { reqid: None },
        Incoming::Error { message: "unknown event \"x\"".into() },
        Incoming::Ticker { channel_id: 337, pair: "XBT/USD".into(), ticker },
        Incoming::Spread {
            channel_id: 338,
            pair: "ETH/USD".into(),
            spread: Spread { bid: 3000.1, ask: 3000.2, timestamp: 12.345, bid_volume: 0.5, ask_volume: 1.25 },
        },
        Incoming::Book {
            channel_id: 339,
            pair: "SOL/USD".into(),
            snapshot: true,
            asks: vec![level(150.01, 1.0, 1.0), level(150.02, 2.0, 1.5)],
            bids: vec![level(150.0, 3.0, 2.0)],
            checksum: None,
        },
        Incoming::Book {
            channel_id: 339,
            pair: "SOL/USD".into(),
            snapshot: false,
            asks: vec![level(150.03, 0.0, 3.0), republished],
            bids: vec![],
            checksum: Some(1),
        },
        Incoming::Book {
            channel_id: 339,
            pair: "SOL/USD".into(),
            snapshot: false,
            asks: vec![],
            bids: vec![level(149.99, 4.0, 3.0)],
            checksum: Some(u32::MAX),
        },
        Incoming::Book {
            channel_id: 339,
            pair: "SOL/USD".into(),
            snapshot: false,
            asks: vec![level(150.03, 0.0, 3.0)],
            bids: vec![level(149.99, 4.0, 3.0)],
            checksum: Some(974947235),
        },
    ]
}

#[test]
fn every_encoded_frame_parses_back_to_itself() {
    for frame in sample_frames() {
        let text = frame.to_json();
        assert_eq!(parse(&text), Ok(frame), "{text}");
    }
}

#[test]
fn encoders_write_the_documented_decimal_widths() {
    let Ok(frame) = parse(TICKER) else { panic!() };
    assert_eq!(frame.to_json(), TICKER);
    assert_eq!(parse(SPREAD).map(|f| f.to_json()), Ok(SPREAD.to_owned()));
    assert_eq!(parse(BOOK_SNAPSHOT).map(|f| f.to_json()), Ok(BOOK_SNAPSHOT.to_owned()));
    assert_eq!(parse(BOOK_REPUBLISH).map(|f| f.to_json()), Ok(BOOK_REPUBLISH.to_owned()));
}

#[test]
fn both_sided_update_is_written_as_two_objects() {
    let Ok(frame) = parse(BOOK_BOTH_SIDES) else { panic!() };
    assert_eq!(frame.to_json(), BOOK_BOTH_SIDES.replace("book-1000", "book-10"));
}

#[test]
fn a_frame_over_the_limit_is_too_long_before_parsing() {
    let padded = format!("{}{}", r#"{"event":"heartbeat"}"#, " ".repeat(MAX_FRAME_BYTES));
    assert_eq!(parse(&padded), Err(ParseError::TooLong(MAX_FRAME_BYTES + 21)));
    assert_eq!(parse_request(&padded), Err(ParseError::TooLong(MAX_FRAME_BYTES + 21)));
    let at_limit = format!("{}{}", r#"{"event":"heartbeat"}"#, " ".repeat(MAX_FRAME_BYTES - 21));
    assert_eq!(parse(&at_limit), Ok(Incoming::Heartbeat));
    assert_eq!(ParseError::TooLong(20000).to_string(), "frame of 20000 bytes is over the 16384-byte limit");
}

#[test]
fn malformed_frames_say_why() {
    for text in [
        "",
        "heartbeat",
        r#"{"event":"heartbeat""#,
        r#"{"event":"subscriptionStatus","status":"pending"}"#,
        r#"{"event":"systemStatus","status":"online"}"#,
        r#"[0,["5698.40000","x","1","1","1"],"spread","XBT/USD"]"#,
        r#"[0,["5698.40000","1","1","1"],"spread","XBT/USD"]"#,
        r#"[0,{"a":[["1.0","1.0"]]},"book-10","XBT/USD"]"#,
        r#"[0,{"a":[["1.0","1.0","1.0","x"]]},"book-10","XBT/USD"]"#,
        r#"[0,{"as":[],"a":[]},"book-10","XBT/USD"]"#,
        r#"[0,{},"book-10","XBT/USD"]"#,
        r#"[0,{"a":[]},"ohlc-5","XBT/USD"]"#,
        r#"[-1,{"a":[]},"book-10","XBT/USD"]"#,
        r#"[0,{"a":[]},{"b":[]},{"b":[]},"book-10","XBT/USD"]"#,
    ] {
        let Err(ParseError::Malformed(reason)) = parse(text) else { panic!("{text} parsed") };
        assert!(!reason.is_empty());
    }
}

#[test]
fn decimals_are_read_without_float_parsing() {
    assert_eq!(decimal("0.00398963"), Some(0.00398963));
    assert_eq!(decimal("1542057299.545897"), Some(1542057299.545897));
    assert_eq!(decimal("5"), Some(5.0));
    assert_eq!(decimal(".5"), Some(0.5));
    for bad in ["", ".", "-1", "1e3", "1.2.3", "99999999999999999999", " 1"] {
        assert_eq!(decimal(bad), None, "{bad}");
    }
}

#[test]
fn book_checksum_is_the_crc32_of_the_top_ten_levels_without_points_and_leading_zeros() {
    // The asks then the bids, each price then volume with '.' and leading zeros dropped:
    // "5000" "500" then "4900" "300"; zlib.crc32(b"50005004900300") is 288609135.
    let sum = book_checksum(&[level(0.05, 0.000005, 0.0)], &[level(0.049, 0.000003, 0.0)]);
    assert_eq!(sum, 288_609_135);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn parse_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = parse(&text);
        let _ = parse_request(&text);
    }

    #[test]
    fn parse_never_panics_on_json_like_text(text in r#"[\[\]{}",:0-9a-zA-Z./ \-r]{0,96}"#) {
        let _ = parse(&text);
        let _ = parse_request(&text);
    }

    #[test]
    fn parse_never_panics_on_damaged_documented_frames(which in 0usize..9, at in any::<prop::sample::Index>(), cut in any::<bool>(), insert in r#"[\[\]{}",:0-9a-z.\-]{0,4}"#) {
        let frame = [SYSTEM_STATUS, SUBSCRIBED, UNSUBSCRIBED, DEPTH_ERROR, TICKER, SPREAD, BOOK_SNAPSHOT, BOOK_BOTH_SIDES, BOOK_REPUBLISH][which];
        let i = at.index(frame.len() + 1);
        let damaged = if cut { format!("{}{}", &frame[..i], insert) } else { format!("{}{}{}", &frame[..i], insert, &frame[i..]) };
        let _ = parse(&damaged);
        let _ = parse_request(&damaged);
    }

    #[test]
    fn spreads_round_trip_at_their_documented_precision(bid in 0u64..10_000_000_000_000, ask in 0u64..10_000_000_000_000, ms in 0u64..4_000_000_000_000, bv in 0u64..100_000_000_000_000, av in 0u64..100_000_000_000_000) {
        let spread = Spread {
            bid: bid as f64 / 1e5,
            ask: ask as f64 / 1e5,
            timestamp: ms as f64 / 1e3,
            bid_volume: bv as f64 / 1e8,
            ask_volume: av as f64 / 1e8,
        };
        let frame = Incoming::Spread { channel_id: 1, pair: "XBT/USD".into(), spread };
        prop_assert_eq!(parse(&frame.to_json()), Ok(frame));
    }
}
