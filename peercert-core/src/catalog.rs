//! Course catalogues, and the cheapest set of courses that closes a plan's hour
//! shortfalls.
//!
//! A catalogue is a TOML list of courses a worker could take. [`propose`] chooses the
//! set of courses that closes every training-hour shortfall of an [`Evaluation`] before its
//! deadline at the lowest cost, then with the fewest hours. The record itself is the
//! judge: a candidate set is added to a copy of the record and evaluated, so caps on
//! a delivery format, accepted formats, required shares, windows and topic minimums
//! nested in totals all apply exactly as they will when the courses are logged.
//!
//! Up to [`EXACT_LIMIT`] courses the answer is proven optimal by branch and bound:
//! courses are tried in order of cost per useful hour, and a branch is cut when its
//! cost plus a lower bound for what is still missing cannot beat the best set found.
//! The bound ignores format caps, so it never overestimates, and a set that meets the
//! bound's relaxed test is confirmed by evaluating it. Larger catalogues get a greedy
//! choice (best value first, then every course that is no longer needed removed),
//! marked as not proven optimal.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::{Spanned, Value};

use crate::check::Checker;
use crate::diag::{Diagnostic, Diagnostics, Lines, Source};
use crate::error::LoadError;
use crate::evaluate::evaluate;
use crate::id::{RequirementId, TopicId};
use crate::library::Library;
use crate::quantity::{Cents, Hours, parse_iso_date};
use crate::record::{self, Place, Record, Training};
use crate::report::{Evaluation, Measure, RequirementResult};
use crate::requirement::{HoursRule, Requirement, Rule};
use crate::ruleset::RuleSet;
use crate::salvage::Parts;
use crate::value_schema::{Cost, Date, FormatName, PositiveHours, Text, TopicHours, TopicName};
use crate::vocab::{Format, RuleKind};

/// Catalogues up to this many usable courses get a proven optimal answer.
pub const EXACT_LIMIT: usize = 40;

/// The branch and bound gives up its proof after visiting this many sets, and keeps
/// the best it found.
const NODE_LIMIT: u64 = 5_000_000;

/// The most a course may cost: a typo guard.
const MAX_COST: Cents = Cents::new(10_000_000);

/// A course a worker could take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Course {
    /// Its title.
    pub title: String,
    /// Who gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// Its hours.
    pub hours: Hours,
    /// Hours per topic (the rest untagged).
    pub topics: Vec<(TopicId, Hours)>,
    /// How it is delivered, when known.
    pub format: Option<Format>,
    /// What it costs.
    pub cost: Cents,
    /// The day it is held; `None` for a self-paced course that can be taken any day.
    #[schemars(
        description = "The day it is held; null for a self-paced course that can be taken any day."
    )]
    pub date: Option<NaiveDate>,
    /// Its line in the catalogue file.
    pub line: usize,
}

impl Course {
    /// The training this course is once taken on `date`, placed at its catalogue line.
    fn taken_on(&self, date: NaiveDate) -> Training {
        Training {
            date,
            title: Some(self.title.clone()),
            provider: self.provider.clone(),
            hours: self.hours,
            topics: self.topics.clone(),
            format: self.format,
            certificate: None,
            repeat: None,
            place: Place::Course(self.line),
        }
    }
}

/// A checked catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Catalog {
    /// Its courses, in file order.
    pub courses: Vec<Course>,
}

/// The catalogue file as written; the doc comments of its fields are the help of the
/// catalogue's JSON Schema ([`crate::schema`]).
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "peercert course catalogue",
    description = "The courses a worker could take, with their cost (`peercert plan --catalog`)."
)]
pub(crate) struct RawCatalog {
    /// The courses on offer, one `[[course]]` table each.
    #[serde(default)]
    #[schemars(with = "Vec<RawCourse>")]
    course: Vec<Spanned<RawCourse>>,
}

/// `[[course]]`: a course on offer.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Course", extend("not" = { "required": ["topic", "topics"] }))]
struct RawCourse {
    /// The course's title.
    #[schemars(with = "Text")]
    title: Spanned<String>,
    /// Who gives the course.
    provider: Option<String>,
    /// Its hours (at most 2,000).
    #[schemars(with = "PositiveHours", extend("maximum" = 2000))]
    hours: Spanned<Value>,
    /// The topic of all its hours; or give `topics` instead, not both.
    #[schemars(with = "Option<TopicName>")]
    topic: Option<Spanned<String>>,
    /// Its hours split by topic, such as { advocacy = 2, ethics = 2 }; or give `topic`
    /// instead, not both.
    #[schemars(with = "Option<TopicHours>")]
    topics: Option<Spanned<BTreeMap<Spanned<String>, Spanned<Value>>>>,
    /// How it is delivered.
    #[schemars(with = "Option<FormatName>")]
    format: Option<Spanned<String>>,
    /// What it costs, in US dollars; 0 for a free course.
    #[schemars(with = "Cost")]
    cost: Spanned<Value>,
    /// The day it is held, or "self-paced" for a course taken any day.
    #[schemars(with = "CourseDate")]
    date: Spanned<Value>,
}

/// A course's day: a date, or `self-paced`.
struct CourseDate;

impl JsonSchema for CourseDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CourseDate".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "The day the course is held (such as 2026-12-10), or \"self-paced\".",
            "anyOf": [generator.subschema_for::<Date>(), { "const": "self-paced" }],
        })
    }
}

