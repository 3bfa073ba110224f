//! Every shape problem of a file at once. A file is read as one serde struct, which
//! stops at the first value of the wrong type or unknown key; when the whole file
//! does not read, it is read again part by part, so that one part's mistake hides
//! neither another's nor the checks of the parts that did read. Records, rule sets
//! and course catalogues are all read this way.
//!
//! Each part is read alone, as the file's type, in a file that holds only the part
//! and the tables and arrays around it. A part that does not read is read again
//! value by value, down to the values that are wrong: each is a problem. A part
//! whose values all read alone has a problem of its own (a key it lacks), and so
//! has a file whose parts all read.
//!
//! What is left when every wrong value is taken out is read as the file's type too,
//! so that its own checks still run: an entry of a list of independent entries (a
//! record's `[[training]]`, a catalogue's `[[course]]`) with a wrong value is left
//! out, and any other wrong value takes out the top-level key it is in.

use std::marker::PhantomData;
use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeArray, DeString, DeTable, DeValue, Deserializer};

use crate::diag::{Diagnostic, closest};

/// How one kind of file is read part by part.
pub(crate) struct Parts {
    /// The arrays whose items are independent entries: an item with a wrong value is
    /// left out, and the rest of the file is still checked.
    pub entries: &'static [&'static str],
    /// Words a reading error in the file's terms.
    pub describe: fn(&toml::de::Error, &str) -> Diagnostic,
}

/// Reads `text` as a `T`: the value when the whole file reads; otherwise every
/// problem, and the value made of the parts that read when there is one.
pub(crate) fn read<T: DeserializeOwned>(text: &str, parts: &Parts) -> (Option<T>, Vec<Diagnostic>) {
    match toml::from_str(text) {
        Ok(value) => (Some(value), Vec::new()),
        Err(error) => match DeTable::parse(text) {
            Ok(document) => salvage(document, &error, text, parts),
            Err(_) => (None, vec![(parts.describe)(&error, text)]),
        },
    }
}

/// Reads `document`, which did not read as a `T` whole (`error` says why), part by
/// part: every problem, in file order, and the value made of the parts that read
/// when there is one.
pub(crate) fn salvage<'i, T: DeserializeOwned>(
    document: Spanned<DeTable<'i>>,
    error: &toml::de::Error,
    text: &str,
    parts: &Parts,
) -> (Option<T>, Vec<Diagnostic>) {
    let span = document.span();
    let mut sifter = Sifter::<T> {
        text,
        parts,
        path: Vec::new(),
        problems: Vec::new(),
        read_as: PhantomData,
    };
    let mut kept = DeTable::new();
    let mut dropped = Vec::new();
    for (key, value) in document.into_inner() {
        sifter.path.push(Step::Key(key.clone()));
        let value = match sifter.probe(&value) {
            None => Some(value),
            Some(error) => sifter.sift(value, error),
        };
        sifter.path.pop();
        match value {
            Some(value) => {
                kept.insert(key, value);
            }
            None => dropped.push(key.into_inner().into_owned()),
        }
    }
    let mut problems = sifter.problems;
    if problems.is_empty() {
        return (None, vec![(parts.describe)(error, text)]);
    }
    let value = match T::deserialize(Deserializer::from(Spanned::new(span, kept))) {
        Ok(value) => Some(value),
        Err(e) => {
            if !explained_by(&e, &dropped) {
                problems.push((parts.describe)(&e, text));
            }
            None
        }
    };
    problems.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
    (value, problems)
}

/// A step from a table to one of its values, or from an array to one of its items.
enum Step<'i> {
    Key(Spanned<DeString<'i>>),
    Item,
}

/// A span no value of a file has: the tables and arrays a probe builds around a part
/// have it, so that what is said of them (a key missing beside the part) is never
/// blamed on the part.
const NOWHERE: Range<usize> = usize::MAX..usize::MAX;

/// Reads parts of a file as a `T`, and gathers their problems.
struct Sifter<'a, 'i, T> {
    text: &'a str,
    parts: &'a Parts,
    /// Where the part being read is: the first step is a top-level key.
    path: Vec<Step<'i>>,
    problems: Vec<Diagnostic>,
    read_as: PhantomData<fn() -> T>,
}

