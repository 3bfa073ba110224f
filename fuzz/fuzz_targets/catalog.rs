//! The catalogue reader: any bytes load as a course catalogue or are refused with
//! messages that render; a catalogue that loads plans an example record against
//! every shipped credential.
#![no_main]

use std::sync::LazyLock;

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use peercert_core::catalog::Catalog;
use peercert_core::error::source_from_bytes;
use peercert_core::{PlanOptions, Record, Source, plan};
use peercert_fuzz::{check_refusal, library};

const RECORD: &str = include_str!("../../examples/ethics-short.toml");

/// The example record, read once.
static LOADED: LazyLock<Record> = LazyLock::new(|| {
    Record::parse(&Source::new("r.toml", RECORD), library()).expect("example loads")
});

fuzz_target!(|data: &[u8]| {
    let library = library();
    let source = match source_from_bytes("c.toml", data) {
        Ok(source) => source,
        // Not text, or too large: a sentence the command prefixes with `error:`.
        Err(e) => return assert!(!e.to_string().is_empty()),
    };
    match Catalog::parse(&source, library) {
        Ok(catalog) => {
            let record = &*LOADED;
            let as_of = NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date");
            let options = PlanOptions {
                horizon: false,
                catalog: Some(&catalog),
            };
            for ruleset in library.rulesets() {
                let _ = plan(ruleset, record, as_of, options);
            }
        }
        Err(e) => check_refusal(&e.to_string()),
    }
});
