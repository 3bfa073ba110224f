//! The entry language: one record entry written on one line, such as
//! `training: 6h ethics 2026-12-01`, read into the same [`Entry`] a record file gives
//! and checked by the same rules (known topics, dates in range, hours per day), so
//! that a plan can be made as if it were in the record without touching the file.
//!
//! The forms, one entry each:
//!
//! | form | example |
//! | --- | --- |
//! | `training: HOURSh [TOPIC] [FORMAT] DATE` | `training: 6h ethics live-online 2026-12-01` |
//! | `supervision: HOURSh DATE` | `supervision: 2h 2026-12-15` |
//! | `experience: HOURSh FROM..TO [supervised]` | `experience: 120h 2026-09-01..2026-11-30 supervised` |
//! | `exam: ID SCORE\|passed DATE` | `exam: icrc-pr 540 2027-01-10` |
//! | `attestation: KIND DATE` | `attestation: code-of-ethics 2026-12-01` |
//! | `payment: KIND AMOUNT DATE` | `payment: renewal 100.00 2026-12-01` |
//!
//! The `h` after the hours may be left out. A course given this way has no title.
//!
//! The entry's text is a [`Source`] that the caller names (a command-line tool after
//! its argument): every problem points into it, shown with the text and a caret under
//! the word to blame, the way a record file's problems are.

use std::ops::Range;

use chrono::NaiveDate;

use super::draft::{
    AttestationDraft, CourseDraft, Draft, ExamDraft, ExamResultDraft, ExperienceDraft,
    PaymentDraft, Read, Seen, SupervisionDraft, TopicsDraft, TrainingDraft,
};
use super::{Entry, Place, Record, Vocabulary};
use crate::check::{At, Checker};
use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::error::LoadError;
use crate::quantity::{Cents, Hours, parse_iso_date};
use crate::vocab::Format;

/// A byte range of the entry's text.
type Span = Range<usize>;

/// The kinds of entry, by the word that names them.
const KINDS: [(&str, Shape); 6] = [
    (
        "training",
        Shape {
            kind: Kind::Training,
            form: "training: HOURSh [TOPIC] [FORMAT] DATE",
            example: "training: 6h ethics live-online 2026-12-01",
        },
    ),
    (
        "supervision",
        Shape {
            kind: Kind::Supervision,
            form: "supervision: HOURSh DATE",
            example: "supervision: 2h 2026-12-15",
        },
    ),
    (
        "experience",
        Shape {
            kind: Kind::Experience,
            form: "experience: HOURSh FROM..TO [supervised]",
            example: "experience: 120h 2026-09-01..2026-11-30 supervised",
        },
    ),
    (
        "exam",
        Shape {
            kind: Kind::Exam,
            form: "exam: ID SCORE|passed DATE",
            example: "exam: icrc-pr 540 2027-01-10",
        },
    ),
    (
        "attestation",
        Shape {
            kind: Kind::Attestation,
            form: "attestation: KIND DATE",
            example: "attestation: code-of-ethics 2026-12-01",
        },
    ),
    (
        "payment",
        Shape {
            kind: Kind::Payment,
            form: "payment: KIND AMOUNT DATE",
            example: "payment: renewal 100.00 2026-12-01",
        },
    ),
];

/// A kind of entry, its form and an example of it.
#[derive(Debug, Clone, Copy)]
struct Shape {
    kind: Kind,
    form: &'static str,
    example: &'static str,
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Training,
    Supervision,
    Experience,
    Exam,
    Attestation,
    Payment,
}

/// One word of the entry and where it is.
#[derive(Debug, Clone, Copy)]
struct Word<'a> {
    text: &'a str,
    start: usize,
}

impl Word<'_> {
    fn span(&self) -> Span {
        self.start..self.start + self.text.len()
    }

    fn at<T>(&self, value: T) -> At<T, Span> {
        At::new(value, self.span())
    }
}

