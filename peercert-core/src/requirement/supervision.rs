//! `kind = "supervision"`: hours of supervision received, within a window.

use serde::{Deserialize, Serialize};
use toml::{Spanned, Value};

use super::{Context, Keyed, StepKind, months, set_hours, window_loosened};
use crate::check::Checker;
use crate::quantity::Hours;
use crate::report::{EntryKind, Evidence, Exclusion, RequirementResult};

/// An unmet supervision requirement is part of the experience step.
pub(super) const STEP: StepKind = StepKind::Experience;

/// The keys of a `supervision` requirement, as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Raw {
    hours: Option<Spanned<Value>>,
    within_months: Option<Spanned<i64>>,
}

/// Hours of supervision received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SupervisionRule {
    /// How many.
    pub hours: Hours,
    /// Only supervision within this many months counts.
    pub within_months: Option<u32>,
}

impl SupervisionRule {
    pub(super) fn check(check: &mut Checker<'_>, at: &Keyed, raw: Raw) -> Option<SupervisionRule> {
        let hours = match &raw.hours {
            Some(h) => check.hours(h, super::hours::MAX_REQUIRED_HOURS, "required hours"),
            None => {
                at.missing(check, "hours");
                None
            }
        };
        let within = months(check, raw.within_months.as_ref());
        Some(SupervisionRule {
            hours: hours?,
            within_months: within?,
        })
    }

    /// `25 h of supervision within 12 months`.
    pub fn describe(&self) -> String {
        format!(
            "{} h of supervision{}",
            self.hours,
            self.within_months
                .map_or_else(String::new, |m| format!(" within {m} months"))
        )
    }

    pub(super) fn measure(&self, ctx: &Context<'_>, result: &mut RequirementResult) {
        let window = ctx.window(self.within_months);
        result.window = window.from.is_some().then_some(window);
        let mut entries: Vec<_> = ctx.record.supervision.iter().collect();
        entries.sort_by_key(|s| (s.date, s.place));
        let mut total = Hours::ZERO;
        for s in entries {
            let label = "supervision".to_owned();
            let exclude = |reason: String| Exclusion {
                entry: EntryKind::Supervision,
                place: s.place,
                date: s.date,
                label: label.clone(),
                reason,
            };
            if s.date > window.to {
                result
                    .not_counted
                    .push(exclude(format!("dated after {}", ctx.as_of)));
                continue;
            }
            if let Some(from) = window.from
                && s.date < from
            {
                result
                    .not_counted
                    .push(exclude(ctx.too_early(from, self.within_months)));
                continue;
            }
            total += s.hours;
            result.evidence.push(Evidence {
                entry: EntryKind::Supervision,
                place: s.place,
                date: s.date,
                label,
                counted: Some(s.hours),
                note: None,
            });
        }
        set_hours(result, self.hours, total);
        result.explanation = ctx.hours_sentence(result, "supervision", self.hours, total);
    }

    pub(super) fn loosened_by(&self, new: &SupervisionRule) -> Option<String> {
        if new.hours < self.hours {
            Some(format!(
                "{} h is fewer than the base's {} h",
                new.hours, self.hours
            ))
        } else {
            window_loosened(self.within_months, new.within_months)
        }
    }
}
