//! Unit tests of `evaluate`: windows to the day, topic splits, caps and formats,
//! paths, purpose selection, editions, exams, costs and entries dated after `as_of`.
//!
//! Rule sets and records are written as TOML, as users write them. Record bodies
//! start on line 5 (after the three `[worker]` lines and a blank line), so the
//! evidence lines asserted below can be counted in the test text.

use std::sync::LazyLock;

use chrono::NaiveDate;

use super::evaluate;
use crate::diag::Source;
use crate::error::EvaluateError;
use crate::id::{CredentialId, TopicId};
use crate::library::Library;
use crate::quantity::{Cents, Hours};
use crate::record::{Place, Record};
use crate::report::{
    Cause, Cost, CostTotal, Cycle, EntryKind, Evaluation, Evidence, Exclusion, Measure, Outcome,
    Purpose, RequirementResult, StageKind, Standing, Status, Window,
};
use crate::ruleset::RuleSet;
use crate::vocab::{Confidence, FeeKind};

static LIBRARY: LazyLock<Library> =
    LazyLock::new(|| Library::embedded().expect("the shipped rules load"));

/// The head of every test rule set; the body adds requirements to one edition.
const RULES_HEAD: &str = r#"id = "nj/cprs"
name = "Test Credential"
jurisdiction = "Testland"
board = "Test Board"
sources = ["https://example.org/rules"]
verified = 2026-01-01

[[edition]]
effective = 2000-01-01
"#;

fn rules(edition: &str) -> RuleSet {
    let text = format!("{RULES_HEAD}{edition}");
    RuleSet::parse(&Source::new("r.toml", text), LIBRARY.topics())
        .unwrap_or_else(|e| panic!("test rule set does not load:\n{e}"))
}

/// A record whose body starts on line 4 (a body starting with a newline puts its
/// first entry on line 5).
fn record(body: &str) -> Record {
    let text = format!("[worker]\nid = \"W-1\"\nname = \"Ada Test\"\n{body}");
    Record::parse(&Source::new("w.toml", text), &*LIBRARY)
        .unwrap_or_else(|e| panic!("test record does not load:\n{e}"))
}

fn d(text: &str) -> NaiveDate {
    crate::quantity::parse_iso_date(text).unwrap_or_else(|| panic!("bad date {text}"))
}

fn eval(rules: &RuleSet, record: &Record, as_of: &str) -> Evaluation {
    evaluate(rules, record, d(as_of)).expect("an edition is in force")
}

fn shipped(id: &str) -> &'static RuleSet {
    LIBRARY
        .find(id)
        .unwrap_or_else(|_| panic!("{id} is shipped"))
}

fn req<'a>(evaluation: &'a Evaluation, id: &str) -> &'a RequirementResult {
    evaluation
        .requirements
        .iter()
        .find(|r| r.id.as_str() == id)
        .unwrap_or_else(|| panic!("no requirement `{id}`"))
}

fn option<'a>(result: &'a RequirementResult, id: &str) -> &'a RequirementResult {
    result
        .options
        .iter()
        .find(|r| r.id.as_str() == id)
        .unwrap_or_else(|| panic!("no option `{id}`"))
}

fn hours(hundredths: i64) -> Measure {
    Measure::Hours(Hours::from_hundredths(hundredths))
}

fn topic(id: &str) -> TopicId {
    TopicId::new(id).expect("a topic id")
}

fn evidence(
    entry: EntryKind,
    line: usize,
    date: &str,
    label: &str,
    counted: Option<i64>,
    note: Option<&str>,
) -> Evidence {
    Evidence {
        entry,
        place: Place::Line(line),
        date: d(date),
        label: label.to_owned(),
        counted: counted.map(Hours::from_hundredths),
        note: note.map(str::to_owned),
    }
}

/// A training that counted in full or in part.
fn course(line: usize, date: &str, label: &str, hundredths: i64, note: Option<&str>) -> Evidence {
    evidence(
        EntryKind::Training,
        line,
        date,
        label,
        Some(hundredths),
        note,
    )
}

fn excluded(
    cause: Cause,
    entry: EntryKind,
    line: usize,
    date: &str,
    label: &str,
    reason: &str,
) -> Exclusion {
    Exclusion {
        cause,
        entry,
        place: Place::Line(line),
        date: d(date),
        label: label.to_owned(),
        reason: reason.to_owned(),
    }
}

fn assert_hours(result: &RequirementResult, required: i64, completed: i64) {
    assert_eq!(result.unit, "hours", "{}", result.id);
    assert_eq!(result.required, hours(required), "{}", result.id);
    assert_eq!(result.completed, hours(completed), "{}", result.id);
    assert_eq!(
        result.shortfall,
        hours((required - completed).max(0)),
        "{}",
        result.id
    );
    let status = if completed >= required {
        Status::Met
    } else {
        Status::Unmet
    };
    assert_eq!(result.status, status, "{}", result.id);
}

fn assert_count(result: &RequirementResult, required: u32, completed: u32) {
    assert_eq!(result.unit, "count", "{}", result.id);
    assert_eq!(result.required, Measure::Count(required), "{}", result.id);
    assert_eq!(result.completed, Measure::Count(completed), "{}", result.id);
    assert_eq!(
        result.shortfall,
        Measure::Count(required.saturating_sub(completed)),
        "{}",
        result.id
    );
    let status = if completed >= required {
        Status::Met
    } else {
        Status::Unmet
    };
    assert_eq!(result.status, status, "{}", result.id);
}

fn window(from: Option<&str>, to: &str) -> Option<Window> {
    Some(Window {
        from: from.map(d),
        to: d(to),
    })
}

// ---------------------------------------------------------------------------
// 1. Windows, to the day
// ---------------------------------------------------------------------------

const TRAINING_WITHIN_24: &str = r#"
[[edition.initial.requirement]]
id = "training"
kind = "hours"
hours = 10
within_months = 24
citation = "Test rule 1"
confidence = "board"
"#;

#[test]
fn an_initial_window_runs_from_as_of_minus_24_months_to_as_of_inclusive() {
    let rules = rules(TRAINING_WITHIN_24);
    let record = record(
        r#"
[[training]]
date = 2024-02-29
title = "A day too early"
hours = 1

[[training]]
date = 2024-03-01
title = "First day"
hours = 2

[[training]]
date = 2026-03-01
title = "Last day"
hours = 3

[[training]]
date = 2026-03-02
title = "A day too late"
hours = 4
"#,
    );
    let e = eval(&rules, &record, "2026-03-01");
    assert_eq!(e.purpose, Purpose::Initial);
    assert_eq!(e.outcome, Outcome::NotEligible);
    let r = req(&e, "training");
    assert_hours(r, 1000, 500);
    assert_eq!(r.window, window(Some("2024-03-01"), "2026-03-01"));
    assert_eq!(r.deadline, None);
    assert_eq!(
        r.evidence,
        [
            course(10, "2024-03-01", "First day", 200, None),
            course(15, "2026-03-01", "Last day", 300, None),
        ]
    );
    assert_eq!(
        r.not_counted,
        [
            excluded(
                Cause::OutOfWindow,
                EntryKind::Training,
                5,
                "2024-02-29",
                "A day too early",
                "more than 2 years before 2026-03-01 (counts from 2024-03-01)"
            ),
            excluded(
                Cause::AfterDate,
                EntryKind::Training,
                20,
                "2026-03-02",
                "A day too late",
                "completed after 2026-03-01"
            ),
        ]
    );
    assert_eq!(
        r.explanation,
        "5 h of training since 2024-03-01 counted toward the 10 h required, 5 h short; 2 entries did not count."
    );
    assert_eq!(
        e.summary,
        "Not eligible yet: 1 of 1 requirement unmet (`training`)."
    );
}

#[test]
fn a_window_of_months_not_years_is_named_in_months() {
    let rules = rules(
        r#"
[[edition.initial.requirement]]
id = "training"
kind = "hours"
hours = 1
within_months = 18
citation = "Test rule 1"
confidence = "board"
"#,
    );
    let record = record(
        r#"
[[training]]
date = 2024-08-31
title = "Old"
hours = 1
"#,
    );
    let e = eval(&rules, &record, "2026-03-01");
    let r = req(&e, "training");
    assert_eq!(r.window, window(Some("2024-09-01"), "2026-03-01"));
    assert_eq!(
        r.not_counted,
        [excluded(
            Cause::OutOfWindow,
            EntryKind::Training,
            5,
            "2024-08-31",
            "Old",
            "more than 18 months before 2026-03-01 (counts from 2024-09-01)"
        )]
    );
}

/// A two-year cycle, no grace, 10 hours a cycle, and optionally more.
fn renewal_rules(extra: &str) -> RuleSet {
    rules(&format!(
        r#"
[[edition.initial.requirement]]
id = "diploma"
kind = "attestation"
attestation = "hs-diploma"
citation = "Test rule 1"
confidence = "board"

[edition.renewal]
cycle_months = 24
post_expiry = "published"
citation = "Test rule 2"
confidence = "board"

[[edition.renewal.requirement]]
id = "ce"
kind = "hours"
hours = 10
citation = "Test rule 3"
confidence = "board"
{extra}"#
    ))
}

#[test]
fn a_renewal_cycle_runs_from_the_day_after_expiry_minus_the_cycle_to_as_of_inclusive() {
    let rules = renewal_rules("");
    let record = record(
        r#"
[[credential]]
id = "nj/cprs"
issued = 2024-06-01
expires = 2026-06-01

[[training]]
date = 2024-06-01
title = "Last day of the cycle before"
hours = 1

[[training]]
date = 2024-06-02
title = "First day of the cycle"
hours = 2

[[training]]
date = 2026-03-01
title = "On the day"
hours = 3

[[training]]
date = 2026-03-02
title = "The day after"
hours = 4
"#,
    );
    let e = eval(&rules, &record, "2026-03-01");
    assert_eq!(e.purpose, Purpose::Renewal);
    assert_eq!(e.requirements_of, Purpose::Renewal);
    assert_eq!(e.outcome, Outcome::RenewalDue);
    assert_eq!(e.days_left, Some(92));
    assert_eq!(
        e.cycle,
        Some(Cycle {
            issued: d("2024-06-01"),
            start: d("2024-06-02"),
            expires: d("2026-06-01"),
            grace_ends: Some(d("2026-06-01")),
            inactive_ends: None,
            days_to_expiry: 92,
            submit_from: None,
            due: None,
        })
    );
    let r = req(&e, "ce");
    assert_hours(r, 1000, 500);
    assert_eq!(r.deadline, Some(d("2026-06-01")));
    assert_eq!(r.window, window(Some("2024-06-02"), "2026-03-01"));
    assert_eq!(
        r.evidence,
        [
            course(15, "2024-06-02", "First day of the cycle", 200, None),
            course(20, "2026-03-01", "On the day", 300, None),
        ]
    );
    assert_eq!(
        r.not_counted,
        [
            excluded(
                Cause::OutOfWindow,
                EntryKind::Training,
                10,
                "2024-06-01",
                "Last day of the cycle before",
                "before the start of this renewal cycle (2024-06-02)"
            ),
            excluded(
                Cause::AfterDate,
                EntryKind::Training,
                25,
                "2026-03-02",
                "The day after",
                "completed after 2026-03-01"
            ),
        ]
    );
    assert_eq!(
        r.explanation,
        "5 h of training since 2024-06-02 counted toward the 10 h required, 5 h short; 2 entries did not count."
    );
    assert_eq!(
        e.summary,
        "Renewal due by 2026-06-01 (92 days left): 1 of 1 requirement unmet (`ce`)."
    );
}

#[test]
fn a_cycle_starts_the_day_after_expiry_minus_the_cycle_or_at_issuance_whichever_is_later() {
    let rules = renewal_rules("");
    // Issued long before expiry minus 24 months: the cycle is the 24 months ending on
    // the expiry date.
    let early = record(
        r#"
[[credential]]
id = "nj/cprs"
issued = 2023-11-10
expires = 2026-06-01
"#,
    );
    let e = eval(&rules, &early, "2026-03-01");
    assert_eq!(e.cycle.map(|c| c.start), Some(d("2024-06-02")));
    // Issued within the last 24 months: the cycle starts at issuance.
    let late = record(
        r#"
[[credential]]
id = "nj/cprs"
issued = 2025-01-15
expires = 2026-06-01

[[training]]
date = 2025-01-14
title = "Before issuance"
hours = 5

[[training]]
date = 2025-01-15
title = "On issuance"
hours = 6
"#,
    );
    let e = eval(&rules, &late, "2026-03-01");
    assert_eq!(e.cycle.map(|c| c.start), Some(d("2025-01-15")));
    let r = req(&e, "ce");
    assert_hours(r, 1000, 600);
    assert_eq!(
        r.evidence,
        [course(15, "2025-01-15", "On issuance", 600, None)]
    );
    assert_eq!(
        r.not_counted,
        [excluded(
            Cause::OutOfWindow,
            EntryKind::Training,
            10,
            "2025-01-14",
            "Before issuance",
            "before the start of this renewal cycle (2025-01-15)"
        )]
    );
}

#[test]
fn a_renewal_window_in_months_counts_back_from_the_expiry_date() {
    let rules = renewal_rules(
        r#"
[[edition.renewal.requirement]]
id = "recent"
kind = "hours"
hours = 5
within_months = 12
citation = "Test rule 4"
confidence = "board"
"#,
    );
    let record = record(
        r#"
[[credential]]
id = "nj/cprs"
issued = 2024-06-01
expires = 2026-06-01

[[training]]
date = 2025-06-01
title = "Too early"
hours = 2

[[training]]
date = 2025-06-02
title = "Just in time"
hours = 3
"#,
    );
    let e = eval(&rules, &record, "2026-03-01");
    let r = req(&e, "recent");
    assert_hours(r, 500, 300);
    // The 12 months that end on the expiry date 2026-06-01 start on 2025-06-02.
    assert_eq!(r.window, window(Some("2025-06-02"), "2026-03-01"));
    assert_eq!(
        r.evidence,
        [course(15, "2025-06-02", "Just in time", 300, None)]
    );
    assert_eq!(
        r.not_counted,
        [excluded(
            Cause::OutOfWindow,
            EntryKind::Training,
            10,
            "2025-06-01",
            "Too early",
            "1 year or more before the expiry date 2026-06-01 (counts from 2025-06-02)"
        )]
    );
    assert_eq!(
        r.explanation,
        "3 h of training since 2025-06-02 counted toward the 5 h required, 2 h short; 1 entry did not count."
    );
    // The cycle requirement counts both courses: both are inside the cycle.
    assert_hours(req(&e, "ce"), 1000, 500);
}

#[test]
fn experience_straddling_the_window_counts_pro_rata_by_days() {
    let rules = rules(
        r#"
[[edition.initial.requirement]]
id = "experience"
kind = "experience"
hours = 100
within_months = 24
citation = "Test rule 1"
confidence = "board"
"#,
    );
    let record = record(
        r#"
[[experience]]
from = 2024-01-01
to = 2024-02-29
hours = 50

[[experience]]
from = 2024-02-20
to = 2024-03-09
hours = 100

[[experience]]
from = 2024-03-01
to = 2024-03-01
hours = 8

[[experience]]
from = 2026-02-20
to = 2026-03-11
hours = 40

[[experience]]
from = 2026-03-02
to = 2026-03-31
hours = 10
"#,
    );
    let e = eval(&rules, &record, "2026-03-01");
    let r = req(&e, "experience");
    assert_eq!(r.window, window(Some("2024-03-01"), "2026-03-01"));
    // 19 days from 20 February to 9 March 2024 (a leap year), 9 of them inside:
    // 100 h × 9 / 19 = 47.368…, counted down to 47.36. 20 days from 20 February to
    // 11 March 2026, 10 of them up to as_of: 40 h × 10 / 20 = 20.
    assert_eq!(
        r.evidence,
        [
            evidence(
                EntryKind::Experience,
                10,
                "2024-03-09",
                "2024-02-20 to 2024-03-09",
                Some(4736),
                Some(
                    "9 of its 19 days fall between 2024-03-01 and 2024-03-09, so 47.36 of its 100 h count"
                ),
            ),
            evidence(
                EntryKind::Experience,
                15,
                "2024-03-01",
                "2024-03-01 to 2024-03-01",
                Some(800),
                None,
            ),
            evidence(
                EntryKind::Experience,
                20,
                "2026-03-11",
                "2026-02-20 to 2026-03-11",
                Some(2000),
                Some(
                    "10 of its 20 days fall between 2026-02-20 and 2026-03-01, so 20 of its 40 h count"
                ),
            ),
        ]
    );
    assert_eq!(
        r.not_counted,
        [
            excluded(
                Cause::OutOfWindow,
                EntryKind::Experience,
                5,
                "2024-02-29",
                "2024-01-01 to 2024-02-29",
                "ended 2024-02-29, more than 2 years before 2026-03-01 (counts from 2024-03-01)"
            ),
            excluded(
                Cause::AfterDate,
                EntryKind::Experience,
                25,
                "2026-03-31",
                "2026-03-02 to 2026-03-31",
                "starts after 2026-03-01"
            ),
        ]
    );
    assert_hours(r, 10000, 7536);
    assert_eq!(
        r.explanation,
        "75.36 h of work experience since 2024-03-01 counted toward the 100 h required, 24.64 h short; 2 entries did not count."
    );
}

#[test]
fn experience_in_a_renewal_cycle_is_cut_at_the_cycle_start() {
    let rules = renewal_rules(
        r#"
[[edition.renewal.requirement]]
id = "work"
kind = "experience"
hours = 10
citation = "Test rule 4"
confidence = "board"
"#,
    );
    let record = record(
        r#"
[[credential]]
id = "nj/cprs"
issued = 2024-06-01
expires = 2026-06-01

[[experience]]
from = 2024-05-22
to = 2024-06-10
hours = 20
"#,
    );
    let e = eval(&rules, &record, "2026-03-01");
    let r = req(&e, "work");
    // 20 days, 9 of them (2 to 10 June) in the cycle, which starts the day after
    // 2024-06-01, the last day of the cycle before.
    assert_eq!(
        r.evidence,
        [evidence(
            EntryKind::Experience,
            10,
            "2024-06-10",
            "2024-05-22 to 2024-06-10",
            Some(900),
            Some("9 of its 20 days fall between 2024-06-02 and 2024-06-10, so 9 of its 20 h count"),
        )]
    );
    assert_hours(r, 1000, 900);
    assert_eq!(
        r.explanation,
        "9 h of work experience since 2024-06-02 counted toward the 10 h required, 1 h short."
    );
}

#[test]
fn supervised_experience_skips_unsupervised_periods() {
    let rules = rules(
        r#"
[[edition.initial.requirement]]
id = "supervised"
kind = "experience"
hours = 10
supervised = true
citation = "Test rule 1"
confidence = "board"
"#,
    );
    let record = record(
        r#"
[[experience]]
from = 2025-01-01
to = 2025-01-31
hours = 40

[[experience]]
from = 2025-02-01
to = 2025-02-28
hours = 30
supervised = true
"#,
    );
    let e = eval(&rules, &record, "2026-03-01");
    let r = req(&e, "supervised");
    assert_eq!(r.window, None);
    assert_hours(r, 1000, 3000);
    assert_eq!(
        r.evidence,
        [evidence(
            EntryKind::Experience,
            10,
            "2025-02-28",
            "2025-02-01 to 2025-02-28",
            Some(3000),
            None,
        )]
    );
    assert_eq!(
        r.not_counted,
        [excluded(
            Cause::NotSupervised,
            EntryKind::Experience,
            5,
            "2025-01-31",
            "2025-01-01 to 2025-01-31",
            "not marked `supervised = true`"
        )]
    );
    assert_eq!(
        r.explanation,
        "30 h of supervised work experience counted toward the 10 h required; 1 entry did not count."
    );
}

