//! Source text for the code panel: step markers (`#@key`, `//@key`) become highlightable lines.

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
