//! One module per command; the helpers here load what every command needs.

pub mod check;
pub mod rules;

use std::io::Read;
use std::path::Path;

use peercert_core::error::MAX_FILE_BYTES;
use peercert_core::{Library, LoadError, Record};

use crate::cli::Common;

/// Prints an error the way every command does: `error: …` on standard error.
pub fn report(error: &dyn std::fmt::Display) {
    let text = error.to_string();
    if text.starts_with("error:") || text.starts_with("warning:") {
        eprintln!("{text}");
    } else {
        eprintln!("error: {text}");
    }
}

/// The embedded rules, plus `--rules DIR` when given.
pub fn library(common: &Common) -> Result<Library, String> {
    let mut library = Library::embedded().map_err(|e| e.to_string())?;
    if let Some(dir) = &common.rules {
        library.add_dir(dir).map_err(|e| e.to_string())?;
    }
    Ok(library)
}

/// Reads a record from a file, or from standard input for `-`.
pub fn record(path: &Path, library: &Library) -> Result<Record, LoadError> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|source| LoadError::Io {
                path: "<stdin>".to_owned(),
                source,
            })?;
        Record::from_bytes("<stdin>", &bytes, library)
    } else {
        Record::read(path, library)
    }
}

/// The message for a credential id nobody defined, with the close matches.
pub fn unknown_credential(text: &str, close: &[&str]) -> String {
    let help = peercert_core::diag::did_you_mean(close)
        .unwrap_or_else(|| "`peercert rules list` shows the known credentials".to_owned());
    format!("unknown credential `{text}`\n  = help: {help}")
}

/// Today, unless `--as-of` says otherwise.
pub fn as_of(common: &Common) -> chrono::NaiveDate {
    common
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}
