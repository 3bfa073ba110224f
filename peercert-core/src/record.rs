//! A worker's record: who they are, the credentials they hold, and every course,
//! exam, work period, supervision session, payment and attestation they logged.
//!
//! The record file format is a contract (DESIGN.md, "Worker record"); this module
//! reads it once into checked values. [`Record::parse`] reports every problem in
//! the file, each with its place, and returns a record only when there is none.
//!
//! Every way an entry enters a record gives the same typed [`Entry`], with the
//! [`Place`] it came from: a line of the record file, an entry written on one line
//! ([`entry`], such as a what-if), a roster row, a catalogue course, the renewal the
//! planner assumes. Each reader reads its own syntax into a draft of typed values,
//! each with where it was written, and the one set of checks in `record/draft.rs`
//! turns the draft into the entry; nothing is written as TOML to be parsed again.

pub(crate) mod draft;
pub mod edit;
pub mod entry;
mod fast;
mod raw;

pub(crate) use raw::Record as Schema;

use std::ops::Range;
use std::path::Path;

use chrono::NaiveDate;
use serde::ser::{Serialize, SerializeMap, Serializer};
use toml::{Spanned, Value};

use crate::check::{At, Checker};
use crate::diag::{Diagnostic, Diagnostics, Lines, Source};
use crate::error::LoadError;
use crate::id::{AttestationKind, CredentialId, ExamId, TopicId, WorkerId};
use crate::quantity::{Cents, Hours, describe_value};
use crate::salvage::Parts;
use crate::topic::Topics;
use crate::vocab::{FeeKind, Format};
use draft::{
    AttestationDraft, CourseDraft, CredentialDraft, Draft, ExamDraft, ExamResultDraft,
    ExperienceDraft, PaymentDraft, Seen, SupervisionDraft, TopicsDraft, TrainingDraft, WorkerDraft,
};

/// The most hours one course may carry before it is treated as a typo.
pub const MAX_COURSE_HOURS: Hours = Hours::from_whole(2_000);
/// The most hours one supervision entry may carry.
pub const MAX_SUPERVISION_HOURS: Hours = Hours::from_whole(2_000);
/// The largest payment accepted.
pub const MAX_PAYMENT: Cents = Cents::new(10_000_000);
/// The highest exam score accepted (scaled scores run to 800, percentages to 100).
pub const MAX_SCORE: i64 = 1_000;
/// The most times one course may be logged on one day (its highest `repeat`).
pub const MAX_REPEAT: u8 = 99;

/// The names a record is checked against: the topic vocabulary, the credentials,
/// and the exam ids and attestation kinds the rules name. A
/// [`Library`](crate::Library) is one; records depend on this, not on the library.
pub trait Vocabulary {
    /// The topics and their aliases.
    fn topics(&self) -> &Topics;
    /// Whether some rule set defines the credential.
    fn knows_credential(&self, id: &CredentialId) -> bool;
    /// Every credential id, for close matches.
    fn credential_ids(&self) -> Vec<&str>;
    /// Every exam id the rules name.
    fn exam_ids(&self) -> Vec<&str>;
    /// Every attestation kind the rules name.
    fn attestation_kinds(&self) -> Vec<&str>;
}

/// A worker's whole record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Who the worker is.
    pub worker: Worker,
    /// Credentials held, in file order.
    pub credentials: Vec<HeldCredential>,
    /// Completed courses, in file order.
    pub trainings: Vec<Training>,
    /// Exam attempts.
    pub exams: Vec<ExamAttempt>,
    /// Work or volunteer periods.
    pub experience: Vec<Experience>,
    /// Supervision sessions.
    pub supervision: Vec<Supervision>,
    /// Payments made.
    pub payments: Vec<Payment>,
    /// Signed or dated statements.
    pub attestations: Vec<Attestation>,
}

/// The `[worker]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worker {
    /// Unique within an agency.
    pub id: WorkerId,
    /// The worker's name as it should be shown.
    pub name: String,
    /// Date of birth, when given.
    pub birth_date: Option<NaiveDate>,
    /// Credentials the worker is working toward.
    pub pursuing: Vec<CredentialId>,
}

