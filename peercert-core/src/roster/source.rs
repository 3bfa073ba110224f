//! Where a roster's rows come from: CSV text, a CSV file decoded as it is read, or a
//! workbook's sheet read cell by cell. Each is read from its start as often as it is
//! asked, and none is held whole.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;

use calamine::{DataRef, Reader as _, Xlsx, open_workbook};
use encoding_rs::{Decoder, DecoderResult, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

use super::{CellProblem, Encoding, Format, OpenError};

/// How much of a file is read at a time.
const CHUNK: usize = 64 * 1024;

/// The first bytes of a ZIP file, which an `.xlsx` workbook is.
const ZIP: &[u8] = b"PK\x03\x04";

/// The first bytes of an Excel 97–2003 workbook (`.xls`).
const XLS: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0];

/// The cells of one row.
pub(super) enum Cells<'a> {
    /// A CSV record.
    Record(&'a csv::StringRecord),
    /// A sheet's row: its cells from column `A` to its last cell that is not empty.
    Sheet(&'a [String]),
}

impl Cells<'_> {
    /// How many cells the row has.
    pub(super) fn len(&self) -> usize {
        match self {
            Cells::Record(record) => record.len(),
            Cells::Sheet(cells) => cells.len(),
        }
    }

    /// The text of the cell at `i` (from 0), empty when there is none.
    pub(super) fn get(&self, i: usize) -> &str {
        match self {
            Cells::Record(record) => record.get(i).unwrap_or(""),
            Cells::Sheet(cells) => cells.get(i).map_or("", String::as_str),
        }
    }

    /// Every cell's text, in order.
    pub(super) fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i))
    }
}

/// A roster's rows, read from the start on each call.
pub(super) trait Rows {
    /// Whether a row may have fewer cells than the header: a sheet writes no empty
    /// cells at a row's end, a CSV row has one cell per column.
    fn short_rows(&self) -> bool;

    /// Calls `row` with each row's number (from 1) and cells, in order, while it
    /// returns `true`. An error that ends the reading is a problem at its row.
    fn each(&self, row: &mut dyn FnMut(usize, &Cells<'_>) -> bool) -> Result<(), CellProblem>;
}

/// Finds how to read a roster: a ZIP file is a workbook read from its first sheet;
/// anything else is CSV in the encoding its byte-order mark names, else UTF-8 when
/// every byte is valid UTF-8, else Windows-1252.
pub(super) fn detect(path: &Path, name: &str) -> Result<Format, OpenError> {
    let cannot = |e: io::Error| OpenError::new(format!("cannot read `{name}`: {e}"));
    let mut file = File::open(path).map_err(cannot)?;
    let mut head = Vec::with_capacity(4);
    (&mut file).take(4).read_to_end(&mut head).map_err(cannot)?;
    if head.starts_with(ZIP) {
        let book: Xlsx<BufReader<File>> = open_workbook(path).map_err(|e| {
            OpenError::new(format!(
                "`{name}` is a ZIP file but not an Excel workbook that can be read: {e}"
            ))
            .with_help("give a roster saved as Excel Workbook (.xlsx) or as CSV")
        })?;
        let sheet = book.sheet_names().into_iter().next().ok_or_else(|| {
            OpenError::new(format!(
                "`{name}` has no sheet, expected one with the roster"
            ))
        })?;
        return Ok(Format::Xlsx { sheet });
    }
    if head.starts_with(XLS) {
        return Err(OpenError::new(format!(
            "`{name}` is an Excel 97-2003 workbook (.xls), expected an Excel Workbook (.xlsx) or CSV"
        ))
        .with_help("in the spreadsheet, save the roster as Excel Workbook (.xlsx) or as CSV"));
    }
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(&head) {
        return Ok(Format::Csv(if encoding == UTF_16LE {
            Encoding::Utf16Le
        } else if encoding == UTF_16BE {
            Encoding::Utf16Be
        } else {
            Encoding::Utf8Bom
        }));
    }
    let file = File::open(path).map_err(cannot)?;
    match scan(file).map_err(cannot)? {
        Scan::Utf8 => Ok(Format::Csv(Encoding::Utf8)),
        Scan::Other => Ok(Format::Csv(Encoding::Windows1252)),
        Scan::Binary => Err(OpenError::new(format!(
            "`{name}` is not a text file, expected a roster saved as CSV or as an Excel Workbook (.xlsx)"
        ))),
    }
}

/// What a file with no byte-order mark holds.
enum Scan {
    /// Valid UTF-8 throughout.
    Utf8,
    /// Text in another encoding.
    Other,
    /// A NUL byte: not text.
    Binary,
}

/// Reads a file once, a chunk at a time, to tell UTF-8 from other text.
fn scan(mut file: File) -> io::Result<Scan> {
    let mut chunk = vec![0; CHUNK];
    // The bytes not yet checked: a character split across two chunks waits here.
    let mut pending: Vec<u8> = Vec::new();
    let mut utf8 = true;
    loop {
        let n = file.read(&mut chunk)?;
        let read = chunk.get(..n).unwrap_or_default();
        if n == 0 {
            return Ok(if utf8 && pending.is_empty() {
                Scan::Utf8
            } else {
                Scan::Other
            });
        }
        if read.contains(&0) {
            return Ok(Scan::Binary);
        }
        if utf8 {
            pending.extend_from_slice(read);
            match std::str::from_utf8(&pending) {
                Ok(_) => pending.clear(),
                Err(e) if e.error_len().is_none() => {
                    pending.drain(..e.valid_up_to());
                }
                Err(_) => utf8 = false,
            }
        }
    }
}

/// CSV text held by the caller.
pub(super) struct CsvText<'t>(pub &'t str);

impl Rows for CsvText<'_> {
    fn short_rows(&self) -> bool {
        false
    }

