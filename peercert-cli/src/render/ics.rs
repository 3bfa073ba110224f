//! iCalendar (RFC 5545) for `peercert plan --format ics`: one all-day event per
//! deadline, each with reminders 90, 30 and 7 days before; one for the target date
//! (`--target`) of the work that has no dated deadline; and one for each dated
//! course proposed from a catalogue, with reminders 7 days and 1 day before. A
//! reminder that would fall before the plan's date is left out.
//!
//! Every event's UID is built from the worker, the credential, the cycle and the
//! kind of deadline (for a course, its day and title), never from the date or the
//! time of the run, so importing a newer plan updates the events instead of adding
//! copies; the target date's event keeps its UID when the target moves. Since the
//! credential is part of it, the plans of several credentials in one calendar never
//! share one. The stamp is the plan's date, so the same plan always gives the same
//! file.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{Days, NaiveDate};
use peercert_core::Plan;
use peercert_core::catalog::Course;
use peercert_core::plan::{Deadline, DeadlineKind, PlannedCost, Task};
use peercert_core::text::printable_lines;

/// Reminders before each deadline, in days.
const REMINDERS: [u64; 3] = [90, 30, 7];

/// Reminders before a course, in days.
const COURSE_REMINDERS: [u64; 2] = [7, 1];

/// A calendar and what it holds.
pub struct Calendar {
    /// The iCalendar text.
    pub text: String,
    /// How many events it holds.
    pub events: usize,
}

/// The calendar of `peercert plan --format ics`: one calendar with the events of
/// every plan, in the order of the plans. Work with no dated deadline gets an event
/// on `target` when it is given, and none otherwise.
/// Each event's description names the rules the plan used (`stamp`).
pub fn plans(plans: &[Plan], stamp: &str, target: Option<NaiveDate>) -> Calendar {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//peercert//peercert plan//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
    ];
    let mut events = 0;
    for p in plans {
        events += plan_events(p, stamp, target, &mut lines);
        if let Some(next) = &p.next_cycle {
            events += plan_events(next, stamp, target, &mut lines);
        }
    }
    lines.push("END:VCALENDAR".to_owned());
    let mut text = String::new();
    for line in lines {
        fold(&line, &mut text);
    }
    Calendar { text, events }
}

/// Whether the plan has work or fees with no dated deadline, which make an event
/// only on a target date.
pub fn has_undated_work(p: &Plan) -> bool {
    p.tasks.iter().any(|t| t.deadline.date().is_none()) || owed(p).any(|c| c.due.date().is_none())
}

/// Fees owed now (neither waived nor a late fee that may never apply).
fn owed(p: &Plan) -> impl Iterator<Item = &PlannedCost> {
    p.costs
        .iter()
        .filter(|c| !c.waived && c.if_late_from.is_none() && c.owed > peercert_core::Cents::ZERO)
}