#[test]
fn supervision_windows_are_inclusive_at_both_ends() {
    let rules = rules(
        r#"
[[edition.initial.requirement]]
id = "practicum"
kind = "supervision"
hours = 4
within_months = 24
citation = "Test rule 1"
confidence = "board"
"#,
    );
    let record = record(
        r#"
[[supervision]]
date = 2024-02-29
hours = 1

[[supervision]]
date = 2024-03-01
hours = 2

[[supervision]]
date = 2026-03-01
hours = 3

[[supervision]]
date = 2026-03-02
hours = 4
"#,
    );
    let e = eval(&rules, &record, "2026-03-01");
    let r = req(&e, "practicum");
    assert_hours(r, 400, 500);
    assert_eq!(
        r.evidence,
        [
            evidence(
                EntryKind::Supervision,
                9,
                "2024-03-01",
                "supervision",
                Some(200),
                None
            ),
            evidence(
                EntryKind::Supervision,
                13,
                "2026-03-01",
                "supervision",
                Some(300),
                None
            ),
        ]
    );
    assert_eq!(
        r.not_counted,
        [
            excluded(
                Cause::OutOfWindow,
                EntryKind::Supervision,
                5,
                "2024-02-29",
                "supervision",
                "more than 2 years before 2026-03-01 (counts from 2024-03-01)"
            ),
            excluded(
                Cause::AfterDate,
                EntryKind::Supervision,
                17,
                "2026-03-02",
                "supervision",
                "dated after 2026-03-01"
            ),
        ]
    );
    assert_eq!(
        r.explanation,
        "5 h of supervision since 2024-03-01 counted toward the 4 h required; 2 entries did not count."
    );
}

// ---------------------------------------------------------------------------
// 2. Topic splits
// ---------------------------------------------------------------------------

#[test]
fn a_topic_split_counts_each_part_to_its_topic_and_the_whole_to_totals() {
    let rules = rules(
        r#"
[[edition.initial.requirement]]
id = "ethics"
kind = "hours"
hours = 4
topic = "ethics"
citation = "Test rule 1"
confidence = "board"

[[edition.initial.requirement]]
id = "advocacy"
kind = "hours"
hours = 6
topic = "advocacy"
citation = "Test rule 2"
confidence = "board"

[[edition.initial.requirement]]
id = "total"
kind = "hours"
hours = 12
citation = "Test rule 3"
confidence = "board"

[[edition.initial.requirement]]
id = "confidentiality"
kind = "hours"
hours = 1
topic = "privacy"
citation = "Test rule 4"
confidence = "board"

[[edition.initial.requirement]]
id = "domains"
kind = "hours"
hours = 10
topics = ["ethics", "advocacy"]
citation = "Test rule 5"
confidence = "board"
"#,
    );
    let record = record(
        r#"
[[training]]
date = 2025-05-01
title = "Peer Foundations"
hours = 12
topics = { ethics = 4, advocacy = 6 }
"#,
    );
    let e = eval(&rules, &record, "2026-03-01");

    let ethics = req(&e, "ethics");
    assert_eq!(ethics.topic, Some(topic("ethics")));
    assert!(ethics.topics.is_empty());
    assert_eq!(ethics.window, None);
    assert_hours(ethics, 400, 400);
    assert_eq!(
        ethics.evidence,
        [course(5, "2025-05-01", "Peer Foundations", 400, None)]
    );
    assert_eq!(
        ethics.explanation,
        "4 h of ethics training counted toward the 4 h required."
    );

    let advocacy = req(&e, "advocacy");
    assert_hours(advocacy, 600, 600);
    assert_eq!(
        advocacy.evidence,
        [course(5, "2025-05-01", "Peer Foundations", 600, None)]
    );

    // The untagged 2 hours count toward the total only.
    let total = req(&e, "total");
    assert_eq!(total.topic, None);
    assert_hours(total, 1200, 1200);
    assert_eq!(
        total.evidence,
        [course(5, "2025-05-01", "Peer Foundations", 1200, None)]
    );
    assert_eq!(
        total.explanation,
        "12 h of training counted toward the 12 h required."
    );

    // A course with no hours of the topic is neither evidence nor an exclusion.
    let confidentiality = req(&e, "confidentiality");
    assert_eq!(confidentiality.topic, Some(topic("confidentiality")));
    assert_hours(confidentiality, 100, 0);
    assert!(confidentiality.evidence.is_empty());
    assert!(confidentiality.not_counted.is_empty());
    assert_eq!(
        confidentiality.explanation,
        "0 h of confidentiality training counted toward the 1 h required, 1 h short."
    );

    let domains = req(&e, "domains");
    assert_eq!(domains.topic, None);
    assert_eq!(domains.topics, [topic("ethics"), topic("advocacy")]);
    assert_hours(domains, 1000, 1000);
    assert_eq!(
        domains.evidence,
        [course(5, "2025-05-01", "Peer Foundations", 1000, None)]
    );
    assert_eq!(
        domains.explanation,
        "10 h of ethics or advocacy training counted toward the 10 h required."
    );
    assert_eq!(
        e.summary,
        "Not eligible yet: 1 of 5 requirements unmet (`confidentiality`)."
    );
}

#[test]
fn a_multi_topic_requirement_sums_listed_parts_and_never_counts_an_hour_twice() {
    let rules = rules(
        r#"
[[edition.initial.requirement]]
id = "domains"
kind = "hours"
hours = 20
topics = ["ethics", "advocacy"]
citation = "Test rule 1"
confidence = "board"
"#,
    );
    let record = record(
        r#"
[[training]]
date = 2025-01-10
title = "Ethics Day"
hours = 3
topic = "law-and-ethics"

[[training]]
date = 2025-02-10
title = "Mixed Bag"
hours = 6
topics = { ethics = 2, advocacy = 2, confidentiality = 1 }

[[training]]
date = 2025-03-10
title = "Untagged"
hours = 5
"#,
    );
    let e = eval(&rules, &record, "2026-03-01");
    let r = req(&e, "domains");
    assert_hours(r, 2000, 700);
    assert_eq!(
        r.evidence,
        [
            course(5, "2025-01-10", "Ethics Day", 300, None),
            course(11, "2025-02-10", "Mixed Bag", 400, None),
        ]
    );
    assert_eq!(
        r.not_counted
            .iter()
            .map(|x| (x.label.as_str(), x.reason.as_str()))
            .collect::<Vec<_>>(),
        [(
            "Untagged",
            "its hours are not tagged with a topic, so they count only toward totals"
        )]
    );
    assert_eq!(
        r.explanation,
        "7 h of ethics or advocacy training counted toward the 20 h required, 13 h short; 1 entry did not count."
    );
}

// ---------------------------------------------------------------------------
// 3. Caps and formats
// ---------------------------------------------------------------------------

const SELF_PACED_CAP: &str = r#"
[[edition.initial.requirement]]
id = "training"
kind = "hours"
hours = 20
caps = { self-paced = 10 }
citation = "Test rule 1"
confidence = "board"
"#;

#[test]
fn a_cap_counts_hours_of_a_format_up_to_the_limit_in_date_order() {
    let rules = rules(SELF_PACED_CAP);
    let record = record(
        r#"
[[training]]
date = 2025-02-10
title = "Self-paced two"
hours = 6
format = "self-paced"

[[training]]
date = 2025-01-10
title = "Self-paced one"
hours = 8
format = "self-paced"

[[training]]
date = 2025-03-10
title = "In the room"
hours = 5
format = "in-person"

[[training]]
date = 2025-04-10
title = "Self-paced three"
hours = 3
format = "self-paced"
"#,
    );
    let e = eval(&rules, &record, "2026-03-01");
    let r = req(&e, "training");
    assert_hours(r, 2000, 1500);
    assert_eq!(
        r.evidence,
        [
            course(11, "2025-01-10", "Self-paced one", 800, None),
            course(
                5,
                "2025-02-10",
                "Self-paced two",
                200,
                Some("4 of its 6 h are over the 10 h limit on self-paced hours")
            ),
            course(17, "2025-03-10", "In the room", 500, None),
        ]
    );
    assert_eq!(
        r.not_counted,
        [excluded(
            Cause::OverCap,
            EntryKind::Training,
            23,
            "2025-04-10",
            "Self-paced three",
            "all its 3 h are over the 10 h limit on self-paced hours"
        )]
    );
    assert_eq!(
        r.explanation,
        "15 h of training counted toward the 20 h required, 5 h short; 1 entry did not count."
    );
}

#[test]
fn a_course_with_no_recorded_format_counts_under_the_cap() {
    let rules = rules(SELF_PACED_CAP);
    let record = record(
        r#"
[[training]]
date = 2025-01-10
title = "Unknown format"
hours = 6

[[training]]
date = 2025-02-10
title = "Self-paced"
hours = 6
format = "self-paced"

[[training]]
date = 2025-03-10
title = "Unknown again"
hours = 3

[[training]]
date = 2025-04-10
title = "Live"
hours = 4
format = "live-online"
"#,
    );
    let e = eval(&rules, &record, "2026-03-01");
    let r = req(&e, "training");
    assert_hours(r, 2000, 1400);
    // The first course counts in full and uses 6 h of the cap. (Its evidence
    // carries no note saying so; that is reported, not asserted.)
    let (first, rest) = r.evidence.split_first().expect("evidence");
    assert_eq!(
        (first.place, first.date, first.label.as_str(), first.counted),
        (
            Place::Line(5),
            d("2025-01-10"),
            "Unknown format",
            Some(Hours::from_hundredths(600))
        )
    );
    assert_eq!(
        rest,
        [
            course(
                10,
                "2025-02-10",
                "Self-paced",
                400,
                Some("2 of its 6 h are over the 10 h limit on self-paced hours")
            ),
            course(21, "2025-04-10", "Live", 400, None),
        ]
    );
    assert_eq!(
        r.not_counted,
        [excluded(
            Cause::OverCap,
            EntryKind::Training,
            16,
            "2025-03-10",
            "Unknown again",
            "all its 3 h are over the 10 h limit on self-paced hours (its format is not recorded, so it is counted as such)"
        )]
    );
}

#[test]
fn a_cap_applies_to_the_topic_hours_a_requirement_counts() {
    let rules = rules(
        r#"
[[edition.initial.requirement]]
id = "ethics"
kind = "hours"
hours = 6
topic = "ethics"
caps = { self-paced = 3 }
citation = "Test rule 1"
confidence = "board"
"#,
    );
    let record = record(
        r#"
[[training]]
date = 2025-01-10
title = "Long self-paced course"
hours = 10
topics = { ethics = 4 }
format = "self-paced"
"#,
    );
    let e = eval(&rules, &record, "2026-03-01");
    let r = req(&e, "ethics");
    assert_hours(r, 600, 300);
    assert_eq!(
        r.evidence,
        [course(
            5,
            "2025-01-10",
            "Long self-paced course",
            300,
            Some("1 of its 4 h are over the 3 h limit on self-paced hours")
        )]
    );
}

#[test]
fn formats_exclude_other_and_unrecorded_delivery() {
    let rules = rules(
        r#"
[[edition.initial.requirement]]
id = "in-person"
kind = "hours"
hours = 5
formats = ["in-person"]
citation = "Test rule 1"
confidence = "board"

[[edition.initial.requirement]]
id = "live"
kind = "hours"
hours = 5
formats = ["in-person", "live-online"]
citation = "Test rule 2"
confidence = "board"
"#,
    );
    let record = record(
        r#"
[[training]]
date = 2025-01-10
title = "Classroom"
hours = 3
format = "in-person"

[[training]]
date = 2025-02-10
title = "Webinar"
hours = 4
format = "live-online"

[[training]]
date = 2025-03-10
title = "Who knows"
hours = 5
"#,
    );
    let e = eval(&rules, &record, "2026-03-01");
    let r = req(&e, "in-person");
    assert_hours(r, 500, 300);
    assert_eq!(
        r.evidence,
        [course(5, "2025-01-10", "Classroom", 300, None)]
    );
    assert_eq!(
        r.not_counted,
        [
            excluded(
                Cause::Format,
                EntryKind::Training,
                11,
                "2025-02-10",
                "Webinar",
                "delivered live-online, and only in-person hours count"
            ),
            excluded(
                Cause::Format,
                EntryKind::Training,
                17,
                "2025-03-10",
                "Who knows",
                "its delivery format is not recorded, and only in-person hours count"
            ),
        ]
    );
    assert_eq!(
        r.explanation,
        "3 h of training counted toward the 5 h required, 2 h short; 2 entries did not count."
    );
    let r = req(&e, "live");
    assert_hours(r, 500, 700);
    assert_eq!(
        r.not_counted,
        [excluded(
            Cause::Format,
            EntryKind::Training,
            17,
            "2025-03-10",
            "Who knows",
            "its delivery format is not recorded, and only in-person or live-online hours count"
        )]
    );
}

// ---------------------------------------------------------------------------
// 4. any_of / all_of
// ---------------------------------------------------------------------------

/// Either a diploma, or an apprenticeship of a course, an exam and a signed code
/// of ethics.
const PATHS: &str = r#"
[[edition.initial.requirement]]
id = "route"
kind = "any_of"
citation = "Test rule 7"
confidence = "regulation"

[[edition.initial.requirement.of]]
id = "diploma"
kind = "attestation"
attestation = "hs-diploma"

[[edition.initial.requirement.of]]
id = "apprenticeship"
kind = "all_of"

[[edition.initial.requirement.of.of]]
id = "course"
kind = "hours"
hours = 10

[[edition.initial.requirement.of.of]]
id = "exam"
kind = "exam"
exam = "written"

[[edition.initial.requirement.of.of]]
id = "ethics"
kind = "attestation"
attestation = "code-of-ethics"
"#;

#[test]
fn any_of_with_no_path_complete_names_every_path() {
    let rules = rules(PATHS);
    let record = record(
        r#"
[[training]]
date = 2025-01-10
title = "Course"
hours = 4
"#,
    );
    let e = eval(&rules, &record, "2026-03-01");
    assert_eq!(e.outcome, Outcome::NotEligible);
    let route = req(&e, "route");
    assert_eq!(route.kind, crate::vocab::RuleKind::AnyOf);
    assert_count(route, 1, 0);
    assert_eq!(
        route.explanation,
        "None of the 2 paths is complete (`diploma` or `apprenticeship`); completing any one of them is enough."
    );
    let diploma = option(route, "diploma");
    assert_count(diploma, 1, 0);
    assert_eq!(diploma.citation, "Test rule 7");
    assert_eq!(diploma.confidence, Confidence::Regulation);
    assert_eq!(diploma.explanation, "No hs-diploma attestation is on file.");
    let apprenticeship = option(route, "apprenticeship");
    assert_eq!(apprenticeship.kind, crate::vocab::RuleKind::AllOf);
    assert_count(apprenticeship, 3, 0);
    assert_eq!(
        apprenticeship.explanation,
        "3 of the 3 parts are unmet (`course`, `exam` and `ethics`)."
    );
    let course_result = option(apprenticeship, "course");
    assert_hours(course_result, 1000, 400);
    assert_eq!(course_result.citation, "Test rule 7");
    assert_eq!(
        option(apprenticeship, "exam").explanation,
        "No attempt at the written exam is on file."
    );
}

#[test]
fn any_of_is_met_by_one_path() {
    let rules = rules(PATHS);
    let record = record(
        r#"
[[attestation]]
kind = "hs-diploma"
date = 2010-06-15
"#,
    );
    let e = eval(&rules, &record, "2026-03-01");
    assert_eq!(e.outcome, Outcome::Eligible);
    let route = req(&e, "route");
    assert_count(route, 1, 1);
    assert_eq!(route.explanation, "Met by the path `diploma`.");
    let diploma = option(route, "diploma");
    assert_eq!(
        diploma.evidence,
        [evidence(
            EntryKind::Attestation,
            5,
            "2010-06-15",
            "hs-diploma attestation",
            None,
            None
        )]
    );
    assert_eq!(
        diploma.explanation,
        "The hs-diploma attestation is on file, dated 2010-06-15."
    );
    assert_eq!(e.summary, "Eligible to apply: every requirement is met.");
}

#[test]
fn any_of_is_met_by_a_nested_all_of() {
    let rules = rules(PATHS);
    let record = record(
        r#"
[[training]]
date = 2025-01-10
title = "Course"
hours = 10

[[exam]]
id = "written"
date = 2025-02-10
passed = true

[[attestation]]
kind = "code-of-ethics"
date = 2025-03-10
"#,
    );
    let e = eval(&rules, &record, "2026-03-01");
    assert_eq!(e.outcome, Outcome::Eligible);
    let route = req(&e, "route");
    assert_count(route, 1, 1);
    assert_eq!(route.explanation, "Met by the path `apprenticeship`.");
    let apprenticeship = option(route, "apprenticeship");
    assert_count(apprenticeship, 3, 3);
    assert_eq!(apprenticeship.explanation, "All 3 parts are met.");
    assert!(option(route, "diploma").evidence.is_empty());
}

#[test]
fn all_of_names_the_unmet_parts() {
    let rules = rules(PATHS);
    let record = record(
        r#"
[[training]]
date = 2025-01-10
title = "Course"
hours = 10
"#,
    );
    let e = eval(&rules, &record, "2026-03-01");
    let apprenticeship = option(req(&e, "route"), "apprenticeship");
    assert_count(apprenticeship, 3, 1);
    assert_eq!(
        apprenticeship.explanation,
        "2 of the 3 parts are unmet (`exam` and `ethics`)."
    );
    // With one part of three unmet the sentence would read "1 of the 3 parts are
    // unmet": a grammar problem reported rather than asserted.
}

#[test]
fn any_of_met_by_both_paths_counts_both() {
    let rules = rules(PATHS);
    let record = record(
        r#"
[[training]]
date = 2025-01-10
title = "Course"
hours = 10

[[exam]]
id = "written"
date = 2025-02-10
passed = true

[[attestation]]
kind = "code-of-ethics"
date = 2025-03-10

[[attestation]]
kind = "hs-diploma"
date = 2010-06-15
"#,
    );
    let e = eval(&rules, &record, "2026-03-01");
    let route = req(&e, "route");
    assert_count(route, 1, 2);
    assert_eq!(route.status, Status::Met);
    // The explanation ("Met by the path `diploma`, `apprenticeship`.") is reported,
    // not asserted: two paths are not "the path".
}

// ---------------------------------------------------------------------------
// 5. Purpose selection
// ---------------------------------------------------------------------------

/// Two-year cycle with 30 days of grace, a renewal and a late fee.
fn grace_rules() -> RuleSet {
    rules(GRACE_BODY)
}

/// The edition of [`grace_rules`].
const GRACE_BODY: &str = r#"
[[edition.initial.requirement]]
id = "diploma"
kind = "attestation"
attestation = "hs-diploma"
citation = "Test rule 1"
confidence = "board"

[[edition.initial.fee]]
kind = "application"
amount = "200.00"
citation = "Test fee 1"
confidence = "board"

[edition.renewal]
cycle_months = 24
post_expiry = "published"
grace_days = 30
citation = "Test rule 2"
confidence = "board"

[[edition.renewal.requirement]]
id = "ce"
kind = "hours"
hours = 10
citation = "Test rule 3"
confidence = "board"

[[edition.renewal.fee]]
kind = "renewal"
amount = "100.00"
citation = "Test fee 2"
confidence = "board"

