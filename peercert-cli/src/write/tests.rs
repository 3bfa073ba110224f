use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use super::*;

const OLD: &[u8] = b"[worker]\nid = \"W-1\"\nname = \"Old\"\n";
const NEW: &[u8] = b"[worker]\nid = \"W-1\"\nname = \"New\"\n\n[[training]]\n";

/// A folder of its own for each test, removed at the end.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("peercert-write-{name}-{}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// The names in the folder, sorted.
    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(&self.0)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// `error`'s message, with this folder shown as `[dir]` and the temporary
    /// file's process id and counter as `[n]`.
    fn message(&self, error: &WriteError) -> String {
        let text = error
            .to_string()
            .replace(&self.0.display().to_string(), "[dir]");
        match (text.find(".peercert-tmp"), text.find(".toml.")) {
            (Some(end), Some(start)) if start < end => {
                format!("{}[n]{}", &text[..start + ".toml.".len()], &text[end..])
            }
            _ => text,
        }
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    fs::set_permissions(path, Permissions::from_mode(mode)).unwrap();
}

/// A step of a write that a test makes fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    CreateTemporary,
    SetPermissions,
    Write,
    Sync,
    Rename,
    Link,
    SyncFolder,
}

/// The real file system, except that the steps named fail; a failed write writes
/// half of its bytes first, as a full disk does.
struct Faulty(Vec<Fault>);

impl Faulty {
    fn check(&self, fault: Fault) -> io::Result<()> {
        if self.0.contains(&fault) {
            Err(io::Error::other(format!("injected {fault:?}")))
        } else {
            Ok(())
        }
    }
}

impl Steps for Faulty {
    fn create_temporary(&self, path: &Path) -> io::Result<File> {
        self.check(Fault::CreateTemporary)?;
        Disk.create_temporary(path)
    }

    fn set_permissions(&self, file: &File, permissions: Permissions) -> io::Result<()> {
        self.check(Fault::SetPermissions)?;
        Disk.set_permissions(file, permissions)
    }

    fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
        if self.0.contains(&Fault::Write) {
            Disk.write(file, &bytes[..bytes.len() / 2])?;
        }
        self.check(Fault::Write)?;
        Disk.write(file, bytes)
    }

    fn sync(&self, file: &File) -> io::Result<()> {
        self.check(Fault::Sync)?;
        Disk.sync(file)
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.check(Fault::Rename)?;
        Disk.rename(from, to)
    }

    fn link(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.check(Fault::Link)?;
        Disk.link(from, to)
    }

    fn sync_folder(&self, folder: &Path) -> io::Result<()> {
        self.check(Fault::SyncFolder)?;
        Disk.sync_folder(folder)
    }
}

/// (a) A failure at each step of a replacement leaves the old file or, once it is
/// renamed into place, the new one, with its permissions, and no temporary file.
#[cfg(unix)]
#[test]
fn a_fault_at_any_step_of_a_replacement_leaves_the_old_or_the_new_file() {
    let cases = [
        (
            Fault::CreateTemporary,
            OLD,
            "cannot create the temporary file `[dir]/.record.toml.[n].peercert-tmp`: injected CreateTemporary; nothing was written to `[dir]/record.toml`",
        ),
        (
            Fault::SetPermissions,
            OLD,
            "cannot set the permissions of the temporary file `[dir]/.record.toml.[n].peercert-tmp`: injected SetPermissions; nothing was written to `[dir]/record.toml`",
        ),
        (
            Fault::Write,
            OLD,
            "cannot write the temporary file `[dir]/.record.toml.[n].peercert-tmp`: injected Write; nothing was written to `[dir]/record.toml`",
        ),
        (
            Fault::Sync,
            OLD,
            "cannot sync to disk the temporary file `[dir]/.record.toml.[n].peercert-tmp`: injected Sync; nothing was written to `[dir]/record.toml`",
        ),
        (
            Fault::Rename,
            OLD,
            "cannot rename into place the temporary file `[dir]/.record.toml.[n].peercert-tmp`: injected Rename; nothing was written to `[dir]/record.toml`",
        ),
        (
            Fault::SyncFolder,
            NEW,
            "`[dir]/record.toml` was written, but its folder `[dir]` could not be synced to disk: injected SyncFolder",
        ),
    ];
    for (fault, left, message) in cases {
        let dir = TempDir::new("fault-replace");
        let path = dir.join("record.toml");
        fs::write(&path, OLD).unwrap();
        set_mode(&path, 0o640);
        let locked = lock(&path).unwrap();
        let error = locked
            .replace_with(&Faulty(vec![fault]), OLD, NEW)
            .unwrap_err();
        assert_eq!(dir.message(&error), message, "{fault:?}");
        assert_eq!(fs::read(&path).unwrap(), left, "{fault:?}");
        assert_eq!(mode(&path), 0o640, "{fault:?}");
        assert_eq!(
            dir.names(),
            [".record.toml.lock", "record.toml"],
            "{fault:?}"
        );
    }
}

