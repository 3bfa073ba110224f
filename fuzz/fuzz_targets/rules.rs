//! The rule-set loader, overlays included: the input is one or more rule files
//! (separated by a line `#---`) added to the shipped library; each loads or is
//! refused with messages that render, and every rule set that loads evaluates and
//! plans an example record.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use peercert_core::{PlanOptions, Record, Source, plan};
use peercert_fuzz::library;

const RECORD: &str = include_str!("../../examples/renewal-due.toml");

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut library = library().clone();
    let before: Vec<_> = library.ids().cloned().collect();
    let sources = text
        .split("\n#---\n")
        .take(4)
        .enumerate()
        .map(|(i, file)| Source::new(format!("f{i}.toml"), file))
        .collect();
    // A rule file's own problems render as diagnostics (`error: …`); the library's,
    // such as two files of one id, are sentences the command prefixes.
    for problem in library.add_sources(sources) {
        assert!(!problem.to_string().is_empty());
    }
    let record = Record::parse(&Source::new("r.toml", RECORD), &library).expect("example loads");
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date");
    for ruleset in library.rulesets().filter(|r| !before.contains(&r.id)) {
        let _ = plan(
            ruleset,
            &record,
            as_of,
            PlanOptions {
                horizon: true,
                catalog: None,
            },
        );
    }
});
