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
    if let Some(target) = args.target {
        if args.format != PlanFormat::Ics {
            return Err("`--target` gives the day of a calendar event, found it without `--format ics`\n  = help: add `--format ics`, or leave `--target` out".to_owned());
        }
        if target < as_of {
            return Err(format!(
                "expected a target date on or after the plan's date {as_of}, found `{target}`\n  = help: reminders are set before the target, so it must not have passed"
            ));
        }
    }
    let output = match args.format {
        PlanFormat::Text => render::text::plans(&plans) + &render::footer(&stamp),
        // One plan is one object; several are an array of such objects, each stamped.
        PlanFormat::Json => match plans.as_slice() {
            [one] => render::json::stamped(one, &stamp)?,
            all => render::json::stamped_each(all, &stamp)?,
        },
        PlanFormat::Markdown => render::markdown::plans(&plans) + &render::footer(&stamp),
        PlanFormat::Ics => calendar(&plans, &stamp, args.target)?,
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

/// The calendar of the plans. Work with no dated deadline makes an event only on
/// `--target`: without it, such a plan is named on standard error, and a calendar
/// that would hold no event at all is not written (exit 2, or 0 when nothing is
/// left to do).
fn calendar(
    plans: &[Plan],
    stamp: &str,
    target: Option<chrono::NaiveDate>,
) -> Result<String, String> {
    let calendar = render::ics::plans(plans, stamp, target);
    let undated: Vec<String> = plans
        .iter()
        .filter(|p| target.is_none() && render::ics::has_undated_work(p))
        .map(|p| format!("`{}`", p.credential))
        .collect();
    let help = "  = help: give the day to aim for with `--target DATE`, such as `--target 2027-01-15`, and that day gets an event";
    if calendar.events == 0 {
        if undated.is_empty() {
            eprintln!("note: nothing is left to do, so there is no calendar to write");
            return Ok(String::new());
        }
        return Err(format!(
            "nothing left in the plan has a date, so the calendar would be empty: {} has no dated deadline\n{help}",
            undated.join(", ")
        ));
    }
    for credential in &undated {
        super::report(&format!(
            "warning: {credential} has no dated deadline, so its work makes no event\n{help}"
        ));
    }
    Ok(calendar.text)
}
