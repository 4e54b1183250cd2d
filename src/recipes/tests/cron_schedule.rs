//! Cron expressions as Quantum's `crontab` library reads them: what they parse to, when they run
//! (beside brute-force searches that share nothing with the parser), how they read in English, and
//! the sentences that refuse bad ones.

use proptest::prelude::*;

use crate::recipes::cron::schedule::{WallTime, parse, wall_label, wall_time};

const HOUR_MS: u64 = 3_600_000;
const DAY_MS: u64 = 24 * HOUR_MS;

/// An independent, brute-force reading of one numeric field, the way crontab's
/// `Crontab.DateChecker` reads it: `numbers` are what the date gives for the field (Sunday gives 0
/// and 7, but the checker drops the 0 before comparing it with a step); `end` is the field's largest
/// number, the end of `a/n`. `*/n` keeps the multiples of n, `a-b/n` those a multiple of n from a,
/// and a range whose start is past its end wraps.
fn field_matches(field: &str, numbers: &[u32], end: u32) -> bool {
    field.split(',').any(|part| {
        if part == "*" {
            return true;
        }
        let (base, step) = match part.split_once('/') {
            Some((base, step)) => (base, Some(step.parse::<i64>().unwrap())),
            None => (part, None),
        };
        let numbers = match (step, numbers) {
            (Some(_), [0, seven]) => std::slice::from_ref(seven),
            _ => numbers,
        };
        let (from, to) = match base.split_once('-') {
            _ if base == "*" => (0, end),
            Some((a, b)) => (a.parse::<u32>().unwrap(), b.parse::<u32>().unwrap()),
            None if step.is_some() => (base.parse().unwrap(), end),
            None => (base.parse().unwrap(), base.parse().unwrap()),
        };
        numbers.iter().any(|&n| {
            let in_range = if from <= to { from <= n && n <= to } else { n >= from || n <= to };
            in_range && step.is_none_or(|step| (i64::from(n) - i64::from(from)) % step == 0)
        })
    })
}

/// The runs of a 5-field expression from virtual time 0, found by trying every minute: a minute
/// runs when every field matches it, the day of the month and the day of the week alike.
fn brute_force(expr: &str, count: usize) -> Vec<u64> {
    let expr = match expr {
        "@hourly" => "0 * * * *",
        "@daily" => "0 0 * * *",
        "@weekly" => "0 0 * * 0",
        "@monthly" => "0 0 1 * *",
        "@yearly" => "0 0 1 1 *",
        other => other,
    };
    let f: Vec<&str> = expr.split(' ').collect();
    let mut out = Vec::new();
    let mut minute: u64 = 1;
    while out.len() < count {
        let t = wall_time(minute * 60_000, 0);
        let weekday: &[u32] = if t.weekday() == 0 { &[0, 7] } else { &[t.weekday()] };
        if field_matches(f[0], &[t.minute], 59)
            && field_matches(f[1], &[t.hour], 23)
            && field_matches(f[2], &[t.day], 31)
            && field_matches(f[3], &[t.month], 12)
            && field_matches(f[4], weekday, 7)
        {
            out.push(minute * 60_000);
        }
        minute += 1;
    }
    out
}

#[test]
fn next_runs_match_an_independent_brute_force_reading() {
    let cases: [(&str, usize); 24] = [
        ("*/15 * * * *", 8),
        ("0 8 * * *", 5),
        ("@hourly", 5),
        ("@weekly", 3),
        ("30 9 * * 1-5", 8),
        ("0 0 31 * *", 7),
        ("0 0 29 2 *", 2),
        ("0 12 1,15 * *", 6),
        ("15 14 1 * *", 4),
        ("23 0-20/2 * * *", 12),
        ("5 4 * * 0", 4),
        ("0 0 13 * 5", 3),
        ("0 0 1 * 0", 3),
        ("0 9-17 * * 1,3,5", 12),
        ("*/7 2 * * *", 10),
        ("0 0 1 */3 *", 5),
        ("59 23 31 12 *", 2),
        ("0 0 28-31 2 *", 6),
        ("0 0 */9 * *", 6),
        ("0 9 * * */2", 6),
        ("0 9 * * 0-6/2", 6),
        ("0 0 * * 5-1", 8),
        ("0 22-2 * * *", 10),
        ("50-10/7 * * * *", 8),
    ];
    for (expr, count) in cases {
        let job = parse(expr).unwrap_or_else(|e| panic!("{expr}: {e}"));
        assert_eq!(job.next_runs(0, 0, count), brute_force(expr, count), "{expr}");
    }
}

