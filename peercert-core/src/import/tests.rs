//! Importing transcripts and badges: every column name, both date forms, the
//! encodings, the badge's variants, the mapping, and each problem at its place.

use std::sync::LazyLock;

use chrono::NaiveDate;

use super::transcript::COLUMNS;
use super::*;
use crate::Library;
use crate::diag::Source;
use crate::id::TopicId;
use crate::record::Training;
use crate::vocab::Format;

static LIBRARY: LazyLock<Library> = LazyLock::new(|| Library::embedded().unwrap());

/// A record with two courses, at lines 5 and 11.
const RECORD: &str = "[worker]
id = \"W-1\"
name = \"Ada Park\"

[[training]]
date = 2025-06-01
title = \"Peer Ethics\"
hours = 6
topic = \"ethics\"

[[training]]
date = 2025-09-20
title = \"Motivational Interviewing\"
hours = 12
topics = { mentoring-education = 8, advocacy = 4 }
";

fn record() -> Record {
    Record::parse(&Source::new("ada.toml", RECORD), &*LIBRARY).unwrap()
}

fn date(text: &str) -> NaiveDate {
    crate::quantity::parse_iso_date(text).unwrap()
}

fn topic(id: &str) -> TopicId {
    TopicId::new(id).unwrap()
}

fn run_with(files: &[(&str, &[u8])], badges: &BadgeCourses) -> Import {
    let files: Vec<File<'_>> = files
        .iter()
        .map(|(name, bytes)| File { name, bytes })
        .collect();
    import(&record(), &files, badges, &*LIBRARY)
}

fn run(name: &str, bytes: &[u8]) -> Import {
    run_with(&[(name, bytes)], &BadgeCourses::default())
}

/// The courses added.
fn courses(import: &Import) -> Vec<&Training> {
    import
        .added
        .iter()
        .map(|a| match &a.entry {
            Entry::Training(t) => t,
            other => panic!("{other:?}"),
        })
        .collect()
}

/// Everything the import says besides what it adds, as it is shown.
fn said(import: &Import) -> String {
    let mut out: Vec<String> = import.notes.iter().map(ToString::to_string).collect();
    out.extend(import.refused.iter().map(ToString::to_string));
    out.extend(import.duplicates.iter().map(ToString::to_string));
    out.join("\n")
}

/// The one problem of the one refused row, badge or file.
fn only_problem(import: &Import) -> String {
    assert!(import.added.is_empty(), "{:?}", import.added);
    assert_eq!(import.refused.len(), 1, "{}", said(import));
    said(import)
}

fn course(day: &str, title: &str, hours: i64, topics: &[(&str, i64)], place: usize) -> Training {
    Training {
        date: date(day),
        title: Some(title.to_owned()),
        provider: None,
        hours: Hours::from_whole(hours),
        topics: topics
            .iter()
            .map(|(t, h)| (topic(t), Hours::from_whole(*h)))
            .collect(),
        format: None,
        certificate: None,
        repeat: None,
        place: Place::Added(place),
    }
}

// Transcripts.

/// A transcript's row becomes the course a `[[training]]` entry would be, every
/// column read.
#[test]
fn a_row_is_a_course() {
    let found = run(
        "t.csv",
        b"Date,Title,Hours,Topic,Format,Provider,Certificate\n\
          2026-03-10,Recovery Coaching Refresher,24,,,PCB Online,PCB-1042\n\
          3/12/2026,HIPAA Basics,3,privacy,Live Online,,\n\
          2026-04-01,Recovery Basics,6,\"ethics=2, advocacy=4h\",in-person,,\n",
    );
    assert_eq!(said(&found), "");
    assert_eq!(
        courses(&found),
        [
            &Training {
                provider: Some("PCB Online".to_owned()),
                certificate: Some("PCB-1042".to_owned()),
                ..course("2026-03-10", "Recovery Coaching Refresher", 24, &[], 1)
            },
            &Training {
                format: Some(Format::LiveOnline),
                ..course(
                    "2026-03-12",
                    "HIPAA Basics",
                    3,
                    &[("confidentiality", 3)],
                    2
                )
            },
            &Training {
                format: Some(Format::InPerson),
                ..course(
                    "2026-04-01",
                    "Recovery Basics",
                    6,
                    &[("advocacy", 4), ("ethics", 2)],
                    3
                )
            },
        ]
    );
    assert_eq!(
        found
            .added
            .iter()
            .map(|a| a.from.to_string())
            .collect::<Vec<_>>(),
        ["t.csv:2", "t.csv:3", "t.csv:4"]
    );
}