/// How a catalogue is read part by part: each course stands alone.
const PARTS: Parts = Parts {
    entries: &["course"],
    describe: Diagnostic::from_toml,
};

impl Catalog {
    /// Reads and checks a catalogue; every problem is reported with its place.
    pub fn parse(source: &Source, library: &Library) -> Result<Catalog, LoadError> {
        let invalid = |items| LoadError::Invalid(Diagnostics::new(source.clone(), items));
        // A file that does not read whole is read again course by course, so that each
        // course's problem is reported, and the courses that read are checked too.
        let (raw, shape) = crate::salvage::read::<RawCatalog>(&source.text, &PARTS);
        let Some(raw) = raw else {
            return Err(invalid(shape));
        };
        let mut check = Checker::new(library.topics());
        let mut courses = Vec::new();
        let lines = Lines::new(&source.text);
        for entry in &raw.course {
            let line = lines.line_of(entry.span().start);
            let raw = entry.get_ref();
            let title = check.text(&raw.title, "a course title");
            let course = record::course(
                &mut check,
                &raw.hours,
                raw.topic.clone(),
                raw.topics.as_ref(),
                raw.format.clone(),
            )
            .check(&mut check);
            let cost = check.amount_or_free(&raw.cost, MAX_COST);
            // `None` inside: self-paced, any day.
            let date = match raw.date.get_ref() {
                Value::String(s) if s == "self-paced" => Some(None),
                Value::String(s) if parse_iso_date(s).is_none() => {
                    check.error(
                        format!("expected the day the course is held (such as 2026-12-10) or \"self-paced\", found `{s}`"),
                        raw.date.span(),
                    );
                    None
                }
                _ => check.date(&raw.date).map(Some),
            };
            if let (Some(title), Some(course), Some(cost), Some(date)) = (title, course, cost, date)
            {
                courses.push(Course {
                    title,
                    provider: raw.provider.clone(),
                    hours: course.hours,
                    topics: course.topics,
                    format: course.format,
                    cost,
                    date,
                    line,
                });
            }
        }
        let mut problems = check.problems;
        problems.extend(shape);
        problems.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
        if problems.is_empty() {
            Ok(Catalog { courses })
        } else {
            Err(invalid(problems))
        }
    }
}

/// How a proposal was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// Every candidate set was searched, with branches that cannot win cut off.
    BranchAndBound,
    /// Best value first, then unneeded courses removed: not proven optimal.
    Greedy,
}

/// The courses proposed to close a plan's hour shortfalls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Proposal {
    /// The courses to take, in date order (self-paced last).
    pub courses: Vec<Course>,
    /// What they cost together.
    pub cost: Cents,
    /// Their hours together.
    pub hours: Hours,
    /// The hour requirements they close.
    pub closes: Vec<RequirementId>,
    /// Hour requirements no choice of courses from the catalogue can close.
    pub open: Vec<RequirementId>,
    /// How the choice was made.
    pub method: Method,
    /// Whether the choice is proven the cheapest (then the fewest hours).
    pub optimal: bool,
    /// Courses of the catalogue that could count (held before the deadline, after
    /// the plan's date, or self-paced).
    pub usable: usize,
}

/// One hour requirement to close, with what it accepts.
struct Target {
    rule: HoursRule,
    deficit: Hours,
}

/// Chooses courses from `catalog` that close the training-hour shortfalls of `plan`.
///
/// Returns `None` when the plan has no training hours left to do.
pub fn propose(
    ruleset: &RuleSet,
    record: &Record,
    evaluation: &Evaluation,
    catalog: &Catalog,
) -> Option<Proposal> {
    let (targets, goals) = shortfalls(ruleset, evaluation);
    solve(ruleset, record, evaluation, catalog, &targets, goals)
}

/// The hour rules the evaluation found short, and the top-level requirements they
/// belong to (which a set of courses must leave met).
fn shortfalls(ruleset: &RuleSet, evaluation: &Evaluation) -> (Vec<Target>, Vec<RequirementId>) {
    let stage_rules = stage_requirements(ruleset, evaluation);
    let mut targets = Vec::new();
    let mut goals = Vec::new();
    for result in evaluation.requirements.iter().filter(|r| !r.is_met()) {
        let Some(rule) = stage_rules.iter().find(|r| r.id == result.id) else {
            continue;
        };
        let before = targets.len();
        collect_targets(rule, result, &mut targets);
        if targets.len() > before {
            goals.push(result.id.clone());
        }
    }
    (targets, goals)
}

/// The price of one path of an alternative, from a catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathPrice {
    /// The alternative (`any_of`) requirement.
    pub requirement: RequirementId,
    /// The path.
    pub path: RequirementId,
    /// What the cheapest courses that complete it cost; `None` when no choice of
    /// courses from the catalogue completes it.
    pub cost: Option<Cents>,
}