#[test]
fn malformed_expressions_are_refused_naming_the_field() {
    let cases = [
        ("", "Type a cron expression"),
        ("* * *", "this one has 3"),
        ("* * * * * * *", "this one has 7"),
        ("60 * * * *", "The minute field \"60\" is not valid: 60 is out of range: minutes go from 0 to 59."),
        ("0 24 * * *", "hour field \"24\""),
        ("0 0 32 * *", "day-of-month field \"32\""),
        ("0 0 0 * *", "day-of-month field \"0\""),
        ("0 0 * 13 *", "month field \"13\""),
        ("0 0 * * 8", "day-of-week field \"8\""),
        ("abc * * * *", "The minute field \"abc\" is not valid: \"abc\" is not a number."),
        ("0 0 * FOO *", "\"FOO\" is not a number or a name (JAN to DEC)."),
        ("61 0 * * * *", "second field \"61\""),
        ("99999999999999999999 * * * *", "99999999999999999999 is out of range"),
        ("*/0 * * * *", "a step of 0 never moves on"),
        ("*/x * * * *", "the step \"x\" after the slash is not a number"),
        ("/5 * * * *", "needs * or a value before the slash"),
        ("1- * * * *", "the range \"1-\" needs a value on each side of the dash"),
        ("1-2-3 * * * *", "\"2-3\" is not a number"),
        ("0 0 * * sun-8", "8 is out of range: days of the week go from 0 to 7"),
        ("0 0 * * FOO", "\"FOO\" is not a number or a name (MON to SUN)."),
        ("1,,2 * * * *", "it has an empty item"),
        ("0 0,, * * *", "The hour field \"0,,\" is not valid: it has an empty item"),
        ("@fortnightly", "\"@fortnightly\" is not a shortcut: use @yearly"),
        ("0 0 1 1 * 2027", "The day-of-week field \"2027\" is not valid: 2027 is out of range"),
    ];
    for (expr, expected) in cases {
        let err = parse(expr).err().unwrap_or_else(|| panic!("{expr:?} was accepted"));
        assert!(err.contains(expected), "{expr:?}: {err}");
    }
}

#[test]
fn quartz_extensions_l_w_hash_and_question_mark_are_refused_as_not_supported() {
    let cases = [
        ("0 0 L * *", "The day-of-month field \"L\" is not valid: L (the last day) is not supported."),
        ("0 0 * * 5L", "L (the last day) is not supported"),
        ("0 0 * * FRIL", "L (the last day) is not supported"),
        ("0 0 15W * *", "W (the weekday nearest a day) is not supported"),
        ("0 0 LW * *", "W (the weekday nearest a day) is not supported"),
        (
            "0 0 * * 5#3",
            "The day-of-week field \"5#3\" is not valid: # (the nth weekday of the month) is not supported.",
        ),
        ("0 0 * * MON#1", "# (the nth weekday of the month) is not supported"),
        ("0 0 ? * MON", "? is not supported: write * for any value"),
        ("0 0 * * #", "# (the nth weekday of the month) is not supported"),
    ];
    for (expr, expected) in cases {
        let err = parse(expr).err().unwrap_or_else(|| panic!("{expr:?} was accepted"));
        assert!(err.contains(expected), "{expr:?}: {err}");
    }
    let word = parse("jul * * * *").unwrap_err();
    assert!(word.ends_with("\"jul\" is not a number."), "a word ending in L is not Quartz's L: {word}");
}

/// A refusal reads as one sentence: it ends with a full stop and does not start in lower case.
fn is_sentence(text: &str) -> bool {
    text.ends_with('.') && !text.starts_with(char::is_lowercase)
}

#[test]
fn odd_inputs_get_a_job_or_a_sentence_never_a_panic() {
    let odd = [
        "",
        "   ",
        "\t\n",
        "@",
        "@@hourly",
        "@DAILY",
        "@hourly 5",
        "*",
        "* * * * * * * * * * * *",
        "99999999999999999999 * * * *",
        "0 0 * * 99999999999999999999",
        "*/99999999999999999999 * * * *",
        "*/18446744073709551616 * * * *",
        "*/0 * * * *",
        "*/ * * * *",
        "5-1 * * * *",
        "1- * * * *",
        "-1 * * * *",
        "-5 * * * *",
        "1--2 * * * *",
        "1-2-3 * * * *",
        "1/2/3 * * * *",
        "** * * * *",
        "*-5 * * * *",
        ",, * * * *",
        ", * * * *",
        "L * * * *",
        "# * * * *",
        "? ? ? ? ?",
        "W W W W W",
        "MON * * * *",
        "0 0 * * 7",
        "0 0 * * 0-7",
        "0 0 * JAN-dec/5 sun-SAT/2",
        "٣ * * * *",
        "🙂 * * * *",
        "é * * * *",
        "0 0 ١ * *",
        "0\u{a0}0 * * *",
        "０ * * * *",
        "0 0 30 2 *",
        "0 0 31 2,4 *",
        "0 0 30,31 2 1",
        "0  0 * * *",
        " 0 0 * * * ",
        "0\t0 * * *",
        "@reboot",
        "0 0 * * 0-0/1",
        "0 0 */99 */99 */99",
        "*/99999999999999999999 */4294967296 * * *",
    ];
    for expr in odd {
        match parse(expr) {
            Ok(job) => {
                let explained = job.explain();
                assert!(is_sentence(&explained), "{expr:?}: {explained}");
                for (after, offset) in [(0, 0), (u64::MAX, 0), (u64::MAX / 2, -840), (0, i32::MIN), (0, i32::MAX)] {
                    let _ = job.next_after(after, offset);
                }
            }
            Err(err) => assert!(is_sentence(&err), "{expr:?}: {err}"),
        }
    }
}

