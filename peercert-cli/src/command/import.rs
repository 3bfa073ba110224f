//! `peercert import RECORD FILE…`: adds the courses of CSV transcripts and Open Badges
//! 3.0 credentials to a worker's record file, keeping every byte the author wrote, and
//! says where the worker stands after it.
//!
//! The flow is `log`'s: the record is locked for the whole read, check and write; the
//! core reads every file into entries checked as the record's own are (a bad row or
//! badge is refused with its place, a course already there is skipped); the entries are
//! added to the record's text, the whole result is checked as a record, and the file is
//! replaced only if it is still what was read. `--strict` writes nothing when anything
//! was refused; `--dry-run` writes nothing at all.

use std::io::Read as _;
use std::path::Path;

use peercert_core::error::{MAX_FILE_BYTES, read_source, source_from_bytes};
use peercert_core::import::{self, BadgeCourses, Code, Import, Unit};
use peercert_core::record::edit;
use peercert_core::text::{printable, printable_lines};
use peercert_core::{Library, Record, Source};

use crate::cli::ImportArgs;
use crate::exit::Exit;
use crate::write;

/// How to give a badge its hours, in this tool's words.
const BADGE_HOURS: &str = "give the hours of every badge with `--hours H` (and `--topic T`), or name the achievement in a mapping file given with `--mapping FILE`; docs/import-format.md shows one";

pub fn run(args: &ImportArgs) -> Exit {
    super::exit(import(args))
}

fn import(args: &ImportArgs) -> Result<Exit, String> {
    let library = super::library(&args.common)?;
    let name = printable(&args.record.display().to_string()).into_owned();
    if !args.record.is_file() {
        return Err(format!(
            "`{name}` is not a record file\n  = help: `peercert new {name} --id ID --name NAME` starts one"
        ));
    }
    let badges = badges(args, &library)?;
    let files = args
        .files
        .iter()
        .map(|path| read(path))
        .collect::<Result<Vec<_>, _>>()?;
    let files: Vec<import::File<'_>> = files
        .iter()
        .map(|(name, bytes)| import::File { name, bytes })
        .collect();
    let locked = write::lock(&args.record).map_err(|e| e.to_string())?;
    let original = locked.read().map_err(|e| e.to_string())?;
    let source = source_from_bytes(&name, &original).map_err(|e| e.to_string())?;
    let record = Record::parse(&source, &library).map_err(|e| super::advise(e).to_string())?;
    let mut found = import::import(&record, &files, &badges, &library);
    advise(&mut found);
    say(&found);
    let refused = refused(&found);
    if args.strict && !found.refused.is_empty() {
        eprintln!(
            "error: nothing was written to {name}: {refused} refused, and `--strict` imports all or nothing"
        );
        return Ok(Exit::BadInput);
    }
    let mut text = source.text.clone();
    let mut written = String::new();
    for added in &found.added {
        text = edit::append(&text, &added.entry).map_err(|e| format!("{}: {e}", added.from))?;
        if !written.is_empty() {
            written.push('\n');
        }
        written.push_str(&edit::append("", &added.entry).map_err(|e| e.to_string())?);
    }
    // The whole record as it will be written is read back by the same checks first.
    let result = Record::parse(&Source::new(name.clone(), text.clone()), &library)
        .map_err(|e| super::advise(e).to_string())?;
    let count = found.added.len();
    let others = others(&found);
    if count == 0 {
        match others.as_str() {
            "" => println!("nothing to add to {name}"),
            others => println!("nothing to add to {name}: {others}"),
        }
    } else {
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
        let verb = if args.dry_run { "to add" } else { "added" };
        match others.as_str() {
            "" => println!("{} {verb}", courses(count)),
            others => println!("{} {verb}, {others}", courses(count)),
        }
    }
    super::standing(&result, &library, super::as_of(&args.common));
    if found.refused.is_empty() {
        return Ok(Exit::Ok);
    }
    let rest = match (count, args.dry_run) {
        (0, true) => "nothing would be added".to_owned(),
        (0, false) => format!("nothing was added to {name}"),
        (n, true) => format!("the other {} would be added", courses(n)),
        (n, false) => format!("the other {} were added to {name}", courses(n)),
    };
    eprintln!("error: {refused} refused; {rest}");
    Ok(Exit::BadInput)
}

/// What badges take for hours: the mapping file's, and `--hours`/`--topic` for every
/// badge it does not name.
fn badges(args: &ImportArgs, library: &Library) -> Result<BadgeCourses, String> {
    let mut badges = BadgeCourses::default();
    if let Some(path) = &args.mapping {
        let source = read_source(path).map_err(|e| e.to_string())?;
        badges = badges
            .with_mapping(&source, library)
            .map_err(|e| e.to_string())?;
    }
    if let Some(hours) = &args.hours {
        let topic = args.topic.as_deref().map(|t| Source::new("--topic", t));
        badges = badges
            .for_every_badge(
                &Source::new("--hours", hours.as_str()),
                topic.as_ref(),
                library,
            )
            .map_err(|e| e.to_string())?;
    }
    Ok(badges)
}

/// A file to import, as its name was given and its bytes (a byte more than the core
/// takes, so that it can say the file is too large).
fn read(path: &Path) -> Result<(String, Vec<u8>), String> {
    let name = printable(&path.display().to_string()).into_owned();
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read `{name}`: {e}"))?;
    Ok((name, bytes))
}

/// This tool's way of giving a badge its hours, where the core says one is missing.
fn advise(found: &mut Import) {
    for problem in found.refused.iter_mut().flat_map(|r| r.problems.iter_mut()) {
        if problem.code == Some(Code::BadgeHours) {
            problem.help = Some(BADGE_HOURS.to_owned());
        }
    }
}

/// Notes, refused rows and badges, and duplicates skipped, on standard error.
fn say(found: &Import) {
    for note in &found.notes {
        super::eprint_lines(note);
    }
    for refused in &found.refused {
        super::eprint_lines(refused);
    }
    for duplicate in &found.duplicates {
        super::eprint_lines(duplicate);
    }
}

/// `1 row and 1 badge`: what was refused.
fn refused(found: &Import) -> String {
    let count =
        |unit: fn(&Unit) -> bool| found.refused.iter().filter(|r| unit(&r.from.unit)).count();
    let parts: Vec<String> = [
        (count(|u| matches!(u, Unit::Row(_))), "row", "rows"),
        (count(|u| matches!(u, Unit::Badge)), "badge", "badges"),
        (count(|u| matches!(u, Unit::File)), "file", "files"),
    ]
    .into_iter()
    .filter(|(n, _, _)| *n > 0)
    .map(|(n, one, many)| format!("{n} {}", if n == 1 { one } else { many }))
    .collect();
    match parts.as_slice() {
        [init @ .., last] if !init.is_empty() => format!("{} and {last}", init.join(", ")),
        _ => parts.concat(),
    }
}

/// `1 course`, `3 courses`.
fn courses(n: usize) -> String {
    format!("{n} course{}", if n == 1 { "" } else { "s" })
}

/// `1 skipped as already there, 1 row refused`: what was not added, if anything.
fn others(found: &Import) -> String {
    let mut parts = Vec::new();
    if !found.duplicates.is_empty() {
        parts.push(format!(
            "{} skipped as already there",
            found.duplicates.len()
        ));
    }
    if !found.refused.is_empty() {
        parts.push(format!("{} refused", refused(found)));
    }
    parts.join(", ")
}
