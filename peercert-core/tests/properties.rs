//! Properties of the evaluator, each over generated records and every shipped
//! credential. Records are built through the entry language, so each is valid: a
//! generated entry the record refuses (a duplicate) is left out.
//!
//! Each property tries 24 records by default; `PROPTEST_CASES` sets another number
//! (`.ci/run` sets more).
// `cfg(test)` (always true here) lets clippy treat the helpers as test code.
#![cfg(test)]

use std::sync::LazyLock;

use chrono::{Days, NaiveDate};
use peercert_core::record::{Entry, edit, entry};
use peercert_core::report::Measure;
use peercert_core::{Evaluation, Library, Record, RequirementResult, Source, Standing, evaluate};
use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::Value;

static LIBRARY: LazyLock<Library> = LazyLock::new(|| Library::embedded().unwrap());

/// The record every generated record starts from: a worker and nothing else.
const EMPTY: &str = "[worker]\nid = \"W-1\"\nname = \"Dana Cole\"\n";

fn config() -> Config {
    let mut config = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 24;
    }
    config
}

fn date(days: impl Into<u64>) -> NaiveDate {
    NaiveDate::from_ymd_opt(2018, 1, 1).unwrap() + Days::new(days.into() % 4_800)
}

fn pick<'a>(items: &[&'a str], i: usize) -> &'a str {
    items[i % items.len()]
}

/// One generated entry, in the entry language, from a kind and five numbers.
fn spec_text(kind: u8, n: [u16; 5], credentials: bool) -> String {
    let library = &*LIBRARY;
    let ids: Vec<&str> = library.ids().map(|id| id.as_str()).collect();
    let topics: Vec<&str> = library.topics().iter().map(|t| t.id.as_str()).collect();
    let formats = ["in-person", "live-online", "self-paced"];
    let [a, b, c, d, e] = n.map(usize::from);
    let date = |n: usize| date(n as u64);
    let hours = |h: usize, most: usize| {
        let h = 1 + h % (most * 100);
        format!("{}.{:02}h", h / 100, h % 100)
    };
    match kind % if credentials { 8 } else { 7 } {
        0 | 1 => {
            let topic = match c % 4 {
                0 => String::new(),
                1 => {
                    let (t, u) = (pick(&topics, d), pick(&topics, d / 7 + 1));
                    if t == u {
                        format!(" {t}")
                    } else {
                        format!(" {t}=1,{u}=0.5")
                    }
                }
                _ => format!(" {}", pick(&topics, d)),
            };
            let format = match e % 4 {
                0 => String::new(),
                f => format!(" {}", formats[f - 1]),
            };
            // A course needs a title to be written into a file.
            let title = format!(" \"Course {}\"", e % 5);
            format!(
                "training: {}{topic}{format} {}{title}",
                hours(a, 12),
                date(b)
            )
        }
        2 => format!(
            "supervision: {} {} {}",
            hours(a, 10),
            pick(&topics, c),
            date(b)
        ),
        3 => {
            let days = c % 200;
            let from = date(b);
            let to = from + Days::new(days as u64);
            format!(
                "experience: {}h {from}..{to}{}",
                1 + a % (8 * (days + 1)),
                if d % 2 == 0 { " supervised" } else { "" }
            )
        }
        4 => {
            let exams = library.exam_ids();
            let result = if c % 3 == 0 {
                "passed".to_owned()
            } else {
                (d % 1_001).to_string()
            };
            format!("exam: {} {result} {}", pick(&exams, a), date(b))
        }
        5 => format!(
            "attestation: {} {}",
            pick(&library.attestation_kinds(), a),
            date(b)
        ),
        6 => {
            let kinds = [
                "application",
                "exam",
                "certification",
                "renewal",
                "late",
                "reinstatement",
            ];
            let cents = 100 + c * 7 % 40_000;
            format!(
                "payment: {} {}.{:02} {}",
                pick(&kinds, a),
                cents / 100,
                cents % 100,
                date(b)
            )
        }
        _ => {
            let from = date(b);
            let to = from
                .checked_add_months(chrono::Months::new(6 + (c % 36) as u32))
                .unwrap();
            format!(
                "credential: {} {from}..{to}{}",
                pick(&ids, a),
                if d % 5 == 0 { " provisional" } else { "" }
            )
        }
    }
}

