//! `peercert plan RECORD`: what is left to do, by when, at what cost, for each
//! credential the record holds or pursues (or the one `--credential` names).

use peercert_core::catalog::Catalog;
use peercert_core::error::read_source;
use peercert_core::record::entry;
use peercert_core::{Plan, PlanOptions, Source, plan};

use crate::cli::{PlanArgs, PlanFormat};
use crate::exit::Exit;
use crate::render;

pub fn run(args: &PlanArgs) -> Exit {
    super::exit(run_plan(args))
}

fn run_plan(args: &PlanArgs) -> Result<Exit, String> {
    let library = super::library(&args.common)?;
    let mut record = super::record(&args.record, &library).map_err(|e| e.to_string())?;
    // What-if entries are added to the record in memory, checked as logged ones are;
    // the file itself is only read. Each problem points at its `--with`, named by
    // its position. The plan is made on the day the last of them is done, if that is
    // later, since entries after a plan's date do not count.
    let asked = super::as_of(&args.common);
    let mut as_of = asked;
    for (i, spec) in args.with.iter().enumerate() {
        let source = Source::new(format!("--with {}", i + 1), spec.as_str());
        let entry =
            entry::add(&mut record, &source, &library).map_err(|e| super::advise(e).to_string())?;
        as_of = as_of.max(entry.date());
    }
    // Every credential the record holds or pursues gets its own plan, unless
    // `--credential` names one; the what-if entries count for each of them.
    let rulesets = super::choose_all(args.credential.as_deref(), &record, &library)?;
    let catalog = match &args.catalog {
        Some(path) => {
            let source = read_source(path).map_err(|e| e.to_string())?;
            Some(Catalog::parse(&source, &library).map_err(|e| e.to_string())?)
        }
        None => None,
    };
    let options = PlanOptions {
        horizon: args.horizon,
        catalog: catalog.as_ref(),
    };
    let mut plans = Vec::with_capacity(rulesets.len());
    for ruleset in rulesets {
        let mut plan = plan(ruleset, &record, as_of, options).map_err(|e| e.to_string())?;
        if as_of > asked {
            plan.notes.push(format!(
                "Planned as of {as_of}, the day the last --with entry is done, instead of {asked}: entries after a plan's date do not count."
            ));
        }
        plans.push(plan);
    }
    let stamp = library.stamp().to_string();
    let output = match args.format {
        PlanFormat::Text => render::text::plans(&plans) + &render::footer(&stamp),
        // One plan is one object; several are an array of such objects, each stamped.
        PlanFormat::Json => match plans.as_slice() {
            [one] => render::json::stamped(one, &stamp)?,
            all => render::json::stamped_each(all, &stamp)?,
        },
        PlanFormat::Markdown => render::markdown::plans(&plans) + &render::footer(&stamp),
        PlanFormat::Ics => render::ics::plans(&plans, &stamp),
    };
    // Only text for people is coloured; data formats go out as they are.
    if args.format == PlanFormat::Text {
        super::print(&output);
    } else {
        print!("{output}");
    }
    Ok(if plans.iter().all(Plan::is_done) {
        Exit::Ok
    } else {
        Exit::No
    })
}
