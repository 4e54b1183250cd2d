//! The fire-and-forget scenario on the runtime: a web request process asks a `Task.Supervisor`
//! to start temporary notification children and never waits for them.

use crate::model::recipe::{ParamMap, Scenario};
use crate::runtime::prelude::*;

/// What Crash one says once the supervisor is gone: no child can run under it again.
pub const SUPERVISOR_GONE: &str = "The supervisor is gone (Stop supervisor stopped it), so no child runs under it: \
     firing now makes the web request call a dead process. Switch the recipe off and on to start it again.";

/// The recipe's processes.
pub struct FireAndForget {
    rt: Runtime,
    supervisor: Pid,
    web: Pid,
}

/// What a notification does: works for a random 500–4000 ms, or crashes when told to.
async fn send_notification(ctx: Ctx) -> ProcResult {
    let work_ms = ctx.random_range(500, 4001);
    match ctx.receive_match(|m| m.is_atom("crash"), Some(work_ms)).await {
        //@crash
        Some(_) => Err(ExitReason::atom("smtp_timeout")),
        None => Ok(()), //@exit
    }
}

/// The request handler: each `{:fire, n}` starts `n` children, fire and forget.
async fn web_request(ctx: Ctx, supervisor: Pid) -> ProcResult {
    loop {
        let msg = ctx.receive().await;
        let count = msg.elem(1).and_then(Term::as_int).unwrap_or(0);
        for _ in 0..count {
            task_supervisor::start_child(&ctx, supervisor, "notification", send_notification).await?; //@start_child
        }
    }
}

impl FireAndForget {
    pub fn start(rt: &Runtime) -> Self {
        let rt = rt.clone();
        let supervisor = task_supervisor::start(&rt, "Notifier.TaskSupervisor");
        let web = rt.spawn("web_request", Behaviour::Process, move |ctx| web_request(ctx, supervisor));
        FireAndForget { rt, supervisor, web }
    }

    pub fn supervisor(&self) -> Pid {
        self.supervisor
    }

    /// Children of the supervisor still running, oldest first.
    pub fn running_children(&self) -> Vec<Pid> {
        self.rt.processes().into_iter().filter(|p| p.parent == Some(self.supervisor)).map(|p| p.pid).collect()
    }
}

impl Scenario for FireAndForget {
    fn runtime(&self) -> &Runtime {
        &self.rt
    }

    fn params(&self) -> ParamMap {
        ParamMap::new()
    }

    fn apply(&self, action: &str) -> Result<(), String> {
        match action {
            "fire" | "fire10" => {
                let count = if action == "fire" { 1 } else { 10 };
                self.rt.send(self.web, Term::tuple([Term::atom("fire"), Term::Int(count)]));
                Ok(())
            }
            "crash" => match self.running_children().first() {
                Some(child) => {
                    self.rt.send(*child, Term::atom("crash"));
                    Ok(())
                }
                None if !self.rt.is_alive(self.supervisor) => Err(SUPERVISOR_GONE.into()),
                None => Err("No child is running: fire one first.".into()),
            },
            "stop" => {
                self.rt.exit(self.supervisor, ExitReason::Shutdown); //@shutdown
                Ok(())
            }
            other => Err(format!("Unknown action {other:?} for fire and forget.")),
        }
    }

    fn stop(&self) {
        self.rt.exit(self.supervisor, ExitReason::Shutdown);
        self.rt.exit(self.web, ExitReason::Shutdown);
    }
}
