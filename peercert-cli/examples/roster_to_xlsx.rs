//! Writes a CSV roster as an Excel workbook, for benchmarks: `cargo run --release -p
//! peercert-cli --example roster_to_xlsx -- ROSTER.csv ROSTER.xlsx`.
//!
//! One sheet, `Roster`; dates (`date`, `from`, `to`, ISO or US) become date cells and
//! `hours`, `score` and `amount` number cells, as a spreadsheet keeps them; every
//! other cell is text. The CSV has no quoted cells (as `scripts/roster-1m.sh` writes
//! it).

use std::io::BufRead as _;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, from, to] = args.as_slice() else {
        return Err("usage: roster_to_xlsx ROSTER.csv ROSTER.xlsx".into());
    };
    let mut lines = std::io::BufReader::new(std::fs::File::open(from)?).lines();
    let header: Vec<String> = match lines.next() {
        Some(line) => line?.split(',').map(str::to_owned).collect(),
        None => return Err("the roster is empty".into()),
    };
    let mut book = Workbook::new();
    let date_format = Format::new().set_num_format("m/d/yyyy");
    let sheet = book.add_worksheet().set_name("Roster")?;
    for (c, name) in header.iter().enumerate() {
        sheet.write_string(0, u16::try_from(c)?, name)?;
    }
    for (r, line) in lines.enumerate() {
        let line = line?;
        let r = u32::try_from(r + 1)?;
        for (c, (value, column)) in line.split(',').zip(&header).enumerate() {
            let c = u16::try_from(c)?;
            if value.is_empty() {
                continue;
            }
            match column.as_str() {
                "date" | "from" | "to" => match date(value) {
                    Some(day) => {
                        sheet.write_datetime_with_format(r, c, &day?, &date_format)?;
                    }
                    None => {
                        sheet.write_string(r, c, value)?;
                    }
                },
                "hours" | "score" | "amount" => match value.parse::<f64>() {
                    Ok(n) => {
                        sheet.write_number(r, c, n)?;
                    }
                    Err(_) => {
                        sheet.write_string(r, c, value)?;
                    }
                },
                _ => {
                    sheet.write_string(r, c, value)?;
                }
            }
        }
    }
    book.save(to)?;
    Ok(())
}

/// `2026-03-04` or `3/4/2026` as an Excel date; `None` when it is neither.
fn date(text: &str) -> Option<Result<ExcelDateTime, XlsxError>> {
    let numbers: Vec<u16> = text
        .split(['-', '/'])
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    let (year, month, day) = match numbers.as_slice() {
        [y, m, d] if text.contains('-') => (*y, *m, *d),
        [m, d, y] => (*y, *m, *d),
        _ => return None,
    };
    let month = u8::try_from(month).ok()?;
    let day = u8::try_from(day).ok()?;
    Some(ExcelDateTime::from_ymd(year, month, day))
}
