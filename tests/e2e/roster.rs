//! `peercert audit --roster`: rosters as agencies keep them — CSV in each encoding
//! spreadsheets write, US dates, header names as people type them, Excel workbooks
//! — and each problem at its row and column (a workbook's cell).

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

use crate::support::{AS_OF, Run, TempDir};

/// `peercert audit --roster NAME --as-of 2026-11-23 EXTRA…`, run in `dir`.
fn audit(dir: &TempDir, name: &str, extra: &[&str]) -> String {
    let mut args = vec!["audit", "--roster", name, "--as-of", AS_OF];
    args.extend_from_slice(extra);
    Run::new(&args).current_dir(dir.path()).output()
}

/// A roster with a name no ASCII can write, US dates and a header as people type it.
const ROSTER: &str = "Worker ID,Name,Entry,ID,Title,Date,From,To,Hours,Topic\r\n\
W-1,José Núñez,credential,pa/crs,,,1/20/2025,1/20/2027,,\r\n\
W-1,,training,,Ética,3/4/2026,,,6,ethics\r\n";

/// The header of `--format csv`.
const HEADER: &str = "worker_id,name,credential,outcome,expires,days_left,needs_action,largest_gap,gap_requirement,file,standing";

/// What the roster gives, whatever its encoding: `--format csv`.
fn expected(name: &str, stderr: &str) -> String {
    format!(
        "$ peercert audit --roster {name} --as-of 2026-11-23 --format csv\nexit: 1\n--- stdout\n\
{HEADER}\n\
W-1,José Núñez,pa/crs,renewal-due,2027-01-20,58,yes,24 h,continuing-education,{name} (worker W-1),open\n\
--- stderr\n{stderr}"
    )
}

/// UTF-8 with and without a byte-order mark, UTF-16 both ways with one, and
/// Windows-1252 (said in a note) all read the same roster.
#[test]
fn every_encoding_reads_the_same_roster() {
    let dir = TempDir::new("roster-encodings");
    let utf16 = |bom: [u8; 2], unit: fn(u16) -> [u8; 2]| {
        let mut bytes = bom.to_vec();
        bytes.extend(ROSTER.encode_utf16().flat_map(unit));
        bytes
    };
    let windows: Vec<u8> = ROSTER
        .chars()
        .map(|c| match c {
            'é' => 0xE9,
            'ú' => 0xFA,
            'ñ' => 0xF1,
            'É' => 0xC9,
            c => u8::try_from(u32::from(c)).unwrap(),
        })
        .collect();
    let files: [(&str, Vec<u8>); 5] = [
        ("utf8.csv", ROSTER.as_bytes().to_vec()),
        (
            "utf8-bom.csv",
            [b"\xEF\xBB\xBF", ROSTER.as_bytes()].concat(),
        ),
        ("utf16le.csv", utf16([0xFF, 0xFE], u16::to_le_bytes)),
        ("utf16be.csv", utf16([0xFE, 0xFF], u16::to_be_bytes)),
        ("1252.csv", windows),
    ];
    for (name, bytes) in files {
        dir.write(name, bytes);
        let note = if name == "1252.csv" {
            "note: `1252.csv` is not UTF-8, so it was read as Windows-1252, the encoding spreadsheets export on Windows\n"
        } else {
            ""
        };
        assert_eq!(
            audit(&dir, name, &["--format", "csv"]),
            expected(name, note),
            "{name}"
        );
    }
}

/// A UTF-16 file with bytes that are no UTF-16 is refused at the row they are in.
#[test]
fn bad_utf16_is_refused_where_it_is() {
    let dir = TempDir::new("roster-bad-utf16");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(ROSTER.encode_utf16().flat_map(u16::to_le_bytes));
    // An unpaired high surrogate in the last row.
    bytes.extend([0x00, 0xD8, b'x', 0x00]);
    dir.write("r.csv", bytes);
    assert_eq!(
        audit(&dir, "r.csv", &[]),
        "$ peercert audit --roster r.csv --as-of 2026-11-23\nexit: 2\n--- stdout\n\
0 records, 0 rows as of 2026-11-23: nothing to report; 0 need action; 1 could not be read\n\nrules [stamp]\n--- stderr\n\
error: `r.csv` is not valid UTF-16LE text from here on\n  --> r.csv:4\n"
    );
}

