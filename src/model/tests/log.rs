use crate::model::fold::{Folded, fold};
use crate::model::log::{LogRows, SHOWN, involves};
use crate::runtime::prelude::*;

#[test]
fn filtering_by_a_process_keeps_every_event_that_names_it() {
    let (me, other) = (Pid(7), Pid(8));
    let kinds = [
        EventKind::Spawn { parent: Some(me), name: Atom::intern("child"), behaviour: Behaviour::Task },
        EventKind::Send { to: me, label: Atom::intern("hi"), kind: MsgKind::Cast },
        EventKind::Receive { from: Some(me), label: Atom::intern("hi"), kind: MsgKind::Cast },
        EventKind::TimerSet { timer: Ref(1), to: me, label: Atom::intern("tick"), deadline: 9 },
        EventKind::Link { other: me },
        EventKind::Unlink { other: me },
        EventKind::Monitor { target: me, monitor: Ref(2) },
        EventKind::Down { target: me, monitor: Ref(2), reason: ExitReason::Normal },
        EventKind::Restart { child: Atom::intern("w"), old: me, new: Pid(9) },
        EventKind::Restart { child: Atom::intern("w"), old: Pid(9), new: me },
    ];
    for kind in kinds {
        let e = Event { seq: 0, at: 0, pid: other, kind };
        assert!(involves(&e, me), "{e:?}");
        assert!(!involves(&e, Pid(3)), "{e:?}");
    }
    let own = Event { seq: 0, at: 0, pid: me, kind: EventKind::Exit { reason: ExitReason::Normal } };
    assert!(involves(&own, me));
}

#[test]
fn the_log_shows_the_newest_rows_and_counts_the_earlier_ones() {
    let mut trace = Trace::with_capacity(1_000);
    for at in 0..(SHOWN as u64 + 50) {
        trace.record(at, Pid(1), EventKind::Link { other: Pid(2) });
    }
    let log = fold(LogRows::new(None), trace.events());
    let seqs: Vec<u64> = log.newest().map(|e| e.seq).collect();
    assert_eq!((seqs.len(), seqs[0], *seqs.last().unwrap(), log.earlier()), (SHOWN, SHOWN as u64 + 49, 50, 50));
    let none = fold(LogRows::new(Some(Pid(3))), trace.events());
    assert_eq!((none.newest().count(), none.earlier()), (0, 0));
}

#[test]
fn the_log_keeps_its_rows_after_the_trace_drops_them() {
    let mut trace = Trace::with_capacity(10);
    let mut quiet = Folded::new(LogRows::new(Some(Pid(2))));
    trace.record(0, Pid(2), EventKind::Link { other: Pid(1) });
    quiet.advance(&trace, trace.total());
    for at in 1..100 {
        trace.record(at, Pid(1), EventKind::Unlink { other: Pid(3) });
        quiet.advance(&trace, trace.total());
    }
    assert_eq!(trace.first_seq(), 90);
    assert_eq!(quiet.view().newest().map(|e| e.seq).collect::<Vec<_>>(), [0], "its one event, long dropped");
    assert_eq!(quiet.start(), 0, "it saw every event");
}
