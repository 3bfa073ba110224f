//! `peercert audit PATH…`: every worker of an agency, one row per credential, most
//! urgent first.
//!
//! Files are found by a walker thread and read, parsed and evaluated in parallel as
//! they come; only the rows are kept, so memory grows with the report, not with
//! the records read.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::Arc;

use peercert_core::audit::{Audit, AuditOptions, AuditProblem, ProblemKind};
use peercert_core::error::read_source;
use peercert_core::roster::Roster;
use peercert_core::{Library, Record};
use rayon::iter::{ParallelBridge, ParallelIterator};

use crate::cli::{AuditArgs, AuditFormat};
use crate::exit::Exit;
use crate::render;
use crate::write;

/// A roster that takes longer than this shows a progress bar (on a terminal).
const PROGRESS_AFTER: Duration = Duration::from_millis(400);

pub fn run(args: &AuditArgs) -> Exit {
    super::exit(run_audit(args))
}

fn run_audit(args: &AuditArgs) -> Result<Exit, String> {
    if args.paths.is_empty() && args.roster.is_none() {
        return Err(
            "nothing to audit\n  = help: give record files or folders, or a roster with `--roster FILE`"
                .to_owned(),
        );
    }
    let library = super::library(&args.common)?;
    let credential = match &args.credential {
        Some(text) => Some(
            library
                .find(text)
                .map_err(|e| super::unknown_credential(&e))?
                .id
                .clone(),
        ),
        None => None,
    };
    let options = AuditOptions {
        as_of: super::as_of(&args.common),
        credential,
        due_within: args
            .due_within
            .or_else(|| args.windows.as_ref().and_then(|w| w.0.last().copied())),
        windows: args.windows.clone().map(|w| w.0).unwrap_or_default(),
    };
    let progress = Progress::new();
    let mut audit = records(&args.paths, &library, &options, args.parse_only, &progress);
    // The roster is streamed: each worker is audited as soon as its last row is
    // read, and only the audit's rows are kept.
    let mut note = None;
    if let Some(path) = &args.roster {
        let roster = Roster::open(path).map_err(|e| e.to_string())?;
        note = roster.note();
        roster.read(&library, &mut |result| {
            progress.tick();
            match result {
                Ok(worker) if !args.parse_only => {
                    audit.add_record(&library, &worker.record, &worker.place);
                }
                Ok(_) => {}
                Err(problem) => audit.add_problem(AuditProblem::new(
                    problem.place(),
                    ProblemKind::Roster(problem),
                )),
            }
        });
    }
    progress.finish();
    audit.finish();
    // Every report but CSV names the rules it used: a line of its own would break a
    // spreadsheet's rows, and a column would repeat it on every one.
    let stamp = library.stamp().to_string();
    let output = match args.format {
        AuditFormat::Table => render::audit::table(&audit) + &render::footer(&stamp),
        AuditFormat::Csv => render::audit::csv(&audit)?,
        AuditFormat::Json => render::json::stamped(&audit, &stamp)?,
        AuditFormat::Markdown => render::audit::markdown(&audit) + &render::footer(&stamp),
        AuditFormat::Html => render::audit::html(&audit, &stamp),
    };
    match &args.output {
        Some(path) => write::overwrite(path, output.as_bytes()).map_err(|e| e.to_string())?,
        None => print!("{output}"),
    }
    // Notes and problems go to standard error, whatever the format, so a report
    // stays clean.
    if let Some(note) = note {
        eprintln!("{note}");
    }
    for problem in &audit.problems {
        eprintln!("{problem}");
    }
    Ok(if audit.summary.unreadable > 0 {
        Exit::BadInput
    } else if audit.anyone_needs_action() {
        Exit::No
    } else {
        Exit::Ok
    })
}

/// Reads, parses and audits every record under `paths`, in parallel, as the walker
/// finds them: each thread adds its records' rows to its own audit and drops the
/// records, and the threads' audits are merged.
fn records(
    paths: &[PathBuf],
    library: &Library,
    options: &AuditOptions,
    parse_only: bool,
    progress: &Progress,
) -> Audit {
    let (sender, receiver) = mpsc::sync_channel::<Result<PathBuf, AuditProblem>>(1024);
    let roots = paths.to_vec();
    let walker = std::thread::spawn(move || {
        for root in roots {
            walk(&root, &sender);
        }
    });
    // Each thread gathers its own audit; they are merged at the end.
    let fresh = || Audit::new(options);
    let audit = receiver
        .into_iter()
        .par_bridge()
        .fold(fresh, |mut audit, found| {
            match read_one(found, library, progress) {
                Ok((record, name)) if !parse_only => audit.add_record(library, &record, &name),
                Ok(_) => {}
                Err(problem) => audit.add_problem(problem),
            }
            audit
        })
        .reduce(fresh, |mut all, part| {
            all.merge(part);
            all
        });
    let _ = walker.join();
    audit
}

/// Reads and parses one record; its name is the path shown in reports.
fn read_one(
    found: Result<PathBuf, AuditProblem>,
    library: &Library,
    progress: &Progress,
) -> Result<(Record, String), AuditProblem> {
    let path = found?;
    progress.tick();
    let name = path.display().to_string();
    let problem = |e| AuditProblem::new(name.clone(), ProblemKind::Load(Arc::new(e)));
    let source = read_source(&path).map_err(problem)?;
    let record = Record::parse(&source, library).map_err(|e| problem(super::advise(e)))?;
    Ok((record, name))
}

/// Sends every record file under `path` (itself, if it is a file), in name order.
fn walk(path: &Path, sender: &mpsc::SyncSender<Result<PathBuf, AuditProblem>>) {
    if !path.is_dir() {
        let _ = sender.send(Ok(path.to_path_buf()));
        return;
    }
    let entries = match std::fs::read_dir(path) {
        Ok(entries) => entries,
        Err(e) => {
            let _ = sender.send(Err(AuditProblem::new(
                path.display().to_string(),
                ProblemKind::Folder {
                    path: path.display().to_string(),
                    error: Arc::new(e),
                },
            )));
            return;
        }
    };
    let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.sort();
    for child in children {
        let hidden = child
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if child.is_dir() {
            walk(&child, sender);
        } else if child.extension().is_some_and(|e| e == "toml") {
            let _ = sender.send(Ok(child));
        }
    }
}

/// A progress bar on standard error, shown only on a terminal and only once the
/// audit has taken more than a moment.
struct Progress {
    bar: ProgressBar,
    started: Instant,
    shown: std::sync::atomic::AtomicBool,
}

impl Progress {
    fn new() -> Progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {human_pos} records audited in {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        Progress {
            bar,
            started: Instant::now(),
            shown: std::sync::atomic::AtomicBool::new(false),
        }
    }

    fn tick(&self) {
        self.bar.inc(1);
        if std::io::stderr().is_terminal()
            && self.started.elapsed() > PROGRESS_AFTER
            && !self.shown.swap(true, std::sync::atomic::Ordering::Relaxed)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
