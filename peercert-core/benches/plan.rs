//! Benchmarks of the planner: one evaluation and one plan of a record already in
//! memory, choosing courses from generated catalogues of 10, 40 and 200 courses
//! (the first two proven optimal by branch and bound, the last chosen greedily), and
//! from catalogues of 1,000 to 40,000 courses none of which can close the gap (the
//! cost must grow linearly with the catalogue).
//!
//! Run with `cargo bench -p peercert-core --bench plan`; `scripts/bench-plan.sh`
//! prints the table the README quotes.

use chrono::{Days, NaiveDate};
use divan::Bencher;
use peercert_core::catalog::{Catalog, Course, propose};
use peercert_core::id::TopicId;
use peercert_core::vocab::Format;
use peercert_core::{Cents, Hours, Library, PlanOptions, Record, Source, evaluate, plan};

fn main() {
    divan::main();
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
}

/// A Pennsylvania CRS holder 18 hours short, 6 of them ethics and 3 confidentiality.
fn setup() -> Option<(Library, Record)> {
    let library = Library::embedded().ok()?;
    let text = r#"
[worker]
id = "W-BENCH"
name = "Bench Worker"

[[credential]]
id = "pa/crs"
issued = 2025-02-01
expires = 2027-02-01

[[training]]
date = 2025-06-01
title = "Recovery coaching"
hours = 12
"#;
    let record = Record::parse(&Source::new("bench.toml", text), &library).ok()?;
    Some((library, record))
}

/// `n` courses with seeded random hours, topics, formats, costs and dates.
fn catalog(n: usize) -> Catalog {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = |below: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % below
    };
    let topics = ["ethics", "confidentiality", "advocacy"];
    let formats = [Format::InPerson, Format::LiveOnline, Format::SelfPaced];
    let deadline = NaiveDate::from_ymd_opt(2027, 2, 1).unwrap_or_default();
    let courses = (0..n)
        .map(|i| {
            let hours = Hours::from_hundredths(i64::try_from(100 + next(700)).unwrap_or(100));
            let topic = topics.get(usize::try_from(next(4)).unwrap_or(3));
            Course {
                title: format!("Course {i}"),
                provider: None,
                hours,
                topics: topic
                    .and_then(|t| TopicId::new(t).ok())
                    .map(|t| vec![(t, hours)])
                    .unwrap_or_default(),
                format: formats.get(usize::try_from(next(3)).unwrap_or(0)).copied(),
                cost: Cents::new(i64::try_from(1_000 + next(15_000)).unwrap_or(0)),
                date: match next(4) {
                    0 => None,
                    _ => deadline.checked_sub_days(Days::new(next(60))),
                },
                line: i + 1,
            }
        })
        .collect();
    Catalog { courses }
}

#[divan::bench]
fn evaluate_one_record(bencher: Bencher) {
    let Some((library, record)) = setup() else {
        return;
    };
    let Ok(ruleset) = library.find("pa/crs") else {
        return;
    };
    bencher.bench(|| evaluate(ruleset, &record, as_of()));
}

#[divan::bench]
fn plan_one_record(bencher: Bencher) {
    let Some((library, record)) = setup() else {
        return;
    };
    let Ok(ruleset) = library.find("pa/crs") else {
        return;
    };
    bencher.bench(|| plan(ruleset, &record, as_of(), PlanOptions::default()));
}

/// Times choosing from `catalog` for the Pennsylvania worker of [`setup`].
fn bench_propose(bencher: Bencher, catalog: &Catalog) {
    let Some((library, record)) = setup() else {
        return;
    };
    let Ok(ruleset) = library.find("pa/crs") else {
        return;
    };
    let Ok(e) = evaluate(ruleset, &record, as_of()) else {
        return;
    };
    bencher.bench(|| propose(ruleset, &record, &e, catalog));
}

#[divan::bench(args = [10, 40, 200], sample_count = 20)]
fn choose_courses(bencher: Bencher, courses: usize) {
    bench_propose(bencher, &catalog(courses));
}

/// `n` quarter-hour advocacy courses: the worker is short on ethics and
/// confidentiality, so no choice of them closes the gap.
fn useless_catalog(n: usize) -> Catalog {
    let date = NaiveDate::from_ymd_opt(2026, 12, 1);
    let courses = (0..n)
        .map(|i| {
            let hours = Hours::from_hundredths(25);
            Course {
                title: format!("Advocacy {i}"),
                provider: None,
                hours,
                topics: TopicId::new("advocacy")
                    .ok()
                    .map(|t| vec![(t, hours)])
                    .unwrap_or_default(),
                format: None,
                cost: Cents::new(1_000),
                date,
                line: i + 1,
            }
        })
        .collect();
    Catalog { courses }
}

#[divan::bench(args = [1_000, 10_000, 40_000], sample_count = 20)]
fn courses_that_cannot_close_the_gap(bencher: Bencher, courses: usize) {
    bench_propose(bencher, &useless_catalog(courses));
}