/// `Worker ID`, `worker_id`, ` WORKER-ID ` and `workerid` are one column.
#[test]
fn header_names_match_ignoring_case_spaces_and_separators() {
    let dir = TempDir::new("roster-headers");
    let body = "W-1,Ada,credential,pa/crs,2025-01-20,2027-01-20\n";
    let mut outputs = Vec::new();
    for (i, header) in [
        "worker_id,name,entry,id,from,to",
        "Worker ID,Name,Entry,ID,From,To",
        " WORKER-ID , NAME ,ENTRY,Id,FROM,TO",
        "workerid,Name,entry,id,from,to",
    ]
    .iter()
    .enumerate()
    {
        let name = format!("r{i}.csv");
        dir.write(&name, format!("{header}\n{body}"));
        outputs.push(audit(&dir, &name, &["--format", "csv"]).replace(&name, "r.csv"));
    }
    assert_eq!(
        outputs[0],
        "$ peercert audit --roster r.csv --as-of 2026-11-23 --format csv\nexit: 1\n--- stdout\n\
worker_id,name,credential,outcome,expires,days_left,needs_action,largest_gap,gap_requirement,file,standing\n\
W-1,Ada,pa/crs,renewal-due,2027-01-20,58,yes,30 h,continuing-education,r.csv (worker W-1),open\n--- stderr\n"
    );
    assert!(outputs.iter().all(|o| *o == outputs[0]), "{outputs:#?}");
}

/// Each problem of a roster's shape, with its row and column: a duplicated column,
/// rows with too many or too few cells, two names for one worker, and a date that
/// is neither ISO nor US. The other workers are audited.
#[test]
fn each_problem_names_its_row_and_column() {
    let dir = TempDir::new("roster-problems");
    dir.write(
        "dup.csv",
        "worker_id,entry,Date,title,DATE\nW-1,worker,,,\n",
    );
    assert_eq!(
        audit(&dir, "dup.csv", &[]),
        "$ peercert audit --roster dup.csv --as-of 2026-11-23\nexit: 2\n--- stdout\n\
0 records, 0 rows as of 2026-11-23: nothing to report; 0 need action; 1 could not be read\n\nrules [stamp]\n--- stderr\n\
error: duplicate column `DATE`: column 3 is `Date` already, expected each column once\n  --> dup.csv:1:5\n"
    );
    dir.write(
        "rows.csv",
        "worker_id,name,entry,id,from,to\n\
         W-1,Ada,credential,pa/crs,2025-01-20,2027-01-20\n\
         W-2,Bo,credential,pa/crs,2025-01-20,2027-01-20,extra\n\
         W-3,Cy,credential,pa/crs,2025-01-20\n\
         W-4,Di,credential,pa/crs,2025-01-20,2027-01-20\n\
         W-4,Dee,worker,,,\n\
         W-5,Ed,credential,pa/crs,20/1/2025,2027-01-20\n",
    );
    assert_eq!(
        audit(&dir, "rows.csv", &["--format", "csv"]),
        "$ peercert audit --roster rows.csv --as-of 2026-11-23 --format csv\nexit: 2\n--- stdout\n\
worker_id,name,credential,outcome,expires,days_left,needs_action,largest_gap,gap_requirement,file,standing\n\
W-1,Ada,pa/crs,renewal-due,2027-01-20,58,yes,30 h,continuing-education,rows.csv (worker W-1),open\n\
--- stderr\n\
error: expected 6 cells, one for each column of the header, found 7\n  --> rows.csv:3:7\n\
error: expected 6 cells, one for each column of the header, found 5\n  --> rows.csv:4:6\n\
error: a second name for worker `W-4`: found `Dee`, expected `Di` as at row 5\n  --> rows.csv:6, column `name` (worker W-4)\n\
error: expected a date such as 2026-11-23 or 11/23/2026, found `20/1/2025`\n  --> rows.csv:7, column `from` (worker W-5)\n"
    );
}