/// The events of one plan: its dated deadlines, its target date, its courses.
fn plan_events(p: &Plan, stamp: &str, target: Option<NaiveDate>, lines: &mut Vec<String>) -> usize {
    let mut by_date: BTreeMap<(NaiveDate, &'static str), (DeadlineKind, Vec<&Task>)> =
        BTreeMap::new();
    for task in &p.tasks {
        if let Deadline::On(date) = task.deadline {
            by_date
                .entry((date, task.deadline_kind.as_str()))
                .or_insert_with(|| (task.deadline_kind, Vec::new()))
                .1
                .push(task);
        }
    }
    // A fee due on a day with no task due still gets its event.
    let plan_kind = p.standing.deadline(p.as_of).1;
    for cost in owed(p) {
        if let Deadline::On(date) = cost.due
            && !by_date.keys().any(|(d, _)| *d == date)
        {
            by_date.insert((date, plan_kind.as_str()), (plan_kind, Vec::new()));
        }
    }
    let cycle = p.cycle.map_or_else(
        || "initial".to_owned(),
        |c| c.expires.format("%Y%m%d").to_string(),
    );
    let uid = |what: &str| {
        format!(
            "{}.{}.{cycle}.{what}@peercert",
            uid_part(p.worker.id.as_str()),
            uid_part(p.credential.as_str())
        )
    };
    let mut count = 0;
    for ((date, kind), (deadline_kind, tasks)) in by_date {
        let fees = owed(p).filter(|c| c.due == Deadline::On(date)).collect();
        let work = Work {
            uid: uid(kind),
            date,
            phrase: kind_phrase(deadline_kind),
            tasks,
            fees,
            note: None,
        };
        work.event(p, stamp, lines);
        count += 1;
    }
    if let Some(date) = target
        && has_undated_work(p)
    {
        let work = Work {
            uid: uid("target"),
            date,
            phrase: "due by the target date",
            tasks: p
                .tasks
                .iter()
                .filter(|t| t.deadline.date().is_none())
                .collect(),
            fees: owed(p).filter(|c| c.due.date().is_none()).collect(),
            note: Some(format!(
                "The board sets no date for this ({}): {date} is the target date given with --target.",
                p.standing.deadline(p.as_of).0
            )),
        };
        work.event(p, stamp, lines);
        count += 1;
    }
    if let Some(proposal) = &p.proposal {
        for course in &proposal.courses {
            if let Some(date) = course.date {
                let what = format!(
                    "course-{}-{}",
                    date.format("%Y%m%d"),
                    uid_part(&course.title)
                );
                course_event(p, course, &uid(&what), date, stamp, lines);
                count += 1;
            }
        }
    }
    count
}

/// The work of a plan due on one day.
struct Work<'a> {
    uid: String,
    date: NaiveDate,
    phrase: &'static str,
    tasks: Vec<&'a Task>,
    fees: Vec<&'a PlannedCost>,
    /// Why the day is what it is, when the board did not set it.
    note: Option<String>,
}

impl Work<'_> {
    fn event(&self, p: &Plan, stamp: &str, lines: &mut Vec<String>) {
        let what = match (self.tasks.len(), self.fees.len()) {
            (0, 1) => "1 fee".to_owned(),
            (0, n) => format!("{n} fees"),
            (1, _) => "1 requirement".to_owned(),
            (n, _) => format!("{n} requirements"),
        };
        let summary = format!(
            "{}: {what} {} ({})",
            p.credential, self.phrase, p.worker.name
        );
        let mut description = format!(
            "{} ({}), {} {}:",
            p.worker.name, p.worker.id, p.credential, p.credential_info.name
        );
        for task in &self.tasks {
            let _ = write!(
                description,
                "\n- {}: {} left",
                task.requirement,
                crate::render::left(task)
            );
        }
        let owed: Vec<String> = self
            .fees
            .iter()
            .map(|c| format!("{} fee {}", c.kind.as_str(), c.owed))
            .collect();
        if !owed.is_empty() {
            let _ = write!(description, "\nTo pay: {}.", owed.join(", "));
        }
        if let Some(note) = &self.note {
            let _ = write!(description, "\n{note}");
        }
        let _ = write!(
            description,
            "\nPlanned by peercert as of {} with rules {stamp}.",
            p.as_of
        );
        push_event(
            &Event {
                uid: &self.uid,
                as_of: p.as_of,
                date: self.date,
                summary: &summary,
                description: &description,
                reminders: &REMINDERS,
            },
            lines,
        );
    }
}

/// The event of a course proposed from a catalogue, on the day it is held.
fn course_event(
    p: &Plan,
    course: &Course,
    uid: &str,
    date: NaiveDate,
    stamp: &str,
    lines: &mut Vec<String>,
) {
    let summary = format!(
        "Course: {} ({}, {})",
        course.title, p.credential, p.worker.name
    );
    let mut description = format!(
        "{} ({}), {} {}: {} ({}), {}",
        p.worker.name,
        p.worker.id,
        p.credential,
        p.credential_info.name,
        course.title,
        crate::render::course_terms(course),
        course.cost
    );
    if let Some(provider) = &course.provider {
        let _ = write!(description, ", given by {provider}");
    }
    let _ = write!(
        description,
        ", catalogue line {}, proposed to close the shortfalls.\nPlanned by peercert as of {} with rules {stamp}.",
        course.line, p.as_of
    );
    push_event(
        &Event {
            uid,
            as_of: p.as_of,
            date,
            summary: &summary,
            description: &description,
            reminders: &COURSE_REMINDERS,
        },
        lines,
    );
}

