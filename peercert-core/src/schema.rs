//! JSON Schemas of the files peercert reads — records, rule sets and catalogues — for
//! editors that check a TOML file as it is typed.
//!
//! The schemas are generated from the same serde mirrors the loaders read
//! (`record/raw.rs`, `ruleset/raw.rs`, each requirement kind's keys, the catalogue's
//! course), so a key added to a file format appears in its schema, with the doc comment
//! of its field as the help an editor shows. Values that peercert reads by hand (dates,
//! hours, amounts, ids, topics) have their schema here, saying as closely as JSON
//! Schema can what the loader accepts. What JSON Schema cannot say — a split's parts
//! summing to at most the hours, a duplicate entry, a date before another — is still
//! only checked by peercert itself.
//!
//! The schemas are JSON Schema draft 7, which Taplo (Even Better TOML), Tombi and
//! `check-jsonschema` all read. A TOML date is validated as the ISO text it stands for
//! (`2025-05-12`), as those tools present it.
//!
//! The answers peercert writes as JSON ([`crate::Evaluation`], [`crate::Plan`],
//! [`crate::audit::Audit`]) have schemas too, generated from their types as they are
//! serialized, for the programs that read them.

use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use schemars::{JsonSchema, Schema};
use serde_json::{Map, Value};

use crate::topic::Topics;
use crate::value_schema::TopicName;

/// The schema of a worker's record file.
///
/// Topics are those of `topics`, ids and aliases (a `--rules` folder's own
/// vocabulary gives a schema that knows its topics too).
pub fn record(topics: &Topics) -> Value {
    finish::<crate::record::Schema>(topics)
}

/// The schema of a rule-set file (one credential), an overlay (`extends`) included.
pub fn rule_set(topics: &Topics) -> Value {
    finish::<crate::ruleset::Schema>(topics)
}

/// The schema of a course catalogue (`plan --catalog`).
pub fn catalog(topics: &Topics) -> Value {
    finish::<crate::catalog::RawCatalog>(topics)
}

/// The schema of `check --format json`: one [`crate::Evaluation`].
pub fn evaluation() -> Value {
    output::<crate::Evaluation>()
}

/// The schema of one plan of `plan --format json`: a [`crate::plan::Plan`].
pub fn plan() -> Value {
    output::<crate::plan::Plan>()
}

/// The schema of `audit --format json`: an [`crate::audit::Audit`].
pub fn audit() -> Value {
    output::<crate::audit::Audit>()
}

/// Generates the schema of an answer as it is serialized. Every object lists all its
/// keys (`additionalProperties: false`), so that a key added to an answer and not to
/// its schema fails the tests that validate real answers.
fn output<T: JsonSchema>() -> Value {
    let mut settings = SchemaSettings::draft07().for_serialize();
    settings
        .transforms
        .push(Box::new(RecursiveTransform(closed)));
    settings
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value()
}

/// Closes an object schema that lists its keys.
fn closed(schema: &mut Schema) {
    if schema.get("properties").is_some() && schema.get("additionalProperties").is_none() {
        schema.insert("additionalProperties".to_owned(), false.into());
    }
}

/// Generates the schema of `T` and fills in the topic vocabulary.
fn finish<T: JsonSchema>(topics: &Topics) -> Value {
    let mut settings = SchemaSettings::draft07();
    settings
        .transforms
        .push(Box::new(RecursiveTransform(no_null)));
    let mut value = settings
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value();
    let name = TopicName::schema_name();
    if let Some(Value::Object(definitions)) = value.get_mut("definitions")
        && definitions.contains_key(name.as_ref())
    {
        definitions.insert(name.into_owned(), topic_schema(topics));
    }
    value
}

/// Takes `null` out of the schema of an optional key: TOML has no null, and a key
/// left out is the only way to leave a value out.
fn no_null(schema: &mut Schema) {
    if let Some(Value::Array(types)) = schema.get_mut("type") {
        types.retain(|t| t != "null");
        if let [only] = types.as_slice() {
            let only = only.clone();
            schema.insert("type".to_owned(), only);
        }
    }
    if let Some(Value::Array(alternatives)) = schema.get_mut("anyOf") {
        alternatives.retain(|a| a.get("type").is_none_or(|t| t != "null"));
        // One alternative left is the value itself: as `allOf`, a validator names
        // what is wrong with it rather than "not valid under any of the schemas".
        if alternatives.len() == 1
            && let Some(only) = schema.remove("anyOf")
        {
            schema.insert("allOf".to_owned(), only);
        }
    }
}

/// Every name a topic may be written with: each id, then its aliases.
fn topic_schema(topics: &Topics) -> Value {
    let mut names = Vec::new();
    let mut help = Vec::new();
    for topic in topics.iter() {
        names.push(Value::from(topic.id.as_str()));
        help.push(format!("`{}`: {}", topic.id, topic.description));
        names.extend(topic.aliases.iter().map(|a| Value::from(a.as_str())));
    }
    let mut schema = Map::new();
    schema.insert(
        "description".to_owned(),
        format!(
            "A topic of the shared vocabulary (rules/topics.toml), by id or alias.\n\n{}",
            help.join("\n")
        )
        .into(),
    );
    schema.insert("type".to_owned(), "string".into());
    schema.insert("enum".to_owned(), names.into());
    Value::Object(schema)
}
