//! CSV rosters: an agency's staff records as one spreadsheet, one row per record
//! entry (a credential held, a course, an exam, …) with the worker's id.
//!
//! Each row is read from its cells into the entry it stands for (a date, hours, an
//! amount, each parsed from its cell's text) and checked by the checks every record
//! entry meets, so a roster meets the same rules as a record file; a problem is
//! reported with the roster's row and column. The columns are documented in
//! `docs/roster-format.md`.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::check::{At, Checker};
use crate::diag::{Diagnostic, close_matches, did_you_mean};
use crate::library::Library;
use crate::quantity::{Cents, Hours, parse_iso_date};
use crate::record::draft::{
    AttestationDraft, CourseDraft, CredentialDraft, Draft, ExamDraft, ExamResultDraft,
    ExperienceDraft, PaymentDraft, Read, Seen, SupervisionDraft, TopicsDraft, TrainingDraft,
    WorkerDraft, score_expected,
};
use crate::record::{Place, Record};

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

/// What is wrong with a roster's rows for one worker, or with its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterProblem {
    /// The roster file.
    pub file: String,
    /// The worker whose rows these are; `None` for the header or a row with no worker.
    pub worker: Option<String>,
    /// Each problem, with its row and column.
    pub items: Vec<CellProblem>,
}

/// One problem in a roster, at its row (and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellProblem {
    /// The row, from 1 (the header).
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
pub enum Column {
    /// A known column, by its name.
    Named(&'static str),
    /// A column by its position from 1 (one whose name is not known).
    Position(usize),
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

/// `error: …` and `  --> roster.csv:16, column `date` (worker W-5104)` for each item.
impl std::fmt::Display for RosterProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, item) in self.items.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(
                f,
                "error: {}\n  --> {}:{}",
                item.message, self.file, item.row
            )?;
            match &item.column {
                Some(Column::Named(name)) => write!(f, ", column `{name}`")?,
                Some(Column::Position(n)) => write!(f, ":{n}")?,
                None => {}
            }
            if let Some(worker) = &self.worker {
                write!(f, " (worker {worker})")?;
            }
            if let Some(help) = &item.help {
                write!(f, "\n  = help: {help}")?;
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

struct Row {
    number: usize,
    cells: BTreeMap<&'static str, String>,
}

impl Row {
    fn get(&self, column: &str) -> &str {
        self.cells.get(column).map_or("", String::as_str)
    }
}

/// Reads a roster's text: every worker whose rows are all good becomes a record; a
/// bad row makes its worker a problem (with the row, column and what was expected),
/// and the others are read on. A roster whose header is wrong is one problem.
pub fn read(name: &str, text: &str, library: &Library) -> Vec<Result<RosterRecord, RosterProblem>> {
    let problem =
        |row: usize, column: Option<Column>, message: String, help: Option<String>| RosterProblem {
            file: name.to_owned(),
            worker: None,
            items: vec![CellProblem {
                row,
                column,
                message,
                help,
            }],
        };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_owned).collect(),
        Err(e) => {
            return vec![Err(problem(
                1,
                None,
                format!("cannot read the header: {e}"),
                None,
            ))];
        }
    };
    let mut columns: Vec<&'static str> = Vec::new();
    for (i, title) in header.iter().enumerate() {
        match COLUMNS.iter().find(|c| **c == title.as_str()) {
            Some(c) => columns.push(c),
            None => {
                return vec![Err(problem(
                    1,
                    Some(Column::Position(i + 1)),
                    format!(
                        "unknown column `{title}`, expected some of {}",
                        COLUMNS.map(|c| format!("`{c}`")).join(", ")
                    ),
                    did_you_mean(&close_matches(title, COLUMNS.iter().copied())),
                ))];
            }
        }
    }
    for required in ["worker_id", "entry"] {
        if !columns.contains(&required) {
            return vec![Err(problem(
                1,
                None,
                format!("missing the `{required}` column"),
                None,
            ))];
        }
    }
    // Rows grouped by worker, in the order workers first appear.
    let mut order: Vec<String> = Vec::new();
    let mut workers: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    let mut out = Vec::new();
    for (i, result) in reader.records().enumerate() {
        let number = i + 2;
        let record = match result {
            Ok(r) => r,
            Err(e) => {
                out.push(Err(problem(
                    number,
                    None,
                    format!("cannot read this row: {e}"),
                    None,
                )));
                continue;
            }
        };
        let cells: BTreeMap<&'static str, String> = columns
            .iter()
            .zip(record.iter())
            .filter(|(_, v)| !v.is_empty())
            .map(|(c, v)| (*c, v.to_owned()))
            .collect();
        let row = Row { number, cells };
        let id = row.get("worker_id").to_owned();
        if id.is_empty() {
            out.push(Err(problem(
                number,
                Some(Column::Named("worker_id")),
                "missing `worker_id`: every row names its worker".to_owned(),
                None,
            )));
            continue;
        }
        if !workers.contains_key(&id) {
            order.push(id.clone());
        }
        workers.entry(id).or_default().push(row);
    }
    for id in order {
        let Some(rows) = workers.remove(&id) else {
            continue;
        };
        out.push(worker(name, &id, &rows, library));
    }
    out
}

