//! `plan(ruleset, record, as_of, options)`: what is left to do, by when, at what cost.
//!
//! The planner starts from an [`Evaluation`] and turns every unmet requirement into
//! a task with its shortfall and deadline, lists the fees still owed (and the late
//! fees that would follow if the work runs past expiry), orders the remaining steps
//! of an initial application, weighs the paths of each alternative, warns when the
//! hours left cannot realistically fit before the deadline, and can look one cycle
//! ahead. It reads what the evaluation decided (the standing, the deadline, the fees
//! ahead) and decides nothing of it again; with a catalogue it asks
//! [`crate::catalog`] for courses from that same evaluation. Like an evaluation it
//! is data; the CLI renders it.

use chrono::{Months, NaiveDate};
use schemars::JsonSchema;
use serde::Serialize;

use crate::catalog::{Catalog, price_paths, propose};
use crate::error::EvaluateError;
use crate::evaluate::evaluate;
use crate::id::{CredentialId, RequirementId, TopicId};
use crate::quantity::{Cents, Hours};
use crate::record::{HeldCredential, Place, Record};
use crate::report::{
    Cost, CredentialRef, Cycle, EditionRef, Evaluation, Measure, Outcome, Purpose,
    RequirementResult, SCHEMA_VERSION, Standing, WorkerRef,
};
use crate::ruleset::RuleSet;
use crate::vocab::{Confidence, FeeKind, RuleKind};

pub use crate::report::{Deadline, DeadlineKind};
pub use crate::requirement::StepKind;

/// What the planner should do besides listing what is left.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanOptions<'a> {
    /// Also plan the next renewal cycle, as if the current one were renewed on time.
    pub horizon: bool,
    /// Choose the courses that close the hour shortfalls from this catalogue, and
    /// price each alternative's paths.
    pub catalog: Option<&'a Catalog>,
}

/// One unmet requirement, as something to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Task {
    /// The requirement's id.
    pub requirement: RequirementId,
    /// The requirement's kind (`hours`, `exam`, …).
    pub kind: RuleKind,
    /// The rule set's label, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The topic, for hours of one topic.
    pub topic: Option<TopicId>,
    /// The topics, when hours of any of several count.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<TopicId>,
    /// `hours`, `score` or `count`.
    pub unit: &'static str,
    /// What is required.
    pub required: Measure,
    /// What the record shows.
    pub completed: Measure,
    /// What is left.
    pub shortfall: Measure,
    /// When it must be done by.
    pub deadline: Deadline,
    /// What that date is.
    pub deadline_kind: DeadlineKind,
    /// Days from the plan's date to the deadline, when it is a date.
    pub days_left: Option<i64>,
    /// Which step of an application it belongs to.
    pub step: StepKind,
    /// The evaluation's sentence about it.
    pub explanation: String,
    /// For alternatives (`any_of`): what each path still needs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<PathOption>,
    /// Where the board publishes it.
    pub citation: String,
    /// How sure the rule is.
    pub confidence: Confidence,
}

impl Task {
    /// Its measure, for words about what is left.
    pub fn measured(&self) -> crate::requirement::Shortfall<'_> {
        crate::requirement::Shortfall {
            kind: self.kind,
            required: self.required,
            completed: self.completed,
            shortfall: self.shortfall,
            topic: self.topic.as_ref(),
            topics: &self.topics,
        }
    }
}

/// One path of an alternative and what it still needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct PathOption {
    /// The path's requirement id.
    pub id: RequirementId,
    /// The rule set's label, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Its unmet parts.
    pub remaining: Vec<Remaining>,
    /// The hours of training, experience and supervision it still needs.
    pub hours_left: Hours,
    /// Whether it is the path with the fewest hours left (then the fewest other
    /// things; the first such on a tie).
    pub least_work: bool,
    /// With a catalogue, and when only training hours are left on the path: what the
    /// cheapest courses that complete it cost ([`crate::catalog::price_paths`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(
        description = "With a catalogue, and when only training hours are left on the path: what the cheapest courses that complete it cost."
    )]
    pub cost: Option<Cents>,
    /// Whether it is the priced path that costs least.
    pub cheapest: bool,
}

