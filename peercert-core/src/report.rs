//! What an evaluation returns, as data: every renderer (text, JSON, Markdown, …)
//! formats these types and decides nothing.
//!
//! The JSON form (`serde::Serialize`) is a contract, DESIGN.md "Evaluation":
//! field names are snake_case, enum values kebab-case, hours JSON numbers,
//! money decimal strings, dates `YYYY-MM-DD`.

use chrono::NaiveDate;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Serialize, Serializer};

use crate::id::{CredentialId, RequirementId, TopicId, WorkerId};
use crate::quantity::{Cents, Hours};
use crate::record::Place;
use crate::vocab::{Confidence, FeeId, FeeKind, RuleKind};

/// The version of the JSON output; bumped only on incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

/// Why the worker is being evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Purpose {
    /// The worker does not hold the credential: can they certify?
    Initial,
    /// The worker holds it: are they current for renewal?
    Renewal,
}

/// The answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Initial: every requirement met (fees payable on submission may be outstanding).
    Eligible,
    /// Initial: at least one requirement unmet.
    NotEligible,
    /// Renewal: every requirement of this cycle met (the renewal fee may be outstanding).
    RenewalReady,
    /// Renewal: something unmet, cycle still open.
    RenewalDue,
    /// Renewal: expired, inside the grace period; the late fee applies.
    Grace,
    /// Renewal: expired beyond grace; the worker must re-apply, or reactivate an
    /// inactive credential where the board allows it ([`Standing`] says which).
    #[schemars(
        description = "Renewal: expired beyond grace; the worker must re-apply, or reactivate an inactive credential where the board allows it (`standing` says which)."
    )]
    Lapsed,
}

impl Outcome {
    /// Whether the answer is "yes" (exit code 0).
    pub fn is_ok(self) -> bool {
        matches!(self, Outcome::Eligible | Outcome::RenewalReady)
    }

    /// The word used in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Eligible => "eligible",
            Outcome::NotEligible => "not-eligible",
            Outcome::RenewalReady => "renewal-ready",
            Outcome::RenewalDue => "renewal-due",
            Outcome::Grace => "grace",
            Outcome::Lapsed => "lapsed",
        }
    }
}

/// Whether one requirement is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Met.
    Met,
    /// Not met.
    Unmet,
}

/// A requirement's measure: hours, an exam score, or a count (of attestations, paths, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Hours.
    Hours(Hours),
    /// An exam score.
    Score(u32),
    /// A count.
    Count(u32),
}

impl Measure {
    /// The unit word used in JSON: `hours`, `score` or `count`.
    pub fn unit(self) -> &'static str {
        match self {
            Measure::Hours(_) => "hours",
            Measure::Score(_) => "score",
            Measure::Count(_) => "count",
        }
    }
}

impl Measure {
    /// Nothing, in the same unit.
    pub fn zero(self) -> Measure {
        match self {
            Measure::Hours(_) => Measure::Hours(Hours::ZERO),
            Measure::Score(_) => Measure::Score(0),
            Measure::Count(_) => Measure::Count(0),
        }
    }
}

impl std::fmt::Display for Measure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Measure::Hours(h) => write!(f, "{h}"),
            Measure::Score(n) | Measure::Count(n) => write!(f, "{n}"),
        }
    }
}

/// JSON: a number of hours (`27.5`), or a whole number for a score or a count; the
/// `unit` beside it says which.
impl JsonSchema for Measure {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Measure".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A number: hours (with at most two decimals), an exam score or a count, as `unit` says.",
            "type": "number",
            "minimum": 0,
        })
    }
}

impl Serialize for Measure {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Measure::Hours(h) => h.serialize(serializer),
            Measure::Score(n) | Measure::Count(n) => serializer.serialize_u32(*n),
        }
    }
}

/// The kind of record entry a piece of evidence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EntryKind {
    /// `[[training]]`
    Training,
    /// `[[experience]]`
    Experience,
    /// `[[supervision]]`
    Supervision,
    /// `[[exam]]`
    Exam,
    /// `[[attestation]]`
    Attestation,
    /// `[[credential]]`
    Credential,
}

