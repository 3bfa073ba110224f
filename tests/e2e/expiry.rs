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
    insta::assert_snapshot!(peercert(&["audit", folder, "--as-of", AS_OF]));
    insta::assert_snapshot!(peercert(&[
        "audit", folder, "--as-of", AS_OF, "--format", "json"
    ]));
    insta::assert_snapshot!(peercert(&[
        "audit", folder, "--as-of", AS_OF, "--format", "csv"
    ]));
}
