//! `evaluate(ruleset, record, as_of)`: the one place where rules meet a record.
//!
//! It chooses the purpose (renewal when the worker holds the credential, unexpired
//! or within grace; initial otherwise), picks the edition in force on `as_of`,
//! measures every requirement against the record, says which entries counted and
//! why others did not, and totals the fees.

use std::collections::BTreeMap;

use chrono::{Days, Months, NaiveDate};

use crate::error::EvaluateError;
use crate::id::CredentialId;
use crate::quantity::{Cents, Hours};
use crate::record::{ExamResult, Record, Training};
use crate::report::{
    Cost, CostTotal, CredentialRef, Cycle, EditionRef, EntryKind, Evaluation, Evidence, Exclusion,
    Measure, Outcome, Purpose, RequirementResult, SCHEMA_VERSION, Status, Window, WorkerRef,
};
use crate::ruleset::{Fee, HoursRule, Requirement, Rule, RuleSet, Stage};
use crate::vocab::{FeeKind, Format};

/// Evaluates `record` against `ruleset` on the date `as_of`.
///
/// Fails only when the rule set has no edition in force on `as_of`.
pub fn evaluate(
    ruleset: &RuleSet,
    record: &Record,
    as_of: NaiveDate,
) -> Result<Evaluation, EvaluateError> {
    let edition = ruleset
        .edition_on(as_of)
        .ok_or_else(|| EvaluateError::NoEdition {
            credential: ruleset.id.clone(),
            as_of,
            earliest: ruleset.editions.first().map_or(as_of, |e| e.effective),
        })?;
    let renewal = edition.renewal.as_ref();
    // An agency overlay of a state credential is renewed with that credential:
    // the worker holds the base's id.
    let held = record.held(&ruleset.id, as_of).or_else(|| {
        ruleset
            .extends
            .as_ref()
            .and_then(|base| record.held(base, as_of))
    });
    let cycle = held.map(|held| {
        let start = cycle_start(held, renewal.map(|r| r.cycle_months), record);
        let grace = renewal.map_or(Some(0), |r| (!r.grace_open).then_some(r.grace_days));
        let before = |days: Option<u32>| {
            days.and_then(|d| held.expires.checked_sub_days(Days::new(u64::from(d))))
        };
        Cycle {
            issued: held.issued,
            start,
            expires: held.expires,
            grace_ends: grace.map(|days| {
                held.expires
                    .checked_add_days(Days::new(u64::from(days)))
                    .unwrap_or(held.expires)
            }),
            days_to_expiry: (held.expires - as_of).num_days(),
            submit_from: before(renewal.and_then(|r| r.submit_from_days)),
            due: before(renewal.and_then(|r| r.due_days)),
        }
    });
    let provisional = held
        .filter(|h| h.provisional)
        .and(edition.provisional.as_ref());
    let mut notes = Vec::new();
    let state = match (cycle, provisional) {
        (Some(c), Some(p)) => {
            let extension = match p.extensions {
                0 => "the board grants no extension".to_owned(),
                n => format!(
                    "the board may extend it {} by {} months",
                    if n == 1 {
                        "once".to_owned()
                    } else {
                        format!("{n} times")
                    },
                    p.extension_months
                ),
            };
            if as_of <= c.expires {
                notes.push(format!(
                    "Provisional certification from {} until {}: the requirements below must be met during it to become fully certified; {extension}.",
                    c.issued, c.expires
                ));
                State::Provisional(Cycle {
                    start: c.issued,
                    grace_ends: Some(c.expires),
                    ..c
                })
            } else {
                notes.push(format!(
                    "The provisional certification expired on {} ({extension}); the requirements below are those of a new application.",
                    c.expires
                ));
                State::Initial
            }
        }
        (None, _) => State::Initial,
        (Some(c), None) if as_of <= c.expires => State::Open(c),
        (Some(c), None) if c.grace_ends.is_none_or(|end| as_of <= end) => State::Grace(c),
        (Some(c), None) => State::Lapsed(c),
    };

    let empty = Stage::default();
    let stale = ruleset.is_stale(as_of);
    if stale {
        notes.push(format!(
            "These rules were last verified against the board's sources on {}, more than {} months before {as_of}: confirm them with the board before relying on this answer.",
            ruleset.verified,
            crate::ruleset::STALE_AFTER_MONTHS
        ));
    }
    let (stage, ctx) = match state {
        State::Initial => (&edition.initial, Ctx::initial(record, as_of, None)),
        State::Provisional(c) => (
            provisional.map_or(&empty, |p| &p.stage),
            Ctx {
                record,
                as_of,
                cycle: Some(c),
                deadline: Some(c.expires),
                payments_from: Some(c.issued),
                period: "provisional certification",
            },
        ),
        State::Lapsed(c) => (
            &edition.initial,
            Ctx::initial(record, as_of, Some(c.expires)),
        ),
        State::Open(c) | State::Grace(c) => {
            let deadline = if matches!(state, State::Grace(_)) {
                c.grace_ends
            } else {
                Some(c.deadline(as_of))
            };
            if let (Some(r), Some(held)) = (renewal, held)
                && let Some(problem) = r.anchor.mismatch(held.expires, record.worker.birth_date)
            {
                notes.push(format!("Check the record: {problem}."));
            }
            let stage = match renewal {
                Some(r) => &r.stage,
                None => {
                    notes.push(
                        "The rule set publishes no renewal requirements; only the expiry date was checked."
                            .to_owned(),
                    );
                    &empty
                }
            };
            (
                stage,
                Ctx {
                    record,
                    as_of,
                    cycle: Some(c),
                    deadline,
                    payments_from: Some(c.start),
                    period: "renewal cycle",
                },
            )
        }
    };

    let waiver = match (state, renewal, held) {
        (State::Open(c) | State::Grace(c), Some(r), Some(held)) => waiver(r, &c, held, record),
        _ => None,
    };
    let requirements: Vec<RequirementResult> = stage
        .requirements
        .iter()
        .map(|r| {
            let mut result = ctx.requirement(r);
            if let Some(reason) = &waiver {
                result.status = Status::Met;
                result.explanation = format!("Waived: {reason}.");
                result.waived = Some(reason.clone());
            }
            result
        })
        .collect();
    let unmet: Vec<&RequirementResult> = requirements.iter().filter(|r| !r.is_met()).collect();
    let outcome = match state {
        State::Initial | State::Provisional(_) if unmet.is_empty() => Outcome::Eligible,
        State::Initial | State::Provisional(_) => Outcome::NotEligible,
        State::Open(_) if unmet.is_empty() => Outcome::RenewalReady,
        State::Open(_) => Outcome::RenewalDue,
        State::Grace(_) => Outcome::Grace,
        State::Lapsed(_) => Outcome::Lapsed,
    };
    let late_by = match state {
        State::Open(c) | State::Grace(c) => Some((as_of - c.expires).num_days()),
        State::Initial | State::Provisional(_) | State::Lapsed(_) => None,
    };
    let costs = ctx.costs(&stage.fees, &ruleset.id, late_by);
    let total = CostTotal {
        amount: costs.iter().map(|c| c.amount).sum(),
        paid: costs.iter().map(|c| c.paid).sum(),
        owed: costs.iter().map(|c| c.owed).sum(),
    };
    let days_left = match state {
        State::Open(c) => Some((c.deadline(as_of) - as_of).num_days()),
        State::Grace(c) => c.grace_ends.map(|end| (end - as_of).num_days()),
        State::Provisional(c) => Some((c.expires - as_of).num_days()),
        State::Initial | State::Lapsed(_) => None,
    };
    let late_fee = costs.iter().any(|c| c.kind == FeeKind::Late);
    let summary = summary(
        as_of,
        outcome,
        cycle,
        days_left,
        &requirements,
        &unmet,
        total.owed,
        late_fee,
    );
    Ok(Evaluation {
        schema_version: SCHEMA_VERSION,
        worker: WorkerRef {
            id: record.worker.id.clone(),
            name: record.worker.name.clone(),
        },
        credential: ruleset.id.clone(),
        credential_info: CredentialRef {
            id: ruleset.id.clone(),
            name: ruleset.name.clone(),
            jurisdiction: ruleset.jurisdiction.clone(),
            board: ruleset.board.clone(),
            sources: ruleset.sources.clone(),
            verified: ruleset.verified,
            stale,
        },
        edition: EditionRef {
            effective: edition.effective,
            note: edition.note.clone(),
        },
        purpose: match state {
            State::Initial | State::Provisional(_) => Purpose::Initial,
            _ => Purpose::Renewal,
        },
        as_of,
        outcome,
        cycle,
        days_left,
        summary,
        requirements_of: match state {
            State::Open(_) | State::Grace(_) => Purpose::Renewal,
            State::Initial | State::Provisional(_) | State::Lapsed(_) => Purpose::Initial,
        },
        requirements,
        costs,
        total,
        notes,
    })
}

