//! The audit of an agency's staff: one row per worker and credential, sorted by
//! urgency, with a summary.
//!
//! [`Audit::add_record`] turns one record into its rows, [`Audit::merge`] joins audits
//! gathered by different threads, and [`Audit::finish`] sorts the rows and names
//! workers claimed by two files. Rows stay small: a gap is an index into one table of
//! the requirements some row falls short of. What kept a record out of the audit is
//! an [`AuditProblem`], a typed kind with its place, put in words only when shown.
//! Reading files and running in parallel belong to the caller.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serialize;

use crate::error::{EvaluateError, LoadError};
use crate::evaluate::evaluate_outcome;
use crate::id::{CredentialId, RequirementId, TopicId, WorkerId};
use crate::library::Library;
use crate::quantity::Cents;
use crate::record::Record;
use crate::report::{Evaluation, Measure, Outcome, RequirementResult, SCHEMA_VERSION, Standing};
use crate::roster::RosterProblem;
use crate::text::printable;
use crate::vocab::{Confidence, FeeKind, RuleKind};
use serde::ser::{SerializeStruct, Serializer};

/// What to audit, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditOptions {
    /// The date of the audit.
    pub as_of: NaiveDate,
    /// Audit every worker against this credential instead of those they hold or pursue.
    pub credential: Option<CredentialId>,
    /// Also count as needing action anyone whose deadline is at most this many days away.
    pub due_within: Option<i64>,
    /// `--windows`: group the rows by how soon they must act, in these numbers of
    /// days, increasing (such as 30, 60, 90); empty for no grouping.
    pub windows: Vec<i64>,
}

/// How soon a row must act, with `--windows`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Window {
    /// The credential has expired, or its deadline has passed.
    Overdue,
    /// The deadline is at most this many days away (and more than the window before).
    Within(i64),
    /// The deadline is further away than the last window, or there is none.
    Later,
}

impl Window {
    /// Its word in JSON and CSV: `overdue`, `within-30`, `later`.
    pub fn key(self) -> String {
        match self {
            Window::Overdue => "overdue".to_owned(),
            Window::Within(days) => format!("within-{days}"),
            Window::Later => "later".to_owned(),
        }
    }

    /// Its heading: `Overdue`, `Within 30 days`, `Later, or no deadline`.
    pub fn heading(self) -> String {
        match self {
            Window::Overdue => "Overdue".to_owned(),
            Window::Within(days) => format!("Within {days} days"),
            Window::Later => "Later, or no deadline".to_owned(),
        }
    }
}

/// How many rows fall in one window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct WindowCount {
    /// The window's word: `overdue`, `within-30`, `later`.
    pub window: String,
    /// Its rows, workers with no credential included (they fall in `later`).
    pub rows: usize,
}

/// One unmet requirement of a row: which one (an index into [`Audit::citations`],
/// where each credential's requirement is kept once) and what is missing. Rows stay
/// small this way, so an audit of many records holds little more than its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap {
    /// The requirement, as an index into the audit's (or the record's) citations.
    pub at: u32,
    /// What is missing.
    pub shortfall: Measure,
}

/// A requirement some row falls short of: where it is published, how sure it is,
/// and what it measures (to put a shortfall in words).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Citation {
    /// The credential.
    pub credential: CredentialId,
    /// The requirement.
    pub requirement: RequirementId,
    /// Its kind (`hours`, `exam`, …).
    #[serde(skip)]
    pub kind: RuleKind,
    /// Its topic, for hours of one topic.
    #[serde(skip)]
    pub topic: Option<TopicId>,
    /// Where the board publishes it.
    pub citation: String,
    /// How sure the rule is.
    pub confidence: Confidence,
}

/// One worker against one credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    /// The worker's id.
    pub worker: WorkerId,
    /// The worker's name.
    pub name: String,
    /// The credential.
    pub credential: CredentialId,
    /// The answer.
    pub outcome: Outcome,
    /// Where the worker stands: tells an inactive credential, a lapsed one and one
    /// whose board publishes no terms after expiry apart (all `lapsed`).
    pub standing: Standing,
    /// When the credential held expires (none for an applicant).
    pub expires: Option<NaiveDate>,
    /// Days left to act, when there is a date.
    pub days_left: Option<i64>,
    /// Which of `gaps` is the largest: the most hours missing, or else the first.
    pub largest: Option<u16>,
    /// Whether the worker needs action: the answer is not yes, or the deadline is within
    /// `--due-within` days.
    pub needs_action: bool,
    /// Every unmet requirement.
    pub gaps: Box<[Gap]>,
    /// What is still owed of the late fees (in grace: every `late` and
    /// `reinstatement` fee of the ladder owed by now) or of the reinstatement fee (when
    /// inactive); none when the board sets no such fee or the standing needs none.
    pub fee: Option<Cents>,
    /// The record file.
    pub file: String,
}