/// One unmet part of a path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Remaining {
    /// The requirement's id.
    pub requirement: RequirementId,
    /// Its kind.
    pub kind: RuleKind,
    /// What is left.
    pub shortfall: Measure,
}

/// A step of an initial application, in the order boards take them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Step {
    /// Which step.
    pub step: StepKind,
    /// The tasks in it, by requirement id.
    pub tasks: Vec<RequirementId>,
}

/// A fee still to pay, or one that will be owed if the work runs late.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct PlannedCost {
    /// What it pays for.
    pub kind: FeeKind,
    /// The fee; zero when waived.
    pub amount: Cents,
    /// The board charges nothing for it: answers say "waived" (in JSON only when true).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub waived: bool,
    /// What is still owed of it.
    pub owed: Cents,
    /// Whether it is refundable; `None` when the board does not say.
    #[schemars(description = "Whether it is refundable; null when the board does not say.")]
    pub refundable: Option<bool>,
    /// When it is paid: with the application or renewal, or from the day a late fee
    /// becomes owed.
    pub due: Deadline,
    /// Owed only if the renewal is made on or after this date (a late fee not yet owed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub if_late_from: Option<NaiveDate>,
    /// A remark from the rule set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where the board publishes it.
    pub citation: String,
    /// How sure it is.
    pub confidence: Confidence,
}

impl PlannedCost {
    /// What is owed of it in words: `150.00`, or `waived`.
    pub fn owed_text(&self) -> String {
        crate::report::amount_text(self.owed, self.waived)
    }
}

/// The plan for one worker and one credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Plan {
    /// The JSON schema version.
    pub schema_version: u32,
    /// Who.
    pub worker: WorkerRef,
    /// The credential's id.
    pub credential: CredentialId,
    /// The credential in full.
    pub credential_info: CredentialRef,
    /// The edition of the rules in force.
    pub edition: EditionRef,
    /// Initial certification or renewal.
    pub purpose: Purpose,
    /// The date of the plan.
    pub as_of: NaiveDate,
    /// Where the worker stands today.
    pub outcome: Outcome,
    /// The credential's standing, as the evaluation found it.
    pub standing: Standing,
    /// The cycle, for renewal (and a provisional certification).
    pub cycle: Option<Cycle>,
    /// Days to the soonest deadline, when it is a date.
    pub days_left: Option<i64>,
    /// One sentence: what is left and by when.
    pub summary: String,
    /// What is left, soonest deadline first.
    pub tasks: Vec<Task>,
    /// For an initial application: the remaining steps in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Step>,
    /// Fees still owed, then late fees that apply only if the work runs late.
    pub costs: Vec<PlannedCost>,
    /// What is owed now (late fees not yet owed are left out).
    pub total_owed: Cents,
    /// The fewest hours that close every hour shortfall: topic minimums count toward
    /// the totals they sit in, so they are not added twice; training, experience and
    /// supervision are added together.
    pub hours_left: Hours,
    /// Things that make the plan hard to keep.
    pub warnings: Vec<String>,
    /// The evaluation's notes.
    pub notes: Vec<String>,
    /// With [`PlanOptions::horizon`]: the next cycle, as if this one were renewed on time.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(
        description = "With `--horizon`: the plan of the next cycle, as if this one were renewed on time."
    )]
    pub next_cycle: Option<Box<Plan>>,
    /// With a course catalogue: the courses that close the hour shortfalls at the
    /// lowest cost ([`crate::catalog::propose`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(
        description = "With `--catalog`: the courses that close the hour shortfalls at the lowest cost."
    )]
    pub proposal: Option<crate::catalog::Proposal>,
}

impl Plan {
    /// Whether nothing is left: no unmet requirement and nothing owed.
    pub fn is_done(&self) -> bool {
        self.tasks.is_empty() && self.total_owed == Cents::ZERO
    }
}

