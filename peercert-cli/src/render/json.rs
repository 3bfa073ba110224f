//! JSON output: the core's types serialized as they are (the contract lives there).

use serde::Serialize;

/// An answer with the stamp of the rules it used, as the last field of its object.
#[derive(Serialize)]
struct Stamped<'a, T> {
    #[serde(flatten)]
    answer: &'a T,
    rules_version: &'a str,
}

/// Pretty JSON of one answer (an object) with `rules_version` added at its top level.
pub fn stamped<T: Serialize>(answer: &T, stamp: &str) -> Result<String, String> {
    to_string(&Stamped {
        answer,
        rules_version: stamp,
    })
}

/// Pretty JSON of an array of answers, each with `rules_version` at its top level.
pub fn stamped_each<T: Serialize>(answers: &[T], stamp: &str) -> Result<String, String> {
    let each: Vec<Stamped<'_, T>> = answers
        .iter()
        .map(|answer| Stamped {
            answer,
            rules_version: stamp,
        })
        .collect();
    to_string(&each)
}

/// Pretty JSON with a final newline.
pub fn to_string<T: Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string_pretty(value)
        .map(|mut s| {
            s.push('\n');
            s
        })
        .map_err(|e| format!("cannot write JSON: {e}"))
}
