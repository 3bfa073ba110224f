//! Requirements: what a rule set asks of a worker, one kind per module.
//!
//! Each kind — [`hours`], [`experience`], [`supervision`], [`exam`],
//! [`attestation`], [`credential`], and the groups `any_of`/`all_of` in [`group`] —
//! owns its whole life in its module: the keys a rule file may give it and their
//! checks, its description, its measurement against a record, whether an overlay's
//! version of it asks for less, the plan step it belongs to, and the words for what
//! is missing. This module holds what they share and dispatches to them; every
//! dispatch is an exhaustive `match` on [`Rule`] or [`RuleKind`], so a new kind is
//! one module plus one variant, and the compiler names every place to decide.

pub mod attestation;
pub mod credential;
pub mod exam;
pub mod experience;
pub mod group;
pub mod hours;
pub mod supervision;

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::ops::Range;

use chrono::{Months, NaiveDate};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use crate::check::Checker;
use crate::diag::Diagnostic;
use crate::id::{RequirementId, TopicId};
use crate::quantity::Hours;
use crate::record::{Record, Training};
use crate::report::{Cycle, Measure, RequirementResult, Status, Window};
use crate::value_schema::{ConfidenceName, KebabId, RuleKindName, Text};
use crate::vocab::{Confidence, RuleKind};

pub use attestation::{AttestationRule, AttestationWindow};
pub use credential::CredentialRule;
pub use exam::ExamRule;
pub use experience::ExperienceRule;
pub use hours::HoursRule;
pub use supervision::SupervisionRule;

/// One requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Requirement {
    /// Unique within its stage.
    pub id: RequirementId,
    /// A human label, when the id is not enough.
    pub description: Option<String>,
    /// Which page or section of the board's publication this encodes.
    pub citation: String,
    /// How sure it is.
    pub confidence: Confidence,
    /// What is required.
    #[serde(flatten)]
    pub rule: Rule,
}

/// What a requirement asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rule {
    /// Training hours.
    Hours(HoursRule),
    /// Work or volunteer hours.
    Experience(ExperienceRule),
    /// Hours of supervision received.
    Supervision(SupervisionRule),
    /// An exam passed.
    Exam(ExamRule),
    /// A signed or dated statement.
    Attestation(AttestationRule),
    /// Another credential, current on the date.
    Credential(CredentialRule),
    /// At least one of these, each a path.
    #[serde(serialize_with = "group::serialize_of")]
    AnyOf(Vec<Requirement>),
    /// All of these.
    #[serde(serialize_with = "group::serialize_of")]
    AllOf(Vec<Requirement>),
}

impl Rule {
    /// Its kind.
    pub fn kind(&self) -> RuleKind {
        match self {
            Rule::Hours(_) => RuleKind::Hours,
            Rule::Experience(_) => RuleKind::Experience,
            Rule::Supervision(_) => RuleKind::Supervision,
            Rule::Exam(_) => RuleKind::Exam,
            Rule::Attestation(_) => RuleKind::Attestation,
            Rule::Credential(_) => RuleKind::Credential,
            Rule::AnyOf(_) => RuleKind::AnyOf,
            Rule::AllOf(_) => RuleKind::AllOf,
        }
    }

    /// The parts of a group; none for any other kind.
    pub fn parts(&self) -> &[Requirement] {
        match self {
            Rule::AnyOf(parts) | Rule::AllOf(parts) => parts,
            Rule::Hours(_)
            | Rule::Experience(_)
            | Rule::Supervision(_)
            | Rule::Exam(_)
            | Rule::Attestation(_)
            | Rule::Credential(_) => &[],
        }
    }

    /// The parts of a group, to change them.
    pub(crate) fn parts_mut(&mut self) -> &mut [Requirement] {
        match self {
            Rule::AnyOf(parts) | Rule::AllOf(parts) => parts,
            Rule::Hours(_)
            | Rule::Experience(_)
            | Rule::Supervision(_)
            | Rule::Exam(_)
            | Rule::Attestation(_)
            | Rule::Credential(_) => &mut [],
        }
    }