/// Prices each path of the evaluation's unmet alternatives from `catalog`: the
/// cheapest courses that complete a path whose only unmet parts are training hours.
/// Paths that need more than courses are not priced.
pub fn price_paths(
    ruleset: &RuleSet,
    record: &Record,
    evaluation: &Evaluation,
    catalog: &Catalog,
) -> Vec<PathPrice> {
    let stage_rules = stage_requirements(ruleset, evaluation);
    let mut prices = Vec::new();
    for result in evaluation.requirements.iter().filter(|r| !r.is_met()) {
        let Some(Rule::AnyOf(children)) = stage_rules
            .iter()
            .find(|r| r.id == result.id)
            .map(|r| &r.rule)
        else {
            continue;
        };
        for option in &result.options {
            let leaves = option.unmet_leaves();
            if leaves.is_empty() || leaves.iter().any(|r| r.kind != RuleKind::Hours) {
                continue;
            }
            let Some(child) = children.iter().find(|c| c.id == option.id) else {
                continue;
            };
            let mut targets = Vec::new();
            collect_targets(child, option, &mut targets);
            let cost = solve(
                ruleset,
                record,
                evaluation,
                catalog,
                &targets,
                vec![option.id.clone()],
            )
            .filter(|p| p.open.is_empty())
            .map(|p| p.cost);
            prices.push(PathPrice {
                requirement: result.id.clone(),
                path: option.id.clone(),
                cost,
            });
        }
    }
    prices
}

/// The day courses must be done by: the deadline of the evaluation's requirements,
/// when it is a date.
fn deadline(evaluation: &Evaluation) -> Option<NaiveDate> {
    evaluation.standing.deadline(evaluation.as_of).0.date()
}

/// Whether a course can count: held on or after the evaluation's date and no later
/// than its deadline, or self-paced.
fn in_time(course: &Course, evaluation: &Evaluation) -> bool {
    let limit = deadline(evaluation);
    course
        .date
        .is_none_or(|date| date >= evaluation.as_of && limit.is_none_or(|l| date <= l))
}

/// The cheapest courses that close `targets`, judged by `goals` (requirement ids,
/// nested ones included) all being met.
fn solve(
    ruleset: &RuleSet,
    record: &Record,
    evaluation: &Evaluation,
    catalog: &Catalog,
    targets: &[Target],
    goals: Vec<RequirementId>,
) -> Option<Proposal> {
    if targets.is_empty() {
        return None;
    }
    let usable: Vec<&Course> = catalog
        .courses
        .iter()
        .filter(|c| in_time(c, evaluation))
        .filter(|c| {
            targets
                .iter()
                .any(|t| t.rule.useful(c.hours, &c.topics, c.format) > Hours::ZERO)
        })
        .collect();
    let judge = Judge::new(ruleset, record, evaluation, &goals);
    let search = Search::new(&usable, targets);
    let (chosen, method, optimal) = if usable.len() <= EXACT_LIMIT {
        let (best, proven) = search.branch_and_bound(&judge);
        (best, Method::BranchAndBound, proven)
    } else {
        (search.greedy(&judge), Method::Greedy, false)
    };
    let (courses, closes, open) = match chosen {
        Some(set) => {
            let mut courses: Vec<Course> = set
                .iter()
                .filter_map(|&i| usable.get(i).map(|c| (*c).clone()))
                .collect();
            courses.sort_by_key(|c| (c.date.is_none(), c.date, c.line));
            (courses, goals, Vec::new())
        }
        None => {
            // Close what can be closed: nothing is proposed, and every target is open.
            (Vec::new(), Vec::new(), goals)
        }
    };
    Some(Proposal {
        cost: courses.iter().map(|c| c.cost).sum(),
        hours: courses.iter().map(|c| c.hours).sum(),
        courses,
        closes,
        open,
        method,
        optimal,
        usable: usable.len(),
    })
}

/// The requirements of the stage the evaluation measured.
fn stage_requirements<'a>(ruleset: &'a RuleSet, e: &Evaluation) -> &'a [Requirement] {
    ruleset
        .edition_on(e.edition.effective)
        .and_then(|edition| edition.stage(e.stage))
        .map_or(&[], |stage| stage.requirements.as_slice())
}

/// The unmet hour rules of a requirement: itself, or the parts of an `all_of`.
fn collect_targets(rule: &Requirement, result: &RequirementResult, out: &mut Vec<Target>) {
    match (&rule.rule, result.shortfall) {
        (Rule::Hours(h), Measure::Hours(deficit)) if deficit > Hours::ZERO => out.push(Target {
            rule: h.clone(),
            deficit,
        }),
        (Rule::AllOf(parts), _) => {
            for part in parts {
                if let Some(r) = result
                    .options
                    .iter()
                    .find(|o| o.id == part.id && !o.is_met())
                {
                    collect_targets(part, r, out);
                }
            }
        }
        _ => {}
    }
}

/// Decides whether a set of courses closes every target, by evaluating the record
/// with them added.
struct Judge<'a> {
    ruleset: &'a RuleSet,
    record: &'a Record,
    as_of: NaiveDate,
    tops: &'a [RequirementId],
    deadline: Option<NaiveDate>,
    /// How many times the record was evaluated, for the tests that count them.
    #[cfg(test)]
    evaluations: std::cell::Cell<usize>,
}

impl<'a> Judge<'a> {
    fn new(
        ruleset: &'a RuleSet,
        record: &'a Record,
        evaluation: &Evaluation,
        goals: &'a [RequirementId],
    ) -> Judge<'a> {
        Judge {
            ruleset,
            record,
            as_of: evaluation.as_of,
            tops: goals,
            deadline: deadline(evaluation),
            #[cfg(test)]
            evaluations: std::cell::Cell::new(0),
        }
    }

    fn closes(&self, courses: &[&Course]) -> bool {
        #[cfg(test)]
        self.evaluations.set(self.evaluations.get() + 1);
        let mut record = self.record.clone();
        let mut on = self.as_of;
        for course in courses {
            let date = course.date.unwrap_or(self.as_of);
            on = on.max(date);
            record.trainings.push(course.taken_on(date));
        }
        if let Some(deadline) = self.deadline {
            on = on.min(deadline);
        }
        let Ok(e) = evaluate(self.ruleset, &record, on) else {
            return false;
        };
        self.tops
            .iter()
            .all(|id| find(&e.requirements, id).is_some_and(RequirementResult::is_met))
    }
}

