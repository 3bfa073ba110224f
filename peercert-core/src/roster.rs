//! Rosters: an agency's staff records as one spreadsheet, one row per record entry
//! (a credential held, a course, an exam, …) with the worker's id, as CSV (UTF-8,
//! UTF-16 or Windows-1252) or an Excel workbook (`.xlsx`).
//!
//! Each row is read from its cells into the entry it stands for (a date, hours, an
//! amount, each parsed from its cell's text) and checked by the checks every record
//! entry meets, so a roster meets the same rules as a record file; a problem is
//! reported with the roster's row and column (a workbook's cell). A roster file is
//! streamed ([`Roster::read`]): it is never held whole. The format is documented in
//! `docs/roster-format.md`.

mod source;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::check::{At, Checker};
use crate::diag::{Diagnostic, close_matches, did_you_mean};
use crate::library::Library;
use crate::quantity::{Cents, Hours};
use crate::record::draft::{
    AttestationDraft, CourseDraft, CredentialDraft, Draft, ExamDraft, ExamResultDraft,
    ExperienceDraft, PaymentDraft, Read, Seen, SupervisionDraft, TopicsDraft, TrainingDraft,
    WorkerDraft, score_expected,
};
use crate::record::{Place, Record};
use crate::sheet::{header_key, read_date};
use crate::text::printable;

/// The columns a roster may have; `worker_id` and `entry` are required.
pub const COLUMNS: [&str; 14] = [
    "worker_id",
    "name",
    "entry",
    "id",
    "title",
    "kind",
    "date",
    "from",
    "to",
    "hours",
    "topic",
    "format",
    "score",
    "amount",
];

/// The entry kinds a row may be.
pub const ENTRIES: [&str; 9] = [
    "worker",
    "pursuing",
    "credential",
    "training",
    "exam",
    "experience",
    "supervision",
    "payment",
    "attestation",
];

/// What is wrong with a roster's rows for one worker, or with the roster itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterProblem {
    /// The roster file.
    pub file: String,
    /// The sheet, for a workbook: its cells are named as a spreadsheet names them.
    pub sheet: Option<String>,
    /// The worker whose rows these are; `None` for the header or a row with no worker.
    pub worker: Option<String>,
    /// Each problem, with its row and column.
    pub items: Vec<CellProblem>,
}

/// One problem in a roster, at its row (and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellProblem {
    /// The row, from 1 (the header, in a CSV roster).
    pub row: usize,
    /// The column, when one is to blame.
    pub column: Option<Column>,
    /// What was found and what was expected, in one sentence.
    pub message: String,
    /// Advice, such as a close match.
    pub help: Option<String>,
}

/// A column of a roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Its position, from 1 (`A` in a sheet).
    pub position: usize,
    /// Its name, when a known column is to blame (one of [`COLUMNS`]).
    pub name: Option<&'static str>,
}

impl CellProblem {
    fn new(row: usize, column: Option<Column>, message: impl Into<String>) -> CellProblem {
        CellProblem {
            row,
            column,
            message: message.into(),
            help: None,
        }
    }
}

impl RosterProblem {
    /// The roster and the worker, as reports name the place: `roster.csv (worker W-1)`.
    pub fn place(&self) -> String {
        match &self.worker {
            Some(worker) => format!("{} (worker {worker})", self.file),
            None => self.file.clone(),
        }
    }
}

/// A sheet's name of a column: `A` for the first, `AA` after `Z`.
pub fn column_letters(position: usize) -> String {
    let mut letters = Vec::new();
    let mut n = position;
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(rest).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// `error: …` and, for each item, where: ``--> roster.csv:16, column `date` (worker
/// W-5104)`` or `roster.csv:1:5` for a column by position in a CSV roster, and
/// ``--> roster.xlsx, sheet `Staff`, cell `G16` (worker W-5104)`` in a workbook.
impl std::fmt::Display for RosterProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, item) in self.items.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(
                f,
                "error: {}\n  --> {}",
                crate::text::message(&item.message),
                printable(&self.file)
            )?;
            match (&self.sheet, &item.column) {
                (None, None) => write!(f, ":{}", item.row)?,
                (
                    None,
                    Some(Column {
                        name: Some(name), ..
                    }),
                ) => write!(f, ":{}, column `{}`", item.row, printable(name))?,
                (None, Some(Column { position, .. })) => write!(f, ":{}:{position}", item.row)?,
                (Some(sheet), None) => {
                    write!(f, ", sheet `{}`, row {}", printable(sheet), item.row)?;
                }
                (Some(sheet), Some(column)) => write!(
                    f,
                    ", sheet `{}`, cell `{}{}`",
                    printable(sheet),
                    column_letters(column.position),
                    item.row
                )?,
            }
            if let Some(worker) = &self.worker {
                write!(f, " (worker {})", printable(worker))?;
            }
            if let Some(help) = &item.help {
                write!(f, "\n  = help: {}", crate::text::message(help))?;
            }
        }
        Ok(())
    }
}