[[edition.renewal.fee]]
kind = "late"
amount = "50.00"
citation = "Test fee 3"
confidence = "secondary"
"#;

/// Holds the credential from 2024-06-01 to 2026-06-01 with the cycle's hours done.
const HOLDER: &str = r#"
[[credential]]
id = "nj/cprs"
issued = 2024-06-01
expires = 2026-06-01

[[training]]
date = 2025-01-10
title = "Cycle hours"
hours = 10

[[attestation]]
kind = "hs-diploma"
date = 2010-06-15
"#;

fn cost(kind: FeeKind, amount: i64, paid: i64, owed: i64) -> (FeeKind, Cents, Cents, Cents) {
    (kind, Cents::new(amount), Cents::new(paid), Cents::new(owed))
}

fn costs(e: &Evaluation) -> Vec<(FeeKind, Cents, Cents, Cents)> {
    e.costs
        .iter()
        .map(|c| (c.kind, c.amount, c.paid, c.owed))
        .collect()
}

#[test]
fn without_the_credential_the_purpose_is_initial() {
    let e = eval(
        &grace_rules(),
        &record(
            r#"
[[attestation]]
kind = "hs-diploma"
date = 2010-06-15
"#,
        ),
        "2026-03-01",
    );
    assert_eq!(e.purpose, Purpose::Initial);
    assert_eq!(e.requirements_of, Purpose::Initial);
    assert_eq!(e.outcome, Outcome::Eligible);
    assert_eq!(e.cycle, None);
    assert_eq!(e.days_left, None);
    assert_eq!(
        e.requirements
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>(),
        ["diploma"]
    );
    assert_eq!(costs(&e), [cost(FeeKind::Application, 20000, 0, 20000)]);
    assert_eq!(
        e.summary,
        "Eligible to apply: every requirement is met; $200.00 in fees is still to pay."
    );
}

#[test]
fn a_held_credential_before_expiry_is_up_for_renewal() {
    let e = eval(&grace_rules(), &record(HOLDER), "2026-03-01");
    assert_eq!(e.purpose, Purpose::Renewal);
    assert_eq!(e.requirements_of, Purpose::Renewal);
    assert_eq!(e.outcome, Outcome::RenewalReady);
    assert_eq!(e.days_left, Some(92));
    assert_eq!(
        e.cycle,
        Some(Cycle {
            issued: d("2024-06-01"),
            start: d("2024-06-02"),
            expires: d("2026-06-01"),
            grace_ends: Some(d("2026-07-01")),
            inactive_ends: None,
            days_to_expiry: 92,
            submit_from: None,
            due: None,
        })
    );
    assert_eq!(req(&e, "ce").deadline, Some(d("2026-06-01")));
    // No late fee before expiry.
    assert_eq!(costs(&e), [cost(FeeKind::Renewal, 10000, 0, 10000)]);
    assert_eq!(
        e.summary,
        "Ready to renew: every requirement of the cycle ending 2026-06-01 is met; $100.00 in fees is still to pay."
    );

    let short = record(&HOLDER.replace("hours = 10", "hours = 4"));
    let e = eval(&grace_rules(), &short, "2026-03-01");
    assert_eq!(e.outcome, Outcome::RenewalDue);
    assert_eq!(e.days_left, Some(92));
    assert_eq!(
        e.summary,
        "Renewal due by 2026-06-01 (92 days left): 1 of 1 requirement unmet (`ce`)."
    );
}

#[test]
fn on_the_expiry_day_the_credential_is_still_current() {
    let e = eval(&grace_rules(), &record(HOLDER), "2026-06-01");
    assert_eq!(e.purpose, Purpose::Renewal);
    assert_eq!(e.outcome, Outcome::RenewalReady);
    assert_eq!(e.days_left, Some(0));
    assert_eq!(e.cycle.map(|c| c.days_to_expiry), Some(0));
    assert_eq!(costs(&e), [cost(FeeKind::Renewal, 10000, 0, 10000)]);

    let short = record(&HOLDER.replace("hours = 10", "hours = 4"));
    let e = eval(&grace_rules(), &short, "2026-05-31");
    assert_eq!(e.outcome, Outcome::RenewalDue);
    assert_eq!(
        e.summary,
        "Renewal due by 2026-06-01 (1 day left): 1 of 1 requirement unmet (`ce`)."
    );
    let e = eval(&grace_rules(), &short, "2026-06-01");
    assert_eq!(e.outcome, Outcome::RenewalDue);
    assert_eq!(e.days_left, Some(0));
    assert_eq!(
        e.summary,
        "Renewal due by 2026-06-01 (0 days left): 1 of 1 requirement unmet (`ce`)."
    );
}

#[test]
fn the_day_after_expiry_starts_the_grace_period_with_the_late_fee() {
    let e = eval(&grace_rules(), &record(HOLDER), "2026-06-02");
    assert_eq!(e.purpose, Purpose::Renewal);
    assert_eq!(e.requirements_of, Purpose::Renewal);
    assert_eq!(e.outcome, Outcome::Grace);
    assert_eq!(e.days_left, Some(29));
    assert_eq!(e.cycle.map(|c| c.days_to_expiry), Some(-1));
    assert_eq!(req(&e, "ce").deadline, Some(d("2026-07-01")));
    assert_eq!(
        costs(&e),
        [
            cost(FeeKind::Renewal, 10000, 0, 10000),
            cost(FeeKind::Late, 5000, 0, 5000),
        ]
    );
    assert_eq!(
        e.total,
        CostTotal {
            amount: Cents::new(15000),
            paid: Cents::ZERO,
            owed: Cents::new(15000),
        }
    );
    assert_eq!(
        e.summary,
        "Expired on 2026-06-01; renewal is still possible with the late fee until 2026-07-01 (29 days left), and every requirement is met; $150.00 in fees is still to pay."
    );
}

#[test]
fn the_last_day_of_grace_is_still_grace() {
    let short = record(&HOLDER.replace("hours = 10", "hours = 4"));
    let e = eval(&grace_rules(), &short, "2026-07-01");
    assert_eq!(e.outcome, Outcome::Grace);
    assert_eq!(e.days_left, Some(0));
    assert_eq!(
        e.summary,
        "Expired on 2026-06-01; renewal is still possible with the late fee until 2026-07-01 (0 days left), and 1 requirement still unmet (`ce`); $150.00 in fees is still to pay."
    );
}

#[test]
fn the_day_after_grace_the_credential_has_lapsed_and_initial_rules_apply() {
    let e = eval(&grace_rules(), &record(HOLDER), "2026-07-02");
    assert_eq!(e.purpose, Purpose::Renewal);
    assert_eq!(e.requirements_of, Purpose::Initial);
    assert_eq!(e.outcome, Outcome::Lapsed);
    assert_eq!(e.days_left, None);
    assert_eq!(e.cycle.map(|c| c.grace_ends), Some(Some(d("2026-07-01"))));
    assert_eq!(
        e.requirements
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>(),
        ["diploma"]
    );
    let diploma = req(&e, "diploma");
    assert_eq!(diploma.deadline, None);
    assert_count(diploma, 1, 1);
    assert_eq!(costs(&e), [cost(FeeKind::Application, 20000, 0, 20000)]);
    assert_eq!(
        e.summary,
        "Lapsed: expired on 2026-06-01 and the grace period ended on 2026-07-01; the worker must apply again, and the requirements below are those of a new application."
    );
}

/// `grace_days = 0` under published terms: lapsed the day after expiry, as the board
/// says.
#[test]
fn with_no_grace_period_the_day_after_expiry_is_lapsed() {
    // Without grace, a late fee could never be owed: the body up to it.
    let body = GRACE_BODY
        .split("[[edition.renewal.fee]]\nkind = \"late\"")
        .next()
        .unwrap();
    let rules = rules(&body.replace("grace_days = 30", "grace_days = 0"));
    let record = record(HOLDER);
    let e = eval(&rules, &record, "2026-06-01");
    assert_eq!(e.outcome, Outcome::RenewalReady);
    let e = eval(&rules, &record, "2026-06-02");
    assert_eq!(e.outcome, Outcome::Lapsed);
    assert_eq!(
        e.standing,
        Standing::Lapsed {
            expired: d("2026-06-01")
        }
    );
    assert_eq!(e.requirements_of, Purpose::Initial);
    assert_eq!(e.cycle.map(|c| c.grace_ends), Some(Some(d("2026-06-01"))));
    assert_eq!(
        e.summary,
        "Lapsed: expired on 2026-06-01 with no grace period; the worker must apply again, and the requirements below are those of a new application."
    );
}

/// A board that publishes no terms after expiry (New Jersey's CPRS): the day after
/// expiry the outcome is `lapsed`, and the standing and summary say the terms are not
/// published and to ask the board; what applying again takes is listed.
#[test]
fn with_terms_not_published_the_day_after_expiry_asks_the_board() {
    let record = record(
        r#"
[[credential]]
id = "nj/cprs"
issued = 2024-06-01
expires = 2026-06-01
"#,
    );
    let nj = shipped("nj/cprs");
    let e = eval(nj, &record, "2026-06-01");
    assert_eq!(e.outcome, Outcome::RenewalDue);
    let e = eval(nj, &record, "2026-06-02");
    assert_eq!(e.outcome, Outcome::Lapsed);
    assert_eq!(
        e.standing,
        Standing::TermsNotPublished {
            expired: d("2026-06-01")
        }
    );
    assert_eq!(e.requirements_of, Purpose::Initial);
    assert_eq!(e.days_left, None);
    assert_eq!(
        e.summary,
        "Expired on 2026-06-01; the board publishes no terms for renewing after expiry, so ask the board whether a late renewal is still possible. The requirements below are those of a new application."
    );
    assert_eq!(
        e.requirements
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>(),
        [
            "training",
            "experience",
            "practicum",
            "diploma",
            "ethical-standards"
        ]
    );
}

/// A rule set with no renewal cycle publishes no terms after expiry either.
#[test]
fn without_a_renewal_cycle_an_expired_credential_has_terms_not_published() {
    let rules = rules(
        r#"
[[edition.initial.requirement]]
id = "diploma"
kind = "attestation"
attestation = "hs-diploma"
citation = "Test rule 1"
confidence = "board"
"#,
    );
    let e = eval(&rules, &record(HOLDER), "2026-06-02");
    assert_eq!(e.outcome, Outcome::Lapsed);
    assert_eq!(
        e.standing,
        Standing::TermsNotPublished {
            expired: d("2026-06-01")
        }
    );
}

#[test]
fn a_credential_issued_after_as_of_is_not_held() {
    let e = eval(&grace_rules(), &record(HOLDER), "2024-05-31");
    assert_eq!(e.purpose, Purpose::Initial);
    assert_eq!(e.requirements_of, Purpose::Initial);
    assert_eq!(e.cycle, None);
    assert_eq!(e.outcome, Outcome::Eligible);
    // On the issue date it is held.
    let e = eval(&grace_rules(), &record(HOLDER), "2024-06-01");
    assert_eq!(e.purpose, Purpose::Renewal);
    assert_eq!(e.days_left, Some(730));
}

#[test]
fn of_two_issuances_the_latest_issued_on_or_before_as_of_is_used() {
    let record = record(
        r#"
[[credential]]
id = "nj/cprs"
issued = 2024-06-01
expires = 2026-06-01

[[credential]]
id = "nj/cprs"
issued = 2022-06-01
expires = 2024-06-01
"#,
    );
    let e = eval(&grace_rules(), &record, "2024-05-31");
    assert_eq!(
        e.cycle,
        Some(Cycle {
            issued: d("2022-06-01"),
            start: d("2022-06-02"),
            expires: d("2024-06-01"),
            grace_ends: Some(d("2024-07-01")),
            inactive_ends: None,
            days_to_expiry: 1,
            submit_from: None,
            due: None,
        })
    );
    assert_eq!(e.days_left, Some(1));
    let e = eval(&grace_rules(), &record, "2024-06-01");
    assert_eq!(
        e.cycle.map(|c| (c.issued, c.expires)),
        Some((d("2024-06-01"), d("2026-06-01")))
    );
    assert_eq!(e.days_left, Some(730));
}

#[test]
fn without_published_renewal_rules_only_the_expiry_date_is_checked() {
    let rules = rules(
        r#"
[[edition.initial.requirement]]
id = "diploma"
kind = "attestation"
attestation = "hs-diploma"
citation = "Test rule 1"
confidence = "board"
"#,
    );
    let record = record(
        r#"
[[credential]]
id = "nj/cprs"
issued = 2024-06-01
expires = 2026-06-01
"#,
    );
    let e = eval(&rules, &record, "2026-03-01");
    assert_eq!(e.outcome, Outcome::RenewalReady);
    assert!(e.requirements.is_empty());
    assert_eq!(
        e.notes,
        ["The rule set publishes no renewal requirements; only the expiry date was checked."]
    );
    assert_eq!(e.cycle.map(|c| c.start), Some(d("2024-06-01")));
    let e = eval(&rules, &record, "2026-06-02");
    assert_eq!(e.outcome, Outcome::Lapsed);
}

// ---------------------------------------------------------------------------
// 6. Editions
// ---------------------------------------------------------------------------

#[test]
fn the_edition_in_force_on_as_of_decides_the_pa_training_hours() {
    let pa = shipped("pa/crs");
    let record = record(
        r#"
[[training]]
date = 2020-06-01
title = "CRS training"
hours = 60
"#,
    );
    let e = eval(pa, &record, "2020-12-31");
    assert_eq!(e.edition.effective, d("2019-12-01"));
    let training = req(&e, "training");
    assert_hours(training, 5400, 6000);
    let e = eval(pa, &record, "2021-01-01");
    assert_eq!(e.edition.effective, d("2021-01-01"));
    assert_hours(req(&e, "training"), 7800, 6000);
    assert_eq!(
        req(&e, "training").explanation,
        "60 h of training counted toward the 78 h required, 18 h short."
    );
}

/// PCB's 2026 updates, to the day: a credential expiring from 2026 may be recertified
/// for six months after expiry with a $75 fee on top of the recertification fee, then
/// needs a new application ($150 for the CPS); one that lapsed before 2026 gets six
/// months from 1 January 2026; before that edition, it lapsed the day after expiry.
#[test]
fn pennsylvania_recertifies_six_months_after_expiry_from_2026() {
    let cps = shipped("pa/cps");
    let holder = |issued: &str, expires: &str| {
        record(&format!(
            r#"
[[credential]]
id = "pa/cps"
issued = {issued}
expires = {expires}
"#
        ))
    };

    let expiring_2026 = holder("2024-03-01", "2026-03-01");
    let e = eval(cps, &expiring_2026, "2026-09-01");
    assert_eq!(e.edition.effective, d("2026-01-01"));
    assert_eq!(e.outcome, Outcome::Grace);
    assert_eq!(e.days_left, Some(0));
    assert_eq!(e.cycle.map(|c| c.grace_ends), Some(Some(d("2026-09-01"))));
    assert_eq!(
        costs(&e),
        [
            cost(FeeKind::Renewal, 5000, 0, 5000),
            cost(FeeKind::Late, 7500, 0, 7500),
        ]
    );
    let e = eval(cps, &expiring_2026, "2026-09-02");
    assert_eq!(e.outcome, Outcome::Lapsed);
    assert_eq!(e.requirements_of, Purpose::Initial);
    assert_eq!(costs(&e), [cost(FeeKind::Application, 15000, 0, 15000)]);
    assert_eq!(
        e.summary,
        "Lapsed: expired on 2026-03-01 and the grace period ended on 2026-09-01; the worker must apply again, and the requirements below are those of a new application."
    );

    let lapsed_2025 = holder("2023-10-01", "2025-10-01");
    let e = eval(cps, &lapsed_2025, "2025-12-31");
    assert_eq!(e.edition.effective, d("2019-09-01"));
    assert_eq!(e.outcome, Outcome::Lapsed);
    assert_eq!(
        e.summary,
        "Lapsed: expired on 2025-10-01 with no grace period; the worker must apply again, and the requirements below are those of a new application."
    );
    let e = eval(cps, &lapsed_2025, "2026-01-01");
    assert_eq!(e.edition.effective, d("2026-01-01"));
    assert_eq!(e.outcome, Outcome::Grace);
    assert_eq!(e.days_left, Some(181));
    assert_eq!(e.cycle.map(|c| c.grace_ends), Some(Some(d("2026-07-01"))));
    let e = eval(cps, &lapsed_2025, "2026-03-15");
    assert_eq!(e.outcome, Outcome::Grace);
    assert_eq!(e.days_left, Some(108));
    let e = eval(cps, &lapsed_2025, "2026-07-01");
    assert_eq!(e.outcome, Outcome::Grace);
    assert_eq!(e.days_left, Some(0));
    let e = eval(cps, &lapsed_2025, "2026-07-02");
    assert_eq!(e.outcome, Outcome::Lapsed);

    // The CRS follows the same 2026 terms with its own $100 fee.
    let crs = record(
        r#"
[[credential]]
id = "pa/crs"
issued = 2024-03-01
expires = 2026-03-01
"#,
    );
    let e = eval(shipped("pa/crs"), &crs, "2026-09-01");
    assert_eq!(e.outcome, Outcome::Grace);
    assert_eq!(
        costs(&e),
        [
            cost(FeeKind::Renewal, 10000, 0, 10000),
            cost(FeeKind::Late, 7500, 0, 7500),
        ]
    );
    assert_eq!(
        eval(shipped("pa/crs"), &crs, "2026-09-02").outcome,
        Outcome::Lapsed
    );
}

/// Virginia's board asks 3 hours of professional ethics at renewal, not the IC&RC
/// standard's 6: the issuing board's own text wins over the consortium default.
#[test]
fn virginia_renews_on_its_own_three_ethics_hours_not_the_consortiums_six() {
    let va = shipped("va/cprs");
    assert_eq!(va.extends, None);
    let holder = |ethics: &str| {
        record(&format!(
            r#"
[[credential]]
id = "va/cprs"
issued = 2025-03-01
expires = 2027-03-01

[[training]]
date = 2026-02-10
title = "Professional ethics and responsibilities"
hours = {ethics}
topic = "ethics"

[[training]]
date = 2026-05-10
title = "Recovery support"
hours = 17
"#
        ))
    };
    let e = eval(va, &holder("3"), "2026-12-06");
    assert_eq!(e.outcome, Outcome::RenewalReady);
    assert_hours(req(&e, "ethics"), 300, 300);
    assert_hours(req(&e, "continuing-education"), 2000, 2000);
    assert_eq!(
        e.summary,
        "Ready to renew: every requirement of the cycle ending 2027-03-01 is met."
    );
    let e = eval(va, &holder("2.5"), "2026-12-06");
    assert_eq!(e.outcome, Outcome::RenewalDue);
    assert_hours(req(&e, "ethics"), 300, 250);
}

#[test]
fn before_the_earliest_edition_there_is_no_answer() {
    let pa = shipped("pa/crs");
    let err = evaluate(pa, &record(""), d("2019-11-30")).unwrap_err();
    assert_eq!(
        err,
        EvaluateError::NoEdition {
            credential: CredentialId::new("pa/crs").unwrap(),
            as_of: d("2019-11-30"),
            earliest: d("2019-12-01"),
        }
    );
    assert_eq!(
        err.to_string(),
        "`pa/crs` has no edition in force on 2019-11-30: its earliest edition took effect on 2019-12-01"
    );
    assert!(evaluate(pa, &record(""), d("2019-12-01")).is_ok());
}

