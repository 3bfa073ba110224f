//! `peercert plan RECORD`: what is left to do, by when, at what cost.

use peercert_core::catalog::{Catalog, price_paths, propose};
use peercert_core::error::read_source;
use peercert_core::whatif;
use peercert_core::{PlanOptions, Record, plan};

use crate::cli::{PlanArgs, PlanFormat};
use crate::exit::Exit;
use crate::render;
use crate::style::Style;

pub fn run(args: &PlanArgs) -> Exit {
    match run_plan(args) {
        Ok(exit) => exit,
        Err(message) => {
            super::report(&message);
            Exit::BadInput
        }
    }
}

fn run_plan(args: &PlanArgs) -> Result<Exit, String> {
    let library = super::library(&args.common)?;
    let mut source = super::record_source(&args.record).map_err(|e| e.to_string())?;
    // What-if entries are appended to the record's text and checked with it; the
    // file itself is only read. The plan is made on the day the last of them is
    // done, if that is later, since entries after a plan's date do not count.
    let asked = super::as_of(&args.common);
    let mut as_of = asked;
    if !args.with.is_empty() {
        source.name = format!("{} + --with", source.name);
    }
    for spec in &args.with {
        let entry = whatif::entry(spec).map_err(|e| e.to_string())?;
        let comment = spec.replace(['\n', '\r'], " ");
        source
            .text
            .push_str(&format!("\n# --with \"{comment}\"\n{}", entry.toml));
        as_of = as_of.max(entry.date);
    }
    let record = Record::parse(&source, &library).map_err(|e| e.to_string())?;
    let ruleset = super::choose(args.credential.as_deref(), &record, &library)?;
    let options = PlanOptions {
        horizon: args.horizon,
    };
    let mut plan = plan(ruleset, &record, as_of, options).map_err(|e| e.to_string())?;
    if let Some(path) = &args.catalog {
        let source = read_source(path).map_err(|e| e.to_string())?;
        let catalog = Catalog::parse(&source, &library).map_err(|e| e.to_string())?;
        plan.proposal = propose(ruleset, &record, &plan, &catalog);
        price_paths(ruleset, &record, &mut plan, &catalog);
    }
    if as_of > asked {
        plan.notes.push(format!(
            "Planned as of {as_of}, the day the last --with entry is done, instead of {asked}: entries after a plan's date do not count."
        ));
    }
    let output = match args.format {
        PlanFormat::Text => render::text::plan(&plan, Style::for_stdout()),
        PlanFormat::Json => render::json::to_string(&plan)?,
        PlanFormat::Markdown => render::markdown::plan(&plan),
        PlanFormat::Ics => render::ics::plan(&plan),
    };
    print!("{output}");
    Ok(if plan.is_done() { Exit::Ok } else { Exit::No })
}
