//! `peercert schema FILE`: the JSON Schema of a record, a rule set or a catalogue,
//! as the core generates it from the types its loaders read (`peercert_core::schema`),
//! with the shipped topic vocabulary. The copies in the source's `schemas/` folder are
//! these same texts, kept so by a test.

use std::io::Write as _;

use peercert_core::Library;

use crate::cli::{SchemaArgs, SchemaFile};
use crate::exit::Exit;
use crate::render::json;

pub fn run(args: &SchemaArgs) -> Exit {
    super::exit(print(args.file))
}

fn print(file: SchemaFile) -> Result<Exit, String> {
    let library = super::embedded()?;
    std::io::stdout()
        .write_all(text(file, &library)?.as_bytes())
        .map_err(|e| format!("could not write the schema: {e}"))?;
    Ok(Exit::Ok)
}

/// The schema of `file` as pretty JSON with a final newline.
pub fn text(file: SchemaFile, library: &Library) -> Result<String, String> {
    let topics = library.topics();
    json::to_string(&match file {
        SchemaFile::Record => peercert_core::schema::record(topics),
        SchemaFile::Rules => peercert_core::schema::rule_set(topics),
        SchemaFile::Catalog => peercert_core::schema::catalog(topics),
    })
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use clap::ValueEnum as _;

    use super::*;

    /// The name of the file in `schemas/` that holds `file`'s schema.
    fn file_name(file: SchemaFile) -> &'static str {
        match file {
            SchemaFile::Record => "record.schema.json",
            SchemaFile::Rules => "rules.schema.json",
            SchemaFile::Catalog => "catalog.schema.json",
        }
    }

    fn folder() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas")
    }

    /// The committed schemas are what `peercert schema` prints; after changing a file
    /// format (or the topic vocabulary), write them again with
    /// `PEERCERT_UPDATE_SCHEMAS=1 cargo test -p peercert-cli --bin peercert schema::`.
    #[test]
    fn the_committed_schemas_are_those_peercert_prints() {
        let library = crate::command::embedded().unwrap();
        for file in SchemaFile::value_variants() {
            let path = folder().join(file_name(*file));
            let text = text(*file, &library).unwrap();
            if std::env::var_os("PEERCERT_UPDATE_SCHEMAS").is_some() {
                std::fs::create_dir_all(folder()).unwrap();
                std::fs::write(&path, &text).unwrap();
            }
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                committed == text,
                "{} is not what `peercert schema {}` prints: write it again with \
                 PEERCERT_UPDATE_SCHEMAS=1 cargo test -p peercert-cli --bin peercert schema::",
                path.display(),
                file.to_possible_value().unwrap().get_name()
            );
        }
    }
}