// ---------------------------------------------------------------------------
// 7. Exams
// ---------------------------------------------------------------------------

const EXAMS: &str = r#"
[[edition.initial.requirement]]
id = "written"
kind = "exam"
exam = "written"
min_score = 600
valid_months = 24
citation = "Test rule 1"
confidence = "board"

[[edition.initial.requirement]]
id = "oral"
kind = "exam"
exam = "oral"
citation = "Test rule 2"
confidence = "board"
"#;

fn score(result: &RequirementResult, required: u32, completed: u32) {
    assert_eq!(result.unit, "score");
    assert_eq!(result.required, Measure::Score(required));
    assert_eq!(result.completed, Measure::Score(completed));
    assert_eq!(
        result.shortfall,
        Measure::Score(required.saturating_sub(completed))
    );
}

#[test]
fn the_exact_passing_score_passes() {
    let record = record(
        r#"
[[exam]]
id = "written"
date = 2025-05-01
score = 600
"#,
    );
    let e = eval(&rules(EXAMS), &record, "2026-03-01");
    let r = req(&e, "written");
    assert_eq!(r.status, Status::Met);
    score(r, 600, 600);
    assert_eq!(
        r.evidence,
        [evidence(
            EntryKind::Exam,
            5,
            "2025-05-01",
            "written score 600",
            None,
            None
        )]
    );
    assert_eq!(
        r.explanation,
        "Passed the written exam (passing score 600) on 2025-05-01."
    );
}

#[test]
fn one_point_below_the_passing_score_fails() {
    let record = record(
        r#"
[[exam]]
id = "written"
date = 2025-05-01
score = 599
"#,
    );
    let e = eval(&rules(EXAMS), &record, "2026-03-01");
    let r = req(&e, "written");
    assert_eq!(r.status, Status::Unmet);
    score(r, 600, 599);
    assert!(r.evidence.is_empty());
    assert_eq!(
        r.not_counted,
        [excluded(
            Cause::BelowPassingScore,
            EntryKind::Exam,
            5,
            "2025-05-01",
            "written score 599",
            "599 is below the passing score of 600"
        )]
    );
    assert_eq!(
        r.explanation,
        "No passing result for the written exam (passing score 600): 1 attempt on file did not count."
    );
}

#[test]
fn a_fail_then_a_pass_counts_the_pass() {
    let record = record(
        r#"
[[exam]]
id = "written"
date = 2025-05-01
score = 540

[[exam]]
id = "written"
date = 2025-08-01
score = 655
"#,
    );
    let e = eval(&rules(EXAMS), &record, "2026-03-01");
    let r = req(&e, "written");
    assert_eq!(r.status, Status::Met);
    score(r, 600, 655);
    assert_eq!(
        r.evidence,
        [evidence(
            EntryKind::Exam,
            10,
            "2025-08-01",
            "written score 655",
            None,
            None
        )]
    );
    assert_eq!(
        r.not_counted,
        [excluded(
            Cause::BelowPassingScore,
            EntryKind::Exam,
            5,
            "2025-05-01",
            "written score 540",
            "540 is below the passing score of 600"
        )]
    );
    assert_eq!(
        r.explanation,
        "Passed the written exam (passing score 600) on 2025-08-01."
    );
}

#[test]
fn no_attempt_scores_zero() {
    let e = eval(&rules(EXAMS), &record(""), "2026-03-01");
    let r = req(&e, "written");
    assert_eq!(r.status, Status::Unmet);
    score(r, 600, 0);
    assert_eq!(
        r.explanation,
        "No attempt at the written exam (passing score 600) is on file."
    );
    let r = req(&e, "oral");
    assert_count(r, 1, 0);
    assert_eq!(r.explanation, "No attempt at the oral exam is on file.");
}

#[test]
fn a_pass_fail_exam_counts_passed_true_only() {
    let rules = rules(EXAMS);
    let passed = record(
        r#"
[[exam]]
id = "oral"
date = 2025-05-01
passed = true
"#,
    );
    let e = eval(&rules, &passed, "2026-03-01");
    let r = req(&e, "oral");
    assert_count(r, 1, 1);
    assert_eq!(
        r.evidence,
        [evidence(
            EntryKind::Exam,
            5,
            "2025-05-01",
            "oral passed",
            None,
            None
        )]
    );
    assert_eq!(r.explanation, "Passed the oral exam on 2025-05-01.");

    let failed = record(
        r#"
[[exam]]
id = "oral"
date = 2025-05-01
passed = false

[[exam]]
id = "oral"
date = 2025-06-01
score = 80
"#,
    );
    let e = eval(&rules, &failed, "2026-03-01");
    let r = req(&e, "oral");
    assert_count(r, 1, 0);
    assert!(r.evidence.is_empty());
    assert_eq!(
        r.not_counted,
        [
            excluded(
                Cause::NotPassed,
                EntryKind::Exam,
                5,
                "2025-05-01",
                "oral not passed",
                "not passed"
            ),
            excluded(
                Cause::ScoreForPassFail,
                EntryKind::Exam,
                10,
                "2025-06-01",
                "oral score 80",
                "this exam is pass/fail: record `passed = true` instead of a score"
            ),
        ]
    );
    assert_eq!(
        r.explanation,
        "No passing result for the oral exam: 2 attempts on file did not count."
    );
}

#[test]
fn a_pass_is_valid_for_valid_months_back_from_as_of() {
    let record = record(
        r#"
[[exam]]
id = "written"
date = 2024-02-29
score = 610
"#,
    );
    let e = eval(&rules(EXAMS), &record, "2026-03-01");
    let r = req(&e, "written");
    assert_eq!(r.status, Status::Unmet);
    assert!(r.evidence.is_empty());
    assert_eq!(
        r.not_counted,
        [excluded(
            Cause::OutOfWindow,
            EntryKind::Exam,
            5,
            "2024-02-29",
            "written score 610",
            "taken before 2024-03-01, and a result is valid for 2 years"
        )]
    );
    assert_eq!(
        r.explanation,
        "No passing result for the written exam (passing score 600): 1 attempt on file did not count."
    );
    // An attempt outside the validity window does not count, so its score does
    // not either: nothing counted, the whole passing score is missing.
    score(r, 600, 0);

    let on_the_day = record_with_exam("2024-03-01", 610);
    let e = eval(&rules(EXAMS), &on_the_day, "2026-03-01");
    let r = req(&e, "written");
    assert_eq!(r.status, Status::Met);
    score(r, 600, 610);
}

fn record_with_exam(date: &str, score: u32) -> Record {
    record(&format!(
        "\n[[exam]]\nid = \"written\"\ndate = {date}\nscore = {score}\n"
    ))
}

#[test]
fn exam_attempts_after_as_of_do_not_count() {
    let record = record(
        r#"
[[exam]]
id = "written"
date = 2026-03-02
score = 700

[[exam]]
id = "oral"
date = 2026-03-02
passed = true
"#,
    );
    let e = eval(&rules(EXAMS), &record, "2026-03-01");
    let r = req(&e, "written");
    assert_eq!(r.status, Status::Unmet);
    score(r, 600, 0);
    assert_eq!(
        r.not_counted,
        [excluded(
            Cause::AfterDate,
            EntryKind::Exam,
            5,
            "2026-03-02",
            "written score 700",
            "taken after 2026-03-01"
        )]
    );
    let r = req(&e, "oral");
    assert_count(r, 1, 0);
    assert_eq!(
        r.not_counted,
        [excluded(
            Cause::AfterDate,
            EntryKind::Exam,
            10,
            "2026-03-02",
            "oral passed",
            "taken after 2026-03-01"
        )]
    );
    assert_eq!(
        r.explanation,
        "No passing result for the oral exam: 1 attempt on file did not count."
    );
    // The same record a day later passes both.
    let e = eval(&rules(EXAMS), &record, "2026-03-02");
    assert_eq!(e.outcome, Outcome::Eligible);
}

// ---------------------------------------------------------------------------
// 8. Costs
// ---------------------------------------------------------------------------

const FEES: &str = r#"
[[edition.initial.fee]]
kind = "application"
amount = "200.00"
refundable = false
note = "$206.00 online"
citation = "Test fee 1"
confidence = "board"

[[edition.initial.fee]]
kind = "exam"
amount = "75.50"
refundable = true
citation = "Test fee 2"
confidence = "secondary"

[edition.renewal]
cycle_months = 24
post_expiry = "published"
citation = "Test rule 2"
confidence = "board"

[[edition.renewal.fee]]
kind = "renewal"
amount = "100.00"
citation = "Test fee 3"
confidence = "board"
"#;

/// A fee whose refund terms the board does not publish is not called non-refundable.
#[test]
fn refund_terms_left_out_are_not_stated() {
    let rules = rules(FEES);
    let renewal = rules.editions[0].renewal.as_ref().unwrap();
    assert_eq!(renewal.stage.fees[0].refundable, None);
    assert_eq!(rules.editions[0].initial.fees[0].refundable, Some(false));
}

#[test]
fn initial_costs_count_payments_of_the_kind_for_this_credential() {
    let record = record(
        r#"
[[payment]]
kind = "application"
amount = "120.00"
date = 2025-01-10
credential = "nj/cprs"

[[payment]]
kind = "application"
amount = "30.00"
date = 2025-01-11

[[payment]]
kind = "exam"
amount = "75.50"
date = 2025-01-12
credential = "pa/crs"

[[payment]]
kind = "exam"
amount = "75.50"
date = 2026-03-02

[[payment]]
kind = "renewal"
amount = "100.00"
date = 2025-01-13
"#,
    );
    let e = eval(&rules(FEES), &record, "2026-03-01");
    assert_eq!(e.purpose, Purpose::Initial);
    assert_eq!(
        e.costs,
        [
            Cost {
                kind: FeeKind::Application,
                days_after_expiry: 0,
                amount: Cents::new(20000),
                waived: false,
                paid: Cents::new(15000),
                owed: Cents::new(5000),
                refundable: Some(false),
                note: Some("$206.00 online".to_owned()),
                citation: "Test fee 1".to_owned(),
                confidence: Confidence::Board,
            },
            Cost {
                kind: FeeKind::Exam,
                days_after_expiry: 0,
                amount: Cents::new(7550),
                waived: false,
                paid: Cents::ZERO,
                owed: Cents::new(7550),
                refundable: Some(true),
                note: None,
                citation: "Test fee 2".to_owned(),
                confidence: Confidence::Secondary,
            },
        ]
    );
    assert_eq!(
        e.total,
        CostTotal {
            amount: Cents::new(27550),
            paid: Cents::new(15000),
            owed: Cents::new(12550),
        }
    );
    assert_eq!(
        e.summary,
        "Eligible to apply: every requirement is met; $125.50 in fees is still to pay."
    );
}

#[test]
fn fully_paid_fees_owe_nothing() {
    let record = record(
        r#"
[[payment]]
kind = "application"
amount = "200.00"
date = 2025-01-10

[[payment]]
kind = "exam"
amount = "75.50"
date = 2026-03-01
credential = "nj/cprs"
"#,
    );
    let e = eval(&rules(FEES), &record, "2026-03-01");
    assert_eq!(
        costs(&e),
        [
            cost(FeeKind::Application, 20000, 20000, 0),
            cost(FeeKind::Exam, 7550, 7550, 0),
        ]
    );
    assert_eq!(
        e.total,
        CostTotal {
            amount: Cents::new(27550),
            paid: Cents::new(27550),
            owed: Cents::ZERO,
        }
    );
    assert_eq!(e.summary, "Eligible to apply: every requirement is met.");
}

/// A renewal paid on the issue date, the last day of the cycle before, paid for that
/// renewal; one paid the day after counts toward this cycle's fee.
#[test]
fn a_renewal_payment_counts_from_the_cycle_start() {
    let record = record(
        r#"
[[credential]]
id = "nj/cprs"
issued = 2024-06-01
expires = 2026-06-01

[[payment]]
kind = "renewal"
amount = "100.00"
date = 2024-06-01

[[payment]]
kind = "renewal"
amount = "40.00"
date = 2024-06-02
"#,
    );
    let e = eval(&rules(FEES), &record, "2026-03-01");
    assert_eq!(e.outcome, Outcome::RenewalReady);
    assert_eq!(costs(&e), [cost(FeeKind::Renewal, 10000, 4000, 6000)]);
    assert_eq!(
        e.total,
        CostTotal {
            amount: Cents::new(10000),
            paid: Cents::new(4000),
            owed: Cents::new(6000),
        }
    );
    assert_eq!(
        e.summary,
        "Ready to renew: every requirement of the cycle ending 2026-06-01 is met; $60.00 in fees is still to pay."
    );
}

#[test]
fn in_grace_the_renewal_and_late_fees_add_up() {
    let record = record(
        r#"
[[credential]]
id = "nj/cprs"
issued = 2024-06-01
expires = 2026-06-01

[[training]]
date = 2025-01-10
title = "Cycle hours"
hours = 10

[[payment]]
kind = "renewal"
amount = "100.00"
date = 2026-05-20

[[payment]]
kind = "late"
amount = "20.00"
date = 2026-06-10
"#,
    );
    let e = eval(&grace_rules(), &record, "2026-06-15");
    assert_eq!(e.outcome, Outcome::Grace);
    assert_eq!(e.days_left, Some(16));
    assert_eq!(
        costs(&e),
        [
            cost(FeeKind::Renewal, 10000, 10000, 0),
            cost(FeeKind::Late, 5000, 2000, 3000),
        ]
    );
    assert_eq!(
        e.total,
        CostTotal {
            amount: Cents::new(15000),
            paid: Cents::new(12000),
            owed: Cents::new(3000),
        }
    );
}

#[test]
fn after_a_lapse_only_payments_made_since_count() {
    let record = record(
        r#"
[[credential]]
id = "nj/cprs"
issued = 2024-06-01
expires = 2026-06-01

[[payment]]
kind = "application"
amount = "200.00"
date = 2026-06-01

[[payment]]
kind = "application"
amount = "120.00"
date = 2026-06-02
"#,
    );
    let e = eval(&grace_rules(), &record, "2026-08-01");
    assert_eq!(e.outcome, Outcome::Lapsed);
    // Payments from the day after expiry on belong to the new application.
    assert_eq!(costs(&e), [cost(FeeKind::Application, 20000, 12000, 8000)]);
    assert_eq!(
        e.total,
        CostTotal {
            amount: Cents::new(20000),
            paid: Cents::new(12000),
            owed: Cents::new(8000),
        }
    );
}

#[test]
fn an_overpaid_fee_owes_nothing_and_the_total_paid_stops_at_the_fee() {
    let record = record(
        r#"
[[payment]]
kind = "application"
amount = "250.00"
date = 2025-01-10
"#,
    );
    let e = eval(&rules(FEES), &record, "2026-03-01");
    let application = e.costs.first().expect("an application fee");
    assert_eq!(application.owed, Cents::ZERO);
    // The $50.00 beyond the fee is allocated to no fee.
    assert_eq!(application.paid, Cents::new(20000));
    assert_eq!(
        e.total,
        CostTotal {
            amount: Cents::new(27550),
            paid: Cents::new(20000),
            owed: Cents::new(7550),
        }
    );
}

/// A renewal with two late fees, $25.00 from the day after expiry and $50.00 more
/// than 30 days after it, written in the file in the reverse of ladder order.
const TWO_LATE_FEES: &str = r#"
[edition.initial]

[edition.renewal]
cycle_months = 24
post_expiry = "published"
grace_days = 90
citation = "Test cycle"
confidence = "board"

[[edition.renewal.fee]]
kind = "renewal"
amount = "100.00"
citation = "Test renewal fee"
confidence = "board"

[[edition.renewal.fee]]
kind = "late"
amount = "50.00"
days_after_expiry = 30
citation = "Test late fee after 30 days"
confidence = "board"

[[edition.renewal.fee]]
kind = "late"
amount = "25.00"
citation = "Test late fee"
confidence = "board"
"#;

/// Expired on 2026-06-01, renewal fee paid, with these late payments.
fn late_payments(payments: &[(&str, &str)]) -> Record {
    let mut body = "\n[[credential]]\nid = \"nj/cprs\"\nissued = 2024-06-01\nexpires = 2026-06-01\n\n[[payment]]\nkind = \"renewal\"\namount = \"100.00\"\ndate = 2026-05-01\n".to_owned();
    for (amount, date) in payments {
        body.push_str(&format!(
            "\n[[payment]]\nkind = \"late\"\namount = \"{amount}\"\ndate = {date}\n"
        ));
    }
    record(&body)
}

/// The late fees of an evaluation, in the stage's order: (threshold, amount, paid, owed).
fn late_costs(e: &Evaluation) -> Vec<(i64, i64, i64, i64)> {
    e.costs
        .iter()
        .filter(|c| c.kind == FeeKind::Late)
        .map(|c| {
            (
                c.id().days_after_expiry,
                c.amount.cents(),
                c.paid.cents(),
                c.owed.cents(),
            )
        })
        .collect()
}

/// One $50.00 late payment against a $25.00 and a $50.00 late fee pays $50.00, not
/// $75.00: it goes to the first step of the ladder, and its remainder to the next.
#[test]
fn one_late_payment_is_allocated_once_along_the_ladder() {
    let e = eval(
        &rules(TWO_LATE_FEES),
        &late_payments(&[("50.00", "2026-07-10")]),
        "2026-07-15",
    );
    assert_eq!(e.outcome, Outcome::Grace);
    // The costs keep the file's order; the allocation follows the ladder's.
    assert_eq!(late_costs(&e), [(30, 5000, 2500, 2500), (0, 2500, 2500, 0)]);
    assert_eq!(
        e.total,
        CostTotal {
            amount: Cents::new(17500),
            paid: Cents::new(15000),
            owed: Cents::new(2500),
        }
    );
    assert_eq!(
        e.summary,
        "Expired on 2026-06-01; renewal is still possible with the late fee until 2026-08-30 (46 days left), and every requirement is met; $25.00 in fees is still to pay."
    );
}

/// Before the second fee is owed, the same payment pays only the first: the rest
/// is allocated to no fee until the second applies.
#[test]
fn a_late_payment_pays_only_the_late_fees_owed_so_far() {
    let record = late_payments(&[("50.00", "2026-06-10")]);
    let e = eval(&rules(TWO_LATE_FEES), &record, "2026-07-01");
    assert_eq!(late_costs(&e), [(0, 2500, 2500, 0)]);
    assert_eq!(e.total.paid, Cents::new(12500));
    let e = eval(&rules(TWO_LATE_FEES), &record, "2026-07-02");
    assert_eq!(late_costs(&e), [(30, 5000, 2500, 2500), (0, 2500, 2500, 0)]);
    assert_eq!(e.total.paid, Cents::new(15000));
}

/// Two payments across two fees: $30.00 fills the $25.00 fee and its $5.00 rest goes
/// to the $50.00 one, which $20.00 more brings to $25.00. Payments that do not count
/// (another credential's, one dated after `as_of`) are allocated to nothing.
#[test]
fn two_late_payments_fill_the_ladder_in_date_order() {
    let record = record(
        r#"
[[credential]]
id = "nj/cprs"
issued = 2024-06-01
expires = 2026-06-01

[[payment]]
kind = "renewal"
amount = "100.00"
date = 2026-05-01

[[payment]]
kind = "late"
amount = "40.00"
date = 2026-07-20

[[payment]]
kind = "late"
amount = "20.00"
date = 2026-07-12

[[payment]]
kind = "late"
amount = "60.00"
date = 2026-07-06
credential = "pa/crs"

[[payment]]
kind = "late"
amount = "30.00"
date = 2026-07-05
credential = "nj/cprs"
"#,
    );
    let e = eval(&rules(TWO_LATE_FEES), &record, "2026-07-15");
    assert_eq!(late_costs(&e), [(30, 5000, 2500, 2500), (0, 2500, 2500, 0)]);
    assert_eq!(e.total.paid, Cents::new(15000));
    assert_eq!(e.total.owed, Cents::new(2500));
    // The $40.00 payment of 2026-07-20 counts from that day on: of the $90.00 now
    // paid, $15.00 is left over.
    let e = eval(&rules(TWO_LATE_FEES), &record, "2026-07-20");
    assert_eq!(late_costs(&e), [(30, 5000, 5000, 0), (0, 2500, 2500, 0)]);
    assert_eq!(e.total.paid, Cents::new(17500));
    assert_eq!(e.total.owed, Cents::ZERO);
}