    /// Whether it is continuing education — training hours, or a group of nothing
    /// else — which is what a board waives when it waives a renewal's CE.
    pub fn is_continuing_education(&self) -> bool {
        match self {
            Rule::Hours(_) => true,
            Rule::AnyOf(parts) | Rule::AllOf(parts) => {
                parts.iter().all(|p| p.rule.is_continuing_education())
            }
            Rule::Experience(_)
            | Rule::Supervision(_)
            | Rule::Exam(_)
            | Rule::Attestation(_)
            | Rule::Credential(_) => false,
        }
    }

    /// The rule in words: `6 h of ethics training`, `pass the pcb-crs exam`.
    pub fn describe(&self) -> String {
        match self {
            Rule::Hours(r) => r.describe(),
            Rule::Experience(r) => r.describe(),
            Rule::Supervision(r) => r.describe(),
            Rule::Exam(r) => r.describe(),
            Rule::Attestation(r) => r.describe(),
            Rule::Credential(r) => r.describe(),
            Rule::AnyOf(_) => group::describe(group::Mode::Any),
            Rule::AllOf(_) => group::describe(group::Mode::All),
        }
    }

    /// Why `new` (an overlay's version of this rule) asks for less than `self`, if it does.
    pub(crate) fn loosened_by(&self, new: &Rule) -> Option<String> {
        let different = || {
            Some(format!(
                "it is {} `{}` requirement where the base has {} `{}` one",
                new.kind().article(),
                new.kind(),
                self.kind().article(),
                self.kind()
            ))
        };
        match (self, new) {
            (Rule::Hours(o), Rule::Hours(n)) => o.loosened_by(n),
            (Rule::Experience(o), Rule::Experience(n)) => o.loosened_by(n),
            (Rule::Supervision(o), Rule::Supervision(n)) => o.loosened_by(n),
            (Rule::Exam(o), Rule::Exam(n)) => o.loosened_by(n),
            (Rule::Attestation(o), Rule::Attestation(n)) => o.loosened_by(n),
            (Rule::Credential(o), Rule::Credential(n)) => o.loosened_by(n),
            (Rule::AnyOf(o), Rule::AnyOf(n)) | (Rule::AllOf(o), Rule::AllOf(n)) => {
                group::loosened_by(o, n)
            }
            (
                Rule::Hours(_)
                | Rule::Experience(_)
                | Rule::Supervision(_)
                | Rule::Exam(_)
                | Rule::Attestation(_)
                | Rule::Credential(_)
                | Rule::AnyOf(_)
                | Rule::AllOf(_),
                _,
            ) => different(),
        }
    }
}

impl Requirement {
    /// The requirement in words: the rule set's description when it has one,
    /// otherwise one made from the rule.
    pub fn describe(&self) -> String {
        self.description
            .clone()
            .unwrap_or_else(|| self.rule.describe())
    }

    /// Calls `f` with this requirement and every one nested in it, parents first.
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Requirement)) {
        f(self);
        for part in self.rule.parts() {
            part.walk(f);
        }
    }

    /// Calls `f` with every rule of this requirement and its parts, to change them.
    pub(crate) fn walk_rules_mut(&mut self, f: &mut impl FnMut(&mut Rule)) {
        f(&mut self.rule);
        for part in self.rule.parts_mut() {
            part.walk_rules_mut(f);
        }
    }
}

/// The steps of an initial application, in the order boards take them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    /// Training hours.
    Training,
    /// Work experience and supervision.
    Experience,
    /// The exam.
    Exam,
    /// The application itself: statements, documents, credentials held, fees.
    Application,
}

impl StepKind {
    /// The step in words.
    pub fn as_str(self) -> &'static str {
        match self {
            StepKind::Training => "training",
            StepKind::Experience => "experience and supervision",
            StepKind::Exam => "exam",
            StepKind::Application => "application",
        }
    }
}

