//! Hostile text reaches no terminal: every command, in every format, over a record, a
//! roster, a catalogue, a rules folder and file names full of escape sequences, bidi
//! overrides and line breaks, writes no control character but its own line breaks
//! (and CSV's and iCalendar's CRLF), and no name can fake a line of output.
//! Regression tests of issue 13, point 3.

use std::process::{Command, Stdio};

use crate::support::TempDir;

/// A name as TOML escapes write it: a line break faking an error line, a screen
/// clear, a window-title change ended by BEL, a C1 CSI, DEL, a right-to-left override,
/// an isolate, a zero-width space, a byte-order mark, a carriage return, a tab, HTML
/// and a Markdown link.
const HOSTILE: &str = r"Ann\n error: fake\u001B[2J\u001B]0;pwned\u0007\u009B31m\u007F\u202Egnp.exe\u2066\u200B\uFEFF\r\t<script>x</script>[x](javascript:alert(1))";

/// The same as raw text, for a CSV roster and the command line.
fn hostile_raw() -> String {
    "Ann\n error: fake\u{1b}[2J\u{1b}]0;pwned\u{7}\u{9b}31m\u{7f}\u{202e}gnp.exe\u{2066}\u{200b}\u{feff}\r\t<script>x</script>"
        .to_owned()
}

fn record(id: &str) -> String {
    format!(
        r#"[worker]
id = "{id}\u202E\u2066"
name = "{HOSTILE}"

[[credential]]
id = "pa/crs"
number = "{HOSTILE}"
issued = 2025-02-01
expires = 2027-02-01

[[training]]
date = 2025-04-22
title = "{HOSTILE}"
provider = "{HOSTILE}"
certificate = "{HOSTILE}"
hours = 3
topic = "ethics"
format = "live-online"

[[training]]
date = 2024-01-01
title = "{HOSTILE} (too early)"
hours = 3
topic = "ethics"
format = "live-online"
"#
    )
}

fn catalogue() -> String {
    format!(
        r#"[[course]]
title = "{HOSTILE}"
provider = "{HOSTILE}"
hours = 3
topic = "ethics"
format = "live-online"
cost = "45.00"
date = 2026-12-08
"#
    )
}

fn rules() -> String {
    format!(
        r#"id = "acme/peer"
name = "{HOSTILE}"
jurisdiction = "{HOSTILE}"
board = "{HOSTILE}"
summary = "{HOSTILE}"
sources = ["https://example.org/a><script>alert(1)</script>\u202E\u001B[2J"]
verified = 2026-01-15

[[edition]]
effective = 2026-01-01
note = "{HOSTILE}"

[[edition.initial.requirement]]
id = "ethics"
kind = "hours"
hours = 12
topic = "ethics"
citation = "{HOSTILE}"
confidence = "board"

[[edition.initial.fee]]
kind = "application"
amount = "40.00"
note = "{HOSTILE}"
citation = "{HOSTILE}"
confidence = "board"
"#
    )
}

/// An output character a terminal could act on, or that hides or reorders text.
fn forbidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}'
        )
}