/// A worker whose record holds no credential and pursues none, so nothing can be
/// measured: a row of its own that needs action (with `--credential`, every worker is
/// measured against that credential instead, and none is listed here).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct NoCredential {
    /// The worker's id.
    pub worker: WorkerId,
    /// The worker's name.
    pub name: String,
    /// The record file.
    pub file: String,
}

/// Something that kept a record, a roster's worker or a folder out of the audit.
#[derive(Debug, Clone)]
pub struct AuditProblem {
    /// The file (and the worker, for a roster), as shown to the user; problems are
    /// listed in its order.
    pub place: String,
    /// What went wrong.
    pub kind: ProblemKind,
}

/// What kept something out of an audit.
#[derive(Debug, Clone)]
pub enum ProblemKind {
    /// A record file could not be read, or is not a valid record.
    Load(Arc<LoadError>),
    /// A roster's rows for one worker (or its header) are wrong.
    Roster(RosterProblem),
    /// A record names a credential the rule library does not know.
    UnknownCredential(CredentialId),
    /// A credential's rules have no edition in force on the audit's date.
    NoEdition(EvaluateError),
    /// Two files claim one worker id; only the first is audited.
    ClaimedTwice {
        /// The worker.
        worker: WorkerId,
        /// The file audited.
        first: String,
        /// The file left out.
        second: String,
    },
    /// A folder could not be listed.
    Folder {
        /// The folder.
        path: String,
        /// Why.
        error: Arc<std::io::Error>,
    },
}

impl AuditProblem {
    /// A problem at `place`.
    pub fn new(place: impl Into<String>, kind: ProblemKind) -> AuditProblem {
        AuditProblem {
            place: place.into(),
            kind,
        }
    }
}

/// The problem in words, each message starting with `error:` and naming its place.
impl std::fmt::Display for AuditProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            ProblemKind::Load(error) => write!(f, "{error}"),
            ProblemKind::Roster(problem) => write!(f, "{problem}"),
            ProblemKind::UnknownCredential(id) => {
                write!(
                    f,
                    "error: unknown credential `{id}`\n  --> {}",
                    printable(&self.place)
                )
            }
            ProblemKind::NoEdition(error) => {
                write!(f, "error: {error}\n  --> {}", printable(&self.place))
            }
            ProblemKind::ClaimedTwice {
                worker,
                first,
                second,
            } => write!(
                f,
                "error: worker id `{worker}` is claimed by two files: `{}` and `{}`; only the first is audited",
                printable(first),
                printable(second)
            ),
            ProblemKind::Folder { path, error } => {
                write!(
                    f,
                    "error: cannot read the folder `{}`: {error}",
                    printable(path)
                )
            }
        }
    }
}

/// JSON: the place and the message, as shown.
impl JsonSchema for AuditProblem {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "AuditProblem".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A record or roster row that could not be read or measured.",
            "type": "object",
            "properties": {
                "place": { "description": "The file, or the roster's row.", "type": "string" },
                "message": { "description": "What is wrong, as shown.", "type": "string" },
            },
            "required": ["place", "message"],
        })
    }
}

/// JSON: the place and the message, as shown.
impl Serialize for AuditProblem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("AuditProblem", 2)?;
        out.serialize_field("place", &self.place)?;
        out.serialize_field("message", &self.to_string())?;
        out.end()
    }
}

/// Counts for the summary.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, JsonSchema)]
pub struct Summary {
    /// Records read.
    pub records: usize,
    /// Rows (worker × credential).
    pub rows: usize,
    /// Rows by outcome, in urgency order.
    pub outcomes: BTreeMap<&'static str, usize>,
    /// Workers whose record holds and pursues no credential (not among `rows`).
    pub no_credential: usize,
    /// Rows that need action, workers with no credential included.
    pub needs_action: usize,
    /// Files or rows that could not be read (duplicates included).
    pub unreadable: usize,
    /// With `--windows`: the rows in each window, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub windows: Vec<WindowCount>,
}