#[test]
fn names_in_any_case_and_sunday_as_0_or_7_mean_the_same_days() {
    let runs = |expr: &str| parse(expr).unwrap_or_else(|e| panic!("{expr}: {e}")).next_runs(0, 0, 40);
    assert_eq!(runs("0 9 * jan-MAR Mon-fri"), runs("0 9 * 1-3 1-5"));
    assert_eq!(runs("0 9 * * SUN"), runs("0 9 * * 0"));
    assert_eq!(runs("0 9 * * 7"), runs("0 9 * * 0"));
    assert_eq!(runs("0 9 * * 5-7"), runs("0 9 * * 0,5,6"));
    assert_eq!(runs("0 9 * * mon-SUN"), runs("0 9 * * *"), "SUN is 7, so MON-SUN is 1-7");
    assert_eq!(runs("0 0 1 jul/2 *"), runs("0 0 1 7,9,11 *"));
}

#[test]
fn against_a_step_sunday_is_7_not_0() {
    // crontab's `Crontab.DateChecker` drops Sunday's 0 before it compares the day with a step, and
    // reads `a/n` as `a-7/n` in day of week.
    let runs = |expr: &str| parse(expr).unwrap_or_else(|e| panic!("{expr}: {e}")).next_runs(0, 0, 40);
    assert_eq!(runs("0 9 * * 1/2"), runs("0 9 * * 1,3,5,0"), "1-7/2: Monday, Wednesday, Friday and Sunday");
    assert_eq!(runs("0 9 * * 0/2"), runs("0 9 * * 2,4,6"), "0-7/2 skips Sunday, which is 7 here");
    assert_eq!(runs("0 9 * * SUN/2"), runs("0 9 * * 0"), "SUN/2 is 7-7/2");
    assert_eq!(runs("0 9 * * */7"), runs("0 9 * * 0"));
    assert_eq!(runs("0 9 * * 0-3/1"), runs("0 9 * * 1-3"), "a step, even of 1, never sees Sunday's 0");
    assert_eq!(runs("0 9 * * 0-3"), runs("0 9 * * 0,1,2,3"), "a range without a step does");
    assert_eq!(
        parse("0 0 * * 0-0/1").err().as_deref(),
        Some(
            "This schedule never runs: the day-of-week field \"0-0/1\" allows no day of the week (a step reads \
             Sunday as 7, and */n allows the multiples of n)."
        )
    );
}

#[test]
fn shortcuts_run_like_the_fields_they_stand_for() {
    let cases = [
        ("@yearly", "0 0 1 1 *"),
        ("@annually", "0 0 1 1 *"),
        ("@monthly", "0 0 1 * *"),
        ("@weekly", "0 0 * * 0"),
        ("@daily", "0 0 * * *"),
        ("@midnight", "0 0 * * *"),
        ("@hourly", "0 * * * *"),
        ("@minutely", "* * * * *"),
        ("@secondly", "* * * * * *"),
        ("@Weekly", "0 0 * * 0"),
    ];
    for (shortcut, fields) in cases {
        let (job, same) = (parse(shortcut).unwrap(), parse(fields).unwrap());
        assert_eq!(job.expr, shortcut);
        assert_eq!(job.next_runs(0, 0, 5), same.next_runs(0, 0, 5), "{shortcut}");
        assert_eq!(job.explain(), same.explain(), "{shortcut}");
    }
}

/// Wall-clock labels of a job's next `count` runs from virtual time 0, in UTC.
fn labels(expr: &str, count: usize) -> Vec<String> {
    parse(expr).unwrap().next_runs(0, 0, count).into_iter().map(|at| wall_label(at, 0)).collect()
}

#[test]
fn a_leap_day_job_waits_for_the_next_leap_year() {
    assert_eq!(
        labels("0 0 29 2 *", 3),
        ["Tue 29 Feb 2028 00:00:00", "Sun 29 Feb 2032 00:00:00", "Fri 29 Feb 2036 00:00:00"]
    );
    let december_2096 = 71 * 365 * DAY_MS;
    assert!(wall_label(december_2096, 0).ends_with("Dec 2096 00:00:00"));
    let next = parse("0 0 29 2 *").unwrap().next_after(december_2096, 0).unwrap();
    assert_eq!(wall_label(next, 0), "Fri 29 Feb 2104 00:00:00", "2100 is not a leap year");
}

#[test]
fn month_end_days_skip_the_months_without_them() {
    assert_eq!(
        labels("0 0 31 * *", 7),
        [
            "Sat 31 Jan 2026 00:00:00",
            "Tue 31 Mar 2026 00:00:00",
            "Sun 31 May 2026 00:00:00",
            "Fri 31 Jul 2026 00:00:00",
            "Mon 31 Aug 2026 00:00:00",
            "Sat 31 Oct 2026 00:00:00",
            "Thu 31 Dec 2026 00:00:00",
        ]
    );
    assert_eq!(labels("30 23 30 * *", 2), ["Fri 30 Jan 2026 23:30:00", "Mon 30 Mar 2026 23:30:00"]);
    assert_eq!(labels("59 23 28-31 2 *", 2), ["Sat 28 Feb 2026 23:59:00", "Sun 28 Feb 2027 23:59:00"]);
    assert_eq!(labels("59 59 23 31 12 *", 2), ["Thu 31 Dec 2026 23:59:59", "Fri 31 Dec 2027 23:59:59"]);
}

