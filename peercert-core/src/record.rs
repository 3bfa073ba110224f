//! A worker's record: who they are, the credentials they hold, and every course,
//! exam, work period, supervision session, payment and attestation they logged.
//!
//! The record file format is a contract (DESIGN.md, "Worker record"); this module
//! reads it once into checked values. [`Record::parse`] reports every problem in
//! the file, each with its place, and returns a record only when there is none.

mod raw;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use toml::Spanned;

use crate::check::Checker;
use crate::diag::{Code, Diagnostic, Diagnostics, Source, close_matches, did_you_mean};
use crate::error::LoadError;
use crate::id::{AttestationKind, CredentialId, ExamId, TopicId, WorkerId};
use crate::library::Library;
use crate::quantity::{Cents, Hours};
use crate::vocab::{FeeKind, Format};

/// The most hours one course may carry before it is treated as a typo.
pub const MAX_COURSE_HOURS: Hours = Hours::from_whole(2_000);
/// The most hours one supervision entry may carry.
pub const MAX_SUPERVISION_HOURS: Hours = Hours::from_whole(2_000);
/// The largest payment accepted.
pub const MAX_PAYMENT: Cents = Cents::new(10_000_000);
/// The highest exam score accepted (scaled scores run to 800, percentages to 100).
pub const MAX_SCORE: i64 = 1_000;

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
    /// Line of the entry in the record file.
    pub line: usize,
}

/// A completed course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Training {
    /// Completion date.
    pub date: NaiveDate,
    /// Course title.
    pub title: String,
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
    /// Line of the entry in the record file.
    pub line: usize,
}

impl Training {
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
    /// Line of the entry in the record file.
    pub line: usize,
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
    /// Line of the entry in the record file.
    pub line: usize,
}

/// A supervision session (or a period's supervision, logged on its last day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Supervision {
    /// When.
    pub date: NaiveDate,
    /// How long.
    pub hours: Hours,
    /// Line of the entry in the record file.
    pub line: usize,
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
    /// Line of the entry in the record file.
    pub line: usize,
}

/// A signed or dated statement (lived experience, code of ethics, diploma, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attestation {
    /// What is attested.
    pub kind: AttestationKind,
    /// When.
    pub date: NaiveDate,
    /// Line of the entry in the record file.
    pub line: usize,
}

impl Record {
    /// Reads and checks a record file.
    pub fn read(path: &Path, library: &Library) -> Result<Record, LoadError> {
        let source = crate::error::read_source(path)?;
        Record::parse(&source, library)
    }

    /// Checks a record given as bytes (standard input, say); `name` is shown in messages.
    pub fn from_bytes(name: &str, bytes: &[u8], library: &Library) -> Result<Record, LoadError> {
        let source = crate::error::source_from_bytes(name, bytes)?;
        Record::parse(&source, library)
    }

    /// Checks a record's text. Topics and credential ids are resolved against `library`.
    pub fn parse(source: &Source, library: &Library) -> Result<Record, LoadError> {
        let raw: raw::Record = toml::from_str(&source.text).map_err(|e| {
            let diagnostic = if e.message().starts_with("missing field `worker`") {
                Diagnostic::error(
                    "missing the `[worker]` table: a record starts with the worker's `id` and `name`",
                    None,
                )
            } else {
                Diagnostic::from_toml(&e, &source.text)
            };
            LoadError::Invalid(Diagnostics::new(source.clone(), vec![diagnostic]))
        })?;
        let mut conv = Conversion {
            check: Checker::new(library.topics()),
            library,
            source,
        };
        let record = conv.record(raw);
        let mut problems = conv.check.problems;
        problems.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
        match record {
            Some(record) if problems.is_empty() => Ok(record),
            _ => Err(LoadError::Invalid(Diagnostics::new(
                source.clone(),
                problems,
            ))),
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

/// Converts one raw entry into its checked value and its duplicate-detection key.
type Convert<'a, R, T> = fn(&mut Conversion<'a>, &Spanned<R>) -> Option<(T, String)>;

struct Conversion<'a> {
    check: Checker<'a>,
    library: &'a Library,
    source: &'a Source,
}

/// Remembers the first line of each entry key, to report duplicates.
#[derive(Default)]
struct Seen(BTreeMap<String, usize>);

impl Seen {
    fn first_line(&mut self, key: String, line: usize) -> Option<usize> {
        match self.0.get(&key) {
            Some(first) => Some(*first),
            None => {
                self.0.insert(key, line);
                None
            }
        }
    }
}

impl<'a> Conversion<'a> {
    fn line<T>(&self, entry: &Spanned<T>) -> usize {
        self.source.line_of(entry.span().start)
    }