/// Entries in the entry language: up to 3 credentials and up to 14 other entries.
fn specs() -> impl Strategy<Value = Vec<String>> {
    let held = prop::collection::vec(any::<[u16; 5]>(), 0..=3)
        .prop_map(|all| all.into_iter().map(|n| spec_text(7, n, true)).collect());
    let other = prop::collection::vec((any::<u8>(), any::<[u16; 5]>()), 0..=14).prop_map(|all| {
        all.into_iter()
            .map(|(kind, n)| spec_text(kind, n, false))
            .collect::<Vec<_>>()
    });
    (held, other).prop_map(|(mut held, other): (Vec<String>, Vec<String>)| {
        held.extend(other);
        held
    })
}

/// The record of `specs` (those the record accepts, in order) and the entries added.
fn build(specs: &[String]) -> (Record, Vec<Entry>) {
    let mut record = Record::parse(&Source::new("w.toml", EMPTY), &*LIBRARY).unwrap();
    let mut added = Vec::new();
    for spec in specs {
        if let Ok(entry) = entry::add(&mut record, &Source::new("spec", spec.as_str()), &*LIBRARY) {
            added.push(entry);
        }
    }
    (record, added)
}

/// The record file holding `entries` in this order, and the record it reads as.
fn written(entries: &[&Entry]) -> Record {
    let mut text = EMPTY.to_owned();
    for entry in entries {
        text = edit::append(&text, entry).unwrap();
    }
    Record::parse(&Source::new("w.toml", text.as_str()), &*LIBRARY)
        .unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// The dates answers are asked on.
fn days() -> impl Strategy<Value = Vec<NaiveDate>> {
    prop::collection::vec(any::<u16>(), 1..=3).prop_map(|days| days.into_iter().map(date).collect())
}

/// Every requirement of an answer, with the alternatives inside one-of requirements.
fn requirements(e: &Evaluation) -> Vec<(String, &RequirementResult)> {
    fn walk<'a>(
        prefix: &str,
        r: &'a RequirementResult,
        out: &mut Vec<(String, &'a RequirementResult)>,
    ) {
        let id = format!("{prefix}{}", r.id);
        for option in &r.options {
            walk(&format!("{id}/"), option, out);
        }
        out.push((id, r));
    }
    let mut out = Vec::new();
    for r in &e.requirements {
        walk("", r, &mut out);
    }
    out
}

fn amount(m: Measure) -> i128 {
    match m {
        Measure::Hours(h) => i128::from(h.hundredths()),
        Measure::Score(n) | Measure::Count(n) => i128::from(n),
    }
}

/// An answer without where its entries stand in the record, which the order of the
/// record's entries decides: the places, and the order of entries of one day.
fn without_places(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for key in ["line", "added"] {
                map.remove(key);
            }
            for (_, v) in map.iter_mut() {
                without_places(v);
            }
        }
        Value::Array(items) => {
            for item in items.iter_mut() {
                without_places(item);
            }
            if items.iter().all(|i| i.get("entry").is_some()) {
                items.sort_by_key(|i| i.to_string());
            }
        }
        _ => {}
    }
}

fn answer(e: &Evaluation) -> Value {
    let mut value = serde_json::to_value(e).unwrap();
    without_places(&mut value);
    value
}

