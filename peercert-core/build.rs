//! Embeds every file under the crate's `rules/` folder, so the binary works from
//! any folder with no set-up, with an index of what the library needs from all of
//! them at once (credential ids, exam ids, attestation kinds, pass marks, the newest
//! `verified` date and the stamp's hash). With the index a command reads only the
//! rule sets it uses; `library::tests` checks the index against a full read.
//!
//! In the repository `peercert-core/rules` is a link to the workspace's top-level
//! `rules/`, where rule authors edit the files; `cargo package` follows the link, so
//! the published crate carries the rules as files of its own.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The vocabulary file, read before the rule sets (as `library::TOPICS_FILE`).
const TOPICS_FILE: &str = "topics.toml";

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

/// What one rule file tells the index.
struct Entry {
    extends: Option<String>,
    verified: Option<toml::value::Datetime>,
}

/// The exam ids, attestation kinds and pass marks named anywhere in a rule file:
/// every table whose `kind` is `exam` or `attestation`, however deeply nested.
#[derive(Default)]
struct Names {
    exams: BTreeSet<String>,
    attestations: BTreeSet<String>,
    marks: Vec<(String, i64)>,
}

fn gather(value: &toml::Value, names: &mut Names) {
    match value {
        toml::Value::Table(table) => {
            let text = |key: &str| table.get(key).and_then(toml::Value::as_str);
            match text("kind") {
                Some("exam") => {
                    if let Some(exam) = text("exam") {
                        names.exams.insert(exam.to_owned());
                        if let Some(mark) = table.get("min_score").and_then(toml::Value::as_integer)
                        {
                            names.marks.push((exam.to_owned(), mark));
                        }
                    }
                }
                Some("attestation") => {
                    if let Some(kind) = text("attestation") {
                        names.attestations.insert(kind.to_owned());
                    }
                }
                _ => {}
            }
            table.values().for_each(|v| gather(v, names));
        }
        toml::Value::Array(items) => items.iter().for_each(|v| gather(v, names)),
        _ => {}
    }
}

