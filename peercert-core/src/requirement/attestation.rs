//! `kind = "attestation"`: a signed or dated statement on file (lived experience,
//! code of ethics, diploma, background check, …).

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{Context, Keyed, StepKind, set_count};
use crate::check::Checker;
use crate::id::AttestationKind;
use crate::report::{EntryKind, Evidence, Exclusion, RequirementResult};

/// An unmet attestation is part of the application step.
pub(super) const STEP: StepKind = StepKind::Application;

/// What is left of an unmet attestation.
pub(super) const LEFT: &str = "a statement or document on file";

/// What an unmet attestation still needs, shortest.
pub(super) const REMAINING: &str = "missing";

/// What an unmet attestation is missing, for a report row.
pub(super) const MISSING: &str = "document missing";

/// The keys of an `attestation` requirement, as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Raw {
    attestation: Option<Spanned<String>>,
}

/// A signed or dated statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttestationRule {
    /// Of which kind.
    #[serde(rename = "attestation")]
    pub kind: AttestationKind,
}

impl AttestationRule {
    pub(super) fn check(check: &mut Checker<'_>, at: &Keyed, raw: Raw) -> Option<AttestationRule> {
        let kind = match &raw.attestation {
            Some(a) => check.attestation_kind(a),
            None => {
                at.missing(check, "attestation");
                None
            }
        };
        Some(AttestationRule { kind: kind? })
    }

    /// `code-of-ethics attestation on file`.
    pub fn describe(&self) -> String {
        format!("{} attestation on file", self.kind)
    }

    pub(super) fn measure(&self, ctx: &Context<'_>, result: &mut RequirementResult) {
        let kind = &self.kind;
        for a in ctx.record.attestations.iter().filter(|a| &a.kind == kind) {
            let label = format!("{} attestation", a.kind);
            if a.date > ctx.as_of {
                result.not_counted.push(Exclusion {
                    entry: EntryKind::Attestation,
                    place: a.place,
                    date: a.date,
                    label,
                    reason: format!("dated after {}", ctx.as_of),
                });
            } else {
                result.evidence.push(Evidence {
                    entry: EntryKind::Attestation,
                    place: a.place,
                    date: a.date,
                    label,
                    counted: None,
                    note: None,
                });
            }
        }
        let met = !result.evidence.is_empty();
        set_count(result, 1, u32::from(met));
        result.explanation = match result.evidence.first() {
            Some(e) => format!("The {kind} attestation is on file, dated {}.", e.date),
            None if !result.not_counted.is_empty() => format!(
                "The {kind} attestation on file is dated after {}.",
                ctx.as_of
            ),
            None => format!("No {kind} attestation is on file."),
        };
    }

    pub(super) fn loosened_by(&self, new: &AttestationRule) -> Option<String> {
        (self != new).then(|| {
            "an overlay cannot replace this requirement; give its own requirement a new id"
                .to_owned()
        })
    }
}

/// `on file` or `missing`.
pub(super) fn progress(met: bool) -> String {
    if met { "on file" } else { "missing" }.to_owned()
}