/// One worker read from a roster: the record, and where its rows are.
#[derive(Debug)]
pub struct RosterRecord {
    /// The worker's record.
    pub record: Record,
    /// `roster.csv (worker W-1)`, as shown in reports.
    pub place: String,
}

/// A roster file, opened: how it is to be read is known, its rows are not read yet.
#[derive(Debug)]
pub struct Roster {
    path: PathBuf,
    name: String,
    format: Format,
}

/// A roster that cannot be read at all: what was found and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenError {
    /// One sentence.
    pub message: String,
    /// Advice, when there is some.
    pub help: Option<String>,
}

impl OpenError {
    fn new(message: String) -> OpenError {
        OpenError {
            message,
            help: None,
        }
    }

    fn with_help(mut self, help: &str) -> OpenError {
        self.help = Some(help.to_owned());
        self
    }
}

/// `error: …`, and `  = help: …` when there is advice.
impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "error: {}", crate::text::message(&self.message))?;
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {}", crate::text::message(help))?;
        }
        Ok(())
    }
}

/// How a roster file is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    /// CSV text, in this encoding.
    Csv(Encoding),
    /// An Excel workbook (`.xlsx`): its first sheet, by name.
    Xlsx {
        /// The sheet read.
        sheet: String,
    },
}

/// The encoding a CSV roster is decoded from: the one its byte-order mark names,
/// else UTF-8 when the whole file is valid UTF-8, else Windows-1252.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (as Excel's "CSV UTF-8" writes it).
    Utf8Bom,
    /// UTF-16, little-endian, with a byte-order mark (Excel's "Unicode Text").
    Utf16Le,
    /// UTF-16, big-endian, with a byte-order mark.
    Utf16Be,
    /// Windows-1252: a file that is not UTF-8 and has no byte-order mark, as
    /// spreadsheets on Windows export CSV.
    Windows1252,
}

impl Roster {
    /// Opens a roster and finds how to read it: a workbook (a ZIP file, as `.xlsx`
    /// files are) is read from its first sheet; anything else is CSV, decoded as
    /// [`Encoding`] says, which needs one pass over the bytes when there is no
    /// byte-order mark. The rows are read by [`Roster::read`].
    pub fn open(path: &Path) -> Result<Roster, OpenError> {
        let name = path.display().to_string();
        let format = source::detect(path, &name)?;
        Ok(Roster {
            path: path.to_path_buf(),
            name,
            format,
        })
    }

    /// How the roster is read.
    pub fn format(&self) -> &Format {
        &self.format
    }

    /// What is worth telling the user about how the roster was read: that it was
    /// not UTF-8 and was read as Windows-1252.
    pub fn note(&self) -> Option<String> {
        (self.format == Format::Csv(Encoding::Windows1252)).then(|| {
            format!(
                "note: `{}` is not UTF-8, so it was read as Windows-1252, the encoding spreadsheets export on Windows",
                self.name
            )
        })
    }

    /// Reads the roster, streaming: each worker is given to `each` as soon as its
    /// last row is read (a record, or the worker's problems), then dropped; a bad
    /// row with no worker, or the header, is a problem of its own.
    ///
    /// The file is read at least twice: once to check the header and find each
    /// worker's last row, then to build the records. Memory holds one number per
    /// worker, and the rows of the workers whose last row is still to come — with
    /// each worker's rows together, one worker's. When those rows would pass 64 MiB
    /// (a large roster whose workers' rows are mixed), the workers whose first row
    /// came last are put off to another pass, so the rows held stay within 64 MiB,
    /// or one worker's rows when a worker alone has more.
    pub fn read(
        &self,
        library: &Library,
        each: &mut dyn FnMut(Result<RosterRecord, RosterProblem>),
    ) {
        let at = Origin {
            file: &self.name,
            sheet: match &self.format {
                Format::Xlsx { sheet } => Some(sheet.as_str()),
                Format::Csv(_) => None,
            },
        };
        match &self.format {
            Format::Csv(encoding) => {
                let rows = source::CsvFile {
                    path: &self.path,
                    name: &self.name,
                    encoding: *encoding,
                };
                read_rows(&rows, &at, library, WAITING_ROWS, each);
            }
            Format::Xlsx { sheet } => {
                let rows = source::XlsxFile {
                    path: &self.path,
                    sheet,
                };
                read_rows(&rows, &at, library, WAITING_ROWS, each);
            }
        }
    }
}

/// Reads a CSV roster's text: every worker whose rows are all good becomes a
/// record; a bad row makes its worker a problem (with the row, column and what was
/// expected), and the others are read on. A roster whose header is wrong is one
/// problem. [`Roster`] reads a file without holding its text.
pub fn read(name: &str, text: &str, library: &Library) -> Vec<Result<RosterRecord, RosterProblem>> {
    let mut out = Vec::new();
    let at = Origin {
        file: name,
        sheet: None,
    };
    read_rows(
        &source::CsvText(text),
        &at,
        library,
        WAITING_ROWS,
        &mut |r| out.push(r),
    );
    out
}

