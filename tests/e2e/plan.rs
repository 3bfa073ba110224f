//! `peercert plan`: what is left, by when, at what cost, in every format, and the
//! calendar read back with a real iCalendar parser.

use icalendar::parser::{read_calendar, unfold};

use crate::support::{AS_OF, Run, peercert};

fn plan(record: &str, extra: &[&str]) -> String {
    let mut args = vec!["plan", record, "--as-of", AS_OF];
    args.extend_from_slice(extra);
    peercert(&args)
}

/// Every example record, in every format.
#[test]
fn examples_in_every_format() {
    insta::glob!("../../examples", "*.toml", |path| {
        let record = crate::support::relative(path);
        insta::assert_snapshot!("text", plan(&record, &[]));
        insta::assert_snapshot!("json", plan(&record, &["--format", "json"]));
        insta::assert_snapshot!("markdown", plan(&record, &["--format", "markdown"]));
        insta::assert_snapshot!("ics", plan(&record, &["--format", "ics"]));
    });
}

/// An alternative: each path with what it still needs, the one with the fewest
/// hours named; the steps of the application in order.
#[test]
fn initial_application_with_an_alternative_path() {
    insta::assert_snapshot!(plan("tests/fixtures/plan/oh-no-route.toml", &[]));
}

/// A provisional certification: the work due before it ends.
#[test]
fn provisional_certification() {
    insta::assert_snapshot!(plan("tests/fixtures/plan/tx-provisional-behind.toml", &[]));
}

/// More hours of training left than days: a warning.
#[test]
fn hours_that_cannot_fit_before_expiry() {
    insta::assert_snapshot!(plan("tests/fixtures/plan/nj-renewal-week-left.toml", &[]));
}

/// Texas accepts late renewals with no last day: the fees of the ladder, no date.
#[test]
fn late_renewal_with_no_last_day() {
    insta::assert_snapshot!(plan("tests/fixtures/shipped/tx-mhps-late.toml", &[]));
}

/// New York's due date comes before expiry, and its late fee is shown with the day
/// it starts to apply.
#[test]
fn due_date_before_expiry_and_the_late_fee_ahead() {
    insta::assert_snapshot!(plan("tests/fixtures/plan/ny-renewal-open.toml", &[]));
}

/// `--horizon`: once this cycle is complete, the next one.
#[test]
fn horizon_plans_the_next_cycle() {
    insta::assert_snapshot!(plan(
        "tests/fixtures/shipped/wa-renewal-first-cycle.toml",
        &["--horizon"]
    ));
}

/// `--with`: the plan as if the entry were in the record; the file is untouched.
#[test]
fn what_if_an_entry_were_in_the_record() {
    let before =
        std::fs::read(crate::support::workspace().join("examples/ethics-short.toml")).unwrap();
    insta::assert_snapshot!(plan(
        "examples/ethics-short.toml",
        &["--with", "training: 3.5h ethics in-person 2026-12-01"]
    ));
    let after =
        std::fs::read(crate::support::workspace().join("examples/ethics-short.toml")).unwrap();
    assert_eq!(before, after);
}

#[test]
fn what_if_entries_are_checked_like_the_record() {
    insta::assert_snapshot!(plan(
        "examples/ethics-short.toml",
        &["--with", "training: 3h ethcs 2026-12-01"]
    ));
    insta::assert_snapshot!(plan(
        "examples/ethics-short.toml",
        &["--with", "training 3h ethics 2026-12-01"]
    ));
}

/// Each `--with` is named by its position, and its problems point into it: a
/// what-if the same as a logged course is a duplicate, and every problem of one entry
/// is reported together.
#[test]
fn what_if_problems_point_into_the_argument() {
    insta::assert_snapshot!(plan(
        "examples/ethics-short.toml",
        &[
            "--with",
            "supervision: 2h 2026-12-15",
            "--with",
            "training: 3h confidentiality 2025-04-22"
        ]
    ));
    insta::assert_snapshot!(plan(
        "examples/ethics-short.toml",
        &["--with", "training: 0.001h ethics in-persn 2205-12-01"]
    ));
}

