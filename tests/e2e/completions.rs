//! `peercert completions SHELL`, run in the shells themselves: the bash script is
//! sourced in a real bash and its completion function called the way bash calls it on
//! Tab (`COMP_WORDS`, `COMP_CWORD`); the fish script is sourced in a real fish and
//! asked with `complete -C`; the zsh script is loaded in an interactive zsh on a
//! pseudo-terminal (`zpty`), a line and a Tab are typed, and what the completion
//! system is given (`compadd`) is written down. Fish and zsh are
//! skipped on a machine without them, except in CI (`CI` set), where `.ci/run`
//! installs them.

use std::process::Command;

use crate::support::{TempDir, workspace};

fn peercert() -> &'static str {
    env!("CARGO_BIN_EXE_peercert")
}

/// Runs `script` in `shell` (with `-c`), with `$PEERCERT` naming the binary; its
/// standard output.
fn run(shell: &str, args: &[&str], script: &str) -> String {
    let output = Command::new(shell)
        .args(args)
        .arg("-c")
        .arg(script)
        .env("PEERCERT", peercert())
        .current_dir(workspace())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{shell} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    String::from_utf8(output.stdout).unwrap()
}

fn installed(shell: &str) -> bool {
    let found = Command::new(shell).arg("-c").arg("true").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have {shell}: .ci/run installs it"
        );
        eprintln!("skipped: no {shell} on this machine (apt-get install {shell})");
    }
    found
}

