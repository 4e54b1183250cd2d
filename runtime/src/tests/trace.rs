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
fn the_mixed_workload_ends_with_every_process_stopped() {
    let rt = workload::mixed(7);
    assert_eq!(rt.process_count(), 0);
    let restarts = rt.read_trace(|t| t.events().filter(|e| matches!(e.kind, EventKind::Restart { .. })).count());
    assert!(restarts > 0, "the flaky worker was restarted");
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
fn json_export_escapes_text() {
    let mut out = String::new();
    crate::trace::json_string(&mut out, "say \"hi\"\n\\\u{1}");
    assert_eq!(out, r#""say \"hi\"\n\\\u0001""#);
}

#[test]
fn json_export_lists_each_event_with_its_fields() {
    let rt = Runtime::new(3);
    rt.spawn("solo", Behaviour::Process, |ctx| async move {
        ctx.sleep(5).await;
        Err(ExitReason::error("boom"))
    });
    rt.run();
    assert_eq!(
        rt.read_trace(|t| t.to_json()),
        r#"{"dropped":0,"events":[{"seq":0,"at":0,"pid":1,"kind":"spawn","parent":null,"name":"solo","behaviour":"process"},{"seq":1,"at":5,"pid":1,"kind":"exit","reason":"{:error, :boom}"}]}"#
    );
}

#[test]
fn the_mixed_workload_matches_the_golden_hash_the_browser_checks_too() {
    let golden = include_str!("../../../tests/golden/mixed_seed_42.hash").trim();
    assert_eq!(format!("{:016x}", workload::mixed(42).trace_hash()), golden);
}
