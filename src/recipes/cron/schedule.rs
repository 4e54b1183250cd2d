//! Quantum's cron expressions (Elixir's `Crontab.CronExpression`, from the `crontab` library that
//! Quantum parses and schedules with): parsed, explained in plain English and scheduled on the
//! virtual clock, with errors that name the field.
//!
//! The syntax is what `Crontab.CronExpression.Parser.parse/2` reads. Five fields (minute hour
//! day-of-month month day-of-week) are the standard form, which Quantum reads from a job's schedule
//! string (`Quantum.Normalizer.normalize_schedule/1`); six, with seconds first, are crontab's
//! extended form, which Quantum reads from `{:extended, "…"}`. (crontab also takes a year after the
//! day of week, so a plain six-field string is a year there, and fills missing trailing fields with
//! `*`; Tasklane takes neither.) The parser splits the fields on each single space, so two spaces in
//! a row or a tab are an error; Tasklane only trims the expression's ends. In each field: `*`, a
//! value, a range `a-b`, a step `*/n`, `a-b/n` or `a/n` (read as `a-end/n`, where the end of day of
//! week is 7), or a list of these `a,b-c,d/e`. Months may be named JAN–DEC and days MON–SUN, in any
//! case; in day of week 0 and 7 are both Sunday, and SUN is 7. The shortcuts are `@yearly`
//! (`@annually`), `@monthly`, `@weekly`, `@daily` (`@midnight`), `@hourly`, `@minutely` and
//! `@secondly`; `@reboot` is refused, as it is no schedule: Quantum runs such a job once, as soon
//! as it is added (`Quantum.ExecutionBroadcaster`), and `Crontab.Scheduler.get_next_run_date/3`
//! raises for it. crontab also reads `L`, `W` and `#` (the last day, the nearest weekday, the nth weekday),
//! but only a capital `L` or `W`, and Quantum lower-cases a schedule string before parsing it, so
//! of the three only `#` works there. Tasklane refuses all three, and `?`, which crontab refuses
//! too, with a sentence saying so.
//!
//! A time matches as `Crontab.DateChecker.matches_date?/2` decides, which is not Vixie cron's rule:
//! - Every field must match, the day of the month and the day of the week alike. (Vixie cron runs on
//!   a day that matches either, when both are restricted.) crontab's functional test expects
//!   `0 0 1 * 0` after 2011-06-15 to run next on 2012-01-01, a Sunday that is the 1st; Vixie cron
//!   would run on Sunday 2011-06-19.
//! - `*/n` allows the multiples of `n` (`rem(value, n) == 0`): it counts from 0 in every field, so
//!   day-of-month `*/9` is 9, 18 and 27 and month `*/3` is March, June, September and December.
//!   `a-b/n` allows the values of the range that are a multiple of `n` away from `a`.
//! - A range whose start is past its end wraps past the field's end: day-of-week `5-1` is Friday,
//!   Saturday, Sunday and Monday, hours `22-2` are 22, 23, 0, 1 and 2. With a step it keeps the values
//!   a multiple of the step away from its start on either side (`rem(value - from, n) == 0`): minutes
//!   `50-10/7` are 50, 57, 1 and 8.
//! - Sunday is both 0 and 7 against a value or a range, but only 7 against a step: day-of-week `*/2`
//!   and `0-6/2` are Tuesday, Thursday and Saturday, and `0-0/1` is no day at all.
//!
//! A schedule that can never run is refused here with the reason. crontab parses it, its scheduler
//! gives up after 10,000 steps (`@max_runs`), "No compliant date was found for your interval.", and
//! Quantum then drops the job with a warning. No schedule that can run comes near that limit: the
//! rarest, 29 February on one day of the week, is up to 40 years and some 3,000 of its steps away.
//!
//! Times are wall-clock times in a fixed offset from UTC: virtual time 0 is midnight, 1 January
//! 2026, in the run's zone; dates are reckoned with Howard Hinnant's `days_from_civil` and
//! `civil_from_days`.

use std::fmt;

