//! The command line itself: help, version, and usage errors caught by argument parsing.

use crate::support::{check, peercert};

#[test]
fn help() {
    insta::assert_snapshot!(peercert(&["--help"]));
}

#[test]
fn check_help() {
    insta::assert_snapshot!(peercert(&["check", "--help"]));
}

#[test]
fn version() {
    insta::with_settings!({filters => vec![(r"peercert \d+\.\d+\.\d+\S*", "peercert [VERSION]")]}, {
        insta::assert_snapshot!(peercert(&["--version"]));
    });
}

#[test]
fn as_of_that_is_not_a_date() {
    insta::assert_snapshot!(peercert(&[
        "check",
        "examples/eligible.toml",
        "--as-of",
        "2026-13-01"
    ]));
}

#[test]
fn unknown_format() {
    insta::assert_snapshot!(check("examples/eligible.toml", &["--format", "yaml"]));
}

#[test]
fn check_without_a_record() {
    insta::assert_snapshot!(peercert(&["check", "--as-of", "2026-11-23"]));
}

#[test]
fn unknown_command() {
    insta::assert_snapshot!(peercert(&["frobnicate"]));
}

/// A credential id typed on the command line is found in any case, wherever one is
/// asked for, and means the same as the canonical one; a wrong one still gets a
/// did-you-mean, in lowercase.
#[test]
fn credential_ids_are_typed_in_any_case() {
    use crate::support::{AS_OF, Run, TempDir};
    let same = |upper: &[&str], lower: &[&str]| {
        let (a, b) = (peercert(upper), peercert(lower));
        assert_eq!(
            a.split_once('\n').unwrap().1,
            b.split_once('\n').unwrap().1,
            "{upper:?}"
        );
        assert!(a.contains("--- stderr\n") && !a.contains("error"), "{a}");
    };
    same(
        &[
            "check",
            "examples/eligible.toml",
            "--credential",
            "NJ/CPRS",
            "--as-of",
            AS_OF,
        ],
        &[
            "check",
            "examples/eligible.toml",
            "--credential",
            "nj/cprs",
            "--as-of",
            AS_OF,
        ],
    );
    same(
        &[
            "plan",
            "examples/eligible.toml",
            "--credential",
            "Nj/Cprs",
            "--as-of",
            AS_OF,
        ],
        &[
            "plan",
            "examples/eligible.toml",
            "--credential",
            "nj/cprs",
            "--as-of",
            AS_OF,
        ],
    );
    same(
        &[
            "audit",
            "examples/eligible.toml",
            "examples/renewal-due.toml",
            "--credential",
            "PA/CRS",
            "--as-of",
            AS_OF,
        ],
        &[
            "audit",
            "examples/eligible.toml",
            "examples/renewal-due.toml",
            "--credential",
            "pa/crs",
            "--as-of",
            AS_OF,
        ],
    );
    same(
        &["rules", "show", "TX/MHPS", "--as-of", AS_OF],
        &["rules", "show", "tx/mhps", "--as-of", AS_OF],
    );
    same(
        &[
            "rules",
            "diff",
            "PA/CRS",
            "--from",
            "2020-01-01",
            "--to",
            AS_OF,
        ],
        &[
            "rules",
            "diff",
            "pa/crs",
            "--from",
            "2020-01-01",
            "--to",
            AS_OF,
        ],
    );
    let dir = TempDir::new("new-any-case");
    let out = Run::new(&[
        "new",
        "dana.toml",
        "--id",
        "W-9",
        "--name",
        "Dana Cruz",
        "--pursuing",
        "NJ/CPRS",
        "--holds",
        "PA/crs",
        "--issued",
        "2025-02-01",
        "--expires",
        "2027-02-01",
        "--as-of",
        AS_OF,
    ])
    .current_dir(dir.path())
    .output();
    assert!(out.contains("exit: 0\n"), "{out}");
    let written = std::fs::read_to_string(dir.path().join("dana.toml")).unwrap();
    assert!(written.contains("pursuing = [\"nj/cprs\"]\n"), "{written}");
    assert!(written.contains("id = \"pa/crs\"\n"), "{written}");
    assert_eq!(
        peercert(&["rules", "show", "TX/MHPX"]),
        "$ peercert rules show TX/MHPX\nexit: 2\n--- stdout\n--- stderr\n\
         error: unknown credential `TX/MHPX`\n  = help: did you mean `tx/mhps`?\n"
    );
}
