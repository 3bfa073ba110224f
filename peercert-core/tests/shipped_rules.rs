//! Every shipped credential, tested against records written to fit it.
//!
//! For each rule set and each purpose (initial certification, renewal, and the
//! provisional phase where there is one) this generator writes a record that meets
//! every requirement exactly, and for each requirement a variant that falls short of
//! it by the smallest unit (0.01 hour, one score point, one missing entry). The
//! expected outcomes are stated here — eligible or renewal-ready for the exact record;
//! for each variant, not eligible or renewal due with that one requirement unmet — and
//! never recomputed from the engine's own arithmetic.
#![cfg(test)]

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{Days, Months, NaiveDate};
use peercert_core::id::{CredentialId, TopicId};
use peercert_core::requirement::{Requirement, Rule};
use peercert_core::ruleset::{RuleSet, Stage};
use peercert_core::vocab::Format;
use peercert_core::{Hours, Library, Outcome, Record, Source, evaluate};

const AS_OF: (i32, u32, u32) = (2026, 11, 23);

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(AS_OF.0, AS_OF.1, AS_OF.2).unwrap()
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Purpose {
    Initial,
    Renewal,
    Provisional,
}

/// What a record must contain, built requirement by requirement.
#[derive(Default)]
struct Plan {
    /// Training hours per topic tag (None: untagged) and delivery format.
    training: BTreeMap<(Option<TopicId>, Format), Hours>,
    experience: Vec<Hours>,
    /// Supervision hours by domain (None: untagged).
    supervision: Vec<(Option<TopicId>, Hours)>,
    exams: Vec<(String, Option<u32>, bool)>,
    attestations: Vec<String>,
    credentials: Vec<CredentialId>,
}

/// All leaf requirements reachable through `all_of`, and the first path of each
/// `any_of` (the one the exact record satisfies).
fn leaves<'a>(r: &'a Requirement, out: &mut Vec<&'a Requirement>) {
    match &r.rule {
        Rule::AllOf(children) => children.iter().for_each(|c| leaves(c, out)),
        Rule::AnyOf(children) => {
            if let Some(first) = children.first() {
                leaves(first, out);
            }
        }
        _ => out.push(r),
    }
}

/// The leaf a variant shortens to make `top` fail.
fn first_leaf(r: &Requirement) -> &Requirement {
    match &r.rule {
        Rule::AllOf(children) | Rule::AnyOf(children) => children.first().map_or(r, first_leaf),
        _ => r,
    }
}

fn format_for(rule: &peercert_core::requirement::HoursRule) -> Format {
    rule.formats.first().copied().unwrap_or(Format::InPerson)
}

/// Builds the plan; `short` names the leaf requirement to shorten by one unit.
fn plan(stage: &Stage, short: Option<&str>) -> Plan {
    let mut all = Vec::new();
    for r in &stage.requirements {
        leaves(r, &mut all);
    }
    let unit = Hours::from_hundredths(1);
    let wanted = |r: &Requirement, hours: Hours| {
        if short == Some(r.id.as_str()) {
            hours - unit
        } else {
            hours
        }
    };
    let mut p = Plan::default();
    // Hours a rule counts: of its topics (any, when it names none) and formats (any,
    // when it names none).
    let counted = |p: &Plan, h: &peercert_core::requirement::HoursRule| -> Hours {
        p.training
            .iter()
            .filter(|((t, f), _)| {
                (h.topics.is_empty() || t.as_ref().is_some_and(|t| h.topics.contains(t)))
                    && (h.formats.is_empty() || h.formats.contains(f))
            })
            .map(|(_, hours)| *hours)
            .sum()
    };
    // Single topics first, then several topics, then totals: nested minimums are
    // met by the more specific hours, the rest is topped up.
    let hours_rules: Vec<(&Requirement, &peercert_core::requirement::HoursRule)> = all
        .iter()
        .filter_map(|r| match &r.rule {
            Rule::Hours(h) => Some((*r, h)),
            _ => None,
        })
        .collect();
    for pass in [1usize, 2, 0] {
        for (r, h) in &hours_rules {
            let n = h.topics.len().min(2);
            if n != pass {
                continue;
            }
            let need = wanted(r, h.hours);
            let have = counted(&p, h);
            let key = (h.topics.first().cloned(), format_for(h));
            if need > have {
                *p.training.entry(key).or_insert(Hours::ZERO) += need - have;
            } else if short == Some(r.id.as_str()) && need < have {
                // Met by hours other rules need too: move the excess to a format this
                // rule does not count, so that the others stay met, or drop it.
                let excess = have - need;
                if let Some(hours) = p.training.get_mut(&key) {
                    *hours = *hours - excess;
                }
                let elsewhere = [Format::SelfPaced, Format::LiveOnline, Format::InPerson]
                    .into_iter()
                    .find(|f| !h.formats.is_empty() && !h.formats.contains(f));
                if let Some(format) = elsewhere {
                    *p.training.entry((key.0, format)).or_insert(Hours::ZERO) += excess;
                }
            }
        }
    }
    for tagged in [true, false] {
        for r in &all {
            let Rule::Supervision(s) = &r.rule else {
                continue;
            };
            if s.topics.is_empty() == tagged {
                continue;
            }
            let need = wanted(r, s.hours);
            let have: Hours = p
                .supervision
                .iter()
                .filter(|(t, _)| {
                    s.topics.is_empty() || t.as_ref().is_some_and(|t| s.topics.contains(t))
                })
                .map(|(_, h)| *h)
                .sum();
            if need > have {
                p.supervision.push((s.topics.first().cloned(), need - have));
            }
        }
    }
    for r in &all {
        match &r.rule {
            Rule::Experience(e) => p.experience.push(wanted(r, e.hours)),
            // Supervision of a domain first (below), then totals topped up.
            Rule::Supervision(_) => {}
            Rule::Exam(exam) => {
                let fail = short == Some(r.id.as_str());
                p.exams.push((
                    exam.exam.to_string(),
                    exam.min_score
                        .map(|m| if fail { m.saturating_sub(1) } else { m }),
                    !fail,
                ));
            }
            Rule::Attestation(a) if short != Some(r.id.as_str()) => {
                p.attestations.push(a.kind.to_string());
            }
            Rule::Credential(c) if short != Some(r.id.as_str()) => {
                p.credentials.push(c.credential.clone());
            }
            Rule::Attestation(_)
            | Rule::Credential(_)
            | Rule::Hours(_)
            | Rule::AnyOf(_)
            | Rule::AllOf(_) => {}
        }
    }
    p
}