/// The step a result belongs to; a group takes the step of its first unmet part.
pub fn step(result: &RequirementResult) -> StepKind {
    match result.kind {
        RuleKind::Hours => hours::STEP,
        RuleKind::Experience => experience::STEP,
        RuleKind::Supervision => supervision::STEP,
        RuleKind::Exam => exam::STEP,
        RuleKind::Attestation => attestation::STEP,
        RuleKind::Credential => credential::STEP,
        RuleKind::AnyOf | RuleKind::AllOf => group::step(result),
    }
}

/// A requirement's measure, for words about what is missing of it.
#[derive(Debug, Clone, Copy)]
pub struct Shortfall<'a> {
    /// The requirement's kind.
    pub kind: RuleKind,
    /// What is required.
    pub required: Measure,
    /// What the record shows.
    pub completed: Measure,
    /// What is missing.
    pub shortfall: Measure,
    /// The topic, for hours of one topic.
    pub topic: Option<&'a TopicId>,
    /// The topics, when hours of any of several count.
    pub topics: &'a [TopicId],
}

impl RequirementResult {
    /// Its measure, for words about what is missing.
    pub fn measured(&self) -> Shortfall<'_> {
        Shortfall {
            kind: self.kind,
            required: self.required,
            completed: self.completed,
            shortfall: self.shortfall,
            topic: self.topic.as_ref(),
            topics: &self.topics,
        }
    }
}

/// How far along a requirement is, in a few words: `12.5 / 16 h`, `passed`, `on file`.
pub fn progress(r: &RequirementResult) -> String {
    match r.kind {
        RuleKind::Hours | RuleKind::Experience | RuleKind::Supervision => {
            hours::progress(r.required, r.completed)
        }
        RuleKind::Exam => exam::progress(r),
        RuleKind::Attestation => attestation::progress(r.is_met()),
        RuleKind::Credential => credential::progress(r.is_met()),
        RuleKind::AnyOf => group::progress_any(r),
        RuleKind::AllOf => group::progress_all(r),
    }
}

/// What is left of an unmet requirement, in a few words: `2.5 h of ethics`,
/// `a passing exam score`.
pub fn left(s: Shortfall<'_>) -> String {
    match s.kind {
        RuleKind::Hours | RuleKind::Experience | RuleKind::Supervision => hours::left(s),
        RuleKind::Exam => exam::left(s),
        RuleKind::Attestation => attestation::LEFT.to_owned(),
        RuleKind::Credential => credential::LEFT.to_owned(),
        RuleKind::AnyOf => group::LEFT_ANY.to_owned(),
        RuleKind::AllOf => group::parts_phrase(s.shortfall),
    }
}

/// What an unmet part of a path still needs, shortest: `40 h`, `missing`.
pub fn remaining(kind: RuleKind, shortfall: Measure) -> String {
    match kind {
        RuleKind::Hours | RuleKind::Experience | RuleKind::Supervision => {
            hours::remaining(shortfall)
        }
        RuleKind::Exam => exam::REMAINING.to_owned(),
        RuleKind::Attestation => attestation::REMAINING.to_owned(),
        RuleKind::Credential => credential::REMAINING.to_owned(),
        RuleKind::AnyOf | RuleKind::AllOf => group::parts_phrase(shortfall),
    }
}

/// What is missing, for a report row: `3.5 h of ethics`, `no passing exam`.
pub fn missing(kind: RuleKind, topic: Option<&TopicId>, shortfall: Measure) -> String {
    match kind {
        RuleKind::Hours | RuleKind::Experience | RuleKind::Supervision => {
            hours::missing(topic, shortfall)
        }
        RuleKind::Exam => exam::MISSING.to_owned(),
        RuleKind::Attestation => attestation::MISSING.to_owned(),
        RuleKind::Credential => credential::MISSING.to_owned(),
        RuleKind::AnyOf => group::MISSING_ANY.to_owned(),
        RuleKind::AllOf => group::missing_all(shortfall),
    }
}

/// What a renewal's period is called in answers.
pub(crate) const RENEWAL_PERIOD: &str = "renewal cycle";