/// Every example of the entry language's forms in `docs/record-format.md` is an entry
/// `plan --with` takes, checked and not refused, so the page cannot show a wrong one.
#[test]
fn the_documented_entry_examples_are_taken() {
    let page =
        std::fs::read_to_string(crate::support::workspace().join("docs/record-format.md")).unwrap();
    let forms = page.split("\n### Forms\n\n").nth(1).unwrap();
    let table = forms.split("\n\n").next().unwrap();
    let examples: Vec<&str> = table
        .lines()
        .skip(2)
        .map(|row| {
            let example = row.rsplit(" | ").next().unwrap();
            example.trim_end_matches(" |").trim_matches('`')
        })
        .collect();
    assert_eq!(examples.len(), 7, "{table}");
    let mut args = vec!["plan", "examples/ethics-short.toml", "--as-of", AS_OF];
    for example in &examples {
        args.extend(["--with", example]);
    }
    let output = peercert(&args);
    assert!(
        output.contains("\nexit: 1\n") && output.ends_with("--- stderr\n"),
        "{output}"
    );
}

#[test]
fn plan_help() {
    insta::assert_snapshot!(Run::new(&["plan", "--help"]).output());
}

/// The calendar parses with a real iCalendar parser: one event per deadline, its
/// reminders (the one 90 days before would fall before the plan's date, so it is
/// left out), all-day dates; and the UIDs do not change when the plan is made on
/// another day, so a re-import updates the events.
#[test]
fn the_calendar_reads_back_and_its_uids_are_stable() {
    let ics = |as_of: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_peercert"))
            .args([
                "plan",
                "tests/fixtures/plan/ny-renewal-open.toml",
                "--format",
                "ics",
                "--as-of",
                as_of,
            ])
            .current_dir(crate::support::workspace())
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let now = ics(AS_OF);
    assert!(now.lines().all(|l| l.len() <= 76), "lines are folded");
    assert!(now.ends_with("END:VCALENDAR\r\n"));
    let first = calendar_events(&now);
    assert_eq!(
        first,
        [(
            "NY-0042.ny=2Fcrpa.20270301.due@peercert".to_owned(),
            "20270115".to_owned(),
            2
        )]
    );
    let later = calendar_events(&ics("2026-12-20"));
    assert_eq!(
        later.iter().map(|e| &e.0).collect::<Vec<_>>(),
        first.iter().map(|e| &e.0).collect::<Vec<_>>()
    );
}

/// Reads a calendar back with a real iCalendar parser: its version must be 2.0, and
/// each event gives its UID, its start and how many reminders it has.
fn calendar_events(text: &str) -> Vec<(String, String, usize)> {
    let unfolded = unfold(text);
    let calendar = read_calendar(&unfolded).unwrap();
    let version = calendar.properties.iter().find(|p| p.name == "VERSION");
    assert_eq!(version.map(|p| p.val.to_string()).as_deref(), Some("2.0"));
    calendar
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .map(|event| {
            let property = |name: &str| {
                event
                    .properties
                    .iter()
                    .find(|p| p.name == name)
                    .map(|p| p.val.to_string())
                    .unwrap()
            };
            let alarms = event
                .components
                .iter()
                .filter(|c| c.name == "VALARM")
                .count();
            (property("UID"), property("DTSTART"), alarms)
        })
        .collect()
}

/// An event as a real iCalendar parser reads it back.
#[derive(Debug, PartialEq, Eq)]
struct Event {
    uid: String,
    start: String,
    summary: String,
    /// The trigger of each reminder, such as `-P7D`.
    reminders: Vec<String>,
}

/// Reads a calendar back with the `icalendar` crate's parser, and checks that no
/// reminder rings before `as_of`: the day of each is the event's day less its
/// trigger.
fn read_events(text: &str, as_of: &str) -> Vec<Event> {
    let as_of = chrono::NaiveDate::parse_from_str(as_of, "%Y-%m-%d").unwrap();
    let unfolded = unfold(text);
    let calendar = read_calendar(&unfolded).unwrap();
    calendar
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .map(|event| {
            let property = |name: &str| {
                event
                    .properties
                    .iter()
                    .find(|p| p.name == name)
                    .map(|p| p.val.to_string())
                    .unwrap()
            };
            let start = property("DTSTART");
            let day = chrono::NaiveDate::parse_from_str(&start, "%Y%m%d").unwrap();
            let reminders: Vec<String> = event
                .components
                .iter()
                .filter(|c| c.name == "VALARM")
                .map(|alarm| {
                    let trigger = alarm
                        .properties
                        .iter()
                        .find(|p| p.name == "TRIGGER")
                        .map(|p| p.val.to_string())
                        .unwrap();
                    let days: u64 = trigger
                        .strip_prefix("-P")
                        .and_then(|t| t.strip_suffix('D'))
                        .unwrap()
                        .parse()
                        .unwrap();
                    let rings = day.checked_sub_days(chrono::Days::new(days)).unwrap();
                    assert!(rings >= as_of, "{trigger} before {start} rings on {rings}");
                    trigger
                })
                .collect();
            Event {
                uid: property("UID"),
                start,
                summary: property("SUMMARY"),
                reminders,
            }
        })
        .collect()
}

