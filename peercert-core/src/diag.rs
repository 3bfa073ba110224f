//! Diagnostics: what went wrong, where in which file, and what would fix it.
//!
//! Load errors keep a byte range into the file's text; the line and column are
//! computed only when a diagnostic is shown, together with the offending line and
//! a caret under the exact text, the way compilers and toml's own errors do.

use std::fmt;
use std::ops::Range;

use crate::text::printable;

/// A file's name (as the user gave it) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The path or name shown in messages (`-` is shown as `<stdin>`).
    pub name: String,
    /// The whole text of the file.
    pub text: String,
}

impl Source {
    /// A named text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Source {
        Source {
            name: name.into(),
            text: text.into(),
        }
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let before = self.text.get(..offset).unwrap_or_default();
        let line = newlines(before.as_bytes()) + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before.get(line_start..).unwrap_or_default().chars().count() + 1;
        (line, column)
    }

    /// The 1-based line number of a byte offset. It counts the lines before it, so a
    /// reader that asks for many finds every line once instead.
    pub fn line_of(&self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        newlines(bytes.get(..offset.min(bytes.len())).unwrap_or_default()) + 1
    }
}

/// How many line breaks `bytes` holds. A `\n` byte is never part of a longer UTF-8
/// character, so counting bytes is exact, and far quicker than a character search.
fn newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| **b == b'\n').count()
}

/// Where every line of a text starts, found in one pass, so that the line of any
/// offset is a binary search: a record asks for the line of each of its entries, and
/// counting from the start of the file each time would make loading quadratic.
#[derive(Debug, Clone)]
pub(crate) struct Lines {
    /// The byte offset of each line's first byte; the first is 0.
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        // Counted first, so that the index is made once at its size rather than
        // copied each time it grows.
        let count = memchr::memchr_iter(b'\n', text.as_bytes()).count();
        let mut starts = Vec::with_capacity(count + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Lines { starts }
    }

    /// The 1-based line number of a byte offset, as [`Source::line_of`] gives it.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|start| *start <= offset)
    }

    /// The 1-based line and column (in characters) of a byte offset in `text`, as
    /// [`Source::line_column`] gives them.
    fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.start(line);
        let column = text.get(start..offset).unwrap_or_default().chars().count() + 1;
        (line, column)
    }

    /// The byte offset where a 1-based line starts.
    fn start(&self, line: usize) -> usize {
        self.starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or_default()
    }

    /// The text of a 1-based line of `text`, without its line break.
    fn text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let end = self.starts.get(line).map_or(text.len(), |next| next - 1);
        let line = text.get(self.start(line)..end).unwrap_or_default();
        line.strip_suffix('\r').unwrap_or(line)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A place in a file, 1-based.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    /// The file as the user named it.
    pub path: String,
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

/// Shows the path with its hidden characters escaped ([`printable`]).
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", printable(&self.path), self.line, self.column)
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The file cannot be used.
    Error,
    /// The file can be used, but something looks wrong.
    Warning,
}

/// One problem: a message, the place it blames, and optional advice.
///
/// The place is a byte range of the text read (a file, a command-line entry) unless
/// said otherwise; a roster's checks blame a cell instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic<L = Range<usize>> {
    /// Error or warning.
    pub severity: Severity,
    /// One lowercase sentence saying what was found and what was expected.
    pub message: String,
    /// The place blamed, when there is one.
    pub span: Option<L>,
    /// Advice, such as a close match: ``did you mean `ethics`?``
    pub help: Option<String>,
    /// What kind of problem it is, for a caller that has advice of its own to add
    /// (a command-line tool naming its options), when the core marks it.
    pub code: Option<Code>,
}

/// Problems a caller may want to advise on in its own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Code {
    /// A credential no rule set in the library defines, with nothing close to it.
    UnknownCredential,
    /// A course the record already has on that day (the same date, title, hours and
    /// topics, and the same `repeat`), which a caller that logs it again on purpose
    /// ([`AddOptions::allow_duplicate`](crate::record::entry::AddOptions::allow_duplicate))
    /// may offer to.
    DuplicateCourse,
}