/// Virtual ms at a wall time in 2026, in UTC: `day` is the day of the year, 0 for 1 January.
fn at_2026(day: u64, hour: u64, minute: u64, second: u64) -> u64 {
    day * DAY_MS + hour * HOUR_MS + minute * 60_000 + second * 1000
}

#[test]
fn every_field_must_match_the_day_of_the_month_and_the_day_of_the_week_alike() {
    // crontab's functional test: `0 0 1 * 0` after 2011-06-15 23:09 runs next on 2012-01-01, a Sunday
    // that is the 1st (Vixie cron, taking either day field, would say Sunday 2011-06-19). The same
    // after 2026-06-15 23:09 (day 165 of 2026: 31 + 28 + 31 + 30 + 31 + 14). 1 January 2026 is a
    // Thursday, and each 1st falls the month's length in days, mod 7, after the last one: Feb +3 =
    // Sunday, Mar +0 = Sunday, Apr +3 = Wed, May +2 = Fri, Jun +3 = Mon, Jul +2 = Wed, Aug +3 = Sat,
    // Sep +3 = Tue, Oct +2 = Thu, Nov +3 = Sunday. So after 15 June the next is 1 November.
    let first_sunday = parse("0 0 1 * 0").unwrap();
    let next = first_sunday.next_after(at_2026(165, 23, 9, 0), 0).unwrap();
    assert_eq!(wall_label(next, 0), "Sun 01 Nov 2026 00:00:00");
    assert_eq!(
        labels("0 0 1 * 0", 3),
        ["Sun 01 Feb 2026 00:00:00", "Sun 01 Mar 2026 00:00:00", "Sun 01 Nov 2026 00:00:00"]
    );
    // And its `0 0 1 1 0` (1 January on a Sunday): 1 January moves on a day a year, two after a
    // leap year: 2027 Fri, 2028 Sat, 2029 Mon, 2030 Tue, 2031 Wed, 2032 Thu, 2033 Sat, 2034 Sunday.
    assert_eq!(labels("0 0 1 JAN 0", 2), ["Sun 01 Jan 2034 00:00:00", "Sun 01 Jan 2040 00:00:00"]);

    // Friday the 13th runs only on a Friday that is the 13th: in 2026, February, March and November.
    let year = |expr: &str| {
        let runs = parse(expr).unwrap().next_runs(0, 0, 400);
        runs.into_iter().filter(|at| *at < 365 * DAY_MS).collect::<Vec<_>>()
    };
    let both: Vec<u64> = year("0 0 13 * *").into_iter().filter(|at| year("0 0 * * FRI").contains(at)).collect();
    assert_eq!(year("0 0 13 * FRI"), both);
    assert_eq!(
        labels("0 0 13 * FRI", 4),
        [
            "Fri 13 Feb 2026 00:00:00",
            "Fri 13 Mar 2026 00:00:00",
            "Fri 13 Nov 2026 00:00:00",
            "Fri 13 Aug 2027 00:00:00"
        ]
    );
    assert_eq!(year("0 12 1-31 * FRI"), year("0 12 * * FRI"), "every day of the month and Fridays: the Fridays");
    assert_eq!(year("0 12 1-31 * FRI").len(), 52);
}

#[test]
fn star_slash_n_counts_from_zero_in_every_field() {
    // crontab's functional test: `7-9 * */9 * *` after 2015-08-10 22:02:33 runs next on 2015-08-18
    // at 00:07 (day 18 = 2 × 9; counting from 1 would give the 19th). The same in 2026: 10 August is
    // day 221 (212 days to 1 August, then 9), a Monday; the 18th is a Tuesday.
    let next = parse("7-9 * */9 * *").unwrap().next_after(at_2026(221, 22, 2, 33), 0).unwrap();
    assert_eq!(wall_label(next, 0), "Tue 18 Aug 2026 00:07:00");
    assert_eq!(
        labels("0 0 */9 * *", 4),
        [
            "Fri 09 Jan 2026 00:00:00",
            "Sun 18 Jan 2026 00:00:00",
            "Tue 27 Jan 2026 00:00:00",
            "Mon 09 Feb 2026 00:00:00"
        ]
    );
    assert_eq!(
        labels("0 0 1 */3 *", 4),
        [
            "Sun 01 Mar 2026 00:00:00",
            "Mon 01 Jun 2026 00:00:00",
            "Tue 01 Sep 2026 00:00:00",
            "Tue 01 Dec 2026 00:00:00"
        ]
    );
    let runs = |expr: &str| parse(expr).unwrap().next_runs(0, 0, 40);
    assert_eq!(runs("0 0 */2 * *"), runs("0 0 2-30/2 * *"), "even days: 2, 4, …, 30");
    assert_eq!(runs("0 9 * * */2"), runs("0 9 * * TUE,THU,SAT"));
    assert_eq!(runs("0 0 1-31/2 * *"), runs("0 0 1/2 * *"), "a range counts from its start: 1, 3, …, 31");
    assert_eq!(
        parse("0 0 */32 * *").err().as_deref(),
        Some(
            "This schedule never runs: the day-of-month field \"*/32\" allows no day of the month (*/n allows the \
             multiples of n)."
        )
    );
}

