//! The command line, declared with clap's derive API.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, ColorChoice, CommandFactory, Parser, Subcommand, ValueEnum, ValueHint};
use clap_complete::Shell;

/// The exit codes of every command (DESIGN.md, "Exit codes"), shown at the end of
/// every `--help` and in the man pages.
pub const EXIT_CODES: [(u8, &str); 3] = [
    (0, "all met, nothing out of compliance"),
    (
        1,
        "the answer is \"no\": not eligible, something due, someone out of compliance",
    ),
    (2, "the input or the invocation is wrong"),
];

/// The command line as the binary parses it: every command's help ends with the
/// exit codes.
pub fn command() -> clap::Command {
    with_exit_codes(Cli::command())
}

fn with_exit_codes(command: clap::Command) -> clap::Command {
    let help = EXIT_CODES
        .iter()
        .fold(String::from("Exit codes:"), |help, (code, meaning)| {
            format!("{help}\n  {code}  {meaning}")
        });
    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .collect();
    names
        .into_iter()
        .fold(command.after_help(help), |command, name| {
            command.mut_subcommand(name, with_exit_codes)
        })
}

/// Check peer recovery and peer support workers against state certification rules.
#[derive(Debug, Parser)]
#[command(
    name = "peercert",
    version,
    about = "Check peer recovery and peer support workers against state certification rules"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    #[command(flatten)]
    pub color: Color,
}

/// `--color`, for every command: whether the answers written for people are coloured.
#[derive(Debug, Args)]
pub struct Color {
    /// When to colour text answers; `auto` honours `NO_COLOR`, `CLICOLOR_FORCE` and
    /// `TERM=dumb`.
    #[arg(long, global = true, value_name = "WHEN", value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

impl Color {
    /// Makes this choice the one every output stream of the run follows.
    pub fn write_global(&self) {
        let choice = match self.color {
            // A dumb terminal gets no colour even where `CI` is set, which the stream's
            // own detection takes as leave to colour any terminal; only
            // `CLICOLOR_FORCE` overrides it.
            ColorChoice::Auto if dumb_terminal() && !colour_forced() => {
                anstream::ColorChoice::Never
            }
            ColorChoice::Auto => anstream::ColorChoice::Auto,
            ColorChoice::Always => anstream::ColorChoice::Always,
            ColorChoice::Never => anstream::ColorChoice::Never,
        };
        choice.write_global();
    }
}

/// Whether `TERM` names a terminal that understands no escape sequences.
fn dumb_terminal() -> bool {
    std::env::var_os("TERM").is_some_and(|term| term == "dumb")
}

/// Whether `CLICOLOR_FORCE` asks for colour (set to anything but `0`).
fn colour_forced() -> bool {
    std::env::var_os("CLICOLOR_FORCE").is_some_and(|force| force != "0")
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Is this worker eligible to certify, or current for renewal? Why not?
    Check(CheckArgs),
    /// What is left to do, by when, and at what cost.
    Plan(PlanArgs),
    /// Which of an agency's staff are out of compliance, or about to be.
    Audit(AuditArgs),
    /// One worker's evidence packet: the standing with each credential and the record
    /// entries behind every requirement, to print or file.
    ///
    /// HTML (one self-contained page that prints on US Letter) or Markdown. Exit code
    /// as `check`: 0 when every credential's answer is yes, 1 otherwise.
    Report(ReportArgs),
    /// Start a worker's record file.
    New(NewArgs),
    /// Add entries (a course, an exam, hours, a payment, …) to a worker's record file.
    Log(LogArgs),
    /// Add courses from CSV transcripts and Open Badges 3.0 to a worker's record file.
    Import(ImportArgs),
    /// List and show the credential rule sets peercert knows.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Print a shell's completion script (bash, zsh, fish, powershell, elvish).
    ///
    /// It completes subcommands and options; in bash, zsh and fish also formats, and
    /// the shipped credential ids and topics where an argument takes one. Install it
    /// as the README says.
    Completions(CompletionsArgs),
    /// Print the JSON Schema of a record, a rule set, a catalogue, or a JSON answer.
    ///
    /// Editors that read JSON Schema (Even Better TOML, Tombi, …) check a record, a
    /// rule set or a catalogue against it as it is typed, with each key's help on
    /// hover; a file may name its schema on a first line `#:schema PATH-OR-URL`.
    /// `check-output`, `plan-output` and `audit-output` describe what `--format json`
    /// prints. The same schemas are in the `schemas/` folder of the source; the README
    /// says how to point an editor at them.
    Schema(SchemaArgs),
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file's or answer's schema.
    #[arg(value_name = "FILE", value_enum)]
    pub file: SchemaFile,
}

/// The files peercert reads, and the answers it writes as JSON, that have a JSON Schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaFile {
    /// A worker's record.
    Record,
    /// A rule set: one credential (`rules/**/*.toml`, or a `--rules` folder's).
    Rules,
    /// A course catalogue (`plan --catalog`).
    Catalog,
    /// What `check --format json` prints.
    CheckOutput,
    /// What `plan --format json` prints: a plan, or an array of plans.
    PlanOutput,
    /// What `audit --format json` prints.
    AuditOutput,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_name = "SHELL")]
    pub shell: Shell,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List every known credential.
    List(ListArgs),
    /// Show one credential's requirements as a checklist, with citations.
    Show(ShowArgs),
    /// Check rule files (an agency's own, or a maintainer's): every problem, with its place.
    Check(RulesCheckArgs),
    /// What changed in a credential's rules between two dates.
    Diff(DiffArgs),
    /// Rewrite rule files in canonical layout, keeping every comment.
    Fmt(RulesFmtArgs),
}

