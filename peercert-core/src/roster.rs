//! CSV rosters: an agency's staff records as one spreadsheet, one row per record
//! entry (a credential held, a course, an exam, …) with the worker's id.
//!
//! Each worker's rows are turned into the TOML record they stand for and checked
//! exactly as a record file is, so a roster meets the same rules; a problem is
//! reported with the roster's row and column. The columns are documented in
//! `docs/roster-format.md`.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::audit::{AuditProblem, ProblemKind};
use crate::diag::{Source, close_matches, did_you_mean};
use crate::error::LoadError;
use crate::library::Library;
use crate::quantity::parse_iso_date;
use crate::record::Record;

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
pub fn read(name: &str, text: &str, library: &Library) -> Vec<Result<RosterRecord, AuditProblem>> {
    let problem = |row: usize, column: Option<Column>, message: String, help: Option<String>| {
        AuditProblem::new(
            name,
            ProblemKind::Roster(RosterProblem {
                file: name.to_owned(),
                worker: None,
                items: vec![CellProblem {
                    row,
                    column,
                    message,
                    help,
                }],
            }),
        )
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

/// One worker's rows as a record.
fn worker(
    name: &str,
    id: &str,
    rows: &[Row],
    library: &Library,
) -> Result<RosterRecord, AuditProblem> {
    let place = format!("{name} (worker {id})");
    let problem = |items: Vec<CellProblem>| {
        AuditProblem::new(
            place.clone(),
            ProblemKind::Roster(RosterProblem {
                file: name.to_owned(),
                worker: Some(id.to_owned()),
                items,
            }),
        )
    };
    let fail = |row: usize, column: &'static str, message: String, help: Option<String>| {
        problem(vec![CellProblem {
            row,
            column: Some(Column::Named(column)),
            message,
            help,
        }])
    };
    let mut text = String::new();
    // The roster row of each line of the TOML text, to place its problems.
    let mut line_rows: Vec<usize> = Vec::new();
    let mut push = |text: &mut String, row: usize, line: String| {
        text.push_str(&line);
        text.push('\n');
        line_rows.push(row);
    };
    let first = rows.first().map_or(1, |r| r.number);
    let worker_name = rows
        .iter()
        .map(|r| r.get("name"))
        .find(|n| !n.is_empty())
        .unwrap_or_default();
    push(&mut text, first, "[worker]".to_owned());
    push(&mut text, first, format!("id = {}", quoted(id)));
    push(&mut text, first, format!("name = {}", quoted(worker_name)));
    let pursuing: Vec<String> = rows
        .iter()
        .filter(|r| r.get("entry") == "pursuing")
        .map(|r| quoted(r.get("id")))
        .collect();
    if !pursuing.is_empty() {
        push(
            &mut text,
            first,
            format!("pursuing = [{}]", pursuing.join(", ")),
        );
    }
    for row in rows {
        let n = row.number;
        let entry = row.get("entry");
        let need = |column: &'static str| -> Result<&str, AuditProblem> {
            let value = row.get(column);
            if value.is_empty() {
                Err(fail(
                    n,
                    column,
                    format!("a `{entry}` row needs `{column}`"),
                    None,
                ))
            } else {
                Ok(value)
            }
        };
        let date = |column: &'static str| -> Result<String, AuditProblem> {
            let value = need(column)?;
            parse_iso_date(value).map(|d| d.to_string()).ok_or_else(|| {
                fail(
                    n,
                    column,
                    format!("expected a date such as 2026-11-23, found `{value}`"),
                    None,
                )
            })
        };
        let number = |column: &'static str| -> Result<String, AuditProblem> {
            let value = need(column)?;
            value.parse::<f64>().map(|_| value.to_owned()).map_err(|_| {
                fail(
                    n,
                    column,
                    format!("expected a number, found `{value}`"),
                    None,
                )
            })
        };
        let mut lines: Vec<String> = Vec::new();
        match entry {
            "worker" | "pursuing" => {}
            "credential" => {
                lines.push("[[credential]]".to_owned());
                lines.push(format!("id = {}", quoted(need("id")?)));
                lines.push(format!("issued = {}", date("from")?));
                lines.push(format!("expires = {}", date("to")?));
            }
            "training" => {
                lines.push("[[training]]".to_owned());
                lines.push(format!("date = {}", date("date")?));
                lines.push(format!("title = {}", quoted(need("title")?)));
                lines.push(format!("hours = {}", number("hours")?));
                if !row.get("topic").is_empty() {
                    lines.push(format!("topic = {}", quoted(row.get("topic"))));
                }
                if !row.get("format").is_empty() {
                    lines.push(format!("format = {}", quoted(row.get("format"))));
                }
            }
            "exam" => {
                lines.push("[[exam]]".to_owned());
                lines.push(format!("id = {}", quoted(need("id")?)));
                lines.push(format!("date = {}", date("date")?));
                lines.push(match need("score")? {
                    "passed" => "passed = true".to_owned(),
                    "failed" => "passed = false".to_owned(),
                    _ => format!("score = {}", number("score")?),
                });
            }
            "experience" => {
                lines.push("[[experience]]".to_owned());
                lines.push(format!("from = {}", date("from")?));
                lines.push(format!("to = {}", date("to")?));
                lines.push(format!("hours = {}", number("hours")?));
                lines.push(format!("supervised = {}", row.get("kind") == "supervised"));
            }
            "supervision" => {
                lines.push("[[supervision]]".to_owned());
                lines.push(format!("date = {}", date("date")?));
                lines.push(format!("hours = {}", number("hours")?));
            }
            "payment" => {
                lines.push("[[payment]]".to_owned());
                lines.push(format!("kind = {}", quoted(need("kind")?)));
                lines.push(format!("amount = {}", quoted(need("amount")?)));
                lines.push(format!("date = {}", date("date")?));
                if !row.get("id").is_empty() {
                    lines.push(format!("credential = {}", quoted(row.get("id"))));
                }
            }
            "attestation" => {
                lines.push("[[attestation]]".to_owned());
                lines.push(format!("kind = {}", quoted(need("kind")?)));
                lines.push(format!("date = {}", date("date")?));
            }
            other => {
                return Err(fail(
                    n,
                    "entry",
                    format!(
                        "unknown entry `{other}`, expected one of {}",
                        ENTRIES.map(|e| format!("`{e}`")).join(", ")
                    ),
                    did_you_mean(&close_matches(other, ENTRIES.iter().copied())),
                ));
            }
        }
        if !lines.is_empty() {
            push(&mut text, n, String::new());
        }
        for line in lines {
            push(&mut text, n, line);
        }
    }
    let source = Source::new(place.clone(), text);
    match Record::parse(&source, library) {
        Ok(record) => Ok(RosterRecord { record, place }),
        Err(LoadError::Invalid(diagnostics)) => Err(problem(
            diagnostics
                .items()
                .iter()
                .map(|item| {
                    let line = item.span.as_ref().map_or(1, |s| source.line_of(s.start));
                    CellProblem {
                        row: line_rows
                            .get(line.saturating_sub(1))
                            .copied()
                            .unwrap_or(first),
                        column: None,
                        message: item.message.clone(),
                        help: item.help.clone(),
                    }
                })
                .collect(),
        )),
        Err(other) => Err(AuditProblem::new(place, ProblemKind::Load(Arc::new(other)))),
    }
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<RosterProblem> {
        let library = Library::embedded().unwrap();
        read("r.csv", text, &library)
            .into_iter()
            .filter_map(Result::err)
            .map(|p| match p.kind {
                ProblemKind::Roster(r) => r,
                other => panic!("not a roster problem: {other:?}"),
            })
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