#[test]
fn a_range_may_wrap_past_the_end_of_its_field() {
    // `5-1` in day of week: Friday, Saturday, Sunday and Monday. 2 January 2026 is a Friday.
    assert_eq!(
        labels("0 0 * * 5-1", 5),
        [
            "Fri 02 Jan 2026 00:00:00",
            "Sat 03 Jan 2026 00:00:00",
            "Sun 04 Jan 2026 00:00:00",
            "Mon 05 Jan 2026 00:00:00",
            "Fri 09 Jan 2026 00:00:00",
        ]
    );
    assert_eq!(labels("0 0 * * fri-mon", 5), labels("0 0 * * 0,1,5,6", 5));
    // crontab's functional tests, after Wednesday 2011-06-15 23:09: `7-4` (Sunday to Thursday) runs
    // on Thursday the 16th, `7-3` (Sunday to Wednesday) on Sunday the 19th. The same after Wednesday
    // 7 January 2026 (day 6) at 23:09: Thursday the 8th and Sunday the 11th.
    let after = |expr: &str| wall_label(parse(expr).unwrap().next_after(at_2026(6, 23, 9, 0), 0).unwrap(), 0);
    assert_eq!(after("0 0 * * 7-4"), "Thu 08 Jan 2026 00:00:00");
    assert_eq!(after("0 0 * * 7-3"), "Sun 11 Jan 2026 00:00:00");
    let runs = |expr: &str| parse(expr).unwrap().next_runs(0, 0, 30);
    assert_eq!(runs("0 22-2 * * *"), runs("0 0,1,2,22,23 * * *"));
    assert_eq!(runs("0 0 28-3 * *"), runs("0 0 1,2,3,28,29,30,31 * *"));
    assert_eq!(runs("0 0 1 11-2 *"), runs("0 0 1 1,2,11,12 *"));
    // With a step, the values a multiple of the step away from the start, on either side of the wrap.
    assert_eq!(runs("50-10/7 * * * *"), runs("1,8,50,57 * * * *"));
}

#[test]
fn reboot_is_refused_as_no_schedule() {
    for expr in ["@reboot", "@REBOOT"] {
        assert_eq!(
            parse(expr).err().as_deref(),
            Some(
                "@reboot is no schedule: Quantum runs such a job once, when the scheduler starts, and Tasklane \
                 shows only scheduled runs."
            )
        );
    }
}

#[test]
fn fields_are_separated_by_single_spaces_as_crontab_splits_them() {
    for expr in ["0  8 * * *", "0\t8 * * *", "0 8 * *\u{a0}*"] {
        let err = parse(expr).err().unwrap_or_else(|| panic!("{expr:?} was accepted"));
        assert!(err.starts_with("Separate the fields with single spaces:"), "{expr:?}: {err}");
    }
    let trimmed = parse("  0 8 * * *\n").unwrap();
    assert_eq!(trimmed.expr, "0 8 * * *", "only the ends are trimmed");
}

#[test]
fn a_schedule_that_can_never_run_is_refused_with_the_reason() {
    let cases = [
        ("0 0 30 2 *", "This schedule never runs: February has no day 30."),
        ("0 0 30,31 FEB *", "This schedule never runs: February has no day 30 or 31."),
        ("0 0 31 4,6,9,11 *", "This schedule never runs: April, June, September, and November have no day 31."),
        ("0 0 31 2 *", "This schedule never runs: February has no day 31."),
        ("0 0 30 2 MON", "This schedule never runs: February has no day 30."),
        (
            "0 0 1 */13 *",
            "This schedule never runs: the month field \"*/13\" allows no month (*/n allows the multiples of n).",
        ),
        (
            "0 0 * * */8",
            "This schedule never runs: the day-of-week field \"*/8\" allows no day of the week (a step reads Sunday \
             as 7, and */n allows the multiples of n).",
        ),
    ];
    for (expr, expected) in cases {
        assert_eq!(parse(expr).err().as_deref(), Some(expected), "{expr}");
    }
    assert_eq!(labels("0 0 31 2,3 *", 1), ["Tue 31 Mar 2026 00:00:00"]);
    assert_eq!(labels("0 0 13 * 5", 1), ["Fri 13 Feb 2026 00:00:00"], "Friday the 13th does come");
    assert_eq!(labels("0 0 29 2 MON", 1), ["Mon 29 Feb 2044 00:00:00"], "as does a Monday 29 February");
}

#[test]
fn a_time_zone_shifts_wall_clock_schedules() {
    let utc = parse("0 8 * * *").unwrap().next_after(0, 0);
    let paris = parse("0 8 * * *").unwrap().next_after(0, 60);
    assert_eq!((utc, paris), (Some(8 * HOUR_MS), Some(8 * HOUR_MS)));
    let from_noon = parse("0 8 * * *").unwrap().next_after(12 * HOUR_MS, 60);
    assert_eq!(from_noon, Some(32 * HOUR_MS), "the next 08:00 in the zone, a day later");
}