/// What bash offers on Tab after `words` (the last one being completed).
fn bash_completes(words: &[&str]) -> Vec<String> {
    let words: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let script = format!(
        r#"source <("$PEERCERT" completions bash)
COMP_WORDS=({words})
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
COMP_LINE="${{COMP_WORDS[*]}}"
COMP_POINT=${{#COMP_LINE}}
_peercert peercert "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
if [[ ${{#COMPREPLY[@]}} -gt 0 ]]; then printf '%s\n' "${{COMPREPLY[@]}}"; fi"#,
        words = words.join(" ")
    );
    run("bash", &["--norc", "--noprofile"], &script)
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn bash_registers_the_completion() {
    assert_eq!(
        run(
            "bash",
            &["--norc", "--noprofile"],
            r#"source <("$PEERCERT" completions bash); complete -p peercert"#
        ),
        "complete -o bashdefault -o default -o nosort -F _peercert peercert\n"
    );
}

#[test]
fn bash_completes_subcommands() {
    assert_eq!(
        bash_completes(&["peercert", ""]),
        [
            "-h",
            "-V",
            "--color",
            "--help",
            "--version",
            "check",
            "plan",
            "audit",
            "report",
            "new",
            "log",
            "import",
            "rules",
            "completions",
            "schema",
            "help"
        ]
    );
    assert_eq!(
        bash_completes(&["peercert", "rules", "s"]),
        ["show"],
        "a subcommand of a subcommand"
    );
}

#[test]
fn bash_completes_options_and_formats() {
    assert_eq!(
        bash_completes(&["peercert", "plan", "record.toml", "--c"]),
        ["--credential", "--catalog", "--color"]
    );
    assert_eq!(
        bash_completes(&["peercert", "audit", "--format", ""]),
        ["table", "csv", "json", "markdown", "html"]
    );
    assert_eq!(
        bash_completes(&["peercert", "completions", "p"]),
        ["powershell"]
    );
}

#[test]
fn bash_completes_credential_ids() {
    assert_eq!(
        bash_completes(&["peercert", "check", "record.toml", "--credential", "nj/"]),
        ["nj/cprs", "nj/icprs"]
    );
    assert_eq!(
        bash_completes(&["peercert", "rules", "show", "pa/"]),
        ["pa/cps", "pa/crs"],
        "a positional credential id"
    );
    assert_eq!(
        bash_completes(&["peercert", "new", "r.toml", "--holds", "tx/"]),
        ["tx/mhps", "tx/rsps"]
    );
}

#[test]
fn bash_completes_topics() {
    assert_eq!(
        bash_completes(&["peercert", "import", "r.toml", "f.csv", "--topic", "eth"]),
        ["ethics"]
    );
}

#[test]
fn bash_falls_back_to_file_names_for_a_record() {
    // No word of the script matches: bash's `-o default` then completes file names.
    assert_eq!(
        bash_completes(&["peercert", "check", "examples/eth"]),
        Vec::<String>::new()
    );
    assert_eq!(
        run(
            "bash",
            &["--norc", "--noprofile"],
            "compgen -f examples/eth"
        ),
        "examples/ethics-short.toml\n"
    );
}

#[test]
fn fish_completes_credential_ids_topics_and_formats() {
    if !installed("fish") {
        return;
    }
    let complete = |line: &str| {
        run(
            "fish",
            &["--no-config"],
            &format!(r#""$PEERCERT" completions fish | source; complete -C '{line}'"#),
        )
    };
    let ids = complete("peercert check record.toml --credential nj/");
    let ids: Vec<&str> = ids.lines().map(|l| l.split('\t').next().unwrap()).collect();
    assert_eq!(ids, ["nj/cprs", "nj/icprs"]);
    let formats = complete("peercert check record.toml --format ");
    let formats: Vec<&str> = formats
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(formats, ["json", "markdown", "text"]);
    assert_eq!(
        complete("peercert rules show ny"),
        "ny/crpa\tCertified Recovery Peer Advocate\n",
        "a positional credential id, with its name"
    );
    let topics = complete("peercert import r.toml f.csv --topic bou");
    assert_eq!(
        topics,
        "boundaries\tProfessional boundaries (Oregon’s ethics, boundaries and/or self-care hours; Ohio’s boundaries minimum)\n",
        "a description with quotes in it does not break the script"
    );
}

/// Types `line` and a Tab into an interactive zsh that has loaded the script, and
/// returns the matches the completion system was given, one per line. `compadd` is
/// wrapped to write them down, and `_peercert` to say when it is done.
const ZSH_TAB: &str = r#"zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PROMPT=''; autoload -Uz compinit; compinit -u -D"
zpty -w z 'source <("$PEERCERT" completions zsh)'
zpty -w z 'compadd () { if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi; typeset -a hits; builtin compadd -A hits "$@"; local r=$?; (( $#hits )) && print -l -- $hits >> "$OUT"; return $r }'
zpty -w z 'functions[_peercert_script]=$functions[_peercert]; _peercert () { _peercert_script "$@"; local r=$?; : >> "$OUT.done"; return $r }'
zpty -n -w z "$LINE"$'\t'
for i in {1..600}; do [[ -e $OUT.done ]] && break; sleep 0.05; done
zpty -d z
[[ -e $OUT.done ]] || { print -u2 "the completion did not run"; exit 1 }
if [[ -e $OUT ]]; then cat "$OUT"; fi
"#;

#[test]
fn zsh_completes_credential_ids_topics_and_formats() {
    if !installed("zsh") {
        return;
    }
    let dir = TempDir::new("zsh-completion");
    let complete = |name: &str, line: &str| {
        let output = Command::new("zsh")
            .args(["-f", "-c", ZSH_TAB])
            .env("PEERCERT", peercert())
            .env("OUT", dir.path().join(name))
            .env("LINE", line)
            .current_dir(workspace())
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{line}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    assert_eq!(
        complete("credential", "peercert check record.toml --credential nj/"),
        "nj/cprs\nnj/icprs\n"
    );
    assert_eq!(
        complete("positional", "peercert rules show pa/"),
        "pa/cps\npa/crs\n"
    );
    assert_eq!(
        complete("format", "peercert audit --format "),
        "table\ncsv\njson\nmarkdown\nhtml\n"
    );
    assert_eq!(
        complete("topic", "peercert import record.toml --topic bou"),
        "boundaries\n"
    );
    assert_eq!(complete("subcommand", "peercert ru"), "rules\n");
}

#[test]
fn zsh_parses_the_script() {
    if !installed("zsh") {
        return;
    }
    run(
        "zsh",
        &["-f"],
        r#""$PEERCERT" completions zsh > "${TMPDIR:-/tmp}/_peercert.$$" && zsh -n "${TMPDIR:-/tmp}/_peercert.$$"; parsed=$?; rm -f "${TMPDIR:-/tmp}/_peercert.$$"; exit $parsed"#,
    );
}

/// `peercert completions SHELL`'s script.
fn script(shell: &str) -> String {
    let output = Command::new(peercert())
        .args(["completions", shell])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{shell}");
    assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{shell}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn bash_zsh_and_fish_scripts_carry_the_credential_ids_topics_and_formats() {
    for shell in ["bash", "zsh", "fish"] {
        let script = script(shell);
        for word in [
            "nj/cprs",
            "icrc/pr",
            "ethics",
            "markdown",
            "rules",
            "credential",
        ] {
            assert!(script.contains(word), "{shell}: {word}");
        }
    }
}

#[test]
fn powershell_and_elvish_scripts_carry_the_subcommands_and_options() {
    // clap_complete's PowerShell and elvish scripts complete subcommands and
    // options, not option values.
    for (shell, words) in [
        (
            "powershell",
            ["'peercert;rules;show'", "'--credential'", "'completions'"],
        ),
        (
            "elvish",
            [
                "'peercert;rules;show'=",
                "cand --credential",
                "cand completions",
            ],
        ),
    ] {
        let script = script(shell);
        for word in words {
            assert!(script.contains(word), "{shell}: {word}");
        }
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let output = Command::new(peercert())
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: invalid value 'tcsh' for '<SHELL>'\n  [possible values: bash, elvish, fish, powershell, zsh]\n\n  tip: a similar value exists: 'zsh'\n\nFor more information, try '--help'.\n"
    );
}