/// What a provisional certification's period is called in answers.
pub(crate) const PROVISIONAL_PERIOD: &str = "provisional certification";

/// What every requirement of one evaluation is measured against.
#[derive(Debug, Clone)]
pub(crate) struct Context<'a> {
    /// The record.
    pub record: &'a Record,
    /// The date of the evaluation.
    pub as_of: NaiveDate,
    /// The renewal cycle (or provisional period), when there is one.
    pub cycle: Option<Cycle>,
    /// The date requirements must be met by.
    pub deadline: Option<NaiveDate>,
    /// What `cycle` is, in words: `renewal cycle` or `provisional certification`.
    pub period: &'static str,
    /// How much of each answer to work out.
    pub detail: Detail,
    /// The record's courses by date (and, on one date, in file order), sorted once
    /// for every requirement measured in them.
    pub trainings: std::cell::OnceCell<Vec<&'a Training>>,
}

/// How much of an answer [`crate::evaluate`] works out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Detail {
    /// All of it: the evidence, what did not count and why, and the sentences.
    Full,
    /// What decides the answer: every status, amount and shortfall. The summary is
    /// left out, and requirements measured in hours leave out their evidence, what
    /// did not count and their explanation: the audit, one row per worker and
    /// credential, shows none of them.
    Outcome,
}

impl<'a> Context<'a> {
    /// The record's courses by date, then by place in the file.
    pub fn trainings_by_date(&self) -> &[&'a Training] {
        self.trainings.get_or_init(|| {
            let mut trainings: Vec<&Training> = self.record.trainings.iter().collect();
            trainings.sort_by_key(|t| (t.date, t.place));
            trainings
        })
    }

    /// Adds `item()` to `list`, evidence or what did not count, when the answer is
    /// worked out in full.
    pub fn keep<T>(&self, list: &mut Vec<T>, item: impl FnOnce() -> T) {
        if self.detail == Detail::Full {
            list.push(item());
        }
    }

