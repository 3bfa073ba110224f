//! Renderers: each turns the core's data into one output format and decides nothing.

pub mod audit;
mod audit_html;
pub mod ics;
pub mod json;
pub mod markdown;
pub mod packet;
pub mod packet_html;
pub mod text;

use peercert_core::report::{Measure, Outcome, Purpose, RequirementResult};
use peercert_core::vocab::Confidence;

/// An HTML page as it is written. Every hidden character of its text is shown
/// escaped, line breaks included, so a name's newline reads `\n` as in every other
/// format and the page carries no raw control character; then the page's own style
/// and script, its only parts written on several lines, fill their elements, which
/// the template leaves empty. Text cannot make an empty `<style></style>` or
/// `<script></script>`: the template escapes its `<`.
pub fn html_page(markup: maud::Markup, style: &str, script: Option<&str>) -> String {
    let page = peercert_core::text::printable(&markup.into_string()).replacen(
        "<style></style>",
        &format!("<style>{style}</style>"),
        1,
    );
    match script {
        Some(script) => page.replacen(
            "<script></script>",
            &format!("<script>{script}</script>"),
            1,
        ),
        None => page,
    }
}

/// The last line of a text or Markdown answer: the stamp of the rules it used.
pub fn footer(stamp: &str) -> String {
    format!("\nrules {stamp}\n")
}

/// How far along a requirement is, in a few words: `12.5 / 16 h`, `passed`, `on file`.
pub fn progress(r: &RequirementResult) -> String {
    peercert_core::requirement::progress(r)
}

/// What is missing, when anything is: `3.5 h short`.
pub fn shortfall(r: &RequirementResult) -> Option<String> {
    match (r.is_met(), r.shortfall) {
        (true, _) => None,
        (false, Measure::Hours(h)) => Some(format!("{h} h short")),
        (false, Measure::Score(1)) => Some("1 point short".to_owned()),
        (false, Measure::Score(s)) if s > 0 => Some(format!("{s} points short")),
        (false, _) => None,
    }
}

/// The verdict in capitals, for the first line of an answer.
pub fn verdict(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Eligible => "ELIGIBLE",
        Outcome::NotEligible => "NOT ELIGIBLE",
        Outcome::RenewalReady => "RENEWAL READY",
        Outcome::RenewalDue => "RENEWAL DUE",
        Outcome::Grace => "GRACE PERIOD",
        Outcome::Lapsed => "LAPSED",
    }
}

/// `initial certification` or `renewal`.
pub fn purpose(purpose: Purpose) -> &'static str {
    match purpose {
        Purpose::Initial => "initial certification",
        Purpose::Renewal => "renewal",
    }
}

/// A mark for facts from secondary sources, empty for the board's own word.
pub fn confidence_mark(confidence: Confidence) -> &'static str {
    match confidence {
        Confidence::Board => "",
        Confidence::Regulation => " (regulation)",
        Confidence::Secondary => " (secondary source: to be confirmed with the board)",
    }
}

/// `refundable`, `non-refundable`, or that the board does not say.
pub fn refundable(refundable: Option<bool>) -> &'static str {
    match refundable {
        Some(true) => "refundable",
        Some(false) => "non-refundable",
        None => "refund terms not stated",
    }
}

/// Whether a fee is refundable, in words; of a waived fee, that nothing is paid.
pub fn refund_terms(refundable: Option<bool>, waived: bool) -> &'static str {
    if waived {
        "nothing to pay"
    } else {
        self::refundable(refundable)
    }
}

/// The renewal cycle's terms beyond its length and grace, one phrase each: what the
/// expiry is tied to, the submission window, the due date, CE exemptions.
pub fn renewal_terms(renewal: &peercert_core::ruleset::Renewal) -> Vec<String> {
    use peercert_core::ruleset::{Anchor, Years};
    let mut terms = Vec::new();
    match renewal.anchor {
        Anchor::Issued => {}
        Anchor::Birthday => terms.push("expires on the holder's birthday".to_owned()),
        Anchor::CalendarYear => terms.push("expires on 31 December".to_owned()),
        Anchor::Fixed { month, day, years } => {
            let which = match years {
                Years::Any => "every year",
                Years::Odd => "of odd-numbered years",
                Years::Even => "of even-numbered years",
            };
            let date = chrono::NaiveDate::from_ymd_opt(2000, month, day).map_or_else(
                || format!("{month}/{day}"),
                |d| d.format("%-d %B").to_string(),
            );
            terms.push(format!("every certificate expires on {date} {which}"));
        }
    }
    if let Some(days) = renewal.submit_from_days {
        terms.push(format!("submit no earlier than {days} days before expiry"));
    }
    if let Some(days) = renewal.due_days {
        terms.push(format!("due {days} days before expiry"));
    }
    if !renewal.first_cycle_ce {
        terms.push("no continuing education in a first cycle shorter than a full one".to_owned());
    }
    if let Some(months) = renewal.ce_waived_within_months {
        terms.push(format!(
            "continuing education waived at the first renewal when certified within the {months} months before it"
        ));
    }
    terms
}

