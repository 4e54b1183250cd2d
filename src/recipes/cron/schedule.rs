//! Quantum's cron expressions (Elixir's `Crontab.CronExpression`): parsed, explained in plain English
//! and scheduled on the virtual clock, with errors that name the field.
//!
//! The syntax: 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first; in
//! each, `*`, a value, a range `a-b`, a step `*/n`, `a-b/n` or `a/n` (from `a` to the field's end),
//! or a list of these `a,b-c,d/e`. Months may be named JAN–DEC and days SUN–SAT (any case); day of
//! week 7 is Sunday, like 0. The shortcuts are `@yearly` (`@annually`), `@monthly`, `@weekly`,
//! `@daily` (`@midnight`), `@hourly`, `@minutely` and `@secondly`. Quartz's `L`, `W`, `#` and `?`
//! are refused with a sentence saying so.
//!
//! When both day fields are restricted (written as anything but `*`, as crontab(5) puts it), a day
//! matches if either field matches: Vixie cron's rule, which `croner` followed before this parser.
//! Elixir's `crontab` library (maennchen/crontab, which Quantum uses to parse and schedule) does
//! not: `Crontab.DateChecker.matches_date?/2` requires every field to match, and its functional
//! test expects `0 0 1 * 0` after 2011-06-15 to run next on 2012-01-01, a Sunday that is also the
//! 1st (Vixie cron: Sunday 2011-06-19). It differs in two smaller ways too: `*/n` counts from 0, not
//! from the field's first value (day-of-month `*/9` is 9, 18 and 27 there; 1, 10, 19 and 28 here),
//! and a range may wrap (`5-1`), which is an error here.
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
    let fields: Vec<&str> = match expr.strip_prefix('@') {
        Some(name) => shortcut(name)
            .ok_or_else(|| {
                format!(
                    "{expr:?} is not a shortcut: use @yearly (or @annually), @monthly, @weekly, @daily (or \
                     @midnight), @hourly, @minutely or @secondly."
                )
            })?
            .split_whitespace()
            .collect(),
        None => expr.split_whitespace().collect(),
    };
    let (second, rest) = match fields.len() {
        5 => ("0", &fields[..]),
        6 => (fields[0], &fields[1..]),
        n => {
            return Err(format!(
                "A cron expression has 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds \
                 first; this one has {n}."
            ));
        }
    };
    let job = CronJob {
        expr: expr.to_string(),
        second: read(&SECOND, second)?,
        minute: read(&MINUTE, rest[0])?,
        hour: read(&HOUR, rest[1])?,
        day: read(&DAY, rest[2])?,
        month: read(&MONTH, rest[3])?,
        weekday: read(&WEEKDAY, rest[4]).map(|v| Values((v.0 | v.0 >> 7) & ALL_WEEKDAYS.0))?,
        either_day: rest[2] != "*" && rest[4] != "*",
    };
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
    /// 0 is Sunday (7 in the expression is folded into 0).
    weekday: Values,
    /// Both day fields are restricted (written as anything but `*`): a day matches if either does.
    either_day: bool,
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
    low: u32,
    high: u32,
    /// The allowed values, for an error: "minutes go from 0 to 59".
    bounds: &'static str,
    /// Names for `low`, `low + 1`, …, when the field has names.
    names: &'static [&'static str],
}

const SECOND: Field = Field { name: "second", low: 0, high: 59, bounds: "seconds go from 0 to 59", names: &[] };
const MINUTE: Field = Field { name: "minute", low: 0, high: 59, bounds: "minutes go from 0 to 59", names: &[] };
const HOUR: Field = Field { name: "hour", low: 0, high: 23, bounds: "hours go from 0 to 23", names: &[] };
const DAY: Field =
    Field { name: "day-of-month", low: 1, high: 31, bounds: "days of the month go from 1 to 31", names: &[] };
