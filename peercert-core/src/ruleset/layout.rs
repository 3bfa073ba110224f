//! The text of a rule file: its canonical layout ([`format`]) and what its opening
//! comment says was left out ([`left_out`]).
//!
//! The canonical layout is described in `docs/rule-sets.md` ("Canonical layout"). It
//! changes where things are written, never what they say: the file reads to the same
//! rule set before and after, every comment is kept with what it precedes, and a key
//! the layout does not know stays in the file, after the known keys of its table.
//!
//! The order of the known keys is the order of the fields of the [`super::raw`]
//! structs and of the requirement kinds' own structs
//! ([`crate::requirement::key_order`]): a key added to the format is placed as it is
//! declared.

use chrono::NaiveDate;
use toml_edit::{ArrayOfTables, DocumentMut, Item, Key, RawString, Table, Value};

use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::requirement::{key_order, keys_of};

/// A rule file could not be put in canonical layout; its text is left as it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FormatError {
    /// The text is not TOML: the problem, with its place.
    #[error("{0}")]
    Syntax(Diagnostics),
}

/// The rule file `source` in canonical layout.
///
/// `format` of its own output returns that output unchanged. Only TOML that cannot
/// be read is an error: a file with unknown keys or wrong values is laid out all the
/// same (checking it is [`Library`](crate::Library)'s work).
///
/// ```
/// use peercert_core::Source;
/// use peercert_core::ruleset::format;
///
/// let text = "name = \"Peer\"\nid = \"xx/p\"  # the id\n";
/// let formatted = format(&Source::new("p.toml", text))?;
/// assert_eq!(formatted, "id = \"xx/p\" # the id\nname = \"Peer\"\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn format(source: &Source) -> Result<String, FormatError> {
    let text = source.text.as_str();
    let syntax =
        |diagnostic| FormatError::Syntax(Diagnostics::new(source.clone(), vec![diagnostic]));
    if let Err(e) = toml::from_str::<toml::Table>(text) {
        return Err(syntax(Diagnostic::from_toml(&e, text)));
    }
    let document: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        let message = e
            .message()
            .lines()
            .next()
            .unwrap_or_default()
            .to_lowercase();
        syntax(Diagnostic::error(message, e.span()))
    })?;
    let mut out = Writer::default();
    let root = document.as_table();
    let (header, first_key) = header_of(root);
    if !header.is_empty() {
        out.comments(&header);
        out.blank = true;
    }
    out.body(root, &[], Shape::Root, first_key.as_deref());
    let trailing = trim_blank(comment_lines(raw(Some(document.trailing()))));
    if !trailing.is_empty() {
        out.separate();
        out.comments(&trailing);
    }
    Ok(out.text)
}

/// What a rule file's opening comment lists under its "Left out" heading (`# Left out
/// or uncertain, …:`, or any heading line that begins with "Left out" and ends with a
/// colon), one item per `# - ` line with its continuation lines joined; `None` when
/// the opening comment has no such heading.
///
/// The opening comment is every line before the first key or table (blank lines
/// included). The list ends at the first line that is not part of an item: a blank
/// line followed by text that is not an item, a line of code, or the end of the
/// comment.
pub fn left_out(text: &str) -> Option<Vec<String>> {
    let mut lines = text
        .lines()
        .map(str::trim)
        .map_while(|line| match line.strip_prefix('#') {
            Some(comment) => Some(comment.strip_prefix(' ').unwrap_or(comment)),
            None => line.is_empty().then_some(""),
        });
    lines.find(|line| {
        line.get(..8)
            .is_some_and(|start| start.eq_ignore_ascii_case("left out"))
            && line.ends_with(':')
    })?;
    let mut items: Vec<String> = Vec::new();
    let mut in_item = false;
    for line in lines {
        if let Some(item) = line.strip_prefix("- ") {
            items.push(item.trim().to_owned());
            in_item = true;
        } else if line.is_empty() {
            in_item = false;
        } else if in_item && line.starts_with(' ') {
            if let Some(last) = items.last_mut() {
                last.push(' ');
                last.push_str(line.trim());
            }
        } else {
            break;
        }
    }
    Some(items)
}

/// Which table of a rule file a table is: it decides the order of its keys and
/// children.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Root,
    Edition,
    Initial,
    Renewal,
    Provisional,
    Requirement,
    Fee,
    /// A table the layout does not know: everything in it keeps its order.
    Unknown,
}

