//! The record loader: any bytes load as a record or are refused with messages that
//! render; a record that loads plans against every shipped credential.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use peercert_core::error::source_from_bytes;
use peercert_core::{PlanOptions, Record, plan};
use peercert_fuzz::{check_refusal, library};

fuzz_target!(|data: &[u8]| {
    let library = library();
    let source = match source_from_bytes("r.toml", data) {
        Ok(source) => source,
        // Not text, or too large: a sentence the command prefixes with `error:`.
        Err(e) => return assert!(!e.to_string().is_empty()),
    };
    match Record::parse(&source, library) {
        Ok(record) => {
            let as_of = NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date");
            let options = PlanOptions {
                horizon: true,
                catalog: None,
            };
            for ruleset in library.rulesets() {
                let _ = plan(ruleset, &record, as_of, options);
            }
        }
        Err(e) => check_refusal(&e.to_string()),
    }
});
