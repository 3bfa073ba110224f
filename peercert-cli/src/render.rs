//! Renderers: each turns the core's data into one output format and decides nothing.

pub mod json;
pub mod markdown;
pub mod text;

use peercert_core::report::{Measure, Outcome, Purpose, RequirementResult};
use peercert_core::ruleset::Confidence;

/// How far along a requirement is, in a few words: `12.5 / 16 h`, `passed`, `on file`.
pub fn progress(r: &RequirementResult) -> String {
    let met = r.is_met();
    match (r.kind, r.required, r.completed) {
        (_, Measure::Hours(required), Measure::Hours(done)) => format!("{done} / {required} h"),
        ("exam", Measure::Score(required), Measure::Score(best)) => match (met, best) {
            (true, _) => format!("passed, score {best} (pass {required})"),
            (false, 0) => format!("no counted score (pass {required})"),
            (false, _) => format!("best {best} (pass {required})"),
        },
        ("exam", _, _) => if met { "passed" } else { "no pass on file" }.to_owned(),
        ("attestation", _, _) => if met { "on file" } else { "missing" }.to_owned(),
        ("credential", _, _) => if met { "held" } else { "not held" }.to_owned(),
        ("any_of", _, _) => match r.options.iter().find(|o| o.is_met()) {
            Some(o) => format!("met by `{}`", o.id),
            None => format!("0 of {} paths complete", r.options.len()),
        },
        (_, required, done) => format!("{done} / {required} parts"),
    }
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

/// `refundable` or `non-refundable`.
pub fn refundable(refundable: bool) -> &'static str {
    if refundable {
        "refundable"
    } else {
        "non-refundable"
    }
}

/// The grace period in words.
pub fn grace(renewal: &peercert_core::ruleset::Renewal) -> String {
    match (renewal.grace_open, renewal.grace_days) {
        (true, _) => "late renewal accepted with no published last day".to_owned(),
        (false, 0) => "no grace period".to_owned(),
        (false, d) => format!("{d} days of grace after expiry"),
    }
}
