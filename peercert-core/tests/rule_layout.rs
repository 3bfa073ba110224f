//! Every shipped rule file is in canonical layout, and putting it there changes
//! nothing it means (`peercert rules fmt`, `docs/rule-sets.md` "Canonical layout").
#![cfg(test)]

use std::path::{Path, PathBuf};

use peercert_core::ruleset::format;
use peercert_core::{Library, Source};

/// Every shipped rule file (`topics.toml` is not a rule file), as `rules/…` and its
/// text.
fn shipped() -> Vec<(String, String)> {
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let files: Vec<PathBuf> = peercert_core::library::rule_files(&rules).unwrap().files;
    assert!(files.len() >= 20, "{} rule files", files.len());
    files
        .iter()
        .map(|file| {
            let name = file
                .strip_prefix(&rules)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (
                format!("rules/{name}"),
                std::fs::read_to_string(file).unwrap(),
            )
        })
        .collect()
}

fn fmt(name: &str, text: &str) -> String {
    format(&Source::new(name, text)).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_shipped_rule_file_is_in_canonical_layout() {
    let not_canonical: Vec<String> = shipped()
        .into_iter()
        .filter(|(name, text)| fmt(name, text) != *text)
        .map(|(name, _)| name)
        .collect();
    assert!(
        not_canonical.is_empty(),
        "not in canonical layout: {}\nfix with: cargo run -q -p peercert-cli -- rules fmt {}",
        not_canonical.join(", "),
        not_canonical.join(" ")
    );
}

/// The library read from the formatted files holds the same rule sets, overlays
/// merged, as the shipped one.
#[test]
fn formatting_the_shipped_files_changes_no_rule_set() {
    let shipped_library = Library::embedded().unwrap();
    let mut formatted_library = Library::embedded().unwrap();
    let formatted: Vec<Source> = shipped()
        .iter()
        .map(|(name, text)| Source::new(name.clone(), fmt(name, text)))
        .collect();
    let problems = formatted_library.add_sources(formatted);
    assert!(problems.is_empty(), "{problems:?}");
    let json = |library: &Library| {
        library
            .rulesets()
            .map(|r| serde_json::to_value(r).unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(json(&formatted_library).len(), shipped().len());
    assert_eq!(json(&formatted_library), json(&shipped_library));
}

#[test]
fn formatting_a_shipped_file_twice_changes_nothing_and_keeps_every_comment() {
    let comments = |text: &str| {
        let mut found: Vec<String> = text
            .lines()
            .filter(|line| line.trim_start().starts_with('#'))
            .map(|line| line.trim().to_owned())
            .collect();
        found.sort();
        found
    };
    for (name, text) in shipped() {
        let once = fmt(&name, &text);
        assert_eq!(fmt(&name, &once), once, "{name}");
        assert_eq!(comments(&once), comments(&text), "{name}");
    }
}