impl<L> Diagnostic<L> {
    /// An error blaming `span`.
    pub fn error(message: impl Into<String>, span: Option<L>) -> Diagnostic<L> {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            span,
            help: None,
            code: None,
        }
    }

    /// Marks what kind of problem it is.
    #[must_use]
    pub fn with_code(mut self, code: Code) -> Diagnostic<L> {
        self.code = Some(code);
        self
    }

    /// Adds advice.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic<L> {
        self.help = Some(help.into());
        self
    }

    /// Adds advice when there is some.
    #[must_use]
    pub fn with_help_opt(mut self, help: Option<String>) -> Diagnostic<L> {
        self.help = help;
        self
    }
}

impl Diagnostic {
    /// Turns a TOML syntax or shape error into a diagnostic in the project's words:
    /// `expected …, found …`, unknown keys with the closest known one.
    pub(crate) fn from_toml(err: &toml::de::Error, text: &str) -> Diagnostic {
        let raw = err.message().trim().trim_end_matches('.');
        let raw = raw.split('\n').next().unwrap_or_default();
        let span = err.span();
        if let Some(rest) = raw.strip_prefix("unknown field `") {
            let (name, tail) = rest.split_once('`').unwrap_or((rest, ""));
            let expected = backticked(tail);
            let help = closest(name, expected.iter().copied())
                .map(|m| format!("did you mean `{m}`?"))
                .or_else(|| {
                    (!expected.is_empty()).then(|| {
                        format!(
                            "expected one of {}",
                            expected
                                .iter()
                                .map(|e| format!("`{e}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    })
                });
            return Diagnostic::error(format!("unknown key `{name}`"), span).with_help_opt(help);
        }
        if let Some(rest) = raw.strip_prefix("missing field `") {
            let name = rest.split('`').next().unwrap_or(rest);
            return Diagnostic::error(format!("missing key `{name}`"), span);
        }
        if raw == "duplicate key" {
            let key = span
                .as_ref()
                .and_then(|s| text.get(s.clone()))
                .unwrap_or_default();
            return Diagnostic::error(
                format!("duplicate key `{key}`: it is already defined earlier in the file"),
                span,
            );
        }
        if let Some(rest) = raw
            .strip_prefix("invalid type: ")
            .or_else(|| raw.strip_prefix("invalid value: "))
            && let Some((found, expected)) = rest.split_once(", expected ")
        {
            // An integer beyond 64 bits is described with the Rust type it was read as.
            if let Some(number) = found
                .strip_suffix(" as i128")
                .or_else(|| found.strip_suffix(" as u128"))
            {
                return Diagnostic::error(
                    format!(
                        "expected a whole number up to {}, found {number}, which is too large",
                        i64::MAX
                    ),
                    span,
                );
            }
            return Diagnostic::error(
                format!("expected {}, found {}", plain(expected), plain(found)),
                span,
            );
        }
        if raw.starts_with("cannot recurse further") {
            return Diagnostic::error(
                "arrays and tables are nested too deeply here: expected at most a few levels",
                span,
            );
        }
        let message = raw.replace("unknown variant", "unknown value");
        let mut chars = message.chars();
        let message = match chars.next() {
            Some(first) => first.to_lowercase().chain(chars).collect(),
            None => "the file is not valid TOML".to_owned(),
        };
        Diagnostic::error(message, span)
    }
}

/// A kind of value as serde names it (`sequence`, `map`, `struct Worker`, `i128`),
/// in the words of a TOML file's author (`an array`, `a table`, `a whole number`).
fn plain(kind: &str) -> String {
    let bare = kind
        .strip_prefix("a ")
        .or_else(|| kind.strip_prefix("an "))
        .unwrap_or(kind);
    let head = bare.split(' ').next().unwrap_or(bare);
    match head {
        "sequence" | "seq" | "tuple" => "an array".to_owned(),
        "map" | "struct" | "newtype" => "a table".to_owned(),
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "u8" | "u16" | "u32" | "u64" | "u128"
        | "usize" => "a whole number".to_owned(),
        "f32" | "f64" => "a number".to_owned(),
        "borrowed" => "a string".to_owned(),
        "unit" => "nothing".to_owned(),
        "enum" | "option" => "a value".to_owned(),
        _ => kind.to_owned(),
    }
}

/// The names between backticks in `text`.
fn backticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// The edit distance between two names, for "did you mean": Levenshtein's, over
/// characters, with case ignored (`TX/MHPS` is no distance from `tx/mhps`).
pub(crate) fn distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(&a.to_lowercase(), &b.to_lowercase())
}

/// The candidates close to `name`, closest first: at most three.
pub fn close_matches<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Vec<&'a str> {
    let length = name.chars().count();
    let limit = (length / 3).max(2);
    let lower_name = name.to_lowercase();
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|c| {
            let lower_c = c.to_lowercase();
            let prefix = lower_c.starts_with(&lower_name) || lower_name.starts_with(&lower_c);
            // The difference in length is the least the distance can be: a name far
            // longer than every candidate (a 5 MB cell) is not compared letter by
            // letter with each.
            if length.abs_diff(c.chars().count()) > limit && !(prefix && name.len() >= 3) {
                return None;
            }
            let d = strsim::levenshtein(&lower_name, &lower_c);
            (d <= limit || (prefix && name.len() >= 3)).then_some((d, c))
        })
        .collect();
    scored.sort();
    scored.dedup();
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

/// The candidate closest to `name`, if any is close.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    close_matches(name, candidates).into_iter().next()
}

/// "did you mean `a`?" or "did you mean `a`, `b` or `c`?", when anything is close.
pub fn did_you_mean(matches: &[&str]) -> Option<String> {
    let quoted: Vec<String> = matches.iter().map(|m| format!("`{m}`")).collect();
    match quoted.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean {one}?")),
        [init @ .., last] => Some(format!("did you mean {} or {last}?", init.join(", "))),
    }
}

/// Every problem found in one file, with the file's text so each can be shown in place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics {
    file: Source,
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Problems in `source`.
    pub fn new(source: Source, items: Vec<Diagnostic>) -> Diagnostics {
        Diagnostics {
            file: source,
            items,
        }
    }

