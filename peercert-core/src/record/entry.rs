//! The entry language: one record entry written on one line, such as
//! `training: 6h ethics live-online 2026-12-01 "Ethics Refresher"`, read into the same
//! [`Entry`] a record file gives and checked by the same rules (known topics, a topic
//! split that fits, dates in range, hours per day), so that a plan can be made as if it
//! were in the record, or the entry logged into it. Its forms, options and default date
//! are documented once, in `docs/record-format.md` ("The entry language").
//!
//! [`parse`] and [`add`] require every date; [`parse_with_default_date`] and
//! [`add_with_default_date`] take the day a date left out stands for (the day an entry
//! is logged). [`add_with`] takes both that day and whether a course the record
//! already has on that day is logged again on purpose ([`AddOptions`]).
//!
//! The entry's text is a [`Source`] that the caller names (a command-line tool after
//! its argument): every problem points into it, shown with the text and a caret under
//! the word to blame, the way a record file's problems are.

use std::ops::Range;

use chrono::NaiveDate;

use super::draft::{
    AttestationDraft, CourseDraft, CredentialDraft, Draft, ExamDraft, ExamResultDraft,
    ExperienceDraft, PaymentDraft, Read, Seen, SupervisionDraft, TopicsDraft, TrainingDraft,
};
use super::{Entry, Place, Record, Vocabulary};
use crate::check::{At, Checker, SplitPart};
use crate::diag::{Diagnostic, Diagnostics, Source, close_matches};
use crate::error::LoadError;
use crate::quantity::{Cents, Hours, parse_iso_date};
use crate::vocab::Format;

/// A byte range of the entry's text.
type Span = Range<usize>;

/// The kinds of entry, by the word that names them.
const KINDS: [(&str, Shape); 7] = [
    (
        "training",
        Shape {
            kind: Kind::Training,
            form: "training: HOURSh [TOPIC] [FORMAT] DATE",
            example: "training: 6h ethics live-online 2026-12-01",
            titled: true,
            options: &[
                ("provider", Opt::Provider),
                ("certificate", Opt::Certificate),
            ],
            dated: true,
        },
    ),
    (
        "supervision",
        Shape {
            kind: Kind::Supervision,
            form: "supervision: HOURSh [TOPIC] DATE",
            example: "supervision: 2h advocacy 2026-12-15",
            titled: false,
            options: &[],
            dated: true,
        },
    ),
    (
        "experience",
        Shape {
            kind: Kind::Experience,
            form: "experience: HOURSh FROM..TO [supervised]",
            example: "experience: 120h 2026-09-01..2026-11-30 supervised",
            titled: false,
            options: &[],
            dated: false,
        },
    ),
    (
        "exam",
        Shape {
            kind: Kind::Exam,
            form: "exam: ID SCORE|passed DATE",
            example: "exam: icrc-pr 540 2027-01-10",
            titled: false,
            options: &[],
            dated: true,
        },
    ),
    (
        "attestation",
        Shape {
            kind: Kind::Attestation,
            form: "attestation: KIND DATE",
            example: "attestation: code-of-ethics 2026-12-01",
            titled: false,
            options: &[],
            dated: true,
        },
    ),
    (
        "payment",
        Shape {
            kind: Kind::Payment,
            form: "payment: KIND AMOUNT DATE",
            example: "payment: renewal 100.00 2026-12-01",
            titled: false,
            options: &[("credential", Opt::Credential)],
            dated: true,
        },
    ),
    (
        "credential",
        Shape {
            kind: Kind::Credential,
            form: "credential: ID ISSUED..EXPIRES [provisional]",
            example: "credential: pa/crs 2025-02-01..2027-02-01",
            titled: false,
            options: &[("number", Opt::Number)],
            dated: false,
        },
    ),
];

/// A kind of entry: its form, an example, and what it takes beside its words.
#[derive(Debug, Clone, Copy)]
struct Shape {
    kind: Kind,
    /// Its words, in order.
    form: &'static str,
    example: &'static str,
    /// Whether it takes a quoted title.
    titled: bool,
    /// The options it takes, by name.
    options: &'static [(&'static str, Opt)],
    /// Whether its date may be left out for a default day.
    dated: bool,
}

impl Shape {
    /// The whole form, with `[DATE]` when the date may be left out.
    fn form(&self, date_may_be_left_out: bool) -> String {
        let words = if date_may_be_left_out && self.dated {
            self.form.replacen(" DATE", " [DATE]", 1)
        } else {
            self.form.to_owned()
        };
        let title = if self.titled { " [\"TITLE\"]" } else { "" };
        let options: String = self
            .options
            .iter()
            .map(|(name, _)| format!(" [{name}=…]"))
            .collect();
        format!("{words}{title}{options}")
    }
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Training,
    Supervision,
    Experience,
    Exam,
    Attestation,
    Payment,
    Credential,
}

/// An option, written `NAME=VALUE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opt {
    Provider,
    Certificate,
    Credential,
    Number,
}

/// The names of every kind's options: a `NAME=VALUE` with one of them is an option,
/// never a part of a topic split.
const OPTION_NAMES: [&str; 4] = ["provider", "certificate", "credential", "number"];

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

/// One piece of an entry after its kind: its whole text as written, and what it is.
struct Piece<'a> {
    raw: Word<'a>,
    what: What<'a>,
}

enum What<'a> {
    /// A bare word: the entry's words in order (hours, topic, format, date, …).
    Word,
    /// A quoted text, without its quotes and escapes: a title.
    Quoted(String),
    /// `NAME=VALUE`: an option, or a part of a topic split.
    Named(Word<'a>, Value<'a>),
}

/// The value of a `NAME=VALUE`.
enum Value<'a> {
    Bare(Word<'a>),
    /// Without its quotes and escapes; where it was written, quotes included.
    Quoted(At<String, Span>),
}

/// The pieces of `text` (which starts at byte `offset` of the entry), or the problem
/// with a quote: quoted texts keep their white space, and stand apart or right after
/// the `=` of `NAME=VALUE`.
fn pieces(text: &str, offset: usize) -> Result<Vec<Piece<'_>>, Diagnostic> {
    let mut out = Vec::new();
    let mut start = 0;
    loop {
        let rest = text.get(start..).unwrap_or_default();
        let trimmed = rest.trim_start();
        if trimmed.is_empty() {
            return Ok(out);
        }
        start += rest.len() - trimmed.len();
        let bare = trimmed
            .split(char::is_whitespace)
            .next()
            .unwrap_or_default();
        let (what, end) = match bare.find('"') {
            None => (named(bare, offset + start), start + bare.len()),
            Some(0) => {
                let (value, end) = quoted(text, start, offset)?;
                (What::Quoted(value), end)
            }
            Some(quote) => match bare.split_once('=') {
                Some((name, _)) if name.len() + 1 == quote => {
                    let (value, end) = quoted(text, start + quote, offset)?;
                    let name = Word {
                        text: name,
                        start: offset + start,
                    };
                    let at = offset + start + quote..offset + end;
                    (What::Named(name, Value::Quoted(At::new(value, at))), end)
                }
                _ => {
                    let at = offset + start + quote;
                    return Err(Diagnostic::error(
                        format!(
                            "expected a quote only at the start of a title or of an option's value, found one inside `{bare}`"
                        ),
                        Some(at..at + 1),
                    )
                    .with_help("a title is quoted as a whole, such as `\"Ethics Refresher\"`"));
                }
            },
        };
        if let Some(next) = text
            .get(end..)
            .and_then(|t| t.chars().next())
            .filter(|c| !c.is_whitespace())
        {
            let at = offset + end;
            return Err(Diagnostic::error(
                format!("expected a space after the closing quote, found `{next}`"),
                Some(at..at + next.len_utf8()),
            ));
        }
        out.push(Piece {
            raw: Word {
                text: text.get(start..end).unwrap_or_default(),
                start: offset + start,
            },
            what,
        });
        start = end;
    }
}

