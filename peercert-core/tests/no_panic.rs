//! No input may panic the loader or the evaluator: every shipped example record is
//! mutated many times (deterministically) and each result must either load and
//! evaluate, or fail with diagnostics that render.
//!
//! Each input is mutated `PEERCERT_MUTATIONS` times (150 by default, so that the
//! suite stays quick; `.ci/run` sets 1500). Long-running robustness is the fuzz
//! targets' job (`scripts/fuzz.sh`).

use chrono::NaiveDate;
use peercert_core::audit::{Audit, AuditOptions};
use peercert_core::catalog::Catalog;
use peercert_core::record::entry;
use peercert_core::{Library, PlanOptions, Record, Source, plan, roster};

/// How many times each input is mutated: `PEERCERT_MUTATIONS`, or 150.
fn mutations() -> usize {
    std::env::var("PEERCERT_MUTATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(150)
}

/// A tiny deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % (n.max(1) as u64)) as usize
    }
}

const PIECES: &[&str] = &[
    "0",
    "-1",
    "2205-01-01",
    "2025-02-30",
    "\"",
    "[",
    "]]",
    "=",
    "\n",
    "1e308",
    "nan",
    "inf",
    "\"ethcs\"",
    "{ ethics = 99 }",
    "[[training]]\n",
    "[worker]\n",
    "é",
    "\u{0}",
    "99999999999999999999",
    "0.001",
    "true",
    "\"nj/cprs\"",
    "topics",
    "hours",
    "expires",
    "#",
    "'",
    "\"\"\"",
    ",",
    ",,,,",
    "self-paced",
    "training",
    "credential",
    "h ",
    "..",
    ":",
];

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(3) {
            0 => {
                let end = (at + 1 + rng.below(12)).min(bytes.len());
                bytes.drain(at..end);
            }
            1 => {
                let piece = PIECES.get(rng.below(PIECES.len())).copied().unwrap_or("");
                bytes.splice(at..at, piece.bytes());
            }
            _ => {
                if let Some(byte) = bytes.get_mut(at) {
                    *byte = (rng.next() & 0x7f) as u8;
                }
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn mutated_records_never_panic() {
    let library = Library::embedded().unwrap();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let dates = [
        NaiveDate::from_ymd_opt(1900, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        NaiveDate::from_ymd_opt(2100, 12, 31).unwrap(),
    ];
    let (mut loaded, mut refused, mut total) = (0, 0, 0);
    for entry in std::fs::read_dir(root).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for _ in 0..mutations() {
            total += 1;
            let mutated = mutate(&text, &mut rng);
            match Record::parse(&Source::new("m.toml", mutated), &library) {
                Ok(record) => {
                    loaded += 1;
                    for ruleset in library.rulesets() {
                        for as_of in dates {
                            // The plan evaluates first, so both are exercised; the
                            // horizon plans a second cycle on top.
                            let options = PlanOptions {
                                horizon: true,
                                catalog: None,
                            };
                            if let Ok(p) = plan(ruleset, &record, as_of, options) {
                                assert!(!p.summary.is_empty());
                            }
                        }
                    }
                }
                Err(err) => {
                    refused += 1;
                    assert!(err.to_string().starts_with("error"), "{err}");
                }
            }
        }
    }
    // Both outcomes are common: each is more than 1 in 60 of the mutations.
    assert!(
        loaded * 60 > total && refused * 60 > total,
        "loaded {loaded}, refused {refused} of {total}"
    );
}

#[test]
fn mutated_rule_sets_never_panic() {
    let library = Library::embedded().unwrap();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../rules");
    let mut rng = Rng(0x5EED_1234_ABCD_0002);
    let (mut refused, mut total) = (0, 0);
    for state in ["nj", "pa"] {
        for entry in std::fs::read_dir(format!("{root}/{state}")).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for _ in 0..mutations() {
                total += 1;
                let mutated = mutate(&text, &mut rng);
                if let Err(err) =
                    peercert_core::RuleSet::parse(&Source::new("m.toml", mutated), library.topics())
                {
                    refused += 1;
                    assert!(err.to_string().starts_with("error"), "{err}");
                }
            }
        }
    }
    assert!(refused * 60 > total, "refused {refused} of {total}");
}

/// Mutated CSV rosters read, or fail with a place, and audit without panicking.
#[test]
fn mutated_rosters_never_panic() {
    let library = Library::embedded().unwrap();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/agency-roster.csv"
    ))
    .unwrap();
    let options = AuditOptions {
        as_of: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        credential: None,
        due_within: Some(30),
        windows: Vec::new(),
    };
    let mut rng = Rng(0x5EED_1234_ABCD_0003);
    let (mut read, mut refused) = (0, 0);
    let total = 2 * mutations();
    for _ in 0..total {
        let mutated = mutate(&text, &mut rng);
        let mut audit = Audit::new(&options);
        for result in roster::read("r.csv", &mutated, &library) {
            match result {
                Ok(worker) => {
                    read += 1;
                    audit.add_record(&library, &worker.record, &worker.place);
                }
                Err(problem) => {
                    refused += 1;
                    assert!(
                        problem.to_string().starts_with("error"),
                        "{}",
                        problem.to_string()
                    );
                    assert!(
                        problem.to_string().contains("r.csv"),
                        "{}",
                        problem.to_string()
                    );
                }
            }
        }
        audit.finish();
        assert!(serde_json::to_string(&audit).is_ok());
    }
    assert!(
        read * 30 > total && refused * 30 > total,
        "read {read}, refused {refused} of {total}"
    );
}