    /// The file the problems are in.
    pub fn source(&self) -> &Source {
        &self.file
    }

    /// The problems, in file order.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// The problems, to add advice to.
    pub fn items_mut(&mut self) -> &mut [Diagnostic] {
        &mut self.items
    }

    /// Where a diagnostic points, if it has a span.
    pub fn location(&self, diagnostic: &Diagnostic) -> Location {
        let (line, column) = diagnostic
            .span
            .as_ref()
            .map_or((1, 1), |s| self.file.line_column(s.start));
        Location {
            path: self.file.name.clone(),
            line,
            column,
        }
    }

    fn render_one(&self, f: &mut fmt::Formatter<'_>, lines: &Lines, d: &Diagnostic) -> fmt::Result {
        let label = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", crate::text::message(&d.message))?;
        let mut number = String::new();
        match &d.span {
            Some(span) => {
                let text = &self.file.text;
                let (line, column) = lines.line_column(text, span.start);
                number = line.to_string();
                let pad = " ".repeat(number.len());
                let location = Location {
                    path: self.file.name.clone(),
                    line,
                    column,
                };
                writeln!(f, "{pad}--> {location}")?;
                writeln!(f, "{pad} |")?;
                let quote = Quote::new(lines.text(text, line), column);
                writeln!(f, "{number} | {}", quote.text)?;
                let span_columns = text.get(span.clone()).map_or(1, |t| {
                    t.split('\n')
                        .next()
                        .unwrap_or_default()
                        .chars()
                        .take(MAX_QUOTED_COLUMNS)
                        .map(|c| shown(c).chars().count())
                        .sum()
                });
                let width = span_columns.clamp(1, quote.after.max(1));
                write!(
                    f,
                    "{pad} | {}{}",
                    " ".repeat(quote.before),
                    "^".repeat(width)
                )?;
            }
            None => write!(f, " --> {}", printable(&self.file.name))?,
        }
        if let Some(help) = &d.help {
            write!(
                f,
                "\n{} = help: {}",
                " ".repeat(number.len().max(1)),
                crate::text::message(help)
            )?;
        }
        Ok(())
    }
}

