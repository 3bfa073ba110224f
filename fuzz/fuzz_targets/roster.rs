//! The roster reader: CSV text, and files of any bytes (CSV in any encoding, or a
//! workbook), read or refused with a place; the workers read are audited.
#![no_main]

use std::sync::OnceLock;

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use peercert_core::audit::{Audit, AuditOptions};
use peercert_core::roster::{self, Roster};
use peercert_fuzz::{check_refusal, library};

/// Where the bytes are written for `Roster::open`, which reads a file.
fn path() -> &'static std::path::Path {
    static PATH: OnceLock<std::path::PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("peercert-fuzz-roster-{}.csv", std::process::id()))
    })
}

fuzz_target!(|data: &[u8]| {
    let library = library();
    let options = AuditOptions {
        as_of: NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date"),
        credential: None,
        due_within: Some(30),
        windows: vec![30, 60],
    };
    let mut audit = Audit::new(&options);
    if let Ok(text) = std::str::from_utf8(data) {
        for result in roster::read("r.csv", text, library) {
            match result {
                Ok(worker) => audit.add_record(library, &worker.record, &worker.place),
                Err(problem) => {
                    let message = problem.to_string();
                    check_refusal(&message);
                    assert!(message.contains("r.csv"), "{message}");
                }
            }
        }
    }
    std::fs::write(path(), data).expect("the temporary roster is written");
    match Roster::open(path()) {
        Ok(roster) => roster.read(library, &mut |result| match result {
            Ok(worker) => audit.add_record(library, &worker.record, &worker.place),
            Err(problem) => {
                let message = problem.to_string();
                assert!(message.contains("peercert-fuzz-roster"), "{message}");
            }
        }),
        Err(e) => check_refusal(&e.to_string()),
    }
    audit.finish();
    serde_json::to_string(&audit).expect("the audit serialises");
});