/// Every name of every column is read as that column, in any case, with any spaces,
/// `_` or `-`.
#[test]
fn every_column_name_is_accepted() {
    for (column, names) in COLUMNS {
        for name in names {
            for written in [
                (*name).to_owned(),
                name.to_uppercase(),
                name.to_lowercase().replace(' ', "_"),
                format!(" {} ", name.replace(' ', "  ")),
            ] {
                let header: Vec<String> = COLUMNS
                    .iter()
                    .map(|(c, names)| {
                        if *c == column {
                            format!("\"{written}\"")
                        } else {
                            names[0].to_owned()
                        }
                    })
                    .collect();
                let text = format!(
                    "{}\n2026-03-10,Ethics Refresher,6,ethics,self-paced,Example Institute,EX-1\n",
                    header.join(",")
                );
                let found = run("t.csv", text.as_bytes());
                assert_eq!(said(&found), "", "{written}");
                assert_eq!(
                    courses(&found),
                    [&Training {
                        format: Some(Format::SelfPaced),
                        provider: Some("Example Institute".to_owned()),
                        certificate: Some("EX-1".to_owned()),
                        ..course("2026-03-10", "Ethics Refresher", 6, &[("ethics", 6)], 1)
                    }],
                    "{written}"
                );
            }
        }
    }
}

/// Columns come in any order; only the date, title and hours are needed.
#[test]
fn columns_in_any_order_and_only_three_needed() {
    let found = run(
        "t.csv",
        b"Contact Hours,Course Title,Date Completed\n1.5,Naloxone,2026-02-02\n",
    );
    assert_eq!(said(&found), "");
    assert_eq!(
        courses(&found),
        [&Training {
            hours: Hours::from_hundredths(150),
            ..course("2026-02-02", "Naloxone", 0, &[], 1)
        }]
    );
}

/// ISO dates and US dates (month first, a four-digit year, with or without leading
/// zeros) are read; any other form is refused at its cell.
#[test]
fn dates_iso_and_us() {
    for (written, day) in [
        ("2026-03-10", "2026-03-10"),
        ("3/10/2026", "2026-03-10"),
        ("03/10/2026", "2026-03-10"),
        ("12/1/2025", "2025-12-01"),
    ] {
        let text = format!("Date,Title,Hours\n{written},Ethics,6\n");
        let found = run("t.csv", text.as_bytes());
        assert_eq!(said(&found), "", "{written}");
        assert_eq!(courses(&found)[0].date, date(day), "{written}");
    }
    for written in [
        "13/10/2026",
        "3/10/26",
        "2026/03/10",
        "10.03.2026",
        "2/30/2026",
        "March 10, 2026",
        "3/10/2026 0:00",
    ] {
        let text = format!("Date,Title,Hours\n\"{written}\",Ethics,6\n");
        assert_eq!(
            only_problem(&run("t.csv", text.as_bytes())),
            format!(
                "error: expected a date such as 2026-11-23 or 11/23/2026, found `{written}`\n  --> t.csv:2, column `Date`"
            )
        );
    }
}

/// A date is checked as a record file's dates are: a typo of a year is refused.
#[test]
fn dates_are_checked_as_a_records_are() {
    assert_eq!(
        only_problem(&run("t.csv", b"Date,Title,Hours\n3/10/2205,Ethics,6\n")),
        "error: expected a date between 1900 and 2100, found 2205-03-10\n  --> t.csv:2, column `Date`"
    );
}