/// The whole audit. Its JSON form spells every gap out (requirement and words).
#[derive(Debug, Clone)]
pub struct Audit {
    /// The JSON schema version.
    pub schema_version: u32,
    /// The date of the audit.
    pub as_of: NaiveDate,
    /// `--due-within`, when given.
    pub due_within: Option<i64>,
    /// `--windows`, increasing; empty when not given.
    pub windows: Vec<i64>,
    /// The counts.
    pub summary: Summary,
    /// The rows, most urgent first.
    pub rows: Vec<AuditRow>,
    /// Workers whose record holds and pursues no credential, by worker id.
    pub no_credential: Vec<NoCredential>,
    /// The citation of every requirement some row falls short of; gaps point here.
    /// Their order is the order records were added (JSON sorts them).
    pub citations: Vec<Citation>,
    /// Where each credential's requirement is in `citations`: one place for each
    /// citation, as a rule set may give one id to a requirement of each stage.
    index: BTreeMap<CredentialId, BTreeMap<RequirementId, Vec<u32>>>,
    /// `--credential`: audit everyone against this one.
    credential: Option<CredentialId>,
    /// What could not be read.
    pub problems: Vec<AuditProblem>,
}

/// [`Audit::window`] for `windows`.
fn window_of(windows: &[i64], row: &AuditRow) -> Option<Window> {
    if windows.is_empty() {
        return None;
    }
    let expired = matches!(
        row.standing,
        Standing::Grace { .. }
            | Standing::Inactive { .. }
            | Standing::Lapsed { .. }
            | Standing::TermsNotPublished { .. }
    );
    Some(match row.days_left {
        _ if expired => Window::Overdue,
        Some(days) if days < 0 => Window::Overdue,
        Some(days) => windows
            .iter()
            .find(|w| days <= **w)
            .map_or(Window::Later, |w| Window::Within(*w)),
        None => Window::Later,
    })
}

/// How urgent an outcome is: lapsed first, then grace, then anything due.
pub fn urgency(outcome: Outcome) -> u8 {
    match outcome {
        Outcome::Lapsed => 0,
        Outcome::Grace => 1,
        Outcome::RenewalDue => 2,
        Outcome::NotEligible => 3,
        Outcome::RenewalReady => 4,
        Outcome::Eligible => 5,
    }
}

impl Audit {
    /// An empty audit.
    pub fn new(options: &AuditOptions) -> Audit {
        Audit {
            schema_version: SCHEMA_VERSION,
            as_of: options.as_of,
            due_within: options.due_within,
            windows: options.windows.clone(),
            credential: options.credential.clone(),
            summary: Summary::default(),
            rows: Vec::new(),
            no_credential: Vec::new(),
            citations: Vec::new(),
            index: BTreeMap::new(),
            problems: Vec::new(),
        }
    }

    /// Audits one record: a row for every credential it holds or pursues (or the one
    /// asked for); a record with none is listed in [`Audit::no_credential`]. A
    /// credential the library does not know, or one with no edition in force, is a
    /// problem; the record's other rows still count.
    pub fn add_record(&mut self, library: &Library, record: &Record, file: &str) {
        self.summary.records += 1;
        let ids: Vec<CredentialId> = match &self.credential {
            Some(id) => vec![id.clone()],
            None => record
                .credentials_of_interest()
                .into_iter()
                .cloned()
                .collect(),
        };
        if ids.is_empty() {
            self.no_credential.push(NoCredential {
                worker: record.worker.id.clone(),
                name: record.worker.name.clone(),
                file: file.to_owned(),
            });
        }
        for id in ids {
            let Some(ruleset) = library.get(&id) else {
                self.problems
                    .push(AuditProblem::new(file, ProblemKind::UnknownCredential(id)));
                continue;
            };
            // The rows show no evidence and no sentence of the evaluation.
            match evaluate_outcome(ruleset, record, self.as_of) {
                Ok(e) => self.push_row(&e, file),
                Err(err) => self
                    .problems
                    .push(AuditProblem::new(file, ProblemKind::NoEdition(err))),
            }
        }
    }

