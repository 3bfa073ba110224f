//! `evaluate(ruleset, record, as_of)`: the one place where rules meet a record.
//!
//! It owns the decisions about the credential as a whole: the worker's
//! [`Standing`] (applying, provisional, an open cycle, grace, lapsed), which stage of
//! the edition in force on `as_of` is measured, the cycle and its first day, the
//! board's waivers of continuing education, the fees owed (each payment allocated
//! once) and those a late renewal would add, and the one-sentence summary. Each
//! requirement is measured by its kind's module ([`crate::requirement`]). What it
//! decides leaves it as data in the [`Evaluation`]; no later stage decides it again.

use chrono::{Days, NaiveDate};

use crate::error::EvaluateError;
use crate::id::CredentialId;
use crate::quantity::Cents;
use crate::record::Record;
use crate::report::{
    Cost, CostTotal, CredentialRef, Cycle, EditionRef, Evaluation, FeeAhead, Outcome, Purpose,
    RequirementResult, SCHEMA_VERSION, StageKind, Standing, Status, WorkerRef,
};
use crate::requirement::{
    Context, Detail, PROVISIONAL_PERIOD, RENEWAL_PERIOD, first_day_of_months_ending, plural,
};
use crate::ruleset::{Fee, PostExpiry, RuleSet, Stage};
use crate::vocab::FeeKind;

/// Evaluates `record` against `ruleset` on the date `as_of`.
///
/// Fails only when the rule set has no edition in force on `as_of`.
pub fn evaluate(
    ruleset: &RuleSet,
    record: &Record,
    as_of: NaiveDate,
) -> Result<Evaluation, EvaluateError> {
    evaluate_to(ruleset, record, as_of, Detail::Full)
}

/// [`evaluate`], working out only what decides the answer (as [`Detail::Outcome`]
/// says): the same outcome, standing, cycle, days, costs and every requirement's
/// status and shortfall, for the audit's rows.
pub(crate) fn evaluate_outcome(
    ruleset: &RuleSet,
    record: &Record,
    as_of: NaiveDate,
) -> Result<Evaluation, EvaluateError> {
    evaluate_to(ruleset, record, as_of, Detail::Outcome)
}