/// The three encodings of a transcript: UTF-8, UTF-8 with a byte-order mark, and
/// Windows-1252, which is said; UTF-16 with a byte-order mark is read too.
#[test]
fn encodings() {
    let expected = |place| Training {
        provider: Some("Café “Recovery” Institute".to_owned()),
        ..course("2026-03-10", "Éthique – Ethics", 6, &[], place)
    };
    let utf8 =
        "Date,Title,Hours,Provider\n2026-03-10,Éthique – Ethics,6,Café “Recovery” Institute\n";
    let found = run("utf8.csv", utf8.as_bytes());
    assert_eq!(said(&found), "");
    assert_eq!(courses(&found), [&expected(1)]);

    let bom = [b"\xEF\xBB\xBF".as_slice(), utf8.as_bytes()].concat();
    let found = run("bom.csv", &bom);
    assert_eq!(said(&found), "");
    assert_eq!(courses(&found), [&expected(1)]);

    let (windows, _, unmappable) = encoding_rs::WINDOWS_1252.encode(utf8);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&windows).is_err());
    let found = run("1252.csv", &windows);
    assert_eq!(
        said(&found),
        "note: `1252.csv` is not UTF-8, so it was read as Windows-1252, the encoding spreadsheets export on Windows"
    );
    assert_eq!(courses(&found), [&expected(1)]);

    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(utf8.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let found = run("utf16.csv", &utf16);
    assert_eq!(said(&found), "");
    assert_eq!(courses(&found), [&expected(1)]);
}

/// A file that is not text, or that says it is UTF-8 and is not, is refused whole.
#[test]
fn a_file_that_is_not_text_is_refused() {
    assert_eq!(
        only_problem(&run("book.xlsx", b"PK\x03\x04\x14\x00\x06\x00")),
        "error: `book.xlsx` is not a text file: expected a transcript exported as CSV, or a badge's JSON\n  --> book.xlsx\n  = help: in a spreadsheet, save the sheet as CSV"
    );
    assert_eq!(
        only_problem(&run(
            "bad.csv",
            b"\xEF\xBB\xBFDate,Title,Hours\n2026-01-01,\xE9,6\n"
        )),
        "error: `bad.csv` begins with the byte-order mark of UTF-8 but is not valid UTF-8 text\n  --> bad.csv\n  = help: in a spreadsheet, save the sheet as CSV"
    );
    assert_eq!(
        only_problem(&run("empty.csv", b"")),
        "error: `empty.csv` is empty: expected a header row naming the columns\n  --> empty.csv\n  = help: such as `Date,Title,Hours,Topic`"
    );
}

/// Each problem of the header is at its column, with the names that are close; the
/// file gives nothing.
#[test]
fn header_problems() {
    assert_eq!(
        only_problem(&run(
            "t.csv",
            b"Dat,Title,Hours,Instructor\n2026-01-01,Ethics,6,Lee\n"
        )),
        "error: unknown column `Dat`\n  --> t.csv:1, column `Dat`\n  = help: did you mean `Date` or `Date Completed`?\n\
         error: unknown column `Instructor`\n  --> t.csv:1, column `Instructor`\n  = help: expected the columns `Date`, `Title`, `Hours`, `Topic`, `Format`, `Provider`, `Certificate` (docs/import-format.md lists the other names each may have)"
    );
    assert_eq!(
        only_problem(&run("t.csv", b"Date,Title,Contact Hour\n")),
        "error: unknown column `Contact Hour`\n  --> t.csv:1, column `Contact Hour`\n  = help: did you mean `Contact Hours`?"
    );
    assert_eq!(
        only_problem(&run("t.csv", b"Date,Title,CEUs\n")),
        "error: the column `CEUs` may count continuing education units, not hours\n  --> t.csv:1, column `CEUs`\n  = help: one CEU is often 10 contact hours: give the hours in a column named `Hours`"
    );
    assert_eq!(
        only_problem(&run("t.csv", b"Date,Completed On,Title,Hours\n")),
        "error: a second column for the course's date: `Completed On`\n  --> t.csv:1, column `Completed On`\n  = help: keep one of them"
    );
    assert_eq!(
        only_problem(&run("t.csv", b"Date,Title\n2026-01-01,Ethics\n")),
        "error: missing the `Hours` column\n  --> t.csv:1\n  = help: a transcript has at least the columns `Date`, `Title` and `Hours`; `Hours` may also be named `Contact Hours`, `CE Hours` or `Clock Hours`"
    );
    assert_eq!(
        only_problem(&run("t.csv", b"Certificate,Date\n")),
        "error: missing the `Title` column\n  --> t.csv:1\n  = help: a transcript has at least the columns `Date`, `Title` and `Hours`; `Title` may also be named `Course`, `Course Title`, `Course Name`, `Training` or `Training Title`\n\
         error: missing the `Hours` column\n  --> t.csv:1\n  = help: a transcript has at least the columns `Date`, `Title` and `Hours`; `Hours` may also be named `Contact Hours`, `CE Hours` or `Clock Hours`"
    );
    assert_eq!(
        only_problem(&run("t.csv", b"Date,,Title,Hours\n")),
        "error: column 2 has no name: every column needs one\n  --> t.csv:1\n  = help: expected the columns `Date`, `Title`, `Hours`, `Topic`, `Format`, `Provider`, `Certificate` (docs/import-format.md lists the other names each may have)"
    );
}

