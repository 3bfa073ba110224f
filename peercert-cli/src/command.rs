//! One module per command; the helpers here load what every command needs.

pub mod audit;
pub mod check;
pub mod completions;
pub mod import;
pub mod log;
pub mod new;
pub mod plan;
pub mod report;
pub mod rules;
pub mod schema;

use std::io::Read;
use std::path::Path;
use std::sync::LazyLock;

use peercert_core::diag::Code;
use peercert_core::error::UnknownCredentialError;
use peercert_core::error::{MAX_FILE_BYTES, read_source, source_from_bytes};
use peercert_core::id::CredentialId;
use peercert_core::text::printable_lines;
use peercert_core::walk::{self, Skipped};
use peercert_core::{Library, LoadError, Record, RuleSet, Source};

use crate::cli::Common;
use crate::exit::Exit;

/// A command's exit: its own, or bad input (2) after its message is printed.
pub fn exit(result: Result<Exit, String>) -> Exit {
    result.unwrap_or_else(|message| {
        report(&message);
        Exit::BadInput
    })
}

/// Prints an answer on standard output through `anstream`, which keeps its colours
/// only when `--color`, `NO_COLOR`, `CLICOLOR_FORCE`, `TERM` and the terminal agree.
pub fn print(output: &str) {
    anstream::print!("{output}");
}

/// Prints an error the way every command does: `error: …` on standard error, with
/// every hidden character but its own line breaks shown escaped ([`printable_lines`]).
pub fn report(error: &dyn std::fmt::Display) {
    let text = error.to_string();
    let text = printable_lines(&text);
    if text.starts_with("error:") || text.starts_with("warning:") {
        eprintln!("{text}");
    } else {
        eprintln!("error: {text}");
    }
}

/// Prints a note or problem on standard error as [`report()`] does, without a label.
pub fn eprint_lines(text: &dyn std::fmt::Display) {
    eprintln!("{}", printable_lines(&text.to_string()));
}

/// The shipped rules, loaded once for the whole run (`--version` names them too).
pub fn embedded() -> Result<Library, String> {
    static EMBEDDED: LazyLock<Result<Library, String>> =
        LazyLock::new(|| Library::embedded().map_err(|e| e.to_string()));
    EMBEDDED.clone()
}

/// The embedded rules, plus `--rules DIR` when given (a pipe, a socket or a device in
/// it is noted; hidden and other files are passed over silently).
pub fn library(common: &Common) -> Result<Library, String> {
    let mut library = embedded()?;
    if let Some(dir) = &common.rules {
        let skipped = library.add_dir(dir).map_err(|e| e.to_string())?;
        for item in skipped.iter().filter(|s| s.reason.is_noted()) {
            eprint_lines(&format!("note: {item}"));
        }
    }
    Ok(library)
}

/// Says on standard error what a walk of folders passed over: each pipe, socket or
/// device (every file, with `--verbose`), then how many.
pub fn report_skipped(skipped: &[Skipped], verbose: bool) {
    for item in skipped {
        if verbose || item.reason.is_noted() {
            eprint_lines(&format!("note: {item}"));
        }
    }
    if !skipped.is_empty() {
        let more = if verbose {
            ""
        } else {
            "; `--verbose` lists them"
        };
        eprintln!("note: {}{more}", walk::count(skipped));
    }
}

/// Writes a report to `--output`'s path; when that is no regular file, the message
/// says where a report can go.
pub fn output(path: &Path, report: &str) -> Result<(), String> {
    crate::write::output(path, report.as_bytes()).map_err(|error| {
        if matches!(error, crate::write::WriteError::NotRegular { .. }) {
            format!(
                "{error}\n  = help: a report is written to a regular file, or to standard output with `-`"
            )
        } else {
            error.to_string()
        }
    })
}