/// Money and hours are read from their cell, with the cell's place: `"60,00"` is not
/// $6,000, and `5.` and `.5` are refused there rather than later. Regression test of
/// issue 13, point 5.
#[test]
fn money_and_hours_are_refused_at_their_cell() {
    let dir = TempDir::new("roster-numbers");
    dir.write(
        "money.csv",
        "worker_id,name,entry,id,title,kind,date,from,to,hours,topic,format,amount\n\
         W-1,Ada,credential,pa/crs,,,,2025-01-20,2027-01-20,,,,\n\
         W-1,,training,,Ethics,,2026-03-04,,,5.,ethics,live-online,\n\
         W-1,,training,,Ethics 2,,2026-03-05,,,.5,ethics,live-online,\n\
         W-1,,training,,Ethics 3,,2026-03-06,,,\"1,5\",ethics,live-online,\n\
         W-1,,payment,pa/crs,,renewal,2026-03-04,,,,,,\"60,00\"\n\
         W-1,,payment,pa/crs,,renewal,2026-03-05,,,,,,\"1,000.00\"\n\
         W-1,,payment,pa/crs,,renewal,2026-03-06,,,,,,\"12,345\"\n",
    );
    assert_eq!(
        audit(&dir, "money.csv", &[]),
        "$ peercert audit --roster money.csv --as-of 2026-11-23\nexit: 2\n--- stdout\n\
0 records, 0 rows as of 2026-11-23: nothing to report; 0 need action; 1 could not be read\n\nrules [stamp]\n--- stderr\n\
error: expected a number of hours, found `5.`\n  --> money.csv:3, column `hours` (worker W-1)\n\
error: expected a number of hours, found `.5`\n  --> money.csv:4, column `hours` (worker W-1)\n\
error: expected a number of hours such as `12.5` (with a decimal point, not a comma), found `1,5`\n  --> money.csv:5, column `hours` (worker W-1)\n\
error: expected an amount in dollars such as \"150.00\" or \"1,500.00\" (a comma only between groups of three digits, cents after a point), found `60,00`\n  --> money.csv:6, column `amount` (worker W-1)\n"
    );
}