impl Shape {
    /// The known keys and children of a table of this shape, in canonical order.
    fn order(self, table: &Table) -> Vec<&'static str> {
        match self {
            Shape::Root => keys_of::<super::raw::RuleSet>().to_vec(),
            Shape::Edition => keys_of::<super::raw::Edition>().to_vec(),
            // A stage's requirements before its fees (its last key).
            Shape::Initial => stage::<super::raw::Stage>(),
            Shape::Renewal => stage::<super::raw::Renewal>(),
            Shape::Provisional => stage::<super::raw::Provisional>(),
            Shape::Requirement => key_order(table.get("kind").and_then(Item::as_str)),
            Shape::Fee => keys_of::<super::raw::Fee>().to_vec(),
            Shape::Unknown => Vec::new(),
        }
    }

    /// The shape of the child `key` of a table of this shape.
    fn child(self, key: &str) -> Shape {
        match (self, key) {
            (Shape::Root, "edition") => Shape::Edition,
            (Shape::Edition, "initial") => Shape::Initial,
            (Shape::Edition, "renewal") => Shape::Renewal,
            (Shape::Edition, "provisional") => Shape::Provisional,
            (Shape::Initial | Shape::Renewal | Shape::Provisional, "requirement")
            | (Shape::Requirement, "of") => Shape::Requirement,
            (Shape::Initial | Shape::Renewal | Shape::Provisional, "fee") => Shape::Fee,
            _ => Shape::Unknown,
        }
    }
}

/// A stage's keys, then `requirement` just before `fee`, its last one.
fn stage<'de, T: serde::Deserialize<'de>>() -> Vec<&'static str> {
    let mut order: Vec<&'static str> = keys_of::<T>().to_vec();
    let fee = order
        .iter()
        .position(|k| *k == "fee")
        .unwrap_or(order.len());
    order.insert(fee, "requirement");
    order
}

/// The canonical text, written table by table.
#[derive(Default)]
struct Writer {
    text: String,
    /// A blank line is owed before the next line of keys (after the file's header).
    blank: bool,
}

impl Writer {
    fn line(&mut self, line: &str) {
        if self.blank {
            self.text.push('\n');
            self.blank = false;
        }
        self.text.push_str(line.trim_end());
        self.text.push('\n');
    }

    /// Exactly one blank line before what follows, unless nothing precedes it.
    fn separate(&mut self) {
        self.blank = !self.text.is_empty();
    }

    fn comments(&mut self, lines: &[String]) {
        for line in lines {
            self.line(line);
        }
    }

    /// A table (`[…]`): its header when it has keys of its own or was written with
    /// one (an empty `[edition.renewal]` means something), then its body.
    fn table(&mut self, table: &Table, path: &[&Key], shape: Shape) {
        if table.iter().any(|(_, item)| item.is_value()) || !table.is_implicit() {
            self.header(table, &format!("[{}]", header_path(path)));
        }
        self.body(table, path, shape, None);
    }

    /// One table of an array of tables (`[[…]]`): its header, then its body.
    fn array_table(&mut self, table: &Table, path: &[&Key], shape: Shape) {
        self.header(table, &format!("[[{}]]", header_path(path)));
        self.body(table, path, shape, None);
    }

    /// A table's header line, after one blank line and the comments above it.
    fn header(&mut self, table: &Table, header: &str) {
        self.separate();
        self.comments(&trim_blank(comment_lines(raw(table.decor().prefix()))));
        self.line(&format!("{header}{}", suffix(raw(table.decor().suffix()))));
    }

    /// A table's keys in canonical order, each after its comments, then its child
    /// tables. `header_key` names the root key whose comment holds the file's header,
    /// written already.
    fn body(&mut self, table: &Table, path: &[&Key], shape: Shape, header_key: Option<&str>) {
        let order = shape.order(table);
        let rank = |name: &str, index: usize| match order.iter().position(|k| *k == name) {
            Some(known) => (0, known),
            None => (1, index),
        };
        let mut values = Vec::new();
        let mut children = Vec::new();
        for (index, (name, item)) in table.iter().enumerate() {
            let Some(key) = table.key(name) else { continue };
            match item {
                Item::Value(value) => values.push((rank(name, index), vec![key], value)),
                Item::Table(dotted) if dotted.is_dotted() => {
                    for (mut keys, value) in dotted.get_values() {
                        keys.insert(0, key);
                        values.push((rank(name, index), keys, value));
                    }
                }
                Item::Table(_) | Item::ArrayOfTables(_) => {
                    children.push((rank(name, index), key, item));
                }
                Item::None => {}
            }
        }
        values.sort_by_key(|(rank, _, _)| *rank);
        children.sort_by_key(|(rank, _, _)| *rank);

        for (_, keys, value) in values {
            if let Some(first) = keys.first() {
                let lines = comment_lines(raw(first.leaf_decor().prefix()));
                let lines = if Some(first.get()) == header_key {
                    split_header(lines).1
                } else {
                    lines
                };
                self.comments(&trim_blank(lines));
            }
            let name: Vec<String> = keys.iter().map(|k| k.display_repr().into_owned()).collect();
            let mut bare = value.clone();
            bare.decor_mut().clear();
            clean(&mut bare);
            let comment = suffix(raw(value.decor().suffix()));
            self.line(&format!("{} = {bare}{comment}", name.join(".")));
        }
        for (_, key, item) in children {
            let mut inner = path.to_vec();
            inner.push(key);
            let shape = shape.child(key.get());
            match item {
                Item::Table(child) => self.table(child, &inner, shape),
                Item::ArrayOfTables(array) => {
                    for child in ordered(array, shape) {
                        self.array_table(child, &inner, shape);
                    }
                }
                Item::Value(_) | Item::None => {}
            }
        }
    }
}

