//! `peercert rules list` and `peercert rules show`, and rule folders given with
//! `--rules`: a good agency rule set, and `*_bad` twins that each break one thing.

use crate::support::{AS_OF, peercert, relative};

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