/// A credential the worker holds (one `[[credential]]` entry: one issuance).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldCredential {
    /// Which credential.
    pub id: CredentialId,
    /// The certificate number, when given.
    pub number: Option<String>,
    /// When it was issued (or last renewed).
    pub issued: NaiveDate,
    /// When it expires.
    pub expires: NaiveDate,
    /// Whether this is a provisional (time-limited, not renewable) certification.
    pub provisional: bool,
    /// Where the entry came from.
    pub place: Place,
}

/// A completed course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Training {
    /// Completion date.
    pub date: NaiveDate,
    /// Course title; `None` for a course given without one (a what-if).
    pub title: Option<String>,
    /// Who gave it.
    pub provider: Option<String>,
    /// Total hours.
    pub hours: Hours,
    /// Hours per topic; they add up to at most `hours`, the rest is untagged.
    pub topics: Vec<(TopicId, Hours)>,
    /// How it was delivered, when recorded.
    pub format: Option<Format>,
    /// Certificate number, when given.
    pub certificate: Option<String>,
    /// Which time the same course (date, title, hours and topics) is taken on its day:
    /// `None` the first time, `Some(n)` the n-th, from 2 to [`MAX_REPEAT`] (the file's
    /// `repeat = n`). Two entries of one course with the same `repeat` are duplicates.
    pub repeat: Option<u8>,
    /// Where the entry came from.
    pub place: Place,
}

impl Training {
    /// What the course is called in reports: its title, or `untitled course`.
    pub fn label(&self) -> String {
        self.title
            .clone()
            .unwrap_or_else(|| "untitled course".to_owned())
    }

    /// The hours of this course tagged with any of `topics`; with no topics, all its hours.
    pub fn hours_in(&self, topics: &[TopicId]) -> Hours {
        if topics.is_empty() {
            return self.hours;
        }
        self.topics
            .iter()
            .filter(|(topic, _)| topics.contains(topic))
            .map(|(_, hours)| *hours)
            .sum()
    }
}

/// The result of an exam attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExamResult {
    /// A numeric score.
    Score(u32),
    /// A pass/fail result.
    Passed(bool),
}

/// One exam attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExamAttempt {
    /// Which exam.
    pub id: ExamId,
    /// When it was taken.
    pub date: NaiveDate,
    /// Score or pass/fail.
    pub result: ExamResult,
    /// Where the entry came from.
    pub place: Place,
}

/// A period of paid or volunteer work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Experience {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Hours worked in the period.
    pub hours: Hours,
    /// Whether the work was supervised.
    pub supervised: bool,
    /// Where the entry came from.
    pub place: Place,
}

/// A supervision session (or a period's supervision, logged on its last day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Supervision {
    /// When.
    pub date: NaiveDate,
    /// How long.
    pub hours: Hours,
    /// Hours per domain (topic), as a course's topics are; the rest is untagged.
    pub topics: Vec<(TopicId, Hours)>,
    /// Where the entry came from.
    pub place: Place,
}

impl Supervision {
    /// The hours of this supervision tagged with any of `topics`; with no topics, all
    /// its hours.
    pub fn hours_in(&self, topics: &[TopicId]) -> Hours {
        if topics.is_empty() {
            return self.hours;
        }
        self.topics
            .iter()
            .filter(|(topic, _)| topics.contains(topic))
            .map(|(_, hours)| *hours)
            .sum()
    }
}

/// A payment made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    /// What it paid for.
    pub kind: FeeKind,
    /// How much.
    pub amount: Cents,
    /// When.
    pub date: NaiveDate,
    /// Which credential it was for; a payment without one counts for any.
    pub credential: Option<CredentialId>,
    /// Where the entry came from.
    pub place: Place,
}

/// A signed or dated statement (lived experience, code of ethics, diploma, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attestation {
    /// What is attested.
    pub kind: AttestationKind,
    /// When.
    pub date: NaiveDate,
    /// Where the entry came from.
    pub place: Place,
}

/// One entry of a record, whichever way it entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A credential held (`[[credential]]`).
    Credential(HeldCredential),
    /// A completed course (`[[training]]`).
    Training(Training),
    /// An exam attempt (`[[exam]]`).
    Exam(ExamAttempt),
    /// A period of work (`[[experience]]`).
    Experience(Experience),
    /// A supervision session (`[[supervision]]`).
    Supervision(Supervision),
    /// A payment (`[[payment]]`).
    Payment(Payment),
    /// A signed or dated statement (`[[attestation]]`).
    Attestation(Attestation),
}

