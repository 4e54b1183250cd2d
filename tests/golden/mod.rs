//! The golden trace: `workload::mixed_program(42)` run to completion, committed twice: its 64-bit
//! hash (`mixed_seed_42.hash`) and its events, one JSON object per line (`mixed_seed_42.jsonl`), so
//! that a broken replay names the first event that differs instead of two hashes.
//!
//! Shared, as source, by the native check (`runtime/src/tests/trace.rs`, which can also rewrite
//! the files: see there) and the browser check (`tests/driver.rs`). Plain `std`, no crate paths.

/// `format!("{:016x}", trace_hash)` of the golden run.
pub const HASH: &str = include_str!("mixed_seed_42.hash");

/// The golden run's events, one per line, as [`events_jsonl`] writes them.
pub const EVENTS: &str = include_str!("mixed_seed_42.jsonl");

/// The events of a `Trace::to_json()` export, one JSON object per line (each line ends in `\n`).
/// Braces and commas inside strings (such as a reason `{:shutdown, :done}`) are left alone.
pub fn events_jsonl(trace_json: &str) -> String {
    let events = trace_json.split_once("\"events\":[").map_or("", |(_, rest)| rest);
    let mut out = String::with_capacity(events.len());
    let (mut depth, mut in_string, mut escaped) = (0_u32, false, false);
    for c in events.chars() {
        if depth == 0 {
            match c {
                '{' => {}
                ']' => break,
                _ => continue,
            }
        }
        out.push(c);
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '{' if !in_string => depth += 1,
            '}' if !in_string => {
                depth -= 1;
                if depth == 0 {
                    out.push('\n');
                }
            }
            _ => {}
        }
    }
    out
}

/// Where `actual` first departs from `expected` (both one event a line), said as the event's index
/// and both lines; `None` when they are equal.
pub fn first_difference(expected: &str, actual: &str) -> Option<String> {
    let (want, got): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let index = (0..want.len().max(got.len())).find(|i| want.get(*i) != got.get(*i))?;
    let line = |lines: &[&str]| lines.get(index).map_or("(the trace has ended)".to_string(), |l| l.to_string());
    Some(format!(
        "event {index} differs ({} events expected, {} recorded)\n  expected: {}\n    actual: {}",
        want.len(),
        got.len(),
        line(&want),
        line(&got)
    ))
}
