//! Writing a file so that a crash, a full disk or a second peercert process never
//! leaves it lost, truncated or half-written: every command that writes a file
//! (the commands that change a worker's record or a rule file, `new`, and the
//! reports of `audit --output`, `audit --packets` and `report -o`) goes through
//! here.
//!
//! # Use
//!
//! A command that changes a file it has read locks the file *before* reading it, so
//! that its read, change and write are one step for every other peercert process:
//!
//! ```text
//! let locked = write::lock(path)?;        // waits while another peercert writes it
//! let original = locked.read()?;
//! let changed = edit(&original)?;
//! locked.replace(&original, &changed)?;   // refused if the bytes on disk differ
//! ```
//!
//! [`write_new`] locks, writes and unlocks in one call.
//! Two peercert processes that each lock, read, add an entry and replace never lose
//! either entry: the second waits for the first and reads its result.
//!
//! # How a file is written
//!
//! 1. **Lock.** [`lock`] takes an exclusive advisory lock (`flock` on Unix,
//!    `LockFileEx` on Windows: the standard library's [`File::lock`], stable since
//!    Rust 1.89, our `rust-version`, makes the same calls as the `fs4` and `fd-lock`
//!    crates without a dependency) on a sibling file
//!    `.{name}.lock`, made on first use and never removed. Not the file itself: it
//!    is replaced by a rename, and a process that locked the replaced inode would
//!    believe it holds a lock nobody else can see. Never removed: a lock file
//!    removed while another process waits on it lets a third process lock a new file
//!    of the same name, and two processes would hold "the" lock. The lock is released
//!    when the [`Locked`] is dropped, or when its process dies, however it dies. It
//!    binds only programs that take it: another program (an editor) is caught by
//!    [`Locked::replace`]'s comparison instead.
//! 2. **Sweep.** Temporary files left beside the same file by a peercert process
//!    that was killed are removed: under the lock no live process owns one, so they
//!    never accumulate.
//! 3. **Temporary file.** `.{name}.{process id}-{counter}.peercert-tmp`, in the same
//!    folder (a rename never crosses file systems), created with create-new semantics
//!    so that it never opens an existing file: the process id is unique among
//!    running processes, the counter among one process's writes, and a name that is
//!    taken all the same (a dead process's file) is passed over for the next one.
//! 4. **Permissions.** When a file is replaced, its permissions (the mode on Unix)
//!    are set on the temporary file before anything is written into it, so a private
//!    record is never readable more widely, not even for a moment. Owner and group
//!    are not copied: only the superuser could.
//! 5. **Write and sync.** Every byte is written straight to the operating system
//!    (there is no buffer to flush), then `fsync`ed ([`File::sync_all`]).
//! 6. **Put in place.** A replacement is renamed over the file: a rename is atomic,
//!    so every reader sees the old file or the new one. A new file is hard-linked to
//!    its name, which fails if the name is taken — the check and the creation are
//!    one step, so a file created meanwhile by anyone is never overwritten — and the
//!    temporary name is removed. On a file system without hard links (FAT), the name
//!    is checked and the file renamed, both under the lock: only a program that
//!    takes no lock could create the name in between.
//! 7. **Sync the folder**, so that the rename itself is on disk (on Unix; elsewhere
//!    this step is skipped).
//!
//! Any failure in steps 3 to 6 removes the temporary file and leaves the original as
//! it was; the error names the step, the temporary file and the file.
//!
//! # Guarantees
//!
//! *Atomic*: a reader, or the disk after a crash, sees the whole old file or the
//! whole new one, never a mix, a truncated file or no file. *Durable*: once a write
//! returns `Ok`, the new file survives a power loss. If syncing the folder fails,
//! the new file is in place but the error says it may not be durable.
//!
//! | crash (kill or power loss) during | on disk afterwards |
//! | --- | --- |
//! | 1–2, lock or sweep | the old file |
//! | 3–5, the temporary file | the old file, and a temporary file the next write removes |
//! | 6, the rename or the link | the old file or the new one (a rename is atomic) |
//! | between the link and removing the temporary name | the new file, and a second name for it the next write removes |
//! | 7, before the folder is synced | the new file; after a power loss possibly the old one, complete: the new one's bytes were synced before the rename |
//!
//! # Reports
//!
//! A report or a packet is written whole and never read back to be changed, so there
//! is no update to lose: [`publish`] takes no lock, and leaves no `.{name}.lock`
//! beside it (a folder of packets holds the packets only). Steps 3 to 7 are as
//! above, but the temporary file is made by the `tempfile` crate,
//! `.{name}.{10 random letters and digits}.peercert-tmp`, created with create-new
//! semantics: two processes writing the same report at once each write their own
//! temporary file and rename it over the report, so neither fails and the report is
//! always one whole report, the one renamed last. A temporary file left by a
//! process that was killed is not swept (without the lock, it could be another
//! process's, being written): it holds a partial report and may be deleted.
//!
//! [`output`] writes a report where `--output` says: `-` and `/dev/stdout` mean
//! standard output and `/dev/stderr` standard error, written to directly (no
//! temporary file, nothing opened by name); any other path is [`publish`]ed.
//!
//! # What is written
//!
//! Only regular files. A symbolic link is followed, once, when the file is locked
//! (or, for a report, before it is written): the file it points to is written
//! (and locked, so two links to one record share a lock), its temporary file made
//! beside it, and the link stays a link. Replacing the link by a file would silently
//! split a record kept in one place and linked from another. A link that leads
//! nowhere, a folder, a named pipe, a socket or a device is refused, and nothing is
//! opened or written (`/dev/null` included: leave out `--output` and discard
//! standard output instead).

