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
