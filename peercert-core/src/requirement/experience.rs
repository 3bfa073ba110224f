//! `kind = "experience"`: hours of paid or volunteer work, optionally supervised
//! work only, within a window. A period of work that straddles the window counts
//! pro rata by days.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::{Spanned, Value};

use super::{Context, Keyed, StepKind, months, set_hours, window_loosened};
use crate::check::Checker;
use crate::quantity::Hours;
use crate::report::{Cause, EntryKind, Evidence, Exclusion, RequirementResult};
use crate::value_schema::PositiveHours;

/// An unmet experience requirement is part of the experience step.
pub(super) const STEP: StepKind = StepKind::Experience;

/// The keys of an `experience` requirement, as written.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("required" = ["hours"]))]
pub(super) struct Raw {
    /// How many hours of work or volunteering are required (at most 20,000).
    #[schemars(with = "Option<PositiveHours>", extend("maximum" = 20000))]
    hours: Option<Spanned<Value>>,
    /// Only work within this many months counts (1 to 600).
    #[schemars(with = "Option<u32>", extend("minimum" = 1, "maximum" = 600))]
    within_months: Option<Spanned<i64>>,
    /// Only supervised work counts (default `false`).
    #[schemars(with = "Option<bool>")]
    supervised: Option<Spanned<bool>>,
}

/// Work or volunteer hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExperienceRule {
    /// How many.
    pub hours: Hours,
    /// Only supervised work counts.
    #[serde(rename = "supervised")]
    pub supervised_only: bool,
    /// Only work within this many months counts (before `as_of`, or before expiry for renewal).
    pub within_months: Option<u32>,
}

impl ExperienceRule {
    pub(super) fn check(check: &mut Checker<'_>, at: &Keyed, raw: Raw) -> Option<ExperienceRule> {
        let hours = match &raw.hours {
            Some(h) => check.hours(h, super::hours::MAX_REQUIRED_HOURS, "required hours"),
            None => {
                at.missing(check, "hours");
                None
            }
        };
        let within = months(check, raw.within_months.as_ref());
        Some(ExperienceRule {
            hours: hours?,
            supervised_only: raw.supervised.as_ref().is_some_and(|s| *s.get_ref()),
            within_months: within?,
        })
    }

    /// `500 h of supervised work experience within 24 months`.
    pub fn describe(&self) -> String {
        format!(
            "{} h of {}work experience{}",
            self.hours,
            if self.supervised_only {
                "supervised "
            } else {
                ""
            },
            self.within_months
                .map_or_else(String::new, |m| format!(" within {m} months"))
        )
    }

    pub(super) fn measure(&self, ctx: &Context<'_>, result: &mut RequirementResult) {
        let window = ctx.window(self.within_months);
        result.window = window.from.is_some().then_some(window);
        let mut entries: Vec<_> = ctx.record.experience.iter().collect();
        entries.sort_by_key(|e| (e.from, e.place));
        let mut total = Hours::ZERO;
        for e in entries {
            let label = format!("{} to {}", e.from, e.to);
            let exclude = |cause: Cause, reason: String| Exclusion {
                cause,
                entry: EntryKind::Experience,
                place: e.place,
                date: e.to,
                label: label.clone(),
                reason,
            };
            if self.supervised_only && !e.supervised {
                result.not_counted.push(exclude(
                    Cause::NotSupervised,
                    "not marked `supervised = true`".to_owned(),
                ));
                continue;
            }
            if e.from > window.to {
                result.not_counted.push(exclude(
                    Cause::AfterDate,
                    format!("starts after {}", ctx.as_of),
                ));
                continue;
            }
            let start = window.from.map_or(e.from, |f| e.from.max(f));
            let end = e.to.min(window.to);
            if end < start {
                let from = window.from.unwrap_or(e.from);
                result.not_counted.push(exclude(
                    Cause::OutOfWindow,
                    format!(
                        "ended {}, {}",
                        e.to,
                        ctx.too_early(from, self.within_months)
                    ),
                ));
                continue;
            }
            let days = (e.to - e.from).num_days() + 1;
            let inside = (end - start).num_days() + 1;
            let (counted, note) = if inside == days {
                (e.hours, None)
            } else {
                let counted = Hours::from_hundredths(
                    i64::try_from(
                        i128::from(e.hours.hundredths()) * i128::from(inside) / i128::from(days),
                    )
                    .unwrap_or(0),
                );
                (
                    counted,
                    Some(format!(
                        "{inside} of its {days} days fall between {start} and {end}, so {counted} of its {} h count",
                        e.hours
                    )),
                )
            };
            total += counted;
            result.evidence.push(Evidence {
                entry: EntryKind::Experience,
                place: e.place,
                date: e.to,
                label,
                counted: Some(counted),
                note,
            });
        }
        let what = if self.supervised_only {
            "supervised work experience"
        } else {
            "work experience"
        };
        set_hours(result, self.hours, total);
        result.explanation = ctx.hours_sentence(result, what, self.hours, total);
    }

    pub(super) fn loosened_by(&self, new: &ExperienceRule) -> Option<String> {
        if new.hours < self.hours {
            Some(format!(
                "{} h is fewer than the base's {} h",
                new.hours, self.hours
            ))
        } else if self.supervised_only && !new.supervised_only {
            Some("the base counts only supervised work".to_owned())
        } else {
            window_loosened(self.within_months, new.within_months)
        }
    }
}
