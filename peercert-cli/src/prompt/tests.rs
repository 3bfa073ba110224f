use std::sync::LazyLock;

use peercert_core::record::Entry;

use super::*;

static LIBRARY: LazyLock<Library> = LazyLock::new(|| Library::embedded().unwrap());

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The answers to `kind`'s questions, in order, each checked as it is given.
fn answer(kind: Kind, answers: &[&str]) -> Answers {
    assert_eq!(kind.questions().len(), answers.len(), "{kind:?}");
    let mut given = Answers::new(kind);
    for (&question, &answer) in kind.questions().iter().zip(answers) {
        if let Err(message) = judge(&given, question, answer, &LIBRARY, today()) {
            panic!("{kind:?} {question:?} `{answer}` refused: {message}");
        }
        given = given.with(question, answer);
    }
    given
}

#[test]
fn a_title_with_quotes_and_backslashes_is_quoted_so_it_survives() {
    assert_eq!(quote("Ethics"), "\"Ethics\"");
    assert_eq!(
        quote(r#"The "Peer" Path \ Part 2"#),
        r#""The \"Peer\" Path \\ Part 2""#
    );
    assert_eq!(quote(""), "\"\"");
    let answers = answer(
        Kind::Training,
        &[
            "2026-11-23",
            r#"Say "no" \ mean it"#,
            "2",
            "none",
            "not recorded",
            "",
            "",
        ],
    );
    let line = answers.line(today());
    assert_eq!(line, r#"training: 2 2026-11-23 "Say \"no\" \\ mean it""#);
    let Entry::Training(course) =
        entry::parse(&Source::new("t", line), &*LIBRARY, Place::Added(1)).unwrap()
    else {
        panic!("not a course");
    };
    assert_eq!(course.title.as_deref(), Some(r#"Say "no" \ mean it"#));
}

#[test]
fn every_kind_makes_its_line_from_the_answers() {
    let cases: [(Kind, &[&str], &str); 10] = [
        (
            Kind::Training,
            &[
                "2026-03-10",
                "Ethics Refresher",
                "6h",
                "ethics",
                "live-online",
                "PCB Online",
                "PCB-1042",
            ],
            r#"training: 6h ethics live-online 2026-03-10 "Ethics Refresher" provider="PCB Online" certificate="PCB-1042""#,
        ),
        (
            Kind::Training,
            &[
                "2026-11-23",
                "Basics",
                "6",
                "ethics=2,advocacy=4",
                "in-person",
                "",
                "",
            ],
            r#"training: 6 ethics=2,advocacy=4 in-person 2026-11-23 "Basics""#,
        ),
        (
            Kind::Training,
            &[
                "2026-11-23",
                "Basics",
                "1.5",
                "None",
                "not recorded",
                "",
                "",
            ],
            r#"training: 1.5 2026-11-23 "Basics""#,
        ),
        (
            Kind::Exam,
            &["icrc-pr", "540", "2026-01-10"],
            "exam: icrc-pr 540 2026-01-10",
        ),
        (
            Kind::Exam,
            &["pcb-crs", "passed", "2026-11-23"],
            "exam: pcb-crs passed 2026-11-23",
        ),
        (
            Kind::Experience,
            &["2026-09-01", "2026-11-30", "120", "yes"],
            "experience: 120 2026-09-01..2026-11-30 supervised",
        ),
        (
            Kind::Supervision,
            &["2", "advocacy", "2026-11-15"],
            "supervision: 2 advocacy 2026-11-15",
        ),
        (
            Kind::Payment,
            &["renewal", "100.00", "2026-11-20", "pa/crs"],
            r#"payment: renewal 100.00 2026-11-20 credential="pa/crs""#,
        ),
        (
            Kind::Attestation,
            &["code-of-ethics", "2026-11-23"],
            "attestation: code-of-ethics 2026-11-23",
        ),
        (
            Kind::Credential,
            &["pa/crs", "2027-02-01", "2029-02-01", "no", "CRS-0042117"],
            r#"credential: pa/crs 2027-02-01..2029-02-01 number="CRS-0042117""#,
        ),
    ];
    for (kind, answers, line) in cases {
        assert_eq!(answer(kind, answers).line(today()), line);
    }
}

#[test]
fn words_not_answered_yet_have_stand_ins_no_check_refuses() {
    let training = Answers::new(Kind::Training).with(Question::Date, "2026-03-10");
    assert_eq!(training.line(today()), "training: 1h 2026-03-10");
    assert_eq!(
        Answers::new(Kind::Exam)
            .with(Question::Exam, "icrc-pr")
            .line(today()),
        "exam: icrc-pr passed 2026-11-23"
    );
    let experience = Answers::new(Kind::Experience).with(Question::From, "2026-09-01");
    assert_eq!(
        experience.line(today()),
        "experience: 1h 2026-09-01..2026-09-01"
    );
    assert_eq!(
        Answers::new(Kind::Payment)
            .with(Question::Fee, "late")
            .line(today()),
        "payment: late 1.00 2026-11-23"
    );
    let credential = Answers::new(Kind::Credential)
        .with(Question::Credential, "pa/crs")
        .with(Question::Issued, "2027-02-01");
    assert_eq!(
        credential.line(today()),
        "credential: pa/crs 2027-02-01..2027-02-02"
    );
}

#[test]
fn a_refused_answer_gets_the_message_the_same_entry_gets_on_the_command_line() {
    let given = Answers::new(Kind::Training)
        .with(Question::Date, "2026-11-23")
        .with(Question::Title, "Basics")
        .with(Question::Hours, "3");
    let judged = |question, answer| judge(&given, question, answer, &LIBRARY, today());
    assert_eq!(
        judged(Question::Topic, "ethcs"),
        Err("unknown topic `ethcs`\n  = help: did you mean `ethics`?".to_owned())
    );
    assert_eq!(
        judged(Question::Topic, "ethics=2,advocacy=4"),
        Err("the topic split adds up to 6 hours, more than the course's 3 hours".to_owned())
    );
    assert_eq!(
        judged(Question::Date, "12/01/2026"),
        Err("expected a date such as 2026-12-01, found `12/01/2026`".to_owned())
    );
    assert_eq!(
        judged(Question::Title, "  "),
        Err("expected a course title, found an empty string".to_owned())
    );
    assert_eq!(judged(Question::Topic, "hiv"), Ok(()));
}

#[test]
fn an_answer_the_entry_language_cannot_write_is_refused_in_the_words_of_its_question() {
    let given = Answers::new(Kind::Training).with(Question::Date, "2026-11-23");
    let judged = |question, answer| judge(&given, question, answer, &LIBRARY, today());
    assert_eq!(
        judged(Question::Hours, ""),
        Err("expected the hours, found nothing".to_owned())
    );
    assert_eq!(
        judged(Question::Hours, "6 hours"),
        Err("expected one word, found `6 hours`".to_owned())
    );
    assert_eq!(
        judged(Question::Topic, "live-online"),
        Err(
            "expected a topic, found the format `live-online`\n  = help: the format is asked next"
                .to_owned()
        )
    );
    assert_eq!(
        judged(Question::Topic, "ethics=\"2\""),
        Err(
            "expected a topic split such as `ethics=2,advocacy=4`, found `ethics=\"2\"`".to_owned()
        )
    );
}

#[test]
fn a_wrong_exam_or_period_is_refused_at_its_question() {
    let exam = Answers::new(Kind::Exam);
    assert_eq!(
        judge(&exam, Question::Exam, "icrc-pe", &LIBRARY, today()),
        Err("unknown exam id `icrc-pe`\n  = help: did you mean `icrc-pr`?".to_owned())
    );
    let work = Answers::new(Kind::Experience)
        .with(Question::From, "2026-09-01")
        .with(Question::To, "2026-09-02");
    assert_eq!(
        judge(&work, Question::Hours, "100", &LIBRARY, today()),
        Err("expected at most 48 hours in 2 days, found 100, which is not plausible".to_owned())
    );
    let credential = Answers::new(Kind::Credential)
        .with(Question::Credential, "pa/crs")
        .with(Question::Issued, "2027-02-01");
    assert_eq!(
        judge(
            &credential,
            Question::Expires,
            "2026-02-01",
            &LIBRARY,
            today()
        ),
        Err("expected `expires` after `issued` (2027-02-01), found 2026-02-01".to_owned())
    );
}

#[test]
fn names_are_offered_as_they_are_typed() {
    let topics = Offer::new(
        ["ethics", "advocacy", "mentoring-education", "none"]
            .map(str::to_owned)
            .to_vec(),
        true,
    );
    assert_eq!(
        topics.suggestions(""),
        ["ethics", "advocacy", "mentoring-education", "none"]
    );
    assert_eq!(
        topics.suggestions("e"),
        ["ethics", "mentoring-education", "none"]
    );
    assert_eq!(
        topics.suggestions("ethics=2,a"),
        ["ethics=2,advocacy", "ethics=2,mentoring-education"]
    );
    assert_eq!(
        topics.suggestions("ethics=2 "),
        [
            "ethics=2 ethics",
            "ethics=2 advocacy",
            "ethics=2 mentoring-education"
        ]
    );
    assert!(topics.suggestions("ethics=2").is_empty());
    assert_eq!(topics.completion("ethcs", None), Some("ethics".to_owned()));
    assert_eq!(topics.completion("adv", None), Some("advocacy".to_owned()));
    assert_eq!(
        topics.completion("ethics=2,advocay", None),
        Some("ethics=2,advocacy".to_owned())
    );
    assert_eq!(
        topics.completion("e", Some("mentoring-education".to_owned())),
        Some("mentoring-education".to_owned())
    );
    assert_eq!(topics.completion("zzzzzz", None), None);
    let credentials = Offer::new(["pa/crs", "pa/cps"].map(str::to_owned).to_vec(), false);
    assert_eq!(credentials.suggestions("pa/c"), ["pa/crs", "pa/cps"]);
    assert_eq!(credentials.suggestions("a/crs x"), Vec::<String>::new());
}

#[test]
fn the_record_s_own_credentials_are_offered_first() {
    let record = Record::parse(
        &Source::new(
            "r.toml",
            "[worker]\nid = \"W-1\"\nname = \"A\"\npursuing = [\"tx/rsps\"]\n",
        ),
        &*LIBRARY,
    )
    .unwrap();
    let offer = offer(Question::PaidFor, &record, &LIBRARY).unwrap();
    assert_eq!(
        offer.suggestions("").first().map(String::as_str),
        Some("tx/rsps")
    );
    assert_eq!(
        offer.suggestions("").len(),
        LIBRARY.ids().count(),
        "every credential once"
    );
    assert!(self::offer(Question::Hours, &record, &LIBRARY).is_none());
}