/// When a late or reinstatement fee becomes owed, for fees that set it.
pub fn fee_timing(fee: &peercert_core::ruleset::Fee) -> Option<String> {
    fee.days_after_expiry.and(fee.id().timing())
}

/// A provisional phase in words: `6 months, 1 extension of 6 months`.
pub fn provisional_terms(p: &peercert_core::ruleset::Provisional) -> String {
    let extensions = match p.extensions {
        0 => "no extension".to_owned(),
        1 => format!("1 extension of {} months", p.extension_months),
        n => format!("up to {n} extensions of {} months", p.extension_months),
    };
    format!("{} months, {extensions}", p.months)
}

/// The grace period in words.
pub fn grace(renewal: &peercert_core::ruleset::Renewal) -> String {
    renewal.post_expiry.to_string()
}

/// What is left of a task, in a few words: `2.5 h of ethics`, `a passing exam score`.
pub fn left(task: &peercert_core::plan::Task) -> String {
    peercert_core::requirement::left(task.measured())
}

/// What one unmet part of a path still needs: `40 h`, `missing`.
pub fn remaining(r: &peercert_core::plan::Remaining) -> String {
    peercert_core::requirement::remaining(r.kind, r.shortfall)
}

/// A deadline for a sentence: `by 2027-02-01`, `before applying`.
pub fn by(deadline: peercert_core::plan::Deadline) -> String {
    match deadline {
        peercert_core::plan::Deadline::On(date) => format!("by {date}"),
        other => other.to_string(),
    }
}

/// Where an entry came from, in a few words: `line 15`, `--with 1` (the what-if given
/// first), `row 16`, `catalogue line 3`, `assumed renewal`.
pub fn place(place: peercert_core::record::Place) -> String {
    use peercert_core::record::Place;
    match place {
        Place::Line(n) => format!("line {n}"),
        Place::Added(n) => format!("--with {n}"),
        Place::Row(n) => format!("row {n}"),
        Place::Course(n) => format!("catalogue line {n}"),
        Place::Renewal => "assumed renewal".to_owned(),
    }
}

/// When a planned cost is paid, in words.
pub fn cost_due(cost: &peercert_core::plan::PlannedCost) -> String {
    match (cost.if_late_from, cost.due) {
        (Some(from), _) => format!("only if renewed on or after {from}"),
        (None, peercert_core::plan::Deadline::On(date)) => format!("due by {date}"),
        (None, peercert_core::plan::Deadline::BeforeApplying) => {
            "due with the application".to_owned()
        }
        (None, peercert_core::plan::Deadline::NoLastDay) => "due with the late renewal".to_owned(),
    }
}

/// How a proposal was chosen, in words.
pub fn proposal_method(p: &peercert_core::catalog::Proposal) -> String {
    use peercert_core::catalog::Method;
    let usable = match p.usable {
        1 => "1 usable course".to_owned(),
        n => format!("{n} usable courses"),
    };
    match (p.method, p.optimal) {
        (Method::BranchAndBound, true) => {
            format!("the cheapest set, proven by branch and bound over {usable}")
        }
        (Method::BranchAndBound, false) => format!(
            "the cheapest set found over {usable}; the search stopped at its limit, so it is not proven optimal"
        ),
        (Method::Greedy, _) => format!(
            "a good set chosen greedily over {usable} (more than {} courses): not proven optimal",
            peercert_core::catalog::EXACT_LIMIT
        ),
    }
}

/// A course in a few words: `6 h, ethics, live-online`.
pub fn course_terms(c: &peercert_core::catalog::Course) -> String {
    let mut terms = vec![format!("{} h", c.hours)];
    for (topic, hours) in &c.topics {
        if *hours == c.hours {
            terms.push(topic.to_string());
        } else {
            terms.push(format!("{hours} h {topic}"));
        }
    }
    if let Some(format) = c.format {
        terms.push(format.as_str().to_owned());
    }
    terms.join(", ")
}

/// Ids as a list for a sentence: `` `a`, `b` ``.
pub fn ids<T: std::fmt::Display>(ids: &[T]) -> String {
    ids.iter()
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