/// A file that is no roster is refused whole, saying what was expected.
#[test]
fn a_file_that_is_no_roster_is_refused() {
    let dir = TempDir::new("roster-not");
    dir.write("old.xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    dir.write("image.csv", [0x89, b'P', b'N', b'G', 0x00, 0x01]);
    dir.write("empty.csv", "");
    assert_eq!(
        audit(&dir, "old.xls", &[]),
        "$ peercert audit --roster old.xls --as-of 2026-11-23\nexit: 2\n--- stdout\n--- stderr\n\
error: `old.xls` is an Excel 97-2003 workbook (.xls), expected an Excel Workbook (.xlsx) or CSV\n  \
= help: in the spreadsheet, save the roster as Excel Workbook (.xlsx) or as CSV\n"
    );
    assert_eq!(
        audit(&dir, "image.csv", &[]),
        "$ peercert audit --roster image.csv --as-of 2026-11-23\nexit: 2\n--- stdout\n--- stderr\n\
error: `image.csv` is not a text file, expected a roster saved as CSV or as an Excel Workbook (.xlsx)\n"
    );
    assert_eq!(
        audit(&dir, "empty.csv", &[]),
        "$ peercert audit --roster empty.csv --as-of 2026-11-23\nexit: 2\n--- stdout\n\
0 records, 0 rows as of 2026-11-23: nothing to report; 0 need action; 1 could not be read\n\nrules [stamp]\n--- stderr\n\
error: the roster is empty: expected a header row naming its columns\n  --> empty.csv:1\n"
    );
}

/// A 5 MB file that is text but no roster has one 5 MB header cell: the error quotes
/// its ends, not all of it, and the value in a data cell likewise.
#[test]
fn a_huge_cell_is_quoted_in_part() {
    let dir = TempDir::new("roster-huge");
    let cell = format!("{}{}", "x".repeat(5_000_000), "end-of-the-cell");
    dir.write("notes.csv", format!("{cell}\r\n"));
    let window = format!("{}…{}", "x".repeat(50), "xxxxxend-of-the-cell");
    let out = audit(&dir, "notes.csv", &[]);
    assert_eq!(
        out,
        format!(
            "$ peercert audit --roster notes.csv --as-of 2026-11-23\nexit: 2\n--- stdout\n\
0 records, 0 rows as of 2026-11-23: nothing to report; 0 need action; 1 could not be read\n\nrules [stamp]\n--- stderr\n\
error: unknown column `{window}`, expected some of `worker_id`, `name`, `entry`, `id`, `title`, `kind`, `date`, `from`, `to`, `hours`, `topic`, `format`, `score`, `amount`\n  --> notes.csv:1:1\n"
        )
    );
    dir.write(
        "roster.csv",
        format!("worker_id,entry,date,title,hours\r\nW-1,training,{cell},Ethics,3\r\n"),
    );
    let out = audit(&dir, "roster.csv", &["--format", "csv"]);
    assert!(out.len() < 2_000, "{} bytes", out.len());
    assert!(out.contains(&format!("found `{window}`")), "{out}");
}

/// `--csv` is another name for `--roster`.
#[test]
fn csv_is_an_alias_of_roster() {
    let run = |option: &str| {
        Run::new(&[
            "audit",
            option,
            "examples/agency-roster.csv",
            "--as-of",
            AS_OF,
        ])
        .output()
    };
    let roster = run("--roster");
    assert!(roster.contains("W-5101"), "{roster}");
    assert_eq!(run("--csv").replace("--csv", "--roster"), roster);
}

/// One cell of a workbook written by a test.
enum Cell<'a> {
    Text(&'a str),
    Number(f64),
    Date(u16, u8, u8),
}

/// A workbook of one sheet named `sheet`, written the same way every time (its
/// creation date is fixed): each row from `A`, a date cell formatted as a date.
fn workbook(sheet: &str, rows: &[Vec<Cell<'_>>]) -> Vec<u8> {
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 1, 1).unwrap();
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let date = Format::new().set_num_format("m/d/yyyy");
    let sheet = book.add_worksheet().set_name(sheet).unwrap();
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r).unwrap();
        for (c, cell) in row.iter().enumerate() {
            let c = u16::try_from(c).unwrap();
            match cell {
                Cell::Text("") => {}
                Cell::Text(text) => {
                    sheet.write_string(r, c, *text).unwrap();
                }
                Cell::Number(n) => {
                    sheet.write_number(r, c, *n).unwrap();
                }
                Cell::Date(y, m, d) => {
                    let day = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    sheet.write_datetime_with_format(r, c, &day, &date).unwrap();
                }
            }
        }
    }
    book.save_to_buffer().unwrap()
}

/// A CSV roster as a workbook: ISO dates in `date`, `from` and `to` become date
/// cells, `hours`, `score` and `amount` numbers, every other cell text.
fn as_workbook(csv: &str) -> Vec<u8> {
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let rows: Vec<Vec<Cell<'_>>> = std::iter::once(header.iter().map(|h| Cell::Text(h)).collect())
        .chain(lines.map(|line| {
            line.split(',')
                .zip(&header)
                .map(|(value, column)| {
                    let date = value
                        .split('-')
                        .map(str::parse)
                        .collect::<Vec<Result<u16, _>>>();
                    match (*column, date.as_slice()) {
                        ("date" | "from" | "to", [Ok(y), Ok(m), Ok(d)]) if *m <= 12 => {
                            Cell::Date(*y, u8::try_from(*m).unwrap(), u8::try_from(*d).unwrap())
                        }
                        ("hours" | "score" | "amount", _) if !value.is_empty() => {
                            Cell::Number(value.parse().unwrap())
                        }
                        _ => Cell::Text(value),
                    }
                })
                .collect()
        }))
        .collect();
    workbook("Roster", &rows)
}

/// The shipped `examples/agency-roster.xlsx` is the CSV example as a workbook, as
/// this test writes it; run with `PEERCERT_UPDATE_EXAMPLES=1` to write it again.
#[test]
fn the_example_workbook_is_the_csv_example() {
    let root = crate::support::workspace();
    let csv = std::fs::read_to_string(root.join("examples/agency-roster.csv")).unwrap();
    let written = as_workbook(&csv);
    let path = root.join("examples/agency-roster.xlsx");
    if std::env::var_os("PEERCERT_UPDATE_EXAMPLES").is_some() {
        std::fs::write(&path, &written).unwrap();
    }
    assert!(
        std::fs::read(&path).unwrap() == written,
        "examples/agency-roster.xlsx differs from the CSV example: run this test with PEERCERT_UPDATE_EXAMPLES=1"
    );
}

