//! The record file exactly as written: plain serde mirrors of the TOML, with spans
//! kept on everything a later check may blame. The doc comments of their fields are
//! the help of the record's JSON Schema ([`crate::schema`]).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use toml::{Spanned, Value};

use crate::value_schema::{
    Amount, CredentialName, Date, FeeKindName, FormatName, KebabId, PositiveHours, Text,
    TopicHours, TopicName,
};

/// A worker's record: who they are, the credentials they hold, and what they did.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "peercert worker record")]
pub(crate) struct Record {
    /// Who the worker is.
    #[schemars(with = "Worker")]
    pub worker: Spanned<Worker>,
    /// Credentials held, each with its issue and expiry dates.
    #[serde(default)]
    #[schemars(with = "Vec<Credential>")]
    pub credential: Vec<Spanned<Credential>>,
    /// One entry per completed course.
    #[serde(default)]
    #[schemars(with = "Vec<Training>")]
    pub training: Vec<Spanned<Training>>,
    /// Exams taken.
    #[serde(default)]
    #[schemars(with = "Vec<Exam>")]
    pub exam: Vec<Spanned<Exam>>,
    /// Work or volunteer hours, over a period.
    #[serde(default)]
    #[schemars(with = "Vec<Experience>")]
    pub experience: Vec<Spanned<Experience>>,
    /// Supervision received.
    #[serde(default)]
    #[schemars(with = "Vec<Supervision>")]
    pub supervision: Vec<Spanned<Supervision>>,
    /// Fees paid.
    #[serde(default)]
    #[schemars(with = "Vec<Payment>")]
    pub payment: Vec<Spanned<Payment>>,
    /// Signed or dated statements and documents (lived experience, code of ethics,
    /// diploma, background check).
    #[serde(default)]
    #[schemars(with = "Vec<Attestation>")]
    pub attestation: Vec<Spanned<Attestation>>,
}

/// `[worker]`: who the record is about.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Worker {
    /// The worker's id, unique within an agency: at most 64 printable characters.
    #[schemars(with = "String", extend("minLength" = 1, "maxLength" = 64, "pattern" = "^[^\\x00-\\x1f\\x7f]*\\S[^\\x00-\\x1f\\x7f]*$"))]
    pub id: Spanned<String>,
    /// The worker's name.
    #[schemars(with = "Text")]
    pub name: Spanned<String>,
    /// The worker's date of birth (a `birthday` renewal anchor uses it).
    #[schemars(with = "Option<Date>")]
    pub birth_date: Option<Spanned<Value>>,
    /// Credentials the worker is working toward, such as `["nj/icprs"]`.
    #[serde(default)]
    #[schemars(with = "Vec<CredentialName>")]
    pub pursuing: Vec<Spanned<String>>,
}

/// `[[credential]]`: a credential held.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Credential {
    /// Which credential, such as `nj/cprs`.
    #[schemars(with = "CredentialName")]
    pub id: Spanned<String>,
    /// The certificate number the board gave.
    pub number: Option<String>,
    /// The day it was issued.
    #[schemars(with = "Date")]
    pub issued: Spanned<Value>,
    /// The day it expires.
    #[schemars(with = "Date")]
    pub expires: Spanned<Value>,
    /// Whether it is a provisional certificate (default `false`).
    #[serde(default)]
    pub provisional: bool,
}

