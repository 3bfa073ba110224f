//! Overlays: a rule set that `extends` another adds requirements to it or
//! tightens them, and never loosens them.
//!
//! An agency may require more than the state (two more hours of confidentiality
//! training); a state board may adopt a national standard and add its own rules.
//! The library merges each overlay with its base once, when it is loaded, into an
//! ordinary [`RuleSet`] whose editions are the dates on which either changed, so
//! evaluation needs to know nothing about overlays.

use std::ops::Range;

use chrono::NaiveDate;

use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::error::LoadError;
use crate::ruleset::{Edition, Renewal, RuleSet, Stage};
use crate::vocab::FeeKind;

/// `overlay` merged with `base` (itself already merged, if it is an overlay too).
pub(crate) fn merge(
    overlay: &RuleSet,
    base: &RuleSet,
    source: &Source,
) -> Result<RuleSet, LoadError> {
    let mut problems = Vec::new();
    let (Some(base_first), Some(own_first)) = (base.editions.first(), overlay.editions.first())
    else {
        return Err(invalid(
            source,
            vec![Diagnostic::error("a rule set has no edition", None)],
        ));
    };
    let start = base_first.effective.max(own_first.effective);
    let mut dates: Vec<NaiveDate> = base
        .editions
        .iter()
        .chain(&overlay.editions)
        .map(|e| e.effective)
        .filter(|d| *d >= start)
        .chain(std::iter::once(start))
        .collect();
    dates.sort_unstable();
    dates.dedup();
    let mut editions = Vec::new();
    for date in dates {
        let (Some(b), Some(o)) = (base.edition_on(date), overlay.edition_on(date)) else {
            continue;
        };
        let at = |renewal: bool, id: &str| {
            overlay
                .spans
                .requirement(o.effective, renewal, id)
                .or_else(|| {
                    overlay
                        .spans
                        .editions
                        .iter()
                        .find(|(d, _)| *d == o.effective)
                        .map(|(_, s)| s.clone())
                })
        };
        let initial = merge_stage(&b.initial, &o.initial, &|id| at(false, id), &mut problems);
        let renewal = match (&b.renewal, &o.renewal) {
            (Some(br), Some(or)) => {
                let edition_span = at(true, "");
                let (cycle_set, grace_set) = overlay
                    .spans
                    .renewal_set
                    .iter()
                    .find(|(d, _, _)| *d == o.effective)
                    .map_or((false, false), |(_, c, g)| (*c, *g));
                if cycle_set && or.cycle_months != br.cycle_months {
                    problems.push(Diagnostic::error(
                        format!(
                            "an overlay cannot change the base's renewal cycle of {} months (found {})",
                            br.cycle_months, or.cycle_months
                        ),
                        edition_span.clone(),
                    ));
                }
                // An open grace period is the longest there is.
                let longer = if br.grace_open {
                    false
                } else {
                    or.grace_open || or.grace_days > br.grace_days
                };
                if grace_set && longer {
                    let found = if or.grace_open {
                        "an open one".to_owned()
                    } else {
                        or.grace_days.to_string()
                    };
                    problems.push(Diagnostic::error(
                        format!(
                            "an overlay cannot lengthen the base's grace period of {} days (found {found})",
                            br.grace_days
                        ),
                        edition_span,
                    ));
                }
                let (grace_days, grace_open) = match (grace_set, br.grace_open, or.grace_open) {
                    (false, _, _) => (br.grace_days, br.grace_open),
                    (true, true, true) => (0, true),
                    (true, true, false) => (or.grace_days, false),
                    (true, false, _) => (or.grace_days.min(br.grace_days), false),
                };
                // A late fee the overlay adds must start inside the base's grace.
                if !grace_open {
                    for fee in &or.stage.fees {
                        let late = matches!(fee.kind, FeeKind::Late | FeeKind::Reinstatement);
                        let days = fee.id().days_after_expiry;
                        if late && days >= i64::from(grace_days) {
                            problems.push(Diagnostic::error(
                                format!(
                                    "the {} fee is owed only more than {days} days after expiry, but the grace period ends {grace_days} days after expiry, when the credential lapses: it can never be owed",
                                    fee.kind.as_str()
                                ),
                                at(true, ""),
                            ));
                        }
                    }
                }
                Some(Renewal {
                    grace_days,
                    grace_open,
                    stage: merge_stage(&br.stage, &or.stage, &|id| at(true, id), &mut problems),
                    ..br.clone()
                })
            }
            (Some(br), None) => Some(br.clone()),
            (None, Some(or)) => {
                if or.cycle_months == 0 {
                    problems.push(Diagnostic::error(
                        "the base has no renewal cycle, so the overlay's `[edition.renewal]` must set `cycle_months`, `citation` and `confidence`",
                        at(true, ""),
                    ));
                }
                Some(or.clone())
            }
            (None, None) => None,
        };
        let note = match (&b.note, &o.note) {
            (Some(bn), Some(on)) => Some(format!("{bn} With {}: {on}", overlay.id)),
            (Some(n), None) | (None, Some(n)) => Some(n.clone()),
            (None, None) => None,
        };
        let provisional = match (&b.provisional, &o.provisional) {
            (Some(bp), Some(op)) => Some(crate::ruleset::Provisional {
                stage: merge_stage(&bp.stage, &op.stage, &|id| at(false, id), &mut problems),
                ..bp.clone()
            }),
            (Some(p), None) | (None, Some(p)) => Some(p.clone()),
            (None, None) => None,
        };
        editions.push(Edition {
            effective: date,
            note,
            initial,
            renewal,
            provisional,
        });
    }
    problems.dedup();
    if !problems.is_empty() {
        return Err(invalid(source, problems));
    }
    let mut sources = overlay.sources.clone();
    sources.extend(
        base.sources
            .iter()
            .filter(|s| !overlay.sources.contains(s))
            .cloned(),
    );
    Ok(RuleSet {
        id: overlay.id.clone(),
        name: overlay.name.clone(),
        jurisdiction: overlay.jurisdiction.clone(),
        board: overlay.board.clone(),
        sources,
        verified: overlay.verified.min(base.verified),
        summary: overlay.summary.clone(),
        editions,
        extends: Some(base.id.clone()),
        spans: overlay.spans.clone(),
    })
}