    fn each(&self, row: &mut dyn FnMut(usize, &Cells<'_>) -> bool) -> Result<(), CellProblem> {
        csv_rows(self.0.as_bytes(), "", row)
    }
}

/// A CSV file, decoded as it is read.
pub(super) struct CsvFile<'a> {
    pub path: &'a Path,
    pub name: &'a str,
    pub encoding: Encoding,
}

impl Rows for CsvFile<'_> {
    fn short_rows(&self) -> bool {
        false
    }

    fn each(&self, row: &mut dyn FnMut(usize, &Cells<'_>) -> bool) -> Result<(), CellProblem> {
        let file = File::open(self.path)
            .map_err(|e| CellProblem::new(1, None, format!("cannot read `{}`: {e}", self.name)))?;
        let decoder = match self.encoding {
            Encoding::Utf8 | Encoding::Utf8Bom => UTF_8.new_decoder_with_bom_removal(),
            Encoding::Utf16Le => UTF_16LE.new_decoder_with_bom_removal(),
            Encoding::Utf16Be => UTF_16BE.new_decoder_with_bom_removal(),
            Encoding::Windows1252 => WINDOWS_1252.new_decoder_without_bom_handling(),
        };
        csv_rows(Decode::new(file, decoder), self.name, row)
    }
}

/// Reads CSV rows from UTF-8 bytes; `name` names the file in a problem.
fn csv_rows(
    bytes: impl Read,
    name: &str,
    row: &mut dyn FnMut(usize, &Cells<'_>) -> bool,
) -> Result<(), CellProblem> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .buffer_capacity(CHUNK)
        .from_reader(bytes);
    let mut record = csv::StringRecord::new();
    let mut number = 0;
    loop {
        number += 1;
        match reader.read_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {
                if !row(number, &Cells::Record(&record)) {
                    return Ok(());
                }
            }
            Err(e) => return Err(CellProblem::new(number, None, csv_error(name, &e))),
        }
    }
}

/// Why a CSV file could not be read on.
fn csv_error(name: &str, error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::Io(e) => match e.get_ref().and_then(|e| e.downcast_ref::<Malformed>()) {
            Some(Malformed(encoding)) => {
                format!("`{name}` is not valid {encoding} text from here on")
            }
            None => format!("cannot read `{name}`: {e}"),
        },
        _ => format!("cannot read this row: {error}"),
    }
}

/// Bytes that are not valid text in the file's encoding.
#[derive(Debug)]
struct Malformed(&'static str);

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "not valid {} text", self.0)
    }
}

impl std::error::Error for Malformed {}

/// A reader's bytes decoded to UTF-8 a chunk at a time, with encoding_rs's
/// streaming decoder: a character split across chunks is kept by the decoder.
struct Decode<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    text: Vec<u8>,
    at: usize,
    done: bool,
    /// Bytes that are not valid text, met after the text before them: said once
    /// that text is read, so the reader knows the row they are in.
    malformed: bool,
}

impl<R: Read> Decode<R> {
    fn new(inner: R, decoder: Decoder) -> Decode<R> {
        Decode {
            inner,
            decoder,
            input: vec![0; CHUNK],
            text: Vec::new(),
            at: 0,
            done: false,
            malformed: false,
        }
    }

