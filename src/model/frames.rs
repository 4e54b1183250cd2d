//! Frame times, as a frames-per-second meter shows them (LiveDashboard's and tokio-console's live
//! figures, for the page itself): the last second or so of frame intervals, summarised.

use std::collections::VecDeque;

use crate::runtime::order::sort_by;

/// Intervals kept: about two seconds at 60 fps.
const KEPT: usize = 120;

/// The newest frame intervals, from the timestamps of consecutive frames.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FrameTimes {
    last: Option<f64>,
    intervals: VecDeque<f64>,
}

/// Frames per second over the kept intervals, and their median, 95th percentile and longest, in ms.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FrameSummary {
    pub fps: f64,
    pub p50: f64,
    pub p95: f64,
    pub max: f64,
}

impl FrameTimes {
    /// A frame painted at `at` ms (the frame's timestamp).
    pub fn frame(&mut self, at: f64) {
        if let Some(last) = self.last.replace(at)
            && at > last
        {
            if self.intervals.len() == KEPT {
                self.intervals.pop_front();
            }
            self.intervals.push_back(at - last);
        }
    }

    /// Forgets every frame: the meter starts over.
    pub fn reset(&mut self) {
        *self = FrameTimes::default();
    }

    /// The summary, once two frames have been seen.
    ///
    /// ```
    /// use tasklane::model::frames::FrameTimes;
    /// let mut frames = FrameTimes::default();
    /// for i in 0..=10 {
    ///     frames.frame(i as f64 * 20.0);
    /// }
    /// frames.frame(300.0);
    /// let s = frames.summary().unwrap();
    /// assert_eq!((s.fps.round(), s.p50, s.p95, s.max), (37.0, 20.0, 100.0, 100.0));
    /// ```
    pub fn summary(&self) -> Option<FrameSummary> {
        if self.intervals.is_empty() {
            return None;
        }
        let mut sorted: Vec<f64> = self.intervals.iter().copied().collect();
        sort_by(&mut sorted, f64::total_cmp);
        let rank = |q: f64| sorted[((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1];
        let total: f64 = sorted.iter().sum();
        Some(FrameSummary {
            fps: sorted.len() as f64 * 1000.0 / total,
            p50: rank(0.5),
            p95: rank(0.95),
            max: sorted[sorted.len() - 1],
        })
    }
}