use std::ffi::{OsStr, OsString};
use std::fs::{self, File, OpenOptions, Permissions};
use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use peercert_core::error::MAX_FILE_BYTES;

/// The last part of every temporary file's name.
const TEMPORARY: &str = "peercert-tmp";

/// Why a file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// A new file's name is taken.
    #[error("`{}` already exists; nothing was written", path.display())]
    Exists { path: PathBuf },
    /// The file on disk is not what the caller read.
    #[error("`{}` changed on disk since it was read; nothing was written", path.display())]
    Changed { path: PathBuf },
    /// A folder, pipe, socket or device.
    #[error("`{}` is {kind}, not a regular file; nothing was written", path.display())]
    NotRegular { path: PathBuf, kind: &'static str },
    /// A symbolic link that leads nowhere.
    #[error("cannot follow the symbolic link `{}`: {source}; nothing was written", path.display())]
    Link { path: PathBuf, source: io::Error },
    /// The lock file cannot be made or locked.
    #[error("cannot lock `{}`: {source}; nothing was written", path.display())]
    Lock { path: PathBuf, source: io::Error },
    /// The file cannot be read.
    #[error("cannot read `{}`: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    /// A step of the write failed; the original is as it was.
    #[error(
        "cannot {} `{}`: {source}; nothing was written to `{}`",
        step.describe(),
        temporary.display(),
        path.display()
    )]
    Step {
        step: Step,
        temporary: PathBuf,
        path: PathBuf,
        source: io::Error,
    },
    /// Standard output or standard error cannot be written.
    #[error("cannot write the report to {name}: {source}")]
    Stream {
        name: &'static str,
        source: io::Error,
    },
    /// The new file is in place, but the rename may not survive a power loss.
    #[error(
        "`{}` was written, but its folder `{}` could not be synced to disk: {source}",
        path.display(),
        folder.display()
    )]
    Unsynced {
        path: PathBuf,
        folder: PathBuf,
        source: io::Error,
    },
}

/// A step of a write that can fail, named in [`WriteError::Step`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    CreateTemporary,
    SetPermissions,
    Write,
    Sync,
    Rename,
}

impl Step {
    /// What the step does to the temporary file, after "cannot".
    fn describe(self) -> &'static str {
        match self {
            Step::CreateTemporary => "create the temporary file",
            Step::SetPermissions => "set the permissions of the temporary file",
            Step::Write => "write the temporary file",
            Step::Sync => "sync to disk the temporary file",
            Step::Rename => "rename into place the temporary file",
        }
    }
}

/// Writes `bytes` to `path`, which must not exist yet (nor be a symbolic link).
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    lock(path)?.create(bytes)
}

/// Writes a report (`--output FILE`, `report -o FILE`): `-` and `/dev/stdout` are
/// standard output and `/dev/stderr` standard error, written straight to the
/// stream; any other path is [`publish`]ed.
pub fn output(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let stream = |name: &'static str, mut stream: Box<dyn io::Write>| {
        stream
            .write_all(bytes)
            .and_then(|()| stream.flush())
            .map_err(|source| WriteError::Stream { name, source })
    };
    if path == Path::new("-") || path == Path::new("/dev/stdout") {
        stream("standard output", Box::new(io::stdout().lock()))
    } else if path == Path::new("/dev/stderr") {
        stream("standard error", Box::new(io::stderr().lock()))
    } else {
        publish(path, bytes)
    }
}

