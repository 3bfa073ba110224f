//! `peercert check RECORD`: one worker, one credential, one answer with reasons.

use peercert_core::evaluate;

use crate::cli::{CheckArgs, CheckFormat};
use crate::exit::Exit;
use crate::render;

pub fn run(args: &CheckArgs) -> Exit {
    super::exit(check(args))
}

fn check(args: &CheckArgs) -> Result<Exit, String> {
    let library = super::library(&args.common)?;
    let record = super::record(&args.record, &library).map_err(|e| e.to_string())?;
    let ruleset = super::choose(args.credential.as_deref(), &record, &library)?;
    let as_of = super::as_of(&args.common);
    let evaluation = evaluate(ruleset, &record, as_of).map_err(|e| e.to_string())?;
    let stamp = library.stamp().to_string();
    let output = match args.format {
        CheckFormat::Text => render::text::evaluation(&evaluation) + &render::footer(&stamp),
        CheckFormat::Json => render::json::stamped(&evaluation, &stamp)?,
        CheckFormat::Markdown => {
            render::markdown::evaluation(&evaluation) + &render::footer(&stamp)
        }
    };
    // Only text for people is coloured; data formats go out as they are.
    if args.format == CheckFormat::Text {
        super::print(&output);
    } else {
        print!("{output}");
    }
    Ok(if evaluation.outcome.is_ok() {
        Exit::Ok
    } else {
        Exit::No
    })
}
