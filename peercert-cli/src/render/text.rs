//! Plain text for a terminal: a verdict line, a line per requirement, the costs.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};

use peercert_core::Plan;
use peercert_core::id::CredentialId;
use peercert_core::report::{CredentialRef, Evaluation, RequirementResult, Standing, WorkerRef};
use peercert_core::text::printable;
use peercert_core::{Library, RuleSet};

use super::{confidence_mark, progress, purpose, shortfall, verdict};

/// Colours and weights, always written: the output goes out through `anstream`,
/// which drops them when colour is off (`--color`, `NO_COLOR`, not a terminal…).
const GOOD: Style = AnsiColor::Green.on_default();
const BAD: Style = AnsiColor::Red.on_default();
const WARN: Style = AnsiColor::Yellow.on_default();
const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();

/// `text` in `style`, and back to plain after it.
fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

/// The answer of `peercert check`.
pub fn evaluation(e: &Evaluation) -> String {
    let mut out = String::new();
    heading(&mut out, &e.worker, &e.credential, &e.credential_info);
    let purpose = match e.standing {
        Standing::Lapsed { .. } => format!(
            "{} (lapsed: listing the requirements of a new application)",
            purpose(e.purpose)
        ),
        Standing::TermsNotPublished { .. } => format!(
            "{} (expired, post-expiry terms not published: listing the requirements of a new application)",
            purpose(e.purpose)
        ),
        Standing::Inactive { until, .. } => format!(
            "{} (inactive: reactivation possible until {until})",
            purpose(e.purpose)
        ),
        Standing::Initial { .. }
        | Standing::Provisional { .. }
        | Standing::Open { .. }
        | Standing::Grace { .. } => purpose(e.purpose).to_owned(),
    };
    let _ = writeln!(
        out,
        "{purpose} · rules in force since {} · as of {}",
        e.edition.effective, e.as_of
    );
    out.push('\n');
    let word = verdict(e.outcome);
    let word = if e.outcome.is_ok() {
        paint(GOOD, word)
    } else {
        paint(BAD, word)
    };
    let _ = writeln!(out, "{}  {}", paint(BOLD, &word), printable(&e.summary));
    for note in &e.notes {
        let _ = writeln!(
            out,
            "{}",
            paint(WARN, &format!("note: {}", printable(note)))
        );
    }
    out.push('\n');
    let width = e
        .requirements
        .iter()
        .map(|r| id_width(r, 0))
        .max()
        .unwrap_or(0)
        + 2;
    for r in &e.requirements {
        requirement(&mut out, r, width, 1, None);
    }
    if !e.costs.is_empty() {
        out.push('\n');
        let _ = writeln!(out, "{}", paint(BOLD, "costs"));
        for cost in &e.costs {
            let refundable = super::refund_terms(cost.refundable, cost.waived);
            let _ = writeln!(
                out,
                "  {:<14}{:>10}  paid {:>10}  owed {:>10}  {refundable}{}",
                cost.kind.as_str(),
                cost.amount_text(),
                cost.paid.to_string(),
                cost.owed.to_string(),
                confidence_mark(cost.confidence)
            );
            if let Some(note) = &cost.note {
                let _ = writeln!(out, "      {}", paint(DIM, &printable(note)));
            }
            let _ = writeln!(
                out,
                "      {}",
                paint(DIM, &format!("source: {}", printable(&cost.citation)))
            );
        }
        let _ = writeln!(
            out,
            "  {:<14}{:>10}  paid {:>10}  owed {:>10}",
            "total",
            e.total.amount.to_string(),
            e.total.paid.to_string(),
            e.total.owed.to_string()
        );
    }
    out
}

/// The answer of `peercert plan`: each credential's plan in turn, with a rule
/// between two.
pub fn plans(plans: &[Plan]) -> String {
    let mut out = String::new();
    for (i, p) in plans.iter().enumerate() {
        if i > 0 {
            let _ = writeln!(out, "\n{}\n", paint(DIM, &"─".repeat(PLAN_RULE)));
        }
        plan(&mut out, p);
    }
    out
}

/// The width of the rule between two plans, in characters.
const PLAN_RULE: usize = 72;