/// Writes `bytes` to `path`, replacing whatever regular file is there, without a
/// lock: for files that are written whole and never read back to be changed (reports
/// and evidence packets). See "Reports" in the module docs.
pub fn publish(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let target = resolve(path)?;
    let Some(name) = target.file_name() else {
        return Err(WriteError::NotRegular {
            path: path.to_path_buf(),
            kind: "a folder",
        });
    };
    let folder = folder(&target);
    let permissions = fs::metadata(&target).ok().map(|m| m.permissions());
    let prefix = hidden(name, ".");
    let suffix = format!(".{TEMPORARY}");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(&suffix).rand_bytes(10);
    // A new file gets the permissions any new file gets (0o666 less the umask); a
    // replaced one is private until its own permissions are set.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = if permissions.is_some() { 0o600 } else { 0o666 };
        builder.permissions(Permissions::from_mode(mode));
    }
    let failed = |step, temporary: &Path, source| WriteError::Step {
        step,
        temporary: temporary.to_path_buf(),
        path: path.to_path_buf(),
        source,
    };
    let pattern = folder.join(hidden(name, &format!(".*{suffix}")));
    let mut temporary = builder
        .tempfile_in(&folder)
        .map_err(|e| failed(Step::CreateTemporary, &pattern, e))?;
    // From here, dropping `temporary` on an error removes its file.
    let temporary_path = temporary.path().to_path_buf();
    if let Some(permissions) = permissions {
        temporary
            .as_file()
            .set_permissions(permissions)
            .map_err(|e| failed(Step::SetPermissions, &temporary_path, e))?;
    }
    temporary
        .as_file_mut()
        .write_all(bytes)
        .map_err(|e| failed(Step::Write, &temporary_path, e))?;
    temporary
        .as_file()
        .sync_all()
        .map_err(|e| failed(Step::Sync, &temporary_path, e))?;
    temporary
        .persist(&target)
        .map_err(|e| failed(Step::Rename, &temporary_path, e.error))?;
    Disk.sync_folder(&folder)
        .map_err(|source| WriteError::Unsynced {
            path: path.to_path_buf(),
            folder,
            source,
        })
}

/// Locks `path` for writing, waiting while another peercert process holds it.
///
/// A symbolic link is followed here, once. Hold the lock for as short a time as
/// possible: never while waiting on a person.
pub fn lock(path: &Path) -> Result<Locked, WriteError> {
    let target = resolve(path)?;
    let Some(name) = target.file_name() else {
        return Err(WriteError::NotRegular {
            path: path.to_path_buf(),
            kind: "a folder",
        });
    };
    let lock_path = folder(&target).join(hidden(name, ".lock"));
    let failed = |source| WriteError::Lock {
        path: lock_path.clone(),
        source,
    };
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_path)
        .map_err(failed)?;
    file.lock().map_err(failed)?;
    Ok(Locked {
        shown: path.to_path_buf(),
        target,
        _lock: file,
    })
}

/// A file locked for writing by this process; dropping it releases the lock.
#[derive(Debug)]
pub struct Locked {
    /// The path as the caller gave it, for messages.
    shown: PathBuf,
    /// The file written: `shown`, its symbolic link followed.
    target: PathBuf,
    /// The open lock file: closing it releases the lock.
    _lock: File,
}

impl Locked {
    /// The file's bytes as they are on disk now, at most one byte more than
    /// [`MAX_FILE_BYTES`]: enough for
    /// [`source_from_bytes`](peercert_core::error::source_from_bytes) to refuse a file too
    /// large, without reading it whole.
    pub fn read(&self) -> Result<Vec<u8>, WriteError> {
        let unreadable = |source| WriteError::Read {
            path: self.shown.clone(),
            source,
        };
        let mut bytes = Vec::new();
        File::open(&self.target)
            .map_err(unreadable)?
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(unreadable)?;
        Ok(bytes)
    }

    /// Writes `bytes` as a new file; refused if anything has the name.
    pub fn create(&self, bytes: &[u8]) -> Result<(), WriteError> {
        self.create_with(&Disk, bytes)
    }