/// The roster a problem is in.
struct Origin<'a> {
    file: &'a str,
    sheet: Option<&'a str>,
}

impl Origin<'_> {
    fn problem(&self, worker: Option<&str>, items: Vec<CellProblem>) -> RosterProblem {
        RosterProblem {
            file: self.file.to_owned(),
            sheet: self.sheet.map(str::to_owned),
            worker: worker.map(str::to_owned),
            items,
        }
    }
}

/// The header: which known column each position is.
struct Header {
    row: usize,
    columns: Vec<&'static str>,
}

impl Header {
    /// Reads the header row: every name one of [`COLUMNS`] (matched as
    /// [`header_key`] says), none twice, `worker_id` and `entry` among them.
    fn read(row: usize, cells: &source::Cells<'_>) -> Result<Header, CellProblem> {
        let known: Vec<(String, &'static str)> =
            COLUMNS.iter().map(|c| (header_key(c), *c)).collect();
        let mut columns: Vec<&'static str> = Vec::new();
        for (i, title) in cells.iter().enumerate() {
            let at = Some(Column {
                position: i + 1,
                name: None,
            });
            let key = header_key(title);
            let Some((_, column)) = known.iter().find(|(k, _)| *k == key) else {
                let mut problem = CellProblem::new(
                    row,
                    at,
                    if title.is_empty() {
                        format!(
                            "a column with no name, expected some of {}",
                            COLUMNS.map(|c| format!("`{c}`")).join(", ")
                        )
                    } else {
                        format!(
                            "unknown column `{title}`, expected some of {}",
                            COLUMNS.map(|c| format!("`{c}`")).join(", ")
                        )
                    },
                );
                problem.help = did_you_mean(&close_matches(title, COLUMNS.iter().copied()));
                return Err(problem);
            };
            if let Some(first) = columns.iter().position(|c| c == column) {
                return Err(CellProblem::new(
                    row,
                    at,
                    format!(
                        "duplicate column `{title}`: column {} is `{}` already, expected each column once",
                        first + 1,
                        cells.get(first)
                    ),
                ));
            }
            columns.push(column);
        }
        for required in ["worker_id", "entry"] {
            if !columns.contains(&required) {
                return Err(CellProblem::new(
                    row,
                    None,
                    format!("missing the `{required}` column"),
                ));
            }
        }
        Ok(Header { row, columns })
    }

    /// Where a known column is, from 1.
    fn column(&self, name: &'static str) -> Column {
        Column {
            position: self
                .columns
                .iter()
                .position(|c| *c == name)
                .map_or(0, |i| i + 1),
            name: Some(name),
        }
    }

    /// A row's worker id, when the row has one cell for each column of the header
    /// (a sheet leaves out empty cells at its end) and names its worker.
    fn worker<'c>(
        &self,
        row: usize,
        cells: &'c source::Cells<'_>,
        short_rows: bool,
    ) -> Result<&'c str, CellProblem> {
        let width = self.columns.len();
        let found = cells.len();
        if found > width || (found < width && !short_rows) {
            return Err(CellProblem::new(
                row,
                Some(Column {
                    position: width.min(found) + 1,
                    name: None,
                }),
                format!("expected {width} cells, one for each column of the header, found {found}"),
            ));
        }
        let id = self
            .columns
            .iter()
            .position(|c| *c == "worker_id")
            .map_or("", |i| cells.get(i));
        if id.is_empty() {
            return Err(CellProblem::new(
                row,
                Some(self.column("worker_id")),
                "missing `worker_id`: every row names its worker",
            ));
        }
        Ok(id)
    }

    /// A row's non-empty cells, kept small: a worker's rows wait in memory until its
    /// last row is read. The worker's id is not kept (the rows are kept by it).
    fn row(&self, number: usize, cells: &source::Cells<'_>) -> Row {
        let mut text = String::new();
        let mut ends = Vec::new();
        for (i, column) in self.columns.iter().enumerate() {
            let value = cells.get(i);
            if value.is_empty() || *column == "worker_id" {
                continue;
            }
            text.push_str(value);
            let index = COLUMNS.iter().position(|c| c == column).unwrap_or(0);
            ends.push((
                u8::try_from(index).unwrap_or(u8::MAX),
                u32::try_from(text.len()).unwrap_or(u32::MAX),
            ));
        }
        Row {
            number,
            text: text.into_boxed_str(),
            cells: ends.into_boxed_slice(),
        }
    }
}

/// How many bytes of rows may wait for their workers' last rows before workers are
/// put off to another pass over the roster (see [`Roster::read`]).
const WAITING_ROWS: usize = 64 << 20;

/// One row of a worker, as it waits for the worker's last row.
struct Row {
    number: usize,
    /// The text of the row's non-empty cells, one after another.
    text: Box<str>,
    /// Each non-empty cell: its column (its index in [`COLUMNS`]) and where its text
    /// ends in `text`.
    cells: Box<[(u8, u32)]>,
}