impl EntryKind {
    /// The table name in record files.
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Training => "training",
            EntryKind::Experience => "experience",
            EntryKind::Supervision => "supervision",
            EntryKind::Exam => "exam",
            EntryKind::Attestation => "attestation",
            EntryKind::Credential => "credential",
        }
    }
}

/// A record entry that counted toward a requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Evidence {
    /// Which kind of entry.
    pub entry: EntryKind,
    /// Where it came from: in JSON one key, `"line": 15` for a line of the record file
    /// (see [`Place`] for the others).
    #[serde(flatten)]
    pub place: Place,
    /// Its date (the last day, for a period of work).
    pub date: NaiveDate,
    /// What it is, in a few words: the course title, `icrc-pr score 612`, …
    pub label: String,
    /// How many hours of it counted, for hour requirements.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counted: Option<Hours>,
    /// Why only part of it counted, when that is so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A record entry that would have counted but did not, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Exclusion {
    /// Which kind of entry.
    pub entry: EntryKind,
    /// Where it came from, as for [`Evidence`].
    #[serde(flatten)]
    pub place: Place,
    /// Its date.
    pub date: NaiveDate,
    /// What it is.
    pub label: String,
    /// Why it did not count, as the evaluator decided it.
    pub cause: Cause,
    /// Why it did not count, as a phrase: `completed after 2026-11-23`.
    pub reason: String,
}

/// Why a record entry did not count toward a requirement: the evaluator's decision,
/// which [`Exclusion::reason`] words with its dates and numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Cause {
    /// Dated after the evaluation's date.
    AfterDate,
    /// Before the dates that count: the cycle, the window of months, or the period
    /// an exam result is valid for.
    OutOfWindow,
    /// Delivered in a format the requirement does not accept, or not recorded.
    Format,
    /// Its hours are not tagged with a topic (of a course) or a domain (of supervision).
    NoTopic,
    /// Every hour of it is over a cap (on a format or a topic).
    OverCap,
    /// An exam score below the passing score.
    BelowPassingScore,
    /// A score recorded for a pass/fail exam.
    ScoreForPassFail,
    /// An exam not passed.
    NotPassed,
    /// Work not marked supervised, where supervised work is required.
    NotSupervised,
    /// A credential that has expired.
    Expired,
}

impl Cause {
    /// In a few words, for a column of a table: `out of window`.
    pub fn label(self) -> &'static str {
        match self {
            Cause::AfterDate => "after the date",
            Cause::OutOfWindow => "out of window",
            Cause::Format => "format",
            Cause::NoTopic => "no topic",
            Cause::OverCap => "over a cap",
            Cause::BelowPassingScore => "below passing",
            Cause::ScoreForPassFail => "pass/fail exam",
            Cause::NotPassed => "not passed",
            Cause::NotSupervised => "not supervised",
            Cause::Expired => "expired",
        }
    }
}

/// The dates an entry must fall between to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Window {
    /// First day that counts, when there is one.
    pub from: Option<NaiveDate>,
    /// Last day that counts.
    pub to: NaiveDate,
}

/// The result for one requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct RequirementResult {
    /// The requirement's id.
    pub id: RequirementId,
    /// Its kind (`hours`, `exam`, `any_of`, …).
    pub kind: RuleKind,
    /// The rule set's label, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The topic, for hours of a single topic.
    pub topic: Option<TopicId>,
    /// The topics, when hours of any of several topics count.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<TopicId>,
    /// Met or not.
    pub status: Status,
    /// `hours`, `score` or `count`.
    pub unit: &'static str,
    /// What is required.
    pub required: Measure,
    /// What the record shows.
    pub completed: Measure,
    /// What is missing (zero when met).
    pub shortfall: Measure,
    /// The date by which it must be met, when one applies.
    pub deadline: Option<NaiveDate>,
    /// The dates that count, when limited.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<Window>,
    /// The entries that counted.
    pub evidence: Vec<Evidence>,
    /// Entries that did not count, each with its reason.
    pub not_counted: Vec<Exclusion>,
    /// Where the board publishes it.
    pub citation: String,
    /// How sure the rule is.
    pub confidence: Confidence,
    /// Why the requirement is not required this cycle, when the board waives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waived: Option<String>,
    /// One sentence for people.
    pub explanation: String,
    /// The parts of an `any_of` or `all_of`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<RequirementResult>,
}

