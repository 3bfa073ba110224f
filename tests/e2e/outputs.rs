//! Hostile outputs (issue 13, point 2): `--output` and `report -o` write regular
//! files only, through symbolic links, with temporary names of their own, and
//! standard output when asked for by name.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::{AS_OF, Run, TempDir, workspace};

/// Long enough for a loaded machine, short enough to fail rather than hang.
const DEADLINE: Duration = Duration::from_secs(60);

const RECORD: &str = "examples/agency/alex-morgan.toml";

const REPORT: &str = "worker_id,name,credential,outcome,expires,days_left,needs_action,largest_gap,gap_requirement,file,standing\nW-2210,Alex Morgan,pa/crs,renewal-due,2027-02-01,70,yes,3.5 h of ethics,ethics,examples/agency/alex-morgan.toml,open\n";

/// `audit RECORD --format csv --output TARGET`, with the deadline.
fn audit_to(target: &str) -> String {
    Run::new(&[
        "audit", RECORD, "--as-of", AS_OF, "--format", "csv", "--output", target,
    ])
    .deadline(DEADLINE)
    .output()
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `-` and `/dev/stdout` are standard output, `/dev/stderr` standard error: written
/// straight to the stream, as if `--output` were left out.
#[test]
fn dash_and_dev_stdout_are_standard_output() {
    for target in ["-", "/dev/stdout"] {
        assert_eq!(
            audit_to(target),
            format!(
                "$ peercert audit {RECORD} --as-of {AS_OF} --format csv --output {target}\nexit: 1\n--- stdout\n{REPORT}--- stderr\n"
            )
        );
    }
    assert_eq!(
        audit_to("/dev/stderr"),
        format!(
            "$ peercert audit {RECORD} --as-of {AS_OF} --format csv --output /dev/stderr\nexit: 1\n--- stdout\n--- stderr\n{REPORT}"
        )
    );
    let packet = Run::new(&["report", RECORD, "--as-of", AS_OF, "--format", "markdown"]).output();
    let to_dash = Run::new(&[
        "report", RECORD, "--as-of", AS_OF, "--format", "markdown", "-o", "-",
    ])
    .output();
    assert_eq!(
        to_dash,
        packet.replacen("--format markdown\n", "--format markdown -o -\n", 1)
    );
    assert!(!workspace().join("-").exists());
}

/// A named pipe, a socket and a device are refused, exit 2, and never opened (a pipe
/// opened for writing would wait for a reader forever: the deadline fails the test).
#[cfg(unix)]
#[test]
fn pipes_sockets_and_devices_are_refused() {
    let dir = TempDir::new("outputs-special");
    let pipe = dir.path().join("pipe.csv");
    assert!(
        Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .unwrap()
            .success()
    );
    let socket = dir.path().join("socket.csv");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let shown = dir.path().display().to_string();
    let mut runs = String::new();
    for target in [&pipe, &socket, Path::new("/dev/null")] {
        runs.push_str(&audit_to(&target.display().to_string()).replace(&shown, "[dir]"));
    }
    let report = Run::new(&[
        "report",
        RECORD,
        "--as-of",
        AS_OF,
        "-o",
        &pipe.display().to_string(),
    ])
    .deadline(DEADLINE)
    .output();
    runs.push_str(&report.replace(&shown, "[dir]"));
    insta::assert_snapshot!(runs);
    assert_eq!(names(dir.path()), ["pipe.csv", "socket.csv"]);
}

/// A symbolic link is written through: the file it leads to is replaced, the link
/// stays a link, and nothing is left beside either.
#[cfg(unix)]
#[test]
fn a_symbolic_link_is_written_through() {
    let dir = TempDir::new("outputs-link");
    std::fs::create_dir(dir.path().join("kept")).unwrap();
    dir.write("kept/report.csv", "last month's report\n");
    let link = dir.path().join("report.csv");
    std::os::unix::fs::symlink("kept/report.csv", &link).unwrap();
    let out = audit_to(&link.display().to_string());
    assert!(out.ends_with("exit: 1\n--- stdout\n--- stderr\n"), "{out}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("kept/report.csv")).unwrap(),
        REPORT
    );
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(names(dir.path()), ["kept", "report.csv"]);
    assert_eq!(names(&dir.path().join("kept")), ["report.csv"]);
}

/// Twelve processes writing one report at once all succeed, and leave one whole
/// report and nothing else.
#[test]
fn processes_writing_one_report_at_once_all_succeed() {
    let dir = TempDir::new("outputs-concurrent");
    let report = dir.path().join("report.csv");
    let children: Vec<_> = (0..12)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_peercert"))
                .args(["audit", RECORD, "--as-of", AS_OF, "--format", "csv"])
                .arg("--output")
                .arg(&report)
                .current_dir(workspace())
                .env_clear()
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stdout).into_owned(),
                String::from_utf8_lossy(&out.stderr).into_owned()
            ),
            (Some(1), String::new(), String::new())
        );
    }
    assert_eq!(std::fs::read_to_string(&report).unwrap(), REPORT);
    assert_eq!(names(dir.path()), ["report.csv"]);
}
