//! `kind = "hours"`: hours of training, of any topic or of some, within a window,
//! in accepted delivery formats, with caps and minimum shares by format and caps by
//! topic.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::{Spanned, Value};

use super::{Context, Detail, Keyed, Shortfall, StepKind, months, set_hours, window_loosened};
use crate::check::Checker;
use crate::id::TopicId;
use crate::quantity::Hours;
use crate::report::{Cause, EntryKind, Evidence, Exclusion, Measure, RequirementResult, Status};
use crate::value_schema::{
    FormatHours, FormatName, FormatShares, PositiveHours, TopicCaps, TopicName,
};
use crate::vocab::Format;

/// The most hours one requirement may ask for.
pub(crate) const MAX_REQUIRED_HOURS: Hours = Hours::from_whole(20_000);

/// An unmet hours requirement is part of the training step.
pub(super) const STEP: StepKind = StepKind::Training;

/// The keys of an `hours` requirement, as written.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("required" = ["hours"], "not" = { "required": ["topic", "topics"] }))]
pub(super) struct Raw {
    /// How many hours of training are required (at most 20,000).
    #[schemars(with = "Option<PositiveHours>", extend("maximum" = 20000))]
    hours: Option<Spanned<Value>>,
    /// Only hours of this topic count; or give `topics`, not both.
    #[schemars(with = "Option<TopicName>")]
    topic: Option<Spanned<String>>,
    /// Hours of any of these topics count; or give `topic`, not both. With neither,
    /// all training hours count.
    #[schemars(with = "Option<Vec<TopicName>>")]
    topics: Option<Spanned<Vec<Spanned<String>>>>,
    /// Only hours within this many months count (1 to 600); for renewal, the cycle
    /// when left out.
    #[schemars(with = "Option<u32>", extend("minimum" = 1, "maximum" = 600))]
    within_months: Option<Spanned<i64>>,
    /// Only these delivery formats count; with none, any does.
    #[schemars(with = "Option<Vec<FormatName>>")]
    formats: Option<Spanned<Vec<Spanned<String>>>>,
    /// At most this many hours of a delivery format count, such as { self-paced = 10 }.
    #[schemars(with = "Option<FormatHours>")]
    caps: Option<Spanned<BTreeMap<Spanned<String>, Spanned<Value>>>>,
    /// At least this percentage (1 to 100) of the hours must be of a delivery format,
    /// such as { in-person = 50 }.
    #[schemars(with = "Option<FormatShares>")]
    min_share: Option<Spanned<BTreeMap<Spanned<String>, Spanned<i64>>>>,
    /// At most this many hours of a topic count, such as { ethics = 3 }.
    #[schemars(with = "Option<TopicCaps>")]
    topic_caps: Option<Spanned<BTreeMap<Spanned<String>, Spanned<Value>>>>,
}

/// Training hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HoursRule {
    /// How many.
    pub hours: Hours,
    /// Hours of any of these topics count; with none, all hours count.
    pub topics: Vec<TopicId>,
    /// Only hours within this many months count; for renewal, the cycle when `None`.
    /// Counted back from `as_of` for initial certification, both days included; for
    /// renewal, the months that end on the expiry day, counted as a cycle is
    /// ([`crate::report::Cycle::start`]).
    pub within_months: Option<u32>,
    /// Only these delivery formats count; with none, any does.
    pub formats: Vec<Format>,
    /// At most this many hours of a format count.
    pub caps: Vec<(Format, Hours)>,
    /// At least this percentage of the required hours must be of a format.
    pub min_share: Vec<(Format, u32)>,
    /// At most this many hours of a topic count.
    pub topic_caps: Vec<(TopicId, Hours)>,
}

