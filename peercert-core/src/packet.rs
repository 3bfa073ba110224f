//! An evidence packet: one worker's standing with each credential, with the proof
//! behind every requirement, as one document an auditor can file.
//!
//! A [`Packet`] is built from the evaluations the evaluator made and from the record
//! they were made of: for every requirement, each record entry that counted and each
//! that did not, with the reason the evaluator gave, completed by what the record
//! says of the entry (provider, certificate id, hours). It decides nothing: the
//! standing, the cycle, what counted and why are the [`Evaluation`]'s. Renderers
//! (HTML, Markdown) only format it.

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use crate::error::EvaluateError;
use crate::id::{RequirementId, TopicId};
use crate::quantity::{Cents, Hours};
use crate::record::{Place, Record};
use crate::report::{
    Cause, Cost, CostTotal, CredentialRef, Cycle, EditionRef, EntryKind, Evaluation, Evidence,
    Exclusion, Measure, Outcome, Purpose, RequirementResult, StageKind, Standing, Status, Window,
    WorkerRef,
};
use crate::ruleset::RuleSet;
use crate::vocab::{Confidence, FeeKind, Format, RuleKind};

/// One worker's evidence packet: every credential asked for, on one date, with the
/// stamp of the rules used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet {
    /// Who.
    pub worker: WorkerRef,
    /// The date of every evaluation in it.
    pub as_of: NaiveDate,
    /// The stamp of the rules used, as `check` prints it (`2026-11-23+65a8e621`).
    pub rules: String,
    /// One section per credential, in the order asked.
    pub sections: Vec<Section>,
}

/// The packet's part for one credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The credential in full.
    pub credential: CredentialRef,
    /// The number on the worker's certificate, when the record gives one.
    pub number: Option<String>,
    /// The edition of the rules in force.
    pub edition: EditionRef,
    /// Initial or renewal.
    pub purpose: Purpose,
    /// The answer.
    pub outcome: Outcome,
    /// Where the worker stands with the credential.
    pub standing: Standing,
    /// Which stage of the edition was measured.
    pub stage: StageKind,
    /// The cycle (or provisional period), when there is one.
    pub cycle: Option<Cycle>,
    /// Days left to act, when a date applies.
    pub days_left: Option<i64>,
    /// The evaluator's one sentence.
    pub summary: String,
    /// Every requirement, in the rule set's order.
    pub requirements: Vec<PacketRequirement>,
    /// Every fee owed on the date, with what is paid.
    pub costs: Vec<Cost>,
    /// The costs added up.
    pub total: CostTotal,
    /// The record's payments for this credential (or for none named), in date order,
    /// dated on or before the packet's date.
    pub payments: Vec<PaymentLine>,
    /// What the reader should know about the answer itself.
    pub notes: Vec<String>,
}

/// One requirement, with the entries behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PacketRequirement {
    /// Its id.
    pub id: RequirementId,
    /// Its kind.
    pub kind: RuleKind,
    /// The rule set's label, when it has one.
    pub description: Option<String>,
    /// Its topics, for hours of some topics.
    pub topics: Vec<TopicId>,
    /// Met or not.
    pub status: Status,
    /// How far along it is, in a few words: `27.5 / 30 h`, `passed`, `on file`.
    pub progress: String,
    /// What is missing.
    pub shortfall: Measure,
    /// The date by which it must be met, when one applies.
    pub deadline: Option<NaiveDate>,
    /// The dates that count, when limited.
    pub window: Option<Window>,
    /// The evaluator's sentence.
    pub explanation: String,
    /// Why it is not required this cycle, when waived.
    pub waived: Option<String>,
    /// Where the board publishes it.
    pub citation: String,
    /// How sure the rule is.
    pub confidence: Confidence,
    /// The entries that counted.
    pub counted: Vec<PacketEntry>,
    /// The entries that did not count; each has its reason in [`PacketEntry::why`].
    pub not_counted: Vec<PacketEntry>,
    /// The parts of an `any_of` or `all_of`.
    pub options: Vec<PacketRequirement>,
}

