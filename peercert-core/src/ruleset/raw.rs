//! The rule-set file exactly as written: plain serde mirrors of the TOML, spans kept.
//! Requirement tables are not here: each is read by its kind's module
//! ([`crate::requirement`]). The doc comments of the fields are the help of the rule
//! set's JSON Schema ([`crate::schema`]).
//!
//! The order of each struct's fields is the order of the keys in a file's canonical
//! layout ([`super::layout`]): a key added here takes its place there too.

use schemars::{JsonSchema, Schema};
use serde::Deserialize;
use toml::{Spanned, Value};

use crate::value_schema::{
    Amount, ConfidenceName, CredentialName, Date, FeeKindName, SourceUrl, Text,
};

/// One credential as a board publishes it: identity, sources, and its editions.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "peercert rule set")]
pub(crate) struct RuleSet {
    /// The credential's id: the state's two letters (or `us`, or an agency's name),
    /// `/`, the abbreviation, in lowercase, such as `nj/cprs`.
    #[schemars(with = "CredentialName")]
    pub id: Spanned<String>,
    /// The credential's full name.
    #[schemars(with = "Text")]
    pub name: Spanned<String>,
    /// The state or body whose credential it is.
    #[schemars(with = "Text")]
    pub jurisdiction: Spanned<String>,
    /// The board that issues it.
    #[schemars(with = "Text")]
    pub board: Spanned<String>,
    /// The credential this file extends, as an agency overlay does: its editions add
    /// to or tighten the base's.
    #[schemars(with = "Option<CredentialName>")]
    pub extends: Option<Spanned<String>>,
    /// One sentence on what the credential is.
    pub summary: Option<String>,
    /// The URLs of the board's publications the file encodes.
    #[schemars(with = "Vec<SourceUrl>", extend("minItems" = 1))]
    pub sources: Spanned<Vec<Spanned<String>>>,
    /// The last day someone checked the file against its sources.
    #[schemars(with = "Date")]
    pub verified: Spanned<Value>,
    /// The editions of the rules, oldest first, each in force from its `effective` date.
    #[schemars(with = "Vec<Edition>", extend("minItems" = 1))]
    pub edition: Spanned<Vec<Spanned<Edition>>>,
}

/// `[[edition]]`: the rules in force from a date until the next edition's.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Edition {
    /// The day this edition comes into force.
    #[schemars(with = "Date")]
    pub effective: Spanned<Value>,
    /// What changed in this edition, and why.
    pub note: Option<String>,
    /// `[edition.initial]`: what a first application requires.
    #[schemars(with = "Option<Stage>")]
    pub initial: Option<Spanned<Stage>>,
    /// `[edition.renewal]`: the renewal cycle, what happens after expiry, and what a
    /// renewal requires.
    #[schemars(with = "Option<Renewal>")]
    pub renewal: Option<Spanned<Renewal>>,
    /// `[edition.provisional]`: a provisional certificate and what it requires.
    #[schemars(with = "Option<Provisional>")]
    pub provisional: Option<Spanned<Provisional>>,
}

/// Adds the stage's `requirement` array (read apart from the stage's own keys) to
/// the schema of a stage table.
fn with_requirements(schema: &mut Schema) {
    if let Some(serde_json::Value::Object(properties)) = schema.get_mut("properties") {
        properties.insert(
            "requirement".to_owned(),
            serde_json::json!({
                "description": "The stage's requirements, one `[[…requirement]]` table each.",
                "type": "array",
                "items": { "$ref": "#/definitions/Requirement" },
            }),
        );
    }
}

/// `[edition.initial]`: a first application.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = with_requirements)]
pub(crate) struct Stage {
    /// The fees of a first application.
    #[serde(default)]
    #[schemars(with = "Vec<Fee>")]
    pub fee: Vec<Spanned<Fee>>,
}