/// Where the worker stands for one credential, in one line, as a command that
/// writes a record reports it: `pa/crs renewal due by 2027-02-01: ethics 5.5 / 6 h,
/// 0.5 h short`.
pub fn standing_line(e: &Evaluation) -> String {
    let unmet: Vec<String> = e
        .requirements
        .iter()
        .filter(|r| !r.is_met())
        .map(|r| match shortfall(r) {
            Some(short) => format!("{} {}, {short}", r.id, progress(r)),
            None => format!("{} {}", r.id, progress(r)),
        })
        .collect();
    let left = unmet.join("; ");
    let owed = if e.total.owed > peercert_core::Cents::ZERO {
        format!("; {} in fees to pay", e.total.owed)
    } else {
        String::new()
    };
    match e.standing {
        Standing::Initial { .. } | Standing::Provisional { .. } if unmet.is_empty() => {
            format!(
                "{} eligible to apply: every requirement is met{owed}",
                e.credential
            )
        }
        Standing::Initial { .. } | Standing::Provisional { .. } => {
            format!("{} not eligible yet: {left}", e.credential)
        }
        Standing::Open { expires, .. } if unmet.is_empty() => format!(
            "{} ready to renew: every requirement of the cycle ending {expires} is met{owed}",
            e.credential
        ),
        Standing::Open { .. } => format!(
            "{} renewal due by {}: {left}",
            e.credential,
            e.standing.deadline(e.as_of).0
        ),
        Standing::Grace { ends, .. } => {
            let until = ends.map_or_else(
                || "with no published last day".to_owned(),
                |d| format!("until {d}"),
            );
            if unmet.is_empty() {
                format!(
                    "{} expired, late renewal possible {until}: every requirement is met{owed}",
                    e.credential
                )
            } else {
                format!(
                    "{} expired, late renewal possible {until}: {left}",
                    e.credential
                )
            }
        }
        Standing::Inactive { expired, until } => {
            if unmet.is_empty() {
                format!(
                    "{} expired on {expired}, inactive: reactivate by {until}: every requirement is met{owed}",
                    e.credential
                )
            } else {
                format!(
                    "{} expired on {expired}, inactive: reactivate by {until}: {left}",
                    e.credential
                )
            }
        }
        Standing::TermsNotPublished { expired } => format!(
            "{} expired on {expired}, post-expiry terms not published: ask the board{}",
            e.credential,
            if unmet.is_empty() {
                String::new()
            } else {
                format!("; for a new application: {left}")
            }
        ),
        Standing::Lapsed { expired } => format!(
            "{} lapsed on {expired}: apply again{}",
            e.credential,
            if unmet.is_empty() {
                String::new()
            } else {
                format!("; for a new application: {left}")
            }
        ),
    }
}

/// One credential's plan, and the next cycle's when `--horizon` planned it.
fn plan(out: &mut String, p: &Plan) {
    plan_into(out, p);
    if let Some(next) = &p.next_cycle {
        let _ = writeln!(
            out,
            "\n{}",
            paint(
                BOLD,
                &format!("next cycle, once renewed on {} (--horizon)", next.as_of)
            )
        );
        out.push('\n');
        plan_into(out, next);
    }
}

/// The first two lines of an answer: the worker, then the credential and where it is.
fn heading(out: &mut String, worker: &WorkerRef, id: &CredentialId, info: &CredentialRef) {
    let _ = writeln!(
        out,
        "{} ({})",
        paint(BOLD, &printable(&worker.name)),
        printable(worker.id.as_str())
    );
    let _ = writeln!(
        out,
        "{id} · {}, {}",
        printable(&info.name),
        printable(&info.jurisdiction)
    );
}