    /// Replaces the file with `bytes` if its content on disk is `expected`, keeping
    /// its permissions; refused, with nothing written, if it is not (or is gone).
    pub fn replace(&self, expected: &[u8], bytes: &[u8]) -> Result<(), WriteError> {
        self.replace_with(&Disk, expected, bytes)
    }

    fn create_with(&self, steps: &impl Steps, bytes: &[u8]) -> Result<(), WriteError> {
        if fs::symlink_metadata(&self.target).is_ok() {
            return Err(self.exists());
        }
        self.put(steps, bytes, None, Place::Link)
    }

    fn replace_with(
        &self,
        steps: &impl Steps,
        expected: &[u8],
        bytes: &[u8],
    ) -> Result<(), WriteError> {
        let unreadable = |source| WriteError::Read {
            path: self.shown.clone(),
            source,
        };
        let changed = || WriteError::Changed {
            path: self.shown.clone(),
        };
        let file = match File::open(&self.target) {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(changed()),
            Err(e) => return Err(unreadable(e)),
        };
        let permissions = file.metadata().map_err(unreadable)?.permissions();
        // One byte more than expected is enough to see that the file grew.
        let limit = u64::try_from(expected.len())
            .unwrap_or(u64::MAX)
            .saturating_add(1);
        let mut current = Vec::with_capacity(expected.len());
        file.take(limit)
            .read_to_end(&mut current)
            .map_err(unreadable)?;
        if current != expected {
            return Err(changed());
        }
        self.put(steps, bytes, Some(permissions), Place::Rename)
    }

    /// Steps 2 to 7 of the module docs.
    fn put(
        &self,
        steps: &impl Steps,
        bytes: &[u8],
        permissions: Option<Permissions>,
        place: Place,
    ) -> Result<(), WriteError> {
        let folder = folder(&self.target);
        // INVARIANT: `lock` refused a target without a file name.
        let name = self.target.file_name().unwrap_or_default();
        sweep(&folder, name);
        let (temporary, mut file) =
            create_temporary(steps, &folder, name).map_err(|(temporary, source)| {
                WriteError::Step {
                    step: Step::CreateTemporary,
                    temporary,
                    path: self.shown.clone(),
                    source,
                }
            })?;
        let failed = |step, source| {
            // Best effort: a file left here is swept by the next write.
            let _ = fs::remove_file(&temporary);
            WriteError::Step {
                step,
                temporary: temporary.clone(),
                path: self.shown.clone(),
                source,
            }
        };
        if let Some(permissions) = permissions {
            steps
                .set_permissions(&file, permissions)
                .map_err(|e| failed(Step::SetPermissions, e))?;
        }
        steps
            .write(&mut file, bytes)
            .map_err(|e| failed(Step::Write, e))?;
        steps.sync(&file).map_err(|e| failed(Step::Sync, e))?;
        drop(file);
        match place {
            Place::Rename => steps
                .rename(&temporary, &self.target)
                .map_err(|e| failed(Step::Rename, e))?,
            Place::Link => match steps.link(&temporary, &self.target) {
                Ok(()) => {
                    // A name left here is swept by the next write.
                    let _ = fs::remove_file(&temporary);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    let _ = fs::remove_file(&temporary);
                    return Err(self.exists());
                }
                // No hard links on this file system: check, then rename, under the lock.
                Err(_) => {
                    if fs::symlink_metadata(&self.target).is_ok() {
                        let _ = fs::remove_file(&temporary);
                        return Err(self.exists());
                    }
                    steps
                        .rename(&temporary, &self.target)
                        .map_err(|e| failed(Step::Rename, e))?;
                }
            },
        }
        steps
            .sync_folder(&folder)
            .map_err(|source| WriteError::Unsynced {
                path: self.shown.clone(),
                folder,
                source,
            })
    }

    fn exists(&self) -> WriteError {
        WriteError::Exists {
            path: self.shown.clone(),
        }
    }
}

/// How the temporary file takes the file's name.
#[derive(Debug, Clone, Copy)]
enum Place {
    /// Over whatever is there.
    Rename,
    /// Only if nothing is there.
    Link,
}

