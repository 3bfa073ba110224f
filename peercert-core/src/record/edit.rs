//! Adding an entry to a record file's text, keeping every byte the author wrote.
//!
//! [`append`] takes the text of a record file and a checked [`Entry`] and returns the
//! text with the entry added. It reads and writes no file: a caller checks the entry
//! against the record first ([`entry::add`](super::entry::add) refuses unknown topics
//! and duplicates), checks the result with [`Record::parse`](super::Record::parse), and
//! only then writes it.
//!
//! # What is guaranteed
//!
//! - **Nothing the author wrote changes.** Every byte of the text is in the result, in
//!   order: comments, blank lines, key order, quoting, the line endings and a
//!   byte-order mark stay as they were. The edit only inserts. The bytes it adds are the
//!   new entry's (with a blank line before it, and, in an inline array, the comma that
//!   separates it from the entry before it) and one more: when the entry goes at the end
//!   of a file whose last line has no line break, a line break ends that line first.
//! - **The result is the record plus exactly the new entry.** Before it is returned, the
//!   result is read as TOML and compared with the text read as TOML: it must hold the
//!   same values, with the new entry last of its kind. When it does not,
//!   [`EditError::Unwritable`] is returned instead of a result.
//!
//! # Where the entry goes
//!
//! After the last entry of its kind (with that entry's sub-tables, such as a
//! `[training.topics]` written below it), or at the end of the file when the record has
//! none of that kind. Comment lines right under that entry (no blank line between) stay
//! with it, and the new entry goes after them; comment lines right above the next table
//! header stay with that header; any other comment stays where it is, after the new
//! entry.
//!
//! When the file writes the entries of that kind as an inline array of inline tables
//! (`training = [{ date = …, … }]`) the entry is added to that array as an inline table:
//! on the same line after a comma when the array is on one line, or on a line of its own
//! with the indentation of the last element when the array has one element per line
//! (with a trailing comma when the last element has one). A record written with dotted
//! keys (`worker.id = "W-1"`, `topics.ethics = 2`) keeps them; the new entry is written
//! in the style below whatever the rest of the file does.
//!
//! # How the entry is written
//!
//! As the record format's documentation shows it (DESIGN.md, "Worker record"): an
//! array-of-tables entry (`[[training]]`) with its keys in the documented order, one a
//! line, lines ending as the file's first line ends (`\r\n` or `\n`). Dates are TOML
//! dates (`date = 2026-12-01`); hours are integers when whole (`hours = 6`) and decimals
//! otherwise (`hours = 1.5`); an amount is a quoted decimal (`amount = "100.00"`); a
//! course's topic is `topic = "ethics"` when all its hours are in it, `topics = {
//! ethics = 2, advocacy = 4 }` otherwise; text is a double-quoted string on one line
//! (escaped where it must be); optional keys are written only when set
//! (`provisional = true` and `supervised = true` only when true, a course's `repeat =
//! 2` only when it is taken again on its day). A course must have a
//! title, which a `[[training]]` entry requires: one without is refused
//! ([`EditError::Untitled`]).
//!
//! toml_edit reads the text and says where each entry is, and writes the new entry's
//! keys and values; the entry's text is then inserted into the author's. (Printing the
//! whole document again with toml_edit would drop a byte-order mark and turn `\r\n` line
//! endings into `\n`.)

use std::ops::Range;

use chrono::{Datelike, NaiveDate};
use toml_edit::{Array, ArrayOfTables, Date, DocumentMut, InlineTable, Item, Table, Value};
use toml_writer::ToTomlValue;

use super::Entry;
use crate::id::TopicId;
use crate::quantity::{Cents, Hours};

/// Why an entry could not be added to a record's text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EditError {
    /// The text is not TOML.
    #[error(
        "expected a record written in TOML, found an error at line {line}, column {column}: {message}"
    )]
    Syntax {
        /// The line of the error, from 1.
        line: usize,
        /// The column of the error, in characters, from 1.
        column: usize,
        /// What the TOML reader says.
        message: String,
    },
    /// The record's key for the entry's kind is not a list of entries.
    #[error(
        "expected `{key}` to be a list of `[[{key}]]` entries, found a value of type {found} at line {line}"
    )]
    NotAList {
        /// The kind's key, such as `training`.
        key: &'static str,
        /// What it is instead, such as `string` or `table`.
        found: &'static str,
        /// The line of the key, from 1.
        line: usize,
    },
    /// A course without a title: a record's `[[training]]` entry needs one.
    #[error("expected a title for the course of {date}, found none")]
    Untitled {
        /// The course's date.
        date: NaiveDate,
    },
    /// A date TOML cannot hold.
    #[error("expected a date between the years 0 and 9999, found {date}")]
    Date {
        /// The date.
        date: NaiveDate,
    },
    /// The entry could not be added without changing what the record holds.
    #[error("could not add the {key} entry without changing the rest of the record")]
    Unwritable {
        /// The kind's key, such as `training`.
        key: &'static str,
    },
}