/// How a character of a quoted source line is shown: a tab as four spaces, a hidden
/// character escaped (so the line cannot act on the terminal), any other as itself.
fn shown(c: char) -> String {
    match c {
        '\t' => "    ".to_owned(),
        c => {
            let mut buffer = [0; 4];
            printable(c.encode_utf8(&mut buffer)).into_owned()
        }
    }
}

/// The most problems of one file shown; the rest are counted in one line.
pub const MAX_SHOWN_PROBLEMS: usize = 50;

/// The most characters of a line quoted under a problem: a longer line is quoted
/// around the column blamed, its cut ends marked `…`.
pub const MAX_QUOTED_COLUMNS: usize = 100;

/// How many characters of a long line are quoted before the column blamed.
const QUOTED_BEFORE: usize = 40;

/// The part of a line quoted under a problem, as [`shown`] shows each character.
struct Quote {
    text: String,
    /// How many columns of the quote come before the column blamed.
    before: usize,
    /// How many columns the quote shows from the column blamed on.
    after: usize,
}

impl Quote {
    fn new(line: &str, column: usize) -> Quote {
        let at = column.saturating_sub(1);
        // A line is measured only as far as the longest quote could reach.
        let reach = at.saturating_add(MAX_QUOTED_COLUMNS + 1);
        let length = line.chars().take(reach).count();
        let (first, last) = if length <= MAX_QUOTED_COLUMNS {
            (0, length)
        } else {
            let first = at.saturating_sub(QUOTED_BEFORE);
            let last = (first + MAX_QUOTED_COLUMNS).min(length);
            (last.saturating_sub(MAX_QUOTED_COLUMNS).min(first), last)
        };
        let cut_before = first > 0;
        let cut_after = last < length;
        let mut text = String::new();
        let mut before = 0;
        let mut after = 0;
        if cut_before {
            text.push('…');
            before += 1;
        }
        for (i, c) in line.chars().enumerate().skip(first).take(last - first) {
            let shown = shown(c);
            text.push_str(&shown);
            if i < at {
                before += shown.chars().count();
            } else {
                after += shown.chars().count();
            }
        }
        if cut_after {
            text.push('…');
        }
        Quote {
            text,
            before,
            after,
        }
    }
}

