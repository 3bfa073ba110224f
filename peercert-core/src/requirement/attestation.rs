//! `kind = "attestation"`: a signed or dated statement on file (lived experience,
//! code of ethics, diploma, background check, …), optionally dated within a window:
//! the last `within_months` months, or the current period (`within_cycle`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{Context, Keyed, StepKind, months, months_phrase, set_count};
use crate::check::Checker;
use crate::id::AttestationKind;
use crate::report::{Cause, EntryKind, Evidence, Exclusion, RequirementResult};
use crate::value_schema::KebabId;

/// An unmet attestation is part of the application step.
pub(super) const STEP: StepKind = StepKind::Application;

/// What is left of an unmet attestation.
pub(super) const LEFT: &str = "a statement or document on file";

/// What an unmet attestation still needs, shortest.
pub(super) const REMAINING: &str = "missing";

/// What an unmet attestation is missing, for a report row.
pub(super) const MISSING: &str = "document missing";

/// The keys of an `attestation` requirement, as written.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("required" = ["attestation"], "not" = { "required": ["within_months", "within_cycle"] }))]
pub(super) struct Raw {
    /// Which kind of statement or document, such as `lived-experience`.
    #[schemars(with = "Option<KebabId>")]
    attestation: Option<Spanned<String>>,
    /// Only one dated within this many months counts (1 to 600); or give
    /// `within_cycle`, not both.
    #[schemars(with = "Option<u32>", extend("minimum" = 1, "maximum" = 600))]
    within_months: Option<Spanned<i64>>,
    /// Only one dated within the renewal cycle counts (`true` only); or give
    /// `within_months`, not both.
    #[schemars(with = "Option<bool>", extend("const" = true))]
    within_cycle: Option<Spanned<bool>>,
}

/// A signed or dated statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(into = "Written")]
pub struct AttestationRule {
    /// Of which kind.
    pub kind: AttestationKind,
    /// When it must be dated to count.
    pub window: AttestationWindow,
}

/// An attestation rule as a rule file writes it, for serializing.
#[derive(Serialize)]
struct Written {
    attestation: AttestationKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    within_months: Option<u32>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    within_cycle: bool,
}

impl From<AttestationRule> for Written {
    fn from(rule: AttestationRule) -> Written {
        Written {
            attestation: rule.kind,
            within_months: match rule.window {
                AttestationWindow::WithinMonths(m) => Some(m),
                AttestationWindow::Any | AttestationWindow::WithinCycle => None,
            },
            within_cycle: rule.window == AttestationWindow::WithinCycle,
        }
    }
}

/// When an attestation must be dated to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttestationWindow {
    /// Any date on or before the answer's.
    Any,
    /// Within this many months: counted back from the answer's date for initial
    /// certification, both days included; for renewal, the months that end on the
    /// expiry day, as an hours window is.
    WithinMonths(u32),
    /// Within the current renewal cycle (or provisional certification): dated on
    /// or after its first day.
    WithinCycle,
}

