//! Finding the `*.toml` files under folders, for `audit`, `rules check`, `rules fmt`
//! and `--rules DIR`: one walker, so that every command treats a folder alike.
//!
//! The walk is [`walkdir`]'s, in name order, following symbolic links:
//!
//! - A symbolic link that leads back into a folder it is inside (a loop) is not
//!   followed; walkdir detects it.
//! - A file or folder reached twice (two links to it, a link to a folder also named
//!   on its own, the same path given twice) is read once, where it is first reached:
//!   each is known by its device and inode (on Unix; by its canonical path elsewhere).
//!   A link that leads out of the tree is followed, then, at most once.
//! - Named pipes, sockets and devices are never opened: the file type is read from
//!   the file's metadata first (opening a named pipe would wait for a writer).
//! - Hidden files and folders (a name that starts with `.`) and files not named
//!   `*.toml` are passed over.
//!
//! Everything passed over is reported as [`Skipped`], for the caller to count, list
//! or note. A path named by the caller that is not a folder is taken as it is, to be
//! read whatever its name or type (`peercert check <(…)` reads a pipe on purpose).

use std::collections::HashMap;
use std::ffi::OsStr;
use std::fs::{self, FileType, Metadata};
use std::path::{Path, PathBuf};

use crate::text::printable;

/// What a walk finds, one at a time.
#[derive(Debug)]
pub enum Found {
    /// A file to read.
    File(PathBuf),
    /// Something passed over, and why.
    Skipped(Skipped),
    /// A folder that could not be listed.
    Unreadable {
        /// The folder.
        path: PathBuf,
        /// Why.
        error: std::io::Error,
    },
}

/// A file or folder a walk passed over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Where it is, as the walk reached it.
    pub path: PathBuf,
    /// Whether it is a folder (or a link to one).
    pub folder: bool,
    /// Why it was passed over.
    pub reason: SkipReason,
}

/// Why a walk passed over a file or folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// Its name starts with `.`.
    Hidden,
    /// A file whose name does not end in `.toml`.
    NotToml,
    /// Not a regular file or a folder: never opened.
    Special(Special),
    /// A symbolic link to a folder it is inside.
    Loop {
        /// The folder the link leads back to.
        ancestor: PathBuf,
    },
    /// A file or folder already reached by another path.
    Again {
        /// Where it was reached first.
        first: PathBuf,
    },
}

/// A kind of file that is neither a regular file nor a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    /// A named pipe (FIFO).
    Pipe,
    /// A Unix socket.
    Socket,
    /// A block or character device.
    Device,
    /// Anything else the platform has.
    Other,
}

impl Special {
    /// The kind of `file_type`, or `None` for a regular file, a folder or a link.
    pub fn of(file_type: &FileType) -> Option<Special> {
        if file_type.is_file() || file_type.is_dir() || file_type.is_symlink() {
            return None;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt as _;
            if file_type.is_fifo() {
                return Some(Special::Pipe);
            }
            if file_type.is_socket() {
                return Some(Special::Socket);
            }
            if file_type.is_block_device() || file_type.is_char_device() {
                return Some(Special::Device);
            }
        }
        Some(Special::Other)
    }

    /// The kind in words, after "is".
    pub fn describe(self) -> &'static str {
        match self {
            Special::Pipe => "a named pipe",
            Special::Socket => "a socket",
            Special::Device => "a device",
            Special::Other => "a special file",
        }
    }
}

impl SkipReason {
    /// Whether the user should hear of it even when skipped files are only counted:
    /// a pipe, a socket or a device in a folder of records is a surprise.
    pub fn is_noted(&self) -> bool {
        match self {
            SkipReason::Special(_) => true,
            SkipReason::Hidden
            | SkipReason::NotToml
            | SkipReason::Loop { .. }
            | SkipReason::Again { .. } => false,
        }
    }
}

/// `skipped `PATH`: why`.
impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "skipped `{}`: ",
            printable(&self.path.display().to_string())
        )?;
        match &self.reason {
            SkipReason::Hidden => write!(f, "hidden"),
            SkipReason::NotToml => write!(f, "not a `*.toml` file"),
            SkipReason::Special(kind) => {
                write!(f, "{}, not a regular file", kind.describe())
            }
            SkipReason::Loop { ancestor } => write!(
                f,
                "a symbolic link to `{}`, a folder it is inside",
                printable(&ancestor.display().to_string())
            ),
            SkipReason::Again { first } => {
                write!(
                    f,
                    "the same as `{}`, already read",
                    printable(&first.display().to_string())
                )
            }
        }
    }
}

/// How a file or folder is told apart from every other, whatever path reaches it.
#[cfg(unix)]
type FileId = (u64, u64);
#[cfg(not(unix))]
type FileId = PathBuf;

#[cfg(unix)]
fn file_id(metadata: &Metadata, _path: &Path) -> Option<FileId> {
    use std::os::unix::fs::MetadataExt as _;
    Some((metadata.dev(), metadata.ino()))
}

#[cfg(not(unix))]
fn file_id(_metadata: &Metadata, path: &Path) -> Option<FileId> {
    fs::canonicalize(path).ok()
}

/// A walk of several paths, one after another, as an iterator of what it finds.
///
/// A file reached under two of the paths is found once.
#[derive(Debug)]
pub struct Walk {
    /// The paths not started yet, last first.
    roots: Vec<PathBuf>,
    /// The folder being walked.
    current: Option<walkdir::IntoIter>,
    /// Every file and folder reached, with the path it was first reached by.
    seen: HashMap<FileId, PathBuf>,
}

