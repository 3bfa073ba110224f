//! The JSON Schemas of the values peercert reads by hand from its files — dates, hours,
//! amounts, ids, topics, closed vocabularies — each saying as closely as JSON Schema can
//! what the loader accepts. The file formats' serde mirrors name them in their
//! `#[schemars(with = …)]` attributes; [`crate::schema`] puts the schemas together.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::quantity::{MAX_YEAR, MIN_YEAR};
use crate::vocab::{Confidence, FeeKind, Format, RuleKind};

/// The words of a closed vocabulary, as an enum schema.
fn words<T>(all: &[(&'static str, T)], description: &str) -> Schema {
    let words: Vec<&str> = all.iter().map(|(word, _)| *word).collect();
    json_schema!({
        "description": description,
        "type": "string",
        "enum": words,
    })
}

/// Lowercase words joined by `-`, at most 64 characters: the shape of every id but
/// credentials and workers.
const KEBAB: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";

macro_rules! schema_type {
    ($(#[$doc:meta])* $name:ident, |$generator:ident| $body:expr) => {
        $(#[$doc])*
        pub(crate) struct $name;

        impl JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema($generator: &mut SchemaGenerator) -> Schema {
                $body
            }
        }
    };
}

schema_type!(
    /// A date: a TOML local date (`2025-05-12`) or the same as a quoted string.
    Date,
    |_g| {
        let years = format!("{MIN_YEAR}–{MAX_YEAR}");
        json_schema!({
            "description": format!("A date such as 2025-05-12, written as a TOML local date (unquoted) or a quoted ISO date; years {years}, so that a typo such as 2205 is caught."),
            "type": "string",
            "format": "date",
            "pattern": "^(19[0-9]{2}|20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
        })
    }
);

schema_type!(
    /// Hours: a number more than zero, with at most two decimals.
    PositiveHours,
    |_g| json_schema!({
        "description": "Hours: an integer or a decimal (12.5, 0.25) more than zero, with at most two decimals.",
        "type": "number",
        "exclusiveMinimum": 0,
    })
);

schema_type!(
    /// A split of hours by topic.
    TopicHours,
    |g| json_schema!({
        "description": "Hours by topic, such as { advocacy = 10, ethics = 6 }: each part more than zero, and the parts together at most the entry's hours (the rest is untagged).",
        "type": "object",
        "propertyNames": g.subschema_for::<TopicName>(),
        "additionalProperties": g.subschema_for::<PositiveHours>(),
        "minProperties": 1,
    })
);

schema_type!(
    /// An amount of money in US dollars, more than zero.
    Amount,
    |_g| money("An amount in US dollars, more than zero: a string such as \"150.00\" or \"$1,200\", or a number.", true)
);

schema_type!(
    /// An amount of money in US dollars, zero allowed.
    Cost,
    |_g| money("An amount in US dollars, 0 for something free: a string such as \"45.00\" or \"$1,200\", or a number.", false)
);

/// A dollar amount as a string (`150`, `150.5`, `$1,200.00`) or a number.
fn money(description: &str, positive: bool) -> Schema {
    let text = "^\\s*\\$?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\\.[0-9]{1,2})?\\s*$";
    let zero = "^\\s*\\$?0+(\\.0{1,2})?\\s*$";
    if positive {
        json_schema!({
            "description": description,
            "anyOf": [
                { "type": "string", "pattern": text, "not": { "pattern": zero } },
                { "type": "number", "exclusiveMinimum": 0 },
            ],
        })
    } else {
        json_schema!({
            "description": description,
            "anyOf": [
                { "type": "string", "pattern": text },
                { "type": "number", "minimum": 0 },
            ],
        })
    }
}

schema_type!(
    /// A topic name; [`crate::schema`] replaces its definition with the vocabulary.
    TopicName,
    |_g| json_schema!({ "type": "string", "pattern": KEBAB })
);

schema_type!(
    /// A credential id such as `nj/cprs`.
    CredentialName,
    |_g| json_schema!({
        "description": "A credential id: issuer, `/`, abbreviation, in lowercase (`nj/cprs`, `us/ncprss`, an agency's `acme/lead`).",
        "type": "string",
        "pattern": "^[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*$",
    })
);

schema_type!(
    /// A lowercase kebab-case id.
    KebabId,
    |_g| json_schema!({
        "description": "Lowercase words joined by `-`, such as `icrc-pr` or `lived-experience`.",
        "type": "string",
        "pattern": KEBAB,
        "maxLength": 64,
    })
);

schema_type!(
    /// Text that is not empty.
    Text,
    |_g| json_schema!({ "type": "string", "pattern": "\\S" })
);

schema_type!(
    /// A delivery format.
    FormatName,
    |_g| words(&Format::ALL, "How a course was delivered: `in-person`, `live-online` or `self-paced`.")
);

schema_type!(
    /// A kind of fee or payment.
    FeeKindName,
    |_g| words(&FeeKind::ALL, "Which fee: `application`, `exam`, `certification`, `renewal`, `late` or `reinstatement`.")
);

schema_type!(
    /// How sure a fact of a rule set is.
    ConfidenceName,
    |_g| words(&Confidence::ALL, "How sure the fact is: `board` (the board's own text), `regulation`, or `secondary` (another source, marked \"to be confirmed\" in answers).")
);

schema_type!(
    /// The kind of a requirement.
    RuleKindName,
    |_g| words(&RuleKind::ALL, "What the requirement asks for: `hours` (training), `experience`, `supervision`, `exam`, `attestation`, `credential` (another credential held), or a group of parts, `any_of` or `all_of`.")
);

schema_type!(
    /// Caps on hours by delivery format.
    FormatHours,
    |g| json_schema!({
        "type": "object",
        "propertyNames": g.subschema_for::<FormatName>(),
        "additionalProperties": g.subschema_for::<PositiveHours>(),
    })
);

schema_type!(
    /// Minimum shares of hours by delivery format, in percent.
    FormatShares,
    |g| json_schema!({
        "type": "object",
        "propertyNames": g.subschema_for::<FormatName>(),
        "additionalProperties": { "type": "integer", "minimum": 1, "maximum": 100 },
    })
);

schema_type!(
    /// Caps on hours by topic.
    TopicCaps,
    |g| json_schema!({
        "type": "object",
        "propertyNames": g.subschema_for::<TopicName>(),
        "additionalProperties": g.subschema_for::<PositiveHours>(),
    })
);

schema_type!(
    /// The URL of a board's publication.
    SourceUrl,
    |_g| json_schema!({
        "description": "The URL of a publication of the board, starting with https:// (or http://).",
        "type": "string",
        "pattern": "^https?://",
    })
);
