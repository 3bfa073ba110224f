//! Errors of loading files and of evaluating.

use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;

use crate::diag::{Diagnostics, Source};
use crate::id::CredentialId;
use crate::text::printable;

/// The largest record or rule file read: far above any real one, small enough to refuse a
/// file given by mistake (a database dump, a video) before reading it all.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// A file could not be loaded.
///
/// Shown as every problem is, labelled once: `error: …` (a file's problems, each with
/// its place, are [`Diagnostics`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The file could not be read.
    #[error("error: cannot read `{}`: {source}", printable(path))]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file is larger than [`MAX_FILE_BYTES`].
    #[error("error: `{}` is larger than {} MiB, too large for a record or rule file", printable(path), limit / (1024 * 1024))]
    TooLarge {
        /// The file.
        path: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// The file is not UTF-8 text.
    #[error(
        "error: `{}` is not UTF-8 text: invalid byte at {}:{line}:{column}",
        printable(path),
        printable(path)
    )]
    NotUtf8 {
        /// The file.
        path: String,
        /// Line of the first invalid byte.
        line: usize,
        /// Column (in characters) of the first invalid byte.
        column: usize,
    },
    /// The text has problems, each with its place.
    #[error("{0}")]
    Invalid(Diagnostics),
}

impl LoadError {
    /// The diagnostics, when the file was read but its content is wrong.
    pub fn diagnostics(&self) -> Option<&Diagnostics> {
        match self {
            LoadError::Invalid(d) => Some(d),
            LoadError::Io { .. } | LoadError::TooLarge { .. } | LoadError::NotUtf8 { .. } => None,
        }
    }
}

/// Reads a file as text, refusing huge and non-UTF-8 files.
///
/// The file is read into a buffer of its size, in one read and one more that finds
/// its end, and the buffer becomes the text without a copy: an audit reads every
/// record this way.
pub fn read_source(path: &Path) -> Result<Source, LoadError> {
    let name = path.display().to_string();
    let io = |source| LoadError::Io {
        path: name.clone(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_or(0, |m| m.len()).min(MAX_FILE_BYTES) + 1;
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or_default());
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    source_from_vec(&name, bytes)
}

/// Checks that bytes are a text file of sane size.
pub fn source_from_bytes(name: &str, bytes: &[u8]) -> Result<Source, LoadError> {
    source_from_vec(name, bytes.to_vec())
}

/// Checks that bytes are a text file of sane size, and takes them as its text.
fn source_from_vec(name: &str, bytes: Vec<u8>) -> Result<Source, LoadError> {
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            path: name.to_owned(),
            limit: MAX_FILE_BYTES,
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Source::new(name, text)),
        Err(e) => {
            let bytes = e.as_bytes();
            let valid = bytes
                .get(..e.utf8_error().valid_up_to())
                .unwrap_or_default();
            let prefix = String::from_utf8_lossy(valid);
            let (line, column) = Source::new(name, prefix.as_ref()).line_column(prefix.len());
            Err(LoadError::NotUtf8 {
                path: name.to_owned(),
                line,
                column,
            })
        }
    }
}

/// A rule library could not be put together; shown labelled once, `error: …`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LibraryError {
    /// A rule or topic file could not be loaded.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// Two files in one rules directory define the same credential.
    #[error(
        "error: `{}` defines `{id}`, which `{}` already defines: keep one of them",
        printable(second),
        printable(first)
    )]
    DuplicateId {
        /// The credential.
        id: CredentialId,
        /// The file read first.
        first: String,
        /// The file read second.
        second: String,
    },
    /// A directory given with `--rules` could not be listed.
    #[error(
        "error: cannot read the rules directory `{}`: {source}",
        printable(path)
    )]
    Dir {
        /// The directory.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

/// An evaluation could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EvaluateError {
    /// The rule set has no edition in force on the date asked about.
    #[error(
        "`{credential}` has no edition in force on {as_of}: its earliest edition took effect on {earliest}"
    )]
    NoEdition {
        /// The credential.
        credential: CredentialId,
        /// The date asked about.
        as_of: NaiveDate,
        /// The earliest effective date known.
        earliest: NaiveDate,
    },
}

/// A credential asked for by name is not in the library.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown credential `{}`", printable(name))]
pub struct UnknownCredentialError {
    /// The name as given.
    pub name: String,
    /// Known credential ids close to it, closest first.
    pub close: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Library;

    const RULE_SET: &str = "id = \"acme/peer\"\nname = \"Peer\"\njurisdiction = \"Acme\"\nboard = \"Acme board\"\nsources = [\"https://example.org\"]\nverified = 2026-01-01\n\n[[edition]]\neffective = 2026-01-01\n\n[[edition.initial.requirement]]\nid = \"hours\"\nkind = \"hours\"\nhours = 2\ncitation = \"Acme 1\"\nconfidence = \"board\"\n";

    /// Every problem the library renders starts with its label, once, as a file's
    /// problems do: a file too large, not UTF-8 or unreadable, a credential defined
    /// twice and a rules folder that cannot be listed. Regression test of issue 13,
    /// point 6.
    #[test]
    fn every_load_problem_is_labelled_once() {
        let large = vec![b' '; 4 * 1024 * 1024 + 1];
        assert_eq!(
            source_from_bytes("big.toml", &large)
                .unwrap_err()
                .to_string(),
            "error: `big.toml` is larger than 4 MiB, too large for a record or rule file"
        );
        assert_eq!(
            source_from_bytes("latin1.toml", b"name = \"Jos\xe9\"\n")
                .unwrap_err()
                .to_string(),
            "error: `latin1.toml` is not UTF-8 text: invalid byte at latin1.toml:1:12"
        );
        let folder = env!("CARGO_MANIFEST_DIR");
        assert_eq!(
            read_source(Path::new(folder)).unwrap_err().to_string(),
            format!("error: cannot read `{folder}`: Is a directory (os error 21)")
        );
        let mut library = Library::embedded().unwrap();
        let problems = library.add_sources(vec![
            Source::new("a.toml", RULE_SET),
            Source::new("b.toml", RULE_SET),
        ]);
        let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            [
                "error: `b.toml` defines `acme/peer`, which `a.toml` already defines: keep one of them"
            ]
        );
        let missing = Path::new(folder).join("no-such-folder");
        assert_eq!(
            library.add_dir(&missing).unwrap_err().to_string(),
            format!(
                "error: cannot read the rules directory `{}`: No such file or directory (os error 2)",
                missing.display()
            )
        );
    }
}
