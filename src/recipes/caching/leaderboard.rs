//! The ETS leaderboard (the stream-handler article's `handle_info(:ets, state)`): a writer that
//! moves every score each round in an `ordered_set`, readers taking the top ten straight from the
//! table, and beside it the same board kept in a GenServer, whose readers wait behind its rounds.

use crate::runtime::ets::{Table, TableKind};
use crate::runtime::gen_server::From;
use crate::runtime::prelude::*;

/// Users on the board.
pub const USERS: u32 = 100;
/// A round every second, as the article's `@time_interval_ms`.
pub const ROUND_MS: u64 = 1000;
/// How long a round's shuffle and re-sort keep the writer busy.
pub const ROUND_WORK_MS: u64 = 300;
/// Readers per board, and how often each reads the top ten.
pub const READERS: u64 = 3;
pub const READ_EVERY_MS: u64 = 100;

/// Where a board keeps its scores.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Store {
    /// An `:ordered_set` keyed `{-score, user}`: readers read it in their own processes.
    Ets,
    /// The GenServer's own state: readers call it and wait their turn.
    GenServer,
}

/// A reader took the top ten: from which board, how long it waited, and what it saw.
#[derive(Debug)]
pub struct TopRead {
    pub store: Store,
    pub latency: u64,
    /// `(user, score)`, best first.
    pub top: Vec<(u32, i64)>,
}

impl Custom for TopRead {
    fn name(&self) -> &'static str {
        "top_read"
    }

    fn describe(&self) -> String {
        let leader = self.top.first().map_or("nobody".to_string(), |(u, s)| format!("user {u} ({s})"));
        let board = if self.store == Store::Ets { "ETS" } else { "GenServer" };
        format!("{board} board: top ten read in {} ms, leader {leader}", self.latency)
    }
}

/// A board's writer: every round it moves each user's score, taking its time over each.
struct Board {
    store: Store,
    scores: Vec<i64>,
}

fn key(user: u32, score: i64) -> Term {
    Term::tuple([Term::Int(-score), Term::Int(user.into())])
}

impl GenServer for Board {
    async fn init(&mut self, ctx: &Ctx) -> Init {
        self.scores = (0..USERS).map(|_| ctx.random_range(0, 1000) as i64).collect();
        if self.store == Store::Ets {
            let Ok(table) = Table::new_named(ctx, "leaderboard", TableKind::OrderedSet) else {
                return Init::Stop(ExitReason::atom("badarg"));
            };
            let rows = self.scores.iter().enumerate().map(|(u, s)| (key(u as u32, *s), Term::atom("nil")));
            if table.insert_many(ctx, rows).is_err() {
                return Init::Stop(ExitReason::atom("badarg"));
            }
        }
        ctx.send_after(ctx.pid(), Term::atom("round"), ROUND_MS);
        Init::Ok
    }

    async fn handle_info(&mut self, ctx: &Ctx, _msg: Term) -> ProcResult {
        let table = Table::named("leaderboard");
        for user in 0..USERS {
            let old = self.scores[user as usize];
            let new = (old + ctx.random_range(0, 41) as i64 - 20).max(0);
            self.scores[user as usize] = new;
            if self.store == Store::Ets {
                table.delete(ctx, &key(user, old))?; //@leader_write
                table.insert(ctx, key(user, new), Term::atom("nil"))?;
            }
            ctx.sleep(ROUND_WORK_MS / u64::from(USERS)).await;
        }
        ctx.send_after(ctx.pid(), Term::atom("round"), ROUND_MS);
        Ok(())
    }

    async fn handle_call(&mut self, _ctx: &Ctx, _request: Term, _from: From) -> Result<CallReply, ExitReason> {
        Ok(CallReply::Reply(Term::list(top_of(&self.scores).into_iter().map(|(u, s)| key(u, s)))))
    }
}

/// The ten best `(user, score)`, best first (ties by user), as `Enum.sort_by(scores, & &1.score, :desc)` would.
pub fn top_of(scores: &[i64]) -> Vec<(u32, i64)> {
    let mut top: Vec<(u32, i64)> = Vec::with_capacity(11);
    for (user, score) in scores.iter().enumerate() {
        let at = top.iter().position(|(_, s)| s < score).unwrap_or(top.len());
        if at < 10 {
            top.insert(at, (user as u32, *score));
            top.truncate(10);
        }
    }
    top
}

/// `(user, score)` from a `{-score, user}` key.
fn row(key: &Term) -> Option<(u32, i64)> {
    Some((key.elem(1)?.as_int()? as u32, -key.elem(0)?.as_int()?))
}

/// Takes the top ten from the ETS table, `:ets.first/1` then `:ets.next/2`.
pub fn read_table(ctx: &Ctx) -> Result<Vec<(u32, i64)>, ExitReason> {
    let table = Table::named("leaderboard");
    let mut top = Vec::new();
    let mut at = table.first(ctx)?; //@leader_read
    while let Some(k) = at.filter(|_| top.len() < 10) {
        top.extend(row(&k));
        at = table.next(ctx, &k)?;
    }
    Ok(top)
}

async fn reader(ctx: Ctx, store: Store) -> ProcResult {
    loop {
        ctx.sleep(READ_EVERY_MS).await;
        let started = ctx.now();
        let top = match store {
            Store::Ets => read_table(&ctx)?,
            Store::GenServer => {
                let board = ctx.whereis("board_server").ok_or(ExitReason::Noproc)?;
                let reply = gen_server::call(&ctx, board, Term::atom("top"), gen_server::DEFAULT_CALL_TIMEOUT).await?;
                match reply {
                    Term::List(keys) => keys.iter().filter_map(row).collect(),
                    _ => Vec::new(),
                }
            }
        };
        ctx.record_custom(TopRead { store, latency: ctx.now() - started, top });
    }
}

/// The leaderboard's tree: both boards, then their readers.
pub fn child_spec() -> ChildSpec {
    let board = |id: &'static str, store: Store| {
        let spec = ChildSpec::worker(id, Behaviour::GenServer, move |c| {
            gen_server::enter_loop(c, Board { store, scores: Vec::new() })
        });
        spec.named(gen_server::Name::Local(Atom::intern(id)))
    };
    let mut children = vec![board("board_ets", Store::Ets), board("board_server", Store::GenServer)];
    for (store, name) in [(Store::Ets, "ets_reader"), (Store::GenServer, "server_reader")] {
        for i in 1..=READERS {
            let id = Atom::intern(&format!("{name}_{i}"));
            children.push(ChildSpec::worker(id, Behaviour::Process, move |c| reader(c, store)));
        }
    }
    ChildSpec::supervisor("Leaderboard.Supervisor", SupervisorSpec::new(Strategy::RestForOne, children))
}