#[test]
fn any_fixed_offset_runs_at_the_same_wall_clock_times() {
    for expr in ["0 8 * * *", "30 9 * * 1-5", "0 0 29 2 *", "*/20 * * * * *", "0 0 1 * *", "0 0 13 * FRI"] {
        let job = parse(expr).unwrap();
        let utc = job.next_runs(DAY_MS / 3, 0, 6);
        for offset in [-720, -570, -60, 330, 345, 840] {
            let runs = job.next_runs(DAY_MS / 3, offset, 6);
            assert_eq!(runs, utc, "{expr} at {offset} minutes east of UTC");
            let wall: Vec<String> = runs.iter().map(|at| wall_label(*at, offset)).collect();
            assert_eq!(wall, utc.iter().map(|at| wall_label(*at, 0)).collect::<Vec<_>>());
        }
    }
    assert_eq!(wall_label(0, 345), "Thu 01 Jan 2026 00:00:00", "virtual time 0 is midnight in every zone");
}

#[test]
fn a_seconds_field_runs_on_the_second() {
    let job = parse("*/20 * * * * *").unwrap();
    assert_eq!(job.next_runs(0, 0, 4), [20_000, 40_000, 60_000, 80_000]);
    assert_eq!(job.next_after(39_999, 0), Some(40_000));
    assert_eq!(job.next_after(40_000, 0), Some(60_000), "strictly after");
    assert_eq!(parse("* * * * * *").unwrap().next_after(1_500, 0), Some(2_000));
    assert_eq!(parse("30 0 8 * * *").unwrap().next_after(0, 0), Some(8 * HOUR_MS + 30_000));
    assert_eq!(parse("0 8 * * *").unwrap().next_after(8 * HOUR_MS - 1, 0), Some(8 * HOUR_MS));
}

#[test]
fn times_beyond_the_clock_give_none_instead_of_overflowing() {
    let every_second = parse("* * * * * *").unwrap();
    assert_eq!(every_second.next_after(u64::MAX, 0), None);
    let late = u64::MAX - 1_000_000;
    assert_eq!(every_second.next_after(late, 0), Some(late / 1000 * 1000 + 1000));
    let far = 1_000_000 * 366 * DAY_MS;
    assert!(parse("0 0 29 2 *").unwrap().next_after(far, 0).is_some_and(|at| at > far));
}

#[test]
fn explain_says_when_each_schedule_runs_in_plain_english() {
    let cases = [
        ("* * * * *", "Every minute."),
        ("*/15 * * * *", "Every 15 minutes."),
        ("0 8 * * *", "At 08:00."),
        ("30 0 8 * * *", "At 08:00:30."),
        ("30 9 * * 1-5", "At 09:30, on Monday, Tuesday, Wednesday, Thursday, and Friday."),
        ("0 12 1,15 * *", "At 12:00, on day 1 and 15."),
        ("0 0 13 * 5", "At 00:00, on day 13 of the month if it is a Friday."),
        ("0 0 1 */3 *", "At 00:00, on day 1, in March, June, September, and December."),
        ("0 0 1 1-12/3 *", "At 00:00, on day 1, in January, April, July, and October."),
        ("59 23 31 12 *", "At 23:59, on day 31, in December."),
        ("@hourly", "At minute 0 past every hour."),
        ("@weekly", "At 00:00, on Sunday."),
        ("0-30/10 * * * *", "At minute 0, 10, 20, and 30 past every hour."),
        ("*/7 * * * *", "Every 7 minutes from minute 0 through 56."),
        ("1-59/2 * * * *", "Every 2 minutes from minute 1 through 59."),
        ("15,45 9-17 * * *", "At minute 15 and 45 past hour 9 through 17."),
        ("0 */2 * * *", "At minute 0 past every 2nd hour."),
        ("23 0-20/2 * * *", "At minute 23 past every 2nd hour from 0 through 20."),
        ("0 */6 * * *", "At 00:00, 06:00, 12:00, and 18:00."),
        ("0 9,17 * * mon-fri", "At 09:00 and 17:00, on Monday, Tuesday, Wednesday, Thursday, and Friday."),
        ("* 9 * * *", "Every minute of hour 9."),
        ("*/15 9-17 * * *", "Every 15 minutes of hour 9 through 17."),
        ("0 0 1 jan,JUL *", "At 00:00, on day 1, in January and July."),
        ("0 9 1 * MON", "At 09:00, on day 1 of the month if it is a Monday."),
        ("0 9 1,15 * sat,sun", "At 09:00, on day 1 and 15 of the month if it is a Saturday or Sunday."),
        ("0 0 * * 0,7", "At 00:00, on Sunday."),
        ("0 0 */2 * *", "At 00:00, on every 2nd day of the month from 2 through 30."),
        ("0 0 */2 * 1", "At 00:00, on every 2nd day of the month from 2 through 30 if it is a Monday."),
        ("0 0 1/2 * *", "At 00:00, on every 2nd day of the month from 1 through 31."),
        ("0 0 1-31 * 1", "At 00:00, on Monday."),
        ("0 0 */9 * *", "At 00:00, on day 9, 18, and 27."),
        ("0 9 * * */2", "At 09:00, on Tuesday, Thursday, and Saturday."),
        ("0 0 * * 5-1", "At 00:00, on Monday, Friday, Saturday, and Sunday."),
        ("0 22-2 * * *", "At minute 0 past hour 0 through 2, 22, and 23."),
        ("50-10/7 * * * *", "At minute 1, 8, 50, and 57 past every hour."),
        ("0 0 * * 1-7", "At 00:00."),
        ("0 0 1-7 * *", "At 00:00, on day 1 through 7."),
        ("* * * * * *", "Every second."),
        ("*/10 * * * * *", "Every 10 seconds."),
        ("30 * * * * *", "At second 30 past every minute."),
        ("*/5 * 9 * * *", "Every 5 seconds of hour 9."),
    ];
    for (expr, expected) in cases {
        assert_eq!(parse(expr).unwrap().explain(), expected, "{expr}");
    }
}

