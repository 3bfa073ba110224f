//! The shared checks of the one fallible conversion from what was read to checked
//! types. Each takes a value already read (hours, a date, a name) and where it was
//! written, and when the value is wrong records a diagnostic there and returns `None`,
//! so that every problem of a file, a command-line entry or a roster is reported
//! together.
//!
//! Where a value was written is the type parameter `L`: a byte range of the text read
//! (a record, a rule set, a catalogue, a command-line entry) unless said otherwise, or
//! a roster's cell. The methods on spanned TOML values first read the value, then
//! check it with the same method every other reader calls.

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::NaiveDate;
use toml::{Spanned, Value};

use crate::diag::{Diagnostic, close_matches, did_you_mean};
use crate::id::{AttestationKind, CredentialId, ExamId, RequirementId, TopicId, WorkerId};
use crate::quantity::{Cents, Hours, date_from_toml, toml_date, within_years};
use crate::topic::Topics;

/// A value as it was read, and where it was written.
#[derive(Debug, Clone)]
pub(crate) struct At<T, L> {
    pub value: T,
    pub at: L,
}

impl<T, L> At<T, L> {
    pub fn new(value: T, at: L) -> At<T, L> {
        At { value, at }
    }
}

impl<T: Clone> From<&Spanned<T>> for At<T, Range<usize>> {
    fn from(spanned: &Spanned<T>) -> Self {
        At::new(spanned.get_ref().clone(), spanned.span())
    }
}

impl<T> From<Spanned<T>> for At<T, Range<usize>> {
    fn from(spanned: Spanned<T>) -> Self {
        let at = spanned.span();
        At::new(spanned.into_inner(), at)
    }
}

/// One part of a split of hours by topic: the topic's name, and its hours unless they
/// could not be read.
pub(crate) type SplitPart<L> = (At<String, L>, Option<At<Hours, L>>);

/// Collects the problems of one text (or one roster worker) while its values are checked.
pub(crate) struct Checker<'a, L = Range<usize>> {
    pub problems: Vec<Diagnostic<L>>,
    pub topics: &'a Topics,
    /// Credentials named by a rule set, with where: checked against the library later.
    pub credential_refs: Vec<(CredentialId, Range<usize>)>,
    /// Requirement ids as they are read, with where, for later checks that blame one.
    pub requirement_spans: Vec<(String, Range<usize>)>,
}

