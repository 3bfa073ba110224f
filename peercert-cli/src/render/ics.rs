//! iCalendar (RFC 5545) for `peercert plan --format ics`: one all-day event per
//! deadline, each with reminders 90, 30 and 7 days before.
//!
//! Every event's UID is built from the worker, the credential, the cycle and the
//! kind of deadline, never from the date or the time of the run, so importing a
//! newer plan updates the events instead of adding copies; since the credential is
//! part of it, the plans of several credentials in one calendar never share one. The stamp is the plan's
//! date, so the same plan always gives the same file.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;
use peercert_core::Plan;
use peercert_core::plan::{Deadline, DeadlineKind, Task};

/// Reminders before each deadline, in days.
const REMINDERS: [u32; 3] = [90, 30, 7];

/// The calendar of `peercert plan --format ics`: one calendar with the events of
/// every plan, in the order of the plans.
/// Each event's description names the rules the plan used (`stamp`).
pub fn plans(plans: &[Plan], stamp: &str) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//peercert//peercert plan//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
    ];
    for p in plans {
        events(p, stamp, &mut lines);
        if let Some(next) = &p.next_cycle {
            events(next, stamp, &mut lines);
        }
    }
    lines.push("END:VCALENDAR".to_owned());
    let mut out = String::new();
    for line in lines {
        fold(&line, &mut out);
    }
    out
}

/// One event per dated deadline of the plan.
fn events(p: &Plan, stamp: &str, lines: &mut Vec<String>) {
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
    let cycle = p.cycle.map_or_else(
        || "initial".to_owned(),
        |c| c.expires.format("%Y%m%d").to_string(),
    );
    for ((date, kind), (deadline_kind, tasks)) in by_date {
        let uid = format!(
            "{}.{}.{cycle}.{kind}@peercert",
            uid_part(p.worker.id.as_str()),
            uid_part(p.credential.as_str())
        );
        let summary = format!(
            "{}: {} {} ({})",
            p.credential,
            match tasks.len() {
                1 => "1 requirement".to_owned(),
                n => format!("{n} requirements"),
            },
            kind_phrase(deadline_kind),
            p.worker.name
        );
        let mut description = format!(
            "{} ({}), {} {}:",
            p.worker.name, p.worker.id, p.credential, p.credential_info.name
        );
        for task in &tasks {
            let _ = write!(
                description,
                "\n- {}: {} left",
                task.requirement,
                crate::render::left(task)
            );
        }
        let owed: Vec<String> = p
            .costs
            .iter()
            .filter(|c| !c.waived && c.if_late_from.is_none() && c.due == Deadline::On(date))
            .map(|c| format!("{} fee {}", c.kind.as_str(), c.owed))
            .collect();
        if !owed.is_empty() {
            let _ = write!(description, "\nTo pay: {}.", owed.join(", "));
        }
        let _ = write!(
            description,
            "\nPlanned by peercert as of {} with rules {stamp}.",
            p.as_of
        );
        lines.push("BEGIN:VEVENT".to_owned());
        lines.push(format!("UID:{uid}"));
        lines.push(format!("DTSTAMP:{}T000000Z", p.as_of.format("%Y%m%d")));
        lines.push(format!("DTSTART;VALUE=DATE:{}", date.format("%Y%m%d")));
        if let Some(next) = date.succ_opt() {
            lines.push(format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")));
        }
        lines.push(format!("SUMMARY:{}", escape(&summary)));
        lines.push(format!("DESCRIPTION:{}", escape(&description)));
        lines.push("TRANSP:TRANSPARENT".to_owned());
        for days in REMINDERS {
            lines.push("BEGIN:VALARM".to_owned());
            lines.push("ACTION:DISPLAY".to_owned());
            lines.push(format!("TRIGGER:-P{days}D"));
            lines.push(format!(
                "DESCRIPTION:{}",
                escape(&format!("In {days} days: {summary}"))
            ));
            lines.push("END:VALARM".to_owned());
        }
        lines.push("END:VEVENT".to_owned());
    }
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

/// Escapes a TEXT value (RFC 5545, 3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
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