/// `[edition.renewal]`: the renewal cycle and its requirements.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = with_requirements)]
pub(crate) struct Renewal {
    /// How many months a cycle lasts (1 to 120).
    #[schemars(with = "Option<u32>", extend("minimum" = 1, "maximum" = 120))]
    pub cycle_months: Option<Spanned<i64>>,
    /// Whether the board publishes what happens after expiry: `published` (then give
    /// its grace period, if any) or `not-published`.
    #[schemars(with = "Option<String>", extend("enum" = ["published", "not-published"]))]
    pub post_expiry: Option<Spanned<String>>,
    /// A grace period after expiry, in days (0 to 3650).
    #[schemars(with = "Option<u32>", extend("minimum" = 0, "maximum" = 3650))]
    pub grace_days: Option<Spanned<i64>>,
    /// A grace period after expiry, in months (1 to 120).
    #[schemars(with = "Option<u32>", extend("minimum" = 1, "maximum" = 120))]
    pub grace_months: Option<Spanned<i64>>,
    /// A grace period with no last day the board publishes.
    #[schemars(with = "Option<bool>")]
    pub grace_open: Option<Spanned<bool>>,
    /// The day the grace period counts from, when not the expiry.
    #[schemars(with = "Option<Date>")]
    pub grace_from: Option<Spanned<Value>>,
    /// How many months (1 to 120) after grace an inactive credential may still be
    /// reactivated.
    #[schemars(with = "Option<u32>", extend("minimum" = 1, "maximum" = 120))]
    pub inactive_months: Option<Spanned<i64>>,
    /// What expiry dates follow: `issued`, `birthday`, `calendar-year`, or a fixed
    /// day such as { month = 9, day = 1, years = "odd" }.
    #[schemars(with = "Option<AnchorSchema>")]
    pub anchor: Option<Spanned<Value>>,
    /// How many days (0 to 3650) before expiry a renewal may be submitted.
    #[schemars(with = "Option<u32>", extend("minimum" = 0, "maximum" = 3650))]
    pub submit_from_days: Option<Spanned<i64>>,
    /// How many days (0 to 3650) before expiry a renewal is due.
    #[schemars(with = "Option<u32>", extend("minimum" = 0, "maximum" = 3650))]
    pub due_days: Option<Spanned<i64>>,
    /// Whether the first cycle after certification requires continuing education.
    pub first_cycle_ce: Option<bool>,
    /// Continuing education is waived for a credential issued within this many
    /// months (1 to 120) of its expiry.
    #[schemars(with = "Option<u32>", extend("minimum" = 1, "maximum" = 120))]
    pub ce_waived_within_months: Option<Spanned<i64>>,
    /// Which page or section of the board's publication gives the cycle and the terms
    /// after expiry.
    #[schemars(with = "Option<Text>")]
    pub citation: Option<Spanned<String>>,
    /// How sure the cycle and the terms after expiry are.
    #[schemars(with = "Option<ConfidenceName>")]
    pub confidence: Option<Spanned<String>>,
    /// The fees of a renewal, late fees included.
    #[serde(default)]
    #[schemars(with = "Vec<Fee>")]
    pub fee: Vec<Spanned<Fee>>,
}

/// `[[…fee]]`: a fee of a stage.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [
    { "required": ["amount"], "not": { "required": ["waived"] } },
    { "required": ["waived"], "not": { "required": ["amount"] } },
]))]
pub(crate) struct Fee {
    /// Which fee.
    #[schemars(with = "FeeKindName")]
    pub kind: Spanned<String>,
    /// How much, in US dollars; or `waived = true`, not both.
    #[schemars(with = "Option<Amount>")]
    pub amount: Option<Spanned<Value>>,
    /// The board charges nothing (`true` only); or give `amount`, not both.
    #[schemars(with = "Option<bool>", extend("const" = true))]
    pub waived: Option<Spanned<bool>>,
    /// Whether the board refunds it; left out when the board does not say.
    #[serde(default)]
    pub refundable: Option<bool>,
    /// For a `late` or `reinstatement` fee: owed this many days after expiry (-3650
    /// to 3650; negative: before it).
    #[schemars(with = "Option<i32>", extend("minimum" = -3650, "maximum" = 3650))]
    pub days_after_expiry: Option<Spanned<i64>>,
    /// A remark on the fee.
    pub note: Option<String>,
    /// Which page or section of the board's publication gives the fee.
    #[schemars(with = "Text")]
    pub citation: Spanned<String>,
    /// How sure the fee is.
    #[schemars(with = "ConfidenceName")]
    pub confidence: Spanned<String>,
}

/// `[edition.provisional]`: a provisional certificate.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = with_requirements)]
pub(crate) struct Provisional {
    /// How many months (1 to 60) a provisional certificate lasts.
    #[schemars(with = "Option<u32>", extend("minimum" = 1, "maximum" = 60))]
    pub months: Option<Spanned<i64>>,
    /// How many times (0 to 10) it may be extended.
    #[schemars(with = "Option<u32>", extend("minimum" = 0, "maximum" = 10))]
    pub extensions: Option<Spanned<i64>>,
    /// How many months (1 to 60) each extension lasts.
    #[schemars(with = "Option<u32>", extend("minimum" = 1, "maximum" = 60))]
    pub extension_months: Option<Spanned<i64>>,
    /// Which page or section of the board's publication gives the provisional terms.
    #[schemars(with = "Option<Text>")]
    pub citation: Option<Spanned<String>>,
    /// How sure the provisional terms are.
    #[schemars(with = "Option<ConfidenceName>")]
    pub confidence: Option<Spanned<String>>,
    /// The fees of a provisional certificate.
    #[serde(default)]
    #[schemars(with = "Vec<Fee>")]
    pub fee: Vec<Spanned<Fee>>,
}

/// What a renewal's expiry dates follow.
pub(crate) struct AnchorSchema;

impl JsonSchema for AnchorSchema {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Anchor".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "anyOf": [
                { "type": "string", "enum": ["issued", "birthday", "calendar-year"] },
                {
                    "type": "object",
                    "properties": {
                        "month": { "type": "integer", "minimum": 1, "maximum": 12 },
                        "day": { "type": "integer", "minimum": 1, "maximum": 31 },
                        "years": { "type": "string", "enum": ["any", "odd", "even"] },
                    },
                    "required": ["month", "day"],
                    "additionalProperties": false,
                },
            ],
        })
    }
}