impl Entry {
    /// Where the entry came from.
    pub fn place(&self) -> Place {
        match self {
            Entry::Credential(e) => e.place,
            Entry::Training(e) => e.place,
            Entry::Exam(e) => e.place,
            Entry::Experience(e) => e.place,
            Entry::Supervision(e) => e.place,
            Entry::Payment(e) => e.place,
            Entry::Attestation(e) => e.place,
        }
    }

    /// The day it is done: the issue date of a credential, the last day of a period
    /// of work, the date of anything else.
    pub fn date(&self) -> NaiveDate {
        match self {
            Entry::Credential(e) => e.issued,
            Entry::Training(e) => e.date,
            Entry::Exam(e) => e.date,
            Entry::Experience(e) => e.to,
            Entry::Supervision(e) => e.date,
            Entry::Payment(e) => e.date,
            Entry::Attestation(e) => e.date,
        }
    }
}

/// Where an entry came from, to point at it in reports and messages.
///
/// In JSON it is one key of the object that names the entry: `"line": 15` for a line
/// of the record file, `"added": 1`, `"row": 16`, `"catalogue_line": 3`, or
/// `"assumed": "renewal"`. Places are ordered as listed, so that of two entries of one
/// day, the record file's comes before one added to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    /// A line of the record file, from 1.
    Line(usize),
    /// The n-th entry added to the record from outside its file (a what-if), from 1.
    Added(usize),
    /// A row of a roster, from 1 (the header).
    Row(usize),
    /// A course of a catalogue, at its line in the catalogue file.
    Course(usize),
    /// The renewal the planner assumes on the expiry date, which opens the next cycle.
    Renewal,
}

/// JSON: one of these keys, in the object that names the entry (which flattens it).
impl schemars::JsonSchema for Place {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Place".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "properties": {
                "line": { "description": "The entry's line in the record file, from 1.", "type": "integer", "minimum": 1 },
                "added": { "description": "The n-th entry added from outside the file (`plan --with`), from 1.", "type": "integer", "minimum": 1 },
                "row": { "description": "The roster row it came from, from 1 (the header).", "type": "integer", "minimum": 1 },
                "catalogue_line": { "description": "The line of the catalogue's course.", "type": "integer", "minimum": 1 },
                "assumed": { "description": "The renewal the planner assumes on the expiry day.", "const": "renewal" },
            },
        })
    }
}

impl Serialize for Place {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        match self {
            Place::Line(n) => map.serialize_entry("line", n)?,
            Place::Added(n) => map.serialize_entry("added", n)?,
            Place::Row(n) => map.serialize_entry("row", n)?,
            Place::Course(n) => map.serialize_entry("catalogue_line", n)?,
            Place::Renewal => map.serialize_entry("assumed", "renewal")?,
        }
        map.end()
    }
}

/// How a record is read part by part: each entry stands alone.
const PARTS: Parts = Parts {
    entries: &[
        "credential",
        "training",
        "exam",
        "experience",
        "supervision",
        "payment",
        "attestation",
    ],
    describe: describe_shape,
};

/// A reading error in a record's terms; a record without its `[worker]` table is
/// told what one starts with.
fn describe_shape(error: &toml::de::Error, text: &str) -> Diagnostic {
    if error.message().starts_with("missing field `worker`") {
        Diagnostic::error(
            "missing the `[worker]` table: a record starts with the worker's `id` and `name`",
            None,
        )
    } else {
        Diagnostic::from_toml(error, text)
    }
}

impl Record {
    /// Reads and checks a record file.
    pub fn read(path: &Path, library: &dyn Vocabulary) -> Result<Record, LoadError> {
        let source = crate::error::read_source(path)?;
        Record::parse(&source, library)
    }

    /// Checks a record given as bytes (standard input, say); `name` is shown in messages.
    pub fn from_bytes(
        name: &str,
        bytes: &[u8],
        library: &dyn Vocabulary,
    ) -> Result<Record, LoadError> {
        let source = crate::error::source_from_bytes(name, bytes)?;
        Record::parse(&source, library)
    }