impl HoursRule {
    pub(super) fn check(check: &mut Checker<'_>, at: &Keyed, raw: Raw) -> Option<HoursRule> {
        let hours = match &raw.hours {
            Some(h) => check.hours(h, MAX_REQUIRED_HOURS, "required hours"),
            None => {
                at.missing(check, "hours");
                None
            }
        };
        let topics = read_topics(check, raw.topic.as_ref(), raw.topics.as_ref());
        let within = months(check, raw.within_months.as_ref());
        let formats = match &raw.formats {
            Some(list) => list
                .get_ref()
                .iter()
                .map(|f| check.choice(f, &Format::ALL, "format"))
                .collect::<Vec<_>>()
                .into_iter()
                .collect::<Option<Vec<_>>>(),
            None => Some(Vec::new()),
        };
        let caps = match &raw.caps {
            Some(map) => {
                let mut caps = Vec::new();
                let mut ok = true;
                for (format, cap) in map.get_ref() {
                    let f = check.choice(format, &Format::ALL, "format");
                    let c = check.hours(cap, MAX_REQUIRED_HOURS, "capped hours");
                    match (f, c) {
                        (Some(f), Some(c)) => caps.push((f, c)),
                        _ => ok = false,
                    }
                }
                ok.then_some(caps)
            }
            None => Some(Vec::new()),
        };
        let min_share = match &raw.min_share {
            Some(map) => {
                let mut shares = Vec::new();
                let mut ok = true;
                for (format, pct) in map.get_ref() {
                    let f = check.choice(format, &Format::ALL, "format");
                    let p = check.bounded(pct, 1, 100, "a percentage from 1 to 100");
                    match (f, p) {
                        (Some(f), Some(p)) => shares.push((f, p)),
                        _ => ok = false,
                    }
                }
                ok.then_some(shares)
            }
            None => Some(Vec::new()),
        };
        let topic_caps = match &raw.topic_caps {
            Some(map) => {
                let mut caps: Vec<(TopicId, Hours)> = Vec::new();
                let mut ok = true;
                for (topic, cap) in map.get_ref() {
                    let t = check.topic(topic);
                    let c = check.hours(cap, MAX_REQUIRED_HOURS, "capped hours");
                    match (t, c) {
                        (Some(t), _) if caps.iter().any(|(other, _)| *other == t) => {
                            check.error(
                                format!("topic `{t}` is capped twice (once by an alias)"),
                                topic.span(),
                            );
                            ok = false;
                        }
                        (Some(t), _)
                            if topics
                                .as_ref()
                                .is_some_and(|list| !list.is_empty() && !list.contains(&t)) =>
                        {
                            check.push(
                                crate::diag::Diagnostic::error(
                                    format!(
                                        "a cap on `{t}` hours can never apply: this requirement counts only {}",
                                        topics_phrase(topics.as_deref().unwrap_or_default())
                                    ),
                                    Some(topic.span()),
                                )
                                .with_help("cap a topic the requirement counts, or leave out `topic`/`topics` to count every topic"),
                            );
                            ok = false;
                        }
                        (Some(t), Some(c)) => caps.push((t, c)),
                        _ => ok = false,
                    }
                }
                ok.then_some(caps)
            }
            None => Some(Vec::new()),
        };
        Some(HoursRule {
            hours: hours?,
            topics: topics?,
            within_months: within?,
            formats: formats?,
            caps: caps?,
            min_share: min_share?,
            topic_caps: topic_caps?,
        })
    }

