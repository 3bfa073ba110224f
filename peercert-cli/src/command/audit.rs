//! `peercert audit PATH…`: every worker of an agency, one row per credential, most
//! urgent first.
//!
//! Files are read, parsed and evaluated in parallel as the walk finds them; only the
//! rows are kept, so memory grows with the report, not with the records read.

use std::collections::BTreeMap;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::Arc;

use peercert_core::audit::{Audit, AuditOptions, AuditProblem, ProblemKind};
use peercert_core::error::read_source;
use peercert_core::packet::file_stem;
use peercert_core::roster::Roster;
use peercert_core::walk::{Found, Skipped, Walk};
use peercert_core::{Library, Packet, Record};
use rayon::iter::{ParallelBridge, ParallelIterator};

use crate::cli::{AuditArgs, AuditFormat, PacketFormat};
use crate::exit::Exit;
use crate::render;
use crate::write;

/// A roster that takes longer than this shows a progress bar (on a terminal).
const PROGRESS_AFTER: Duration = Duration::from_millis(400);

pub fn run(args: &AuditArgs) -> Exit {
    keep_freed_memory();
    super::exit(run_audit(args))
}

/// Lets the audit keep the memory each record frees for the records after it.
///
/// glibc's allocator hands the free memory at the top of a heap back to the kernel
/// once it passes the trim threshold, 128 KiB at first, and reading one record frees
/// more than that at once (the TOML lexer's tokens alone take about 70 KiB): every
/// record paid for giving pages back and having them zeroed and mapped again when the
/// next one touched them (on 1,000 records, 164 `madvise` calls, twice the plain
/// parse's system time and 7 ms of wall time in 56). glibc raises the threshold, to
/// twice the block's size, when it frees a block it had mapped for one allocation
/// alone (mallopt(3), `M_MMAP_THRESHOLD`, which rises to the block's size with it).
/// One such block of 1 MiB, asked for and freed here, lets each heap keep up to 2 MiB
/// free, well above what a record frees: the peak memory does not move, since pages
/// are kept, not added. A larger block would also raise the size from which an
/// allocation is mapped on its own, and a large buffer would then be copied when it
/// grows rather than remapped (8 MiB made a million-row roster 5% slower). Another
/// allocator takes it as one allocation, whose pages are never touched.
fn keep_freed_memory() {
    drop(std::hint::black_box(Vec::<u8>::with_capacity(1 << 20)));
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
    let stamp = library.stamp().to_string();
    let packets = match &args.packets {
        Some(dir) => Some(Packets::new(
            dir,
            args.packet_format,
            &library,
            &options,
            &stamp,
        )?),
        None => None,
    };
    let progress = Progress::new();
    let (mut audit, walked) = records(
        &args.paths,
        &library,
        &options,
        args.parse_only,
        &progress,
        packets.as_ref(),
    );
    // The roster is streamed: each worker is audited as soon as its last row is
    // read, and only the audit's rows are kept.
    let mut note = None;
    let mut found = walked.found;
    if let Some(path) = &args.roster {
        let roster = Roster::open(path).map_err(|e| e.to_string())?;
        note = roster.note();
        roster.read(&library, &mut |result| {
            progress.tick();
            found += 1;
            match result {
                Ok(worker) if !args.parse_only => {
                    audit.add_record(&library, &worker.record, &worker.place);
                    if let Some(packets) = &packets {
                        packets.write(&worker.record, &worker.place);
                    }
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
    super::report_skipped(&walked.skipped, args.verbose);
    // A folder that cannot be listed is a problem of its own, reported below.
    if found == 0 && audit.problems.is_empty() {
        let mut places: Vec<&Path> = args.paths.iter().map(PathBuf::as_path).collect();
        places.extend(args.roster.as_deref());
        return Err(format!(
            "no records found in {}\n  = help: a record is a `*.toml` file in a folder named, or a worker's rows in a `--roster` file; hidden files and folders are skipped",
            super::paths(&places)
        ));
    }
    audit.finish();
    // Every report but CSV names the rules it used: a line of its own would break a
    // spreadsheet's rows, and a column would repeat it on every one.
    let output = match args.format {
        AuditFormat::Table => render::audit::table(&audit) + &render::footer(&stamp),
        AuditFormat::Csv => render::audit::csv(&audit)?,
        AuditFormat::Json => render::json::stamped(&audit, &stamp)?,
        AuditFormat::Markdown => render::audit::markdown(&audit) + &render::footer(&stamp),
        AuditFormat::Html => render::audit::html(&audit, &stamp),
    };
    match &args.output {
        Some(path) => super::output(path, &output)?,
        None => print!("{output}"),
    }
    // Notes and problems go to standard error, whatever the format, so a report
    // stays clean.
    if let Some(note) = note {
        super::eprint_lines(&note);
    }
    for problem in &audit.problems {
        super::eprint_lines(problem);
    }
    let unwritten = packets.map_or(0, Packets::finish);
    Ok(if audit.summary.unreadable > 0 || unwritten > 0 {
        Exit::BadInput
    } else if audit.anyone_needs_action() {
        Exit::No
    } else {
        Exit::Ok
    })
}

/// What the walk of the paths found: how many files to read, and what it passed over.
#[derive(Debug)]
struct Walked {
    found: usize,
    skipped: Vec<Skipped>,
}

/// Reads, parses and audits every record under `paths`, in parallel, as the walk
/// finds them: the threads take turns at the walk, each reading the file it found
/// itself (the walk needs no thread of its own, and no file is handed over a
/// channel), adding its records' rows to its own audit and dropping the records; the
/// threads' audits are merged.
fn records(
    paths: &[PathBuf],
    library: &Library,
    options: &AuditOptions,
    parse_only: bool,
    progress: &Progress,
    packets: Option<&Packets<'_>>,
) -> (Audit, Walked) {
    // Each thread gathers its own audit and what it passed over, each passed over
    // with its place in the walk; they are merged at the end.
    let fresh = || (Audit::new(options), 0, Vec::new());
    let (audit, found, mut skipped) = Walk::new(paths.to_vec())
        .enumerate()
        .par_bridge()
        .fold(fresh, |(mut audit, mut found, mut skipped), (at, item)| {
            match item {
                Found::File(path) => {
                    found += 1;
                    match read_one(&path, library, progress) {
                        Ok((record, name)) if !parse_only => {
                            audit.add_record(library, &record, &name);
                            if let Some(packets) = packets {
                                packets.write(&record, &name);
                            }
                        }
                        Ok(_) => {}
                        Err(problem) => audit.add_problem(problem),
                    }
                }
                Found::Skipped(item) => skipped.push((at, item)),
                Found::Unreadable { path, error } => audit.add_problem(AuditProblem::new(
                    path.display().to_string(),
                    ProblemKind::Folder {
                        path: path.display().to_string(),
                        error: Arc::new(error),
                    },
                )),
            }
            (audit, found, skipped)
        })
        .reduce(
            fresh,
            |(mut audit, found, mut skipped), (part, more, passed)| {
                audit.merge(part);
                skipped.extend(passed);
                (audit, found + more, skipped)
            },
        );
    // Listed in the order the walk passed over them.
    skipped.sort_by_key(|(at, _)| *at);
    let walked = Walked {
        found,
        skipped: skipped.into_iter().map(|(_, item)| item).collect(),
    };
    (audit, walked)
}

/// Reads and parses one record; its name is the path shown in reports.
fn read_one(
    path: &Path,
    library: &Library,
    progress: &Progress,
) -> Result<(Record, String), AuditProblem> {
    progress.tick();
    let name = path.display().to_string();
    let problem = |e| AuditProblem::new(name.clone(), ProblemKind::Load(Arc::new(e)));
    let source = read_source(path).map_err(problem)?;
    let record = Record::parse(&source, library).map_err(|e| problem(super::advise(e)))?;
    Ok((record, name))
}

/// `--packets DIR`: each worker's evidence packet, written as its record is audited.
///
/// A packet is named after the worker id ([`file_stem`]) and replaces a file of that
/// name; other files in the folder are left alone. Two records of one audit whose
/// packets would share a name (one worker id claimed twice, or ids that differ only
/// in case, which some file systems take for one name) keep the first packet
/// written: the other is not written and said so.
struct Packets<'a> {
    dir: PathBuf,
    format: PacketFormat,
    library: &'a Library,
    options: &'a AuditOptions,
    stamp: &'a str,
    /// The names written so far (lowercased), with the worker and file of each.
    written: Mutex<BTreeMap<String, (String, String)>>,
    /// Packets not written, each with why.
    failed: Mutex<Vec<String>>,
}

impl<'a> Packets<'a> {
    /// Makes the folder (and its parents) when it does not exist.
    fn new(
        dir: &Path,
        format: PacketFormat,
        library: &'a Library,
        options: &'a AuditOptions,
        stamp: &'a str,
    ) -> Result<Packets<'a>, String> {
        if dir.exists() && !dir.is_dir() {
            return Err(format!(
                "`{}` is not a folder; `--packets` writes one file per worker into a folder",
                dir.display()
            ));
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot make the folder `{}`: {e}", dir.display()))?;
        Ok(Packets {
            dir: dir.to_path_buf(),
            format,
            library,
            options,
            stamp,
            written: Mutex::new(BTreeMap::new()),
            failed: Mutex::new(Vec::new()),
        })
    }

    /// Writes the packet of one record, audited as the audit does it: the credential
    /// of `--credential`, or every one it holds or pursues that the rules know and
    /// have an edition of (the audit reports the others).
    fn write(&self, record: &Record, file: &str) {
        let rulesets: Vec<&peercert_core::RuleSet> = match &self.options.credential {
            Some(id) => self.library.get(id).into_iter().collect(),
            None => record
                .credentials_of_interest()
                .into_iter()
                .filter_map(|id| self.library.get(id))
                .collect(),
        };
        let usable: Vec<&peercert_core::RuleSet> = rulesets
            .into_iter()
            .filter(|r| r.edition_on(self.options.as_of).is_some())
            .collect();
        let Ok(packet) = Packet::build(record, &usable, self.options.as_of, self.stamp) else {
            return;
        };
        let name = format!(
            "{}.{}",
            file_stem(record.worker.id.as_str()),
            self.format.extension()
        );
        let output = super::report::rendered(&packet, self.format);
        let path = self.dir.join(&name);
        // Written under the lock, so that of two records whose packets share a name
        // the one kept is always that of the file that sorts first, as in the audit.
        let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        let worker = record.worker.id.to_string();
        let left_out = match written.get(&name.to_lowercase()) {
            Some((kept, first)) if first.as_str() <= file => {
                Some((worker.clone(), file.to_owned(), kept.clone(), first.clone()))
            }
            Some((kept, first)) => {
                Some((kept.clone(), first.clone(), worker.clone(), file.to_owned()))
            }
            None => None,
        };
        if let Some((lost, lost_file, kept, kept_file)) = left_out {
            self.fail(format!(
                "error: the packet of worker `{lost}` (`{lost_file}`) was not written: `{}` is the packet of worker `{kept}` (`{kept_file}`)",
                path.display()
            ));
            if kept_file != file {
                return;
            }
        }
        if let Err(e) = write::publish(&path, output.as_bytes()) {
            self.fail(format!("error: {e}"));
            return;
        }
        written.insert(name.to_lowercase(), (worker, file.to_owned()));
    }

    fn fail(&self, message: String) {
        self.failed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(message);
    }

    /// Says which packets were not written, and how many.
    fn finish(self) -> usize {
        let mut failed = self.failed.into_inner().unwrap_or_else(|e| e.into_inner());
        failed.sort();
        for message in &failed {
            super::eprint_lines(message);
        }
        failed.len()
    }
}

/// A progress bar on standard error, shown only on a terminal and only once the
/// audit has taken more than a moment.
struct Progress {
    bar: ProgressBar,
    started: Instant,
    /// Whether standard error is a terminal, asked once rather than for every record.
    terminal: bool,
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
            terminal: std::io::stderr().is_terminal(),
            shown: std::sync::atomic::AtomicBool::new(false),
        }
    }

    fn tick(&self) {
        self.bar.inc(1);
        if self.terminal
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