/// A bare word, or `NAME=VALUE` when it has a `=`.
fn named(bare: &str, start: usize) -> What<'_> {
    match bare.split_once('=') {
        Some((name, value)) => What::Named(
            Word { text: name, start },
            Value::Bare(Word {
                text: value,
                start: start + name.len() + 1,
            }),
        ),
        None => What::Word,
    }
}

/// The quoted text whose opening quote is at byte `open` of `text` (which starts at
/// byte `offset` of the entry), without its quotes, `\"` and `\\` read as `"` and `\`;
/// and the byte after its closing quote.
fn quoted(text: &str, open: usize, offset: usize) -> Result<(String, usize), Diagnostic> {
    let inside = open + 1;
    let mut value = String::new();
    let mut chars = text.get(inside..).unwrap_or_default().char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((value, inside + i + 1)),
            '\\' => match chars.next() {
                Some((_, escaped @ ('"' | '\\'))) => value.push(escaped),
                Some((j, other)) => {
                    return Err(Diagnostic::error(
                        format!(
                            "expected `\\\"` or `\\\\` after a backslash in a quoted text, found `\\{other}`"
                        ),
                        Some(offset + inside + i..offset + inside + j + other.len_utf8()),
                    ));
                }
                None => break,
            },
            c => value.push(c),
        }
    }
    Err(Diagnostic::error(
        "expected a closing `\"` for this quote, found the end of the entry",
        Some(offset + open..offset + open + 1),
    ))
}

/// Reads the entry written in `source` as an entry at `place`, checked as a record
/// file's entries are; every problem points into `source`. Every date must be written.
pub fn parse(source: &Source, library: &dyn Vocabulary, place: Place) -> Result<Entry, LoadError> {
    parse_on(source, library, place, None)
}

/// Reads the entry written in `source` as [`parse`] does, except that an entry whose
/// kind has one date (every kind but a period of work and a credential) may leave it
/// out: it is then `date`, the day the entry is logged.
pub fn parse_with_default_date(
    source: &Source,
    library: &dyn Vocabulary,
    place: Place,
    date: NaiveDate,
) -> Result<Entry, LoadError> {
    parse_on(source, library, place, Some(date))
}

fn parse_on(
    source: &Source,
    library: &dyn Vocabulary,
    place: Place,
    default: Option<NaiveDate>,
) -> Result<Entry, LoadError> {
    let mut check = Checker::new(library.topics());
    let entry = read(source, &mut check, default).and_then(|d| d.check(&mut check, library, place));
    finish(source, check, entry)
}

/// Reads the entry written in `source` and adds it to `record` as the record's next
/// entry from outside its file ([`Place::Added`]), checked as a record file's entries
/// are and refused when the record already has the same entry. Every problem points
/// into `source`. Every date must be written. Returns the entry added.
pub fn add(
    record: &mut Record,
    source: &Source,
    library: &dyn Vocabulary,
) -> Result<Entry, LoadError> {
    add_with(record, source, library, AddOptions::default())
}

/// Adds the entry written in `source` to `record` as [`add`] does, except that an
/// entry whose kind has one date may leave it out: it is then `date`, the day the entry
/// is logged (see [`parse_with_default_date`]).
pub fn add_with_default_date(
    record: &mut Record,
    source: &Source,
    library: &dyn Vocabulary,
    date: NaiveDate,
) -> Result<Entry, LoadError> {
    let options = AddOptions {
        default_date: Some(date),
        ..AddOptions::default()
    };
    add_with(record, source, library, options)
}

/// How [`add_with`] adds an entry. The default is [`add`]'s: every date written, and a
/// duplicate refused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AddOptions {
    /// The day a date left out stands for (the day the entry is logged); `None`: every
    /// date must be written.
    pub default_date: Option<NaiveDate>,
    /// Whether a course the record already has on that day (the same date, title,
    /// hours and topics) is added as the same course taken once more: its
    /// [`repeat`](super::Training::repeat) is then one more than the most times the
    /// record has it (2 the second time, 3 the third, …, at most
    /// [`MAX_REPEAT`](super::MAX_REPEAT)). Any other kind of entry the record already
    /// has is still refused.
    pub allow_duplicate: bool,
}

/// Adds the entry written in `source` to `record` as [`add`] does, with `options`: the
/// day a date left out stands for, and whether a course the record already has is
/// added again (with the next `repeat`) rather than refused. Returns the entry added,
/// with its `repeat` when it has one.
pub fn add_with(
    record: &mut Record,
    source: &Source,
    library: &dyn Vocabulary,
    options: AddOptions,
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
    let all = cover(&words(&source.text, 0), 0);
    let mut seen = Seen::of(record);
    let entry = read(source, &mut check, options.default_date)
        .and_then(|d| d.check(&mut check, library, Place::Added(added + 1)))
        .and_then(|entry| {
            if options.allow_duplicate {
                seen.again(entry, all.clone(), &mut check)
            } else {
                Some(entry)
            }
        })
        .filter(|entry| seen.admit(entry, || all, &mut check));
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

/// The entry's pieces as a draft, or `None` when its shape is wrong (said in `check`);
/// a date left out is `default`, when there is one.
fn read(
    source: &Source,
    check: &mut Checker<'_>,
    default: Option<NaiveDate>,
) -> Option<Draft<Span>> {
    let text = source.text.as_str();
    let kind = text
        .split_once(':')
        .and_then(|(head, rest)| match words(head, 0).as_slice() {
            [name] => Some((*name, head.len() + 1, rest)),
            _ => None,
        });
    let Some((name, offset, rest)) = kind else {
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
    let shape = check.choice_at(name.text, name.span(), &KINDS, "entry kind")?;
    let pieces = pieces(rest, offset)
        .map_err(|problem| check.push(problem))
        .ok()?;
    let words: Vec<Word<'_>> = pieces
        .iter()
        .filter(|p| matches!(p.what, What::Word))
        .map(|p| p.raw)
        .collect();
    let mut form = Form {
        check,
        name: name.text,
        pieces: &pieces,
        words: &words,
        end: text.trim_end().len(),
        shape,
        default,
        title: None,
        options: Vec::new(),
        split: Vec::new(),
        split_at: None,
    };
    form.sort();
    match shape.kind {
        Kind::Training => form.training(),
        Kind::Supervision => form.supervision(),
        Kind::Experience => form.experience(),
        Kind::Exam => form.exam(),
        Kind::Attestation => form.attestation(),
        Kind::Payment => form.payment(),
        Kind::Credential => form.credential(),
    }
}

/// The pieces after `KIND:`, read by the form of their kind.
struct Form<'c, 'a, 'w> {
    check: &'c mut Checker<'a>,
    /// The kind, as written.
    name: &'w str,
    pieces: &'w [Piece<'w>],
    /// The bare words, in order.
    words: &'w [Word<'w>],
    /// The end of the entry's text, where something missing is pointed at.
    end: usize,
    shape: Shape,
    /// The day a date left out stands for, when one may be.
    default: Option<NaiveDate>,
    title: Option<At<String, Span>>,
    options: Vec<(Opt, At<String, Span>)>,
    split: Vec<SplitPart<Span>>,
    /// Where the topic split was written, when it was.
    split_at: Option<Span>,
}

