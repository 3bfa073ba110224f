//! JSON Schemas of the files peercert reads (`peercert schema`), the files shipped and
//! the broken ones checked against them by a real validator (the `jsonschema` crate;
//! `.ci/run` runs `check-jsonschema` on the same files), and the `#:schema` directive
//! a file may start with.

use std::path::{Path, PathBuf};

use crate::support::{AS_OF, Run, TempDir, workspace};

/// The committed schema `name` (`record`, `rules`, `catalog`).
fn committed(name: &str) -> String {
    std::fs::read_to_string(workspace().join(format!("schemas/{name}.schema.json"))).unwrap()
}

/// A TOML file as the JSON a schema validator sees: dates as their ISO text, as
/// `check-jsonschema` and editors present them.
fn as_json(path: &Path) -> serde_json::Value {
    fn convert(value: toml::Value) -> serde_json::Value {
        match value {
            toml::Value::String(s) => s.into(),
            toml::Value::Integer(i) => i.into(),
            toml::Value::Float(f) => f.into(),
            toml::Value::Boolean(b) => b.into(),
            toml::Value::Datetime(d) => d.to_string().into(),
            toml::Value::Array(items) => items.into_iter().map(convert).collect(),
            toml::Value::Table(table) => table.into_iter().map(|(k, v)| (k, convert(v))).collect(),
        }
    }
    let text = std::fs::read_to_string(path).unwrap();
    convert(toml::Value::Table(toml::from_str(&text).unwrap()))
}

/// Where in `file` the schema `name` finds a problem, as JSON pointers, sorted.
fn problems(name: &str, file: &Path) -> Vec<String> {
    let schema: serde_json::Value = serde_json::from_str(&committed(name)).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut places: Vec<String> = validator
        .iter_errors(&as_json(file))
        .map(|e| e.instance_path().to_string())
        .collect();
    places.sort();
    places.dedup();
    places
}

/// The `.toml` files of a folder of the workspace, recursively, sorted.
fn toml_files(folder: &str) -> Vec<PathBuf> {
    fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, files);
            } else if path.extension().is_some_and(|e| e == "toml") {
                files.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&workspace().join(folder), &mut files);
    files.sort();
    files
}

/// `peercert schema FILE` prints the committed schema, byte for byte: those of the
/// files peercert reads, and of its JSON answers.
#[test]
fn schema_prints_the_committed_schemas() {
    for name in [
        "record",
        "rules",
        "catalog",
        "check-output",
        "plan-output",
        "audit-output",
    ] {
        assert_eq!(
            Run::new(&["schema", name]).output(),
            format!(
                "$ peercert schema {name}\nexit: 0\n--- stdout\n{}--- stderr\n",
                committed(name)
            )
        );
    }
}

/// A file the schemas know nothing of is refused with the list of those they know.
#[test]
fn schema_of_an_unknown_file() {
    let out = Run::new(&["schema", "roster"]).output();
    assert!(
        out.starts_with(
            "$ peercert schema roster\nexit: 2\n--- stdout\n--- stderr\nerror: invalid value 'roster' for '<FILE>'\n  [possible values: record, rules, catalog, check-output, plan-output, audit-output]\n"
        ),
        "{out}"
    );
}