/// Parses `expr` (5 fields, 6 with seconds first, or a shortcut such as `@hourly`). Each error is a
/// sentence; it names the field when one field is wrong.
///
/// ```
/// use tasklane::recipes::cron::schedule::parse;
/// assert!(parse("*/15 * * * *").is_ok());
/// let err = parse("0 25 * * *").unwrap_err();
/// assert!(err.starts_with("The hour field \"25\""), "{err}");
/// assert!(parse("0 0 30 2 *").unwrap_err().contains("February has no day 30"));
/// ```
pub fn parse(expr: &str) -> Result<CronJob, String> {
    let expr = expr.trim();
    if expr.is_empty() {
        return Err("Type a cron expression, such as */15 * * * * (every 15 minutes).".into());
    }
    let text = match expr.strip_prefix('@') {
        Some(name) if name.eq_ignore_ascii_case("reboot") => {
            return Err("@reboot is no schedule: Quantum runs such a job once, when the scheduler starts, and \
                        Tasklane shows only scheduled runs."
                .into());
        }
        Some(name) => shortcut(name).ok_or_else(|| {
            format!(
                "{expr:?} is not a shortcut: use @yearly (or @annually), @monthly, @weekly, @daily (or @midnight), \
                 @hourly, @minutely or @secondly."
            )
        })?,
        None => expr,
    };
    let fields: Vec<&str> = text.split(' ').collect();
    if fields.iter().any(|f| f.is_empty() || f.contains(char::is_whitespace)) {
        return Err("Separate the fields with single spaces: crontab splits them at each space, so two spaces in a \
                    row, or a tab, leave a field it cannot read."
            .into());
    }
    let texts = match fields[..] {
        [minute, hour, day, month, weekday] => ["0", minute, hour, day, month, weekday],
        [second, minute, hour, day, month, weekday] => [second, minute, hour, day, month, weekday],
        _ => {
            return Err(format!(
                "A cron expression has 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds \
                 first; this one has {}.",
                fields.len()
            ));
        }
    };
    let mut values = [Values(0); 6];
    for ((field, text), values) in FIELDS.iter().zip(texts).zip(&mut values) {
        *values = read(field, text)?;
    }
    if let Some(((field, text), _)) = FIELDS.iter().zip(texts).zip(values).find(|(_, v)| v.0 == 0) {
        return Err(format!("This schedule never runs: {}.", allows_none(field, text)));
    }
    let [second, minute, hour, day, month, weekday] = values;
    let job = CronJob { expr: expr.to_string(), second, minute, hour, day, month, weekday };
    match job.why_never() {
        Some(reason) => Err(format!("This schedule never runs: {reason}.")),
        None => Ok(job),
    }
}

/// The fields a shortcut stands for.
fn shortcut(name: &str) -> Option<&'static str> {
    Some(match name.to_ascii_lowercase().as_str() {
        "yearly" | "annually" => "0 0 1 1 *",
        "monthly" => "0 0 1 * *",
        "weekly" => "0 0 * * 0",
        "daily" | "midnight" => "0 0 * * *",
        "hourly" => "0 * * * *",
        "minutely" => "* * * * *",
        "secondly" => "* * * * * *",
        _ => return None,
    })
}

/// A parsed cron expression: the values each field allows.
#[derive(Clone, Debug)]
pub struct CronJob {
    pub expr: String,
    second: Values,
    minute: Values,
    hour: Values,
    day: Values,
    month: Values,
    /// 0 is Sunday.
    weekday: Values,
}

/// The values one field allows, as bits: bit `v` set allows `v`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Values(u64);

const ALL_DAYS: Values = Values(((1 << 31) - 1) << 1);
const ALL_WEEKDAYS: Values = Values((1 << 7) - 1);

impl Values {
    fn has(self, v: u32) -> bool {
        v < 64 && self.0 >> v & 1 == 1
    }

    /// The smallest allowed value at or above `v`.
    fn next(self, v: u32) -> Option<u32> {
        let rest = if v < 64 { self.0 >> v << v } else { 0 };
        (rest != 0).then(|| rest.trailing_zeros())
    }

    fn list(self) -> Vec<u32> {
        (0..64).filter(|v| self.has(*v)).collect()
    }
}

