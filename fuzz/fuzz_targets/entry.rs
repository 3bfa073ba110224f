//! The entry language: any text is added to a record as a what-if (`plan --with`)
//! or refused with a message pointing into it; an entry that is added is logged
//! (`peercert log`): written into the record file, which then loads as the record
//! with exactly that entry more.
#![no_main]

use std::sync::LazyLock;

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use peercert_core::record::{edit, entry};
use peercert_core::{PlanOptions, Record, Source, plan};
use peercert_fuzz::{check_refusal, library};

const RECORD: &str = include_str!("../../examples/ethics-short.toml");

/// The example record, read once.
static LOADED: LazyLock<Record> = LazyLock::new(|| {
    Record::parse(&Source::new("r.toml", RECORD), library()).expect("example loads")
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let library = library();
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date");
    let mut record = LOADED.clone();
    let before = record.entries().count();
    let given = Source::new("entry 1", text);
    let options = entry::AddOptions {
        default_date: Some(as_of),
        allow_duplicate: text.len() % 2 == 0,
    };
    match entry::add_with(&mut record, &given, library, options) {
        Ok(added) => {
            let ruleset = library.find("pa/crs").expect("shipped");
            let _ = plan(ruleset, &record, as_of, PlanOptions::default());
            // Logged: the file with the entry written reads as the record plus it.
            if let Ok(written) = edit::append(RECORD, &added) {
                let logged = Record::parse(&Source::new("r.toml", written.as_str()), library)
                    .unwrap_or_else(|e| panic!("{e}\n{written}"));
                assert_eq!(logged.entries().count(), before + 1, "{written}");
            }
        }
        Err(e) => {
            let message = e.to_string();
            check_refusal(&message);
            assert!(message.contains("--> entry 1"), "{message}");
        }
    }
});