    fn push_row(&mut self, e: &Evaluation, file: &str) {
        let unmet: Vec<&RequirementResult> = e
            .requirements
            .iter()
            .flat_map(RequirementResult::unmet_leaves)
            .collect();
        let gaps: Box<[Gap]> = unmet
            .iter()
            .map(|r| Gap {
                at: self.intern_result(&e.credential, r),
                shortfall: r.shortfall,
            })
            .collect();
        // The largest hour shortfall, else the first unmet requirement.
        let largest = unmet
            .iter()
            .enumerate()
            .filter_map(|(i, r)| match r.shortfall {
                Measure::Hours(h) => Some((h, i)),
                _ => None,
            })
            .max_by_key(|(h, _)| *h)
            .map(|(_, i)| i)
            .or_else(|| (!unmet.is_empty()).then_some(0))
            .and_then(|i| u16::try_from(i).ok());
        // In grace a ladder may already owe a reinstatement fee on top of the late
        // one (Texas after 12 months); once inactive, only the reinstatement fee.
        let late_kinds: &[FeeKind] = match e.standing {
            Standing::Grace { .. } => &[FeeKind::Late, FeeKind::Reinstatement],
            Standing::Inactive { .. } => &[FeeKind::Reinstatement],
            Standing::Initial { .. }
            | Standing::Provisional { .. }
            | Standing::Open { .. }
            | Standing::Lapsed { .. }
            | Standing::TermsNotPublished { .. } => &[],
        };
        let owed: Vec<Cents> = e
            .costs
            .iter()
            .filter(|c| late_kinds.contains(&c.kind))
            .map(|c| c.owed)
            .collect();
        let fee = (!owed.is_empty()).then(|| owed.into_iter().sum());
        let due_soon = self
            .due_within
            .is_some_and(|within| e.days_left.is_some_and(|d| d <= within));
        self.rows.push(AuditRow {
            worker: e.worker.id.clone(),
            name: e.worker.name.clone(),
            credential: e.credential.clone(),
            outcome: e.outcome,
            standing: e.standing,
            expires: e.cycle.map(|c| c.expires),
            days_left: e.days_left,
            largest,
            needs_action: !e.outcome.is_ok() || due_soon,
            gaps,
            fee,
            file: file.to_owned(),
        });
    }

    /// The index of an unmet requirement's citation, added if new; nothing is copied
    /// when it is already there.
    fn intern_result(&mut self, credential: &CredentialId, r: &RequirementResult) -> u32 {
        if let Some(at) = self.find(credential, &r.id, &r.citation) {
            return at;
        }
        self.intern(Citation {
            credential: credential.clone(),
            requirement: r.id.clone(),
            kind: r.kind,
            topic: r.topic.clone(),
            citation: r.citation.clone(),
            confidence: r.confidence,
        })
    }

    /// Adds every row, citation and problem of another audit of the same date (one
    /// gathered by another thread).
    pub fn merge(&mut self, other: Audit) {
        self.summary.records += other.summary.records;
        let global: Vec<u32> = other
            .citations
            .into_iter()
            .map(|citation| self.intern(citation))
            .collect();
        self.rows.reserve(other.rows.len());
        for mut row in other.rows {
            for gap in row.gaps.iter_mut() {
                gap.at = usize::try_from(gap.at)
                    .ok()
                    .and_then(|i| global.get(i))
                    .copied()
                    .unwrap_or(u32::MAX);
            }
            self.rows.push(row);
        }
        self.problems.extend(other.problems);
        self.no_credential.extend(other.no_credential);
    }

    /// Where the citation of a credential's requirement is in the table, if it is.
    fn find(
        &self,
        credential: &CredentialId,
        requirement: &RequirementId,
        text: &str,
    ) -> Option<u32> {
        self.index
            .get(credential)?
            .get(requirement)?
            .iter()
            .copied()
            .find(|at| {
                usize::try_from(*at)
                    .ok()
                    .and_then(|i| self.citations.get(i))
                    .is_some_and(|c| c.citation == text)
            })
    }

    /// The index of a citation in the table, added if new.
    fn intern(&mut self, citation: Citation) -> u32 {
        if let Some(at) = self.find(
            &citation.credential,
            &citation.requirement,
            &citation.citation,
        ) {
            return at;
        }
        let at = u32::try_from(self.citations.len()).unwrap_or(u32::MAX);
        self.index
            .entry(citation.credential.clone())
            .or_default()
            .entry(citation.requirement.clone())
            .or_default()
            .push(at);
        self.citations.push(citation);
        at
    }

    /// The requirement a gap is about.
    pub fn requirement(&self, gap: &Gap) -> Option<&Citation> {
        self.citations.get(usize::try_from(gap.at).ok()?)
    }

    /// What a gap is missing, in words: `3.5 h of ethics`.
    pub fn missing(&self, gap: &Gap) -> String {
        self.requirement(gap).map_or_else(String::new, |c| {
            crate::requirement::missing(c.kind, c.topic.as_ref(), gap.shortfall)
        })
    }