/// A bad row is refused with every problem at its cell, checked as a record file's
/// entries are; the other rows are read on. Rows are named by the line they start on.
#[test]
fn a_bad_row_is_refused_at_its_cells_and_the_rest_read_on() {
    let found = run(
        "t.csv",
        b"Date,Title,Hours,Topic,Format\n\
          2026-01-05,Ethics,6,ethics,\n\
          2026-01-06,,0,ethcs,online\n\
          2026-01-07,\"Recovery\nBasics\",4,,\n\
          ,Advocacy,six,\"ethics=2,advocacy\",\n\
          2026-01-09,Split,4,\"ethics=3;advocacy=2\",\n\
          2026-01-10,Wide,2,,,extra\n\
          ,,,,\n\
          2026-01-11,Boundaries,2,boundaries,\n\
          2026-01-12,Two Topics,2,\"ethics, advocacy\",\n",
    );
    assert_eq!(
        found
            .added
            .iter()
            .map(|a| a.from.to_string())
            .collect::<Vec<_>>(),
        ["t.csv:2", "t.csv:4", "t.csv:10"]
    );
    assert_eq!(
        courses(&found)[1].title.as_deref(),
        Some("Recovery\nBasics")
    );
    assert_eq!(
        said(&found),
        "error: missing the course's title: every course needs it\n  --> t.csv:3, column `Title`\n\
         error: expected hours for one course greater than zero, found 0\n  --> t.csv:3, column `Hours`\n\
         error: unknown format `online`, expected one of `in-person`, `live-online`, `self-paced`\n  --> t.csv:3, column `Format`\n\
         error: unknown topic `ethcs`\n  --> t.csv:3, column `Topic`\n  = help: did you mean `ethics`?\n\
         error: missing the course's date: every course needs it\n  --> t.csv:6, column `Date`\n\
         error: expected a number of hours, found `six`\n  --> t.csv:6, column `Hours`\n\
         error: expected `TOPIC=HOURS` in a topic split, found `advocacy`\n  --> t.csv:6, column `Topic`\n\
         error: the topic split adds up to 5 hours, more than the course's 4 hours\n  --> t.csv:7, column `Topic`\n\
         error: this row has 6 cells, more than the 5 columns of the header\n  --> t.csv:8\n\
         error: expected one topic, or a split of the hours such as `ethics=2,advocacy=4`, found `ethics, advocacy`\n  --> t.csv:11, column `Topic`"
    );
    let rows: Vec<String> = found.refused.iter().map(|r| r.from.to_string()).collect();
    assert_eq!(
        rows,
        ["t.csv:3", "t.csv:6", "t.csv:7", "t.csv:8", "t.csv:11"]
    );
}

// Duplicates.

/// A course the record has, or that an earlier row or badge gave, is left out and
/// said so, with where the first one is; it is not a problem. A split is the same
/// whatever order its parts are written in, and whichever names (aliases) they use.
#[test]
fn duplicates_are_left_out_with_their_places() {
    let transcript = b"Date,Title,Hours,Topic\n\
        2025-06-01,Peer Ethics,6,ethics\n\
        2026-01-05,Advocacy,4,advocacy\n\
        01/05/2026,Advocacy,4,advocacy\n\
        9/20/2025,Motivational Interviewing,12,mentoring=8;advocacy=4\n";
    let again = b"Date,Title,Hours,Topic\n2026-01-05,Advocacy,4,advocacy\n";
    let found = run_with(
        &[("t.csv", transcript), ("again.csv", again)],
        &BadgeCourses::default(),
    );
    assert!(found.refused.is_empty());
    assert_eq!(
        found
            .added
            .iter()
            .map(|a| a.from.to_string())
            .collect::<Vec<_>>(),
        ["t.csv:3"]
    );
    assert_eq!(
        said(&found),
        "note: skipped: duplicate training entry: the record has the same one at line 5\n  --> t.csv:2\n\
         note: skipped: duplicate training entry: the same as t.csv:3\n  --> t.csv:4\n\
         note: skipped: duplicate training entry: the record has the same one at line 11\n  --> t.csv:5\n\
         note: skipped: duplicate training entry: the same as t.csv:3\n  --> again.csv:2"
    );
}