#[derive(Debug, Args)]
pub struct RulesFmtArgs {
    /// Rule files, or folders of them (every *.toml inside, recursively, but a
    /// folder's `topics.toml`).
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,

    /// Change nothing: list the files that are not in canonical layout, and exit 1 if
    /// there is any.
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The credential, such as `pa/crs`.
    #[arg(value_name = "ID")]
    pub id: String,

    /// The earlier date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: NaiveDate,

    /// The later date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: NaiveDate,

    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,

    /// Add or override rule sets from this folder.
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub rules: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RulesCheckArgs {
    /// Rule files, or folders of them (every *.toml inside, recursively; hidden
    /// files and folders are skipped).
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,

    /// List every file the walk of the folders skipped, one a line, not only how many.
    #[arg(long)]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The record file to create (refused if it exists).
    #[arg(value_name = "RECORD")]
    pub record: PathBuf,

    /// The worker's id, unique within the agency (such as `W-1042`).
    #[arg(long, value_name = "ID")]
    pub id: String,

    /// The worker's name as it should be shown.
    #[arg(long, value_name = "NAME")]
    pub name: String,

    /// A credential the worker is working toward (such as `nj/cprs`); repeatable.
    #[arg(long, value_name = "CRED")]
    pub pursuing: Vec<String>,

    /// A credential the worker holds (such as `pa/crs`), with `--issued` and `--expires`.
    #[arg(long, value_name = "CRED", requires_all = ["issued", "expires"])]
    pub holds: Option<String>,

    /// When the held credential was issued or last renewed (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date, requires = "holds")]
    pub issued: Option<NaiveDate>,

    /// When the held credential expires (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date, requires = "holds")]
    pub expires: Option<NaiveDate>,

    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// The worker's record file.
    #[arg(value_name = "RECORD")]
    pub record: PathBuf,

    /// Entries to add, one per argument, in the entry language (docs/record-format.md),
    /// such as `training: 6h ethics live-online "Ethics Refresher"`; a date left out
    /// is today (or `--as-of`).
    #[arg(value_name = "ENTRY")]
    pub entries: Vec<String>,

    /// Show what would be added and where the worker would stand; write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Log a course that is already on file for that day again: the same course taken
    /// a second time (written with `repeat = 2`, then 3, …).
    #[arg(long)]
    pub allow_duplicate: bool,

    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The worker's record file.
    #[arg(value_name = "RECORD")]
    pub record: PathBuf,

    /// Course lists to import: CSV transcripts and Open Badges 3.0 credentials (JSON),
    /// as docs/import-format.md describes them.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,

    /// The hours of every badge the mapping does not name (badges carry none), such as
    /// `6` or `1.5`.
    #[arg(long, value_name = "H")]
    pub hours: Option<String>,

    /// The topic of those hours, or a split of them such as `ethics=2,advocacy=4`.
    #[arg(long, value_name = "T", requires = "hours")]
    pub topic: Option<String>,

    /// A mapping file (TOML): the hours, topic and format of badges, by achievement.
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,

    /// Show what would be added and where the worker would stand; write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// All or nothing: write nothing when any row, badge or file is refused.
    #[arg(long)]
    pub strict: bool,

    #[command(flatten)]
    pub common: Common,
}

/// Options every command shares.
#[derive(Debug, Args)]
pub struct Common {
    /// Evaluate as of this date (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,