/// The stamp's hash input for one file: its name and bytes, each after its length
/// (as `Library::absorb`).
fn absorb(digest: &mut Sha256, name: &str, text: &str) {
    for part in [name.as_bytes(), text.as_bytes()] {
        digest.update((part.len() as u64).to_le_bytes());
        digest.update(part);
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let rules = manifest.join("rules");
    println!("cargo:rerun-if-changed={}", rules.display());
    let mut files = Vec::new();
    collect(&rules, &mut files).map_err(|e| {
        format!(
            "cannot read the rule folder `{}`: {e}; in the repository it is a link to \
             `rules/`, which git makes only where links are enabled (on Windows: \
             `git clone -c core.symlinks=true`)",
            rules.display()
        )
    })?;
    files.sort();
    let mut code =
        String::from("/// Every shipped rule file: its path under `rules/`, and its text.\n");
    code.push_str("pub(crate) static RULE_FILES: &[(&str, &str)] = &[\n");
    let mut texts = Vec::new();
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let relative = file
            .strip_prefix(&rules)?
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            code,
            "    ({relative:?}, include_str!({:?})),",
            file.canonicalize()?.display().to_string()
        )?;
        texts.push((relative, std::fs::read_to_string(file)?));
    }
    code.push_str("];\n");

    // The stamp's hash: the vocabulary first, then every rule file by path.
    let mut digest = Sha256::new();
    for (path, text) in texts.iter().filter(|(p, _)| p == TOPICS_FILE) {
        absorb(&mut digest, &format!("rules/{path}"), text);
    }
    let mut entries: BTreeMap<String, (usize, Entry)> = BTreeMap::new();
    let mut by_id: BTreeMap<String, Names> = BTreeMap::new();
    for (index, (path, text)) in texts.iter().enumerate() {
        if path == TOPICS_FILE {
            continue;
        }
        absorb(&mut digest, &format!("rules/{path}"), text);
        let value: toml::Value = toml::from_str(text).map_err(|e| {
            format!("rules/{path} is not TOML ({e}); `peercert rules check` says more")
        })?;
        let string = |key: &str| {
            value
                .get(key)
                .and_then(toml::Value::as_str)
                .map(str::to_owned)
        };
        let Some(id) = string("id") else {
            return Err(format!("rules/{path} has no `id`").into());
        };
        let mut names = Names::default();
        gather(&value, &mut names);
        let entry = Entry {
            extends: string("extends"),
            verified: value
                .get("verified")
                .and_then(toml::Value::as_datetime)
                .copied(),
        };
        if let Some((first, _)) = entries.insert(id.clone(), (index, entry)) {
            let first = texts.get(first).map_or("", |(p, _)| p.as_str());
            return Err(format!("rules/{first} and rules/{path} both define `{id}`").into());
        }
        by_id.insert(id, names);
    }
    // A circle of overlays would make a shipped rule set wait on itself.
    for (id, (_, entry)) in &entries {
        let mut seen = BTreeSet::from([id.as_str()]);
        let mut next = entry.extends.as_deref();
        while let Some(base) = next {
            if !seen.insert(base) {
                return Err(format!(
                    "the shipped overlays extend each other in a circle from `{id}`"
                )
                .into());
            }
            next = entries.get(base).and_then(|(_, e)| e.extends.as_deref());
        }
    }

    code.push_str("\n/// The shipped rule sets by credential id: the index of each one's file in `RULE_FILES`.\n");
    code.push_str("pub(crate) static SHIPPED_IDS: &[(&str, usize)] = &[\n");
    for (id, (index, _)) in &entries {
        writeln!(code, "    ({id:?}, {index}),")?;
    }
    code.push_str("];\n");
    let (exams, attestations) = by_id.values().fold(
        (BTreeSet::new(), BTreeSet::new()),
        |(mut exams, mut attestations), names| {
            exams.extend(names.exams.iter().cloned());
            attestations.extend(names.attestations.iter().cloned());
            (exams, attestations)
        },
    );
    writeln!(
        code,
        "\n/// The exam ids the shipped rule sets name, sorted.\npub(crate) static SHIPPED_EXAMS: &[&str] = &{:?};",
        exams.iter().collect::<Vec<_>>()
    )?;
    writeln!(
        code,
        "\n/// The attestation kinds the shipped rule sets name, sorted.\npub(crate) static SHIPPED_ATTESTATIONS: &[&str] = &{:?};",
        attestations.iter().collect::<Vec<_>>()
    )?;
    // The first pass mark in credential order, as `Library::resolve_pass_marks` takes it.
    let mut marks: BTreeMap<String, i64> = BTreeMap::new();
    for names in by_id.values() {
        for (exam, mark) in &names.marks {
            marks.entry(exam.clone()).or_insert(*mark);
        }
    }
    code.push_str("\n/// The pass mark of each exam that a shipped rule set gives one.\n");
    code.push_str("pub(crate) static SHIPPED_MARKS: &[(&str, u32)] = &[\n");
    for (exam, mark) in &marks {
        writeln!(code, "    ({exam:?}, {mark}),")?;
    }
    code.push_str("];\n");
    let newest = entries
        .values()
        .filter_map(|(_, e)| e.verified.and_then(|v| v.date))
        .max_by_key(|d| (d.year, d.month, d.day))
        .ok_or("no shipped rule set has a `verified` date")?;
    writeln!(
        code,
        "\n/// The newest `verified` date of the shipped rule sets: year, month, day.\npub(crate) const SHIPPED_VERIFIED: (i32, u32, u32) = ({}, {}, {});",
        newest.year, newest.month, newest.day
    )?;
    let hash: String = digest
        .finalize()
        .iter()
        .take(4)
        .map(|byte| format!("{byte:02x}"))
        .collect();
    writeln!(
        code,
        "\n/// The stamp's hash of the shipped rule files alone.\npub(crate) const SHIPPED_HASH: &str = {hash:?};"
    )?;
    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("embedded_rules.rs");
    std::fs::write(out, code)?;
    Ok(())
}