/// (a) A failure at each step of writing a new file leaves no file or the whole new
/// one, and no temporary file; without hard links the file is still written.
#[test]
fn a_fault_at_any_step_of_a_new_file_leaves_no_file_or_the_new_one() {
    /// The steps that fail, the file left, the error.
    type Case = (
        &'static [Fault],
        Option<&'static [u8]>,
        Option<&'static str>,
    );
    let cases: [Case; 6] = [
        (
            &[Fault::CreateTemporary],
            None,
            Some(
                "cannot create the temporary file `[dir]/.record.toml.[n].peercert-tmp`: injected CreateTemporary; nothing was written to `[dir]/record.toml`",
            ),
        ),
        (
            &[Fault::Write],
            None,
            Some(
                "cannot write the temporary file `[dir]/.record.toml.[n].peercert-tmp`: injected Write; nothing was written to `[dir]/record.toml`",
            ),
        ),
        (
            &[Fault::Sync],
            None,
            Some(
                "cannot sync to disk the temporary file `[dir]/.record.toml.[n].peercert-tmp`: injected Sync; nothing was written to `[dir]/record.toml`",
            ),
        ),
        // A file system without hard links: checked, then renamed, under the lock.
        (&[Fault::Link], Some(NEW), None),
        (
            &[Fault::Link, Fault::Rename],
            None,
            Some(
                "cannot rename into place the temporary file `[dir]/.record.toml.[n].peercert-tmp`: injected Rename; nothing was written to `[dir]/record.toml`",
            ),
        ),
        (
            &[Fault::SyncFolder],
            Some(NEW),
            Some(
                "`[dir]/record.toml` was written, but its folder `[dir]` could not be synced to disk: injected SyncFolder",
            ),
        ),
    ];
    for (faults, left, message) in cases {
        let dir = TempDir::new("fault-new");
        let path = dir.join("record.toml");
        let locked = lock(&path).unwrap();
        let result = locked.create_with(&Faulty(faults.to_vec()), NEW);
        assert_eq!(
            result.as_ref().err().map(|e| dir.message(e)).as_deref(),
            message,
            "{faults:?}"
        );
        assert_eq!(fs::read(&path).ok().as_deref(), left, "{faults:?}");
        let expected: &[&str] = match left {
            Some(_) => &[".record.toml.lock", "record.toml"],
            None => &[".record.toml.lock"],
        };
        assert_eq!(dir.names(), expected, "{faults:?}");
    }
}

/// A new file whose name is taken by the time it is linked is refused and left as
/// it is, even on a file system without hard links.
#[test]
fn a_new_file_never_replaces_one_made_meanwhile() {
    for faults in [vec![], vec![Fault::Link]] {
        let dir = TempDir::new("new-raced");
        let path = dir.join("record.toml");
        let locked = lock(&path).unwrap();
        // Made after the check, before the link: what a program that takes no lock
        // could do. `Faulty` runs the real steps, and makes it at the link.
        struct MakeAtLink<'a>(&'a Path, Faulty);
        impl Steps for MakeAtLink<'_> {
            fn create_temporary(&self, path: &Path) -> io::Result<File> {
                self.1.create_temporary(path)
            }
            fn set_permissions(&self, file: &File, permissions: Permissions) -> io::Result<()> {
                self.1.set_permissions(file, permissions)
            }
            fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
                self.1.write(file, bytes)
            }
            fn sync(&self, file: &File) -> io::Result<()> {
                self.1.sync(file)
            }
            fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
                self.1.rename(from, to)
            }
            fn link(&self, from: &Path, to: &Path) -> io::Result<()> {
                fs::write(self.0, OLD)?;
                self.1.link(from, to)
            }
            fn sync_folder(&self, folder: &Path) -> io::Result<()> {
                self.1.sync_folder(folder)
            }
        }
        let error = locked
            .create_with(&MakeAtLink(&path, Faulty(faults.clone())), NEW)
            .unwrap_err();
        assert_eq!(
            dir.message(&error),
            "`[dir]/record.toml` already exists; nothing was written",
            "{faults:?}"
        );
        assert_eq!(fs::read(&path).unwrap(), OLD, "{faults:?}");
        assert_eq!(
            dir.names(),
            [".record.toml.lock", "record.toml"],
            "{faults:?}"
        );
    }
}

