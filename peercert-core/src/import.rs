//! Importing the course lists workers already have — a CSV transcript exported from a
//! spreadsheet or a provider's site, an Open Badges 3.0 credential — into their record.
//!
//! [`import`] reads each file into record entries (`[[training]]`) and checks each the
//! way a record file's entries are checked: each row or badge is read into a draft of
//! typed values with where they were written, and the one set of checks every entry
//! meets (`record/draft.rs`) turns it into an [`Entry`]. A row or badge with a problem
//! is refused, with every problem at its place (``transcript.csv:7, column `Date` ``,
//! ``badge.json, field `validFrom` ``), and the others are read on. A course the record
//! already has, or that an earlier row or badge gave, is left out and said so: importing
//! the same transcript again adds only its new rows.
//!
//! The files' formats are documented in `docs/import-format.md`; the transcript's
//! columns and the badge's fields are read in [`transcript`] and [`badge`]. Badges carry
//! no contact hours, so their hours (and topic and format) come from a mapping file or
//! from what the caller was given for every badge: [`BadgeCourses`].
//!
//! The import writes nothing: the caller adds [`Import::added`] to the record's text
//! (with [`record::edit::append`](crate::record::edit::append)), checks the result as a
//! record, and writes it.

pub mod badge;
mod mapping;
pub mod transcript;

use std::fmt;
use std::ops::Range;

use crate::check::{At, Checker, SplitPart};
use crate::error::MAX_FILE_BYTES;
use crate::quantity::Hours;
use crate::record::draft::{CourseDraft, Draft, Seen, TopicsDraft, TrainingDraft};
use crate::record::{Entry, Place, Record, Vocabulary, Worker};
use crate::text::printable;

pub use mapping::BadgeCourses;
use mapping::Course;

/// A file to import: its name as the user gave it (shown in every message), and its
/// bytes.
#[derive(Debug, Clone, Copy)]
pub struct File<'a> {
    /// The file's name.
    pub name: &'a str,
    /// Its content.
    pub bytes: &'a [u8],
}

/// What an import found, file by file and row by row, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Import {
    /// The entries to add, each checked as a record file's entries are, none the same
    /// as one the record has or as an earlier one here.
    pub added: Vec<Added>,
    /// Courses left out because the record, or an earlier row or badge, has the same.
    pub duplicates: Vec<Duplicate>,
    /// Rows, badges and whole files refused, each with every problem found in it.
    pub refused: Vec<Refused>,
    /// What is worth saying and is no problem: a transcript read as Windows-1252.
    pub notes: Vec<Note>,
}

/// An entry read from a file, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    /// The entry, at [`Place::Added`].
    pub entry: Entry,
    /// The row or badge it was read from.
    pub from: Origin,
}

/// A course left out because it is already in the record, or an earlier row or badge
/// gave the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The row or badge left out.
    pub from: Origin,
    /// Which entry it is the same as, in one sentence.
    pub message: String,
}

/// A row, a badge or a whole file that gave no entry, with every problem found in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// What was refused.
    pub from: Origin,
    /// Each problem, with its place.
    pub problems: Vec<Problem>,
}

/// A row or badge of an imported file, or the file as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file's name.
    pub file: String,
    /// Which part of it.
    pub unit: Unit,
}

/// What one entry is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A row of a transcript, at the line it starts on (the header is line 1).
    Row(usize),
    /// A badge: one file.
    Badge,
    /// A whole transcript, when it cannot be read at all (its header, its encoding).
    File,
}

/// One problem in an imported file, at its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file.
    pub file: String,
    /// Where in it.
    pub spot: Spot,
    /// What was found and what was expected, in one sentence.
    pub message: String,
    /// Advice, such as a close match.
    pub help: Option<String>,
    /// What kind of problem it is, for a caller that has advice of its own to add (the
    /// way to give hours, in its own words), when it is one of those.
    pub code: Option<Code>,
}

/// Problems a caller may want to advise on in its own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Code {
    /// A badge that no mapping names, with no hours given for every badge.
    BadgeHours,
}

