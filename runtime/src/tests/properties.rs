//! Random programs of spawns, sends, kills and timers keep OTP's guarantees and replay exactly.

use super::{ExitReason, Pid, ProcResult, Ref, Runtime, Term, task_supervisor};
use crate::prelude::{Behaviour, Ctx, EventKind};
use proptest::prelude::*;
use std::collections::{HashMap, HashSet};

#[derive(Clone, Debug)]
enum Op {
    /// A worker that lives `life` ms (longer if messages keep arriving), linked or under the task supervisor.
    Spawn {
        life: u64,
        supervised: bool,
    },
    Send {
        to: usize,
    },
    Kill {
        victim: usize,
    },
    Crash {
        victim: usize,
    },
    Timer {
        to: usize,
        ms: u64,
    },
    CancelTimer {
        which: usize,
    },
    Wait {
        ms: u64,
    },
    StopSupervisor,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (1u64..500, any::<bool>()).prop_map(|(life, supervised)| Op::Spawn { life, supervised }),
        2 => (0usize..64).prop_map(|to| Op::Send { to }),
        1 => (0usize..64).prop_map(|victim| Op::Kill { victim }),
        1 => (0usize..64).prop_map(|victim| Op::Crash { victim }),
        2 => (0usize..64, 0u64..400).prop_map(|(to, ms)| Op::Timer { to, ms }),
        1 => (0usize..64).prop_map(|which| Op::CancelTimer { which }),
        2 => (0u64..200).prop_map(|ms| Op::Wait { ms }),
        1 => Just(Op::StopSupervisor),
    ]
}

async fn worker(ctx: Ctx, life: u64) -> ProcResult {
    loop {
        match ctx.receive_match(|_| true, Some(life)).await {
            None => return Ok(()),
            Some(msg) if msg.is_atom("crash") => return Err(ExitReason::atom("crash")),
            Some(_) => {}
        }
    }
}

fn run_program(seed: u64, ops: Vec<Op>) -> Runtime {
    let rt = Runtime::new(seed);
    rt.spawn("director", Behaviour::Process, move |ctx| async move {
        ctx.trap_exit(true);
        let sup = task_supervisor::start_link(&ctx, "sup");
        let mut pids: Vec<Pid> = Vec::new();
        let mut timers = Vec::new();
        for op in ops {
            let pick = |i: usize| (!pids.is_empty()).then(|| pids[i % pids.len()]);
            match op {
                Op::Spawn { life, supervised: true } => {
                    if let Ok(pid) =
                        task_supervisor::start_child(&ctx, sup, "supervised", move |c| worker(c, life)).await
                    {
                        pids.push(pid);
                    }
                }
                Op::Spawn { life, supervised: false } => {
                    pids.push(ctx.spawn("free", Behaviour::Process, move |c| worker(c, life)))
                }
                Op::Send { to } => pick(to).into_iter().for_each(|p| ctx.send(p, Term::atom("poke"))),
                Op::Kill { victim } => pick(victim).into_iter().for_each(|p| ctx.exit(p, ExitReason::Kill)),
                Op::Crash { victim } => pick(victim).into_iter().for_each(|p| ctx.send(p, Term::atom("crash"))),
                Op::Timer { to, ms } => {
                    if let Some(p) = pick(to) {
                        timers.push(ctx.send_after(p, Term::atom("timeout"), ms));
                    }
                }
                Op::CancelTimer { which } => {
                    if !timers.is_empty() {
                        ctx.cancel_timer(timers[which % timers.len()]);
                    }
                }
                Op::Wait { ms } => ctx.sleep(ms).await,
                Op::StopSupervisor => ctx.exit(sup, ExitReason::Shutdown),
            }
        }
        Ok(())
    });
    rt.run();
    rt
}

fn check_invariants(rt: &Runtime) -> Result<(), TestCaseError> {
    rt.read_trace(|t| {
        prop_assert_eq!(t.dropped(), 0);
        let mut exited_at: HashMap<Pid, u64> = HashMap::new();
        let mut parent_of: HashMap<Pid, Pid> = HashMap::new();
        let mut cancelled: HashSet<Ref> = HashSet::new();
        for e in t.events() {
            if let Some(at) = exited_at.get(&e.pid) {
                prop_assert!(false, "{} acted after its exit at seq {}: {:?}", e.pid, at, e);
            }
            match &e.kind {
                EventKind::Spawn { parent: Some(p), .. } => {
                    parent_of.insert(e.pid, *p);
                }
                EventKind::Exit { .. } => {
                    exited_at.insert(e.pid, e.seq);
                }
                EventKind::TimerCancelled { timer, .. } => {
                    cancelled.insert(*timer);
                }
                EventKind::TimerFired { timer, .. } => {
                    prop_assert!(!cancelled.contains(timer), "cancelled timer {} fired", timer);
                }
                _ => {}
            }
        }
        for (child, parent) in &parent_of {
            let is_supervised = t
                .events()
                .any(|e| e.pid == *parent && matches!(e.kind, EventKind::Spawn { name, .. } if name == "sup"));
            if let (true, Some(sup_exit)) = (is_supervised, exited_at.get(parent)) {
                let child_exit = exited_at.get(child);
                prop_assert!(child_exit.is_some_and(|c| c < sup_exit), "{} outlived its supervisor {}", child, parent);
            }
        }
        Ok(())
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_programs_keep_otp_guarantees(seed in any::<u64>(), ops in prop::collection::vec(op(), 1..60)) {
        let rt = run_program(seed, ops.clone());
        check_invariants(&rt)?;
        prop_assert_eq!(run_program(seed, ops).trace_hash(), rt.trace_hash(), "the same program and seed replay the same trace");
    }
}
