//! `peercert check RECORD`: one worker, one credential, one answer with reasons.

use peercert_core::id::CredentialId;
use peercert_core::{Library, Record, RuleSet, evaluate};

use crate::cli::{CheckArgs, CheckFormat};
use crate::exit::Exit;
use crate::render;
use crate::style::Style;

pub fn run(args: &CheckArgs) -> Exit {
    match check(args) {
        Ok(exit) => exit,
        Err(message) => {
            super::report(&message);
            Exit::BadInput
        }
    }
}

fn check(args: &CheckArgs) -> Result<Exit, String> {
    let library = super::library(&args.common)?;
    let record = super::record(&args.record, &library).map_err(|e| e.to_string())?;
    let ruleset = choose(args.credential.as_deref(), &record, &library)?;
    let as_of = super::as_of(&args.common);
    let evaluation = evaluate(ruleset, &record, as_of).map_err(|e| e.to_string())?;
    let output = match args.format {
        CheckFormat::Text => render::text::evaluation(&evaluation, Style::for_stdout()),
        CheckFormat::Json => render::json::to_string(&evaluation)?,
        CheckFormat::Markdown => render::markdown::evaluation(&evaluation),
    };
    print!("{output}");
    Ok(if evaluation.outcome.is_ok() {
        Exit::Ok
    } else {
        Exit::No
    })
}

/// The credential asked for, or the only one the record holds or pursues.
fn choose<'a>(
    asked: Option<&str>,
    record: &Record,
    library: &'a Library,
) -> Result<&'a RuleSet, String> {
    if let Some(text) = asked {
        return library
            .find(text)
            .map_err(|close| super::unknown_credential(text, &close));
    }
    let candidates = record.credentials_of_interest();
    match candidates.as_slice() {
        [one] => library
            .get(one)
            .ok_or_else(|| format!("unknown credential `{one}`")),
        [] => Err(format!(
            "the record of `{}` holds no credential and pursues none, so there is nothing to check\n  = help: choose one with `--credential ID`; `peercert rules list` shows the {} known",
            record.worker.id,
            library.ids().count()
        )),
        many => Err(format!(
            "the record of `{}` names {} credentials; say which one to check\n  = help: use `--credential ID` with one of {}",
            record.worker.id,
            many.len(),
            list(many.iter().copied())
        )),
    }
}

fn list<'a>(ids: impl Iterator<Item = &'a CredentialId>) -> String {
    ids.map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