/// Where in an imported file a value was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spot {
    /// The file as a whole.
    File,
    /// A line and column of the file's text, from 1 (a badge that is not JSON).
    Text {
        /// The line.
        line: usize,
        /// The column, in characters.
        column: usize,
    },
    /// A row of a transcript at the line it starts on, and the column to blame, named
    /// as the header names it.
    Row {
        /// The line the row starts on; the header is line 1.
        row: usize,
        /// The column's name in the header, when one column is to blame.
        column: Option<String>,
    },
    /// A field of a badge, by its path: `credentialSubject.achievement.name`.
    Field(String),
}

/// Something worth saying about a file that is no problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// The transcript is not UTF-8, and was read as Windows-1252.
    Windows1252 {
        /// The file.
        file: String,
    },
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.unit {
            Unit::Row(row) => write!(f, "{}:{row}", printable(&self.file)),
            Unit::Badge | Unit::File => f.write_str(&printable(&self.file)),
        }
    }
}

/// ``transcript.csv:7, column `Date` ``, ``badge.json, field `validFrom` ``, `badge.json:3:9`.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "error: {}\n  --> {}",
            crate::text::message(&self.message),
            printable(&self.file)
        )?;
        match &self.spot {
            Spot::File => {}
            Spot::Text { line, column } => write!(f, ":{line}:{column}")?,
            Spot::Row { row, column: None } => write!(f, ":{row}")?,
            Spot::Row {
                row,
                column: Some(column),
            } => write!(f, ":{row}, column `{}`", printable(column))?,
            Spot::Field(path) => write!(f, ", field `{}`", printable(path))?,
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {}", crate::text::message(help))?;
        }
        Ok(())
    }
}

/// Every problem, one after another.
impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

/// `note: skipped: duplicate training entry: …` and the row or badge left out.
impl fmt::Display for Duplicate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "note: skipped: {}\n  --> {}",
            crate::text::message(&self.message),
            self.from
        )
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::Windows1252 { file } => write!(
                f,
                "note: `{}` is not UTF-8, so it was read as Windows-1252, the encoding spreadsheets export on Windows",
                printable(file)
            ),
        }
    }
}

/// Reads every file into entries for `record`, checked as a record file's entries are:
/// each file is a transcript or a badge (`docs/import-format.md` says how they are told
/// apart), each row or badge with a problem is refused with its places, and a course
/// that `record` or an earlier row or badge already has is left out as a duplicate.
/// Badges take their hours, topic and format from `badges`.
pub fn import(
    record: &Record,
    files: &[File<'_>],
    badges: &BadgeCourses,
    library: &dyn Vocabulary,
) -> Import {
    let mut found = Import::default();
    let mut read: Vec<Added> = Vec::new();
    for file in files {
        let origin = |unit| Origin {
            file: file.name.to_owned(),
            unit,
        };
        if u64::try_from(file.bytes.len()).unwrap_or(u64::MAX) > MAX_FILE_BYTES {
            found.refused.push(whole_file(
                origin(Unit::File),
                format!(
                    "`{}` is larger than {} MiB, too large for a course list",
                    file.name,
                    MAX_FILE_BYTES / (1024 * 1024)
                ),
                None,
            ));
            continue;
        }
        if is_badge(file) {
            match badge::read(file, badges, library, Place::Added(read.len() + 1)) {
                Ok(entry) => read.push(Added {
                    entry,
                    from: origin(Unit::Badge),
                }),
                Err(problems) => found.refused.push(Refused {
                    from: origin(Unit::Badge),
                    problems,
                }),
            }
        } else {
            let transcript = transcript::read(file, library, read.len() + 1);
            read.extend(transcript.entries);
            found.refused.extend(transcript.refused);
            found.notes.extend(transcript.note);
        }
    }
    let (added, duplicates) = leave_out_duplicates(record, read, library);
    found.added = added;
    found.duplicates = duplicates;
    found
}

/// A file is a badge when its name ends in `.json` or `.jsonld` (in any case), or when
/// its text begins with `{` (after a byte-order mark and blanks); anything else is a
/// transcript.
fn is_badge(file: &File<'_>) -> bool {
    let name = file.name.to_ascii_lowercase();
    if name.ends_with(".json") || name.ends_with(".jsonld") {
        return true;
    }
    let bytes = file
        .bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(file.bytes);
    bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'{')
}