    /// Add or override rule sets from this folder (every *.toml in it, recursively).
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub rules: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The worker's record file (TOML), or `-` for standard input.
    #[arg(value_name = "RECORD")]
    pub record: PathBuf,

    /// The credential to check, such as `nj/cprs`; needed when the record holds or
    /// pursues more than one.
    #[arg(long, value_name = "ID")]
    pub credential: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,

    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// For people, on a terminal.
    Text,
    /// For programs (schema_version 1).
    Json,
    /// For pasting into documents and tickets.
    Markdown,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The worker's record file (TOML), or `-` for standard input.
    #[arg(value_name = "RECORD")]
    pub record: PathBuf,

    /// The credential to report on, such as `nj/cprs`; without it, every credential
    /// the record holds or pursues, one after another.
    #[arg(long, value_name = "ID")]
    pub credential: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = PacketFormat::Html)]
    pub format: PacketFormat,

    /// Write the packet to this regular file instead of standard output (`-` is
    /// standard output); a symbolic link is written through.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PacketFormat {
    /// One self-contained page that prints on US Letter.
    Html,
    /// The same content, for documents and tickets.
    Markdown,
}

impl PacketFormat {
    /// The file extension of a packet in this format.
    pub fn extension(self) -> &'static str {
        match self {
            PacketFormat::Html => "html",
            PacketFormat::Markdown => "md",
        }
    }
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The worker's record file (TOML), or `-` for standard input.
    #[arg(value_name = "RECORD")]
    pub record: PathBuf,

    /// The credential to plan for, such as `nj/cprs`; without it, every credential the
    /// record holds or pursues is planned, one after another.
    #[arg(long, value_name = "ID")]
    pub credential: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = PlanFormat::Text)]
    pub format: PlanFormat,

    /// Also plan the next renewal cycle, once the current one is complete.
    #[arg(long)]
    pub horizon: bool,

    /// Propose the cheapest courses from this catalogue (TOML) that close every
    /// training-hour shortfall before its deadline.
    #[arg(long, value_name = "FILE")]
    pub catalog: Option<PathBuf>,

    /// Plan as if this entry were in the record (the file is not changed), such as
    /// `training: 6h ethics 2026-12-01`; may be given several times.
    #[arg(long = "with", value_name = "ENTRY")]
    pub with: Vec<String>,

    /// With `--format ics`: the day to aim for work the board sets no date for (an
    /// initial application, a late renewal with no last day), which then gets an
    /// event on it.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub target: Option<NaiveDate>,

    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    /// For people, on a terminal.
    Text,
    /// For programs (schema_version 1): one plan object, or an array of them when
    /// several credentials are planned.
    Json,
    /// For pasting into documents and tickets.
    Markdown,
    /// An iCalendar file: one event per deadline of every plan, with reminders.
    Ics,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Record files, or folders searched for `*.toml` records (recursively; hidden
    /// files and folders are skipped, and pipes, sockets and devices never opened).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// A roster, as CSV (UTF-8, UTF-16 or Windows-1252) or an Excel workbook
    /// (.xlsx): one row per record entry, with the worker's id (see
    /// docs/roster-format.md). `--csv` is another name for it.
    #[arg(long, visible_alias = "csv", value_name = "FILE")]
    pub roster: Option<PathBuf>,

    /// Audit everyone against this credential instead of those they hold or pursue.
    #[arg(long, value_name = "ID")]
    pub credential: Option<String>,

    /// Also flag anyone whose deadline is at most this many days away, and list only
    /// those who need action.
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(i64).range(0..=3650))]
    pub due_within: Option<i64>,

    /// Group who needs action by how soon: overdue, then within each number of days
    /// (increasing, such as `30,60,90`), then later; lists only those who need action,
    /// counting anyone whose deadline is within the last window.
    #[arg(long, value_name = "DAYS,...", value_parser = parse_windows, conflicts_with = "due_within")]
    pub windows: Option<Windows>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = AuditFormat::Table)]
    pub format: AuditFormat,

    /// Write the report to this regular file instead of standard output (`-` is
    /// standard output); a symbolic link is written through.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Also write each worker's evidence packet into this folder (created if missing),
    /// named after the worker id (`W-2210.html`); a packet already there is replaced.
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub packets: Option<PathBuf>,

    /// The format of the packets `--packets` writes.
    #[arg(long, value_enum, default_value_t = PacketFormat::Html, requires = "packets")]
    pub packet_format: PacketFormat,

    /// Read and check the records without evaluating them: peercert's own loading,
    /// which `scripts/bench-audit.sh` measures beside the audit and the plain parse.
    #[arg(long, hide = true)]
    pub parse_only: bool,

    /// List every file the walk of the folders skipped, one a line, not only how many.
    #[arg(long)]
    pub verbose: bool,

    #[command(flatten)]
    pub common: Common,
}

