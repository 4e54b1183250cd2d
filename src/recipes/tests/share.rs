use crate::model::recipe::Scenario;
use crate::model::share::{Input, RECORDED_QUERY_BYTES, Recording, Share, replay};
use crate::recipes::fire_and_forget::scenario::FireAndForget;
use crate::runtime::Runtime;

#[test]
fn a_share_url_round_trips() {
    let share = Share {
        seed: Some(42),
        run: Some("fan-out".into()),
        params: [("tasks".to_string(), "50".to_string()), ("mode".to_string(), "no link & more".to_string())].into(),
        inputs: vec![
            Input { step: 3, at: 120, action: "fire".into() },
            Input { step: 9, at: 800, action: "crash".into() },
            Input { step: 9, at: 800, action: "+periodic?jobs=a~b%26c&work=1".into() },
            Input { step: 12, at: 900, action: "cron/add */15 * * * *".into() },
        ],
        steps: Some(77),
        at: Some(5000),
        cursor: Some(31),
    };
    assert_eq!(Share::parse(&share.to_query()), (share, vec![]));
}

#[test]
fn malformed_url_parameters_are_ignored_with_a_notice() {
    let (share, notices) = Share::parse("?seed=-3&steps=1e9&inputs=1.2.fire~x.y.z~4.5.&cursor=%zz&at=10");
    assert_eq!(share.seed, None);
    assert_eq!(share.steps, None);
    assert_eq!(share.at, Some(10));
    assert_eq!(share.inputs, vec![Input { step: 1, at: 2, action: "fire".into() }]);
    assert_eq!(notices.len(), 5, "{notices:?}");
}

#[test]
fn replaying_recorded_inputs_reproduces_the_live_trace() {
    let live = FireAndForget::start(&Runtime::new(5));
    let rt = live.runtime();
    let mut inputs = Vec::new();
    for (until, action) in [(0, "fire10"), (700, "crash"), (1300, "fire"), (2100, "stop")] {
        rt.run_until(until);
        for _ in 0..3 {
            rt.step();
        }
        inputs.push(Input { step: rt.steps(), at: rt.now(), action: action.into() });
        live.apply(action).unwrap();
    }
    rt.run_until(6000);

    let again = FireAndForget::start(&Runtime::new(5));
    replay(again.runtime(), &inputs, rt.steps(), rt.now(), |a| again.apply(a).unwrap());
    assert_eq!(again.runtime().read_trace(|t| t.to_json()), rt.read_trace(|t| t.to_json()));
}

#[test]
fn a_run_whose_inputs_outgrow_an_address_replays_to_where_recording_stopped() {
    let live = FireAndForget::start(&Runtime::new(5));
    let rt = live.runtime();
    let mut recording = Recording::default();
    let mut hash_at_cut = None;
    // Each "fire" is recorded with padding as long as a burst of socket frames: the fourth does not fit.
    let padded = format!("fire{}", "x".repeat(RECORDED_QUERY_BYTES / 4));
    for until in (0..8).map(|i| i * 300) {
        rt.run_until(until);
        let input = Input { step: rt.steps(), at: rt.now(), action: padded.clone() };
        if recording.stops_at(&input) {
            hash_at_cut = Some(rt.trace_hash());
        }
        live.apply("fire").unwrap();
        recording.record(input);
    }
    rt.run_until(4000);
    let (steps, at) = recording.cut().expect("recording stopped");
    assert_eq!((recording.inputs().len(), at), (3, 900));

    let again = FireAndForget::start(&Runtime::new(5));
    replay(again.runtime(), recording.inputs(), steps, at, |a| again.apply(&a[..4]).unwrap());
    assert_eq!(Some(again.runtime().trace_hash()), hash_at_cut, "the link reproduces the run where recording stopped");
    assert_ne!(again.runtime().trace_hash(), rt.trace_hash(), "the run went on past it");
}

#[test]
fn an_input_that_fills_the_address_to_its_limit_is_recorded_and_one_byte_more_is_not() {
    // Escaped bytes (space, `~`, `@`) count three, a step of five digits five: as the URL writes them.
    let input = |filler: usize| Input { step: 12_345, at: 0, action: format!("@1 data ~{}", "x".repeat(filler)) };
    let added =
        |i: &Input| Share { inputs: vec![i.clone()], ..Share::default() }.to_query().len() - "?inputs=".len() + 1;
    let filler = RECORDED_QUERY_BYTES - added(&input(0));
    assert_eq!(added(&input(filler)), RECORDED_QUERY_BYTES);
    let mut exact = Recording::default();
    exact.record(input(filler));
    assert_eq!((exact.inputs().len(), exact.cut()), (1, None));
    let mut over = Recording::default();
    assert!(over.stops_at(&input(filler + 1)));
    over.record(input(filler + 1));
    assert_eq!((over.inputs().len(), over.cut()), (0, Some((12_345, 0))));
}