/// `` `a`, `b` ``: paths as a message names them.
pub fn paths(paths: &[&Path]) -> String {
    paths
        .iter()
        .map(|path| format!("`{}`", path.display()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads a record from a file, or from standard input for `-`.
pub fn record(path: &Path, library: &Library) -> Result<Record, LoadError> {
    Record::parse(&record_source(path)?, library).map_err(advise)
}

/// Adds this tool's advice to the problems the core marks for it.
pub fn advise(error: LoadError) -> LoadError {
    advise_with(error, &[])
}

/// Adds this tool's advice, and a command's own (`(code, help)`), to the problems the
/// core marks for it, where the core gave none.
pub fn advise_with(mut error: LoadError, own: &[(Code, &str)]) -> LoadError {
    const EVERY_COMMAND: [(Code, &str); 1] = [(
        Code::UnknownCredential,
        "`peercert rules list` shows the known credentials; `--rules DIR` adds more",
    )];
    if let LoadError::Invalid(diagnostics) = &mut error {
        for d in diagnostics.items_mut() {
            let advice = EVERY_COMMAND
                .iter()
                .chain(own)
                .find(|(code, _)| d.code == Some(*code));
            if let (Some((_, help)), None) = (advice, &d.help) {
                d.help = Some((*help).to_owned());
            }
        }
    }
    error
}

/// Lines written under a headline, indented (blank lines kept blank).
pub fn indent(text: &str) -> String {
    text.lines()
        .map(|line| {
            if line.is_empty() {
                "\n".to_owned()
            } else {
                format!("  {line}\n")
            }
        })
        .collect()
}

/// One line per credential the record holds or pursues: where the worker stands, as
/// every command that writes a record ends.
pub fn standing(record: &Record, library: &Library, as_of: chrono::NaiveDate) {
    let credentials = record.credentials_of_interest();
    if credentials.is_empty() {
        println!("no credential held or pursued yet");
    }
    for credential in credentials {
        if let Some(ruleset) = library.get(credential)
            && let Ok(evaluation) = peercert_core::evaluate(ruleset, record, as_of)
        {
            println!("{}", crate::render::text::standing_line(&evaluation));
        }
    }
}

/// A record's text, from a file or from standard input for `-`.
pub fn record_source(path: &Path) -> Result<Source, LoadError> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|source| LoadError::Io {
                path: "<stdin>".to_owned(),
                source,
            })?;
        source_from_bytes("<stdin>", &bytes)
    } else {
        read_source(path)
    }
}

/// The message for a credential id nobody defined, with the close matches.
pub fn unknown_credential(error: &UnknownCredentialError) -> String {
    let close: Vec<&str> = error.close.iter().map(String::as_str).collect();
    let help = peercert_core::diag::did_you_mean(&close)
        .unwrap_or_else(|| "`peercert rules list` shows the known credentials".to_owned());
    format!("{error}\n  = help: {help}")
}

/// Today, unless `--as-of` says otherwise.
pub fn as_of(common: &Common) -> chrono::NaiveDate {
    common
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// The credential asked for, or the only one the record holds or pursues.
pub fn choose<'a>(
    asked: Option<&str>,
    record: &Record,
    library: &'a Library,
) -> Result<&'a RuleSet, String> {
    // INVARIANT: `choose_all` never answers with an empty list.
    match choose_all(asked, record, library)?.as_slice() {
        [one] => Ok(*one),
        many => Err(format!(
            "the record of `{}` names {} credentials; say which one to check\n  = help: use `--credential ID` with one of {}",
            record.worker.id,
            many.len(),
            list(many.iter().map(|ruleset| &ruleset.id))
        )),
    }
}

/// The credential asked for, or every one the record holds or pursues, held ones
/// first, in the record's order.
pub fn choose_all<'a>(
    asked: Option<&str>,
    record: &Record,
    library: &'a Library,
) -> Result<Vec<&'a RuleSet>, String> {
    if let Some(text) = asked {
        return library
            .find(text)
            .map(|ruleset| vec![ruleset])
            .map_err(|e| unknown_credential(&e));
    }
    let candidates = record.credentials_of_interest();
    if candidates.is_empty() {
        return Err(format!(
            "the record of `{}` holds no credential and pursues none, so there is nothing to check\n  = help: choose one with `--credential ID`; `peercert rules list` shows the {} known",
            record.worker.id,
            library.ids().count()
        ));
    }
    candidates
        .into_iter()
        .map(|id| {
            library
                .get(id)
                .ok_or_else(|| format!("unknown credential `{id}`"))
        })
        .collect()
}

fn list<'a>(ids: impl Iterator<Item = &'a CredentialId>) -> String {
    ids.map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
