//! Source text for the code panel: step markers (`#@key`, `//@key`) become highlightable lines, and
//! the step to highlight is folded from the trace.

use super::fold::Fold;
use crate::runtime::trace::Event;

/// One displayed source line, the step it belongs to, if any, and the run parameter (`key`, `value`)
/// it belongs to, if only one mode of the recipe runs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub step: Option<String>,
    pub when: Option<(String, String)>,
}

impl Line {
    /// Whether the line is lit when the run is at `step` with `params`: its step, and its mode if it has one.
    pub fn lit(&self, step: Option<&str>, params: &crate::model::recipe::ParamMap) -> bool {
        self.step.is_some()
            && self.step.as_deref() == step
            && self.when.as_ref().is_none_or(|(key, value)| params.get(key) == Some(value))
    }
}

/// Splits `source` into lines, taking a trailing `#@key` or `//@key` marker off each; a marker
/// `#@key?param=value` belongs to the runs whose parameter `param` is `value` only.
///
/// ```
/// use tasklane::model::code::annotate;
/// use tasklane::model::recipe::ParamMap;
/// let lines = annotate("a = 1\nTask.async(f) #@spawn\nasync_nolink(f) #@spawn?mode=nolink\n");
/// assert_eq!(lines[1].text, "Task.async(f)");
/// assert_eq!(lines[1].step.as_deref(), Some("spawn"));
/// let linked: ParamMap = [("mode".to_string(), "linked".to_string())].into();
/// assert_eq!((lines[1].lit(Some("spawn"), &linked), lines[2].lit(Some("spawn"), &linked)), (true, false));
/// ```
pub fn annotate(source: &str) -> Vec<Line> {
    source
        .lines()
        .map(|line| {
            let marker = ["//@", "#@"].iter().find_map(|m| line.rfind(m).map(|i| (i, m.len())));
            match marker {
                Some((i, len)) => {
                    let marker = line[i + len..].trim();
                    let (key, when) = match marker.split_once('?') {
                        Some((key, condition)) => (key, condition.split_once('=')),
                        None => (marker, None),
                    };
                    let word = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                    let valid = word(key) && (marker == key || when.is_some_and(|(k, v)| word(k) && word(v)));
                    if valid {
                        Line {
                            text: line[..i].trim_end().to_string(),
                            step: Some(key.to_string()),
                            when: when.map(|(k, v)| (k.to_string(), v.to_string())),
                        }
                    } else {
                        Line { text: line.to_string(), step: None, when: None }
                    }
                }
                None => Line { text: line.to_string(), step: None, when: None },
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
