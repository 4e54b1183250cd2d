use super::step_of;
use crate::model::checkpoint::History;
use crate::model::code::CodeStep;
use crate::model::fold::{Clock, fold};
use crate::runtime::prelude::*;

fn spawn() -> EventKind {
    EventKind::Spawn { parent: None, name: Atom::intern("worker"), behaviour: Behaviour::Process }
}

#[test]
fn the_code_step_is_the_last_marker_an_event_stood_for() {
    let mut trace = Trace::with_capacity(10);
    trace.record(0, Pid(1), spawn());
    trace.record(1, Pid(1), EventKind::Link { other: Pid(2) });
    assert_eq!(fold(CodeStep::new(step_of), trace.events()).current(), Some("spawn"), "a plain event keeps the step");
    trace.record(2, Pid(1), EventKind::Exit { reason: ExitReason::Normal });
    assert_eq!(fold(CodeStep::new(step_of), trace.events()).current(), Some("exit"));
    assert_eq!(fold(CodeStep::new(step_of), trace.events().take(0)).current(), None);
}

#[test]
fn the_clock_at_a_cursor_is_the_time_of_the_last_event_shown() {
    let mut trace = Trace::with_capacity(10);
    for at in [0, 40, 40, 75] {
        trace.record(at, Pid(1), EventKind::Link { other: Pid(2) });
    }
    let mut history = History::with_spacing(Clock::default(), 2);
    history.advance(&trace);
    let at = |cursor| history.at(&trace, cursor).view().at;
    assert_eq!([at(0), at(1), at(2), at(3), at(4)], [0, 0, 40, 40, 75]);
}
