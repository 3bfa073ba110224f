//! Overlays: a rule set that `extends` another adds requirements to it or
//! tightens them, and never loosens them.
//!
//! An agency may require more than the state (two more hours of confidentiality
//! training); a state board may adopt a national standard and add its own rules.
//! An overlay is read as a patch (`ruleset::patch`): each of its editions says only what
//! it gives, and anything it leaves out is `None`, never a stand-in value. The
//! library merges each overlay with its base once, when it is loaded, into an
//! ordinary [`RuleSet`] whose editions are the dates on which either changed, so
//! evaluation needs to know nothing about overlays.

use std::ops::Range;

use chrono::NaiveDate;

use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::error::LoadError;
use crate::ruleset::patch::RenewalPatch;
use crate::ruleset::patch::{Overlay, StagePatch};
use crate::ruleset::{
    AfterExpiry, Edition, Grace, PostExpiry, Provisional, Renewal, RuleSet, Stage, fee_never_owed,
    span_bounds,
};
use crate::vocab::FeeKind;

/// `overlay` merged with `base` (itself already merged, if it is an overlay too).
pub(crate) fn merge(
    overlay: &Overlay,
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
        .map(|e| e.effective)
        .chain(overlay.editions.iter().map(|e| e.effective))
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
        let at = |stage: &StagePatch, id: &str| stage.place(id).or_else(|| Some(o.span.clone()));
        let initial = match &o.initial {
            Some(oi) => merge_stage(&b.initial, &oi.stage, &|id| at(oi, id), &mut problems),
            None => b.initial.clone(),
        };
        let renewal = match (&b.renewal, &o.renewal) {
            (Some(br), Some(or)) => {
                if let Some(cycle) = or.cycle_months
                    && cycle != br.cycle_months
                {
                    problems.push(Diagnostic::error(
                        format!(
                            "an overlay cannot change the base's renewal cycle of {} months (found {cycle})",
                            br.cycle_months
                        ),
                        Some(o.span.clone()),
                    ));
                }
                let post_expiry = merge_post_expiry(br.post_expiry, or, &mut problems);
                let terms = [
                    ("anchor", or.anchor.is_some_and(|a| a != br.anchor)),
                    (
                        "submit_from_days",
                        or.submit_from_days
                            .is_some_and(|d| Some(d) != br.submit_from_days),
                    ),
                    (
                        "due_days",
                        or.due_days.is_some_and(|d| Some(d) != br.due_days),
                    ),
                    (
                        "first_cycle_ce",
                        or.first_cycle_ce.is_some_and(|f| f != br.first_cycle_ce),
                    ),
                    (
                        "ce_waived_within_months",
                        or.ce_waived_within_months
                            .is_some_and(|m| Some(m) != br.ce_waived_within_months),
                    ),
                ];
                unchanged(&terms, "[edition.renewal]", &or.span, &mut problems);
                Some(Renewal {
                    post_expiry,
                    stage: merge_stage(
                        &br.stage,
                        &or.stage.stage,
                        &|id| at(&or.stage, id),
                        &mut problems,
                    ),
                    ..br.clone()
                })
            }
            (Some(br), None) => Some(br.clone()),
            (None, Some(or)) => {
                // A base without a renewal cycle publishes no terms after expiry.
                let post_expiry = merge_post_expiry(PostExpiry::NotPublished, or, &mut problems);
                let renewal = or.complete().map(|r| Renewal { post_expiry, ..r });
                if renewal.is_none() {
                    missing(
                        &or.missing(),
                        "[edition.renewal]",
                        &or.span,
                        format!(
                            "the base, `{}`, has no renewal cycle, so an overlay that adds one gives its own `cycle_months`, `citation` and `confidence`",
                            base.id
                        ),
                        &mut problems,
                    );
                }
                renewal
            }
            (None, None) => None,
        };
        // A late fee the overlay adds must start inside the grace period, a
        // reinstatement fee inside the grace or inactive period.
        if let (Some(or), Some(merged)) = (&o.renewal, &renewal) {
            for fee in &or.stage.stage.fees {
                if !matches!(fee.kind, FeeKind::Late | FeeKind::Reinstatement) {
                    continue;
                }
                let subject = format!("the {} fee", fee.kind.as_str());
                if let Some((message, help)) = fee_never_owed(
                    merged.post_expiry,
                    fee.kind,
                    fee.id().days_after_expiry,
                    &subject,
                ) {
                    // The base's terms are the overlay's: it cannot publish them.
                    let help = if merged.post_expiry.is_published() {
                        help
                    } else {
                        Some(format!(
                            "`{}` publishes no terms after expiry; only an overlay for a board that publishes its own (an IC&RC member board) says `post_expiry = \"published\"` and gives them",
                            base.id
                        ))
                    };
                    problems
                        .push(Diagnostic::error(message, Some(o.span.clone())).with_help_opt(help));
                }
            }
        }
        let note = match (&b.note, &o.note) {
            (Some(bn), Some(on)) => Some(format!("{bn} With {}: {on}", overlay.id)),
            (Some(n), None) | (None, Some(n)) => Some(n.clone()),
            (None, None) => None,
        };
        let provisional = match (&b.provisional, &o.provisional) {
            (Some(bp), Some(op)) => {
                let terms = [
                    ("months", op.months.is_some_and(|m| m != bp.months)),
                    (
                        "extensions",
                        op.extensions.is_some_and(|e| e != bp.extensions),
                    ),
                    (
                        "extension_months",
                        op.extension_months
                            .is_some_and(|m| m != bp.extension_months),
                    ),
                ];
                unchanged(&terms, "[edition.provisional]", &op.span, &mut problems);
                Some(Provisional {
                    stage: merge_stage(
                        &bp.stage,
                        &op.stage.stage,
                        &|id| at(&op.stage, id),
                        &mut problems,
                    ),
                    ..bp.clone()
                })
            }
            (Some(p), None) => Some(p.clone()),
            (None, Some(op)) => {
                let provisional = op.complete();
                if provisional.is_none() {
                    missing(
                        &op.missing(),
                        "[edition.provisional]",
                        &op.span,
                        format!(
                            "the base, `{}`, has no provisional phase, so an overlay that adds one gives its own `months`, `citation` and `confidence`",
                            base.id
                        ),
                        &mut problems,
                    );
                }
                provisional
            }
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
    // The same overlay edition may meet several base editions: say each problem once.
    let mut said = Vec::new();
    problems.retain(|p| {
        let new = !said.contains(p);
        if new {
            said.push(p.clone());
        }
        new
    });
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
        bases: std::iter::once(base.id.clone())
            .chain(base.bases.iter().cloned())
            .collect(),
        credential_refs: overlay.credential_refs.clone(),
    })
}

