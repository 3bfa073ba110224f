//! No input may panic the loader or the evaluator: every shipped example record is
//! mutated thousands of times (deterministically) and each result must either load
//! and evaluate, or fail with diagnostics that render.

use chrono::NaiveDate;
use peercert_core::{Library, PlanOptions, Record, Source, plan};

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
    let mut loaded = 0;
    let mut refused = 0;
    for entry in std::fs::read_dir(root).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for _ in 0..1500 {
            let mutated = mutate(&text, &mut rng);
            match Record::parse(&Source::new("m.toml", mutated), &library) {
                Ok(record) => {
                    loaded += 1;
                    for ruleset in library.rulesets() {
                        for as_of in dates {
                            // The plan evaluates first, so both are exercised; the
                            // horizon plans a second cycle on top.
                            let options = PlanOptions { horizon: true };
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
    assert!(
        loaded > 100 && refused > 100,
        "loaded {loaded}, refused {refused}"
    );
}

#[test]
fn mutated_rule_sets_never_panic() {
    let library = Library::embedded().unwrap();
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../rules");
    let mut rng = Rng(0x5EED_1234_ABCD_0002);
    let mut refused = 0;
    for state in ["nj", "pa"] {
        for entry in std::fs::read_dir(format!("{root}/{state}")).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for _ in 0..1500 {
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
    assert!(refused > 100, "refused {refused}");
}
