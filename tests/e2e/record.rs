//! Keeping a record: `peercert new` starts one, and never replaces one that exists.

use crate::support::{AS_OF, HANDWRITTEN, Run, TempDir};

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

fn log_run(dir: &TempDir, args: &[&str]) -> String {
    let mut all = vec!["log", "dana.toml"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--as-of", AS_OF]);
    Run::new(&all).current_dir(dir.path()).output()
}

/// Logging adds the entries after the last of their kind, keeps every byte the
/// author wrote, and says where the worker stands.
#[test]
fn log_adds_entries_and_keeps_the_authors_text() {
    let dir = TempDir::new("log");
    dir.write("dana.toml", HANDWRITTEN);
    let out = log_run(
        &dir,
        &[
            "training: 24h 2026-03-10 \"Recovery Coaching Refresher\" provider=\"PCB Online\" certificate=PCB-1042",
            "training: 3h confidentiality live-online \"HIPAA Basics\"",
            "payment: renewal 100.00 2026-11-20 credential=pa/crs",
        ],
    );
    let written = std::fs::read_to_string(dir.path().join("dana.toml")).unwrap();
    insta::assert_snapshot!(format!("{out}--- dana.toml\n{written}"));
    // Every byte of the original is still there, in order.
    let mut rest = written.as_str();
    for line in HANDWRITTEN.lines() {
        let at = rest.find(line).unwrap_or_else(|| panic!("lost `{line}`"));
        rest = &rest[at + line.len()..];
    }
}

/// Issue 11: a supervision entry is logged with its domain, or a split of domains.
#[test]
fn log_records_supervision_with_its_domains() {
    let dir = TempDir::new("log-supervision");
    dir.write("dana.toml", HANDWRITTEN);
    log_run(
        &dir,
        &[
            "supervision: 2h advocacy 2026-11-15",
            "supervision: 3h ethics=1,advocacy=2 2026-11-16",
        ],
    );
    let written = std::fs::read_to_string(dir.path().join("dana.toml")).unwrap();
    assert!(
        written.ends_with(
            "[[supervision]]\ndate = 2026-11-15\nhours = 2\ntopic = \"advocacy\"\n\n[[supervision]]\ndate = 2026-11-16\nhours = 3\ntopics = { ethics = 1, advocacy = 2 }\n"
        ),
        "{written}"
    );
}

/// `--dry-run` shows the entry and the standing, and writes nothing.
#[test]
fn log_dry_run_writes_nothing() {
    let dir = TempDir::new("log-dry");
    dir.write("dana.toml", HANDWRITTEN);
    let out = log_run(
        &dir,
        &["--dry-run", "training: 24h 2026-03-10 \"Refresher\""],
    );
    insta::assert_snapshot!(out);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("dana.toml")).unwrap(),
        HANDWRITTEN
    );
}

/// A refused entry (or any one of several) leaves the file as it was, byte for
/// byte, and the message points into the entry as typed.
#[test]
fn log_refuses_a_bad_or_duplicate_entry_and_writes_nothing() {
    let dir = TempDir::new("log-bad");
    dir.write("dana.toml", HANDWRITTEN);
    insta::assert_snapshot!(log_run(
        &dir,
        &[
            "training: 2h ethics \"Fine\"",
            "training: 3h ethcs \"Typo\""
        ]
    ));
    insta::assert_snapshot!(log_run(
        &dir,
        &["training: 6h ethics 2025-06-01 \"Peer Ethics\""]
    ));
    insta::assert_snapshot!(log_run(&dir, &[]));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("dana.toml")).unwrap(),
        HANDWRITTEN
    );
    let missing = Run::new(&["log", "nobody.toml", "training: 1h \"X\""])
        .current_dir(dir.path())
        .output();
    insta::assert_snapshot!(missing);
}

/// The same course taken again on the same day is logged with `--allow-duplicate`,
/// as its second time (`repeat = 2`), and the record still loads.
#[test]
fn log_allows_a_course_taken_again() {
    let dir = TempDir::new("log-again");
    dir.write("dana.toml", HANDWRITTEN);
    let again = "training: 6h ethics 2025-06-01 \"Peer Ethics\"";
    let out = log_run(&dir, &["--allow-duplicate", again]);
    insta::assert_snapshot!(out);
    let written = std::fs::read_to_string(dir.path().join("dana.toml")).unwrap();
    assert!(
        written.ends_with("topic = \"ethics\"\nrepeat = 2\n\n# end of file\n"),
        "{written}"
    );
    let check = Run::new(&["check", "dana.toml", "--as-of", AS_OF])
        .current_dir(dir.path())
        .output();
    assert!(check.contains("exit: 1"), "{check}");
}

