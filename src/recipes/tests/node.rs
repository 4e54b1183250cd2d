//! Several recipes in one node, on one clock: each advances, stopping one leaves the others
//! running, a share URL of such a run replays it exactly, and a recipe's scoped views see only its
//! own processes.

use crate::model::fold::Fold;
use crate::model::lanes::Lanes;
use crate::model::node::{Command, Node, Scoped};
use crate::model::share::{Input, Share, replay};
use crate::recipes::RECIPES;
use crate::recipes::periodic::scenario::Periodic;
use crate::runtime::prelude::*;

use super::{exits_named, spawns_named};

fn node(seed: u64) -> Node {
    Node::new(seed, RECIPES.to_vec())
}

/// Performs `text` as the session does: recorded where it happened.
fn input(node: &Node, inputs: &mut Vec<Input>, text: &str) {
    let rt = node.runtime();
    inputs.push(Input { step: rt.steps(), at: rt.now(), action: text.into() });
    node.perform(text).unwrap_or_else(|e| panic!("{text}: {e}"));
}

#[test]
fn two_recipes_in_one_node_both_advance_and_stopping_one_leaves_the_other_running() {
    let node = node(42);
    node.start("fire-and-forget", &Default::default()).unwrap();
    let rt = node.runtime().clone();
    rt.run_until(2_000);
    node.perform("+periodic?services=3&interval=100").unwrap();
    node.perform("fire10").unwrap();
    rt.run_until(4_000);
    assert_eq!(node.running(), ["fire-and-forget", "periodic"]);
    let ticks_before = spawns_named(&rt, "notification").len();
    assert_eq!(ticks_before, 10, "the first recipe took its input");
    let periodic_work = |rt: &Runtime| rt.read_trace(|t| t.events().filter(|e| e.at > 2_000).count());
    assert!(periodic_work(&rt) > 100, "the second recipe runs on the same clock");

    node.perform("-fire-and-forget").unwrap();
    assert_eq!(node.running(), ["periodic"]);
    let shutdowns = exits_named(&rt, "Notifier.TaskSupervisor");
    assert_eq!(shutdowns.len(), 1, "the stopped recipe's supervisor exited");
    let before = rt.read_trace(|t| t.total());
    rt.run_until(6_000);
    assert!(rt.read_trace(|t| t.total()) > before + 100, "the other recipe goes on");
    assert!(node.find::<Periodic>().is_some());
    assert_eq!(node.perform("fire"), Err("Fire and forget is switched off.".into()));
    assert_eq!(node.perform("-fire-and-forget"), Err("\"fire-and-forget\" is not running.".into()));
    assert_eq!(node.perform("+periodic"), Err("Periodic work is already running.".into()));
}

#[test]
fn a_share_url_of_several_recipes_replays_the_same_trace() {
    let live = node(7);
    live.start("fan-out", &[("tasks".to_string(), "30".to_string())].into()).unwrap();
    let rt = live.runtime().clone();
    let mut inputs = Vec::new();
    rt.run_until(500);
    input(&live, &mut inputs, "+fire-and-forget");
    rt.run_until(800);
    input(&live, &mut inputs, "fire-and-forget/fire10");
    input(&live, &mut inputs, "+cron?run=1000");
    rt.run_until(1_500);
    input(&live, &mut inputs, "-fan-out");
    input(&live, &mut inputs, "+fan-out?tasks=5&mode=nolink");
    rt.run_until(5_000);

    let share = Share {
        seed: Some(7),
        run: Some("fan-out".into()),
        params: live.first().unwrap().params,
        inputs,
        steps: Some(rt.steps()),
        at: Some(rt.now()),
        cursor: None,
    };
    let (parsed, notices) = Share::parse(&share.to_query());
    assert_eq!((&parsed, notices), (&share, vec![]));
    let again = node(7);
    again.start(parsed.run.as_deref().unwrap(), &parsed.params).unwrap();
    replay(again.runtime(), &parsed.inputs, parsed.steps.unwrap(), parsed.at.unwrap(), |a| again.perform(a).unwrap());
    assert_eq!(again.runtime().trace_hash(), rt.trace_hash());
    assert_eq!(again.running(), ["fire-and-forget", "cron", "fan-out"]);
}

/// How many events it was given.
#[derive(Clone, Default)]
struct Count(u64);

impl Fold for Count {
    fn apply(&mut self, _: &Event) {
        self.0 += 1;
    }
}

#[test]
fn a_scoped_view_sees_only_its_recipes_processes_and_every_process_they_spawn() {
    let node = node(3);
    node.start("periodic", &[("services".to_string(), "2".to_string())].into()).unwrap();
    let rt = node.runtime().clone();
    rt.run_until(1_000);
    Command::parse("+fan-out?tasks=20").map(|c| node.perform(&c.to_text()).unwrap()).unwrap();
    rt.run_until(4_000);
    let fan_out = node.latest("fan-out").unwrap();
    let periodic = node.latest("periodic").unwrap();
    let lanes_of =
        |scope| rt.read_trace(|t| crate::model::fold::fold(Scoped::new(scope, Lanes::new(t.capacity())), t.events()));
    let (fan_lanes, periodic_lanes) = (lanes_of(fan_out.scope), lanes_of(periodic.scope));
    assert_eq!(fan_lanes.named("upload"), 20);
    assert_eq!(fan_lanes.processes(), 21, "the caller and its twenty tasks");
    assert_eq!(periodic_lanes.named("upload"), 0);
    let all = rt.read_trace(|t| crate::model::fold::fold(Lanes::new(t.capacity()), t.events()));
    assert_eq!(all.processes(), fan_lanes.processes() + periodic_lanes.processes(), "every process is one recipe's");
    let counted =
        |scope| rt.read_trace(|t| crate::model::fold::fold(Scoped::new(scope, Count::default()), t.events()).0);
    let total = rt.read_trace(|t| t.total());
    assert!(counted(fan_out.scope) + counted(periodic.scope) <= total);
    assert!(counted(fan_out.scope) > 20 && counted(periodic.scope) > 20);
}