const MONTH: Field = Field {
    name: "month",
    low: 1,
    high: 12,
    bounds: "months go from 1 to 12 (JAN to DEC)",
    names: &["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
};
const WEEKDAY: Field = Field {
    name: "day-of-week",
    low: 0,
    high: 7,
    bounds: "days of the week go from 0 to 7 (SUN to SAT; 0 and 7 are both Sunday)",
    names: &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
};

/// Reads one field; the error names it.
fn read(field: &Field, text: &str) -> Result<Values, String> {
    text.split(',')
        .try_fold(0, |bits, item| Ok(bits | item_bits(field, item)?))
        .map(Values)
        .map_err(|reason: String| format!("The {} field {text:?} is not valid: {reason}.", field.name))
}

/// The values one list item allows: `*`, `a`, `a-b`, each with an optional `/step`.
fn item_bits(field: &Field, item: &str) -> Result<u64, String> {
    if item.is_empty() {
        return Err("it has an empty item (two commas together, or a comma at one end)".into());
    }
    let (range, step) = match item.split_once('/') {
        Some((range, step)) => (range, Some(read_step(step)?)),
        None => (item, None),
    };
    let (from, to) = match range.split_once('-') {
        _ if range == "*" => (field.low, field.high),
        Some((a, b)) if a.is_empty() || b.is_empty() => {
            return Err(format!("the range {range:?} needs a value on each side of the dash"));
        }
        Some((a, b)) => match (value(field, a)?, value(field, b)?) {
            (from, to) if from > to => {
                return Err(format!("the range {range} runs backwards: write the smaller value first ({b}-{a})"));
            }
            bounds => bounds,
        },
        None if range.is_empty() => return Err(format!("{item:?} needs * or a value before the slash, as in */5")),
        None => {
            let from = value(field, range)?;
            (from, if step.is_some() { field.high } else { from })
        }
    };
    Ok((from..=to).step_by(step.unwrap_or(1)).fold(0, |bits, v| bits | 1 << v))
}

/// The step after a slash: a whole number, at least 1.
fn read_step(text: &str) -> Result<usize, String> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("the step {text:?} after the slash is not a number"));
    }
    match text.parse::<usize>() {
        Ok(0) => Err("a step of 0 never moves on: use 1 or more".into()),
        Ok(step) => Ok(step),
        Err(_) => Err(format!("the step {text} is too large")),
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
        return Ok(field.low + i as u32);
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
    /// Why the schedule can never run, if it cannot: only days of the month that none of its months
    /// has do that, when they alone choose the day (any month has every day of the week).
    fn why_never(&self) -> Option<String> {
        if self.either_day {
            return None;
        }
        let months = self.month.list();
        let days = self.day.list();
        let first = *days.first()?;
        if months.iter().any(|m| first <= days_in_month(LEAP_YEAR, *m)) {
            return None;
        }
        let verb = if months.len() == 1 { "has" } else { "have" };
        Some(format!("{} {verb} no day {}", join(&month_names(&months), "and"), join(&numbers(&days), "or")))
    }

    /// Whether the date is one of the schedule's days: when both day fields are restricted, either
    /// may match (Vixie cron); otherwise both must.
    fn day_matches(&self, year: i64, month: u32, day: u32) -> bool {
        let on_day = self.day.has(day);
        let on_weekday = self.weekday.has(weekday(days_from_civil(year, month, day)));
        if self.either_day { on_day || on_weekday } else { on_day && on_weekday }
    }

    /// The first wall time at or after `from` that the schedule matches, skipping whole months,
    /// days, hours and minutes that cannot match. `None` after a 400-year Gregorian cycle without
    /// one (a schedule that can run at all runs within 8 years).
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
    /// assert_eq!(explain("0 9 1 * MON"), "At 09:00, on day 1 of the month or on Monday.");
    /// ```
    pub fn explain(&self) -> String {
        let mut parts = vec![self.explain_time()];
        let weekdays = || {
            let names = [1, 2, 3, 4, 5, 6, 0].iter().filter(|d| self.weekday.has(**d));
            join(&names.map(|d| DAY_NAMES[*d as usize].to_string()).collect::<Vec<_>>(), "and")
        };
        let days = |of_the_month: &str| match shape(self.day, &DAY) {
            Shape::Stepped { step, from, to } => {
                format!("every {} day of the month from {from} through {to}", ordinal(step))
            }
            other => format!("{}{of_the_month}", clause(&other, "day", false)),
        };
        match (self.either_day, self.day != ALL_DAYS, self.weekday != ALL_WEEKDAYS) {
            (true, _, _) => parts.push(format!("on {} or on {}", days(" of the month"), weekdays())),
            (false, true, _) => parts.push(format!("on {}", days(""))),
            (false, false, true) => parts.push(format!("on {}", weekdays())),
            (false, false, false) => {}
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