/// The example workbook gives the audit the CSV example gives; its one bad row is
/// named by its sheet and cell.
#[test]
fn the_example_workbook_audits_as_the_csv_example() {
    let run = |file: &str, format: &str| {
        Run::new(&[
            "audit", "--roster", file, "--as-of", AS_OF, "--format", format,
        ])
        .output()
    };
    for format in ["csv", "table", "json"] {
        let from_csv = run("examples/agency-roster.csv", format);
        let from_xlsx = run("examples/agency-roster.xlsx", format);
        let rows = |out: &str| {
            out.split("--- stderr")
                .next()
                .unwrap()
                .replace(".xlsx", ".csv")
        };
        if format == "json" {
            let json = |out: &str| -> serde_json::Value {
                let stdout = out
                    .split("--- stdout\n")
                    .nth(1)
                    .unwrap()
                    .split("--- stderr")
                    .next()
                    .unwrap();
                let mut value: serde_json::Value = serde_json::from_str(&rows(stdout)).unwrap();
                value["problems"] = serde_json::Value::Null;
                value
            };
            assert_eq!(json(&from_xlsx), json(&from_csv));
        } else {
            assert_eq!(rows(&from_xlsx), rows(&from_csv), "{format}");
        }
    }
    let out = run("examples/agency-roster.xlsx", "csv");
    assert_eq!(
        out.split("--- stderr\n").nth(1).unwrap(),
        "error: expected a date such as 2026-11-23 or 11/23/2026, found `2026-13-02`\n  --> examples/agency-roster.xlsx, sheet `Roster`, cell `G16` (worker W-5104)\n"
    );
}

/// How `audit --roster` refuses a damaged workbook (a fuzzing find kept in
/// `tests/fixtures/roster/`): nothing read, one problem at its row.
fn refused_workbook(fixture: &str, problem: &str) -> (String, String) {
    let dir = TempDir::new("roster-damaged");
    let bytes = std::fs::read(
        crate::support::workspace()
            .join("tests/fixtures/roster")
            .join(fixture),
    )
    .unwrap();
    dir.write("damaged.xlsx", bytes);
    (
        audit(&dir, "damaged.xlsx", &[]),
        format!(
            "$ peercert audit --roster damaged.xlsx --as-of 2026-11-23\nexit: 2\n--- stdout\n\
0 records, 0 rows as of 2026-11-23: nothing to report; 0 need action; 1 could not be read\n\nrules [stamp]\n--- stderr\n\
{problem}\n"
        ),
    )
}

/// A damaged workbook naming a cell in column 90,798,425 is refused at its row,
/// before a row that wide is made (it took 2 GB). Found by the `roster` fuzz target.
#[test]
fn a_cell_beyond_the_last_column_is_refused() {
    let (found, expected) = refused_workbook(
        "column-beyond-xfd.xlsx",
        "error: a cell in column 90798425, expected at most 16,384 columns (`A` to `XFD`), the most a workbook has\n  \
--> damaged.xlsx, sheet `Roster`, row 4",
    );
    assert_eq!(found, expected);
}

/// A damaged workbook whose cell reference holds a row number too long for any
/// sheet is refused at its row, in a debug build as in a release one (calamine's
/// arithmetic on it overflowed and panicked). Found by the `roster` fuzz target.
#[test]
fn a_damaged_cell_reference_is_refused() {
    let (found, expected) = refused_workbook(
        "row-number-overflow.xlsx",
        "error: cannot read the sheet `Roster`: Expecting alphanumeric character, got 3D\n  \
--> damaged.xlsx, sheet `Roster`, row 14",
    );
    assert_eq!(found, expected);
}