    /// Checks a record's text. Topics and credential ids are resolved against `library`.
    pub fn parse(source: &Source, library: &dyn Vocabulary) -> Result<Record, LoadError> {
        // A file that does not read as a record whole is read part by part, so that
        // each part's problem is reported, and the parts that read are checked too.
        // A well-formed file is read straight from its parsed TOML; anything else
        // goes through serde, whose messages say what is wrong.
        let read = fast::record(&source.text).map_or_else(
            || crate::salvage::read::<raw::Record>(&source.text, &PARTS),
            |raw| (Some(raw), Vec::new()),
        );
        let (raw, shape) = match read {
            (Some(raw), problems) => (raw, problems),
            (None, problems) => {
                return Err(LoadError::Invalid(Diagnostics::new(
                    source.clone(),
                    problems,
                )));
            }
        };
        let mut check = Checker::new(library.topics());
        let worker = worker(&mut check, raw.worker.into_inner()).check(&mut check, library);
        let mut drafts = Vec::with_capacity(
            raw.credential.len()
                + raw.training.len()
                + raw.exam.len()
                + raw.experience.len()
                + raw.supervision.len()
                + raw.payment.len()
                + raw.attestation.len(),
        );
        for e in raw.credential {
            drafts.push((e.span(), credential(&mut check, e.into_inner())));
        }
        for e in raw.training {
            drafts.push((e.span(), training(&mut check, e.into_inner())));
        }
        for e in raw.exam {
            drafts.push((e.span(), exam(&mut check, e, &source.text)));
        }
        for e in &raw.experience {
            drafts.push((e.span(), experience(&mut check, e.get_ref())));
        }
        for e in raw.supervision {
            drafts.push((e.span(), supervision(&mut check, e.into_inner())));
        }
        for e in raw.payment {
            drafts.push((e.span(), payment(&mut check, e.into_inner())));
        }
        for e in raw.attestation {
            drafts.push((e.span(), attestation(&mut check, e.into_inner())));
        }
        let mut seen = Seen::with_capacity(drafts.len());
        let mut entries = Vec::with_capacity(drafts.len());
        let mut ok = true;
        let lines = Lines::new(&source.text);
        for (span, draft) in drafts {
            let place = Place::Line(lines.line_of(span.start));
            match draft.check(&mut check, library, place) {
                Some(entry) => {
                    seen.admit(&entry, || header_span(&source.text, span), &mut check);
                    entries.push(entry);
                }
                None => ok = false,
            }
        }
        let mut problems = check.problems;
        problems.extend(shape);
        problems.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
        match worker {
            Some(worker) if ok && problems.is_empty() => Ok(Record::new(worker, entries)),
            _ => Err(LoadError::Invalid(Diagnostics::new(
                source.clone(),
                problems,
            ))),
        }
    }

    /// A record of `worker` with `entries`, each put with the others of its kind.
    pub(crate) fn new(worker: Worker, entries: Vec<Entry>) -> Record {
        let mut record = Record {
            worker,
            credentials: Vec::new(),
            trainings: Vec::new(),
            exams: Vec::new(),
            experience: Vec::new(),
            supervision: Vec::new(),
            payments: Vec::new(),
            attestations: Vec::new(),
        };
        for entry in entries {
            record.push(entry);
        }
        record
    }