#[test]
fn wall_dates_agree_with_counting_days_one_by_one_from_1970_to_2400() {
    let (mut year, mut month, mut day, mut weekday) = (1970_i64, 1_u32, 1_u32, 4_u32);
    for days in 0..(432 * 366) {
        let t = WallTime::from_seconds(days * 86_400 + 45_296);
        assert_eq!((t.year, t.month, t.day, t.hour, t.minute, t.second), (year, month, day, 12, 34, 56));
        assert_eq!(t.weekday(), weekday);
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let length = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month as usize - 1];
        weekday = (weekday + 1) % 7;
        day += 1;
        if day > length {
            (day, month) = (1, month + 1);
        }
        if month > 12 {
            (month, year) = (1, year + 1);
        }
    }
    assert!(year > 2400);
    assert_eq!(wall_label(15 * 60_000, 0), "Thu 01 Jan 2026 00:15:00");
}

/// One item of a generated field, as the brute-force search reads it, without the parser: `*`,
/// a value, a range (its start may be past its end) or `a/n`, with an optional step (`/1` included).
#[derive(Clone, Debug)]
enum Item {
    Star(Option<u32>),
    Value(u32),
    Range(u32, u32, Option<u32>),
    From(u32, u32),
}

impl Item {
    fn step(&self) -> Option<u32> {
        match *self {
            Item::Star(step) | Item::Range(_, _, step) => step,
            Item::Value(_) => None,
            Item::From(_, step) => Some(step),
        }
    }

    /// Whether the item allows the number `n` in a field whose largest number is `high`, as
    /// `Crontab.DateChecker.matches_specific_date?/5` decides: a range wraps when its start is past
    /// its end; `*/s` keeps the multiples of s (`rem(n, s) == 0`), a stepped range the numbers a
    /// multiple of s away from its start (`rem(n - from, s) == 0`); `a/s` is `a-high/s`.
    fn matches(&self, n: u32, high: u32) -> bool {
        let rem_is_zero = |diff: i64, s: u32| diff % i64::from(s) == 0;
        let in_range = |a: u32, b: u32| if a > b { n >= a || n <= b } else { a <= n && n <= b };
        match *self {
            Item::Star(None) => true,
            Item::Star(Some(s)) => rem_is_zero(i64::from(n), s),
            Item::Value(a) => n == a,
            Item::Range(a, b, None) => in_range(a, b),
            Item::Range(a, b, Some(s)) => in_range(a, b) && rem_is_zero(i64::from(n) - i64::from(a), s),
            Item::From(a, s) => Item::Range(a, high, Some(s)).matches(n, high),
        }
    }

    fn text(&self, names: Option<&[&str]>) -> String {
        let value = |v: u32| match names {
            Some(names) if (v as usize) < names.len() && !names[v as usize].is_empty() => names[v as usize].to_string(),
            _ => v.to_string(),
        };
        let step = |s: Option<u32>| s.map(|s| format!("/{s}")).unwrap_or_default();
        match *self {
            Item::Star(s) => format!("*{}", step(s)),
            Item::Value(a) => value(a),
            Item::Range(a, b, s) => format!("{}-{}{}", value(a), value(b), step(s)),
            Item::From(a, s) => format!("{}/{s}", value(a)),
        }
    }
}

/// A generated expression's fields (seconds, when present, first), each a list of items, and
/// whether months and days of the week are written as names (in mixed case).
#[derive(Clone, Debug)]
struct Expr {
    seconds: Option<Vec<Item>>,
    fields: [Vec<Item>; 5],
    names: bool,
}

const BOUNDS: [(u32, u32); 5] = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)];
const MONTH_NAMES: [&str; 13] =
    ["", "jan", "Feb", "MAR", "apr", "May", "JUN", "jul", "Aug", "SEP", "oct", "Nov", "DEC"];
/// Day-of-week names as crontab numbers them: MON is 1 and SUN 7 (0 has no name).
const DAY_NAMES: [&str; 8] = ["", "Mon", "TUE", "wed", "Thu", "FRI", "sat", "sUn"];