impl<'i, T: DeserializeOwned> Sifter<'_, 'i, T> {
    /// What goes wrong reading `value` alone where the path says, if it is the value's
    /// own mistake: something said of a place in the file, as only the value and what
    /// it holds have one.
    fn probe(&self, value: &Spanned<DeValue<'i>>) -> Option<toml::de::Error> {
        let mut inner = value.clone();
        for step in self.path.iter().skip(1).rev() {
            let around = match step {
                Step::Key(key) => {
                    let mut table = DeTable::new();
                    table.insert(key.clone(), inner);
                    DeValue::Table(table)
                }
                Step::Item => {
                    let mut array = DeArray::new();
                    array.push(inner);
                    DeValue::Array(array)
                }
            };
            inner = Spanned::new(NOWHERE, around);
        }
        let mut root = DeTable::new();
        if let Some(Step::Key(key)) = self.path.first() {
            root.insert(key.clone(), inner);
        }
        let error = T::deserialize(Deserializer::from(Spanned::new(NOWHERE, root))).err()?;
        let own = error.span().is_some_and(|span| span != NOWHERE);
        own.then_some(error)
    }

    /// Reads `value`, which does not read alone (`error` says why), value by value:
    /// each problem is gathered, and what is returned is the value with the entries
    /// that do not read left out, or nothing when the value itself is wrong.
    fn sift(
        &mut self,
        value: Spanned<DeValue<'i>>,
        error: toml::de::Error,
    ) -> Option<Spanned<DeValue<'i>>> {
        let before = self.problems.len();
        let span = value.span();
        let kept = match value.into_inner() {
            DeValue::Table(table) => self.sift_table(table, span.clone()),
            DeValue::Array(array) => self.sift_array(array),
            _ => None,
        };
        if self.problems.len() == before {
            self.problems.push((self.parts.describe)(&error, self.text));
            return None;
        }
        kept.map(|kept| Spanned::new(span, kept))
    }

    /// A table's values, each read alone; then the table without the wrong ones, for
    /// what it lacks itself. `None` when any value is wrong.
    fn sift_table(&mut self, table: DeTable<'i>, span: Range<usize>) -> Option<DeValue<'i>> {
        let before = self.problems.len();
        let mut kept = DeTable::new();
        let mut dropped = Vec::new();
        for (key, value) in table {
            self.path.push(Step::Key(key.clone()));
            let value = match self.probe(&value) {
                None => Some(value),
                Some(error) => self.sift(value, error),
            };
            self.path.pop();
            match value {
                Some(value) => {
                    kept.insert(key, value);
                }
                None => dropped.push(key.into_inner().into_owned()),
            }
        }
        if self.problems.len() == before {
            return None;
        }
        let kept = Spanned::new(span.clone(), DeValue::Table(kept));
        match self.probe(&kept) {
            None if dropped.is_empty() => Some(kept.into_inner()),
            None => None,
            Some(e) => {
                if !explained_by(&e, &dropped) {
                    self.problems.push((self.parts.describe)(&e, self.text));
                }
                None
            }
        }
    }

    /// An array's items, each read alone. The items of an array of independent entries
    /// that do not read are left out; `None` when an item of another array is wrong.
    fn sift_array(&mut self, array: DeArray<'i>) -> Option<DeValue<'i>> {
        let entries = matches!(
            self.path.last(),
            Some(Step::Key(key)) if self.parts.entries.contains(&key.get_ref().as_ref())
        );
        let mut kept = DeArray::new();
        let mut whole = true;
        for item in array {
            self.path.push(Step::Item);
            let item = match self.probe(&item) {
                None => Some(item),
                Some(error) => self.sift(item, error),
            };
            self.path.pop();
            match item {
                Some(item) => kept.push(item),
                None => whole &= entries,
            }
        }
        whole.then_some(DeValue::Array(kept))
    }
}

/// Whether `error` says a key is missing that was taken out for a problem of its own,
/// or that a key taken out is a misspelling of (its problem already says so).
fn explained_by(error: &toml::de::Error, dropped: &[String]) -> bool {
    error
        .message()
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
        .is_some_and(|name| {
            dropped
                .iter()
                .any(|d| d == name || closest(d, [name]).is_some())
        })
}
