//! JSON output: the core's types serialized as they are (the contract lives there).

use serde::Serialize;

/// Pretty JSON with a final newline.
pub fn to_string<T: Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string_pretty(value)
        .map(|mut s| {
            s.push('\n');
            s
        })
        .map_err(|e| format!("cannot write JSON: {e}"))
}