    /// The dates that count for a requirement with an optional `within_months`.
    pub fn window(&self, within_months: Option<u32>) -> Window {
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
    pub fn too_early(&self, from: NaiveDate, within_months: Option<u32>) -> String {
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

    /// One sentence about hours counted against hours required.
    pub fn hours_sentence(
        &self,
        result: &RequirementResult,
        what: &str,
        required: Hours,
        total: Hours,
    ) -> String {
        let window = result
            .window
            .and_then(|w| w.from)
            .map_or_else(String::new, |f| format!(" since {f}"));
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

    /// Measures one requirement against the record.
    pub fn measure(&self, r: &Requirement) -> RequirementResult {
        let mut result = RequirementResult {
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
        };
        match &r.rule {
            Rule::Hours(rule) => rule.measure(self, &mut result),
            Rule::Experience(rule) => rule.measure(self, &mut result),
            Rule::Supervision(rule) => rule.measure(self, &mut result),
            Rule::Exam(rule) => rule.measure(self, &mut result),
            Rule::Attestation(rule) => rule.measure(self, &mut result),
            Rule::Credential(rule) => rule.measure(self, &mut result),
            Rule::AnyOf(parts) => group::measure(self, group::Mode::Any, parts, &mut result),
            Rule::AllOf(parts) => group::measure(self, group::Mode::All, parts, &mut result),
        }
        result
    }
}

/// The first day of the `months` months that end on `last`, `last` included: the day
/// after `last` − `months`. A cycle, and a window counted back from an expiry date, is
/// such a run of months, so the day `months` before an expiry belongs to the run before.
/// Month ends are chrono's: 2028-02-29 − 24 months is 2026-02-28, so that run starts on
/// 2026-03-01.
pub(crate) fn first_day_of_months_ending(last: NaiveDate, months: u32) -> Option<NaiveDate> {
    last.checked_sub_months(Months::new(months))?.succ_opt()
}

/// `1 year`, `18 months`.
pub(crate) fn months_phrase(months: u32) -> String {
    if months.is_multiple_of(12) {
        plural(usize::try_from(months / 12).unwrap_or(0), "year", "years")
    } else {
        plural(usize::try_from(months).unwrap_or(0), "month", "months")
    }
}

/// `1 entry`, `3 entries`.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Sets an hours measure and the status it gives.
pub(crate) fn set_hours(result: &mut RequirementResult, required: Hours, completed: Hours) {
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

/// Sets a count measure and the status it gives.
pub(crate) fn set_count(result: &mut RequirementResult, required: u32, completed: u32) {
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

/// The keys every requirement has, whatever its kind.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Common {
    /// The requirement's id, unique within its stage: lowercase words joined by `-`.
    #[schemars(with = "KebabId")]
    id: Spanned<String>,
    /// What the requirement asks for; the other keys it takes depend on it.
    #[schemars(with = "RuleKindName")]
    kind: Spanned<String>,
    /// A human label, when the id is not enough.
    #[schemars(with = "Option<Text>")]
    description: Option<Spanned<String>>,
    /// Which page or section of the board's publication this encodes. A part of a
    /// group may leave it out and has the group's.
    #[schemars(with = "Option<Text>")]
    citation: Option<Spanned<String>>,
    /// How sure the requirement is. A part of a group may leave it out and has the
    /// group's.
    #[schemars(with = "Option<ConfidenceName>")]
    confidence: Option<Spanned<String>>,
}

/// The schema of a `[[…requirement]]` table: its `citation` and `confidence` are
/// required, as they are of every requirement that is not a group's part.
pub(crate) struct RequirementSchema;

impl JsonSchema for RequirementSchema {
    fn schema_name() -> Cow<'static, str> {
        "Requirement".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A requirement of this stage: `id`, `kind` and the kind's own keys, with the `citation` of the board's publication and a `confidence`.",
            "allOf": [generator.subschema_for::<PartSchema>()],
            "required": ["citation", "confidence"],
        })
    }
}

/// The schema of a requirement table, a group's part included: the keys every kind
/// has, and for each `kind` exactly the keys it takes, as [`Reader::read`] reads them.
pub(crate) struct PartSchema;

impl JsonSchema for PartSchema {
    fn schema_name() -> Cow<'static, str> {
        "RequirementPart".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let common = Common::json_schema(generator).to_value();
        let common_properties = common
            .get("properties")
            .and_then(serde_json::Value::as_object)
            .cloned()
            .unwrap_or_default();
        let branches: Vec<serde_json::Value> = RuleKind::ALL
            .iter()
            .map(|(name, kind)| {
                let own = kind_schema(*kind, generator).to_value();
                let mut properties = common_properties.clone();
                if let Some(own) = own.get("properties").and_then(serde_json::Value::as_object) {
                    properties.extend(own.clone());
                }
                if let Some(of) = properties
                    .get_mut("of")
                    .and_then(serde_json::Value::as_object_mut)
                    && *kind == RuleKind::AnyOf
                {
                    of.insert("minItems".to_owned(), 2.into());
                }
                properties.insert("kind".to_owned(), serde_json::json!({ "const": name }));
                let mut required = vec![serde_json::Value::from("id"), "kind".into()];
                if let Some(own) = own.get("required").and_then(serde_json::Value::as_array) {
                    required.extend(own.iter().cloned());
                }
                let mut then = serde_json::json!({
                    "properties": properties,
                    "required": required,
                    "additionalProperties": false,
                });
                if let (Some(then), Some(not)) = (then.as_object_mut(), own.get("not")) {
                    then.insert("not".to_owned(), not.clone());
                }
                serde_json::json!({
                    "if": { "properties": { "kind": { "const": name } }, "required": ["kind"] },
                    "then": then,
                })
            })
            .collect();
        json_schema!({
            "description": "A requirement table: `id`, `kind`, the kind's own keys, then `description`, `citation` and `confidence`.",
            "type": "object",
            "properties": common_properties,
            "required": ["id", "kind"],
            "allOf": branches,
        })
    }
}

