//! `kind = "supervision"`: hours of supervision received, within a window, of any
//! domain (topic) or of some.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::{Spanned, Value};

use super::{Context, Keyed, StepKind, months, set_hours, window_loosened};
use crate::check::Checker;
use crate::id::TopicId;
use crate::quantity::Hours;
use crate::report::{Cause, EntryKind, Evidence, Exclusion, RequirementResult};
use crate::value_schema::{PositiveHours, TopicName};

/// An unmet supervision requirement is part of the experience step.
pub(super) const STEP: StepKind = StepKind::Experience;

/// The keys of a `supervision` requirement, as written.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("required" = ["hours"], "not" = { "required": ["topic", "topics"] }))]
pub(super) struct Raw {
    /// How many hours of supervision are required (at most 20,000).
    #[schemars(with = "Option<PositiveHours>", extend("maximum" = 20000))]
    hours: Option<Spanned<Value>>,
    /// Only supervision in this domain (topic) counts; or give `topics`, not both.
    #[schemars(with = "Option<TopicName>")]
    topic: Option<Spanned<String>>,
    /// Supervision in any of these domains (topics) counts; or give `topic`, not both.
    #[schemars(with = "Option<Vec<TopicName>>")]
    topics: Option<Spanned<Vec<Spanned<String>>>>,
    /// Only supervision within this many months counts (1 to 600).
    #[schemars(with = "Option<u32>", extend("minimum" = 1, "maximum" = 600))]
    within_months: Option<Spanned<i64>>,
}

/// Hours of supervision received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SupervisionRule {
    /// How many.
    pub hours: Hours,
    /// Supervision hours in any of these domains (topics) count; with none, all do.
    pub topics: Vec<TopicId>,
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
        let topics = super::hours::read_topics(check, raw.topic.as_ref(), raw.topics.as_ref());
        let within = months(check, raw.within_months.as_ref());
        Some(SupervisionRule {
            hours: hours?,
            topics: topics?,
            within_months: within?,
        })
    }

    /// `25 h of supervision within 12 months`, `5 h of advocacy supervision`.
    pub fn describe(&self) -> String {
        format!(
            "{} h of {}{}",
            self.hours,
            what(&self.topics),
            self.within_months
                .map_or_else(String::new, |m| format!(" within {m} months"))
        )
    }

    pub(super) fn measure(&self, ctx: &Context<'_>, result: &mut RequirementResult) {
        let window = ctx.window(self.within_months);
        result.window = window.from.is_some().then_some(window);
        match self.topics.as_slice() {
            [one] => result.topic = Some(one.clone()),
            [] => {}
            many => result.topics = many.to_vec(),
        }
        let mut entries: Vec<_> = ctx.record.supervision.iter().collect();
        entries.sort_by_key(|s| (s.date, s.place));
        let mut total = Hours::ZERO;
        // The reason of every session before the window, written once.
        let mut too_early: Option<String> = None;
        for s in entries {
            let label = "supervision".to_owned();
            let relevant = s.hours_in(&self.topics);
            if relevant == Hours::ZERO {
                let in_window =
                    s.date <= window.to && window.from.is_none_or(|from| s.date >= from);
                if s.topics.is_empty() && in_window {
                    result.not_counted.push(Exclusion {
                        entry: EntryKind::Supervision,
                        place: s.place,
                        date: s.date,
                        label,
                        cause: Cause::NoTopic,
                        reason: "its hours are not tagged with a domain, so they count only toward totals"
                            .to_owned(),
                    });
                }
                continue;
            }
            let exclude = |cause: Cause, reason: String| Exclusion {
                cause,
                entry: EntryKind::Supervision,
                place: s.place,
                date: s.date,
                label: label.clone(),
                reason,
            };
            if s.date > window.to {
                result.not_counted.push(exclude(
                    Cause::AfterDate,
                    format!("dated after {}", ctx.as_of),
                ));
                continue;
            }
            if let Some(from) = window.from
                && s.date < from
            {
                let reason =
                    too_early.get_or_insert_with(|| ctx.too_early(from, self.within_months));
                result
                    .not_counted
                    .push(exclude(Cause::OutOfWindow, reason.clone()));
                continue;
            }
            total += relevant;
            result.evidence.push(Evidence {
                entry: EntryKind::Supervision,
                place: s.place,
                date: s.date,
                label,
                counted: Some(relevant),
                note: None,
            });
        }
        set_hours(result, self.hours, total);
        result.explanation = ctx.hours_sentence(result, &what(&self.topics), self.hours, total);
    }

    pub(super) fn loosened_by(&self, new: &SupervisionRule) -> Option<String> {
        let mut old_topics = self.topics.clone();
        let mut new_topics = new.topics.clone();
        old_topics.sort();
        new_topics.sort();
        if new.hours < self.hours {
            Some(format!(
                "{} h is fewer than the base's {} h",
                new.hours, self.hours
            ))
        } else if old_topics != new_topics {
            Some("it counts supervision in different domains".to_owned())
        } else {
            window_loosened(self.within_months, new.within_months)
        }
    }
}

/// `supervision`, or `advocacy or ethics supervision`.
fn what(topics: &[TopicId]) -> String {
    match topics {
        [] => "supervision".to_owned(),
        t => format!(
            "{} supervision",
            t.iter()
                .map(TopicId::as_str)
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    }
}