proptest! {
    #![proptest_config(config())]

    /// Adding an entry (of any kind but a credential, which starts a new cycle)
    /// never lowers any requirement's completed amount.
    #[test]
    fn adding_an_entry_never_lowers_a_completed_amount(
        specs in specs(),
        more in (any::<u8>(), any::<[u16; 5]>()),
        days in days(),
    ) {
        let (record, _) = build(&specs);
        let mut bigger = record.clone();
        let extra = spec_text(more.0, more.1, false);
        prop_assume!(entry::add(&mut bigger, &Source::new("spec", extra.as_str()), &*LIBRARY).is_ok());
        for ruleset in LIBRARY.rulesets() {
            for &as_of in &days {
                let (Ok(before), Ok(after)) =
                    (evaluate(ruleset, &record, as_of), evaluate(ruleset, &bigger, as_of))
                else {
                    continue;
                };
                prop_assert_eq!(before.purpose, after.purpose);
                let after_all = requirements(&after);
                for (id, was) in requirements(&before) {
                    if let Some((_, now)) = after_all.iter().find(|(i, _)| *i == id) {
                        prop_assert!(
                            amount(now.completed) >= amount(was.completed),
                            "{} on {as_of}: `{id}` completed {} before `{extra}`, {} after",
                            ruleset.id, was.completed, now.completed
                        );
                    }
                }
            }
        }
    }

    /// The order of a record's entries never changes an answer.
    #[test]
    fn the_order_of_entries_never_changes_an_answer(
        specs in specs(),
        seed in any::<u64>(),
        days in days(),
    ) {
        let (_, entries) = build(&specs);
        let mut shuffled: Vec<&Entry> = entries.iter().collect();
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let in_order = written(&entries.iter().collect::<Vec<_>>());
        let reordered = written(&shuffled);
        for ruleset in LIBRARY.rulesets() {
            for &as_of in &days {
                let a = evaluate(ruleset, &in_order, as_of).map(|e| answer(&e));
                let b = evaluate(ruleset, &reordered, as_of).map(|e| answer(&e));
                prop_assert_eq!(a.ok(), b.ok(), "{} on {}", ruleset.id, as_of);
            }
        }
    }

    /// Moving the date of the answer forward never turns a lapsed credential into a
    /// current one, unless the record holds a credential issued in between.
    #[test]
    fn a_later_date_never_revives_a_lapsed_credential(
        specs in specs(),
        from in any::<u16>(),
        ahead in 1u16..2_000,
    ) {
        let (record, _) = build(&specs);
        let (early, late) = (date(from), date(from) + Days::new(u64::from(ahead)));
        for ruleset in LIBRARY.rulesets() {
            let (Ok(before), Ok(after)) =
                (evaluate(ruleset, &record, early), evaluate(ruleset, &record, late))
            else {
                continue;
            };
            if matches!(before.standing, Standing::Lapsed { .. })
                && matches!(after.standing, Standing::Open { .. } | Standing::Provisional { .. })
            {
                let renewed = record
                    .credentials
                    .iter()
                    .any(|c| c.issued > early && c.issued <= late);
                prop_assert!(
                    renewed,
                    "{}: lapsed on {early}, {:?} on {late}, with no credential issued between",
                    ruleset.id, after.standing
                );
            }
        }
    }

    /// An overlay that adds nothing to its base answers exactly as its base does.
    #[test]
    fn an_overlay_that_adds_nothing_answers_like_its_base(
        specs in specs(),
        days in days(),
    ) {
        let (record, _) = build(&specs);
        for base in LIBRARY.rulesets() {
            let overlay = OVERLAYS.find(&same_id(base)).unwrap();
            for &as_of in &days {
                let a = evaluate(base, &record, as_of).map(|e| same_answer(&e));
                let b = evaluate(overlay, &record, as_of).map(|e| same_answer(&e));
                prop_assert_eq!(a.ok(), b.ok(), "{} on {}", base.id, as_of);
            }
        }
    }

    /// Each hour requirement's completed amount is the sum of the hours its evidence
    /// counted.
    #[test]
    fn a_completed_amount_is_the_sum_of_its_evidence(
        specs in specs(),
        days in days(),
    ) {
        let (record, _) = build(&specs);
        for ruleset in LIBRARY.rulesets() {
            for &as_of in &days {
                let Ok(e) = evaluate(ruleset, &record, as_of) else {
                    continue;
                };
                for (id, r) in requirements(&e) {
                    let Measure::Hours(completed) = r.completed else {
                        continue;
                    };
                    if !r.options.is_empty() {
                        continue;
                    }
                    let sum: peercert_core::Hours =
                        r.evidence.iter().filter_map(|e| e.counted).sum();
                    prop_assert_eq!(
                        completed, sum,
                        "{} on {}: `{}`", ruleset.id, as_of, id
                    );
                }
            }
        }
    }
}

/// The id of the overlay of `base` that adds nothing.
fn same_id(base: &peercert_core::RuleSet) -> String {
    format!("same/{}", base.id.as_str().replace('/', "-"))
}

/// Every shipped rule set, and beside each an overlay of it that adds nothing: one
/// edition, from the base's first, with no requirement, fee or phase.
static OVERLAYS: LazyLock<Library> = LazyLock::new(|| {
    let mut library = LIBRARY.clone();
    let sources = LIBRARY
        .rulesets()
        .map(|base| {
            let text = format!(
                "id = \"{id}\"\nname = \"Same as {base_id}\"\njurisdiction = \"Test\"\nboard = \"Test\"\nextends = \"{base_id}\"\nsources = [\"https://example.org/same\"]\nverified = {verified}\n\n[[edition]]\neffective = {effective}\n",
                id = same_id(base),
                base_id = base.id,
                verified = base.verified,
                effective = base.editions[0].effective,
            );
            Source::new(format!("{}.toml", same_id(base)), text)
        })
        .collect();
    let problems = library.add_sources(sources);
    assert!(
        problems.is_empty(),
        "{}",
        problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
    library
});

/// An answer without the names of its credential, which an overlay has its own of.
fn same_answer(e: &Evaluation) -> Value {
    let mut value = answer(e);
    if let Value::Object(map) = &mut value {
        for key in ["credential", "credential_info"] {
            map.remove(key);
        }
    }
    value
}
