//! Every shape problem of a record at once: when the whole file does not read as a
//! record (a string where a number belongs, an unknown key), each top-level key and
//! each entry is read on its own, so one entry's mistake hides neither another's nor
//! the checks of the entries that did read.

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue, Deserializer};

use super::raw;
use crate::diag::Diagnostic;

/// One top-level key of a record, or one entry of an array of entries: the record's
/// keys, each optional.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Part {
    worker: Option<Spanned<raw::Worker>>,
    #[serde(default)]
    credential: Vec<Spanned<raw::Credential>>,
    #[serde(default)]
    training: Vec<Spanned<raw::Training>>,
    #[serde(default)]
    exam: Vec<Spanned<raw::Exam>>,
    #[serde(default)]
    experience: Vec<Spanned<raw::Experience>>,
    #[serde(default)]
    supervision: Vec<Spanned<raw::Supervision>>,
    #[serde(default)]
    payment: Vec<Spanned<raw::Payment>>,
    #[serde(default)]
    attestation: Vec<Spanned<raw::Attestation>>,
}

/// The message of a record without its `[worker]` table.
fn missing_worker() -> Diagnostic {
    Diagnostic::error(
        "missing the `[worker]` table: a record starts with the worker's `id` and `name`",
        None,
    )
}

/// The parts of `text` that read, as a record when its worker did, and a problem for
/// each part that did not. `error` is what reading the whole file said: it is the
/// answer when the text is not TOML at all.
pub(super) fn salvage(
    text: &str,
    error: &toml::de::Error,
) -> (Option<raw::Record>, Vec<Diagnostic>) {
    let whole = || {
        let diagnostic = if error.message().starts_with("missing field `worker`") {
            missing_worker()
        } else {
            Diagnostic::from_toml(error, text)
        };
        (None, vec![diagnostic])
    };
    let Ok(document) = DeTable::parse(text) else {
        return whole();
    };
    let span = document.span();
    let mut problems = Vec::new();
    let mut worker = None;
    let mut merged = Part {
        worker: None,
        credential: Vec::new(),
        training: Vec::new(),
        exam: Vec::new(),
        experience: Vec::new(),
        supervision: Vec::new(),
        payment: Vec::new(),
        attestation: Vec::new(),
    };
    let mut saw_worker = false;
    for (key, value) in document.into_inner() {
        let is_worker = key.get_ref().as_ref() == "worker";
        saw_worker |= is_worker;
        let pieces = match value.get_ref() {
            DeValue::Array(_) if !is_worker => {
                let value_span = value.span();
                let DeValue::Array(items) = value.into_inner() else {
                    continue;
                };
                items
                    .iter()
                    .cloned()
                    .map(|item| {
                        let mut one = DeArray::new();
                        one.push(item);
                        Spanned::new(value_span.clone(), DeValue::Array(one))
                    })
                    .collect()
            }
            _ => vec![value],
        };
        for piece in pieces {
            let mut table = DeTable::new();
            table.insert(key.clone(), piece);
            match Part::deserialize(Deserializer::from(Spanned::new(span.clone(), table))) {
                Ok(part) => {
                    if part.worker.is_some() {
                        worker = part.worker;
                    }
                    merged.credential.extend(part.credential);
                    merged.training.extend(part.training);
                    merged.exam.extend(part.exam);
                    merged.experience.extend(part.experience);
                    merged.supervision.extend(part.supervision);
                    merged.payment.extend(part.payment);
                    merged.attestation.extend(part.attestation);
                }
                Err(e) => problems.push(Diagnostic::from_toml(&e, text)),
            }
        }
    }
    if !saw_worker {
        problems.push(missing_worker());
    }
    if problems.is_empty() {
        return whole();
    }
    problems.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
    let record = worker.map(|worker| raw::Record {
        worker,
        credential: merged.credential,
        training: merged.training,
        exam: merged.exam,
        experience: merged.experience,
        supervision: merged.supervision,
        payment: merged.payment,
        attestation: merged.attestation,
    });
    (record, problems)
}
