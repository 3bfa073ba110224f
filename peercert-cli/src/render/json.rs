//! JSON output: the core's types serialized as they are (the contract lives there).

use std::fmt::Write as _;

use peercert_core::text::is_hidden;
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

/// Pretty JSON with a final newline, and every hidden character (a control, a bidi
/// override: [`is_hidden`]) written as a `\u` escape, so the text is the same to a
/// JSON reader and harmless on a terminal.
pub fn to_string<T: Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string_pretty(value)
        .map(|s| {
            let mut out = String::with_capacity(s.len() + 1);
            for c in s.chars() {
                if is_hidden(c) && c != '\n' {
                    let mut units = [0; 2];
                    for unit in c.encode_utf16(&mut units) {
                        let _ = write!(out, "\\u{unit:04x}");
                    }
                } else {
                    out.push(c);
                }
            }
            out.push('\n');
            out
        })
        .map_err(|e| format!("cannot write JSON: {e}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn hidden_characters_are_escaped_and_read_back_the_same() {
        let name = "Ann\u{1b}[2J\u{7f}\u{85}\u{202e}\u{e0041}\n";
        let json = super::to_string(&name).unwrap();
        assert_eq!(
            json,
            "\"Ann\\u001b[2J\\u007f\\u0085\\u202e\\udb40\\udc41\\n\"\n"
        );
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), name);
    }
}
