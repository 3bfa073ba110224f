//! `kind = "credential"`: holding another credential, current on the date (New
//! Jersey's ICPRS asks for the CPRS; a supervisor credential asks for the peer one).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{Context, Keyed, StepKind, set_count};
use crate::check::Checker;
use crate::id::CredentialId;
use crate::report::{Cause, EntryKind, Evidence, Exclusion, RequirementResult};
use crate::value_schema::CredentialName;

/// An unmet prerequisite is part of the application step.
pub(super) const STEP: StepKind = StepKind::Application;

/// What is left of an unmet prerequisite.
pub(super) const LEFT: &str = "the credential held";

/// What an unmet prerequisite still needs, shortest.
pub(super) const REMAINING: &str = "not held";

/// What an unmet prerequisite is missing, for a report row.
pub(super) const MISSING: &str = "prerequisite not held";

/// The keys of a `credential` requirement, as written.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("required" = ["credential"]))]
pub(super) struct Raw {
    /// Which credential must be held, current on the date, such as `nj/cprs`.
    #[schemars(with = "Option<CredentialName>")]
    credential: Option<Spanned<String>>,
}

/// Another credential, current on the date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CredentialRule {
    /// Which.
    pub credential: CredentialId,
}

impl CredentialRule {
    pub(super) fn check(check: &mut Checker<'_>, at: &Keyed, raw: Raw) -> Option<CredentialRule> {
        let credential = match &raw.credential {
            Some(c) => check.credential_id(c).inspect(|id| {
                check.credential_refs.push((id.clone(), c.span()));
            }),
            None => {
                at.missing(check, "credential");
                None
            }
        };
        Some(CredentialRule {
            credential: credential?,
        })
    }

    /// `hold nj/cprs, current`.
    pub fn describe(&self) -> String {
        format!("hold {}, current", self.credential)
    }

    pub(super) fn measure(&self, ctx: &Context<'_>, result: &mut RequirementResult) {
        let credential = &self.credential;
        match ctx.record.held(credential, ctx.as_of) {
            Some(h) if h.expires >= ctx.as_of => {
                result.evidence.push(Evidence {
                    entry: EntryKind::Credential,
                    place: h.place,
                    date: h.issued,
                    label: format!("{credential} issued {}, expires {}", h.issued, h.expires),
                    counted: None,
                    note: None,
                });
                set_count(result, 1, 1);
                result.explanation = format!("Holds {credential}, current until {}.", h.expires);
            }
            Some(h) => {
                result.not_counted.push(Exclusion {
                    entry: EntryKind::Credential,
                    place: h.place,
                    date: h.issued,
                    label: format!("{credential} issued {}", h.issued),
                    cause: Cause::Expired,
                    reason: format!("expired on {}", h.expires),
                });
                set_count(result, 1, 0);
                result.explanation = format!(
                    "Requires {credential} current on {}, but it expired on {}.",
                    ctx.as_of, h.expires
                );
            }
            None => {
                set_count(result, 1, 0);
                result.explanation =
                    format!("Requires holding {credential}, which is not in the record.");
            }
        }
    }

    pub(super) fn loosened_by(&self, new: &CredentialRule) -> Option<String> {
        (self != new).then(|| {
            "an overlay cannot replace this requirement; give its own requirement a new id"
                .to_owned()
        })
    }
}

/// `held` or `not held`.
pub(super) fn progress(met: bool) -> String {
    if met { "held" } else { "not held" }.to_owned()
}