/// A field of the expression: its name in errors, its values and their names.
struct Field {
    name: &'static str,
    /// What one of its values is, for "allows no day of the week".
    unit: &'static str,
    /// The values an expression may write: `low..=high`.
    low: u32,
    high: u32,
    /// The last value a date has: `high`, except day of week, where 7 is Sunday again.
    last: u32,
    /// The allowed values, for an error: "minutes go from 0 to 59".
    bounds: &'static str,
    /// Names for 1, 2, …, when the field has names.
    names: &'static [&'static str],
}

const SECOND: Field =
    Field { name: "second", unit: "second", low: 0, high: 59, last: 59, bounds: "seconds go from 0 to 59", names: &[] };
const MINUTE: Field =
    Field { name: "minute", unit: "minute", low: 0, high: 59, last: 59, bounds: "minutes go from 0 to 59", names: &[] };
const HOUR: Field =
    Field { name: "hour", unit: "hour", low: 0, high: 23, last: 23, bounds: "hours go from 0 to 23", names: &[] };
const DAY: Field = Field {
    name: "day-of-month",
    unit: "day of the month",
    low: 1,
    high: 31,
    last: 31,
    bounds: "days of the month go from 1 to 31",
    names: &[],
};
const MONTH: Field = Field {
    name: "month",
    unit: "month",
    low: 1,
    high: 12,
    last: 12,
    bounds: "months go from 1 to 12 (JAN to DEC)",
    names: &["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
};
const WEEKDAY: Field = Field {
    name: "day-of-week",
    unit: "day of the week",
    low: 0,
    high: 7,
    last: 6,
    bounds: "days of the week go from 0 to 7 (0 and 7 are both Sunday; MON to SUN)",
    names: &["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"],
};

/// The six fields, seconds first.
const FIELDS: [&Field; 6] = [&SECOND, &MINUTE, &HOUR, &DAY, &MONTH, &WEEKDAY];

/// Reads one field; the error names it.
fn read(field: &Field, text: &str) -> Result<Values, String> {
    text.split(',')
        .try_fold(0, |bits, item| Ok(bits | Item::read(field, item)?.bits(field)))
        .map(Values)
        .map_err(|reason: String| format!("The {} field {text:?} is not valid: {reason}.", field.name))
}

/// Why a field allows none of the values a date has: only a step can do that.
fn allows_none(field: &Field, text: &str) -> String {
    let why = if field.last < field.high {
        "a step reads Sunday as 7, and */n allows the multiples of n"
    } else {
        "*/n allows the multiples of n"
    };
    format!("the {} field {text:?} allows no {} ({why})", field.name, field.unit)
}

/// One list item, as `Crontab.CronExpression.Parser` reads it.
#[derive(Clone, Copy, Debug)]
enum Item {
    /// `*`.
    Any,
    /// `a`.
    Value(u32),
    /// `a-b`, wrapping past the field's end when `a > b`.
    Range(u32, u32),
    /// `*/n`: the multiples of `n`.
    Multiples(u32),
    /// `a-b/n`, or `a/n` as `a-end/n`: the values of the range a multiple of `n` away from `a`.
    Stepped(u32, u32, u32),
}

impl Item {
    fn read(field: &Field, item: &str) -> Result<Item, String> {
        if item.is_empty() {
            return Err("it has an empty item (two commas together, or a comma at one end)".into());
        }
        if item == "*" {
            return Ok(Item::Any);
        }
        let Some((base, step)) = item.split_once('/') else {
            return Ok(match range(field, item)? {
                Some((a, b)) => Item::Range(a, b),
                None => Item::Value(value(field, item)?),
            });
        };
        let step = read_step(step)?;
        match base {
            "*" => Ok(Item::Multiples(step)),
            "" => Err(format!("{item:?} needs * or a value before the slash, as in */5")),
            _ => Ok(match range(field, base)? {
                Some((a, b)) => Item::Stepped(a, b, step),
                None => Item::Stepped(value(field, base)?, field.high, step),
            }),
        }
    }

    /// Whether the item allows the number `v` (`Crontab.DateChecker.matches_specific_date?/5`).
    fn allows(self, v: u32) -> bool {
        let within = |a: u32, b: u32| if a <= b { a <= v && v <= b } else { v >= a || v <= b };
        match self {
            Item::Any => true,
            Item::Value(a) => v == a,
            Item::Range(a, b) => within(a, b),
            Item::Multiples(n) => v.is_multiple_of(n),
            Item::Stepped(a, b, n) => within(a, b) && v.abs_diff(a).is_multiple_of(n),
        }
    }

    /// The values a date may have that the item allows, as bits. A date's number is its value,
    /// except that Sunday is 0 and 7, and only 7 against a step (the checker drops the 0 there).
    fn bits(self, field: &Field) -> u64 {
        let stepped = matches!(self, Item::Multiples(_) | Item::Stepped(..));
        let allowed = |v: u32| match v {
            0 if field.last < field.high => self.allows(7) || !stepped && self.allows(0),
            v => self.allows(v),
        };
        (field.low..=field.last).filter(|v| allowed(*v)).fold(0, |bits, v| bits | 1 << v)
    }
}

/// The two ends of a range `a-b`, if `text` is one.
fn range(field: &Field, text: &str) -> Result<Option<(u32, u32)>, String> {
    match text.split_once('-') {
        None => Ok(None),
        Some((a, b)) if a.is_empty() || b.is_empty() => {
            Err(format!("the range {text:?} needs a value on each side of the dash"))
        }
        Some((a, b)) => Ok(Some((value(field, a)?, value(field, b)?))),
    }
}

/// The step after a slash: a whole number, at least 1. A step of 60 or more keeps only its start
/// (no field goes past 59), so a larger one is read as 64.
fn read_step(text: &str) -> Result<u32, String> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("the step {text:?} after the slash is not a number"));
    }
    match text.parse::<u32>() {
        Ok(0) => Err("a step of 0 never moves on: use 1 or more".into()),
        step => Ok(step.map_or(64, |s| s.min(64))),
    }
}