/// A record entry as the packet shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PacketEntry {
    /// Which kind of entry.
    pub entry: EntryKind,
    /// Where it is in the record.
    pub place: Place,
    /// Its date (the last day, for a period of work).
    pub date: NaiveDate,
    /// What it is: the course title, `icrc-pr score 612`, …
    pub title: String,
    /// Who gave the course, when recorded.
    pub provider: Option<String>,
    /// The certificate id of a course, or the number of a credential, when recorded.
    pub certificate: Option<String>,
    /// The entry's hours, for courses, work and supervision.
    pub hours: Option<Hours>,
    /// How delivered, for a course that records it.
    pub format: Option<Format>,
    /// The hours that counted, for an hour requirement.
    pub counted: Option<Hours>,
    /// Of an entry that did not count, why not, as the evaluator decided it.
    pub cause: Option<Cause>,
    /// Of a counted entry, why only part of it counted; of an entry that did not
    /// count, why not, in words.
    pub why: Option<String>,
}

/// A payment of the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaymentLine {
    /// When.
    pub date: NaiveDate,
    /// What it paid for.
    pub kind: FeeKind,
    /// How much.
    pub amount: Cents,
    /// Where it is in the record.
    pub place: Place,
}

impl Packet {
    /// The packet of `record` for each rule set of `rulesets`, evaluated on `as_of`;
    /// `rules` is the stamp of the library they come from.
    ///
    /// Fails when a rule set has no edition in force on `as_of`.
    pub fn build(
        record: &Record,
        rulesets: &[&RuleSet],
        as_of: NaiveDate,
        rules: impl Into<String>,
    ) -> Result<Packet, EvaluateError> {
        let sections = rulesets
            .iter()
            .map(|ruleset| {
                crate::evaluate(ruleset, record, as_of).map(|e| Section::new(&e, ruleset, record))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Packet {
            worker: WorkerRef {
                id: record.worker.id.clone(),
                name: record.worker.name.clone(),
            },
            as_of,
            rules: rules.into(),
            sections,
        })
    }

    /// Whether every section's answer is "yes" (an empty packet's is).
    pub fn is_ok(&self) -> bool {
        self.sections.iter().all(|s| s.outcome.is_ok())
    }

    /// Every certificate id and credential number the packet shows, each once, in
    /// the order they appear.
    pub fn certificates(&self) -> Vec<&str> {
        let mut all: Vec<&str> = Vec::new();
        for section in &self.sections {
            all.extend(section.number.as_deref());
            for r in &section.requirements {
                r.each(&mut |r| {
                    all.extend(
                        r.counted
                            .iter()
                            .chain(&r.not_counted)
                            .filter_map(|e| e.certificate.as_deref()),
                    );
                });
            }
        }
        let mut out: Vec<&str> = Vec::new();
        for id in all {
            if !out.contains(&id) {
                out.push(id);
            }
        }
        out
    }
}

/// A file name for a worker's packet, without extension: the worker id when it is
/// made only of ASCII letters, digits, `-`, `_` and `.` (and does not start with a
/// `.`); otherwise the id with every other character replaced by `_`, followed by `-`
/// and 8 hexadecimal digits of the SHA-256 of the id, so that two ids that differ
/// only in such characters never share a file. Never empty, never a path.
pub fn file_stem(worker: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if !worker.is_empty() && !worker.starts_with('.') && worker.chars().all(safe) {
        return worker.to_owned();
    }
    let cleaned: String = worker
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if safe(c) && !(i == 0 && c == '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let digest = Sha256::digest(worker.as_bytes());
    let hash: String = digest
        .iter()
        .take(4)
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!("{cleaned}-{hash}")
}

impl Section {
    fn new(e: &Evaluation, ruleset: &RuleSet, record: &Record) -> Section {
        let number = record
            .held(&e.credential, e.as_of)
            .or_else(|| ruleset.held_in(record, e.as_of))
            .and_then(|h| h.number.clone());
        let mut payments: Vec<PaymentLine> = record
            .payments
            .iter()
            .filter(|p| {
                p.date <= e.as_of && p.credential.as_ref().is_none_or(|c| c == &e.credential)
            })
            .map(|p| PaymentLine {
                date: p.date,
                kind: p.kind,
                amount: p.amount,
                place: p.place,
            })
            .collect();
        payments.sort_by_key(|p| (p.date, p.place));
        Section {
            credential: e.credential_info.clone(),
            number,
            edition: e.edition.clone(),
            purpose: e.purpose,
            outcome: e.outcome,
            standing: e.standing,
            stage: e.stage,
            cycle: e.cycle,
            days_left: e.days_left,
            summary: e.summary.clone(),
            requirements: e
                .requirements
                .iter()
                .map(|r| PacketRequirement::new(r, record))
                .collect(),
            costs: e.costs.clone(),
            total: e.total,
            payments,
            notes: e.notes.clone(),
        }
    }
}

impl PacketRequirement {
    fn new(r: &RequirementResult, record: &Record) -> PacketRequirement {
        PacketRequirement {
            id: r.id.clone(),
            kind: r.kind,
            description: r.description.clone(),
            topics: r.topic.iter().chain(&r.topics).cloned().collect(),
            status: r.status,
            progress: crate::requirement::progress(r),
            shortfall: r.shortfall,
            deadline: r.deadline,
            window: r.window,
            explanation: r.explanation.clone(),
            waived: r.waived.clone(),
            citation: r.citation.clone(),
            confidence: r.confidence,
            counted: r
                .evidence
                .iter()
                .map(|e| PacketEntry::counted(e, record))
                .collect(),
            not_counted: r
                .not_counted
                .iter()
                .map(|e| PacketEntry::not_counted(e, record))
                .collect(),
            options: r
                .options
                .iter()
                .map(|o| PacketRequirement::new(o, record))
                .collect(),
        }
    }

    /// Whether it is met.
    pub fn is_met(&self) -> bool {
        self.status == Status::Met
    }

    /// Calls `f` on this requirement and on each of its parts, depth first.
    pub fn each<'a>(&'a self, f: &mut dyn FnMut(&'a PacketRequirement)) {
        f(self);
        for option in &self.options {
            option.each(f);
        }
    }
}

/// What the record says of an entry beyond what the evaluation carries.
#[derive(Default)]
struct Details {
    provider: Option<String>,
    certificate: Option<String>,
    hours: Option<Hours>,
    format: Option<Format>,
}

impl Details {
    /// The entry of `kind` at `place` in `record`; nothing for an entry the record
    /// does not hold (one the planner assumes).
    fn of(record: &Record, kind: EntryKind, place: Place) -> Details {
        match kind {
            EntryKind::Training => {
                record
                    .trainings
                    .iter()
                    .find(|t| t.place == place)
                    .map(|t| Details {
                        provider: t.provider.clone(),
                        certificate: t.certificate.clone(),
                        hours: Some(t.hours),
                        format: t.format,
                    })
            }
            EntryKind::Experience => record
                .experience
                .iter()
                .find(|x| x.place == place)
                .map(|x| Details {
                    hours: Some(x.hours),
                    ..Details::default()
                }),
            EntryKind::Supervision => {
                record
                    .supervision
                    .iter()
                    .find(|s| s.place == place)
                    .map(|s| Details {
                        hours: Some(s.hours),
                        ..Details::default()
                    })
            }
            EntryKind::Credential => {
                record
                    .credentials
                    .iter()
                    .find(|c| c.place == place)
                    .map(|c| Details {
                        certificate: c.number.clone(),
                        ..Details::default()
                    })
            }
            EntryKind::Exam | EntryKind::Attestation => None,
        }
        .unwrap_or_default()
    }
}

impl PacketEntry {
    fn counted(e: &Evidence, record: &Record) -> PacketEntry {
        let d = Details::of(record, e.entry, e.place);
        PacketEntry {
            entry: e.entry,
            place: e.place,
            date: e.date,
            title: e.label.clone(),
            provider: d.provider,
            certificate: d.certificate,
            hours: d.hours,
            format: d.format,
            counted: e.counted,
            cause: None,
            why: e.note.clone(),
        }
    }

    fn not_counted(e: &Exclusion, record: &Record) -> PacketEntry {
        let d = Details::of(record, e.entry, e.place);
        PacketEntry {
            entry: e.entry,
            place: e.place,
            date: e.date,
            title: e.label.clone(),
            provider: d.provider,
            certificate: d.certificate,
            hours: d.hours,
            format: d.format,
            counted: None,
            cause: Some(e.cause),
            why: Some(e.reason.clone()),
        }
    }
}

#[cfg(test)]
mod tests;
