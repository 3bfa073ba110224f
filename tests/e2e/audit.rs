//! `peercert audit`: the shipped example roster (a folder of records with mixed
//! outcomes, an unreadable file, a hostile name and a formula name, plus a CSV
//! roster with a bad row) in every format.

use crate::support::{AS_OF, TempDir, peercert};

fn audit(extra: &[&str]) -> String {
    let mut args = vec![
        "audit",
        "examples/agency",
        "--csv",
        "examples/agency-roster.csv",
        "--as-of",
        AS_OF,
    ];
    args.extend_from_slice(extra);
    peercert(&args)
}

#[test]
fn table() {
    insta::assert_snapshot!(audit(&[]));
}

#[test]
fn csv_guards_against_formulas() {
    insta::assert_snapshot!(audit(&["--format", "csv"]));
}

#[test]
fn json() {
    insta::assert_snapshot!(audit(&["--format", "json"]));
}

#[test]
fn markdown() {
    insta::assert_snapshot!(audit(&["--format", "markdown"]));
}

#[test]
fn html_escapes_every_user_string() {
    let page = audit(&["--format", "html"]);
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!page.contains("<script>alert(1)</script>"));
    assert_eq!(
        page.matches("<script>").count(),
        1,
        "only the page's own script"
    );
    assert!(
        !page.contains("src=\"http"),
        "nothing loaded from elsewhere"
    );
    insta::assert_snapshot!(page);
}

/// `--due-within`: anyone with a deadline within the days is flagged, and only those
/// who need action are listed.
#[test]
fn due_within_marks_and_filters() {
    insta::assert_snapshot!(peercert(&[
        "audit",
        "examples/agency",
        "--as-of",
        AS_OF,
        "--due-within",
        "200",
    ]));
}

/// One credential for everyone, and a roster with nothing wrong: exit 0.
#[test]
fn nobody_needs_action() {
    insta::assert_snapshot!(peercert(&[
        "audit",
        "examples/agency/hostile-name.toml",
        "examples/agency/jordan-rivera.toml",
        "--as-of",
        AS_OF,
    ]));
}

/// Two files claiming one worker: an error naming both; the first is audited.
#[test]
fn two_files_for_one_worker() {
    let dir = TempDir::new("audit-dup");
    let text = std::fs::read_to_string(crate::support::workspace().join("examples/eligible.toml"))
        .unwrap();
    dir.write("a.toml", &text);
    dir.write("b.toml", &text);
    let path = dir.path().display().to_string();
    let out = peercert(&["audit", &path, "--as-of", AS_OF]);
    let out = out.replace(&path, "[dir]");
    insta::assert_snapshot!(out);
}

/// `--output`: the report goes to the file, and standard output stays empty.
#[test]
fn output_to_a_file() {
    let dir = TempDir::new("audit-out");
    let file = dir.path().join("report.csv");
    let file_name = file.display().to_string();
    let out = peercert(&[
        "audit",
        "examples/agency/alex-morgan.toml",
        "--as-of",
        AS_OF,
        "--format",
        "csv",
        "--output",
        &file_name,
    ]);
    assert!(out.ends_with("exit: 1\n--- stdout\n--- stderr\n"), "{out}");
    let written = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        written,
        "worker_id,name,credential,outcome,expires,days_left,needs_action,largest_gap,gap_requirement,file,standing\nW-2210,Alex Morgan,pa/crs,renewal-due,2027-02-01,70,yes,3.5 h of ethics,ethics,examples/agency/alex-morgan.toml,open\n"
    );
}

/// `--output` over an existing report replaces it whole and keeps its permissions
/// (it used to write a new file with the default ones); nothing is left beside it,
/// not even a lock (a report is never read back to be changed).
#[cfg(unix)]
#[test]
fn output_replaces_a_report_and_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = TempDir::new("audit-out-mode");
    let file = dir.path().join("report.csv");
    dir.write("report.csv", "an older, longer report\n".repeat(100));
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let file_name = file.display().to_string();
    let out = peercert(&[
        "audit",
        "examples/agency/alex-morgan.toml",
        "--as-of",
        AS_OF,
        "--format",
        "csv",
        "--output",
        &file_name,
    ]);
    assert!(out.ends_with("exit: 1\n--- stdout\n--- stderr\n"), "{out}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "worker_id,name,credential,outcome,expires,days_left,needs_action,largest_gap,gap_requirement,file,standing\nW-2210,Alex Morgan,pa/crs,renewal-due,2027-02-01,70,yes,3.5 h of ethics,ethics,examples/agency/alex-morgan.toml,open\n"
    );
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["report.csv"]);
}

