//! `peercert log RECORD ENTRY…`: adds entries to a worker's record file, keeping
//! every byte the author wrote, and says where the worker stands after it.
//!
//! The file is locked for the whole read, check and write, so two `peercert log`
//! runs on one record never lose an entry; every entry and the whole resulting
//! record are checked before anything touches the disk, and the file is replaced
//! only if it is still what was read.

use peercert_core::diag::Code;
use peercert_core::error::source_from_bytes;
use peercert_core::record::{edit, entry};
use peercert_core::{Library, LoadError, Record, Source, evaluate};

use crate::cli::LogArgs;
use crate::exit::Exit;
use crate::render;
use crate::write;

pub fn run(args: &LogArgs) -> Exit {
    match log(args) {
        Ok(exit) => exit,
        Err(message) => {
            super::report(&message);
            Exit::BadInput
        }
    }
}

fn log(args: &LogArgs) -> Result<Exit, String> {
    if args.entries.is_empty() {
        return Err(
            "no entry given: say what to add after the record file\n  = help: such as `peercert log record.toml 'training: 6h ethics \"Ethics Refresher\"'`; docs/record-format.md lists every kind of entry"
                .to_owned(),
        );
    }
    let library = super::library(&args.common)?;
    let name = args.record.display().to_string();
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
    print!("{}", indent(&written));
    println!();
    standing(&result, &library, today);
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

/// The entries' lines, indented under the headline.
fn indent(text: &str) -> String {
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

/// One line per credential the record holds or pursues: where the worker stands.
fn standing(record: &Record, library: &Library, as_of: chrono::NaiveDate) {
    let credentials = record.credentials_of_interest();
    if credentials.is_empty() {
        println!("no credential held or pursued yet");
    }
    for credential in credentials {
        if let Some(ruleset) = library.get(credential)
            && let Ok(evaluation) = evaluate(ruleset, record, as_of)
        {
            println!("{}", render::text::standing_line(&evaluation));
        }
    }
}
