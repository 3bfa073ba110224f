//! Log-then-load, as a property: `peercert log RECORD ENTRY` on generated records and
//! entries leaves a file that loads as the old record's entries plus exactly the new
//! one, or, when it refuses, the file as it was, byte for byte.
//!
//! 24 cases by default; `PROPTEST_CASES` sets another number (`.ci/run` sets more).

use std::sync::LazyLock;

use peercert_core::record::{Entry, edit, entry};
use peercert_core::{Library, Record, Source};
use proptest::prelude::*;
use proptest::test_runner::Config;

use crate::support::{AS_OF, Run, TempDir, workspace};

static LIBRARY: LazyLock<Library> = LazyLock::new(|| Library::embedded().unwrap());

fn config() -> Config {
    let mut config = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 24;
    }
    config
}

/// The shipped example records, each a record to log into.
const RECORDS: &[&str] = &[
    "examples/eligible.toml",
    "examples/ethics-short.toml",
    "examples/lapsed.toml",
    "examples/renewal-due.toml",
    "examples/agency/alex-morgan.toml",
    "examples/agency/casey-nguyen.toml",
    "examples/agency/hostile-name.toml",
];

/// An entry in the entry language, from a kind and four numbers; dates are left out
/// now and then (the entry is then dated the day it is logged).
fn spec(kind: u8, [a, b, c, d]: [u16; 4]) -> String {
    let library = &*LIBRARY;
    let topics: Vec<&str> = library.topics().iter().map(|t| t.id.as_str()).collect();
    let ids: Vec<&str> = library.ids().map(|id| id.as_str()).collect();
    let pick = |items: &[&str], i: u16| items[usize::from(i) % items.len()].to_owned();
    let day = |n: u16| {
        let date = chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap()
            + chrono::Days::new(u64::from(n % 1_800));
        if n.is_multiple_of(7) {
            String::new()
        } else {
            format!(" {date}")
        }
    };
    let hours = format!("{}.{:02}h", 1 + a % 20, a % 4 * 25);
    match kind % 7 {
        0 => format!(
            "training: {hours} {}{} \"Course {}\"",
            pick(&topics, b),
            day(c),
            d % 3
        ),
        1 => format!("supervision: {hours} {}{}", pick(&topics, b), day(c)),
        2 => format!(
            "exam: {} {}{}",
            pick(&library.exam_ids(), b),
            d % 1_001,
            day(c)
        ),
        3 => format!(
            "attestation: {}{}",
            pick(&library.attestation_kinds(), b),
            day(c)
        ),
        4 => format!("payment: renewal {}.50{}", 1 + b % 500, day(c)),
        5 => format!("experience: {hours} 2025-01-01..2025-0{}-01", 2 + d % 7),
        _ => format!(
            "credential: {} 2025-0{}-01..2027-06-30",
            pick(&ids, b),
            1 + c % 9
        ),
    }
}

/// The entries of a record as they are written, whatever their place, sorted.
fn written(entries: impl Iterator<Item = Entry>) -> Vec<String> {
    let mut all: Vec<String> = entries.map(|e| edit::append("", &e).unwrap()).collect();
    all.sort();
    all
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn log_then_load_gives_the_old_entries_and_the_new_one(
        which in 0..RECORDS.len(),
        kind in any::<u8>(),
        numbers in any::<[u16; 4]>(),
    ) {
        let original = std::fs::read(workspace().join(RECORDS[which])).unwrap();
        let source = Source::new("r.toml", String::from_utf8(original.clone()).unwrap());
        let old = Record::parse(&source, &*LIBRARY).unwrap();
        let line = spec(kind, numbers);
        let dir = TempDir::new("log-property");
        dir.write("r.toml", &original);
        let out = Run::new(&["log", "r.toml", &line, "--as-of", AS_OF])
            .current_dir(dir.path())
            .output();
        let now = std::fs::read(dir.path().join("r.toml")).unwrap();
        // What the library says of the entry, on its own.
        let mut expected = old.clone();
        let options = entry::AddOptions {
            default_date: Some(AS_OF.parse().unwrap()),
            allow_duplicate: false,
        };
        let added = entry::add_with(&mut expected, &Source::new("entry 1", line.as_str()), &*LIBRARY, options);
        if out.contains("exit: 0") {
            let added = added.unwrap_or_else(|e| panic!("logged `{line}`, but the library refuses it:\n{e}"));
            let text = String::from_utf8(now).unwrap();
            let loaded = Record::parse(&Source::new("r.toml", text.as_str()), &*LIBRARY)
                .unwrap_or_else(|e| panic!("{e}\n{text}"));
            let mut want = written(old.entries());
            want.push(edit::append("", &added).unwrap());
            want.sort();
            prop_assert_eq!(written(loaded.entries()), want, "{}\n{}", line, out);
        } else {
            prop_assert!(out.contains("exit: 2"), "{}", out);
            prop_assert!(now == original, "`{}` was refused but the file changed:\n{}", line, out);
        }
    }
}