/// One value: a number within the field's bounds, or a name.
fn value(field: &Field, text: &str) -> Result<u32, String> {
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return match text.parse::<u32>() {
            Ok(v) if (field.low..=field.high).contains(&v) => Ok(v),
            _ => Err(format!("{text} is out of range: {}", field.bounds)),
        };
    }
    if let Some(i) = field.names.iter().position(|name| name.eq_ignore_ascii_case(text)) {
        return Ok(i as u32 + 1);
    }
    // Quartz's `L`, `5L`, `FRIL`, `15W`, `LW`: a suffix after nothing, a number, `L` or a name.
    let upper = text.to_ascii_uppercase();
    let quartz = |suffix: char| {
        upper.strip_suffix(suffix).is_some_and(|rest| {
            rest == "L" || rest.bytes().all(|b| b.is_ascii_digit()) || field.names.contains(&rest)
        })
    };
    Err(if text.contains('#') {
        "# (the nth weekday of the month) is not supported".to_string()
    } else if text.contains('?') {
        "? is not supported: write * for any value".to_string()
    } else if quartz('W') {
        "W (the weekday nearest a day) is not supported".to_string()
    } else if quartz('L') {
        "L (the last day) is not supported".to_string()
    } else if field.names.is_empty() {
        format!("{text:?} is not a number")
    } else {
        format!("{text:?} is not a number or a name ({} to {})", field.names[0], field.names[field.names.len() - 1])
    })
}

impl CronJob {
    /// Why the schedule can never run, if it cannot though every field allows some value: only days
    /// of the month that none of its months has do that (any day of any month falls on every day of
    /// the week in some year, 29 February too).
    fn why_never(&self) -> Option<String> {
        let months = self.month.list();
        let days = self.day.list();
        let first = *days.first()?;
        if months.iter().any(|m| first <= days_in_month(LEAP_YEAR, *m)) {
            return None;
        }
        let verb = if months.len() == 1 { "has" } else { "have" };
        Some(format!("{} {verb} no day {}", join(&month_names(&months), "and"), join(&numbers(&days), "or")))
    }