/// Every shipped rule set, example record and catalogue is valid against its schema
/// (the record that is broken on purpose aside, tested below).
#[test]
fn every_shipped_file_is_valid_against_its_schema() {
    let rules: Vec<PathBuf> = toml_files("rules")
        .into_iter()
        .filter(|p| !p.ends_with("topics.toml"))
        .collect();
    let records: Vec<PathBuf> = std::fs::read_dir(workspace().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .chain(
            toml_files("examples/agency")
                .into_iter()
                .filter(|p| !p.ends_with("broken.toml")),
        )
        .collect();
    let catalogs = toml_files("examples/catalogs");
    assert!(rules.len() >= 30, "{rules:?}");
    assert!(records.len() >= 10, "{records:?}");
    assert_eq!(catalogs.len(), 2, "{catalogs:?}");
    for (name, files) in [("rules", rules), ("record", records), ("catalog", catalogs)] {
        for file in files {
            assert_eq!(
                problems(name, &file),
                Vec::<String>::new(),
                "{}",
                file.display()
            );
        }
    }
}

/// The files broken on purpose fail the schema at each mistake, as peercert refuses
/// them (exit 2).
#[test]
fn the_broken_files_fail_at_each_mistake() {
    let cases: [(&str, &str, &[&str], &[&str]); 4] = [
        (
            "record",
            "tests/fixtures/schema/record_bad.toml",
            &["/training/0/date", "/training/0/topic", "/worker"],
            &[
                "check",
                "tests/fixtures/schema/record_bad.toml",
                "--as-of",
                AS_OF,
            ],
        ),
        (
            "record",
            "examples/agency/broken.toml",
            &["/training/0/topic"],
            &["check", "examples/agency/broken.toml", "--as-of", AS_OF],
        ),
        (
            "rules",
            "tests/fixtures/schema/rules_bad.toml",
            &[
                "/edition/0/initial/requirement/0",
                "/edition/0/initial/requirement/1",
                "/edition/0/initial/requirement/1/confidence",
            ],
            &["rules", "check", "tests/fixtures/schema/rules_bad.toml"],
        ),
        (
            "catalog",
            "tests/fixtures/schema/catalog_bad.toml",
            &["/course/0/cost", "/course/0/date"],
            &[
                "plan",
                "examples/ethics-short.toml",
                "--catalog",
                "tests/fixtures/schema/catalog_bad.toml",
                "--as-of",
                AS_OF,
            ],
        ),
    ];
    for (name, file, places, refused_by) in cases {
        assert_eq!(problems(name, &workspace().join(file)), places, "{file}");
        let out = Run::new(refused_by).output();
        assert!(out.contains("\nexit: 2\n"), "{out}");
    }
}

/// A first line `#:schema PATH` (Taplo's and Tombi's directive) is a TOML comment:
/// records, rule sets and catalogues that start with one are read as without it, and
/// `log` and `rules fmt`, which rewrite files, keep it.
#[test]
fn a_schema_directive_is_accepted_and_kept() {
    let dir = TempDir::new("schema-directive");
    let record = std::fs::read_to_string(workspace().join("examples/ethics-short.toml")).unwrap();
    let directive = "#:schema ../../schemas/record.schema.json\n";
    dir.write("plain.toml", &record);
    dir.write("directed.toml", format!("{directive}{record}"));
    let catalog =
        std::fs::read_to_string(workspace().join("examples/catalogs/pa-winter.toml")).unwrap();
    dir.write("plain-catalog.toml", &catalog);
    dir.write(
        "directed-catalog.toml",
        format!("#:schema ./catalog.schema.json\n{catalog}"),
    );
    let run = |record: &str, catalog: &str| {
        Run::new(&[
            "plan",
            record,
            "--catalog",
            catalog,
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ])
        .current_dir(dir.path())
        .output()
        .replace(record, "RECORD")
        .replace(catalog, "CATALOG")
    };
    let plain = run("plain.toml", "plain-catalog.toml");
    assert!(plain.contains("\nexit: 1\n"), "{plain}");
    // The same plan; the courses' lines in the catalogue are one further down.
    assert_eq!(
        run("directed.toml", "directed-catalog.toml"),
        plain
            .replace("\"line\": 6\n", "\"line\": 7\n")
            .replace("\"line\": 32\n", "\"line\": 33\n")
    );

    let log = |record: &str| {
        Run::new(&[
            "log",
            record,
            "training: 1h ethics 2026-11-20 \"Ethics Refresher\"",
            "--as-of",
            AS_OF,
        ])
        .current_dir(dir.path())
        .output()
        .replace(record, "RECORD")
    };
    let logged = log("plain.toml");
    assert!(logged.contains("\nexit: 0\n"), "{logged}");
    assert_eq!(log("directed.toml"), logged);
    let plain_after = std::fs::read_to_string(dir.path().join("plain.toml")).unwrap();
    assert_ne!(plain_after, record);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("directed.toml")).unwrap(),
        format!("{directive}{plain_after}")
    );

    let rules = std::fs::read_to_string(workspace().join("rules/pa/crs.toml")).unwrap();
    let directive = "#:schema https://example.org/peercert/rules.schema.json\n";
    dir.write("crs.toml", format!("{directive}{rules}"));
    let checked = Run::new(&["rules", "check", "crs.toml"])
        .current_dir(dir.path())
        .output();
    assert_eq!(
        checked,
        "$ peercert rules check crs.toml\nexit: 0\n--- stdout\nok: 1 rule file checked, no problems\n--- stderr\n"
    );
    dir.write(
        "crs.toml",
        format!(
            "{directive}{}",
            rules.replace("\nverified = ", "\nverified   =   ")
        ),
    );
    let formatted = Run::new(&["rules", "fmt", "crs.toml"])
        .current_dir(dir.path())
        .output();
    assert!(formatted.contains("\nexit: 0\n"), "{formatted}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("crs.toml")).unwrap(),
        format!("{directive}{rules}")
    );
}

/// The answer of a run as JSON, when the run printed one.
fn answer(args: &[&str]) -> Option<serde_json::Value> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_peercert"))
        .args(args)
        .current_dir(workspace())
        .env_clear()
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).ok()
}

