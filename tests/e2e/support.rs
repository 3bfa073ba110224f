//! The harness: runs the `peercert` binary the way a user would, in a clean
//! environment, and turns one run into one string to snapshot — the command,
//! the exit code, standard output and standard error together.

use std::ffi::OsString;
use std::io::{Read, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The date every evaluation in the suite is made on, so no answer depends on today.
pub const AS_OF: &str = "2026-11-23";

/// A record as a person writes it: comments in odd places, a blank line kept
/// (the record `new`, `log` and `import` tests start from).
pub const HANDWRITTEN: &str = "# Dana's record, kept by hand
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
title = \"Peer Ethics\"   # certificate in the drawer
hours = 6
topic = \"ethics\"

# end of file
";

/// The workspace root: every path the tests pass is relative to it.
pub fn workspace() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .canonicalize()
        .unwrap()
}

/// `peercert ARGS…` run from the workspace root, as one snapshot-ready string.
pub fn peercert(args: &[&str]) -> String {
    Run::new(args).output()
}

/// `peercert check RECORD --as-of 2026-11-23 EXTRA…` run from the workspace root.
pub fn check(record: &str, extra: &[&str]) -> String {
    let mut args = vec!["check", record, "--as-of", AS_OF];
    args.extend_from_slice(extra);
    peercert(&args)
}

/// One invocation of the binary.
#[derive(Debug)]
pub struct Run {
    args: Vec<OsString>,
    dir: PathBuf,
    stdin: Option<(Vec<u8>, String)>,
    deadline: Option<Duration>,
}

impl Run {
    /// `peercert ARGS…`, from the workspace root, with nothing on standard input.
    pub fn new(args: &[&str]) -> Run {
        Run {
            args: args.iter().map(OsString::from).collect(),
            dir: workspace(),
            stdin: None,
            deadline: None,
        }
    }

    /// Kills the run, and fails the test, if it has not ended within `limit`: for a
    /// run that a regression could make wait forever (on a named pipe).
    pub fn deadline(mut self, limit: Duration) -> Run {
        self.deadline = Some(limit);
        self
    }

    /// Runs from `dir` instead (paths in messages are then relative to it).
    pub fn current_dir(mut self, dir: &Path) -> Run {
        self.dir = dir.to_path_buf();
        self
    }

    /// Feeds `bytes` to standard input; `label` says what they are in the snapshot.
    pub fn stdin(mut self, bytes: impl Into<Vec<u8>>, label: &str) -> Run {
        self.stdin = Some((bytes.into(), label.to_owned()));
        self
    }

    /// Feeds a file of the workspace to standard input, as `peercert … < FILE`.
    pub fn stdin_file(self, path: &str) -> Run {
        let bytes = std::fs::read(workspace().join(path)).unwrap();
        self.stdin(bytes, path)
    }

    /// Runs the binary and renders the run:
    ///
    /// ```text
    /// $ peercert check examples/eligible.toml --as-of 2026-11-23
    /// exit: 0
    /// --- stdout
    /// …
    /// --- stderr
    /// …
    /// ```
    ///
    /// The stamp of the rules (`2026-11-23+3f9a1c2e`) is shown as `[stamp]`, so that
    /// a rule file's edit changes no snapshot but its own; `rules.rs` tests the stamp.
    pub fn output(self) -> String {
        hide_stamps(&self.raw_output())
    }

    /// The run as [`Run::output`] renders it, with the rules' stamp as it is.
    pub fn raw_output(self) -> String {
        let mut command = Command::new(env!("CARGO_BIN_EXE_peercert"));
        command
            .args(&self.args)
            .current_dir(&self.dir)
            .env_clear()
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            });
        let mut child = command.spawn().unwrap();
        let mut line = format!("$ peercert {}", self.command_line());
        let writer = self.stdin.map(|(bytes, label)| {
            line.push_str(&format!(" < {label}"));
            let mut pipe = child.stdin.take().unwrap();
            // The binary may stop reading early (a file that is too large): a broken
            // pipe is then expected, so write errors are ignored.
            std::thread::spawn(move || {
                let _ = pipe.write_all(&bytes);
            })
        });
        let read = |mut pipe: Box<dyn Read + Send>| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                pipe.read_to_end(&mut bytes).unwrap();
                bytes
            })
        };
        let stdout = read(Box::new(child.stdout.take().unwrap()));
        let stderr = read(Box::new(child.stderr.take().unwrap()));
        let status = match self.deadline {
            None => child.wait().unwrap(),
            Some(limit) => {
                let started = Instant::now();
                loop {
                    if let Some(status) = child.try_wait().unwrap() {
                        break status;
                    }
                    if started.elapsed() > limit {
                        child.kill().unwrap();
                        child.wait().unwrap();
                        panic!("`{line}` was still running after {limit:?}, and was killed");
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
            }
        };
        let (stdout, stderr) = (stdout.join().unwrap(), stderr.join().unwrap());
        if let Some(writer) = writer {
            writer.join().unwrap();
        }
        let code = status
            .code()
            .map_or_else(|| "killed by a signal".to_owned(), |c| c.to_string());
        format!(
            "{line}\nexit: {code}\n--- stdout\n{}--- stderr\n{}",
            with_final_newline(&String::from_utf8_lossy(&stdout)),
            with_final_newline(&String::from_utf8_lossy(&stderr)),
        )
    }

    fn command_line(&self) -> String {
        self.args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Every rules stamp in `text` (a date, `+`, 8 hexadecimal digits) as `[stamp]`.
pub fn hide_stamps(text: &str) -> String {
    let is_stamp = |candidate: &[u8]| {
        candidate.len() == 19
            && candidate.iter().enumerate().all(|(i, b)| match i {
                4 | 7 => *b == b'-',
                10 => *b == b'+',
                11.. => b.is_ascii_digit() || (b'a'..=b'f').contains(b),
                _ => b.is_ascii_digit(),
            })
    };
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut start = 0;
    let mut i = 0;
    while i + 19 <= bytes.len() {
        let ends_there = bytes.get(i + 19).is_none_or(|b| !b.is_ascii_hexdigit());
        if is_stamp(&bytes[i..i + 19]) && ends_there {
            out.push_str(&text[start..i]);
            out.push_str("[stamp]");
            i += 19;
            start = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&text[start..]);
    out
}

fn with_final_newline(text: &str) -> String {
    if text.is_empty() || text.ends_with('\n') {
        text.to_owned()
    } else {
        format!("{text}\n")
    }
}

/// A fresh, empty folder under the system's temp dir, removed when dropped.
#[derive(Debug)]
pub struct TempDir(PathBuf);

impl TempDir {
    /// A folder named after the test, the process and a counter, so parallel tests
    /// and parallel runs never share one.
    pub fn new(name: &str) -> TempDir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("peercert-e2e-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `bytes` to `name` inside the folder.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) {
        std::fs::write(self.0.join(name), bytes).unwrap();
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A path relative to the workspace root, with `/` separators, for use in arguments.
pub fn relative(path: &Path) -> String {
    let root = workspace();
    let path = path.canonicalize().unwrap();
    path.strip_prefix(&root)
        .unwrap()
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}
