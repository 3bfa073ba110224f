//! The evidence packet as one self-contained HTML page: inline style, no script, no
//! resource from elsewhere (a Content-Security-Policy forbids any), made to print on
//! US Letter: each requirement's block is kept on one page where it fits, each
//! credential starts a page, pages are numbered, and nothing depends on colour (met
//! and unmet are said in words and marked by the weight of a rule). Every user string
//! goes through maud, which escapes it.

use maud::{DOCTYPE, Markup, html};
use peercert_core::packet::{Packet, PacketEntry, PacketRequirement, Section};

use super::packet::{
    NO_CREDENTIAL, colophon, counted, entry_place, facts, measures, name, or_dash, payments_total,
    source, status, subtitle, title,
};
use super::{confidence_mark, place, refund_terms, verdict};

const STYLE: &str = r#"
@page { size: Letter; margin: 0.6in 0.6in 0.7in; @bottom-center { content: "Page " counter(page) " of " counter(pages); font: 8pt system-ui, sans-serif; color: #444; } }
* { box-sizing: border-box; }
body { font: 14px/1.4 system-ui, "Helvetica Neue", Arial, sans-serif; color: #111; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 .2rem; }
h2 { font-size: 1.25rem; margin: 1.4rem 0 .3rem; border-bottom: 2px solid #111; padding-bottom: .15rem; }
h3 { font-size: 1.05rem; margin: 1.1rem 0 .4rem; }
h4 { font-size: 1rem; margin: 0 0 .2rem; }
.sub { margin: 0 0 1rem; color: #333; }
.verdict { font-size: 1.05rem; margin: .4rem 0 .6rem; }
.verdict strong { letter-spacing: .03em; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: 0 0 .8rem; }
dl.facts dt { font-weight: 600; }
code { font: .95em ui-monospace, "DejaVu Sans Mono", monospace; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.note { border-left: 3px solid #555; padding-left: .6rem; margin: .4rem 0; }
.requirement { break-inside: avoid; page-break-inside: avoid; border: 1px solid #888; border-left-width: 2px; padding: .45rem .6rem; margin: 0 0 .6rem; }
.requirement.unmet { border-left: 6px solid #111; }
.requirement .requirement { margin: .5rem 0 0; }
.status { font-size: .8rem; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; border: 1px solid #111; padding: 0 .3rem; margin-left: .4rem; white-space: nowrap; }
.unmet > h4 .status { background: #111; color: #fff; }
.measures { margin: 0 0 .2rem; font-variant-numeric: tabular-nums; }
.explanation { margin: 0 0 .3rem; }
.cite { margin: .3rem 0 0; font-size: .85rem; color: #333; overflow-wrap: anywhere; }
.none { margin: .2rem 0; font-style: italic; }
table { border-collapse: collapse; width: 100%; margin: .2rem 0 .4rem; font-size: .85em; table-layout: fixed; }
caption { text-align: left; font-weight: 600; padding: .1rem 0; }
th, td { text-align: left; vertical-align: top; padding: .15rem .3rem; border-bottom: 1px solid #bbb; overflow-wrap: break-word; }
td.nowrap, td.money { white-space: nowrap; }
td small { display: block; font-size: .9em; color: #333; }
col.date { width: 12.5%; } col.title { width: 19%; } col.provider { width: 13%; } col.hours { width: 7.5%; }
col.why { width: 22%; } col.cert { width: 16%; } col.entry { width: 10%; }
col.fee { width: 13%; } col.money { width: 11%; } col.refund { width: 17%; } col.source { width: 37%; }
col.pay-date { width: 18%; } col.pay-for { width: 22%; } col.pay-amount { width: 18%; } col.pay-entry { width: 42%; }
thead th { border-bottom: 1.5px solid #111; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { border-top: 1.5px solid #111; font-weight: 600; }
table.not-counted td { font-style: italic; }
section.credential + section.credential { break-before: page; page-break-before: always; }
.fees { break-inside: avoid; page-break-inside: avoid; }
footer { break-inside: avoid; page-break-inside: avoid; margin-top: 1.2rem; border-top: 1px solid #888; padding-top: .3rem; font-size: .8rem; color: #333; }
@media print {
  body { font-size: 10pt; margin: 0; max-width: none; padding: 0; }
  dl.facts { font-size: .9em; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
}
"#;

/// The whole page.
pub fn page(p: &Packet) -> String {
    let markup = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta http-equiv="Content-Security-Policy"
                    content="default-src 'none'; style-src 'unsafe-inline'";
                title { (title(p)) }
                style {}
            }
            body {
                header {
                    h1 { (title(p)) }
                    p.sub { (subtitle(p)) }
                }
                @if p.sections.is_empty() {
                    p.none { (NO_CREDENTIAL) }
                }
                @for s in &p.sections {
                    (section(s))
                }
                footer { p { (colophon(p)) } }
            }
        }
    };
    super::html_page(markup, STYLE, None)
}

fn section(s: &Section) -> Markup {
    html! {
        section.credential {
            h2 { (s.credential.name) " (" (s.credential.id) ")" }
            p.verdict { strong { (verdict(s.outcome)) } ": " (sentence(&s.summary)) }
            dl.facts {
                @for (label, value) in facts(s) {
                    dt { (label) }
                    dd { (value) }
                }
            }
            @for note in &s.notes {
                p.note { (note) }
            }
            h3 { "Requirements" }
            @for r in &s.requirements {
                (requirement(r))
            }
            div.fees {
                h3 { "Fees" }
                @if s.costs.is_empty() {
                    p.none { "No fee is owed on this date." }
                } @else {
                    table {
                        colgroup { col.fee; col.money; col.money; col.money; col.refund; col.source; }
                        thead { tr {
                            th { "Fee" } th.num { "Amount" } th.num { "Paid" } th.num { "Owed" }
                            th { "Refund" } th { "Source" }
                        } }
                        tbody {
                            @for c in &s.costs {
                                tr {
                                    td { (c.kind.as_str()) }
                                    td.num.money { (c.amount_text()) }
                                    td.num.money { (c.paid.to_string()) }
                                    td.num.money { (c.owed.to_string()) }
                                    td { (refund_terms(c.refundable, c.waived)) }
                                    td { (c.citation) (confidence_mark(c.confidence)) }
                                }
                            }
                            tr.total {
                                td { "Total" }
                                td.num.money { (s.total.amount.to_string()) }
                                td.num.money { (s.total.paid.to_string()) }
                                td.num.money { (s.total.owed.to_string()) }
                                td {} td {}
                            }
                        }
                    }
                }
                h3 { "Payments on record" }
                @if s.payments.is_empty() {
                    p.none { "None." }
                } @else {
                    table {
                        colgroup { col.pay-date; col.pay-for; col.pay-amount; col.pay-entry; }
                        thead { tr { th { "Date" } th { "For" } th.num { "Amount" } th { "Entry" } } }
                        tbody {
                            @for pay in &s.payments {
                                tr {
                                    td.nowrap { (pay.date.to_string()) }
                                    td { (pay.kind.as_str()) }
                                    td.num { (pay.amount.to_string()) }
                                    td { "payment, " (place(pay.place)) }
                                }
                            }
                            tr.total {
                                td {} td { "Total" } td.num { (payments_total(s).to_string()) } td {}
                            }
                        }
                    }
                }
            }
        }
    }
}

fn requirement(r: &PacketRequirement) -> Markup {
    html! {
        div class=(if r.is_met() { "requirement met" } else { "requirement unmet" }) {
            h4 {
                (if r.is_met() { "✓ " } else { "✗ " })
                (name(r))
                span.status { (status(r)) }
            }
            p.measures { (measures(r)) }
            p.explanation { (sentence(&r.explanation)) }
            @if !r.counted.is_empty() {
                (entries(&r.counted, "Counted", "Counted", false))
            }
            @if !r.not_counted.is_empty() {
                (entries(&r.not_counted, "Did not count", "Why not", true))
            }
            @if r.counted.is_empty() && r.not_counted.is_empty() && r.options.is_empty() {
                p.none { "No record entry bears on it." }
            }
            p.cite { "Source: " (source(r)) }
            @for option in &r.options {
                (requirement(option))
            }
        }
    }
}

fn entries(list: &[PacketEntry], caption: &str, last: &str, not_counted: bool) -> Markup {
    html! {
        table class=[not_counted.then_some("not-counted")] {
            caption { (caption) }
            colgroup { col.date; col.title; col.provider; col.hours; col.why; col.cert; col.entry; }
            thead { tr {
                th { "Date" } th { "Title" } th { "Provider" } th.num { "Hours" }
                th { (last) } th { "Certificate" } th { "Entry" }
            } }
            tbody {
                @for e in list {
                    tr {
                        td.nowrap { (e.date.to_string()) }
                        td { (e.title) }
                        td { (or_dash(e.provider.as_ref())) }
                        td.num {
                            (or_dash(e.hours))
                            @if let Some(format) = e.format { small { (format.as_str()) } }
                        }
                        td {
                            @if not_counted {
                                @if let Some(cause) = e.cause { strong { (cause.label()) } ": " }
                                (or_dash(e.why.as_ref()))
                            } @else { (counted(e)) }
                        }
                        td.nowrap { (or_dash(e.certificate.as_ref())) }
                        td { (entry_place(e)) }
                    }
                }
            }
        }
    }
}

/// A sentence written by the core, whose only markup is `code` around ids: those
/// become `code` elements, and everything is escaped.
fn sentence(text: &str) -> Markup {
    html! {
        @for (i, part) in text.split('`').enumerate() {
            @if i % 2 == 1 { code { (part) } } @else { (part) }
        }
    }
}
