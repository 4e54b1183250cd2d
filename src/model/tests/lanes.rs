use crate::model::checkpoint::History;
use crate::model::fold::{CHUNK, Folded, fold};
use crate::model::lanes::{Lanes, MarkKind};
use crate::runtime::prelude::*;

fn spawn(name: &str) -> EventKind {
    EventKind::Spawn { parent: None, name: Atom::intern(name), behaviour: Behaviour::Process }
}

fn exit() -> EventKind {
    EventKind::Exit { reason: ExitReason::Normal }
}

fn send() -> EventKind {
    EventKind::Send { to: Pid(1), label: Atom::intern("hello"), kind: MsgKind::Info }
}

/// A process that sleeps through the run, and one that chats with itself every millisecond.
fn sleeper_and_chatter(capacity: usize) -> Runtime {
    let rt = Runtime::with_trace(1, Trace::with_capacity(capacity));
    rt.spawn("sleeper", Behaviour::Process, |ctx| async move {
        ctx.sleep(10_000).await;
        Ok(())
    });
    rt.spawn("chatter", Behaviour::Process, |ctx| async move {
        for _ in 0..2_000 {
            ctx.send(ctx.pid(), Term::atom("chat"));
            ctx.receive().await;
            ctx.sleep(1).await;
        }
        Ok(())
    });
    rt
}

#[test]
fn lanes_keep_a_running_process_whose_spawn_was_dropped() {
    let rt = sleeper_and_chatter(100);
    let mut lanes = Folded::new(Lanes::new(100));
    for frame in 1..=100 {
        rt.run_until(frame * 10);
        rt.read_trace(|t| lanes.advance(t, t.total()));
    }
    let spawned = |t: &Trace| t.events().any(|e| matches!(e.kind, EventKind::Spawn { .. }));
    assert!(!rt.read_trace(spawned), "the trace has dropped both spawns");
    let sleeper = lanes.view().lanes().iter().find(|l| l.name == "sleeper").expect("the sleeper stays a lane");
    assert_eq!((sleeper.start, sleeper.class()), (0, "running"));
    assert_eq!((lanes.view().processes(), lanes.view().running(), lanes.start()), (2, 2, 0));
    let from_the_trace_alone = rt.read_trace(|t| fold(Lanes::new(100), t.events()));
    assert!(from_the_trace_alone.lanes().is_empty(), "what re-deriving from the trace would show");
}

#[test]
fn lanes_forget_processes_that_exited_a_window_ago_but_keep_counting_them() {
    let mut trace = Trace::with_capacity(20_000);
    trace.record(0, Pid(1), spawn("steady"));
    for i in 0..10 {
        trace.record(1, Pid(2 + i), spawn("short"));
        trace.record(2, Pid(2 + i), exit());
    }
    for at in 3..10_003 {
        trace.record(at, Pid(1), send());
    }
    let lanes = fold(Lanes::new(1_000), trace.events());
    assert_eq!(lanes.lanes().iter().map(|l| l.name.as_str()).collect::<Vec<_>>(), ["steady"]);
    assert_eq!((lanes.processes(), lanes.finished(), lanes.running()), (11, 10, 1));
    assert_eq!((lanes.count("short", "normal"), lanes.count("steady", "running")), (10, 1));
    let kept = fold(Lanes::new(20_000), trace.events());
    assert_eq!((kept.lanes().len(), kept.count("short", "normal")), (11, 10), "a wide window keeps them");
}

#[test]
fn lanes_keep_the_marks_of_the_newest_window_of_events() {
    let mut trace = Trace::with_capacity(20_000);
    trace.record(0, Pid(1), spawn("steady"));
    for at in 1..10_001 {
        trace.record(at, Pid(1), send());
    }
    let lanes = fold(Lanes::new(1_000), trace.events());
    // Each event was recorded at the virtual ms of its seq.
    let seqs: Vec<u64> = lanes.marks().map(|m| m.at).collect();
    let newest = *seqs.last().unwrap();
    assert_eq!(newest, 10_000);
    assert!(seqs.windows(2).all(|w| w[1] == w[0] + 1), "no mark of the window is missing");
    // Forgotten every 4096 events, by whole chunks.
    assert!(seqs[0] + 1_000 + 4_096 + CHUNK as u64 >= newest, "the oldest mark kept is {}", seqs[0]);
    assert!(lanes.marks().all(|m| m.kind == MarkKind::Send(MsgKind::Info)));
}

#[test]
fn checkpoints_let_go_of_the_marks_of_events_the_trace_dropped() {
    let mut trace = Trace::with_capacity(10_000);
    let mut history = History::with_spacing(Lanes::new(10_000), 1_000);
    trace.record(0, Pid(1), spawn("steady"));
    for at in 1..50_001 {
        trace.record(at, Pid(1), send());
        if at % 100 == 0 {
            history.advance(&trace);
        }
    }
    let first = trace.first_seq();
    assert_eq!(first, 40_001);
    // The oldest checkpoint was taken 10,000 events after marks it kept; it keeps only whole chunks of
    // marks the trace still holds (and the chunk that straddles its first event).
    let oldest = history.at(&trace, first);
    // Each event was recorded at the virtual ms of its seq.
    let kept = oldest.view().marks().map(|m| m.at).min().unwrap();
    assert!(kept + CHUNK as u64 > first, "the oldest checkpoint keeps a mark of event {kept}, before {first}");
    assert_eq!(oldest.view().marks().last().map(|m| m.at), Some(oldest.next() - 1));
}

#[test]
fn events_of_a_process_whose_spawn_the_fold_never_saw_draw_nothing() {
    let mut trace = Trace::with_capacity(3);
    trace.record(0, Pid(1), spawn("early"));
    trace.record(1, Pid(2), spawn("late"));
    trace.record(2, Pid(1), send());
    trace.record(3, Pid(2), send());
    let mut lanes = Folded::new(Lanes::new(3));
    lanes.advance(&trace, trace.total());
    assert_eq!(lanes.start(), 1, "it starts at the oldest event the trace still held");
    assert_eq!(lanes.view().lanes().iter().map(|l| l.name.as_str()).collect::<Vec<_>>(), ["late"]);
    assert_eq!(lanes.view().marks().map(|m| m.pid).collect::<Vec<_>>(), [Pid(2)]);
}

#[test]
fn a_lane_ends_at_its_exit_coloured_by_the_reason() {
    let mut trace = Trace::with_capacity(10);
    trace.record(5, Pid(1), spawn("worker"));
    trace.record(30, Pid(1), EventKind::Exit { reason: ExitReason::atom("boom") });
    let lanes = fold(Lanes::new(10), trace.events());
    let lane = &lanes.lanes()[0];
    assert_eq!((lane.start, lane.end(99), lane.class()), (5, 30, "error"));
    assert_eq!(lanes.lane(Pid(1)), Some(lane));
}
