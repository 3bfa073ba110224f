//! Colour follows the terminal conventions: `--color auto|always|never` first, then
//! `NO_COLOR` (never), `CLICOLOR_FORCE` (even into a pipe), `TERM=dumb` (not on that
//! terminal), and by default only on a terminal. Escape sequences are asserted byte
//! for byte: present where colour is asked for, and not one of them otherwise.

use std::process::Command;

use crate::guided::Terminal;
use crate::support::{AS_OF, workspace};

/// The first lines of `check examples/eligible.toml` in colour: the name in bold, the
/// verdict in bold green.
const COLOURED: &str = "\x1b[1mJordan Rivera\x1b[0m (W-1042)\n";
const VERDICT: &str = "\x1b[1m\x1b[32mELIGIBLE\x1b[0m\x1b[0m  Eligible to apply";

/// Standard output and exit code of `peercert ARGS` in an environment of only `env`,
/// its standard output a pipe.
fn run(env: &[(&str, &str)], args: &[&str]) -> (String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_peercert"))
        .args(args)
        .current_dir(workspace())
        .env_clear()
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

fn check(env: &[(&str, &str)], extra: &[&str]) -> (String, i32) {
    let mut args = vec!["check", "examples/eligible.toml", "--as-of", AS_OF];
    args.extend_from_slice(extra);
    run(env, &args)
}

/// An environment, the extra arguments, and whether the answer is coloured.
type Case = (
    &'static [(&'static str, &'static str)],
    &'static [&'static str],
    bool,
);

/// Every combination of the option and the environment, into a pipe: the same
/// answer, in colour exactly when it should be.
#[test]
fn the_option_and_the_environment_decide() {
    let (plain, code) = check(&[], &[]);
    assert_eq!(code, 0);
    assert!(!plain.contains('\x1b'), "{plain}");
    assert!(plain.starts_with("Jordan Rivera (W-1042)\n"), "{plain}");
    let cases: [Case; 12] = [
        (&[], &[], false),
        (&[], &["--color", "auto"], false),
        (&[], &["--color", "never"], false),
        (&[], &["--color", "always"], true),
        (&[("CLICOLOR_FORCE", "1")], &[], true),
        (&[("CLICOLOR_FORCE", "1")], &["--color", "never"], false),
        (&[("NO_COLOR", "1")], &[], false),
        (&[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")], &[], false),
        (&[("NO_COLOR", "1")], &["--color", "always"], true),
        // An empty `NO_COLOR` is as good as unset (no-color.org).
        (&[("NO_COLOR", ""), ("CLICOLOR_FORCE", "1")], &[], true),
        (&[("TERM", "dumb")], &[], false),
        (&[("TERM", "dumb")], &["--color", "always"], true),
    ];
    for (env, extra, coloured) in cases {
        let (out, code) = check(env, extra);
        assert_eq!(code, 0, "{env:?} {extra:?}");
        if coloured {
            assert!(out.starts_with(COLOURED), "{env:?} {extra:?}: {out}");
            assert!(out.contains(VERDICT), "{env:?} {extra:?}: {out}");
            assert_eq!(out.matches('\x1b').count(), 32, "{env:?} {extra:?}: {out}");
            assert_eq!(strip(&out), plain, "{env:?} {extra:?}");
        } else {
            assert_eq!(out, plain, "{env:?} {extra:?}");
        }
    }
}

/// `--color` is an option of every command, before or after the command's name.
#[test]
fn the_option_is_global() {
    let (before, _) = run(
        &[],
        &[
            "--color",
            "always",
            "check",
            "examples/eligible.toml",
            "--as-of",
            AS_OF,
        ],
    );
    assert!(before.starts_with(COLOURED), "{before}");
    let (after, _) = check(&[("CLICOLOR_FORCE", "1")], &["--color", "never"]);
    assert!(!after.contains('\x1b'), "{after}");
    let (plan, _) = run(
        &[],
        &[
            "plan",
            "examples/eligible.toml",
            "--as-of",
            AS_OF,
            "--color",
            "always",
        ],
    );
    assert!(plan.starts_with(COLOURED), "{plan}");
    let (rules, code) = run(&[], &["rules", "list", "--color", "never"]);
    assert_eq!(code, 0);
    assert!(rules.contains("tx/mhps"), "{rules}");
}

/// Data formats are never coloured, whatever is asked: a program reads them.
#[test]
fn data_formats_are_never_coloured() {
    for format in ["json", "markdown"] {
        let (out, _) = check(
            &[("CLICOLOR_FORCE", "1")],
            &["--color", "always", "--format", format],
        );
        assert!(!out.contains('\x1b'), "{format}: {out}");
        assert_eq!(out, check(&[], &["--format", format]).0, "{format}");
    }
}

/// A wrong value is refused by name, with the ones there are.
#[test]
fn a_wrong_value_is_refused() {
    let out = Command::new(env!("CARGO_BIN_EXE_peercert"))
        .args(["--color", "sometimes", "rules", "list"])
        .env_clear()
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: invalid value 'sometimes' for '--color <WHEN>'\n  [possible values: auto, always, never]\n\nFor more information, try '--help'.\n"
    );
}

/// On a real terminal (a tmux pane) the answer is coloured by default, and not when
/// `NO_COLOR` is set or the terminal is `dumb`.
#[cfg(unix)]
#[test]
fn a_terminal_is_coloured_unless_told_not_to() {
    let args = format!("check examples/eligible.toml --as-of {AS_OF}");
    let clean = "env -u NO_COLOR -u CLICOLOR -u CLICOLOR_FORCE -u CI";
    let screen = |env: &str| {
        let terminal = Terminal::run(&workspace(), env, &args);
        terminal.wait_for("[exit 0]");
        terminal.styled_screen()
    };
    let coloured = screen(clean);
    // tmux writes the screen's styles back as escape sequences of its own: bold, then
    // green, for the verdict.
    assert!(
        coloured.contains("\x1b[1mJordan Rivera\x1b[0m"),
        "{coloured:?}"
    );
    assert!(
        coloured.contains("\x1b[1m\x1b[32mELIGIBLE\x1b[0m"),
        "{coloured:?}"
    );
    for env in [
        format!("{clean} NO_COLOR=1"),
        format!("{clean} TERM=dumb"),
        format!("{clean} TERM=dumb CI=true"),
        format!("{clean} CLICOLOR_FORCE=1 NO_COLOR=1"),
    ] {
        let plain = screen(&env);
        assert!(plain.contains("Jordan Rivera (W-1042)"), "{env}: {plain:?}");
        assert!(!plain.contains('\x1b'), "{env}: {plain:?}");
    }
}

/// `text` without its escape sequences (colour sequences only: `ESC [ … m`).
fn strip(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('\x1b') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('m').unwrap();
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out
}