/// An error for each term of the base that the overlay gives differently.
fn unchanged(
    terms: &[(&str, bool)],
    table: &str,
    span: &Range<usize>,
    problems: &mut Vec<Diagnostic>,
) {
    for (key, changed) in terms {
        if *changed {
            problems.push(
                Diagnostic::error(
                    format!("an overlay cannot change the base's `{key}` in `{table}`"),
                    Some(span.clone()),
                )
                .with_help(format!("leave `{key}` out to keep the base's")),
            );
        }
    }
}

/// An error for each key that a table the base lacks must give.
fn missing(
    keys: &[&str],
    table: &str,
    span: &Range<usize>,
    help: String,
    problems: &mut Vec<Diagnostic>,
) {
    for key in keys {
        problems.push(
            Diagnostic::error(format!("missing `{key}` in `{table}`"), Some(span.clone()))
                .with_help(help.clone()),
        );
    }
}

fn invalid(source: &Source, problems: Vec<Diagnostic>) -> LoadError {
    LoadError::Invalid(Diagnostics::new(source.clone(), problems))
}

/// The base's requirements, each replaced by the overlay's of the same id (which
/// must be at least as strict), then the overlay's new ones; then the base's fees
/// and the overlay's fees of identities the base does not have
/// ([`crate::ruleset::FeeId`]: a late fee at another threshold is a new step of the
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
/// The post-expiry terms of an overlay on a base with `base`'s. Where the base
/// publishes terms, the overlay inherits them: it may shorten a grace or inactive
/// period and move `grace_from` later, and may not lengthen either, add one, or say
/// the terms are not published. Where the base publishes none (the IC&RC standard
/// leaves them to its member boards), an overlay that says `post_expiry =
/// "published"` gives its own board's terms; without that it inherits "not
/// published" and may give no terms.
fn merge_post_expiry(
    base: PostExpiry,
    or: &RenewalPatch,
    problems: &mut Vec<Diagnostic>,
) -> PostExpiry {
    // Only published terms can be taken back; "not published" may be filled in.
    if or.published == Some(false) && base.is_published() {
        problems.push(
            Diagnostic::error(
                "an overlay cannot change the base's `post_expiry = \"published\"` (found \"not-published\")",
                Some(or.span.clone()),
            )
            .with_help("an overlay inherits what the base's board publishes after expiry; leave `post_expiry` out"),
        );
    }
    let b = match base {
        PostExpiry::NotPublished if or.published == Some(true) => {
            return PostExpiry::Published(AfterExpiry {
                grace: or.grace.unwrap_or(Grace::Days(0)),
                grace_from: or.grace_from,
                inactive_months: or.inactive_months,
            });
        }
        PostExpiry::NotPublished => {
            if or.gives_terms() {
                problems.push(
                    Diagnostic::error(
                        "the base publishes no terms after expiry, so a grace or inactive period here needs `post_expiry = \"published\"`",
                        Some(or.span.clone()),
                    )
                    .with_help("only an overlay for a board that publishes its own terms after expiry (an IC&RC member board) says `post_expiry = \"published\"` and gives them"),
                );
            }
            return base;
        }
        PostExpiry::Published(b) => b,
    };
    let grace = match or.grace {
        Some(g) if longer(g, b.grace) => {
            let found = match g {
                Grace::Open => "an open one".to_owned(),
                Grace::Days(d) => d.to_string(),
                Grace::Months(1) => "1 month".to_owned(),
                Grace::Months(m) => format!("{m} months"),
            };
            problems.push(Diagnostic::error(
                format!(
                    "an overlay cannot lengthen the base's grace period of {} (found {found})",
                    grace_words(b.grace)
                ),
                Some(or.span.clone()),
            ));
            b.grace
        }
        Some(g) => g,
        None => b.grace,
    };
    let grace_from = match (or.grace_from, b.grace_from) {
        (Some(o), Some(b)) if o >= b => Some(o),
        (Some(o), b) => {
            problems.push(Diagnostic::error(
                format!(
                    "an overlay cannot lengthen the base's grace period: `grace_from = {o}` counts it from earlier than the base ({})",
                    b.map_or_else(|| "the expiry".to_owned(), |b| b.to_string())
                ),
                Some(or.span.clone()),
            ));
            b
        }
        (None, b) => b,
    };
    let inactive_months = match (or.inactive_months, b.inactive_months) {
        (Some(o), Some(b)) if o <= b => Some(o),
        (Some(o), b) => {
            problems.push(Diagnostic::error(
                format!(
                    "an overlay cannot lengthen the base's inactive period of {} months (found {o})",
                    b.unwrap_or(0)
                ),
                Some(or.span.clone()),
            ));
            b
        }
        (None, b) => b,
    };
    PostExpiry::Published(AfterExpiry {
        grace,
        grace_from,
        inactive_months,
    })
}