    /// `16 h of ethics training within 24 months, in-person only`.
    pub fn describe(&self) -> String {
        let formats = match self.formats.as_slice() {
            [] => String::new(),
            f => format!(
                ", {} only",
                f.iter()
                    .map(|f| f.as_str())
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        };
        let caps: String = self
            .caps
            .iter()
            .map(|(f, c)| format!(", at most {c} h {}", f.as_str()))
            .collect();
        let shares: String = self
            .min_share
            .iter()
            .map(|(f, p)| format!(", at least {p}% {}", f.as_str()))
            .collect();
        let topic_caps: String = self
            .topic_caps
            .iter()
            .map(|(t, c)| format!(", at most {c} h of {t}"))
            .collect();
        format!(
            "{} h of {}{}{formats}{caps}{shares}{topic_caps}",
            self.hours,
            topics_phrase(&self.topics),
            self.within_months
                .map_or_else(String::new, |m| format!(" within {m} months"))
        )
    }

    /// The hours of `course` (its topics, its format) this rule could count, caps aside.
    pub fn useful(
        &self,
        hours: Hours,
        topics: &[(TopicId, Hours)],
        format: Option<Format>,
    ) -> Hours {
        if !self.formats.is_empty() && !format.is_some_and(|f| self.formats.contains(&f)) {
            return Hours::ZERO;
        }
        if self.topics.is_empty() {
            return hours;
        }
        topics
            .iter()
            .filter(|(t, _)| self.topics.contains(t))
            .map(|(_, h)| *h)
            .sum()
    }

    pub(super) fn measure(&self, ctx: &Context<'_>, result: &mut RequirementResult) {
        let window = ctx.window(self.within_months);
        result.window = window.from.is_some().then_some(window);
        match self.topics.as_slice() {
            [one] => result.topic = Some(one.clone()),
            [] => {}
            many => result.topics = many.to_vec(),
        }
        let trainings = ctx.trainings_by_date();
        let mut capped: BTreeMap<Format, Hours> = BTreeMap::new();
        let mut topic_used: BTreeMap<TopicId, Hours> = BTreeMap::new();
        let mut by_format: BTreeMap<Format, Hours> = BTreeMap::new();
        let mut total = Hours::ZERO;
        // The reasons shared by every course they apply to, each written once, and
        // only when an answer in full says them.
        let mut accepted: Option<String> = None;
        let mut accepted = || -> String {
            accepted
                .get_or_insert_with(|| {
                    self.formats
                        .iter()
                        .map(|f| f.as_str())
                        .collect::<Vec<_>>()
                        .join(" or ")
                })
                .clone()
        };
        let mut too_early: Option<String> = None;
        for &t in trainings {
            let relevant = t.hours_in(&self.topics);
            if relevant == Hours::ZERO {
                // Say why an untagged course in the window did not count: tagging it
                // with its topic may be all that is missing.
                let in_window =
                    t.date <= window.to && window.from.is_none_or(|from| t.date >= from);
                if t.topics.is_empty() && in_window {
                    ctx.keep(&mut result.not_counted, || Exclusion {
                        entry: EntryKind::Training,
                        place: t.place,
                        date: t.date,
                        label: t.label(),
                        cause: Cause::NoTopic,
                        reason: "its hours are not tagged with a topic, so they count only toward totals"
                            .to_owned(),
                    });
                }
                continue;
            }
            let exclude = |cause: Cause, reason: String| Exclusion {
                cause,
                entry: EntryKind::Training,
                place: t.place,
                date: t.date,
                label: t.label(),
                reason,
            };
            if t.date > window.to {
                ctx.keep(&mut result.not_counted, || {
                    exclude(Cause::AfterDate, format!("completed after {}", ctx.as_of))
                });
                continue;
            }
            if let Some(from) = window.from
                && t.date < from
            {
                ctx.keep(&mut result.not_counted, || {
                    let reason =
                        too_early.get_or_insert_with(|| ctx.too_early(from, self.within_months));
                    exclude(Cause::OutOfWindow, reason.clone())
                });
                continue;
            }
            if !self.formats.is_empty() {
                match t.format {
                    Some(f) if self.formats.contains(&f) => {}
                    Some(f) => {
                        ctx.keep(&mut result.not_counted, || {
                            exclude(
                                Cause::Format,
                                format!(
                                    "delivered {}, and only {} hours count",
                                    f.as_str(),
                                    accepted()
                                ),
                            )
                        });
                        continue;
                    }
                    None => {
                        ctx.keep(&mut result.not_counted, || {
                            exclude(
                                Cause::Format,
                                format!(
                                    "its delivery format is not recorded, and only {} hours count",
                                    accepted()
                                ),
                            )
                        });
                        continue;
                    }
                }
            }
            let mut counting = relevant;
            let mut note = None;
            // Topic caps first: the hours of a capped topic beyond its cap do not count.
            for (topic, cap) in &self.topic_caps {
                let of_topic: Hours = t
                    .topics
                    .iter()
                    .filter(|(tt, _)| tt == topic)
                    .map(|(_, h)| *h)
                    .sum();
                if of_topic == Hours::ZERO {
                    continue;
                }
                let used = topic_used.entry(topic.clone()).or_default();
                let room = cap.saturating_sub(*used);
                let kept = of_topic.min(room);
                *used += kept;
                if kept < of_topic {
                    let over = of_topic - kept;
                    counting = counting.saturating_sub(over);
                    note = Some(if kept == Hours::ZERO {
                        format!(
                            "all its {of_topic} h of {topic} are over the {cap} h limit on {topic} hours"
                        )
                    } else {
                        format!(
                            "{over} of its {of_topic} h of {topic} are over the {cap} h limit on {topic} hours"
                        )
                    });
                }
            }
            // A course is charged to at most one cap: its own format's, or, when its
            // format is not recorded, the tightest one (the conservative reading).
            let cap = match t.format {
                Some(f) => self.caps.iter().find(|(format, _)| *format == f),
                None => self.caps.iter().min_by_key(|(format, cap)| {
                    cap.saturating_sub(capped.get(format).copied().unwrap_or_default())
                }),
            };
            if let Some((format, cap)) = cap {
                let used = capped.entry(*format).or_default();
                let room = cap.saturating_sub(*used);
                let unrecorded = if t.format.is_none() {
                    " (its format is not recorded, so it is counted as such)"
                } else {
                    ""
                };
                if counting > room {
                    let over = if room == Hours::ZERO {
                        format!("all its {relevant} h are")
                    } else {
                        format!("{} of its {relevant} h are", counting - room)
                    };
                    note = Some(joined(
                        note,
                        format!(
                            "{over} over the {cap} h limit on {} hours{unrecorded}",
                            format.as_str()
                        ),
                    ));
                    counting = room;
                } else if t.format.is_none() {
                    note = Some(joined(
                        note,
                        format!(
                            "counted under the {cap} h limit on {} hours, as its format is not recorded",
                            format.as_str()
                        ),
                    ));
                }
                *used += counting;
            }
            if counting == Hours::ZERO {
                ctx.keep(&mut result.not_counted, || {
                    exclude(
                        Cause::OverCap,
                        note.unwrap_or_else(|| "no hours of it could count".to_owned()),
                    )
                });
                continue;
            }
            total += counting;
            if let Some(format) = t.format {
                *by_format.entry(format).or_default() += counting;
            }
            ctx.keep(&mut result.evidence, || Evidence {
                entry: EntryKind::Training,
                place: t.place,
                date: t.date,
                label: t.label(),
                counted: Some(counting),
                note,
            });
        }
        set_hours(result, self.hours, total);
        if ctx.detail == Detail::Full {
            let what = topics_phrase(&self.topics);
            result.explanation = ctx.hours_sentence(result, &what, self.hours, total);
        }
        // A minimum share of a format is a nested minimum: that many of the
        // required hours must be of the format.
        for (format, percent) in &self.min_share {
            let needed =
                Hours::from_hundredths((self.hours.hundredths() * i64::from(*percent) + 99) / 100);
            let have = by_format.get(format).copied().unwrap_or_default();
            if have < needed {
                result.status = Status::Unmet;
                let missing = needed - have;
                if let Measure::Hours(short) = result.shortfall {
                    result.shortfall = Measure::Hours(short.max(missing));
                }
                if ctx.detail == Detail::Outcome {
                    continue;
                }
                let sentence = result.explanation.trim_end_matches('.').to_owned();
                result.explanation = format!(
                    "{sentence}; at least {needed} h ({percent}%) must be {}, but only {have} h are ({missing} h short).",
                    format.as_str()
                );
            }
        }
    }

    pub(super) fn loosened_by(&self, new: &HoursRule) -> Option<String> {
        if new.hours < self.hours {
            return Some(format!(
                "{} h is fewer than the base's {} h",
                new.hours, self.hours
            ));
        }
        let mut old_topics = self.topics.clone();
        let mut new_topics = new.topics.clone();
        old_topics.sort();
        new_topics.sort();
        if old_topics != new_topics {
            return Some("it counts different topics".to_owned());
        }
        if !self.formats.is_empty()
            && (new.formats.is_empty() || new.formats.iter().any(|f| !self.formats.contains(f)))
        {
            return Some("it accepts delivery formats the base does not".to_owned());
        }
        for (format, cap) in &self.caps {
            match new.caps.iter().find(|(f, _)| f == format) {
                Some((_, c)) if c <= cap => {}
                _ => {
                    return Some(format!(
                        "it raises or drops the base's {cap} h limit on {} hours",
                        format.as_str()
                    ));
                }
            }
        }
        for (topic, cap) in &self.topic_caps {
            match new.topic_caps.iter().find(|(t, _)| t == topic) {
                Some((_, c)) if c <= cap => {}
                _ => {
                    return Some(format!(
                        "it raises or drops the base's {cap} h limit on {topic} hours"
                    ));
                }
            }
        }
        for (format, share) in &self.min_share {
            match new.min_share.iter().find(|(f, _)| f == format) {
                Some((_, s)) if s >= share => {}
                _ => {
                    return Some(format!(
                        "it lowers or drops the base's minimum of {share}% {} hours",
                        format.as_str()
                    ));
                }
            }
        }
        window_loosened(self.within_months, new.within_months)
    }
}

/// A requirement's `topic` or `topics`, resolved: hours of any of them count; none
/// when neither is given.
pub(super) fn read_topics(
    check: &mut Checker<'_>,
    topic: Option<&Spanned<String>>,
    topics: Option<&Spanned<Vec<Spanned<String>>>>,
) -> Option<Vec<TopicId>> {
    match (topic, topics) {
        (Some(_), Some(list)) => {
            check.error("use either `topic` or `topics`, not both", list.span());
            None
        }
        (Some(t), None) => check.topic(t).map(|t| vec![t]),
        (None, Some(list)) => {
            let mut resolved: Vec<TopicId> = Vec::new();
            let mut ok = true;
            for name in list.get_ref() {
                match check.topic(name) {
                    Some(t) if resolved.contains(&t) => {
                        check.error(
                            format!("topic `{t}` is listed twice (once by an alias)"),
                            name.span(),
                        );
                        ok = false;
                    }
                    Some(t) => resolved.push(t),
                    None => ok = false,
                }
            }
            ok.then_some(resolved)
        }
        (None, None) => Some(Vec::new()),
    }
}

/// `first; second`, or `second` alone.
fn joined(first: Option<String>, second: String) -> String {
    match first {
        Some(first) => format!("{first}; {second}"),
        None => second,
    }
}

/// `training`, or `ethics or advocacy training`.
pub(crate) fn topics_phrase(topics: &[TopicId]) -> String {
    match topics {
        [] => "training".to_owned(),
        t => format!(
            "{} training",
            t.iter()
                .map(TopicId::as_str)
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    }
}

/// `12.5 / 16 h` (for every kind measured in hours).
pub(super) fn progress(required: Measure, completed: Measure) -> String {
    format!("{completed} / {required} h")
}

/// `2.5 h of ethics`, `2 h of ethics or advocacy`, `4 h`.
pub(super) fn left(s: Shortfall<'_>) -> String {
    match (s.shortfall, s.topic, s.topics) {
        (Measure::Hours(h), Some(topic), _) => format!("{h} h of {topic}"),
        (shortfall, None, []) => format!("{shortfall} h"),
        (shortfall, None, topics) => format!(
            "{shortfall} h of {}",
            topics
                .iter()
                .map(TopicId::as_str)
                .collect::<Vec<_>>()
                .join(" or ")
        ),
        (shortfall, Some(topic), _) => format!("{shortfall} h of {topic}"),
    }
}

/// `40 h` (for every kind measured in hours).
pub(super) fn remaining(shortfall: Measure) -> String {
    format!("{shortfall} h")
}

/// `3.5 h of ethics`, `8 h`, or `hours` when nothing is short but a share is
/// (for every kind measured in hours).
pub(super) fn missing(topic: Option<&TopicId>, shortfall: Measure) -> String {
    match (shortfall, topic) {
        (Measure::Hours(h), Some(topic)) => format!("{h} h of {topic}"),
        (Measure::Hours(h), None) if h > Hours::ZERO => format!("{h} h"),
        (Measure::Hours(_), None) => "hours".to_owned(),
        (other, _) => format!("{other} h"),
    }
}