/// Overpaying the first late fee pays the next with the rest; overpaying them all
/// pays each in full, and the costs' `paid` add up to the fees, not the payments.
#[test]
fn an_overpaid_late_fee_flows_to_the_next_and_no_further() {
    let e = eval(
        &rules(TWO_LATE_FEES),
        &late_payments(&[("30.00", "2026-07-05")]),
        "2026-07-15",
    );
    assert_eq!(late_costs(&e), [(30, 5000, 500, 4500), (0, 2500, 2500, 0)]);
    assert_eq!(e.total.paid, Cents::new(13000));
    let e = eval(
        &rules(TWO_LATE_FEES),
        &late_payments(&[("30.00", "2026-07-05"), ("90.00", "2026-07-06")]),
        "2026-07-15",
    );
    assert_eq!(late_costs(&e), [(30, 5000, 5000, 0), (0, 2500, 2500, 0)]);
    let paid: Cents = e.costs.iter().map(|c| c.paid).sum();
    assert_eq!(paid, Cents::new(17500));
    assert_eq!(
        e.total,
        CostTotal {
            amount: Cents::new(17500),
            paid: Cents::new(17500),
            owed: Cents::ZERO,
        }
    );
}

// ---------------------------------------------------------------------------
// 9. Entries dated after as_of
// ---------------------------------------------------------------------------

#[test]
fn nothing_dated_after_as_of_counts() {
    let rules = rules(
        r#"
[[edition.initial.requirement]]
id = "training"
kind = "hours"
hours = 1
citation = "Test rule 1"
confidence = "board"

[[edition.initial.requirement]]
id = "practicum"
kind = "supervision"
hours = 1
citation = "Test rule 2"
confidence = "board"

[[edition.initial.requirement]]
id = "exam"
kind = "exam"
exam = "written"
citation = "Test rule 3"
confidence = "board"

[[edition.initial.requirement]]
id = "diploma"
kind = "attestation"
attestation = "hs-diploma"
citation = "Test rule 4"
confidence = "board"

[[edition.initial.requirement]]
id = "work"
kind = "experience"
hours = 1
citation = "Test rule 5"
confidence = "board"
"#,
    );
    let record = record(
        r#"
[[training]]
date = 2026-03-02
title = "Tomorrow's course"
hours = 8

[[supervision]]
date = 2026-03-02
hours = 2

[[exam]]
id = "written"
date = 2026-03-02
passed = true

[[attestation]]
kind = "hs-diploma"
date = 2026-03-02

[[experience]]
from = 2026-03-02
to = 2026-03-03
hours = 8
"#,
    );
    let e = eval(&rules, &record, "2026-03-01");
    assert_eq!(e.outcome, Outcome::NotEligible);
    assert!(e.requirements.iter().all(|r| r.evidence.is_empty()));
    assert_eq!(
        req(&e, "training").not_counted,
        [excluded(
            Cause::AfterDate,
            EntryKind::Training,
            5,
            "2026-03-02",
            "Tomorrow's course",
            "completed after 2026-03-01"
        )]
    );
    assert_eq!(
        req(&e, "practicum").not_counted,
        [excluded(
            Cause::AfterDate,
            EntryKind::Supervision,
            10,
            "2026-03-02",
            "supervision",
            "dated after 2026-03-01"
        )]
    );
    assert_eq!(
        req(&e, "exam").not_counted,
        [excluded(
            Cause::AfterDate,
            EntryKind::Exam,
            14,
            "2026-03-02",
            "written passed",
            "taken after 2026-03-01"
        )]
    );
    let diploma = req(&e, "diploma");
    assert_count(diploma, 1, 0);
    assert_eq!(
        diploma.not_counted,
        [excluded(
            Cause::AfterDate,
            EntryKind::Attestation,
            19,
            "2026-03-02",
            "hs-diploma attestation",
            "dated after 2026-03-01"
        )]
    );
    assert_eq!(
        diploma.explanation,
        "The hs-diploma attestation on file is dated after 2026-03-01."
    );
    assert_eq!(
        req(&e, "work").not_counted,
        [excluded(
            Cause::AfterDate,
            EntryKind::Experience,
            23,
            "2026-03-03",
            "2026-03-02 to 2026-03-03",
            "starts after 2026-03-01"
        )]
    );
    assert_eq!(
        e.summary,
        "Not eligible yet: 5 of 5 requirements unmet (`training`, `practicum`, `exam`, `diploma`, `work`)."
    );
    // A day later, everything counts.
    let e = eval(&rules, &record, "2026-03-03");
    assert_eq!(e.outcome, Outcome::Eligible);
}

#[test]
fn a_credential_requirement_needs_it_current_on_as_of() {
    let rules = rules(
        r#"
[[edition.initial.requirement]]
id = "base"
kind = "credential"
credential = "pa/crs"
citation = "Test rule 1"
confidence = "board"
"#,
    );
    let record = record(
        r#"
[[credential]]
id = "pa/crs"
issued = 2024-06-01
expires = 2026-06-01
"#,
    );
    let e = eval(&rules, &record, "2026-06-01");
    let r = req(&e, "base");
    assert_count(r, 1, 1);
    assert_eq!(
        r.evidence,
        [evidence(
            EntryKind::Credential,
            5,
            "2024-06-01",
            "pa/crs issued 2024-06-01, expires 2026-06-01",
            None,
            None
        )]
    );
    assert_eq!(r.explanation, "Holds pa/crs, current until 2026-06-01.");
    let e = eval(&rules, &record, "2026-06-02");
    let r = req(&e, "base");
    assert_count(r, 1, 0);
    assert_eq!(
        r.not_counted,
        [excluded(
            Cause::Expired,
            EntryKind::Credential,
            5,
            "2024-06-01",
            "pa/crs issued 2024-06-01",
            "expired on 2026-06-01"
        )]
    );
    assert_eq!(
        r.explanation,
        "Requires pa/crs current on 2026-06-02, but it expired on 2026-06-01."
    );
    let e = eval(&rules, &record, "2024-05-31");
    assert_eq!(
        req(&e, "base").explanation,
        "Requires holding pa/crs, which is not in the record."
    );
}

// ---------------------------------------------------------------------------
// Whole evaluations, snapshotted
// ---------------------------------------------------------------------------

#[test]
fn snapshot_nj_cprs_initial_not_eligible() {
    let record = record(
        r#"
[[training]]
date = 2025-03-14
title = "CPRS Core Training"
provider = "Peer Academy"
hours = 40
topics = { ethics = 6, advocacy = 10 }
format = "in-person"

[[training]]
date = 2026-04-01
title = "Refresher"
hours = 6

[[experience]]
from = 2023-09-01
to = 2024-08-31
hours = 300
supervised = true

[[experience]]
from = 2024-09-01
to = 2025-12-31
hours = 180

[[supervision]]
date = 2025-06-30
hours = 25

[[attestation]]
kind = "hs-diploma"
date = 2012-06-20

[[payment]]
kind = "application"
amount = "150.00"
date = 2026-01-05
credential = "nj/cprs"
"#,
    );
    let e = eval(shipped("nj/cprs"), &record, "2026-03-01");
    insta::assert_json_snapshot!(e);
}

#[test]
fn snapshot_pa_crs_renewal_due() {
    let record = record(
        r#"
[[credential]]
id = "pa/crs"
number = "CRS-1234"
issued = 2024-06-01
expires = 2026-06-01

[[training]]
date = 2024-05-20
title = "Last cycle's ethics"
hours = 6
topic = "ethics"

[[training]]
date = 2025-02-11
title = "Boundaries and Confidentiality"
hours = 6
topics = { ethics = 3, privacy = 2 }
format = "live-online"

[[training]]
date = 2025-10-02
title = "Recovery Planning"
hours = 12

[[payment]]
kind = "renewal"
amount = "100.00"
date = 2024-05-25
credential = "pa/crs"
"#,
    );
    let e = eval(shipped("pa/crs"), &record, "2026-03-01");
    insta::assert_json_snapshot!(e);
}

#[test]
fn snapshot_grace_with_paths_and_late_fee() {
    let rules = rules(
        r#"
[[edition.initial.requirement]]
id = "diploma"
kind = "attestation"
attestation = "hs-diploma"
citation = "Test rule 1"
confidence = "board"

[edition.renewal]
cycle_months = 24
post_expiry = "published"
grace_days = 60
citation = "Test rule 2"
confidence = "board"

[[edition.renewal.requirement]]
id = "ce"
kind = "hours"
hours = 20
caps = { self-paced = 5 }
citation = "Test rule 3"
confidence = "board"

[[edition.renewal.requirement]]
id = "ethics"
kind = "hours"
hours = 3
topic = "ethics"
citation = "Test rule 4"
confidence = "board"

[[edition.renewal.requirement]]
id = "practice"
kind = "any_of"
citation = "Test rule 5"
confidence = "board"

[[edition.renewal.requirement.of]]
id = "supervision"
kind = "supervision"
hours = 6

[[edition.renewal.requirement.of]]
id = "work"
kind = "experience"
hours = 100

[[edition.renewal.fee]]
kind = "renewal"
amount = "100.00"
citation = "Test fee 1"
confidence = "board"

[[edition.renewal.fee]]
kind = "late"
amount = "50.00"
citation = "Test fee 2"
confidence = "board"
"#,
    );
    let record = record(
        r#"
[[credential]]
id = "nj/cprs"
issued = 2024-06-01
expires = 2026-06-01

[[training]]
date = 2025-01-10
title = "Ethics online"
hours = 8
topic = "ethics"
format = "self-paced"

[[training]]
date = 2025-11-03
title = "Group facilitation"
hours = 12
format = "in-person"

[[supervision]]
date = 2025-12-01
hours = 4

[[experience]]
from = 2024-05-01
to = 2024-06-30
hours = 120

[[payment]]
kind = "renewal"
amount = "100.00"
date = 2026-05-30
"#,
    );
    let e = eval(&rules, &record, "2026-06-20");
    assert_eq!(e.outcome, Outcome::Grace);
    insta::assert_json_snapshot!(e);
}

#[test]
fn the_best_score_comes_from_attempts_that_count() {
    let record = record(
        r#"
[[exam]]
id = "written"
date = 2024-01-10
score = 790

[[exam]]
id = "written"
date = 2025-01-10
score = 610
"#,
    );
    let e = eval(&rules(EXAMS), &record, "2026-03-01");
    let r = req(&e, "written");
    assert_eq!(r.status, Status::Met);
    score(r, 600, 610);
    assert_eq!(r.evidence.len(), 1);
    assert_eq!(r.evidence[0].date, d("2025-01-10"));
}

#[test]
fn a_course_with_no_recorded_format_is_charged_to_one_cap_only() {
    let rules = rules(
        r#"
[[edition.initial.requirement]]
id = "training"
kind = "hours"
hours = 10
caps = { live-online = 2, self-paced = 1 }
citation = "Test rule"
confidence = "board"
"#,
    );
    let record = record(
        r#"
[[training]]
date = 2025-01-10
title = "Unknown format"
hours = 6

[[training]]
date = 2025-02-10
title = "Live"
hours = 2
format = "live-online"
"#,
    );
    let e = eval(&rules, &record, "2026-03-01");
    let r = req(&e, "training");
    assert_hours(r, 1000, 300);
    assert_eq!(
        r.evidence,
        [
            course(
                5,
                "2025-01-10",
                "Unknown format",
                100,
                Some(
                    "5 of its 6 h are over the 1 h limit on self-paced hours (its format is not recorded, so it is counted as such)"
                )
            ),
            course(10, "2025-02-10", "Live", 200, None),
        ]
    );
}

/// A renewal with a submission window, a due date and a late-fee ladder like
/// Texas's (+$50 after 6 months, +$100 reinstatement after 12).
const LADDER: &str = r#"
[edition.initial]

[edition.renewal]
cycle_months = 24
post_expiry = "published"
grace_days = 730
submit_from_days = 90
due_days = 45
citation = "Test cycle"
confidence = "board"

[[edition.renewal.requirement]]
id = "ce"
kind = "hours"
hours = 20
citation = "Test CE"
confidence = "board"

[[edition.renewal.fee]]
kind = "renewal"
amount = 60
citation = "Test fee"
confidence = "board"

[[edition.renewal.fee]]
kind = "late"
amount = 25
days_after_expiry = -45
citation = "Test late fee after the due date"
confidence = "board"

[[edition.renewal.fee]]
kind = "late"
amount = 50
days_after_expiry = 183
citation = "Test penalty after 6 months"
confidence = "board"

[[edition.renewal.fee]]
kind = "reinstatement"
amount = 100
days_after_expiry = 365
citation = "Test reinstatement after 12 months"
confidence = "board"
"#;

fn ladder_record(hours: u32) -> Record {
    record(&format!(
        r#"
[[credential]]
id = "nj/cprs"
issued = 2024-06-01
expires = 2026-06-01

[[training]]
date = 2025-01-10
title = "CE"
hours = {hours}
"#
    ))
}

fn fee_kinds(e: &Evaluation) -> Vec<(FeeKind, i64)> {
    e.costs.iter().map(|c| (c.kind, c.amount.cents())).collect()
}

#[test]
fn a_due_date_before_expiry_is_the_deadline_until_it_passes() {
    let rules = rules(LADDER);
    let e = eval(&rules, &ladder_record(10), "2026-04-01");
    assert_eq!(e.outcome, Outcome::RenewalDue);
    let cycle = e.cycle.unwrap();
    assert_eq!(cycle.due, Some(d("2026-04-17")));
    assert_eq!(cycle.submit_from, Some(d("2026-03-03")));
    assert_eq!(e.days_left, Some(16));
    assert_eq!(req(&e, "ce").deadline, Some(d("2026-04-17")));
    assert_eq!(fee_kinds(&e), [(FeeKind::Renewal, 6000)]);
    // On the due date: no late fee yet.
    let e = eval(&rules, &ladder_record(10), "2026-04-17");
    assert_eq!(fee_kinds(&e), [(FeeKind::Renewal, 6000)]);
    // The day after: the late fee, and the deadline becomes the expiry date.
    let e = eval(&rules, &ladder_record(10), "2026-04-18");
    assert_eq!(
        fee_kinds(&e),
        [(FeeKind::Renewal, 6000), (FeeKind::Late, 2500)]
    );
    assert_eq!(e.days_left, Some(44));
    assert_eq!(req(&e, "ce").deadline, Some(d("2026-06-01")));
}

#[test]
fn late_fees_climb_a_ladder_after_expiry() {
    let rules = rules(LADDER);
    let on = |date: &str| fee_kinds(&eval(&rules, &ladder_record(20), date));
    assert_eq!(
        on("2026-12-01"),
        [(FeeKind::Renewal, 6000), (FeeKind::Late, 2500)]
    );
    // 183 days after expiry is 2026-12-01; the penalty starts the day after.
    assert_eq!(
        on("2026-12-02"),
        [
            (FeeKind::Renewal, 6000),
            (FeeKind::Late, 2500),
            (FeeKind::Late, 5000)
        ]
    );
    assert_eq!(
        on("2027-06-02"),
        [
            (FeeKind::Renewal, 6000),
            (FeeKind::Late, 2500),
            (FeeKind::Late, 5000),
            (FeeKind::Reinstatement, 10000)
        ]
    );
}

#[test]
fn ready_before_the_submission_window_says_when_it_opens() {
    let e = eval(&rules(LADDER), &ladder_record(20), "2026-01-15");
    assert_eq!(e.outcome, Outcome::RenewalReady);
    assert_eq!(
        e.summary,
        "Ready to renew: every requirement of the cycle ending 2026-06-01 is met; $60.00 in fees is still to pay. The board accepts the renewal from 2026-03-03."
    );
    let e = eval(&rules(LADDER), &ladder_record(20), "2026-03-03");
    assert_eq!(
        e.summary,
        "Ready to renew: every requirement of the cycle ending 2026-06-01 is met; $60.00 in fees is still to pay."
    );
}

fn anchored(anchor: &str, extra: &str) -> RuleSet {
    rules(&format!(
        r#"
[edition.initial]

[edition.renewal]
cycle_months = 24
post_expiry = "published"
anchor = {anchor}
{extra}
citation = "Test cycle"
confidence = "board"

[[edition.renewal.requirement]]
id = "ce"
kind = "hours"
hours = 20
citation = "Test CE"
confidence = "board"
"#
    ))
}

fn held(issued: &str, expires: &str, birth: Option<&str>) -> Record {
    let birth = birth.map_or_else(String::new, |b| format!("birth_date = {b}\n"));
    let text = format!(
        "[worker]\nid = \"W-1\"\nname = \"Ada Test\"\n{birth}\n[[credential]]\nid = \"nj/cprs\"\nissued = {issued}\nexpires = {expires}\n"
    );
    Record::parse(&Source::new("w.toml", text), &*LIBRARY).unwrap()
}

#[test]
fn an_expiry_off_its_anchor_is_flagged() {
    let birthday = anchored("\"birthday\"", "");
    let e = eval(
        &birthday,
        &held("2025-03-14", "2027-03-14", Some("1990-03-14")),
        "2026-11-23",
    );
    assert!(e.notes.is_empty(), "{:?}", e.notes);
    let e = eval(
        &birthday,
        &held("2025-03-14", "2027-03-15", Some("1990-03-14")),
        "2026-11-23",
    );
    assert_eq!(
        e.notes,
        [
            "Check the record: this credential expires on the holder's birthday, but the record's expiry 2027-03-15 is not on March 14."
        ]
    );
    let nebraska = anchored("{ month = 9, day = 1, years = \"odd\" }", "");
    let e = eval(
        &nebraska,
        &held("2025-09-01", "2027-09-01", None),
        "2026-11-23",
    );
    assert!(e.notes.is_empty(), "{:?}", e.notes);
    let e = eval(
        &nebraska,
        &held("2026-09-01", "2028-09-01", None),
        "2026-11-23",
    );
    assert_eq!(
        e.notes,
        [
            "Check the record: every credential of this kind expires on 09-01 of odd-numbered years, but the record says 2028-09-01."
        ]
    );
}