    /// Decodes the next chunk into `text`.
    fn fill(&mut self) -> io::Result<()> {
        let n = self.inner.read(&mut self.input)?;
        let last = n == 0;
        let input = self.input.get(..n).unwrap_or_default();
        let room = self
            .decoder
            .max_utf8_buffer_length_without_replacement(n)
            .ok_or_else(|| io::Error::other("a chunk too large to decode"))?;
        self.text.clear();
        self.text.resize(room, 0);
        let (result, _, written) =
            self.decoder
                .decode_to_utf8_without_replacement(input, &mut self.text, last);
        self.text.truncate(written);
        self.at = 0;
        self.done = last;
        self.malformed = matches!(result, DecoderResult::Malformed(..));
        Ok(())
    }
}

impl<R: Read> Read for Decode<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.at >= self.text.len() {
            if self.malformed {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    Malformed(self.decoder.encoding().name()),
                ));
            }
            if self.done {
                return Ok(0);
            }
            self.fill()?;
        }
        let rest = self.text.get(self.at..).unwrap_or_default();
        let n = rest.len().min(out.len());
        if let (Some(to), Some(from)) = (out.get_mut(..n), rest.get(..n)) {
            to.copy_from_slice(from);
        }
        self.at += n;
        Ok(n)
    }
}

/// The most columns a workbook's sheet has (Excel's `XFD`): a file naming a cell
/// further right is damaged, and is refused before a row of that width is made.
const MAX_COLUMNS: usize = 16_384;

/// A workbook's sheet, read cell by cell.
pub(super) struct XlsxFile<'a> {
    pub path: &'a Path,
    pub sheet: &'a str,
}

impl Rows for XlsxFile<'_> {
    fn short_rows(&self) -> bool {
        true
    }

    fn each(&self, row: &mut dyn FnMut(usize, &Cells<'_>) -> bool) -> Result<(), CellProblem> {
        let sheet = self.sheet;
        let problem = |at: usize, e: calamine::XlsxError| {
            CellProblem::new(at, None, format!("cannot read the sheet `{sheet}`: {e}"))
        };
        let mut book: Xlsx<BufReader<File>> =
            open_workbook(self.path).map_err(|e| problem(1, e))?;
        let mut reader = book
            .worksheet_cells_reader(sheet)
            .map_err(|e| problem(1, e))?;
        let mut cells: Vec<String> = Vec::new();
        // The row whose cells are being gathered, from 0.
        let mut current: Option<u32> = None;
        loop {
            let next = reader
                .next_cell()
                .map_err(|e| problem(current.map_or(1, |r| r as usize + 1), e))?;
            let position = next.as_ref().map(|c| c.get_position());
            if current.is_some() && position.map(|(r, _)| r) != current {
                if let Some(r) = current
                    && !cells.is_empty()
                    && !row(r as usize + 1, &Cells::Sheet(&cells))
                {
                    return Ok(());
                }
                cells.clear();
            }
            let Some(cell) = next else {
                return Ok(());
            };
            let (r, c) = cell.get_position();
            current = Some(r);
            let text = text(cell.get_value());
            if text.is_empty() {
                continue;
            }
            let c = c as usize;
            if c >= MAX_COLUMNS {
                return Err(CellProblem::new(
                    r as usize + 1,
                    None,
                    format!(
                        "a cell in column {}, expected at most 16,384 columns (`A` to `XFD`), the most a workbook has",
                        c + 1
                    ),
                ));
            }
            if cells.len() <= c {
                cells.resize(c + 1, String::new());
            }
            if let Some(slot) = cells.get_mut(c) {
                *slot = text;
            }
        }
    }
}

/// A cell's value as the text a CSV export would hold: a date cell as
/// `YYYY-MM-DD`, a number as its shortest decimal (`6`, `1.5`).
fn text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Int(n) => n.to_string(),
        DataRef::Float(n) => n.to_string(),
        DataRef::String(s) => s.trim().to_owned(),
        DataRef::SharedString(s) => s.trim().to_owned(),
        DataRef::DateTimeIso(s) => s.split('T').next().unwrap_or_default().to_owned(),
        DataRef::DurationIso(s) => s.clone(),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        DataRef::DateTime(d) => match d.as_datetime() {
            Some(moment) if d.is_datetime() => moment.date().format("%Y-%m-%d").to_string(),
            _ => d.as_f64().to_string(),
        },
        DataRef::Error(e) => e.to_string(),
        DataRef::Empty => String::new(),
    }
}
