//! `peercert report` and `audit --packets`: one worker's evidence packet in Markdown
//! and HTML, its exit codes, and the folder of packets an audit writes. The packet
//! in a real browser and on paper is tested in `browser.rs`.

use crate::support::{AS_OF, Run, TempDir, peercert, workspace};

fn report(record: &str, extra: &[&str]) -> String {
    let mut args = vec!["report", record, "--as-of", AS_OF];
    args.extend_from_slice(extra);
    peercert(&args)
}

/// Every requirement with the entries that counted and those that did not (the
/// ethics course before the cycle), providers, hours and certificate ids, the fee
/// paid and its payment, the citations and the rules stamp. Exit 1: renewal due.
#[test]
fn markdown_packet_of_a_renewal_due() {
    insta::assert_snapshot!(report(
        "examples/ethics-short.toml",
        &["--format", "markdown"]
    ));
}

/// The same packet as a page; the snapshot puts each tag on its own line to be read.
#[test]
fn html_packet_of_a_renewal_due() {
    let run = report("examples/ethics-short.toml", &[]);
    assert!(
        !run.contains("<script"),
        "the packet needs no script: {run}"
    );
    assert!(!run.contains("src="), "nothing is loaded from elsewhere");
    assert!(run.contains("@page { size: Letter;"));
    insta::assert_snapshot!(run.replace("><", ">\n<"));
}

/// A worker whose every requirement is met: exit 0, as `check`.
#[test]
fn a_packet_whose_answer_is_yes_exits_0() {
    let run = report("examples/eligible.toml", &["--format", "markdown"]);
    assert!(run.contains("\nexit: 0\n"), "{run}");
    assert!(run.contains("**ELIGIBLE**"), "{run}");
    assert!(
        run.contains(
            "| 2025-09-14 | Ethics for Peer Recovery Specialists | Example Training Institute | 16 (in-person) | 16 h | ETI-2025-0917 | training, line 11 |"
        ),
        "{run}"
    );
}

/// A credential nobody defined is bad input: exit 2 with the close match.
#[test]
fn an_unknown_credential_exits_2() {
    insta::assert_snapshot!(report(
        "examples/ethics-short.toml",
        &["--credential", "pa/crz"]
    ));
}

/// A hostile name is shown, never run, in both formats.
#[test]
fn a_hostile_name_is_escaped() {
    let html = report("examples/agency/hostile-name.toml", &[]);
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script>alert(1)"), "{html}");
    let markdown = report(
        "examples/agency/hostile-name.toml",
        &["--format", "markdown"],
    );
    assert!(
        markdown.contains("# Evidence packet: &lt;script&gt;alert(1)&lt;/script&gt;"),
        "{markdown}"
    );
}

/// `-o FILE` writes the packet there and nothing on standard output.
#[test]
fn output_writes_the_file() {
    let dir = TempDir::new("report-output");
    let file = dir.path().join("packet.md");
    let run = report(
        "examples/ethics-short.toml",
        &["--format", "markdown", "-o", &file.display().to_string()],
    );
    assert!(run.contains("exit: 1\n--- stdout\n--- stderr\n"), "{run}");
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.starts_with("# Evidence packet: Alex Morgan (W-2210)\n"));
}

/// One packet per worker, named after the worker id; a packet already there is
/// replaced, another file is left alone; the folder is made when missing.
#[test]
fn audit_writes_one_packet_per_worker() {
    let dir = TempDir::new("packets");
    let packets = dir.path().join("packets");
    std::fs::create_dir(&packets).unwrap();
    std::fs::write(packets.join("W-2210.html"), "old").unwrap();
    std::fs::write(packets.join("notes.txt"), "mine").unwrap();
    let run = peercert(&[
        "audit",
        "examples/agency",
        "--csv",
        "examples/agency-roster.csv",
        "--as-of",
        AS_OF,
        "--packets",
        &packets.display().to_string(),
    ]);
    assert!(run.contains("\nexit: 2\n"), "unreadable inputs: {run}");
    let mut names: Vec<String> = std::fs::read_dir(&packets)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // The packets and the file that was there: no lock or temporary file beside them.
    assert_eq!(
        names,
        [
            "TX-003.html",
            "W-0981.html",
            "W-1042.html",
            "W-2210.html",
            "W-3307.html",
            "W-5101.html",
            "W-5102.html",
            "W-5103.html",
            "W-6661.html",
            "W-7702.html",
            "notes.txt"
        ]
    );
    assert_eq!(
        std::fs::read_to_string(packets.join("notes.txt")).unwrap(),
        "mine"
    );
    let alex = std::fs::read_to_string(packets.join("W-2210.html")).unwrap();
    assert!(alex.contains("<h1>Evidence packet: Alex Morgan (W-2210)</h1>"));
    // A roster worker's entries are named by their rows.
    let roster = std::fs::read_to_string(packets.join("W-5101.html")).unwrap();
    assert!(roster.contains("training, row "), "{roster}");

    // Markdown, into a folder that does not exist yet.
    let fresh = dir.path().join("new/md");
    let run = peercert(&[
        "audit",
        "examples/agency/alex-morgan.toml",
        "--as-of",
        AS_OF,
        "--packets",
        &fresh.display().to_string(),
        "--packet-format",
        "markdown",
    ]);
    assert!(run.contains("\nexit: 1\n"), "{run}");
    assert!(dir.path().join("new/md/W-2210.md").exists(), "{run}");
}

