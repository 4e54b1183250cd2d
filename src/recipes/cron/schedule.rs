//! Cron expressions (Quantum's schedules): parsing with `croner`, errors that name the field,
//! a plain-English explanation, and run times on the virtual clock.

use chrono::{DateTime, Datelike, Duration, FixedOffset, TimeZone, Timelike};
use croner::Cron;
use croner::parser::{CronParser, Seconds, Year};

/// Virtual time 0 is midnight, 1 January 2026, in the run's time zone.
pub fn epoch(offset_minutes: i32) -> DateTime<FixedOffset> {
    let zone = FixedOffset::east_opt(offset_minutes * 60).unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC"));
    zone.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().expect("a valid fixed date")
}

const FIELDS5: [&str; 5] = ["minute", "hour", "day-of-month", "month", "day-of-week"];
const FIELDS6: [&str; 6] = ["second", "minute", "hour", "day-of-month", "month", "day-of-week"];

/// A parsed cron expression.
#[derive(Clone, Debug)]
pub struct CronJob {
    pub expr: String,
    cron: Cron,
}

fn parser() -> CronParser {
    CronParser::builder().seconds(Seconds::Optional).year(Year::Disallowed).build()
}

/// Parses `expr` (5 fields, 6 with seconds first, or a shortcut such as `@hourly`). The error says
/// which field is wrong when one is.
///
/// ```
/// use tasklane::recipes::cron::schedule::parse;
/// assert!(parse("*/15 * * * *").is_ok());
/// let err = parse("0 25 * * *").unwrap_err();
/// assert!(err.starts_with("The hour field \"25\""), "{err}");
/// ```
pub fn parse(expr: &str) -> Result<CronJob, String> {
    let expr = expr.trim();
    if expr.is_empty() {
        return Err("Type a cron expression, such as */15 * * * * (every 15 minutes).".into());
    }
    let fields: Vec<&str> = expr.split_whitespace().collect();
    if !expr.starts_with('@') && !(5..=6).contains(&fields.len()) {
        return Err(format!(
            "A cron expression has 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first; \
             this one has {}.",
            fields.len()
        ));
    }
    match parser().parse(expr) {
        Ok(cron) => Ok(CronJob { expr: expr.to_string(), cron }),
        Err(e) if expr.starts_with('@') => {
            Err(format!("{expr:?} is not a shortcut: use @yearly, @monthly, @weekly, @daily or @hourly ({e})."))
        }
        Err(e) => {
            let names: &[&str] = if fields.len() == 5 { &FIELDS5 } else { &FIELDS6 };
            let bad = (0..fields.len()).find(|i| {
                let probe: Vec<&str> = (0..fields.len()).map(|j| if j == *i { fields[j] } else { "*" }).collect();
                parser().parse(&probe.join(" ")).is_err()
            });
            Err(match bad {
                Some(i) => format!("The {} field {:?} is not valid: {e}.", names[i], fields[i]),
                None => format!("These fields do not fit together: {e}."),
            })
        }
    }
}

impl CronJob {
    /// The schedule in plain English.
    pub fn explain(&self) -> String {
        self.cron.describe()
    }

    /// The first run strictly after virtual time `after_ms`, in virtual ms.
    pub fn next_after(&self, after_ms: u64, offset_minutes: i32) -> Option<u64> {
        let start = epoch(offset_minutes);
        let now = start + Duration::milliseconds(after_ms as i64);
        let next = self.cron.find_next_occurrence(&now, false).ok()?;
        u64::try_from((next - start).num_milliseconds()).ok()
    }

    /// The next `count` runs after `after_ms`, in virtual ms.
    pub fn next_runs(&self, after_ms: u64, offset_minutes: i32, count: usize) -> Vec<u64> {
        let mut out = Vec::with_capacity(count);
        let mut at = after_ms;
        while out.len() < count {
            let Some(next) = self.next_after(at, offset_minutes) else { break };
            out.push(next);
            at = next;
        }
        out
    }
}

/// A virtual time as a wall-clock label in the run's zone: `Thu 01 Jan 2026 00:15:00`.
pub fn wall_label(at_ms: u64, offset_minutes: i32) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let t = epoch(offset_minutes) + Duration::milliseconds(at_ms as i64);
    format!(
        "{} {:02} {} {} {:02}:{:02}:{:02}",
        DAYS[t.weekday().num_days_from_monday() as usize],
        t.day(),
        MONTHS[t.month0() as usize],
        t.year(),
        t.hour(),
        t.minute(),
        t.second()
    )
}