/// The schema of the keys one kind of requirement takes.
fn kind_schema(kind: RuleKind, generator: &mut SchemaGenerator) -> Schema {
    match kind {
        RuleKind::Hours => hours::Raw::json_schema(generator),
        RuleKind::Experience => experience::Raw::json_schema(generator),
        RuleKind::Supervision => supervision::Raw::json_schema(generator),
        RuleKind::Exam => exam::Raw::json_schema(generator),
        RuleKind::Attestation => attestation::Raw::json_schema(generator),
        RuleKind::Credential => credential::Raw::json_schema(generator),
        RuleKind::AnyOf | RuleKind::AllOf => group::Raw::json_schema(generator),
    }
}

/// What reading one stage's requirements needs besides the checker.
pub(crate) struct Reader<'t> {
    /// The rule file's text, for messages that quote it.
    pub text: &'t str,
    /// The ids already used in the stage.
    pub ids: BTreeSet<String>,
    /// What the stage's period is called, when it has one: `renewal cycle` or
    /// `provisional certification`; `None` for initial certification.
    pub period: Option<&'static str>,
}

impl Reader<'_> {
    /// Reads and checks one requirement table; `parent` gives a group's citation
    /// and confidence to parts that leave them out.
    pub fn read(
        &mut self,
        check: &mut Checker<'_>,
        value: Spanned<DeValue<'_>>,
        parent: Option<(&str, Confidence)>,
    ) -> Option<Requirement> {
        let span = value.span();
        let DeValue::Table(mut table) = value.into_inner() else {
            check.error("expected a requirement table", span);
            return None;
        };
        let mut common_table = DeTable::new();
        // The keys of [`Common`] are taken out before the kind's own keys are read.
        for key in keys_of::<Common>() {
            if let Some((k, v)) = table.remove_entry(*key) {
                common_table.insert(k, v);
            }
        }
        let common: Common = self.deserialize(check, span.clone(), common_table, None)?;
        let id = check.requirement_id(&common.id);
        check
            .requirement_spans
            .push((common.id.get_ref().clone(), common.id.span()));
        if let Some(id) = &id
            && !self.ids.insert(id.as_str().to_owned())
        {
            check.error(
                format!("duplicate requirement id `{id}` in this stage"),
                common.id.span(),
            );
            return None;
        }
        let kind = check.choice(&common.kind, &RuleKind::ALL, "requirement kind")?;
        let citation = match (&common.citation, parent) {
            (Some(c), _) => check.text(c, "a citation"),
            (None, Some((c, _))) => Some(c.to_owned()),
            (None, None) => {
                check.error(
                    "missing `citation`: every requirement names the page or section it encodes",
                    common.id.span(),
                );
                None
            }
        };
        let confidence = match (&common.confidence, parent) {
            (Some(c), _) => check.choice(c, &Confidence::ALL, "confidence"),
            (None, Some((_, c))) => Some(c),
            (None, None) => {
                check.error(
                    "missing `confidence`: expected `board`, `regulation` or `secondary`",
                    common.id.span(),
                );
                None
            }
        };
        let description = common
            .description
            .as_ref()
            .and_then(|d| check.text(d, "a description"));
        let at = Keyed {
            kind,
            kind_span: common.kind.span(),
            span,
            period: self.period,
        };
        let rule = match kind {
            RuleKind::Hours => self.kind(check, &at, table, HoursRule::check, Rule::Hours),
            RuleKind::Experience => {
                self.kind(check, &at, table, ExperienceRule::check, Rule::Experience)
            }
            RuleKind::Supervision => {
                self.kind(check, &at, table, SupervisionRule::check, Rule::Supervision)
            }
            RuleKind::Exam => self.kind(check, &at, table, ExamRule::check, Rule::Exam),
            RuleKind::Attestation => {
                self.kind(check, &at, table, AttestationRule::check, Rule::Attestation)
            }
            RuleKind::Credential => {
                self.kind(check, &at, table, CredentialRule::check, Rule::Credential)
            }
            RuleKind::AnyOf => {
                let inherited = citation.as_deref().zip(confidence);
                group::read(self, check, &at, group::Mode::Any, table, inherited).map(Rule::AnyOf)
            }
            RuleKind::AllOf => {
                let inherited = citation.as_deref().zip(confidence);
                group::read(self, check, &at, group::Mode::All, table, inherited).map(Rule::AllOf)
            }
        };
        Some(Requirement {
            id: id?,
            description,
            citation: citation?,
            confidence: confidence?,
            rule: rule?,
        })
    }

    /// Reads a table into one kind's keys, checks them, and makes the rule.
    fn kind<'i, R: Deserialize<'i>, T>(
        &self,
        check: &mut Checker<'_>,
        at: &Keyed,
        table: DeTable<'i>,
        checked: fn(&mut Checker<'_>, &Keyed, R) -> Option<T>,
        rule: fn(T) -> Rule,
    ) -> Option<Rule> {
        let raw = self.deserialize(check, at.span.clone(), table, Some(at.kind))?;
        checked(check, at, raw).map(rule)
    }

    /// Reads a table into a kind's keys (or the common ones, with no kind). A key
    /// the kind does not take is an error at its place: when another kind takes it,
    /// the message says it does not apply here and lists what does.
    fn deserialize<'i, T: Deserialize<'i>>(
        &self,
        check: &mut Checker<'_>,
        span: Range<usize>,
        table: DeTable<'i>,
        kind: Option<RuleKind>,
    ) -> Option<T> {
        let values: Vec<(String, Range<usize>)> = table
            .iter()
            .map(|(k, v)| (k.get_ref().to_string(), v.span()))
            .collect();
        let value = Spanned::new(span, DeValue::Table(table));
        match T::deserialize(ValueDeserializer::from(value)) {
            Ok(raw) => Some(raw),
            Err(error) => {
                let unknown = error
                    .message()
                    .strip_prefix("unknown field `")
                    .and_then(|rest| rest.split('`').next());
                let misplaced = match (kind, unknown) {
                    (Some(kind), Some(key))
                        if RuleKind::ALL
                            .iter()
                            .any(|(_, other)| keys(*other).contains(&key)) =>
                    {
                        values
                            .iter()
                            .find(|(k, _)| k == key)
                            .map(|(_, at)| (kind, key, at.clone()))
                    }
                    _ => None,
                };
                check.push(match misplaced {
                    Some((kind, key, at)) => Diagnostic::error(
                        format!(
                            "`{key}` does not apply to {} `{kind}` requirement",
                            kind.article()
                        ),
                        Some(at),
                    )
                    .with_help(format!(
                        "{} `{kind}` requirement takes {}",
                        kind.article(),
                        keys(kind)
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                    None => Diagnostic::from_toml(&error, self.text),
                });
                None
            }
        }
    }
}

/// Where a requirement of one kind is written, for its checks to blame.
pub(crate) struct Keyed {
    /// Its kind.
    pub kind: RuleKind,
    /// The `kind` value.
    pub kind_span: Range<usize>,
    /// The whole table.
    pub span: Range<usize>,
    /// What the stage's period is called, when it has one (see [`Reader::period`]).
    pub period: Option<&'static str>,
}

impl Keyed {
    /// Reports a key the kind needs but the table lacks.
    pub fn missing(&self, check: &mut Checker<'_>, key: &str) {
        check.error(
            format!(
                "missing `{key}` for {} `{}` requirement",
                self.kind.article(),
                self.kind
            ),
            self.kind_span.clone(),
        );
    }
}

/// A number of months from 1 to 600, when given.
pub(crate) fn months(check: &mut Checker<'_>, value: Option<&Spanned<i64>>) -> Option<Option<u32>> {
    match value {
        Some(v) => check
            .bounded(v, 1, 600, "a number of months from 1 to 600")
            .map(Some),
        None => Some(None),
    }
}

/// Why an overlay's window (in months) counts more than the base's, if it does.
pub(crate) fn window_loosened(old: Option<u32>, new: Option<u32>) -> Option<String> {
    match (old, new) {
        (Some(o), None) => Some(format!("the base counts only the last {o} months")),
        (Some(o), Some(n)) if n > o => {
            Some(format!("a {n}-month window is wider than the base's {o}"))
        }
        _ => None,
    }
}

/// The keys a kind's table takes besides the common ones, in file order.
pub(crate) fn keys(kind: RuleKind) -> &'static [&'static str] {
    match kind {
        RuleKind::Hours => keys_of::<hours::Raw>(),
        RuleKind::Experience => keys_of::<experience::Raw>(),
        RuleKind::Supervision => keys_of::<supervision::Raw>(),
        RuleKind::Exam => keys_of::<exam::Raw>(),
        RuleKind::Attestation => keys_of::<attestation::Raw>(),
        RuleKind::Credential => keys_of::<credential::Raw>(),
        RuleKind::AnyOf | RuleKind::AllOf => keys_of::<group::Raw>(),
    }
}

/// The keys of a requirement whose `kind` is written `kind`, in the order of a rule
/// file's canonical layout: `id`, `kind`, the kind's own keys, then `description`,
/// `citation` and `confidence`. A kind that is not known has only the common keys.
pub(crate) fn key_order(kind: Option<&str>) -> Vec<&'static str> {
    let own = RuleKind::ALL
        .iter()
        .find(|(name, _)| Some(*name) == kind)
        .map_or(&[][..], |(_, k)| keys(*k));
    let common = keys_of::<Common>();
    let (head, tail) = common.split_at_checked(2).unwrap_or((common, &[]));
    head.iter().chain(own).chain(tail).copied().collect()
}