/// Checks one stream of one run; `crlf` allows `\r` before `\n`, `colour` allows
/// this tool's own colour sequences (`ESC [ digits m`). An HTML page's only line
/// breaks are in its own style and script and at its end: its text has none.
fn check_stream(what: &str, bytes: &[u8], crlf: bool, colour: bool, html: bool) {
    let text = String::from_utf8(bytes.to_vec()).unwrap_or_else(|e| panic!("{what}: {e}"));
    if html {
        let mut body = text.trim_end_matches('\n').to_owned();
        for element in ["style", "script"] {
            if let Some(start) = body.find(&format!("<{element}>"))
                && let Some(end) = body.find(&format!("</{element}>"))
            {
                body.replace_range(start..end, "");
            }
        }
        assert!(
            !body.contains('\n'),
            "{what}: a raw line break in the page's text\n{text}"
        );
    }
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && colour && chars.peek() == Some(&'[') {
            let sequence: String = chars.by_ref().take_while(|c| *c != 'm').collect::<String>();
            assert!(
                sequence
                    .strip_prefix('[')
                    .is_some_and(|s| s.chars().all(|c| c.is_ascii_digit() || c == ';')),
                "{what}: escape sequence `ESC{sequence}` in\n{text}"
            );
            continue;
        }
        let allowed = c == '\n' || (c == '\r' && crlf && chars.peek() == Some(&'\n'));
        assert!(allowed || !forbidden(c), "{what}: raw {c:?} in\n{text}");
    }
    if what.ends_with("(stderr)") {
        for line in text.lines() {
            let labelled = ["error: ", "warning: ", "note: "]
                .iter()
                .any(|label| line.starts_with(label));
            let quoted = line.starts_with(' ')
                || line
                    .split_once(" |")
                    .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            assert!(
                line.is_empty() || labelled || quoted,
                "{what}: a line that is no `error:`, `warning:` or `note:`: `{line}`"
            );
        }
    }
    for line in text.lines() {
        assert!(
            !line.trim_start().starts_with("error: fake"),
            "{what}: a name faked the line `{line}`"
        );
    }
}

fn run(dir: &TempDir, args: &[&str]) -> std::process::Output {
    let colour = args.contains(&"always");
    let mut command = Command::new(env!("CARGO_BIN_EXE_peercert"));
    command
        .args(args)
        .current_dir(dir.path())
        .env_clear()
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if !colour {
        command.env("NO_COLOR", "1");
    }
    let out = command.output().unwrap();
    let what = format!("peercert {}", args.join(" "));
    let crlf = args.contains(&"csv") || args.contains(&"ics");
    let html = args.contains(&"html");
    if html || args.contains(&"markdown") {
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            !stdout.contains("<script>x") && !stdout.contains("<script>alert"),
            "{what}: raw HTML in\n{stdout}"
        );
    }
    check_stream(&format!("{what} (stdout)"), &out.stdout, crlf, colour, html);
    check_stream(
        &format!("{what} (stderr)"),
        &out.stderr,
        false,
        colour,
        false,
    );
    out
}

