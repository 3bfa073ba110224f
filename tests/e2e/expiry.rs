//! After expiry, board by board: a credential in grace, an inactive one (Georgia: it
//! may be reactivated), a lapsed one, and one whose board publishes no terms after
//! expiry, each as `check`, `plan` and in one `audit` (issue 11). All on 2026-02-20.

use crate::support::peercert;

const AS_OF: &str = "2026-02-20";

fn run(command: &str, record: &str, extra: &[&str]) -> String {
    let path = format!("tests/fixtures/expiry/{record}.toml");
    let mut args = vec![command, path.as_str(), "--as-of", AS_OF];
    args.extend_from_slice(extra);
    peercert(&args)
}

#[test]
fn check_in_grace() {
    insta::assert_snapshot!(run("check", "ga-grace", &[]));
}

#[test]
fn check_inactive() {
    insta::assert_snapshot!(run("check", "ga-inactive", &[]));
    insta::assert_snapshot!(run("check", "ga-inactive", &["--format", "json"]));
}

#[test]
fn check_lapsed_after_the_inactive_period() {
    insta::assert_snapshot!(run("check", "ga-lapsed", &[]));
}

#[test]
fn check_terms_not_published() {
    insta::assert_snapshot!(run("check", "nj-not-published", &[]));
    insta::assert_snapshot!(run("check", "nj-not-published", &["--format", "markdown"]));
}

#[test]
fn plan_in_grace() {
    insta::assert_snapshot!(run("plan", "ga-grace", &[]));
}

#[test]
fn plan_inactive() {
    insta::assert_snapshot!(run("plan", "ga-inactive", &[]));
    insta::assert_snapshot!(run("plan", "ga-inactive", &["--format", "json"]));
}

#[test]
fn plan_lapsed() {
    insta::assert_snapshot!(run("plan", "ga-lapsed", &[]));
}

#[test]
fn plan_terms_not_published() {
    insta::assert_snapshot!(run("plan", "nj-not-published", &[]));
}

#[test]
fn audit_tells_inactive_lapsed_and_not_published_apart() {
    let folder = "tests/fixtures/expiry";
    let table = peercert(&["audit", folder, "--as-of", AS_OF]);
    // The largest-gap column wraps (`cares-academy-connect` after a hyphen) and every
    // line fits 80 columns.
    let stdout = table.split("--- stdout\n").nth(1).unwrap();
    let stdout = stdout.split("--- stderr").next().unwrap();
    assert!(stdout.lines().all(|line| line.chars().count() <= 80));
    assert!(stdout.contains("6 h of cares-\n"));
    insta::assert_snapshot!(table);
    insta::assert_snapshot!(peercert(&[
        "audit", folder, "--as-of", AS_OF, "--format", "json"
    ]));
    insta::assert_snapshot!(peercert(&[
        "audit", folder, "--as-of", AS_OF, "--format", "csv"
    ]));
}

/// An expired row says what must be done, in the HTML report's sections too, and
/// never that every requirement is met.
#[test]
fn audit_html_says_what_an_expired_row_must_do() {
    let page = peercert(&[
        "audit",
        "tests/fixtures/expiry",
        "--as-of",
        AS_OF,
        "--format",
        "html",
    ]);
    assert!(!page.contains("Every requirement is met."));
    let todo: Vec<&str> = page
        .split("<p class=\"action\"><strong>To do: ")
        .skip(1)
        .filter_map(|part| part.split(".</strong>").next())
        .collect();
    assert_eq!(
        todo,
        [
            "reactivate by 2027-02-28, reinstatement fee $100.00",
            "re-apply",
            "ask the board or re-apply",
            "renew late by 2026-02-28, late fees $25.00",
        ]
    );
    assert_eq!(
        page.matches("<p>Unmet for the new application:</p>")
            .count(),
        2
    );
}