fn invalid(source: &Source, problems: Vec<Diagnostic>) -> LoadError {
    LoadError::Invalid(Diagnostics::new(source.clone(), problems))
}

/// The base's requirements, each replaced by the overlay's of the same id (which
/// must be at least as strict), then the overlay's new ones; then the base's fees
/// and the overlay's fees of identities the base does not have
/// ([`crate::vocab::FeeId`]: a late fee at another threshold is a new step of the
/// base's ladder).
fn merge_stage(
    base: &Stage,
    overlay: &Stage,
    at: &dyn Fn(&str) -> Option<Range<usize>>,
    problems: &mut Vec<Diagnostic>,
) -> Stage {
    let mut requirements = base.requirements.clone();
    for r in &overlay.requirements {
        match requirements.iter_mut().find(|b| b.id == r.id) {
            Some(existing) => match existing.rule.loosened_by(&r.rule) {
                Some(reason) => problems.push(
                    Diagnostic::error(
                        format!("requirement `{}` would loosen the base's: {reason}", r.id),
                        at(r.id.as_str()),
                    )
                    .with_help(
                        "an overlay may add requirements or tighten the base's, never relax them",
                    ),
                ),
                None => *existing = r.clone(),
            },
            None => requirements.push(r.clone()),
        }
    }
    let mut fees = base.fees.clone();
    for fee in &overlay.fees {
        let id = fee.id();
        if fees.iter().any(|f| f.id() == id) {
            let when = id.timing().map_or_else(String::new, |t| format!(" {t}"));
            problems.push(
                Diagnostic::error(
                    format!("the base already sets a `{}` fee{when}", id.kind.as_str()),
                    at(""),
                )
                .with_help(
                    "an overlay may add fees the base does not set (a late or reinstatement fee with another `days_after_expiry` adds a step to the base's ladder), but not restate or change the base's",
                ),
            );
        } else {
            // A new step of a ladder goes before the base's later steps, so the stage
            // lists each kind's fees in ladder order; any other new fee goes last.
            let place = fees
                .iter()
                .position(|f| f.kind == id.kind && f.id() > id)
                .or_else(|| {
                    fees.iter()
                        .rposition(|f| f.kind == id.kind)
                        .map(|last| last + 1)
                })
                .unwrap_or(fees.len());
            fees.insert(place, fee.clone());
        }
    }
    Stage { requirements, fees }
}