/// One all-day event.
struct Event<'a> {
    uid: &'a str,
    as_of: NaiveDate,
    date: NaiveDate,
    summary: &'a str,
    description: &'a str,
    reminders: &'a [u64],
}

/// Writes an all-day event with its reminders, leaving out those that would fall
/// before the plan's date.
fn push_event(e: &Event<'_>, lines: &mut Vec<String>) {
    lines.push("BEGIN:VEVENT".to_owned());
    lines.push(format!("UID:{}", e.uid));
    lines.push(format!("DTSTAMP:{}T000000Z", e.as_of.format("%Y%m%d")));
    lines.push(format!("DTSTART;VALUE=DATE:{}", e.date.format("%Y%m%d")));
    if let Some(next) = e.date.succ_opt() {
        lines.push(format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")));
    }
    lines.push(format!("SUMMARY:{}", escape(e.summary)));
    lines.push(format!("DESCRIPTION:{}", escape(e.description)));
    lines.push("TRANSP:TRANSPARENT".to_owned());
    for &days in e.reminders {
        if e.date
            .checked_sub_days(Days::new(days))
            .is_none_or(|day| day < e.as_of)
        {
            continue;
        }
        lines.push("BEGIN:VALARM".to_owned());
        lines.push("ACTION:DISPLAY".to_owned());
        lines.push(format!("TRIGGER:-P{days}D"));
        let when = if days == 1 {
            "Tomorrow".to_owned()
        } else {
            format!("In {days} days")
        };
        lines.push(format!(
            "DESCRIPTION:{}",
            escape(&format!("{when}: {}", e.summary))
        ));
        lines.push("END:VALARM".to_owned());
    }
    lines.push("END:VEVENT".to_owned());
}

fn kind_phrase(kind: DeadlineKind) -> &'static str {
    match kind {
        DeadlineKind::Due => "due (renewal due date)",
        DeadlineKind::Expiry => "due by expiry",
        DeadlineKind::GraceEnd => "due by the end of grace",
        DeadlineKind::ReactivationEnd => "due by the last day of reactivation",
        DeadlineKind::ProvisionalEnd => "due by the end of the provisional certification",
        DeadlineKind::BeforeApplying | DeadlineKind::NoLastDay => "due",
    }
}

/// A UID part: letters, digits, `-` and `_` kept, everything else as `=XX` hex.
fn uid_part(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_' {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "={byte:02X}");
        }
    }
    out
}

/// Escapes a TEXT value (RFC 5545, 3.3.11), after showing its hidden characters
/// but line breaks as text ([`printable_lines`]).
fn escape(text: &str) -> String {
    let text = printable_lines(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// Writes one content line, folded at 75 octets without splitting a character,
/// ending in CRLF (RFC 5545, 3.1).
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::{escape, fold, uid_part};

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
        assert_eq!(
            escape("a\r\u{1b}[2J\u{202e}"),
            "a\\\\r\\\\u{1b}[2J\\\\u{202e}"
        );
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let mut out = String::new();
        let line = format!("DESCRIPTION:{}", "é".repeat(40));
        fold(&line, &mut out);
        let lines: Vec<&str> = out.split("\r\n").collect();
        assert!(lines.iter().all(|l| l.len() <= 75), "{lines:?}");
        assert_eq!(lines.concat().replace(' ', ""), line.replace(' ', ""));
    }

    #[test]
    fn uid_parts_keep_only_safe_characters() {
        assert_eq!(uid_part("W-1042"), "W-1042");
        assert_eq!(uid_part("nj/cprs"), "nj=2Fcprs");
        assert_eq!(uid_part("a b@c"), "a=20b=40c");
    }
}