/// A file refused as a whole, with one problem.
fn whole_file(from: Origin, message: String, help: Option<String>) -> Refused {
    Refused {
        problems: vec![Problem {
            file: from.file.clone(),
            spot: Spot::File,
            message,
            help,
            code: None,
        }],
        from,
    }
}

/// The entries read, less those the record or an earlier one of them already has: the
/// record's own check of duplicates ([`Seen`]) decides, and the message names the
/// record's line, or the row or badge read first.
fn leave_out_duplicates(
    record: &Record,
    read: Vec<Added>,
    library: &dyn Vocabulary,
) -> (Vec<Added>, Vec<Duplicate>) {
    let mut seen = Seen::of(record);
    let mut added: Vec<Added> = Vec::new();
    let mut duplicates = Vec::new();
    for candidate in read {
        let mut said = Checker::new(library.topics());
        if seen.admit(&candidate.entry, || (), &mut said) {
            added.push(candidate);
            continue;
        }
        let earlier = added
            .iter()
            .find(|a| same(&record.worker, &a.entry, &candidate.entry, library));
        let message = match earlier {
            Some(first) => format!(
                "duplicate {} entry: the same as {}",
                kind(&candidate.entry),
                first.from
            ),
            None => said.problems.into_iter().next().map_or_else(
                || format!("duplicate {} entry", kind(&candidate.entry)),
                |d| d.message,
            ),
        };
        duplicates.push(Duplicate {
            from: candidate.from,
            message,
        });
    }
    (added, duplicates)
}

/// Whether `second` is the same entry as `first`, as the record's check of duplicates
/// sees it.
fn same(worker: &Worker, first: &Entry, second: &Entry, library: &dyn Vocabulary) -> bool {
    let mut said = Checker::new(library.topics());
    !Seen::of(&Record::new(worker.clone(), vec![first.clone()])).admit(second, || (), &mut said)
}

/// The word the record file uses for an entry's kind.
fn kind(entry: &Entry) -> &'static str {
    match entry {
        Entry::Credential(_) => "credential",
        Entry::Training(_) => "training",
        Entry::Exam(_) => "exam",
        Entry::Experience(_) => "experience",
        Entry::Supervision(_) => "supervision",
        Entry::Payment(_) => "payment",
        Entry::Attestation(_) => "attestation",
    }
}

/// Hours as an imported file writes them: `6`, `1.5`, or with an `h` as the entry
/// language writes them (`6h`).
fn read_hours(text: &str) -> Result<Hours, String> {
    let number = text.strip_suffix(['h', 'H']).unwrap_or(text);
    Hours::parse(number).map_err(|e| e.replace(&format!("`{number}`"), &format!("`{text}`")))
}

/// A topic or format as a spreadsheet may write it: `Trauma Informed Care` is
/// `trauma-informed-care`, `In Person` is `in-person`.
fn plain_name(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join("-")
        .replace('_', "-")
        .to_lowercase()
}