/// Plans what `record` still needs for `ruleset` on `as_of`.
///
/// Fails only when the rule set has no edition in force on `as_of`.
pub fn plan(
    ruleset: &RuleSet,
    record: &Record,
    as_of: NaiveDate,
    options: PlanOptions<'_>,
) -> Result<Plan, EvaluateError> {
    let evaluation = evaluate(ruleset, record, as_of)?;
    let (proposal, prices) = match options.catalog {
        Some(catalog) => (
            propose(ruleset, record, &evaluation, catalog),
            price_paths(ruleset, record, &evaluation, catalog),
        ),
        None => (None, Vec::new()),
    };
    let mut plan = from_evaluation(evaluation);
    plan.proposal = proposal;
    for task in &mut plan.tasks {
        let priced = |path: &RequirementId| {
            prices
                .iter()
                .find(|p| p.requirement == task.requirement && p.path == *path)
        };
        let cheapest = task
            .paths
            .iter()
            .filter_map(|path| priced(&path.id)?.cost.map(|cost| (cost, path.id.clone())))
            .min_by_key(|(cost, _)| *cost)
            .map(|(_, id)| id);
        for path in &mut task.paths {
            path.cost = priced(&path.id).and_then(|p| p.cost);
            path.cheapest = cheapest.as_ref() == Some(&path.id);
        }
    }
    if options.horizon
        && plan.outcome == Outcome::RenewalReady
        && let Some(next) = next_cycle(ruleset, record, &plan)?
    {
        plan.next_cycle = Some(Box::new(next));
    }
    Ok(plan)
}

/// The next cycle: the record as if renewed on its expiry date, planned on that day.
fn next_cycle(
    ruleset: &RuleSet,
    record: &Record,
    current: &Plan,
) -> Result<Option<Plan>, EvaluateError> {
    let Some(cycle) = current.cycle else {
        return Ok(None);
    };
    let Some(renewal) = ruleset
        .edition_on(cycle.expires)
        .and_then(|e| e.renewal.as_ref())
    else {
        return Ok(None);
    };
    let Some(expires) = cycle
        .expires
        .checked_add_months(Months::new(renewal.cycle_months))
    else {
        return Ok(None);
    };
    let mut renewed = record.clone();
    renewed
        .credentials
        .push(assumed_renewal(&current.credential, cycle.expires, expires));
    let evaluation = evaluate(ruleset, &renewed, cycle.expires)?;
    Ok(Some(from_evaluation(evaluation)))
}

/// The renewal the next cycle's plan assumes: issued on the expiry date.
fn assumed_renewal(id: &CredentialId, issued: NaiveDate, expires: NaiveDate) -> HeldCredential {
    HeldCredential {
        id: id.clone(),
        number: None,
        issued,
        expires,
        provisional: false,
        place: Place::Renewal,
    }
}

fn from_evaluation(e: Evaluation) -> Plan {
    let as_of = e.as_of;
    let (deadline, deadline_kind) = e.standing.deadline(as_of);
    let mut tasks: Vec<Task> = e
        .requirements
        .iter()
        .filter(|r| !r.is_met())
        .map(|r| Task {
            requirement: r.id.clone(),
            kind: r.kind,
            description: r.description.clone(),
            topic: r.topic.clone(),
            topics: r.topics.clone(),
            unit: r.unit,
            required: r.required,
            completed: r.completed,
            shortfall: r.shortfall,
            deadline,
            deadline_kind,
            days_left: deadline.date().map(|d| (d - as_of).num_days()),
            step: crate::requirement::step(r),
            explanation: r.explanation.clone(),
            paths: paths(r),
            citation: r.citation.clone(),
            confidence: r.confidence,
        })
        .collect();
    // Soonest first; undated last; an initial application in the order of its steps.
    tasks.sort_by_key(|t| (t.deadline, t.step));
    // A first application lists its steps; applying again after a lapse or a
    // provisional certification lists the requirements only.
    let first_application = matches!(
        e.standing,
        Standing::Initial {
            provisional_expired: None
        }
    );
    let steps = if first_application {
        let mut steps: Vec<Step> = Vec::new();
        for task in &tasks {
            match steps.iter_mut().find(|s| s.step == task.step) {
                Some(step) => step.tasks.push(task.requirement.clone()),
                None => steps.push(Step {
                    step: task.step,
                    tasks: vec![task.requirement.clone()],
                }),
            }
        }
        steps.sort_by_key(|s| s.step);
        steps
    } else {
        Vec::new()
    };

    let soonest = tasks.iter().find_map(|t| t.deadline.date());
    // Fees owed are paid with the renewal, or with an application.
    let submit_by = match e.standing {
        Standing::Open { .. } | Standing::Grace { .. } | Standing::Inactive { .. } => deadline,
        Standing::Initial { .. }
        | Standing::Provisional { .. }
        | Standing::Lapsed { .. }
        | Standing::TermsNotPublished { .. } => Deadline::BeforeApplying,
    };
    let mut costs: Vec<PlannedCost> = e
        .costs
        .iter()
        .filter(|c| c.owed > Cents::ZERO)
        .map(|c| planned(c, submit_by, None))
        .collect();
    let total_owed = costs.iter().map(|c| c.owed).sum();
    costs.extend(late_fees_ahead(&e));

    let hours_left = hours_needed(tasks.iter());
    let warnings = warnings(&e, &tasks);
    let days_left = soonest.map(|d| (d - as_of).num_days());
    let summary = summary(&e, deadline, &tasks, total_owed, soonest, days_left);
    Plan {
        schema_version: SCHEMA_VERSION,
        worker: e.worker,
        credential: e.credential,
        credential_info: e.credential_info,
        edition: e.edition,
        purpose: e.purpose,
        as_of,
        outcome: e.outcome,
        standing: e.standing,
        cycle: e.cycle,
        days_left,
        summary,
        tasks,
        steps,
        costs,
        total_owed,
        hours_left,
        warnings,
        notes: e.notes,
        next_cycle: None,
        proposal: None,
    }
}