#[derive(Clone, Copy)]
enum State {
    Initial,
    /// Holding a provisional certification: working toward the full one.
    Provisional(Cycle),
    Open(Cycle),
    Grace(Cycle),
    Lapsed(Cycle),
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The first day of the `months` months that end on `last`, `last` included: the day
/// after `last` − `months`. A cycle, and a window counted back from an expiry date, is
/// such a run of months, so the day `months` before an expiry belongs to the run before.
/// Month ends are chrono's: 2028-02-29 − 24 months is 2026-02-28, so that run starts on
/// 2026-03-01.
fn first_day_of_months_ending(last: NaiveDate, months: u32) -> Option<NaiveDate> {
    last.checked_sub_months(Months::new(months))?.succ_opt()
}

/// The first day of the renewal cycle that ends on `held.expires`; the rule is written
/// on [`Cycle::start`].
fn cycle_start(
    held: &crate::record::HeldCredential,
    cycle_months: Option<u32>,
    record: &Record,
) -> NaiveDate {
    let full = cycle_months.and_then(|m| first_day_of_months_ending(held.expires, m));
    // An earlier issuance that expired on the day this one was issued (a renewal on
    // the expiry day) keeps that day, even where month arithmetic does not return to it.
    let after_previous = record
        .credentials
        .iter()
        .filter(|c| c.id == held.id && c.issued < held.issued && c.expires <= held.issued)
        .map(|c| c.expires)
        .max()
        .and_then(|d| d.succ_opt());
    [full, after_previous]
        .into_iter()
        .flatten()
        .fold(held.issued, NaiveDate::max)
}

/// Why continuing education is not required this cycle, when the board waives it.
fn waiver(
    renewal: &crate::ruleset::Renewal,
    cycle: &Cycle,
    held: &crate::record::HeldCredential,
    record: &Record,
) -> Option<String> {
    let first = !record
        .credentials
        .iter()
        .any(|c| c.id == held.id && c.issued < held.issued);
    if !first {
        return None;
    }
    let full_start = first_day_of_months_ending(cycle.expires, renewal.cycle_months)?;
    if !renewal.first_cycle_ce && held.issued > full_start {
        return Some(format!(
            "the first cycle (from {}) is shorter than {} months, and the board requires no continuing education in it",
            held.issued, renewal.cycle_months
        ));
    }
    let months = renewal.ce_waived_within_months?;
    let limit = first_day_of_months_ending(cycle.expires, months)?;
    (held.issued >= limit).then(|| {
        format!(
            "certified on {}, within the {months} months before this renewal, when the board waives continuing education",
            held.issued
        )
    })
}

#[expect(
    clippy::too_many_arguments,
    reason = "one sentence from every part of the answer"
)]
fn summary(
    as_of: NaiveDate,
    outcome: Outcome,
    cycle: Option<Cycle>,
    days_left: Option<i64>,
    all: &[RequirementResult],
    unmet: &[&RequirementResult],
    owed: Cents,
    late_fee: bool,
) -> String {
    let unmet_list = unmet
        .iter()
        .map(|r| format!("`{}`", r.id))
        .collect::<Vec<_>>()
        .join(", ");
    let fees = if owed > Cents::ZERO {
        format!("; {owed} in fees is still to pay")
    } else {
        String::new()
    };
    let days = days_left.map_or_else(String::new, |d| {
        plural(usize::try_from(d).unwrap_or(0), "day", "days")
    });
    match (outcome, cycle) {
        (Outcome::Eligible, _) => format!("Eligible to apply: every requirement is met{fees}."),
        (Outcome::NotEligible, _) => format!(
            "Not eligible yet: {} of {} unmet ({unmet_list}).",
            unmet.len(),
            plural(all.len(), "requirement", "requirements")
        ),
        (Outcome::RenewalReady, Some(c)) => {
            let window = match c.submit_from {
                Some(from) if as_of < from => {
                    format!(" The board accepts the renewal from {from}.")
                }
                _ => String::new(),
            };
            format!(
                "Ready to renew: every requirement of the cycle ending {} is met{fees}.{window}",
                c.expires
            )
        }
        (Outcome::RenewalDue, Some(c)) => format!(
            "Renewal due by {} ({days} left): {} of {} unmet ({unmet_list}).",
            c.deadline(as_of),
            unmet.len(),
            plural(all.len(), "requirement", "requirements")
        ),
        (Outcome::Grace, Some(c)) => {
            let state = if unmet.is_empty() {
                "every requirement is met".to_owned()
            } else {
                format!(
                    "{} still unmet ({unmet_list})",
                    plural(unmet.len(), "requirement", "requirements")
                )
            };
            let late = if late_fee { " with the late fee" } else { "" };
            match c.grace_ends {
                Some(end) => format!(
                    "Expired on {}; renewal is still possible{late} until {end} ({days} left), and {state}{fees}.",
                    c.expires
                ),
                None => format!(
                    "Expired on {}; the board still accepts a late renewal{late} and publishes no last day for it, and {state}{fees}.",
                    c.expires
                ),
            }
        }
        (Outcome::Lapsed, Some(c)) if c.grace_ends == Some(c.expires) => format!(
            "Lapsed: expired on {} with no grace period; the worker must apply again, and the requirements below are those of a new application.",
            c.expires
        ),
        (Outcome::Lapsed, Some(c)) => format!(
            "Lapsed: expired on {} and the grace period ended on {}; the worker must apply again, and the requirements below are those of a new application.",
            c.expires,
            c.grace_ends.unwrap_or(c.expires)
        ),
        (_, None) => format!("Outcome: {}.", outcome.as_str()),
    }
}