fn plan_into(out: &mut String, p: &Plan) {
    heading(out, &p.worker, &p.credential, &p.credential_info);
    let _ = writeln!(
        out,
        "{} plan · rules in force since {} · as of {}",
        purpose(p.purpose),
        p.edition.effective,
        p.as_of
    );
    out.push('\n');
    let word = if p.is_done() {
        paint(GOOD, "NOTHING LEFT")
    } else {
        paint(BAD, verdict(p.outcome))
    };
    let _ = writeln!(out, "{}  {}", paint(BOLD, &word), printable(&p.summary));
    for warning in &p.warnings {
        let _ = writeln!(
            out,
            "{}",
            paint(WARN, &format!("warning: {}", printable(warning)))
        );
    }
    for note in &p.notes {
        let _ = writeln!(
            out,
            "{}",
            paint(WARN, &format!("note: {}", printable(note)))
        );
    }
    if !p.tasks.is_empty() {
        out.push('\n');
        let _ = writeln!(out, "{}", paint(BOLD, "to do, soonest first"));
        let rows: Vec<[String; 4]> = p
            .tasks
            .iter()
            .map(|t| {
                [
                    t.requirement.to_string(),
                    super::left(t),
                    super::by(t.deadline),
                    t.days_left
                        .map_or_else(String::new, |d| format!("({d} days left)")),
                ]
            })
            .collect();
        let widths = [0, 1, 2].map(|i| {
            rows.iter()
                .map(|r| r.get(i).map_or(0, |c| c.chars().count()))
                .max()
                .unwrap_or(0)
        });
        for (task, [id, left, by, days]) in p.tasks.iter().zip(&rows) {
            let [w0, w1, w2] = widths;
            let line = format!("  {id:<w0$}  {left:<w1$}  {by:<w2$}  {days}");
            let _ = writeln!(out, "{}", line.trim_end());
            let _ = writeln!(out, "      {}", printable(&task.explanation));
            for path in &task.paths {
                let remaining: Vec<String> = path
                    .remaining
                    .iter()
                    .map(|r| format!("`{}` ({})", r.requirement, super::remaining(r)))
                    .collect();
                let price = path.cost.map_or_else(String::new, |c| {
                    format!("; courses from the catalogue: {c}")
                });
                let least = match (path.cheapest, path.least_work) {
                    (true, true) => "  ← cheapest, fewest hours left",
                    (true, false) => "  ← cheapest",
                    (false, true) => "  ← fewest hours left",
                    (false, false) => "",
                };
                let what = if remaining.is_empty() {
                    "complete".to_owned()
                } else {
                    format!(
                        "{} h left; to do: {}",
                        path.hours_left,
                        remaining.join(", ")
                    )
                };
                let _ = writeln!(out, "      path `{}`: {what}{price}{least}", path.id);
            }
            let _ = writeln!(
                out,
                "      {}",
                paint(
                    DIM,
                    &format!(
                        "source: {}{}",
                        printable(&task.citation),
                        confidence_mark(task.confidence)
                    )
                )
            );
        }
    }
    if !p.steps.is_empty() {
        out.push('\n');
        let _ = writeln!(out, "{}", paint(BOLD, "steps, in order"));
        for (i, step) in p.steps.iter().enumerate() {
            let _ = writeln!(
                out,
                "  {}. {}: {}",
                i + 1,
                step.step.as_str(),
                super::ids(&step.tasks)
            );
        }
    }
    if !p.costs.is_empty() {
        out.push('\n');
        let _ = writeln!(out, "{}", paint(BOLD, "costs"));
        for cost in &p.costs {
            let _ = writeln!(
                out,
                "  {:<14}{:>10}  {}  {}{}",
                cost.kind.as_str(),
                cost.owed_text(),
                super::cost_due(cost),
                super::refund_terms(cost.refundable, cost.waived),
                confidence_mark(cost.confidence)
            );
            if let Some(note) = &cost.note {
                let _ = writeln!(out, "      {}", paint(DIM, &printable(note)));
            }
        }
        let _ = writeln!(
            out,
            "  {:<14}{:>10}  owed now",
            "total",
            p.total_owed.to_string()
        );
    }
    if let Some(proposal) = &p.proposal {
        out.push('\n');
        let _ = writeln!(
            out,
            "{}",
            paint(BOLD, "courses to take, from the catalogue")
        );
        let _ = writeln!(out, "  {}", super::proposal_method(proposal));
        for c in &proposal.courses {
            let when = c
                .date
                .map_or_else(|| "self-paced".to_owned(), |d| d.to_string());
            let _ = writeln!(
                out,
                "  {when:<10}  {:>10}  {} ({}; catalogue line {})",
                c.cost.to_string(),
                printable(&c.title),
                super::course_terms(c),
                c.line
            );
        }
        if !proposal.courses.is_empty() {
            let _ = writeln!(
                out,
                "  {:<10}  {:>10}  {} h in all",
                "total",
                proposal.cost.to_string(),
                proposal.hours
            );
        }
        if !proposal.closes.is_empty() {
            let _ = writeln!(out, "  closes {}", super::ids(&proposal.closes));
        }
        if !proposal.open.is_empty() {
            let _ = writeln!(
                out,
                "  {}",
                paint(
                    WARN,
                    &format!(
                        "no choice of courses from this catalogue closes {} before the deadline",
                        super::ids(&proposal.open)
                    )
                )
            );
        }
    }
}

