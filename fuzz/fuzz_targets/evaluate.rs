//! Evaluate, plan and the audit row of arbitrary valid records, against every
//! shipped credential, on arbitrary dates: never a panic, and every answer
//! serialises.
#![no_main]

use libfuzzer_sys::fuzz_target;
use peercert_core::audit::{Audit, AuditOptions};
use peercert_core::{PlanOptions, evaluate, plan};
use peercert_fuzz::{Day, Spec, build, library};

fuzz_target!(|input: (Vec<Spec>, Day, bool)| {
    let (specs, day, horizon) = input;
    let library = library();
    let record = build(&specs);
    let as_of = day.date();
    for ruleset in library.rulesets() {
        if let Ok(evaluation) = evaluate(ruleset, &record, as_of) {
            serde_json::to_string(&evaluation).expect("the answer serialises");
        }
        let options = PlanOptions {
            horizon,
            catalog: None,
        };
        if let Ok(p) = plan(ruleset, &record, as_of, options) {
            serde_json::to_string(&p).expect("the plan serialises");
        }
        let options = AuditOptions {
            as_of,
            credential: Some(ruleset.id.clone()),
            due_within: Some(30),
            windows: vec![30, 90],
        };
        let mut audit = Audit::new(&options);
        audit.add_record(library, &record, "w.toml");
        audit.finish();
        serde_json::to_string(&audit).expect("the audit serialises");
    }
});