/// The words of `text` from byte `offset` on, split at white space.
fn words(text: &str, offset: usize) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (start, c.is_whitespace()) {
            (None, false) => start = Some(i),
            (Some(s), true) => {
                out.push(Word {
                    text: text.get(s..i).unwrap_or_default(),
                    start: offset + s,
                });
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// From the first byte of the first word to the last byte of the last, or the empty
/// span at `end` when there is no word.
fn cover(words: &[Word<'_>], end: usize) -> Span {
    match (words.first(), words.last()) {
        (Some(first), Some(last)) => first.start..last.span().end,
        _ => end..end,
    }
}

/// Reads the entry written in `source` as an entry at `place`, checked as a record
/// file's entries are; every problem points into `source`.
pub fn parse(source: &Source, library: &dyn Vocabulary, place: Place) -> Result<Entry, LoadError> {
    let mut check = Checker::new(library.topics());
    let entry = read(source, &mut check).and_then(|d| d.check(&mut check, library, place));
    finish(source, check, entry)
}

/// Reads the entry written in `source` and adds it to `record` as the record's next
/// entry from outside its file ([`Place::Added`]), checked as a record file's entries
/// are and refused when the record already has the same entry. Every problem points
/// into `source`. Returns the entry added.
pub fn add(
    record: &mut Record,
    source: &Source,
    library: &dyn Vocabulary,
) -> Result<Entry, LoadError> {
    let added = record
        .entries()
        .filter_map(|e| match e.place() {
            Place::Added(n) => Some(n),
            Place::Line(_) | Place::Row(_) | Place::Course(_) | Place::Renewal => None,
        })
        .max()
        .unwrap_or(0);
    let mut check = Checker::new(library.topics());
    let entry = read(source, &mut check)
        .and_then(|d| d.check(&mut check, library, Place::Added(added + 1)))
        .filter(|entry| {
            let all = cover(&words(&source.text, 0), 0);
            Seen::of(record).admit(entry, all, &mut check)
        });
    let entry = finish(source, check, entry)?;
    record.push(entry.clone());
    Ok(entry)
}

fn finish(source: &Source, check: Checker<'_>, entry: Option<Entry>) -> Result<Entry, LoadError> {
    let mut problems = check.problems;
    problems.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
    match entry {
        Some(entry) if problems.is_empty() => Ok(entry),
        _ => Err(LoadError::Invalid(Diagnostics::new(
            source.clone(),
            problems,
        ))),
    }
}

/// The entry's words as a draft, or `None` when its shape is wrong (said in `check`).
fn read(source: &Source, check: &mut Checker<'_>) -> Option<Draft<Span>> {
    let text = source.text.as_str();
    let Some((head, rest)) = text.split_once(':') else {
        let all = words(text, 0);
        let first = all.first();
        let help = first
            .filter(|w| KINDS.iter().any(|(name, _)| *name == w.text))
            .map(|w| format!("write a colon after the kind: `{}: …`", w.text));
        check.push(
            Diagnostic::error(
                "expected `KIND: …`, such as `training: 6h ethics 2026-12-01`",
                Some(first.map_or(0..0, Word::span)),
            )
            .with_help_opt(help),
        );
        return None;
    };
    let name = match words(head, 0).as_slice() {
        [one] => *one,
        _ => Word {
            text: head.trim(),
            start: head.len() - head.trim_start().len(),
        },
    };
    let shape = check.choice_at(name.text, name.span(), &KINDS, "entry kind")?;
    let rest = words(rest, head.len() + 1);
    let draft = Form {
        check,
        words: &rest,
        end: text.trim_end().len(),
        shape,
    };
    match shape.kind {
        Kind::Training => draft.training(),
        Kind::Supervision => draft.supervision(),
        Kind::Experience => draft.experience(),
        Kind::Exam => draft.exam(),
        Kind::Attestation => draft.attestation(),
        Kind::Payment => draft.payment(),
    }
}

/// The words after `KIND:`, read by the form of their kind.
struct Form<'c, 'a, 'w> {
    check: &'c mut Checker<'a>,
    words: &'w [Word<'w>],
    /// The end of the entry's text, where something missing is pointed at.
    end: usize,
    shape: Shape,
}

impl<'w> Form<'_, '_, 'w> {
    /// The entry's words, when there are from `min` to `max` of them.
    fn count(&mut self, min: usize, max: usize) -> Option<&'w [Word<'w>]> {
        if (min..=max).contains(&self.words.len()) {
            return Some(self.words);
        }
        let found = match self.words {
            [] => "nothing".to_owned(),
            words => format!(
                "`{}`",
                words.iter().map(|w| w.text).collect::<Vec<_>>().join(" ")
            ),
        };
        self.check.push(
            Diagnostic::error(
                format!("expected `{}`, found {found}", self.shape.form),
                Some(cover(self.words, self.end)),
            )
            .with_help(format!("for example `{}`", self.shape.example)),
        );
        None
    }

    fn hours(&mut self, word: Word<'_>) -> Read<Hours, Span> {
        let number = word.text.strip_suffix('h').unwrap_or(word.text);
        match Hours::parse(number) {
            Ok(hours) => Some(word.at(hours)),
            Err(message) => {
                self.check.push(
                    Diagnostic::error(message, Some(word.span()))
                        .with_help("hours are written such as `6h` or `1.5h`"),
                );
                None
            }
        }
    }

    fn date(&mut self, word: Word<'_>) -> Read<NaiveDate, Span> {
        match parse_iso_date(word.text) {
            Some(date) => Some(word.at(date)),
            None => {
                self.check.error(
                    format!("expected a date such as 2026-12-01, found `{}`", word.text),
                    word.span(),
                );
                None
            }
        }
    }

    fn training(mut self) -> Option<Draft<Span>> {
        let words = self.count(2, 4)?;
        let (hours, date, between) = match words {
            [hours, between @ .., date] => (*hours, *date, between),
            _ => return None,
        };
        let is_format = |w: &Word<'_>| Format::ALL.iter().any(|(name, _)| *name == w.text);
        let (topic, format) = match between {
            [] => (None, None),
            [format] if is_format(format) => (None, Some(*format)),
            [topic] => (Some(*topic), None),
            [topic, second]
                if !is_format(second) && self.check.topics.resolve(second.text).is_some() =>
            {
                self.check.error(
                    format!("expected one topic, found `{} {}`", topic.text, second.text),
                    topic.start..second.span().end,
                );
                return None;
            }
            [topic, format] => (Some(*topic), Some(*format)),
            _ => return None,
        };
        Some(Draft::Training(TrainingDraft {
            date: self.date(date),
            title: None,
            provider: None,
            course: CourseDraft {
                hours: self.hours(hours),
                topics: topic.map_or(TopicsDraft::Untagged, |t| {
                    TopicsDraft::One(t.at(t.text.to_owned()))
                }),
                format: format.map(|f| f.at(f.text.to_owned())),
            },
            certificate: None,
        }))
    }

    fn supervision(mut self) -> Option<Draft<Span>> {
        let [hours, date] = *self.count(2, 2)? else {
            return None;
        };
        Some(Draft::Supervision(SupervisionDraft {
            hours: self.hours(hours),
            date: self.date(date),
        }))
    }

    fn experience(mut self) -> Option<Draft<Span>> {
        let words = self.count(2, 3)?;
        let (hours, period, supervised) = match words {
            [hours, period] => (*hours, *period, false),
            [hours, period, last] if last.text == "supervised" => (*hours, *period, true),
            [_, _, last] => {
                self.check.error(
                    format!(
                        "expected `supervised` or nothing after the period, found `{}`",
                        last.text
                    ),
                    last.span(),
                );
                return None;
            }
            _ => return None,
        };
        let Some((from, to)) = period.text.split_once("..") else {
            self.check.error(
                format!(
                    "expected a period such as 2026-09-01..2026-11-30, found `{}`",
                    period.text
                ),
                period.span(),
            );
            return None;
        };
        let from = Word {
            text: from,
            start: period.start,
        };
        let to = Word {
            text: to,
            start: period.start + from.text.len() + 2,
        };
        Some(Draft::Experience(ExperienceDraft {
            hours: self.hours(hours),
            from: self.date(from),
            to: self.date(to),
            supervised,
        }))
    }

    fn exam(mut self) -> Option<Draft<Span>> {
        let [id, result, date] = *self.count(3, 3)? else {
            return None;
        };
        let result = match result.text {
            "passed" => Some(result.at(ExamResultDraft::Passed(true))),
            score => match score.parse::<i64>() {
                Ok(score) => Some(result.at(ExamResultDraft::Score(score))),
                Err(_) => {
                    self.check.error(
                        format!("expected a score or `passed`, found `{score}`"),
                        result.span(),
                    );
                    None
                }
            },
        };
        Some(Draft::Exam(ExamDraft {
            id: id.at(id.text.to_owned()),
            date: self.date(date),
            result,
        }))
    }

    fn attestation(mut self) -> Option<Draft<Span>> {
        let [kind, date] = *self.count(2, 2)? else {
            return None;
        };
        Some(Draft::Attestation(AttestationDraft {
            kind: kind.at(kind.text.to_owned()),
            date: self.date(date),
        }))
    }

    fn payment(mut self) -> Option<Draft<Span>> {
        let [kind, amount, date] = *self.count(3, 3)? else {
            return None;
        };
        let amount = match Cents::parse(amount.text) {
            Ok(cents) => Some(amount.at(cents)),
            Err(message) => {
                self.check.error(message, amount.span());
                None
            }
        };
        Some(Draft::Payment(PaymentDraft {
            kind: kind.at(kind.text.to_owned()),
            amount,
            date: self.date(date),
            credential: None,
        }))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use super::*;
    use crate::id::{AttestationKind, ExamId, TopicId};
    use crate::record::{
        Attestation, ExamAttempt, ExamResult, Experience, Payment, Supervision, Training,
    };
    use crate::vocab::FeeKind;

    static LIBRARY: LazyLock<crate::Library> =
        LazyLock::new(|| crate::Library::embedded().unwrap());

    fn d(text: &str) -> NaiveDate {
        parse_iso_date(text).unwrap()
    }

    fn read(text: &str) -> Result<Entry, String> {
        parse(&Source::new("--with 1", text), &*LIBRARY, Place::Added(1)).map_err(|e| e.to_string())
    }

    fn error(text: &str) -> String {
        read(text).unwrap_err()
    }

    #[test]
    fn training_with_topic_and_format() {
        assert_eq!(
            read("training: 6h ethics live-online 2026-12-01"),
            Ok(Entry::Training(Training {
                date: d("2026-12-01"),
                title: None,
                provider: None,
                hours: Hours::from_whole(6),
                topics: vec![(TopicId::new("ethics").unwrap(), Hours::from_whole(6))],
                format: Some(Format::LiveOnline),
                certificate: None,
                place: Place::Added(1),
            }))
        );
    }

    /// Hours with or without their `h`, a topic by its alias, a format alone.
    #[test]
    fn training_untagged_by_alias_or_with_a_format_only() {
        let training = |text: &str| match read(text) {
            Ok(Entry::Training(t)) => (t.hours, t.topics, t.format),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            training("training: 1.5h 2026-12-01"),
            (Hours::from_hundredths(150), vec![], None)
        );
        assert_eq!(
            training("training: 2 hiv 2026-12-01"),
            (
                Hours::from_whole(2),
                vec![(TopicId::new("pathogens").unwrap(), Hours::from_whole(2))],
                None
            )
        );
        assert_eq!(
            training("training: 2h self-paced 2026-12-01"),
            (Hours::from_whole(2), vec![], Some(Format::SelfPaced))
        );
    }

    #[test]
    fn the_other_kinds() {
        assert_eq!(
            read("supervision: 2h 2026-12-15"),
            Ok(Entry::Supervision(Supervision {
                date: d("2026-12-15"),
                hours: Hours::from_whole(2),
                place: Place::Added(1),
            }))
        );
        assert_eq!(
            read("experience: 120h 2026-09-01..2026-11-30 supervised"),
            Ok(Entry::Experience(Experience {
                from: d("2026-09-01"),
                to: d("2026-11-30"),
                hours: Hours::from_whole(120),
                supervised: true,
                place: Place::Added(1),
            }))
        );
        assert_eq!(
            read("exam: icrc-pr 540 2027-01-10"),
            Ok(Entry::Exam(ExamAttempt {
                id: ExamId::new("icrc-pr").unwrap(),
                date: d("2027-01-10"),
                result: ExamResult::Score(540),
                place: Place::Added(1),
            }))
        );
        assert_eq!(
            read("exam: icrc-pr passed 2027-01-10").map(|e| match e {
                Entry::Exam(e) => e.result,
                other => panic!("{other:?}"),
            }),
            Ok(ExamResult::Passed(true))
        );
        assert_eq!(
            read("attestation: code-of-ethics 2026-12-01"),
            Ok(Entry::Attestation(Attestation {
                kind: AttestationKind::new("code-of-ethics").unwrap(),
                date: d("2026-12-01"),
                place: Place::Added(1),
            }))
        );
        assert_eq!(
            read("payment: renewal $1,100.50 2026-12-01"),
            Ok(Entry::Payment(Payment {
                kind: FeeKind::Renewal,
                amount: Cents::new(110_050),
                date: d("2026-12-01"),
                credential: None,
                place: Place::Added(1),
            }))
        );
    }

    /// A plan with a what-if is made on the day the entry is done: the last day of a
    /// period of work.
    #[test]
    fn the_day_an_entry_is_done() {
        let day = |text: &str| read(text).unwrap().date().to_string();
        assert_eq!(day("experience: 120h 2026-09-01..2026-11-30"), "2026-11-30");
        assert_eq!(day("training: 6h ethics 2026-12-01"), "2026-12-01");
        assert_eq!(day("exam: icrc-pr passed 2027-01-10"), "2027-01-10");
    }

    #[test]
    fn the_shape_of_an_entry() {
        assert_eq!(
            error("training 3h ethics 2026-12-01"),
            "error: expected `KIND: …`, such as `training: 6h ethics 2026-12-01`
 --> --with 1:1:1
  |
1 | training 3h ethics 2026-12-01
  | ^^^^^^^^
  = help: write a colon after the kind: `training: …`"
        );
        assert_eq!(
            error("trainig: 3h ethics 2026-12-01"),
            "error: unknown entry kind `trainig`, expected one of `training`, `supervision`, `experience`, `exam`, `attestation`, `payment`
 --> --with 1:1:1
  |
1 | trainig: 3h ethics 2026-12-01
  | ^^^^^^^
  = help: did you mean `training`?"
        );
        assert_eq!(
            error("exam: icrc-pr 2027-01-10"),
            "error: expected `exam: ID SCORE|passed DATE`, found `icrc-pr 2027-01-10`
 --> --with 1:1:7
  |
1 | exam: icrc-pr 2027-01-10
  |       ^^^^^^^^^^^^^^^^^^
  = help: for example `exam: icrc-pr 540 2027-01-10`"
        );
        // Nothing after the colon: the caret is where something was expected.
        assert_eq!(
            error("supervision:"),
            "error: expected `supervision: HOURSh DATE`, found nothing
 --> --with 1:1:13
  |
1 | supervision:
  |             ^
  = help: for example `supervision: 2h 2026-12-15`"
        );
    }

    #[test]
    fn hours_and_dates_are_read_where_they_are_written() {
        assert_eq!(
            error("training: sixh ethics 2026-12-01"),
            "error: expected a number of hours, found `six`
 --> --with 1:1:11
  |
1 | training: sixh ethics 2026-12-01
  |           ^^^^
  = help: hours are written such as `6h` or `1.5h`"
        );
        assert_eq!(
            error("supervision: 1.005h 2026-12-01"),
            "error: expected hours with at most two decimals, found `1.005`
 --> --with 1:1:14
  |
1 | supervision: 1.005h 2026-12-01
  |              ^^^^^^
  = help: hours are written such as `6h` or `1.5h`"
        );
        assert_eq!(
            error("training: 6h ethics 2026-13-01"),
            "error: expected a date such as 2026-12-01, found `2026-13-01`
 --> --with 1:1:21
  |
1 | training: 6h ethics 2026-13-01
  |                     ^^^^^^^^^^"
        );
        // The checks of a record file's entries, at the word they blame.
        assert_eq!(
            error("training: 0h ethics 2205-12-01"),
            "error: expected hours for one course greater than zero, found 0
 --> --with 1:1:11
  |
1 | training: 0h ethics 2205-12-01
  |           ^^

error: expected a date between 1900 and 2100, found 2205-12-01
 --> --with 1:1:21
  |
1 | training: 0h ethics 2205-12-01
  |                     ^^^^^^^^^^"
        );
        assert_eq!(
            error("supervision: 2500h 2026-12-01"),
            "error: expected at most 2000 supervision hours, found 2500, which is not plausible
 --> --with 1:1:14
  |
1 | supervision: 2500h 2026-12-01
  |              ^^^^^"
        );
    }

    #[test]
    fn topics_and_formats() {
        assert_eq!(
            error("training: 3h ethcs 2026-12-01"),
            "error: unknown topic `ethcs`
 --> --with 1:1:14
  |
1 | training: 3h ethcs 2026-12-01
  |              ^^^^^
  = help: did you mean `ethics`?"
        );
        assert_eq!(
            error("training: 3h ethics advocacy 2026-12-01"),
            "error: expected one topic, found `ethics advocacy`
 --> --with 1:1:14
  |
1 | training: 3h ethics advocacy 2026-12-01
  |              ^^^^^^^^^^^^^^^"
        );
        assert_eq!(
            error("training: 3h ethics live-onlin 2026-12-01"),
            "error: unknown format `live-onlin`, expected one of `in-person`, `live-online`, `self-paced`
 --> --with 1:1:21
  |
1 | training: 3h ethics live-onlin 2026-12-01
  |                     ^^^^^^^^^^
  = help: did you mean `live-online`?"
        );
    }

    #[test]
    fn periods_of_work() {
        assert_eq!(
            error("experience: 120h 2026-09-01-2026-11-30"),
            "error: expected a period such as 2026-09-01..2026-11-30, found `2026-09-01-2026-11-30`
 --> --with 1:1:18
  |
1 | experience: 120h 2026-09-01-2026-11-30
  |                  ^^^^^^^^^^^^^^^^^^^^^"
        );
        assert_eq!(
            error("experience: 120h 2026-09-01..2026-02-30"),
            "error: expected a date such as 2026-12-01, found `2026-02-30`
 --> --with 1:1:30
  |
1 | experience: 120h 2026-09-01..2026-02-30
  |                              ^^^^^^^^^^"
        );
        assert_eq!(
            error("experience: 120h 2026-09-01..2026-08-30"),
            "error: expected `to` on or after `from` (2026-09-01), found 2026-08-30
 --> --with 1:1:30
  |
1 | experience: 120h 2026-09-01..2026-08-30
  |                              ^^^^^^^^^^"
        );
        assert_eq!(
            error("experience: 50h 2026-09-01..2026-09-02"),
            "error: expected at most 48 hours in 2 days, found 50, which is not plausible
 --> --with 1:1:13
  |
1 | experience: 50h 2026-09-01..2026-09-02
  |             ^^^"
        );
        assert_eq!(
            error("experience: 40h 2026-09-01..2026-09-30 supervise"),
            "error: expected `supervised` or nothing after the period, found `supervise`
 --> --with 1:1:40
  |
1 | experience: 40h 2026-09-01..2026-09-30 supervise
  |                                        ^^^^^^^^^"
        );
    }

    #[test]
    fn exams_attestations_and_payments() {
        assert_eq!(
            error("exam: icrc-pt 1200 2027-01-10"),
            "error: unknown exam id `icrc-pt`
 --> --with 1:1:7
  |
1 | exam: icrc-pt 1200 2027-01-10
  |       ^^^^^^^
  = help: did you mean `icrc-pr`?

error: expected a whole-number score from 0 to 1000, found the number 1200
 --> --with 1:1:15
  |
1 | exam: icrc-pt 1200 2027-01-10
  |               ^^^^"
        );
        assert_eq!(
            error("exam: icrc-pr pass 2027-01-10"),
            "error: expected a score or `passed`, found `pass`
 --> --with 1:1:15
  |
1 | exam: icrc-pr pass 2027-01-10
  |               ^^^^"
        );
        assert_eq!(
            error("attestation: code-of-ethic 2026-12-01"),
            "error: unknown attestation kind `code-of-ethic`
 --> --with 1:1:14
  |
1 | attestation: code-of-ethic 2026-12-01
  |              ^^^^^^^^^^^^^
  = help: did you mean `code-of-ethics`?"
        );
        assert_eq!(
            error("payment: renewl 1,00 2026-12-01"),
            "error: unknown payment kind `renewl`, expected one of `application`, `exam`, `certification`, `renewal`, `late`, `reinstatement`
 --> --with 1:1:10
  |
1 | payment: renewl 1,00 2026-12-01
  |          ^^^^^^
  = help: did you mean `renewal`?

error: expected an amount in dollars such as \"150.00\", found `1,00`
 --> --with 1:1:17
  |
1 | payment: renewl 1,00 2026-12-01
  |                 ^^^^"
        );
    }

    const RECORD: &str = r#"[worker]
id = "W-1"
name = "Ada"

[[training]]
date = 2026-03-10
title = "Ethics and Boundaries"
hours = 6
topic = "ethics"
"#;

    fn record() -> Record {
        Record::parse(&Source::new("w.toml", RECORD), &*LIBRARY).unwrap()
    }

    fn add_to(record: &mut Record, name: &str, text: &str) -> Result<Entry, String> {
        add(record, &Source::new(name, text), &*LIBRARY).map_err(|e| e.to_string())
    }

    /// A what-if the same as a logged course (same day, hours and topic: a course given
    /// on one line has no title to tell them apart) is refused, at the argument.
    #[test]
    fn a_what_if_the_same_as_a_logged_course_is_a_duplicate() {
        let mut record = record();
        assert_eq!(
            add_to(&mut record, "--with 1", "training: 6h ethics 2026-03-10"),
            Err(
                "error: duplicate training entry: the record has the same one at line 5
 --> --with 1:1:1
  |
1 | training: 6h ethics 2026-03-10
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^"
                    .to_owned()
            )
        );
        assert_eq!(record.trainings.len(), 1);
    }

    /// Entries added one after another are numbered, and the second of two identical
    /// ones is refused; one that differs in its hours is another course.
    #[test]
    fn added_entries_are_numbered_and_checked_against_each_other() {
        let mut record = record();
        let place = |r: Result<Entry, String>| r.map(|e| e.place());
        assert_eq!(
            place(add_to(
                &mut record,
                "--with 1",
                "training: 3h ethics 2026-03-10"
            )),
            Ok(Place::Added(1))
        );
        assert_eq!(
            place(add_to(
                &mut record,
                "--with 2",
                "supervision: 2h 2026-03-10"
            )),
            Ok(Place::Added(2))
        );
        assert_eq!(
            add_to(&mut record, "--with 3", " training:  3h ethics 2026-03-10"),
            Err("error: duplicate training entry: the same as added entry 1
 --> --with 3:1:2
  |
1 |  training:  3h ethics 2026-03-10
  |  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^"
                .to_owned())
        );
        let places: Vec<Place> = record.trainings.iter().map(|t| t.place).collect();
        assert_eq!(places, [Place::Line(5), Place::Added(1)]);
    }
}