    /// What an expired row must do, in words, with its last day and the fee still owed
    /// when known: `re-apply`, `renew late by 2026-01-31, late fees $50.00` (`renew late
    /// (no last day)` when the board publishes none), `reactivate by 2026-12-31,
    /// reinstatement fee $100.00`, `ask the board or re-apply`; none for a row that is
    /// not expired.
    pub fn action(&self, row: &AuditRow) -> Option<String> {
        let fee = |text: String, kind: &str| match row.fee {
            Some(fee) => format!("{text}, {kind} {fee}"),
            None => text,
        };
        match row.standing {
            Standing::Lapsed { .. } => Some("re-apply".to_owned()),
            Standing::TermsNotPublished { .. } => Some("ask the board or re-apply".to_owned()),
            Standing::Grace { ends, .. } => Some(fee(
                match ends {
                    Some(day) => format!("renew late by {day}"),
                    None => "renew late (no last day)".to_owned(),
                },
                "late fees",
            )),
            Standing::Inactive { until, .. } => {
                Some(fee(format!("reactivate by {until}"), "reinstatement fee"))
            }
            Standing::Initial { .. } | Standing::Provisional { .. } | Standing::Open { .. } => None,
        }
    }

    /// A row's largest-gap column, the same shape for every outcome: what an expired
    /// row must do, then the largest shortfall (`re-apply: 40 h`, `renew late by
    /// 2026-01-31, late fees $50.00: 6 h of ethics`, `3.5 h of ethics`), or `nothing
    /// missing`; with the requirement of the largest shortfall, when there is one.
    /// For a lapsed row the shortfalls are those of the new application.
    pub fn largest_gap(&self, row: &AuditRow) -> (Option<&RequirementId>, String) {
        self.column(row, false)
    }

    /// [`Audit::largest_gap`] in words that name the requirement too:
    /// `re-apply: initial-training: 40 h`, `ethics: 3.5 h of ethics`.
    pub fn largest_gap_named(&self, row: &AuditRow) -> String {
        self.column(row, true).1
    }

    fn column(&self, row: &AuditRow, named: bool) -> (Option<&RequirementId>, String) {
        let largest = row.largest.and_then(|i| row.gaps.get(usize::from(i)));
        let of = largest
            .and_then(|gap| self.requirement(gap))
            .map(|c| &c.requirement);
        let missing = largest.map(|gap| match of {
            Some(id) if named => format!("{id}: {}", self.missing(gap)),
            _ => self.missing(gap),
        });
        let words = match (self.action(row), missing) {
            (Some(action), Some(missing)) => format!("{action}: {missing}"),
            (Some(action), None) => action,
            (None, Some(missing)) => missing,
            (None, None) => "nothing missing".to_owned(),
        };
        (of, words)
    }

    /// How soon a row must act, with `--windows`: an expired credential or a passed
    /// deadline is overdue, else the first window its days left fit in, else later
    /// (no deadline included). `None` without `--windows`.
    pub fn window(&self, row: &AuditRow) -> Option<Window> {
        window_of(&self.windows, row)
    }

    /// Every window in order, `--windows` given: overdue, each window, later.
    pub fn all_windows(&self) -> Vec<Window> {
        if self.windows.is_empty() {
            return Vec::new();
        }
        std::iter::once(Window::Overdue)
            .chain(self.windows.iter().map(|w| Window::Within(*w)))
            .chain(std::iter::once(Window::Later))
            .collect()
    }

    /// Adds a file or row that could not be read.
    pub fn add_problem(&mut self, problem: AuditProblem) {
        self.problems.push(problem);
    }