/// The ids of a stage's requirements.
#[cfg(test)]
fn ids(stage: &Stage) -> Vec<&str> {
    stage.requirements.iter().map(|r| r.id.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Library;
    use crate::requirement::Rule;

    const BASE: &str = r#"
id = "nj/cprs"
name = "Base"
jurisdiction = "Testland"
board = "Board"
sources = ["https://example.org/base"]
verified = 2026-01-01

[[edition]]
effective = 2020-01-01

[[edition.initial.requirement]]
id = "training"
kind = "hours"
hours = 46
citation = "Base 1"
confidence = "board"

[edition.renewal]
cycle_months = 24
grace_days = 30
citation = "Base 2"
confidence = "board"

[[edition.renewal.requirement]]
id = "ce"
kind = "hours"
hours = 20
citation = "Base 3"
confidence = "board"

[[edition]]
effective = 2024-01-01

[[edition.initial.requirement]]
id = "training"
kind = "hours"
hours = 50
citation = "Base 4"
confidence = "board"

[edition.renewal]
cycle_months = 24
grace_days = 30
citation = "Base 5"
confidence = "board"

[[edition.renewal.requirement]]
id = "ce"
kind = "hours"
hours = 20
citation = "Base 6"
confidence = "board"
"#;

    fn overlay(body: &str) -> Result<RuleSet, LoadError> {
        overlay_on(BASE, body)
    }

    fn overlay_on(base: &str, body: &str) -> Result<RuleSet, LoadError> {
        let library = Library::embedded().unwrap();
        let base = RuleSet::parse(&Source::new("base.toml", base), library.topics()).unwrap();
        let text = format!(
            r#"id = "acme/cprs"
name = "Acme CPRS"
jurisdiction = "Acme"
board = "Acme"
extends = "nj/cprs"
sources = ["https://example.org/acme"]
verified = 2025-06-01
{body}"#
        );
        let source = Source::new("acme.toml", text);
        let own = RuleSet::parse(&source, library.topics())?;
        merge(&own, &base, &source)
    }

    #[test]
    fn an_overlay_adds_and_tightens_across_both_sets_of_editions() {
        let merged = overlay(
            r#"
[[edition]]
effective = 2022-06-01

[[edition.renewal.requirement]]
id = "confidentiality"
kind = "hours"
hours = 2
topic = "confidentiality"
within_months = 12
citation = "Acme policy 3"
confidence = "board"

[[edition.renewal.requirement]]
id = "ce"
kind = "hours"
hours = 24
citation = "Acme policy 4"
confidence = "board"
"#,
        )
        .unwrap();
        let dates: Vec<String> = merged
            .editions
            .iter()
            .map(|e| e.effective.to_string())
            .collect();
        assert_eq!(dates, ["2022-06-01", "2024-01-01"]);
        assert_eq!(merged.extends.as_ref().map(|c| c.as_str()), Some("nj/cprs"));
        assert_eq!(merged.verified.to_string(), "2025-06-01");
        let first = &merged.editions[0];
        assert_eq!(ids(&first.initial), ["training"]);
        let renewal = first.renewal.as_ref().unwrap();
        assert_eq!(ids(&renewal.stage), ["ce", "confidentiality"]);
        assert_eq!(renewal.grace_days, 30);
        match &renewal.stage.requirements[0].rule {
            Rule::Hours(h) => assert_eq!(h.hours.to_string(), "24"),
            other => panic!("{other:?}"),
        }
        match &merged.editions[1].initial.requirements[0].rule {
            Rule::Hours(h) => assert_eq!(h.hours.to_string(), "50"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_overlay_may_not_loosen_its_base() {
        let err = overlay(
            r#"
[[edition]]
effective = 2022-06-01

[[edition.initial.requirement]]
id = "training"
kind = "hours"
hours = 40
citation = "Acme policy 1"
confidence = "board"
"#,
        )
        .unwrap_err()
        .to_string();
        // Once against each base edition it overlaps: 46 h until 2024, then 50 h.
        assert_eq!(
            err,
            "error: requirement `training` would loosen the base's: 40 h is fewer than the base's 46 h\n  --> acme.toml:13:6\n   |\n13 | id = \"training\"\n   |      ^^^^^^^^^^\n   = help: an overlay may add requirements or tighten the base's, never relax them\n\nerror: requirement `training` would loosen the base's: 40 h is fewer than the base's 50 h\n  --> acme.toml:13:6\n   |\n13 | id = \"training\"\n   |      ^^^^^^^^^^\n   = help: an overlay may add requirements or tighten the base's, never relax them"
        );
    }

    #[test]
    fn an_overlay_may_not_change_the_cycle_or_lengthen_grace() {
        let err = overlay(
            r#"
[[edition]]
effective = 2022-06-01

[edition.renewal]
cycle_months = 12
grace_days = 60
citation = "Acme policy 2"
confidence = "board"
"#,
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains(
                "an overlay cannot change the base's renewal cycle of 24 months (found 12)"
            ),
            "{err}"
        );
        assert!(
            err.contains(
                "an overlay cannot lengthen the base's grace period of 30 days (found 60)"
            ),
            "{err}"
        );
    }

    #[test]
    fn an_overlay_may_not_open_a_bounded_grace_period() {
        let err = overlay(
            r#"
[[edition]]
effective = 2022-06-01

[edition.renewal]
grace_open = true
"#,
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains(
                "an overlay cannot lengthen the base's grace period of 30 days (found an open one)"
            ),
            "{err}"
        );
    }

    #[test]
    fn an_overlay_may_shorten_grace() {
        let merged = overlay(
            r#"
[[edition]]
effective = 2022-06-01

[edition.renewal]
grace_days = 10
"#,
        )
        .unwrap();
        let grace: Vec<(u32, bool)> = merged
            .editions
            .iter()
            .filter_map(|e| e.renewal.as_ref().map(|r| (r.grace_days, r.grace_open)))
            .collect();
        assert_eq!(grace, [(10, false), (10, false)]);
    }

    /// A renewal fee and two late fees: $25.00 after expiry, $75.00 more than 20
    /// days after it.
    const BASE_WITH_FEES: &str = r#"
id = "nj/cprs"
name = "Base"
jurisdiction = "Testland"
board = "Board"
sources = ["https://example.org/base"]
verified = 2026-01-01

[[edition]]
effective = 2020-01-01

[edition.initial]

[edition.renewal]
cycle_months = 24
grace_days = 30
citation = "Base 1"
confidence = "board"

[[edition.renewal.fee]]
kind = "renewal"
amount = 100
citation = "Base 2"
confidence = "board"

[[edition.renewal.fee]]
kind = "late"
amount = 25
citation = "Base 3"
confidence = "board"

[[edition.renewal.fee]]
kind = "late"
amount = 75
days_after_expiry = 20
citation = "Base 4"
confidence = "board"
"#;

    fn late_fee(amount: u32, days: &str) -> String {
        format!(
            "\n[[edition]]\neffective = 2022-06-01\n\n[[edition.renewal.fee]]\nkind = \"late\"\namount = {amount}\n{days}citation = \"Acme policy 9\"\nconfidence = \"board\"\n"
        )
    }

    /// A late fee at a threshold the base does not have is a new step of its
    /// ladder, listed in ladder order and owed from its threshold like the base's.
    #[test]
    fn an_overlay_adds_a_step_to_the_base_late_fee_ladder() {
        let merged = overlay_on(BASE_WITH_FEES, &late_fee(50, "days_after_expiry = 10\n")).unwrap();
        let fees: Vec<(FeeKind, i64, i64)> = merged.editions[0]
            .renewal
            .as_ref()
            .unwrap()
            .stage
            .fees
            .iter()
            .map(|f| (f.kind, f.id().days_after_expiry, f.amount.cents()))
            .collect();
        assert_eq!(
            fees,
            [
                (FeeKind::Renewal, 0, 10000),
                (FeeKind::Late, 0, 2500),
                (FeeKind::Late, 10, 5000),
                (FeeKind::Late, 20, 7500),
            ]
        );
        let record = crate::record::Record::parse(
            &Source::new(
                "w.toml",
                "[worker]\nid = \"W-1\"\nname = \"Ada Test\"\n\n[[credential]]\nid = \"nj/cprs\"\nissued = 2024-06-01\nexpires = 2026-06-01\n\n[[payment]]\nkind = \"late\"\namount = 60\ndate = 2026-06-05\n",
            ),
            &Library::embedded().unwrap(),
        )
        .unwrap();
        let on = |as_of: &str| {
            let as_of = crate::quantity::parse_iso_date(as_of).unwrap();
            crate::evaluate::evaluate(&merged, &record, as_of)
                .unwrap()
                .costs
                .iter()
                .map(|c| (c.id().days_after_expiry, c.amount.cents(), c.paid.cents()))
                .collect::<Vec<_>>()
        };
        // 11 days after expiry: the base's first step and the overlay's; the $60.00
        // paid goes to them in ladder order, and $10.00 of it waits for the next.
        assert_eq!(
            on("2026-06-12"),
            [(0, 10000, 0), (0, 2500, 2500), (10, 5000, 3500)]
        );
        assert_eq!(
            on("2026-06-22"),
            [
                (0, 10000, 0),
                (0, 2500, 2500),
                (10, 5000, 3500),
                (20, 7500, 0)
            ]
        );
    }

    /// A fee of an identity the base sets cannot be restated: a late fee with no
    /// threshold is the base's late fee owed after expiry.
    #[test]
    fn an_overlay_may_not_restate_a_base_fee() {
        let err = overlay_on(BASE_WITH_FEES, &late_fee(40, ""))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "error: the base already sets a `late` fee owed after expiry\n  --> acme.toml:10:13\n   |\n10 | effective = 2022-06-01\n   |             ^^^^^^^^^^\n   = help: an overlay may add fees the base does not set (a late or reinstatement fee with another `days_after_expiry` adds a step to the base's ladder), but not restate or change the base's"
        );
        let err = overlay_on(BASE_WITH_FEES, &late_fee(40, "days_after_expiry = 20\n"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with(
                "error: the base already sets a `late` fee owed more than 20 days after expiry\n"
            ),
            "{err}"
        );
    }
}
