//! The evidence packet (`peercert report`, `audit --packets`): the shared wording of
//! its facts, and its Markdown form. The HTML page is in `packet_html.rs`; both show
//! the same content in the same order.

use std::fmt::Write as _;

use peercert_core::Cents;
use peercert_core::packet::{Packet, PacketEntry, PacketRequirement, Section};
use peercert_core::report::{Standing, Window};

use super::markdown::escape;
use super::{confidence_mark, place, purpose, refund_terms, verdict};

/// The title of a packet.
pub fn title(p: &Packet) -> String {
    format!("Evidence packet: {} ({})", p.worker.name, p.worker.id)
}

/// The line under the title: the date and the rules.
pub fn subtitle(p: &Packet) -> String {
    format!("As of {} · rules {}", p.as_of, p.rules)
}

/// What a packet with no credential says: the audit's row for such a worker.
pub const NO_CREDENTIAL: &str =
    "This record holds no credential and pursues none: there is nothing to measure.";

/// The closing line of a packet, saying what it is and how to reproduce it.
pub fn colophon(p: &Packet) -> String {
    format!(
        "Made by peercert as of {} with rules {}. Each entry is named by its place in the worker's record (a line of the record file, or a row of a roster); the rules stamp names the rule files used, so the same record, rules and date give the same packet.",
        p.as_of, p.rules
    )
}

/// A section's facts, as label and value, in the order shown.
pub fn facts(s: &Section) -> Vec<(&'static str, String)> {
    let c = &s.credential;
    let mut facts = vec![
        (
            "Credential",
            format!("{}, {} ({})", c.name, c.jurisdiction, c.id),
        ),
        ("Board", c.board.clone()),
    ];
    if let Some(number) = &s.number {
        facts.push(("Certificate number", number.clone()));
    }
    facts.push(("Purpose", purpose(s.purpose).to_owned()));
    facts.push(("Standing", standing(s.standing)));
    if let Some(cycle) = s.cycle {
        let period = match s.standing {
            Standing::Provisional { .. } => "Provisional period",
            Standing::Initial { .. }
            | Standing::Open { .. }
            | Standing::Grace { .. }
            | Standing::Inactive { .. }
            | Standing::Lapsed { .. }
            | Standing::TermsNotPublished { .. } => "Cycle",
        };
        facts.push((
            period,
            format!(
                "{} to {} (issued {})",
                cycle.start, cycle.expires, cycle.issued
            ),
        ));
        if let Some(due) = cycle.due {
            facts.push(("Renewal due", due.to_string()));
        }
    }
    if let Some(days) = s.days_left {
        facts.push(("Days left", days.to_string()));
    }
    facts.push(("Rules in force since", s.edition.effective.to_string()));
    if let Some(note) = &s.edition.note {
        facts.push(("Edition", note.clone()));
    }
    facts.push((
        "Rules last verified",
        if c.stale {
            format!("{} (more than 12 months before this packet)", c.verified)
        } else {
            c.verified.to_string()
        },
    ));
    facts.push(("Sources", c.sources.join(" · ")));
    facts
}

/// Where the worker stands, in a few words.
pub fn standing(standing: Standing) -> String {
    match standing {
        Standing::Initial {
            provisional_expired: None,
        } => "not held: applying for initial certification".to_owned(),
        Standing::Initial {
            provisional_expired: Some(d),
        } => format!("not held: the provisional certification expired on {d}; applying again"),
        Standing::Provisional { ends } => format!("provisional certification until {ends}"),
        Standing::Open { expires, due: _ } => format!("held, current until {expires}"),
        Standing::Grace {
            expired,
            ends: Some(ends),
        } => format!("expired on {expired}; in grace, a late renewal is accepted until {ends}"),
        Standing::Grace {
            expired,
            ends: None,
        } => format!(
            "expired on {expired}; in grace, a late renewal is accepted with no published last day"
        ),
        Standing::Inactive { expired, until } => {
            format!("expired on {expired}; inactive, may be reactivated until {until}")
        }
        Standing::Lapsed { expired } => {
            format!("lapsed: expired on {expired}; the worker must apply again")
        }
        Standing::TermsNotPublished { expired } => {
            format!("expired on {expired}; the board publishes no terms for renewing after expiry")
        }
    }
}