impl Walk {
    /// A walk of `paths`, in their order.
    pub fn new(paths: impl IntoIterator<Item = PathBuf>) -> Walk {
        let mut roots: Vec<PathBuf> = paths.into_iter().collect();
        roots.reverse();
        Walk {
            roots,
            current: None,
            seen: HashMap::new(),
        }
    }

    /// Whether `path` (of `metadata`) was reached before; if so, where.
    fn again(&mut self, metadata: Option<&Metadata>, path: &Path) -> Option<PathBuf> {
        let id = file_id(metadata?, path)?;
        match self.seen.get(&id) {
            Some(first) => Some(first.clone()),
            None => {
                self.seen.insert(id, path.to_path_buf());
                None
            }
        }
    }

    /// Starts the next path: a folder is walked, anything else found as it is.
    fn start(&mut self, root: PathBuf) -> Option<Found> {
        let metadata = fs::metadata(&root).ok();
        if metadata.as_ref().is_some_and(Metadata::is_dir) {
            if let Some(first) = self.again(metadata.as_ref(), &root) {
                return Some(skipped(root, true, SkipReason::Again { first }));
            }
            self.current = Some(
                walkdir::WalkDir::new(root)
                    .follow_links(true)
                    // The entries sorted together are one folder's: their paths are
                    // the folder's path and their names, so comparing the paths
                    // compares the names (without finding each name in its path
                    // again at every comparison).
                    .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
                    .min_depth(1)
                    .into_iter(),
            );
            return None;
        }
        match self.again(metadata.as_ref(), &root) {
            Some(first) => Some(skipped(root, false, SkipReason::Again { first })),
            None => Some(Found::File(root)),
        }
    }

    /// What one step of the folder being walked finds, if anything worth saying.
    fn step(&mut self, next: walkdir::Result<walkdir::DirEntry>) -> Option<Found> {
        let entry = match next {
            Ok(entry) => entry,
            Err(error) => return self.failed(error),
        };
        let file_type = entry.file_type();
        let is_dir = file_type.is_dir();
        let skip = |walk: &mut Walk, reason| {
            if is_dir && let Some(current) = walk.current.as_mut() {
                current.skip_current_dir();
            }
            Some(skipped(entry.path().to_path_buf(), is_dir, reason))
        };
        if is_hidden(entry.file_name()) {
            return skip(self, SkipReason::Hidden);
        }
        if let Some(kind) = Special::of(&file_type) {
            return skip(self, SkipReason::Special(kind));
        }
        if !is_dir && !is_toml(entry.path()) {
            return skip(self, SkipReason::NotToml);
        }
        let metadata = entry.metadata().ok();
        if let Some(first) = self.again(metadata.as_ref(), entry.path()) {
            return skip(self, SkipReason::Again { first });
        }
        if is_dir {
            None
        } else {
            Some(Found::File(entry.into_path()))
        }
    }

    /// What a step that failed finds: a loop is passed over; a link that leads
    /// nowhere is a file like any other (reading it says what is wrong), and a
    /// folder that cannot be listed is reported.
    fn failed(&mut self, error: walkdir::Error) -> Option<Found> {
        let path = error.path().map(Path::to_path_buf).unwrap_or_default();
        if let Some(ancestor) = error.loop_ancestor() {
            let ancestor = ancestor.to_path_buf();
            return Some(skipped(path, true, SkipReason::Loop { ancestor }));
        }
        let broken_link = fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink())
            && fs::metadata(&path).is_err();
        if broken_link {
            return Some(if is_hidden(path.file_name().unwrap_or_default()) {
                skipped(path, false, SkipReason::Hidden)
            } else if is_toml(&path) {
                Found::File(path)
            } else {
                skipped(path, false, SkipReason::NotToml)
            });
        }
        let error = error
            .into_io_error()
            .unwrap_or_else(|| std::io::Error::other("cannot walk the folder"));
        Some(Found::Unreadable { path, error })
    }
}

impl Iterator for Walk {
    type Item = Found;

    fn next(&mut self) -> Option<Found> {
        loop {
            if let Some(current) = self.current.as_mut() {
                match current.next() {
                    Some(next) => match self.step(next) {
                        Some(found) => return Some(found),
                        None => continue,
                    },
                    None => self.current = None,
                }
            }
            let root = self.roots.pop()?;
            if let Some(found) = self.start(root) {
                return Some(found);
            }
        }
    }
}

fn skipped(path: PathBuf, folder: bool, reason: SkipReason) -> Found {
    Found::Skipped(Skipped {
        path,
        folder,
        reason,
    })
}

/// A name that starts with `.`.
fn is_hidden(name: &OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// A name that ends in `.toml`.
fn is_toml(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "toml")
}

/// `N files skipped` (or `1 file`, `N files and M folders`): the count of a walk's
/// [`Skipped`], as every command's summary says it.
pub fn count(skipped: &[Skipped]) -> String {
    let folders = skipped.iter().filter(|s| s.folder).count();
    let files = skipped.len().saturating_sub(folders);
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    match (files, folders) {
        (_, 0) => format!("{} skipped", plural(files, "file", "files")),
        (0, _) => format!("{} skipped", plural(folders, "folder", "folders")),
        _ => format!(
            "{} and {} skipped",
            plural(files, "file", "files"),
            plural(folders, "folder", "folders")
        ),
    }
}

#[cfg(test)]
mod tests;