/// Twenty `peercert log` processes at once on one record: every entry is there.
#[test]
fn twenty_concurrent_logs_lose_no_entry() {
    let dir = TempDir::new("log-twenty");
    dir.write("dana.toml", HANDWRITTEN);
    let children: Vec<_> = (0..20)
        .map(|i| {
            std::process::Command::new(env!("CARGO_BIN_EXE_peercert"))
                .current_dir(dir.path())
                .env_clear()
                .args([
                    "log",
                    "dana.toml",
                    &format!("training: 1h 2026-01-{:02} \"Session {i}\"", i + 1),
                    "--as-of",
                    AS_OF,
                ])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let written = std::fs::read_to_string(dir.path().join("dana.toml")).unwrap();
    for i in 0..20 {
        assert!(
            written.contains(&format!("title = \"Session {i}\"")),
            "session {i} lost:\n{written}"
        );
    }
    assert_eq!(written.matches("[[training]]").count(), 21);
}

/// `peercert log` killed (SIGKILL) at random moments, hundreds of times: after each
/// kill the record parses and holds exactly the entries logged before it, or those
/// and the one being logged; no temporary file piles up.
///
/// At least `PEERCERT_KILLS` runs (100 by default; `.ci/run` sets 300), and more
/// until more than 20 were killed and more than 20 finished. The wait before a kill is drawn up to a span that starts at one timed
/// run and follows the machine's load: a run that finished makes it shorter, one
/// killed makes it longer, so kills keep landing from a run's start to past its end.
#[cfg(unix)]
#[test]
fn a_killed_log_leaves_the_old_or_the_new_record() {
    let runs: usize = std::env::var("PEERCERT_KILLS").map_or(100, |n| n.parse().unwrap());
    let most_runs = 10 * runs.max(100);
    let dir = TempDir::new("log-kill");
    dir.write("dana.toml", HANDWRITTEN);
    let library = peercert_core::Library::embedded().unwrap();
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut random = move |below: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % below
    };
    // How long one log takes here: kills land anywhere from its start to past its end.
    let started = std::time::Instant::now();
    let timed = Run::new(&[
        "log",
        "dana.toml",
        "training: 1h 2026-01-31 \"Timed\"",
        "--as-of",
        AS_OF,
    ])
    .current_dir(dir.path())
    .output();
    assert!(timed.contains("exit: 0"), "{timed}");
    let mut span = u64::try_from(started.elapsed().as_micros())
        .unwrap()
        .max(1000)
        * 3
        / 2;
    let mut logged = 2;
    let (mut killed, mut finished) = (0, 0);
    let mut i = 0;
    while i < runs || killed <= 20 || finished <= 20 {
        assert!(
            i < most_runs,
            "after {i} runs: killed {killed}, finished {finished}"
        );
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_peercert"))
            .current_dir(dir.path())
            .env_clear()
            .args([
                "log",
                "dana.toml",
                &format!("training: 1h 2026-02-01 \"Kill {i}\""),
                "--as-of",
                AS_OF,
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_micros(random(span)));
        match child.try_wait().unwrap() {
            Some(_) => {
                finished += 1;
                span = (span * 9 / 10).max(1000);
            }
            None => {
                child.kill().unwrap();
                killed += 1;
                span = (span * 11 / 10).min(10_000_000);
            }
        }
        let _ = child.wait();
        let written = std::fs::read_to_string(dir.path().join("dana.toml")).unwrap();
        let count = written.matches("[[training]]").count();
        assert!(
            count == logged || count == logged + 1,
            "after run {i}: {count} courses, expected {logged} or {}",
            logged + 1
        );
        assert!(written.starts_with(HANDWRITTEN.trim_end_matches("# end of file\n")));
        if count == logged + 1 {
            assert!(written.contains(&format!("\"Kill {i}\"")), "{written}");
        }
        logged = count;
        if let Err(e) = peercert_core::Record::parse(
            &peercert_core::Source::new("dana.toml", written.as_str()),
            &library,
        ) {
            panic!("after run {i} the record does not load:\n{e}");
        }
        let temporaries = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".peercert-tmp"))
            })
            .count();
        assert!(
            temporaries <= 1,
            "{temporaries} temporary files after run {i}"
        );
        i += 1;
    }
    println!("{killed} runs killed, {finished} finished, {logged} courses in the record");
}