    fn duplicate<T>(&mut self, seen: &mut Seen, key: String, entry: &Spanned<T>, what: &str) {
        let line = self.line(entry);
        if let Some(first) = seen.first_line(key, line) {
            self.check.error(
                format!("duplicate {what} entry: the same as the one at line {first}"),
                header_span(&self.source.text, entry.span()),
            );
        }
    }

    /// Exam ids and attestation kinds are open sets, but one that nothing defines and
    /// that is one slip away from a known one is a typo that would silently not count.
    fn not_a_typo(&mut self, name: &str, at: &Spanned<String>, what: &str, known: &[&str]) -> bool {
        if known.contains(&name) {
            return true;
        }
        let close: Vec<&str> = close_matches(name, known.iter().copied())
            .into_iter()
            .filter(|c| crate::diag::distance(name, c) <= 2)
            .collect();
        match did_you_mean(&close) {
            Some(help) => {
                self.check.push(
                    Diagnostic::error(format!("unknown {what} `{name}`"), Some(at.span()))
                        .with_help(help),
                );
                false
            }
            None => true,
        }
    }

    fn known_credential(&mut self, text: &Spanned<String>) -> Option<CredentialId> {
        let id = self.check.credential_id(text)?;
        if self.library.get(&id).is_some() {
            return Some(id);
        }
        let ids: Vec<&str> = self.library.ids().map(CredentialId::as_str).collect();
        let diagnostic = Diagnostic::error(format!("unknown credential `{id}`"), Some(text.span()));
        self.check.push(
            match did_you_mean(&close_matches(id.as_str(), ids.iter().copied())) {
                Some(help) => diagnostic.with_help(help),
                None => diagnostic.with_code(Code::UnknownCredential),
            },
        );
        None
    }

    fn record(&mut self, raw: raw::Record) -> Option<Record> {
        let worker = self.worker(raw.worker);
        let credentials = self.all(raw.credential, Self::credential);
        let trainings = self.all(raw.training, Self::training);
        let exams = self.all(raw.exam, Self::exam);
        let experience = self.all(raw.experience, Self::experience);
        let supervision = self.all(raw.supervision, Self::supervision);
        let payments = self.all(raw.payment, Self::payment);
        let attestations = self.all(raw.attestation, Self::attestation);
        Some(Record {
            worker: worker?,
            credentials: credentials?,
            trainings: trainings?,
            exams: exams?,
            experience: experience?,
            supervision: supervision?,
            payments: payments?,
            attestations: attestations?,
        })
    }