#[test]
fn a_short_first_cycle_needs_no_continuing_education_when_the_board_says_so() {
    let washington = anchored("\"birthday\"", "first_cycle_ce = false");
    // Issued 2025-11-01, first expiry on the 2026-03-14 birthday: a short cycle.
    let e = eval(
        &washington,
        &held("2025-11-01", "2026-03-14", Some("1990-03-14")),
        "2026-01-10",
    );
    assert_eq!(e.outcome, Outcome::RenewalReady);
    let r = req(&e, "ce");
    assert_eq!(r.status, Status::Met);
    assert_eq!(
        r.explanation,
        "Waived: the first cycle (from 2025-11-01) is shorter than 24 months, and the board requires no continuing education in it."
    );
    // Waived means nothing is short.
    assert_eq!(r.shortfall, Measure::Hours(Hours::ZERO));
    assert_eq!(r.required, Measure::Hours(Hours::from_whole(20)));
    // A full cycle is not waived, nor one issued on its first day, the day after the
    // 2024 birthday.
    for issued in ["2024-03-14", "2024-03-15"] {
        let e = eval(
            &washington,
            &held(issued, "2026-03-14", Some("1990-03-14")),
            "2026-01-10",
        );
        assert_eq!(e.outcome, Outcome::RenewalDue);
        assert_eq!(req(&e, "ce").waived, None);
    }
    // Issued a day later still, the first cycle is one day short: waived.
    let e = eval(
        &washington,
        &held("2024-03-16", "2026-03-14", Some("1990-03-14")),
        "2026-01-10",
    );
    assert_eq!(
        req(&e, "ce").waived.as_deref(),
        Some(
            "the first cycle (from 2024-03-16) is shorter than 24 months, and the board requires no continuing education in it"
        )
    );
}

/// A board that waives continuing education waives only that: a renewal's other
/// requirements (a signed code of ethics) are still measured.
#[test]
fn a_waiver_of_continuing_education_leaves_the_other_renewal_requirements() {
    let washington = rules(
        r#"
[edition.initial]

[edition.renewal]
cycle_months = 24
post_expiry = "published"
anchor = "birthday"
first_cycle_ce = false
citation = "Test cycle"
confidence = "board"

[[edition.renewal.requirement]]
id = "ce"
kind = "hours"
hours = 20
citation = "Test CE"
confidence = "board"

[[edition.renewal.requirement]]
id = "ethics-statement"
kind = "attestation"
attestation = "code-of-ethics"
citation = "Test statement"
confidence = "board"
"#,
    );
    let e = eval(
        &washington,
        &held("2025-11-01", "2026-03-14", Some("1990-03-14")),
        "2026-01-10",
    );
    let ce = req(&e, "ce");
    assert_eq!(
        (ce.status, ce.shortfall),
        (Status::Met, Measure::Hours(Hours::ZERO))
    );
    let statement = req(&e, "ethics-statement");
    assert_eq!(statement.status, Status::Unmet);
    assert_eq!(statement.waived, None);
    assert_eq!(statement.shortfall, Measure::Count(1));
    assert_eq!(
        statement.explanation,
        "No code-of-ethics attestation is on file."
    );
    assert_eq!(e.outcome, Outcome::RenewalDue);
}

#[test]
fn continuing_education_is_waived_for_recent_certification_when_the_board_says_so() {
    let nebraska = anchored(
        "{ month = 9, day = 1, years = \"odd\" }",
        "ce_waived_within_months = 12",
    );
    // The 12 months that end on the 2027-09-01 renewal start on 2026-09-02. Certified
    // on that first day: waived.
    let e = eval(
        &nebraska,
        &held("2026-09-02", "2027-09-01", None),
        "2027-01-10",
    );
    assert_eq!(e.outcome, Outcome::RenewalReady);
    assert_eq!(
        req(&e, "ce").waived.as_deref(),
        Some(
            "certified on 2026-09-02, within the 12 months before this renewal, when the board waives continuing education"
        )
    );
    // One day earlier, exactly 12 months before the renewal, the last day of the
    // months before: not waived.
    let e = eval(
        &nebraska,
        &held("2026-09-01", "2027-09-01", None),
        "2027-01-10",
    );
    assert_eq!(e.outcome, Outcome::RenewalDue);
    assert_eq!(req(&e, "ce").waived, None);
    // A renewal issued on the same date is not a first certification: not waived.
    let mut record = held("2026-09-01", "2027-09-01", None);
    record.credentials.insert(
        0,
        crate::record::HeldCredential {
            id: CredentialId::new("nj/cprs").unwrap(),
            number: None,
            issued: d("2024-09-01"),
            expires: d("2026-09-01"),
            provisional: false,
            place: Place::Line(1),
        },
    );
    let e = eval(&nebraska, &record, "2027-01-10");
    assert_eq!(e.outcome, Outcome::RenewalDue);
}

/// NAADAC's pattern: at least half of the training face to face.
const HALF_IN_PERSON: &str = r#"
[[edition.initial.requirement]]
id = "training"
kind = "hours"
hours = 60
min_share = { in-person = 50 }
citation = "Test share"
confidence = "board"
"#;

fn share_record(in_person: u32, online: u32) -> Record {
    record(&format!(
        r#"
[[training]]
date = 2025-01-10
title = "In the room"
hours = {in_person}
format = "in-person"

[[training]]
date = 2025-02-10
title = "Online"
hours = {online}
format = "live-online"
"#
    ))
}

#[test]
fn a_minimum_share_of_a_format_is_a_nested_minimum() {
    let rules = rules(HALF_IN_PERSON);
    let e = eval(&rules, &share_record(30, 30), "2026-03-01");
    assert_eq!(req(&e, "training").status, Status::Met);
    let e = eval(&rules, &share_record(20, 45), "2026-03-01");
    let r = req(&e, "training");
    assert_eq!(r.status, Status::Unmet);
    assert_eq!(r.completed, Measure::Hours(Hours::from_whole(65)));
    assert_eq!(r.shortfall, Measure::Hours(Hours::from_whole(10)));
    assert_eq!(
        r.explanation,
        "65 h of training counted toward the 60 h required; at least 30 h (50%) must be in-person, but only 20 h are (10 h short)."
    );
}

/// Texas's pattern: a 6-month initial certification, one 6-month extension, and
/// 250 hours of supervised work to complete during it.
const PROVISIONAL: &str = r#"
[[edition.initial.requirement]]
id = "training"
kind = "hours"
hours = 46
citation = "Test training"
confidence = "regulation"

[edition.provisional]
months = 6
extensions = 1
citation = "Test provisional"
confidence = "regulation"

[[edition.provisional.requirement]]
id = "supervised-work"
kind = "experience"
hours = 250
supervised = true
citation = "Test 250 hours"
confidence = "regulation"
"#;

fn provisional_record(hours: u32) -> Record {
    record(&format!(
        r#"
[[credential]]
id = "nj/cprs"
issued = 2026-06-01
expires = 2026-12-01
provisional = true

[[experience]]
from = 2026-06-01
to = 2026-11-20
hours = {hours}
supervised = true

[[experience]]
from = 2026-01-05
to = 2026-05-29
hours = 100
supervised = true
"#
    ))
}

#[test]
fn a_provisional_holder_is_measured_on_what_the_provisional_period_requires() {
    let rules = rules(PROVISIONAL);
    let e = eval(&rules, &provisional_record(200), "2026-11-23");
    assert_eq!(e.purpose, Purpose::Initial);
    assert_eq!(e.outcome, Outcome::NotEligible);
    assert_eq!(e.days_left, Some(8));
    assert_eq!(
        e.notes,
        [
            "Provisional certification from 2026-06-01 until 2026-12-01: the requirements below must be met during it to become fully certified; the board may extend it once by 6 months."
        ]
    );
    let r = req(&e, "supervised-work");
    // Work before the provisional certification does not count toward it.
    assert_hours(r, 25000, 20000);
    assert_eq!(r.deadline, Some(d("2026-12-01")));
    assert_eq!(r.not_counted.len(), 1);
    assert_eq!(
        r.not_counted[0].reason,
        "ended 2026-05-29, before the start of this provisional certification (2026-06-01)"
    );
    let e = eval(&rules, &provisional_record(250), "2026-11-23");
    assert_eq!(e.outcome, Outcome::Eligible);
}

/// The standing says provisional, with its last day, and the period is the
/// provisional one: it has no grace, even when the renewal accepts late renewals
/// with no last day (Texas).
#[test]
fn a_provisional_standing_names_its_end() {
    let rules = rules(&format!(
        "{PROVISIONAL}
[edition.renewal]
cycle_months = 24
post_expiry = \"published\"
grace_open = true
citation = \"Test cycle\"
confidence = \"board\"
"
    ));
    let e = eval(&rules, &provisional_record(200), "2026-11-23");
    assert_eq!(
        e.standing,
        Standing::Provisional {
            ends: d("2026-12-01")
        }
    );
    assert_eq!(e.stage, StageKind::Provisional);
    assert_eq!(e.requirements_of, Purpose::Initial);
    let cycle = e.cycle.expect("the provisional period");
    assert_eq!(
        (cycle.start, cycle.expires, cycle.grace_ends),
        (d("2026-06-01"), d("2026-12-01"), Some(d("2026-12-01")))
    );
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(
        json["standing"],
        serde_json::json!({"state": "provisional", "ends": "2026-12-01"})
    );
    assert_eq!(json["stage"], "provisional");
}

#[test]
fn an_expired_provisional_certification_means_applying_again() {
    let e = eval(&rules(PROVISIONAL), &provisional_record(250), "2026-12-02");
    assert_eq!(e.purpose, Purpose::Initial);
    assert_eq!(e.requirements_of, Purpose::Initial);
    assert_eq!(
        e.standing,
        Standing::Initial {
            provisional_expired: Some(d("2026-12-01"))
        }
    );
    assert_eq!(e.stage, StageKind::Initial);
    assert_eq!(
        e.notes,
        [
            "The provisional certification expired on 2026-12-01 (the board may extend it once by 6 months); the requirements below are those of a new application."
        ]
    );
    assert_eq!(e.requirements.len(), 1);
    assert_eq!(e.requirements[0].id.as_str(), "training");
}

/// Texas accepts a renewal at any time after expiry, with a fee ladder, and
/// publishes no last day: the credential stays in grace and the fees climb.
#[test]
fn an_open_grace_period_never_lapses_and_climbs_the_fee_ladder() {
    let record = record(
        r#"
[[credential]]
id = "tx/mhps"
issued = 2023-10-01
expires = 2025-10-01
"#,
    );
    let tx = shipped("tx/mhps");
    let fees = |e: &Evaluation| e.costs.iter().map(|c| c.kind).collect::<Vec<_>>();
    // Day 181 after expiry: no penalty yet.
    let e = eval(tx, &record, "2026-03-31");
    assert_eq!(e.outcome, Outcome::Grace);
    assert_eq!(e.days_left, None);
    assert_eq!(e.cycle.map(|c| c.grace_ends), Some(None));
    assert_eq!(
        e.standing,
        Standing::Grace {
            expired: d("2025-10-01"),
            ends: None
        }
    );
    assert_eq!(
        serde_json::to_value(e.standing).unwrap(),
        serde_json::json!({"state": "grace", "expired": "2025-10-01", "ends": "no-last-day"})
    );
    assert_eq!(fees(&e), [FeeKind::Renewal]);
    // Day 182: the $50 penalty.
    let e = eval(tx, &record, "2026-04-01");
    assert_eq!(fees(&e), [FeeKind::Renewal, FeeKind::Late]);
    // Day 366: the $100 reinstatement fee on top.
    let e = eval(tx, &record, "2026-10-02");
    assert_eq!(
        fees(&e),
        [FeeKind::Renewal, FeeKind::Late, FeeKind::Reinstatement]
    );
    // Ten years on, still renewable: no last day is invented.
    let e = eval(tx, &record, "2035-10-02");
    assert_eq!(e.outcome, Outcome::Grace);
    assert_eq!(
        e.summary,
        "Expired on 2025-10-01; the board still accepts a late renewal with the late fee and publishes no last day for it, and 3 requirements still unmet (`continuing-education`, `ethics`, `background-check`); $210.00 in fees is still to pay."
    );
    let ce = req(&e, "continuing-education");
    assert_eq!(ce.deadline, None);
}

// ---------------------------------------------------------------------------
// Cycle boundaries: a day belongs to exactly one renewal cycle
// ---------------------------------------------------------------------------

/// A record holding issuances of `nj/cprs` (issued, expires), with a one-hour course on
/// each of `courses`, titled by its date.
fn boundary_record(credentials: &[(&str, &str)], birth: Option<&str>, courses: &[&str]) -> Record {
    boundary_record_of("nj/cprs", credentials, birth, courses)
}

fn boundary_record_of(
    id: &str,
    credentials: &[(&str, &str)],
    birth: Option<&str>,
    courses: &[&str],
) -> Record {
    let mut text = String::from("[worker]\nid = \"W-1\"\nname = \"Ada Test\"\n");
    if let Some(b) = birth {
        text.push_str(&format!("birth_date = {b}\n"));
    }
    for (issued, expires) in credentials {
        text.push_str(&format!(
            "\n[[credential]]\nid = \"{id}\"\nissued = {issued}\nexpires = {expires}\n"
        ));
    }
    for date in courses {
        text.push_str(&format!(
            "\n[[training]]\ndate = {date}\ntitle = \"Course {date}\"\nhours = 1\n"
        ));
    }
    Record::parse(&Source::new("w.toml", text), &*LIBRARY).unwrap()
}

/// The dates of the courses that counted toward `id`.
fn counted(e: &Evaluation, id: &str) -> Vec<NaiveDate> {
    req(e, id).evidence.iter().map(|x| x.date).collect()
}

/// The dates of the courses that did not count toward `id`, with the reasons.
fn not_counted(e: &Evaluation, id: &str) -> Vec<(NaiveDate, String)> {
    req(e, id)
        .not_counted
        .iter()
        .map(|x| (x.date, x.reason.clone()))
        .collect()
}

/// On its expiry day, the cycle ending on `expires` counts the courses on `first` and
/// on `expires`, not the one on `last_before`, the last day of the cycle before.
fn assert_boundaries(e: &Evaluation, id: &str, last_before: &str, first: &str, expires: &str) {
    assert_eq!(
        e.cycle.map(|c| (c.start, c.expires)),
        Some((d(first), d(expires)))
    );
    assert_eq!(req(e, id).window, window(Some(first), expires));
    assert_eq!(counted(e, id), [d(first), d(expires)]);
    assert_eq!(
        not_counted(e, id),
        [(
            d(last_before),
            format!("before the start of this renewal cycle ({first})")
        )]
    );
}

/// The record's expiry fits the rule set's anchor: no "check the record" note.
fn assert_fits_anchor(e: &Evaluation) {
    assert!(
        e.notes.iter().all(|n| !n.starts_with("Check the record")),
        "{:?}",
        e.notes
    );
}

/// A renewal cycle of `months` tied to `anchor`, with 2 hours of continuing education.
fn cycle_rules(months: u32, anchor: &str, extra: &str) -> RuleSet {
    rules(&format!(
        r#"
[edition.initial]

[edition.renewal]
cycle_months = {months}
post_expiry = "published"
anchor = {anchor}
citation = "Test cycle"
confidence = "board"

[[edition.renewal.requirement]]
id = "ce"
kind = "hours"
hours = 2
citation = "Test CE"
confidence = "board"
{extra}"#
    ))
}

/// Issue-date anchor: issued 2025-02-01, expiring 2027-02-01 after 24 months. The issue
/// date closes the cycle before; this one runs from 2025-02-02 to 2027-02-01.
#[test]
fn an_issue_date_cycle_starts_the_day_after_the_issue_date() {
    let rules = cycle_rules(24, "\"issued\"", "");
    let record = boundary_record(
        &[("2025-02-01", "2027-02-01")],
        None,
        &["2025-02-01", "2025-02-02", "2027-02-01"],
    );
    let e = eval(&rules, &record, "2027-02-01");
    assert_eq!(e.outcome, Outcome::RenewalReady);
    assert_boundaries(&e, "ce", "2025-02-01", "2025-02-02", "2027-02-01");
    assert_eq!(
        req(&e, "ce").explanation,
        "2 h of training since 2025-02-02 counted toward the 2 h required; 1 entry did not count."
    );
    // A first cycle shorter than 24 months starts on its issue date, which counts.
    let record = boundary_record(
        &[("2025-06-10", "2027-02-01")],
        None,
        &["2025-06-09", "2025-06-10", "2027-02-01"],
    );
    let e = eval(&rules, &record, "2027-02-01");
    assert_boundaries(&e, "ce", "2025-06-09", "2025-06-10", "2027-02-01");
}

/// Birthday anchor (born 14 March): the cycle runs from the day after the 2025
/// birthday, when the last credential expired, to the 2027 birthday.
#[test]
fn a_birthday_cycle_starts_the_day_after_the_previous_birthday() {
    let rules = cycle_rules(24, "\"birthday\"", "");
    let record = boundary_record(
        &[("2025-03-14", "2027-03-14")],
        Some("1990-03-14"),
        &["2025-03-14", "2025-03-15", "2027-03-14"],
    );
    let e = eval(&rules, &record, "2027-03-14");
    assert_fits_anchor(&e);
    assert_eq!(e.outcome, Outcome::RenewalReady);
    assert_boundaries(&e, "ce", "2025-03-14", "2025-03-15", "2027-03-14");
}

/// Calendar-year anchor (Georgia's CARES, 12 months): the 2026 cycle is 1 January to
/// 31 December 2026. A course on 31 December 2025 counts toward 2025 only.
#[test]
fn a_calendar_year_cycle_is_1_january_to_31_december() {
    let ga = shipped("ga/cares");
    let courses = ["2025-12-31", "2026-01-01", "2026-12-31"];
    let year_2025 = ("2024-03-10", "2025-12-31");
    // Renewed on 20 December 2025 for 2026.
    let year_2026 = ("2025-12-20", "2026-12-31");
    let record = boundary_record_of("ga/cares", &[year_2025], None, &courses);
    let e = eval(ga, &record, "2025-12-31");
    assert_fits_anchor(&e);
    assert_eq!(
        e.cycle.map(|c| (c.start, c.expires)),
        Some((d("2025-01-01"), d("2025-12-31")))
    );
    assert_eq!(counted(&e, "continuing-education"), [d("2025-12-31")]);
    let record = boundary_record_of("ga/cares", &[year_2025, year_2026], None, &courses);
    let e = eval(ga, &record, "2026-12-31");
    assert_fits_anchor(&e);
    assert_boundaries(
        &e,
        "continuing-education",
        "2025-12-31",
        "2026-01-01",
        "2026-12-31",
    );
}

/// Fixed-date anchor (Nebraska: 1 September of odd years, 24 months): renewed on
/// 20 August 2025, the cycle runs from 2 September 2025 to 1 September 2027.
#[test]
fn a_fixed_date_cycle_starts_the_day_after_the_previous_fixed_expiry() {
    let rules = cycle_rules(24, "{ month = 9, day = 1, years = \"odd\" }", "");
    let record = boundary_record(
        &[("2025-08-20", "2027-09-01")],
        None,
        &["2025-09-01", "2025-09-02", "2027-09-01"],
    );
    let e = eval(&rules, &record, "2027-09-01");
    assert_fits_anchor(&e);
    assert_boundaries(&e, "ce", "2025-09-01", "2025-09-02", "2027-09-01");
}