/// The topics of a course as a transcript's cell or `--topic` writes them: nothing
/// (untagged hours), one topic (`ethics`), or a split as the entry language writes it
/// (`ethics=2,advocacy=4`; parts may also be joined by `;`, hours may end in `h`).
/// `at` places a byte range of `text`; `whole` is where the whole text was written.
fn read_topics<L: Clone>(
    text: &str,
    at: impl Fn(Range<usize>) -> L,
    whole: L,
    check: &mut Checker<'_, L>,
) -> TopicsDraft<L> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return TopicsDraft::Untagged;
    }
    let start = text.len() - text.trim_start().len();
    let all = start..start + trimmed.len();
    if !trimmed.contains('=') {
        if trimmed.contains([',', ';']) {
            check.error(
                format!(
                    "expected one topic, or a split of the hours such as `ethics=2,advocacy=4`, found `{trimmed}`"
                ),
                at(all),
            );
            return TopicsDraft::Unreadable;
        }
        return TopicsDraft::One(At::new(plain_name(trimmed), at(all)));
    }
    let mut parts: Vec<SplitPart<L>> = Vec::new();
    let mut ok = true;
    let mut offset = 0;
    for piece in text.split([',', ';']) {
        let start = offset + (piece.len() - piece.trim_start().len());
        offset += piece.len() + 1;
        let part = piece.trim();
        if part.is_empty() {
            continue;
        }
        let span = start..start + part.len();
        match part.split_once('=') {
            Some((name, hours)) if !name.trim().is_empty() => {
                let hours_start =
                    span.start + name.len() + 1 + (hours.len() - hours.trim_start().len());
                let hours_span = hours_start..span.end;
                let hours = check
                    .lift(read_hours(hours.trim()), at(hours_span.clone()))
                    .map(|h| At::new(h, at(hours_span)));
                let name_span = span.start..span.start + name.trim_end().len();
                parts.push((At::new(plain_name(name), at(name_span)), hours));
            }
            _ => {
                check.error(
                    format!("expected `TOPIC=HOURS` in a topic split, found `{part}`"),
                    at(span),
                );
                ok = false;
            }
        }
    }
    if ok {
        TopicsDraft::Split(parts, whole)
    } else {
        TopicsDraft::Unreadable
    }
}

/// A course already checked (a mapping's achievement, `--hours`), as the draft of a
/// badge's course at `at`: the draft's checks pass it as they passed it the first time.
fn course_draft<L: Clone>(course: &Course, at: &L) -> CourseDraft<L> {
    let named = |topic: &crate::id::TopicId| At::new(topic.as_str().to_owned(), at.clone());
    let topics = match course.topics.as_slice() {
        [] => TopicsDraft::Untagged,
        [(topic, hours)] if *hours == course.hours => TopicsDraft::One(named(topic)),
        parts => TopicsDraft::Split(
            parts
                .iter()
                .map(|(topic, hours)| (named(topic), Some(At::new(*hours, at.clone()))))
                .collect(),
            at.clone(),
        ),
    };
    CourseDraft {
        hours: Some(At::new(course.hours, at.clone())),
        topics,
        format: course
            .format
            .map(|f| At::new(f.as_str().to_owned(), at.clone())),
    }
}

/// The checked entry of a course draft, or every problem at its spot.
///
/// A split's parts are put in the order of their topics' ids: the entry is written
/// with a `topics` table of ids, which a record file reads in that order, so the entry
/// is the one the record will read back.
fn check_training(
    draft: TrainingDraft<Spot>,
    library: &dyn Vocabulary,
    place: Place,
    file: &str,
) -> Result<Entry, Vec<Problem>> {
    let mut check = Checker::new(library.topics());
    let entry = Draft::Training(draft).check(&mut check, library, place);
    match entry {
        Some(Entry::Training(mut course)) if check.problems.is_empty() => {
            course.topics.sort_by(|a, b| a.0.cmp(&b.0));
            Ok(Entry::Training(course))
        }
        Some(entry) if check.problems.is_empty() => Ok(entry),
        _ => Err(problems(file, check.problems)),
    }
}

/// The checks' diagnostics as problems of `file`.
fn problems(file: &str, diagnostics: Vec<crate::diag::Diagnostic<Spot>>) -> Vec<Problem> {
    diagnostics
        .into_iter()
        .map(|d| Problem {
            file: file.to_owned(),
            spot: d.span.unwrap_or(Spot::File),
            message: d.message,
            help: d.help,
            code: None,
        })
        .collect()
}

#[cfg(test)]
mod tests;