/// The widest id in a requirement tree, counting the indentation of nested rows.
fn id_width(r: &RequirementResult, depth: usize) -> usize {
    r.options
        .iter()
        .map(|o| id_width(o, depth + 1))
        .fold(r.id.as_str().chars().count() + 2 * depth, usize::max)
}

/// One requirement's rows; `parent` is the citation of the group it sits in, which
/// a nested requirement that shares it does not repeat.
fn requirement(
    out: &mut String,
    r: &RequirementResult,
    width: usize,
    depth: usize,
    parent: Option<&str>,
) {
    let indent = "  ".repeat(depth);
    let mark = if r.is_met() {
        paint(GOOD, "✓")
    } else {
        paint(BAD, "✗")
    };
    let short = shortfall(r).map_or_else(String::new, |s| format!("  — {s}"));
    let id = r.id.as_str();
    let _ = writeln!(out, "{indent}{mark} {id:<width$}{}{short}", progress(r));
    let detail = format!("{indent}    ");
    if !r.is_met() {
        let _ = writeln!(out, "{detail}{}", printable(&r.explanation));
        if let Some(deadline) = r.deadline {
            let _ = writeln!(out, "{detail}due by {deadline}");
        }
    }
    if let Some(reason) = &r.waived {
        let _ = writeln!(out, "{detail}waived: {}", printable(reason));
    }
    for x in &r.not_counted {
        let _ = writeln!(
            out,
            "{detail}{}",
            paint(
                DIM,
                &format!(
                    "not counted: {} \"{}\" ({}, {}): {}",
                    x.entry.as_str(),
                    printable(&x.label),
                    x.date,
                    super::place(x.place),
                    printable(&x.reason)
                )
            )
        );
    }
    for evidence in r.evidence.iter().filter(|e| e.note.is_some()) {
        if let Some(note) = &evidence.note {
            let _ = writeln!(
                out,
                "{detail}{}",
                paint(
                    DIM,
                    &format!(
                        "partly counted: {} \"{}\" ({}): {}",
                        evidence.entry.as_str(),
                        printable(&evidence.label),
                        super::place(evidence.place),
                        printable(note)
                    )
                )
            );
        }
    }
    if parent != Some(r.citation.as_str()) {
        let _ = writeln!(
            out,
            "{detail}{}",
            paint(
                DIM,
                &format!(
                    "source: {}{}",
                    printable(&r.citation),
                    confidence_mark(r.confidence)
                )
            )
        );
    }
    for option in &r.options {
        requirement(
            out,
            option,
            width.saturating_sub(2),
            depth + 1,
            Some(&r.citation),
        );
    }
}

