//! `peercert rules list` and `peercert rules show`, and rule folders given with
//! `--rules`: a good agency rule set, and `*_bad` twins that each break one thing.

use crate::support::{AS_OF, Run, TempDir, hide_stamps, peercert, relative, workspace};

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
        "2025-12-31",
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
/// page of shipped credentials cannot drift from the rules, its stamp included. After
/// changing a rule file, regenerate it with
/// `cargo run -q -p peercert-cli -- rules list --format markdown --as-of 2026-11-23 > docs/credentials.md`.
#[test]
fn the_page_of_shipped_credentials_is_current() {
    let page = std::fs::read_to_string(workspace().join("docs/credentials.md")).unwrap();
    let expected = format!(
        "$ peercert rules list --format markdown --as-of {AS_OF}\nexit: 0\n--- stdout\n{page}--- stderr\n"
    );
    let actual =
        Run::new(&["rules", "list", "--format", "markdown", "--as-of", AS_OF]).raw_output();
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

/// Every answer names the rules it used by one stamp: the newest `verified` date and
/// 8 hexadecimal digits of a hash of the rule files. The same files give the same
/// stamp wherever they lie; a folder added with `--rules`, or one byte changed in it,
/// gives another. (Other snapshots show it as `[stamp]`.)
#[test]
fn every_answer_names_the_rules_it_used() {
    let stamp_in = |args: &[&str]| {
        let output = Run::new(args).raw_output();
        let found: Vec<&str> = output
            .split(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>')
            .filter(|word| hide_stamps(word) == "[stamp]")
            .collect();
        assert!(!found.is_empty(), "no stamp in {output}");
        assert!(found.iter().all(|s| *s == found[0]), "{output}");
        found[0].to_owned()
    };
    let version = Run::new(&["--version"]).raw_output();
    let shipped = version
        .lines()
        .find_map(|line| line.strip_prefix("rules "))
        .unwrap()
        .to_owned();
    let (verified, hash) = shipped.split_once('+').unwrap();
    assert!(
        chrono::NaiveDate::parse_from_str(verified, "%Y-%m-%d").is_ok(),
        "{shipped}"
    );
    assert_eq!(hash.len(), 8, "{shipped}");
    assert!(
        hash.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    );
    let record = "examples/eligible.toml";
    for args in [
        &["rules", "list"][..],
        &["rules", "list", "--format", "markdown"],
        &["check", record, "--as-of", AS_OF],
        &["check", record, "--as-of", AS_OF, "--format", "json"],
        &["check", record, "--as-of", AS_OF, "--format", "markdown"],
        &["plan", record, "--as-of", AS_OF],
        &["plan", record, "--as-of", AS_OF, "--format", "json"],
        &["plan", record, "--as-of", AS_OF, "--format", "markdown"],
        &["audit", record, "--as-of", AS_OF],
        &["audit", record, "--as-of", AS_OF, "--format", "json"],
        &["audit", record, "--as-of", AS_OF, "--format", "markdown"],
        &["audit", record, "--as-of", AS_OF, "--format", "html"],
    ] {
        assert_eq!(stamp_in(args), shipped, "{args:?}");
    }
    let ics = Run::new(&[
        "plan",
        "examples/ethics-short.toml",
        "--as-of",
        AS_OF,
        "--format",
        "ics",
    ])
    .raw_output()
    .replace("\r\n ", "");
    assert!(ics.contains(&format!("with rules {shipped}.")), "{ics}");

    let good = std::fs::read(workspace().join("tests/fixtures/rules/good/acme-peer.toml")).unwrap();
    let one = TempDir::new("stamp-one");
    let two = TempDir::new("stamp-two");
    one.write("acme.toml", &good);
    two.write("acme.toml", &good);
    let with = |dir: &TempDir| {
        let dir = dir.path().to_string_lossy().into_owned();
        stamp_in(&["rules", "list", "--rules", &dir])
    };
    let added = with(&one);
    assert_ne!(added, shipped);
    assert_eq!(with(&two), added, "the same files in another folder");
    let mut edited = good.clone();
    edited.push(b'\n');
    two.write("acme.toml", &edited);
    let changed = with(&two);
    assert_ne!(changed, added, "one byte changed");
    assert_eq!(
        changed.split_once('+').unwrap().0,
        added.split_once('+').unwrap().0
    );
}

/// A rule file written out of order: `name` before `id`, the renewal's keys shuffled,
/// a comment on each.
const OUT_OF_ORDER: &str = "\
# Acme peer credential
#
# Left out or uncertain:
# - the fee

name = \"Acme Peer\" # shown in answers
id = \"acme/peer\"

[[edition]]
effective = 2025-01-01

# every two years
[edition.renewal]
confidence = \"board\"
cycle_months = 24   
citation = \"Acme policy 3\"
";

/// `OUT_OF_ORDER` in canonical layout.
const CANONICAL: &str = "\
# Acme peer credential
#
# Left out or uncertain:
# - the fee

id = \"acme/peer\"
name = \"Acme Peer\" # shown in answers

[[edition]]
effective = 2025-01-01

# every two years
[edition.renewal]
cycle_months = 24
citation = \"Acme policy 3\"
confidence = \"board\"
";

/// `--check` changes nothing and exits 1 naming the file to format; `fmt` rewrites
/// it in place; `--check` then passes. A folder's `topics.toml` is not a rule file.
#[test]
fn rules_fmt_rewrites_a_file_in_canonical_layout() {
    let dir = TempDir::new("rules-fmt");
    dir.write("peer.toml", OUT_OF_ORDER);
    dir.write("done.toml", CANONICAL);
    dir.write(
        "topics.toml",
        "[[topic]]\nid = \"x\"\ndescription = \"y\"\n",
    );
    let run = |args: &[&str]| Run::new(args).current_dir(dir.path()).output();
    insta::assert_snapshot!(
        "rules_fmt_check_lists",
        run(&["rules", "fmt", "--check", "."])
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("peer.toml")).unwrap(),
        OUT_OF_ORDER
    );
    insta::assert_snapshot!("rules_fmt_rewrites", run(&["rules", "fmt", "."]));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("peer.toml")).unwrap(),
        CANONICAL
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("done.toml")).unwrap(),
        CANONICAL
    );
    insta::assert_snapshot!(
        "rules_fmt_check_passes",
        run(&["rules", "fmt", "--check", "."])
    );
}

/// A file that is not TOML is named with its line and column and left as it is; the
/// other files are still formatted; exit 2.
#[test]
fn rules_fmt_names_the_place_of_a_syntax_error() {
    let dir = TempDir::new("rules-fmt-bad");
    dir.write("bad.toml", "id = \"acme/bad\"\nname = \n");
    dir.write("peer.toml", OUT_OF_ORDER);
    let run = |args: &[&str]| Run::new(args).current_dir(dir.path()).output();
    insta::assert_snapshot!(run(&["rules", "fmt", "bad.toml", "peer.toml"]));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("bad.toml")).unwrap(),
        "id = \"acme/bad\"\nname = \n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("peer.toml")).unwrap(),
        CANONICAL
    );
}

/// Values of the wrong type in the credential's keys, an edition, a fee, a renewal
/// table and two requirements hide no other problem of the file: each part is read
/// on its own, and every problem is reported in file order. A file whose only wrong
/// values are in fees still gets the checks of everything else. Regression test of
/// issue 13, point 6.
#[test]
fn rules_check_reports_every_type_error_at_once() {
    insta::assert_snapshot!(peercert(&[
        "rules",
        "check",
        "tests/fixtures/rules/type_errors"
    ]));
}
