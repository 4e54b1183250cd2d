use super::*;
use crate::workload;

#[test]
fn the_same_seed_replays_the_same_trace() {
    let a = workload::mixed(42);
    let b = workload::mixed(42);
    assert_eq!(a.read_trace(|t| t.to_json()), b.read_trace(|t| t.to_json()));
    assert_eq!(a.trace_hash(), b.trace_hash());
}

#[test]
fn a_different_seed_gives_a_different_trace() {
    assert_ne!(workload::mixed(42).trace_hash(), workload::mixed(43).trace_hash());
}

#[test]
fn the_mixed_workload_restarts_only_the_flaky_worker_and_stops_every_process() {
    let rt = workload::mixed(7);
    assert_eq!(rt.process_count(), 0);
    let restarted = restarts(&rt);
    assert!(!restarted.is_empty(), "the flaky worker was restarted");
    assert!(restarted.iter().all(|(_, child)| *child == "flaky"), "only the flaky worker: {restarted:?}");
}

#[test]
fn the_ring_buffer_keeps_the_newest_events_and_counts_the_rest() {
    let rt = workload::ping_pong(100, 50);
    rt.read_trace(|t| {
        assert_eq!(t.len(), 50);
        assert_eq!(t.dropped(), t.total() - 50);
        assert_eq!(t.events().next().unwrap().seq, t.dropped());
        assert!(t.to_json().starts_with(&format!("{{\"dropped\":{},", t.dropped())));
    });
}

#[test]
fn json_export_escapes_quotes_backslashes_and_control_characters() {
    let mut out = String::new();
    crate::trace::json_string(&mut out, "say \"hi\"\n\\\u{1}");
    assert_eq!(out, r#""say \"hi\"\n\\\u0001""#);
}

#[test]
fn json_export_lists_each_event_with_its_fields() {
    let rt = Runtime::new(3);
    rt.spawn("solo", Behaviour::Process, |ctx| async move {
        ctx.sleep(5).await;
        Err(ExitReason::atom("boom"))
    });
    rt.run();
    assert_eq!(
        rt.read_trace(|t| t.to_json()),
        r#"{"dropped":0,"events":[{"seq":0,"at":0,"pid":1,"kind":"spawn","parent":null,"name":"solo","behaviour":"process"},{"seq":1,"at":5,"pid":1,"kind":"exit","reason":":boom"}]}"#
    );
}

/// The golden files, shared with the browser check in `tests/driver.rs`.
#[path = "../../../tests/golden/mod.rs"]
mod golden;

/// The mixed workload at seed 42 replays `tests/golden/mixed_seed_42.jsonl` event for event, and its
/// hash is `tests/golden/mixed_seed_42.hash` (the browser driver must replay the same trace).
///
/// When the trace changes on purpose (a new event kind, a changed field), regenerate both files
/// with `TASKLANE_BLESS=1 cargo test -p tasklane-runtime golden`, then read `git diff tests/golden`:
/// the JSONL diff shows what changed, event by event, and is what a reviewer checks. A change that
/// should not alter behaviour (a refactor, a rename) must leave both files as they are.
#[test]
fn the_mixed_workload_replays_the_golden_trace_event_for_event() {
    let rt = workload::mixed(42);
    let (json, dropped) = rt.read_trace(|t| (t.to_json(), t.dropped()));
    let events = golden::events_jsonl(&json);
    let hash = format!("{:016x}", rt.trace_hash());
    if std::env::var_os("TASKLANE_BLESS").is_some() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/golden");
        std::fs::write(dir.join("mixed_seed_42.jsonl"), &events).expect("write the golden events");
        std::fs::write(dir.join("mixed_seed_42.hash"), format!("{hash}\n")).expect("write the golden hash");
        return;
    }
    assert_eq!(dropped, 0, "the golden run keeps every event");
    let lines: Vec<&str> = events.lines().collect();
    assert_eq!(format!("{{\"dropped\":0,\"events\":[{}]}}", lines.join(",")), json, "one line per event, nothing lost");
    if let Some(difference) = golden::first_difference(golden::EVENTS, &events) {
        panic!(
            "the mixed workload no longer replays tests/golden/mixed_seed_42.jsonl: {difference}\n\
             If the change is intended, regenerate with TASKLANE_BLESS=1 cargo test -p tasklane-runtime golden"
        );
    }
    assert_eq!(hash, golden::HASH.trim(), "same events, other hash: the JSON export or the hash function changed");
}

#[test]
fn golden_lines_split_events_but_not_braces_inside_strings() {
    let json = r#"{"dropped":0,"events":[{"seq":0,"reason":"{:error, :x},{"},{"seq":1,"label":"\"}"}]}"#;
    assert_eq!(
        golden::events_jsonl(json),
        "{\"seq\":0,\"reason\":\"{:error, :x},{\"}\n{\"seq\":1,\"label\":\"\\\"}\"}\n"
    );
    assert_eq!(golden::first_difference("a\nb\n", "a\nb\n"), None);
    let shorter = golden::first_difference("a\nb\n", "a\n").unwrap();
    assert!(shorter.starts_with("event 1 differs (2 events expected, 1 recorded)"), "{shorter}");
    assert!(shorter.ends_with("expected: b\n    actual: (the trace has ended)"), "{shorter}");
}