#[test]
fn write_new_refuses_an_existing_file() {
    let dir = TempDir::new("exists");
    let path = dir.join("record.toml");
    write_new(&path, OLD).unwrap();
    assert_eq!(fs::read(&path).unwrap(), OLD);
    let error = write_new(&path, NEW).unwrap_err();
    assert_eq!(
        dir.message(&error),
        "`[dir]/record.toml` already exists; nothing was written"
    );
    assert_eq!(fs::read(&path).unwrap(), OLD);
    assert_eq!(dir.names(), [".record.toml.lock", "record.toml"]);
}

#[test]
fn a_file_changed_on_disk_is_refused_and_left_as_it_is() {
    let dir = TempDir::new("changed");
    let path = dir.join("record.toml");
    let cases: [(Option<&[u8]>, &str); 3] = [
        (
            Some(b"[worker]\nid = \"W-1\"\nname = \"Edited\"\n"),
            "changed",
        ),
        (Some(&[OLD, b"# more\n"].concat()), "grew"),
        (None, "removed"),
    ];
    for (on_disk, case) in cases {
        fs::write(&path, OLD).unwrap();
        let read = fs::read(&path).unwrap();
        match on_disk {
            Some(bytes) => fs::write(&path, bytes).unwrap(),
            None => fs::remove_file(&path).unwrap(),
        }
        let error = lock(&path).unwrap().replace(&read, NEW).unwrap_err();
        assert_eq!(
            dir.message(&error),
            "`[dir]/record.toml` changed on disk since it was read; nothing was written",
            "{case}"
        );
        assert_eq!(fs::read(&path).ok().as_deref(), on_disk, "{case}");
        let expected: &[&str] = match on_disk {
            Some(_) => &[".record.toml.lock", "record.toml"],
            None => &[".record.toml.lock"],
        };
        assert_eq!(dir.names(), expected, "{case}");
    }
}

/// A file too large for a record is read only as far as it takes to tell.
#[test]
fn a_huge_file_is_not_read_whole() {
    let dir = TempDir::new("huge");
    let path = dir.join("record.toml");
    let size = usize::try_from(MAX_FILE_BYTES).unwrap() + 100;
    fs::write(&path, vec![b'#'; size]).unwrap();
    let read = lock(&path).unwrap().read().unwrap();
    assert_eq!(read.len(), size - 99);
}

#[cfg(unix)]
#[test]
fn permissions_are_kept() {
    let dir = TempDir::new("mode");
    let path = dir.join("record.toml");
    for wanted in [0o600, 0o640, 0o444] {
        fs::write(&path, OLD).unwrap();
        set_mode(&path, wanted);
        lock(&path).unwrap().replace(OLD, NEW).unwrap();
        assert_eq!(fs::read(&path).unwrap(), NEW);
        assert_eq!(mode(&path), wanted);
        set_mode(&path, 0o600);
        fs::remove_file(&path).unwrap();
    }
    fs::write(&path, OLD).unwrap();
    set_mode(&path, 0o604);
    publish(&path, NEW).unwrap();
    assert_eq!(mode(&path), 0o604);
    // The lock of the replacements above; publishing adds none.
    assert_eq!(dir.names(), [".record.toml.lock", "record.toml"]);
}