    /// Converts every entry of one kind, reporting duplicates; `None` if any failed.
    fn all<R, T>(
        &mut self,
        entries: Vec<Spanned<R>>,
        convert: Convert<'a, R, T>,
    ) -> Option<Vec<T>> {
        let mut seen = Seen::default();
        let mut out = Vec::with_capacity(entries.len());
        let mut ok = true;
        for entry in &entries {
            match convert(self, entry) {
                Some((value, key)) => {
                    let what = key.split('|').next().unwrap_or("").to_owned();
                    self.duplicate(&mut seen, key, entry, &what);
                    out.push(value);
                }
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn worker(&mut self, raw: Spanned<raw::Worker>) -> Option<Worker> {
        let raw = raw.into_inner();
        let id = self.check.worker_id(&raw.id);
        let name = self.check.text(&raw.name, "the worker's name");
        let birth_date = raw.birth_date.as_ref().map(|d| self.check.date(d));
        let mut pursuing = Vec::new();
        let mut ok = true;
        for p in &raw.pursuing {
            match self.known_credential(p) {
                Some(id) if pursuing.contains(&id) => {
                    self.check
                        .error(format!("`{id}` is listed twice in `pursuing`"), p.span());
                }
                Some(id) => pursuing.push(id),
                None => ok = false,
            }
        }
        let birth_date = match birth_date {
            Some(Some(d)) => Some(d),
            Some(None) => return None,
            None => None,
        };
        ok.then_some(())?;
        Some(Worker {
            id: id?,
            name: name?,
            birth_date,
            pursuing,
        })
    }

    fn credential(&mut self, raw: &Spanned<raw::Credential>) -> Option<(HeldCredential, String)> {
        let line = self.line(raw);
        let raw = raw.get_ref();
        let id = self.known_credential(&raw.id);
        let issued = self.check.date(&raw.issued);
        let expires = self.check.date(&raw.expires);
        if let (Some(i), Some(e)) = (issued, expires)
            && e <= i
        {
            self.check.error(
                format!("expected `expires` after `issued` ({i}), found {e}"),
                raw.expires.span(),
            );
            return None;
        }
        let held = HeldCredential {
            id: id?,
            number: raw.number.clone(),
            issued: issued?,
            expires: expires?,
            provisional: raw.provisional,
            line,
        };
        let key = format!("credential|{}|{}", held.id, held.issued);
        Some((held, key))
    }

    fn training(&mut self, raw: &Spanned<raw::Training>) -> Option<(Training, String)> {
        let line = self.line(raw);
        let raw = raw.get_ref();
        let date = self.check.date(&raw.date);
        let title = self.check.text(&raw.title, "a course title");
        let hours = self
            .check
            .hours(&raw.hours, MAX_COURSE_HOURS, "hours for one course");
        let format = raw
            .format
            .as_ref()
            .map(|f| self.check.choice(f, &Format::ALL, "format"));
        let topics = match (&raw.topic, &raw.topics) {
            (Some(_), Some(split)) => {
                self.check.error(
                    "a course has either `topic` (all its hours in one topic) or `topics` (a split), not both",
                    split.span(),
                );
                None
            }
            (Some(topic), None) => Some(vec![(self.check.topic(topic)?, hours?)]),
            (None, Some(split)) => self.check.topic_split(split, hours, MAX_COURSE_HOURS),
            (None, None) => Some(Vec::new()),
        };
        let training = Training {
            date: date?,
            title: title?,
            provider: raw.provider.clone(),
            hours: hours?,
            topics: topics?,
            format: match format {
                Some(f) => Some(f?),
                None => None,
            },
            certificate: raw.certificate.clone(),
            line,
        };
        let key = format!(
            "training|{}|{}|{}|{:?}",
            training.date, training.title, training.hours, training.topics
        );
        Some((training, key))
    }

    fn exam(&mut self, raw: &Spanned<raw::Exam>) -> Option<(ExamAttempt, String)> {
        let line = self.line(raw);
        let entry_span = header_span(&self.source.text, raw.span());
        let raw = raw.get_ref();
        let id = self.check.exam_id(&raw.id).filter(|id| {
            self.not_a_typo(id.as_str(), &raw.id, "exam id", &self.library.exam_ids())
        });
        let date = self.check.date(&raw.date);
        let result = match (&raw.score, &raw.passed) {
            (Some(score), None) => match score.get_ref() {
                toml::Value::Integer(s) if (0..=MAX_SCORE).contains(s) => {
                    u32::try_from(*s).ok().map(ExamResult::Score)
                }
                other => {
                    self.check.error(
                        format!(
                            "expected a whole-number score from 0 to {MAX_SCORE}, found {}",
                            crate::quantity::describe_value(other)
                        ),
                        score.span(),
                    );
                    None
                }
            },
            (None, Some(passed)) => Some(ExamResult::Passed(*passed.get_ref())),
            (Some(_), Some(passed)) => {
                self.check.error(
                    "an exam has either `score` or `passed`, not both",
                    passed.span(),
                );
                None
            }
            (None, None) => {
                self.check.error(
                    "missing exam result: expected `score = <number>` or `passed = true|false`",
                    entry_span,
                );
                None
            }
        };
        let attempt = ExamAttempt {
            id: id?,
            date: date?,
            result: result?,
            line,
        };
        let key = format!("exam|{}|{}", attempt.id, attempt.date);
        Some((attempt, key))
    }

    fn experience(&mut self, raw: &Spanned<raw::Experience>) -> Option<(Experience, String)> {
        let line = self.line(raw);
        let raw = raw.get_ref();
        let from = self.check.date(&raw.from);
        let to = self.check.date(&raw.to);
        let (from, to) = (from?, to?);
        if to < from {
            self.check.error(
                format!("expected `to` on or after `from` ({from}), found {to}"),
                raw.to.span(),
            );
            return None;
        }
        let days = (to - from).num_days() + 1;
        let max = Hours::from_whole(24 * days);
        let hours = self
            .check
            .hours(&raw.hours, max, &format!("hours in {days} days"))?;
        let experience = Experience {
            from,
            to,
            hours,
            supervised: raw.supervised,
            line,
        };
        let key = format!("experience|{from}|{to}|{hours}|{}", raw.supervised);
        Some((experience, key))
    }

    fn supervision(&mut self, raw: &Spanned<raw::Supervision>) -> Option<(Supervision, String)> {
        let line = self.line(raw);
        let raw = raw.get_ref();
        let date = self.check.date(&raw.date);
        let hours = self
            .check
            .hours(&raw.hours, MAX_SUPERVISION_HOURS, "supervision hours");
        let supervision = Supervision {
            date: date?,
            hours: hours?,
            line,
        };
        let key = format!("supervision|{}|{}", supervision.date, supervision.hours);
        Some((supervision, key))
    }

    fn payment(&mut self, raw: &Spanned<raw::Payment>) -> Option<(Payment, String)> {
        let line = self.line(raw);
        let raw = raw.get_ref();
        let kind = self.check.choice(&raw.kind, &FeeKind::ALL, "payment kind");
        let amount = self.check.amount(&raw.amount, MAX_PAYMENT);
        let date = self.check.date(&raw.date);
        let credential = raw.credential.as_ref().map(|c| self.known_credential(c));
        let payment = Payment {
            kind: kind?,
            amount: amount?,
            date: date?,
            credential: match credential {
                Some(c) => Some(c?),
                None => None,
            },
            line,
        };
        let key = format!(
            "payment|{}|{}|{}|{:?}",
            payment.kind.as_str(),
            payment.amount,
            payment.date,
            payment.credential
        );
        Some((payment, key))
    }

    fn attestation(&mut self, raw: &Spanned<raw::Attestation>) -> Option<(Attestation, String)> {
        let line = self.line(raw);
        let raw = raw.get_ref();
        let kind = self.check.attestation_kind(&raw.kind).filter(|kind| {
            self.not_a_typo(
                kind.as_str(),
                &raw.kind,
                "attestation kind",
                &self.library.attestation_kinds(),
            )
        });
        let date = self.check.date(&raw.date);
        let attestation = Attestation {
            kind: kind?,
            date: date?,
            line,
        };
        let key = format!("attestation|{}|{}", attestation.kind, attestation.date);
        Some((attestation, key))
    }
}

/// The span of an entry's first line: its `[[training]]` header, since toml's span of
/// an array-of-tables entry starts there.
fn header_span(text: &str, entry: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let end = text
        .get(entry.start..)
        .and_then(|t| t.find('\n'))
        .map_or(entry.end, |n| entry.start + n);
    entry.start..end.max(entry.start)
}