impl<'w> Form<'_, '_, 'w> {
    /// Whether the date may be left out.
    fn date_may_be_left_out(&self) -> bool {
        self.default.is_some() && self.shape.dated
    }

    /// Says that the entry is not of its kind's form.
    fn wrong_shape(&mut self) {
        let found = match self.pieces {
            [] => "nothing".to_owned(),
            pieces => format!(
                "`{}`",
                pieces
                    .iter()
                    .map(|p| p.raw.text)
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        };
        let raw: Vec<Word<'_>> = self.pieces.iter().map(|p| p.raw).collect();
        let form = self.shape.form(self.date_may_be_left_out());
        self.check.push(
            Diagnostic::error(
                format!("expected `{form}`, found {found}"),
                Some(cover(&raw, self.end)),
            )
            .with_help(format!("for example `{}`", self.shape.example)),
        );
    }

    /// The entry's words, when there are from `min` to `max` of them (one fewer when
    /// the date may be left out).
    fn count(&mut self, min: usize, max: usize) -> Option<&'w [Word<'w>]> {
        let min = min.saturating_sub(usize::from(self.date_may_be_left_out()));
        if (min..=max).contains(&self.words.len()) {
            return Some(self.words);
        }
        self.wrong_shape();
        None
    }

    /// Takes the title and the options, and the parts of a topic split, out of the
    /// pieces; says where one is not taken by the entry's kind, or given twice.
    fn sort(&mut self) {
        let pieces = self.pieces;
        for piece in pieces {
            match &piece.what {
                What::Word => {}
                What::Quoted(title) => self.title(piece.raw, title),
                What::Named(name, _) if name.text.is_empty() => self.check.error(
                    format!("expected `NAME=VALUE`, found `{}`", piece.raw.text),
                    piece.raw.span(),
                ),
                What::Named(name, Value::Bare(value)) if self.is_split(*name, *value) => {
                    self.split_part(piece.raw);
                }
                What::Named(name, value) => self.option(piece.raw, *name, value),
            }
        }
    }

    fn title(&mut self, raw: Word<'_>, title: &str) {
        if !self.shape.titled {
            self.check.error(
                format!(
                    "expected no title after `{}:`, found `{}`",
                    self.name, raw.text
                ),
                raw.span(),
            );
        } else if self.title.is_some() {
            self.check
                .error("expected one title, found a second one", raw.span());
        } else {
            self.title = Some(raw.at(title.to_owned()));
        }
    }

    /// Whether `NAME=VALUE` is a part of a topic split rather than an option: in a
    /// course or a supervision, when the name is a topic, or when it is close to no option and the
    /// value is a number.
    fn is_split(&self, name: Word<'_>, value: Word<'_>) -> bool {
        if !matches!(self.shape.kind, Kind::Training | Kind::Supervision)
            || OPTION_NAMES.contains(&name.text)
        {
            return false;
        }
        if self.check.topics.resolve(name.text).is_some() {
            return true;
        }
        let options = self.shape.options.iter().map(|(name, _)| *name);
        close_matches(name.text, options).is_empty()
            && value
                .text
                .starts_with(|c: char| c.is_ascii_digit() || c == '.')
    }

    /// `TOPIC=HOURS`, or several joined by commas.
    fn split_part(&mut self, raw: Word<'w>) {
        let mut start = raw.start;
        for part in raw.text.split(',') {
            let word = Word { text: part, start };
            start += part.len() + 1;
            match part.split_once('=') {
                _ if part.is_empty() => {}
                Some((topic, hours)) if !topic.is_empty() => {
                    let topic = Word {
                        text: topic,
                        start: word.start,
                    };
                    let hours = Word {
                        text: hours,
                        start: word.start + topic.text.len() + 1,
                    };
                    let hours = if hours.text.is_empty() {
                        self.check.error(
                            format!("expected hours after `{}=`, found nothing", topic.text),
                            word.span(),
                        );
                        None
                    } else {
                        self.hours(hours)
                    };
                    self.split.push((topic.at(topic.text.to_owned()), hours));
                }
                _ => self.check.error(
                    format!("expected `TOPIC=HOURS` in a topic split, found `{part}`"),
                    word.span(),
                ),
            }
        }
        self.split_at = Some(match self.split_at.take() {
            Some(at) => at.start..raw.span().end,
            None => raw.span(),
        });
    }

    fn option(&mut self, raw: Word<'_>, name: Word<'_>, value: &Value<'_>) {
        let opt = if self.shape.options.is_empty() {
            self.check.error(
                format!(
                    "expected no option after `{}:`, found `{}`",
                    self.name, name.text
                ),
                name.span(),
            );
            None
        } else {
            let what = format!("{} option", self.name);
            self.check
                .choice_at(name.text, name.span(), self.shape.options, &what)
        };
        let Some(opt) = opt else {
            return;
        };
        let value = match value {
            Value::Bare(word) => word.at(word.text.to_owned()),
            Value::Quoted(quoted) => quoted.clone(),
        };
        if value.value.trim().is_empty() {
            self.check.error(
                format!("expected a value after `{}=`, found nothing", name.text),
                raw.span(),
            );
        } else if self.options.iter().any(|(given, _)| *given == opt) {
            self.check.error(
                format!("expected `{}` once, found it a second time", name.text),
                raw.span(),
            );
        } else {
            self.options.push((opt, value));
        }
    }

