//! Golden tests of `record::edit::append`: hand-written records (`tests/fixtures/edit/`)
//! with comments in odd places, CR LF line endings, a byte-order mark, inline arrays
//! and dotted keys, each put through the same sequence of entries of every kind,
//! interleaved. Each step must keep every byte of the text before it and read back as
//! that record plus exactly the new entry; the last text must equal, byte for byte, the
//! reviewed file in `tests/fixtures/edit/expected/`.
//!
//! When the result differs from the expected file, it is written beside it as
//! `NAME.toml.new`: review it, and only if it is right, move it over the expected file.
#![cfg(test)]

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use chrono::NaiveDate;
use peercert_core::id::{CredentialId, TopicId};
use peercert_core::record::{Entry, HeldCredential, Place, Record, edit, entry};
use peercert_core::{Hours, Library, Source};

static LIBRARY: LazyLock<Library> = LazyLock::new(|| Library::embedded().unwrap());

fn day(text: &str) -> NaiveDate {
    peercert_core::quantity::parse_iso_date(text).unwrap()
}

/// An entry written on one line, as `plan --with` takes it.
fn one_line(line: &str) -> Entry {
    entry::parse(&Source::new("entry", line), &*LIBRARY, Place::Added(1)).unwrap()
}

/// The entries logged, in order: every kind, a kind's entries not one after another.
fn steps() -> Vec<Entry> {
    let Entry::Training(mut refresher) = one_line("training: 6h ethics live-online 2026-12-01")
    else {
        unreachable!()
    };
    refresher.title = Some("Ethics Refresher".to_owned());
    refresher.provider = Some("Example Training Institute".to_owned());
    refresher.certificate = Some("ETI-2026-1201".to_owned());
    let Entry::Training(mut self_care) = one_line("training: 1.5h self-paced 2026-12-02") else {
        unreachable!()
    };
    self_care.title = Some("Self-Care for \"Peer\" Workers".to_owned());
    let Entry::Training(mut workshop) = one_line("training: 10h in-person 2026-12-03") else {
        unreachable!()
    };
    workshop.title = Some("Advocacy and Ethics Workshop".to_owned());
    workshop.topics = vec![
        (TopicId::new("advocacy").unwrap(), Hours::from_whole(4)),
        (TopicId::new("ethics").unwrap(), Hours::from_hundredths(250)),
    ];
    let Entry::Payment(mut payment) = one_line("payment: renewal 100 2026-12-20") else {
        unreachable!()
    };
    payment.credential = Some(CredentialId::new("pa/crs").unwrap());
    let credential = HeldCredential {
        id: CredentialId::new("nj/icprs").unwrap(),
        number: Some("ICPRS-777".to_owned()),
        issued: day("2027-01-15"),
        expires: day("2029-01-15"),
        provisional: false,
        place: Place::Added(1),
    };
    vec![
        Entry::Training(refresher),
        one_line("exam: icrc-pr 540 2027-01-10"),
        one_line("supervision: 2h 2026-12-15"),
        Entry::Training(self_care),
        Entry::Payment(payment),
        Entry::Credential(credential),
        one_line("attestation: code-of-ethics 2026-12-01"),
        one_line("experience: 120h 2026-09-01..2026-11-30 supervised"),
        Entry::Training(workshop),
        one_line("exam: pcb-crs passed 2027-02-01"),
    ]
}

/// The record with every place the same, to compare entries only.
fn without_places(record: &Record) -> Record {
    let mut record = record.clone();
    record
        .credentials
        .iter_mut()
        .for_each(|e| e.place = Place::Renewal);
    record
        .trainings
        .iter_mut()
        .for_each(|e| e.place = Place::Renewal);
    record
        .exams
        .iter_mut()
        .for_each(|e| e.place = Place::Renewal);
    record
        .experience
        .iter_mut()
        .for_each(|e| e.place = Place::Renewal);
    record
        .supervision
        .iter_mut()
        .for_each(|e| e.place = Place::Renewal);
    record
        .payments
        .iter_mut()
        .for_each(|e| e.place = Place::Renewal);
    record
        .attestations
        .iter_mut()
        .for_each(|e| e.place = Place::Renewal);
    record
}

/// `record` with `entry` added last of its kind.
fn plus(record: &Record, entry: Entry) -> Record {
    let mut record = record.clone();
    match entry {
        Entry::Credential(e) => record.credentials.push(e),
        Entry::Training(e) => record.trainings.push(e),
        Entry::Exam(e) => record.exams.push(e),
        Entry::Experience(e) => record.experience.push(e),
        Entry::Supervision(e) => record.supervision.push(e),
        Entry::Payment(e) => record.payments.push(e),
        Entry::Attestation(e) => record.attestations.push(e),
    }
    without_places(&record)
}

