//! `peercert`: checks peer support workers against state certification rules.
//!
//! This binary parses arguments, loads inputs through `peercert-core`, picks a
//! renderer and returns an exit code. Every decision lives in the core.

mod cli;
mod command;
mod exit;
mod prompt;
mod render;
mod style;
mod write;

use clap::Parser;

use crate::cli::{Cli, Command, RulesCommand};
use crate::exit::Exit;

fn main() -> Exit {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => command::check::run(&args),
        Command::Plan(args) => command::plan::run(&args),
        Command::Audit(args) => command::audit::run(&args),
        Command::New(args) => command::new::run(&args),
        Command::Log(args) => command::log::run(&args),
        Command::Import(args) => command::import::run(&args),
        Command::Rules(RulesCommand::List(args)) => command::rules::list(&args),
        Command::Rules(RulesCommand::Show(args)) => command::rules::show(&args),
        Command::Rules(RulesCommand::Check(args)) => command::rules::check(&args),
        Command::Rules(RulesCommand::Diff(args)) => command::rules::diff(&args),
    }
}