/// A symbolic link is written through: the file it leads to changes, the link
/// stays a link, and the lock is beside the file.
#[cfg(unix)]
#[test]
fn a_symbolic_link_is_written_through() {
    let dir = TempDir::new("link");
    fs::create_dir(dir.join("real")).unwrap();
    let real = dir.join("real/record.toml");
    fs::write(&real, OLD).unwrap();
    let link = dir.join("link.toml");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    lock(&link).unwrap().replace(OLD, NEW).unwrap();
    assert_eq!(fs::read(&real).unwrap(), NEW);
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(dir.names(), ["link.toml", "real"]);
    let mut real_names: Vec<_> = fs::read_dir(dir.join("real"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    real_names.sort();
    assert_eq!(real_names, [".record.toml.lock", "record.toml"]);

    // A new file's name taken by a link, even a broken one, is refused.
    let broken = dir.join("broken.toml");
    std::os::unix::fs::symlink(dir.join("nowhere.toml"), &broken).unwrap();
    let error = write_new(&broken, NEW).unwrap_err();
    assert_eq!(
        dir.message(&error),
        "cannot follow the symbolic link `[dir]/broken.toml`: No such file or directory (os error 2); nothing was written"
    );
    assert!(!dir.join("nowhere.toml").exists());
}

#[cfg(unix)]
#[test]
fn folders_pipes_sockets_and_devices_are_refused() {
    let dir = TempDir::new("special");
    let socket = dir.join("socket.toml");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    let error = publish(&socket, NEW).unwrap_err();
    assert_eq!(
        dir.message(&error),
        "`[dir]/socket.toml` is a socket, not a regular file; nothing was written"
    );
    let error = output(Path::new("/dev/null"), NEW).unwrap_err();
    assert_eq!(
        error.to_string(),
        "`/dev/null` is a device, not a regular file; nothing was written"
    );
    let error = lock(&dir.0).unwrap_err();
    assert_eq!(
        dir.message(&error),
        "`[dir]` is a folder, not a regular file; nothing was written"
    );
    let pipe = dir.join("pipe.html");
    let status = Command::new("mkfifo").arg(&pipe).status().unwrap();
    assert!(status.success());
    // Opening the pipe would wait for a reader forever: it is never opened.
    let error = output(&pipe, NEW).unwrap_err();
    assert_eq!(
        dir.message(&error),
        "`[dir]/pipe.html` is a named pipe, not a regular file; nothing was written"
    );
    assert_eq!(dir.names(), ["pipe.html", "socket.toml"]);
}

/// A report is written without a lock: nothing is left beside it, a new one gets
/// the usual permissions, and a symbolic link to one is written through, its
/// temporary file made beside the file it leads to.
#[cfg(unix)]
#[test]
fn a_report_is_published_without_a_lock() {
    let dir = TempDir::new("publish");
    let path = dir.join("report.html");
    publish(&path, OLD).unwrap();
    assert_eq!(fs::read(&path).unwrap(), OLD);
    assert_eq!(dir.names(), ["report.html"]);
    publish(&path, NEW).unwrap();
    assert_eq!(fs::read(&path).unwrap(), NEW);
    assert_eq!(dir.names(), ["report.html"]);
    fs::create_dir(dir.join("real")).unwrap();
    let real = dir.join("real/report.html");
    fs::write(&real, OLD).unwrap();
    set_mode(&real, 0o640);
    let link = dir.join("link.html");
    std::os::unix::fs::symlink("real/report.html", &link).unwrap();
    publish(&link, NEW).unwrap();
    assert_eq!(fs::read(&real).unwrap(), NEW);
    assert_eq!(mode(&real), 0o640);
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(dir.names(), ["link.html", "real", "report.html"]);
    assert_eq!(fs::read_dir(dir.join("real")).unwrap().count(), 1);
    // A link that leads nowhere is refused, and stays as it was.
    let broken = dir.join("broken.html");
    std::os::unix::fs::symlink("nowhere.html", &broken).unwrap();
    let error = publish(&broken, NEW).unwrap_err();
    assert_eq!(
        dir.message(&error),
        "cannot follow the symbolic link `[dir]/broken.html`: No such file or directory (os error 2); nothing was written"
    );
    assert!(
        fs::symlink_metadata(&broken)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(!dir.join("nowhere.html").exists());
}

/// Twenty threads publishing one report at once all succeed, and the report is one
/// of theirs, whole.
#[test]
fn twenty_threads_publishing_one_report_all_succeed() {
    let dir = TempDir::new("publish-threads");
    let path = dir.join("report.html");
    let reports: Vec<String> = (0..20).map(|i| entries(100 + i)).collect();
    std::thread::scope(|scope| {
        for report in &reports {
            scope.spawn(|| publish(&path, report.as_bytes()).unwrap());
        }
    });
    let written = fs::read_to_string(&path).unwrap();
    assert!(reports.contains(&written));
    assert_eq!(dir.names(), ["report.html"]);
}

#[test]
fn temporary_names_are_unique_and_recognised() {
    let dir = TempDir::new("names");
    let name = OsStr::new("record.toml");
    let (first, _) = create_temporary(&Disk, &dir.0, name).unwrap();
    let (second, _) = create_temporary(&Disk, &dir.0, name).unwrap();
    assert_ne!(first, second);
    for path in [&first, &second] {
        assert!(is_temporary_of(name, path.file_name().unwrap()), "{path:?}");
    }
    let cases = [
        (".record.toml.12-0.peercert-tmp", true),
        (".record.toml.12-0.peercert-tmp~", false),
        // The name `audit --output` used to give, shared by every run.
        (".record.toml.peercert-tmp", false),
        (".record.toml.-0.peercert-tmp", false),
        (".record.toml.12-0-1.peercert-tmp", false),
        // The temporary file of `record.toml.bak`, of `old.record.toml`.
        (".record.toml.bak.12-0.peercert-tmp", false),
        (".old.record.toml.12-0.peercert-tmp", false),
        ("record.toml", false),
    ];
    for (candidate, expected) in cases {
        assert_eq!(
            is_temporary_of(name, OsStr::new(candidate)),
            expected,
            "{candidate}"
        );
    }
}

/// What a killed writer left is removed by the next write of the same file, and
/// only that.
#[test]
fn the_next_write_sweeps_what_a_killed_writer_left() {
    let dir = TempDir::new("sweep");
    let path = dir.join("record.toml");
    fs::write(&path, OLD).unwrap();
    for name in [
        ".record.toml.4242-0.peercert-tmp",
        ".record.toml.4242-1.peercert-tmp",
        ".record.toml.bak.4242-0.peercert-tmp",
        ".other.toml.4242-0.peercert-tmp",
    ] {
        fs::write(dir.join(name), "half").unwrap();
    }
    lock(&path).unwrap().replace(OLD, NEW).unwrap();
    assert_eq!(fs::read(&path).unwrap(), NEW);
    assert_eq!(
        dir.names(),
        [
            ".other.toml.4242-0.peercert-tmp",
            ".record.toml.bak.4242-0.peercert-tmp",
            ".record.toml.lock",
            "record.toml",
        ]
    );
}

/// `entry 0` to `entry {n - 1}`, one a line.
fn entries(n: usize) -> String {
    (0..n).map(|i| format!("entry {i}\n")).collect()
}

/// Locks `path`, reads it, adds the next entry and replaces it, as `peercert log`
/// does.
fn append_entry(path: &Path) {
    let locked = lock(path).unwrap();
    let original = locked.read().unwrap();
    let text = String::from_utf8(original.clone()).unwrap();
    let n = text.lines().count();
    assert_eq!(text, entries(n));
    let changed = format!("{text}entry {n}\n");
    locked.replace(&original, changed.as_bytes()).unwrap();
}

const CHILD: &str = "write::tests::child_appends_entries";

/// This test binary, running only [`child_appends_entries`] on `path`, `times`
/// times or until it is killed.
fn child(path: &Path, times: Option<usize>) -> Command {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["--exact", CHILD, "--ignored", "--test-threads=1", "-q"])
        .env("PEERCERT_WRITE_CHILD", path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Some(times) = times {
        command.env("PEERCERT_WRITE_TIMES", times.to_string());
    }
    command
}

/// The child process of the kill and concurrency tests; does nothing otherwise.
#[test]
#[ignore = "a child process of the kill and concurrency tests, which start it"]
fn child_appends_entries() {
    let Some(path) = std::env::var_os("PEERCERT_WRITE_CHILD") else {
        return;
    };
    let times: Option<usize> = std::env::var("PEERCERT_WRITE_TIMES")
        .ok()
        .map(|t| t.parse().unwrap());
    let mut done = 0;
    while times.is_none_or(|times| done < times) {
        append_entry(Path::new(&path));
        done += 1;
    }
}

/// (b) A process that rewrites a file in a loop, killed (SIGKILL) at random
/// moments, always leaves one complete version, never older than the one before;
/// it leaves at most the temporary file it was writing, and the next run removes it.
///
/// At least `PEERCERT_KILLS` kills (100 by default; `.ci/run` sets 300), and more
/// until the kills have landed while entries were being written (ten entries in all, and at least one kill in mid-write): on a loaded
/// machine a child may not have started writing by the moment it is killed, so each
/// kill that found no new entry waits longer before the next.
#[test]
fn a_killed_writer_leaves_one_complete_version() {
    let kills: usize = std::env::var("PEERCERT_KILLS").map_or(100, |n| n.parse().unwrap());
    let most_kills = 10 * kills.max(100);
    let dir = TempDir::new("kill");
    let path = dir.join("record.toml");
    fs::write(&path, "").unwrap();
    // xorshift64, from a fixed seed.
    let mut random: u64 = 0x9E37_79B9_7F4A_7C15;
    // The longest wait before a kill, in microseconds.
    let mut window: u64 = 12_000;
    let mut last = 0;
    let mut interrupted = 0;
    let mut kill = 0;
    while kill < kills || last < 10 || interrupted == 0 {
        assert!(
            kill < most_kills,
            "after {kill} kills: {last} entries written, {interrupted} kills in mid-write"
        );
        let mut running = child(&path, None).spawn().unwrap();
        random ^= random << 13;
        random ^= random >> 7;
        random ^= random << 17;
        std::thread::sleep(Duration::from_micros(random % window));
        running.kill().unwrap();
        running.wait().unwrap();
        let text = fs::read_to_string(&path).unwrap();
        let n = text.lines().count();
        assert_eq!(text, entries(n), "after kill {kill}");
        assert!(n >= last, "after kill {kill}: {n} entries, {last} before");
        let left: Vec<String> = dir
            .names()
            .into_iter()
            .filter(|name| name.ends_with(".peercert-tmp"))
            .collect();
        assert!(left.len() <= 1, "after kill {kill}: {left:?}");
        interrupted += left.len();
        if n == last && left.is_empty() {
            window = (window * 5 / 4).min(2_000_000);
        }
        last = n;
        kill += 1;
    }
    assert!(child(&path, Some(1)).status().unwrap().success());
    assert_eq!(fs::read_to_string(&path).unwrap(), entries(last + 1));
    assert_eq!(dir.names(), [".record.toml.lock", "record.toml"]);
    eprintln!("{kill} kills, {interrupted} in mid-write, {last} entries written");
}

/// (c) Twenty threads that each lock, read, add an entry and replace lose none.
#[test]
fn twenty_threads_adding_an_entry_lose_none() {
    let dir = TempDir::new("threads");
    let path = dir.join("record.toml");
    fs::write(&path, "").unwrap();
    std::thread::scope(|scope| {
        for _ in 0..20 {
            scope.spawn(|| append_entry(&path));
        }
    });
    assert_eq!(fs::read_to_string(&path).unwrap(), entries(20));
    assert_eq!(dir.names(), [".record.toml.lock", "record.toml"]);
}

/// (c) Twenty processes that each lock, read, add an entry and replace lose none.
#[test]
fn twenty_processes_adding_an_entry_lose_none() {
    let dir = TempDir::new("processes");
    let path = dir.join("record.toml");
    fs::write(&path, "").unwrap();
    let running: Vec<_> = (0..20)
        .map(|_| child(&path, Some(1)).spawn().unwrap())
        .collect();
    let statuses: BTreeSet<_> = running
        .into_iter()
        .map(|mut c| c.wait().unwrap().success())
        .collect();
    assert_eq!(statuses, BTreeSet::from([true]));
    assert_eq!(fs::read_to_string(&path).unwrap(), entries(20));
    assert_eq!(dir.names(), [".record.toml.lock", "record.toml"]);
}