fn triggers(list: &[&str]) -> Vec<String> {
    list.iter().map(|t| (*t).to_owned()).collect()
}

/// Exit code, standard output and standard error of `peercert ARGS…`.
fn run(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_peercert"))
        .args(args)
        .current_dir(crate::support::workspace())
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// An applicant has no dated deadline: with `--target` the calendar holds an event
/// on that day for what is left (here the application fee), with only the
/// reminders that are still ahead; moving the target keeps its UID, so a re-import
/// moves the event.
#[test]
fn a_target_date_gives_an_applicant_an_event() {
    let target = |day: &str| {
        let (code, ics, stderr) = run(&[
            "plan",
            "examples/eligible.toml",
            "--as-of",
            AS_OF,
            "--format",
            "ics",
            "--target",
            day,
        ]);
        assert_eq!((code, stderr.as_str()), (1, ""));
        assert!(unfold(&ics).contains("The board sets no date for this (before applying): "));
        read_events(&ics, AS_OF)
    };
    let event = |start: &str, reminders: &[&str]| Event {
        uid: "W-1042.nj=2Fcprs.initial.target@peercert".to_owned(),
        start: start.to_owned(),
        summary: "nj/cprs: 1 fee due by the target date (Jordan Rivera)".to_owned(),
        reminders: triggers(reminders),
    };
    assert_eq!(
        target("2027-01-15"),
        [event("20270115", &["-P30D", "-P7D"])]
    );
    assert_eq!(
        target("2027-03-01"),
        [event("20270301", &["-P90D", "-P30D", "-P7D"])]
    );
    assert_eq!(target(AS_OF), [event("20261123", &[])]);
}

/// Without `--target`, a plan with no dated deadline writes no empty calendar: it
/// says why and how to get one, and exits 2. A target before the plan's date, or
/// without `--format ics`, is refused.
#[test]
fn no_empty_calendar_and_no_target_in_the_past() {
    let help = "  = help: give the day to aim for with `--target DATE`, such as `--target 2027-01-15`, and that day gets an event\n";
    for (record, credential) in [
        ("examples/eligible.toml", "nj/cprs"),
        ("examples/lapsed.toml", "pa/crs"),
    ] {
        assert_eq!(
            run(&["plan", record, "--as-of", AS_OF, "--format", "ics"]),
            (
                2,
                String::new(),
                format!(
                    "error: nothing left in the plan has a date, so the calendar would be empty: `{credential}` has no dated deadline\n{help}"
                )
            )
        );
    }
    assert_eq!(
        run(&[
            "plan",
            "examples/eligible.toml",
            "--as-of",
            AS_OF,
            "--format",
            "ics",
            "--target",
            "2026-11-22"
        ]),
        (
            2,
            String::new(),
            "error: expected a target date on or after the plan's date 2026-11-23, found `2026-11-22`\n  = help: reminders are set before the target, so it must not have passed\n".to_owned()
        )
    );
    assert_eq!(
        run(&[
            "plan",
            "examples/eligible.toml",
            "--as-of",
            AS_OF,
            "--target",
            "2027-01-15"
        ]),
        (
            2,
            String::new(),
            "error: `--target` gives the day of a calendar event, found it without `--format ics`\n  = help: add `--format ics`, or leave `--target` out\n".to_owned()
        )
    );
}

/// Courses chosen from `--catalog` become events on the days they are held, with
/// reminders a week and a day before (only those still ahead); a self-paced course
/// has no day and makes no event. The deadline's event keeps its own reminders.
#[test]
fn courses_from_the_catalogue_become_events() {
    let calendar = |as_of: &str| {
        let (code, ics, stderr) = run(&[
            "plan",
            "examples/ethics-short.toml",
            "--as-of",
            as_of,
            "--catalog",
            "examples/catalogs/pa-winter.toml",
            "--format",
            "ics",
        ]);
        assert_eq!((code, stderr.as_str()), (1, ""));
        read_events(&ics, as_of)
    };
    let deadline = |reminders: &[&str]| Event {
        uid: "W-2210.pa=2Fcrs.20270201.expiry@peercert".to_owned(),
        start: "20270201".to_owned(),
        summary: "pa/crs: 2 requirements due by expiry (Alex Morgan)".to_owned(),
        reminders: triggers(reminders),
    };
    let course = |reminders: &[&str]| {
        Event {
        uid: "W-2210.pa=2Fcrs.20270201.course-20261208-Ethics=20and=20Boundaries=20Refresher@peercert"
            .to_owned(),
        start: "20261208".to_owned(),
        summary: "Course: Ethics and Boundaries Refresher (pa/crs, Alex Morgan)".to_owned(),
        reminders: triggers(reminders),
    }
    };
    assert_eq!(
        calendar(AS_OF),
        [deadline(&["-P30D", "-P7D"]), course(&["-P7D", "-P1D"])]
    );
    assert_eq!(
        calendar("2026-12-05"),
        [deadline(&["-P30D", "-P7D"]), course(&["-P1D"])]
    );
}

/// A catalogue with free courses (`cost = 0`): the free ethics course is chosen
/// over the same course at $40, the free course that is not needed is left out,
/// and the chosen one is an event in the calendar.
#[test]
fn free_courses_are_chosen_and_put_in_the_calendar() {
    let args = |format: &str| {
        run(&[
            "plan",
            "examples/ethics-short.toml",
            "--as-of",
            AS_OF,
            "--catalog",
            "tests/fixtures/plan/free-courses.toml",
            "--format",
            format,
        ])
    };
    let (code, json, _) = args("json");
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let proposal = &json["proposal"];
    let titles: Vec<&str> = proposal["courses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Ethics in Peer Work (employer session)"]);
    assert_eq!(proposal["cost"], "0.00");
    assert_eq!(proposal["hours"], 4);
    assert_eq!(
        proposal["closes"],
        serde_json::json!(["continuing-education", "ethics"])
    );
    assert_eq!(proposal["optimal"], true);
    let (code, ics, _) = args("ics");
    assert_eq!(code, 1);
    let events = read_events(&ics, AS_OF);
    assert_eq!(
        events
            .iter()
            .map(|e| (e.start.as_str(), e.summary.as_str()))
            .collect::<Vec<_>>(),
        [
            (
                "20270201",
                "pa/crs: 2 requirements due by expiry (Alex Morgan)"
            ),
            (
                "20261212",
                "Course: Ethics in Peer Work (employer session) (pa/crs, Alex Morgan)"
            )
        ]
    );
}

