//! The audit of an agency's staff: one row per worker and credential, sorted by
//! urgency, with a summary.
//!
//! [`audit_record`] turns one record into its rows; [`Audit`] gathers rows and
//! problems from any number of records (in any order, from any thread) and
//! [`Audit::finish`] sorts them and names workers claimed by two files. Reading files
//! and running in parallel belong to the caller.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::evaluate::evaluate;
use crate::id::{CredentialId, RequirementId, WorkerId};
use crate::library::Library;
use crate::quantity::Hours;
use crate::record::Record;
use crate::report::{Evaluation, Measure, Outcome, RequirementResult, SCHEMA_VERSION};
use crate::ruleset::Confidence;

/// What to audit, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditOptions {
    /// The date of the audit.
    pub as_of: NaiveDate,
    /// Audit every worker against this credential instead of those they hold or pursue.
    pub credential: Option<CredentialId>,
    /// Also count as needing action anyone whose deadline is at most this many days away.
    pub due_within: Option<i64>,
}

/// One unmet requirement, for the per-worker detail; its citation is in
/// [`Audit::citations`], kept once per credential and requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    /// The requirement's id.
    pub requirement: RequirementId,
    /// What is missing, in words: `3.5 h of ethics`.
    pub missing: String,
}

/// Where a requirement of a credential is published, and how sure it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citation {
    /// The credential.
    pub credential: CredentialId,
    /// The requirement.
    pub requirement: RequirementId,
    /// Where the board publishes it.
    pub citation: String,
    /// How sure the rule is.
    pub confidence: Confidence,
}

/// One worker against one credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRow {
    /// The worker's id.
    pub worker: WorkerId,
    /// The worker's name.
    pub name: String,
    /// The credential.
    pub credential: CredentialId,
    /// The answer.
    pub outcome: Outcome,
    /// When the credential held expires (none for an applicant).
    pub expires: Option<NaiveDate>,
    /// Days left to act, when there is a date.
    pub days_left: Option<i64>,
    /// The largest shortfall, in words (empty when everything is met): the most hours
    /// missing, or else the first unmet requirement.
    pub shortfall: String,
    /// The requirement of that shortfall.
    pub shortfall_of: Option<RequirementId>,
    /// Whether the worker needs action: the answer is not yes, or the deadline is within
    /// `--due-within` days.
    pub needs_action: bool,
    /// Every unmet requirement.
    pub gaps: Vec<Gap>,
    /// The record file.
    pub file: String,
}

/// A file or row that could not be read, or a worker claimed twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditProblem {
    /// The file (and row), as shown to the user.
    pub place: String,
    /// The whole message, with its location lines.
    pub message: String,
}

/// Counts for the summary.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Summary {
    /// Records read.
    pub records: usize,
    /// Rows (worker × credential).
    pub rows: usize,
    /// Rows by outcome, in urgency order.
    pub outcomes: BTreeMap<&'static str, usize>,
    /// Rows that need action.
    pub needs_action: usize,
    /// Files or rows that could not be read (duplicates included).
    pub unreadable: usize,
}

/// The whole audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Audit {
    /// The JSON schema version.
    pub schema_version: u32,
    /// The date of the audit.
    pub as_of: NaiveDate,
    /// `--due-within`, when given.
    pub due_within: Option<i64>,
    /// The counts.
    pub summary: Summary,
    /// The rows, most urgent first.
    pub rows: Vec<AuditRow>,
    /// The citation of every requirement some row falls short of.
    pub citations: Vec<Citation>,
    /// What could not be read.
    pub problems: Vec<AuditProblem>,
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

/// The rows of one record: every credential it holds or pursues (or the one asked
/// for). A credential the library does not know, or one with no edition in force,
/// is a problem; the record's other rows still count.
pub fn audit_record(
    library: &Library,
    record: &Record,
    file: &str,
    options: &AuditOptions,
) -> RecordAudit {
    let ids: Vec<&CredentialId> = match &options.credential {
        Some(id) => vec![id],
        None => record.credentials_of_interest(),
    };
    let mut out = RecordAudit::default();
    for id in ids {
        let Some(ruleset) = library.get(id) else {
            out.problems.push(AuditProblem {
                place: file.to_owned(),
                message: format!("error: unknown credential `{id}`"),
            });
            continue;
        };
        match evaluate(ruleset, record, options.as_of) {
            Ok(e) => {
                let (row, citations) = row(&e, file, options.due_within);
                out.rows.push(row);
                out.citations.extend(citations);
            }
            Err(err) => out.problems.push(AuditProblem {
                place: file.to_owned(),
                message: format!("error: {err}"),
            }),
        }
    }
    out
}

/// What one record adds to an audit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordAudit {
    /// Its rows, one per credential.
    pub rows: Vec<AuditRow>,
    /// The citations of the requirements its rows fall short of.
    pub citations: Vec<Citation>,
    /// What went wrong.
    pub problems: Vec<AuditProblem>,
}

