//! Markdown, for documents and tickets. Every user string is escaped, so a name
//! such as `<script>` or `[x](javascript:…)` is shown, never interpreted.

use std::fmt::Write as _;

use chrono::NaiveDate;
use peercert_core::library::Origin;
use peercert_core::report::{Evaluation, RequirementResult};
use peercert_core::requirement::{Requirement, Rule};
use peercert_core::ruleset::Stage;
use peercert_core::text::printable;
use peercert_core::vocab::Confidence;
use peercert_core::{Library, Plan, RuleSet};

use super::{confidence_mark, progress, purpose, shortfall, verdict};

/// Escapes text for Markdown (and the HTML a Markdown viewer may pass through):
/// with `[` and `]` escaped no link can form, so parentheses stay as they are; a line
/// break or other hidden character is shown escaped ([`printable`]), so it can start
/// no line of its own.
pub fn escape(text: &str) -> String {
    let text = printable(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '|' => out.push_str("\\|"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A web address as a Markdown autolink (`<https://…>`), with every character that
/// could end the link or start HTML (`>`, `<`, a quote, a space, a hidden or non-ASCII
/// character) percent-encoded, so the link goes where its text says and nothing else
/// is rendered. Text that is not an `http(s)` address is escaped as text instead.
pub fn link(url: &str) -> String {
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return escape(url);
    }
    let mut out = String::with_capacity(url.len() + 2);
    out.push('<');
    for c in url.chars() {
        if c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c) {
            out.push(c);
        } else {
            let mut buffer = [0; 4];
            for byte in c.encode_utf8(&mut buffer).bytes() {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
    out.push('>');
    out
}

/// Escapes a sentence written by the core: its only markup is `code` around ids
/// (which are checked to be plain words), so backticks are kept.
fn escape_sentence(text: &str) -> String {
    escape(text).replace("\\`", "`")
}

/// The answer of `peercert check --format markdown`.
pub fn evaluation(e: &Evaluation) -> String {
    let mut out = String::new();
    let c = &e.credential_info;
    let _ = writeln!(
        out,
        "# {} ({}) — {}\n",
        escape(&e.worker.name),
        escape(e.worker.id.as_str()),
        e.credential
    );
    let _ = writeln!(
        out,
        "**{}** · {} · {}, {} · rules in force since {} · as of {}\n",
        verdict(e.outcome),
        purpose(e.purpose),
        escape(&c.name),
        escape(&c.jurisdiction),
        e.edition.effective,
        e.as_of
    );
    let _ = writeln!(out, "{}\n", escape_sentence(&e.summary));
    for note in &e.notes {
        let _ = writeln!(out, "> {}\n", escape(note));
    }
    let _ = writeln!(
        out,
        "| | Requirement | Progress | Shortfall | Why | Source |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|");
    for r in &e.requirements {
        row(&mut out, r, "", None);
    }
    if !e.costs.is_empty() {
        let _ = writeln!(out, "\n## Costs\n");
        let _ = writeln!(out, "| Fee | Amount | Paid | Owed | Refundable | Source |");
        let _ = writeln!(out, "|---|---:|---:|---:|---|---|");
        for cost in &e.costs {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {}{} |",
                cost.kind.as_str(),
                cost.amount_text(),
                cost.paid,
                cost.owed,
                match cost.refundable {
                    Some(true) => "yes",
                    Some(false) => "no",
                    None => "not stated",
                },
                escape(&cost.citation),
                escape(confidence_mark(cost.confidence))
            );
        }
        let _ = writeln!(
            out,
            "| **total** | {} | {} | **{}** | | |",
            e.total.amount, e.total.paid, e.total.owed
        );
    }
    let not_counted: Vec<&RequirementResult> = e
        .requirements
        .iter()
        .flat_map(|r| std::iter::once(r).chain(r.options.iter()))
        .filter(|r| !r.not_counted.is_empty())
        .collect();
    if !not_counted.is_empty() {
        let _ = writeln!(out, "\n## Entries that did not count\n");
        for r in not_counted {
            for x in &r.not_counted {
                let _ = writeln!(
                    out,
                    "- `{}`: {} “{}” ({}, {}): {}",
                    r.id,
                    x.entry.as_str(),
                    escape(&x.label),
                    x.date,
                    super::place(x.place),
                    escape(&x.reason)
                );
            }
        }
    }
    out
}

/// One requirement's table rows; `parent` is the citation of the group it sits in,
/// which a nested requirement that shares it shows as "as above".
fn row(out: &mut String, r: &RequirementResult, prefix: &str, parent: Option<&str>) {
    let mark = if r.is_met() { "✓" } else { "✗" };
    let source = if parent == Some(r.citation.as_str()) {
        "as above".to_owned()
    } else {
        format!(
            "{}{}",
            escape(&r.citation),
            escape(confidence_mark(r.confidence))
        )
    };
    let _ = writeln!(
        out,
        "| {mark} | {prefix}`{}` | {} | {} | {} | {source} |",
        r.id,
        escape_sentence(&progress(r)),
        shortfall(r).unwrap_or_default(),
        escape_sentence(&r.explanation),
    );
    for option in &r.options {
        row(out, option, "↳ ", Some(&r.citation));
    }
}

/// `peercert plan --format markdown`: each credential's plan in turn, with a
/// thematic break between two.
pub fn plans(plans: &[Plan]) -> String {
    let mut out = String::new();
    for (i, p) in plans.iter().enumerate() {
        if i > 0 {
            out.push_str("\n---\n\n");
        }
        plan(&mut out, p);
    }
    out
}

/// One credential's plan, and the next cycle's when `--horizon` planned it.
fn plan(out: &mut String, p: &Plan) {
    plan_into(out, p, "#");
    if let Some(next) = &p.next_cycle {
        let _ = writeln!(out, "\n# Next cycle, once renewed on {}\n", next.as_of);
        plan_into(out, next, "##");
    }
}

fn plan_into(out: &mut String, p: &Plan, h: &str) {
    let _ = writeln!(
        out,
        "{h} Plan: {} ({}), `{}`\n",
        escape(&p.worker.name),
        escape(p.worker.id.as_str()),
        p.credential
    );
    let _ = writeln!(
        out,
        "{}, {} · {} · rules in force since {} · as of {}\n",
        escape(&p.credential_info.name),
        escape(&p.credential_info.jurisdiction),
        purpose(p.purpose),
        p.edition.effective,
        p.as_of
    );
    let word = if p.is_done() {
        "NOTHING LEFT"
    } else {
        verdict(p.outcome)
    };
    let _ = writeln!(out, "**{word}** {}", escape_sentence(&p.summary));
    for warning in &p.warnings {
        let _ = writeln!(out, "\n> **Warning:** {}", escape_sentence(warning));
    }
    for note in &p.notes {
        let _ = writeln!(out, "\n> **Note:** {}", escape_sentence(note));
    }
    if !p.tasks.is_empty() {
        let _ = writeln!(out, "\n{h}# To do, soonest first\n");
        let _ = writeln!(out, "| Requirement | Left | By | Days left | Source |");
        let _ = writeln!(out, "| --- | --- | --- | --- | --- |");
        for t in &p.tasks {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {}{} |",
                t.requirement,
                escape(&super::left(t)),
                super::by(t.deadline),
                t.days_left.map_or_else(String::new, |d| d.to_string()),
                escape(&t.citation),
                escape(confidence_mark(t.confidence))
            );
            for path in &t.paths {
                let least = match (path.cheapest, path.least_work) {
                    (true, true) => " (cheapest, fewest hours left)",
                    (true, false) => " (cheapest)",
                    (false, true) => " (fewest hours left)",
                    (false, false) => "",
                };
                let price = path
                    .cost
                    .map_or_else(String::new, |c| format!(", courses {c}"));
                let _ = writeln!(
                    out,
                    "| ↳ path `{}`{least} | {} h{price} | | | |",
                    path.id, path.hours_left
                );
            }
        }
    }
    if !p.steps.is_empty() {
        let _ = writeln!(out, "\n{h}# Steps, in order\n");
        for (i, step) in p.steps.iter().enumerate() {
            let _ = writeln!(
                out,
                "{}. {}: {}",
                i + 1,
                step.step.as_str(),
                super::ids(&step.tasks)
            );
        }
    }
    if !p.costs.is_empty() {
        let _ = writeln!(out, "\n{h}# Costs\n");
        let _ = writeln!(out, "| Fee | Owed | When | Refundable | Source |");
        let _ = writeln!(out, "| --- | --- | --- | --- | --- |");
        for c in &p.costs {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {}{} |",
                c.kind.as_str(),
                c.owed_text(),
                super::cost_due(c),
                super::refund_terms(c.refundable, c.waived),
                escape(&c.citation),
                escape(confidence_mark(c.confidence))
            );
        }
        let _ = writeln!(out, "| **total owed now** | **{}** | | | |", p.total_owed);
    }
    if let Some(proposal) = &p.proposal {
        let _ = writeln!(out, "\n{h}# Courses to take, from the catalogue\n");
        let _ = writeln!(
            out,
            "{}.\n",
            escape_sentence(&super::proposal_method(proposal))
        );
        if !proposal.courses.is_empty() {
            let _ = writeln!(out, "| When | Course | Hours and topics | Cost |");
            let _ = writeln!(out, "| --- | --- | --- | --- |");
            for c in &proposal.courses {
                let when = c
                    .date
                    .map_or_else(|| "self-paced".to_owned(), |d| d.to_string());
                let _ = writeln!(
                    out,
                    "| {when} | {} | {} | {} |",
                    escape(&c.title),
                    escape(&super::course_terms(c)),
                    c.cost
                );
            }
            let _ = writeln!(
                out,
                "| **total** | | **{} h** | **{}** |",
                proposal.hours, proposal.cost
            );
        }
        if !proposal.open.is_empty() {
            let _ = writeln!(
                out,
                "\nNo choice of courses from this catalogue closes {} before the deadline.",
                super::ids(&proposal.open)
            );
        }
    }
}

/// `peercert rules list --format markdown`: every credential with its board, editions,
/// sources, and how many of its facts rest on each kind of source.
pub fn rules_list(library: &Library, as_of: NaiveDate) -> String {
    let mut jurisdictions: Vec<&str> = library
        .rulesets()
        .map(|r| r.jurisdiction.as_str())
        .collect();
    jurisdictions.sort_unstable();
    jurisdictions.dedup();
    let count = library.rulesets().count();
    let mut out = String::from("# Credentials peercert knows\n\n");
    let _ = writeln!(
        out,
        "{count} rule sets in {} jurisdictions, as of {as_of}. This page is the output of \
         `peercert rules list --format markdown`. Each fact in a rule set cites its source and \
         says how sure it is: *board* (the board's own publication), *regulation* (a statute or \
         administrative rule) or *secondary* (anything else, shown to users as \"to be \
         confirmed\"). The counts are of the edition in force, requirements and fees together \
         with the renewal cycle. What could not be confirmed is left out of the rules, and \
         listed under each credential below as its rule file's opening comment names it.\n",
        jurisdictions.len()
    );
    let _ = writeln!(
        out,
        "| Credential | Jurisdiction | Board | Editions | Verified | Board / regulation / secondary |"
    );
    let _ = writeln!(out, "| --- | --- | --- | --- | --- | --- |");
    for r in library.rulesets() {
        let editions: Vec<String> = r.editions.iter().map(|e| e.effective.to_string()).collect();
        let stale = if r.is_stale(as_of) { " ⚠" } else { "" };
        let [board, regulation, secondary] = confidence_counts(r, as_of);
        let _ = writeln!(
            out,
            "| `{}` {} | {} | {} | {} | {}{stale} | {board} / {regulation} / {secondary} |",
            r.id,
            escape(&r.name),
            escape(&r.jurisdiction),
            escape(&r.board),
            editions.join(", "),
            r.verified,
        );
    }
    if library.rulesets().any(|r| r.is_stale(as_of)) {
        let _ = writeln!(
            out,
            "\n⚠ not verified against the board's sources in the 12 months before {as_of}"
        );
    }
    let totals = library
        .rulesets()
        .map(|r| confidence_counts(r, as_of))
        .fold([0; 3], |[a, b, c], [x, y, z]| [a + x, b + y, c + z]);
    let _ = writeln!(
        out,
        "\nIn all: {} facts from the boards' own text, {} from regulations, {} from secondary sources.",
        totals[0], totals[1], totals[2]
    );
    coverage(&mut out, library, as_of);
    for r in library.rulesets() {
        let _ = writeln!(
            out,
            "\n## `{}` — {}\n\n{}, {}.",
            r.id,
            escape(&r.name),
            escape(&r.jurisdiction),
            escape(&r.board)
        );
        if let Some(summary) = &r.summary {
            let _ = writeln!(out, "{}", escape(summary));
        }
        if let Some(base) = &r.extends {
            let _ = writeln!(out, "Adopts `{base}` and adds the board's own rules.");
        }
        match library.origin(&r.id) {
            Some(Origin::Embedded(path)) => {
                let _ = writeln!(out, "Rule file: `rules/{path}`.");
            }
            Some(origin @ (Origin::File(_) | Origin::Memory(_))) => {
                let _ = writeln!(out, "Rule file: `{}`.", escape(&origin.to_string()));
            }
            None => {}
        }
        if let Some(source) = library.source(&r.id) {
            match peercert_core::ruleset::left_out(&source.text) {
                Some(items) if !items.is_empty() => {
                    let _ = writeln!(
                        out,
                        "\nLeft out or uncertain, as the rule file's opening comment says:\n"
                    );
                    for item in items {
                        let _ = writeln!(out, "- {}", escape(&item));
                    }
                }
                Some(_) | None => {
                    let _ = writeln!(
                        out,
                        "\nThe rule file's opening comment has no \"Left out or uncertain\" list."
                    );
                }
            }
        }
        let unsure = secondary_facts(r, as_of);
        if !unsure.is_empty() {
            let _ = writeln!(
                out,
                "\nFrom secondary sources, to be confirmed with the board:\n"
            );
            for fact in unsure {
                let _ = writeln!(out, "- {}", escape(&fact));
            }
        }
        let _ = writeln!(out, "\nSources (last verified {}):\n", r.verified);
        for source in &r.sources {
            let _ = writeln!(out, "- {}", link(source));
        }
    }
    out
}

/// The 50 states and the District of Columbia, as rule sets name their jurisdiction.
const STATES: [&str; 51] = [
    "Alabama",
    "Alaska",
    "Arizona",
    "Arkansas",
    "California",
    "Colorado",
    "Connecticut",
    "Delaware",
    "District of Columbia",
    "Florida",
    "Georgia",
    "Hawaii",
    "Idaho",
    "Illinois",
    "Indiana",
    "Iowa",
    "Kansas",
    "Kentucky",
    "Louisiana",
    "Maine",
    "Maryland",
    "Massachusetts",
    "Michigan",
    "Minnesota",
    "Mississippi",
    "Missouri",
    "Montana",
    "Nebraska",
    "Nevada",
    "New Hampshire",
    "New Jersey",
    "New Mexico",
    "New York",
    "North Carolina",
    "North Dakota",
    "Ohio",
    "Oklahoma",
    "Oregon",
    "Pennsylvania",
    "Rhode Island",
    "South Carolina",
    "South Dakota",
    "Tennessee",
    "Texas",
    "Utah",
    "Vermont",
    "Virginia",
    "Washington",
    "West Virginia",
    "Wisconsin",
    "Wyoming",
];

/// Coverage by state: each jurisdiction's credentials, with what the edition in force
/// has for initial certification and renewal, and the states without any.
fn coverage(out: &mut String, library: &Library, as_of: NaiveDate) {
    let mut rows: Vec<&RuleSet> = library.rulesets().collect();
    rows.sort_by(|a, b| (&a.jurisdiction, &a.id).cmp(&(&b.jurisdiction, &b.id)));
    let covered: Vec<&str> = STATES
        .iter()
        .copied()
        .filter(|state| rows.iter().any(|r| r.jurisdiction == *state))
        .collect();
    let _ = writeln!(
        out,
        "\n## Coverage by state\n\n{} of the 50 states and the District of Columbia have a rule set. \
         The last two columns count what the edition in force on {as_of} sets.\n",
        covered.len()
    );
    let _ = writeln!(
        out,
        "| Jurisdiction | Credential | Initial certification | Renewal |"
    );
    let _ = writeln!(out, "| --- | --- | --- | --- |");
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    for r in rows {
        let (initial, renewal) = match r.edition_on(as_of) {
            Some(edition) => {
                let stage = &edition.initial;
                let initial = if stage.requirements.is_empty() && stage.fees.is_empty() {
                    "none published".to_owned()
                } else {
                    format!(
                        "{}, {}",
                        count(stage.requirements.len(), "requirement", "requirements"),
                        count(stage.fees.len(), "fee", "fees")
                    )
                };
                let renewal = edition.renewal.as_ref().map_or_else(
                    || "not published: only the expiry date is checked".to_owned(),
                    |renewal| {
                        format!(
                            "every {} months: {}, {}",
                            renewal.cycle_months,
                            count(
                                renewal.stage.requirements.len(),
                                "requirement",
                                "requirements"
                            ),
                            count(renewal.stage.fees.len(), "fee", "fees")
                        )
                    },
                );
                (initial, renewal)
            }
            None => (format!("no edition in force on {as_of}"), String::from("—")),
        };
        let _ = writeln!(
            out,
            "| {} | `{}` | {initial} | {renewal} |",
            escape(&r.jurisdiction),
            r.id
        );
    }
    let missing: Vec<&str> = STATES
        .iter()
        .copied()
        .filter(|state| !covered.contains(state))
        .collect();
    if !missing.is_empty() {
        let _ = writeln!(out, "\nNo rule set yet: {}.", missing.join(", "));
    }
}

/// How many facts of the edition in force rest on the board's text, a regulation and
/// a secondary source.
fn confidence_counts(ruleset: &RuleSet, as_of: NaiveDate) -> [usize; 3] {
    let mut counts = [0; 3];
    let Some(edition) = ruleset.edition_on(as_of) else {
        return counts;
    };
    let mut add = |c: Confidence| match c {
        Confidence::Board => counts[0] += 1,
        Confidence::Regulation => counts[1] += 1,
        Confidence::Secondary => counts[2] += 1,
    };
    for stage in edition.stages() {
        stage.requirements.iter().for_each(|r| add(r.confidence));
        stage.fees.iter().for_each(|f| add(f.confidence));
    }
    if let Some(renewal) = &edition.renewal {
        add(renewal.confidence);
    }
    if let Some(provisional) = &edition.provisional {
        add(provisional.confidence);
    }
    counts
}

/// The facts of the edition in force that rest on a secondary source.
fn secondary_facts(ruleset: &RuleSet, as_of: NaiveDate) -> Vec<String> {
    let Some(edition) = ruleset.edition_on(as_of) else {
        return Vec::new();
    };
    let mut facts = Vec::new();
    let secondary = Confidence::Secondary;
    if let Some(renewal) = edition
        .renewal
        .as_ref()
        .filter(|r| r.confidence == secondary)
    {
        facts.push(format!("renewal every {} months", renewal.cycle_months));
    }
    if let Some(p) = edition
        .provisional
        .as_ref()
        .filter(|p| p.confidence == secondary)
    {
        facts.push(format!("provisional certification for {} months", p.months));
    }
    for stage in edition.stages() {
        for r in stage
            .requirements
            .iter()
            .filter(|r| r.confidence == secondary)
        {
            facts.push(r.describe());
        }
        for fee in stage.fees.iter().filter(|f| f.confidence == secondary) {
            facts.push(format!("{} fee {}", fee.kind.as_str(), fee.amount_text()));
        }
    }
    facts
}

/// `peercert rules show ID --format markdown`: a checklist to print and pin up.
pub fn rules_show(ruleset: &RuleSet, as_of: NaiveDate) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {} — {}\n", ruleset.id, escape(&ruleset.name));
    let _ = writeln!(
        out,
        "{}, {}\n",
        escape(&ruleset.jurisdiction),
        escape(&ruleset.board)
    );
    if let Some(summary) = &ruleset.summary {
        let _ = writeln!(out, "{}\n", escape(summary));
    }
    let Some(edition) = ruleset.edition_on(as_of) else {
        let _ = writeln!(out, "No edition is in force on {as_of}.");
        return out;
    };
    let _ = writeln!(
        out,
        "Rules in force on {as_of} (since {}).",
        edition.effective
    );
    if let Some(note) = &edition.note {
        let _ = writeln!(out, "{}", escape(note));
    }
    let _ = writeln!(out, "\n## Initial certification\n");
    checklist(&mut out, &edition.initial);
    match &edition.renewal {
        Some(renewal) => {
            let grace = super::grace(renewal);
            let _ = writeln!(
                out,
                "\n## Renewal every {} months, {grace}\n",
                renewal.cycle_months
            );
            let terms = super::renewal_terms(renewal);
            for term in &terms {
                let _ = writeln!(out, "- {}", escape(term));
            }
            if !terms.is_empty() {
                out.push('\n');
            }
            let _ = writeln!(
                out,
                "Source: {}{}\n",
                escape(&renewal.citation),
                escape(confidence_mark(renewal.confidence))
            );
            checklist(&mut out, &renewal.stage);
        }
        None => {
            let _ = writeln!(out, "\n## Renewal\n\nNot published in the sources read.");
        }
    }
    if let Some(p) = &edition.provisional {
        let _ = writeln!(
            out,
            "\n## Provisional certification: {}\n\nTo complete during it. Source: {}{}\n",
            super::provisional_terms(p),
            escape(&p.citation),
            escape(confidence_mark(p.confidence))
        );
        checklist(&mut out, &p.stage);
    }
    let _ = writeln!(out, "\n## Sources (last verified {})\n", ruleset.verified);
    for source in &ruleset.sources {
        let _ = writeln!(out, "- {}", link(source));
    }
    out
}