/// 2028-02-29 − 24 months is 2026-02-28 (there is no 2026-02-29), the last day of the
/// cycle before: the cycle ending on the leap day starts on 1 March. A window of 48
/// months ending on it starts the day after 2024-02-29.
#[test]
fn a_cycle_ending_on_a_leap_day_starts_on_1_march() {
    let rules = cycle_rules(
        24,
        "\"birthday\"",
        r#"
[[edition.renewal.requirement]]
id = "equity"
kind = "hours"
hours = 1
within_months = 48
citation = "Test cadence"
confidence = "board"
"#,
    );
    let record = boundary_record(
        &[("2026-02-28", "2028-02-29")],
        Some("2000-02-29"),
        &[
            "2024-02-29",
            "2024-03-01",
            "2026-02-28",
            "2026-03-01",
            "2028-02-29",
        ],
    );
    let e = eval(&rules, &record, "2028-02-29");
    assert_fits_anchor(&e);
    assert_eq!(
        not_counted(&e, "ce"),
        [
            (
                d("2024-02-29"),
                "before the start of this renewal cycle (2026-03-01)".to_owned()
            ),
            (
                d("2024-03-01"),
                "before the start of this renewal cycle (2026-03-01)".to_owned()
            ),
            (
                d("2026-02-28"),
                "before the start of this renewal cycle (2026-03-01)".to_owned()
            ),
        ]
    );
    assert_eq!(counted(&e, "ce"), [d("2026-03-01"), d("2028-02-29")]);
    assert_eq!(e.cycle.map(|c| c.start), Some(d("2026-03-01")));
    let equity = req(&e, "equity");
    assert_eq!(equity.window, window(Some("2024-03-01"), "2028-02-29"));
    assert_eq!(
        not_counted(&e, "equity"),
        [(
            d("2024-02-29"),
            "4 years or more before the expiry date 2028-02-29 (counts from 2024-03-01)".to_owned()
        )]
    );
    assert_eq!(
        counted(&e, "equity"),
        [
            d("2024-03-01"),
            d("2026-02-28"),
            d("2026-03-01"),
            d("2028-02-29")
        ]
    );
}

/// After a leap-day expiry, 2030-02-28 − 24 months + 1 day is 2028-02-29 again. When the
/// record shows the credential that expired that day, the day stays in its cycle and the
/// next one starts on 1 March; without it, the rule can only start at the issue date.
#[test]
fn a_renewal_on_a_leap_day_expiry_starts_the_next_cycle_on_1_march() {
    let rules = cycle_rules(24, "\"birthday\"", "");
    let courses = ["2028-02-29", "2028-03-01", "2030-02-28"];
    let before = ("2026-02-28", "2028-02-29");
    let renewed = ("2028-02-29", "2030-02-28");
    let e = eval(
        &rules,
        &boundary_record(&[before], Some("2000-02-29"), &courses),
        "2028-02-29",
    );
    assert_eq!(counted(&e, "ce"), [d("2028-02-29")]);
    let record = boundary_record(&[before, renewed], Some("2000-02-29"), &courses);
    let e = eval(&rules, &record, "2030-02-28");
    assert_boundaries(&e, "ce", "2028-02-29", "2028-03-01", "2030-02-28");
    let alone = boundary_record(&[renewed], Some("2000-02-29"), &courses);
    let e = eval(&rules, &alone, "2030-02-28");
    assert_eq!(e.cycle.map(|c| c.start), Some(d("2028-02-29")));
}

/// Month ends: the 24 months ending on 30 April 2026 start on 1 May 2024, and the 12
/// months ending on it (a `within_months` window) on 1 May 2025.
#[test]
fn a_cycle_and_a_window_ending_on_a_month_end_start_on_the_first_of_the_month() {
    let rules = cycle_rules(
        24,
        "\"issued\"",
        r#"
[[edition.renewal.requirement]]
id = "recent"
kind = "hours"
hours = 1
within_months = 12
citation = "Test window"
confidence = "board"
"#,
    );
    let record = boundary_record(
        &[("2024-04-30", "2026-04-30")],
        None,
        &[
            "2024-04-30",
            "2024-05-01",
            "2025-04-30",
            "2025-05-01",
            "2026-04-30",
        ],
    );
    let e = eval(&rules, &record, "2026-04-30");
    assert_eq!(e.cycle.map(|c| c.start), Some(d("2024-05-01")));
    assert_eq!(
        not_counted(&e, "ce"),
        [(
            d("2024-04-30"),
            "before the start of this renewal cycle (2024-05-01)".to_owned()
        )]
    );
    assert_eq!(
        counted(&e, "ce"),
        [
            d("2024-05-01"),
            d("2025-04-30"),
            d("2025-05-01"),
            d("2026-04-30")
        ]
    );
    assert_eq!(
        req(&e, "recent").window,
        window(Some("2025-05-01"), "2026-04-30")
    );
    assert_eq!(
        not_counted(&e, "recent"),
        [
            (
                d("2024-04-30"),
                "1 year or more before the expiry date 2026-04-30 (counts from 2025-05-01)"
                    .to_owned()
            ),
            (
                d("2024-05-01"),
                "1 year or more before the expiry date 2026-04-30 (counts from 2025-05-01)"
                    .to_owned()
            ),
            (
                d("2025-04-30"),
                "1 year or more before the expiry date 2026-04-30 (counts from 2025-05-01)"
                    .to_owned()
            ),
        ]
    );
    assert_eq!(counted(&e, "recent"), [d("2025-05-01"), d("2026-04-30")]);
}

/// Six months of grace with a $75 late fee on top of the renewal fee (the shape of the
/// Pennsylvania Certification Board's 2026 terms).
fn months_rules(extra: &str) -> RuleSet {
    rules(&format!(
        r#"
[edition.initial]

[edition.renewal]
cycle_months = 24
post_expiry = "published"
grace_months = 6
{extra}citation = "Test cycle"
confidence = "board"

[[edition.renewal.fee]]
kind = "renewal"
amount = "50.00"
citation = "Test fee 1"
confidence = "board"

[[edition.renewal.fee]]
kind = "late"
amount = "75.00"
citation = "Test fee 2"
confidence = "board"
"#
    ))
}

fn expiring(issued: &str, expires: &str) -> Record {
    record(&format!(
        "\n[[credential]]\nid = \"nj/cprs\"\nissued = {issued}\nexpires = {expires}\n"
    ))
}

/// "Six months after expiry": the last day of grace is the same day of the month six
/// months later, or that month's last day; the day after it, the credential has
/// lapsed. Issue 11.
#[test]
fn a_grace_of_months_ends_on_the_same_day_or_the_months_last() {
    let rules = months_rules("");
    for (expires, last) in [
        ("2026-01-31", "2026-07-31"),
        ("2026-08-31", "2027-02-28"),
        ("2027-08-31", "2028-02-29"),
    ] {
        let record = expiring("2024-01-01", expires);
        let e = eval(&rules, &record, last);
        assert_eq!(e.outcome, Outcome::Grace, "{expires}");
        assert_eq!(
            e.standing,
            Standing::Grace {
                expired: d(expires),
                ends: Some(d(last))
            }
        );
        assert_eq!(e.days_left, Some(0));
        assert_eq!(
            costs(&e),
            [
                cost(FeeKind::Renewal, 5000, 0, 5000),
                cost(FeeKind::Late, 7500, 0, 7500)
            ]
        );
        let next = d(last).succ_opt().unwrap().to_string();
        let e = eval(&rules, &record, &next);
        assert_eq!(e.outcome, Outcome::Lapsed, "{expires}");
        assert_eq!(
            e.standing,
            Standing::Lapsed {
                expired: d(expires)
            }
        );
        assert_eq!(
            e.summary,
            format!(
                "Lapsed: expired on {expires} and the grace period ended on {last}; the worker must apply again, and the requirements below are those of a new application."
            )
        );
    }
}

/// `grace_from`: a credential that expired before it gets the grace from that day
/// (Pennsylvania: lapsed before 2026, six months from 1 January 2026), one that
/// expires later from its own expiry; before the edition that brings it, the old
/// terms stand.
#[test]
fn grace_from_gives_an_earlier_expiry_the_grace_from_that_day() {
    let old = r#"
[edition.initial]

[edition.renewal]
cycle_months = 24
post_expiry = "published"
citation = "Test old cycle"
confidence = "board"

[[edition]]
effective = 2026-01-01
"#;
    let new = months_rules("grace_from = 2026-01-01\n");
    let text = format!(
        "{RULES_HEAD}{old}{}",
        months_rules_body("grace_from = 2026-01-01\n")
    );
    let rules = RuleSet::parse(&Source::new("r.toml", text), LIBRARY.topics())
        .unwrap_or_else(|e| panic!("{e}"));
    let lapsed_2025 = expiring("2023-06-30", "2025-06-30");
    // Under the old edition: lapsed the day after expiry.
    let e = eval(&rules, &lapsed_2025, "2025-12-31");
    assert_eq!(
        e.standing,
        Standing::Lapsed {
            expired: d("2025-06-30")
        }
    );
    // From 1 January 2026: six months from that day, to 2026-07-01.
    for as_of in ["2026-01-01", "2026-07-01"] {
        let e = eval(&rules, &lapsed_2025, as_of);
        assert_eq!(
            e.standing,
            Standing::Grace {
                expired: d("2025-06-30"),
                ends: Some(d("2026-07-01"))
            },
            "{as_of}"
        );
    }
    let e = eval(&rules, &lapsed_2025, "2026-07-02");
    assert_eq!(
        e.standing,
        Standing::Lapsed {
            expired: d("2025-06-30")
        }
    );
    // An expiry after `grace_from` counts from itself.
    let e = eval(&new, &expiring("2024-01-31", "2026-01-31"), "2026-07-31");
    assert_eq!(e.days_left, Some(0));
    assert_eq!(e.outcome, Outcome::Grace);
    let e = eval(&new, &expiring("2024-01-31", "2026-01-31"), "2026-08-01");
    assert_eq!(e.outcome, Outcome::Lapsed);
}

fn months_rules_body(extra: &str) -> String {
    format!(
        r#"
[edition.initial]

[edition.renewal]
cycle_months = 24
post_expiry = "published"
grace_months = 6
{extra}citation = "Test cycle"
confidence = "board"
"#
    )
}

/// Georgia's shape: the calendar year, a late fee after 15 January, grace to
/// 28 February (59 days), then two years inactive with a reactivation fee, then
/// lapsed. Each boundary to the day.
fn inactive_rules() -> RuleSet {
    rules(
        r#"
[edition.initial]

[edition.renewal]
cycle_months = 12
anchor = "calendar-year"
post_expiry = "published"
grace_days = 59
inactive_months = 24
citation = "Test cycle"
confidence = "board"

[[edition.renewal.requirement]]
id = "ce"
kind = "hours"
hours = 12
citation = "Test rule 1"
confidence = "board"

[[edition.renewal.fee]]
kind = "late"
amount = "25.00"
days_after_expiry = 15
citation = "Test fee 1"
confidence = "board"

[[edition.renewal.fee]]
kind = "reinstatement"
amount = "100.00"
days_after_expiry = 59
citation = "Test fee 2"
confidence = "board"
"#,
    )
}

#[test]
fn an_inactive_period_follows_grace_and_ends_in_a_lapse() {
    let rules = inactive_rules();
    let record = expiring("2025-01-01", "2025-12-31");
    // Grace: no late fee until 15 January, the late fee from the 16th.
    let e = eval(&rules, &record, "2026-01-15");
    assert_eq!(e.outcome, Outcome::Grace);
    assert!(costs(&e).is_empty());
    let ahead: Vec<(FeeKind, NaiveDate)> =
        e.fees_ahead.iter().map(|f| (f.cost.kind, f.from)).collect();
    assert_eq!(
        ahead,
        [
            (FeeKind::Late, d("2026-01-16")),
            (FeeKind::Reinstatement, d("2026-03-01"))
        ]
    );
    let e = eval(&rules, &record, "2026-01-16");
    assert_eq!(costs(&e), [cost(FeeKind::Late, 2500, 0, 2500)]);
    // The last day of grace.
    let e = eval(&rules, &record, "2026-02-28");
    assert_eq!(
        e.standing,
        Standing::Grace {
            expired: d("2025-12-31"),
            ends: Some(d("2026-02-28"))
        }
    );
    assert_eq!(e.days_left, Some(0));
    // Inactive from 1 March: `lapsed`, reactivation until 2028-02-28 with the
    // reinstatement fee (the late fee belongs to grace), the cycle's hours listed.
    let e = eval(&rules, &record, "2026-03-01");
    assert_eq!(e.outcome, Outcome::Lapsed);
    assert_eq!(
        e.standing,
        Standing::Inactive {
            expired: d("2025-12-31"),
            until: d("2028-02-28")
        }
    );
    assert_eq!(e.purpose, Purpose::Renewal);
    assert_eq!(e.requirements_of, Purpose::Renewal);
    assert_eq!(e.stage, StageKind::Renewal);
    assert_eq!(e.days_left, Some(729));
    assert_eq!(req(&e, "ce").deadline, Some(d("2028-02-28")));
    assert_eq!(costs(&e), [cost(FeeKind::Reinstatement, 10000, 0, 10000)]);
    assert!(e.fees_ahead.is_empty());
    assert_eq!(
        e.summary,
        "Inactive: expired on 2025-12-31 and not renewed by the end of grace on 2026-02-28; the board allows reactivation until 2028-02-28 (729 days left), and 1 requirement still unmet (`ce`); $100.00 in fees is still to pay."
    );
    assert_eq!(
        e.cycle.map(|c| (c.grace_ends, c.inactive_ends)),
        Some((Some(d("2026-02-28")), Some(d("2028-02-28"))))
    );
    // The last day of reactivation, then lapsed.
    let e = eval(&rules, &record, "2028-02-28");
    assert_eq!(e.days_left, Some(0));
    assert_eq!(e.outcome, Outcome::Lapsed);
    assert!(matches!(e.standing, Standing::Inactive { .. }));
    let e = eval(&rules, &record, "2028-02-29");
    assert_eq!(
        e.standing,
        Standing::Lapsed {
            expired: d("2025-12-31")
        }
    );
    assert_eq!(e.requirements_of, Purpose::Initial);
    assert_eq!(
        e.summary,
        "Lapsed: expired on 2025-12-31 and the inactive period, when it could be reactivated, ended on 2028-02-28; the worker must apply again, and the requirements below are those of a new application."
    );
}

// The shapes boards publish: attestation windows, topic caps, waived fees,
// supervision by domain.

/// A rule file's load error, as shown.
fn rules_error(edition: &str) -> String {
    let text = format!("{RULES_HEAD}{edition}");
    match RuleSet::parse(&Source::new("r.toml", text), LIBRARY.topics()) {
        Ok(_) => panic!("the rule set loads"),
        Err(e) => e.to_string(),
    }
}

/// A record's load error, as shown.
fn record_error(body: &str) -> String {
    let text = format!("[worker]\nid = \"W-1\"\nname = \"Ada Test\"\n{body}");
    match Record::parse(&Source::new("w.toml", text), &*LIBRARY) {
        Ok(_) => panic!("the record loads"),
        Err(e) => e.to_string(),
    }
}

const CHECK_WITHIN_A_YEAR: &str = r#"
[[edition.initial.requirement]]
id = "background-check"
kind = "attestation"
attestation = "background-check"
within_months = 12
citation = "Test rule 1"
confidence = "regulation"
"#;

/// Ohio: a background check within one year of submission. On 2026-12-06 a check of
/// 2025-12-06 is the first day in; one of 2025-12-05 is the first day out.
#[test]
fn an_attestation_within_months_counts_from_the_same_day_months_before() {
    let rules = rules(CHECK_WITHIN_A_YEAR);
    let first_day_in =
        record("\n[[attestation]]\nkind = \"background-check\"\ndate = 2025-12-06\n");
    let e = eval(&rules, &first_day_in, "2026-12-06");
    let r = req(&e, "background-check");
    assert_count(r, 1, 1);
    assert_eq!(r.window, window(Some("2025-12-06"), "2026-12-06"));
    assert_eq!(
        r.explanation,
        "The background-check attestation is on file, dated 2025-12-06; it counts when dated from 2025-12-06."
    );
    assert_eq!(e.outcome, Outcome::Eligible);

    let first_day_out =
        record("\n[[attestation]]\nkind = \"background-check\"\ndate = 2025-12-05\n");
    let e = eval(&rules, &first_day_out, "2026-12-06");
    let r = req(&e, "background-check");
    assert_count(r, 1, 0);
    assert_eq!(
        r.not_counted,
        [excluded(
            Cause::OutOfWindow,
            EntryKind::Attestation,
            5,
            "2025-12-05",
            "background-check attestation",
            "more than 1 year before 2026-12-06 (counts from 2025-12-06)"
        )]
    );
    assert_eq!(
        r.explanation,
        "No background-check attestation dated from 2025-12-06 to 2026-12-06 is on file; an older one does not count."
    );
    assert_eq!(e.outcome, Outcome::NotEligible);
    // The same check, a day earlier in the calendar, is still in.
    let e = eval(&rules, &first_day_out, "2026-12-05");
    assert_count(req(&e, "background-check"), 1, 1);
    assert_eq!(
        rules.editions[0].initial.requirements[0].describe(),
        "background-check attestation dated within 1 year"
    );
}

/// Texas and Ohio at renewal: an attestation dated within the current cycle. Issued
/// 2024-06-01, expiring 2026-06-01: the cycle starts 2024-06-02, so a statement of
/// 2024-06-02 counts and one of 2024-06-01 (the last day of the cycle before) does not.
#[test]
fn an_attestation_within_the_cycle_counts_from_the_cycles_first_day() {
    let rules = renewal_rules(
        r#"
[[edition.renewal.requirement]]
id = "ethics-statement"
kind = "attestation"
attestation = "code-of-ethics"
within_cycle = true
citation = "Test rule 4"
confidence = "board"
"#,
    );
    let held = "\n[[credential]]\nid = \"nj/cprs\"\nissued = 2024-06-01\nexpires = 2026-06-01\n\n[[training]]\ndate = 2025-01-10\ntitle = \"CE\"\nhours = 10\n";
    let inside = record(&format!(
        "{held}\n[[attestation]]\nkind = \"code-of-ethics\"\ndate = 2024-06-02\n"
    ));
    let e = eval(&rules, &inside, "2026-05-01");
    assert_eq!(e.outcome, Outcome::RenewalReady);
    let r = req(&e, "ethics-statement");
    assert_count(r, 1, 1);
    assert_eq!(r.window, window(Some("2024-06-02"), "2026-05-01"));

    let before = record(&format!(
        "{held}\n[[attestation]]\nkind = \"code-of-ethics\"\ndate = 2024-06-01\n"
    ));
    let e = eval(&rules, &before, "2026-05-01");
    assert_eq!(e.outcome, Outcome::RenewalDue);
    let r = req(&e, "ethics-statement");
    assert_count(r, 1, 0);
    assert_eq!(
        r.not_counted,
        [excluded(
            Cause::OutOfWindow,
            EntryKind::Attestation,
            15,
            "2024-06-01",
            "code-of-ethics attestation",
            "before the start of this renewal cycle (2024-06-02)"
        )]
    );
    assert_eq!(
        r.explanation,
        "No code-of-ethics attestation dated from 2024-06-02 to 2026-05-01 is on file; an older one does not count."
    );
}

/// A window that cannot be, said where it is written.
#[test]
fn attestation_windows_are_checked_where_they_are_written() {
    assert_eq!(
        rules_error(
            "\n[[edition.initial.requirement]]\nid = \"a\"\nkind = \"attestation\"\nattestation = \"code-of-ethics\"\nwithin_cycle = true\ncitation = \"T\"\nconfidence = \"board\"\n"
        ),
        "error: `within_cycle` applies only to renewal and provisional requirements, found it in initial certification\n  --> r.toml:15:16\n   |\n15 | within_cycle = true\n   |                ^^^^\n   = help: for initial certification, give `within_months`"
    );
    assert_eq!(
        renewal_error("within_months = 12\nwithin_cycle = true"),
        "error: use either `within_months` or `within_cycle`, not both\n  --> r.toml:29:16\n   |\n29 | within_cycle = true\n   |                ^^^^"
    );
    assert_eq!(
        renewal_error("within_cycle = false"),
        "error: expected `within_cycle = true`, found `false`\n  --> r.toml:28:16\n   |\n28 | within_cycle = false\n   |                ^^^^^\n   = help: leave `within_cycle` out to accept an attestation of any date"
    );
    assert_eq!(
        renewal_error("within_months = 0"),
        "error: expected a number of months from 1 to 600, found 0\n  --> r.toml:28:17\n   |\n28 | within_months = 0\n   |                 ^"
    );
}