/// A requirement's name: its id, and the rule set's label when it has one.
pub fn name(r: &PacketRequirement) -> String {
    match &r.description {
        Some(d) => format!("{} — {d}", r.id),
        None => r.id.to_string(),
    }
}

/// `met` or `not met`, in words (the page never relies on colour alone).
pub fn status(r: &PacketRequirement) -> &'static str {
    if r.is_met() { "met" } else { "not met" }
}

/// A requirement's measures in one line: progress, shortfall, topics, deadline, the
/// dates that count.
pub fn measures(r: &PacketRequirement) -> String {
    let mut parts = vec![r.progress.clone()];
    if !r.is_met()
        && let Some(short) = shortfall_of(r)
    {
        parts.push(short);
    }
    if !r.topics.is_empty() {
        parts.push(format!(
            "topic: {}",
            r.topics
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" or ")
        ));
    }
    if let Some(deadline) = r.deadline {
        parts.push(format!("due by {deadline}"));
    }
    if let Some(Window {
        from: Some(from),
        to,
    }) = r.window
    {
        parts.push(format!("counts entries from {from} to {to}"));
    }
    parts.join(" · ")
}

fn shortfall_of(r: &PacketRequirement) -> Option<String> {
    use peercert_core::report::Measure;
    match r.shortfall {
        Measure::Hours(h) => Some(format!("{h} h short")),
        Measure::Score(1) => Some("1 point short".to_owned()),
        Measure::Score(s) if s > 0 => Some(format!("{s} points short")),
        Measure::Score(_) | Measure::Count(_) => None,
    }
}

/// The source line of a requirement.
pub fn source(r: &PacketRequirement) -> String {
    format!("{}{}", r.citation, confidence_mark(r.confidence))
}

/// An entry's kind and place: `training, line 15`.
pub fn entry_place(e: &PacketEntry) -> String {
    format!("{}, {}", e.entry.as_str(), place(e.place))
}

/// An optional value, or a dash.
pub fn or_dash(value: Option<impl ToString>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| v.to_string())
}

/// An entry's hours with its delivery format: `12.5 (in-person)`.
pub fn hours(e: &PacketEntry) -> String {
    match (e.hours, e.format) {
        (Some(h), Some(f)) => format!("{h} ({})", f.as_str()),
        (Some(h), None) => h.to_string(),
        (None, _) => "—".to_owned(),
    }
}

/// What counted of an entry, with why only part did: `2.5 h`.
pub fn counted(e: &PacketEntry) -> String {
    let amount = e
        .counted
        .map_or_else(|| "counted".to_owned(), |h| format!("{h} h"));
    match &e.why {
        Some(why) => format!("{amount}: {why}"),
        None => amount,
    }
}

/// Why an entry did not count: the evaluator's cause in a few words, then its
/// sentence (`out of window: before the start of this renewal cycle (2025-02-02)`).
pub fn why_not(e: &PacketEntry) -> String {
    match (e.cause, &e.why) {
        (Some(cause), Some(why)) => format!("{}: {why}", cause.label()),
        (Some(cause), None) => cause.label().to_owned(),
        (None, why) => or_dash(why.as_ref()),
    }
}

/// The total paid by the payments listed.
pub fn payments_total(s: &Section) -> Cents {
    s.payments.iter().map(|p| p.amount).sum()
}

/// The packet in Markdown: the same content as the HTML page.
pub fn markdown(p: &Packet) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape(&title(p)));
    let _ = writeln!(out, "{}\n", escape(&subtitle(p)));
    if p.sections.is_empty() {
        let _ = writeln!(out, "{NO_CREDENTIAL}\n");
    }
    for s in &p.sections {
        section(&mut out, s);
    }
    let _ = writeln!(out, "---\n\n{}", escape(&colophon(p)));
    out
}