/// The file-system calls of a write, one per step that can fail, so that a test can
/// make any one of them fail while the rest of the real sequence runs.
trait Steps {
    fn create_temporary(&self, path: &Path) -> io::Result<File>;
    fn set_permissions(&self, file: &File, permissions: Permissions) -> io::Result<()>;
    fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<()>;
    fn sync(&self, file: &File) -> io::Result<()>;
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    fn link(&self, from: &Path, to: &Path) -> io::Result<()>;
    fn sync_folder(&self, folder: &Path) -> io::Result<()>;
}

/// The real file system.
#[derive(Debug)]
struct Disk;

impl Steps for Disk {
    fn create_temporary(&self, path: &Path) -> io::Result<File> {
        OpenOptions::new().write(true).create_new(true).open(path)
    }

    fn set_permissions(&self, file: &File, permissions: Permissions) -> io::Result<()> {
        file.set_permissions(permissions)
    }

    fn write(&self, file: &mut File, bytes: &[u8]) -> io::Result<()> {
        file.write_all(bytes)
    }

    fn sync(&self, file: &File) -> io::Result<()> {
        file.sync_all()
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        fs::rename(from, to)
    }

    fn link(&self, from: &Path, to: &Path) -> io::Result<()> {
        fs::hard_link(from, to)
    }

    #[cfg(unix)]
    fn sync_folder(&self, folder: &Path) -> io::Result<()> {
        File::open(folder)?.sync_all()
    }

    #[cfg(not(unix))]
    fn sync_folder(&self, _folder: &Path) -> io::Result<()> {
        Ok(())
    }
}

/// The file to write for `path`: itself, or where its symbolic link leads; refused
/// if that is not a regular file (a file that does not exist yet is fine).
fn resolve(path: &Path) -> Result<PathBuf, WriteError> {
    let target = match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            fs::canonicalize(path).map_err(|source| WriteError::Link {
                path: path.to_path_buf(),
                source,
            })?
        }
        Ok(_) | Err(_) => path.to_path_buf(),
    };
    match fs::metadata(&target) {
        Ok(meta) if !meta.is_file() => Err(WriteError::NotRegular {
            path: path.to_path_buf(),
            kind: kind(&meta.file_type()),
        }),
        Ok(_) | Err(_) => Ok(target),
    }
}

/// What a file that is not a regular file is, after "is".
fn kind(file_type: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_fifo() {
            return "a named pipe";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

/// The folder `path` is in, `.` for a bare name.
fn folder(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        Some(_) | None => PathBuf::from("."),
    }
}

/// `.{name}{suffix}`.
fn hidden(name: &OsStr, suffix: &str) -> OsString {
    let mut hidden = OsString::from(".");
    hidden.push(name);
    hidden.push(suffix);
    hidden
}

/// Creates a temporary file for `name` in `folder` under a name nobody has: the
/// process id and a counter, and the next counter if the name is taken anyway.
fn create_temporary(
    steps: &impl Steps,
    folder: &Path,
    name: &OsStr,
) -> Result<(PathBuf, File), (PathBuf, io::Error)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut tries = 0;
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = folder.join(hidden(
            name,
            &format!(".{}-{n}.{TEMPORARY}", std::process::id()),
        ));
        match steps.create_temporary(&path) {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && tries < 100 => tries += 1,
            Err(e) => return Err((path, e)),
        }
    }
}

/// Removes the temporary files of `name` that killed processes left in `folder`.
/// Called with the lock held, so no live peercert process owns one.
fn sweep(folder: &Path, name: &OsStr) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        if is_temporary_of(name, &entry.file_name()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether `candidate` is the name of one of `name`'s temporary files:
/// `.{name}.{digits}-{digits}.peercert-tmp`. The middle has no dot, so the
/// temporary files of `a.b` are never taken for those of `a`.
fn is_temporary_of(name: &OsStr, candidate: &OsStr) -> bool {
    let prefix = hidden(name, ".");
    let suffix = format!(".{TEMPORARY}");
    let middle = candidate
        .as_encoded_bytes()
        .strip_prefix(prefix.as_encoded_bytes())
        .and_then(|rest| rest.strip_suffix(suffix.as_bytes()));
    let Some(middle) = middle else {
        return false;
    };
    let mut parts = middle.split(|&b| b == b'-');
    let digits = |part: Option<&[u8]>| {
        part.is_some_and(|p| !p.is_empty() && p.iter().all(u8::is_ascii_digit))
    };
    digits(parts.next()) && digits(parts.next()) && parts.next().is_none()
}

#[cfg(test)]
mod tests;