/// The first [`MAX_SHOWN_PROBLEMS`] problems, then how many more there are.
impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines = Lines::new(&self.file.text);
        for (i, d) in self.items.iter().take(MAX_SHOWN_PROBLEMS).enumerate() {
            if i > 0 {
                f.write_str("\n\n")?;
            }
            self.render_one(f, &lines, d)?;
        }
        let more = self.items.len().saturating_sub(MAX_SHOWN_PROBLEMS);
        if more > 0 {
            let problems = if more == 1 { "problem" } else { "problems" };
            write!(
                f,
                "\n\nand {more} more {problems} in `{}`",
                printable(&self.file.name)
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let source = Source::new("r.toml", "a = 1\nname = \"Zoë\"\nb = 2\n");
        assert_eq!(source.line_column(0), (1, 1));
        assert_eq!(source.line_column(6), (2, 1));
        let b = source.text.find("b =").unwrap();
        assert_eq!(source.line_column(b), (3, 1));
    }

    #[test]
    fn renders_the_line_with_a_caret() {
        let text = "[worker]\ntopic = \"ethcs\"\n";
        let start = text.find("\"ethcs\"").unwrap();
        let diags = Diagnostics::new(
            Source::new("r.toml", text),
            vec![
                Diagnostic::error("unknown topic `ethcs`", Some(start..start + 7))
                    .with_help("did you mean `ethics`?"),
            ],
        );
        assert_eq!(
            diags.to_string(),
            "error: unknown topic `ethcs`\n --> r.toml:2:9\n  |\n2 | topic = \"ethcs\"\n  |         ^^^^^^^\n  = help: did you mean `ethics`?"
        );
    }

    /// A diagnostic quotes its line, message and file name with hidden characters
    /// escaped, and the caret stays under the text it blames. Regression test of
    /// issue 13, point 3.
    #[test]
    fn hidden_characters_are_shown_escaped() {
        let text = "name = \"A\u{1b}[2J\u{202e}\"\ntopic = \"x\u{1b}y\"\n";
        let start = text.find("\"x").unwrap();
        let diags = Diagnostics::new(
            Source::new("r\n\u{1b}.toml", text),
            vec![
                Diagnostic::error("unknown topic `x\u{1b}y`", Some(start..start + 5))
                    .with_help("not `\u{202e}`\nerror: fake"),
            ],
        );
        assert_eq!(
            diags.to_string(),
            "error: unknown topic `x\\u{1b}y`\n --> r\\n\\u{1b}.toml:2:9\n  |\n2 | topic = \"x\\u{1b}y\"\n  |         ^^^^^^^^^^\n  = help: not `\\u{202e}`\\nerror: fake"
        );
    }

    /// Serde's and toml's words for types become the file author's. Regression test
    /// of issue 13, point 6.
    #[test]
    fn toml_errors_name_no_rust_type() {
        #[derive(Debug, serde::Deserialize)]
        #[expect(dead_code, reason = "only the errors are read")]
        struct Worker {
            id: String,
            level: u32,
        }
        #[derive(Debug, serde::Deserialize)]
        #[expect(dead_code, reason = "only the errors are read")]
        struct Doc {
            worker: Worker,
        }
        let message = |text: &str| {
            let error = toml::from_str::<Doc>(text).unwrap_err();
            let d = Diagnostic::from_toml(&error, text);
            let place = d.span.clone().map(|s| text[s].to_owned());
            (d.message, place)
        };
        assert_eq!(
            message("worker = 5\n"),
            (
                "expected a table, found integer `5`".to_owned(),
                Some("5".to_owned())
            )
        );
        assert_eq!(
            message("[worker]\nid = [\"a\"]\nlevel = 1\n").0,
            "expected a string, found an array"
        );
        assert_eq!(
            message("[worker]\nid = { a = 1 }\nlevel = 1\n").0,
            "expected a string, found a table"
        );
        assert_eq!(
            message("[worker]\nid = \"a\"\nlevel = -1\n"),
            (
                "expected a whole number, found integer `-1`".to_owned(),
                Some("-1".to_owned())
            )
        );
        assert_eq!(
            message("[worker]\nid = \"a\"\nlevel = 99999999999999999999\n").0,
            "expected a whole number up to 9223372036854775807, found integer `99999999999999999999`, which is too large"
        );
        let deep = format!("a = {}{}\n", "[".repeat(200), "]".repeat(200));
        let error = toml::from_str::<toml::Table>(&deep).unwrap_err();
        let d = Diagnostic::from_toml(&error, &deep);
        assert_eq!(
            d.message,
            "arrays and tables are nested too deeply here: expected at most a few levels"
        );
        assert!(d.span.clone().is_some_and(|s| s.start > 4), "{:?}", d.span);
    }

    #[test]
    fn suggestions_prefer_the_closest() {
        let names = ["ethics", "advocacy", "pathogens", "documentation"];
        assert_eq!(closest("ethcs", names), Some("ethics"));
        assert_eq!(closest("zzzzzz", names), None);
        assert_eq!(
            did_you_mean(&["a", "b", "c"]).as_deref(),
            Some("did you mean `a`, `b` or `c`?")
        );
    }

    #[test]
    fn case_is_no_distance() {
        let ids = ["tx/mhps", "tx/rsps", "pa/crs"];
        assert_eq!(distance("TX/MHPS", "tx/mhps"), 0);
        assert_eq!(distance("ethcs", "ethics"), 1);
        assert_eq!(close_matches("TX/MHPS", ids), ["tx/mhps", "tx/rsps"]);
        assert_eq!(close_matches("Ethic", ["ethics", "advocacy"]), ["ethics"]);
    }
}