    /// Whether the date is one of the schedule's days: both day fields must allow it.
    fn day_matches(&self, year: i64, month: u32, day: u32) -> bool {
        self.day.has(day) && self.weekday.has(weekday(days_from_civil(year, month, day)))
    }

    /// The first wall time at or after `from` that the schedule matches, skipping whole months,
    /// days, hours and minutes that cannot match. `None` after a 400-year Gregorian cycle without
    /// one (a schedule that can run at all runs within 40 years: 29 February on a Monday, say).
    fn first_from(&self, from: WallTime) -> Option<WallTime> {
        let WallTime { mut year, mut month, mut day, mut hour, mut minute, mut second } = from;
        let last_year = year.checked_add(400)?;
        while year <= last_year {
            if !self.month.has(month) {
                match self.month.next(month) {
                    Some(m) => month = m,
                    None => (year, month) = (year + 1, self.month.next(1)?),
                }
                (day, hour, minute, second) = (1, 0, 0, 0);
            } else if day > days_in_month(year, month) {
                (year, month) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
                (day, hour, minute, second) = (1, 0, 0, 0);
            } else if !self.day_matches(year, month, day) {
                (day, hour, minute, second) = (day + 1, 0, 0, 0);
            } else if let Some(h) = self.hour.next(hour).filter(|h| *h != hour) {
                (hour, minute, second) = (h, 0, 0);
            } else if !self.hour.has(hour) {
                (day, hour, minute, second) = (day + 1, 0, 0, 0);
            } else if let Some(m) = self.minute.next(minute).filter(|m| *m != minute) {
                (minute, second) = (m, 0);
            } else if !self.minute.has(minute) {
                (hour, minute, second) = (hour + 1, 0, 0);
            } else if let Some(s) = self.second.next(second) {
                return Some(WallTime { year, month, day, hour, minute, second: s });
            } else {
                (minute, second) = (minute + 1, 0);
            }
        }
        None
    }

    /// The first run strictly after virtual time `after_ms`, in virtual ms (runs fall on whole
    /// seconds).
    ///
    /// ```
    /// use tasklane::recipes::cron::schedule::parse;
    /// let at_eight = parse("0 8 * * *").unwrap();
    /// assert_eq!(at_eight.next_after(0, 0), Some(8 * 3_600_000));
    /// assert_eq!(at_eight.next_after(8 * 3_600_000, 0), Some(32 * 3_600_000));
    /// ```
    pub fn next_after(&self, after_ms: u64, offset_minutes: i32) -> Option<u64> {
        let zero = wall_zero(offset_minutes);
        let next = self.first_from(WallTime::from_seconds(zero + (after_ms / 1000) as i64 + 1))?;
        u64::try_from(next.seconds() - zero).ok()?.checked_mul(1000)
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

    /// The schedule in plain English.
    ///
    /// ```
    /// use tasklane::recipes::cron::schedule::parse;
    /// let explain = |expr| parse(expr).unwrap().explain();
    /// assert_eq!(explain("0-30/10 * * * *"), "At minute 0, 10, 20, and 30 past every hour.");
    /// assert_eq!(explain("0 9 1 * MON"), "At 09:00, on day 1 of the month if it is a Monday.");
    /// ```
    pub fn explain(&self) -> String {
        let mut parts = vec![self.explain_time()];
        let weekdays = |conjunction: &str| {
            let names = [1, 2, 3, 4, 5, 6, 0].iter().filter(|d| self.weekday.has(**d));
            join(&names.map(|d| DAY_NAMES[*d as usize].to_string()).collect::<Vec<_>>(), conjunction)
        };
        let days = |of_the_month: &str| match shape(self.day, &DAY) {
            Shape::Stepped { step, from, to } => {
                format!("every {} day of the month from {from} through {to}", ordinal(step))
            }
            other => format!("{}{of_the_month}", clause(&other, "day", false)),
        };
        match (self.day != ALL_DAYS, self.weekday != ALL_WEEKDAYS) {
            (true, true) => parts.push(format!("on {} if it is a {}", days(" of the month"), weekdays("or"))),
            (true, false) => parts.push(format!("on {}", days(""))),
            (false, true) => parts.push(format!("on {}", weekdays("and"))),
            (false, false) => {}
        }
        let months = self.month.list();
        if months.len() < 12 {
            parts.push(format!("in {}", join(&month_names(&months), "and")));
        }
        format!("{}.", parts.join(", "))
    }

    /// The time of day: "At 08:00", "Every 15 minutes", "At minute 0 past every 2nd hour".
    fn explain_time(&self) -> String {
        let (seconds, minutes, hours) = (self.second.list(), self.minute.list(), self.hour.list());
        if let ([s], [m]) = (&seconds[..], &minutes[..])
            && hours.len() <= 4
        {
            let times: Vec<String> = hours.iter().map(|h| clock(*h, *m, *s)).collect();
            return format!("At {}", join(&times, "and"));
        }
        let mut fields = vec![(shape(self.minute, &MINUTE), MINUTE.name), (shape(self.hour, &HOUR), HOUR.name)];
        if seconds != [0] {
            fields.insert(0, (shape(self.second, &SECOND), SECOND.name));
        }
        let mut out = String::new();
        let mut finer: Option<Shape> = None;
        for (shape, unit) in fields {
            match &finer {
                None => out = clause(&shape, unit, true),
                Some(Shape::List(_)) => out = format!("{out} past {}", clause(&shape, unit, false)),
                Some(_) if shape == Shape::All => continue,
                Some(_) => out = format!("{out} of {}", clause(&shape, unit, false)),
            }
            finer = Some(shape);
        }
        out
    }
}

/// How a field's values read in English.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Shape {
    /// Every value.
    All,
    /// Every `n`th value from the first, evenly through the whole field (`*/15` minutes).
    Every(u32),
    /// More than six values, `step` apart, from `from` to `to` (`1-59/2`).
    Stepped { step: u32, from: u32, to: u32 },
    /// A few values, or values with no single step between them.
    List(Vec<u32>),
}