impl Row {
    /// The bytes the row holds while it waits: its text and cells, each in an
    /// allocation of its own (counted with the allocator's 16 bytes), and its place
    /// in a list that may have as much room again.
    fn size(&self) -> usize {
        2 * std::mem::size_of::<Row>()
            + self.text.len()
            + std::mem::size_of_val::<[(u8, u32)]>(&self.cells)
            + 2 * 16
    }

    /// A cell's text, empty when the row leaves it empty.
    fn get(&self, column: &str) -> &str {
        let Some(wanted) = COLUMNS.iter().position(|c| *c == column) else {
            return "";
        };
        let mut start = 0;
        for &(index, end) in &self.cells {
            let end = end as usize;
            if usize::from(index) == wanted {
                return self.text.get(start..end).unwrap_or("");
            }
            start = end;
        }
        ""
    }
}

/// The two passes over a roster's rows (see [`Roster::read`]).
fn read_rows(
    rows: &dyn source::Rows,
    at: &Origin<'_>,
    library: &Library,
    budget: usize,
    each: &mut dyn FnMut(Result<RosterRecord, RosterProblem>),
) {
    // First pass: the header, and each worker's last row; a bad row is said now.
    let mut header: Option<Header> = None;
    let mut last: HashMap<String, usize> = HashMap::new();
    let mut bad_header = false;
    let first = rows.each(&mut |number, cells| {
        match &header {
            None => match Header::read(number, cells) {
                Ok(h) => header = Some(h),
                Err(problem) => {
                    each(Err(at.problem(None, vec![problem])));
                    bad_header = true;
                    return false;
                }
            },
            Some(h) => match h.worker(number, cells, rows.short_rows()) {
                Ok(id) => match last.get_mut(id) {
                    Some(n) => *n = number,
                    None => {
                        last.insert(id.to_owned(), number);
                    }
                },
                Err(problem) => each(Err(at.problem(None, vec![problem]))),
            },
        }
        true
    });
    if let Err(problem) = first {
        each(Err(at.problem(None, vec![problem])));
        return;
    }
    if bad_header {
        return;
    }
    let Some(header) = header else {
        each(Err(at.problem(
            None,
            vec![CellProblem::new(
                1,
                None,
                "the roster is empty: expected a header row naming its columns",
            )],
        )));
        return;
    };
    // Then the records: a worker's rows are kept until its last row, then made a
    // record. Where the rows kept would pass the budget, the workers opened last are
    // put off to another pass over the file, so memory stays within the budget (or
    // one worker's rows, if a worker alone is larger).
    let mut put_off = true;
    while put_off {
        put_off = false;
        let mut later: HashSet<String> = HashSet::new();
        // The workers whose rows wait, with the bytes they hold, and the order they
        // were opened in (with workers read since, passed over when met).
        let mut open: HashMap<String, (Vec<Row>, usize)> = HashMap::new();
        let mut opened: Vec<String> = Vec::new();
        let mut held = 0;
        let pass = rows.each(&mut |number, cells| {
            if number <= header.row {
                return true;
            }
            let Ok(id) = header.worker(number, cells, rows.short_rows()) else {
                return true;
            };
            if !last.contains_key(id) || later.contains(id) {
                return true;
            }
            let row = header.row(number, cells);
            if last.get(id) == Some(&number) {
                let mut kept = match open.remove(id) {
                    Some((kept, bytes)) => {
                        held -= bytes;
                        kept
                    }
                    None => Vec::new(),
                };
                kept.push(row);
                last.remove(id);
                each(worker(at, &header, id, &kept, library));
                return true;
            }
            let size = row.size();
            held += size;
            match open.get_mut(id) {
                Some((kept, bytes)) => {
                    kept.push(row);
                    *bytes += size;
                }
                None => {
                    opened.push(id.to_owned());
                    open.insert(id.to_owned(), (vec![row], size));
                }
            }
            while held > budget && open.len() > 1 {
                let Some(newest) = opened.pop() else {
                    break;
                };
                if let Some((_, bytes)) = open.remove(&newest) {
                    held -= bytes;
                    later.insert(newest);
                    put_off = true;
                }
            }
            true
        });
        if let Err(problem) = pass {
            each(Err(at.problem(None, vec![problem])));
            return;
        }
        // Workers whose last row did not come again (the file changed between the
        // passes) are read from the rows that did.
        for id in opened {
            if let Some((kept, _)) = open.remove(&id) {
                last.remove(&id);
                each(worker(at, &header, &id, &kept, library));
            }
        }
    }
}

/// Where a roster's value was written: its row, and its column when one is to blame.
#[derive(Debug, Clone)]
struct Cell {
    row: usize,
    column: Option<&'static str>,
}

fn cell(row: usize, column: &'static str) -> Cell {
    Cell {
        row,
        column: Some(column),
    }
}