/// Adds `entry` to the record file's `text`, after the last entry of its kind, and
/// returns the new text; every byte of `text` is kept (see the [module](self) for what
/// is guaranteed).
pub fn append(text: &str, entry: &Entry) -> Result<String, EditError> {
    let new = Written::of(entry)?;
    let document = toml_edit::Document::parse(text).map_err(|e| syntax(text, &e))?;
    let eol = line_ending(text);
    let insertions = match document.get(new.key) {
        None | Some(Item::None) => at_line_start(text, text.len(), &new.block(eol), eol),
        Some(Item::ArrayOfTables(entries)) => {
            let last = entries.iter().last().map_or(0, extent);
            let at = past_attached_comments(text, line_end(text, last));
            at_line_start(text, at, &new.block(eol), eol)
        }
        Some(Item::Value(Value::Array(array))) => into_array(text, array, &new.inline(), eol),
        Some(other) => {
            let at = document
                .key(new.key)
                .and_then(toml_edit::Key::span)
                .map_or(0, |s| s.start);
            return Err(EditError::NotAList {
                key: new.key,
                found: other.type_name(),
                line: line_of(text, at),
            });
        }
    };
    let result = splice(text, &insertions);
    if adds_exactly(text, &result, &new) {
        Ok(result)
    } else {
        Err(EditError::Unwritable { key: new.key })
    }
}

/// An entry as it is written: its kind's key and its keys and values in order.
#[derive(Debug)]
struct Written {
    key: &'static str,
    pairs: Vec<(&'static str, Value)>,
}

impl Written {
    fn of(entry: &Entry) -> Result<Written, EditError> {
        let (key, pairs) = match entry {
            Entry::Credential(c) => {
                let mut pairs = vec![("id", string(c.id.as_str()))];
                pairs.extend(c.number.as_deref().map(|n| ("number", string(n))));
                pairs.push(("issued", date(c.issued)?));
                pairs.push(("expires", date(c.expires)?));
                if c.provisional {
                    pairs.push(("provisional", Value::from(true)));
                }
                ("credential", pairs)
            }
            Entry::Training(t) => {
                let title = t
                    .title
                    .as_deref()
                    .filter(|title| !title.trim().is_empty())
                    .ok_or(EditError::Untitled { date: t.date })?;
                let mut pairs = vec![("date", date(t.date)?), ("title", string(title))];
                pairs.extend(t.provider.as_deref().map(|p| ("provider", string(p))));
                pairs.push(("hours", hours(t.hours)));
                pairs.extend(topics(&t.topics, t.hours));
                pairs.extend(t.format.map(|f| ("format", string(f.as_str()))));
                pairs.extend(t.certificate.as_deref().map(|c| ("certificate", string(c))));
                pairs.extend(t.repeat.map(|n| ("repeat", Value::from(i64::from(n)))));
                ("training", pairs)
            }
            Entry::Exam(e) => {
                let result = match e.result {
                    super::ExamResult::Score(score) => ("score", Value::from(i64::from(score))),
                    super::ExamResult::Passed(passed) => ("passed", Value::from(passed)),
                };
                let pairs = vec![
                    ("id", string(e.id.as_str())),
                    ("date", date(e.date)?),
                    result,
                ];
                ("exam", pairs)
            }
            Entry::Experience(e) => {
                let mut pairs = vec![
                    ("from", date(e.from)?),
                    ("to", date(e.to)?),
                    ("hours", hours(e.hours)),
                ];
                if e.supervised {
                    pairs.push(("supervised", Value::from(true)));
                }
                ("experience", pairs)
            }
            Entry::Supervision(s) => {
                let mut pairs = vec![("date", date(s.date)?), ("hours", hours(s.hours))];
                pairs.extend(topics(&s.topics, s.hours));
                ("supervision", pairs)
            }
            Entry::Payment(p) => {
                let mut pairs = vec![
                    ("kind", string(p.kind.as_str())),
                    ("amount", string(&amount(p.amount))),
                    ("date", date(p.date)?),
                ];
                pairs.extend(
                    p.credential
                        .as_ref()
                        .map(|c| ("credential", string(c.as_str()))),
                );
                ("payment", pairs)
            }
            Entry::Attestation(a) => (
                "attestation",
                vec![("kind", string(a.kind.as_str())), ("date", date(a.date)?)],
            ),
        };
        Ok(Written { key, pairs })
    }