fn shape(values: Values, field: &Field) -> Shape {
    let list = values.list();
    let span = field.high - field.low + 1;
    if list.len() as u32 == span {
        return Shape::All;
    }
    if let [first, second, ..] = list[..] {
        let step = second - first;
        let last = list[list.len() - 1];
        if step > 1 && list.windows(2).all(|w| w[1] - w[0] == step) {
            if first == field.low && list.len() as u32 * step == span {
                return Shape::Every(step);
            }
            if list.len() > 6 {
                return Shape::Stepped { step, from: first, to: last };
            }
        }
    }
    Shape::List(list)
}

/// A field's values as a phrase: "Every 15 minutes" when it leads the sentence, "every 2nd hour"
/// or "minute 0, 10, and 20" after.
fn clause(shape: &Shape, unit: &str, leads: bool) -> String {
    match (shape, leads) {
        (Shape::All, true) => format!("Every {unit}"),
        (Shape::All, false) => format!("every {unit}"),
        (Shape::Every(step), true) => format!("Every {step} {unit}s"),
        (Shape::Every(step), false) => format!("every {} {unit}", ordinal(*step)),
        (Shape::Stepped { step, from, to }, true) => format!("Every {step} {unit}s from {unit} {from} through {to}"),
        (Shape::Stepped { step, from, to }, false) => format!("every {} {unit} from {from} through {to}", ordinal(*step)),
        (Shape::List(values), true) => format!("At {unit} {}", join(&numbers(values), "and")),
        (Shape::List(values), false) => format!("{unit} {}", join(&numbers(values), "and")),
    }
}

/// "2nd", "3rd", "11th", "21st".
fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Sorted numbers with runs of three or more as "a through b": `["1", "9 through 17"]`.
fn numbers(values: &[u32]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < values.len() {
        let mut j = i;
        while j + 1 < values.len() && values[j + 1] == values[j] + 1 {
            j += 1;
        }
        if j >= i + 2 {
            out.push(format!("{} through {}", values[i], values[j]));
        } else {
            out.extend(values[i..=j].iter().map(u32::to_string));
        }
        i = j + 1;
    }
    out
}

