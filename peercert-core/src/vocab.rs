//! The words records, rule sets, results and catalogues share: how a course is
//! delivered, what a fee is for and which fee of a stage it is, how sure a fact is,
//! and the kinds of requirement. They live here, apart from the modules that use
//! them, so that those modules do not depend on each other.

use schemars::JsonSchema;
use serde::Serialize;

/// How a course was delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// In a room with the trainer.
    InPerson,
    /// Live, over video.
    LiveOnline,
    /// Recorded or self-study, at one's own pace.
    SelfPaced,
}

impl Format {
    /// Every format with its name in files.
    pub const ALL: [(&'static str, Format); 3] = [
        ("in-person", Format::InPerson),
        ("live-online", Format::LiveOnline),
        ("self-paced", Format::SelfPaced),
    ];

    /// The name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::InPerson => "in-person",
            Format::LiveOnline => "live-online",
            Format::SelfPaced => "self-paced",
        }
    }
}

/// What a fee or payment is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum FeeKind {
    /// Applying for the credential.
    Application,
    /// Sitting the exam.
    Exam,
    /// Issuing the certificate.
    Certification,
    /// Renewing for another cycle.
    Renewal,
    /// Renewing after expiry, inside the grace period.
    Late,
    /// Restoring an expired credential, when the board allows it.
    Reinstatement,
}

impl FeeKind {
    /// Every kind with its name in files.
    pub const ALL: [(&'static str, FeeKind); 6] = [
        ("application", FeeKind::Application),
        ("exam", FeeKind::Exam),
        ("certification", FeeKind::Certification),
        ("renewal", FeeKind::Renewal),
        ("late", FeeKind::Late),
        ("reinstatement", FeeKind::Reinstatement),
    ];

    /// The name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            FeeKind::Application => "application",
            FeeKind::Exam => "exam",
            FeeKind::Certification => "certification",
            FeeKind::Renewal => "renewal",
            FeeKind::Late => "late",
            FeeKind::Reinstatement => "reinstatement",
        }
    }
}

/// How directly a fact was sourced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// The board's own published text.
    Board,
    /// A statute or administrative regulation.
    Regulation,
    /// A secondary source (a training provider, an advocacy group): to be confirmed.
    Secondary,
}

impl Confidence {
    /// Every confidence with its name in files.
    pub const ALL: [(&'static str, Confidence); 3] = [
        ("board", Confidence::Board),
        ("regulation", Confidence::Regulation),
        ("secondary", Confidence::Secondary),
    ];

    /// The name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Board => "board",
            Confidence::Regulation => "regulation",
            Confidence::Secondary => "secondary",
        }
    }
}

/// The kinds of requirement a rule set can state; the `requirement` module gives
/// each its meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// Training hours.
    Hours,
    /// Work or volunteer hours.
    Experience,
    /// Hours of supervision received.
    Supervision,
    /// An exam passed.
    Exam,
    /// A signed or dated statement on file.
    Attestation,
    /// Another credential held.
    Credential,
    /// One of several paths.
    AnyOf,
    /// All of several parts.
    AllOf,
}

impl RuleKind {
    /// Every kind with its name in files.
    pub const ALL: [(&'static str, RuleKind); 8] = [
        ("hours", RuleKind::Hours),
        ("experience", RuleKind::Experience),
        ("supervision", RuleKind::Supervision),
        ("exam", RuleKind::Exam),
        ("attestation", RuleKind::Attestation),
        ("credential", RuleKind::Credential),
        ("any_of", RuleKind::AnyOf),
        ("all_of", RuleKind::AllOf),
    ];

    /// The name used in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::Hours => "hours",
            RuleKind::Experience => "experience",
            RuleKind::Supervision => "supervision",
            RuleKind::Exam => "exam",
            RuleKind::Attestation => "attestation",
            RuleKind::Credential => "credential",
            RuleKind::AnyOf => "any_of",
            RuleKind::AllOf => "all_of",
        }
    }

    /// The article before the kind's name in a sentence: `an hours requirement`.
    pub fn article(self) -> &'static str {
        match self {
            RuleKind::Hours
            | RuleKind::Experience
            | RuleKind::Exam
            | RuleKind::Attestation
            | RuleKind::AnyOf
            | RuleKind::AllOf => "an",
            RuleKind::Supervision | RuleKind::Credential => "a",
        }
    }
}

impl std::fmt::Display for RuleKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The identity of a fee within its stage: its kind and, for a late or
/// reinstatement fee, the threshold after which it is owed.
///
/// A stage has at most one fee of each identity (the loader refuses a second), so
/// fees of one kind differ by their threshold: the steps of a late-fee ladder. A
/// threshold left out of the file is 0 (owed from the day after expiry), the same
/// fee as one that writes `days_after_expiry = 0`; every other kind of fee has no
/// threshold and counts as 0, so it is one per stage. Loading, overlays, evaluation,
/// planning and `rules diff` all match fees by this identity, never by amount.
///
/// Ordering is by kind, then threshold: within a kind, the order of the ladder, in
/// which payments of that kind are allocated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FeeId {
    /// What it pays for.
    pub kind: FeeKind,
    /// Owed once the renewal is more than this many days past expiry (negative:
    /// before expiry, after a due date); 0 for a fee without a threshold.
    pub days_after_expiry: i64,
}

impl FeeId {
    /// The identity of a fee of `kind` with the threshold a file gives it, if any
    /// (left out, it is 0).
    pub fn new(kind: FeeKind, days_after_expiry: Option<i64>) -> FeeId {
        FeeId {
            kind,
            days_after_expiry: days_after_expiry.unwrap_or(0),
        }
    }

    /// When a late or reinstatement fee becomes owed, in words
    /// (`owed more than 181 days after expiry`); `None` for other kinds.
    pub fn timing(self) -> Option<String> {
        match self.kind {
            FeeKind::Late | FeeKind::Reinstatement => Some(match self.days_after_expiry {
                d if d < 0 => format!("owed when fewer than {} days remain before expiry", -d),
                0 => "owed after expiry".to_owned(),
                d => format!("owed more than {d} days after expiry"),
            }),
            FeeKind::Application | FeeKind::Exam | FeeKind::Certification | FeeKind::Renewal => {
                None
            }
        }
    }
}

/// `late fee owed more than 181 days after expiry`, `renewal fee`.
impl std::fmt::Display for FeeId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} fee", self.kind.as_str())?;
        match self.timing() {
            Some(timing) => write!(f, " {timing}"),
            None => Ok(()),
        }
    }
}
