use std::sync::LazyLock;

use super::*;
use crate::Library;
use crate::ruleset::RuleSet;

static LIBRARY: LazyLock<Library> = LazyLock::new(|| Library::embedded().unwrap());

const COMMENTED: &str = include_str!("../../../tests/fixtures/layout/commented.toml");

fn fmt(text: &str) -> String {
    format(&Source::new("r.toml", text)).unwrap()
}

/// Every comment of a text, trimmed, sorted: the same whatever the layout.
fn comments(text: &str) -> Vec<String> {
    let mut found: Vec<String> = text
        .lines()
        .filter_map(|line| line.find('#').map(|at| line[at..].trim().to_owned()))
        .collect();
    found.sort();
    found
}

/// What a rule file means: the rule set it reads to, as JSON.
fn meaning(text: &str) -> serde_json::Value {
    let ruleset = RuleSet::parse(&Source::new("r.toml", text), LIBRARY.topics()).unwrap();
    serde_json::to_value(&ruleset).unwrap()
}

#[test]
fn a_file_out_of_order_is_laid_out_canonically() {
    insta::assert_snapshot!(fmt(COMMENTED));
}

#[test]
fn every_comment_is_kept() {
    let formatted = fmt(COMMENTED);
    assert_eq!(comments(COMMENTED).len(), 21);
    assert_eq!(comments(&formatted), comments(COMMENTED));
}

#[test]
fn the_layout_never_changes_what_the_file_means() {
    let formatted = fmt(COMMENTED);
    assert_ne!(formatted, COMMENTED);
    assert_eq!(meaning(&formatted), meaning(COMMENTED));
}

#[test]
fn formatting_twice_changes_nothing() {
    let once = fmt(COMMENTED);
    assert_eq!(fmt(&once), once);
}

#[test]
fn no_line_ends_in_whitespace_and_the_file_ends_in_one_line_break() {
    let formatted = fmt(COMMENTED);
    assert!(formatted.lines().all(|l| l == l.trim_end()), "{formatted}");
    assert!(formatted.ends_with("\n") && !formatted.ends_with("\n\n"));
    assert!(!formatted.contains("\n\n\n"));
}

/// Keys a newer peercert knows (or a typo) are never dropped: they follow the known
/// keys of their table, in the order they were written.
#[test]
fn unknown_keys_are_kept_after_the_known_ones_in_their_order() {
    let text = "\
zeta = 1
id = \"xx/p\"
alpha = 2

[[edition]]
effective = 2020-01-01

[edition.renewal]
grace_weeks = 6 # new
citation = \"c\"
late_terms = \"published\"
cycle_months = 24
confidence = \"board\"

[edition.renewal.window]
days = 3
";
    assert_eq!(
        fmt(text),
        "\
id = \"xx/p\"
zeta = 1
alpha = 2

[[edition]]
effective = 2020-01-01

[edition.renewal]
cycle_months = 24
citation = \"c\"
confidence = \"board\"
grace_weeks = 6 # new
late_terms = \"published\"

[edition.renewal.window]
days = 3
"
    );
}

#[test]
fn a_requirement_s_keys_follow_its_kind() {
    let text = "\
[[edition]]
effective = 2020-01-01

[[edition.initial.requirement]]
confidence = \"board\"
min_score = 500
description = \"d\"
exam = \"icrc-pr\"
kind = \"exam\"
id = \"exam\"
citation = \"c\"
";
    assert_eq!(
        fmt(text),
        "\
[[edition]]
effective = 2020-01-01

[[edition.initial.requirement]]
id = \"exam\"
kind = \"exam\"
exam = \"icrc-pr\"
min_score = 500
description = \"d\"
citation = \"c\"
confidence = \"board\"
"
    );
}

/// An empty `[edition.renewal]` is kept: in a rule set of its own it is an error to
/// fix, not a table to drop.
#[test]
fn an_empty_table_written_with_a_header_keeps_it() {
    let text = "[[edition]]\neffective = 2020-01-01\n[edition.renewal]\n";
    assert_eq!(
        fmt(text),
        "[[edition]]\neffective = 2020-01-01\n\n[edition.renewal]\n"
    );
}

#[test]
fn a_file_that_is_not_toml_is_an_error_with_its_place() {
    let error = format(&Source::new("r.toml", "id = \"xx/p\"\nname = \n")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "error: string values must be quoted, expected literal string\n --> r.toml:2:8\n  |\n2 | name = \n  |        ^"
    );
}

#[test]
fn the_left_out_list_is_read_from_the_opening_comment() {
    assert_eq!(
        left_out(COMMENTED),
        Some(vec![
            "The exam fee: not published. Continued on a second line.".to_owned(),
            "Nothing else.".to_owned(),
        ])
    );
}

#[test]
fn the_left_out_list_ends_with_its_items() {
    let text = "\
# Title
#
# Left out, because the pages read do not state them:
# - one;
#   still one
#
# - two
#
# How it is modelled:
# - not left out
id = \"x\"
";
    assert_eq!(
        left_out(text),
        Some(vec!["one; still one".to_owned(), "two".to_owned()])
    );
    assert_eq!(
        left_out("# Title\n#\n# Modelled:\n# - x\nid = \"x\"\n"),
        None
    );
    assert_eq!(left_out("id = \"x\"\n# Left out:\n# - x\n"), None);
}

/// A file saved with Windows line breaks is laid out with `\n` only, meaning the same.
#[test]
fn windows_line_breaks_become_line_feeds() {
    let crlf = COMMENTED.replace('\n', "\r\n");
    let formatted = fmt(&crlf);
    assert!(!formatted.contains('\r'));
    assert_eq!(formatted, fmt(COMMENTED));
    assert_eq!(meaning(&formatted), meaning(&crlf));
}
