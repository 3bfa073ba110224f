//! The HTML audit report in real headless Chromium (Debian's `chromium`, which
//! `.ci/run` installs): it loads with no console message, the hostile worker name
//! is shown as text and no script but the page's own exists, and sorting a column
//! works both ways.
//!
//! A harness page (`tests/fixtures/browser/harness.html`) opens the report in a
//! frame, clicks the "Days left" header twice and writes what it saw into the page;
//! Chromium's `--dump-dom` prints that, and its log on standard error carries every
//! console message, script errors included. On a machine without Chromium the test
//! says it was skipped, except in CI (`CI` set), where that is a failure.

use std::path::PathBuf;
use std::process::Command;

use crate::support::{AS_OF, TempDir, workspace};

fn chromium() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

#[test]
fn the_html_report_works_in_headless_chromium() {
    let Some(chromium) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have Chromium: .ci/run installs Debian's chromium"
        );
        eprintln!("skipped: no Chromium on this machine (apt-get install chromium)");
        return;
    };
    let dir = TempDir::new("browser");
    let report = dir.path().join("report.html");
    let status = Command::new(env!("CARGO_BIN_EXE_peercert"))
        .args([
            "audit",
            "examples/agency",
            "--csv",
            "examples/agency-roster.csv",
            "--as-of",
            AS_OF,
            "--format",
            "html",
            "--output",
        ])
        .arg(&report)
        .current_dir(workspace())
        .output()
        .unwrap();
    assert_eq!(
        status.status.code(),
        Some(2),
        "the roster has unreadable entries"
    );
    std::fs::copy(
        workspace().join("tests/fixtures/browser/harness.html"),
        dir.path().join("harness.html"),
    )
    .unwrap();
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--allow-file-access-from-files",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=5000",
            "--dump-dom",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!(
            "file://{}",
            dir.path().join("harness.html").display()
        ))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "chromium failed:\n{log}");
    let console: Vec<&str> = log.lines().filter(|l| l.contains("CONSOLE")).collect();
    assert!(
        console.is_empty(),
        "console messages:\n{}",
        console.join("\n")
    );
    let result = dom
        .split("<pre id=\"result\">")
        .nth(1)
        .and_then(|rest| rest.split("</pre>").next())
        .unwrap_or_default();
    assert_eq!(
        result, "ok\n53,58,70,98,129,190,,,,\n,,,,190,129,98,70,58,53",
        "the harness saw:\n{result}"
    );
}

/// The flags Chromium needs to run headless on a build machine, with its log (and
/// so every console message) on standard error.
fn headless(chromium: &std::path::Path, profile: &std::path::Path) -> Command {
    let mut command = Command::new(chromium);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()));
    command
}

/// A poppler tool (`pdftotext`, `pdfinfo`), which `.ci/run` installs with
/// `poppler-utils`.
fn poppler(tool: &str) -> Option<PathBuf> {
    let path = PathBuf::from("/usr/bin").join(tool);
    path.exists().then_some(path)
}

/// The evidence packet of a shipped record, opened in Chromium: it loads with no
/// console message (a script error, a resource the page's Content-Security-Policy
/// refuses, a failed load would each log one) and shows the worker; printed to PDF
/// with no header or footer it is on US Letter pages (612 x 792 points), and the text
/// of the PDF holds the worker's name, every requirement and every certificate id
/// of the record.
///
/// The console is read from Chromium's own log (`--enable-logging=stderr --v=0`),
/// where every console message appears as a `CONSOLE` line whether or not the page
/// runs a script; `--dump-dom` proves the page was loaded and rendered by printing
/// the document Chromium built.
#[test]
fn the_evidence_packet_loads_cleanly_and_prints_on_letter() {
    let (Some(chromium), Some(pdftotext), Some(pdfinfo)) =
        (chromium(), poppler("pdftotext"), poppler("pdfinfo"))
    else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have Chromium and poppler-utils: .ci/run installs them"
        );
        eprintln!("skipped: no Chromium or poppler-utils on this machine");
        return;
    };
    let dir = TempDir::new("packet-browser");
    let page = dir.path().join("W-2210.html");
    let status = Command::new(env!("CARGO_BIN_EXE_peercert"))
        .args([
            "report",
            "examples/ethics-short.toml",
            "--as-of",
            AS_OF,
            "-o",
        ])
        .arg(&page)
        .current_dir(workspace())
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(1), "renewal due");
    let url = format!("file://{}", page.display());

    let out = headless(&chromium, &dir.path().join("profile"))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "chromium failed:\n{log}");
    let console: Vec<&str> = log.lines().filter(|l| l.contains("CONSOLE")).collect();
    assert!(
        console.is_empty(),
        "console messages:\n{}",
        console.join("\n")
    );
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(
        dom.contains("<h1>Evidence packet: Alex Morgan (W-2210)</h1>"),
        "{dom}"
    );

    let pdf = dir.path().join("W-2210.pdf");
    let out = headless(&chromium, &dir.path().join("profile"))
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(&url)
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "chromium failed:\n{log}");
    let console: Vec<&str> = log.lines().filter(|l| l.contains("CONSOLE")).collect();
    assert!(
        console.is_empty(),
        "console messages:\n{}",
        console.join("\n")
    );

    let info = Command::new(pdfinfo).arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Page size:") && l.contains("612 x 792 pts")),
        "not US Letter:\n{info}"
    );
    let text = Command::new(pdftotext).arg(&pdf).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    let mut expected = vec![
        "Alex Morgan",
        "W-2210",
        "continuing-education",
        "ethics",
        "confidentiality",
    ];
    // Every certificate id of the record, and its credential number.
    let record = std::fs::read_to_string(workspace().join("examples/ethics-short.toml")).unwrap();
    let ids: Vec<&str> = record
        .lines()
        .filter_map(|l| {
            l.strip_prefix("certificate = \"")
                .or_else(|| l.strip_prefix("number = \""))
        })
        .map(|l| l.trim_end_matches('"'))
        .collect();
    assert_eq!(ids.len(), 5, "the example has 4 certificates and a number");
    expected.extend(ids);
    for word in expected {
        assert!(text.contains(word), "`{word}` is not in the PDF:\n{text}");
    }
}
