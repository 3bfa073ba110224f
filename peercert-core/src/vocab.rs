//! The words records, rule sets and catalogues share: how a course is delivered,
//! what a fee is for, and how sure a fact is. They live here, apart from the files
//! that use them, so that records and rule sets do not depend on each other.

use serde::Serialize;

/// How a course was delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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
