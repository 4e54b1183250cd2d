//! Each cron job's runs (what Quantum's job log would list), folded from the trace: how many, and
//! when the runs of the last day started.

use std::collections::VecDeque;

use super::scenario::DAY_MS;
use crate::model::fold::Fold;
use crate::runtime::prelude::*;

/// The cron page's fold: per job, its runs so far and the start times of those in the day before
/// the latest (a run is a process spawned under the job's name).
///
/// ```
/// use tasklane::model::fold::fold;
/// use tasklane::model::recipe::Scenario;
/// use tasklane::runtime::Runtime;
/// use tasklane::recipes::cron::{params::{Params, job_name}, runs::JobRuns, scenario::CronRecipe};
/// let cron = CronRecipe::start(&Runtime::new(1), Params { jobs: vec!["*/15 * * * *".into()], ..Params::default() });
/// cron.apply("day").unwrap();
/// cron.apply("day").unwrap();
/// let runs = cron.runtime().read_trace(|t| fold(JobRuns::new(&[job_name(0)]), t.events()));
/// assert_eq!((runs.count(0), runs.recent(0).len()), (192, 97), "two days of runs; the last day's kept");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobRuns {
    jobs: Vec<(Atom, u64, VecDeque<u64>)>,
}

impl JobRuns {
    /// Follows the jobs called `names`, in order.
    pub fn new(names: &[Atom]) -> Self {
        JobRuns { jobs: names.iter().map(|name| (*name, 0, VecDeque::new())).collect() }
    }

    /// Runs of job `i` so far.
    pub fn count(&self, i: usize) -> u64 {
        self.jobs.get(i).map_or(0, |(_, count, _)| *count)
    }

    /// When job `i`'s runs in the day before its latest one started, oldest first.
    pub fn recent(&self, i: usize) -> &VecDeque<u64> {
        static NONE: VecDeque<u64> = VecDeque::new();
        self.jobs.get(i).map_or(&NONE, |(.., recent)| recent)
    }
}

impl Fold for JobRuns {
    fn apply(&mut self, e: &Event) {
        let EventKind::Spawn { name, .. } = e.kind else { return };
        if let Some((_, count, recent)) = self.jobs.iter_mut().find(|(job, ..)| *job == name) {
            *count += 1;
            recent.push_back(e.at);
            while recent.front().is_some_and(|at| at + DAY_MS < e.at) {
                recent.pop_front();
            }
        }
    }

    fn weight(&self) -> usize {
        self.jobs.iter().map(|(.., recent)| 1 + recent.len()).sum()
    }
}