fn checklist(out: &mut String, stage: &Stage) {
    for r in &stage.requirements {
        checklist_item(out, r, 0, None);
    }
    for fee in &stage.fees {
        let refundable = super::refund_terms(fee.refundable, fee.waived);
        let timing = super::fee_timing(fee).map_or_else(String::new, |t| format!(", {t}"));
        let note = fee
            .note
            .as_ref()
            .map_or_else(String::new, |n| format!(" — {}", escape(n)));
        let _ = writeln!(
            out,
            "- [ ] {} fee {} ({refundable}{timing}){note}  \n  *{}{}*",
            fee.kind.as_str(),
            fee.amount_text(),
            escape(&fee.citation),
            escape(confidence_mark(fee.confidence))
        );
    }
}

fn checklist_item(out: &mut String, r: &Requirement, depth: usize, parent: Option<&str>) {
    let indent = "  ".repeat(depth);
    if parent == Some(r.citation.as_str()) {
        let _ = writeln!(out, "{indent}- [ ] {}", escape(&r.describe()));
    } else {
        let _ = writeln!(
            out,
            "{indent}- [ ] {}  \n{indent}  *{}{}*",
            escape(&r.describe()),
            escape(&r.citation),
            escape(confidence_mark(r.confidence))
        );
    }
    if let Rule::AnyOf(children) | Rule::AllOf(children) = &r.rule {
        for child in children {
            checklist_item(out, child, depth + 1, Some(&r.citation));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{escape, link};

    #[test]
    fn user_text_cannot_inject_markup() {
        assert_eq!(
            escape("<script>alert(1)</script> | [x](y)"),
            "&lt;script&gt;alert(1)&lt;/script&gt; \\| \\[x\\](y)"
        );
    }

    #[test]
    fn user_text_cannot_start_a_line_or_act_on_a_terminal() {
        assert_eq!(
            escape("Ann\n# Fake\u{1b}[2J\u{202e}"),
            "Ann\\\\n\\# Fake\\\\u{1b}\\[2J\\\\u{202e}"
        );
    }

    #[test]
    fn links_cannot_carry_html_or_other_schemes() {
        assert_eq!(
            link("https://x.org/a b?q=<script>\"é"),
            "<https://x.org/a%20b?q=%3Cscript%3E%22%C3%A9>"
        );
        assert_eq!(link("javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(
            link("https://example.org/rules"),
            "<https://example.org/rules>"
        );
    }
}
