//! End-to-end tests of the `peercert` binary: each scenario runs the real binary in
//! a clean environment and snapshots its exit code, standard output and standard
//! error together (see `support.rs`). Snapshots live in `tests/e2e/snapshots/`.
//!
//! Every evaluation is made `--as-of 2026-11-23`, so no answer depends on today.
//! Exit codes (DESIGN.md): 0 eligible or renewal-ready, 1 any other answer, 2 bad
//! input or invocation.

// `cfg(test)` (always true here) lets clippy treat the helpers as test code, where
// `clippy.toml` allows `unwrap`.
#[cfg(test)]
mod audit;
#[cfg(test)]
mod browser;
#[cfg(test)]
mod check;
#[cfg(test)]
mod cli;
#[cfg(test)]
mod color;
#[cfg(test)]
mod completions;
#[cfg(test)]
mod errors;
#[cfg(test)]
mod expiry;
#[cfg(test)]
mod folders;
#[cfg(test)]
mod guided;
#[cfg(test)]
mod hostile;
#[cfg(test)]
mod import;
#[cfg(test)]
mod outputs;
#[cfg(test)]
mod plan;
#[cfg(test)]
mod properties;
#[cfg(test)]
mod record;
#[cfg(test)]
mod report;
#[cfg(test)]
mod roster;
#[cfg(test)]
mod rules;
#[cfg(test)]
mod schema;
#[cfg(test)]
mod support;
