//! CSV transcripts: one row per completed course, as a spreadsheet or a provider's
//! site exports them.
//!
//! The file's bytes are decoded first: UTF-8 (with or without a byte-order mark), or
//! UTF-16 with a byte-order mark; bytes that are not valid UTF-8 and have no byte-order
//! mark are Windows-1252, the encoding spreadsheets export on Windows, and a [`Note`]
//! says so. The header names the columns ([`COLUMNS`], matched ignoring case, spaces,
//! `_` and `-`); each row's cells are read into a course's typed values, each with its
//! row and column, and checked as a record file's `[[training]]` is.

use encoding_rs::{Encoding, WINDOWS_1252};

use super::{
    Added, File, Note, Origin, Problem, Refused, Spot, Unit, check_training, plain_name,
    read_hours, read_topics, whole_file,
};
use crate::check::{At, Checker};
use crate::diag::{close_matches, did_you_mean};
use crate::record::draft::{CourseDraft, TopicsDraft, TrainingDraft};
use crate::record::{Place, Vocabulary};
use crate::sheet::{header_key as key, read_date};

/// A transcript's column: what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The completion date (required).
    Date,
    /// The course title (required).
    Title,
    /// The hours (required).
    Hours,
    /// One topic, or a split of the hours by topic.
    Topic,
    /// How the course was delivered.
    Format,
    /// Who gave it.
    Provider,
    /// The certificate's number or id.
    Certificate,
}

/// Every column with the header names it is known by; the first is its own name.
/// Names are matched ignoring case, spaces, `_` and `-` (`Date Completed`,
/// `date_completed` and `DATECOMPLETED` are one name).
pub const COLUMNS: [(Column, &[&str]); 7] = [
    (
        Column::Date,
        &[
            "Date",
            "Date Completed",
            "Completion Date",
            "Completed",
            "Completed On",
        ],
    ),
    (
        Column::Title,
        &[
            "Title",
            "Course",
            "Course Title",
            "Course Name",
            "Training",
            "Training Title",
        ],
    ),
    (
        Column::Hours,
        &["Hours", "Contact Hours", "CE Hours", "Clock Hours"],
    ),
    (Column::Topic, &["Topic", "Topics"]),
    (Column::Format, &["Format", "Delivery", "Delivery Format"]),
    (
        Column::Provider,
        &["Provider", "Training Provider", "Sponsor"],
    ),
    (
        Column::Certificate,
        &[
            "Certificate",
            "Certificate Number",
            "Certificate No",
            "Certificate ID",
        ],
    ),
];

/// The columns every transcript has.
const REQUIRED: [Column; 3] = [Column::Date, Column::Title, Column::Hours];

/// Header names that look like hours and are not: a continuing education unit is
/// often ten contact hours.
const UNITS: [&str; 2] = ["ceu", "ceus"];

impl Column {
    /// The column's own name, as `docs/import-format.md` lists it.
    pub fn name(self) -> &'static str {
        COLUMNS
            .iter()
            .find(|(c, _)| *c == self)
            .and_then(|(_, names)| names.first())
            .copied()
            .unwrap_or("")
    }
}

/// What one transcript gave.
pub(super) struct Transcript {
    pub entries: Vec<Added>,
    pub refused: Vec<Refused>,
    pub note: Option<Note>,
}

/// The text of a transcript, and whether it was read as Windows-1252.
fn decode(file: &File<'_>) -> Result<(String, bool), String> {
    if let Some((encoding, bom)) = Encoding::for_bom(file.bytes) {
        let rest = file.bytes.get(bom..).unwrap_or_default();
        return encoding
            .decode_without_bom_handling_and_without_replacement(rest)
            .map(|text| (text.into_owned(), false))
            .ok_or_else(|| {
                format!(
                    "`{}` begins with the byte-order mark of {} but is not valid {} text",
                    file.name,
                    encoding.name(),
                    encoding.name()
                )
            });
    }
    if file.bytes.contains(&0) {
        return Err(format!(
            "`{}` is not a text file: expected a transcript exported as CSV, or a badge's JSON",
            file.name
        ));
    }
    match std::str::from_utf8(file.bytes) {
        Ok(text) => Ok((text.to_owned(), false)),
        Err(_) => {
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(file.bytes);
            Ok((text.into_owned(), true))
        }
    }
}

