//! `peercert rules list`, `show ID`, `check PATH…`, `diff ID` and `fmt PATH…`.

use serde::Serialize;

use std::path::{Path, PathBuf};

use peercert_core::error::source_from_bytes;
use peercert_core::text::printable;

use crate::cli::{
    Common, DiffArgs, DiffFormat, ListArgs, ListFormat, RulesCheckArgs, RulesFmtArgs, ShowArgs,
    ShowFormat,
};
use crate::exit::Exit;
use crate::render;

pub fn list(args: &ListArgs) -> Exit {
    let library = match super::library(&args.common) {
        Ok(library) => library,
        Err(message) => {
            super::report(&message);
            return Exit::BadInput;
        }
    };
    let output = match args.format {
        ListFormat::Text => {
            render::text::rules_list(&library, super::as_of(&args.common))
                + &render::footer(&library.stamp().to_string())
        }
        ListFormat::Markdown => {
            render::markdown::rules_list(&library, super::as_of(&args.common))
                + &render::footer(&library.stamp().to_string())
        }
        ListFormat::Json => {
            #[derive(Serialize)]
            struct Row<'a> {
                id: &'a str,
                name: &'a str,
                jurisdiction: &'a str,
                board: &'a str,
                editions: Vec<chrono::NaiveDate>,
                verified: chrono::NaiveDate,
                stale: bool,
                extends: Option<&'a str>,
                sources: &'a [String],
            }
            let as_of = super::as_of(&args.common);
            let rows: Vec<Row<'_>> = library
                .rulesets()
                .map(|r| Row {
                    id: r.id.as_str(),
                    name: &r.name,
                    jurisdiction: &r.jurisdiction,
                    board: &r.board,
                    editions: r.editions.iter().map(|e| e.effective).collect(),
                    verified: r.verified,
                    stale: r.is_stale(as_of),
                    extends: r.extends.as_ref().map(|e| e.as_str()),
                    sources: &r.sources,
                })
                .collect();
            match render::json::to_string(&rows) {
                Ok(json) => json,
                Err(message) => {
                    super::report(&message);
                    return Exit::BadInput;
                }
            }
        }
    };
    print!("{output}");
    Exit::Ok
}

pub fn show(args: &ShowArgs) -> Exit {
    let library = match super::library(&args.common) {
        Ok(library) => library,
        Err(message) => {
            super::report(&message);
            return Exit::BadInput;
        }
    };
    let ruleset = match library.find(&args.id) {
        Ok(ruleset) => ruleset,
        Err(close) => {
            super::report(&super::unknown_credential(&close));
            return Exit::BadInput;
        }
    };
    let as_of = super::as_of(&args.common);
    if ruleset.edition_on(as_of).is_none() {
        super::report(&peercert_core::EvaluateError::NoEdition {
            credential: ruleset.id.clone(),
            as_of,
            earliest: ruleset.editions.first().map_or(as_of, |e| e.effective),
        });
        return Exit::BadInput;
    }
    let output = match args.format {
        ShowFormat::Text => render::text::rules_show(ruleset, as_of),
        ShowFormat::Markdown => render::markdown::rules_show(ruleset, as_of),
        ShowFormat::Json => match render::json::to_string(ruleset) {
            Ok(json) => json,
            Err(message) => {
                super::report(&message);
                return Exit::BadInput;
            }
        },
    };
    print!("{output}");
    Exit::Ok
}

/// `peercert rules check PATH…`: loads the files beside the shipped rules and
/// reports every problem; exit 2 if there is any.
pub fn check(args: &RulesCheckArgs) -> Exit {
    let mut library = match peercert_core::Library::embedded() {
        Ok(library) => library,
        Err(e) => {
            super::report(&e);
            return Exit::BadInput;
        }
    };
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for path in &args.paths {
        if path.is_dir()
            && let Err(e) = library.add_dir_topics(path)
        {
            super::report(&e);
            return Exit::BadInput;
        }
        match peercert_core::library::rule_files(path) {
            Ok(found) => {
                files.extend(found.files);
                skipped.extend(found.skipped);
            }
            Err(e) => {
                super::report(&e);
                return Exit::BadInput;
            }
        }
    }
    super::report_skipped(&skipped, args.verbose);
    if files.is_empty() {
        let places: Vec<&Path> = args.paths.iter().map(PathBuf::as_path).collect();
        super::report(&format!(
            "no rule files found in {}\n  = help: a rule file is a `*.toml` file in a folder named (a top-level `topics.toml` only adds topics); hidden files and folders are skipped",
            super::paths(&places)
        ));
        return Exit::BadInput;
    }
    let problems = library.add_files(&files);
    for (i, problem) in problems.iter().enumerate() {
        if i > 0 {
            eprintln!();
        }
        super::report(problem);
    }
    let files_word = if files.len() == 1 { "file" } else { "files" };
    if problems.is_empty() {
        println!("ok: {} rule {files_word} checked, no problems", files.len());
        Exit::Ok
    } else {
        eprintln!(
            "\nerror: {} rule {files_word} checked: {} with problems",
            files.len(),
            problems.len()
        );
        Exit::BadInput
    }
}