/// `peercert rules list`: rule sets not verified in the last 12 months are marked `!`.
pub fn rules_list(library: &Library, as_of: chrono::NaiveDate) -> String {
    let rows: Vec<[String; 5]> = library
        .rulesets()
        .map(|r| {
            let mark = if r.is_stale(as_of) { "!" } else { " " };
            [
                format!("{mark}{}", r.id),
                printable(&r.jurisdiction).into_owned(),
                printable(&r.name).into_owned(),
                r.editions
                    .iter()
                    .map(|e| e.effective.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                r.verified.to_string(),
            ]
        })
        .collect();
    let header = [" ID", "JURISDICTION", "CREDENTIAL", "EDITIONS", "VERIFIED"];
    let mut widths = header.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(header.map(str::to_owned)).chain(rows) {
        let line: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        let _ = writeln!(out, "{}", line.join("  ").trim_end());
    }
    if library.rulesets().any(|r| r.is_stale(as_of)) {
        let _ = writeln!(
            out,
            "\n! not verified against the board's sources in the 12 months before {as_of}"
        );
    }
    out
}

/// `peercert rules show ID`: the edition in force as a checklist.
pub fn rules_show(ruleset: &RuleSet, as_of: chrono::NaiveDate) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}", ruleset.id, printable(&ruleset.name));
    let _ = writeln!(
        out,
        "{}, {}",
        printable(&ruleset.jurisdiction),
        printable(&ruleset.board)
    );
    if let Some(summary) = &ruleset.summary {
        let _ = writeln!(out, "{}", printable(summary));
    }
    let Some(edition) = ruleset.edition_on(as_of) else {
        let _ = writeln!(out, "\nNo edition is in force on {as_of}.");
        return out;
    };
    let _ = writeln!(
        out,
        "\nRules in force on {as_of} (since {}).",
        edition.effective
    );
    if let Some(note) = &edition.note {
        let _ = writeln!(out, "{}", printable(note));
    }
    let _ = writeln!(out, "\nInitial certification");
    checklist(&mut out, &edition.initial);
    match &edition.renewal {
        Some(renewal) => {
            let grace = super::grace(renewal);
            let _ = writeln!(
                out,
                "\nRenewal every {} months, {grace}",
                renewal.cycle_months
            );
            for term in super::renewal_terms(renewal) {
                let _ = writeln!(out, "  {}", printable(&term));
            }
            let _ = writeln!(
                out,
                "      source: {}{}",
                printable(&renewal.citation),
                confidence_mark(renewal.confidence)
            );
            checklist(&mut out, &renewal.stage);
        }
        None => {
            let _ = writeln!(out, "\nRenewal: not published in the sources read.");
        }
    }
    if let Some(p) = &edition.provisional {
        let _ = writeln!(
            out,
            "\nProvisional certification: {}; to complete during it",
            super::provisional_terms(p)
        );
        let _ = writeln!(
            out,
            "      source: {}{}",
            printable(&p.citation),
            confidence_mark(p.confidence)
        );
        checklist(&mut out, &p.stage);
    }
    let _ = writeln!(out, "\nSources (last verified {}):", ruleset.verified);
    for source in &ruleset.sources {
        let _ = writeln!(out, "  {}", printable(&source.to_string()));
    }
    out
}

fn checklist(out: &mut String, stage: &peercert_core::ruleset::Stage) {
    for r in &stage.requirements {
        checklist_item(out, r, 1, None);
    }
    for fee in &stage.fees {
        let refundable = super::refund_terms(fee.refundable, fee.waived);
        let timing = super::fee_timing(fee).map_or_else(String::new, |t| format!(", {t}"));
        let _ = writeln!(
            out,
            "  [ ] {} fee {} ({refundable}{timing})",
            fee.kind.as_str(),
            fee.amount_text()
        );
        if let Some(note) = &fee.note {
            let _ = writeln!(out, "      {}", printable(note));
        }
        let _ = writeln!(
            out,
            "      source: {}{}",
            printable(&fee.citation),
            confidence_mark(fee.confidence)
        );
    }
}

fn checklist_item(
    out: &mut String,
    r: &peercert_core::requirement::Requirement,
    depth: usize,
    parent: Option<&str>,
) {
    let indent = "  ".repeat(depth);
    let _ = writeln!(out, "{indent}[ ] {}", printable(&r.describe()));
    if parent != Some(r.citation.as_str()) {
        let _ = writeln!(
            out,
            "{indent}    source: {}{}",
            printable(&r.citation),
            confidence_mark(r.confidence)
        );
    }
    if let peercert_core::requirement::Rule::AnyOf(children)
    | peercert_core::requirement::Rule::AllOf(children) = &r.rule
    {
        for child in children {
            checklist_item(out, child, depth + 1, Some(&r.citation));
        }
    }
}

/// `peercert rules diff`.
pub fn diff(
    id: &peercert_core::id::CredentialId,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    diff: &peercert_core::diff::Diff,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{id}: the rules of {from} (edition of {}) against those of {to} (edition of {})",
        diff.from_edition, diff.to_edition
    );
    if diff.changes.is_empty() {
        let _ = writeln!(out, "no changes");
        return out;
    }
    for change in &diff.changes {
        let item = change
            .item
            .as_ref()
            .map_or_else(String::new, |i| format!(" {}", printable(&i.to_string())));
        let line = match (&change.before, &change.after) {
            (Some(b), Some(a)) => format!("changed: {b} → {a}"),
            (Some(b), None) => format!("removed: {b}"),
            (None, Some(a)) => format!("added: {a}"),
            (None, None) => continue,
        };
        let _ = writeln!(out, "  {}{item}: {}", change.part, printable(&line));
    }
    out
}