    /// Names workers whose id two files claim (the rows of the first file in name
    /// order stay), keeps only rows that need action when `--due-within` asks for it,
    /// sorts by urgency and counts.
    pub fn finish(&mut self) {
        // Workers claimed by two files: sorted by worker and file, the first file of
        // each worker stays and every other file is named once.
        self.rows
            .sort_by(|a, b| (&a.worker, &a.file).cmp(&(&b.worker, &b.file)));
        let mut keep = Vec::with_capacity(self.rows.len());
        let mut first: Option<(&WorkerId, &str)> = None;
        let mut named: Option<(&WorkerId, &str)> = None;
        for row in &self.rows {
            match first {
                Some((worker, file)) if *worker == row.worker => {
                    let same = file == row.file;
                    keep.push(same);
                    if !same && named != Some((&row.worker, row.file.as_str())) {
                        named = Some((&row.worker, row.file.as_str()));
                        self.problems.push(AuditProblem::new(
                            row.file.clone(),
                            ProblemKind::ClaimedTwice {
                                worker: row.worker.clone(),
                                first: file.to_owned(),
                                second: row.file.clone(),
                            },
                        ));
                    }
                }
                _ => {
                    first = Some((&row.worker, row.file.as_str()));
                    keep.push(true);
                }
            }
        }
        let mut keep = keep.into_iter();
        self.rows.retain(|_| keep.next().unwrap_or(true));
        if self.due_within.is_some() {
            self.rows.retain(|row| row.needs_action);
        }
        let windows = &self.windows;
        self.rows.sort_by(|a, b| {
            (
                window_of(windows, a),
                urgency(a.outcome),
                a.days_left.unwrap_or(i64::MAX),
                &a.worker,
                &a.credential,
            )
                .cmp(&(
                    window_of(windows, b),
                    urgency(b.outcome),
                    b.days_left.unwrap_or(i64::MAX),
                    &b.worker,
                    &b.credential,
                ))
        });
        self.problems.sort_by(|a, b| a.place.cmp(&b.place));
        self.no_credential
            .sort_by(|a, b| (&a.worker, &a.file).cmp(&(&b.worker, &b.file)));
        self.rows.shrink_to_fit();
        self.summary.rows = self.rows.len();
        self.summary.unreadable = self.problems.len();
        self.summary.no_credential = self.no_credential.len();
        self.summary.needs_action =
            self.rows.iter().filter(|r| r.needs_action).count() + self.no_credential.len();
        self.summary.outcomes = BTreeMap::new();
        for row in &self.rows {
            *self
                .summary
                .outcomes
                .entry(row.outcome.as_str())
                .or_insert(0) += 1;
        }
        self.summary.windows = self
            .all_windows()
            .into_iter()
            .map(|w| WindowCount {
                window: w.key(),
                rows: self
                    .rows
                    .iter()
                    .filter(|row| self.window(row) == Some(w))
                    .count()
                    + if w == Window::Later {
                        self.no_credential.len()
                    } else {
                        0
                    },
            })
            .collect();
    }

    /// Whether anyone needs action.
    pub fn anyone_needs_action(&self) -> bool {
        self.summary.needs_action > 0
    }
}

/// A row as JSON: every gap spelled out.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "AuditRow")]
struct RowView<'a> {
    /// The worker's id.
    worker: &'a WorkerId,
    /// The worker's name.
    name: &'a str,
    /// The credential of the row.
    credential: &'a CredentialId,
    /// The answer for this worker and credential.
    outcome: Outcome,
    /// Where the worker stands with the credential.
    standing: Standing,
    /// The credential's expiry, when the worker holds it.
    expires: Option<NaiveDate>,
    /// Days left until the nearest deadline, when there is one.
    days_left: Option<i64>,
    /// The largest shortfall in words (`3.5 h of ethics`), or `nothing missing`.
    shortfall: String,
    /// The requirement whose shortfall that is.
    shortfall_of: Option<&'a RequirementId>,
    /// What an expired row must do (`re-apply`, `renew late by …`), when it must.
    action: Option<String>,
    /// With `--windows`: the window the row falls in (`overdue`, `within-30`, …,
    /// `later`).
    #[serde(skip_serializing_if = "Option::is_none")]
    window: Option<String>,
    /// Whether the worker needs action.
    needs_action: bool,
    /// Every unmet requirement, with what is missing.
    gaps: Vec<GapView<'a>>,
    /// The record file.
    file: &'a str,
}

/// An unmet requirement of a row.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "AuditGap")]
struct GapView<'a> {
    /// The requirement, when the gap is one (not an owed fee).
    requirement: Option<&'a RequirementId>,
    /// What is missing, in words.
    missing: String,
}