impl RequirementResult {
    /// Whether it is met.
    pub fn is_met(&self) -> bool {
        self.status == Status::Met
    }

    /// Its unmet parts, looking inside `all_of` groups; an alternative (`any_of`)
    /// is one part. Empty when it is met.
    pub fn unmet_leaves(&self) -> Vec<&RequirementResult> {
        let mut out = Vec::new();
        self.push_unmet_leaves(&mut out);
        out
    }

    fn push_unmet_leaves<'a>(&'a self, out: &mut Vec<&'a RequirementResult>) {
        if self.is_met() {
            return;
        }
        match self.kind {
            RuleKind::AllOf => {
                for option in &self.options {
                    option.push_unmet_leaves(out);
                }
            }
            RuleKind::Hours
            | RuleKind::Experience
            | RuleKind::Supervision
            | RuleKind::Exam
            | RuleKind::Attestation
            | RuleKind::Credential
            | RuleKind::AnyOf => out.push(self),
        }
    }
}

/// A fee and how much of it is paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Cost {
    /// What it pays for.
    pub kind: FeeKind,
    /// The threshold of a late or reinstatement fee, 0 for other fees: with `kind`,
    /// the fee's identity ([`Cost::id`]). Not part of the JSON.
    #[serde(skip)]
    pub days_after_expiry: i64,
    /// The fee; zero when waived.
    pub amount: Cents,
    /// The board charges nothing for it: answers say "waived" (in JSON only when true).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub waived: bool,
    /// How much of it the record's payments pay: payments of the kind are allocated
    /// once, to the fees of the kind in ladder order, so no payment counts twice.
    pub paid: Cents,
    /// What is still owed.
    pub owed: Cents,
    /// Whether it is refundable; `None` when the board does not say.
    #[schemars(description = "Whether it is refundable; null when the board does not say.")]
    pub refundable: Option<bool>,
    /// A remark from the rule set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where the board publishes it.
    pub citation: String,
    /// How sure it is.
    pub confidence: Confidence,
}

impl Cost {
    /// Which fee of the rule set's stage this is.
    pub fn id(&self) -> FeeId {
        FeeId {
            kind: self.kind,
            days_after_expiry: self.days_after_expiry,
        }
    }

    /// Its amount in words: `150.00`, or `waived`.
    pub fn amount_text(&self) -> String {
        amount_text(self.amount, self.waived)
    }
}

/// An amount in words: `150.00`, or `waived` for a fee the board waives.
pub fn amount_text(amount: Cents, waived: bool) -> String {
    if waived {
        "waived".to_owned()
    } else {
        amount.to_string()
    }
}

/// A late or reinstatement fee not owed on the evaluation's date, that will be if
/// the renewal is made on or after `from`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeAhead {
    /// The fee, nothing of it paid.
    pub cost: Cost,
    /// The first day it is owed.
    pub from: NaiveDate,
}

/// The sum of all costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default, JsonSchema)]
pub struct CostTotal {
    /// All fees.
    pub amount: Cents,
    /// Paid.
    pub paid: Cents,
    /// Still owed.
    pub owed: Cents,
}

/// The worker, as named in the answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct WorkerRef {
    /// The worker's id.
    pub id: WorkerId,
    /// The worker's name.
    pub name: String,
}

/// The credential, as named in the answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct CredentialRef {
    /// Its id.
    pub id: CredentialId,
    /// Its full name.
    pub name: String,
    /// Its jurisdiction.
    pub jurisdiction: String,
    /// Its board.
    pub board: String,
    /// Where its rules were read.
    pub sources: Vec<String>,
    /// When they were last verified.
    pub verified: NaiveDate,
    /// Whether that was more than 12 months before `as_of`.
    pub stale: bool,
}