/// "a", "a and b", "a, b, and c" (or with `or`).
fn join(items: &[String], conjunction: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} {conjunction} {b}"),
        [rest @ .., last] => format!("{}, {conjunction} {last}", rest.join(", ")),
    }
}

fn month_names(months: &[u32]) -> Vec<String> {
    months.iter().map(|m| MONTH_NAMES[*m as usize - 1].to_string()).collect()
}

/// "08:00", or "08:00:30" when the second is not 0.
fn clock(hour: u32, minute: u32, second: u32) -> String {
    match second {
        0 => format!("{hour:02}:{minute:02}"),
        s => format!("{hour:02}:{minute:02}:{s:02}"),
    }
}

const DAY_NAMES: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date and time on the run's wall clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WallTime {
    pub year: i64,
    /// 1 to 12.
    pub month: u32,
    /// 1 to 31.
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

impl WallTime {
    /// The wall time `seconds` after 1970-01-01 00:00:00 on the same clock.
    ///
    /// ```
    /// use tasklane::recipes::cron::schedule::WallTime;
    /// let leap_day = WallTime { year: 2028, month: 2, day: 29, hour: 23, minute: 59, second: 58 };
    /// assert_eq!(WallTime::from_seconds(1_835_481_598), leap_day);
    /// ```
    pub fn from_seconds(seconds: i64) -> WallTime {
        let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
        let s = seconds.rem_euclid(86_400) as u32;
        WallTime { year, month, day, hour: s / 3600, minute: s / 60 % 60, second: s % 60 }
    }

    fn seconds(self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * 86_400
            + i64::from(self.hour * 3600 + self.minute * 60 + self.second)
    }

    /// The day of the week, 0 for Sunday to 6 for Saturday.
    pub fn weekday(self) -> u32 {
        weekday(days_from_civil(self.year, self.month, self.day))
    }
}

/// `Thu 01 Jan 2026 00:15:00`.
impl fmt::Display for WallTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let WallTime { year, month, day, hour, minute, second } = *self;
        let weekday = &DAY_NAMES[self.weekday() as usize][..3];
        let month = &MONTH_NAMES[month as usize - 1][..3];
        write!(f, "{weekday} {day:02} {month} {year} {hour:02}:{minute:02}:{second:02}")
    }
}

/// Virtual time 0 as Unix time (seconds since 1970-01-01 00:00:00 UTC): midnight, 1 January 2026,
/// in a zone `offset_minutes` east of UTC.
///
/// ```
/// use tasklane::recipes::cron::schedule::epoch;
/// assert_eq!(epoch(0), 1_767_225_600);
/// assert_eq!(epoch(60), 1_767_225_600 - 3_600, "midnight in Paris is 23:00 UTC the day before");
/// ```
pub fn epoch(offset_minutes: i32) -> i64 {
    days_from_civil(2026, 1, 1) * 86_400 - i64::from(offset_minutes) * 60
}

/// Virtual time 0 on the zone's wall clock, in seconds after 1970-01-01 00:00:00 on that clock.
fn wall_zero(offset_minutes: i32) -> i64 {
    epoch(offset_minutes) + i64::from(offset_minutes) * 60
}

/// Virtual time `at_ms` on the wall clock of a zone `offset_minutes` east of UTC.
pub fn wall_time(at_ms: u64, offset_minutes: i32) -> WallTime {
    WallTime::from_seconds(wall_zero(offset_minutes) + (at_ms / 1000) as i64)
}

/// A virtual time as a wall-clock label in the run's zone: `Thu 01 Jan 2026 00:15:00`.
pub fn wall_label(at_ms: u64, offset_minutes: i32) -> String {
    wall_time(at_ms, offset_minutes).to_string()
}

/// A leap year, for the longest each month can be.
const LEAP_YEAR: i64 = 2028;

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
    let month = ((month_from_march + 2) % 12 + 1) as u32;
    (year_of_era + era * 400 + i64::from(month <= 2), month, day)
}

/// 0 for Sunday: 1970-01-01 was a Thursday.
fn weekday(days: i64) -> u32 {
    (days + 4).rem_euclid(7) as u32
}