impl<'a, L: Clone> Checker<'a, L> {
    pub fn new(topics: &'a Topics) -> Checker<'a, L> {
        Checker {
            problems: Vec::new(),
            topics,
            credential_refs: Vec::new(),
            requirement_spans: Vec::new(),
        }
    }

    pub fn error(&mut self, message: impl Into<String>, at: L) {
        self.problems.push(Diagnostic::error(message, Some(at)));
    }

    pub fn push(&mut self, diagnostic: Diagnostic<L>) {
        self.problems.push(diagnostic);
    }

    /// The value, or `None` with the message recorded at `at`.
    pub fn lift<T>(&mut self, result: Result<T, String>, at: L) -> Option<T> {
        result.map_err(|message| self.error(message, at)).ok()
    }

    /// A date in a plausible year.
    pub fn date_at(&mut self, date: NaiveDate, at: L) -> Option<NaiveDate> {
        self.lift(within_years(date), at)
    }

    /// Hours that must be more than zero and at most `max`; `what` names them in messages.
    pub fn hours_at(&mut self, hours: Hours, at: L, max: Hours, what: &str) -> Option<Hours> {
        if hours <= Hours::ZERO {
            self.error(
                format!("expected {what} greater than zero, found {hours}"),
                at,
            );
            return None;
        }
        if hours > max {
            self.error(
                format!("expected at most {max} {what}, found {hours}, which is not plausible"),
                at,
            );
            return None;
        }
        Some(hours)
    }

    /// An amount that must be more than zero and at most `max`.
    pub fn amount_at(&mut self, cents: Cents, at: L, max: Cents) -> Option<Cents> {
        if cents <= Cents::ZERO || cents > max {
            self.error(
                format!("expected an amount between $0.01 and {max}, found {cents}"),
                at,
            );
            return None;
        }
        Some(cents)
    }

    /// A known topic (or an alias of one), with the close matches when it is unknown.
    pub fn topic_at(&mut self, name: &str, at: L) -> Option<TopicId> {
        self.topics
            .resolve_or_diagnose(name, at)
            .map_err(|d| self.push(d))
            .ok()
    }

    /// As [`Checker::topic_at`], keeping `name`'s text when it is the topic's id.
    pub fn owned_topic_at(&mut self, name: String, at: L) -> Option<TopicId> {
        match self.topics.resolve(&name) {
            Some(id) => Some(id.written_as(name)),
            None => self.topic_at(&name, at),
        }
    }

    pub fn credential_id_at(&mut self, text: &str, at: L) -> Option<CredentialId> {
        self.lift(CredentialId::new(text), at)
    }

    pub fn exam_id_at(&mut self, text: &str, at: L) -> Option<ExamId> {
        self.lift(ExamId::new(text), at)
    }

    pub fn attestation_kind_at(&mut self, text: &str, at: L) -> Option<AttestationKind> {
        self.lift(AttestationKind::new(text), at)
    }

    pub fn worker_id_at(&mut self, text: &str, at: L) -> Option<WorkerId> {
        self.lift(WorkerId::new(text), at)
    }

    /// Text that must not be empty.
    pub fn text_at(&mut self, text: &str, at: L, what: &str) -> Option<String> {
        self.owned_text_at(text.to_owned(), at, what)
    }

    /// Text that must not be empty, kept as it is unless it had spaces to trim.
    pub fn owned_text_at(&mut self, text: String, at: L, what: &str) -> Option<String> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            self.error(format!("expected {what}, found an empty string"), at);
            return None;
        }
        if trimmed.len() == text.len() {
            Some(text)
        } else {
            Some(trimmed.to_owned())
        }
    }

    /// One of a closed set of words; an unknown word gets the list and a close match.
    pub fn choice_at<T: Copy>(
        &mut self,
        text: &str,
        at: L,
        options: &[(&'static str, T)],
        what: &str,
    ) -> Option<T> {
        if let Some((_, value)) = options.iter().find(|(name, _)| *name == text) {
            return Some(*value);
        }
        let names: Vec<&str> = options.iter().map(|(name, _)| *name).collect();
        let listed = names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let help = did_you_mean(&close_matches(text, names.iter().copied()));
        self.push(
            Diagnostic::error(
                format!("unknown {what} `{text}`, expected one of {listed}"),
                Some(at),
            )
            .with_help_opt(help),
        );
        None
    }

    /// A course's split of hours by topic: known topics, each once, adding up to at
    /// most the course's `total`. A part whose hours could not be read is `None`.
    pub fn topic_split_at(
        &mut self,
        parts: &[SplitPart<L>],
        at: L,
        total: Option<Hours>,
        max: Hours,
    ) -> Option<Vec<(TopicId, Hours)>> {
        let mut checked: Vec<(TopicId, Hours)> = Vec::new();
        let mut ok = true;
        for (name, hours) in parts {
            let topic = self.topic_at(&name.value, name.at.clone());
            let hours = hours
                .as_ref()
                .and_then(|h| self.hours_at(h.value, h.at.clone(), max, "hours for a topic"));
            match (topic, hours) {
                (Some(topic), Some(_)) if checked.iter().any(|(t, _)| *t == topic) => {
                    self.error(
                        format!("topic `{topic}` appears twice in this split (once by an alias)"),
                        name.at.clone(),
                    );
                    ok = false;
                }
                (Some(topic), Some(hours)) => checked.push((topic, hours)),
                _ => ok = false,
            }
        }
        let total = total?;
        let sum: Hours = checked.iter().map(|(_, h)| *h).sum();
        if ok && sum > total {
            self.error(
                format!(
                    "the topic split adds up to {sum} hours, more than the course's {total} hours"
                ),
                at,
            );
            return None;
        }
        ok.then_some(checked)
    }
}

/// Spanned TOML values: read, then checked by the methods above.
impl Checker<'_> {
    pub fn date(&mut self, value: &Spanned<Value>) -> Option<NaiveDate> {
        self.lift(date_from_toml(value.get_ref()), value.span())
    }

    /// A date as written, whatever its year: [`Checker::date_at`] checks that.
    pub fn read_date(&mut self, value: &Spanned<Value>) -> Option<At<NaiveDate, Range<usize>>> {
        let date = self.lift(toml_date(value.get_ref()), value.span())?;
        Some(At::new(date, value.span()))
    }

    /// Hours as written, whatever their amount: [`Checker::hours_at`] checks that.
    pub fn read_hours(&mut self, value: &Spanned<Value>) -> Option<At<Hours, Range<usize>>> {
        let hours = self.lift(Hours::from_toml(value.get_ref()), value.span())?;
        Some(At::new(hours, value.span()))
    }

    /// An amount as written, whatever its size: [`Checker::amount_at`] checks that.
    pub fn read_amount(&mut self, value: &Spanned<Value>) -> Option<At<Cents, Range<usize>>> {
        let cents = self.lift(Cents::from_toml(value.get_ref()), value.span())?;
        Some(At::new(cents, value.span()))
    }

    /// Hours that must be more than zero and at most `max`; `what` names them in messages.
    pub fn hours(&mut self, value: &Spanned<Value>, max: Hours, what: &str) -> Option<Hours> {
        let hours = self.read_hours(value)?;
        self.hours_at(hours.value, hours.at, max, what)
    }

    /// An amount that must be more than zero and at most `max`.
    pub fn amount(&mut self, value: &Spanned<Value>, max: Cents) -> Option<Cents> {
        let cents = self.read_amount(value)?;
        self.amount_at(cents.value, cents.at, max)
    }

    /// An amount that may be zero (something given free) and at most `max`.
    pub fn amount_or_free(&mut self, value: &Spanned<Value>, max: Cents) -> Option<Cents> {
        let cents = self.read_amount(value)?;
        if cents.value < Cents::ZERO || cents.value > max {
            self.error(
                format!(
                    "expected an amount between $0.00 and {max}, found {}",
                    cents.value
                ),
                cents.at,
            );
            return None;
        }
        Some(cents.value)
    }

    pub fn topic(&mut self, name: &Spanned<String>) -> Option<TopicId> {
        self.topic_at(name.get_ref(), name.span())
    }

    pub fn credential_id(&mut self, text: &Spanned<String>) -> Option<CredentialId> {
        self.credential_id_at(text.get_ref(), text.span())
    }

    pub fn exam_id(&mut self, text: &Spanned<String>) -> Option<ExamId> {
        self.exam_id_at(text.get_ref(), text.span())
    }

    pub fn attestation_kind(&mut self, text: &Spanned<String>) -> Option<AttestationKind> {
        self.attestation_kind_at(text.get_ref(), text.span())
    }

    pub fn requirement_id(&mut self, text: &Spanned<String>) -> Option<RequirementId> {
        self.lift(RequirementId::new(text.get_ref()), text.span())
    }

    /// A whole number from `min` to `max`; `expected` says what it is in messages.
    pub fn bounded(
        &mut self,
        value: &Spanned<i64>,
        min: i64,
        max: i64,
        expected: &str,
    ) -> Option<u32> {
        let v = *value.get_ref();
        if (min..=max).contains(&v) {
            u32::try_from(v).ok()
        } else {
            self.error(format!("expected {expected}, found {v}"), value.span());
            None
        }
    }

    /// Text that must not be empty.
    pub fn text(&mut self, text: &Spanned<String>, what: &str) -> Option<String> {
        self.text_at(text.get_ref(), text.span(), what)
    }

    /// One of a closed set of words; an unknown word gets the list and a close match.
    pub fn choice<T: Copy>(
        &mut self,
        text: &Spanned<String>,
        options: &[(&'static str, T)],
        what: &str,
    ) -> Option<T> {
        self.choice_at(text.get_ref(), text.span(), options, what)
    }

    /// A split of hours by topic as a TOML table, as written: [`Checker::topic_split_at`]
    /// checks it.
    pub fn read_split(
        &mut self,
        split: &Spanned<BTreeMap<Spanned<String>, Spanned<Value>>>,
    ) -> Vec<SplitPart<Range<usize>>> {
        split
            .get_ref()
            .iter()
            .map(|(name, hours)| (At::from(name), self.read_hours(hours)))
            .collect()
    }
}