/// Whether grace `g` can last longer after some expiry than `base`.
fn longer(g: Grace, base: Grace) -> bool {
    let months = |m: u32| span_bounds(|d| d.checked_add_months(chrono::Months::new(m)));
    match (g, base) {
        (_, Grace::Open) => false,
        (Grace::Open, _) => true,
        (Grace::Days(a), Grace::Days(b)) | (Grace::Months(a), Grace::Months(b)) => a > b,
        (Grace::Days(a), Grace::Months(m)) => {
            months(m).is_none_or(|(shortest, _)| i64::from(a) > shortest)
        }
        (Grace::Months(m), Grace::Days(d)) => {
            months(m).is_none_or(|(_, longest)| longest > i64::from(d))
        }
    }
}

/// A grace period in words, for messages: `30 days`, `6 months`.
fn grace_words(grace: Grace) -> String {
    match grace {
        Grace::Days(1) => "1 day".to_owned(),
        Grace::Days(d) => format!("{d} days"),
        Grace::Months(1) => "1 month".to_owned(),
        Grace::Months(m) => format!("{m} months"),
        Grace::Open => "no last day".to_owned(),
    }
}

#[cfg(test)]
fn ids(stage: &Stage) -> Vec<&str> {
    stage.requirements.iter().map(|r| r.id.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Library;
    use crate::requirement::Rule;
    use crate::ruleset::RuleFile;
    use crate::vocab::Confidence;

    /// The grace period of published terms.
    fn grace(renewal: &Renewal) -> Option<Grace> {
        match renewal.post_expiry {
            PostExpiry::Published(terms) => Some(terms.grace),
            PostExpiry::NotPublished => None,
        }
    }

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
post_expiry = "published"
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
post_expiry = "published"
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

    /// A base with neither a renewal cycle nor a provisional phase.
    const BASE_WITHOUT_CYCLE: &str = r#"
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
"#;

    fn overlay(body: &str) -> Result<RuleSet, LoadError> {
        overlay_of(BASE, body)
    }

    /// `body` (editions) under a 7-line overlay head that extends `base`.
    fn overlay_of(base: &str, body: &str) -> Result<RuleSet, LoadError> {
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
        match RuleFile::parse(&source, library.topics())? {
            RuleFile::Overlay(own) => merge(&own, &base, &source),
            RuleFile::Whole(whole) => panic!("not an overlay: {whole:?}"),
        }
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
        assert_eq!(grace(renewal), Some(Grace::Days(30)));
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

    /// Replaces the base's renewal requirement `base` by the overlay's `own` (both
    /// written as a requirement table's keys, id `x`): `Ok` when the overlay may, or
    /// the reason the merge gives.
    fn replacing(base: &str, own: &str) -> Result<(), String> {
        let base = format!(
            r#"
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
post_expiry = "not-published"
citation = "Base 2"
confidence = "board"

[[edition.renewal.requirement]]
id = "x"
{base}
citation = "Base 3"
confidence = "board"
"#
        );
        let body = format!(
            r#"
[[edition]]
effective = 2022-06-01

[[edition.renewal.requirement]]
id = "x"
{own}
citation = "Acme policy 1"
confidence = "board"
"#
        );
        match overlay_of(&base, &body) {
            Ok(_) => Ok(()),
            Err(e) => {
                let text = e.to_string();
                let line = text.lines().next().unwrap_or_default();
                Err(line
                    .strip_prefix("error: requirement `x` would loosen the base's: ")
                    .unwrap_or(line)
                    .to_owned())
            }
        }
    }

    /// Issue 11: an attestation's window may narrow, never widen or go.
    #[test]
    fn an_overlay_may_narrow_an_attestation_window_but_not_widen_it() {
        let twelve =
            "kind = \"attestation\"\nattestation = \"background-check\"\nwithin_months = 12";
        let any = "kind = \"attestation\"\nattestation = \"background-check\"";
        let cycle =
            "kind = \"attestation\"\nattestation = \"background-check\"\nwithin_cycle = true";
        let six = "kind = \"attestation\"\nattestation = \"background-check\"\nwithin_months = 6";
        let wide = "kind = \"attestation\"\nattestation = \"background-check\"\nwithin_months = 24";
        let other = "kind = \"attestation\"\nattestation = \"code-of-ethics\"\nwithin_months = 12";
        assert_eq!(replacing(twelve, six), Ok(()));
        assert_eq!(replacing(twelve, twelve), Ok(()));
        assert_eq!(replacing(any, cycle), Ok(()));
        assert_eq!(replacing(any, twelve), Ok(()));
        assert_eq!(replacing(cycle, cycle), Ok(()));
        assert_eq!(
            replacing(twelve, wide),
            Err("a 24-month window is wider than the base's 12".to_owned())
        );
        assert_eq!(
            replacing(twelve, any),
            Err("the base counts only an attestation dated within the last 12 months".to_owned())
        );
        assert_eq!(
            replacing(twelve, cycle),
            Err("the base counts only an attestation dated within the last 12 months".to_owned())
        );
        assert_eq!(
            replacing(cycle, any),
            Err("the base counts only an attestation dated within the current cycle".to_owned())
        );
        assert_eq!(
            replacing(cycle, twelve),
            Err("the base counts only an attestation dated within the current cycle".to_owned())
        );
        assert_eq!(
            replacing(twelve, other),
            Err("an overlay cannot replace this requirement with another kind of attestation; give its own requirement a new id".to_owned())
        );
    }

    /// Issue 11: a topic cap may be lowered, never raised or dropped.
    #[test]
    fn an_overlay_may_lower_a_topic_cap_but_not_raise_or_drop_it() {
        let cap = |c: &str| format!("kind = \"hours\"\nhours = 40\n{c}");
        let sixteen = cap("topic_caps = { whole-health = 16 }");
        assert_eq!(
            replacing(&sixteen, &cap("topic_caps = { whole-health = 10 }")),
            Ok(())
        );
        assert_eq!(
            replacing(
                &sixteen,
                &cap("topic_caps = { whole-health = 16, ethics = 4 }")
            ),
            Ok(())
        );
        assert_eq!(replacing(&cap(""), &sixteen), Ok(()));
        assert_eq!(
            replacing(&sixteen, &cap("topic_caps = { whole-health = 16.5 }")),
            Err("it raises or drops the base's 16 h limit on whole-health hours".to_owned())
        );
        assert_eq!(
            replacing(&sixteen, &cap("")),
            Err("it raises or drops the base's 16 h limit on whole-health hours".to_owned())
        );
    }

    /// Issue 11: supervision of a domain stays of that domain.
    #[test]
    fn an_overlay_may_not_change_the_domains_of_supervision() {
        let of = |t: &str, h: u32| format!("kind = \"supervision\"\nhours = {h}\n{t}");
        assert_eq!(
            replacing(
                &of("topic = \"advocacy\"", 5),
                &of("topic = \"advocacy\"", 6)
            ),
            Ok(())
        );
        assert_eq!(
            replacing(&of("topic = \"advocacy\"", 5), &of("topic = \"ethics\"", 5)),
            Err("it counts supervision in different domains".to_owned())
        );
        assert_eq!(
            replacing(&of("topic = \"advocacy\"", 5), &of("", 5)),
            Err("it counts supervision in different domains".to_owned())
        );
        assert_eq!(
            replacing(
                &of("topic = \"advocacy\"", 5),
                &of("topic = \"advocacy\"", 4)
            ),
            Err("4 h is fewer than the base's 5 h".to_owned())
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
        let graces: Vec<Option<Grace>> = merged
            .editions
            .iter()
            .filter_map(|e| e.renewal.as_ref().map(grace))
            .collect();
        assert_eq!(graces, [Some(Grace::Days(10)), Some(Grace::Days(10))]);
    }

    /// An overlay that brings a renewal cycle to a base without one has nothing to
    /// take `citation` and `confidence` from: it must give them (it once loaded with
    /// an empty citation and confidence `board`).
    #[test]
    fn an_overlay_that_adds_a_cycle_gives_its_citation_and_confidence() {
        let err = overlay_of(
            BASE_WITHOUT_CYCLE,
            r#"
[[edition]]
effective = 2022-06-01

[edition.renewal]
cycle_months = 24
"#,
        )
        .unwrap_err()
        .to_string();
        let help = "   = help: the base, `nj/cprs`, has no renewal cycle, so an overlay that adds one gives its own `cycle_months`, `citation` and `confidence`";
        assert_eq!(
            err,
            format!(
                "error: missing `citation` in `[edition.renewal]`\n  --> acme.toml:12:1\n   |\n12 | [edition.renewal]\n   | ^^^^^^^^^^^^^^^^^\n{help}\n\nerror: missing `confidence` in `[edition.renewal]`\n  --> acme.toml:12:1\n   |\n12 | [edition.renewal]\n   | ^^^^^^^^^^^^^^^^^\n{help}"
            )
        );

        let merged = overlay_of(
            BASE_WITHOUT_CYCLE,
            r#"
[[edition]]
effective = 2022-06-01

[edition.renewal]
cycle_months = 24
citation = "Acme policy 2"
confidence = "secondary"
"#,
        )
        .unwrap();
        let renewal = merged.editions[0].renewal.as_ref().unwrap();
        // A base without a cycle publishes no terms after expiry: the overlay inherits that.
        assert_eq!(
            (
                renewal.cycle_months,
                renewal.post_expiry,
                renewal.citation.as_str(),
                renewal.confidence
            ),
            (
                24,
                PostExpiry::NotPublished,
                "Acme policy 2",
                Confidence::Secondary
            )
        );
    }

    /// Requirements alone make a renewal table too, and one with no cycle at all.
    #[test]
    fn an_overlay_that_adds_renewal_requirements_to_a_base_without_a_cycle_gives_the_cycle() {
        let err = overlay_of(
            BASE_WITHOUT_CYCLE,
            r#"
[[edition]]
effective = 2022-06-01

[[edition.renewal.requirement]]
id = "ce"
kind = "hours"
hours = 2
citation = "Acme policy 3"
confidence = "board"
"#,
        )
        .unwrap_err();
        let LoadError::Invalid(diagnostics) = &err else {
            panic!("{err}");
        };
        let messages: Vec<(&str, String)> = diagnostics
            .items()
            .iter()
            .map(|d| {
                let at = diagnostics.location(d);
                (d.message.as_str(), format!("{}:{}", at.line, at.column))
            })
            .collect();
        assert_eq!(
            messages,
            [
                (
                    "missing `cycle_months` in `[edition.renewal]`",
                    "12:11".to_owned()
                ),
                (
                    "missing `citation` in `[edition.renewal]`",
                    "12:11".to_owned()
                ),
                (
                    "missing `confidence` in `[edition.renewal]`",
                    "12:11".to_owned()
                ),
            ]
        );
    }

    /// An overlay that restates the base's cycle may leave the rest of it to the base.
    #[test]
    fn an_overlay_that_restates_the_cycle_leaves_citation_and_confidence_to_the_base() {
        let merged = overlay(
            r#"
[[edition]]
effective = 2022-06-01

[edition.renewal]
cycle_months = 24
"#,
        )
        .unwrap();
        let cycles: Vec<(u32, Option<Grace>, &str, Confidence)> = merged
            .editions
            .iter()
            .filter_map(|e| e.renewal.as_ref())
            .map(|r| (r.cycle_months, grace(r), r.citation.as_str(), r.confidence))
            .collect();
        assert_eq!(
            cycles,
            [
                (24, Some(Grace::Days(30)), "Base 2", Confidence::Board),
                (24, Some(Grace::Days(30)), "Base 5", Confidence::Board)
            ]
        );
    }

    /// An overlay edition that leaves `[edition.initial]` out adds nothing to it: the
    /// base's initial requirements stand as they are, edition by edition, and what an
    /// earlier edition of the overlay added does not carry over.
    #[test]
    fn an_overlay_edition_without_initial_keeps_the_bases() {
        let merged = overlay(
            r#"
[[edition]]
effective = 2021-01-01

[[edition.initial.requirement]]
id = "orientation"
kind = "hours"
hours = 4
citation = "Acme policy 1"
confidence = "board"

[[edition]]
effective = 2023-01-01

[[edition.renewal.requirement]]
id = "confidentiality"
kind = "hours"
hours = 2
topic = "confidentiality"
citation = "Acme policy 3"
confidence = "board"
"#,
        )
        .unwrap();
        let initial: Vec<(String, Vec<&str>, String)> = merged
            .editions
            .iter()
            .map(|e| {
                let training = match &e.initial.requirements[0].rule {
                    Rule::Hours(h) => h.hours.to_string(),
                    other => panic!("{other:?}"),
                };
                (e.effective.to_string(), ids(&e.initial), training)
            })
            .collect();
        assert_eq!(
            initial,
            [
                (
                    "2021-01-01".to_owned(),
                    vec!["training", "orientation"],
                    "46".to_owned()
                ),
                ("2023-01-01".to_owned(), vec!["training"], "46".to_owned()),
                ("2024-01-01".to_owned(), vec!["training"], "50".to_owned()),
            ]
        );
    }

    /// Leaving `[edition.initial]` out is not the same as giving it empty.
    #[test]
    fn an_overlay_edition_reads_a_left_out_stage_as_none() {
        let library = Library::embedded().unwrap();
        let text = r#"id = "acme/cprs"
name = "Acme CPRS"
jurisdiction = "Acme"
board = "Acme"
extends = "nj/cprs"
sources = ["https://example.org/acme"]
verified = 2025-06-01

[[edition]]
effective = 2022-06-01

[[edition]]
effective = 2023-06-01

[edition.initial]
"#;
        let RuleFile::Overlay(own) =
            RuleFile::parse(&Source::new("acme.toml", text), library.topics()).unwrap()
        else {
            panic!("not an overlay");
        };
        let given: Vec<(Option<usize>, bool, bool)> = own
            .editions
            .iter()
            .map(|e| {
                (
                    e.initial.as_ref().map(|i| i.stage.requirements.len()),
                    e.renewal.is_some(),
                    e.provisional.is_some(),
                )
            })
            .collect();
        assert_eq!(given, [(None, false, false), (Some(0), false, false)]);
    }

    /// The rest of the base's renewal terms may be restated, not changed.
    #[test]
    fn an_overlay_may_not_change_the_bases_renewal_terms() {
        let err = overlay(
            r#"
[[edition]]
effective = 2022-06-01

[edition.renewal]
anchor = "issued"
due_days = 30
first_cycle_ce = true
"#,
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            err,
            "error: an overlay cannot change the base's `due_days` in `[edition.renewal]`\n  --> acme.toml:12:1\n   |\n12 | [edition.renewal]\n   | ^^^^^^^^^^^^^^^^^\n   = help: leave `due_days` out to keep the base's"
        );
    }

    /// A late fee an overlay adds must fall inside the merged grace period.
    #[test]
    fn an_overlays_late_fee_falls_inside_the_grace() {
        let err = overlay(
            r#"
[[edition]]
effective = 2022-06-01

[[edition.renewal.fee]]
kind = "late"
amount = "25.00"
days_after_expiry = 30
citation = "Acme policy 2.1"
confidence = "board"
"#,
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            err,
            "error: the late fee is owed only more than 30 days after expiry, but the grace period ends 30 days after expiry, when the credential lapses: it can never be owed\n  --> acme.toml:10:13\n   |\n10 | effective = 2022-06-01\n   |             ^^^^^^^^^^"
        );
    }

    /// An overlay on a base with no renewal cycle inherits "not published": without
    /// saying its own board publishes terms, it may add no grace period and no fee
    /// owed after expiry.
    #[test]
    fn an_overlays_own_cycle_inherits_terms_not_published() {
        let err = overlay_of(
            BASE_WITHOUT_CYCLE,
            r#"
[[edition]]
effective = 2022-06-01

[edition.renewal]
cycle_months = 24
grace_days = 30
citation = "Acme policy 2"
confidence = "board"

[[edition.renewal.fee]]
kind = "late"
amount = "25.00"
citation = "Acme policy 2.1"
confidence = "board"
"#,
        )
        .unwrap_err()
        .to_string();
        let at = "  --> acme.toml:12:1\n   |\n12 | [edition.renewal]\n   | ^^^^^^^^^^^^^^^^^";
        let fee =
            "  --> acme.toml:10:13\n   |\n10 | effective = 2022-06-01\n   |             ^^^^^^^^^^";
        assert_eq!(
            err,
            format!(
                "error: the base publishes no terms after expiry, so a grace or inactive period here needs `post_expiry = \"published\"`\n{at}\n   = help: only an overlay for a board that publishes its own terms after expiry (an IC&RC member board) says `post_expiry = \"published\"` and gives them\n\nerror: a `late` fee owed after expiry, but `post_expiry = \"not-published\"` says the board publishes no terms after expiry\n{fee}\n   = help: `nj/cprs` publishes no terms after expiry; only an overlay for a board that publishes its own (an IC&RC member board) says `post_expiry = \"published\"` and gives them"
            )
        );
    }

    /// Where the base publishes no terms after expiry (IC&RC leaves them to its
    /// member boards), an overlay that says `post_expiry = "published"` gives its own
    /// board's: a grace period and a late fee inside it.
    #[test]
    fn an_overlay_publishes_its_boards_terms_over_a_base_without_any() {
        let merged = overlay_of(
            BASE_WITHOUT_CYCLE,
            r#"
[[edition]]
effective = 2022-06-01

[edition.renewal]
cycle_months = 24
post_expiry = "published"
grace_days = 30
citation = "Acme policy 2"
confidence = "board"

[[edition.renewal.fee]]
kind = "late"
amount = "25.00"
citation = "Acme policy 2.1"
confidence = "board"
"#,
        )
        .unwrap();
        assert_eq!(
            terms_of(&merged),
            PostExpiry::Published(AfterExpiry {
                grace: Grace::Days(30),
                grace_from: None,
                inactive_months: None,
            })
        );
    }

    /// A base with six months of grace from 1 January 2026 and two years inactive.
    const BASE_WITH_MONTHS: &str = r#"
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
post_expiry = "published"
grace_months = 6
grace_from = 2026-01-01
inactive_months = 24
citation = "Base 1"
confidence = "board"
"#;

    fn terms_of(merged: &RuleSet) -> PostExpiry {
        merged.editions[0].renewal.as_ref().unwrap().post_expiry
    }

    /// An overlay may shorten the grace (in days or months), move `grace_from` later
    /// and shorten the inactive period.
    #[test]
    fn an_overlay_may_shorten_post_expiry_terms() {
        let merged = overlay_of(
            BASE_WITH_MONTHS,
            r#"
[[edition]]
effective = 2022-06-01

[edition.renewal]
post_expiry = "published"
grace_days = 181
grace_from = 2026-02-01
inactive_months = 12
"#,
        )
        .unwrap();
        assert_eq!(
            terms_of(&merged),
            PostExpiry::Published(AfterExpiry {
                grace: Grace::Days(181),
                grace_from: NaiveDate::from_ymd_opt(2026, 2, 1),
                inactive_months: Some(12),
            })
        );
        let merged = overlay_of(
            BASE_WITH_MONTHS,
            "\n[[edition]]\neffective = 2022-06-01\n\n[edition.renewal]\ngrace_months = 3\n",
        )
        .unwrap();
        assert_eq!(
            terms_of(&merged),
            PostExpiry::Published(AfterExpiry {
                grace: Grace::Months(3),
                grace_from: NaiveDate::from_ymd_opt(2026, 1, 1),
                inactive_months: Some(24),
            })
        );
    }

    /// Six months are at least 181 days: 182 days of grace could be longer, as could
    /// seven months, an earlier `grace_from` or a longer inactive period.
    #[test]
    fn an_overlay_may_not_lengthen_post_expiry_terms() {
        let err = overlay_of(
            BASE_WITH_MONTHS,
            r#"
[[edition]]
effective = 2022-06-01

[edition.renewal]
post_expiry = "not-published"
"#,
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("an overlay cannot change the base's `post_expiry = \"published\"` (found \"not-published\")"),
            "{err}"
        );
        for (keys, message) in [
            (
                "grace_days = 182",
                "an overlay cannot lengthen the base's grace period of 6 months (found 182)",
            ),
            (
                "grace_months = 7",
                "an overlay cannot lengthen the base's grace period of 6 months (found 7 months)",
            ),
            (
                "grace_months = 6\ngrace_from = 2025-12-31",
                "an overlay cannot lengthen the base's grace period: `grace_from = 2025-12-31` counts it from earlier than the base (2026-01-01)",
            ),
            (
                "inactive_months = 25",
                "an overlay cannot lengthen the base's inactive period of 24 months (found 25)",
            ),
        ] {
            let err = overlay_of(
                BASE_WITH_MONTHS,
                &format!("\n[[edition]]\neffective = 2022-06-01\n\n[edition.renewal]\n{keys}\n"),
            )
            .unwrap_err()
            .to_string();
            assert!(err.starts_with(&format!("error: {message}\n")), "{err}");
        }
    }

    const BASE_WITH_PROVISIONAL: &str = r#"
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

[edition.provisional]
months = 6
extensions = 1
citation = "Base 2"
confidence = "regulation"

[[edition.provisional.requirement]]
id = "supervised-work"
kind = "experience"
hours = 250
citation = "Base 3"
confidence = "regulation"
"#;

    /// An overlay may add to the base's provisional phase without restating its
    /// terms, and may not change them.
    #[test]
    fn an_overlay_adds_to_the_provisional_phase_and_keeps_its_terms() {
        let merged = overlay_of(
            BASE_WITH_PROVISIONAL,
            r#"
[[edition]]
effective = 2022-06-01

[edition.provisional]
months = 6

[[edition.provisional.requirement]]
id = "ethics"
kind = "hours"
hours = 6
topic = "ethics"
citation = "Acme policy 5"
confidence = "board"
"#,
        )
        .unwrap();
        let provisional = merged.editions[0].provisional.as_ref().unwrap();
        assert_eq!(
            (
                provisional.months,
                provisional.extensions,
                provisional.extension_months,
                provisional.citation.as_str(),
                ids(&provisional.stage)
            ),
            (6, 1, 6, "Base 2", vec!["supervised-work", "ethics"])
        );

        let err = overlay_of(
            BASE_WITH_PROVISIONAL,
            r#"
[[edition]]
effective = 2022-06-01

[edition.provisional]
months = 12
"#,
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            err,
            "error: an overlay cannot change the base's `months` in `[edition.provisional]`\n  --> acme.toml:12:1\n   |\n12 | [edition.provisional]\n   | ^^^^^^^^^^^^^^^^^^^^^\n   = help: leave `months` out to keep the base's"
        );
    }

    #[test]
    fn an_overlay_that_adds_a_provisional_phase_gives_its_terms() {
        let err = overlay_of(
            BASE_WITHOUT_CYCLE,
            r#"
[[edition]]
effective = 2022-06-01

[edition.provisional]
months = 6
citation = "Acme policy 6"
"#,
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            err,
            "error: missing `confidence` in `[edition.provisional]`\n  --> acme.toml:12:1\n   |\n12 | [edition.provisional]\n   | ^^^^^^^^^^^^^^^^^^^^^\n   = help: the base, `nj/cprs`, has no provisional phase, so an overlay that adds one gives its own `months`, `citation` and `confidence`"
        );
    }

    /// Parsed alone, an overlay is not a rule set: only its base makes it whole.
    #[test]
    fn an_overlay_is_not_a_rule_set_on_its_own() {
        let library = Library::embedded().unwrap();
        let text = r#"id = "acme/cprs"
name = "Acme CPRS"
jurisdiction = "Acme"
board = "Acme"
extends = "nj/cprs"
sources = ["https://example.org/acme"]
verified = 2025-06-01

[[edition]]
effective = 2022-06-01
"#;
        let err = RuleSet::parse(&Source::new("acme.toml", text), library.topics())
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "error: expected a rule set of its own, found an overlay of `nj/cprs`\n --> acme.toml:5:11\n  |\n5 | extends = \"nj/cprs\"\n  |           ^^^^^^^^^\n  = help: an overlay is whole only once merged with its base: load it into a library that holds the base"
        );
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
post_expiry = "published"
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
        let merged = overlay_of(BASE_WITH_FEES, &late_fee(50, "days_after_expiry = 10\n")).unwrap();
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
        let err = overlay_of(BASE_WITH_FEES, &late_fee(40, ""))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "error: the base already sets a `late` fee owed after expiry\n  --> acme.toml:10:13\n   |\n10 | effective = 2022-06-01\n   |             ^^^^^^^^^^\n   = help: an overlay may add fees the base does not set (a late or reinstatement fee with another `days_after_expiry` adds a step to the base's ladder), but not restate or change the base's"
        );
        let err = overlay_of(BASE_WITH_FEES, &late_fee(40, "days_after_expiry = 20\n"))
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