/// `peercert rules diff ID --from DATE --to DATE`.
pub fn diff(args: &DiffArgs) -> Exit {
    let common = Common {
        as_of: None,
        rules: args.rules.clone(),
    };
    let library = match super::library(&common) {
        Ok(library) => library,
        Err(message) => {
            super::report(&message);
            return Exit::BadInput;
        }
    };
    let ruleset = match library.find(&args.id) {
        Ok(ruleset) => ruleset,
        Err(close) => {
            super::report(&super::unknown_credential(&close));
            return Exit::BadInput;
        }
    };
    let Some(diff) = peercert_core::diff::diff(ruleset, args.from, args.to) else {
        let earliest = ruleset.editions.first().map_or(args.from, |e| e.effective);
        super::report(&format!(
            "`{}` has no edition in force on {}: its earliest edition took effect on {earliest}",
            ruleset.id,
            args.from.min(args.to)
        ));
        return Exit::BadInput;
    };
    let output = match args.format {
        DiffFormat::Text => render::text::diff(&ruleset.id, args.from, args.to, &diff),
        DiffFormat::Json => match render::json::to_string(&diff) {
            Ok(json) => json,
            Err(message) => {
                super::report(&message);
                return Exit::BadInput;
            }
        },
    };
    print!("{output}");
    Exit::Ok
}

/// `peercert rules fmt [--check] PATH…`: puts each rule file in canonical layout, in
/// place (or, with `--check`, lists those that are not). Exit 2 if a file cannot be
/// read or is not TOML (the others are still done), else 1 if `--check` found a file
/// to change.
pub fn fmt(args: &RulesFmtArgs) -> Exit {
    let mut files = Vec::new();
    for path in &args.paths {
        match peercert_core::library::rule_files(path) {
            Ok(found) => {
                for item in found.skipped.iter().filter(|s| s.reason.is_noted()) {
                    super::eprint_lines(&format!("note: {item}"));
                }
                files.extend(found.files);
            }
            Err(e) => {
                super::report(&e);
                return Exit::BadInput;
            }
        }
    }
    let mut failed = 0;
    let mut changed = Vec::new();
    for file in &files {
        match fmt_one(file, args.check) {
            Ok(true) => changed.push(file),
            Ok(false) => {}
            Err(message) => {
                if failed > 0 {
                    eprintln!();
                }
                super::report(&message);
                failed += 1;
            }
        }
    }
    let files_word = |n: usize| if n == 1 { "file" } else { "files" };
    for file in &changed {
        if args.check {
            println!(
                "not in canonical layout: {}",
                printable(&file.display().to_string())
            );
        } else {
            println!("formatted {}", printable(&file.display().to_string()));
        }
    }
    let done = files.len();
    if args.check {
        if changed.is_empty() {
            println!(
                "ok: {done} rule {} checked, all in canonical layout",
                files_word(done)
            );
        } else {
            println!(
                "{} of {done} rule {} not in canonical layout; `peercert rules fmt PATH…` rewrites them",
                changed.len(),
                files_word(done)
            );
        }
    } else {
        println!(
            "{} of {done} rule {} rewritten in canonical layout",
            changed.len(),
            files_word(done)
        );
    }
    if failed > 0 {
        eprintln!(
            "\nerror: {failed} rule {} not formatted: nothing was written to {}",
            files_word(failed),
            if failed == 1 { "it" } else { "them" }
        );
        Exit::BadInput
    } else if args.check && !changed.is_empty() {
        Exit::No
    } else {
        Exit::Ok
    }
}

/// Formats one file; whether it was (or, with `check`, would be) changed. A file
/// already in canonical layout is only read.
fn fmt_one(path: &Path, check: bool) -> Result<bool, String> {
    let source = peercert_core::error::read_source(path).map_err(|e| e.to_string())?;
    let formatted = peercert_core::ruleset::format(&source).map_err(|e| e.to_string())?;
    if check || formatted == source.text {
        return Ok(formatted != source.text);
    }
    // Read again under the lock: the file may have changed since.
    let locked = crate::write::lock(path).map_err(|e| e.to_string())?;
    let bytes = locked.read().map_err(|e| e.to_string())?;
    let source = source_from_bytes(&source.name, &bytes).map_err(|e| e.to_string())?;
    let formatted = peercert_core::ruleset::format(&source).map_err(|e| e.to_string())?;
    if formatted == source.text {
        return Ok(false);
    }
    locked
        .replace(&bytes, formatted.as_bytes())
        .map_err(|e| e.to_string())?;
    Ok(true)
}