/// Checks that `after` is `before` with bytes inserted and none removed, changed or
/// moved: every byte of `before` is found in `after`, in order. Returns how many bytes
/// were added.
fn only_inserted(before: &str, after: &str) -> usize {
    let mut rest = after.as_bytes().iter();
    for (i, byte) in before.as_bytes().iter().enumerate() {
        assert!(
            rest.any(|b| b == byte),
            "byte {i} of the text before ({:?}) is not in the text after, in order:\n{after}",
            char::from(*byte)
        );
    }
    after.len() - before.len()
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/edit")
}

/// Puts the fixture `name` through every step and compares it with its expected text.
fn golden(name: &str) {
    let path = fixtures().join(format!("{name}.toml"));
    let original = String::from_utf8(std::fs::read(&path).unwrap()).unwrap();
    let read = |text: &str| Record::parse(&Source::new(name, text), &*LIBRARY).unwrap();
    let mut text = original.clone();
    let mut record = read(&text);
    for (n, entry) in steps().into_iter().enumerate() {
        let next =
            edit::append(&text, &entry).unwrap_or_else(|e| panic!("{name}, step {}: {e}", n + 1));
        only_inserted(&text, &next);
        let reread = read(&next);
        assert_eq!(
            without_places(&reread),
            plus(&record, entry),
            "{name}, step {}",
            n + 1
        );
        (text, record) = (next, reread);
    }
    only_inserted(&original, &text);
    compare(name, &text);
}

/// Compares `text` with the expected text of the fixture `name`.
fn compare(name: &str, text: &str) {
    let expected_path = fixtures().join("expected").join(format!("{name}.toml"));
    let expected = std::fs::read(&expected_path).unwrap_or_default();
    if expected != text.as_bytes() {
        let new = expected_path.with_extension("toml.new");
        std::fs::write(&new, text).unwrap();
        panic!(
            "{name}: the result differs from {}; it is written to {}",
            expected_path.display(),
            new.display()
        );
    }
}

/// Comments above, beside, between and under entries; a floating comment; one that
/// ends the file with no line break; blank lines in runs; literal strings; keys in the
/// author's order.
#[test]
fn comments_in_odd_places() {
    golden("commented");
}

/// Every line ends in CR LF; a literal string holds a `#`.
#[test]
fn crlf_line_endings() {
    golden("crlf");
}

/// A byte-order mark, CR LF, and no line break at the end, as Notepad saves a file.
#[test]
fn byte_order_mark() {
    golden("bom");
}

/// Entries as inline arrays: on one line, one element a line with and without a
/// trailing comma, empty; a kind the file does not have goes at its end as a table.
#[test]
fn inline_arrays() {
    golden("inline");
}

/// Dotted keys at the top and in an entry, and a sub-table of the last course written
/// after another kind's entry.
#[test]
fn dotted_keys() {
    golden("dotted");
}

/// The record format's example, every kind already there.
#[test]
fn every_kind() {
    golden("every_kind");
}

/// No entry at all: each kind's first goes at the end.
#[test]
fn worker_only() {
    golden("worker_only");
}

/// A course logged again on its day, on purpose (`AddOptions::allow_duplicate`): after
/// the file's `repeat = 2`, the third time is written with `repeat = 3` and reads back
/// as it; a course the record does not have gets none.
#[test]
fn a_course_logged_again() {
    let name = "repeat";
    let original = std::fs::read_to_string(fixtures().join(format!("{name}.toml"))).unwrap();
    let options = entry::AddOptions {
        default_date: Some(day("2026-12-01")),
        allow_duplicate: true,
    };
    let mut text = original.clone();
    let logs = [
        (
            r#"training: 1h ethics live-online "CE Hour: Ethics""#,
            Some(3),
        ),
        (
            r#"training: 1h ethics live-online "CE Hour: Boundaries""#,
            None,
        ),
    ];
    for (n, (line, repeat)) in logs.into_iter().enumerate() {
        let mut record = Record::parse(&Source::new(name, &text), &*LIBRARY).unwrap();
        let added = entry::add_with(&mut record, &Source::new("log", line), &*LIBRARY, options)
            .unwrap_or_else(|e| panic!("log {}: {e}", n + 1));
        let Entry::Training(course) = &added else {
            panic!("{added:?}")
        };
        assert_eq!(course.repeat, repeat, "log {}", n + 1);
        let next = edit::append(&text, &added).unwrap();
        only_inserted(&text, &next);
        let reread = Record::parse(&Source::new(name, &next), &*LIBRARY).unwrap();
        assert_eq!(
            without_places(&reread),
            without_places(&record),
            "log {}",
            n + 1
        );
        text = next;
    }
    let times: Vec<Option<u8>> = Record::parse(&Source::new(name, &text), &*LIBRARY)
        .unwrap()
        .trainings
        .iter()
        .map(|t| t.repeat)
        .collect();
    assert_eq!(times, [None, Some(2), Some(3), None]);
    only_inserted(&original, &text);
    compare(name, &text);
}
