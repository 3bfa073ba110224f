//! `peercert`: checks peer support workers against state certification rules.
//!
//! This binary parses arguments, loads inputs through `peercert-core`, picks a
//! renderer and returns an exit code. Every decision lives in the core.

mod cli;
mod command;
mod exit;
#[cfg(test)]
mod man;
mod prompt;
mod render;
mod write;

use clap::FromArgMatches;

use crate::cli::{Cli, Command, RulesCommand};
use crate::exit::Exit;

fn main() -> Exit {
    let cli = match Cli::from_arg_matches_mut(&mut with_rules_version().get_matches()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    cli.color.write_global();
    match cli.command {
        Command::Check(args) => command::check::run(&args),
        Command::Plan(args) => command::plan::run(&args),
        Command::Audit(args) => command::audit::run(&args),
        Command::Report(args) => command::report::run(&args),
        Command::New(args) => command::new::run(&args),
        Command::Log(args) => command::log::run(&args),
        Command::Import(args) => command::import::run(&args),
        Command::Rules(RulesCommand::List(args)) => command::rules::list(&args),
        Command::Rules(RulesCommand::Show(args)) => command::rules::show(&args),
        Command::Rules(RulesCommand::Check(args)) => command::rules::check(&args),
        Command::Rules(RulesCommand::Diff(args)) => command::rules::diff(&args),
        Command::Rules(RulesCommand::Fmt(args)) => command::rules::fmt(&args),
        Command::Completions(args) => command::completions::run(&args),
        Command::Schema(args) => command::schema::run(&args),
    }
}

/// The command line, whose `--version` also names the shipped rules by their stamp.
fn with_rules_version() -> clap::Command {
    let command = cli::command();
    match command::embedded() {
        Ok(library) => command.long_version(format!(
            "{}\nrules {}",
            env!("CARGO_PKG_VERSION"),
            library.stamp()
        )),
        Err(_) => command,
    }
}
