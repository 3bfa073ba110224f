//! Bad input: every mistake in a record gets one clear error naming the file, line
//! and column, what was found and what was expected, exit code 2, and no answer.
//!
//! `tests/fixtures/records/good.toml` is a valid record; each `*_bad.toml` beside
//! it is that file with exactly one mistake, and gets its own snapshot.

use crate::support::{AS_OF, Run, TempDir, check, relative};

#[test]
fn bad_records() {
    insta::glob!("../fixtures/records", "*_bad.toml", |path| {
        insta::assert_snapshot!(check(&relative(path), &[]));
    });
}

#[test]
fn every_problem_in_a_file_is_reported() {
    insta::assert_snapshot!(check("tests/fixtures/records/several_mistakes.toml", &[]));
}

/// A value of the wrong type (a string for a boolean) hides no other problem of the
/// file: each entry is read on its own. Regression test of issue 13, point 6.
#[test]
fn a_type_error_hides_no_other_problem() {
    insta::assert_snapshot!(check(
        "tests/fixtures/records/type_error_and_others.toml",
        &[]
    ));
}

#[test]
fn bad_record_on_stdin() {
    insta::assert_snapshot!(
        Run::new(&["check", "-", "--as-of", AS_OF])
            .stdin_file("tests/fixtures/records/unknown_topic_bad.toml")
            .output()
    );
}

#[test]
fn missing_record_file() {
    insta::assert_snapshot!(check("tests/fixtures/records/no-such-record.toml", &[]));
}

/// A record saved in Latin-1: `é` is the single byte 0xE9, not UTF-8.
const LATIN1: &[u8] = b"[worker]\nid = \"W-0002\"\nname = \"Jos\xe9 Garc\xeda\"\n";

#[test]
fn record_that_is_not_utf8() {
    let dir = TempDir::new("latin1");
    dir.write("latin1.toml", LATIN1);
    insta::assert_snapshot!(
        Run::new(&["check", "latin1.toml", "--as-of", AS_OF])
            .current_dir(dir.path())
            .output()
    );
}

#[test]
fn stdin_that_is_not_utf8() {
    insta::assert_snapshot!(
        Run::new(&["check", "-", "--as-of", AS_OF])
            .stdin(LATIN1, "(a Latin-1 record)")
            .output()
    );
}

/// A valid record padded with a comment to one byte over 4 MiB.
fn huge_record() -> Vec<u8> {
    let mut bytes =
        std::fs::read(crate::support::workspace().join("examples/eligible.toml")).unwrap();
    bytes.extend_from_slice(b"# ");
    let limit = 4 * 1024 * 1024 + 1;
    bytes.resize(limit - 1, b'x');
    bytes.push(b'\n');
    assert_eq!(bytes.len(), limit);
    bytes
}

#[test]
fn record_larger_than_4_mib() {
    let dir = TempDir::new("huge");
    dir.write("huge.toml", huge_record());
    insta::assert_snapshot!(
        Run::new(&["check", "huge.toml", "--as-of", AS_OF])
            .current_dir(dir.path())
            .output()
    );
}

#[test]
fn stdin_larger_than_4_mib() {
    insta::assert_snapshot!(
        Run::new(&["check", "-", "--as-of", AS_OF])
            .stdin(huge_record(), "(4 MiB + 1 byte)")
            .output()
    );
}

/// A file too large, a file not UTF-8, a path that is no file (a folder named
/// `*.toml`) and two rule files defining one credential: every command that reads
/// them says so in one line labelled `error:` once, with the library's own words.
/// Regression test of issue 13, point 6.
#[test]
fn every_command_labels_a_file_it_cannot_read_once() {
    let dir = TempDir::new("unreadable");
    dir.write("huge.toml", huge_record());
    dir.write("latin1.toml", LATIN1);
    std::fs::create_dir(dir.path().join("folder.toml")).unwrap();
    let rule_set =
        std::fs::read(crate::support::workspace().join("tests/fixtures/rules/good/acme-peer.toml"))
            .unwrap();
    std::fs::create_dir(dir.path().join("dup")).unwrap();
    dir.write("dup/a.toml", &rule_set);
    dir.write("dup/b.toml", &rule_set);
    for (folder, name, bytes) in [
        ("huge-rules", "huge.toml", huge_record()),
        ("latin1-rules", "latin1.toml", LATIN1.to_vec()),
        ("records", "huge.toml", huge_record()),
    ] {
        std::fs::create_dir_all(dir.path().join(folder)).unwrap();
        dir.write(&format!("{folder}/{name}"), bytes);
    }
    dir.write("records/latin1.toml", LATIN1);
    let eligible =
        std::fs::read(crate::support::workspace().join("examples/eligible.toml")).unwrap();
    dir.write("eligible.toml", eligible);
    let runs: &[&[&str]] = &[
        &["check", "huge.toml", "--as-of", AS_OF],
        &["check", "latin1.toml", "--as-of", AS_OF],
        &["check", "folder.toml", "--as-of", AS_OF],
        &["plan", "huge.toml", "--as-of", AS_OF],
        &["report", "latin1.toml", "--as-of", AS_OF],
        &["log", "folder.toml", "training: 2h ethics \"Ethics\""],
        &["log", "latin1.toml", "training: 2h ethics \"Ethics\""],
        &[
            "plan",
            "eligible.toml",
            "--catalog",
            "huge.toml",
            "--as-of",
            AS_OF,
        ],
        &[
            "plan",
            "eligible.toml",
            "--catalog",
            "latin1.toml",
            "--as-of",
            AS_OF,
        ],
        &[
            "plan",
            "eligible.toml",
            "--catalog",
            "folder.toml",
            "--as-of",
            AS_OF,
        ],
        &["audit", "records", "--as-of", AS_OF],
        &[
            "rules",
            "check",
            "huge.toml",
            "latin1.toml",
            "folder.toml",
            "dup",
        ],
        &["rules", "fmt", "huge.toml", "latin1.toml", "folder.toml"],
        &["rules", "list", "--rules", "dup"],
        &["rules", "list", "--rules", "huge-rules"],
        &["rules", "list", "--rules", "latin1-rules"],
        &["rules", "list", "--rules", "huge.toml"],
        &["check", "eligible.toml", "--rules", "dup", "--as-of", AS_OF],
    ];
    let outputs: Vec<String> = runs
        .iter()
        .map(|args| Run::new(args).current_dir(dir.path()).output())
        .collect();
    let outputs = outputs.join("\n");
    assert!(!outputs.contains("error: error:"), "{outputs}");
    insta::assert_snapshot!(outputs);
}