/// What every requirement of one evaluation is measured against.
struct Ctx<'a> {
    record: &'a Record,
    as_of: NaiveDate,
    /// The renewal cycle, when renewing.
    cycle: Option<Cycle>,
    /// The date requirements must be met by.
    deadline: Option<NaiveDate>,
    /// Payments before this date belong to an earlier application or cycle.
    payments_from: Option<NaiveDate>,
    /// What `cycle` is, in words: `renewal cycle` or `provisional certification`.
    period: &'static str,
}

impl<'a> Ctx<'a> {
    fn initial(record: &'a Record, as_of: NaiveDate, lapsed_on: Option<NaiveDate>) -> Ctx<'a> {
        Ctx {
            record,
            as_of,
            cycle: None,
            deadline: None,
            payments_from: lapsed_on.and_then(|d| d.succ_opt()),
            period: "renewal cycle",
        }
    }

    /// The dates that count for a requirement with an optional `within_months`.
    fn window(&self, within_months: Option<u32>) -> Window {
        let from = match (self.cycle, within_months) {
            (Some(c), None) => Some(c.start),
            (Some(c), Some(m)) => first_day_of_months_ending(c.expires, m),
            (None, Some(m)) => self.as_of.checked_sub_months(Months::new(m)),
            (None, None) => None,
        };
        Window {
            from,
            to: self.as_of,
        }
    }

    /// Why an entry dated before the window's start does not count.
    fn too_early(&self, from: NaiveDate, within_months: Option<u32>) -> String {
        match (self.cycle, within_months) {
            (Some(_), None) => format!("before the start of this {} ({from})", self.period),
            (Some(c), Some(m)) => format!(
                "{} or more before the expiry date {} (counts from {from})",
                months_phrase(m),
                c.expires
            ),
            (None, Some(m)) => format!(
                "more than {} before {} (counts from {from})",
                months_phrase(m),
                self.as_of
            ),
            (None, None) => format!("before {from}"),
        }
    }

    fn base(&self, r: &Requirement) -> RequirementResult {
        RequirementResult {
            id: r.id.clone(),
            kind: r.rule.kind(),
            description: r.description.clone(),
            topic: None,
            topics: Vec::new(),
            status: Status::Unmet,
            unit: "count",
            required: Measure::Count(1),
            completed: Measure::Count(0),
            shortfall: Measure::Count(1),
            deadline: self.deadline,
            window: None,
            waived: None,
            evidence: Vec::new(),
            not_counted: Vec::new(),
            citation: r.citation.clone(),
            confidence: r.confidence,
            explanation: String::new(),
            options: Vec::new(),
        }
    }

    fn requirement(&self, r: &Requirement) -> RequirementResult {
        let mut result = self.base(r);
        match &r.rule {
            Rule::Hours(rule) => self.hours(rule, &mut result),
            Rule::Experience {
                hours,
                supervised_only,
                within_months,
            } => self.experience(*hours, *supervised_only, *within_months, &mut result),
            Rule::Supervision {
                hours,
                within_months,
            } => self.supervision(*hours, *within_months, &mut result),
            Rule::Exam {
                exam,
                min_score,
                valid_months,
            } => self.exam(exam, *min_score, *valid_months, &mut result),
            Rule::Attestation { kind } => {
                let found: Vec<_> = self
                    .record
                    .attestations
                    .iter()
                    .filter(|a| &a.kind == kind)
                    .collect();
                for a in &found {
                    let label = format!("{} attestation", a.kind);
                    if a.date > self.as_of {
                        result.not_counted.push(Exclusion {
                            entry: EntryKind::Attestation,
                            line: a.line,
                            date: a.date,
                            label,
                            reason: format!("dated after {}", self.as_of),
                        });
                    } else {
                        result.evidence.push(Evidence {
                            entry: EntryKind::Attestation,
                            line: a.line,
                            date: a.date,
                            label,
                            counted: None,
                            note: None,
                        });
                    }
                }
                let met = !result.evidence.is_empty();
                set_count(&mut result, 1, u32::from(met));
                result.explanation = match result.evidence.first() {
                    Some(e) => format!("The {kind} attestation is on file, dated {}.", e.date),
                    None if !result.not_counted.is_empty() => format!(
                        "The {kind} attestation on file is dated after {}.",
                        self.as_of
                    ),
                    None => format!("No {kind} attestation is on file."),
                };
            }
            Rule::Credential { credential } => self.credential(credential, &mut result),
            Rule::AnyOf(children) | Rule::AllOf(children) => {
                let any = matches!(r.rule, Rule::AnyOf(_));
                let options: Vec<RequirementResult> =
                    children.iter().map(|c| self.requirement(c)).collect();
                let met = options.iter().filter(|o| o.is_met()).count();
                let n = options.len();
                let (required, ok) = if any { (1, met >= 1) } else { (n, met == n) };
                set_count(
                    &mut result,
                    u32::try_from(required).unwrap_or(u32::MAX),
                    u32::try_from(met).unwrap_or(u32::MAX),
                );
                result.status = if ok { Status::Met } else { Status::Unmet };
                let ids = |pred: fn(&RequirementResult) -> bool| {
                    let names: Vec<String> = options
                        .iter()
                        .filter(|o| pred(o))
                        .map(|o| format!("`{}`", o.id))
                        .collect();
                    match names.as_slice() {
                        [init @ .., last] if !init.is_empty() => {
                            format!("{} and {last}", init.join(", "))
                        }
                        _ => names.join(""),
                    }
                };
                result.explanation = match (any, ok) {
                    (true, true) if met == 1 => {
                        format!("Met by the path {}.", ids(RequirementResult::is_met))
                    }
                    (true, true) => format!("Met by the paths {}.", ids(RequirementResult::is_met)),
                    (true, false) => format!(
                        "None of the {n} paths is complete ({}); completing any one of them is enough.",
                        ids(|_| true).replace(" and ", " or ")
                    ),
                    (false, true) if n == 1 => "Its one part is met.".to_owned(),
                    (false, true) if n == 2 => "Both parts are met.".to_owned(),
                    (false, true) => format!("All {n} parts are met."),
                    (false, false) => format!(
                        "{} of the {n} parts {} unmet ({}).",
                        n - met,
                        if n - met == 1 { "is" } else { "are" },
                        ids(|o| !o.is_met())
                    ),
                };
                result.options = options;
            }
        }
        result
    }

    fn hours(&self, rule: &HoursRule, result: &mut RequirementResult) {
        let window = self.window(rule.within_months);
        result.window = (window.from.is_some()).then_some(window);
        match rule.topics.as_slice() {
            [one] => result.topic = Some(one.clone()),
            [] => {}
            many => result.topics = many.to_vec(),
        }
        let mut trainings: Vec<&Training> = self.record.trainings.iter().collect();
        trainings.sort_by_key(|t| (t.date, t.line));
        let mut capped: BTreeMap<Format, Hours> = BTreeMap::new();
        let mut by_format: BTreeMap<Format, Hours> = BTreeMap::new();
        let mut total = Hours::ZERO;
        for t in trainings {
            let relevant = t.hours_in(&rule.topics);
            if relevant == Hours::ZERO {
                // Say why an untagged course in the window did not count: tagging it
                // with its topic may be all that is missing.
                let in_window =
                    t.date <= window.to && window.from.is_none_or(|from| t.date >= from);
                if t.topics.is_empty() && in_window {
                    result.not_counted.push(Exclusion {
                        entry: EntryKind::Training,
                        line: t.line,
                        date: t.date,
                        label: t.title.clone(),
                        reason: "its hours are not tagged with a topic, so they count only toward totals"
                            .to_owned(),
                    });
                }
                continue;
            }
            let exclude = |reason: String| Exclusion {
                entry: EntryKind::Training,
                line: t.line,
                date: t.date,
                label: t.title.clone(),
                reason,
            };
            if t.date > window.to {
                result
                    .not_counted
                    .push(exclude(format!("completed after {}", self.as_of)));
                continue;
            }
            if let Some(from) = window.from
                && t.date < from
            {
                result
                    .not_counted
                    .push(exclude(self.too_early(from, rule.within_months)));
                continue;
            }
            if !rule.formats.is_empty() {
                let accepted = rule
                    .formats
                    .iter()
                    .map(|f| f.as_str())
                    .collect::<Vec<_>>()
                    .join(" or ");
                match t.format {
                    Some(f) if rule.formats.contains(&f) => {}
                    Some(f) => {
                        result.not_counted.push(exclude(format!(
                            "delivered {}, and only {accepted} hours count",
                            f.as_str()
                        )));
                        continue;
                    }
                    None => {
                        result.not_counted.push(exclude(format!(
                            "its delivery format is not recorded, and only {accepted} hours count"
                        )));
                        continue;
                    }
                }
            }
            let mut counting = relevant;
            let mut note = None;
            // A course is charged to at most one cap: its own format's, or, when its
            // format is not recorded, the tightest one (the conservative reading).
            let cap = match t.format {
                Some(f) => rule.caps.iter().find(|(format, _)| *format == f),
                None => rule.caps.iter().min_by_key(|(format, cap)| {
                    cap.saturating_sub(capped.get(format).copied().unwrap_or_default())
                }),
            };
            if let Some((format, cap)) = cap {
                let used = capped.entry(*format).or_default();
                let room = cap.saturating_sub(*used);
                let unrecorded = if t.format.is_none() {
                    " (its format is not recorded, so it is counted as such)"
                } else {
                    ""
                };
                if counting > room {
                    let over = if room == Hours::ZERO {
                        format!("all its {relevant} h are")
                    } else {
                        format!("{} of its {relevant} h are", counting - room)
                    };
                    note = Some(format!(
                        "{over} over the {cap} h limit on {} hours{unrecorded}",
                        format.as_str()
                    ));
                    counting = room;
                } else if t.format.is_none() {
                    note = Some(format!(
                        "counted under the {cap} h limit on {} hours, as its format is not recorded",
                        format.as_str()
                    ));
                }
                *used += counting;
            }
            if counting == Hours::ZERO {
                result.not_counted.push(exclude(
                    note.unwrap_or_else(|| "no hours of it could count".to_owned()),
                ));
                continue;
            }
            total += counting;
            if let Some(format) = t.format {
                *by_format.entry(format).or_default() += counting;
            }
            result.evidence.push(Evidence {
                entry: EntryKind::Training,
                line: t.line,
                date: t.date,
                label: t.title.clone(),
                counted: Some(counting),
                note,
            });
        }
        let what = match rule.topics.as_slice() {
            [] => "training".to_owned(),
            topics => format!(
                "{} training",
                topics
                    .iter()
                    .map(|t| t.as_str())
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        };
        set_hours(result, rule.hours, total);
        result.explanation = self.hours_sentence(result, &what, rule.hours, total);
        // A minimum share of a format is a nested minimum: that many of the
        // required hours must be of the format.
        for (format, percent) in &rule.min_share {
            let needed =
                Hours::from_hundredths((rule.hours.hundredths() * i64::from(*percent) + 99) / 100);
            let have = by_format.get(format).copied().unwrap_or_default();
            if have < needed {
                result.status = Status::Unmet;
                let missing = needed - have;
                if let Measure::Hours(short) = result.shortfall {
                    result.shortfall = Measure::Hours(short.max(missing));
                }
                let sentence = result.explanation.trim_end_matches('.').to_owned();
                result.explanation = format!(
                    "{sentence}; at least {needed} h ({percent}%) must be {}, but only {have} h are ({missing} h short).",
                    format.as_str()
                );
            }
        }
    }

    fn hours_sentence(
        &self,
        result: &RequirementResult,
        what: &str,
        required: Hours,
        total: Hours,
    ) -> String {
        let window = match (self.cycle, result.window) {
            (Some(_), Some(w)) => w.from.map_or_else(String::new, |f| format!(" since {f}")),
            (None, Some(w)) => w.from.map_or_else(String::new, |f| format!(" since {f}")),
            _ => String::new(),
        };
        let skipped = match result.not_counted.len() {
            0 => String::new(),
            n => format!("; {} did not count", plural(n, "entry", "entries")),
        };
        if total >= required {
            format!(
                "{total} h of {what}{window} counted toward the {required} h required{skipped}."
            )
        } else {
            format!(
                "{total} h of {what}{window} counted toward the {required} h required, {} h short{skipped}.",
                required - total
            )
        }
    }

    fn experience(
        &self,
        required: Hours,
        supervised_only: bool,
        within_months: Option<u32>,
        result: &mut RequirementResult,
    ) {
        let window = self.window(within_months);
        result.window = window.from.is_some().then_some(window);
        let mut entries: Vec<_> = self.record.experience.iter().collect();
        entries.sort_by_key(|e| (e.from, e.line));
        let mut total = Hours::ZERO;
        for e in entries {
            let label = format!("{} to {}", e.from, e.to);
            let exclude = |reason: String| Exclusion {
                entry: EntryKind::Experience,
                line: e.line,
                date: e.to,
                label: label.clone(),
                reason,
            };
            if supervised_only && !e.supervised {
                result
                    .not_counted
                    .push(exclude("not marked `supervised = true`".to_owned()));
                continue;
            }
            if e.from > window.to {
                result
                    .not_counted
                    .push(exclude(format!("starts after {}", self.as_of)));
                continue;
            }
            let start = window.from.map_or(e.from, |f| e.from.max(f));
            let end = e.to.min(window.to);
            if end < start {
                let from = window.from.unwrap_or(e.from);
                result.not_counted.push(exclude(format!(
                    "ended {}, {}",
                    e.to,
                    self.too_early(from, within_months)
                )));
                continue;
            }
            let days = (e.to - e.from).num_days() + 1;
            let inside = (end - start).num_days() + 1;
            let (counted, note) = if inside == days {
                (e.hours, None)
            } else {
                let counted = Hours::from_hundredths(
                    i64::try_from(
                        i128::from(e.hours.hundredths()) * i128::from(inside) / i128::from(days),
                    )
                    .unwrap_or(0),
                );
                (
                    counted,
                    Some(format!(
                        "{inside} of its {days} days fall between {start} and {end}, so {counted} of its {} h count",
                        e.hours
                    )),
                )
            };
            total += counted;
            result.evidence.push(Evidence {
                entry: EntryKind::Experience,
                line: e.line,
                date: e.to,
                label,
                counted: Some(counted),
                note,
            });
        }
        let what = if supervised_only {
            "supervised work experience"
        } else {
            "work experience"
        };
        set_hours(result, required, total);
        result.explanation = self.hours_sentence(result, what, required, total);
    }

    fn supervision(
        &self,
        required: Hours,
        within_months: Option<u32>,
        result: &mut RequirementResult,
    ) {
        let window = self.window(within_months);
        result.window = window.from.is_some().then_some(window);
        let mut entries: Vec<_> = self.record.supervision.iter().collect();
        entries.sort_by_key(|s| (s.date, s.line));
        let mut total = Hours::ZERO;
        for s in entries {
            let label = "supervision".to_owned();
            let exclude = |reason: String| Exclusion {
                entry: EntryKind::Supervision,
                line: s.line,
                date: s.date,
                label: label.clone(),
                reason,
            };
            if s.date > window.to {
                result
                    .not_counted
                    .push(exclude(format!("dated after {}", self.as_of)));
                continue;
            }
            if let Some(from) = window.from
                && s.date < from
            {
                result
                    .not_counted
                    .push(exclude(self.too_early(from, within_months)));
                continue;
            }
            total += s.hours;
            result.evidence.push(Evidence {
                entry: EntryKind::Supervision,
                line: s.line,
                date: s.date,
                label,
                counted: Some(s.hours),
                note: None,
            });
        }
        set_hours(result, required, total);
        result.explanation = self.hours_sentence(result, "supervision", required, total);
    }

    fn exam(
        &self,
        exam: &crate::id::ExamId,
        min_score: Option<u32>,
        valid_months: Option<u32>,
        result: &mut RequirementResult,
    ) {
        let valid_from = valid_months.and_then(|m| self.as_of.checked_sub_months(Months::new(m)));
        let mut attempts: Vec<_> = self.record.exams.iter().filter(|a| &a.id == exam).collect();
        attempts.sort_by_key(|a| (a.date, a.line));
        let mut best: Option<u32> = None;
        let mut passed = false;
        for a in attempts {
            let label = match a.result {
                ExamResult::Score(s) => format!("{exam} score {s}"),
                ExamResult::Passed(true) => format!("{exam} passed"),
                ExamResult::Passed(false) => format!("{exam} not passed"),
            };
            let exclude = |reason: String| Exclusion {
                entry: EntryKind::Exam,
                line: a.line,
                date: a.date,
                label: label.clone(),
                reason,
            };
            if a.date > self.as_of {
                result
                    .not_counted
                    .push(exclude(format!("taken after {}", self.as_of)));
                continue;
            }
            if let (Some(from), Some(m)) = (valid_from, valid_months)
                && a.date < from
            {
                result.not_counted.push(exclude(format!(
                    "taken before {from}, and a result is valid for {}",
                    months_phrase(m)
                )));
                continue;
            }
            if let ExamResult::Score(s) = a.result {
                best = best.max(Some(s));
            }
            let pass = match (a.result, min_score) {
                (ExamResult::Score(s), Some(min)) => {
                    if s < min {
                        result
                            .not_counted
                            .push(exclude(format!("{s} is below the passing score of {min}")));
                        continue;
                    }
                    true
                }
                (ExamResult::Score(_), None) => {
                    result.not_counted.push(exclude(
                        "this exam is pass/fail: record `passed = true` instead of a score"
                            .to_owned(),
                    ));
                    continue;
                }
                (ExamResult::Passed(p), _) => p,
            };
            if !pass {
                result.not_counted.push(exclude("not passed".to_owned()));
                continue;
            }
            passed = true;
            result.evidence.push(Evidence {
                entry: EntryKind::Exam,
                line: a.line,
                date: a.date,
                label,
                counted: None,
                note: None,
            });
        }
        match min_score {
            Some(min) => {
                // The best score among the attempts that count; a pass recorded
                // without a score counts as the passing score.
                let completed = if passed {
                    best.unwrap_or(min).max(min)
                } else {
                    best.unwrap_or(0)
                };
                result.unit = "score";
                result.required = Measure::Score(min);
                result.completed = Measure::Score(completed);
                result.shortfall = Measure::Score(min.saturating_sub(completed));
            }
            None => set_count(result, 1, u32::from(passed)),
        }
        result.status = if passed { Status::Met } else { Status::Unmet };
        let pass_rule = min_score.map_or_else(String::new, |m| format!(" (passing score {m})"));
        result.explanation = match (
            passed,
            result.evidence.last(),
            result.not_counted.is_empty(),
        ) {
            (true, Some(e), _) => format!("Passed the {exam} exam{pass_rule} on {}.", e.date),
            (_, _, true) => format!("No attempt at the {exam} exam{pass_rule} is on file."),
            _ => format!(
                "No passing result for the {exam} exam{pass_rule}: {} on file did not count.",
                plural(result.not_counted.len(), "attempt", "attempts")
            ),
        };
    }

    fn credential(&self, credential: &CredentialId, result: &mut RequirementResult) {
        let held = self.record.held(credential, self.as_of);
        match held {
            Some(h) if h.expires >= self.as_of => {
                result.evidence.push(Evidence {
                    entry: EntryKind::Credential,
                    line: h.line,
                    date: h.issued,
                    label: format!("{credential} issued {}, expires {}", h.issued, h.expires),
                    counted: None,
                    note: None,
                });
                set_count(result, 1, 1);
                result.explanation = format!("Holds {credential}, current until {}.", h.expires);
            }
            Some(h) => {
                result.not_counted.push(Exclusion {
                    entry: EntryKind::Credential,
                    line: h.line,
                    date: h.issued,
                    label: format!("{credential} issued {}", h.issued),
                    reason: format!("expired on {}", h.expires),
                });
                set_count(result, 1, 0);
                result.explanation = format!(
                    "Requires {credential} current on {}, but it expired on {}.",
                    self.as_of, h.expires
                );
            }
            None => {
                set_count(result, 1, 0);
                result.explanation =
                    format!("Requires holding {credential}, which is not in the record.");
            }
        }
    }

    /// The fees that apply: late and reinstatement fees only once the renewal is
    /// `late_by` more days past expiry than their threshold.
    fn costs(&self, fees: &[Fee], credential: &CredentialId, late_by: Option<i64>) -> Vec<Cost> {
        fees.iter()
            .filter(|f| match f.kind {
                FeeKind::Late | FeeKind::Reinstatement => {
                    late_by.is_some_and(|days| days > f.days_after_expiry.unwrap_or(0))
                }
                _ => true,
            })
            .map(|fee| {
                let paid: Cents = self
                    .record
                    .payments
                    .iter()
                    .filter(|p| {
                        p.kind == fee.kind
                            && p.date <= self.as_of
                            && self.payments_from.is_none_or(|from| p.date >= from)
                            && p.credential.as_ref().is_none_or(|c| c == credential)
                    })
                    .map(|p| p.amount)
                    .sum();
                Cost {
                    kind: fee.kind,
                    amount: fee.amount,
                    paid: paid.min(fee.amount),
                    owed: fee.amount.saturating_sub(paid),
                    refundable: fee.refundable,
                    note: fee.note.clone(),
                    citation: fee.citation.clone(),
                    confidence: fee.confidence,
                }
            })
            .collect()
    }
}

fn months_phrase(months: u32) -> String {
    if months.is_multiple_of(12) {
        plural(usize::try_from(months / 12).unwrap_or(0), "year", "years")
    } else {
        plural(usize::try_from(months).unwrap_or(0), "month", "months")
    }
}

fn set_hours(result: &mut RequirementResult, required: Hours, completed: Hours) {
    result.unit = "hours";
    result.required = Measure::Hours(required);
    result.completed = Measure::Hours(completed);
    result.shortfall = Measure::Hours(required.saturating_sub(completed));
    result.status = if completed >= required {
        Status::Met
    } else {
        Status::Unmet
    };
}

fn set_count(result: &mut RequirementResult, required: u32, completed: u32) {
    result.unit = "count";
    result.required = Measure::Count(required);
    result.completed = Measure::Count(completed);
    result.shortfall = Measure::Count(required.saturating_sub(completed));
    result.status = if completed >= required {
        Status::Met
    } else {
        Status::Unmet
    };
}

#[cfg(test)]
mod tests;