/// `--output` to a folder is refused before anything is written.
#[test]
fn output_to_a_folder_is_refused() {
    let dir = TempDir::new("audit-out-folder");
    let path = dir.path().display().to_string();
    let out = peercert(&[
        "audit",
        "examples/agency/alex-morgan.toml",
        "--as-of",
        AS_OF,
        "--output",
        &path,
    ]);
    assert_eq!(
        out.replace(&path, "[dir]"),
        "$ peercert audit examples/agency/alex-morgan.toml --as-of 2026-11-23 --output [dir]\nexit: 2\n--- stdout\n--- stderr\nerror: `[dir]` is a folder, not a regular file; nothing was written\n  = help: a report is written to a regular file, or to standard output with `-`\n"
    );
}

#[test]
fn nothing_to_audit() {
    insta::assert_snapshot!(peercert(&["audit", "--as-of", AS_OF]));
}

/// A record that holds and pursues no credential is not left out: it gets a row of
/// its own, which needs action, in every format.
#[test]
fn record_with_no_credential_gets_a_row() {
    let folder = "tests/fixtures/no-credential";
    insta::assert_snapshot!(peercert(&["audit", folder, "--as-of", AS_OF]));
    insta::assert_snapshot!(peercert(&[
        "audit", folder, "--as-of", AS_OF, "--format", "json"
    ]));
    insta::assert_snapshot!(peercert(&[
        "audit", folder, "--as-of", AS_OF, "--format", "csv"
    ]));
    insta::assert_snapshot!(peercert(&[
        "audit", folder, "--as-of", AS_OF, "--format", "markdown"
    ]));
    let page = peercert(&["audit", folder, "--as-of", AS_OF, "--format", "html"]);
    assert!(page.contains(
        "<tr class=\"action\"><td data-value=\"NC-2\">NC-2</td><td data-value=\"Nia Nobody\">Nia Nobody</td><td data-value=\"\"></td><td data-value=\"-1\">none</td><td data-value=\"\"></td><td class=\"num\" data-value=\"\"></td><td data-value=\"no credential on record\">no credential on record (tests/fixtures/no-credential/nobody.toml)</td></tr>"
    ));
    assert!(page.contains("<li><strong>1</strong> with no credential</li>"));
}

/// `--credential ID` measures everyone against it, so everyone who lacks it is listed,
/// the worker whose record names no credential included.
#[test]
fn credential_lists_everyone_who_lacks_it() {
    insta::assert_snapshot!(peercert(&[
        "audit",
        "tests/fixtures/no-credential",
        "--as-of",
        AS_OF,
        "--credential",
        "nj/cprs"
    ]));
}

/// `--windows 30,60,90`: who needs action, grouped by how soon (overdue, within 30,
/// 60 and 90 days, later or with no deadline), in every format.
#[test]
fn windows_group_by_how_soon() {
    let windows = ["--windows", "30,60,90"];
    insta::assert_snapshot!(audit(&windows));
    insta::assert_snapshot!(audit(&["--windows", "30,60,90", "--format", "csv"]));
    insta::assert_snapshot!(audit(&["--windows", "30,60,90", "--format", "json"]));
    insta::assert_snapshot!(audit(&["--windows", "30,60,90", "--format", "markdown"]));
    let page = audit(&["--windows", "30,60,90", "--format", "html"]);
    let counts: Vec<&str> = page
        .split("<li class=\"window\"><strong>")
        .skip(1)
        .filter_map(|part| part.split("</li>").next())
        .collect();
    assert_eq!(
        counts,
        [
            "2</strong> overdue",
            "0</strong> within 30 days",
            "2</strong> within 60 days",
            "1</strong> within 90 days",
            "2</strong> later, or no deadline"
        ]
    );
    let sections: Vec<&str> = page
        .split("<section class=\"window\"><h2>")
        .skip(1)
        .filter_map(|part| part.split("</h2>").next())
        .collect();
    assert_eq!(
        sections,
        [
            "Overdue (2)",
            "Within 30 days (0)",
            "Within 60 days (2)",
            "Within 90 days (1)",
            "Later, or no deadline (2)"
        ]
    );
    assert_eq!(page.matches("<table class=\"sortable\">").count(), 4);
}