/// Reads a transcript: every good row is an entry, numbered from `first` on; every bad
/// row is refused with its problems, and the rest are read on. A file that cannot be
/// read, or whose header is wrong, is refused whole.
pub(super) fn read(file: &File<'_>, library: &dyn Vocabulary, first: usize) -> Transcript {
    let origin = |unit| Origin {
        file: file.name.to_owned(),
        unit,
    };
    let mut out = Transcript {
        entries: Vec::new(),
        refused: Vec::new(),
        note: None,
    };
    let text = match decode(file) {
        Ok((text, windows)) => {
            if windows {
                out.note = Some(Note::Windows1252 {
                    file: file.name.to_owned(),
                });
            }
            text
        }
        Err(message) => {
            out.refused.push(whole_file(
                origin(Unit::File),
                message,
                Some("in a spreadsheet, save the sheet as CSV".to_owned()),
            ));
            return out;
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut rows = reader.records();
    let header = match rows.next() {
        Some(Ok(header)) => header,
        Some(Err(e)) => {
            out.refused.push(whole_file(
                origin(Unit::File),
                format!("cannot read the header of `{}`: {e}", file.name),
                None,
            ));
            return out;
        }
        None => {
            out.refused.push(whole_file(
                origin(Unit::File),
                format!(
                    "`{}` is empty: expected a header row naming the columns",
                    file.name
                ),
                Some("such as `Date,Title,Hours,Topic`".to_owned()),
            ));
            return out;
        }
    };
    let names: Vec<String> = header.iter().map(str::to_owned).collect();
    let columns = match columns(&names) {
        Ok(columns) => columns,
        Err(problems) => {
            out.refused.push(Refused {
                from: origin(Unit::File),
                problems: problems
                    .into_iter()
                    .map(|(column, message, help)| Problem {
                        file: file.name.to_owned(),
                        spot: Spot::Row { row: 1, column },
                        message,
                        help,
                        code: None,
                    })
                    .collect(),
            });
            return out;
        }
    };
    for result in rows {
        let number = first + out.entries.len() + out.refused.len();
        let record = match result {
            Ok(record) => record,
            Err(e) => {
                let row = e
                    .position()
                    .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
                out.refused.push(Refused {
                    from: origin(Unit::Row(row)),
                    problems: vec![Problem {
                        file: file.name.to_owned(),
                        spot: Spot::Row { row, column: None },
                        message: format!("cannot read this row: {e}"),
                        help: None,
                        code: None,
                    }],
                });
                continue;
            }
        };
        if record.iter().all(str::is_empty) {
            continue;
        }
        let row = record
            .position()
            .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
        let cells = Cells {
            row,
            names: &names,
            columns: &columns,
            cells: record.iter().collect(),
        };
        match cells.entry(file.name, library, Place::Added(number)) {
            Ok(entry) => out.entries.push(Added {
                entry,
                from: origin(Unit::Row(row)),
            }),
            Err(problems) => out.refused.push(Refused {
                from: origin(Unit::Row(row)),
                problems,
            }),
        }
    }
    out
}

/// A problem of the header: the column's name as written (when one is to blame), the
/// message and the help.
type HeaderProblem = (Option<String>, String, Option<String>);

/// What each column of the header holds, or every problem of the header.
fn columns(names: &[String]) -> Result<Vec<Column>, Vec<HeaderProblem>> {
    let mut columns: Vec<Column> = Vec::new();
    let mut problems: Vec<HeaderProblem> = Vec::new();
    let known: Vec<(String, &str, Column)> = COLUMNS
        .iter()
        .flat_map(|(column, names)| names.iter().map(move |name| (key(name), *name, *column)))
        .collect();
    for (i, name) in names.iter().enumerate() {
        let wanted = key(name);
        if wanted.is_empty() {
            problems.push((
                None,
                format!("column {} has no name: every column needs one", i + 1),
                Some(listed()),
            ));
            continue;
        }
        match known.iter().find(|(k, _, _)| *k == wanted) {
            Some((_, _, column)) if columns.contains(column) => problems.push((
                Some(name.clone()),
                format!(
                    "a second column for the course's {}: `{name}`",
                    column.name().to_lowercase()
                ),
                Some("keep one of them".to_owned()),
            )),
            Some((_, _, column)) => columns.push(*column),
            None if UNITS.contains(&wanted.as_str()) => problems.push((
                Some(name.clone()),
                format!("the column `{name}` may count continuing education units, not hours"),
                Some(
                    "one CEU is often 10 contact hours: give the hours in a column named `Hours`"
                        .to_owned(),
                ),
            )),
            None => {
                let close = close_matches(&wanted, known.iter().map(|(k, _, _)| k.as_str()));
                let suggested: Vec<&str> = close
                    .iter()
                    .filter_map(|k| {
                        known
                            .iter()
                            .find(|(key, _, _)| key == k)
                            .map(|(_, n, _)| *n)
                    })
                    .collect();
                problems.push((
                    Some(name.clone()),
                    format!("unknown column `{name}`"),
                    did_you_mean(&suggested).or_else(|| Some(listed())),
                ));
            }
        }
    }
    // A column missing is said only of a header with no other problem: an unknown
    // name is most often the missing column misspelt.
    let clean = problems.is_empty();
    for required in REQUIRED {
        if clean && !columns.contains(&required) {
            problems.push((
                None,
                format!("missing the `{}` column", required.name()),
                Some(format!(
                    "a transcript has at least the columns `Date`, `Title` and `Hours`; `{}` may also be named {}",
                    required.name(),
                    aliases(required)
                )),
            ));
        }
    }
    if problems.is_empty() {
        Ok(columns)
    } else {
        Err(problems)
    }
}

/// `expected one of `Date`, `Title`, …` for the help of a header problem.
fn listed() -> String {
    let names: Vec<String> = COLUMNS
        .iter()
        .map(|(column, _)| format!("`{}`", column.name()))
        .collect();
    format!(
        "expected the columns {} (docs/import-format.md lists the other names each may have)",
        names.join(", ")
    )
}

/// A column's other names: `` `Date Completed`, `Completion Date` or `Completed On` ``.
fn aliases(column: Column) -> String {
    let names: Vec<String> = COLUMNS
        .iter()
        .filter(|(c, _)| *c == column)
        .flat_map(|(_, names)| names.iter().skip(1))
        .map(|n| format!("`{n}`"))
        .collect();
    match names.as_slice() {
        [] => "nothing else".to_owned(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The cells of one row, each by the column the header gave it.
struct Cells<'a> {
    row: usize,
    names: &'a [String],
    columns: &'a [Column],
    cells: Vec<&'a str>,
}

impl Cells<'_> {
    /// The spot of a column in this row, by the header's name for it.
    fn spot(&self, column: Column) -> Spot {
        let name = self
            .columns
            .iter()
            .position(|c| *c == column)
            .and_then(|i| self.names.get(i))
            .cloned();
        Spot::Row {
            row: self.row,
            column: name,
        }
    }

    /// A cell's text, when the column is there and the cell is not empty.
    fn get(&self, column: Column) -> Option<&str> {
        let i = self.columns.iter().position(|c| *c == column)?;
        self.cells.get(i).copied().filter(|text| !text.is_empty())
    }

    /// A cell the course needs, read by `read`.
    fn need<T>(
        &self,
        check: &mut Checker<'_, Spot>,
        column: Column,
        read: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<At<T, Spot>> {
        let spot = self.spot(column);
        let Some(text) = self.get(column) else {
            check.error(
                format!(
                    "missing the course's {}: every course needs it",
                    column.name().to_lowercase()
                ),
                spot,
            );
            return None;
        };
        let value = check.lift(read(text), spot.clone())?;
        Some(At::new(value, spot))
    }

    /// The row's course, checked as a record file's `[[training]]` is, or every problem
    /// at its cell.
    fn entry(
        &self,
        file: &str,
        library: &dyn Vocabulary,
        place: Place,
    ) -> Result<crate::record::Entry, Vec<Problem>> {
        let mut check = Checker::new(library.topics());
        if self.cells.len() > self.columns.len() {
            check.error(
                format!(
                    "this row has {} cells, more than the {} columns of the header",
                    self.cells.len(),
                    self.columns.len()
                ),
                Spot::Row {
                    row: self.row,
                    column: None,
                },
            );
        }
        let date = self.need(&mut check, Column::Date, read_date);
        let title = self.need(&mut check, Column::Title, |t| Ok(t.to_owned()));
        let hours = self.need(&mut check, Column::Hours, read_hours);
        let topics = match self.get(Column::Topic) {
            Some(text) => {
                let spot = self.spot(Column::Topic);
                read_topics(text, |_| spot.clone(), spot.clone(), &mut check)
            }
            None => TopicsDraft::Untagged,
        };
        let format = self
            .get(Column::Format)
            .map(|text| At::new(plain_name(text), self.spot(Column::Format)));
        let draft = TrainingDraft {
            date,
            title,
            provider: self.get(Column::Provider).map(str::to_owned),
            course: CourseDraft {
                hours,
                topics,
                format,
            },
            certificate: self.get(Column::Certificate).map(str::to_owned),
            repeat: None,
        };
        let problems = check.problems;
        let checked = check_training(draft, library, place, file);
        match checked {
            Ok(entry) if problems.is_empty() => Ok(entry),
            Ok(_) => Err(super::problems(file, problems)),
            Err(more) => {
                let mut all = super::problems(file, problems);
                all.extend(more);
                Err(all)
            }
        }
    }
}