/// Standard output of `peercert plan ARGS…` run from the workspace root.
fn stdout_of(args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_peercert"))
        .args(args)
        .current_dir(crate::support::workspace())
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// Holds the New Jersey CPRS and pursues the ICPRS.
const HOLDS_ONE_PURSUES_ANOTHER: &str = "tests/fixtures/plan/nj-cprs-pursuing-icprs.toml";

/// With no `--credential`, every credential the record holds or pursues is planned,
/// the held one first: the plans one after another in text and Markdown, an array of
/// them in JSON, every plan's events in one calendar (the initial ICPRS plan has no
/// dated deadline, so its tasks make no event, and a warning says so).
#[test]
fn every_credential_held_or_pursued_is_planned() {
    insta::assert_snapshot!("several_text", plan(HOLDS_ONE_PURSUES_ANOTHER, &[]));
    insta::assert_snapshot!(
        "several_json",
        plan(HOLDS_ONE_PURSUES_ANOTHER, &["--format", "json"])
    );
    insta::assert_snapshot!(
        "several_markdown",
        plan(HOLDS_ONE_PURSUES_ANOTHER, &["--format", "markdown"])
    );
    insta::assert_snapshot!(
        "several_ics",
        plan(HOLDS_ONE_PURSUES_ANOTHER, &["--format", "ics"])
    );
    let json: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "plan",
        HOLDS_ONE_PURSUES_ANOTHER,
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]))
    .unwrap();
    let plans = json.as_array().unwrap();
    assert_eq!(
        plans
            .iter()
            .map(|p| (
                p["credential"].as_str().unwrap(),
                p["outcome"].as_str().unwrap()
            ))
            .collect::<Vec<_>>(),
        [("nj/cprs", "renewal-due"), ("nj/icprs", "not-eligible")]
    );
    let ics = stdout_of(&[
        "plan",
        HOLDS_ONE_PURSUES_ANOTHER,
        "--as-of",
        AS_OF,
        "--format",
        "ics",
    ]);
    assert_eq!(
        calendar_events(&ics),
        [(
            "NJ-3108.nj=2Fcprs.20270301.expiry@peercert".to_owned(),
            "20270301".to_owned(),
            3
        )]
    );
}