fn planned(c: &Cost, due: Deadline, if_late_from: Option<NaiveDate>) -> PlannedCost {
    PlannedCost {
        kind: c.kind,
        amount: c.amount,
        waived: c.waived,
        owed: c.owed,
        refundable: c.refundable,
        due,
        if_late_from,
        note: c.note.clone(),
        citation: c.citation.clone(),
        confidence: c.confidence,
    }
}

/// The late fees the evaluation found ahead, as costs of the plan.
fn late_fees_ahead(e: &Evaluation) -> Vec<PlannedCost> {
    e.fees_ahead
        .iter()
        .map(|ahead| planned(&ahead.cost, Deadline::On(ahead.from), Some(ahead.from)))
        .collect()
}

/// The paths of an unmet alternative, each with what it still needs.
fn paths(r: &RequirementResult) -> Vec<PathOption> {
    match r.kind {
        RuleKind::AnyOf => {}
        RuleKind::Hours
        | RuleKind::Experience
        | RuleKind::Supervision
        | RuleKind::Exam
        | RuleKind::Attestation
        | RuleKind::Credential
        | RuleKind::AllOf => return Vec::new(),
    }
    let mut paths: Vec<PathOption> = r
        .options
        .iter()
        .map(|option| {
            let leaves = option.unmet_leaves();
            let (training, work) = split_shortfalls(leaves.iter().map(|r| {
                (
                    r.kind,
                    r.topic.is_some() || !r.topics.is_empty(),
                    r.shortfall,
                )
            }));
            let remaining = leaves
                .iter()
                .map(|r| Remaining {
                    requirement: r.id.clone(),
                    kind: r.kind,
                    shortfall: r.shortfall,
                })
                .collect();
            let hours_left = training + work;
            PathOption {
                id: option.id.clone(),
                description: option.description.clone(),
                remaining,
                hours_left,
                least_work: false,
                cost: None,
                cheapest: false,
            }
        })
        .collect();
    // Least work: fewest hours left, then fewest other things to do.
    let best = paths
        .iter()
        .enumerate()
        .min_by_key(|(_, p)| (p.hours_left, p.remaining.len()))
        .map(|(i, _)| i);
    if let Some(path) = best.and_then(|i| paths.get_mut(i)) {
        path.least_work = true;
    }
    paths
}

/// The fewest hours that close the hour shortfalls of `tasks`: training, then work
/// (experience and supervision). Training hours of a topic also count toward a total
/// of any topic, so training needs the larger of the topic shortfalls added up and
/// the largest total's shortfall; experience and supervision each need their largest.
fn hours_split<'a>(tasks: impl Iterator<Item = &'a Task>) -> (Hours, Hours) {
    split_shortfalls(tasks.map(|t| {
        (
            t.kind,
            t.topic.is_some() || !t.topics.is_empty(),
            t.shortfall,
        )
    }))
}