/// The result of a requirement, nested ones included (ids are unique in a stage).
fn find<'a>(results: &'a [RequirementResult], id: &RequirementId) -> Option<&'a RequirementResult> {
    results.iter().find_map(|r| {
        if &r.id == id {
            Some(r)
        } else {
            find(&r.options, id)
        }
    })
}

/// The search over sets of usable courses, cheapest per useful hour first.
struct Search<'a> {
    courses: Vec<&'a Course>,
    /// Index into the caller's list, for each course in search order.
    index: Vec<usize>,
    /// Useful hours of each course (search order) for each target.
    useful: Vec<Vec<Hours>>,
    deficits: Vec<Hours>,
}

impl<'a> Search<'a> {
    fn new(usable: &[&'a Course], targets: &[Target]) -> Search<'a> {
        let mut order: Vec<usize> = (0..usable.len()).collect();
        let value = |i: usize| -> (i128, i64) {
            let Some(c) = usable.get(i) else {
                return (i128::MAX, 0);
            };
            let hours: i64 = targets
                .iter()
                .map(|t| t.rule.useful(c.hours, &c.topics, c.format).hundredths())
                .sum();
            // Cost per useful hour, compared without division: cost * 10^6 / hours.
            let per = if hours == 0 {
                i128::MAX
            } else {
                i128::from(c.cost.cents()) * 1_000_000 / i128::from(hours)
            };
            (per, -hours)
        };
        order.sort_by_key(|&i| value(i));
        let courses: Vec<&Course> = order
            .iter()
            .filter_map(|&i| usable.get(i).copied())
            .collect();
        let useful = courses
            .iter()
            .map(|c| {
                targets
                    .iter()
                    .map(|t| t.rule.useful(c.hours, &c.topics, c.format))
                    .collect()
            })
            .collect();
        Search {
            courses,
            index: order,
            useful,
            deficits: targets.iter().map(|t| t.deficit).collect(),
        }
    }

    /// What is still missing for each target after `chosen` (relaxed: no caps).
    fn missing(&self, chosen: &[usize]) -> Vec<Hours> {
        self.deficits
            .iter()
            .enumerate()
            .map(|(t, deficit)| {
                let got: Hours = chosen
                    .iter()
                    .filter_map(|&c| self.useful.get(c).and_then(|u| u.get(t)).copied())
                    .sum();
                deficit.saturating_sub(got)
            })
            .collect()
    }

    /// A lower bound on the cost still to spend from courses `from..` to cover
    /// `missing`, target by target as if hours could be bought by the fraction;
    /// `None` when some target cannot be covered at all.
    fn bound(&self, from: usize, missing: &[Hours]) -> Option<i64> {
        let mut worst = 0_i64;
        for (t, need) in missing.iter().enumerate() {
            if *need == Hours::ZERO {
                continue;
            }
            let mut offers: Vec<(i64, i64)> = (from..self.courses.len())
                .filter_map(|c| {
                    let hours = self.useful.get(c)?.get(t)?.hundredths();
                    let cost = self.courses.get(c)?.cost.cents();
                    (hours > 0).then_some((cost, hours))
                })
                .collect();
            // Cheapest per hour first: a/b < c/d  ⇔  a·d < c·b.
            offers.sort_by(|a, b| {
                (i128::from(a.0) * i128::from(b.1)).cmp(&(i128::from(b.0) * i128::from(a.1)))
            });
            let mut left = need.hundredths();
            let mut cost = 0_i64;
            for (c, h) in offers {
                if left <= 0 {
                    break;
                }
                if h <= left {
                    cost += c;
                    left -= h;
                } else {
                    // A fraction of this course, rounded down: still a lower bound.
                    cost += i64::try_from(i128::from(c) * i128::from(left) / i128::from(h))
                        .unwrap_or(c);
                    left = 0;
                }
            }
            if left > 0 {
                return None;
            }
            worst = worst.max(cost);
        }
        Some(worst)
    }

    fn to_caller(&self, chosen: &[usize]) -> Vec<usize> {
        chosen
            .iter()
            .filter_map(|&c| self.index.get(c).copied())
            .collect()
    }

    fn courses_of(&self, chosen: &[usize]) -> Vec<&Course> {
        chosen
            .iter()
            .filter_map(|&c| self.courses.get(c).copied())
            .collect()
    }

    fn totals(&self, chosen: &[usize]) -> (i64, i64) {
        chosen
            .iter()
            .filter_map(|&c| self.courses.get(c))
            .fold((0, 0), |(cost, hours), c| {
                (cost + c.cost.cents(), hours + c.hours.hundredths())
            })
    }

    /// The cheapest set (then fewest hours) the judge accepts, and whether the search
    /// finished (the answer is proven) before the node limit.
    fn branch_and_bound(&self, judge: &Judge<'_>) -> (Option<Vec<usize>>, bool) {
        let mut best: Option<(i64, i64, Vec<usize>)> = None;
        let mut nodes = 0_u64;
        let mut chosen = Vec::new();
        let finished = self.dive(0, &mut chosen, judge, &mut best, &mut nodes);
        (best.map(|(_, _, set)| self.to_caller(&set)), finished)
    }

    fn dive(
        &self,
        next: usize,
        chosen: &mut Vec<usize>,
        judge: &Judge<'_>,
        best: &mut Option<(i64, i64, Vec<usize>)>,
        nodes: &mut u64,
    ) -> bool {
        *nodes += 1;
        if *nodes > NODE_LIMIT {
            return false;
        }
        let (cost, hours) = self.totals(chosen);
        let missing = self.missing(chosen);
        if missing.iter().all(|m| *m == Hours::ZERO) && judge.closes(&self.courses_of(chosen)) {
            if best
                .as_ref()
                .is_none_or(|(bc, bh, _)| (cost, hours) < (*bc, *bh))
            {
                *best = Some((cost, hours, chosen.clone()));
            }
            // More courses only add cost or hours.
            return true;
        }
        let Some(more) = self.bound(next, &missing) else {
            return true;
        };
        if let Some((bc, bh, _)) = best
            && (cost + more > *bc || (cost + more == *bc && hours >= *bh))
        {
            return true;
        }
        if next >= self.courses.len() {
            return true;
        }
        chosen.push(next);
        let with = self.dive(next + 1, chosen, judge, best, nodes);
        chosen.pop();
        with && self.dive(next + 1, chosen, judge, best, nodes)
    }

    /// Best value first until the judge accepts, then every course that is not
    /// needed removed, most expensive first.
    ///
    /// When even every course together leaves some hours missing (counted without
    /// caps, so more than the evaluation would count), nothing is chosen: no set of
    /// them closes the gap, and trying one course more at a time would evaluate the
    /// record as many times as there are courses.
    fn greedy(&self, judge: &Judge<'_>) -> Option<Vec<usize>> {
        let every: Vec<usize> = (0..self.courses.len()).collect();
        if self.missing(&every).iter().any(|m| *m > Hours::ZERO) {
            return None;
        }
        let mut chosen: Vec<usize> = Vec::new();
        let mut taken = vec![false; self.courses.len()];
        loop {
            if judge.closes(&self.courses_of(&chosen)) {
                break;
            }
            let missing = self.missing(&chosen);
            let pick = (0..self.courses.len())
                .filter(|c| !taken.get(*c).copied().unwrap_or(true))
                .filter_map(|c| {
                    let gain: i64 = missing
                        .iter()
                        .enumerate()
                        .map(|(t, m)| {
                            let u = self.useful.get(c).and_then(|u| u.get(t)).copied();
                            u.unwrap_or(Hours::ZERO).min(*m).hundredths()
                        })
                        .sum();
                    let cost = self.courses.get(c)?.cost.cents();
                    Some((c, gain, cost))
                })
                // Most missing hours per dollar; with nothing missing in the relaxed
                // sense (a cap or share still unmet), the cheapest course.
                .max_by(|a, b| {
                    (i128::from(a.1) * i128::from(b.2.max(1)))
                        .cmp(&(i128::from(b.1) * i128::from(a.2.max(1))))
                        .then(b.2.cmp(&a.2))
                });
            match pick {
                Some((c, _, _)) => {
                    chosen.push(c);
                    if let Some(t) = taken.get_mut(c) {
                        *t = true;
                    }
                }
                None => return None,
            }
        }
        chosen.sort_by_key(|&c| std::cmp::Reverse(self.courses.get(c).map(|c| c.cost)));
        let mut i = 0;
        while i < chosen.len() {
            let mut without = chosen.clone();
            without.remove(i);
            if judge.closes(&self.courses_of(&without)) {
                chosen = without;
            } else {
                i += 1;
            }
        }
        Some(self.to_caller(&chosen))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        crate::quantity::parse_iso_date(text).unwrap()
    }

    /// After a provisional certification expires, the worker applies again: the
    /// courses proposed close the initial training, the stage the evaluation
    /// measured, not what the provisional period asked for.
    #[test]
    fn courses_close_the_stage_the_evaluation_measured() {
        let library = Library::embedded().unwrap();
        let rules = RuleSet::parse(
            &Source::new(
                "r.toml",
                r#"id = "nj/cprs"
name = "Test"
jurisdiction = "Testland"
board = "Test Board"
sources = ["https://example.org/rules"]
verified = 2026-01-01

[[edition]]
effective = 2000-01-01

[[edition.initial.requirement]]
id = "training"
kind = "hours"
hours = 46
citation = "Test training"
confidence = "board"

[edition.provisional]
months = 6
citation = "Test provisional"
confidence = "board"

[[edition.provisional.requirement]]
id = "supervised-work"
kind = "experience"
hours = 250
citation = "Test work"
confidence = "board"
"#,
            ),
            library.topics(),
        )
        .unwrap();
        let record = Record::parse(
            &Source::new(
                "w.toml",
                "[worker]\nid = \"W-1\"\nname = \"Ada Test\"\n\n[[credential]]\nid = \"nj/cprs\"\nissued = 2026-06-01\nexpires = 2026-12-01\nprovisional = true\n",
            ),
            &library,
        )
        .unwrap();
        let evaluation = evaluate(&rules, &record, d("2026-12-02")).unwrap();
        let course = Course {
            title: "Peer Recovery Training".to_owned(),
            provider: None,
            hours: Hours::from_whole(46),
            topics: Vec::new(),
            format: None,
            cost: Cents::new(40_000),
            date: None,
            line: 1,
        };
        let catalog = Catalog {
            courses: vec![course.clone()],
        };
        let proposal = propose(&rules, &record, &evaluation, &catalog).unwrap();
        assert_eq!(proposal.courses, [course]);
        assert_eq!(proposal.closes, [RequirementId::new("training").unwrap()]);
    }

    /// A small, seeded generator, so every run tests the same catalogues.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self, below: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % below
        }
    }