    /// The entry as a `[[kind]]` table, each line ending in `eol`.
    fn block(&self, eol: &str) -> String {
        let mut table = Table::new();
        for (key, value) in &self.pairs {
            table.insert(key, Item::Value(value.clone()));
        }
        let mut entries = ArrayOfTables::new();
        entries.push(table);
        let mut document = DocumentMut::new();
        document.insert(self.key, Item::ArrayOfTables(entries));
        // INVARIANT: every value is on one line (strings are basic strings, tables are
        // inline), so each `\n` is the end of a line.
        document.to_string().replace('\n', eol)
    }

    /// The entry as an inline table.
    fn inline(&self) -> String {
        let mut table = InlineTable::new();
        for (key, value) in &self.pairs {
            table.insert(*key, value.clone());
        }
        table.to_string()
    }
}

/// An entry's hours by topic as written: `topic = "ethics"` when all `total` hours are
/// in one topic, a `topics = { … }` split otherwise, nothing when untagged.
fn topics(parts: &[(TopicId, Hours)], total: Hours) -> Option<(&'static str, Value)> {
    match parts {
        [] => None,
        [(topic, part)] if *part == total => Some(("topic", string(topic.as_str()))),
        parts => {
            let mut split = InlineTable::new();
            for (topic, part) in parts {
                split.insert(topic.as_str(), hours(*part));
            }
            Some(("topics", Value::InlineTable(split)))
        }
    }
}

/// Text as a basic string on one line, escaped where it must be.
fn string(text: &str) -> Value {
    let written = toml_writer::TomlStringBuilder::new(text)
        .as_basic()
        .to_toml_value();
    // A basic string always reads back; should it not, the plain value is written in
    // toml_edit's own choice of quotes.
    written.parse().unwrap_or_else(|_| Value::from(text))
}

fn date(date: NaiveDate) -> Result<Value, EditError> {
    let year = u16::try_from(date.year()).ok().filter(|y| *y <= 9999);
    let month = u8::try_from(date.month()).ok();
    let day = u8::try_from(date.day()).ok();
    match (year, month, day) {
        (Some(year), Some(month), Some(day)) => Ok(Value::from(Date { year, month, day })),
        _ => Err(EditError::Date { date }),
    }
}

/// Whole hours as an integer, others as a decimal: `6`, `1.5`, `0.25`.
fn hours(hours: Hours) -> Value {
    let hundredths = hours.hundredths();
    if hundredths % 100 == 0 {
        Value::from(hundredths / 100)
    } else {
        // A number of hundredths divided by 100 is the double closest to the decimal,
        // which is written back as that decimal.
        Value::from(hundredths as f64 / 100.0)
    }
}

/// An amount as a decimal with two places: `100.00`.
fn amount(amount: Cents) -> String {
    let cents = amount.cents();
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// The line ending of the text's first line, or `\n` when it has none.
fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(n) if n > 0 && text.as_bytes().get(n - 1) == Some(&b'\r') => "\r\n",
        _ => "\n",
    }
}

/// The end of the last thing written in an entry: its values, its header and those of
/// its sub-tables, wherever in the file they are.
fn extent(table: &Table) -> usize {
    let items = table.iter().map(|(_, item)| item_extent(item));
    items.chain(table.span().map(|s| s.end)).max().unwrap_or(0)
}

fn item_extent(item: &Item) -> usize {
    match item {
        Item::None => 0,
        Item::Value(value) => value.span().map_or(0, |s| s.end),
        Item::Table(table) => extent(table),
        Item::ArrayOfTables(tables) => tables.iter().map(extent).max().unwrap_or(0),
    }
}

/// The start of the line after the one holding byte `at`, or the end of the text.
fn line_end(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |n| at + n + 1)
}

/// The 1-based line of byte `at`.
fn line_of(text: &str, at: usize) -> usize {
    let before = text.as_bytes().get(..at).unwrap_or_default();
    before.iter().filter(|b| **b == b'\n').count() + 1
}

/// Where the new entry goes among the comments and blank lines that follow an entry,
/// from `start`, the first line after the entry: after the comment lines right under
/// the entry, unless they run into the next table header (then they are the header's
/// and the entry goes before them).
fn past_attached_comments(text: &str, start: usize) -> usize {
    let mut at = start;
    while at < text.len() {
        let line = text.get(at..line_end(text, at)).unwrap_or_default();
        let content = line.trim_start_matches([' ', '\t']);
        if content.starts_with('#') {
            at += line.len();
        } else if content.trim_end_matches(['\r', '\n', ' ', '\t']).is_empty() {
            return at;
        } else {
            return start;
        }
    }
    at
}