/// [`hours_split`] over (kind, whether it names topics, shortfall).
fn split_shortfalls(items: impl Iterator<Item = (RuleKind, bool, Measure)>) -> (Hours, Hours) {
    let mut topical = Hours::ZERO;
    let mut total = Hours::ZERO;
    let mut experience = Hours::ZERO;
    let mut supervision = Hours::ZERO;
    for (kind, has_topic, shortfall) in items {
        let Measure::Hours(h) = shortfall else {
            continue;
        };
        match kind {
            RuleKind::Hours if has_topic => topical += h,
            RuleKind::Hours => total = total.max(h),
            RuleKind::Experience => experience = experience.max(h),
            RuleKind::Supervision => supervision = supervision.max(h),
            RuleKind::Exam
            | RuleKind::Attestation
            | RuleKind::Credential
            | RuleKind::AnyOf
            | RuleKind::AllOf => {}
        }
    }
    (topical.max(total), experience + supervision)
}

fn hours_needed<'a>(tasks: impl Iterator<Item = &'a Task>) -> Hours {
    let (training, work) = hours_split(tasks);
    training + work
}

/// A full working day: more work hours than this a day cannot fit.
const WORK_HOURS_A_DAY: i64 = 8;

/// More hours left before a deadline than days to do them in is not a realistic
/// plan; nor is a deadline that has passed.
fn warnings(e: &Evaluation, tasks: &[Task]) -> Vec<String> {
    let mut out = Vec::new();
    let mut dates: Vec<NaiveDate> = tasks.iter().filter_map(|t| t.deadline.date()).collect();
    dates.sort_unstable();
    dates.dedup();
    for date in dates {
        let (training, work) = hours_split(
            tasks
                .iter()
                .filter(|t| t.deadline.date().is_some_and(|d| d <= date)),
        );
        let days = (date - e.as_of).num_days();
        if training > Hours::ZERO && training.hundredths() > days.saturating_mul(100) {
            out.push(format!(
                "{training} h of training are left to do by {date} but only {} remain: more than an hour of training a day, every day",
                days_phrase(days)
            ));
        }
        if work > Hours::ZERO && work.hundredths() > days.saturating_mul(WORK_HOURS_A_DAY * 100) {
            out.push(format!(
                "{work} h of work and supervision are left to do by {date} but only {} remain: more than {WORK_HOURS_A_DAY} hours a day, every day",
                days_phrase(days)
            ));
        }
    }
    // A lapsed credential says so in the summary.
    match e.standing {
        Standing::Grace { expired, .. } => out.push(format!(
            "The credential expired on {expired}: the renewal is late, and late fees apply."
        )),
        Standing::Inactive { expired, until } => out.push(format!(
            "The credential expired on {expired} and is inactive: it can be reactivated until {until}, with the board's reinstatement fee; after that it has lapsed."
        )),
        Standing::TermsNotPublished { expired } => out.push(format!(
            "The credential expired on {expired} and the board publishes no terms for renewing after expiry: ask the board whether a late renewal is still possible before applying again."
        )),
        Standing::Initial { .. }
        | Standing::Provisional { .. }
        | Standing::Open { .. }
        | Standing::Lapsed { .. } => {}
    }
    out
}

fn days_phrase(days: i64) -> String {
    match days {
        1 => "1 day".to_owned(),
        d if d <= 0 => "no days".to_owned(),
        d => format!("{d} days"),
    }
}