    /// A catalogue of `n` courses with random hours, topics, formats, costs and dates
    /// (some after the deadline, some self-paced).
    fn catalogue(rng: &mut Rng, n: usize, topics: &[&str], deadline: NaiveDate) -> Catalog {
        let formats = [Format::InPerson, Format::LiveOnline, Format::SelfPaced];
        let courses = (0..n)
            .map(|i| {
                let hours = Hours::from_hundredths(i64::try_from(50 + rng.next(1150)).unwrap());
                let topic = topics.get(usize::try_from(rng.next(topics.len() as u64 + 1)).unwrap());
                let date = match rng.next(5) {
                    0 => None,
                    1 => deadline.checked_add_days(chrono::Days::new(1 + rng.next(30))),
                    _ => deadline.checked_sub_days(chrono::Days::new(rng.next(60))),
                };
                Course {
                    title: format!("Course {i}"),
                    provider: None,
                    hours,
                    topics: topic
                        .map(|t| vec![(TopicId::new(t).unwrap(), hours)])
                        .unwrap_or_default(),
                    format: formats.get(usize::try_from(rng.next(3)).unwrap()).copied(),
                    cost: Cents::new(i64::try_from(rng.next(200)).unwrap() * 100),
                    date,
                    line: i + 1,
                }
            })
            .collect();
        Catalog { courses }
    }