/// Text added at byte `at` of the original.
#[derive(Debug)]
struct Insertion {
    at: usize,
    text: String,
}

/// The entry's block at `at`, the start of a line or the end of the text: a line
/// break first when the text ends without one, then a blank line unless the line
/// before is blank.
fn at_line_start(text: &str, at: usize, block: &str, eol: &str) -> Vec<Insertion> {
    let before = text.get(..at).unwrap_or_default();
    let before = before.strip_prefix('\u{feff}').unwrap_or(before);
    let mut inserted = String::new();
    if !before.is_empty() && !before.ends_with('\n') {
        inserted.push_str(eol);
    }
    let last_line = before
        .strip_suffix('\n')
        .unwrap_or(before)
        .rsplit('\n')
        .next()
        .unwrap_or_default();
    if !before.is_empty() && !last_line.trim_matches([' ', '\t', '\r']).is_empty() {
        inserted.push_str(eol);
    }
    inserted.push_str(block);
    vec![Insertion { at, text: inserted }]
}

/// The entry added as the last element of an inline array of entries.
fn into_array(text: &str, array: &Array, inline: &str, eol: &str) -> Vec<Insertion> {
    let span = array.span().unwrap_or_default();
    let spans = array.iter().filter_map(Value::span);
    let (previous, last) = spans.fold((None, None), |(_, last), span| (last, Some(span)));
    let Some(last) = last else {
        // An empty array: the entry goes before its `]`.
        let at = span.end.saturating_sub(1);
        return vec![Insertion {
            at,
            text: inline.to_owned(),
        }];
    };
    let opening = text.get(span.start..last.start).unwrap_or_default();
    if !opening.contains('\n') {
        // One line: after the last element, separated as the elements before it are.
        let separator = previous
            .and_then(|p: Range<usize>| text.get(p.end..last.start))
            .unwrap_or(", ");
        return vec![Insertion {
            at: last.end,
            text: format!("{separator}{inline}"),
        }];
    }
    // One element a line: a line of its own, indented as the last element's line.
    let line_start = text
        .get(..last.start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |n| n + 1);
    let indent: String = text
        .get(line_start..last.start)
        .unwrap_or_default()
        .chars()
        .take_while(|c| matches!(c, ' ' | '\t'))
        .collect();
    let next_line = line_end(text, last.end);
    let after = text
        .get(last.end..next_line)
        .unwrap_or_default()
        .trim_start_matches([' ', '\t']);
    let (comma, after) = match after.strip_prefix(',') {
        Some(rest) => (true, rest.trim_start_matches([' ', '\t'])),
        None => (false, after),
    };
    if after.starts_with(']') {
        return vec![Insertion {
            at: last.end,
            text: format!(",{eol}{indent}{inline}"),
        }];
    }
    if comma {
        return vec![Insertion {
            at: next_line,
            text: format!("{indent}{inline},{eol}"),
        }];
    }
    vec![
        Insertion {
            at: last.end,
            text: ",".to_owned(),
        },
        Insertion {
            at: next_line,
            text: format!("{indent}{inline}{eol}"),
        },
    ]
}

/// The text with each insertion made; insertions are in order of their place.
fn splice(text: &str, insertions: &[Insertion]) -> String {
    let mut out =
        String::with_capacity(text.len() + insertions.iter().map(|i| i.text.len()).sum::<usize>());
    let mut from = 0;
    for insertion in insertions {
        out.push_str(text.get(from..insertion.at).unwrap_or_default());
        out.push_str(&insertion.text);
        from = insertion.at;
    }
    out.push_str(text.get(from..).unwrap_or_default());
    out
}

/// Whether `after`, read as TOML, holds what `before` holds plus `new` as the last
/// entry of its kind, and nothing else.
fn adds_exactly(before: &str, after: &str, new: &Written) -> bool {
    let read = |text: &str| toml::from_str::<toml::Table>(text).ok();
    let (Some(mut expected), Some(after), Some(mut added)) =
        (read(before), read(after), read(&new.block("\n")))
    else {
        return false;
    };
    let Some(toml::Value::Array(added)) = added.remove(new.key) else {
        return false;
    };
    match expected.get_mut(new.key) {
        Some(toml::Value::Array(entries)) => entries.extend(added),
        Some(_) => return false,
        None => {
            expected.insert(new.key.to_owned(), toml::Value::Array(added));
        }
    }
    expected == after
}