fn summary(
    e: &Evaluation,
    deadline: Deadline,
    tasks: &[Task],
    owed: Cents,
    soonest: Option<NaiveDate>,
    days_left: Option<i64>,
) -> String {
    let owed_phrase = if owed > Cents::ZERO {
        format!("; {owed} in fees still to pay")
    } else {
        String::new()
    };
    let lapsed = match e.standing {
        Standing::Lapsed { .. } => "The credential has lapsed, so this is a new application: ".to_owned(),
        Standing::TermsNotPublished { .. } => {
            "The credential has expired and the board publishes no terms after expiry, so this is a new application: ".to_owned()
        }
        Standing::Inactive { until, .. } => {
            format!("The credential is inactive; to reactivate it by {until}: ")
        }
        Standing::Initial { .. }
        | Standing::Provisional { .. }
        | Standing::Open { .. }
        | Standing::Grace { .. } => String::new(),
    };
    if tasks.is_empty() {
        return match (owed > Cents::ZERO, lapsed.is_empty()) {
            (true, true) => format!("Every requirement is met; {owed} in fees is still to pay."),
            (true, false) => {
                format!("{lapsed}every requirement is met; {owed} in fees is still to pay.")
            }
            (false, true) => {
                "Nothing is left to do: every requirement is met and every fee is paid.".to_owned()
            }
            (false, false) => format!(
                "{lapsed}nothing is left to do: every requirement is met and every fee is paid."
            ),
        };
    }
    let count = match (tasks.len(), lapsed.is_empty()) {
        (1, true) => "1 requirement is".to_owned(),
        (n, true) => format!("{n} requirements are"),
        (1, false) => format!("{lapsed}1 requirement is"),
        (n, false) => format!("{lapsed}{n} requirements are"),
    };
    match (soonest, days_left) {
        (Some(date), Some(days)) => format!(
            "{count} left; the first is due by {date} ({} left){owed_phrase}.",
            days_phrase(days)
        ),
        _ if deadline == Deadline::BeforeApplying => {
            format!("{count} left before applying{owed_phrase}.")
        }
        _ => format!("{count} left{owed_phrase}."),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use super::*;
    use crate::{Library, Source};

    static LIBRARY: LazyLock<Library> = LazyLock::new(|| Library::embedded().unwrap());

    fn d(text: &str) -> NaiveDate {
        crate::quantity::parse_iso_date(text).unwrap()
    }

    fn plan_of(id: &str, body: &str, as_of: &str, horizon: bool) -> Plan {
        let text = format!("[worker]\nid = \"W-1\"\nname = \"Ada Test\"\n{body}");
        let record = Record::parse(&Source::new("w.toml", text), &*LIBRARY).unwrap();
        let ruleset = LIBRARY.find(id).unwrap();
        plan(
            ruleset,
            &record,
            d(as_of),
            PlanOptions {
                horizon,
                catalog: None,
            },
        )
        .unwrap()
    }

    fn held(id: &str, issued: &str, expires: &str) -> String {
        format!("\n[[credential]]\nid = \"{id}\"\nissued = {issued}\nexpires = {expires}\n")
    }

    fn training(date: &str, hours: u32, topic: &str) -> String {
        format!(
            "\n[[training]]\ndate = {date}\ntitle = \"Course {date}\"\nhours = {hours}\ntopic = \"{topic}\"\n"
        )
    }

    /// A two-year cycle that ends on a leap day starts the day after 28 February two
    /// years before (there is no 29th), the last day of the cycle before: a course on
    /// the 28th is outside it, one on 1 March inside.
    #[test]
    fn a_cycle_ending_on_a_leap_day_starts_on_1_march() {
        let body = format!(
            "{}{}{}",
            held("nj/cprs", "2026-02-01", "2028-02-29"),
            training("2026-02-28", 19, "ethics"),
            training("2026-03-01", 1, "ethics")
        );
        let p = plan_of("nj/cprs", &body, "2028-01-10", false);
        assert_eq!(p.cycle.map(|c| c.start), Some(d("2026-03-01")));
        let task = p.tasks.first().unwrap();
        assert_eq!(task.shortfall, Measure::Hours(Hours::from_whole(19)));
        assert_eq!(task.deadline, Deadline::On(d("2028-02-29")));
        assert_eq!(task.days_left, Some(50));
    }

    /// The next cycle of a credential that expires on the last day of a month ends on
    /// the same day two years on; from 28 February it ends on 28 February, not 29. It
    /// starts the day after the current expiry, which stays in the current cycle, even
    /// when that is a leap day and 2030-02-28 − 24 months + 1 day falls on it.
    #[test]
    fn the_next_cycle_keeps_month_ends_and_leap_years() {
        let ready = |issued: &str, expires: &str, as_of: &str| {
            let body = format!(
                "{}{}",
                held("nj/cprs", issued, expires),
                training(as_of, 20, "ethics")
            );
            plan_of("nj/cprs", &body, as_of, true)
        };
        let p = ready("2024-08-31", "2026-08-31", "2026-08-01");
        assert_eq!(p.outcome, Outcome::RenewalReady);
        let next = p.next_cycle.unwrap();
        assert_eq!(next.as_of, d("2026-08-31"));
        assert_eq!(
            next.cycle.map(|c| (c.start, c.expires)),
            Some((d("2026-09-01"), d("2028-08-31")))
        );
        let task = next.tasks.first().unwrap();
        assert_eq!(task.deadline, Deadline::On(d("2028-08-31")));
        assert_eq!(task.shortfall, Measure::Hours(Hours::from_whole(20)));
        let p = ready("2024-02-28", "2026-02-28", "2026-02-01");
        let next = p.next_cycle.unwrap();
        assert_eq!(
            next.cycle.map(|c| (c.start, c.expires)),
            Some((d("2026-03-01"), d("2028-02-28")))
        );
        let p = ready("2026-02-28", "2028-02-29", "2028-02-01");
        let next = p.next_cycle.unwrap();
        assert_eq!(
            next.cycle.map(|c| (c.start, c.expires)),
            Some((d("2028-03-01"), d("2030-02-28")))
        );
    }

    /// New York's renewal is due 45 days before expiry: across a year boundary the due
    /// date is the deadline until it passes; then the expiry is, and the late fee is owed.
    #[test]
    fn a_due_date_across_the_new_year_then_the_late_fee() {
        let body = held("ny/crpa", "2024-01-10", "2027-01-10");
        let p = plan_of("ny/crpa", &body, "2026-11-26", false);
        let task = p.tasks.first().unwrap();
        assert_eq!(task.deadline, Deadline::On(d("2026-11-26")));
        assert_eq!(task.deadline_kind, DeadlineKind::Due);
        assert_eq!(task.days_left, Some(0));
        let late: Vec<(FeeKind, Option<NaiveDate>)> =
            p.costs.iter().map(|c| (c.kind, c.if_late_from)).collect();
        assert_eq!(late, [(FeeKind::Late, Some(d("2026-11-27")))]);
        assert_eq!(p.total_owed, Cents::ZERO);

        let p = plan_of("ny/crpa", &body, "2026-11-27", false);
        let task = p.tasks.first().unwrap();
        assert_eq!(task.deadline, Deadline::On(d("2027-01-10")));
        assert_eq!(task.deadline_kind, DeadlineKind::Expiry);
        let owed: Vec<(FeeKind, Option<NaiveDate>)> =
            p.costs.iter().map(|c| (c.kind, c.if_late_from)).collect();
        assert_eq!(owed, [(FeeKind::Late, None)]);
        assert_eq!(p.total_owed, Cents::new(2500));
    }

    /// Two late fees of the same amount at different thresholds: once the first is
    /// owed, the second is still ahead. Fees are matched by identity, not by amount.
    #[test]
    fn a_late_fee_ahead_of_the_same_amount_as_one_owed_is_still_ahead() {
        let rules = RuleSet::parse(
            &Source::new(
                "r.toml",
                r#"id = "nj/cprs"
name = "Test"
jurisdiction = "Testland"
board = "Board"
sources = ["https://example.org/rules"]
verified = 2026-01-01

[[edition]]
effective = 2020-01-01

[edition.initial]

[edition.renewal]
cycle_months = 24
post_expiry = "published"
grace_days = 400
citation = "Test cycle"
confidence = "board"

[[edition.renewal.fee]]
kind = "late"
amount = 50
citation = "Test late fee"
confidence = "board"

[[edition.renewal.fee]]
kind = "late"
amount = 50
days_after_expiry = 183
citation = "Test penalty after 6 months"
confidence = "board"
"#,
            ),
            LIBRARY.topics(),
        )
        .unwrap();
        let text = format!(
            "[worker]\nid = \"W-1\"\nname = \"Ada Test\"\n{}",
            held("nj/cprs", "2024-06-01", "2026-06-01")
        );
        let record = Record::parse(&Source::new("w.toml", text), &*LIBRARY).unwrap();
        let p = plan(&rules, &record, d("2026-06-11"), PlanOptions::default()).unwrap();
        let costs: Vec<(FeeKind, i64, Deadline, Option<NaiveDate>)> = p
            .costs
            .iter()
            .map(|c| (c.kind, c.owed.cents(), c.due, c.if_late_from))
            .collect();
        assert_eq!(
            costs,
            [
                (FeeKind::Late, 5000, Deadline::On(d("2027-07-06")), None),
                (
                    FeeKind::Late,
                    5000,
                    Deadline::On(d("2026-12-02")),
                    Some(d("2026-12-02"))
                ),
            ]
        );
        assert_eq!(p.total_owed, Cents::new(5000));
    }

    /// A calendar-year cycle (Georgia) ends on 31 December; in January the renewal
    /// is in grace until 28 February, and the deadline is the end of grace.
    #[test]
    fn a_calendar_year_cycle_in_grace_after_new_year() {
        let body = format!(
            "{}{}",
            held("ga/cares", "2026-01-01", "2026-12-31"),
            training("2026-05-01", 6, "cares-academy-connect")
        );
        let p = plan_of("ga/cares", &body, "2027-01-20", false);
        assert_eq!(p.outcome, Outcome::Grace);
        let task = p.tasks.first().unwrap();
        assert_eq!(task.requirement.as_str(), "continuing-education");
        assert_eq!(task.deadline, Deadline::On(d("2027-02-28")));
        assert_eq!(task.deadline_kind, DeadlineKind::GraceEnd);
        assert_eq!(task.days_left, Some(39));
    }

    /// Topic minimums sit inside totals: 2.5 h short of 30 and 3.5 h short of 6 ethics
    /// is 3.5 h of ethics in all, not 6.
    #[test]
    fn hours_left_do_not_count_a_nested_minimum_twice() {
        let body = format!(
            "{}{}{}",
            held("pa/crs", "2025-02-01", "2027-02-01"),
            training("2025-06-01", 25, "confidentiality"),
            training("2025-07-01", 2, "ethics")
        );
        let body = body.replace("hours = 2\n", "hours = 2.5\n");
        let p = plan_of("pa/crs", &body, "2026-11-23", false);
        let short: Vec<(&str, Measure)> = p
            .tasks
            .iter()
            .map(|t| (t.requirement.as_str(), t.shortfall))
            .collect();
        assert_eq!(
            short,
            [
                (
                    "continuing-education",
                    Measure::Hours(Hours::from_hundredths(250))
                ),
                ("ethics", Measure::Hours(Hours::from_hundredths(350))),
            ]
        );
        assert_eq!(p.hours_left, Hours::from_hundredths(350));
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    }

    /// An initial application: no dates, the steps in the order boards take them.
    #[test]
    fn an_initial_application_lists_its_steps_in_order() {
        let p = plan_of("pa/crs", "pursuing = [\"pa/crs\"]\n", "2026-11-23", false);
        assert_eq!(p.purpose, Purpose::Initial);
        assert!(
            p.tasks
                .iter()
                .all(|t| t.deadline == Deadline::BeforeApplying)
        );
        let steps: Vec<(StepKind, Vec<&str>)> = p
            .steps
            .iter()
            .map(|s| (s.step, s.tasks.iter().map(|t| t.as_str()).collect()))
            .collect();
        assert_eq!(
            steps,
            [
                (StepKind::Training, vec!["training"]),
                (StepKind::Exam, vec!["exam"]),
                (StepKind::Application, vec!["diploma", "lived-experience"]),
            ]
        );
        assert_eq!(
            p.summary,
            "4 requirements are left before applying; $150.00 in fees still to pay."
        );
        assert!(!p.is_done());
    }

    /// The renewal a next cycle is planned on is assumed, and placed so: it is no line
    /// of the record.
    #[test]
    fn the_renewal_of_the_next_cycle_is_placed_as_assumed() {
        let id = CredentialId::new("pa/crs").unwrap();
        let assumed = assumed_renewal(&id, d("2027-02-01"), d("2029-02-01"));
        assert_eq!(
            (assumed.issued, assumed.expires, assumed.place),
            (d("2027-02-01"), d("2029-02-01"), Place::Renewal)
        );
    }
}