/// The edition of the rules used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct EditionRef {
    /// When it took effect.
    pub effective: NaiveDate,
    /// What it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The renewal cycle being evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Cycle {
    /// When the credential was issued.
    pub issued: NaiveDate,
    /// The first day of the cycle: hours before it do not count.
    ///
    /// A renewal cycle is the `cycle_months` that end on the expiry date, the expiry day
    /// included, so every day belongs to exactly one cycle. It begins the day after the
    /// previous cycle's expiry, on `expires` − `cycle_months` + 1 day, or on `issued` when
    /// the credential was issued later than that (a first or short cycle). When the
    /// record shows an earlier issuance that expired on the day this one was issued (a
    /// renewal on the expiry day), that day stays in the earlier cycle and this one
    /// begins the day after. By anchor:
    ///
    /// - issue date: issued 2025-02-01, expires 2027-02-01, 24 months: 2025-02-02 to
    ///   2027-02-01; 2025-02-01 is the last day of the cycle before;
    /// - birthday: the day after the previous birthday to the birthday (born 14 March,
    ///   24 months: 2025-03-15 to 2027-03-14);
    /// - calendar year: 1 January to 31 December;
    /// - fixed date (1 September of odd years, 24 months): 2025-09-02 to 2027-09-01.
    ///
    /// Months are counted back as chrono counts them, clamped to the month's last day:
    /// 2028-02-29 − 24 months is 2026-02-28, so a cycle ending on 2028-02-29 begins on
    /// 2026-03-01. A window of `within_months` counted back from the expiry date starts
    /// the same way. A provisional certification's period begins on its issue date.
    pub start: NaiveDate,
    /// The expiry date: the end of the cycle.
    pub expires: NaiveDate,
    /// The last day of the grace period (the expiry date when there is none); `None`
    /// when the board accepts late renewals with no last day.
    #[schemars(
        description = "The last day of the grace period (the expiry date when there is none); null when the board accepts late renewals with no last day."
    )]
    pub grace_ends: Option<NaiveDate>,
    /// The last day of the board's inactive period after grace, when it has one: until
    /// then an inactive credential may be reactivated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inactive_ends: Option<NaiveDate>,
    /// Days from `as_of` to the expiry date (negative once expired).
    pub days_to_expiry: i64,
    /// The first day the board accepts the renewal, when it sets one.
    pub submit_from: Option<NaiveDate>,
    /// The day the renewal is due, when the board sets one before expiry.
    pub due: Option<NaiveDate>,
}

impl Cycle {
    /// The date to meet the renewal by on `as_of`: the due date until it passes,
    /// then the expiry date.
    pub fn deadline(&self, as_of: NaiveDate) -> NaiveDate {
        match self.due {
            Some(due) if as_of <= due => due,
            _ => self.expires,
        }
    }
}

/// The stage of a rule set's edition that an evaluation measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum StageKind {
    /// Initial certification (also what applying again takes after a lapse).
    Initial,
    /// What must be met during a provisional certification.
    Provisional,
    /// The renewal cycle.
    Renewal,
}