/// The tables of an array in canonical order: editions by their `effective` date
/// (those without a readable date last, in file order), anything else as written.
fn ordered(array: &ArrayOfTables, shape: Shape) -> Vec<&Table> {
    let mut tables: Vec<&Table> = array.iter().collect();
    if shape == Shape::Edition {
        tables.sort_by_key(|t| effective(t).map_or((1, None), |d| (0, Some(d))));
    }
    tables
}

/// An edition's `effective` date, written as a TOML date or a quoted one.
fn effective(edition: &Table) -> Option<NaiveDate> {
    match edition.get("effective")?.as_value()? {
        Value::Datetime(d) => {
            let date = d.value().date?;
            if d.value().time.is_some() {
                return None;
            }
            NaiveDate::from_ymd_opt(
                i32::from(date.year),
                u32::from(date.month),
                u32::from(date.day),
            )
        }
        Value::String(s) => NaiveDate::parse_from_str(s.value(), "%Y-%m-%d").ok(),
        Value::Integer(_) | Value::Float(_) | Value::Boolean(_) | Value::Array(_) => None,
        Value::InlineTable(_) => None,
    }
}

/// A header's dotted path, as its keys are written.
fn header_path(path: &[&Key]) -> String {
    path.iter()
        .map(|k| k.display_repr().into_owned())
        .collect::<Vec<_>>()
        .join(".")
}

/// The root's first key and its comment: the part before the comment's last blank
/// line is the file's header, written first whatever key comes first.
fn header_of(root: &Table) -> (Vec<String>, Option<String>) {
    let Some((name, _)) = root.iter().find(|(_, item)| item.is_value()) else {
        return (Vec::new(), None);
    };
    let Some(key) = root.key(name) else {
        return (Vec::new(), None);
    };
    let (header, _) = split_header(comment_lines(raw(key.leaf_decor().prefix())));
    (trim_blank(header), Some(name.to_owned()))
}

/// Splits comment lines at the last blank line: what is before it, and what is after
/// it (attached to the key that follows).
fn split_header(lines: Vec<String>) -> (Vec<String>, Vec<String>) {
    match lines.iter().rposition(String::is_empty) {
        Some(blank) => {
            let mut header = lines;
            let attached = header.split_off(blank);
            (header, attached)
        }
        None => (Vec::new(), lines),
    }
}

/// A decor's text, or nothing.
fn raw(text: Option<&RawString>) -> &str {
    text.and_then(RawString::as_str).unwrap_or_default()
}

/// The lines of a stretch of whitespace and comments: each comment trimmed, each
/// blank line empty, runs of blank lines made one. The text after the last line
/// break (the indentation of what follows) is dropped.
fn comment_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut parts: Vec<&str> = text.split('\n').collect();
    parts.pop();
    for part in parts {
        let line = part.trim();
        if line.is_empty() && lines.last().is_some_and(String::is_empty) {
            continue;
        }
        lines.push(line.to_owned());
    }
    lines
}

/// Comment lines without blank lines at either end.
fn trim_blank(mut lines: Vec<String>) -> Vec<String> {
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    let first = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    lines.split_off(first)
}

/// The comment that ends a line, with one space before it; or nothing.
fn suffix(text: &str) -> String {
    let comment = text.trim();
    if comment.starts_with('#') {
        format!(" {comment}")
    } else {
        String::new()
    }
}

/// Removes the whitespace at the end of every line inside an array or inline table
/// (between its items, never inside a string).
fn clean(value: &mut Value) {
    match value {
        Value::Array(array) => {
            for item in array.iter_mut() {
                clean_decor(item.decor_mut());
                clean(item);
            }
            let trailing = strip_line_ends(raw(Some(array.trailing())));
            array.set_trailing(trailing);
        }
        Value::InlineTable(table) => {
            for (mut key, item) in table.iter_mut() {
                clean_decor(key.leaf_decor_mut());
                clean_decor(item.decor_mut());
                clean(item);
            }
        }
        Value::String(_)
        | Value::Integer(_)
        | Value::Float(_)
        | Value::Boolean(_)
        | Value::Datetime(_) => {}
    }
}

fn clean_decor(decor: &mut toml_edit::Decor) {
    let prefix = decor.prefix().map(|p| strip_line_ends(raw(Some(p))));
    let suffix = decor.suffix().map(|s| strip_line_ends(raw(Some(s))));
    if let Some(prefix) = prefix {
        decor.set_prefix(prefix);
    }
    if let Some(suffix) = suffix {
        decor.set_suffix(suffix);
    }
}

/// `text` without spaces, tabs and carriage returns before each line break.
fn strip_line_ends(text: &str) -> String {
    let mut lines: Vec<&str> = text.split('\n').collect();
    let last = lines.pop().unwrap_or_default();
    let mut out: String = lines
        .iter()
        .map(|l| format!("{}\n", l.trim_end_matches([' ', '\t', '\r'])))
        .collect();
    out.push_str(last);
    out
}

#[cfg(test)]
mod tests;
