//! Guided logging the way a person meets it: `peercert log RECORD` runs on a real
//! terminal (a tmux pane), every answer is typed key by key, and the screen is read
//! back. Each step waits for its prompt to appear on the screen (a bounded poll)
//! before typing, so the tests neither race the program nor sleep for a fixed time.
//!
//! tmux must be installed (`.ci/run` installs it on a fresh machine).

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::{AS_OF, TempDir};

/// A record as a person keeps it, with comments.
const RECORD: &str = "# Dana's record
[worker]
id = \"W-9\"   # agency id
name = \"Dana Cruz\"

[[credential]]
id = \"pa/crs\"
issued = 2025-02-01
expires = 2027-02-01

# courses
[[training]]
date = 2025-06-01
title = \"Peer Ethics\"
hours = 6
topic = \"ethics\"

# end of file
";

/// The course the tests log, as `log` writes it.
const COURSE: &str = "
[[training]]
date = 2026-11-23
title = \"Recovery \\\"Coaching\\\" \\\\ Basics\"
provider = \"PCB Online\"
hours = 6
topic = \"ethics\"
format = \"live-online\"
";

/// How long one prompt may take to appear: far more than it needs.
const PATIENCE: Duration = Duration::from_secs(10);

/// `peercert …` running in a tmux pane of its own (a tmux server of its own, on its
/// own socket, both gone when dropped).
pub struct Terminal {
    socket: PathBuf,
}

impl Terminal {
    /// `peercert log dana.toml --as-of 2026-11-23`, in `dir`.
    fn start(dir: &Path) -> Terminal {
        Terminal::run(dir, "", &format!("log dana.toml --as-of {AS_OF}"))
    }

    /// `ENV peercert ARGS` in `dir`, where `env` is a prefix such as `env NO_COLOR=1`.
    pub fn run(dir: &Path, env: &str, args: &str) -> Terminal {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let terminal = Terminal {
            socket: std::env::temp_dir()
                .join(format!("peercert-e2e-tmux-{}-{n}", std::process::id())),
        };
        // The pane stays open after the program ends, showing its exit code.
        let command = format!(
            "{env} '{}' {args}; echo \"[exit $?]\"; sleep 60",
            env!("CARGO_BIN_EXE_peercert")
        );
        let dir = dir.to_str().unwrap();
        terminal.tmux(&[
            "new-session",
            "-d",
            "-x",
            "200",
            "-y",
            "60",
            "-c",
            dir,
            &command,
        ]);
        terminal
    }

