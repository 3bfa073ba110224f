//! The record file exactly as written: plain serde mirrors of the TOML, with spans
//! kept on everything a later check may blame.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::{Spanned, Value};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Record {
    pub worker: Spanned<Worker>,
    #[serde(default)]
    pub credential: Vec<Spanned<Credential>>,
    #[serde(default)]
    pub training: Vec<Spanned<Training>>,
    #[serde(default)]
    pub exam: Vec<Spanned<Exam>>,
    #[serde(default)]
    pub experience: Vec<Spanned<Experience>>,
    #[serde(default)]
    pub supervision: Vec<Spanned<Supervision>>,
    #[serde(default)]
    pub payment: Vec<Spanned<Payment>>,
    #[serde(default)]
    pub attestation: Vec<Spanned<Attestation>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Worker {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    pub birth_date: Option<Spanned<Value>>,
    #[serde(default)]
    pub pursuing: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Credential {
    pub id: Spanned<String>,
    pub number: Option<String>,
    pub issued: Spanned<Value>,
    pub expires: Spanned<Value>,
    #[serde(default)]
    pub provisional: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Training {
    pub date: Spanned<Value>,
    pub title: Spanned<String>,
    pub provider: Option<String>,
    pub hours: Spanned<Value>,
    pub topic: Option<Spanned<String>>,
    pub topics: Option<Spanned<BTreeMap<Spanned<String>, Spanned<Value>>>>,
    pub format: Option<Spanned<String>>,
    pub certificate: Option<String>,
    pub repeat: Option<Spanned<Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Exam {
    pub id: Spanned<String>,
    pub date: Spanned<Value>,
    pub score: Option<Spanned<Value>>,
    pub passed: Option<Spanned<bool>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Experience {
    pub from: Spanned<Value>,
    pub to: Spanned<Value>,
    pub hours: Spanned<Value>,
    #[serde(default)]
    pub supervised: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Supervision {
    pub date: Spanned<Value>,
    pub hours: Spanned<Value>,
    pub topic: Option<Spanned<String>>,
    pub topics: Option<Spanned<BTreeMap<Spanned<String>, Spanned<Value>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Payment {
    pub kind: Spanned<String>,
    pub amount: Spanned<Value>,
    pub date: Spanned<Value>,
    pub credential: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Attestation {
    pub kind: Spanned<String>,
    pub date: Spanned<Value>,
}
