//! `peercert schema FILE`: the JSON Schema of a record, a rule set or a catalogue,
//! as the core generates it from the types its loaders read (`peercert_core::schema`),
//! with the shipped topic vocabulary. The copies in the source's `schemas/` folder are
//! these same texts, kept so by a test.

use std::io::Write as _;

use peercert_core::Library;
use serde_json::{Value, json};

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
        SchemaFile::CheckOutput => stamped(peercert_core::schema::evaluation()),
        SchemaFile::PlanOutput => one_or_many(stamped(peercert_core::schema::plan())),
        SchemaFile::AuditOutput => stamped(peercert_core::schema::audit()),
    })
}

/// An answer's schema with the `rules_version` the JSON renderer adds to it
/// ([`json::stamped`]).
fn stamped(mut schema: Value) -> Value {
    if let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) {
        properties.insert(
            "rules_version".to_owned(),
            json!({
                "description": "The rules the answer was made with: the newest `verified` date of the rule sets read, `+`, and the first 8 hexadecimal digits of a SHA-256 over every rule file read.",
                "type": "string",
                "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}\\+[0-9a-f]{8}$",
            }),
        );
    }
    if let Some(required) = schema.get_mut("required").and_then(Value::as_array_mut) {
        required.push("rules_version".into());
    }
    schema
}

/// Points the references to the root (a plan's `next_cycle`) at the plan's
/// definition, once the plan is no longer the root.
fn to_plan(schema: &mut Value) {
    match schema {
        Value::Object(object) => {
            if object.get("$ref").is_some_and(|r| r == "#") {
                object.insert("$ref".to_owned(), "#/definitions/Plan".into());
            }
            object.values_mut().for_each(to_plan);
        }
        Value::Array(items) => items.iter_mut().for_each(to_plan),
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => {}
    }
}

/// A plan's schema as `plan` prints it: one plan object when one credential is
/// planned, an array of them when several are, each with its `rules_version`. A plan
/// inside a plan (`next_cycle`) has none, so the plan's definition leaves it optional
/// and the plans at the top require it.
fn one_or_many(mut plan: Value) -> Value {
    let Some(object) = plan.as_object_mut() else {
        return plan;
    };
    let mut schema = serde_json::Map::new();
    for key in ["$schema", "title", "definitions"] {
        if let Some(value) = object.remove(key) {
            schema.insert(key.to_owned(), value);
        }
    }
    let description = object.remove("description");
    object.insert("title".to_owned(), "Plan".into());
    if let Some(required) = object.get_mut("required").and_then(Value::as_array_mut) {
        required.retain(|key| key != "rules_version");
    }
    to_plan(&mut plan);
    if let Some(definitions) = schema.get_mut("definitions").and_then(Value::as_object_mut) {
        definitions.insert("Plan".to_owned(), plan);
    }
    if let Some(description) = description {
        schema.insert("description".to_owned(), description);
    }
    schema.insert(
        "oneOf".to_owned(),
        json!([
            { "allOf": [{ "$ref": "#/definitions/Plan" }], "required": ["rules_version"] },
            {
                "type": "array",
                "items": { "allOf": [{ "$ref": "#/definitions/Plan" }], "required": ["rules_version"] },
            },
        ]),
    );
    Value::Object(schema)
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
            SchemaFile::CheckOutput => "check-output.schema.json",
            SchemaFile::PlanOutput => "plan-output.schema.json",
            SchemaFile::AuditOutput => "audit-output.schema.json",
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
