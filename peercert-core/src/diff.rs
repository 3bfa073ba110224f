//! What changed in a credential's rules between two dates: the editions in force
//! on each, compared requirement by requirement (by id), fee by fee (by
//! [`FeeId`](crate::vocab::FeeId): a late fee whose threshold moves is one
//! removed and one added), and the renewal cycle.

use chrono::NaiveDate;
use serde::Serialize;

use crate::ruleset::{Edition, RuleSet, Stage};

/// One difference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// `initial`, `renewal`, or `cycle`.
    pub part: &'static str,
    /// The requirement id, or the fee (`renewal fee`, `late fee owed more than 181
    /// days after expiry`), when the change is about one.
    pub item: Option<String>,
    /// The rule before, in words (`None` when added).
    pub before: Option<String>,
    /// The rule after, in words (`None` when removed).
    pub after: Option<String>,
}

/// The editions compared and their differences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// The edition in force on the first date.
    pub from_edition: NaiveDate,
    /// The edition in force on the second date.
    pub to_edition: NaiveDate,
    /// Every difference, initial first.
    pub changes: Vec<Change>,
}

/// Compares the editions in force on `from` and `to`; `None` if either date has none.
pub fn diff(ruleset: &RuleSet, from: NaiveDate, to: NaiveDate) -> Option<Diff> {
    let a = ruleset.edition_on(from)?;
    let b = ruleset.edition_on(to)?;
    let mut changes = Vec::new();
    stage_changes("initial", &a.initial, &b.initial, &mut changes);
    cycle_changes(a, b, &mut changes);
    let empty = Stage::default();
    stage_changes(
        "renewal",
        a.renewal.as_ref().map_or(&empty, |r| &r.stage),
        b.renewal.as_ref().map_or(&empty, |r| &r.stage),
        &mut changes,
    );
    Some(Diff {
        from_edition: a.effective,
        to_edition: b.effective,
        changes,
    })
}

fn cycle_changes(a: &Edition, b: &Edition, out: &mut Vec<Change>) {
    let words = |e: &Edition| {
        e.renewal
            .as_ref()
            .map(|r| format!("renew every {} months, {}", r.cycle_months, r.post_expiry))
    };
    let (before, after) = (words(a), words(b));
    if before != after {
        out.push(Change {
            part: "cycle",
            item: None,
            before,
            after,
        });
    }
}