/// The keys a serde struct takes, in order, as its derived `Deserialize` declares
/// them: so that the keys of each kind are written once, in its struct.
pub(crate) fn keys_of<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut probe = keys::Probe(&[]);
    let _ = T::deserialize(&mut probe);
    probe.0
}

mod keys {
    use serde::de::{self, Visitor};

    /// A deserializer that only records the field names a struct asks for.
    pub(super) struct Probe(pub &'static [&'static str]);

    #[derive(Debug)]
    pub(super) struct Done;

    impl std::fmt::Display for Done {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("fields recorded")
        }
    }

    impl std::error::Error for Done {}

    impl de::Error for Done {
        fn custom<T: std::fmt::Display>(_: T) -> Done {
            Done
        }
    }

    impl<'de> de::Deserializer<'de> for &mut Probe {
        type Error = Done;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Done> {
            Err(Done)
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Done> {
            self.0 = fields;
            Err(Done)
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each kind's keys are the fields of its struct, in file order.
    #[test]
    fn each_kind_declares_its_keys_once() {
        assert_eq!(
            keys(RuleKind::Hours),
            [
                "hours",
                "topic",
                "topics",
                "within_months",
                "formats",
                "caps",
                "min_share",
                "topic_caps"
            ]
        );
        assert_eq!(
            keys(RuleKind::Supervision),
            ["hours", "topic", "topics", "within_months"]
        );
        assert_eq!(
            keys(RuleKind::Attestation),
            ["attestation", "within_months", "within_cycle"]
        );
        assert_eq!(
            keys(RuleKind::Experience),
            ["hours", "within_months", "supervised"]
        );
        assert_eq!(keys(RuleKind::AnyOf), ["of"]);
        assert_eq!(
            keys_of::<Common>(),
            ["id", "kind", "description", "citation", "confidence"]
        );
    }

    /// The set of topics a requirement counts, in words: `ethics or advocacy`.
    #[test]
    fn topic_lists_read_as_alternatives() {
        let topics = [
            TopicId::new("ethics").unwrap(),
            TopicId::new("advocacy").unwrap(),
        ];
        assert_eq!(hours::topics_phrase(&topics), "ethics or advocacy training");
        assert_eq!(hours::topics_phrase(&[]), "training");
    }
}