    /// Every entry, kind by kind, each kind in the order it was added.
    pub fn entries(&self) -> impl Iterator<Item = Entry> + '_ {
        let credentials = self.credentials.iter().cloned().map(Entry::Credential);
        let trainings = self.trainings.iter().cloned().map(Entry::Training);
        let exams = self.exams.iter().cloned().map(Entry::Exam);
        let experience = self.experience.iter().cloned().map(Entry::Experience);
        let supervision = self.supervision.iter().cloned().map(Entry::Supervision);
        let payments = self.payments.iter().cloned().map(Entry::Payment);
        let attestations = self.attestations.iter().cloned().map(Entry::Attestation);
        credentials
            .chain(trainings)
            .chain(exams)
            .chain(experience)
            .chain(supervision)
            .chain(payments)
            .chain(attestations)
    }

    /// Puts a checked entry with the others of its kind.
    pub(crate) fn push(&mut self, entry: Entry) {
        match entry {
            Entry::Credential(e) => self.credentials.push(e),
            Entry::Training(e) => self.trainings.push(e),
            Entry::Exam(e) => self.exams.push(e),
            Entry::Experience(e) => self.experience.push(e),
            Entry::Supervision(e) => self.supervision.push(e),
            Entry::Payment(e) => self.payments.push(e),
            Entry::Attestation(e) => self.attestations.push(e),
        }
    }

    /// The most recent issuance of `id` that was issued on or before `as_of`.
    pub fn held(&self, id: &CredentialId, as_of: NaiveDate) -> Option<&HeldCredential> {
        self.credentials
            .iter()
            .filter(|c| &c.id == id && c.issued <= as_of)
            .max_by_key(|c| c.issued)
    }

    /// Credentials the record holds or pursues, each once, in file order.
    pub fn credentials_of_interest(&self) -> Vec<&CredentialId> {
        let mut seen: Vec<&CredentialId> = Vec::new();
        for id in self
            .credentials
            .iter()
            .map(|c| &c.id)
            .chain(self.worker.pursuing.iter())
        {
            if !seen.contains(&id) {
                seen.push(id);
            }
        }
        seen
    }
}

// The readers of the record file: each entry's TOML, as written, into a draft. The
// draft's checks are those of every other way an entry enters.

type Span = Range<usize>;

fn worker(check: &mut Checker<'_>, raw: raw::Worker) -> WorkerDraft<Span> {
    WorkerDraft {
        id: At::from(raw.id),
        name: At::from(raw.name),
        birth_date: raw.birth_date.as_ref().map(|d| check.read_date(d)),
        pursuing: raw.pursuing.into_iter().map(At::from).collect(),
    }
}

fn credential(check: &mut Checker<'_>, raw: raw::Credential) -> Draft<Span> {
    Draft::Credential(CredentialDraft {
        id: At::from(raw.id),
        number: raw.number,
        issued: check.read_date(&raw.issued),
        expires: check.read_date(&raw.expires),
        provisional: raw.provisional,
    })
}

fn training(check: &mut Checker<'_>, raw: raw::Training) -> Draft<Span> {
    Draft::Training(TrainingDraft {
        date: check.read_date(&raw.date),
        title: Some(At::from(raw.title)),
        provider: raw.provider,
        course: course(
            check,
            &raw.hours,
            raw.topic,
            raw.topics.as_ref(),
            raw.format,
        ),
        certificate: raw.certificate,
        repeat: raw.repeat.as_ref().map(|r| repeat(check, r)),
    })
}

/// A course's `repeat` as written: a whole number, checked later.
fn repeat(check: &mut Checker<'_>, value: &Spanned<Value>) -> draft::Read<i64, Span> {
    match value.get_ref() {
        Value::Integer(n) => Some(At::new(*n, value.span())),
        other => {
            check.error(draft::repeat_expected(&describe_value(other)), value.span());
            None
        }
    }
}

/// An entry's `topic` or `topics` as read; `what` names the entry in messages
/// (`course`, `supervision`).
fn topics_draft(
    check: &mut Checker<'_>,
    topic: Option<Spanned<String>>,
    topics: Option<&Spanned<std::collections::BTreeMap<Spanned<String>, Spanned<Value>>>>,
    what: &str,
) -> TopicsDraft<Span> {
    match (topic, topics) {
        (Some(_), Some(split)) => {
            check.error(
                format!(
                    "a {what} has either `topic` (all its hours in one topic) or `topics` (a split), not both"
                ),
                split.span(),
            );
            TopicsDraft::Unreadable
        }
        (Some(topic), None) => TopicsDraft::One(At::from(topic)),
        (None, Some(split)) => TopicsDraft::Split(check.read_split(split), split.span()),
        (None, None) => TopicsDraft::Untagged,
    }
}

/// What a course is, as a record's `[[training]]` and a catalogue's `[[course]]` write it.
pub(crate) fn course(
    check: &mut Checker<'_>,
    hours: &Spanned<Value>,
    topic: Option<Spanned<String>>,
    topics: Option<&Spanned<std::collections::BTreeMap<Spanned<String>, Spanned<Value>>>>,
    format: Option<Spanned<String>>,
) -> CourseDraft<Span> {
    let topics = topics_draft(check, topic, topics, "course");
    CourseDraft {
        hours: check.read_hours(hours),
        topics,
        format: format.map(At::from),
    }
}