fn evaluate_to(
    ruleset: &RuleSet,
    record: &Record,
    as_of: NaiveDate,
    detail: Detail,
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
    // the worker holds the base's id (or, for an overlay of an overlay, the id of a
    // base further down).
    let held = ruleset.held_in(record, as_of);
    // Without a renewal cycle the board publishes no terms after expiry either.
    let post_expiry = renewal.map_or(PostExpiry::NotPublished, |r| r.post_expiry);
    let cycle = held.map(|held| {
        let start = cycle_start(held, renewal.map(|r| r.cycle_months), record);
        let before = |days: Option<u32>| {
            days.and_then(|d| held.expires.checked_sub_days(Days::new(u64::from(d))))
        };
        Cycle {
            issued: held.issued,
            start,
            expires: held.expires,
            grace_ends: post_expiry.grace_ends(held.expires),
            inactive_ends: post_expiry.inactive_ends(held.expires),
            days_to_expiry: (held.expires - as_of).num_days(),
            submit_from: before(renewal.and_then(|r| r.submit_from_days)),
            due: before(renewal.and_then(|r| r.due_days)),
        }
    });
    let provisional = held
        .filter(|h| h.provisional)
        .and(edition.provisional.as_ref());
    let mut notes = Vec::new();
    let mut provisional_expired = None;
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
                provisional_expired = Some(c.expires);
                State::Initial
            }
        }
        (None, _) => State::Initial,
        (Some(c), None) if as_of <= c.expires => State::Open(c),
        (Some(c), None) if !post_expiry.is_published() => State::Unpublished(c),
        (Some(c), None) if c.grace_ends.is_none_or(|end| as_of <= end) => State::Grace(c),
        (Some(c), None) if c.inactive_ends.is_some_and(|end| as_of <= end) => State::Inactive(c),
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
                period: PROVISIONAL_PERIOD,
            },
        ),
        State::Lapsed(c) | State::Unpublished(c) => (
            &edition.initial,
            Ctx::initial(record, as_of, Some(c.expires)),
        ),
        State::Open(c) | State::Grace(c) | State::Inactive(c) => {
            let deadline = match state {
                State::Grace(_) => c.grace_ends,
                State::Inactive(_) => c.inactive_ends,
                State::Initial
                | State::Provisional(_)
                | State::Open(_)
                | State::Lapsed(_)
                | State::Unpublished(_) => Some(c.deadline(as_of)),
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
                    period: RENEWAL_PERIOD,
                },
            )
        }
    };

    let waiver = match state {
        State::Open(c) | State::Grace(c) | State::Inactive(c) => renewal
            .zip(held)
            .and_then(|(r, held)| waiver(r, &c, held, record)),
        State::Initial | State::Provisional(_) | State::Lapsed(_) | State::Unpublished(_) => None,
    };
    let measuring = ctx.measuring(detail);
    let requirements: Vec<RequirementResult> = stage
        .requirements
        .iter()
        .map(|r| {
            let mut result = measuring.measure(r);
            // A board's waiver is of continuing education, not of every renewal
            // requirement: what is waived is met, with nothing short.
            if let Some(reason) = &waiver
                && r.rule.is_continuing_education()
            {
                result.status = Status::Met;
                result.shortfall = result.shortfall.zero();
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
        State::Inactive(_) | State::Lapsed(_) | State::Unpublished(_) => Outcome::Lapsed,
    };
    let late = match state {
        State::Open(c) | State::Grace(c) => Some(Late {
            days: (as_of - c.expires).num_days(),
            inactive: false,
        }),
        State::Inactive(c) => Some(Late {
            days: (as_of - c.expires).num_days(),
            inactive: true,
        }),
        State::Initial | State::Provisional(_) | State::Lapsed(_) | State::Unpublished(_) => None,
    };
    let costs = ctx.costs(&stage.fees, &ruleset.id, late);
    let fees_ahead = match state {
        State::Open(c) | State::Grace(c) | State::Inactive(c) => fees_ahead(&stage.fees, &c, late),
        State::Initial | State::Provisional(_) | State::Lapsed(_) | State::Unpublished(_) => {
            Vec::new()
        }
    };
    let total = CostTotal {
        amount: costs.iter().map(|c| c.amount).sum(),
        paid: costs.iter().map(|c| c.paid).sum(),
        owed: costs.iter().map(|c| c.owed).sum(),
    };
    let days_left = match state {
        State::Open(c) => Some((c.deadline(as_of) - as_of).num_days()),
        State::Grace(c) => c.grace_ends.map(|end| (end - as_of).num_days()),
        State::Inactive(c) => c.inactive_ends.map(|end| (end - as_of).num_days()),
        State::Provisional(c) => Some((c.expires - as_of).num_days()),
        State::Initial | State::Lapsed(_) | State::Unpublished(_) => None,
    };
    let late_fee = costs.iter().any(|c| c.kind == FeeKind::Late);
    let standing = match state {
        State::Initial => Standing::Initial {
            provisional_expired,
        },
        State::Provisional(c) => Standing::Provisional { ends: c.expires },
        State::Open(c) => Standing::Open {
            expires: c.expires,
            due: c.due,
        },
        State::Grace(c) => Standing::Grace {
            expired: c.expires,
            ends: c.grace_ends,
        },
        State::Inactive(c) => Standing::Inactive {
            expired: c.expires,
            until: c.inactive_ends.unwrap_or(c.expires),
        },
        State::Lapsed(c) => Standing::Lapsed { expired: c.expires },
        State::Unpublished(c) => Standing::TermsNotPublished { expired: c.expires },
    };
    let stage_kind = match state {
        State::Initial | State::Lapsed(_) | State::Unpublished(_) => StageKind::Initial,
        State::Provisional(_) => StageKind::Provisional,
        State::Open(_) | State::Grace(_) | State::Inactive(_) => StageKind::Renewal,
    };
    let summary = match detail {
        Detail::Full => summary(
            as_of,
            state,
            days_left,
            &requirements,
            &unmet,
            total.owed,
            late_fee,
        ),
        Detail::Outcome => String::new(),
    };
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
        purpose: standing.purpose(),
        as_of,
        outcome,
        standing,
        stage: stage_kind,
        cycle: match state {
            State::Provisional(c) => Some(c),
            State::Initial
            | State::Open(_)
            | State::Grace(_)
            | State::Inactive(_)
            | State::Lapsed(_)
            | State::Unpublished(_) => cycle,
        },
        days_left,
        summary,
        requirements_of: match stage_kind {
            StageKind::Renewal => Purpose::Renewal,
            StageKind::Initial | StageKind::Provisional => Purpose::Initial,
        },
        requirements,
        costs,
        fees_ahead,
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
    /// Past grace, inside the board's inactive period: may be reactivated.
    Inactive(Cycle),
    Lapsed(Cycle),
    /// Expired, and the board publishes no terms after expiry.
    Unpublished(Cycle),
}

/// How late a renewal is: days past expiry, and whether the credential is inactive
/// by then (late fees belong to the grace period; an inactive credential owes its
/// reinstatement fees instead).
#[derive(Clone, Copy)]
struct Late {
    days: i64,
    inactive: bool,
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

/// Whether a fee is owed on the evaluation's date: a late or reinstatement fee only
/// once the renewal is more days past expiry than its threshold, and a late fee not
/// once the credential is inactive.
fn owed_on_as_of(fee: &Fee, late: Option<Late>) -> bool {
    let past = |l: Late| l.days > fee.id().days_after_expiry;
    match fee.kind {
        FeeKind::Late => late.is_some_and(|l| !l.inactive && past(l)),
        FeeKind::Reinstatement => late.is_some_and(past),
        FeeKind::Application | FeeKind::Exam | FeeKind::Certification | FeeKind::Renewal => true,
    }
}

/// The late and reinstatement fees of a renewal that are not owed yet but will be if
/// the renewal is made late, each with the first day it is owed; a late fee that
/// would start only after grace ends, or a reinstatement fee only after the inactive
/// period (or grace, without one), can never be owed and is left out.
fn fees_ahead(fees: &[Fee], cycle: &Cycle, late: Option<Late>) -> Vec<FeeAhead> {
    fees.iter()
        .filter(|f| !owed_on_as_of(f, late))
        .filter(|f| match f.kind {
            FeeKind::Late => late.is_none_or(|l| !l.inactive),
            FeeKind::Reinstatement => true,
            FeeKind::Application | FeeKind::Exam | FeeKind::Certification | FeeKind::Renewal => {
                false
            }
        })
        .filter_map(|f| {
            let after = f.id().days_after_expiry.checked_add(1)?;
            let from = if after >= 0 {
                cycle
                    .expires
                    .checked_add_days(Days::new(after.unsigned_abs()))?
            } else {
                cycle
                    .expires
                    .checked_sub_days(Days::new(after.unsigned_abs()))?
            };
            let last = match f.kind {
                FeeKind::Reinstatement => cycle.inactive_ends.or(cycle.grace_ends),
                FeeKind::Application
                | FeeKind::Exam
                | FeeKind::Certification
                | FeeKind::Renewal
                | FeeKind::Late => cycle.grace_ends,
            };
            if last.is_some_and(|end| from > end) {
                return None;
            }
            Some(FeeAhead {
                cost: Cost {
                    kind: f.kind,
                    days_after_expiry: f.id().days_after_expiry,
                    amount: f.amount,
                    waived: f.waived,
                    paid: Cents::ZERO,
                    owed: f.amount,
                    refundable: f.refundable,
                    note: f.note.clone(),
                    citation: f.citation.clone(),
                    confidence: f.confidence,
                },
                from,
            })
        })
        .collect()
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

fn summary(
    as_of: NaiveDate,
    state: State,
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
    match state {
        State::Initial | State::Provisional(_) if unmet.is_empty() => {
            format!("Eligible to apply: every requirement is met{fees}.")
        }
        State::Initial | State::Provisional(_) => format!(
            "Not eligible yet: {} of {} unmet ({unmet_list}).",
            unmet.len(),
            plural(all.len(), "requirement", "requirements")
        ),
        State::Open(c) if unmet.is_empty() => {
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
        State::Open(c) => format!(
            "Renewal due by {} ({days} left): {} of {} unmet ({unmet_list}).",
            c.deadline(as_of),
            unmet.len(),
            plural(all.len(), "requirement", "requirements")
        ),
        State::Grace(c) => {
            let late = if late_fee { " with the late fee" } else { "" };
            let state = progress(unmet, &unmet_list);
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
        State::Inactive(c) => format!(
            "Inactive: expired on {} and not renewed by the end of grace on {}; the board allows reactivation until {} ({days} left), and {}{fees}.",
            c.expires,
            c.grace_ends.unwrap_or(c.expires),
            c.inactive_ends.unwrap_or(c.expires),
            progress(unmet, &unmet_list)
        ),
        State::Unpublished(c) => format!(
            "Expired on {}; the board publishes no terms for renewing after expiry, so ask the board whether a late renewal is still possible. The requirements below are those of a new application.",
            c.expires
        ),
        State::Lapsed(c) => {
            let after = match (c.inactive_ends, c.grace_ends) {
                (Some(end), _) => {
                    format!(
                        " and the inactive period, when it could be reactivated, ended on {end}"
                    )
                }
                (None, Some(end)) if end == c.expires => " with no grace period".to_owned(),
                (None, end) => format!(
                    " and the grace period ended on {}",
                    end.unwrap_or(c.expires)
                ),
            };
            format!(
                "Lapsed: expired on {}{after}; the worker must apply again, and the requirements below are those of a new application.",
                c.expires
            )
        }
    }
}

/// What is left, for a summary: `every requirement is met` or `2 requirements still
/// unmet (`a`, `b`)`.
fn progress(unmet: &[&RequirementResult], unmet_list: &str) -> String {
    if unmet.is_empty() {
        "every requirement is met".to_owned()
    } else {
        format!(
            "{} still unmet ({unmet_list})",
            plural(unmet.len(), "requirement", "requirements")
        )
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
            period: RENEWAL_PERIOD,
        }
    }

    /// What the requirements are measured against, and how much of each is worked out.
    fn measuring(&self, detail: Detail) -> Context<'a> {
        Context {
            record: self.record,
            as_of: self.as_of,
            cycle: self.cycle,
            deadline: self.deadline,
            period: self.period,
            detail,
            trainings: std::cell::OnceCell::new(),
        }
    }

    /// The fees that apply (late and reinstatement fees only once the renewal is
    /// `late` more days past expiry than their threshold, and late fees not in the
    /// inactive period), in the stage's order,
    /// with the payments that count allocated to them once.
    ///
    /// A payment counts when it is dated on or before `as_of`, not before the cycle
    /// or application began, and names this credential or none. Each such payment,
    /// in date order, goes to the fees of its kind in ladder order (smallest
    /// `days_after_expiry` first), filling each before the next: so a payment is
    /// never counted twice, and the costs' `paid` add up to at most what was paid.
    /// What is left over once every fee of the kind is paid goes to none.
    fn costs(&self, fees: &[Fee], credential: &CredentialId, late: Option<Late>) -> Vec<Cost> {
        let mut costs: Vec<Cost> = fees
            .iter()
            .filter(|f| owed_on_as_of(f, late))
            .map(|fee| Cost {
                kind: fee.kind,
                days_after_expiry: fee.id().days_after_expiry,
                amount: fee.amount,
                waived: fee.waived,
                paid: Cents::ZERO,
                owed: fee.amount,
                refundable: fee.refundable,
                note: fee.note.clone(),
                citation: fee.citation.clone(),
                confidence: fee.confidence,
            })
            .collect();
        // INVARIANT: ids are unique within a stage (the loader and the overlay merge
        // refuse a second fee of one identity), so the order of a kind's fees is fixed.
        let mut ladder: Vec<(crate::vocab::FeeId, usize)> =
            costs.iter().enumerate().map(|(i, c)| (c.id(), i)).collect();
        ladder.sort_unstable();
        let mut payments: Vec<&crate::record::Payment> = self
            .record
            .payments
            .iter()
            .filter(|p| {
                p.date <= self.as_of
                    && self.payments_from.is_none_or(|from| p.date >= from)
                    && p.credential.as_ref().is_none_or(|c| c == credential)
            })
            .collect();
        payments.sort_by_key(|p| (p.date, p.place));
        for payment in payments {
            let mut left = payment.amount;
            for (_, i) in ladder.iter().filter(|(id, _)| id.kind == payment.kind) {
                let Some(cost) = costs.get_mut(*i) else {
                    continue;
                };
                let share = left.min(cost.owed);
                cost.paid = cost.paid + share;
                cost.owed = cost.owed.saturating_sub(share);
                left = left.saturating_sub(share);
            }
        }
        costs
    }
}

#[cfg(test)]
mod tests;