/// The record text for a plan: entries dated `day` (inside every window).
fn record_text(
    ruleset: &RuleSet,
    purpose: Purpose,
    p: &Plan,
    held: Option<(NaiveDate, NaiveDate)>,
    day: NaiveDate,
) -> String {
    let mut t = String::from("[worker]\nid = \"W-GEN\"\nname = \"Generated Worker\"\n");
    if purpose == Purpose::Initial {
        let _ = writeln!(t, "pursuing = [\"{}\"]", ruleset.id);
    }
    let _ = writeln!(t, "birth_date = 1990-{:02}-{:02}", 1, 1);
    if let Some((issued, expires)) = held {
        if purpose == Purpose::Renewal {
            // An earlier issuance, so that first-certification waivers do not apply.
            let before = issued.checked_sub_months(Months::new(24)).unwrap();
            let _ = writeln!(
                t,
                "\n[[credential]]\nid = \"{}\"\nissued = {before}\nexpires = {issued}",
                ruleset.id
            );
        }
        let _ = writeln!(
            t,
            "\n[[credential]]\nid = \"{}\"\nissued = {issued}\nexpires = {expires}\nprovisional = {}",
            ruleset.id,
            purpose == Purpose::Provisional
        );
    }
    for c in &p.credentials {
        let _ = writeln!(
            t,
            "\n[[credential]]\nid = \"{c}\"\nissued = {}\nexpires = {}",
            day.checked_sub_months(Months::new(6)).unwrap(),
            day.checked_add_months(Months::new(18)).unwrap()
        );
    }
    for (i, ((topic, format), hours)) in p.training.iter().enumerate() {
        let mut left = *hours;
        let mut part = 0;
        while left > Hours::ZERO {
            let chunk = left.min(Hours::from_whole(2000));
            left = left - chunk;
            part += 1;
            let tag = topic
                .as_ref()
                .map_or_else(String::new, |t| format!("topic = \"{t}\"\n"));
            let _ = writeln!(
                t,
                "\n[[training]]\ndate = {day}\ntitle = \"Course {i}.{part}\"\nhours = {chunk}\n{tag}format = \"{}\"",
                format.as_str()
            );
        }
    }
    for (i, hours) in p.experience.iter().enumerate() {
        let days = (hours.hundredths() / 800 + 1).clamp(31, 700);
        let mut from = day
            .checked_sub_days(Days::new(u64::try_from(days).unwrap()))
            .unwrap();
        // Provisional work counts only from the day the provisional credential was issued.
        if let (Purpose::Provisional, Some((issued, _))) = (purpose, held) {
            from = from.max(issued);
        }
        let _ = writeln!(
            t,
            "\n[[experience]]\nfrom = {from}\nto = {day}\nhours = {hours}\nsupervised = true\n# {i}"
        );
    }
    for (i, (topic, hours)) in p.supervision.iter().enumerate() {
        let date = day
            .checked_sub_days(Days::new(u64::try_from(i).unwrap()))
            .unwrap();
        let tag = topic
            .as_ref()
            .map_or_else(String::new, |t| format!("topic = \"{t}\"\n"));
        let _ = writeln!(
            t,
            "\n[[supervision]]\ndate = {date}\nhours = {hours}\n{tag}"
        );
    }
    for (exam, score, passed) in &p.exams {
        let result = match score {
            Some(s) => format!("score = {s}"),
            None => format!("passed = {passed}"),
        };
        let _ = writeln!(t, "\n[[exam]]\nid = \"{exam}\"\ndate = {day}\n{result}");
    }
    for kind in &p.attestations {
        let _ = writeln!(t, "\n[[attestation]]\nkind = \"{kind}\"\ndate = {day}");
    }
    t
}