/// `--windows` takes whole numbers of days from 1 to 3650, increasing; anything else
/// is an error saying what was expected.
#[test]
fn windows_refuse_what_is_not_increasing_days() {
    let run = |value: &str| {
        peercert(&[
            "audit",
            "examples/agency/alex-morgan.toml",
            "--as-of",
            AS_OF,
            "--windows",
            value,
        ])
    };
    insta::assert_snapshot!(
        [
            run("90,30"),
            run("0"),
            run("x"),
            run("30,,90"),
            run("30,30")
        ]
        .join("\n")
    );
    insta::assert_snapshot!(peercert(&[
        "audit",
        "examples/agency/alex-morgan.toml",
        "--as-of",
        AS_OF,
        "--windows",
        "30",
        "--due-within",
        "30"
    ]));
}

/// An audit keeps the memory each record frees for the next, rather than handing it
/// back to the kernel and having it mapped and zeroed again for the next record:
/// counted with `strace`, 200 records of 10 to 59 entries of five kinds make no
/// `madvise` call (13 and 26 in two runs with glibc's trim threshold left as it is; see
/// `keep_freed_memory`). Whether a record frees enough at once to be trimmed depends
/// on its entries, so the records vary as an agency's do. On a machine without
/// `strace` the test says it was skipped, except in CI (`CI` set), where that is a
/// failure.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn an_audit_keeps_the_memory_records_free() {
    use std::fmt::Write as _;
    let strace = std::process::Command::new("strace")
        .arg("-V")
        .stdout(std::process::Stdio::null())
        .status();
    if strace.is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have strace: .ci/run installs Debian's strace"
        );
        eprintln!("skipped: no strace on this machine (apt-get install strace)");
        return;
    }
    let dir = TempDir::new("audit-memory");
    for n in 0..200 {
        let mut record = format!(
            "[worker]\nid = \"W-{n:04}\"\nname = \"Worker {n}\"\n\n[[credential]]\nid = \"nj/cprs\"\nissued = 2025-10-19\nexpires = 2027-09-19\n"
        );
        for e in 0..10 + n * 7 % 50 {
            let (m, d) = (e % 12 + 1, e % 28 + 1);
            let entry = match e % 5 {
                0 | 1 => format!(
                    "[[training]]\ndate = 2026-{m:02}-{d:02}\ntitle = \"Course {e}\"\nhours = {}\ntopic = \"ethics\"\nformat = \"in-person\"",
                    e % 6 + 1
                ),
                2 => format!(
                    "[[experience]]\nfrom = 2025-{m:02}-{d:02}\nto = 2026-{m:02}-{d:02}\nhours = {}\nsupervised = true",
                    100 + e
                ),
                3 => format!(
                    "[[supervision]]\ndate = 2026-{m:02}-{d:02}\nhours = {}",
                    e % 4 + 1
                ),
                _ => format!(
                    "[[payment]]\nkind = \"renewal\"\namount = \"{}.00\"\ndate = 2026-{m:02}-{d:02}\ncredential = \"nj/cprs\"",
                    50 + e
                ),
            };
            write!(record, "\n{entry}\n").unwrap();
        }
        dir.write(&format!("w{n:04}.toml"), record);
    }
    let counts = TempDir::new("audit-memory-strace");
    let summary = counts.path().join("strace.txt");
    let status = std::process::Command::new("strace")
        .args(["-f", "-c", "-e", "trace=madvise", "-o"])
        .arg(&summary)
        .arg(env!("CARGO_BIN_EXE_peercert"))
        .args(["audit", "--as-of", AS_OF, "--format", "csv"])
        .arg(dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    // Every record needs action (its hours are short), and none is unreadable.
    assert_eq!(status.code(), Some(1), "{status}");
    let summary = std::fs::read_to_string(&summary).unwrap();
    let madvise: Vec<&str> = summary
        .lines()
        .filter(|l| l.ends_with(" madvise"))
        .collect();
    assert_eq!(madvise, Vec::<&str>::new(), "{summary}");
}
