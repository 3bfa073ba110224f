//! `peercert completions SHELL`: a completion script for bash, zsh, fish, PowerShell
//! or elvish.
//!
//! The scripts are clap_complete's static ones, written from the command line itself:
//! subcommands, options and formats come with it (PowerShell's and elvish's scripts
//! complete subcommands and options only, not their values). Credential ids and topics are free
//! text to the parser (`--rules DIR` adds credentials it cannot know in advance), so
//! the command the script is written from lists the shipped ids and topics as the
//! values of the arguments that take one ([`with_values`]). clap_complete's dynamic
//! completion, which could ask the binary at each Tab, is unstable (its
//! `unstable-dynamic` feature); a static list needs only a regenerated script when
//! peercert is upgraded.

use std::io::Write as _;

use clap::Command;
use clap::builder::{PossibleValue, PossibleValuesParser};
use clap_complete::{Generator as _, Shell};
use peercert_core::Library;

use crate::cli::CompletionsArgs;
use crate::exit::Exit;

/// What an argument takes, for completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Takes {
    /// A credential id (`nj/cprs`).
    Credential,
    /// A topic (`ethics`).
    Topic,
}

/// Which of a command's arguments take a credential id or a topic: by their id,
/// the same in every command (`--credential`, `--holds`, `--pursuing`, the `ID` of
/// `rules show` and `rules diff`, and `--topic`). The worker id of `new --id` is an
/// option, not a positional, so it is left alone.
pub fn takes(arg: &clap::Arg) -> Option<Takes> {
    match arg.get_id().as_str() {
        "credential" | "holds" | "pursuing" => Some(Takes::Credential),
        "id" if arg.is_positional() => Some(Takes::Credential),
        "topic" => Some(Takes::Topic),
        _ => None,
    }
}

pub fn run(args: &CompletionsArgs) -> Exit {
    super::exit(script(args))
}

fn script(args: &CompletionsArgs) -> Result<Exit, String> {
    let library = super::embedded()?;
    let mut command = with_values(crate::cli::command(), &library).bin_name("peercert");
    command.build();
    let mut script = Vec::new();
    args.shell
        .try_generate(&command, &mut script)
        .map_err(|e| format!("could not write the completion script: {e}"))?;
    if args.shell == Shell::Fish {
        script.extend_from_slice(fish_positionals(&command).as_bytes());
    }
    std::io::stdout()
        .write_all(&script)
        .map_err(|e| format!("could not write the completion script: {e}"))?;
    Ok(Exit::Ok)
}

/// The command line with the shipped credential ids and topics as the values of the
/// arguments that take one, in every subcommand, each with its name or description
/// (shown by zsh and fish).
pub fn with_values(command: Command, library: &Library) -> Command {
    let credentials: Vec<PossibleValue> = library
        .rulesets()
        .map(|r| PossibleValue::new(r.id.as_str().to_owned()).help(shell_safe(&r.name)))
        .collect();
    let topics: Vec<PossibleValue> = library
        .topics()
        .iter()
        .map(|t| PossibleValue::new(t.id.as_str().to_owned()).help(shell_safe(&t.description)))
        .collect();
    fill(command, &credentials, &topics)
}

/// A description as the scripts can carry it: clap_complete's fish script puts every
/// value's description inside one double-quoted list without escaping `"` (Oregon's
/// "ethics, boundaries and/or self-care" hours broke it), so double quotes are left
/// out and an apostrophe is written `’`.
fn shell_safe(text: &str) -> String {
    text.replace('"', "").replace('\'', "’")
}

fn fill(command: Command, credentials: &[PossibleValue], topics: &[PossibleValue]) -> Command {
    command
        .mut_args(|arg| {
            let values = match takes(&arg) {
                Some(Takes::Credential) => credentials,
                Some(Takes::Topic) => topics,
                None => return arg,
            };
            arg.value_parser(PossibleValuesParser::new(values.iter().cloned()))
        })
        .mut_subcommands(|sub| fill(sub, credentials, topics))
}