fn syntax(text: &str, error: &toml_edit::TomlError) -> EditError {
    let at = error.span().map_or(0, |s| s.start);
    let (line, column) = crate::diag::Source::new("", text).line_column(at);
    EditError::Syntax {
        line,
        column,
        message: error.message().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use super::*;
    use crate::diag::Source;
    use crate::record::{Place, entry};

    static LIBRARY: LazyLock<crate::Library> =
        LazyLock::new(|| crate::Library::embedded().unwrap());

    /// An entry written on one line, as `plan --with` takes it.
    fn entry(line: &str) -> Entry {
        entry::parse(&Source::new("entry", line), &*LIBRARY, Place::Added(1)).unwrap()
    }

    /// A course written on one line, with a title.
    fn course(line: &str, title: &str) -> Entry {
        match entry(line) {
            Entry::Training(mut t) => {
                t.title = Some(title.to_owned());
                Entry::Training(t)
            }
            other => panic!("{other:?}"),
        }
    }

    fn ethics() -> Entry {
        course("training: 6h ethics 2026-12-01", "Ethics Refresher")
    }

    const RECORD: &str = r#"[worker]
id = "W-1"
name = "Ada"

[[training]]
date = 2026-03-10
title = "Ethics and Boundaries"
hours = 6
topic = "ethics"

[[exam]]
id = "icrc-pr"
date = 2026-04-01
score = 600
"#;

    #[test]
    fn a_course_goes_after_the_last_course() {
        assert_eq!(
            append(RECORD, &ethics()).unwrap(),
            r#"[worker]
id = "W-1"
name = "Ada"

[[training]]
date = 2026-03-10
title = "Ethics and Boundaries"
hours = 6
topic = "ethics"

[[training]]
date = 2026-12-01
title = "Ethics Refresher"
hours = 6
topic = "ethics"

[[exam]]
id = "icrc-pr"
date = 2026-04-01
score = 600
"#
        );
    }

    #[test]
    fn the_first_of_its_kind_goes_at_the_end() {
        assert_eq!(
            append(RECORD, &entry("supervision: 2h 2026-12-15")).unwrap(),
            format!("{RECORD}\n[[supervision]]\ndate = 2026-12-15\nhours = 2\n")
        );
        // A blank line is not doubled, and a last line without a line break gets one.
        let record = "[worker]\nid = \"W-1\"\nname = \"Ada\"\n\n";
        assert_eq!(
            append(record, &entry("supervision: 2h 2026-12-15")).unwrap(),
            format!("{record}[[supervision]]\ndate = 2026-12-15\nhours = 2\n")
        );
        assert_eq!(
            append(
                "[worker]\nname = \"Ada\"",
                &entry("supervision: 2h 2026-12-15")
            )
            .unwrap(),
            "[worker]\nname = \"Ada\"\n\n[[supervision]]\ndate = 2026-12-15\nhours = 2\n"
        );
        // An empty file, with or without a byte-order mark.
        for empty in ["", "\u{feff}"] {
            assert_eq!(
                append(empty, &entry("supervision: 2h 2026-12-15")).unwrap(),
                format!("{empty}[[supervision]]\ndate = 2026-12-15\nhours = 2\n")
            );
        }
    }

    /// Comments right under an entry stay with it, comments right above a header with
    /// the header, and others where they are.
    #[test]
    fn comments_around_the_last_entry() {
        let record = |between: &str| {
            format!(
                "[[training]]\ndate = 2026-03-10\ntitle = \"A\"\nhours = 6 # all of it\n{between}[[exam]]\nid = \"icrc-pr\"\ndate = 2026-04-01\npassed = true\n"
            )
        };
        let added = "\n[[training]]\ndate = 2026-12-01\ntitle = \"Ethics Refresher\"\nhours = 6\ntopic = \"ethics\"\n";
        let cases = [
            ("# under the course\n\n", "# under the course\n", "\n"),
            ("\n# above the exam\n", "", "\n# above the exam\n"),
            ("# above the exam too\n", "", "# above the exam too\n"),
            (
                "# under\n# the course\n\n# alone\n\n# above the exam\n",
                "# under\n# the course\n",
                "\n# alone\n\n# above the exam\n",
            ),
            ("  \t# indented, under\n\n", "  \t# indented, under\n", "\n"),
            ("", "", ""),
        ];
        for (between, kept, after) in cases {
            assert_eq!(
                append(&record(between), &ethics()).unwrap(),
                record(&format!("{kept}{added}{after}")),
                "{between:?}"
            );
        }
    }

    /// At the end of the file, comments under the last entry stay with it; a comment
    /// after a blank line stays at the end, with no line break added.
    #[test]
    fn comments_at_the_end_of_the_file() {
        let course = "[[training]]\ndate = 2026-03-10\ntitle = \"A\"\nhours = 6\n";
        let added = "\n[[training]]\ndate = 2026-12-01\ntitle = \"Ethics Refresher\"\nhours = 6\ntopic = \"ethics\"\n";
        assert_eq!(
            append(&format!("{course}# under"), &ethics()).unwrap(),
            format!("{course}# under\n{added}")
        );
        assert_eq!(
            append(&format!("{course}\n# the end"), &ethics()).unwrap(),
            format!("{course}{added}\n# the end")
        );
        assert_eq!(
            append(&format!("{course}\n\n"), &ethics()).unwrap(),
            format!("{course}{added}\n\n")
        );
    }

    /// A sub-table of the last entry is part of it, wherever it is written.
    #[test]
    fn sub_tables_of_the_last_entry() {
        let record = "[[training]]\ndate = 2026-03-10\ntitle = \"A\"\nhours = 6\n\n[[exam]]\nid = \"icrc-pr\"\ndate = 2026-04-01\npassed = true\n\n[training.topics]\nethics = 2\n";
        assert_eq!(
            append(record, &ethics()).unwrap(),
            format!(
                "{record}\n[[training]]\ndate = 2026-12-01\ntitle = \"Ethics Refresher\"\nhours = 6\ntopic = \"ethics\"\n"
            )
        );
    }

    #[test]
    fn line_endings_and_byte_order_mark() {
        let record = "\u{feff}[worker]\r\nid = \"W-1\"\r\nname = \"Ada\"\r\n\r\n[[training]]\r\ndate = 2026-03-10\r\ntitle = \"A\"\r\nhours = 6";
        assert_eq!(
            append(record, &ethics()).unwrap(),
            format!(
                "{record}\r\n\r\n[[training]]\r\ndate = 2026-12-01\r\ntitle = \"Ethics Refresher\"\r\nhours = 6\r\ntopic = \"ethics\"\r\n"
            )
        );
        // The first line's ending is the file's.
        assert_eq!(line_ending("a = 1\nb = 2\r\n"), "\n");
        assert_eq!(line_ending("a = 1"), "\n");
        assert_eq!(line_ending("\r\n"), "\r\n");
    }

    #[test]
    fn inline_arrays_stay_inline() {
        let new =
            r#"{ date = 2026-12-01, title = "Ethics Refresher", hours = 6, topic = "ethics" }"#;
        let a = r#"{ date = 2026-03-10, title = "A", hours = 6 }"#;
        let b = r#"{ date = 2026-03-11, title = "B", hours = 6 }"#;
        let cases = [
            // One line: separated as the elements before it.
            (
                format!("training = [{a}]\n"),
                format!("training = [{a}, {new}]\n"),
            ),
            (
                format!("training = [{a},{b}]\n"),
                format!("training = [{a},{b},{new}]\n"),
            ),
            (
                format!("training = [{a}, {b},]\n"),
                format!("training = [{a}, {b}, {new},]\n"),
            ),
            (
                "training = []\n".to_owned(),
                format!("training = [{new}]\n"),
            ),
            (
                format!("training = [{a}\n]\n"),
                format!("training = [{a}, {new}\n]\n"),
            ),
            // One element a line, with or without a trailing comma, with comments.
            (
                format!("training = [\n  {a},\n  {b}, # b\n  # more to come\n]\n"),
                format!("training = [\n  {a},\n  {b}, # b\n  {new},\n  # more to come\n]\n"),
            ),
            (
                format!("training = [\n\t{a},\n\t{b} # b\n]\n"),
                format!("training = [\n\t{a},\n\t{b}, # b\n\t{new}\n]\n"),
            ),
            (
                format!("training = [\n    {a},\n    {b}]\n"),
                format!("training = [\n    {a},\n    {b},\n    {new}]\n"),
            ),
            (
                format!("training = [\r\n  {a},\r\n  {b},\r\n]\r\n"),
                format!("training = [\r\n  {a},\r\n  {b},\r\n  {new},\r\n]\r\n"),
            ),
        ];
        for (record, expected) in cases {
            assert_eq!(append(&record, &ethics()).unwrap(), expected, "{record:?}");
        }
    }

    /// A course taken again on its day is written with its `repeat` in an inline array
    /// too, and reads back as that time.
    #[test]
    fn a_repeat_in_an_inline_array() {
        let Entry::Training(mut again) = ethics() else {
            unreachable!()
        };
        again.repeat = Some(2);
        let record = "training = [{ date = 2026-12-01, title = \"Ethics Refresher\", hours = 6, topic = \"ethics\" }]\n\n[worker]\nid = \"W-1\"\nname = \"Ada\"\n";
        let text = append(record, &Entry::Training(again)).unwrap();
        assert_eq!(
            text,
            "training = [{ date = 2026-12-01, title = \"Ethics Refresher\", hours = 6, topic = \"ethics\" }, { date = 2026-12-01, title = \"Ethics Refresher\", hours = 6, topic = \"ethics\", repeat = 2 }]\n\n[worker]\nid = \"W-1\"\nname = \"Ada\"\n"
        );
        let read = crate::record::Record::parse(&Source::new("w.toml", &text), &*LIBRARY).unwrap();
        let times: Vec<Option<u8>> = read.trainings.iter().map(|t| t.repeat).collect();
        assert_eq!(times, [None, Some(2)]);
    }

    /// The keys of every kind in the record format's order, optional ones only when set.
    #[test]
    fn every_kind_as_the_record_format_writes_it() {
        let written = |entry: Entry| {
            append("", &entry)
                .unwrap()
                .lines()
                .collect::<Vec<_>>()
                .join(" / ")
        };
        let mut full = match course("training: 1.5h ethics in-person 2026-12-01", "Ethics") {
            Entry::Training(t) => t,
            other => panic!("{other:?}"),
        };
        full.provider = Some("Example Institute".to_owned());
        full.certificate = Some("EI-1".to_owned());
        assert_eq!(
            written(Entry::Training(full.clone())),
            r#"[[training]] / date = 2026-12-01 / title = "Ethics" / provider = "Example Institute" / hours = 1.5 / topic = "ethics" / format = "in-person" / certificate = "EI-1""#
        );
        full.hours = Hours::from_hundredths(625);
        full.topics = vec![
            (
                crate::id::TopicId::new("ethics").unwrap(),
                Hours::from_whole(2),
            ),
            (
                crate::id::TopicId::new("mentoring-education").unwrap(),
                Hours::from_hundredths(425),
            ),
        ];
        assert_eq!(
            written(Entry::Training(full.clone())),
            r#"[[training]] / date = 2026-12-01 / title = "Ethics" / provider = "Example Institute" / hours = 6.25 / topics = { ethics = 2, mentoring-education = 4.25 } / format = "in-person" / certificate = "EI-1""#
        );
        // A course taken again on its day says which time, last.
        full.repeat = Some(2);
        assert_eq!(
            written(Entry::Training(full.clone())),
            r#"[[training]] / date = 2026-12-01 / title = "Ethics" / provider = "Example Institute" / hours = 6.25 / topics = { ethics = 2, mentoring-education = 4.25 } / format = "in-person" / certificate = "EI-1" / repeat = 2"#
        );
        full.repeat = None;
        // One topic with some of the hours is a split.
        full.topics.truncate(1);
        assert!(written(Entry::Training(full)).contains("topics = { ethics = 2 }"));
        assert_eq!(
            written(course("training: 3h 2026-12-01", "Untagged")),
            r#"[[training]] / date = 2026-12-01 / title = "Untagged" / hours = 3"#
        );
        assert_eq!(
            written(entry("exam: icrc-pr 540 2027-01-10")),
            r#"[[exam]] / id = "icrc-pr" / date = 2027-01-10 / score = 540"#
        );
        assert_eq!(
            written(entry("exam: icrc-pr passed 2027-01-10")),
            r#"[[exam]] / id = "icrc-pr" / date = 2027-01-10 / passed = true"#
        );
        assert_eq!(
            written(entry(
                "experience: 120.5h 2026-09-01..2026-11-30 supervised"
            )),
            "[[experience]] / from = 2026-09-01 / to = 2026-11-30 / hours = 120.5 / supervised = true"
        );
        assert_eq!(
            written(entry("experience: 120h 2026-09-01..2026-11-30")),
            "[[experience]] / from = 2026-09-01 / to = 2026-11-30 / hours = 120"
        );
        assert_eq!(
            written(entry("supervision: 0.25h 2026-12-15")),
            "[[supervision]] / date = 2026-12-15 / hours = 0.25"
        );
        assert_eq!(
            written(entry("supervision: 2h advocacy 2026-12-15")),
            r#"[[supervision]] / date = 2026-12-15 / hours = 2 / topic = "advocacy""#
        );
        assert_eq!(
            written(entry("supervision: 3h advocacy=2,ethics=1 2026-12-15")),
            "[[supervision]] / date = 2026-12-15 / hours = 3 / topics = { advocacy = 2, ethics = 1 }"
        );
        assert_eq!(
            written(entry("attestation: code-of-ethics 2026-12-01")),
            r#"[[attestation]] / kind = "code-of-ethics" / date = 2026-12-01"#
        );
        let mut payment = match entry("payment: renewal $1,100.5 2026-12-01") {
            Entry::Payment(p) => p,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            written(Entry::Payment(payment.clone())),
            r#"[[payment]] / kind = "renewal" / amount = "1100.50" / date = 2026-12-01"#
        );
        payment.amount = Cents::new(100);
        payment.credential = Some(crate::id::CredentialId::new("pa/crs").unwrap());
        assert_eq!(
            written(Entry::Payment(payment)),
            r#"[[payment]] / kind = "renewal" / amount = "1.00" / date = 2026-12-01 / credential = "pa/crs""#
        );
        let credential = crate::record::HeldCredential {
            id: crate::id::CredentialId::new("pa/crs").unwrap(),
            number: None,
            issued: crate::quantity::parse_iso_date("2026-12-01").unwrap(),
            expires: crate::quantity::parse_iso_date("2028-12-01").unwrap(),
            provisional: false,
            place: Place::Added(1),
        };
        assert_eq!(
            written(Entry::Credential(credential.clone())),
            r#"[[credential]] / id = "pa/crs" / issued = 2026-12-01 / expires = 2028-12-01"#
        );
        assert_eq!(
            written(Entry::Credential(crate::record::HeldCredential {
                number: Some("CRS-1".to_owned()),
                provisional: true,
                ..credential
            })),
            r#"[[credential]] / id = "pa/crs" / number = "CRS-1" / issued = 2026-12-01 / expires = 2028-12-01 / provisional = true"#
        );
        assert_eq!(amount(Cents::new(-150)), "-1.50");
    }

    /// Text is a basic string on one line, whatever it holds.
    #[test]
    fn text_is_one_quoted_line() {
        let titled = |title: &str| append("", &course("training: 1h 2026-12-01", title)).unwrap();
        assert_eq!(
            titled("Peers' \"Voice\"\tC:\\ 101\nPart 2"),
            "[[training]]\ndate = 2026-12-01\ntitle = \"Peers' \\\"Voice\\\"\\tC:\\\\ 101\\nPart 2\"\nhours = 1\n"
        );
        let crlf = append("a = 1\r\n", &course("training: 1h 2026-12-01", "a\r\nb")).unwrap();
        assert_eq!(
            crlf,
            "a = 1\r\n\r\n[[training]]\r\ndate = 2026-12-01\r\ntitle = \"a\\r\\nb\"\r\nhours = 1\r\n"
        );
    }

    #[test]
    fn refusals() {
        let untitled = entry("training: 6h ethics 2026-12-01");
        assert_eq!(
            append(RECORD, &untitled).unwrap_err().to_string(),
            "expected a title for the course of 2026-12-01, found none"
        );
        assert_eq!(
            append(RECORD, &course("training: 6h ethics 2026-12-01", "  ")).unwrap_err(),
            EditError::Untitled {
                date: crate::quantity::parse_iso_date("2026-12-01").unwrap()
            }
        );
        let mut far = match entry("supervision: 2h 2026-12-15") {
            Entry::Supervision(s) => s,
            other => panic!("{other:?}"),
        };
        far.date = NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap();
        assert_eq!(
            append(RECORD, &Entry::Supervision(far))
                .unwrap_err()
                .to_string(),
            "expected a date between the years 0 and 9999, found +10000-01-01"
        );
        assert_eq!(
            append("a = 1\ntraining = \"none\"\n", &ethics())
                .unwrap_err()
                .to_string(),
            "expected `training` to be a list of `[[training]]` entries, found a value of type string at line 2"
        );
        assert_eq!(
            append("[worker]\n\n[training]\nhours = 1\n", &ethics())
                .unwrap_err()
                .to_string(),
            "expected `training` to be a list of `[[training]]` entries, found a value of type table at line 3"
        );
        assert_eq!(
            append("[worker]\nname = \"Ada\n", &ethics())
                .unwrap_err()
                .to_string(),
            "expected a record written in TOML, found an error at line 2, column 12: invalid basic string, expected `\"`"
        );
    }

    /// The last check refuses a result that is not the record plus the entry.
    #[test]
    fn a_result_that_changes_the_record_is_refused() {
        let new = Written::of(&ethics()).unwrap();
        let good = append(RECORD, &ethics()).unwrap();
        assert!(adds_exactly(RECORD, &good, &new));
        // A key of one entry moved to another.
        let moved = RECORD.replace("topic = \"ethics\"\n", "") + "topic = \"ethics\"\n";
        assert!(!adds_exactly(RECORD, &moved, &new));
        let without = good.replace("title = \"Ethics Refresher\"\n", "");
        assert!(!adds_exactly(RECORD, &without, &new));
        assert!(!adds_exactly(RECORD, &format!("{good}[other]\n"), &new));
        assert!(!adds_exactly(RECORD, "not toml", &new));
        assert!(!adds_exactly("training = 1", "training = 1", &new));
    }
}