/// Roster files whose bytes are mutated — CSV in UTF-8, UTF-16 with a byte-order
/// mark and Windows-1252, and the example workbook — open and read, or fail with a
/// place, without panicking.
#[test]
fn mutated_roster_files_never_panic() {
    use peercert_core::roster::Roster;

    let library = Library::embedded().unwrap();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");
    let text = std::fs::read_to_string(format!("{root}/agency-roster.csv")).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    // Windows-1252 writes `é` as the one byte 0xE9.
    let windows: Vec<u8> = text
        .replace("Ellis", "Ell\u{e9}s")
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    let workbook = std::fs::read(format!("{root}/agency-roster.xlsx")).unwrap();
    let dir = std::env::temp_dir().join(format!("peercert-no-panic-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("r.csv");
    let mut rng = Rng(0x5EED_1234_ABCD_0005);
    let (mut read, mut refused) = (0, 0);
    let total = 4 * mutations();
    for original in [text.as_bytes().to_vec(), utf16, windows, workbook] {
        for _ in 0..mutations() {
            let mut bytes = original.clone();
            for _ in 0..1 + rng.below(4) {
                let at = rng.below(bytes.len());
                let byte = (rng.next() & 0xFF) as u8;
                match rng.below(3) {
                    0 => bytes[at] = byte,
                    1 => bytes.insert(at, byte),
                    _ => {
                        bytes.remove(at);
                    }
                }
            }
            std::fs::write(&path, &bytes).unwrap();
            let roster = match Roster::open(&path) {
                Ok(roster) => roster,
                Err(e) => {
                    refused += 1;
                    assert!(e.to_string().starts_with("error: "), "{e}");
                    continue;
                }
            };
            roster.read(&library, &mut |result| match result {
                Ok(_) => read += 1,
                Err(problem) => {
                    refused += 1;
                    assert!(problem.to_string().contains("r.csv"), "{problem}");
                }
            });
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    // Rows read and rows refused: each more than 1 in 6 of the mutated files.
    assert!(
        read * 6 > total && refused * 6 > total,
        "read {read}, refused {refused} of {total} files"
    );
}

/// Mutated catalogues load or fail with diagnostics, and proposing courses from
/// those that load never panics.
#[test]
fn mutated_catalogues_never_panic() {
    let library = Library::embedded().unwrap();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let catalog =
        std::fs::read_to_string(format!("{root}/examples/catalogs/pa-winter.toml")).unwrap();
    let record = Record::read(
        std::path::Path::new(&format!("{root}/examples/ethics-short.toml")),
        &library,
    )
    .unwrap();
    let ruleset = library.find("pa/crs").unwrap();
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut rng = Rng(0x5EED_1234_ABCD_0004);
    let (mut loaded, mut refused) = (0, 0);
    let total = mutations();
    for _ in 0..total {
        let mutated = mutate(&catalog, &mut rng);
        match Catalog::parse(&Source::new("c.toml", mutated), &library) {
            Ok(catalog) => {
                loaded += 1;
                let options = PlanOptions {
                    horizon: false,
                    catalog: Some(&catalog),
                };
                let p = plan(ruleset, &record, as_of, options).unwrap();
                assert!(!p.summary.is_empty());
            }
            Err(err) => {
                refused += 1;
                assert!(err.to_string().starts_with("error"), "{err}");
            }
        }
    }
    assert!(
        loaded * 15 > total && refused * 15 > total,
        "loaded {loaded}, refused {refused} of {total}"
    );
}

/// Mutated what-if entries are added to a record or refused with a message pointing
/// into them, never a panic; a record with one added plans.
#[test]
fn mutated_what_ifs_never_panic() {
    let library = Library::embedded().unwrap();
    let record = Record::read(
        std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../examples/ethics-short.toml"
        )),
        &library,
    )
    .unwrap();
    let ruleset = library.find("pa/crs").unwrap();
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let specs = [
        "training: 6h ethics live-online 2026-12-01",
        "experience: 120h 2026-09-01..2026-11-30 supervised",
        "exam: icrc-pr 540 2027-01-10",
        "payment: renewal 100.00 2026-12-01",
        "supervision: 2h 2026-12-15",
        "attestation: code-of-ethics 2026-12-01",
    ];
    let mut rng = Rng(0x5EED_1234_ABCD_0005);
    let (mut read, mut refused) = (0, 0);
    let total = specs.len() * mutations();
    for spec in specs {
        for _ in 0..mutations() {
            let mut with = record.clone();
            let source = Source::new("--with 1", mutate(spec, &mut rng));
            match entry::add(&mut with, &source, &library) {
                Ok(_) => {
                    read += 1;
                    plan(ruleset, &with, as_of, PlanOptions::default()).unwrap();
                }
                Err(err) => {
                    refused += 1;
                    let message = err.to_string();
                    assert!(message.starts_with("error"), "{message}");
                    assert!(message.contains("--> --with 1:"), "{message}");
                }
            }
        }
    }
    assert!(
        read * 60 > total && refused * 60 > total,
        "read {read}, refused {refused} of {total}"
    );
}

/// Mutated transcripts, badges and mapping files are imported or refused with a
/// place, never a panic; what is imported always makes a record that reads back with
/// exactly those courses more (the promise `peercert import` writes on).
#[test]
fn mutated_imports_never_panic() {
    use peercert_core::import::{self, BadgeCourses, File};
    use peercert_core::record::edit;

    let library = Library::embedded().unwrap();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples");
    let record_text = std::fs::read_to_string(format!("{root}/ethics-short.toml")).unwrap();
    let record = Record::parse(&Source::new("r.toml", record_text.as_str()), &library).unwrap();
    let read = |name: &str| std::fs::read_to_string(format!("{root}/import/{name}")).unwrap();
    let (transcript, badge, mapping) = (
        read("transcript.csv"),
        read("badge.json"),
        read("badge-mapping.toml"),
    );
    let mut rng = Rng(0x5EED_1234_ABCD_0006);
    let (mut added, mut refused, mut bad_mappings) = (0, 0, 0);
    let total = mutations();
    for _ in 0..total {
        let badges = match BadgeCourses::default()
            .with_mapping(&Source::new("m.toml", mutate(&mapping, &mut rng)), &library)
        {
            Ok(badges) => badges,
            Err(err) => {
                bad_mappings += 1;
                assert!(err.to_string().starts_with("error"), "{err}");
                BadgeCourses::default()
                    .with_mapping(&Source::new("m.toml", mapping.as_str()), &library)
                    .unwrap()
            }
        };
        let (t, b) = (mutate(&transcript, &mut rng), mutate(&badge, &mut rng));
        let files = [
            File {
                name: "t.csv",
                bytes: t.as_bytes(),
            },
            File {
                name: "b.json",
                bytes: b.as_bytes(),
            },
        ];
        let found = import::import(&record, &files, &badges, &library);
        for r in &found.refused {
            refused += 1;
            let message = r.to_string();
            assert!(message.starts_with("error: "), "{message}");
            assert!(
                message.contains("  --> t.csv") || message.contains("  --> b.json"),
                "{message}"
            );
        }
        let mut text = record_text.clone();
        for a in &found.added {
            text = edit::append(&text, &a.entry).unwrap();
        }
        added += found.added.len();
        let result = Record::parse(&Source::new("r.toml", text.as_str()), &library)
            .unwrap_or_else(|e| panic!("{e}\n{t}\n{b}"));
        assert_eq!(
            result.trainings.len(),
            record.trainings.len() + found.added.len()
        );
    }
    assert!(
        added * 3 > total * 2 && refused * 15 > total && bad_mappings * 15 > total,
        "added {added}, refused {refused}, bad mappings {bad_mappings} of {total}"
    );
}
