//! The command line itself: help, version, and usage errors caught by argument parsing.

use crate::support::{check, peercert};

#[test]
fn help() {
    insta::assert_snapshot!(peercert(&["--help"]));
}

#[test]
fn check_help() {
    insta::assert_snapshot!(peercert(&["check", "--help"]));
}

#[test]
fn version() {
    insta::with_settings!({filters => vec![(r"peercert \d+\.\d+\.\d+\S*", "peercert [VERSION]")]}, {
        insta::assert_snapshot!(peercert(&["--version"]));
    });
}

#[test]
fn as_of_that_is_not_a_date() {
    insta::assert_snapshot!(peercert(&[
        "check",
        "examples/eligible.toml",
        "--as-of",
        "2026-13-01"
    ]));
}

#[test]
fn unknown_format() {
    insta::assert_snapshot!(check("examples/eligible.toml", &["--format", "yaml"]));
}

#[test]
fn check_without_a_record() {
    insta::assert_snapshot!(peercert(&["check", "--as-of", "2026-11-23"]));
}

#[test]
fn unknown_command() {
    insta::assert_snapshot!(peercert(&["frobnicate"]));
}