    fn tmux(&self, args: &[&str]) -> Output {
        let out = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .args(["-f", "/dev/null"])
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("tmux is needed for this test (apt-get install tmux): {e}"));
        assert!(
            out.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// The screen as it is now, without its trailing blank lines.
    fn screen(&self) -> String {
        let out = self.tmux(&["capture-pane", "-p"]);
        String::from_utf8(out.stdout).unwrap().trim_end().to_owned()
    }

    /// The screen as it is now, with its colours and weights as escape sequences.
    pub fn styled_screen(&self) -> String {
        let out = self.tmux(&["capture-pane", "-p", "-e"]);
        String::from_utf8(out.stdout).unwrap().trim_end().to_owned()
    }

    /// Waits until the screen shows `text`, and returns the screen.
    pub fn wait_for(&self, text: &str) -> String {
        let started = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                started.elapsed() < PATIENCE,
                "`{text}` did not appear; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Types `text`, character by character as written.
    fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-l", text]);
    }

    /// Presses keys by their tmux names (`Enter`, `Down`, `Escape`, `BSpace`).
    fn press(&self, keys: &[&str]) {
        let mut args = vec!["send-keys"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// Waits for the prompt `prompt`, then types `answer` and Enter.
    fn answer(&self, prompt: &str, answer: &str) {
        self.wait_for(prompt);
        if !answer.is_empty() {
            self.type_text(answer);
        }
        self.press(&["Enter"]);
    }

    /// Answers every question for the course up to the confirmation, with a typo in
    /// the topic corrected after the did-you-mean, and returns the screen that asks
    /// for it.
    fn answer_the_course(&self) -> String {
        self.answer("? What do you want to add?", "");
        self.answer("? Date of the course (2026-11-23)", "");
        self.answer("? Title of the course", "Recovery \"Coaching\" \\ Basics");
        self.answer("? Hours", "6");
        self.answer("? Topic", "ethcs");
        self.wait_for("error: unknown topic `ethcs`\n  = help: did you mean `ethics`?");
        self.press(&["BSpace", "BSpace", "BSpace", "BSpace", "BSpace"]);
        self.answer("? Topic", "ethics");
        self.wait_for("? Format");
        self.press(&["Down"]);
        self.answer("> live-online", "");
        self.answer("? Provider (optional)", "PCB Online");
        self.answer("? Certificate id (optional)", "");
        self.wait_for("? Add this entry? (y/N)")
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
        let _ = std::fs::remove_file(&self.socket);
    }
}

fn record(dir: &TempDir) -> String {
    std::fs::read_to_string(dir.path().join("dana.toml")).unwrap()
}

/// The record with the course added after the last course, as `log` adds it.
fn with_course() -> String {
    RECORD.replace(
        "topic = \"ethics\"\n",
        &format!("topic = \"ethics\"\n{COURSE}"),
    )
}

/// Every question of a course answered, a typo corrected after the did-you-mean,
/// the entry and the standing shown, yes: the file gains exactly that entry.
#[test]
fn a_course_is_asked_for_shown_and_added() {
    let dir = TempDir::new("guided");
    dir.write("dana.toml", RECORD);
    let terminal = Terminal::start(dir.path());
    let asked = terminal.answer_the_course();
    let shown = "
> Certificate id (optional)
the entry to add to dana.toml:

  [[training]]
  date = 2026-11-23
  title = \"Recovery \\\"Coaching\\\" \\\\ Basics\"
  provider = \"PCB Online\"
  hours = 6
  topic = \"ethics\"
  format = \"live-online\"

pa/crs renewal due by 2027-02-01: continuing-education 12 / 30 h, 18 h short; confidentiality 0 / 3 h, 3 h short
? Add this entry? (y/N)";
    assert!(asked.contains(shown), "{asked}");
    assert_eq!(record(&dir), RECORD, "written before the yes");
    terminal.answer("? Add this entry? (y/N)", "y");
    let done = terminal.wait_for("[exit ");
    assert!(done.ends_with("added to dana.toml\n[exit 0]"), "{done}");
    assert_eq!(record(&dir), with_course());
}

/// No at the confirmation: nothing is written, the file is byte for byte the same.
#[test]
fn no_at_the_confirmation_writes_nothing() {
    let dir = TempDir::new("guided-no");
    dir.write("dana.toml", RECORD);
    let terminal = Terminal::start(dir.path());
    terminal.answer_the_course();
    terminal.answer("? Add this entry? (y/N)", "n");
    let done = terminal.wait_for("[exit ");
    assert!(
        done.ends_with("note: nothing was written to dana.toml\n[exit 1]"),
        "{done}"
    );
    assert_eq!(record(&dir), RECORD);
}

/// Esc at a question: nothing is written, exit 2.
#[test]
fn esc_at_a_question_writes_nothing() {
    let dir = TempDir::new("guided-esc");
    dir.write("dana.toml", RECORD);
    let terminal = Terminal::start(dir.path());
    terminal.answer("? What do you want to add?", "");
    terminal.answer("? Date of the course", "");
    terminal.answer("? Title of the course", "Basics");
    terminal.wait_for("? Hours");
    terminal.press(&["Escape"]);
    let done = terminal.wait_for("[exit ");
    assert!(
        done.ends_with("error: cancelled: nothing was written to dana.toml\n[exit 2]"),
        "{done}"
    );
    assert_eq!(record(&dir), RECORD);
}

/// The record is not locked while the person answers: another `peercert log` adds
/// an entry meanwhile, and the yes checks the course again against the file as it
/// is then and adds it too; neither entry is lost.
#[test]
fn a_record_changed_while_answering_keeps_both_entries() {
    let dir = TempDir::new("guided-changed");
    dir.write("dana.toml", RECORD);
    let terminal = Terminal::start(dir.path());
    terminal.answer_the_course();
    // Were the record locked while the person answers, this would wait for ever:
    // it is given as long as a prompt, then counted as failed.
    let mut meanwhile = Command::new(env!("CARGO_BIN_EXE_peercert"))
        .current_dir(dir.path())
        .env_clear()
        .args([
            "log",
            "dana.toml",
            "payment: renewal 100.00 2026-11-20",
            "--as-of",
            AS_OF,
        ])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = meanwhile.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > PATIENCE {
            meanwhile.kill().unwrap();
            panic!("`peercert log` waited on the record while a person was answering");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    assert!(status.success());
    terminal.answer("? Add this entry? (y/N)", "y");
    let done = terminal.wait_for("[exit ");
    assert!(
        done.contains(
            "dana.toml changed while you answered; the entry was checked again and added to it\npa/crs "
        ),
        "{done}"
    );
    assert!(done.ends_with("[exit 0]"), "{done}");
    assert_eq!(
        record(&dir),
        format!(
            "{}\n[[payment]]\nkind = \"renewal\"\namount = \"100.00\"\ndate = 2026-11-20\n",
            with_course()
        )
    );
}

/// Ctrl-C at the confirmation: nothing is written, exit 2.
#[test]
fn ctrl_c_at_the_confirmation_writes_nothing() {
    let dir = TempDir::new("guided-ctrl-c");
    dir.write("dana.toml", RECORD);
    let terminal = Terminal::start(dir.path());
    terminal.answer_the_course();
    terminal.press(&["C-c"]);
    let done = terminal.wait_for("[exit ");
    assert!(
        done.ends_with("error: cancelled: nothing was written to dana.toml\n[exit 2]"),
        "{done}"
    );
    assert_eq!(record(&dir), RECORD);
}