fn section(out: &mut String, s: &Section) {
    let _ = writeln!(
        out,
        "## {} ({})\n",
        escape(&s.credential.name),
        s.credential.id
    );
    let _ = writeln!(
        out,
        "**{}**: {}\n",
        verdict(s.outcome),
        escape(&s.summary).replace("\\`", "`")
    );
    let _ = writeln!(out, "| | |\n|---|---|");
    for (label, value) in facts(s) {
        let _ = writeln!(out, "| {label} | {} |", escape(&value));
    }
    out.push('\n');
    for note in &s.notes {
        let _ = writeln!(out, "> {}\n", escape(note));
    }
    let _ = writeln!(out, "### Requirements\n");
    for r in &s.requirements {
        requirement(out, r, 4);
    }
    let _ = writeln!(out, "### Fees\n");
    if s.costs.is_empty() {
        let _ = writeln!(out, "No fee is owed on this date.\n");
    } else {
        let _ = writeln!(out, "| Fee | Amount | Paid | Owed | Refund | Source |");
        let _ = writeln!(out, "|---|---:|---:|---:|---|---|");
        for c in &s.costs {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {}{} |",
                c.kind.as_str(),
                c.amount_text(),
                c.paid,
                c.owed,
                refund_terms(c.refundable, c.waived),
                escape(&c.citation),
                escape(confidence_mark(c.confidence))
            );
        }
        let _ = writeln!(
            out,
            "| **total** | {} | {} | **{}** | | |\n",
            s.total.amount, s.total.paid, s.total.owed
        );
    }
    let _ = writeln!(out, "### Payments on record\n");
    if s.payments.is_empty() {
        let _ = writeln!(out, "None.\n");
    } else {
        let _ = writeln!(out, "| Date | For | Amount | Entry |");
        let _ = writeln!(out, "|---|---|---:|---|");
        for pay in &s.payments {
            let _ = writeln!(
                out,
                "| {} | {} | {} | payment, {} |",
                pay.date,
                pay.kind.as_str(),
                pay.amount,
                place(pay.place)
            );
        }
        let _ = writeln!(out, "| | **total** | {} | |\n", payments_total(s));
    }
}

fn requirement(out: &mut String, r: &PacketRequirement, level: usize) {
    let hashes = "#".repeat(level.min(6));
    let mark = if r.is_met() { "✓" } else { "✗" };
    let _ = writeln!(
        out,
        "{hashes} {mark} {} ({})\n",
        escape(&name(r)),
        status(r)
    );
    let _ = writeln!(out, "{}\n", escape(&measures(r)));
    let _ = writeln!(out, "{}\n", escape(&r.explanation).replace("\\`", "`"));
    entry_table(out, "Counted", "Counted", &r.counted, counted);
    entry_table(out, "Did not count", "Why not", &r.not_counted, why_not);
    if r.counted.is_empty() && r.not_counted.is_empty() && r.options.is_empty() {
        let _ = writeln!(out, "No record entry bears on it.\n");
    }
    let _ = writeln!(out, "Source: {}\n", escape(&source(r)));
    for option in &r.options {
        requirement(out, option, level + 1);
    }
}

/// A Markdown table of `entries` under `heading`, whose fifth column, `fifth`, says
/// what `about` says of each entry; nothing when there are none.
fn entry_table(
    out: &mut String,
    heading: &str,
    fifth: &str,
    entries: &[PacketEntry],
    about: fn(&PacketEntry) -> String,
) {
    if entries.is_empty() {
        return;
    }
    let _ = writeln!(out, "{heading}:\n");
    let _ = writeln!(
        out,
        "| Date | Title | Provider | Hours | {fifth} | Certificate | Entry |"
    );
    let _ = writeln!(out, "|---|---|---|---:|---|---|---|");
    for e in entries {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            e.date,
            escape(&e.title),
            escape(&or_dash(e.provider.as_ref())),
            hours(e),
            escape(&about(e)),
            escape(&or_dash(e.certificate.as_ref())),
            entry_place(e)
        );
    }
    out.push('\n');
}