/// `[[training]]`: one completed course.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("not" = { "required": ["topic", "topics"] }))]
pub(crate) struct Training {
    /// The day the course was completed.
    #[schemars(with = "Date")]
    pub date: Spanned<Value>,
    /// The course's title.
    #[schemars(with = "Text")]
    pub title: Spanned<String>,
    /// Who gave the course.
    pub provider: Option<String>,
    /// Its hours (at most 2,000).
    #[schemars(with = "PositiveHours", extend("maximum" = 2000))]
    pub hours: Spanned<Value>,
    /// The topic of all its hours; or give `topics` instead, not both.
    #[schemars(with = "Option<TopicName>")]
    pub topic: Option<Spanned<String>>,
    /// Its hours split by topic, such as { advocacy = 10, ethics = 6 }; or give
    /// `topic` instead, not both.
    #[schemars(with = "Option<TopicHours>")]
    pub topics: Option<Spanned<BTreeMap<Spanned<String>, Spanned<Value>>>>,
    /// How it was delivered.
    #[schemars(with = "Option<FormatName>")]
    pub format: Option<Spanned<String>>,
    /// The certificate's id.
    pub certificate: Option<String>,
    /// The same course taken again on the same day: 2 for the second time, and so on.
    #[schemars(with = "Option<u8>", extend("minimum" = 2, "maximum" = 99))]
    pub repeat: Option<Spanned<Value>>,
}

/// `[[exam]]`: an exam taken, with a score or a pass.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [{ "required": ["score"] }, { "required": ["passed"] }]))]
pub(crate) struct Exam {
    /// Which exam, such as `icrc-pr`.
    #[schemars(with = "KebabId")]
    pub id: Spanned<String>,
    /// The day it was taken.
    #[schemars(with = "Date")]
    pub date: Spanned<Value>,
    /// The score, a whole number from 0 to 1000; or give `passed` instead.
    #[schemars(with = "Option<u16>", extend("minimum" = 0, "maximum" = 1000))]
    pub score: Option<Spanned<Value>>,
    /// Whether a pass/fail exam was passed; or give `score` instead.
    #[schemars(with = "Option<bool>")]
    pub passed: Option<Spanned<bool>>,
}

/// `[[experience]]`: work or volunteer hours over a period.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Experience {
    /// The first day of the period.
    #[schemars(with = "Date")]
    pub from: Spanned<Value>,
    /// The last day of the period.
    #[schemars(with = "Date")]
    pub to: Spanned<Value>,
    /// The hours worked in the period.
    #[schemars(with = "PositiveHours")]
    pub hours: Spanned<Value>,
    /// Whether the work was supervised (default `false`).
    #[serde(default)]
    pub supervised: bool,
}

/// `[[supervision]]`: supervision received.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("not" = { "required": ["topic", "topics"] }))]
pub(crate) struct Supervision {
    /// The day of the supervision (or the last day of a period of it).
    #[schemars(with = "Date")]
    pub date: Spanned<Value>,
    /// Its hours (at most 2,000).
    #[schemars(with = "PositiveHours", extend("maximum" = 2000))]
    pub hours: Spanned<Value>,
    /// The domain (topic) of all its hours; or give `topics` instead, not both.
    #[schemars(with = "Option<TopicName>")]
    pub topic: Option<Spanned<String>>,
    /// Its hours split by domain (topic); or give `topic` instead, not both.
    #[schemars(with = "Option<TopicHours>")]
    pub topics: Option<Spanned<BTreeMap<Spanned<String>, Spanned<Value>>>>,
}

/// `[[payment]]`: a fee paid.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Payment {
    /// Which fee it paid.
    #[schemars(with = "FeeKindName")]
    pub kind: Spanned<String>,
    /// How much, in US dollars.
    #[schemars(with = "Amount")]
    pub amount: Spanned<Value>,
    /// The day it was paid.
    #[schemars(with = "Date")]
    pub date: Spanned<Value>,
    /// The credential it was paid for, such as `nj/cprs`.
    #[schemars(with = "Option<CredentialName>")]
    pub credential: Option<Spanned<String>>,
}

/// `[[attestation]]`: a signed or dated statement or document.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Attestation {
    /// Which: `lived-experience`, `code-of-ethics`, `hs-diploma`, `background-check`,
    /// `job-description`, or another a rule set names.
    #[schemars(with = "KebabId")]
    pub kind: Spanned<String>,
    /// The day it was signed or dated.
    #[schemars(with = "Date")]
    pub date: Spanned<Value>,
}
