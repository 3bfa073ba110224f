//! `peercert log RECORD ENTRY…`: adds entries to a worker's record file, keeping
//! every byte the author wrote, and says where the worker stands after it.
//!
//! The file is locked for the whole read, check and write, so two `peercert log`
//! runs on one record never lose an entry; every entry and the whole resulting
//! record are checked before anything touches the disk, and the file is replaced
//! only if it is still what was read.
//!
//! With no entry, on a terminal, the entry is asked for ([`crate::prompt`]), shown as
//! it will be written with where the worker would stand, and written only when the
//! person says yes. The record is read and checked without the lock, which is taken
//! only after the yes: a person thinking over an answer never holds up another
//! `peercert log`. If the file changed meanwhile, the entry is checked again against
//! what is there now, and added to that.

use peercert_core::diag::Code;
use peercert_core::error::source_from_bytes;
use peercert_core::record::{edit, entry};
use peercert_core::text::{printable, printable_lines};
use peercert_core::{Library, LoadError, Record, Source};

use crate::cli::LogArgs;
use crate::exit::Exit;
use crate::prompt::{self, Stop};
use crate::write;

pub fn run(args: &LogArgs) -> Exit {
    super::exit(log(args))
}

fn log(args: &LogArgs) -> Result<Exit, String> {
    if args.entries.is_empty() {
        if prompt::on_terminal() {
            return guided(args);
        }
        return Err(
            "no entry given, and no terminal to ask for one: say what to add after the record file\n  = help: such as `peercert log record.toml 'training: 6h ethics \"Ethics Refresher\"'`; docs/record-format.md lists every kind of entry"
                .to_owned(),
        );
    }
    let library = super::library(&args.common)?;
    let name = printable(&args.record.display().to_string()).into_owned();
    if !args.record.is_file() {
        return Err(format!(
            "`{name}` is not a record file\n  = help: `peercert new {name} --id ID --name NAME` starts one"
        ));
    }
    let today = super::as_of(&args.common);
    let locked = write::lock(&args.record).map_err(|e| e.to_string())?;
    let original = locked.read().map_err(|e| e.to_string())?;
    let source = source_from_bytes(&name, &original).map_err(|e| e.to_string())?;
    let mut record = Record::parse(&source, &library).map_err(|e| super::advise(e).to_string())?;
    let mut text = source.text.clone();
    let mut written = String::new();
    for (i, spec) in args.entries.iter().enumerate() {
        let given = Source::new(format!("entry {}", i + 1), spec.as_str());
        let options = entry::AddOptions {
            default_date: Some(today),
            allow_duplicate: args.allow_duplicate,
        };
        let added = entry::add_with(&mut record, &given, &library, options)
            .map_err(|e| advise(e).to_string())?;
        text = edit::append(&text, &added).map_err(|e| format!("in entry {}: {e}", i + 1))?;
        if !written.is_empty() {
            written.push('\n');
        }
        written.push_str(&edit::append("", &added).map_err(|e| e.to_string())?);
    }
    // The whole record as it will be written is read back by the same checks first.
    let result = Record::parse(&Source::new(name.clone(), text.clone()), &library)
        .map_err(|e| super::advise(e).to_string())?;
    if args.dry_run {
        println!("would add to {name} (nothing written):\n");
    } else {
        locked
            .replace(&original, text.as_bytes())
            .map_err(|e| e.to_string())?;
        println!("added to {name}:\n");
    }
    print!("{}", printable_lines(&super::indent(&written)));
    println!();
    super::standing(&result, &library, today);
    Ok(Exit::Ok)
}

/// The advice every command adds, and `log`'s own: how to log a course again.
fn advise(error: LoadError) -> LoadError {
    super::advise_with(
        error,
        &[(
            Code::DuplicateCourse,
            "if the course was taken again that day, log it with `--allow-duplicate`",
        )],
    )
}