fn exam(check: &mut Checker<'_>, entry: Spanned<raw::Exam>, text: &str) -> Draft<Span> {
    let span = entry.span();
    let raw = entry.into_inner();
    let result = match (&raw.score, &raw.passed) {
        (Some(score), None) => match score.get_ref() {
            Value::Integer(s) => Some(At::new(ExamResultDraft::Score(*s), score.span())),
            other => {
                check.error(draft::score_expected(&describe_value(other)), score.span());
                None
            }
        },
        (None, Some(passed)) => Some(At::new(
            ExamResultDraft::Passed(*passed.get_ref()),
            passed.span(),
        )),
        (Some(_), Some(passed)) => {
            check.error(
                "an exam has either `score` or `passed`, not both",
                passed.span(),
            );
            None
        }
        (None, None) => {
            check.error(
                "missing exam result: expected `score = <number>` or `passed = true|false`",
                header_span(text, span),
            );
            None
        }
    };
    Draft::Exam(ExamDraft {
        id: At::from(raw.id),
        date: check.read_date(&raw.date),
        result,
    })
}

fn experience(check: &mut Checker<'_>, raw: &raw::Experience) -> Draft<Span> {
    Draft::Experience(ExperienceDraft {
        from: check.read_date(&raw.from),
        to: check.read_date(&raw.to),
        hours: check.read_hours(&raw.hours),
        supervised: raw.supervised,
    })
}

fn supervision(check: &mut Checker<'_>, raw: raw::Supervision) -> Draft<Span> {
    Draft::Supervision(SupervisionDraft {
        date: check.read_date(&raw.date),
        hours: check.read_hours(&raw.hours),
        topics: topics_draft(check, raw.topic, raw.topics.as_ref(), "supervision"),
    })
}

fn payment(check: &mut Checker<'_>, raw: raw::Payment) -> Draft<Span> {
    Draft::Payment(PaymentDraft {
        kind: At::from(raw.kind),
        amount: check.read_amount(&raw.amount),
        date: check.read_date(&raw.date),
        credential: raw.credential.map(At::from),
    })
}

fn attestation(check: &mut Checker<'_>, raw: raw::Attestation) -> Draft<Span> {
    Draft::Attestation(AttestationDraft {
        kind: At::from(raw.kind),
        date: check.read_date(&raw.date),
    })
}