// Badges.

/// A badge as an issuer publishes it: the course's title from the achievement's
/// name, its date from `validFrom`, its provider from the issuer, its certificate
/// from the credential's id.
const BADGE: &str = r#"{
  "@context": [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
  ],
  "id": "urn:uuid:5b6d2c1e-0c1a-4a52-9a53-0c0f7a1c9e11",
  "type": ["VerifiableCredential", "OpenBadgeCredential"],
  "issuer": {
    "id": "https://training.example.org/issuers/1",
    "type": ["Profile"],
    "name": "Example Training Institute"
  },
  "validFrom": "2026-03-10T15:30:00-05:00",
  "name": "Ethics for Peer Specialists",
  "credentialSubject": {
    "type": ["AchievementSubject"],
    "achievement": {
      "id": "https://training.example.org/achievements/ethics-101",
      "type": ["Achievement"],
      "name": "Ethics for Peer Specialists",
      "description": "Six hours on ethics and boundaries.",
      "criteria": { "narrative": "Attend all sessions." }
    }
  }
}"#;

fn given(hours: &str, topic: Option<&str>) -> BadgeCourses {
    BadgeCourses::default()
        .for_every_badge(
            &Source::new("--hours", hours),
            topic.map(|t| Source::new("--topic", t)).as_ref(),
            &*LIBRARY,
        )
        .unwrap()
}

fn badge(badge: &str, badges: &BadgeCourses) -> Import {
    run_with(&[("badge.json", badge.as_bytes())], badges)
}

fn ethics_badge(hours: i64, topics: &[(&str, i64)]) -> Training {
    Training {
        provider: Some("Example Training Institute".to_owned()),
        certificate: Some("urn:uuid:5b6d2c1e-0c1a-4a52-9a53-0c0f7a1c9e11".to_owned()),
        ..course(
            "2026-03-10",
            "Ethics for Peer Specialists",
            hours,
            topics,
            1,
        )
    }
}

#[test]
fn a_badge_with_hours_given_is_a_course() {
    let found = badge(BADGE, &given("6", Some("ethics")));
    assert_eq!(said(&found), "");
    assert_eq!(courses(&found), [&ethics_badge(6, &[("ethics", 6)])]);
    assert_eq!(found.added[0].from.to_string(), "badge.json");
    let found = badge(BADGE, &given("6h", Some("ethics=2,advocacy=3")));
    assert_eq!(
        courses(&found),
        [&ethics_badge(6, &[("advocacy", 3), ("ethics", 2)])]
    );
    let found = badge(BADGE, &given("6", None));
    assert_eq!(courses(&found), [&ethics_badge(6, &[])]);
}

/// A badge carries no hours: with none given and no mapping, it is refused, never
/// guessed, and the problem says so in a way a caller can advise on.
#[test]
fn a_badge_without_hours_is_refused() {
    let found = badge(BADGE, &BadgeCourses::default());
    assert_eq!(
        only_problem(&found),
        "error: no hours for the achievement `Ethics for Peer Specialists`: a badge carries none, and none were given for it\n  --> badge.json, field `credentialSubject.achievement`\n  = help: docs/import-format.md says how to give a badge's hours"
    );
    assert_eq!(found.refused[0].problems[0].code, Some(Code::BadgeHours));
    assert_eq!(found.refused[0].from.to_string(), "badge.json");
}