/// Fish lines completing the positional arguments that take a credential id or a
/// topic (`rules show ID`): clap_complete's fish script completes the values of
/// options only.
fn fish_positionals(command: &Command) -> String {
    let mut lines = String::new();
    add_fish_positionals(command, &[], &mut lines);
    lines
}

fn add_fish_positionals(command: &Command, path: &[&str], lines: &mut String) {
    if !path.is_empty() {
        let condition = path
            .iter()
            .map(|name| format!("__fish_seen_subcommand_from {name}"))
            .collect::<Vec<_>>()
            .join("; and ");
        for arg in command.get_positionals().filter(|a| takes(a).is_some()) {
            for value in arg.get_possible_values() {
                let help = value
                    .get_help()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                lines.push_str(&format!(
                    "complete -c peercert -n '{condition}' -f -a {} -d {}\n",
                    fish_quote(value.get_name()),
                    fish_quote(&help)
                ));
            }
        }
    }
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let mut inner = path.to_vec();
        inner.push(sub.get_name());
        add_fish_positionals(sub, &inner, lines);
    }
}

/// `text` as one fish word, single-quoted.
fn fish_quote(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}

#[cfg(test)]
mod tests {
    use super::{Takes, takes, with_values};

    /// Every argument that completes credential ids or topics, as `COMMAND ARG`.
    fn completed(command: &clap::Command, path: &str, found: &mut Vec<(String, Takes)>) {
        for arg in command.get_arguments() {
            if let Some(t) = takes(arg) {
                let name = arg.get_long().map_or_else(
                    || arg.get_id().to_string().to_uppercase(),
                    |l| format!("--{l}"),
                );
                found.push((format!("{path} {name}"), t));
            }
        }
        for sub in command.get_subcommands() {
            completed(sub, &format!("{path} {}", sub.get_name()), found);
        }
    }

    #[test]
    fn these_arguments_complete_credential_ids_or_topics() {
        let mut found = Vec::new();
        completed(&crate::cli::command(), "peercert", &mut found);
        let found: Vec<(&str, Takes)> = found.iter().map(|(a, t)| (a.as_str(), *t)).collect();
        assert_eq!(
            found,
            [
                ("peercert check --credential", Takes::Credential),
                ("peercert plan --credential", Takes::Credential),
                ("peercert audit --credential", Takes::Credential),
                ("peercert report --credential", Takes::Credential),
                ("peercert new --pursuing", Takes::Credential),
                ("peercert new --holds", Takes::Credential),
                ("peercert import --topic", Takes::Topic),
                ("peercert rules show ID", Takes::Credential),
                ("peercert rules diff ID", Takes::Credential),
            ]
        );
    }

    #[test]
    fn the_values_are_the_shipped_ids_and_topics_with_their_names() {
        let library = crate::command::embedded().unwrap();
        let command = with_values(crate::cli::command(), &library);
        let show = command
            .find_subcommand("rules")
            .and_then(|r| r.find_subcommand("show"))
            .unwrap();
        let id = show.get_arguments().find(|a| a.get_id() == "id").unwrap();
        let values = id.get_possible_values();
        assert_eq!(values.len(), library.ids().count());
        let nj = values.iter().find(|v| v.get_name() == "nj/cprs").unwrap();
        assert_eq!(
            nj.get_help().map(ToString::to_string).as_deref(),
            Some("Certified Peer Recovery Specialist")
        );
        let import = command.find_subcommand("import").unwrap();
        let topic = import
            .get_arguments()
            .find(|a| a.get_id() == "topic")
            .unwrap();
        let topics: Vec<String> = topic
            .get_possible_values()
            .iter()
            .map(|v| v.get_name().to_owned())
            .collect();
        assert!(topics.iter().any(|t| t == "ethics"), "{topics:?}");
        let boundaries = topic
            .get_possible_values()
            .into_iter()
            .find(|v| v.get_name() == "boundaries")
            .unwrap();
        assert_eq!(
            boundaries.get_help().map(ToString::to_string).as_deref(),
            Some(
                "Professional boundaries (Oregon’s ethics, boundaries and/or self-care hours; \
                 Ohio’s boundaries minimum)"
            ),
            "no straight quote is left to break a script"
        );
        assert_eq!(topics.len(), library.topics().iter().count());
    }
}
