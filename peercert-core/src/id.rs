//! Identifier newtypes, each checked once when it is read.
//!
//! Ids are portable between states and tools (see DESIGN.md), so their shape is
//! strict: lowercase kebab-case words, and `<issuer>/<abbreviation>` for credentials.

use std::borrow::Borrow;
use std::fmt;

use schemars::JsonSchema;
use serde::Serialize;

/// Whether `text` is lowercase kebab-case: `ethics`, `icrc-pr`, `recovery-wellness-support`.
fn is_kebab(text: &str) -> bool {
    // Words of lowercase letters and digits joined by single hyphens: no word is
    // empty, so no hyphen starts, ends or doubles.
    let bytes = text.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 64
        && bytes
            .iter()
            .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !text.starts_with('-')
        && !text.ends_with('-')
        && !text.contains("--")
}

macro_rules! kebab_id {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Checks the shape of the id: lowercase words joined by `-`.
            pub fn new(text: &str) -> Result<Self, String> {
                if is_kebab(text) {
                    Ok(Self(text.to_owned()))
                } else {
                    Err(format!(
                        concat!("expected ", $what, " of lowercase words joined by `-` (such as `ethics`), found `{}`"),
                        text
                    ))
                }
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }
    };
}

kebab_id!(
    /// A topic of the shared vocabulary (`rules/topics.toml`), after aliases are resolved.
    TopicId,
    "a topic id"
);
impl TopicId {
    /// `self` again, made of `name` when that is its text, so that a topic written by
    /// its id keeps the text it was read in rather than copying the vocabulary's.
    pub(crate) fn written_as(&self, name: String) -> TopicId {
        if self.0 == name {
            TopicId(name)
        } else {
            self.clone()
        }
    }
}

kebab_id!(
    /// An exam: `icrc-pr`, `pcb-crs`, or `<board>-<credential>`.
    ExamId,
    "an exam id"
);
kebab_id!(
    /// A kind of attestation: `hs-diploma`, `lived-experience`, `code-of-ethics`, …
    AttestationKind,
    "an attestation kind"
);
kebab_id!(
    /// A requirement's id, unique within its stage of a rule set.
    RequirementId,
    "a requirement id"
);

/// A credential: `<state>/<abbreviation>` (`nj/cprs`), `us/<abbr>` or `<agency>/<abbr>`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct CredentialId(String);

impl CredentialId {
    /// Checks the shape `<issuer>/<abbreviation>`, both lowercase kebab-case.
    pub fn new(text: &str) -> Result<Self, String> {
        match text.split_once('/') {
            Some((issuer, abbr)) if is_kebab(issuer) && is_kebab(abbr) => Ok(Self(text.to_owned())),
            _ => Err(format!(
                "expected a credential id such as `nj/cprs` (issuer, `/`, abbreviation, in lowercase), found `{text}`"
            )),
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CredentialId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Borrow<str> for CredentialId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

/// A worker's id, unique within an agency: any non-empty text without control characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct WorkerId(String);

impl WorkerId {
    /// Checks that the id is non-empty, at most 64 characters, and has no control characters.
    pub fn new(text: &str) -> Result<Self, String> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err("expected a worker id, found an empty string".to_owned());
        }
        if trimmed.chars().count() > 64 || trimmed.chars().any(char::is_control) {
            return Err(format!(
                "expected a worker id of at most 64 printable characters, found `{}`",
                trimmed.escape_debug()
            ));
        }
        Ok(Self(trimmed.to_owned()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for WorkerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_strict_shapes() {
        assert!(TopicId::new("recovery-wellness-support").is_ok());
        assert!(TopicId::new("Ethics").is_err());
        assert!(TopicId::new("a--b").is_err());
        assert!(TopicId::new("").is_err());
        assert!(CredentialId::new("nj/cprs").is_ok());
        assert!(CredentialId::new("us/ncprss").is_ok());
        assert_eq!(
            CredentialId::new("NJ-CPRS"),
            Err("expected a credential id such as `nj/cprs` (issuer, `/`, abbreviation, in lowercase), found `NJ-CPRS`".to_owned())
        );
        assert!(TopicId::new("-ethics").is_err());
        assert!(TopicId::new("ethics-").is_err());
        assert!(TopicId::new("-").is_err());
        assert!(TopicId::new(&"a".repeat(64)).is_ok());
        assert!(TopicId::new(&"a".repeat(65)).is_err());
        assert!(CredentialId::new("nj/-cprs").is_err());
        assert!(WorkerId::new("  ").is_err());
        assert_eq!(
            WorkerId::new(" W-1 ").map(|w| w.to_string()),
            Ok("W-1".to_owned())
        );
    }

    /// The shape is words of lowercase letters and digits joined by single hyphens:
    /// every text of up to five characters from letters, digits, hyphens and two
    /// characters that are neither is judged as splitting it at its hyphens would.
    #[test]
    fn kebab_case_is_words_joined_by_single_hyphens() {
        fn by_words(text: &str) -> bool {
            !text.is_empty()
                && text.split('-').all(|word| {
                    !word.is_empty()
                        && word
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                })
        }
        let alphabet = ['a', '1', '-', 'A', '_'];
        let mut texts = vec![String::new()];
        let mut checked = 0;
        for _ in 0..5 {
            texts = texts
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            for text in &texts {
                assert_eq!(is_kebab(text), by_words(text), "{text:?}");
                checked += 1;
            }
        }
        assert_eq!(checked, 5 + 25 + 125 + 625 + 3125);
        assert!(!is_kebab(""));
    }
}
