//! `peercert import`: course lists a worker already has (CSV transcripts, Open Badges
//! 3.0 credentials) added to their record, each row checked as a record's entries are,
//! a bad row or badge refused at its place while the rest are written, duplicates
//! skipped, and the author's bytes kept.

use crate::support::{AS_OF, HANDWRITTEN, Run, TempDir, peercert, workspace};

/// A folder holding `dana.toml` and copies of the workspace's `files`, by their names.
fn folder(name: &str, files: &[&str]) -> TempDir {
    let dir = TempDir::new(name);
    dir.write("dana.toml", HANDWRITTEN);
    for file in files {
        let bytes = std::fs::read(workspace().join(file)).unwrap();
        dir.write(file.rsplit('/').next().unwrap(), bytes);
    }
    dir
}

/// `peercert import dana.toml ARGS… --as-of 2026-11-23`, run in `dir`.
fn import(dir: &TempDir, args: &[&str]) -> String {
    let mut all = vec!["import", "dana.toml"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--as-of", AS_OF]);
    Run::new(&all).current_dir(dir.path()).output()
}

fn written(dir: &TempDir) -> String {
    std::fs::read_to_string(dir.path().join("dana.toml")).unwrap()
}

/// The record written reads as a record, and every line the author wrote is in it, in
/// order.
fn loads_and_keeps_the_authors_lines(text: &str) {
    let library = peercert_core::Library::embedded().unwrap();
    peercert_core::Record::parse(&peercert_core::Source::new("dana.toml", text), &library).unwrap();
    let mut rest = text;
    for line in HANDWRITTEN.lines() {
        let at = rest.find(line).unwrap_or_else(|| panic!("lost `{line}`"));
        rest = &rest[at + line.len()..];
    }
}

/// One bad row is refused at its row and column; the other rows are written, the file
/// then loads, and the author's bytes are kept. Exit 2 says something was refused.
#[test]
fn one_bad_row_is_refused_and_the_rest_written() {
    let dir = folder("import-bad-row", &["tests/fixtures/import/one-bad-row.csv"]);
    let out = import(&dir, &["one-bad-row.csv"]);
    let text = written(&dir);
    insta::assert_snapshot!(format!("{out}--- dana.toml\n{text}"));
    loads_and_keeps_the_authors_lines(&text);
}

/// `--strict`: anything refused, nothing written.
#[test]
fn strict_writes_nothing_when_a_row_is_refused() {
    let dir = folder("import-strict", &["tests/fixtures/import/one-bad-row.csv"]);
    insta::assert_snapshot!(import(&dir, &["one-bad-row.csv", "--strict"]));
    assert_eq!(written(&dir), HANDWRITTEN);
}

/// `--dry-run` shows what would be added and where the worker would stand; the file is
/// untouched.
#[test]
fn dry_run_writes_nothing() {
    let dir = folder("import-dry", &["examples/import/transcript.csv"]);
    insta::assert_snapshot!(import(&dir, &["transcript.csv", "--dry-run"]));
    assert_eq!(written(&dir), HANDWRITTEN);
}

/// A badge carries no hours: without `--hours` or a mapping it is refused and says
/// how to give them; with `--hours` it is written.
#[test]
fn a_badge_without_and_with_hours() {
    let dir = folder("import-badge", &["examples/import/badge.json"]);
    insta::assert_snapshot!(import(&dir, &["badge.json"]));
    assert_eq!(written(&dir), HANDWRITTEN);
    let out = import(
        &dir,
        &["badge.json", "--hours", "2", "--topic", "harm-reduction"],
    );
    let text = written(&dir);
    insta::assert_snapshot!(format!("{out}--- dana.toml\n{text}"));
    loads_and_keeps_the_authors_lines(&text);
}

/// A mapping file gives a badge its hours, topic and format by its achievement.
#[test]
fn a_mapping_gives_a_badge_its_hours() {
    let dir = folder(
        "import-mapping",
        &[
            "examples/import/badge.json",
            "examples/import/badge-mapping.toml",
        ],
    );
    insta::assert_snapshot!(import(
        &dir,
        &["badge.json", "--mapping", "badge-mapping.toml", "--dry-run"]
    ));
}

/// A course the record has, or that an earlier file gave, is skipped with its place
/// and is no error; importing the same transcript again adds nothing and writes
/// nothing.
#[test]
fn duplicates_are_skipped() {
    let dir = folder("import-duplicates", &["examples/import/transcript.csv"]);
    dir.write(
        "old.csv",
        "Date,Title,Hours,Topic\n2025-06-01,Peer Ethics,6,ethics\n2026-03-05,HIV and Hepatitis C Update,2,hiv\n",
    );
    let out = import(&dir, &["old.csv", "transcript.csv"]);
    let first = written(&dir);
    insta::assert_snapshot!(format!("{out}--- dana.toml\n{first}"));
    loads_and_keeps_the_authors_lines(&first);
    insta::assert_snapshot!(import(&dir, &["transcript.csv"]));
    assert_eq!(written(&dir), first);
}

/// A transcript a spreadsheet saved as Windows-1252 is read as such, said in a note,
/// and its text written to the record as UTF-8.
#[test]
fn a_windows_1252_transcript() {
    let dir = folder(
        "import-1252",
        &["tests/fixtures/import/transcript-1252.csv"],
    );
    let out = import(&dir, &["transcript-1252.csv"]);
    let text = written(&dir);
    insta::assert_snapshot!(format!("{out}--- dana.toml\n{text}"));
    loads_and_keeps_the_authors_lines(&text);
}

/// Problems of the invocation are found before the record is touched: a file that
/// cannot be read, `--hours` that are no hours, a bad mapping, `--topic` alone.
#[test]
fn invocation_problems_write_nothing() {
    let dir = folder("import-invocation", &["examples/import/badge.json"]);
    dir.write(
        "map.toml",
        "[[achievement]]\nname = \"X\"\nhours = 2\ntopic = \"ethcs\"\n",
    );
    insta::assert_snapshot!(import(&dir, &["missing.csv"]));
    insta::assert_snapshot!(import(&dir, &["badge.json", "--hours", "two"]));
    insta::assert_snapshot!(import(&dir, &["badge.json", "--mapping", "map.toml"]));
    insta::assert_snapshot!(import(&dir, &["badge.json", "--topic", "ethics"]));
    assert_eq!(written(&dir), HANDWRITTEN);
}

#[test]
fn import_help() {
    insta::assert_snapshot!(peercert(&["import", "--help"]));
}