/// The span of an entry's first line: its `[[training]]` header, since toml's span of
/// an array-of-tables entry starts there.
fn header_span(text: &str, entry: Span) -> Span {
    let end = text
        .get(entry.start..)
        .and_then(|t| t.find('\n'))
        .map_or(entry.end, |n| entry.start + n);
    entry.start..end.max(entry.start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{EntryKind, Evidence};

    /// An entry's place is one key of its evidence, where a record file's line always
    /// was.
    #[test]
    fn places_in_json() {
        let json = |place| {
            let evidence = Evidence {
                entry: EntryKind::Training,
                place,
                date: crate::quantity::parse_iso_date("2026-12-01").unwrap(),
                label: "Ethics".to_owned(),
                counted: None,
                note: None,
            };
            serde_json::to_string(&evidence).unwrap()
        };
        let rest = r#""date":"2026-12-01","label":"Ethics"}"#;
        for (place, key) in [
            (Place::Line(15), r#""line":15"#),
            (Place::Added(1), r#""added":1"#),
            (Place::Row(16), r#""row":16"#),
            (Place::Course(3), r#""catalogue_line":3"#),
            (Place::Renewal, r#""assumed":"renewal""#),
        ] {
            assert_eq!(json(place), format!(r#"{{"entry":"training",{key},{rest}"#));
        }
    }

    static LIBRARY: std::sync::LazyLock<crate::Library> =
        std::sync::LazyLock::new(|| crate::Library::embedded().unwrap());

    /// A record of one worker with `entries` after it, as `w.toml`.
    fn with_entries(entries: &str) -> Result<Record, String> {
        let text = format!("[worker]\nid = \"W-1\"\nname = \"Ada\"\n{entries}");
        Record::parse(&Source::new("w.toml", &text), &*LIBRARY).map_err(|e| e.to_string())
    }

    /// Records are data: a credential id in the wrong case is refused, naming the right
    /// id, wherever a record gives one (held, pursued, paid for).
    #[test]
    fn a_credential_id_in_the_wrong_case_names_the_right_one() {
        let text = "[worker]\nid = \"W-1\"\nname = \"Ada\"\npursuing = [\"TX/MHPS\"]\n\n\
                    [[credential]]\nid = \"Pa/Crs\"\nissued = 2025-01-01\nexpires = 2027-01-01\n";
        assert_eq!(
            Record::parse(&Source::new("w.toml", text), &*LIBRARY)
                .unwrap_err()
                .to_string(),
            "error: unknown credential `TX/MHPS`
 --> w.toml:4:13
  |
4 | pursuing = [\"TX/MHPS\"]
  |             ^^^^^^^^^
  = help: did you mean `tx/mhps`?

error: unknown credential `Pa/Crs`
 --> w.toml:7:6
  |
7 | id = \"Pa/Crs\"
  |      ^^^^^^^^
  = help: did you mean `pa/crs`?"
        );
    }

    /// A session of the one-hour ethics hour on 2026-12-01, with `more` after its keys.
    fn session(more: &str) -> String {
        format!(
            "\n[[training]]\ndate = 2026-12-01\ntitle = \"CE Hour: Ethics\"\nhours = 1\ntopic = \"ethics\"\n{more}"
        )
    }

    /// The same course taken again on its day is a course of its own when it says which
    /// time it is, and counts.
    #[test]
    fn a_course_taken_again_on_the_same_day() {
        let record = with_entries(&format!(
            "{}{}{}",
            session(""),
            session("repeat = 2\n"),
            session("repeat = 3\n")
        ))
        .unwrap();
        let times: Vec<(Option<u8>, Place)> = record
            .trainings
            .iter()
            .map(|t| (t.repeat, t.place))
            .collect();
        assert_eq!(
            times,
            [
                (None, Place::Line(5)),
                (Some(2), Place::Line(11)),
                (Some(3), Place::Line(18))
            ]
        );
        let ethics = [TopicId::new("ethics").unwrap()];
        let hours: Hours = record.trainings.iter().map(|t| t.hours_in(&ethics)).sum();
        assert_eq!(hours, Hours::from_whole(3));
        // The first time need not be there, nor the times between.
        assert_eq!(
            with_entries(&session("repeat = 3\n")).map(|r| r.trainings.len()),
            Ok(1)
        );
    }

    /// Two entries of one course with the same `repeat` (or with none) are duplicates,
    /// and the help says which `repeat` the second would be.
    #[test]
    fn the_same_time_twice_is_a_duplicate() {
        assert_eq!(
            with_entries(&format!(
                "{}{}{}",
                session(""),
                session("repeat = 2\n"),
                session("repeat = 2\n")
            )),
            Err(
                "error: duplicate training entry: the same as the one at line 11
  --> w.toml:18:1
   |
18 | [[training]]
   | ^^^^^^^^^^^^
   = help: if the course was taken again on the same day, write `repeat = 3` in this entry"
                    .to_owned()
            )
        );
        assert_eq!(
            with_entries(&format!("{}{}", session(""), session(""))),
            Err(
                "error: duplicate training entry: the same as the one at line 5
  --> w.toml:11:1
   |
11 | [[training]]
   | ^^^^^^^^^^^^
   = help: if the course was taken again on the same day, write `repeat = 2` in this entry"
                    .to_owned()
            )
        );
    }

    /// `repeat` is a whole number from 2 to 99, checked at its place.
    #[test]
    fn repeat_is_checked_where_it_is_written() {
        let error =
            |repeat: &str| with_entries(&session(&format!("repeat = {repeat}\n"))).unwrap_err();
        assert_eq!(
            error("1"),
            "error: expected a whole-number `repeat` from 2 to 99, found the number 1
  --> w.toml:10:10
   |
10 | repeat = 1
   |          ^
   = help: the first time a course is taken on a day has no `repeat`; the second has `repeat = 2`"
        );
        assert_eq!(
            error("100"),
            "error: expected a whole-number `repeat` from 2 to 99, found the number 100
  --> w.toml:10:10
   |
10 | repeat = 100
   |          ^^^"
        );
        assert_eq!(
            error("-2"),
            "error: expected a whole-number `repeat` from 2 to 99, found the number -2
  --> w.toml:10:10
   |
10 | repeat = -2
   |          ^^"
        );
        assert_eq!(
            error("\"2\""),
            "error: expected a whole-number `repeat` from 2 to 99, found the string \"2\"
  --> w.toml:10:10
   |
10 | repeat = \"2\"
   |          ^^^"
        );
        assert_eq!(
            error("2.5"),
            "error: expected a whole-number `repeat` from 2 to 99, found the number 2.5
  --> w.toml:10:10
   |
10 | repeat = 2.5
   |          ^^^"
        );
        // Only a course takes it.
        let supervision = "\n[[supervision]]\ndate = 2026-12-01\nhours = 1\nrepeat = 2\n";
        assert_eq!(
            with_entries(supervision),
            Err("error: unknown key `repeat`
 --> w.toml:8:1
  |
8 | repeat = 2
  | ^^^^^^
  = help: expected one of `date`, `hours`, `topic`, `topics`"
                .to_owned())
        );
    }

    /// 10,000 problems on one line of 90,000 characters: the first 50 are shown, each
    /// quoting 100 characters of the line around its column, then one line counts the
    /// rest. Without the cap and the window this printed about 900 MB.
    #[test]
    fn many_problems_on_one_long_line_print_little() {
        let ids = "\"zz/zz\", ".repeat(10_000);
        let text = format!("[worker]\nid = \"W-1\"\nname = \"Dana\"\npursuing = [{ids}]\n");
        let Err(LoadError::Invalid(problems)) =
            Record::parse(&Source::new("long.toml", text), &*LIBRARY)
        else {
            panic!("the record should be refused");
        };
        assert_eq!(problems.items().len(), 10_000);
        let shown = problems.to_string();
        let first = "error: unknown credential `zz/zz`
 --> long.toml:4:13
  |
4 | pursuing = [\"zz/zz\", \"zz/zz\", \"zz/zz\", \"zz/zz\", \"zz/zz\", \"zz/zz\", \"zz/zz\", \"zz/zz\", \"zz/zz\", \"zz/zz\"…
  |             ^^^^^^^

";
        assert!(shown.starts_with(first));
        let second = "error: unknown credential `zz/zz`
 --> long.toml:4:22
  |
4 | pursuing = [\"zz/zz\", \"zz/zz\", \"zz/zz\", \"zz/zz\", \"zz/zz\", \"zz/zz\", \"zz/zz\", \"zz/zz\", \"zz/zz\", \"zz/zz\"…
  |                      ^^^^^^^";
        assert!(shown[first.len()..].starts_with(second));
        let last = "error: unknown credential `zz/zz`
 --> long.toml:4:454
  |
4 | …z\", \"zz/zz\", \"zz/zz\", \"zz/zz\", \"zz/zz\", \"zz/zz\", \"zz/zz\", \"zz/zz\", \"zz/zz\", \"zz/zz\", \"zz/zz\", \"zz/zz…
  |                                          ^^^^^^^

and 9950 more problems in `long.toml`";
        assert!(shown.ends_with(last));
        assert_eq!(shown.matches("error: ").count(), 50);
        assert!(shown.len() < 20_000, "{} bytes", shown.len());
    }

    /// Two values of the wrong type in one table or entry are two problems.
    #[test]
    fn every_wrong_value_of_an_entry_is_reported() {
        let text = "[worker]\nid = 7\nname = 8\n\n[[training]]\ndate = 2025-09-10\ntitle = 5\nhours = 2\ncertificate = true\n";
        assert_eq!(
            Record::parse(&Source::new("w.toml", text), &*LIBRARY).map_err(|e| e.to_string()),
            Err("error: expected a string, found integer `7`
 --> w.toml:2:6
  |
2 | id = 7
  |      ^

error: expected a string, found integer `8`
 --> w.toml:3:8
  |
3 | name = 8
  |        ^

error: expected a string, found integer `5`
 --> w.toml:7:9
  |
7 | title = 5
  |         ^

error: expected a string, found boolean `true`
 --> w.toml:9:15
  |
9 | certificate = true
  |               ^^^^"
                .to_owned())
        );
    }
}