/// One worker's rows as a record: each row read from its cells into the entry it
/// stands for, and checked as a record file's entries are.
fn worker(
    at: &Origin<'_>,
    header: &Header,
    id: &str,
    rows: &[Row],
    library: &Library,
) -> Result<RosterRecord, RosterProblem> {
    let place = format!("{} (worker {id})", at.file);
    let first = rows.first().map_or(1, |r| r.number);
    let mut check = Checker::new(library.topics());
    let named = rows.iter().find(|r| !r.get("name").is_empty());
    if let Some(named) = named {
        let name = named.get("name");
        for other in rows
            .iter()
            .filter(|r| !matches!(r.get("name"), "") && r.get("name") != name)
        {
            check.error(
                format!(
                    "a second name for worker `{id}`: found `{}`, expected `{name}` as at row {}",
                    other.get("name"),
                    named.number
                ),
                cell(other.number, "name"),
            );
        }
    }
    let worker = WorkerDraft {
        id: At::new(id.to_owned(), cell(first, "worker_id")),
        name: At::new(
            named.map_or("", |r| r.get("name")).to_owned(),
            cell(named.map_or(first, |r| r.number), "name"),
        ),
        birth_date: None,
        pursuing: rows
            .iter()
            .filter(|r| r.get("entry") == "pursuing")
            .map(|r| At::new(r.get("id").to_owned(), cell(r.number, "id")))
            .collect(),
    }
    .check(&mut check, library);
    let mut seen = Seen::default();
    let mut entries = Vec::new();
    let mut ok = true;
    for row in rows
        .iter()
        .filter(|r| !matches!(r.get("entry"), "worker" | "pursuing"))
    {
        let entry = Cells {
            row,
            check: &mut check,
        }
        .draft()
        .and_then(|draft| draft.check(&mut check, library, Place::Row(row.number)));
        match entry {
            Some(entry) => {
                let whole_row = Cell {
                    row: row.number,
                    column: None,
                };
                if seen.admit(&entry, || whole_row, &mut check) {
                    entries.push(entry);
                }
            }
            None => ok = false,
        }
    }
    let mut problems = check.problems;
    problems.sort_by_key(|d| d.span.as_ref().map_or(first, |c| c.row));
    match worker {
        Some(worker) if ok && problems.is_empty() => Ok(RosterRecord {
            record: Record::new(worker, entries),
            place,
        }),
        _ => Err(at.problem(
            Some(id),
            problems
                .into_iter()
                .map(|d| {
                    let spot = d.span.unwrap_or(Cell {
                        row: first,
                        column: None,
                    });
                    CellProblem {
                        row: spot.row,
                        column: spot.column.map(|name| header.column(name)),
                        message: d.message,
                        help: d.help,
                    }
                })
                .collect(),
        )),
    }
}

/// The cells of one row, read into typed values; a cell that cannot be read is a
/// problem at its row and column.
struct Cells<'r, 'c, 'a> {
    row: &'r Row,
    check: &'c mut Checker<'a, Cell>,
}