impl AttestationWindow {
    /// How much it lets count, for an overlay's check: `None` when `self` counts
    /// nothing `other` would not (it is no wider), otherwise why it is wider.
    fn wider_than(self, base: AttestationWindow) -> Option<String> {
        match (base, self) {
            (AttestationWindow::Any, _) => None,
            (AttestationWindow::WithinMonths(b), AttestationWindow::WithinMonths(n)) if n <= b => {
                None
            }
            (AttestationWindow::WithinCycle, AttestationWindow::WithinCycle) => None,
            (AttestationWindow::WithinMonths(b), AttestationWindow::WithinMonths(n)) => {
                Some(format!("a {n}-month window is wider than the base's {b}"))
            }
            (AttestationWindow::WithinMonths(b), _) => Some(format!(
                "the base counts only an attestation dated within the last {b} months"
            )),
            (AttestationWindow::WithinCycle, _) => Some(
                "the base counts only an attestation dated within the current cycle".to_owned(),
            ),
        }
    }
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
        let within = months(check, raw.within_months.as_ref());
        let window = match (within, &raw.within_cycle) {
            (_, Some(c)) if raw.within_months.is_some() => {
                check.error(
                    "use either `within_months` or `within_cycle`, not both",
                    c.span(),
                );
                None
            }
            (Some(Some(m)), None) => Some(AttestationWindow::WithinMonths(m)),
            (Some(None), None) => Some(AttestationWindow::Any),
            (_, Some(c)) if !*c.get_ref() => {
                check.push(
                    crate::diag::Diagnostic::error(
                        "expected `within_cycle = true`, found `false`",
                        Some(c.span()),
                    )
                    .with_help("leave `within_cycle` out to accept an attestation of any date"),
                );
                None
            }
            (_, Some(c)) if at.period.is_none() => {
                check.push(
                    crate::diag::Diagnostic::error(
                        "`within_cycle` applies only to renewal and provisional requirements, found it in initial certification",
                        Some(c.span()),
                    )
                    .with_help("for initial certification, give `within_months`"),
                );
                None
            }
            (_, Some(_)) => Some(AttestationWindow::WithinCycle),
            (None, None) => None,
        };
        Some(AttestationRule {
            kind: kind?,
            window: window?,
        })
    }

    /// `code-of-ethics attestation on file`, `background-check attestation dated
    /// within 1 year`, `… dated within the renewal cycle`.
    pub fn describe(&self) -> String {
        match self.window {
            AttestationWindow::Any => format!("{} attestation on file", self.kind),
            AttestationWindow::WithinMonths(m) => format!(
                "{} attestation dated within {}",
                self.kind,
                months_phrase(m)
            ),
            AttestationWindow::WithinCycle => {
                format!("{} attestation dated within the current cycle", self.kind)
            }
        }
    }

    pub(super) fn measure(&self, ctx: &Context<'_>, result: &mut RequirementResult) {
        let kind = &self.kind;
        let within = match self.window {
            AttestationWindow::Any => None,
            AttestationWindow::WithinMonths(m) => Some(Some(m)),
            AttestationWindow::WithinCycle => Some(None),
        };
        let window = within.map(|m| ctx.window(m));
        let from = window.and_then(|w| w.from);
        result.window = window.filter(|w| w.from.is_some());
        for a in ctx.record.attestations.iter().filter(|a| &a.kind == kind) {
            let label = format!("{} attestation", a.kind);
            let exclude = |cause: Cause, reason: String| Exclusion {
                cause,
                entry: EntryKind::Attestation,
                place: a.place,
                date: a.date,
                label: label.clone(),
                reason,
            };
            if a.date > ctx.as_of {
                result.not_counted.push(exclude(
                    Cause::AfterDate,
                    format!("dated after {}", ctx.as_of),
                ));
            } else if let (Some(from), Some(m)) = (from, within)
                && a.date < from
            {
                result
                    .not_counted
                    .push(exclude(Cause::OutOfWindow, ctx.too_early(from, m)));
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
        // Of several, the latest is named, whatever their order in the record.
        let latest = result.evidence.iter().max_by_key(|e| e.date);
        result.explanation = match (latest, from) {
            (Some(e), None) => format!("The {kind} attestation is on file, dated {}.", e.date),
            (Some(e), Some(from)) => format!(
                "The {kind} attestation is on file, dated {}; it counts when dated from {from}.",
                e.date
            ),
            (None, Some(from)) if result.not_counted.iter().any(|e| e.date < from) => format!(
                "No {kind} attestation dated from {from} to {} is on file; an older one does not count.",
                ctx.as_of
            ),
            (None, _) if !result.not_counted.is_empty() => format!(
                "The {kind} attestation on file is dated after {}.",
                ctx.as_of
            ),
            (None, Some(from)) => format!(
                "No {kind} attestation dated from {from} to {} is on file.",
                ctx.as_of
            ),
            (None, None) => format!("No {kind} attestation is on file."),
        };
    }

    pub(super) fn loosened_by(&self, new: &AttestationRule) -> Option<String> {
        if self.kind != new.kind {
            return Some(
                "an overlay cannot replace this requirement with another kind of attestation; give its own requirement a new id"
                    .to_owned(),
            );
        }
        new.window.wider_than(self.window)
    }
}

/// `on file` or `missing`.
pub(super) fn progress(met: bool) -> String {
    if met { "on file" } else { "missing" }.to_owned()
}