/// One stage to test: the purpose, its requirements, the held issuance (issued,
/// expires) if any, and the date the record's entries carry.
type Case = (Purpose, Stage, Option<(NaiveDate, NaiveDate)>, NaiveDate);

/// The stages to test for a rule set.
fn cases(ruleset: &RuleSet) -> Vec<Case> {
    let today = as_of();
    let Some(edition) = ruleset.edition_on(today) else {
        return Vec::new();
    };
    let recent = today.checked_sub_days(Days::new(20)).unwrap();
    let mut out = vec![(Purpose::Initial, edition.initial.clone(), None, recent)];
    if let Some(renewal) = &edition.renewal {
        // A cycle ending 60 days from now.
        let expires = today.checked_add_days(Days::new(60)).unwrap();
        let issued = expires
            .checked_sub_months(Months::new(renewal.cycle_months))
            .unwrap();
        out.push((
            Purpose::Renewal,
            renewal.stage.clone(),
            Some((issued, expires)),
            recent,
        ));
    }
    if let Some(p) = &edition.provisional {
        // Issued long enough ago that the work it asks for fits inside it.
        let issued = today
            .checked_sub_months(Months::new(p.months.saturating_sub(1).max(1)))
            .unwrap();
        let expires = issued.checked_add_months(Months::new(p.months)).unwrap();
        out.push((
            Purpose::Provisional,
            p.stage.clone(),
            Some((issued, expires)),
            recent,
        ));
    }
    out
}

fn run(
    library: &Library,
    ruleset: &RuleSet,
    purpose: Purpose,
    text: String,
) -> peercert_core::Evaluation {
    let source = Source::new(format!("generated-{}-{purpose:?}.toml", ruleset.id), text);
    let record = Record::parse(&source, library).unwrap_or_else(|e| panic!("{e}\n{}", source.text));
    evaluate(ruleset, &record, as_of()).unwrap()
}

#[test]
fn every_credential_is_met_exactly_and_fails_on_each_requirement_alone() {
    let library = Library::embedded().unwrap();
    let mut checked = 0;
    for ruleset in library.rulesets() {
        for (purpose, stage, held, day) in cases(ruleset) {
            let (yes, no) = match purpose {
                Purpose::Initial | Purpose::Provisional => {
                    (Outcome::Eligible, Outcome::NotEligible)
                }
                Purpose::Renewal => (Outcome::RenewalReady, Outcome::RenewalDue),
            };
            let exact = run(
                &library,
                ruleset,
                purpose,
                record_text(ruleset, purpose, &plan(&stage, None), held, day),
            );
            let unmet: Vec<&str> = exact
                .requirements
                .iter()
                .filter(|r| !r.is_met())
                .map(|r| r.id.as_str())
                .collect();
            assert_eq!(
                exact.outcome, yes,
                "{} {purpose:?}: exact record, unmet {unmet:?}",
                ruleset.id
            );
            for top in &stage.requirements {
                let leaf = first_leaf(top);
                let text = record_text(
                    ruleset,
                    purpose,
                    &plan(&stage, Some(leaf.id.as_str())),
                    held,
                    day,
                );
                let e = run(&library, ruleset, purpose, text.clone());
                let unmet: Vec<&str> = e
                    .requirements
                    .iter()
                    .filter(|r| !r.is_met())
                    .map(|r| r.id.as_str())
                    .collect();
                assert_eq!(
                    e.outcome, no,
                    "{} {purpose:?}: short on `{}`\n{text}",
                    ruleset.id, leaf.id
                );
                assert_eq!(
                    unmet,
                    [top.id.as_str()],
                    "{} {purpose:?}: short on `{}` must fail that requirement alone\n{text}",
                    ruleset.id,
                    leaf.id
                );
                checked += 1;
            }
        }
    }
    // Every requirement of every shipped credential's stages in force: 328 on 2026-12-06.
    assert!(checked >= 320, "only {checked} variants checked");
}
