//! The shared topic vocabulary (`rules/topics.toml`): canonical ids, descriptions
//! and aliases, and the close-match suggestions for a topic nobody defined.
//!
//! Records and rule sets name topics by id or alias; both are resolved here, once,
//! so the rest of the engine only ever sees canonical [`TopicId`]s.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, Diagnostics, Source, close_matches, did_you_mean};
use crate::id::TopicId;

/// One topic of the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    /// The canonical id.
    pub id: TopicId,
    /// What the topic covers, in a sentence.
    pub description: String,
    /// Other names accepted for it (`hiv` for `pathogens`).
    pub aliases: Vec<String>,
}

/// The vocabulary: every topic, and every name (id or alias) that resolves to one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Topics {
    topics: Vec<Topic>,
    names: BTreeMap<String, TopicId>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopics {
    #[serde(default)]
    topic: Vec<RawTopic>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    id: Spanned<String>,
    description: String,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
}

impl Topics {
    /// Reads a vocabulary file.
    pub fn parse(source: &Source) -> Result<Topics, Diagnostics> {
        let mut topics = Topics::default();
        topics.extend_from(source)?;
        Ok(topics)
    }

    /// Adds the topics of another vocabulary file. A file may restate a known topic
    /// (a copy of the shipped vocabulary) and give it more aliases; a name that
    /// already names another topic is an error.
    pub fn extend_from(&mut self, source: &Source) -> Result<(), Diagnostics> {
        let raw: RawTopics = toml::from_str(&source.text).map_err(|e| {
            Diagnostics::new(
                source.clone(),
                vec![Diagnostic::from_toml(&e, &source.text)],
            )
        })?;
        let mut problems = Vec::new();
        for topic in raw.topic {
            let id = match TopicId::new(topic.id.get_ref()) {
                Ok(id) => id,
                Err(message) => {
                    problems.push(Diagnostic::error(message, Some(topic.id.span())));
                    continue;
                }
            };
            let mut aliases = Vec::new();
            let names = std::iter::once(&topic.id).chain(topic.aliases.iter());
            for name in names {
                if let Err(message) = TopicId::new(name.get_ref()) {
                    problems.push(Diagnostic::error(message, Some(name.span())));
                    continue;
                }
                if let Some(existing) = self.names.get(name.get_ref()) {
                    if *existing == id {
                        continue;
                    }
                    problems.push(Diagnostic::error(
                        format!(
                            "the topic name `{}` is defined twice (it already names `{existing}`)",
                            name.get_ref()
                        ),
                        Some(name.span()),
                    ));
                    continue;
                }
                self.names.insert(name.get_ref().clone(), id.clone());
                if name.get_ref() != id.as_str() {
                    aliases.push(name.get_ref().clone());
                }
            }
            match self.topics.iter_mut().find(|t| t.id == id) {
                Some(known) => known.aliases.extend(aliases),
                None => self.topics.push(Topic {
                    id,
                    description: topic.description,
                    aliases,
                }),
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Diagnostics::new(source.clone(), problems))
        }
    }

    /// The canonical topic for an id or alias.
    pub fn resolve(&self, name: &str) -> Option<&TopicId> {
        self.names.get(name)
    }

    /// Resolves `name`, or explains that it is unknown with the closest known names.
    pub(crate) fn resolve_or_diagnose<L>(
        &self,
        name: &str,
        at: L,
    ) -> Result<TopicId, Diagnostic<L>> {
        self.resolve(name).cloned().ok_or_else(|| {
            let matches = close_matches(name, self.names.keys().map(String::as_str));
            Diagnostic::error(format!("unknown topic `{name}`"), Some(at)).with_help_opt(
                did_you_mean(&matches).or_else(|| {
                    Some("the known topics are listed in rules/topics.toml".to_owned())
                }),
            )
        })
    }

    /// Every topic, in file order.
    pub fn iter(&self) -> impl Iterator<Item = &Topic> {
        self.topics.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VOCAB: &str = r#"
[[topic]]
id = "ethics"
description = "Ethical responsibility"
aliases = ["law-and-ethics"]

[[topic]]
id = "pathogens"
description = "HIV/AIDS, hepatitis, TB"
aliases = ["hiv", "bloodborne-pathogens"]
"#;

    #[test]
    fn aliases_resolve_to_canonical_ids() {
        let topics = Topics::parse(&Source::new("topics.toml", VOCAB)).unwrap();
        assert_eq!(
            topics.resolve("hiv").map(TopicId::as_str),
            Some("pathogens")
        );
        assert_eq!(
            topics.resolve("ethics").map(TopicId::as_str),
            Some("ethics")
        );
        assert_eq!(topics.resolve("advocacy"), None);
    }

    #[test]
    fn a_name_defined_twice_is_an_error() {
        let text = format!(
            "{VOCAB}\n[[topic]]\nid = \"ethics-2\"\ndescription = \"x\"\naliases = [\"hiv\"]\n"
        );
        let err = Topics::parse(&Source::new("topics.toml", text)).unwrap_err();
        assert_eq!(
            err.items()[0].message,
            "the topic name `hiv` is defined twice (it already names `pathogens`)"
        );
    }
}
