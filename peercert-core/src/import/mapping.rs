//! What a badge does not carry: its hours, topic and format, from a mapping file that
//! names achievements, or given once for every badge.
//!
//! A mapping file is TOML, one `[[achievement]]` per achievement, named by its `id` or
//! its `name` as the badge writes them, with a course's keys as a record's
//! `[[training]]` writes them (`hours`, `topic` or `topics`, `format`), read into the
//! same draft and checked by the same checks. The format is documented in
//! `docs/import-format.md`.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;
use toml::{Spanned, Value};

use super::{read_hours, read_topics};
use crate::check::{At, Checker};
use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::error::LoadError;
use crate::id::TopicId;
use crate::quantity::Hours;
use crate::record::draft::{CheckedCourse, CourseDraft};
use crate::record::{MAX_COURSE_HOURS, Vocabulary};
use crate::vocab::Format;

/// The hours, topics and format of badges, which carry none: from a mapping of
/// achievements ([`BadgeCourses::with_mapping`]), and for every badge the mapping does
/// not name ([`BadgeCourses::for_every_badge`]). With neither, a badge gives no course.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BadgeCourses {
    achievements: Vec<Mapped>,
    every: Option<Course>,
}

/// A course of checked values, as a badge takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Course {
    pub hours: Hours,
    pub topics: Vec<(TopicId, Hours)>,
    pub format: Option<Format>,
}

impl From<CheckedCourse> for Course {
    fn from(course: CheckedCourse) -> Course {
        Course {
            hours: course.hours,
            topics: course.topics,
            format: course.format,
        }
    }
}

/// An achievement of a mapping file and its course.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Mapped {
    by: By,
    course: Course,
}

/// How a mapping names an achievement.
#[derive(Debug, Clone, PartialEq, Eq)]
enum By {
    Id(String),
    Name(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMapping {
    #[serde(default)]
    achievement: Vec<Spanned<RawAchievement>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAchievement {
    id: Option<Spanned<String>>,
    name: Option<Spanned<String>>,
    hours: Spanned<Value>,
    topic: Option<Spanned<String>>,
    topics: Option<Spanned<BTreeMap<Spanned<String>, Spanned<Value>>>>,
    format: Option<Spanned<String>>,
}

impl BadgeCourses {
    /// Adds the achievements of a mapping file: each named by its `id` or its `name`,
    /// each with its course, checked as a record's courses are. Every problem of the
    /// file is reported, each with its line and column.
    pub fn with_mapping(
        mut self,
        source: &Source,
        library: &dyn Vocabulary,
    ) -> Result<BadgeCourses, LoadError> {
        let invalid = |problems| LoadError::Invalid(Diagnostics::new(source.clone(), problems));
        let raw: RawMapping = toml::from_str(&source.text)
            .map_err(|e| invalid(vec![Diagnostic::from_toml(&e, &source.text)]))?;
        let mut check = Checker::new(library.topics());
        let mut seen: Vec<(By, usize)> = Vec::new();
        let mut mapped = Vec::new();
        for entry in &raw.achievement {
            let raw = entry.get_ref();
            let by = match (&raw.id, &raw.name) {
                (Some(id), None) => named(&mut check, id, By::Id),
                (None, Some(name)) => named(&mut check, name, By::Name),
                (Some(_), Some(name)) => {
                    check.error(
                        "an achievement is named by its `id` or by its `name`, not both",
                        name.span(),
                    );
                    None
                }
                (None, None) => {
                    check.error(
                        "missing the achievement's `id` or `name`: expected one of them, as the badge writes it",
                        first_line(&source.text, entry.span()),
                    );
                    None
                }
            };
            let by =
                by.and_then(
                    |(by, span)| match seen.iter().find(|(earlier, _)| *earlier == by) {
                        Some((_, line)) => {
                            check.error(
                                format!("this achievement is mapped twice: first at line {line}"),
                                span,
                            );
                            None
                        }
                        None => {
                            seen.push((by.clone(), source.line_of(span.start)));
                            Some(by)
                        }
                    },
                );
            let course = crate::record::course(
                &mut check,
                &raw.hours,
                raw.topic.clone(),
                raw.topics.as_ref(),
                raw.format.clone(),
            )
            .check(&mut check);
            if let (Some(by), Some(course)) = (by, course) {
                mapped.push(Mapped {
                    by,
                    course: course.into(),
                });
            }
        }
        let mut problems = check.problems;
        if !problems.is_empty() {
            problems.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
            return Err(invalid(problems));
        }
        self.achievements.extend(mapped);
        Ok(self)
    }

    /// Gives every badge the mapping does not name the same course: `hours` (`6`,
    /// `1.5`, `6h`) and, when given, `topic`: one topic, or a split of the hours as a
    /// transcript's `Topic` cell writes it (`ethics=2,advocacy=4`). Each is a text the
    /// caller names (a command-line tool after its option); a problem points into it.
    pub fn for_every_badge(
        mut self,
        hours: &Source,
        topic: Option<&Source>,
        library: &dyn Vocabulary,
    ) -> Result<BadgeCourses, LoadError> {
        let mut check = Checker::new(library.topics());
        let whole = 0..hours.text.len();
        let total = check
            .lift(read_hours(hours.text.trim()), whole.clone())
            .and_then(|h| check.hours_at(h, whole, MAX_COURSE_HOURS, "hours for one course"));
        let Some(total) = total else {
            return Err(LoadError::Invalid(Diagnostics::new(
                hours.clone(),
                check.problems,
            )));
        };
        let course = match topic {
            None => Course {
                hours: total,
                topics: Vec::new(),
                format: None,
            },
            Some(topic) => {
                let mut check = Checker::new(library.topics());
                let whole: Range<usize> = 0..topic.text.len();
                let topics = read_topics(&topic.text, |span| span, whole.clone(), &mut check);
                let course = CourseDraft {
                    hours: Some(At::new(total, whole)),
                    topics,
                    format: None,
                }
                .check(&mut check);
                match course {
                    Some(course) if check.problems.is_empty() => course.into(),
                    _ => {
                        return Err(LoadError::Invalid(Diagnostics::new(
                            topic.clone(),
                            check.problems,
                        )));
                    }
                }
            }
        };
        self.every = Some(course);
        Ok(self)
    }

    /// The course of a badge whose achievement has `id` and `name`: the mapping's for
    /// its id, else the mapping's for its name, else the one for every badge.
    pub(super) fn course(&self, id: Option<&str>, name: Option<&str>) -> Option<&Course> {
        let find = |wanted: By| {
            self.achievements
                .iter()
                .find(|m| m.by == wanted)
                .map(|m| &m.course)
        };
        id.and_then(|id| find(By::Id(id.trim().to_owned())))
            .or_else(|| name.and_then(|name| find(By::Name(name.trim().to_owned()))))
            .or(self.every.as_ref())
    }
}

/// How an achievement is named, with where, or `None` when the name is empty.
fn named(
    check: &mut Checker<'_>,
    text: &Spanned<String>,
    by: fn(String) -> By,
) -> Option<(By, Range<usize>)> {
    let value = check.text_at(text.get_ref(), text.span(), "the achievement's id or name")?;
    Some((by(value), text.span()))
}

/// The first line of a span: an `[[achievement]]` entry's header.
fn first_line(text: &str, span: Range<usize>) -> Range<usize> {
    let end = text
        .get(span.start..)
        .and_then(|rest| rest.find('\n'))
        .map_or(span.end, |n| span.start + n);
    span.start..end.max(span.start)
}