/// Where a roster's value was written: its row, and its column when one is to blame.
#[derive(Debug, Clone)]
struct Cell {
    row: usize,
    column: Option<Column>,
}

fn cell(row: usize, column: &'static str) -> Cell {
    Cell {
        row,
        column: Some(Column::Named(column)),
    }
}

/// One worker's rows as a record: each row read from its cells into the entry it
/// stands for, and checked as a record file's entries are.
fn worker(
    name: &str,
    id: &str,
    rows: &[Row],
    library: &Library,
) -> Result<RosterRecord, RosterProblem> {
    let place = format!("{name} (worker {id})");
    let first = rows.first().map_or(1, |r| r.number);
    let mut check = Checker::new(library.topics());
    let named = rows.iter().find(|r| !r.get("name").is_empty());
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
                if seen.admit(&entry, whole_row, &mut check) {
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
        _ => Err(RosterProblem {
            file: name.to_owned(),
            worker: Some(id.to_owned()),
            items: problems
                .into_iter()
                .map(|d| {
                    let at = d.span.unwrap_or(Cell {
                        row: first,
                        column: None,
                    });
                    CellProblem {
                        row: at.row,
                        column: at.column,
                        message: d.message,
                        help: d.help,
                    }
                })
                .collect(),
        }),
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
        self.read(column, |text| {
            parse_iso_date(text)
                .ok_or_else(|| format!("expected a date such as 2026-11-23, found `{text}`"))
        })
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
                worker: Some("W-1".to_owned()),
                items: vec![CellProblem {
                    row: 2,
                    column: Some(Column::Named("date")),
                    message: "expected a date such as 2026-11-23, found `2026-13-02`".to_owned(),
                    help: None,
                }],
            }]
        );
        assert_eq!(
            found[0].to_string(),
            "error: expected a date such as 2026-11-23, found `2026-13-02`\n  --> r.csv:2, column `date` (worker W-1)"
        );
    }

    fn item(row: usize, column: Option<&'static str>, message: &str) -> CellProblem {
        CellProblem {
            row,
            column: column.map(Column::Named),
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
                item(2, Some("hours"), "expected a number of hours, found `5.`"),
                item(3, Some("hours"), "expected a number of hours, found `.5`"),
                item(
                    4,
                    Some("amount"),
                    "expected an amount in dollars such as \"150.00\", found `1,00`"
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
                    Some("name"),
                    "expected the worker's name, found an empty string"
                ),
                CellProblem {
                    help: Some("did you mean `ethics`?".to_owned()),
                    ..item(2, Some("topic"), "unknown topic `ethcs`")
                },
                item(
                    3,
                    Some("to"),
                    "expected `expires` after `issued` (2026-01-01), found 2025-01-01"
                ),
                item(
                    4,
                    Some("hours"),
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
            Some(Column::Position(3)),
            "{found:?}"
        );
        assert_eq!(
            found[0].items[0].help.as_deref(),
            Some("did you mean `date`?")
        );
        assert_eq!(found[0].worker, None);
    }
}
