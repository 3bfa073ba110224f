//! Open Badges 3.0 credentials: one `OpenBadgeCredential` (or `AchievementCredential`)
//! per file, JSON (JSON-LD) as issuers publish it.
//!
//! The course is read from the credential's fields: its title from the
//! achievement's name, its date from `awardedDate` (the day the badge was first
//! awarded), else `validFrom`, else `issuanceDate` (the older credentials' name for
//! it), its provider from the issuer, its certificate from the credential's `id`.
//! Open Badges have no contact-hours field (`creditsAvailable` and a result's
//! `creditsEarned` are credits, not hours), so the hours, topic and format come from
//! [`BadgeCourses`]: a mapping of achievements, or what was given for every badge; a
//! badge neither gives hours is refused, never guessed.
//!
//! Field names follow the Open Badges 3.0 specification,
//! <https://www.imsglobal.org/spec/ob/v3p0/> (`AchievementCredential`,
//! `AchievementSubject`, `Achievement`, `Profile`).

use serde_json::{Map, Value};

use super::{BadgeCourses, Code, File, Problem, Spot, check_training, course_draft};
use crate::check::At;
use crate::quantity::parse_iso_date;
use crate::record::draft::{CourseDraft, TopicsDraft, TrainingDraft};
use crate::record::{Entry, Place, Vocabulary};

/// The credential types that make a badge an Open Badges 3.0 one.
const TYPES: [&str; 2] = ["OpenBadgeCredential", "AchievementCredential"];

/// The fields that date a badge, the first present first.
const DATES: [&str; 3] = ["awardedDate", "validFrom", "issuanceDate"];

const ACHIEVEMENT: &str = "credentialSubject.achievement";
const NAME: &str = "credentialSubject.achievement.name";

/// Reads one badge into the course it stands for, at `place`, or every problem found in
/// it.
pub(super) fn read(
    file: &File<'_>,
    badges: &BadgeCourses,
    library: &dyn Vocabulary,
    place: Place,
) -> Result<Entry, Vec<Problem>> {
    let mut badge = Reader {
        file: file.name,
        problems: Vec::new(),
    };
    let value = badge
        .json(file.bytes)
        .ok_or_else(|| badge.problems.clone())?;
    let Value::Object(fields) = &value else {
        badge.error(
            Spot::File,
            format!(
                "expected a badge: one JSON object, found {}",
                describe(&value)
            ),
        );
        return Err(badge.problems);
    };
    if let Err((message, help)) = kind(fields) {
        badge.problems.push(Problem {
            help,
            ..badge.problem(Spot::Field("type".to_owned()), message)
        });
        return Err(badge.problems);
    }
    let certificate = badge.text("id", fields.get("id"));
    let provider = match fields.get("issuer") {
        Some(Value::Object(issuer)) => badge
            .text("issuer.name", issuer.get("name"))
            .or_else(|| badge.text("issuer.id", issuer.get("id"))),
        other => badge.text("issuer", other),
    };
    let date = badge.date(fields);
    let mut title = None;
    let mut course = CourseDraft {
        hours: None,
        topics: TopicsDraft::Untagged,
        format: None,
    };
    if let Some(achievement) = badge.achievement(fields) {
        let id = badge.text("credentialSubject.achievement.id", achievement.get("id"));
        match achievement.get("name") {
            Some(name) => title = badge.text(NAME, Some(name)),
            None => badge.error(
                Spot::Field(ACHIEVEMENT.to_owned()),
                "missing the achievement's `name`, the course's title",
            ),
        }
        let at = Spot::Field(ACHIEVEMENT.to_owned());
        match badges.course(id.as_deref(), title.as_deref()) {
            Some(given) => course = course_draft(given, &at),
            None => {
                let named = title
                    .as_deref()
                    .or(id.as_deref())
                    .map_or_else(String::new, |n| format!(" `{n}`"));
                badge.problems.push(Problem {
                    help: Some("docs/import-format.md says how to give a badge's hours".to_owned()),
                    code: Some(Code::BadgeHours),
                    ..badge.problem(
                        at,
                        format!(
                            "no hours for the achievement{named}: a badge carries none, and none were given for it"
                        ),
                    )
                });
            }
        }
    }
    let draft = TrainingDraft {
        date,
        title: title.map(|t| At::new(t, Spot::Field(NAME.to_owned()))),
        provider,
        course,
        certificate,
        repeat: None,
    };
    let mut problems = badge.problems;
    match check_training(draft, library, place, file.name) {
        Ok(entry) if problems.is_empty() => Ok(entry),
        Ok(_) => Err(problems),
        Err(more) => {
            problems.extend(more);
            Err(problems)
        }
    }
}

/// Reads a badge's fields, keeping every problem.
struct Reader<'a> {
    file: &'a str,
    problems: Vec<Problem>,
}