/// Where `answer` breaks the answer schema `name`, as JSON pointers, sorted.
fn answer_problems(name: &str, answer: &serde_json::Value) -> Vec<String> {
    let schema: serde_json::Value = serde_json::from_str(&committed(name)).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut places: Vec<String> = validator
        .iter_errors(answer)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    places.sort();
    places
}

/// Real answers of `check`, `plan` and `audit` in JSON, on every example record and
/// the fixtures of plans and standings after expiry, are valid against the answer
/// schemas, which list every key an object may have.
#[test]
fn every_json_answer_is_valid_against_its_schema() {
    let mut records: Vec<PathBuf> = std::fs::read_dir(workspace().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    for folder in [
        "examples/agency",
        "tests/fixtures/plan",
        "tests/fixtures/expiry",
        "tests/fixtures/shipped",
    ] {
        records.extend(
            toml_files(folder)
                .into_iter()
                // Not records: the one broken on purpose, and catalogues.
                .filter(|p| {
                    !["broken.toml", "catalog_bad.toml", "free-courses.toml"]
                        .iter()
                        .any(|name| p.ends_with(name))
                }),
        );
    }
    let (mut checks, mut plans, mut arrays) = (0, 0, 0);
    for record in &records {
        let record = record.to_str().unwrap();
        let plan = answer(&[
            "plan",
            record,
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "--horizon",
        ])
        .unwrap_or_else(|| panic!("no plan of {record}"));
        assert_eq!(
            answer_problems("plan-output", &plan),
            Vec::<String>::new(),
            "{record}"
        );
        plans += 1;
        let credentials: Vec<String> = match &plan {
            serde_json::Value::Array(plans) => {
                arrays += 1;
                plans
                    .iter()
                    .map(|p| p["credential"].as_str().unwrap().to_owned())
                    .collect()
            }
            one => vec![one["credential"].as_str().unwrap().to_owned()],
        };
        for credential in &credentials {
            let check = answer(&[
                "check",
                record,
                "--credential",
                credential,
                "--as-of",
                AS_OF,
                "--format",
                "json",
            ])
            .unwrap_or_else(|| panic!("no answer for {record}, {credential}"));
            assert_eq!(
                answer_problems("check-output", &check),
                Vec::<String>::new(),
                "{record}, {credential}"
            );
            checks += 1;
        }
    }
    assert!(
        checks >= 60 && plans >= 60 && arrays >= 2,
        "{checks} {plans} {arrays}"
    );

    let with_catalog = answer(&[
        "plan",
        "examples/ethics-short.toml",
        "--catalog",
        "examples/catalogs/pa-winter.toml",
        "--with",
        "training: 1h ethics 2026-11-20",
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ])
    .unwrap();
    assert!(
        with_catalog["proposal"]["courses"].is_array(),
        "{with_catalog}"
    );
    assert_eq!(
        answer_problems("plan-output", &with_catalog),
        Vec::<String>::new()
    );

    for args in [
        &[
            "audit",
            "examples/agency",
            "--csv",
            "examples/agency-roster.csv",
        ][..],
        &["audit", "examples/agency", "--windows", "30,60,90"][..],
        &["audit", "examples/agency", "--due-within", "60"][..],
        &[
            "audit",
            "tests/fixtures/no-credential",
            "--credential",
            "nj/cprs",
        ][..],
    ] {
        let mut args = args.to_vec();
        args.extend(["--as-of", AS_OF, "--format", "json"]);
        let audit = answer(&args).unwrap_or_else(|| panic!("no audit: {args:?}"));
        assert!(!audit["rows"].as_array().unwrap().is_empty(), "{args:?}");
        assert_eq!(
            answer_problems("audit-output", &audit),
            Vec::<String>::new(),
            "{args:?}"
        );
    }
}

/// An answer with a key its schema does not list, or without one it requires, fails:
/// the schemas are closed, so an answer that grows must grow its schema too.
#[test]
fn an_answer_unlike_its_schema_fails() {
    let mut check = answer(&[
        "check",
        "examples/eligible.toml",
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ])
    .unwrap();
    check["requirements"][0]
        .as_object_mut()
        .unwrap()
        .insert("hours".to_owned(), 12.into());
    check.as_object_mut().unwrap().remove("outcome");
    check["standing"]["state"] = "retired".into();
    let mut problems: Vec<String> = answer_problems("check-output", &check)
        .into_iter()
        .map(|p| p.split(':').next().unwrap().to_owned())
        .collect();
    problems.sort();
    assert_eq!(problems, ["", "/requirements/0", "/standing"]);
}