/// The schema of the audit's JSON, as its `Serialize` writes it.
impl JsonSchema for Audit {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Audit".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An audit of an agency's staff: who is out of compliance or about to be.",
            "type": "object",
            "properties": {
                "schema_version": { "description": "The version of this format: 1.", "const": SCHEMA_VERSION },
                "as_of": {
                    "description": "The date of the audit.",
                    "allOf": [generator.subschema_for::<NaiveDate>()],
                },
                "due_within": {
                    "description": "`--due-within DAYS`, when given.",
                    "type": ["integer", "null"],
                },
                "windows": {
                    "description": "`--windows`: the days of each window, increasing; left out without it.",
                    "type": "array",
                    "items": { "type": "integer", "minimum": 1 },
                },
                "summary": {
                    "description": "The counts.",
                    "allOf": [generator.subschema_for::<Summary>()],
                },
                "rows": {
                    "description": "One row per worker and credential, most urgent first.",
                    "type": "array",
                    "items": generator.subschema_for::<RowView<'_>>(),
                },
                "no_credential": {
                    "description": "Workers whose record holds and pursues no credential.",
                    "type": "array",
                    "items": generator.subschema_for::<NoCredential>(),
                },
                "citations": {
                    "description": "Where the board publishes each requirement the rows name, by credential and requirement.",
                    "type": "array",
                    "items": generator.subschema_for::<Citation>(),
                },
                "problems": {
                    "description": "Records and roster rows that could not be read or measured.",
                    "type": "array",
                    "items": generator.subschema_for::<AuditProblem>(),
                },
            },
            "required": ["schema_version", "as_of", "due_within", "summary", "rows", "no_credential", "citations", "problems"],
        })
    }
}

impl Serialize for Audit {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let rows: Vec<RowView<'_>> = self
            .rows
            .iter()
            .map(|row| {
                let (shortfall_of, shortfall) = self.largest_gap(row);
                RowView {
                    worker: &row.worker,
                    name: &row.name,
                    credential: &row.credential,
                    outcome: row.outcome,
                    standing: row.standing,
                    expires: row.expires,
                    days_left: row.days_left,
                    shortfall,
                    shortfall_of,
                    action: self.action(row),
                    window: self.window(row).map(Window::key),
                    needs_action: row.needs_action,
                    gaps: row
                        .gaps
                        .iter()
                        .map(|gap| GapView {
                            requirement: self.requirement(gap).map(|c| &c.requirement),
                            missing: self.missing(gap),
                        })
                        .collect(),
                    file: &row.file,
                }
            })
            .collect();
        let mut out = serializer.serialize_struct("Audit", 9)?;
        out.serialize_field("schema_version", &self.schema_version)?;
        out.serialize_field("as_of", &self.as_of)?;
        out.serialize_field("due_within", &self.due_within)?;
        if !self.windows.is_empty() {
            out.serialize_field("windows", &self.windows)?;
        }
        out.serialize_field("summary", &self.summary)?;
        out.serialize_field("rows", &rows)?;
        out.serialize_field("no_credential", &self.no_credential)?;
        // In a fixed order: the table's own order depends on which record came first.
        let mut citations: Vec<&Citation> = self.citations.iter().collect();
        citations.sort_by(|a, b| {
            (&a.credential, &a.requirement, &a.citation).cmp(&(
                &b.credential,
                &b.requirement,
                &b.citation,
            ))
        });
        out.serialize_field("citations", &citations)?;
        out.serialize_field("problems", &self.problems)?;
        out.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Source;

    fn record(library: &Library, id: &str, credential: &str, expires: &str, hours: u32) -> Record {
        let text = format!(
            "[worker]\nid = \"{id}\"\nname = \"Worker {id}\"\n\n[[credential]]\nid = \"{credential}\"\nissued = 2025-01-01\nexpires = {expires}\n\n[[training]]\ndate = 2025-07-01\ntitle = \"Course\"\nhours = {hours}\ntopic = \"ethics\"\n"
        );
        Record::parse(&Source::new(format!("{id}.toml"), text), library).unwrap()
    }

    fn options() -> AuditOptions {
        AuditOptions {
            as_of: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            credential: None,
            due_within: None,
            windows: Vec::new(),
        }
    }

    /// A rule set may give one id to a requirement of each stage (Texas's
    /// `background-check`, on application and on renewal): each row names its own
    /// stage's citation, in whichever order the records come, and the table lists
    /// both. The first record seen used to lend its citation to every other row.
    #[test]
    fn one_id_in_two_stages_keeps_two_citations() {
        let library = Library::embedded().unwrap();
        let applicant = Record::parse(
            &Source::new(
                "a.toml",
                "[worker]\nid = \"A\"\nname = \"A\"\npursuing = [\"tx/rsps\"]\n",
            ),
            &library,
        )
        .unwrap();
        let holder = record(&library, "H", "tx/rsps", "2027-01-01", 2);
        let citation = |audit: &Audit, worker: &str| {
            let row = audit
                .rows
                .iter()
                .find(|r| r.worker.as_str() == worker)
                .unwrap();
            row.gaps
                .iter()
                .filter_map(|g| audit.requirement(g))
                .find(|c| c.requirement.as_str() == "background-check")
                .map(|c| c.citation.clone())
                .unwrap()
        };
        for order in [[&applicant, &holder], [&holder, &applicant]] {
            let mut audit = Audit::new(&options());
            for r in order {
                audit.add_record(&library, r, "r.toml");
            }
            assert!(citation(&audit, "A").starts_with("1 TAC §354.3203(b), (c)"));
            assert!(citation(&audit, "H").starts_with("1 TAC §354.3207(b)(3)"));
            let checks = audit
                .citations
                .iter()
                .filter(|c| c.requirement.as_str() == "background-check")
                .count();
            assert_eq!(checks, 2);
        }
    }