fn stage_changes(part: &'static str, a: &Stage, b: &Stage, out: &mut Vec<Change>) {
    for old in &a.requirements {
        match b.requirements.iter().find(|r| r.id == old.id) {
            Some(new) if new.rule == old.rule => {}
            Some(new) => out.push(Change {
                part,
                item: Some(old.id.to_string()),
                before: Some(old.rule.describe()),
                after: Some(new.rule.describe()),
            }),
            None => out.push(Change {
                part,
                item: Some(old.id.to_string()),
                before: Some(old.describe()),
                after: None,
            }),
        }
    }
    for new in &b.requirements {
        if !a.requirements.iter().any(|r| r.id == new.id) {
            out.push(Change {
                part,
                item: Some(new.id.to_string()),
                before: None,
                after: Some(new.describe()),
            });
        }
    }
    let fee_words = |f: &crate::ruleset::Fee| {
        format!(
            "{} fee {}{}",
            f.kind.as_str(),
            f.amount_text(),
            if f.refundable == Some(true) {
                ", refundable"
            } else {
                ""
            }
        )
    };
    for old in &a.fees {
        let new = b.fees.iter().find(|f| f.id() == old.id());
        let (before, after) = (fee_words(old), new.map(fee_words));
        if Some(&before) != after.as_ref() {
            out.push(Change {
                part,
                item: Some(old.id().to_string()),
                before: Some(before),
                after,
            });
        }
    }
    for new in &b.fees {
        if !a.fees.iter().any(|f| f.id() == new.id()) {
            out.push(Change {
                part,
                item: Some(new.id().to_string()),
                before: None,
                after: Some(fee_words(new)),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Library;

    #[test]
    fn pennsylvania_crs_training_rose_from_54_to_78_hours_in_2021() {
        let library = Library::embedded().unwrap();
        let crs = library.find("pa/crs").unwrap();
        let d = |s: &str| crate::quantity::parse_iso_date(s).unwrap();
        let change = diff(crs, d("2020-12-31"), d("2021-01-01")).unwrap();
        assert_eq!(change.from_edition, d("2019-12-01"));
        assert_eq!(change.to_edition, d("2021-01-01"));
        assert_eq!(
            change.changes,
            [Change {
                part: "initial",
                item: Some("training".to_owned()),
                before: Some("54 h of training".to_owned()),
                after: Some("78 h of training".to_owned()),
            }]
        );
        assert!(
            diff(crs, d("2021-01-01"), d("2025-12-31"))
                .unwrap()
                .changes
                .is_empty()
        );
        assert!(diff(crs, d("2019-01-01"), d("2021-01-01")).is_none());
    }

    /// PCB's 2026 updates: six months of grace (from 1 January 2026 for a credential
    /// that expired before it) and a $75 late fee, nothing else.
    #[test]
    fn pennsylvania_crs_gained_six_months_and_a_late_fee_in_2026() {
        let library = Library::embedded().unwrap();
        let crs = library.find("pa/crs").unwrap();
        let d = |s: &str| crate::quantity::parse_iso_date(s).unwrap();
        let change = diff(crs, d("2025-12-31"), d("2026-01-01")).unwrap();
        assert_eq!(change.from_edition, d("2021-01-01"));
        assert_eq!(change.to_edition, d("2026-01-01"));
        assert_eq!(
            change.changes,
            [
                Change {
                    part: "cycle",
                    item: None,
                    before: Some("renew every 24 months, no grace period".to_owned()),
                    after: Some("renew every 24 months, 6 months of grace after expiry (counted from 2026-01-01 for a credential that expired before it)".to_owned()),
                },
                Change {
                    part: "renewal",
                    item: Some("late fee owed after expiry".to_owned()),
                    before: None,
                    after: Some("late fee $75.00".to_owned()),
                },
            ]
        );
    }

    /// Fees are compared by identity: of two late fees, the one whose amount
    /// changed is named by its threshold, and one whose threshold moved is one
    /// removed and one added.
    #[test]
    fn late_fees_of_a_ladder_are_compared_step_by_step() {
        let edition = |effective: &str, first: u32, second: u32, days: i64| {
            format!(
                "\n[[edition]]\neffective = {effective}\n\n[edition.initial]\n\n[edition.renewal]\ncycle_months = 24\npost_expiry = \"published\"\ngrace_days = 400\ncitation = \"Test cycle\"\nconfidence = \"board\"\n\n[[edition.renewal.fee]]\nkind = \"late\"\namount = {first}\ncitation = \"Test fee 1\"\nconfidence = \"board\"\n\n[[edition.renewal.fee]]\nkind = \"late\"\namount = {second}\ndays_after_expiry = {days}\ncitation = \"Test fee 2\"\nconfidence = \"board\"\n"
            )
        };
        let text = format!(
            "id = \"acme/peer\"\nname = \"Test\"\njurisdiction = \"Testland\"\nboard = \"Board\"\nsources = [\"https://example.org/rules\"]\nverified = 2026-01-01\n{}{}{}",
            edition("2020-01-01", 25, 50, 183),
            edition("2022-01-01", 25, 60, 183),
            edition("2024-01-01", 25, 60, 181)
        );
        let library = Library::embedded().unwrap();
        let rules =
            RuleSet::parse(&crate::diag::Source::new("r.toml", text), library.topics()).unwrap();
        let d = |s: &str| crate::quantity::parse_iso_date(s).unwrap();
        let change = |item: &str, before: Option<&str>, after: Option<&str>| Change {
            part: "renewal",
            item: Some(item.to_owned()),
            before: before.map(str::to_owned),
            after: after.map(str::to_owned),
        };
        assert_eq!(
            diff(&rules, d("2021-01-01"), d("2023-01-01"))
                .unwrap()
                .changes,
            [change(
                "late fee owed more than 183 days after expiry",
                Some("late fee $50.00"),
                Some("late fee $60.00")
            )]
        );
        assert_eq!(
            diff(&rules, d("2023-01-01"), d("2025-01-01"))
                .unwrap()
                .changes,
            [
                change(
                    "late fee owed more than 183 days after expiry",
                    Some("late fee $60.00"),
                    None
                ),
                change(
                    "late fee owed more than 181 days after expiry",
                    None,
                    Some("late fee $60.00")
                ),
            ]
        );
    }
}
