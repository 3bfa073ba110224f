//! The audit as one self-contained HTML page: summary counts, a chart of outcomes, a
//! table sortable by any column, and each worker's gaps with their citations. It
//! loads nothing from elsewhere (its style and script are inline, the chart is SVG)
//! and prints cleanly. Every user string goes through maud, which escapes it.

use maud::{DOCTYPE, Markup, html};
use peercert_core::audit::{Audit, AuditRow, NoCredential, Window};
use peercert_core::report::{Outcome, Standing};

use super::audit::{
    NO_CREDENTIAL, NO_CREDENTIAL_GAP, groups, outcome_word, row_word, summary_line,
};

const STYLE: &str = r#"
:root { --lapsed: #b3261e; --grace: #c2410c; --due: #a16207; --not: #6b21a8; --ready: #15803d; --eligible: #1d4ed8; }
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1f2937; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
.summary { color: #374151; }
.counts { display: flex; flex-wrap: wrap; gap: .6rem; padding: 0; list-style: none; }
.counts li { border: 1px solid #d1d5db; border-radius: .4rem; padding: .3rem .7rem; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; color: inherit; }
th[aria-sort=ascending] button::after { content: " ▲"; }
th[aria-sort=descending] button::after { content: " ▼"; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.action td:first-child { border-left: 4px solid var(--lapsed); }
.outcome-lapsed { color: var(--lapsed); } .outcome-grace { color: var(--grace); } .outcome-renewal-due { color: var(--due); }
.outcome-not-eligible { color: var(--not); } .outcome-renewal-ready { color: var(--ready); } .outcome-eligible { color: var(--eligible); }
.worker { break-inside: avoid; margin: 1.2rem 0; }
.worker h3 { margin: 0 0 .2rem; font-size: 1.05rem; }
.cite { color: #4b5563; font-size: .9em; }
.problems li { color: var(--lapsed); white-space: pre-wrap; font-family: ui-monospace, monospace; font-size: .85em; }
@media print { body { margin: 0; max-width: none; } th button::after { content: "" !important; } .chart { max-width: 30rem; } }
"#;

const SCRIPT: &str = r#"
document.querySelectorAll("table.sortable").forEach(function (table) {
  var headers = table.querySelectorAll("thead th");
  headers.forEach(function (th, column) {
    var button = th.querySelector("button");
    if (!button) { return; }
    button.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var numeric = th.getAttribute("data-type") === "number";
      rows.sort(function (a, b) {
        var x = a.cells[column].getAttribute("data-value");
        var y = b.cells[column].getAttribute("data-value");
        var order;
        if (numeric) {
          order = (x === "" ? Infinity : Number(x)) - (y === "" ? Infinity : Number(y));
          if (isNaN(order)) { order = 0; }
        } else {
          order = x.localeCompare(y);
        }
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
"#;

/// The order and colour of outcomes in the chart.
const OUTCOMES: [(Outcome, &str); 6] = [
    (Outcome::Lapsed, "var(--lapsed)"),
    (Outcome::Grace, "var(--grace)"),
    (Outcome::RenewalDue, "var(--due)"),
    (Outcome::NotEligible, "var(--not)"),
    (Outcome::RenewalReady, "var(--ready)"),
    (Outcome::Eligible, "var(--eligible)"),
];

/// A bar per outcome, as inline SVG.
fn chart(a: &Audit) -> Markup {
    let counts: Vec<(Outcome, &str, usize)> = OUTCOMES
        .iter()
        .map(|(o, colour)| {
            let n = a.summary.outcomes.get(o.as_str()).copied().unwrap_or(0);
            (*o, *colour, n)
        })
        .collect();
    let most = counts.iter().map(|(_, _, n)| *n).max().unwrap_or(0).max(1);
    let height = 24 * counts.len() + 8;
    html! {
        svg.chart role="img" aria-label="Rows by outcome" width="520" height=(height)
            viewBox=(format!("0 0 520 {height}")) xmlns="http://www.w3.org/2000/svg" {
            @for (i, (outcome, colour, n)) in counts.iter().enumerate() {
                @let y = 4 + i * 24;
                text x="0" y=(y + 15) font-size="13" fill="currentColor" { (outcome_word(*outcome)) }
                rect x="110" y=(y) height="18" width=(n * 340 / most) fill=(colour) {}
                text x=(116 + n * 340 / most) y=(y + 14) font-size="13" fill="currentColor" { (n) }
            }
        }
    }
}

/// A row of the table: a worker with no credential, or a row of the audit (with its
/// index, for the link to its section).
enum Entry<'a> {
    NoCredential(&'a NoCredential),
    Row(usize, &'a AuditRow),
}

/// Every entry with its window, workers with no credential first.
fn entries(a: &Audit) -> Vec<(Option<Window>, Entry<'_>)> {
    let later = (!a.windows.is_empty()).then_some(Window::Later);
    a.no_credential
        .iter()
        .map(|w| (later, Entry::NoCredential(w)))
        .chain(
            a.rows
                .iter()
                .enumerate()
                .map(|(i, row)| (a.window(row), Entry::Row(i, row))),
        )
        .collect()
}

/// A table of entries, sortable by any column.
fn rows_table(a: &Audit, entries: &[Entry<'_>], id: Option<&str>) -> Markup {
    html! {
        table.sortable id=[id] {
            thead {
                tr {
                    th { button type="button" { "Worker" } }
                    th { button type="button" { "Name" } }
                    th { button type="button" { "Credential" } }
                    th { button type="button" { "Outcome" } }
                    th { button type="button" { "Expires" } }
                    th data-type="number" { button type="button" { "Days left" } }
                    th { button type="button" { "Largest gap" } }
                }
            }
            tbody {
                @for entry in entries {
                    @match entry {
                        Entry::NoCredential(w) => {
                            tr.action {
                                td data-value=(w.worker) { (w.worker) }
                                td data-value=(w.name) { (w.name) }
                                td data-value="" {}
                                td data-value="-1" { (NO_CREDENTIAL) }
                                td data-value="" {}
                                td.num data-value="" {}
                                td data-value=(NO_CREDENTIAL_GAP) { (NO_CREDENTIAL_GAP) " (" (w.file) ")" }
                            }
                        }
                        Entry::Row(i, row) => {
                            tr class=[row.needs_action.then_some("action")] {
                                td data-value=(row.worker) { (row.worker) }
                                td data-value=(row.name) { a href=(format!("#w{i}")) { (row.name) } }
                                td data-value=(row.credential) { (row.credential) }
                                td data-value=(format!("{}", peercert_core::audit::urgency(row.outcome)))
                                    class=(format!("outcome-{}", row.outcome.as_str())) { (row_word(row)) }
                                td data-value=(row.expires.map(|d| d.to_string()).unwrap_or_default()) {
                                    (row.expires.map(|d| d.to_string()).unwrap_or_default())
                                }
                                td.num data-value=(row.days_left.map(|d| d.to_string()).unwrap_or_default()) {
                                    (row.days_left.map(|d| d.to_string()).unwrap_or_default())
                                }
                                @let gap = a.largest_gap_named(row);
                                td data-value=(gap) { (gap) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The whole page.
pub fn page(a: &Audit, stamp: &str) -> String {
    let markup = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta http-equiv="Content-Security-Policy"
                    content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'";
                title { "Staff audit, " (a.as_of) }
                style {}
            }
            body {
                h1 { "Staff audit, " (a.as_of) }
                p.summary { (summary_line(a)) "." }
                ul.counts {
                    li { strong { (a.summary.records) } " records" }
                    li { strong { (a.summary.rows) } " rows" }
                    li { strong { (a.summary.needs_action) } " need action" }
                    @for (window, count) in a.all_windows().iter().zip(&a.summary.windows) {
                        li.window { strong { (count.rows) } " " (window.heading().to_lowercase()) }
                    }
                    @if a.summary.no_credential > 0 {
                        li { strong { (a.summary.no_credential) } " with no credential" }
                    }
                    li { strong { (a.summary.unreadable) } " could not be read" }
                }
                (chart(a))
                @for (window, rows) in groups(a, entries(a)) {
                    @if let Some(window) = window {
                        section.window {
                            h2 { (window.heading()) " (" (rows.len()) ")" }
                            @if !rows.is_empty() { (rows_table(a, &rows, None)) }
                        }
                    } @else {
                        (rows_table(a, &rows, Some("rows")))
                    }
                }
                h2 { "Each worker's gaps" }
                @for (i, row) in a.rows.iter().enumerate() {
                    section.worker id=(format!("w{i}")) {
                        h3 { (row.name) " (" (row.worker) "), " (row.credential) ": "
                            span class=(format!("outcome-{}", row.outcome.as_str())) { (row_word(row)) } }
                        @if let Some(action) = a.action(row) {
                            p.action { strong { "To do: " (action) "." } }
                        }
                        @if row.gaps.is_empty() {
                            @if a.action(row).is_none() {
                                p { "Every requirement is met." }
                            } @else if matches!(row.standing, Standing::Lapsed { .. } | Standing::TermsNotPublished { .. }) {
                                p { "Nothing is missing for the new application: file it." }
                            }
                        } @else {
                            @if matches!(row.standing, Standing::Lapsed { .. } | Standing::TermsNotPublished { .. }) {
                                p { "Unmet for the new application:" }
                            }
                            table {
                                thead { tr { th { "Requirement" } th { "Missing" } th { "Source" } } }
                                tbody {
                                    @for gap in &row.gaps {
                                        @if let Some(c) = a.requirement(gap) {
                                            tr {
                                                td { code { (c.requirement) } }
                                                td { (a.missing(gap)) }
                                                td.cite { (c.citation) (super::confidence_mark(c.confidence)) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                        p.cite { "Record: " (row.file) }
                    }
                }
                @if !a.problems.is_empty() {
                    h2 { "Could not be read" }
                    ul.problems {
                        @for problem in &a.problems {
                            li {
                                @for (i, line) in problem.to_string().lines().enumerate() {
                                    @if i > 0 { br; }
                                    (line)
                                }
                            }
                        }
                    }
                }
                p.cite { "rules " (stamp) }
                script {}
            }
        }
    };
    super::html_page(markup, STYLE, Some(SCRIPT))
}