fn row(e: &Evaluation, file: &str, due_within: Option<i64>) -> (AuditRow, Vec<Citation>) {
    let mut unmet = Vec::new();
    for r in &e.requirements {
        leaves(r, &mut unmet);
    }
    let gaps: Vec<Gap> = unmet
        .iter()
        .map(|r| Gap {
            requirement: r.id.clone(),
            missing: missing(r),
        })
        .collect();
    let citations = unmet
        .iter()
        .map(|r| Citation {
            credential: e.credential.clone(),
            requirement: r.id.clone(),
            citation: r.citation.clone(),
            confidence: r.confidence,
        })
        .collect();
    // The largest hour shortfall, else the first unmet requirement.
    let largest = unmet
        .iter()
        .filter_map(|r| match r.shortfall {
            Measure::Hours(h) => Some((h, *r)),
            _ => None,
        })
        .max_by_key(|(h, _)| *h)
        .map(|(_, r)| r)
        .or_else(|| unmet.first().copied());
    let due_soon = due_within.is_some_and(|within| e.days_left.is_some_and(|d| d <= within));
    let row = AuditRow {
        worker: e.worker.id.clone(),
        name: e.worker.name.clone(),
        credential: e.credential.clone(),
        outcome: e.outcome,
        expires: e.cycle.map(|c| c.expires),
        days_left: e.days_left,
        shortfall: match (largest, e.outcome) {
            (Some(r), _) => missing(r),
            (None, Outcome::Lapsed) => "apply again".to_owned(),
            (None, Outcome::Grace) => "renew late".to_owned(),
            (None, _) => String::new(),
        },
        shortfall_of: largest.map(|r| r.id.clone()),
        needs_action: !e.outcome.is_ok() || due_soon,
        gaps,
        file: file.to_owned(),
    };
    (row, citations)
}

/// Unmet requirements, looking inside groups (an alternative counts as one).
fn leaves<'a>(r: &'a RequirementResult, out: &mut Vec<&'a RequirementResult>) {
    if r.is_met() {
        return;
    }
    if r.kind == "all_of" {
        for option in &r.options {
            leaves(option, out);
        }
    } else {
        out.push(r);
    }
}

/// What is missing of a requirement, in a few words.
fn missing(r: &RequirementResult) -> String {
    match (r.shortfall, r.kind) {
        (Measure::Hours(h), _) => match &r.topic {
            Some(topic) => format!("{h} h of {topic}"),
            None if h > Hours::ZERO => format!("{h} h"),
            None => "hours".to_owned(),
        },
        (_, "exam") => "no passing exam".to_owned(),
        (_, "attestation") => "document missing".to_owned(),
        (_, "credential") => "prerequisite not held".to_owned(),
        (_, "any_of") => "no path complete".to_owned(),
        (Measure::Count(n), _) => format!("{n} parts"),
        (Measure::Score(s), _) => format!("{s} points"),
    }
}

impl Audit {
    /// An empty audit on `as_of`.
    pub fn new(as_of: NaiveDate, due_within: Option<i64>) -> Audit {
        Audit {
            schema_version: SCHEMA_VERSION,
            as_of,
            due_within,
            summary: Summary::default(),
            rows: Vec::new(),
            citations: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// Adds one record's rows, citations and problems.
    pub fn add(&mut self, record: RecordAudit) {
        self.summary.records += 1;
        self.rows.extend(record.rows.into_iter().map(|mut row| {
            row.gaps.shrink_to_fit();
            row
        }));
        for citation in record.citations {
            if !self.citations.iter().any(|c| {
                c.credential == citation.credential && c.requirement == citation.requirement
            }) {
                self.citations.push(citation);
            }
        }
        self.problems.extend(record.problems);
    }

    /// The citation of a credential's requirement, when some row falls short of it.
    pub fn citation(
        &self,
        credential: &CredentialId,
        requirement: &RequirementId,
    ) -> Option<&Citation> {
        self.citations
            .iter()
            .find(|c| &c.credential == credential && &c.requirement == requirement)
    }

    /// Adds a file or row that could not be read.
    pub fn add_problem(&mut self, problem: AuditProblem) {
        self.problems.push(problem);
    }

    /// Names workers whose id two files claim (the rows of the first file in name
    /// order stay), keeps only rows that need action when `--due-within` asks for it,
    /// sorts by urgency and counts.
    pub fn finish(&mut self) {
        let mut first_file: BTreeMap<WorkerId, String> = BTreeMap::new();
        for row in &self.rows {
            let file = first_file
                .entry(row.worker.clone())
                .or_insert_with(|| row.file.clone());
            if row.file < *file {
                file.clone_from(&row.file);
            }
        }
        let mut claimed: BTreeSet<(WorkerId, String)> = BTreeSet::new();
        for row in &self.rows {
            if let Some(first) = first_file.get(&row.worker)
                && *first != row.file
                && claimed.insert((row.worker.clone(), row.file.clone()))
            {
                self.problems.push(AuditProblem {
                    place: row.file.clone(),
                    message: format!(
                        "error: worker id `{}` is claimed by two files: `{first}` and `{}`; only the first is audited",
                        row.worker, row.file
                    ),
                });
            }
        }
        self.rows
            .retain(|row| first_file.get(&row.worker).is_some_and(|f| *f == row.file));
        if self.due_within.is_some() {
            self.rows.retain(|row| row.needs_action);
        }
        self.rows.sort_by(|a, b| {
            (
                urgency(a.outcome),
                a.days_left.unwrap_or(i64::MAX),
                &a.worker,
                &a.credential,
            )
                .cmp(&(
                    urgency(b.outcome),
                    b.days_left.unwrap_or(i64::MAX),
                    &b.worker,
                    &b.credential,
                ))
        });
        self.problems.sort_by(|a, b| a.place.cmp(&b.place));
        self.citations
            .sort_by(|a, b| (&a.credential, &a.requirement).cmp(&(&b.credential, &b.requirement)));
        self.rows.shrink_to_fit();
        self.summary.rows = self.rows.len();
        self.summary.unreadable = self.problems.len();
        self.summary.needs_action = self.rows.iter().filter(|r| r.needs_action).count();
        self.summary.outcomes = BTreeMap::new();
        for row in &self.rows {
            *self
                .summary
                .outcomes
                .entry(row.outcome.as_str())
                .or_insert(0) += 1;
        }
    }

    /// Whether anyone needs action.
    pub fn anyone_needs_action(&self) -> bool {
        self.summary.needs_action > 0
    }
}
