//! The man pages in `docs/man/`, one per command (`peercert.1`, `peercert-check.1`,
//! `peercert-rules-show.1`, …), written by clap_mangen from the command line itself
//! and kept from drifting by a test. To write them again after changing the command
//! line:
//!
//! ```sh
//! PEERCERT_UPDATE_MAN=1 cargo test -p peercert-cli --bin peercert man::
//! ```

use std::path::{Path, PathBuf};

use clap::Command;
use clap_mangen::Man;

use crate::cli::EXIT_CODES;

/// Every page: its file name and its roff text.
fn pages() -> Vec<(String, String)> {
    let mut command = crate::cli::command().disable_help_subcommand(true);
    command.build();
    let mut pages = Vec::new();
    collect(&command, &mut pages);
    pages.sort();
    pages
}

fn collect(command: &Command, pages: &mut Vec<(String, String)>) {
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, pages);
    }
    let man = Man::new(command.clone()).source(concat!("peercert ", env!("CARGO_PKG_VERSION")));
    pages.push((man.get_filename(), page(&man, command)));
}

/// clap_mangen's sections, with the exit codes as an EXIT STATUS section (in place of
/// the EXTRA section it would make of the help's ending).
fn page(man: &Man, command: &Command) -> String {
    let mut roff = Vec::new();
    man.render_title(&mut roff).unwrap();
    man.render_name_section(&mut roff).unwrap();
    man.render_synopsis_section(&mut roff).unwrap();
    man.render_description_section(&mut roff).unwrap();
    man.render_options_section(&mut roff).unwrap();
    if command.has_subcommands() {
        man.render_subcommands_section(&mut roff).unwrap();
    }
    roff.extend_from_slice(b".SH \"EXIT STATUS\"\n");
    for (code, meaning) in EXIT_CODES {
        roff.extend_from_slice(format!(".TP\n{code}\n{meaning}\n").as_bytes());
    }
    if command.get_version().is_some() {
        man.render_version_section(&mut roff).unwrap();
    }
    String::from_utf8(roff).unwrap()
}

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/man")
}

/// The pages in the folder now.
fn committed() -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = std::fs::read_dir(folder())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "1"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    pages.sort();
    pages
}

#[test]
fn the_man_pages_are_those_of_this_command_line() {
    let pages = pages();
    if std::env::var_os("PEERCERT_UPDATE_MAN").is_some() {
        std::fs::create_dir_all(folder()).unwrap();
        for (name, _) in committed() {
            std::fs::remove_file(folder().join(name)).unwrap();
        }
        for (name, text) in &pages {
            std::fs::write(folder().join(name), text).unwrap();
        }
    }
    let committed = committed();
    let names = |pages: &[(String, String)]| -> Vec<String> {
        pages.iter().map(|(name, _)| name.clone()).collect()
    };
    assert_eq!(
        names(&committed),
        names(&pages),
        "docs/man/ does not hold one page per command; write them again with \
         `PEERCERT_UPDATE_MAN=1 cargo test -p peercert-cli --bin peercert man::`"
    );
    for ((name, old), (_, new)) in committed.iter().zip(&pages) {
        assert!(
            old == new,
            "docs/man/{name} is not the page of this command line; write it again with \
             `PEERCERT_UPDATE_MAN=1 cargo test -p peercert-cli --bin peercert man::`"
        );
    }
}

#[test]
fn every_page_ends_with_the_exit_status() {
    for (name, text) in pages() {
        assert!(
            text.contains(
                ".SH \"EXIT STATUS\"\n.TP\n0\nall met, nothing out of compliance\n.TP\n1\n"
            ),
            "{name}"
        );
    }
}