/// Date cells, number cells and text cells of a workbook; each problem at its cell:
/// a date that is no date, a cell outside the header's columns, a second name.
#[test]
fn a_workbook_names_the_cell_of_each_problem() {
    use Cell::{Date, Number, Text};
    let dir = TempDir::new("roster-xlsx");
    dir.write(
        "staff.xlsx",
        workbook(
            "Staff",
            &[
                vec![
                    Text("Worker ID"),
                    Text("Name"),
                    Text("Entry"),
                    Text("ID"),
                    Text("Date"),
                    Text("From"),
                    Text("To"),
                    Text("Title"),
                    Text("Hours"),
                ],
                vec![
                    Text("W-1"),
                    Text("Ada"),
                    Text("credential"),
                    Text("pa/crs"),
                    Text(""),
                    Date(2025, 1, 20),
                    Date(2027, 1, 20),
                ],
                vec![
                    Text("W-1"),
                    Text(""),
                    Text("training"),
                    Text(""),
                    Date(2026, 3, 4),
                    Text(""),
                    Text(""),
                    Text("Ethics"),
                    Number(6.5),
                ],
                vec![
                    Text("W-2"),
                    Text("Bo"),
                    Text("training"),
                    Text(""),
                    Text("2026-02-30"),
                    Text(""),
                    Text(""),
                    Text("Ethics"),
                    Number(6.0),
                ],
                vec![
                    Text("W-3"),
                    Text("Cy"),
                    Text("worker"),
                    Text(""),
                    Text(""),
                    Text(""),
                    Text(""),
                    Text(""),
                    Text(""),
                    Text("stray"),
                ],
                vec![Text("W-4"), Text("Di"), Text("worker")],
                vec![Text("W-4"), Text("Dee"), Text("worker")],
                vec![
                    Text("W-5"),
                    Text("Ed"),
                    Text("credential"),
                    Text("pa/crs"),
                    Text(""),
                    Text("1/20/2025"),
                    Text("2027-01-20"),
                ],
            ],
        ),
    );
    assert_eq!(
        audit(&dir, "staff.xlsx", &["--format", "csv"]),
        "$ peercert audit --roster staff.xlsx --as-of 2026-11-23 --format csv\nexit: 2\n--- stdout\n\
worker_id,name,credential,outcome,expires,days_left,needs_action,largest_gap,gap_requirement,file,standing\n\
W-1,Ada,pa/crs,renewal-due,2027-01-20,58,yes,23.5 h,continuing-education,staff.xlsx (worker W-1),open\n\
W-5,Ed,pa/crs,renewal-due,2027-01-20,58,yes,30 h,continuing-education,staff.xlsx (worker W-5),open\n\
--- stderr\n\
error: expected 9 cells, one for each column of the header, found 10\n  --> staff.xlsx, sheet `Staff`, cell `J5`\n\
error: expected a date such as 2026-11-23 or 11/23/2026, found `2026-02-30`\n  --> staff.xlsx, sheet `Staff`, cell `E4` (worker W-2)\n\
error: a second name for worker `W-4`: found `Dee`, expected `Di` as at row 6\n  --> staff.xlsx, sheet `Staff`, cell `B7` (worker W-4)\n"
    );
}

/// A roster has no size limit: one of more than 4 MiB (the limit of a record file)
/// is audited.
#[test]
fn a_large_roster_is_read() {
    let dir = TempDir::new("roster-large");
    let header =
        "worker_id,name,entry,id,title,kind,date,from,to,hours,topic,format,score,amount\n";
    let credential = "W-1,Ada,credential,pa/crs,,,,2025-01-20,2027-01-20,,,,,\n";
    let filler = "W-1,,worker,,,,,,,,,,,\n".repeat(200_000);
    let text = format!("{header}{credential}{filler}");
    assert!(text.len() > 4 * 1024 * 1024, "{}", text.len());
    dir.write("big.csv", text);
    assert_eq!(
        audit(&dir, "big.csv", &["--format", "csv"]),
        format!(
            "$ peercert audit --roster big.csv --as-of 2026-11-23 --format csv\nexit: 1\n--- stdout\n{HEADER}\n\
W-1,Ada,pa/crs,renewal-due,2027-01-20,58,yes,30 h,continuing-education,big.csv (worker W-1),open\n--- stderr\n"
        )
    );
}