impl Cells<'_, '_, '_> {
    /// A cell's text, when it is not empty.
    fn optional(&self, column: &'static str) -> Option<At<String, Cell>> {
        let value = self.row.get(column);
        (!value.is_empty()).then(|| At::new(value.to_owned(), cell(self.row.number, column)))
    }

    /// A cell's text, which the row's entry needs.
    fn need(&mut self, column: &'static str) -> Option<At<String, Cell>> {
        let value = self.optional(column);
        if value.is_none() {
            self.check.error(
                format!("a `{}` row needs `{column}`", self.row.get("entry")),
                cell(self.row.number, column),
            );
        }
        value
    }

    /// A needed cell, read by `read`.
    fn read<T>(
        &mut self,
        column: &'static str,
        read: impl FnOnce(&str) -> Result<T, String>,
    ) -> Read<T, Cell> {
        let text = self.need(column)?;
        let value = self.check.lift(read(&text.value), text.at.clone())?;
        Some(At::new(value, text.at))
    }

    fn date(&mut self, column: &'static str) -> Read<NaiveDate, Cell> {
        self.read(column, read_date)
    }

    fn hours(&mut self) -> Read<Hours, Cell> {
        self.read("hours", Hours::parse)
    }

    /// The entry the row stands for, or `None` when a cell it needs cannot be read.
    fn draft(mut self) -> Option<Draft<Cell>> {
        let entry = self.row.get("entry");
        Some(match entry {
            "credential" => {
                let id = self.need("id");
                let (issued, expires) = (self.date("from"), self.date("to"));
                Draft::Credential(CredentialDraft {
                    id: id?,
                    number: None,
                    issued,
                    expires,
                    provisional: false,
                })
            }
            "training" => {
                let (date, title, hours) = (self.date("date"), self.need("title"), self.hours());
                Draft::Training(TrainingDraft {
                    date,
                    title: Some(title?),
                    provider: None,
                    course: CourseDraft {
                        hours,
                        topics: self
                            .optional("topic")
                            .map_or(TopicsDraft::Untagged, TopicsDraft::One),
                        format: self.optional("format"),
                    },
                    certificate: None,
                    repeat: None,
                })
            }
            "exam" => {
                let (id, date) = (self.need("id"), self.date("date"));
                let result = self.read("score", |text| match text {
                    "passed" => Ok(ExamResultDraft::Passed(true)),
                    "failed" => Ok(ExamResultDraft::Passed(false)),
                    score => score
                        .parse()
                        .map(ExamResultDraft::Score)
                        .map_err(|_| score_expected(&format!("`{score}`"))),
                });
                Draft::Exam(ExamDraft {
                    id: id?,
                    date,
                    result,
                })
            }
            "experience" => Draft::Experience(ExperienceDraft {
                from: self.date("from"),
                to: self.date("to"),
                hours: self.hours(),
                supervised: self.row.get("kind") == "supervised",
            }),
            "supervision" => Draft::Supervision(SupervisionDraft {
                date: self.date("date"),
                hours: self.hours(),
                topics: self
                    .optional("topic")
                    .map_or(TopicsDraft::Untagged, TopicsDraft::One),
            }),
            "payment" => {
                let kind = self.need("kind");
                let amount = self.read("amount", Cents::parse);
                Draft::Payment(PaymentDraft {
                    kind: kind?,
                    amount,
                    date: self.date("date"),
                    credential: self.optional("id"),
                })
            }
            "attestation" => {
                let (kind, date) = (self.need("kind"), self.date("date"));
                Draft::Attestation(AttestationDraft { kind: kind?, date })
            }
            other => {
                self.check.push(
                    Diagnostic::error(
                        format!(
                            "unknown entry `{other}`, expected one of {}",
                            ENTRIES.map(|e| format!("`{e}`")).join(", ")
                        ),
                        Some(cell(self.row.number, "entry")),
                    )
                    .with_help_opt(did_you_mean(&close_matches(other, ENTRIES.iter().copied()))),
                );
                return None;
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<RosterProblem> {
        let library = Library::embedded().unwrap();
        read("r.csv", text, &library)
            .into_iter()
            .filter_map(Result::err)
            .collect()
    }

    /// A problem is data: its row, its column and its words, rendered only when shown.
    #[test]
    fn a_bad_cell_is_a_problem_at_its_row_and_column() {
        let found = problems(
            "worker_id,name,entry,date,title,hours\nW-1,Ada,training,2026-13-02,Ethics,6\n",
        );
        assert_eq!(
            found,
            [RosterProblem {
                file: "r.csv".to_owned(),
                sheet: None,
                worker: Some("W-1".to_owned()),
                items: vec![CellProblem {
                    row: 2,
                    column: Some(Column {
                        position: 4,
                        name: Some("date")
                    }),
                    message: "expected a date such as 2026-11-23 or 11/23/2026, found `2026-13-02`"
                        .to_owned(),
                    help: None,
                }],
            }]
        );
        assert_eq!(
            found[0].to_string(),
            "error: expected a date such as 2026-11-23 or 11/23/2026, found `2026-13-02`\n  --> r.csv:2, column `date` (worker W-1)"
        );
    }

    fn item(row: usize, column: Option<(usize, &'static str)>, message: &str) -> CellProblem {
        CellProblem {
            row,
            column: column.map(|(position, name)| Column {
                position,
                name: Some(name),
            }),
            message: message.to_owned(),
            help: None,
        }
    }

    /// Hours and amounts are read from the cell's own text: `5.` and `.5` are not
    /// numbers, and `1,00` is not a thousands group (it may mean one dollar).
    #[test]
    fn numbers_are_read_from_their_cells() {
        let found = problems(
            "worker_id,name,entry,date,title,hours,kind,amount\n\
             W-1,Ada,training,2026-01-02,Ethics,5.,,\n\
             W-1,,supervision,2026-01-02,,.5,,\n\
             W-1,,payment,2026-01-02,,,renewal,\"1,00\"\n\
             W-1,,payment,2026-01-03,,,renewal,\"1,000.00\"\n",
        );
        assert_eq!(
            found[0].items,
            [
                item(
                    2,
                    Some((6, "hours")),
                    "expected a number of hours, found `5.`"
                ),
                item(
                    3,
                    Some((6, "hours")),
                    "expected a number of hours, found `.5`"
                ),
                item(
                    4,
                    Some((8, "amount")),
                    "expected an amount in dollars such as \"150.00\" or \"1,500.00\" (a comma only between groups of three digits, cents after a point), found `1,00`"
                ),
            ]
        );
    }

    /// The checks of a record file's entries, each at the cell it blames; a duplicate
    /// row at its row; every problem of a worker together, in row order.
    #[test]
    fn a_row_meets_the_checks_of_a_record_entry() {
        let found = problems(
            "worker_id,name,entry,id,date,from,to,title,hours,topic\n\
             W-1,,training,,2026-01-02,,,Ethics,6,ethcs\n\
             W-1,,credential,pa/crs,,2026-01-01,2025-01-01,,,\n\
             W-1,,training,,2026-01-02,,,Advocacy,0,\n\
             W-1,,training,,2026-01-05,,,Advocacy,4,advocacy\n\
             W-1,,training,,2026-01-05,,,Advocacy,4,advocacy\n",
        );
        assert_eq!(
            found[0].items,
            [
                item(
                    2,
                    Some((2, "name")),
                    "expected the worker's name, found an empty string"
                ),
                CellProblem {
                    help: Some("did you mean `ethics`?".to_owned()),
                    ..item(2, Some((10, "topic")), "unknown topic `ethcs`")
                },
                item(
                    3,
                    Some((7, "to")),
                    "expected `expires` after `issued` (2026-01-01), found 2025-01-01"
                ),
                item(
                    4,
                    Some((9, "hours")),
                    "expected hours for one course greater than zero, found 0"
                ),
                item(
                    6,
                    None,
                    "duplicate training entry: the same as the one at row 5"
                ),
            ]
        );
        assert_eq!(
            found[0].to_string().lines().last(),
            Some("  --> r.csv:6 (worker W-1)")
        );
    }

    /// Every entry of a roster carries its row.
    #[test]
    fn entries_carry_their_rows() {
        let library = Library::embedded().unwrap();
        let read = read(
            "r.csv",
            "worker_id,name,entry,id,date,from,to,title,hours\n\
             W-1,Ada,credential,pa/crs,,2025-01-01,2027-01-01,,\n\
             W-1,,training,,2026-01-02,,,Ethics,6\n",
            &library,
        );
        let [Ok(worker)] = read.as_slice() else {
            panic!("{read:?}");
        };
        assert_eq!(worker.record.credentials[0].place, Place::Row(2));
        assert_eq!(worker.record.trainings[0].place, Place::Row(3));
    }

    #[test]
    fn an_unknown_column_is_named_by_its_position_with_a_close_match() {
        let found = problems("worker_id,entry,dat\n");
        assert_eq!(
            found[0].items[0].column,
            Some(Column {
                position: 3,
                name: None
            }),
            "{found:?}"
        );
        assert_eq!(
            found[0].items[0].help.as_deref(),
            Some("did you mean `date`?")
        );
        assert_eq!(found[0].worker, None);
    }

    fn shown(text: &str) -> Vec<String> {
        problems(text).iter().map(ToString::to_string).collect()
    }

    /// Header names match ignoring case, spaces, `_` and `-`.
    #[test]
    fn header_names_match_ignoring_case_and_spaces() {
        let library = Library::embedded().unwrap();
        let read = read(
            "r.csv",
            " Worker ID ,NAME,Entry,Id,From,TO\nW-1,Ada,credential,pa/crs,2025-01-01,2027-01-01\n",
            &library,
        );
        let [Ok(worker)] = read.as_slice() else {
            panic!("{read:?}");
        };
        assert_eq!(worker.record.worker.name, "Ada");
        assert_eq!(worker.record.credentials.len(), 1);
    }

    /// Dates as ISO or US `M/D/YYYY`, month first.
    #[test]
    fn dates_may_be_us_month_first() {
        let library = Library::embedded().unwrap();
        let read = read(
            "r.csv",
            "worker_id,name,entry,id,date,from,to,title,hours\n\
             W-1,Ada,credential,pa/crs,,1/20/2025,01/20/2027,,\n\
             W-1,,training,,3/4/2026,,,Ethics,6\n",
            &library,
        );
        let [Ok(worker)] = read.as_slice() else {
            panic!("{read:?}");
        };
        let credential = &worker.record.credentials[0];
        assert_eq!(
            (
                credential.issued.to_string(),
                credential.expires.to_string()
            ),
            ("2025-01-20".to_owned(), "2027-01-20".to_owned())
        );
        assert_eq!(worker.record.trainings[0].date.to_string(), "2026-03-04");
        assert_eq!(
            shown("worker_id,name,entry,date,title,hours\nW-1,Ada,training,13/1/2026,E,6\n"),
            [
                "error: expected a date such as 2026-11-23 or 11/23/2026, found `13/1/2026`\n  --> r.csv:2, column `date` (worker W-1)"
            ]
        );
    }

    /// A column named twice (under any spelling) is refused at the second.
    #[test]
    fn a_duplicated_column_is_an_error_at_its_place() {
        assert_eq!(
            shown("worker_id,entry,Date,date\n"),
            [
                "error: duplicate column `date`: column 3 is `Date` already, expected each column once\n  --> r.csv:1:4"
            ]
        );
    }

    /// A row with more or fewer cells than the header is refused at the first cell
    /// too many or missing; the other rows are read on.
    #[test]
    fn a_row_with_the_wrong_number_of_cells_is_an_error() {
        let found =
            shown("worker_id,name,entry\nW-1,Ada,worker,extra\nW-2,Bo\nW-3,Cy,worker\n,,worker\n");
        assert_eq!(
            found,
            [
                "error: expected 3 cells, one for each column of the header, found 4\n  --> r.csv:2:4",
                "error: expected 3 cells, one for each column of the header, found 2\n  --> r.csv:3:3",
                "error: missing `worker_id`: every row names its worker\n  --> r.csv:5, column `worker_id`",
            ]
        );
    }

    /// Two names for one worker: the row giving the second is to blame.
    #[test]
    fn two_names_for_one_worker_is_an_error() {
        assert_eq!(
            shown("worker_id,name,entry\nW-1,Ada,worker\nW-1,,worker\nW-1,Ada King,worker\n"),
            [
                "error: a second name for worker `W-1`: found `Ada King`, expected `Ada` as at row 2\n  --> r.csv:4, column `name` (worker W-1)"
            ]
        );
    }

    /// A worker is made a record when its last row is read, whatever rows of other
    /// workers come between its rows.
    #[test]
    fn a_worker_is_read_at_its_last_row() {
        let library = Library::embedded().unwrap();
        let read = read(
            "r.csv",
            "worker_id,name,entry,id,from,to\n\
             W-1,Ada,worker,,,\n\
             W-2,Bo,credential,pa/crs,2025-01-01,2027-01-01\n\
             W-1,,credential,pa/crs,2025-02-01,2027-02-01\n\
             W-3,Cy,credential,pa/crs,2025-03-01,2027-03-01\n",
            &library,
        );
        let ids: Vec<&str> = read
            .iter()
            .map(|r| r.as_ref().unwrap().record.worker.id.as_str())
            .collect();
        assert_eq!(ids, ["W-2", "W-1", "W-3"]);
        let ada = read[1].as_ref().unwrap();
        assert_eq!(ada.record.worker.name, "Ada");
        assert_eq!(ada.record.credentials[0].place, Place::Row(4));
    }

    /// CSV text that counts the passes made over it.
    struct Counted<'t> {
        text: source::CsvText<'t>,
        passes: std::cell::Cell<usize>,
    }

    impl source::Rows for Counted<'_> {
        fn short_rows(&self) -> bool {
            false
        }

        fn each(
            &self,
            row: &mut dyn FnMut(usize, &source::Cells<'_>) -> bool,
        ) -> Result<(), CellProblem> {
            self.passes.set(self.passes.get() + 1);
            self.text.each(row)
        }
    }

    /// Reads `text` with `budget` bytes for waiting rows: the records by worker id,
    /// and the passes made.
    fn read_within(text: &str, budget: usize) -> (Vec<(String, Record)>, usize) {
        let library = Library::embedded().unwrap();
        let rows = Counted {
            text: source::CsvText(text),
            passes: std::cell::Cell::new(0),
        };
        let at = Origin {
            file: "r.csv",
            sheet: None,
        };
        let mut records = Vec::new();
        read_rows(&rows, &at, &library, budget, &mut |r| {
            let r = r.unwrap();
            records.push((r.record.worker.id.to_string(), r.record));
        });
        records.sort_by(|a, b| a.0.cmp(&b.0));
        (records, rows.passes.get())
    }

    /// When the rows waiting for their workers' last rows would pass the budget, the
    /// workers opened last wait for another pass, and every worker is read as it
    /// would be with room for all.
    #[test]
    fn workers_that_do_not_fit_wait_for_another_pass() {
        let mut text = String::from("worker_id,name,entry,id,title,from,to,date,hours,topic\n");
        for worker in 1..=4 {
            text += &format!(
                "W-{worker},Worker {worker},credential,pa/crs,,2025-02-01,2027-02-01,,,\n"
            );
        }
        for course in 1..=5 {
            for worker in 1..=4 {
                text += &format!(
                    "W-{worker},,training,,Course {course},,,2025-0{course}-10,{course},ethics\n"
                );
            }
        }
        let (all, passes) = read_within(&text, usize::MAX);
        assert_eq!(passes, 2);
        assert_eq!(all.len(), 4);
        assert_eq!(all[3].1.trainings.len(), 5);
        // Room for two workers' waiting rows (five each, of some 110 bytes of text,
        // cells and allocations besides the row itself): two workers a pass.
        let (within, passes) = read_within(&text, 10 * (2 * std::mem::size_of::<Row>() + 110));
        assert_eq!(within, all);
        assert_eq!(passes, 3);
        // Less room than one row: one worker per pass, and still every worker.
        let (within, passes) = read_within(&text, 1);
        assert_eq!(within, all);
        assert_eq!(passes, 5);
    }

    #[test]
    fn a_sheet_names_its_columns_by_letters() {
        let letters: Vec<String> = [1, 2, 26, 27, 28, 52, 53, 702, 703]
            .into_iter()
            .map(column_letters)
            .collect();
        assert_eq!(
            letters,
            ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]
        );
    }

    /// A workbook's problem names its sheet and cell.
    #[test]
    fn a_sheet_problem_names_its_cell() {
        let problem = RosterProblem {
            file: "r.xlsx".to_owned(),
            sheet: Some("Staff".to_owned()),
            worker: Some("W-1".to_owned()),
            items: vec![
                item(7, Some((2, "date")), "bad"),
                CellProblem::new(8, None, "worse"),
            ],
        };
        assert_eq!(
            problem.to_string(),
            "error: bad\n  --> r.xlsx, sheet `Staff`, cell `B7` (worker W-1)\nerror: worse\n  --> r.xlsx, sheet `Staff`, row 8 (worker W-1)"
        );
    }
}
