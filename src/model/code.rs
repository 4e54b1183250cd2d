//! Source text for the code panel: step markers (`#@key`, `//@key`) become highlightable lines, and
//! the step to highlight is folded from the trace.

use super::fold::Fold;
use crate::runtime::trace::Event;

/// One displayed source line and the step it belongs to, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub step: Option<String>,
}

/// Splits `source` into lines, taking a trailing `#@key` or `//@key` marker off each.
///
/// ```
/// use tasklane::model::code::annotate;
/// let lines = annotate("a = 1\nTask.async(f) #@spawn\n");
/// assert_eq!(lines[1].text, "Task.async(f)");
/// assert_eq!(lines[1].step.as_deref(), Some("spawn"));
/// ```
pub fn annotate(source: &str) -> Vec<Line> {
    source
        .lines()
        .map(|line| {
            let marker = ["//@", "#@"].iter().find_map(|m| line.rfind(m).map(|i| (i, m.len())));
            match marker {
                Some((i, len)) => {
                    let key = line[i + len..].trim();
                    let valid = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                    if valid {
                        Line { text: line[..i].trim_end().to_string(), step: Some(key.to_string()) }
                    } else {
                        Line { text: line.to_string(), step: None }
                    }
                }
                None => Line { text: line.to_string(), step: None },
            }
        })
        .collect()
}

/// The code step to highlight: the last step marker an event stood for, as a fold.
///
/// ```
/// use tasklane::runtime::prelude::*;
/// use tasklane::model::code::CodeStep;
/// use tasklane::model::fold::fold;
/// let rt = Runtime::new(1);
/// rt.spawn("worker", Behaviour::Process, |ctx| async move { ctx.sleep(40).await; Ok(()) });
/// rt.run();
/// let step_of = |e: &Event| matches!(e.kind, EventKind::Spawn { .. }).then_some("spawn");
/// assert_eq!(rt.read_trace(|t| fold(CodeStep::new(step_of), t.events())).current(), Some("spawn"));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct CodeStep {
    step_of: fn(&Event) -> Option<&'static str>,
    current: Option<&'static str>,
}

impl CodeStep {
    /// No step yet; `step_of` says which step an event stands for (a recipe's `step_of`).
    pub fn new(step_of: fn(&Event) -> Option<&'static str>) -> Self {
        CodeStep { step_of, current: None }
    }

    pub fn current(&self) -> Option<&'static str> {
        self.current
    }
}

impl Fold for CodeStep {
    fn apply(&mut self, event: &Event) {
        if let Some(step) = (self.step_of)(event) {
            self.current = Some(step);
        }
    }
}