/// The variants issuers publish: `awardedDate` (the first award) before `validFrom`;
/// `issuanceDate` in older credentials; an issuer given by its id only, or as an
/// object without a name; `type` as one text; `AchievementCredential`; a date with no
/// time; a byte-order mark; a file whose name does not end in `.json`.
#[test]
fn badge_variants() {
    let every = given("6", Some("ethics"));
    let variant = |from: &str, to: &str| {
        assert!(BADGE.contains(from), "{from}");
        BADGE.replace(from, to)
    };
    let awarded = variant(
        "\"validFrom\"",
        "\"awardedDate\": \"2026-03-09T23:00:00Z\", \"validFrom\"",
    );
    assert_eq!(
        courses(&badge(&awarded, &every))[0].date,
        date("2026-03-09")
    );
    let older = variant(
        "\"validFrom\": \"2026-03-10T15:30:00-05:00\"",
        "\"issuanceDate\": \"2026-03-08T10:00:00Z\"",
    );
    assert_eq!(courses(&badge(&older, &every))[0].date, date("2026-03-08"));
    let day_only = variant("2026-03-10T15:30:00-05:00", "2026-03-11");
    assert_eq!(
        courses(&badge(&day_only, &every))[0].date,
        date("2026-03-11")
    );
    let issuer = variant(
        "{\n    \"id\": \"https://training.example.org/issuers/1\",\n    \"type\": [\"Profile\"],\n    \"name\": \"Example Training Institute\"\n  }",
        "\"https://training.example.org/issuers/1\"",
    );
    let found = badge(&issuer, &every);
    assert_eq!(said(&found), "");
    assert_eq!(
        courses(&found)[0].provider.as_deref(),
        Some("https://training.example.org/issuers/1")
    );
    let unnamed = variant(",\n    \"name\": \"Example Training Institute\"", "");
    assert_eq!(
        courses(&badge(&unnamed, &every))[0].provider.as_deref(),
        Some("https://training.example.org/issuers/1")
    );
    for types in [
        "\"OpenBadgeCredential\"",
        "[\"VerifiableCredential\", \"AchievementCredential\"]",
    ] {
        let typed = variant("[\"VerifiableCredential\", \"OpenBadgeCredential\"]", types);
        assert_eq!(
            courses(&badge(&typed, &every)),
            [&ethics_badge(6, &[("ethics", 6)])]
        );
    }
    let bom = format!("\u{feff}{BADGE}");
    let found = run_with(&[("badge.txt", bom.as_bytes())], &every);
    assert_eq!(said(&found), "");
    assert_eq!(courses(&found), [&ethics_badge(6, &[("ethics", 6)])]);
}