/// Two records of one audit claiming one worker id: the packet kept is that of the
/// file that sorts first, as in the audit, and the other is named as not written.
#[test]
fn two_records_of_one_worker_keep_the_first_packet() {
    let dir = TempDir::new("packets-twice");
    let record = std::fs::read_to_string(workspace().join("examples/ethics-short.toml")).unwrap();
    dir.write("a.toml", &record);
    dir.write("b.toml", record.replace("Alex Morgan", "Alex Other"));
    let run = Run::new(&["audit", ".", "--as-of", AS_OF, "--packets", "out"])
        .current_dir(dir.path())
        .output();
    assert!(run.contains("\nexit: 2\n"), "{run}");
    assert!(
        run.contains(
            "error: the packet of worker `W-2210` (`./b.toml`) was not written: `out/W-2210.html` is the packet of worker `W-2210` (`./a.toml`)"
        ),
        "{run}"
    );
    let kept = std::fs::read_to_string(dir.path().join("out/W-2210.html")).unwrap();
    assert!(kept.contains("Alex Morgan"));
}

/// `--packets` naming a file is bad input, before anything is audited.
#[test]
fn packets_into_a_file_is_refused() {
    let dir = TempDir::new("packets-file");
    dir.write("taken", "x");
    dir.write("a.toml", "[worker]\nid = \"W-1\"\nname = \"Ada\"\n");
    let run = Run::new(&["audit", "a.toml", "--as-of", AS_OF, "--packets", "taken"])
        .current_dir(dir.path())
        .output();
    assert!(
        run.ends_with(
            "--- stdout\n--- stderr\nerror: `taken` is not a folder; `--packets` writes one file per worker into a folder\n"
        ),
        "{run}"
    );
    assert!(run.contains("\nexit: 2\n"), "{run}");
}

/// Without `--credential`, every credential the record holds, then every one it
/// pursues, each in its own section (a new page when printed).
#[test]
fn every_credential_of_the_record_gets_a_section() {
    let dir = TempDir::new("report-two");
    let record = std::fs::read_to_string(workspace().join("examples/ethics-short.toml"))
        .unwrap()
        .replace(
            "name = \"Alex Morgan\"",
            "name = \"Alex Morgan\"\npursuing = [\"pa/cps\"]",
        );
    dir.write("two.toml", record);
    let run = Run::new(&["report", "two.toml", "--as-of", AS_OF])
        .current_dir(dir.path())
        .output();
    assert!(run.contains("\nexit: 1\n"), "{run}");
    assert_eq!(run.matches("<section class=\"credential\">").count(), 2);
    let crs = run
        .find("<h2>Certified Recovery Specialist (pa/crs)</h2>")
        .unwrap();
    let cps = run.find("(pa/cps)</h2>").unwrap();
    assert!(crs < cps, "held first, then pursued");
}

/// A record with no credential and no `--credential` has nothing to report on, as
/// with `check`: exit 2 and the advice.
#[test]
fn a_record_with_no_credential_needs_one_named() {
    let dir = TempDir::new("report-none");
    dir.write("none.toml", "[worker]\nid = \"W-1\"\nname = \"Ada\"\n");
    let run = Run::new(&["report", "none.toml", "--as-of", AS_OF])
        .current_dir(dir.path())
        .output();
    assert!(
        run.contains(
            "exit: 2\n--- stdout\n--- stderr\nerror: the record of `W-1` holds no credential and pursues none, so there is nothing to check\n  = help: choose one with `--credential ID`; `peercert rules list` shows the "
        ),
        "{run}"
    );
}

/// An audited worker with no credential gets a packet that says so, as the audit
/// gives them a row.
#[test]
fn a_worker_with_no_credential_gets_a_packet_saying_so() {
    let dir = TempDir::new("packets-none");
    dir.write("none.toml", "[worker]\nid = \"W/1\"\nname = \"Ada\"\n");
    let run = Run::new(&["audit", "none.toml", "--as-of", AS_OF, "--packets", "out"])
        .current_dir(dir.path())
        .output();
    assert!(run.contains("\nexit: 1\n"), "needs action: {run}");
    let names: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert_eq!(names, ["W_1-cadd4e1d.html"]);
    let page = std::fs::read_to_string(dir.path().join("out").join(&names[0])).unwrap();
    assert!(page.contains(
        "<p class=\"none\">This record holds no credential and pursues none: there is nothing to measure.</p>"
    ));
}