impl Reader<'_> {
    fn problem(&self, spot: Spot, message: impl Into<String>) -> Problem {
        Problem {
            file: self.file.to_owned(),
            spot,
            message: message.into(),
            help: None,
            code: None,
        }
    }

    fn error(&mut self, spot: Spot, message: impl Into<String>) {
        let problem = self.problem(spot, message);
        self.problems.push(problem);
    }

    /// The badge's JSON, from UTF-8 bytes (with or without a byte-order mark).
    fn json(&mut self, bytes: &[u8]) -> Option<Value> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let Ok(text) = std::str::from_utf8(bytes) else {
            self.error(
                Spot::File,
                format!("`{}` is not UTF-8 text: expected a badge's JSON", self.file),
            );
            return None;
        };
        match serde_json::from_str(text) {
            Ok(value) => Some(value),
            Err(e) => {
                let message = e.to_string();
                let message = message
                    .rsplit_once(" at line ")
                    .map_or(message.as_str(), |(m, _)| m);
                self.error(
                    Spot::Text {
                        line: e.line(),
                        column: e.column(),
                    },
                    format!("expected a badge written in JSON, found an error: {message}"),
                );
                None
            }
        }
    }

    /// A text field, or `None` when it is not there (or is not a text: a problem).
    fn text(&mut self, path: &str, value: Option<&Value>) -> Option<String> {
        match value? {
            Value::String(text) => {
                Some(text.trim().to_owned()).filter(|t| !t.is_empty() || path == NAME)
            }
            other => {
                self.error(
                    Spot::Field(path.to_owned()),
                    format!("expected `{path}` to be a text, found {}", describe(other)),
                );
                None
            }
        }
    }

    /// The day the badge was awarded, from the first date field it has.
    fn date(&mut self, fields: &Map<String, Value>) -> Option<At<chrono::NaiveDate, Spot>> {
        let Some((field, value)) = DATES
            .iter()
            .find_map(|field| fields.get(*field).map(|v| (*field, v)))
        else {
            self.error(
                Spot::File,
                "missing the badge's date: expected `awardedDate`, `validFrom` or `issuanceDate`",
            );
            return None;
        };
        let text = self.text(field, Some(value))?;
        let at = Spot::Field(field.to_owned());
        match read_date(&text) {
            Some(date) => Some(At::new(date, at)),
            None => {
                self.error(
                    at,
                    format!(
                        "expected a date and time such as `2026-03-10T15:00:00Z`, found `{text}`"
                    ),
                );
                None
            }
        }
    }

    /// The achievement the badge's subject achieved.
    fn achievement<'v>(
        &mut self,
        fields: &'v Map<String, Value>,
    ) -> Option<&'v Map<String, Value>> {
        let subject = match fields.get("credentialSubject") {
            Some(Value::Object(subject)) => subject,
            Some(other) => {
                self.error(
                    Spot::Field("credentialSubject".to_owned()),
                    format!(
                        "expected one credential subject, an object, found {}",
                        describe(other)
                    ),
                );
                return None;
            }
            None => {
                self.error(
                    Spot::File,
                    "missing `credentialSubject`: a badge says who achieved what",
                );
                return None;
            }
        };
        match subject.get("achievement") {
            Some(Value::Object(achievement)) => Some(achievement),
            Some(other) => {
                self.error(
                    Spot::Field(ACHIEVEMENT.to_owned()),
                    format!(
                        "expected the achievement as an object with its `name`, found {}",
                        describe(other)
                    ),
                );
                None
            }
            None => {
                self.error(
                    Spot::Field("credentialSubject".to_owned()),
                    "missing `achievement`: a badge's subject names what was achieved",
                );
                None
            }
        }
    }
}

/// The badge is an Open Badges 3.0 credential, or why not (and advice).
fn kind(badge: &Map<String, Value>) -> Result<(), (String, Option<String>)> {
    let types: Vec<&str> = match badge.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        Some(other) => {
            return Err((
                format!(
                    "expected the credential's `type` as a text or a list of texts, found {}",
                    describe(other)
                ),
                None,
            ));
        }
        None => {
            return Err((
                "missing `type`: expected an Open Badges 3.0 credential, whose `type` names `OpenBadgeCredential`".to_owned(),
                None,
            ));
        }
    };
    if types.iter().any(|t| TYPES.contains(t)) {
        return Ok(());
    }
    let found = types
        .iter()
        .map(|t| format!("`{t}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if types.contains(&"Assertion") {
        return Err((
            format!(
                "expected an Open Badges 3.0 credential, found an Open Badges 2.0 assertion (`type` {found})"
            ),
            Some("ask the issuer, or the wallet that keeps the badge, for it as an Open Badges 3.0 credential".to_owned()),
        ));
    }
    Err((
        format!(
            "expected an Open Badges 3.0 credential, whose `type` names `OpenBadgeCredential`, found {}",
            if found.is_empty() {
                "none".to_owned()
            } else {
                found
            }
        ),
        None,
    ))
}

/// The day of a date or date-time as the issuer wrote it (`2026-03-10`,
/// `2026-03-10T15:00:00Z`, `2026-03-10T15:00:00-05:00`): its first ten characters, in
/// the issuer's own time zone.
fn read_date(text: &str) -> Option<chrono::NaiveDate> {
    let day = text.get(..10)?;
    let rest = text.get(10..)?;
    (rest.is_empty() || rest.starts_with('T') || rest.starts_with('t'))
        .then(|| parse_iso_date(day))
        .flatten()
}

/// What a JSON value is, in words: `a number`, `an array`.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "`null`".to_owned(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the text `{s}`"),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}