    /// The value of an option, when it was given.
    fn take(&mut self, opt: Opt) -> Option<At<String, Span>> {
        let i = self.options.iter().position(|(given, _)| *given == opt)?;
        Some(self.options.remove(i).1)
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

    /// The date written in `word`, or the default day when it was left out (pointed at
    /// the end of the entry).
    fn date_or_default(&mut self, word: Option<Word<'_>>) -> Read<NaiveDate, Span> {
        match (word, self.default) {
            (Some(word), _) => self.date(word),
            (None, Some(day)) => Some(At::new(day, self.end..self.end)),
            (None, None) => {
                self.wrong_shape();
                None
            }
        }
    }

    /// The words before the date and the date's word, of an entry of at most `max`
    /// words whose date is the last: fewer words leave the date out.
    fn last_is_date(words: &'w [Word<'w>], max: usize) -> (&'w [Word<'w>], Option<Word<'w>>) {
        match words.split_last() {
            Some((date, before)) if words.len() == max => (before, Some(*date)),
            _ => (words, None),
        }
    }

    /// A period of two dates, `FROM..TO`; `expected` says what it is in messages.
    fn period(
        &mut self,
        word: Word<'_>,
        expected: &str,
    ) -> Option<(Read<NaiveDate, Span>, Read<NaiveDate, Span>)> {
        let Some((from, to)) = word.text.split_once("..") else {
            self.check.error(
                format!("expected {expected}, found `{}`", word.text),
                word.span(),
            );
            return None;
        };
        let from = Word {
            text: from,
            start: word.start,
        };
        let to = Word {
            text: to,
            start: word.start + from.text.len() + 2,
        };
        Some((self.date(from), self.date(to)))
    }

    fn training(mut self) -> Option<Draft<Span>> {
        let words = self.count(2, 4)?;
        let (hours, rest) = words.split_first()?;
        // The date is the last word; when it may be left out, a last word that is a
        // topic or a format (a word that does not begin with a digit) is not one.
        let (between, date) = match rest.split_last() {
            Some((last, between))
                if self.default.is_none()
                    || (last.text.starts_with(|c: char| c.is_ascii_digit())
                        && self.check.topics.resolve(last.text).is_none()) =>
            {
                (between, Some(*last))
            }
            _ => (rest, None),
        };
        let (topics, format) = self.course_topics(between)?;
        Some(Draft::Training(TrainingDraft {
            date: self.date_or_default(date),
            title: self.title.take(),
            provider: self.take(Opt::Provider).map(|p| p.value),
            course: CourseDraft {
                hours: self.hours(*hours),
                topics,
                format: format.map(|f| f.at(f.text.to_owned())),
            },
            certificate: self.take(Opt::Certificate).map(|c| c.value),
            repeat: None,
        }))
    }

    /// The topics of a course, from the words between its hours and its date (with
    /// its format) and the topic split.
    fn course_topics(
        &mut self,
        between: &'w [Word<'w>],
    ) -> Option<(TopicsDraft<Span>, Option<Word<'w>>)> {
        let is_format = |w: &Word<'_>| Format::ALL.iter().any(|(name, _)| *name == w.text);
        if let Some(at) = self.split_at.take() {
            let topics = self.check.topics;
            if let Some(topic) = between
                .iter()
                .find(|w| !is_format(w) && topics.resolve(w.text).is_some())
            {
                self.check.error(
                    format!(
                        "expected either one topic or a topic split, found the topic `{}` beside a split",
                        topic.text
                    ),
                    topic.span(),
                );
                return None;
            }
            let split = TopicsDraft::Split(std::mem::take(&mut self.split), at);
            return match between {
                [] => Some((split, None)),
                [format] => Some((split, Some(*format))),
                _ => {
                    self.wrong_shape();
                    None
                }
            };
        }
        match between {
            [] => Some((TopicsDraft::Untagged, None)),
            [format] if is_format(format) => Some((TopicsDraft::Untagged, Some(*format))),
            [topic] => Some((TopicsDraft::One(topic.at(topic.text.to_owned())), None)),
            [topic, second]
                if !is_format(second) && self.check.topics.resolve(second.text).is_some() =>
            {
                self.check.error(
                    format!("expected one topic, found `{} {}`", topic.text, second.text),
                    topic.start..second.span().end,
                );
                None
            }
            [topic, format] => Some((
                TopicsDraft::One(topic.at(topic.text.to_owned())),
                Some(*format),
            )),
            _ => {
                self.wrong_shape();
                None
            }
        }
    }

    fn supervision(mut self) -> Option<Draft<Span>> {
        let words = self.count(2, 3)?;
        let (hours, rest) = words.split_first()?;
        // As a course's: the date is the last word; when it may be left out, a last
        // word that is a topic (or does not begin with a digit) is not one.
        let (between, date) = match rest.split_last() {
            Some((last, between))
                if self.default.is_none()
                    || (last.text.starts_with(|c: char| c.is_ascii_digit())
                        && self.check.topics.resolve(last.text).is_none()) =>
            {
                (between, Some(*last))
            }
            _ => (rest, None),
        };
        let topics = match (self.split_at.take(), between) {
            (Some(at), []) => TopicsDraft::Split(std::mem::take(&mut self.split), at),
            (Some(_), [topic, ..]) => {
                self.check.error(
                    format!(
                        "expected either one topic or a topic split, found `{}` beside a split",
                        topic.text
                    ),
                    topic.span(),
                );
                return None;
            }
            (None, []) => TopicsDraft::Untagged,
            (None, [topic]) => TopicsDraft::One(topic.at(topic.text.to_owned())),
            (None, _) => {
                self.wrong_shape();
                return None;
            }
        };
        Some(Draft::Supervision(SupervisionDraft {
            hours: self.hours(*hours),
            date: self.date_or_default(date),
            topics,
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
        let (from, to) = self.period(period, "a period such as 2026-09-01..2026-11-30")?;
        Some(Draft::Experience(ExperienceDraft {
            hours: self.hours(hours),
            from,
            to,
            supervised,
        }))
    }

    fn exam(mut self) -> Option<Draft<Span>> {
        let (words, date) = Self::last_is_date(self.count(3, 3)?, 3);
        let [id, result] = *words else {
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
            date: self.date_or_default(date),
            result,
        }))
    }

    fn attestation(mut self) -> Option<Draft<Span>> {
        let (words, date) = Self::last_is_date(self.count(2, 2)?, 2);
        let [kind] = *words else {
            return None;
        };
        Some(Draft::Attestation(AttestationDraft {
            kind: kind.at(kind.text.to_owned()),
            date: self.date_or_default(date),
        }))
    }

    fn payment(mut self) -> Option<Draft<Span>> {
        let (words, date) = Self::last_is_date(self.count(3, 3)?, 3);
        let [kind, amount] = *words else {
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
            date: self.date_or_default(date),
            credential: self.take(Opt::Credential),
        }))
    }

    fn credential(mut self) -> Option<Draft<Span>> {
        let words = self.count(2, 3)?;
        let (id, period, provisional) = match words {
            [id, period] => (*id, *period, false),
            [id, period, last] if last.text == "provisional" => (*id, *period, true),
            [_, _, last] => {
                self.check.error(
                    format!(
                        "expected `provisional` or nothing after the dates, found `{}`",
                        last.text
                    ),
                    last.span(),
                );
                return None;
            }
            _ => return None,
        };
        let (issued, expires) = self.period(
            period,
            "the issue and expiry dates such as 2025-02-01..2027-02-01",
        )?;
        Some(Draft::Credential(CredentialDraft {
            id: id.at(id.text.to_owned()),
            number: self.take(Opt::Number).map(|n| n.value),
            issued,
            expires,
            provisional,
        }))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use super::*;
    use crate::id::{AttestationKind, CredentialId, ExamId, TopicId};
    use crate::record::{
        Attestation, ExamAttempt, ExamResult, Experience, HeldCredential, Payment, Supervision,
        Training,
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

    /// Reads `text` as `peercert log` does, on 2026-11-20.
    fn logged(text: &str) -> Result<Entry, String> {
        parse_with_default_date(
            &Source::new("log 1", text),
            &*LIBRARY,
            Place::Added(1),
            d("2026-11-20"),
        )
        .map_err(|e| e.to_string())
    }

    fn training(text: &str) -> Training {
        match logged(text) {
            Ok(Entry::Training(t)) => t,
            other => panic!("{other:?}"),
        }
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
                repeat: None,
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

    /// Issue 11: a supervision names its domain as a course names its topic.
    #[test]
    fn a_supervision_takes_a_domain_or_a_split() {
        let topic = |t: &str| TopicId::new(t).unwrap();
        assert_eq!(
            read("supervision: 2h advocacy 2026-12-15"),
            Ok(Entry::Supervision(Supervision {
                date: d("2026-12-15"),
                hours: Hours::from_whole(2),
                topics: vec![(topic("advocacy"), Hours::from_whole(2))],
                place: Place::Added(1),
            }))
        );
        assert_eq!(
            read("supervision: 3h ethics=1 advocacy=2h 2026-12-15"),
            Ok(Entry::Supervision(Supervision {
                date: d("2026-12-15"),
                hours: Hours::from_whole(3),
                topics: vec![
                    (topic("ethics"), Hours::from_whole(1)),
                    (topic("advocacy"), Hours::from_whole(2))
                ],
                place: Place::Added(1),
            }))
        );
        assert_eq!(
            logged("supervision: 2h advocacy").map(|e| e.date()),
            Ok(d("2026-11-20"))
        );
        assert_eq!(
            error("supervision: 2h advocacy ethics=1 2026-12-15"),
            "error: expected either one topic or a topic split, found `advocacy` beside a split
 --> --with 1:1:17
  |
1 | supervision: 2h advocacy ethics=1 2026-12-15
  |                 ^^^^^^^^"
        );
        assert_eq!(
            error("supervision: 2h advocasy 2026-12-15"),
            "error: unknown topic `advocasy`
 --> --with 1:1:17
  |
1 | supervision: 2h advocasy 2026-12-15
  |                 ^^^^^^^^
  = help: did you mean `advocacy`?"
        );
    }

    #[test]
    fn the_other_kinds() {
        assert_eq!(
            read("supervision: 2h 2026-12-15"),
            Ok(Entry::Supervision(Supervision {
                date: d("2026-12-15"),
                hours: Hours::from_whole(2),
                topics: Vec::new(),
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
            "error: unknown entry kind `trainig`, expected one of `training`, `supervision`, `experience`, `exam`, `attestation`, `payment`, `credential`
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
            "error: expected `supervision: HOURSh [TOPIC] DATE`, found nothing
 --> --with 1:1:13
  |
1 | supervision:
  |             ^
  = help: for example `supervision: 2h advocacy 2026-12-15`"
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

error: expected an amount in dollars such as \"150.00\" or \"1,500.00\" (a comma only between groups of three digits, cents after a point), found `1,00`
 --> --with 1:1:17
  |
1 | payment: renewl 1,00 2026-12-01
  |                 ^^^^"
        );
    }

    /// A course with everything a record file gives it: title, provider, certificate.
    #[test]
    fn a_course_with_its_title_provider_and_certificate() {
        let full = Training {
            date: d("2026-12-01"),
            title: Some("Ethics Refresher".to_owned()),
            provider: Some("Example Institute".to_owned()),
            hours: Hours::from_whole(6),
            topics: vec![(TopicId::new("ethics").unwrap(), Hours::from_whole(6))],
            format: Some(Format::LiveOnline),
            certificate: Some("ETI-2023-0917".to_owned()),
            repeat: None,
            place: Place::Added(1),
        };
        assert_eq!(
            read(
                r#"training: 6h ethics live-online 2026-12-01 "Ethics Refresher" provider="Example Institute" certificate=ETI-2023-0917"#
            ),
            Ok(Entry::Training(full.clone()))
        );
        // The title and the options may stand anywhere after the colon.
        assert_eq!(
            read(
                r#"training: provider="Example Institute" "Ethics Refresher" 6h certificate=ETI-2023-0917 ethics live-online 2026-12-01"#
            ),
            Ok(Entry::Training(full))
        );
        // `\"` and `\\` inside a title; a colon in it is not the kind's.
        assert_eq!(
            training(r#"training: 6h "The \"Best\" Part 2: C:\\Course" 2026-12-01"#).title,
            Some(r#"The "Best" Part 2: C:\Course"#.to_owned())
        );
        // A bare provider.
        assert_eq!(
            training("training: 6h provider=ETI 2026-12-01").provider,
            Some("ETI".to_owned())
        );
    }

    #[test]
    fn quotes_are_read_where_they_are_written() {
        assert_eq!(
            error(r#"training: 6h ethics 2026-12-01 "Ethics Refresher"#),
            r#"error: expected a closing `"` for this quote, found the end of the entry
 --> --with 1:1:32
  |
1 | training: 6h ethics 2026-12-01 "Ethics Refresher
  |                                ^"#
        );
        assert_eq!(
            error(r#"training: 6h ethics 2026-12-01 provider="Example"#),
            r#"error: expected a closing `"` for this quote, found the end of the entry
 --> --with 1:1:41
  |
1 | training: 6h ethics 2026-12-01 provider="Example
  |                                         ^"#
        );
        // Columns count characters; a backslash before the end escapes nothing.
        assert_eq!(
            error(r#"training: 6h 2026-12-01 "Éthique\"#),
            r#"error: expected a closing `"` for this quote, found the end of the entry
 --> --with 1:1:25
  |
1 | training: 6h 2026-12-01 "Éthique\
  |                         ^"#
        );
        assert_eq!(
            error(r#"training: 6h ethics 2026-12-01 "Zoë's \x""#),
            r#"error: expected `\"` or `\\` after a backslash in a quoted text, found `\x`
 --> --with 1:1:39
  |
1 | training: 6h ethics 2026-12-01 "Zoë's \x"
  |                                       ^^"#
        );
        assert_eq!(
            error(r#"training: 6h ethics 2026-12-01 Ethics Refresher""#),
            r#"error: expected a quote only at the start of a title or of an option's value, found one inside `Refresher"`
 --> --with 1:1:48
  |
1 | training: 6h ethics 2026-12-01 Ethics Refresher"
  |                                                ^
  = help: a title is quoted as a whole, such as `"Ethics Refresher"`"#
        );
        assert_eq!(
            error(r#"training: 6h ethics 2026-12-01 "Ethics"Refresher"#),
            r#"error: expected a space after the closing quote, found `R`
 --> --with 1:1:40
  |
1 | training: 6h ethics 2026-12-01 "Ethics"Refresher
  |                                        ^"#
        );
    }

    /// Only a course has a title, and one; it is checked as a file's is.
    #[test]
    fn one_title_for_a_course() {
        assert_eq!(
            error(r#"training: 6h ethics 2026-12-01 "A" "B""#),
            r#"error: expected one title, found a second one
 --> --with 1:1:36
  |
1 | training: 6h ethics 2026-12-01 "A" "B"
  |                                    ^^^"#
        );
        assert_eq!(
            error(r#"supervision: 2h 2026-12-01 "Weekly""#),
            r#"error: expected no title after `supervision:`, found `"Weekly"`
 --> --with 1:1:28
  |
1 | supervision: 2h 2026-12-01 "Weekly"
  |                            ^^^^^^^^"#
        );
        assert_eq!(
            error(r#"training: 6h ethics 2026-12-01 " ""#),
            r#"error: expected a course title, found an empty string
 --> --with 1:1:32
  |
1 | training: 6h ethics 2026-12-01 " "
  |                                ^^^"#
        );
    }

    /// A payment may name its credential, a credential its number.
    #[test]
    fn the_options_of_payments_and_credentials() {
        assert_eq!(
            read("payment: renewal 100.00 2026-12-01 credential=pa/crs"),
            Ok(Entry::Payment(Payment {
                kind: FeeKind::Renewal,
                amount: Cents::new(10_000),
                date: d("2026-12-01"),
                credential: Some(CredentialId::new("pa/crs").unwrap()),
                place: Place::Added(1),
            }))
        );
        assert_eq!(
            error("payment: renewal 100.00 2026-12-01 credential=pa/cr"),
            "error: unknown credential `pa/cr`
 --> --with 1:1:47
  |
1 | payment: renewal 100.00 2026-12-01 credential=pa/cr
  |                                               ^^^^^
  = help: did you mean `pa/crs` or `pa/cps`?"
        );
    }

    /// An option a kind does not take is refused at its name, with the options it takes.
    #[test]
    fn an_option_a_kind_does_not_take() {
        assert_eq!(
            error(r#"training: 6h ethics 2026-12-01 provder="Example Institute""#),
            r#"error: unknown training option `provder`, expected one of `provider`, `certificate`
 --> --with 1:1:32
  |
1 | training: 6h ethics 2026-12-01 provder="Example Institute"
  |                                ^^^^^^^
  = help: did you mean `provider`?"#
        );
        // Another kind's option.
        assert_eq!(
            error("training: 6h ethics 2026-12-01 credential=pa/crs"),
            "error: unknown training option `credential`, expected one of `provider`, `certificate`
 --> --with 1:1:32
  |
1 | training: 6h ethics 2026-12-01 credential=pa/crs
  |                                ^^^^^^^^^^"
        );
        // A number is a certificate's misspelt name, not a topic split's hours.
        assert_eq!(
            error("training: 6h ethics 2026-12-01 certficate=12345"),
            "error: unknown training option `certficate`, expected one of `provider`, `certificate`
 --> --with 1:1:32
  |
1 | training: 6h ethics 2026-12-01 certficate=12345
  |                                ^^^^^^^^^^
  = help: did you mean `certificate`?"
        );
        assert_eq!(
            error("exam: icrc-pr 540 2027-01-10 provider=ETI"),
            "error: expected no option after `exam:`, found `provider`
 --> --with 1:1:30
  |
1 | exam: icrc-pr 540 2027-01-10 provider=ETI
  |                              ^^^^^^^^"
        );
        assert_eq!(
            error("credential: pa/crs 2025-02-01..2027-02-01 nmber=CPRS-12345"),
            "error: unknown credential option `nmber`, expected one of `number`
 --> --with 1:1:43
  |
1 | credential: pa/crs 2025-02-01..2027-02-01 nmber=CPRS-12345
  |                                           ^^^^^
  = help: did you mean `number`?"
        );
    }

    #[test]
    fn an_option_once_with_a_value() {
        assert_eq!(
            error("training: 6h ethics 2026-12-01 provider=A provider=B"),
            "error: expected `provider` once, found it a second time
 --> --with 1:1:43
  |
1 | training: 6h ethics 2026-12-01 provider=A provider=B
  |                                           ^^^^^^^^^^"
        );
        assert_eq!(
            error("training: 6h ethics 2026-12-01 provider="),
            "error: expected a value after `provider=`, found nothing
 --> --with 1:1:32
  |
1 | training: 6h ethics 2026-12-01 provider=
  |                                ^^^^^^^^^"
        );
        assert_eq!(
            error(r#"training: 6h ethics 2026-12-01 certificate="""#),
            r#"error: expected a value after `certificate=`, found nothing
 --> --with 1:1:32
  |
1 | training: 6h ethics 2026-12-01 certificate=""
  |                                ^^^^^^^^^^^^^^"#
        );
        assert_eq!(
            error("training: 6h ethics 2026-12-01 =ETI"),
            "error: expected `NAME=VALUE`, found `=ETI`
 --> --with 1:1:32
  |
1 | training: 6h ethics 2026-12-01 =ETI
  |                                ^^^^"
        );
    }

    /// Hours by topic, `TOPIC=HOURS` joined by commas or spaces; a topic by its alias.
    #[test]
    fn topic_splits() {
        let topics = |text: &str| {
            let t = training(text);
            (t.hours, t.topics, t.format)
        };
        let ethics = TopicId::new("ethics").unwrap();
        let advocacy = TopicId::new("advocacy").unwrap();
        assert_eq!(
            topics("training: 6h ethics=2,advocacy=4 2026-12-01"),
            (
                Hours::from_whole(6),
                vec![
                    (ethics.clone(), Hours::from_whole(2)),
                    (advocacy.clone(), Hours::from_whole(4))
                ],
                None
            )
        );
        assert_eq!(
            topics("training: 6h ethics=2h, advocacy=1.5h live-online 2026-12-01"),
            (
                Hours::from_whole(6),
                vec![
                    (ethics.clone(), Hours::from_whole(2)),
                    (advocacy, Hours::from_hundredths(150))
                ],
                Some(Format::LiveOnline)
            )
        );
        assert_eq!(
            topics(r#"training: 6h "Ethics Refresher" hiv=1 ethics=2"#),
            (
                Hours::from_whole(6),
                vec![
                    (TopicId::new("pathogens").unwrap(), Hours::from_whole(1)),
                    (ethics, Hours::from_whole(2))
                ],
                None
            )
        );
    }

    /// A split is checked as a record file's `topics` table is.
    #[test]
    fn topic_splits_are_checked_as_a_files_are() {
        assert_eq!(
            error("training: 6h ethics=4,advocacy=4 2026-12-01"),
            "error: the topic split adds up to 8 hours, more than the course's 6 hours
 --> --with 1:1:14
  |
1 | training: 6h ethics=4,advocacy=4 2026-12-01
  |              ^^^^^^^^^^^^^^^^^^^"
        );
        assert_eq!(
            error("training: 6h ethics=4 live-online advocacy=4 2026-12-01"),
            "error: the topic split adds up to 8 hours, more than the course's 6 hours
 --> --with 1:1:14
  |
1 | training: 6h ethics=4 live-online advocacy=4 2026-12-01
  |              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^"
        );
        assert_eq!(
            error("training: 6h ethcs=2,advocacy=4 2026-12-01"),
            "error: unknown topic `ethcs`
 --> --with 1:1:14
  |
1 | training: 6h ethcs=2,advocacy=4 2026-12-01
  |              ^^^^^
  = help: did you mean `ethics`?"
        );
        assert_eq!(
            error("training: 6h ethics=2,ethical-responsibility=1 2026-12-01"),
            "error: topic `ethics` appears twice in this split (once by an alias)
 --> --with 1:1:23
  |
1 | training: 6h ethics=2,ethical-responsibility=1 2026-12-01
  |                       ^^^^^^^^^^^^^^^^^^^^^^"
        );
        assert_eq!(
            error("training: 6h ethics=2,advocacy 2026-12-01"),
            "error: expected `TOPIC=HOURS` in a topic split, found `advocacy`
 --> --with 1:1:23
  |
1 | training: 6h ethics=2,advocacy 2026-12-01
  |                       ^^^^^^^^"
        );
        assert_eq!(
            error("training: 6h ethics=two,advocacy=0 2026-12-01"),
            "error: expected a number of hours, found `two`
 --> --with 1:1:21
  |
1 | training: 6h ethics=two,advocacy=0 2026-12-01
  |                     ^^^
  = help: hours are written such as `6h` or `1.5h`

error: expected hours for a topic greater than zero, found 0
 --> --with 1:1:34
  |
1 | training: 6h ethics=two,advocacy=0 2026-12-01
  |                                  ^"
        );
        assert_eq!(
            error("training: 6h ethics= 2026-12-01"),
            "error: expected hours after `ethics=`, found nothing
 --> --with 1:1:14
  |
1 | training: 6h ethics= 2026-12-01
  |              ^^^^^^^"
        );
        assert_eq!(
            error("training: 6h ethics advocacy=4 2026-12-01"),
            "error: expected either one topic or a topic split, found the topic `ethics` beside a split
 --> --with 1:1:14
  |
1 | training: 6h ethics advocacy=4 2026-12-01
  |              ^^^^^^"
        );
        assert_eq!(
            error("training: 6h ethics=2 live-onlin 2026-12-01"),
            "error: unknown format `live-onlin`, expected one of `in-person`, `live-online`, `self-paced`
 --> --with 1:1:23
  |
1 | training: 6h ethics=2 live-onlin 2026-12-01
  |                       ^^^^^^^^^^
  = help: did you mean `live-online`?"
        );
        assert_eq!(
            error("training: 6h ethics=2 live-online in-person 2026-12-01"),
            r#"error: expected `training: HOURSh [TOPIC] [FORMAT] DATE ["TITLE"] [provider=…] [certificate=…]`, found `6h ethics=2 live-online in-person 2026-12-01`
 --> --with 1:1:11
  |
1 | training: 6h ethics=2 live-online in-person 2026-12-01
  |           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: for example `training: 6h ethics live-online 2026-12-01`"#
        );
    }

    /// Logging: a date left out is the day given; one written is kept.
    #[test]
    fn a_date_left_out_is_the_default_day() {
        let day = |text: &str| logged(text).unwrap().date().to_string();
        let course = training(r#"training: 6h ethics "Ethics Refresher""#);
        assert_eq!(
            (course.date, course.title.as_deref()),
            (d("2026-11-20"), Some("Ethics Refresher"))
        );
        assert_eq!(day("training: 6h"), "2026-11-20");
        assert_eq!(day("training: 6h ethics live-online"), "2026-11-20");
        assert_eq!(day("training: 6h ethics 2026-12-01"), "2026-12-01");
        assert_eq!(day("supervision: 2h"), "2026-11-20");
        assert_eq!(day("exam: icrc-pr 540"), "2026-11-20");
        assert_eq!(day("exam: icrc-pr passed 2026-11-02"), "2026-11-02");
        assert_eq!(day("attestation: code-of-ethics"), "2026-11-20");
        assert_eq!(
            day("payment: renewal 100.00 credential=pa/crs"),
            "2026-11-20"
        );
        // A last word that begins with a digit is a date, not a topic.
        assert_eq!(
            logged("training: 6h ethics 12/01/2026"),
            Err(
                "error: expected a date such as 2026-12-01, found `12/01/2026`
 --> log 1:1:21
  |
1 | training: 6h ethics 12/01/2026
  |                     ^^^^^^^^^^"
                    .to_owned()
            )
        );
        // The form says the date may be left out.
        assert_eq!(
            logged("supervision: 2h 2026-12-01 weekly"),
            Err(
                "error: expected `supervision: HOURSh [TOPIC] [DATE]`, found `2h 2026-12-01 weekly`
 --> log 1:1:14
  |
1 | supervision: 2h 2026-12-01 weekly
  |              ^^^^^^^^^^^^^^^^^^^^
  = help: for example `supervision: 2h advocacy 2026-12-15`"
                    .to_owned()
            )
        );
        assert_eq!(
            logged("training: 6h ethics live-online weekly"),
            Err(r#"error: expected `training: HOURSh [TOPIC] [FORMAT] [DATE] ["TITLE"] [provider=…] [certificate=…]`, found `6h ethics live-online weekly`
 --> log 1:1:11
  |
1 | training: 6h ethics live-online weekly
  |           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: for example `training: 6h ethics live-online 2026-12-01`"#
                .to_owned())
        );
        // A period has no default.
        assert_eq!(
            logged("experience: 120h supervised"),
            Err(
                "error: expected a period such as 2026-09-01..2026-11-30, found `supervised`
 --> log 1:1:18
  |
1 | experience: 120h supervised
  |                  ^^^^^^^^^^"
                    .to_owned()
            )
        );
    }

    /// `plan --with` reads without a default day: the date is required.
    #[test]
    fn without_a_default_day_the_date_is_required() {
        assert_eq!(
            error(r#"training: 6h ethics "Ethics Refresher""#),
            r#"error: expected a date such as 2026-12-01, found `ethics`
 --> --with 1:1:14
  |
1 | training: 6h ethics "Ethics Refresher"
  |              ^^^^^^"#
        );
        assert_eq!(
            error("exam: icrc-pr 540"),
            "error: expected `exam: ID SCORE|passed DATE`, found `icrc-pr 540`
 --> --with 1:1:7
  |
1 | exam: icrc-pr 540
  |       ^^^^^^^^^^^
  = help: for example `exam: icrc-pr 540 2027-01-10`"
        );
        assert_eq!(
            error(r#"training: "Ethics Refresher""#),
            r#"error: expected `training: HOURSh [TOPIC] [FORMAT] DATE ["TITLE"] [provider=…] [certificate=…]`, found `"Ethics Refresher"`
 --> --with 1:1:11
  |
1 | training: "Ethics Refresher"
  |           ^^^^^^^^^^^^^^^^^^
  = help: for example `training: 6h ethics live-online 2026-12-01`"#
        );
    }

    /// A new issuance of a credential, checked as a file's `[[credential]]` is.
    #[test]
    fn credentials() {
        assert_eq!(
            read("credential: pa/crs 2025-02-01..2027-02-01 number=CPRS-12345 provisional"),
            Ok(Entry::Credential(HeldCredential {
                id: CredentialId::new("pa/crs").unwrap(),
                number: Some("CPRS-12345".to_owned()),
                issued: d("2025-02-01"),
                expires: d("2027-02-01"),
                provisional: true,
                place: Place::Added(1),
            }))
        );
        assert_eq!(
            logged("credential: pa/crs 2025-02-01..2027-02-01").map(|e| e.date()),
            Ok(d("2025-02-01"))
        );
        assert_eq!(
            error("credential: pa/crx 2025-02-01..2024-02-01"),
            "error: unknown credential `pa/crx`
 --> --with 1:1:13
  |
1 | credential: pa/crx 2025-02-01..2024-02-01
  |             ^^^^^^
  = help: did you mean `pa/crs` or `pa/cps`?

error: expected `expires` after `issued` (2025-02-01), found 2024-02-01
 --> --with 1:1:32
  |
1 | credential: pa/crx 2025-02-01..2024-02-01
  |                                ^^^^^^^^^^"
        );
        assert_eq!(
            logged("credential: pa/crs 2025-02-01"),
            Err("error: expected the issue and expiry dates such as 2025-02-01..2027-02-01, found `2025-02-01`
 --> log 1:1:20
  |
1 | credential: pa/crs 2025-02-01
  |                    ^^^^^^^^^^"
                .to_owned())
        );
        assert_eq!(
            error("credential: pa/crs 2025-02-01..2027-02-01 provisonal"),
            "error: expected `provisional` or nothing after the dates, found `provisonal`
 --> --with 1:1:43
  |
1 | credential: pa/crs 2025-02-01..2027-02-01 provisonal
  |                                           ^^^^^^^^^^"
        );
        assert_eq!(
            error("credential: pa/crs"),
            "error: expected `credential: ID ISSUED..EXPIRES [provisional] [number=…]`, found `pa/crs`
 --> --with 1:1:13
  |
1 | credential: pa/crs
  |             ^^^^^^
  = help: for example `credential: pa/crs 2025-02-01..2027-02-01`"
        );
    }

    /// Without the colon after the kind, a colon later (in a title) is not taken for it.
    #[test]
    fn the_kinds_colon_comes_first() {
        assert_eq!(
            error(r#"training 6h "Part 2: Ethics" 2026-12-01"#),
            r#"error: expected `KIND: …`, such as `training: 6h ethics 2026-12-01`
 --> --with 1:1:1
  |
1 | training 6h "Part 2: Ethics" 2026-12-01
  | ^^^^^^^^
  = help: write a colon after the kind: `training: …`"#
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

    /// A split is the same course whatever order, or aliases, its topics are written
    /// in: the file's `{ hiv = 2, advocacy = 4 }` and the line's `pathogens=2,advocacy=4`
    /// are one course.
    #[test]
    fn a_split_in_another_order_is_the_same_course() {
        let text = format!(
            "{RECORD}\n[[training]]\ndate = 2026-04-01\ntitle = \"Safety\"\nhours = 6\ntopics = {{ hiv = 2, advocacy = 4 }}\n"
        );
        let mut record = Record::parse(&Source::new("w.toml", text), &*LIBRARY).unwrap();
        let again = add_to(
            &mut record,
            "--with 1",
            "training: 6h pathogens=2,advocacy=4 2026-04-01",
        );
        assert!(
            again
                .as_ref()
                .is_err_and(|e| e.starts_with("error: duplicate training entry")),
            "{again:?}"
        );
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

    /// Logging a course the record has, title and all, on the default day is refused;
    /// another title is another course.
    #[test]
    fn a_logged_course_with_a_title_is_told_apart_by_it() {
        let mut record = record();
        let log = |record: &mut Record, text: &str| {
            add_with_default_date(
                record,
                &Source::new("log 1", text),
                &*LIBRARY,
                d("2026-03-10"),
            )
            .map(|e| e.place())
            .map_err(|e| e.to_string())
        };
        assert_eq!(
            log(
                &mut record,
                r#"training: 6h ethics "Ethics and Boundaries""#
            ),
            Err(
                r#"error: duplicate training entry: the record has the same one at line 5
 --> log 1:1:1
  |
1 | training: 6h ethics "Ethics and Boundaries"
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^"#
                    .to_owned()
            )
        );
        assert_eq!(
            log(&mut record, r#"training: 6h ethics "Ethics II""#),
            Ok(Place::Added(1))
        );
        assert_eq!(
            record.trainings.last().map(|t| (t.date, t.title.clone())),
            Some((d("2026-03-10"), Some("Ethics II".to_owned())))
        );
    }

    /// Logs `text` on 2026-03-10, a duplicate course allowed when `allow_duplicate`.
    fn log_again(
        record: &mut Record,
        text: &str,
        allow_duplicate: bool,
    ) -> Result<Entry, LoadError> {
        let options = AddOptions {
            default_date: Some(d("2026-03-10")),
            allow_duplicate,
        };
        add_with(record, &Source::new("log 1", text), &*LIBRARY, options)
    }

    fn repeat(entry: Result<Entry, LoadError>) -> (Option<u8>, Place) {
        match entry {
            Ok(Entry::Training(t)) => (t.repeat, t.place),
            other => panic!("{other:?}"),
        }
    }

    /// A course the record has, logged again on purpose, is the second time, then the
    /// third; refused when not allowed, marked for a caller to offer to.
    #[test]
    fn an_allowed_duplicate_is_the_next_time() {
        let mut record = record();
        let same = r#"training: 6h ethics "Ethics and Boundaries""#;
        let refused = log_again(&mut record, same, false).unwrap_err();
        assert_eq!(
            refused.to_string(),
            r#"error: duplicate training entry: the record has the same one at line 5
 --> log 1:1:1
  |
1 | training: 6h ethics "Ethics and Boundaries"
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^"#
        );
        let LoadError::Invalid(problems) = refused else {
            panic!("{refused:?}")
        };
        let codes: Vec<_> = problems.items().iter().map(|p| p.code).collect();
        assert_eq!(codes, [Some(crate::diag::Code::DuplicateCourse)]);
        assert_eq!(
            repeat(log_again(&mut record, same, true)),
            (Some(2), Place::Added(1))
        );
        assert_eq!(
            repeat(log_again(&mut record, same, true)),
            (Some(3), Place::Added(2))
        );
        // A course the record does not have is the first time, allowed or not.
        assert_eq!(
            repeat(log_again(
                &mut record,
                r#"training: 6h ethics "Ethics II""#,
                true
            )),
            (None, Place::Added(3))
        );
        let times: Vec<Option<u8>> = record.trainings.iter().map(|t| t.repeat).collect();
        assert_eq!(times, [None, Some(2), Some(3), None]);
        // Not allowed, it is refused, naming the first time.
        assert_eq!(
            log_again(&mut record, same, false).unwrap_err().to_string(),
            r#"error: duplicate training entry: the record has the same one at line 5
 --> log 1:1:1
  |
1 | training: 6h ethics "Ethics and Boundaries"
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^"#
        );
    }

    /// Of several courses of one day, hours and topic, an untitled one is the same as
    /// each: it is named the same as the first in the file, and taken again it is
    /// the time after the most of them (`repeat = 3` after courses taken once and
    /// twice).
    #[test]
    fn an_untitled_course_is_the_same_as_the_first_of_its_day() {
        let text = format!(
            "{RECORD}\n[[training]]\ndate = 2026-03-10\ntitle = \"Ethics II\"\nhours = 6\ntopic = \"ethics\"\n\n[[training]]\ndate = 2026-03-10\ntitle = \"Ethics II\"\nhours = 6\ntopic = \"ethics\"\nrepeat = 2\n"
        );
        let mut record = Record::parse(&Source::new("w.toml", &text), &*LIBRARY).unwrap();
        assert_eq!(
            log_again(&mut record, "training: 6h ethics", false)
                .unwrap_err()
                .to_string(),
            "error: duplicate training entry: the record has the same one at line 5
 --> log 1:1:1
  |
1 | training: 6h ethics
  | ^^^^^^^^^^^^^^^^^^^"
        );
        assert_eq!(
            repeat(log_again(&mut record, "training: 6h ethics", true)),
            (Some(3), Place::Added(1))
        );
    }

    /// The times a record file says are counted on: after its `repeat = 2`, the next
    /// is 3.
    #[test]
    fn the_next_time_after_the_files() {
        let text = format!(
            "{RECORD}\n[[training]]\ndate = 2026-03-10\ntitle = \"Ethics and Boundaries\"\nhours = 6\ntopic = \"ethics\"\nrepeat = 2\n"
        );
        let mut record = Record::parse(&Source::new("w.toml", &text), &*LIBRARY).unwrap();
        assert_eq!(
            repeat(log_again(
                &mut record,
                "training: 6h ethics 2026-03-10 \"Ethics and Boundaries\"",
                true
            )),
            (Some(3), Place::Added(1))
        );
    }

    /// Only a course is taken again on its day; another kind of entry the record has is
    /// refused, allowed or not.
    #[test]
    fn only_a_course_is_logged_again() {
        let mut record = record();
        log_again(&mut record, "supervision: 2h", false).unwrap();
        assert_eq!(
            log_again(&mut record, "supervision: 2h", true)
                .unwrap_err()
                .to_string(),
            "error: duplicate supervision entry: the same as added entry 1
 --> log 1:1:1
  |
1 | supervision: 2h
  | ^^^^^^^^^^^^^^^
  = help: only a course can be logged again on the same day"
        );
        assert_eq!(record.supervision.len(), 1);
    }

    /// A course is taken at most 99 times on one day.
    #[test]
    fn at_most_99_times() {
        let mut record = record();
        let same = r#"training: 6h ethics "Ethics and Boundaries""#;
        for time in 2..=99 {
            assert_eq!(repeat(log_again(&mut record, same, true)).0, Some(time));
        }
        assert_eq!(
            log_again(&mut record, same, true).unwrap_err().to_string(),
            r#"error: expected the same course at most 99 times on one day, found it with `repeat = 99` already
 --> log 1:1:1
  |
1 | training: 6h ethics "Ethics and Boundaries"
  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^"#
        );
        assert_eq!(record.trainings.len(), 99);
    }
}