impl Expr {
    fn text(&self) -> String {
        let field = |items: &[Item], names: Option<&[&str]>| {
            items.iter().map(|i| i.text(names.filter(|_| self.names))).collect::<Vec<_>>().join(",")
        };
        let mut out: Vec<String> = self.seconds.iter().map(|s| field(s, None)).collect();
        let names: [Option<&[&str]>; 5] = [None, None, None, Some(&MONTH_NAMES), Some(&DAY_NAMES)];
        out.extend(self.fields.iter().zip(names).map(|(items, names)| field(items, names)));
        out.join(" ")
    }

    fn allows(&self, field: usize, v: u32) -> bool {
        self.fields[field].iter().any(|i| i.matches(v, BOUNDS[field].1))
    }

    /// Sunday is the numbers 0 and 7, except that against a step crontab drops the 0.
    fn allows_weekday(&self, weekday: u32) -> bool {
        self.fields[4].iter().any(|item| match (weekday, item.step()) {
            (0, Some(_)) => item.matches(7, 7),
            (0, None) => item.matches(0, 7) || item.matches(7, 7),
            (day, _) => item.matches(day, 7),
        })
    }

    fn allows_second(&self, s: u32) -> bool {
        match &self.seconds {
            None => s == 0,
            Some(items) => items.iter().any(|i| i.matches(s, 59)),
        }
    }

    /// Every field must match: the month, the day of the month and the day of the week.
    fn allows_date(&self, t: WallTime) -> bool {
        self.allows(3, t.month) && self.allows(2, t.day) && self.allows_weekday(t.weekday())
    }

    /// Up to `count` runs strictly after `after_ms`, within `days` days, by trying every second of
    /// every day whose date, hour and minute allow it.
    fn brute_force(&self, after_ms: u64, offset: i32, count: usize, days: u64) -> Vec<u64> {
        let mut out = Vec::new();
        let first_day = after_ms / DAY_MS;
        for day in first_day..first_day + days {
            if !self.allows_date(wall_time(day * DAY_MS, offset)) {
                continue;
            }
            for hour in (0..24).filter(|h| self.allows(1, *h)) {
                for minute in (0..60).filter(|m| self.allows(0, *m)) {
                    for second in (0..60).filter(|s| self.allows_second(*s)) {
                        let at = day * DAY_MS + u64::from(hour * 3600 + minute * 60 + second) * 1000;
                        if at > after_ms {
                            out.push(at);
                            if out.len() == count {
                                return out;
                            }
                        }
                    }
                }
            }
        }
        out
    }
}

fn item(low: u32, high: u32) -> impl Strategy<Value = Item> {
    let step = || prop_oneof![2 => Just(1_u32), 3 => 2_u32..8, 1 => 8_u32..70];
    let maybe_step = move || prop_oneof![3 => Just(None), 4 => step().prop_map(Some)];
    prop_oneof![
        maybe_step().prop_map(Item::Star),
        (low..=high).prop_map(Item::Value),
        (low..=high, low..=high, maybe_step()).prop_map(|(a, b, s)| Item::Range(a, b, s)),
        (low..=high, step()).prop_map(|(a, s)| Item::From(a, s)),
    ]
}

fn field(low: u32, high: u32) -> impl Strategy<Value = Vec<Item>> {
    prop_oneof![2 => Just(vec![Item::Star(None)]), 3 => prop::collection::vec(item(low, high), 1..4)]
}

fn expression() -> impl Strategy<Value = Expr> {
    let fields = BOUNDS.map(|(low, high)| field(low, high));
    (prop::option::of(field(0, 59)), fields, any::<bool>()).prop_map(|(seconds, fields, names)| Expr {
        seconds,
        fields,
        names,
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn next_runs_match_a_brute_force_search_for_random_expressions(
        e in expression(),
        after_ms in 0..10 * 366 * DAY_MS,
        offset in -14 * 60..=14 * 60_i32,
    ) {
        let text = e.text();
        match parse(&text) {
            Err(err) => {
                prop_assert!(err.starts_with("This schedule never runs: "), "{text:?}: {err}");
                prop_assert_eq!(e.brute_force(0, 0, 1, 9 * 366), Vec::<u64>::new(), "{:?} runs", text);
            }
            Ok(job) => {
                prop_assert!(!e.brute_force(0, 0, 1, 41 * 366).is_empty(), "{:?} parses but never runs", text);
                let days = 5 * 366;
                let expected = e.brute_force(after_ms, offset, 12, days);
                let end = (after_ms / DAY_MS + days) * DAY_MS;
                let runs: Vec<u64> = job.next_runs(after_ms, offset, 12).into_iter().filter(|at| *at < end).collect();
                prop_assert_eq!(runs, expected, "{:?} after {} ms", text, after_ms);
            }
        }
    }

    #[test]
    fn any_text_gets_a_job_or_a_sentence(text in "[0-9a-zA-Z*/,#?@ -]{0,30}|\\PC{0,20}") {
        match parse(&text) {
            Ok(job) => {
                prop_assert!(is_sentence(&job.explain()));
                let _ = job.next_after(0, 0);
            }
            Err(err) => prop_assert!(is_sentence(&err), "{text:?}: {err}"),
        }
    }
}