/// Where the worker stands with the credential on the evaluation's date: decided
/// once by the evaluator, read by the planner, the audit and the renderers.
///
/// JSON: an object whose `state` is `initial`, `provisional`, `open`, `grace`,
/// `inactive`, `lapsed` or `terms-not-published`, with that state's dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum Standing {
    /// Does not hold the credential: applying for it.
    Initial {
        /// When the provisional certification the worker held expired, if one did:
        /// applying again follows it.
        #[serde(skip_serializing_if = "Option::is_none")]
        provisional_expired: Option<NaiveDate>,
    },
    /// Holds a provisional certification, working toward the full one.
    Provisional {
        /// Its last day: the requirements must be met by then.
        ends: NaiveDate,
    },
    /// Holds the credential; the renewal cycle is open.
    Open {
        /// The expiry date, the end of the cycle.
        expires: NaiveDate,
        /// The board's due date before expiry, when it sets one.
        #[serde(skip_serializing_if = "Option::is_none")]
        due: Option<NaiveDate>,
    },
    /// Expired, and the board still accepts a late renewal.
    Grace {
        /// The expiry date.
        expired: NaiveDate,
        /// The last day a late renewal is accepted; `None` (JSON `no-last-day`)
        /// when the board accepts one with no published last day.
        #[serde(serialize_with = "last_day")]
        #[schemars(
            description = "The last day a late renewal is accepted, or `no-last-day` when the board accepts one with no published last day."
        )]
        #[schemars(with = "LastDay")]
        ends: Option<NaiveDate>,
    },
    /// Expired beyond grace, inside the board's inactive period: the credential may
    /// still be reactivated (with the board's reinstatement fee) until `until`.
    Inactive {
        /// The expiry date.
        expired: NaiveDate,
        /// The last day it may be reactivated; after it, it has lapsed.
        until: NaiveDate,
    },
    /// Expired beyond grace (and any inactive period): the worker must apply again.
    Lapsed {
        /// The expiry date.
        expired: NaiveDate,
    },
    /// Expired, and the board publishes no terms for renewing after expiry: whether a
    /// late renewal is possible is for the board to say. Answers list what applying
    /// again takes.
    TermsNotPublished {
        /// The expiry date.
        expired: NaiveDate,
    },
}

/// The last day of grace in JSON: a date, or `no-last-day`.
struct LastDay;

impl JsonSchema for LastDay {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "LastDay".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "anyOf": [generator.subschema_for::<NaiveDate>(), { "const": "no-last-day" }],
        })
    }
}

fn last_day<S: Serializer>(ends: &Option<NaiveDate>, serializer: S) -> Result<S::Ok, S::Error> {
    match ends {
        Some(date) => date.serialize(serializer),
        None => serializer.serialize_str("no-last-day"),
    }
}

impl Standing {
    /// Its `state` word, as in JSON.
    pub fn state(self) -> &'static str {
        match self {
            Standing::Initial { .. } => "initial",
            Standing::Provisional { .. } => "provisional",
            Standing::Open { .. } => "open",
            Standing::Grace { .. } => "grace",
            Standing::Inactive { .. } => "inactive",
            Standing::Lapsed { .. } => "lapsed",
            Standing::TermsNotPublished { .. } => "terms-not-published",
        }
    }

    /// Initial certification or renewal.
    pub fn purpose(self) -> Purpose {
        match self {
            Standing::Initial { .. } | Standing::Provisional { .. } => Purpose::Initial,
            Standing::Open { .. }
            | Standing::Grace { .. }
            | Standing::Inactive { .. }
            | Standing::Lapsed { .. }
            | Standing::TermsNotPublished { .. } => Purpose::Renewal,
        }
    }

    /// The date the requirements must be met by on `as_of`, and what that date is.
    pub fn deadline(self, as_of: NaiveDate) -> (Deadline, DeadlineKind) {
        match self {
            Standing::Initial { .. }
            | Standing::Lapsed { .. }
            | Standing::TermsNotPublished { .. } => {
                (Deadline::BeforeApplying, DeadlineKind::BeforeApplying)
            }
            Standing::Inactive { until, .. } => {
                (Deadline::On(until), DeadlineKind::ReactivationEnd)
            }
            Standing::Provisional { ends } => (Deadline::On(ends), DeadlineKind::ProvisionalEnd),
            Standing::Open { due: Some(due), .. } if as_of <= due => {
                (Deadline::On(due), DeadlineKind::Due)
            }
            Standing::Open { expires, .. } => (Deadline::On(expires), DeadlineKind::Expiry),
            Standing::Grace {
                ends: Some(ends), ..
            } => (Deadline::On(ends), DeadlineKind::GraceEnd),
            Standing::Grace { ends: None, .. } => (Deadline::NoLastDay, DeadlineKind::NoLastDay),
        }
    }
}

/// The date something must be done by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Deadline {
    /// A date.
    On(NaiveDate),
    /// Before applying for the credential: an initial application has no date.
    BeforeApplying,
    /// The board still accepts a late renewal and publishes no last day.
    NoLastDay,
}

