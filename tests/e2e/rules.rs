//! `peercert rules list` and `peercert rules show`, and rule folders given with
//! `--rules`: a good agency rule set, and `*_bad` twins that each break one thing.

use crate::support::{AS_OF, peercert, relative, workspace};

#[test]
fn list() {
    insta::assert_snapshot!(peercert(&["rules", "list"]));
}

#[test]
fn list_json() {
    insta::assert_snapshot!(peercert(&["rules", "list", "--format", "json"]));
}

#[test]
fn list_with_an_agency_folder() {
    insta::assert_snapshot!(peercert(&[
        "rules",
        "list",
        "--rules",
        "tests/fixtures/rules/good"
    ]));
}

#[test]
fn show_pa_crs_first_edition() {
    insta::assert_snapshot!(peercert(&[
        "rules",
        "show",
        "pa/crs",
        "--as-of",
        "2020-06-01"
    ]));
}

#[test]
fn show_pa_crs_current_edition() {
    insta::assert_snapshot!(peercert(&["rules", "show", "pa/crs", "--as-of", AS_OF]));
}

#[test]
fn show_nj_cprs_markdown() {
    insta::assert_snapshot!(peercert(&[
        "rules", "show", "nj/cprs", "--format", "markdown", "--as-of", AS_OF
    ]));
}

#[test]
fn show_agency_credential() {
    insta::assert_snapshot!(peercert(&[
        "rules",
        "show",
        "acme/peer",
        "--rules",
        "tests/fixtures/rules/good",
        "--as-of",
        AS_OF
    ]));
}

#[test]
fn show_unknown_credential() {
    insta::assert_snapshot!(peercert(&["rules", "show", "pa/cr", "--as-of", AS_OF]));
}

#[test]
fn rules_folder_that_does_not_exist() {
    insta::assert_snapshot!(peercert(&[
        "rules",
        "list",
        "--rules",
        "tests/fixtures/rules/no-such-folder"
    ]));
}

/// Each `*_bad` folder holds one rule file with one mistake; `--rules` loads the folder.
#[test]
fn bad_rule_sets() {
    insta::glob!("../fixtures/rules", "*_bad/*.toml", |path| {
        let folder = relative(path.parent().unwrap());
        insta::assert_snapshot!(peercert(&["rules", "list", "--rules", &folder]));
    });
}

#[test]
fn rules_check_accepts_good_files() {
    insta::assert_snapshot!(peercert(&[
        "rules",
        "check",
        "tests/fixtures/rules/good",
        "tests/fixtures/rules/overlay/acme-cprs.toml",
    ]));
}

/// Every problem in every file, not just the first, and exit 2.
#[test]
fn rules_check_reports_every_problem() {
    insta::assert_snapshot!(peercert(&[
        "rules",
        "check",
        "tests/fixtures/rules/unknown_topic_bad",
        "tests/fixtures/rules/min_score_on_hours_bad",
        "tests/fixtures/rules/overlay_loosens_bad",
        "tests/fixtures/rules/good",
    ]));
}

/// Rule sets verified more than 12 months before `--as-of` are marked.
#[test]
fn rules_list_marks_stale_rule_sets() {
    insta::assert_snapshot!(peercert(&["rules", "list", "--as-of", "2028-01-01"]));
}

#[test]
fn check_warns_when_rules_are_stale() {
    insta::assert_snapshot!(peercert(&[
        "check",
        "examples/eligible.toml",
        "--as-of",
        "2028-01-01",
        "--format",
        "json",
    ]));
}

/// Pennsylvania's 2021 change, named from both sides of the effective date.
#[test]
fn rules_diff_across_the_2021_edition() {
    insta::assert_snapshot!(peercert(&[
        "rules",
        "diff",
        "pa/crs",
        "--from",
        "2020-12-31",
        "--to",
        "2021-01-01",
    ]));
}

#[test]
fn rules_diff_json_within_one_edition() {
    insta::assert_snapshot!(peercert(&[
        "rules",
        "diff",
        "pa/crs",
        "--from",
        "2021-01-01",
        "--to",
        "2026-11-23",
        "--format",
        "json",
    ]));
}

#[test]
fn rules_diff_before_the_first_edition() {
    insta::assert_snapshot!(peercert(&[
        "rules",
        "diff",
        "pa/crs",
        "--from",
        "2018-12-31",
        "--to",
        "2021-01-01",
    ]));
}

/// The whole rule set, every edition, as JSON for programs.
#[test]
fn rules_show_json() {
    insta::assert_snapshot!(peercert(&["rules", "show", "pa/crs", "--format", "json"]));
}

/// A folder's own `topics.toml` is loaded before its rule files, by `rules check`
/// as by `--rules`.
#[test]
fn rules_check_loads_a_folders_own_topics() {
    insta::assert_snapshot!(peercert(&[
        "rules",
        "check",
        "tests/fixtures/rules/own_topics",
    ]));
    insta::assert_snapshot!(peercert(&[
        "rules",
        "show",
        "acme/crisis",
        "--rules",
        "tests/fixtures/rules/own_topics",
        "--as-of",
        "2026-11-23",
    ]));
}

/// `docs/credentials.md` is exactly what `rules list --format markdown` prints, so the
/// page of shipped credentials cannot drift from the rules. After changing a rule set,
/// regenerate it with
/// `cargo run -q -p peercert-cli -- rules list --format markdown --as-of 2026-11-23 > docs/credentials.md`.
#[test]
fn the_page_of_shipped_credentials_is_current() {
    let page = std::fs::read_to_string(workspace().join("docs/credentials.md")).unwrap();
    let expected = format!(
        "$ peercert rules list --format markdown --as-of {AS_OF}\nexit: 0\n--- stdout\n{page}--- stderr\n"
    );
    let actual = peercert(&["rules", "list", "--format", "markdown", "--as-of", AS_OF]);
    assert!(
        actual == expected,
        "docs/credentials.md is out of date; regenerate it (see this test's comment)"
    );
}

/// The checklist names a renewal's terms (a fixed expiry date, a CE waiver), when each
/// late fee is owed, and a provisional phase with what must be done during it.
#[test]
fn show_renewal_terms_fee_ladder_and_provisional_phase() {
    insta::assert_snapshot!(peercert(&["rules", "show", "tx/rsps", "--as-of", AS_OF]));
    insta::assert_snapshot!(peercert(&[
        "rules", "show", "ne/cps", "--format", "markdown", "--as-of", AS_OF
    ]));
}
