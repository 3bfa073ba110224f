//! Benchmarks of reading a record file: a valid record of 1,000, 10,000 and 38,000
//! entries (38,000 is about 4 MiB, the size limit of a record), so that the cost per
//! entry can be seen to stay the same as a record grows. The entries are mostly
//! courses, with exams, statements, supervision and payments among them, so that
//! every check a record's entries go through (topics, exam ids, attestation kinds,
//! duplicates, line numbers) is measured.
//!
//! Run with `cargo bench -p peercert-core --bench load`.

use std::fmt::Write as _;

use chrono::{Days, NaiveDate};
use divan::Bencher;
use peercert_core::{Library, Record, Source};

fn main() {
    divan::main();
}

/// A valid record of `n` entries, about 110 bytes each.
fn record(n: usize) -> String {
    let mut text = String::from(
        "[worker]\nid = \"W-LOAD\"\nname = \"Load Worker\"\n\n[[credential]]\nid = \"pa/crs\"\nissued = 2025-02-01\nexpires = 2027-02-01\n",
    );
    let start = NaiveDate::from_ymd_opt(1950, 1, 1).unwrap_or_default();
    let topics = ["ethics", "confidentiality", "advocacy", "boundaries"];
    for i in 1..n {
        let day = start
            .checked_add_days(Days::new(u64::try_from(i).unwrap_or(0)))
            .unwrap_or(start);
        let topic = topics.get(i % topics.len()).copied().unwrap_or("ethics");
        let _ = match i % 20 {
            0 => write!(
                text,
                "\n[[exam]]\nid = \"pcb-crs\"\ndate = {day}\nscore = {}\n",
                i % 100
            ),
            1 => write!(
                text,
                "\n[[attestation]]\nkind = \"code-of-ethics\"\ndate = {day}\n"
            ),
            2 => write!(
                text,
                "\n[[supervision]]\ndate = {day}\nhours = {}\n",
                1 + i % 7
            ),
            3 => write!(
                text,
                "\n[[payment]]\nkind = \"renewal\"\namount = {}\ndate = {day}\n",
                100 + i
            ),
            _ => write!(
                text,
                "\n[[training]]\ndate = {day}\ntitle = \"Course {i}\"\nhours = {}\ntopic = \"{topic}\"\nformat = \"live-online\"\n",
                1 + i % 9
            ),
        };
    }
    text
}

#[divan::bench(args = [1_000, 10_000, 38_000])]
fn load_record(bencher: Bencher, entries: usize) {
    let library = match Library::embedded() {
        Ok(library) => library,
        Err(e) => return eprintln!("{e}"),
    };
    let source = Source::new("load.toml", record(entries));
    if let Err(e) = Record::parse(&source, &library) {
        return eprintln!("{e}");
    }
    bencher
        .counter(divan::counter::BytesCount::of_str(&source.text))
        .bench(|| Record::parse(divan::black_box(&source), &library).map(|r| r.trainings.len()));
}

/// The same text parsed as a plain TOML table, checking nothing: the floor a
/// record's loading is measured against.
#[divan::bench(args = [1_000, 10_000, 38_000])]
fn plain_toml_table(bencher: Bencher, entries: usize) {
    let text = record(entries);
    bencher
        .counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| {
            divan::black_box(&text)
                .parse::<toml::Table>()
                .map(|t| t.len())
        });
}