/// `--credential` still narrows the plan to one: a single plan, and in JSON a single
/// object, as for a record that names one credential.
#[test]
fn credential_narrows_the_plan_to_one() {
    insta::assert_snapshot!(plan(
        HOLDS_ONE_PURSUES_ANOTHER,
        &["--credential", "nj/icprs"]
    ));
    let json: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "plan",
        HOLDS_ONE_PURSUES_ANOTHER,
        "--as-of",
        AS_OF,
        "--credential",
        "nj/icprs",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(json["credential"], "nj/icprs");
}

/// Two held credentials with a deadline of the same kind on the same day: one
/// calendar holds an event of each, and their UIDs differ by the credential.
#[test]
fn one_calendar_holds_the_events_of_every_plan() {
    let ics = stdout_of(&[
        "plan",
        "tests/fixtures/plan/nj-pa-both-held.toml",
        "--as-of",
        AS_OF,
        "--format",
        "ics",
    ]);
    assert_eq!(ics.matches("BEGIN:VCALENDAR").count(), 1);
    let events = calendar_events(&ics);
    assert_eq!(
        events,
        [
            (
                "W-4410.nj=2Fcprs.20270301.expiry@peercert".to_owned(),
                "20270301".to_owned(),
                3
            ),
            (
                "W-4410.pa=2Fcrs.20270301.expiry@peercert".to_owned(),
                "20270301".to_owned(),
                3
            )
        ]
    );
}

/// Exit code 0 only when every plan is done: the `--with` entries count for every
/// plan, and the CPRS being complete is not enough while the ICPRS exam is left.
#[test]
fn exit_code_is_0_only_when_every_plan_is_done() {
    insta::assert_snapshot!(plan(
        HOLDS_ONE_PURSUES_ANOTHER,
        &["--with", "training: 8h advocacy 2026-12-01"]
    ));
    insta::assert_snapshot!(plan(
        HOLDS_ONE_PURSUES_ANOTHER,
        &[
            "--with",
            "training: 8h advocacy 2026-12-01",
            "--with",
            "exam: icrc-pr 540 2026-12-10"
        ]
    ));
}

/// `--catalog` proposes courses for each plan, against that plan's own shortfalls.
#[test]
fn a_catalogue_applies_to_every_plan() {
    insta::assert_snapshot!(plan(
        "tests/fixtures/plan/nj-pa-both-held.toml",
        &["--catalog", "examples/catalogs/pa-winter.toml"]
    ));
}

/// `--catalog`: the cheapest courses that close every hour shortfall before the
/// deadline (a course after it does not count), proven optimal.
#[test]
fn cheapest_courses_from_a_catalogue() {
    insta::assert_snapshot!(plan(
        "examples/ethics-short.toml",
        &["--catalog", "examples/catalogs/pa-winter.toml"]
    ));
    insta::assert_snapshot!(plan(
        "examples/ethics-short.toml",
        &[
            "--catalog",
            "examples/catalogs/pa-winter.toml",
            "--format",
            "markdown"
        ]
    ));
}

/// With a catalogue, each path of an alternative is priced and the cheapest named.
#[test]
fn the_cheapest_path_of_an_alternative() {
    insta::assert_snapshot!(
        Run::new(&[
            "plan",
            "tests/fixtures/plan/cmpss-two-paths.toml",
            "--as-of",
            "2022-09-01",
            "--catalog",
            "examples/catalogs/ca-2022.toml",
        ])
        .output()
    );
}

#[test]
fn a_bad_catalogue_is_reported_with_every_place() {
    insta::assert_snapshot!(plan(
        "examples/ethics-short.toml",
        &["--catalog", "tests/fixtures/plan/catalog_bad.toml"]
    ));
}

/// Values of the wrong type in three courses hide no other problem of the
/// catalogue: each course is read on its own, and every problem is reported in file
/// order. Regression test of issue 13, point 6.
#[test]
fn a_catalogue_type_error_hides_no_other_problem() {
    insta::assert_snapshot!(plan(
        "examples/ethics-short.toml",
        &["--catalog", "tests/fixtures/catalogs/type_errors.toml"]
    ));
}
