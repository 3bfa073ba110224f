//! Keeping a record: `peercert new` starts one, and never replaces one that exists.

use crate::support::{AS_OF, Run, TempDir};

/// A new record holds what the options say, starts with its two-line header, reads
/// back as a valid record, and the command says where the worker stands.
#[test]
fn new_writes_a_record_and_says_where_the_worker_stands() {
    let dir = TempDir::new("new");
    let out = Run::new(&[
        "new",
        "dana.toml",
        "--id",
        "W-9",
        "--name",
        "Dana Cruz",
        "--pursuing",
        "nj/cprs",
        "--holds",
        "pa/crs",
        "--issued",
        "2025-02-01",
        "--expires",
        "2027-02-01",
        "--as-of",
        AS_OF,
    ])
    .current_dir(dir.path())
    .output();
    let written = std::fs::read_to_string(dir.path().join("dana.toml")).unwrap();
    insta::assert_snapshot!(format!("{out}--- dana.toml\n{written}"));
    let check = Run::new(&[
        "check",
        "dana.toml",
        "--credential",
        "pa/crs",
        "--as-of",
        AS_OF,
    ])
    .current_dir(dir.path())
    .output();
    assert!(check.contains("exit: 1\n"), "{check}");
    assert!(check.contains("RENEWAL DUE"), "{check}");
}

/// An existing file is never replaced: the command refuses and the bytes stay.
#[test]
fn new_refuses_an_existing_file() {
    let dir = TempDir::new("new-exists");
    let before = "# mine\n[worker]\nid = \"W-1\"\nname = \"Ada\"\n";
    dir.write("ada.toml", before);
    let out = Run::new(&["new", "ada.toml", "--id", "W-2", "--name", "Bo"])
        .current_dir(dir.path())
        .output();
    assert_eq!(
        out,
        "$ peercert new ada.toml --id W-2 --name Bo\nexit: 2\n--- stdout\n--- stderr\nerror: `ada.toml` already exists; nothing was written\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("ada.toml")).unwrap(),
        before
    );
}

/// Every option is checked where it was typed, before anything is written.
#[test]
fn new_checks_its_options_before_writing() {
    let dir = TempDir::new("new-bad");
    let run = |args: &[&str]| Run::new(args).current_dir(dir.path()).output();
    insta::assert_snapshot!(run(&[
        "new",
        "bo.toml",
        "--id",
        "W-2",
        "--name",
        "Bo",
        "--pursuing",
        "nj/cprz"
    ]));
    insta::assert_snapshot!(run(&["new", "bo.toml", "--id", "W-2", "--name", "  "]));
    insta::assert_snapshot!(run(&[
        "new",
        "bo.toml",
        "--id",
        "W-2",
        "--name",
        "Bo",
        "--holds",
        "pa/crs",
        "--issued",
        "2027-02-01",
        "--expires",
        "2025-02-01"
    ]));
    insta::assert_snapshot!(run(&[
        "new", "bo.toml", "--id", "W-2", "--name", "Bo", "--holds", "pa/crs"
    ]));
    assert!(!dir.path().join("bo.toml").exists());
}
