//! Hostile folders (issue 13, point 1): `audit`, `rules check` and `--rules DIR`
//! walk a folder with symbolic link loops, links out of it, two links to one file, a
//! named pipe, a socket and a device, reading each file once and opening no special
//! file; a folder with nothing to read is an error.
//!
//! Every run has a deadline: a walker that opened the named pipe would wait for a
//! writer forever, and is killed and failed instead.

use std::path::Path;
use std::time::Duration;

use crate::support::{AS_OF, Run, TempDir, workspace};

/// Long enough for a loaded machine, short enough to fail rather than hang.
const DEADLINE: Duration = Duration::from_secs(60);

#[cfg(unix)]
fn link(target: &str, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

fn example(name: &str) -> String {
    std::fs::read_to_string(workspace().join("examples").join(name)).unwrap()
}

/// `peercert ARGS…` run in `dir`, with the deadline.
fn run_in(dir: &TempDir, args: &[&str]) -> String {
    Run::new(args)
        .current_dir(dir.path())
        .deadline(DEADLINE)
        .output()
}

/// `recs/`: three records, each reached once whatever the links, and everything a
/// walk must pass over. The socket is bound as long as the listener lives.
#[cfg(unix)]
fn hostile_folder(dir: &TempDir) -> std::os::unix::net::UnixListener {
    let recs = dir.path().join("recs");
    std::fs::create_dir_all(recs.join("a")).unwrap();
    std::fs::create_dir_all(dir.path().join("outside/shared")).unwrap();
    dir.write("recs/a/eligible.toml", example("eligible.toml"));
    dir.write("outside/lapsed.toml", example("lapsed.toml"));
    dir.write(
        "outside/shared/renewal-due.toml",
        example("renewal-due.toml"),
    );
    // A loop back to `recs`, and one two folders deep.
    link("..", &recs.join("a/back"));
    std::fs::create_dir_all(recs.join("l/m")).unwrap();
    link("..", &recs.join("l/m/up"));
    // Two links to one record, beside the record's own folder.
    link("a/eligible.toml", &recs.join("b1.toml"));
    link("a/eligible.toml", &recs.join("b2.toml"));
    // A link to a record outside the tree, and two to a folder outside it.
    link("../outside/lapsed.toml", &recs.join("c.toml"));
    link("../outside/shared", &recs.join("d1"));
    link("../outside/shared", &recs.join("d2"));
    // A named pipe nobody writes to, a socket and a device, each named like a record.
    mkfifo(&recs.join("pipe.toml"));
    link("/dev/zero", &recs.join("zero.toml"));
    dir.write("recs/.hidden.toml", "not read");
    dir.write("recs/notes.md", "not read");
    std::os::unix::net::UnixListener::bind(recs.join("socket.toml")).unwrap()
}

/// Each record is audited once (two links to one file are no "claimed twice"), the
/// loops are not followed, and the pipe, the socket and the device are noted, never
/// opened; the count of what was skipped ends the notes.
#[cfg(unix)]
#[test]
fn audit_reads_each_file_once_and_opens_no_special_file() {
    let dir = TempDir::new("folders-audit");
    let _socket = hostile_folder(&dir);
    insta::assert_snapshot!(run_in(&dir, &["audit", "recs", "--as-of", AS_OF]));
}

/// `--verbose` lists every file skipped, one a line, with why.
#[cfg(unix)]
#[test]
fn audit_verbose_lists_what_was_skipped() {
    let dir = TempDir::new("folders-verbose");
    let _socket = hostile_folder(&dir);
    insta::assert_snapshot!(run_in(
        &dir,
        &[
            "audit",
            "recs",
            "--as-of",
            AS_OF,
            "--verbose",
            "--format",
            "csv"
        ]
    ));
}

/// A folder with no record, only files that are skipped: exit 2, not an empty report.
#[cfg(unix)]
#[test]
fn audit_of_a_folder_with_no_records_is_an_error() {
    let dir = TempDir::new("folders-empty");
    std::fs::create_dir_all(dir.path().join("recs/.git")).unwrap();
    dir.write("recs/README.md", "records go here");
    dir.write("recs/.draft.toml", "not read");
    mkfifo(&dir.path().join("recs/pipe.toml"));
    std::fs::create_dir_all(dir.path().join("nothing")).unwrap();
    insta::assert_snapshot!(run_in(
        &dir,
        &["audit", "recs", "nothing", "--as-of", AS_OF]
    ));
}

/// `rules check` walks a folder as `audit` does; a folder with no rule file is an
/// error.
#[cfg(unix)]
#[test]
fn rules_check_walks_like_audit() {
    let dir = TempDir::new("folders-rules");
    let rules = dir.path().join("rules");
    std::fs::create_dir_all(rules.join("agency")).unwrap();
    dir.write(
        "rules/agency/acme-peer.toml",
        std::fs::read(workspace().join("tests/fixtures/rules/good/acme-peer.toml")).unwrap(),
    );
    link("agency/acme-peer.toml", &rules.join("again.toml"));
    link("..", &rules.join("agency/loop"));
    mkfifo(&rules.join("pipe.toml"));
    dir.write("rules/README.md", "agency rules");
    insta::assert_snapshot!(run_in(&dir, &["rules", "check", "rules"]));
    insta::assert_snapshot!(run_in(&dir, &["rules", "check", "rules", "--verbose"]));
    // `--rules DIR` notes the pipe and reads the rule file once (a second reading
    // would be a duplicate credential id).
    insta::assert_snapshot!(run_in(
        &dir,
        &[
            "rules",
            "show",
            "acme/peer",
            "--rules",
            "rules",
            "--as-of",
            AS_OF
        ]
    ));
    std::fs::create_dir_all(dir.path().join("empty/.hidden")).unwrap();
    dir.write("empty/.hidden/x.toml", "not read");
    dir.write("empty/topics.txt", "not read");
    insta::assert_snapshot!(run_in(&dir, &["rules", "check", "empty"]));
}