/// `--windows`: numbers of days, increasing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Windows(pub Vec<i64>);

/// `30,60,90`: whole numbers of days from 1 to 3650, each larger than the one before.
fn parse_windows(text: &str) -> Result<Windows, String> {
    let mut days: Vec<i64> = Vec::new();
    for part in text.split(',') {
        let part = part.trim();
        if part.is_empty() {
            return Err(format!(
                "expected whole numbers of days separated by commas, such as `30,60,90`, found an empty one in `{text}`"
            ));
        }
        let n: i64 = part.parse().map_err(|_| {
            format!("expected whole numbers of days separated by commas, such as `30,60,90`, found `{part}`")
        })?;
        if !(1..=3650).contains(&n) {
            return Err(format!(
                "expected a number of days from 1 to 3650, found `{part}`"
            ));
        }
        if let Some(last) = days.last()
            && n <= *last
        {
            return Err(format!(
                "expected the days in increasing order, such as `30,60,90`, found `{n}` after `{last}`"
            ));
        }
        days.push(n);
    }
    Ok(Windows(days))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    /// A table for an 80-column terminal.
    Table,
    /// For spreadsheets.
    Csv,
    /// For programs (schema_version 1).
    Json,
    /// For documents and tickets.
    Markdown,
    /// One self-contained page to open in a browser, or print.
    Html,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,

    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// A table.
    Text,
    /// For programs.
    Json,
    /// A page of every credential with its sources and how sure its facts are.
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// For people.
    Text,
    /// For programs.
    Json,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The credential, such as `pa/crs`.
    #[arg(value_name = "ID")]
    pub id: String,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,

    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// A checklist for the terminal.
    Text,
    /// A checklist to print or pin up.
    Markdown,
    /// The whole rule set, every edition, for programs.
    Json,
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    peercert_core::quantity::parse_iso_date(text)
        .ok_or_else(|| format!("expected a date such as 2026-11-23, found `{text}`"))
}

#[cfg(test)]
mod tests {
    use super::command;

    #[test]
    fn the_command_line_is_well_formed() {
        command().debug_assert();
    }
}
