//! `peercert check`: the four example records in every format, standard input,
//! choosing the credential, and rule folders given with `--rules`.

use crate::support::{AS_OF, Run, check, peercert, relative};

// The examples in the README, each in text, JSON and Markdown.

#[test]
fn eligible_text() {
    insta::assert_snapshot!(check("examples/eligible.toml", &[]));
}

#[test]
fn eligible_json() {
    insta::assert_snapshot!(check("examples/eligible.toml", &["--format", "json"]));
}

#[test]
fn eligible_markdown() {
    insta::assert_snapshot!(check("examples/eligible.toml", &["--format", "markdown"]));
}

#[test]
fn ethics_short_text() {
    insta::assert_snapshot!(check("examples/ethics-short.toml", &[]));
}

#[test]
fn ethics_short_json() {
    insta::assert_snapshot!(check("examples/ethics-short.toml", &["--format", "json"]));
}

#[test]
fn ethics_short_markdown() {
    insta::assert_snapshot!(check(
        "examples/ethics-short.toml",
        &["--format", "markdown"]
    ));
}

#[test]
fn renewal_due_text() {
    insta::assert_snapshot!(check("examples/renewal-due.toml", &[]));
}

#[test]
fn renewal_due_json() {
    insta::assert_snapshot!(check("examples/renewal-due.toml", &["--format", "json"]));
}

#[test]
fn renewal_due_markdown() {
    insta::assert_snapshot!(check(
        "examples/renewal-due.toml",
        &["--format", "markdown"]
    ));
}

#[test]
fn lapsed_text() {
    insta::assert_snapshot!(check("examples/lapsed.toml", &[]));
}

#[test]
fn lapsed_json() {
    insta::assert_snapshot!(check("examples/lapsed.toml", &["--format", "json"]));
}

#[test]
fn lapsed_markdown() {
    insta::assert_snapshot!(check("examples/lapsed.toml", &["--format", "markdown"]));
}

// The valid twin of every bad fixture record loads and answers.

#[test]
fn good_fixture_record() {
    insta::assert_snapshot!(check("tests/fixtures/records/good.toml", &[]));
}

// Standard input.

#[test]
fn record_from_stdin() {
    insta::assert_snapshot!(
        Run::new(&["check", "-", "--as-of", AS_OF])
            .stdin_file("examples/renewal-due.toml")
            .output()
    );
}

// Which credential.

#[test]
fn credential_named_explicitly() {
    insta::assert_snapshot!(check("examples/eligible.toml", &["--credential", "pa/crs"]));
}

#[test]
fn credential_unknown_with_a_close_match() {
    insta::assert_snapshot!(check(
        "examples/eligible.toml",
        &["--credential", "nj/cprz"]
    ));
}

#[test]
fn credential_unknown_with_nothing_close() {
    insta::assert_snapshot!(check(
        "examples/eligible.toml",
        &["--credential", "zz/peer"]
    ));
}

#[test]
fn record_with_two_credentials_needs_one_chosen() {
    insta::assert_snapshot!(
        Run::new(&["check", "-", "--as-of", AS_OF])
            .stdin(
                TWO_CREDENTIALS,
                "(a record that holds nj/cprs and pursues pa/crs)"
            )
            .output()
    );
}

const TWO_CREDENTIALS: &str = r#"[worker]
id = "W-0003"
name = "Sam Lee"
pursuing = ["pa/crs"]

[[credential]]
id = "nj/cprs"
issued = 2025-03-01
expires = 2027-03-01
"#;

#[test]
fn record_with_no_credential_needs_one_chosen() {
    insta::assert_snapshot!(
        Run::new(&["check", "-", "--as-of", AS_OF])
            .stdin(
                "[worker]\nid = \"W-0001\"\nname = \"Sam Lee\"\n",
                "(a record with only [worker])"
            )
            .output()
    );
}

// Editions: the rules in force on the `--as-of` date decide.

const PA_2020: &str = "tests/fixtures/records/pa_2020_applicant.toml";

#[test]
fn edition_of_2019_needs_54_hours() {
    insta::assert_snapshot!(Run::new(&["check", PA_2020, "--as-of", "2020-06-01"]).output());
}

#[test]
fn edition_of_2021_needs_78_hours() {
    insta::assert_snapshot!(check(PA_2020, &[]));
}

#[test]
fn as_of_before_the_earliest_edition() {
    insta::assert_snapshot!(Run::new(&["check", PA_2020, "--as-of", "2019-11-30"]).output());
}

// `--rules DIR`: an agency's own credential, built on nj/cprs.

const AGENCY_RULES: &str = "tests/fixtures/rules/good";

#[test]
fn agency_credential_needs_its_rules() {
    insta::assert_snapshot!(check("tests/fixtures/records/acme_worker.toml", &[]));
}

/// Nested `any_of` rows keep a gap between id and progress.
#[test]
fn agency_credential_text() {
    insta::assert_snapshot!(check(
        "tests/fixtures/records/acme_worker.toml",
        &["--rules", AGENCY_RULES, "--credential", "acme/peer"]
    ));
}

#[test]
fn agency_credential_markdown() {
    insta::assert_snapshot!(check(
        "tests/fixtures/records/acme_worker.toml",
        &[
            "--rules",
            AGENCY_RULES,
            "--credential",
            "acme/peer",
            "--format",
            "markdown"
        ]
    ));
}

#[test]
fn agency_credential_json() {
    insta::assert_snapshot!(check(
        "tests/fixtures/records/acme_worker.toml",
        &[
            "--rules",
            AGENCY_RULES,
            "--credential",
            "acme/peer",
            "--format",
            "json"
        ]
    ));
}

#[test]
fn agency_credential_in_grace_text() {
    insta::assert_snapshot!(check(
        "tests/fixtures/records/acme_grace.toml",
        &["--rules", AGENCY_RULES, "--credential", "acme/peer"]
    ));
}

#[test]
fn agency_credential_in_grace_json() {
    insta::assert_snapshot!(check(
        "tests/fixtures/records/acme_grace.toml",
        &[
            "--rules",
            AGENCY_RULES,
            "--credential",
            "acme/peer",
            "--format",
            "json"
        ]
    ));
}

/// An agency overlay of a state credential: the worker holds `nj/cprs`, and the
/// agency's extra renewal requirement is checked with the state's.
#[test]
fn agency_overlay_of_a_state_credential() {
    insta::assert_snapshot!(check(
        "tests/fixtures/records/acme_cprs_worker.toml",
        &[
            "--rules",
            "tests/fixtures/rules/overlay",
            "--credential",
            "acme/cprs"
        ]
    ));
}

/// Records for shipped credentials, each showing one shape a board uses (a provisional
/// period, a birthday or calendar-year cycle, a CE waiver, a cadence longer than the
/// cycle, a due date with a late fee, nested topic minimums, an alternative path, an
/// edition boundary to the day, a shared exam pass mark). The first line of each says
/// how to check it: `# check --as-of DATE [--credential ID]`.
#[test]
fn shipped_credentials() {
    insta::glob!("../fixtures/shipped", "*.toml", |path| {
        let record = relative(path);
        let text = std::fs::read_to_string(path).unwrap();
        let first = text.lines().next().unwrap();
        let args: Vec<&str> = first
            .strip_prefix("# check ")
            .expect("first line: # check --as-of DATE")
            .split_whitespace()
            .collect();
        let mut all = vec!["check", record.as_str()];
        all.extend(args);
        insta::assert_snapshot!(peercert(&all));
    });
}