    /// Audits gathered by two threads, merged, give the same report as one audit
    /// of every record: the second audit's gaps are renumbered into the first's table.
    #[test]
    fn merged_audits_equal_one_audit() {
        let library = Library::embedded().unwrap();
        let records = [
            record(&library, "A", "pa/crs", "2027-01-01", 2),
            record(&library, "B", "nj/cprs", "2027-03-01", 4),
            record(&library, "C", "pa/crs", "2026-12-01", 6),
            record(&library, "D", "nj/cprs", "2027-06-01", 20),
        ];
        let mut whole = Audit::new(&options());
        for (i, r) in records.iter().enumerate() {
            whole.add_record(&library, r, &format!("{i}.toml"));
        }
        whole.finish();
        // The second half first, so the two tables number requirements differently.
        let mut first = Audit::new(&options());
        let mut second = Audit::new(&options());
        for (i, r) in records.iter().enumerate().rev() {
            let part = if i < 2 { &mut first } else { &mut second };
            part.add_record(&library, r, &format!("{i}.toml"));
        }
        first.merge(second);
        first.finish();
        let json = |a: &Audit| serde_json::to_string_pretty(a).unwrap();
        assert_eq!(json(&first), json(&whole));
        let order: Vec<(&str, Outcome, Option<i64>)> = whole
            .rows
            .iter()
            .map(|r| (r.worker.as_str(), r.outcome, r.days_left))
            .collect();
        assert_eq!(
            order,
            [
                ("C", Outcome::RenewalDue, Some(8)),
                ("A", Outcome::RenewalDue, Some(39)),
                ("B", Outcome::RenewalDue, Some(98)),
                ("D", Outcome::RenewalReady, Some(190)),
            ]
        );
        let c = whole.rows.first().unwrap();
        assert_eq!(
            whole.largest_gap(c),
            (
                Some(&RequirementId::new("continuing-education").unwrap()),
                "24 h".to_owned()
            )
        );
        assert_eq!(whole.summary.needs_action, 3);
    }

    /// A deadline falls in the first window it fits (a window's last day included);
    /// an expired credential is overdue whatever its days left; no deadline is later.
    #[test]
    fn windows_take_each_deadline_in_the_first_that_fits() {
        let library = Library::embedded().unwrap();
        let mut audit = Audit::new(&AuditOptions {
            windows: vec![30, 60, 90],
            ..options()
        });
        // 2026-11-23 + 30 days, + 31, + 90, + 91, and one in grace (159 days left).
        for (id, expires) in [
            ("A", "2026-12-23"),
            ("B", "2026-12-24"),
            ("C", "2027-02-21"),
            ("D", "2027-02-22"),
            ("E", "2026-11-01"),
        ] {
            let r = record(&library, id, "pa/crs", expires, 2);
            audit.add_record(&library, &r, &format!("{id}.toml"));
        }
        audit.finish();
        let windows: Vec<(&str, Option<i64>, Option<Window>)> = audit
            .rows
            .iter()
            .map(|r| (r.worker.as_str(), r.days_left, audit.window(r)))
            .collect();
        assert_eq!(
            windows,
            [
                ("E", Some(159), Some(Window::Overdue)),
                ("A", Some(30), Some(Window::Within(30))),
                ("B", Some(31), Some(Window::Within(60))),
                ("C", Some(90), Some(Window::Within(90))),
                ("D", Some(91), Some(Window::Later)),
            ]
        );
        let counts: Vec<(String, usize)> = audit
            .summary
            .windows
            .iter()
            .map(|c| (c.window.clone(), c.rows))
            .collect();
        assert_eq!(
            counts,
            [
                ("overdue".to_owned(), 1),
                ("within-30".to_owned(), 1),
                ("within-60".to_owned(), 1),
                ("within-90".to_owned(), 1),
                ("later".to_owned(), 1),
            ]
        );
    }
}