/// `peercert log RECORD` on a terminal: asks for the entry, shows it, and adds it
/// when the person says yes.
fn guided(args: &LogArgs) -> Result<Exit, String> {
    let library = super::library(&args.common)?;
    let name = printable(&args.record.display().to_string()).into_owned();
    if !args.record.is_file() {
        return Err(format!(
            "`{name}` is not a record file\n  = help: `peercert new {name} --id ID --name NAME` starts one"
        ));
    }
    let today = super::as_of(&args.common);
    // Read without the lock: it is not held while a person answers.
    let original = read_unlocked(&args.record)?;
    let source = source_from_bytes(&name, &original).map_err(|e| e.to_string())?;
    let record = Record::parse(&source, &library).map_err(|e| super::advise(e).to_string())?;
    let line = match prompt::ask(&record, &library, today) {
        Ok(line) => line,
        Err(stop) => return Ok(stopped(stop, &name)),
    };
    let added = add(&name, &original, &line, &library, args.allow_duplicate)?;
    if args.dry_run {
        println!("would add to {name} (nothing written):\n");
    } else {
        println!("the entry to add to {name}:\n");
    }
    print!("{}", printable_lines(&super::indent(&added.entry)));
    println!();
    super::standing(&added.record, &library, today);
    if args.dry_run {
        return Ok(Exit::Ok);
    }
    match prompt::confirm("Add this entry?") {
        Ok(true) => {}
        Ok(false) => {
            eprintln!("note: nothing was written to {name}");
            return Ok(Exit::No);
        }
        Err(stop) => return Ok(stopped(stop, &name)),
    }
    let locked = write::lock(&args.record).map_err(|e| e.to_string())?;
    let now = locked.read().map_err(|e| e.to_string())?;
    if now == original {
        locked
            .replace(&original, added.text.as_bytes())
            .map_err(|e| e.to_string())?;
        println!("added to {name}");
    } else {
        // Another program wrote the file while the person answered: the entry is
        // checked again against what is there now (a duplicate of what was added
        // meanwhile is refused), and added to it.
        let again = add(&name, &now, &line, &library, args.allow_duplicate)?;
        locked
            .replace(&now, again.text.as_bytes())
            .map_err(|e| e.to_string())?;
        println!("{name} changed while you answered; the entry was checked again and added to it");
        super::standing(&again.record, &library, today);
    }
    Ok(Exit::Ok)
}

/// A record's text with one more entry, checked.
struct Added {
    /// The whole new text of the file.
    text: String,
    /// The new entry as written into it.
    entry: String,
    /// The record it reads as.
    record: Record,
}

/// Adds the entry written in `line` to the record file's bytes: the entry and the
/// whole result are checked as `peercert log ENTRY` checks them.
fn add(
    name: &str,
    bytes: &[u8],
    line: &str,
    library: &Library,
    allow_duplicate: bool,
) -> Result<Added, String> {
    let source = source_from_bytes(name, bytes).map_err(|e| e.to_string())?;
    let mut record = Record::parse(&source, library).map_err(|e| super::advise(e).to_string())?;
    let given = Source::new("your answers", line);
    let options = entry::AddOptions {
        default_date: None,
        allow_duplicate,
    };
    let added = entry::add_with(&mut record, &given, library, options)
        .map_err(|e| advise(e).to_string())?;
    let text = edit::append(&source.text, &added).map_err(|e| e.to_string())?;
    let entry = edit::append("", &added).map_err(|e| e.to_string())?;
    let record = Record::parse(&Source::new(name, text.clone()), library)
        .map_err(|e| super::advise(e).to_string())?;
    Ok(Added {
        text,
        entry,
        record,
    })
}

/// The record file's bytes, read without its lock.
fn read_unlocked(path: &std::path::Path) -> Result<Vec<u8>, String> {
    use std::io::Read as _;
    let unreadable = |e: std::io::Error| format!("cannot read `{}`: {e}", path.display());
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(unreadable)?
        .take(peercert_core::error::MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    Ok(bytes)
}

/// Says that nothing was written, and why.
fn stopped(stop: Stop, name: &str) -> Exit {
    match stop {
        Stop::Cancelled => eprintln!("error: cancelled: nothing was written to {name}"),
        Stop::Failed(message) => {
            super::report(&format!("{message}; nothing was written to {name}"))
        }
    }
    Exit::BadInput
}
