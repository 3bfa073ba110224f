//! Exit codes, the same for every command (DESIGN.md, "Exit codes").

use std::process::{ExitCode, Termination};

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything met, nothing out of compliance.
    Ok,
    /// The answer is "no": not eligible, something due, someone out of compliance.
    No,
    /// The input or the invocation is wrong (clap uses 2 for usage errors too).
    BadInput,
}

impl Termination for Exit {
    fn report(self) -> ExitCode {
        ExitCode::from(match self {
            Exit::Ok => 0,
            Exit::No => 1,
            Exit::BadInput => 2,
        })
    }
}
