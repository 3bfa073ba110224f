//! The shared checks of the one fallible conversion from raw mirrors to checked
//! types, used by rule sets, requirements, records and catalogues: each reads one
//! spanned value and, when it is wrong, records a diagnostic pointing at it and
//! returns `None`, so a whole file's problems are reported together.

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::NaiveDate;
use toml::{Spanned, Value};

use crate::diag::{Diagnostic, close_matches, did_you_mean};
use crate::id::{AttestationKind, CredentialId, ExamId, RequirementId, TopicId, WorkerId};
use crate::quantity::{Cents, Hours, date_from_toml};
use crate::topic::Topics;

/// Collects the problems of one file while its values are checked.
pub(crate) struct Checker<'a> {
    pub problems: Vec<Diagnostic>,
    pub topics: &'a Topics,
    /// Credentials named by the file, with where: checked against the library later.
    pub credential_refs: Vec<(CredentialId, Range<usize>)>,
    /// Requirement ids as they are read, with where, for later checks that blame one.
    pub requirement_spans: Vec<(String, Range<usize>)>,
}

impl<'a> Checker<'a> {
    pub fn new(topics: &'a Topics) -> Checker<'a> {
        Checker {
            problems: Vec::new(),
            topics,
            credential_refs: Vec::new(),
            requirement_spans: Vec::new(),
        }
    }

    pub fn error(&mut self, message: impl Into<String>, span: Range<usize>) {
        self.problems.push(Diagnostic::error(message, Some(span)));
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.problems.push(diagnostic);
    }

    fn lift<T>(&mut self, result: Result<T, String>, span: Range<usize>) -> Option<T> {
        result.map_err(|message| self.error(message, span)).ok()
    }

    pub fn date(&mut self, value: &Spanned<Value>) -> Option<NaiveDate> {
        self.lift(date_from_toml(value.get_ref()), value.span())
    }

    /// Hours that must be more than zero and at most `max`; `what` names them in messages.
    pub fn hours(&mut self, value: &Spanned<Value>, max: Hours, what: &str) -> Option<Hours> {
        let hours = self.lift(Hours::from_toml(value.get_ref()), value.span())?;
        if hours <= Hours::ZERO {
            self.error(
                format!("expected {what} greater than zero, found {hours}"),
                value.span(),
            );
            return None;
        }
        if hours > max {
            self.error(
                format!("expected at most {max} {what}, found {hours}, which is not plausible"),
                value.span(),
            );
            return None;
        }
        Some(hours)
    }

    /// An amount that must be more than zero and at most `max`.
    pub fn amount(&mut self, value: &Spanned<Value>, max: Cents) -> Option<Cents> {
        let cents = self.lift(Cents::from_toml(value.get_ref()), value.span())?;
        if cents <= Cents::ZERO || cents > max {
            self.error(
                format!("expected an amount between $0.01 and {max}, found {cents}"),
                value.span(),
            );
            return None;
        }
        Some(cents)
    }

    pub fn topic(&mut self, name: &Spanned<String>) -> Option<TopicId> {
        self.topics
            .resolve_or_diagnose(name)
            .map_err(|d| self.push(d))
            .ok()
    }

    pub fn credential_id(&mut self, text: &Spanned<String>) -> Option<CredentialId> {
        self.lift(CredentialId::new(text.get_ref()), text.span())
    }

    pub fn exam_id(&mut self, text: &Spanned<String>) -> Option<ExamId> {
        self.lift(ExamId::new(text.get_ref()), text.span())
    }

    pub fn attestation_kind(&mut self, text: &Spanned<String>) -> Option<AttestationKind> {
        self.lift(AttestationKind::new(text.get_ref()), text.span())
    }

    pub fn requirement_id(&mut self, text: &Spanned<String>) -> Option<RequirementId> {
        self.lift(RequirementId::new(text.get_ref()), text.span())
    }

    pub fn worker_id(&mut self, text: &Spanned<String>) -> Option<WorkerId> {
        self.lift(WorkerId::new(text.get_ref()), text.span())
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
        let trimmed = text.get_ref().trim();
        if trimmed.is_empty() {
            self.error(
                format!("expected {what}, found an empty string"),
                text.span(),
            );
            return None;
        }
        Some(trimmed.to_owned())
    }

    /// One of a closed set of words; an unknown word gets the list and a close match.
    pub fn choice<T: Copy>(
        &mut self,
        text: &Spanned<String>,
        options: &[(&'static str, T)],
        what: &str,
    ) -> Option<T> {
        if let Some((_, value)) = options.iter().find(|(name, _)| name == text.get_ref()) {
            return Some(*value);
        }
        let names: Vec<&str> = options.iter().map(|(name, _)| *name).collect();
        let listed = names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let help = did_you_mean(&close_matches(text.get_ref(), names.iter().copied()));
        self.push(
            Diagnostic::error(
                format!(
                    "unknown {what} `{}`, expected one of {listed}",
                    text.get_ref()
                ),
                Some(text.span()),
            )
            .with_help_opt(help),
        );
        None
    }

    /// A course's split of hours by topic: known topics, each once, adding up to at
    /// most the course's `total`.
    pub fn topic_split(
        &mut self,
        split: &Spanned<BTreeMap<Spanned<String>, Spanned<Value>>>,
        total: Option<Hours>,
        max: Hours,
    ) -> Option<Vec<(TopicId, Hours)>> {
        let mut parts: Vec<(TopicId, Hours)> = Vec::new();
        let mut ok = true;
        for (name, hours) in split.get_ref() {
            let topic = self.topic(name);
            let hours = self.hours(hours, max, "hours for a topic");
            match (topic, hours) {
                (Some(topic), Some(_)) if parts.iter().any(|(t, _)| *t == topic) => {
                    self.error(
                        format!("topic `{topic}` appears twice in this split (once by an alias)"),
                        name.span(),
                    );
                    ok = false;
                }
                (Some(topic), Some(hours)) => parts.push((topic, hours)),
                _ => ok = false,
            }
        }
        let total = total?;
        let sum: Hours = parts.iter().map(|(_, h)| *h).sum();
        if ok && sum > total {
            self.error(
                format!(
                    "the topic split adds up to {sum} hours, more than the course's {total} hours"
                ),
                split.span(),
            );
            return None;
        }
        ok.then_some(parts)
    }
}