impl Deadline {
    /// The date, when there is one.
    pub fn date(self) -> Option<NaiveDate> {
        match self {
            Deadline::On(date) => Some(date),
            Deadline::BeforeApplying | Deadline::NoLastDay => None,
        }
    }
}

impl std::fmt::Display for Deadline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Deadline::On(date) => write!(f, "{date}"),
            Deadline::BeforeApplying => f.write_str("before applying"),
            Deadline::NoLastDay => f.write_str("no published last day"),
        }
    }
}

/// JSON: the date as `YYYY-MM-DD`, or `before-applying` / `no-last-day`.
impl JsonSchema for Deadline {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Deadline".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "The date something must be done by (YYYY-MM-DD), `before-applying` for an initial application, or `no-last-day` when the board accepts a late renewal with no published last day.",
            "anyOf": [
                generator.subschema_for::<NaiveDate>(),
                { "type": "string", "enum": ["before-applying", "no-last-day"] },
            ],
        })
    }
}

/// JSON: the date as `YYYY-MM-DD`, or `before-applying` / `no-last-day`.
impl Serialize for Deadline {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Deadline::On(date) => date.serialize(serializer),
            Deadline::BeforeApplying => serializer.serialize_str("before-applying"),
            Deadline::NoLastDay => serializer.serialize_str("no-last-day"),
        }
    }
}

/// What a deadline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DeadlineKind {
    /// The board's due date, some days before expiry.
    Due,
    /// The expiry date, the end of the renewal cycle.
    Expiry,
    /// The last day of the grace period after expiry.
    GraceEnd,
    /// The last day an inactive credential may be reactivated.
    ReactivationEnd,
    /// The end of a provisional certification.
    ProvisionalEnd,
    /// An initial application: before applying.
    BeforeApplying,
    /// A late renewal the board accepts with no published last day.
    NoLastDay,
}

impl DeadlineKind {
    /// The word used in JSON and calendar ids.
    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineKind::Due => "due",
            DeadlineKind::Expiry => "expiry",
            DeadlineKind::GraceEnd => "grace-end",
            DeadlineKind::ReactivationEnd => "reactivation-end",
            DeadlineKind::ProvisionalEnd => "provisional-end",
            DeadlineKind::BeforeApplying => "before-applying",
            DeadlineKind::NoLastDay => "no-last-day",
        }
    }
}

/// The whole answer for one worker and one credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Evaluation {
    /// [`SCHEMA_VERSION`].
    #[schemars(description = "The version of this format: 1.")]
    pub schema_version: u32,
    /// Who.
    pub worker: WorkerRef,
    /// The credential's id (kept flat for the JSON contract).
    pub credential: CredentialId,
    /// The credential in full.
    pub credential_info: CredentialRef,
    /// The edition of the rules in force on `as_of`.
    pub edition: EditionRef,
    /// Initial or renewal.
    pub purpose: Purpose,
    /// The date of the evaluation.
    pub as_of: NaiveDate,
    /// The answer.
    pub outcome: Outcome,
    /// Where the worker stands with the credential.
    pub standing: Standing,
    /// Which stage of the edition was measured.
    pub stage: StageKind,
    /// The cycle, for renewal; the provisional period, for a provisional certification.
    pub cycle: Option<Cycle>,
    /// Days left to act: to expiry when renewal is due, to the end of grace in grace,
    /// to the end of the inactive period when inactive.
    pub days_left: Option<i64>,
    /// One sentence saying the answer and why.
    pub summary: String,
    /// Which requirements are listed: the renewal cycle's, or initial certification's
    /// (for a lapsed credential, what applying again takes).
    pub requirements_of: Purpose,
    /// Every requirement, in the rule set's order.
    pub requirements: Vec<RequirementResult>,
    /// Every fee of this purpose owed on `as_of`.
    pub costs: Vec<Cost>,
    /// Late and reinstatement fees of the renewal not owed yet, that will be if it
    /// is made late (not in the JSON of a check: a plan lists them).
    #[serde(skip)]
    pub fees_ahead: Vec<FeeAhead>,
    /// The costs added up.
    pub total: CostTotal,
    /// Things the reader should know about the answer itself.
    pub notes: Vec<String>,
}