/// Each problem of a badge at its field (or its line and column when it is not JSON);
/// every problem of one badge together.
#[test]
fn badge_problems() {
    let every = given("6", Some("ethics"));
    let variant = |from: &str, to: &str| {
        assert!(BADGE.contains(from), "{from}");
        BADGE.replace(from, to)
    };
    let cases = [
        (
            "{\n  \"id\": \"x\",\n  \"type\": [\"OpenBadgeCredential\"\n}".to_owned(),
            "error: expected a badge written in JSON, found an error: expected `,` or `]`\n  --> badge.json:4:1",
        ),
        (
            "[]".to_owned(),
            "error: expected a badge: one JSON object, found a list\n  --> badge.json",
        ),
        (
            variant("\"OpenBadgeCredential\"]", "\"Assertion\"]"),
            "error: expected an Open Badges 3.0 credential, found an Open Badges 2.0 assertion (`type` `VerifiableCredential`, `Assertion`)\n  --> badge.json, field `type`\n  = help: ask the issuer, or the wallet that keeps the badge, for it as an Open Badges 3.0 credential",
        ),
        (
            variant("\"OpenBadgeCredential\"]", "\"EndorsementCredential\"]"),
            "error: expected an Open Badges 3.0 credential, whose `type` names `OpenBadgeCredential`, found `VerifiableCredential`, `EndorsementCredential`\n  --> badge.json, field `type`",
        ),
        (
            variant("\"validFrom\": \"2026-03-10T15:30:00-05:00\",", ""),
            "error: missing the badge's date: expected `awardedDate`, `validFrom` or `issuanceDate`\n  --> badge.json",
        ),
        (
            variant("2026-03-10T15:30:00-05:00", "March 10, 2026"),
            "error: expected a date and time such as `2026-03-10T15:00:00Z`, found `March 10, 2026`\n  --> badge.json, field `validFrom`",
        ),
        (
            variant("2026-03-10T15:30:00-05:00", "2205-03-10T15:30:00Z"),
            "error: expected a date between 1900 and 2100, found 2205-03-10\n  --> badge.json, field `validFrom`",
        ),
        (
            variant(
                "\"name\": \"Ethics for Peer Specialists\",\n      \"description\"",
                "\"description\"",
            ),
            "error: missing the achievement's `name`, the course's title\n  --> badge.json, field `credentialSubject.achievement`",
        ),
        (
            variant(
                "\"name\": \"Ethics for Peer Specialists\",\n      \"description\"",
                "\"name\": 7,\n      \"description\"",
            ),
            "error: expected `credentialSubject.achievement.name` to be a text, found the number 7\n  --> badge.json, field `credentialSubject.achievement.name`",
        ),
        (
            variant(
                "\"name\": \"Ethics for Peer Specialists\",\n      \"description\"",
                "\"name\": \" \",\n      \"description\"",
            ),
            "error: expected a course title, found an empty string\n  --> badge.json, field `credentialSubject.achievement.name`",
        ),
        (
            variant("\"issuer\": {", "\"issuer\": 3, \"x\": {"),
            "error: expected `issuer` to be a text, found the number 3\n  --> badge.json, field `issuer`",
        ),
        (
            "{\"type\": \"OpenBadgeCredential\", \"credentialSubject\": []}".to_owned(),
            "error: missing the badge's date: expected `awardedDate`, `validFrom` or `issuanceDate`\n  --> badge.json\n\
             error: expected one credential subject, an object, found a list\n  --> badge.json, field `credentialSubject`",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(only_problem(&badge(&text, &every)), expected, "{text}");
    }
}

// Mappings.

const MAPPING: &str = r#"# Hours and topics of the badges this worker has
[[achievement]]
id = "https://training.example.org/achievements/ethics-101"
hours = 6
topic = "ethics"
format = "live-online"

[[achievement]]
name = "Ethics for Peer Specialists"
hours = 5
topics = { ethics = 3, advocacy = 2 }

[[achievement]]
name = "Naloxone Training"
hours = 1.5
topic = "harm-reduction"
"#;

fn mapping(text: &str) -> Result<BadgeCourses, String> {
    BadgeCourses::default()
        .with_mapping(&Source::new("map.toml", text), &*LIBRARY)
        .map_err(|e| e.to_string())
}

/// A badge takes the mapping's course for its achievement's id, else for its name,
/// else the one given for every badge.
#[test]
fn a_mapping_gives_a_badge_its_course() {
    let found = badge(BADGE, &mapping(MAPPING).unwrap());
    assert_eq!(
        courses(&found),
        [&Training {
            format: Some(Format::LiveOnline),
            ..ethics_badge(6, &[("ethics", 6)])
        }]
    );
    let by_name = BADGE.replace("ethics-101", "ethics-102");
    assert_eq!(
        courses(&badge(&by_name, &mapping(MAPPING).unwrap())),
        [&ethics_badge(5, &[("advocacy", 2), ("ethics", 3)])]
    );
    let other = by_name.replace("Ethics for Peer Specialists", "Peer Advocacy");
    let both = mapping(MAPPING)
        .unwrap()
        .for_every_badge(&Source::new("--hours", "2"), None, &*LIBRARY)
        .unwrap();
    let found = badge(&other, &both);
    assert_eq!(courses(&found)[0].hours, Hours::from_whole(2));
    assert_eq!(
        only_problem(&badge(&other, &mapping(MAPPING).unwrap())),
        "error: no hours for the achievement `Peer Advocacy`: a badge carries none, and none were given for it\n  --> badge.json, field `credentialSubject.achievement`\n  = help: docs/import-format.md says how to give a badge's hours"
    );
}

/// A mapping file is checked as a record's courses are, every problem at its line and
/// column.
#[test]
fn mapping_problems() {
    let text = "[[achievement]]\nid = \"a\"\nname = \"A\"\nhours = 2\n\n\
                [[achievement]]\nhours = 2\n\n\
                [[achievement]]\nname = \"B\"\nhours = 0\ntopic = \"ethcs\"\n\n\
                [[achievement]]\nname = \"B\"\nhours = 2\ntopics = { ethics = 3 }\n";
    assert_eq!(
        mapping(text).unwrap_err(),
        "error: an achievement is named by its `id` or by its `name`, not both\n --> map.toml:3:8\n  |\n3 | name = \"A\"\n  |        ^^^\n\n\
         error: missing the achievement's `id` or `name`: expected one of them, as the badge writes it\n --> map.toml:6:1\n  |\n6 | [[achievement]]\n  | ^^^^^^^^^^^^^^^\n\n\
         error: expected hours for one course greater than zero, found 0\n  --> map.toml:11:9\n   |\n11 | hours = 0\n   |         ^\n\n\
         error: unknown topic `ethcs`\n  --> map.toml:12:9\n   |\n12 | topic = \"ethcs\"\n   |         ^^^^^^^\n   = help: did you mean `ethics`?\n\n\
         error: this achievement is mapped twice: first at line 10\n  --> map.toml:15:8\n   |\n15 | name = \"B\"\n   |        ^^^\n\n\
         error: the topic split adds up to 3 hours, more than the course's 2 hours\n  --> map.toml:17:10\n   |\n17 | topics = { ethics = 3 }\n   |          ^^^^^^^^^^^^^^"
    );
    assert_eq!(
        mapping("[[achievement]]\nname = \"A\"\nhour = 2\n").unwrap_err(),
        "error: unknown key `hour`\n --> map.toml:3:1\n  |\n3 | hour = 2\n  | ^^^^\n  = help: did you mean `hours`?"
    );
}

/// The hours and topic given for every badge are checked once, each pointing into
/// the text given.
#[test]
fn hours_given_for_every_badge_are_checked() {
    let every = |hours: &str, topic: Option<&str>| {
        BadgeCourses::default()
            .for_every_badge(
                &Source::new("--hours", hours),
                topic.map(|t| Source::new("--topic", t)).as_ref(),
                &*LIBRARY,
            )
            .map_err(|e| e.to_string())
    };
    assert_eq!(
        every("six", None).unwrap_err(),
        "error: expected a number of hours, found `six`\n --> --hours:1:1\n  |\n1 | six\n  | ^^^"
    );
    assert_eq!(
        every("0", None).unwrap_err(),
        "error: expected hours for one course greater than zero, found 0\n --> --hours:1:1\n  |\n1 | 0\n  | ^"
    );
    assert_eq!(
        every("6", Some("ethics=2,advocacy=x")).unwrap_err(),
        "error: expected a number of hours, found `x`\n --> --topic:1:19\n  |\n1 | ethics=2,advocacy=x\n  |                   ^"
    );
    assert_eq!(
        every("6", Some("ethics=2, advocay=1")).unwrap_err(),
        "error: unknown topic `advocay`\n --> --topic:1:11\n  |\n1 | ethics=2, advocay=1\n  |           ^^^^^^^\n  = help: did you mean `advocacy`?"
    );
    assert_eq!(
        every("2", Some("ethics=2,advocacy=1")).unwrap_err(),
        "error: the topic split adds up to 3 hours, more than the course's 2 hours\n --> --topic:1:1\n  |\n1 | ethics=2,advocacy=1\n  | ^^^^^^^^^^^^^^^^^^^"
    );
}

/// A badge and a transcript together: a file is a badge by its name or by its text.
#[test]
fn badges_and_transcripts_together() {
    let found = run_with(
        &[
            (
                "t.csv",
                b"Date,Title,Hours\n2026-01-05,Advocacy,4\n".as_slice(),
            ),
            ("badge", BADGE.as_bytes()),
        ],
        &given("6", Some("ethics")),
    );
    assert_eq!(said(&found), "");
    assert_eq!(
        found
            .added
            .iter()
            .map(|a| a.from.to_string())
            .collect::<Vec<_>>(),
        ["t.csv:2", "badge"]
    );
    assert_eq!(
        found
            .added
            .iter()
            .map(|a| a.entry.place())
            .collect::<Vec<_>>(),
        [Place::Added(1), Place::Added(2)]
    );
}

/// A file larger than any course list is refused unread.
#[test]
fn a_huge_file_is_refused() {
    let huge = vec![b'a'; 4 * 1024 * 1024 + 1];
    assert_eq!(
        only_problem(&run("huge.csv", &huge)),
        "error: `huge.csv` is larger than 4 MiB, too large for a course list\n  --> huge.csv"
    );
}