    /// The cheapest (then fewest hours) of all 2^n sets of usable courses, by the
    /// same judge: (cost, hours) or `None` when no set closes every target.
    fn brute_force(
        ruleset: &RuleSet,
        record: &Record,
        e: &Evaluation,
        catalog: &Catalog,
    ) -> Option<(Cents, Hours)> {
        let (_, goals) = shortfalls(ruleset, e);
        let usable: Vec<&Course> = catalog.courses.iter().filter(|c| in_time(c, e)).collect();
        let judge = Judge::new(ruleset, record, e, &goals);
        let mut best: Option<(Cents, Hours)> = None;
        for mask in 0_u32..(1 << usable.len()) {
            let set: Vec<&Course> = usable
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, c)| *c)
                .collect();
            let key = (
                set.iter().map(|c| c.cost).sum::<Cents>(),
                set.iter().map(|c| c.hours).sum::<Hours>(),
            );
            if best.is_none_or(|b| key < b) && judge.closes(&set) {
                best = Some(key);
            }
        }
        best
    }

    /// A rule set with a self-paced cap and a live-only requirement, so that the
    /// judge, not the bound, decides some sets.
    const CAPPED: &str = r#"
id = "test/capped"
name = "Capped"
jurisdiction = "Testland"
board = "Test Board"
sources = ["https://example.org/capped"]
verified = 2026-01-01

[[edition]]
effective = 2020-01-01

[[edition.initial.requirement]]
id = "training"
kind = "hours"
hours = 40
citation = "Test"
confidence = "board"

[edition.renewal]
cycle_months = 24
post_expiry = "published"
citation = "Test"
confidence = "board"

[[edition.renewal.requirement]]
id = "ce"
kind = "hours"
hours = 20
caps = { self-paced = 6 }
citation = "Test"
confidence = "board"

[[edition.renewal.requirement]]
id = "ethics"
kind = "hours"
hours = 6
topic = "ethics"
citation = "Test"
confidence = "board"