/// A renewal attestation with `keys`, as a load error.
fn renewal_error(keys: &str) -> String {
    rules_error(&format!(
        r#"
[[edition.initial.requirement]]
id = "diploma"
kind = "attestation"
attestation = "hs-diploma"
citation = "Test rule 1"
confidence = "board"

[edition.renewal]
cycle_months = 24
post_expiry = "not-published"
citation = "Test rule 2"
confidence = "board"

[[edition.renewal.requirement]]
id = "statement"
kind = "attestation"
attestation = "code-of-ethics"
{keys}
citation = "Test rule 3"
confidence = "board"
"#
    ))
}

const WHOLE_HEALTH_CEILING: &str = r#"
[[edition.initial.requirement]]
id = "training"
kind = "hours"
hours = 40
topic_caps = { whole-health = 16 }
citation = "Test rule 1"
confidence = "board"
"#;

/// Florida: at most 16 Whole Health hours count toward the 40. Exactly 16 count in
/// full; the 17th does not.
#[test]
fn a_topic_cap_counts_hours_of_the_topic_up_to_the_cap_in_date_order() {
    let rules = rules(WHOLE_HEALTH_CEILING);
    let at_cap = record(
        r#"
[[training]]
date = 2025-01-10
title = "Whole health one"
hours = 10
topic = "whole-health"

[[training]]
date = 2025-02-10
title = "Whole health two"
hours = 6
topic = "whole-health"

[[training]]
date = 2025-03-10
title = "Peer basics"
hours = 24
"#,
    );
    let e = eval(&rules, &at_cap, "2026-03-01");
    let r = req(&e, "training");
    assert_hours(r, 4000, 4000);
    assert!(r.not_counted.is_empty(), "{:?}", r.not_counted);
    assert!(
        r.evidence.iter().all(|e| e.note.is_none()),
        "{:?}",
        r.evidence
    );

    let above = record(
        r#"
[[training]]
date = 2025-01-10
title = "Whole health one"
hours = 10
topic = "whole-health"

[[training]]
date = 2025-02-10
title = "Whole health two"
hours = 7
topics = { whole-health = 7 }

[[training]]
date = 2025-03-10
title = "Mixed"
hours = 8
topics = { whole-health = 2, ethics = 4 }

[[training]]
date = 2025-04-10
title = "Peer basics"
hours = 24
"#,
    );
    let e = eval(&rules, &above, "2026-03-01");
    let r = req(&e, "training");
    // 10 + 6 of 7 + (8 − 2) + 24 = 46 ≥ 40.
    assert_hours(r, 4000, 4600);
    assert_eq!(
        r.evidence,
        [
            course(5, "2025-01-10", "Whole health one", 1000, None),
            course(
                11,
                "2025-02-10",
                "Whole health two",
                600,
                Some("1 of its 7 h of whole-health are over the 16 h limit on whole-health hours")
            ),
            course(
                17,
                "2025-03-10",
                "Mixed",
                600,
                Some("all its 2 h of whole-health are over the 16 h limit on whole-health hours")
            ),
            course(23, "2025-04-10", "Peer basics", 2400, None),
        ]
    );
    assert_eq!(
        rules.editions[0].initial.requirements[0].describe(),
        "40 h of training, at most 16 h of whole-health"
    );
}

/// A course all of whose hours are over the cap does not count, and says why.
#[test]
fn a_course_wholly_over_a_topic_cap_is_not_counted() {
    let rules = rules(WHOLE_HEALTH_CEILING);
    let record = record(
        r#"
[[training]]
date = 2025-01-10
title = "Whole health one"
hours = 16
topic = "whole-health"

[[training]]
date = 2025-02-10
title = "Whole health two"
hours = 3
topic = "whole-health"
"#,
    );
    let e = eval(&rules, &record, "2026-03-01");
    let r = req(&e, "training");
    assert_hours(r, 4000, 1600);
    assert_eq!(
        r.not_counted,
        [excluded(
            Cause::OverCap,
            EntryKind::Training,
            11,
            "2025-02-10",
            "Whole health two",
            "all its 3 h of whole-health are over the 16 h limit on whole-health hours"
        )]
    );
}

#[test]
fn topic_caps_are_checked_where_they_are_written() {
    assert_eq!(
        rules_error(
            "\n[[edition.initial.requirement]]\nid = \"t\"\nkind = \"hours\"\nhours = 4\ntopic = \"ethics\"\ntopic_caps = { whole-health = 2 }\ncitation = \"T\"\nconfidence = \"board\"\n"
        ),
        "error: a cap on `whole-health` hours can never apply: this requirement counts only ethics training\n  --> r.toml:16:16\n   |\n16 | topic_caps = { whole-health = 2 }\n   |                ^^^^^^^^^^^^\n   = help: cap a topic the requirement counts, or leave out `topic`/`topics` to count every topic"
    );
    let unknown = rules_error(
        "\n[[edition.initial.requirement]]\nid = \"t\"\nkind = \"hours\"\nhours = 4\ntopic_caps = { whole-helth = 2 }\ncitation = \"T\"\nconfidence = \"board\"\n",
    );
    assert!(
        unknown.starts_with("error: unknown topic `whole-helth`\n  --> r.toml:15:16"),
        "{unknown}"
    );
    assert!(
        unknown.contains("help: did you mean `whole-health`?"),
        "{unknown}"
    );
    assert_eq!(
        rules_error(
            "\n[[edition.initial.requirement]]\nid = \"t\"\nkind = \"hours\"\nhours = 4\ntopic_caps = { ethics = 0 }\ncitation = \"T\"\nconfidence = \"board\"\n"
        )
        .lines()
        .next(),
        Some("error: expected capped hours greater than zero, found 0")
    );
}

const WAIVED: &str = r#"
[[edition.initial.requirement]]
id = "diploma"
kind = "attestation"
attestation = "hs-diploma"
citation = "Test rule 1"
confidence = "board"

[[edition.initial.fee]]
kind = "application"
waived = true
note = "Waived from 1 May 2023"
citation = "Test fee 1"
confidence = "board"

[[edition.initial.fee]]
kind = "exam"
amount = "100.00"
citation = "Test fee 2"
confidence = "board"
"#;

/// Delaware: a waived application fee is listed as waived, nothing owed, and a
/// payment of its kind pays nothing of it.
#[test]
fn a_waived_fee_is_listed_owes_nothing_and_takes_no_payment() {
    let rules = rules(WAIVED);
    let record = record(
        r#"
[[attestation]]
kind = "hs-diploma"
date = 2025-01-10

[[payment]]
kind = "application"
amount = "50.00"
date = 2025-02-01
"#,
    );
    let e = eval(&rules, &record, "2026-03-01");
    assert_eq!(e.outcome, Outcome::Eligible);
    let waived = &e.costs[0];
    assert_eq!(waived.kind, FeeKind::Application);
    assert!(waived.waived);
    assert_eq!(waived.amount, Cents::ZERO);
    assert_eq!(waived.paid, Cents::ZERO);
    assert_eq!(waived.owed, Cents::ZERO);
    assert_eq!(waived.amount_text(), "waived");
    assert_eq!(e.costs[1].amount_text(), "$100.00");
    assert_eq!(
        e.total,
        CostTotal {
            amount: Cents::new(10000),
            paid: Cents::ZERO,
            owed: Cents::new(10000),
        }
    );
    let json = serde_json::to_value(waived).unwrap();
    assert_eq!(json["amount"], "0.00");
    assert_eq!(json["waived"], true);
    assert_eq!(
        serde_json::to_value(&e.costs[1]).unwrap().get("waived"),
        None
    );
}

#[test]
fn a_waived_fee_is_stated_without_an_amount() {
    let fee = |keys: &str| {
        rules_error(&format!(
            "\n[[edition.initial.fee]]\nkind = \"application\"\n{keys}\ncitation = \"T\"\nconfidence = \"board\"\n"
        ))
    };
    assert_eq!(
        fee("amount = \"100.00\"\nwaived = true"),
        "error: a fee has either `amount` or `waived = true`, not both\n  --> r.toml:14:10\n   |\n14 | waived = true\n   |          ^^^^\n   = help: a waived fee is stated without an amount; say in `note` what it was before"
    );
    assert_eq!(
        fee("waived = false"),
        "error: expected `waived = true`, found `false`\n  --> r.toml:13:10\n   |\n13 | waived = false\n   |          ^^^^^\n   = help: a fee that is charged gives its `amount` instead"
    );
    assert_eq!(
        fee(""),
        "error: missing `amount` for a `application` fee\n  --> r.toml:12:8\n   |\n12 | kind = \"application\"\n   |        ^^^^^^^^^^^^^\n   = help: give the amount, or `waived = true` when the board charges nothing"
    );
}

const SUPERVISION_BY_DOMAIN: &str = r#"
[[edition.initial.requirement]]
id = "supervision"
kind = "supervision"
hours = 10
citation = "Test rule 1"
confidence = "board"

[[edition.initial.requirement]]
id = "supervision-advocacy"
kind = "supervision"
hours = 5
topic = "advocacy"
citation = "Test rule 2"
confidence = "board"
"#;

/// Michigan: at least 5 supervision hours in a domain. Exactly 5 meet it; 4.99 do not;
/// untagged supervision counts toward the total only.
#[test]
fn supervision_of_a_domain_counts_only_hours_tagged_with_it() {
    let rules = rules(SUPERVISION_BY_DOMAIN);
    let exactly = record(
        r#"
[[supervision]]
date = 2025-01-10
hours = 3
topic = "advocacy"

[[supervision]]
date = 2025-02-10
hours = 4
topics = { advocacy = 2, ethics = 1 }

[[supervision]]
date = 2025-03-10
hours = 3
"#,
    );
    let e = eval(&rules, &exactly, "2026-03-01");
    assert_hours(req(&e, "supervision"), 1000, 1000);
    let r = req(&e, "supervision-advocacy");
    assert_hours(r, 500, 500);
    assert_eq!(r.topic, Some(topic("advocacy")));
    assert_eq!(
        r.evidence,
        [
            evidence(
                EntryKind::Supervision,
                5,
                "2025-01-10",
                "supervision",
                Some(300),
                None
            ),
            evidence(
                EntryKind::Supervision,
                10,
                "2025-02-10",
                "supervision",
                Some(200),
                None
            ),
        ]
    );
    assert_eq!(
        r.not_counted,
        [excluded(
            Cause::NoTopic,
            EntryKind::Supervision,
            15,
            "2025-03-10",
            "supervision",
            "its hours are not tagged with a domain, so they count only toward totals"
        )]
    );
    assert_eq!(
        r.explanation,
        "5 h of advocacy supervision counted toward the 5 h required; 1 entry did not count."
    );
    assert_eq!(e.outcome, Outcome::Eligible);

    let short = record(
        r#"
[[supervision]]
date = 2025-01-10
hours = 4.99
topic = "advocacy"

[[supervision]]
date = 2025-03-10
hours = 6
"#,
    );
    let e = eval(&rules, &short, "2026-03-01");
    assert_hours(req(&e, "supervision-advocacy"), 500, 499);
    assert_eq!(e.outcome, Outcome::NotEligible);
    assert_eq!(
        rules.editions[0].initial.requirements[1].describe(),
        "5 h of advocacy supervision"
    );
}

#[test]
fn a_supervision_entrys_domains_are_checked_as_a_courses_topics() {
    assert_eq!(
        record_error(
            "\n[[supervision]]\ndate = 2025-01-10\nhours = 2\ntopic = \"advocacy\"\ntopics = { ethics = 1 }\n"
        ),
        "error: a supervision has either `topic` (all its hours in one topic) or `topics` (a split), not both\n --> w.toml:9:10\n  |\n9 | topics = { ethics = 1 }\n  |          ^^^^^^^^^^^^^^"
    );
    let unknown =
        record_error("\n[[supervision]]\ndate = 2025-01-10\nhours = 2\ntopic = \"advocasy\"\n");
    assert!(
        unknown.starts_with("error: unknown topic `advocasy`"),
        "{unknown}"
    );
    assert!(unknown.contains("did you mean `advocacy`?"), "{unknown}");
    let over = record_error(
        "\n[[supervision]]\ndate = 2025-01-10\nhours = 2\ntopics = { ethics = 1, advocacy = 1.5 }\n",
    );
    assert!(over.starts_with("error: "), "{over}");
    assert!(over.contains("w.toml:8:"), "{over}");
}

/// An overlay of an overlay (an agency's standard on `az/pr`, itself IC&RC's `icrc/pr`
/// with Arizona's additions) is renewed with the credential at the root, as its base
/// is: a worker holding `icrc/pr` is up for renewal against both, with one cycle.
#[test]
fn an_overlay_of_an_overlay_is_renewed_with_the_credential_its_base_is() {
    let base = shipped("az/pr");
    let overlay = format!(
        "id = \"acme/azpr\"\nname = \"Acme PR\"\njurisdiction = \"Acme\"\nboard = \"Acme\"\nextends = \"az/pr\"\nsources = [\"https://example.org/acme\"]\nverified = {}\n\n[[edition]]\neffective = {}\n",
        base.verified, base.editions[0].effective
    );
    let mut library = LIBRARY.clone();
    let problems = library.add_sources(vec![Source::new("acme.toml", overlay)]);
    assert!(problems.is_empty(), "{problems:?}");
    let worker =
        record("\n[[credential]]\nid = \"icrc/pr\"\nissued = 2025-01-01\nexpires = 2027-01-01\n");
    let from_base = eval(base, &worker, "2026-06-01");
    let from_overlay = eval(library.find("acme/azpr").unwrap(), &worker, "2026-06-01");
    for e in [&from_base, &from_overlay] {
        assert_eq!(e.purpose, Purpose::Renewal);
        assert_eq!(
            e.standing,
            Standing::Open {
                expires: d("2027-01-01"),
                due: None
            }
        );
    }
    assert_eq!(from_overlay.summary, from_base.summary);
}

/// Of two attestations of one kind, or two passes of one exam, the answer names the
/// latest, whatever their order in the record.
#[test]
fn the_latest_attestation_and_pass_are_named_whatever_their_order() {
    let attestations = [
        "\n[[attestation]]\nkind = \"code-of-ethics\"\ndate = 2018-01-01\n",
        "\n[[attestation]]\nkind = \"code-of-ethics\"\ndate = 2021-08-15\n",
    ];
    let exams = [
        "\n[[exam]]\nid = \"icrc-pr\"\ndate = 2024-05-01\nscore = 600\n",
        "\n[[exam]]\nid = \"icrc-pr\"\ndate = 2023-03-01\nscore = 550\n",
    ];
    let az = shipped("az/pr");
    for (a, b) in [(0, 1), (1, 0)] {
        let worker = record(&format!(
            "{}{}{}{}",
            attestations[a], attestations[b], exams[a], exams[b]
        ));
        let e = eval(az, &worker, "2026-06-01");
        assert_eq!(
            req(&e, "code-of-ethics").explanation,
            "The code-of-ethics attestation is on file, dated 2021-08-15."
        );
        assert_eq!(
            req(&e, "exam").explanation,
            "Passed the icrc-pr exam (passing score 500) on 2024-05-01."
        );
    }
}

/// `value` without the parts an outcome-only evaluation leaves out: the summary, and
/// each requirement's explanation, evidence and what did not count.
fn decisions(mut value: serde_json::Value) -> serde_json::Value {
    fn strip(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                for key in ["summary", "explanation", "evidence", "not_counted"] {
                    map.remove(key);
                }
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut value);
    value
}

/// The audit's outcome-only evaluation decides exactly what the full one does, for
/// every shipped credential, held (before, around and long after expiry) or not:
/// the same outcome, standing, cycle, days, costs, and every requirement's status,
/// amounts and shortfall; and so for test rules of every kind of hours limit. The
/// record has courses of every topic and format, inside and outside every window,
/// untagged and split ones, supervision and payments.
#[test]
fn an_outcome_only_evaluation_decides_as_the_full_one() {
    let formats: Vec<&str> = crate::vocab::Format::ALL
        .iter()
        .map(|(name, _)| *name)
        .collect();
    let mut entries = String::new();
    for (i, topic) in LIBRARY.topics().iter().enumerate() {
        for (j, format) in formats.iter().enumerate() {
            let n = i * formats.len() + j;
            entries.push_str(&format!(
                "\n[[training]]\ndate = 20{}-{:02}-{:02}\ntitle = \"Course {n}\"\nhours = {}\ntopic = \"{}\"\nformat = \"{format}\"\n",
                22 + n % 5,
                1 + n % 12,
                1 + n % 28,
                1 + n % 7,
                topic.id
            ));
        }
    }
    entries.push_str(
        "\n[[training]]\ndate = 2025-09-01\ntitle = \"Untagged\"\nhours = 30\n\
         \n[[training]]\ndate = 2026-02-01\ntitle = \"Split\"\nhours = 5\ntopics = { ethics = 2, advocacy = 3 }\n\
         \n[[supervision]]\ndate = 2025-10-01\nhours = 12\n\
         \n[[payment]]\nkind = \"renewal\"\namount = \"$40.00\"\ndate = 2026-01-15\n",
    );
    // Hours rules the shipped ones may not have: a share of a format, a cap on a
    // topic, accepted formats with a cap, a window of months.
    let tests = [
        rules(HALF_IN_PERSON),
        rules(WHOLE_HEALTH_CEILING),
        rules(
            r#"
[[edition.initial.requirement]]
id = "recent"
kind = "hours"
hours = 30
topics = ["ethics", "advocacy"]
formats = ["in-person", "live-online"]
caps = { live-online = 6 }
within_months = 24
min_share = { in-person = 80 }
citation = "Test"
confidence = "board"
"#,
        ),
        rules(
            r#"
[[edition.initial.requirement]]
id = "share"
kind = "hours"
hours = 100
min_share = { self-paced = 100 }
citation = "Test"
confidence = "board"
"#,
        ),
    ];
    for ruleset in LIBRARY.rulesets().chain(&tests) {
        let held = format!(
            "\n[[credential]]\nid = \"{}\"\nissued = 2024-06-01\nexpires = 2026-06-01\n",
            ruleset.id
        );
        for credential in ["", held.as_str()] {
            let record = record(&format!("{credential}{entries}"));
            for as_of in [
                "2025-01-01",
                "2026-03-01",
                "2026-08-01",
                "2027-03-01",
                "2029-01-01",
            ] {
                let (full, outcome) = match (
                    evaluate(ruleset, &record, d(as_of)),
                    super::evaluate_outcome(ruleset, &record, d(as_of)),
                ) {
                    (Ok(full), Ok(outcome)) => (full, outcome),
                    (Err(full), Err(outcome)) => {
                        assert_eq!(full, outcome);
                        continue;
                    }
                    _ => panic!("only one of the evaluations of {} failed", ruleset.id),
                };
                assert!(outcome.summary.is_empty());
                assert_eq!(
                    decisions(serde_json::to_value(&outcome).unwrap()),
                    decisions(serde_json::to_value(&full).unwrap()),
                    "{} on {as_of}, {}",
                    ruleset.id,
                    if credential.is_empty() {
                        "not held"
                    } else {
                        "held"
                    }
                );
            }
        }
    }
}