#[test]
fn hostile_text_reaches_no_terminal_in_any_command_or_format() {
    let dir = TempDir::new("hostile");
    dir.write("record.toml", record("W-1"));
    dir.write("catalogue.toml", catalogue());
    std::fs::create_dir_all(dir.path().join("rules")).unwrap();
    dir.write("rules/acme.toml", rules());
    std::fs::create_dir_all(dir.path().join("rules_bad")).unwrap();
    dir.write(
        "rules_bad/bad.toml",
        format!(
            "{}\n\"{HOSTILE}\" = 1\n",
            rules().replace("acme/peer", "acme/bad")
        ),
    );
    std::fs::create_dir_all(dir.path().join("staff")).unwrap();
    dir.write("staff/a.toml", record("W-2"));
    // A file name of its own that is hostile, holding a record with a mistake.
    dir.write(
        &format!("staff/{}.toml", "b\u{1b}[2J\u{202e}\nerror: fake"),
        format!("[worker]\nid = \"W-3\"\nname = \"{HOSTILE}\"\npursuing = [\"{HOSTILE}\"]\n"),
    );
    // Files the walk passes over, named to fake lines of their own: listed with
    // `--verbose`.
    dir.write(
        &format!("staff/{}.txt", "c\u{1b}[31m\u{202e}\nerror: fake"),
        "not a record",
    );
    dir.write(&format!("staff/.{}.toml", "d\u{9b}\r"), "hidden");
    // Raw control characters where TOML allows none, quoted back in the error.
    dir.write(
        "staff/raw.toml",
        "[worker]\nid = \"W-4\"\nname = \"Ann\u{1b}[2J\u{202e}\u{9b}\"\n",
    );
    let roster = format!(
        "worker_id,name,entry,id,title,kind,date,from,to,hours,topic,format,score,amount\n\
         W-5,\"{h}\",credential,pa/crs,,,,2025-02-01,2027-02-01,,,,,\n\
         W-5,,training,,\"{h}\",,2025-04-22,,,3,ethics,live-online,,\n\
         W-6,\"{h}\",training,,\"{h}\",,2025-04-22,,,3,\"{h}\",live-online,,\n",
        h = hostile_raw().replace('"', "\"\"")
    );
    dir.write("roster.csv", roster);
    let transcript = format!(
        "Date Completed,Course Title,Contact Hours,Topic,Delivery Format,Provider,Certificate Number\n\
         01/14/2026,\"{h}\",6,ethics,Live Online,\"{h}\",\"{h}\"\n\
         01/15/2026,\"{h}\",6,\"{h}\",Live Online,,\n",
        h = hostile_raw().replace('"', "\"\"")
    );
    dir.write("transcript.csv", transcript);

    let with = format!(
        "training: 2h ethics 2026-12-01 \"{}\"",
        "x\u{1b}[2J\u{202e}"
    );
    let mut runs: Vec<Vec<&str>> = Vec::new();
    for format in ["text", "json", "markdown"] {
        runs.push(vec!["check", "record.toml", "--format", format]);
    }
    runs.push(vec!["check", "record.toml", "--color", "always"]);
    for format in ["text", "json", "markdown", "ics"] {
        runs.push(vec![
            "plan",
            "record.toml",
            "--catalog",
            "catalogue.toml",
            "--format",
            format,
        ]);
    }
    runs.push(vec![
        "plan",
        "record.toml",
        "--catalog",
        "catalogue.toml",
        "--color",
        "always",
    ]);
    runs.push(vec!["plan", "record.toml", "--with", &with]);
    for format in ["html", "markdown"] {
        runs.push(vec!["report", "record.toml", "--format", format]);
    }
    for format in ["table", "csv", "json", "markdown", "html"] {
        runs.push(vec!["audit", "staff", "--format", format]);
        runs.push(vec!["audit", "--roster", "roster.csv", "--format", format]);
    }
    runs.push(vec!["audit", "staff", "--verbose"]);
    for format in ["text", "json", "markdown"] {
        runs.push(vec![
            "rules", "list", "--rules", "rules", "--format", format,
        ]);
        runs.push(vec![
            "rules",
            "show",
            "acme/peer",
            "--rules",
            "rules",
            "--format",
            format,
        ]);
    }
    runs.push(vec![
        "check",
        "record.toml",
        "--rules",
        "rules",
        "--credential",
        "acme/peer",
    ]);
    runs.push(vec!["rules", "check", "rules", "rules_bad"]);
    runs.push(vec!["check", "staff/raw.toml"]);
    runs.push(vec!["log", "record.toml", "--dry-run", &with]);
    runs.push(vec!["import", "record.toml", "transcript.csv", "--dry-run"]);
    let name = hostile_raw();
    runs.push(vec![
        "new",
        "new\u{1b}[2J\u{202e}\nerror: fake.toml",
        "--id",
        "W-9\u{202e}",
        "--name",
        &name,
        "--holds",
        "pa/crs",
        "--issued",
        "2025-02-01",
        "--expires",
        "2027-02-01",
    ]);
    runs.push(vec![
        "rules",
        "diff",
        "acme/peer",
        "--rules",
        "rules",
        "--from",
        "2026-01-01",
        "--to",
        "2026-06-01",
    ]);
    let bad_credential = "x\u{1b}[2J\u{202e}\nerror: fake";
    runs.push(vec!["check", "record.toml", "--credential", bad_credential]);
    for args in &runs {
        run(&dir, args);
    }
    // The hostile name is there, shown escaped, not dropped.
    let out = run(&dir, &["check", "record.toml"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with(
            "Ann\\n error: fake\\u{1b}[2J\\u{1b}]0;pwned\\u{7}\\u{9b}31m\\u{7f}\\u{202e}gnp.exe\\u{2066}\\u{200b}\\u{feff}\\r\\t<script>x</script>[x](javascript:alert(1)) (W-1\\u{202e}\\u{2066})\n"
        ),
        "{stdout}"
    );
}