[[edition.renewal.requirement]]
id = "live"
kind = "hours"
hours = 4
topic = "confidentiality"
formats = ["in-person", "live-online"]
citation = "Test"
confidence = "board"
"#;

    /// Branch and bound finds the same cost and hours as trying every set, on 60
    /// generated catalogues of 6 to 14 courses for three rule sets: PA's nested
    /// ethics and confidentiality, Ohio's topic minimums inside 30 hours (six of the
    /// nine already met), and one with a self-paced cap and a live-only topic.
    #[test]
    fn branch_and_bound_matches_brute_force() {
        let mut library = Library::embedded().unwrap();
        let dir = std::env::temp_dir().join(format!("peercert-capped-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("capped.toml"), CAPPED).unwrap();
        library.add_dir(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let held = |id: &str| {
            format!("\n[[credential]]\nid = \"{id}\"\nissued = 2025-02-01\nexpires = 2027-02-01\n")
        };
        let cases: [(&str, String, &[&str]); 3] = [
            (
                "pa/crs",
                held("pa/crs") + "\n[[training]]\ndate = 2025-06-01\ntitle = \"Earlier\"\nhours = 12\n",
                &["ethics", "confidentiality", "advocacy"],
            ),
            (
                "oh/cprs",
                held("oh/cprs")
                    + &[
                        ("cultural-competence", 2),
                        ("system-navigation", 1),
                        ("trauma-informed-care", 2),
                        ("human-trafficking", 1),
                        ("behavioral-health-knowledge", 1),
                        ("whole-health", 1),
                    ]
                    .map(|(topic, hours)| {
                        format!("\n[[training]]\ndate = 2025-09-01\ntitle = \"{topic}\"\nhours = {hours}\ntopic = \"{topic}\"\n")
                    })
                    .concat(),
                &["ethics", "boundaries", "peer-coaching"],
            ),
            ("test/capped", held("test/capped"), &["ethics", "confidentiality"]),
        ];
        let as_of = d("2026-11-23");
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut compared = 0;
        let mut solved = 0;
        for (id, body, topics) in cases {
            let ruleset = library.find(id).unwrap();
            let text = format!("[worker]\nid = \"W-1\"\nname = \"Ada Test\"\n{body}");
            let record = Record::parse(&Source::new("w.toml", text), &library).unwrap();
            let e = evaluate(ruleset, &record, as_of).unwrap();
            for round in 0..20 {
                let n = 6 + round % 9;
                let catalog = catalogue(&mut rng, n, topics, d("2027-02-01"));
                let proposal = propose(ruleset, &record, &e, &catalog).unwrap();
                assert!(proposal.optimal);
                let found =
                    (!proposal.courses.is_empty()).then_some((proposal.cost, proposal.hours));
                let expected = brute_force(ruleset, &record, &e, &catalog);
                assert_eq!(found, expected, "{} round {round}: {catalog:?}", ruleset.id);
                compared += 1;
                solved += usize::from(expected.is_some());
            }
        }
        assert_eq!(compared, 60);
        assert!(solved >= 20, "only {solved} catalogues had a solution");
    }

    /// Courses for a Pennsylvania CRS renewal (30 hours, 6 of them ethics and 3
    /// confidentiality), free ones among them, then `filler` paid one-hour courses.
    fn with_free_courses(filler: usize) -> String {
        let course = |title: &str, hours: u32, topic: &str, cost: &str, date: &str| {
            format!(
                "[[course]]\ntitle = \"{title}\"\nhours = {hours}\n{topic}format = \"in-person\"\ncost = {cost}\ndate = {date}\n\n"
            )
        };
        let mut text = [
            course(
                "Ethics (paid)",
                6,
                "topic = \"ethics\"\n",
                "\"90.00\"",
                "2026-12-01",
            ),
            course(
                "Ethics (free)",
                6,
                "topic = \"ethics\"\n",
                "0",
                "2026-12-02",
            ),
            course(
                "Confidentiality (paid)",
                3,
                "topic = \"confidentiality\"\n",
                "30",
                "2026-12-03",
            ),
            course(
                "Confidentiality (free)",
                3,
                "topic = \"confidentiality\"\n",
                "\"0.00\"",
                "2026-12-04",
            ),
            course("Recovery Practice (free)", 12, "", "0", "2026-12-05"),
            course("Recovery Practice, 10 hours", 10, "", "80", "2026-12-06"),
            course("Recovery Practice, 21 hours", 21, "", "150", "2026-12-07"),
        ]
        .concat();
        for i in 0..filler {
            text += &course(&format!("Filler {i}"), 1, "", "50", "2026-12-08");
        }
        text
    }

    /// The proposal for a Pennsylvania CRS held with no hours yet, from `catalog`.
    fn propose_for_pa(catalog: &str) -> Proposal {
        let library = Library::embedded().unwrap();
        let catalog = Catalog::parse(&Source::new("c.toml", catalog), &library).unwrap();
        let text = "[worker]\nid = \"W-1\"\nname = \"Ada\"\n\n[[credential]]\nid = \"pa/crs\"\nissued = 2025-02-01\nexpires = 2027-02-01\n";
        let record = Record::parse(&Source::new("w.toml", text), &library).unwrap();
        let ruleset = library.find("pa/crs").unwrap();
        let e = evaluate(ruleset, &record, d("2026-11-23")).unwrap();
        propose(ruleset, &record, &e, &catalog).unwrap()
    }

    /// The free ethics, confidentiality and 12-hour courses, and the 10 hours still
    /// missing bought at $80: not the paid ethics or confidentiality courses that
    /// give the same hours, nor the 21 paid hours.
    const FREE_CHOICE: [&str; 4] = [
        "Ethics (free)",
        "Confidentiality (free)",
        "Recovery Practice (free)",
        "Recovery Practice, 10 hours",
    ];

    /// A catalogue may hold free courses (`cost = 0` or `"0.00"`), and branch and
    /// bound takes them before paid ones that give the same hours.
    #[test]
    fn free_courses_are_chosen_first_by_branch_and_bound() {
        let proposal = propose_for_pa(&with_free_courses(0));
        let titles: Vec<&str> = proposal.courses.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, FREE_CHOICE);
        assert_eq!(proposal.cost, Cents::new(8_000));
        assert_eq!(proposal.hours, Hours::from_whole(31));
        assert_eq!(proposal.method, Method::BranchAndBound);
        assert!(proposal.optimal);
        assert_eq!(proposal.open, Vec::<RequirementId>::new());
    }

    /// Beyond the exact limit (40 paid one-hour courses added) the greedy choice
    /// ends with the same free courses and the same total.
    #[test]
    fn free_courses_are_chosen_first_by_the_greedy_choice() {
        let proposal = propose_for_pa(&with_free_courses(EXACT_LIMIT));
        let titles: Vec<&str> = proposal.courses.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, FREE_CHOICE);
        assert_eq!(proposal.cost, Cents::new(8_000));
        assert_eq!(proposal.hours, Hours::from_whole(31));
        assert_eq!(proposal.method, Method::Greedy);
        assert_eq!(proposal.usable, EXACT_LIMIT + 7);
    }

    /// 10,000 courses that give continuing-education hours but no ethics hours cannot
    /// close the gap, whichever are taken: nothing is proposed and every goal stays
    /// open, found without evaluating the record once per course (which took minutes).
    #[test]
    fn courses_that_cannot_close_a_gap_are_not_tried_one_by_one() {
        let mut catalog = String::new();
        for i in 0..10_000 {
            catalog += &format!(
                "[[course]]\ntitle = \"Advocacy {i}\"\nhours = 0.25\ntopic = \"advocacy\"\ncost = 10\ndate = 2026-12-01\n\n"
            );
        }
        let proposal = propose_for_pa(&catalog);
        assert_eq!(proposal.courses, Vec::new());
        assert_eq!(proposal.cost, Cents::ZERO);
        assert_eq!(proposal.method, Method::Greedy);
        assert!(!proposal.optimal);
        assert_eq!(proposal.usable, 10_000);
        let open: Vec<&str> = proposal.open.iter().map(RequirementId::as_str).collect();
        assert_eq!(open, ["continuing-education", "ethics", "confidentiality"]);
    }

    /// The greedy choice finds that 200 courses without ethics hours cannot close an
    /// ethics gap before evaluating the record at all, not after evaluating it once
    /// for each course added.
    #[test]
    fn the_greedy_choice_does_not_try_a_gap_it_cannot_close() {
        let library = Library::embedded().unwrap();
        let mut text = String::new();
        for i in 0..200 {
            text += &format!(
                "[[course]]\ntitle = \"Advocacy {i}\"\nhours = 1\ntopic = \"advocacy\"\ncost = 10\ndate = 2026-12-01\n\n"
            );
        }
        let catalog = Catalog::parse(&Source::new("c.toml", text), &library).unwrap();
        let text = "[worker]\nid = \"W-1\"\nname = \"Ada\"\n\n[[credential]]\nid = \"pa/crs\"\nissued = 2025-02-01\nexpires = 2027-02-01\n";
        let record = Record::parse(&Source::new("w.toml", text), &library).unwrap();
        let ruleset = library.find("pa/crs").unwrap();
        let e = evaluate(ruleset, &record, d("2026-11-23")).unwrap();
        let (targets, goals) = shortfalls(ruleset, &e);
        let usable: Vec<&Course> = catalog.courses.iter().collect();
        let judge = Judge::new(ruleset, &record, &e, &goals);
        assert_eq!(Search::new(&usable, &targets).greedy(&judge), None);
        assert_eq!(judge.evaluations.get(), 0);
    }

    /// A negative cost is refused with its place; zero is free.
    #[test]
    fn a_course_cannot_cost_less_than_nothing() {
        let library = Library::embedded().unwrap();
        let text =
            "[[course]]\ntitle = \"A\"\nhours = 1\ncost = \"-1.00\"\ndate = \"self-paced\"\n";
        let error = Catalog::parse(&Source::new("c.toml", text), &library).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("expected an amount between $0.00 and $100,000.00, found -$1.00"),
            "{error}"
        );
    }

    /// A course the judge adds to a record is placed at its catalogue line, never at a
    /// line of the record: the evidence it gives says where it came from.
    #[test]
    fn a_judged_course_is_placed_at_its_catalogue_line() {
        let library = Library::embedded().unwrap();
        let catalog = Catalog::parse(
            &Source::new(
                "c.toml",
                "[[course]]\ntitle = \"Ethics\"\nhours = 6\ntopic = \"ethics\"\ncost = 10\ndate = 2026-12-01\n\n\
                 [[course]]\ntitle = \"Advocacy\"\nhours = 30\ncost = 10\ndate = 2026-12-02\n",
            ),
            &library,
        )
        .unwrap();
        let text = "[worker]\nid = \"W-1\"\nname = \"Ada\"\n\n[[credential]]\nid = \"pa/crs\"\nissued = 2025-02-01\nexpires = 2027-02-01\n";
        let mut record = Record::parse(&Source::new("w.toml", text), &library).unwrap();
        for course in &catalog.courses {
            record.trainings.push(course.taken_on(course.date.unwrap()));
        }
        let e = evaluate(library.find("pa/crs").unwrap(), &record, d("2026-12-05")).unwrap();
        let mut places: Vec<Place> = e
            .requirements
            .iter()
            .flat_map(|r| &r.evidence)
            .map(|evidence| evidence.place)
            .collect();
        places.sort();
        places.dedup();
        assert_eq!(places, [Place::Course(1), Place::Course(8)]);
    }

    /// 60 courses with a title of the wrong type: each is a problem, the first 50
    /// are shown in file order, and one line counts the rest.
    #[test]
    fn every_type_error_is_reported_and_the_shown_ones_capped() {
        let library = Library::embedded().unwrap();
        let text: String = (0..60)
            .map(|i| {
                format!("[[course]]\ntitle = {i}\nhours = 1\ncost = 0\ndate = \"self-paced\"\n\n")
            })
            .collect();
        let Err(LoadError::Invalid(problems)) =
            Catalog::parse(&Source::new("c.toml", text), &library)
        else {
            panic!("the catalogue should be refused");
        };
        assert_eq!(problems.items().len(), 60);
        let shown = problems.to_string();
        assert!(shown.starts_with(
            "error: expected a string, found integer `0`\n --> c.toml:2:9\n  |\n2 | title = 0\n  |         ^\n\n"
        ));
        assert!(shown.ends_with(
            "error: expected a string, found integer `49`\n   --> c.toml:296:9\n    |\n296 | title = 49\n    |         ^^\n\nand 10 more problems in `c.toml`"
        ));
        assert_eq!(shown.matches("error: ").count(), 50);
    }
}
