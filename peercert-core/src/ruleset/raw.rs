//! The rule-set file exactly as written: plain serde mirrors of the TOML, spans kept.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::{Spanned, Value};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RuleSet {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    pub jurisdiction: Spanned<String>,
    pub board: Spanned<String>,
    pub sources: Spanned<Vec<Spanned<String>>>,
    pub verified: Spanned<Value>,
    pub summary: Option<String>,
    pub extends: Option<Spanned<String>>,
    pub edition: Spanned<Vec<Spanned<Edition>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Edition {
    pub effective: Spanned<Value>,
    pub note: Option<String>,
    pub initial: Option<Spanned<Stage>>,
    pub renewal: Option<Spanned<Renewal>>,
    pub provisional: Option<Spanned<Provisional>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Stage {
    #[serde(default)]
    pub requirement: Vec<Spanned<Requirement>>,
    #[serde(default)]
    pub fee: Vec<Spanned<Fee>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Renewal {
    pub cycle_months: Option<Spanned<i64>>,
    pub grace_days: Option<Spanned<i64>>,
    pub grace_open: Option<Spanned<bool>>,
    pub anchor: Option<Spanned<Value>>,
    pub submit_from_days: Option<Spanned<i64>>,
    pub due_days: Option<Spanned<i64>>,
    pub first_cycle_ce: Option<bool>,
    pub ce_waived_within_months: Option<Spanned<i64>>,
    pub citation: Option<Spanned<String>>,
    pub confidence: Option<Spanned<String>>,
    #[serde(default)]
    pub requirement: Vec<Spanned<Requirement>>,
    #[serde(default)]
    pub fee: Vec<Spanned<Fee>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Requirement {
    pub id: Spanned<String>,
    pub kind: Spanned<String>,
    pub description: Option<Spanned<String>>,
    pub citation: Option<Spanned<String>>,
    pub confidence: Option<Spanned<String>>,
    // hours, experience, supervision
    pub hours: Option<Spanned<Value>>,
    pub topic: Option<Spanned<String>>,
    pub topics: Option<Spanned<Vec<Spanned<String>>>>,
    pub within_months: Option<Spanned<i64>>,
    pub formats: Option<Spanned<Vec<Spanned<String>>>>,
    pub caps: Option<Spanned<BTreeMap<Spanned<String>, Spanned<Value>>>>,
    pub min_share: Option<Spanned<BTreeMap<Spanned<String>, Spanned<i64>>>>,
    pub supervised: Option<Spanned<bool>>,
    // exam
    pub exam: Option<Spanned<String>>,
    pub min_score: Option<Spanned<i64>>,
    pub valid_months: Option<Spanned<i64>>,
    // attestation
    pub attestation: Option<Spanned<String>>,
    // credential
    pub credential: Option<Spanned<String>>,
    // any_of, all_of
    pub of: Option<Spanned<Vec<Spanned<Requirement>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Fee {
    pub kind: Spanned<String>,
    pub amount: Spanned<Value>,
    #[serde(default)]
    pub refundable: Option<bool>,
    pub days_after_expiry: Option<Spanned<i64>>,
    pub note: Option<String>,
    pub citation: Spanned<String>,
    pub confidence: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Provisional {
    pub months: Spanned<i64>,
    #[serde(default)]
    pub extensions: Option<Spanned<i64>>,
    pub extension_months: Option<Spanned<i64>>,
    pub citation: Spanned<String>,
    pub confidence: Spanned<String>,
    #[serde(default)]
    pub requirement: Vec<Spanned<Requirement>>,
    #[serde(default)]
    pub fee: Vec<Spanned<Fee>>,
}
