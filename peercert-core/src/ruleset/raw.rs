//! The rule-set file exactly as written: plain serde mirrors of the TOML, spans kept.
//! Requirement tables are not here: each is read by its kind's module
//! ([`crate::requirement`]).
//!
//! The order of each struct's fields is the order of the keys in a file's canonical
//! layout ([`super::layout`]): a key added here takes its place there too.

use serde::Deserialize;
use toml::{Spanned, Value};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RuleSet {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    pub jurisdiction: Spanned<String>,
    pub board: Spanned<String>,
    pub extends: Option<Spanned<String>>,
    pub summary: Option<String>,
    pub sources: Spanned<Vec<Spanned<String>>>,
    pub verified: Spanned<Value>,
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
    pub fee: Vec<Spanned<Fee>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Renewal {
    pub cycle_months: Option<Spanned<i64>>,
    pub post_expiry: Option<Spanned<String>>,
    pub grace_days: Option<Spanned<i64>>,
    pub grace_months: Option<Spanned<i64>>,
    pub grace_open: Option<Spanned<bool>>,
    pub grace_from: Option<Spanned<Value>>,
    pub inactive_months: Option<Spanned<i64>>,
    pub anchor: Option<Spanned<Value>>,
    pub submit_from_days: Option<Spanned<i64>>,
    pub due_days: Option<Spanned<i64>>,
    pub first_cycle_ce: Option<bool>,
    pub ce_waived_within_months: Option<Spanned<i64>>,
    pub citation: Option<Spanned<String>>,
    pub confidence: Option<Spanned<String>>,
    #[serde(default)]
    pub fee: Vec<Spanned<Fee>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Fee {
    pub kind: Spanned<String>,
    pub amount: Option<Spanned<Value>>,
    pub waived: Option<Spanned<bool>>,
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
    pub months: Option<Spanned<i64>>,
    pub extensions: Option<Spanned<i64>>,
    pub extension_months: Option<Spanned<i64>>,
    pub citation: Option<Spanned<String>>,
    pub confidence: Option<Spanned<String>>,
    #[serde(default)]
    pub fee: Vec<Spanned<Fee>>,
}
