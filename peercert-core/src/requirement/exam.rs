//! `kind = "exam"`: an exam passed, with a minimum score or pass/fail, optionally
//! passed within a number of months.

use chrono::Months;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{Context, Keyed, Shortfall, StepKind, months, months_phrase, plural, set_count};
use crate::check::Checker;
use crate::id::ExamId;
use crate::record::ExamResult;
use crate::report::{Cause, EntryKind, Evidence, Exclusion, Measure, RequirementResult, Status};
use crate::value_schema::KebabId;

/// An unmet exam requirement is the exam step.
pub(super) const STEP: StepKind = StepKind::Exam;

/// What an unmet exam still needs, shortest.
pub(super) const REMAINING: &str = "no pass";

/// What an unmet exam is missing, for a report row.
pub(super) const MISSING: &str = "no passing exam";

/// The keys of an `exam` requirement, as written.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("required" = ["exam"]))]
pub(super) struct Raw {
    /// Which exam, such as `icrc-pr`.
    #[schemars(with = "Option<KebabId>")]
    exam: Option<Spanned<String>>,
    /// The lowest passing score (0 to 1000); left out for a pass/fail exam.
    #[schemars(with = "Option<u16>", extend("minimum" = 0, "maximum" = 1000))]
    min_score: Option<Spanned<i64>>,
    /// How many months a pass stays valid (1 to 600).
    #[schemars(with = "Option<u32>", extend("minimum" = 1, "maximum" = 600))]
    valid_months: Option<Spanned<i64>>,
}

/// An exam passed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExamRule {
    /// Which exam.
    pub exam: ExamId,
    /// The lowest passing score; `None` for a pass/fail exam.
    pub min_score: Option<u32>,
    /// How long a pass stays valid.
    pub valid_months: Option<u32>,
}

impl ExamRule {
    pub(super) fn check(check: &mut Checker<'_>, at: &Keyed, raw: Raw) -> Option<ExamRule> {
        let exam = match &raw.exam {
            Some(e) => check.exam_id(e),
            None => {
                at.missing(check, "exam");
                None
            }
        };
        let min_score = match &raw.min_score {
            Some(s) => check
                .bounded(s, 0, 1000, "a score from 0 to 1000")
                .map(Some),
            None => Some(None),
        };
        let valid = months(check, raw.valid_months.as_ref());
        Some(ExamRule {
            exam: exam?,
            min_score: min_score?,
            valid_months: valid?,
        })
    }

    /// `pass the icrc-pr exam (score 500 or more)`.
    pub fn describe(&self) -> String {
        format!(
            "pass the {} exam{}{}",
            self.exam,
            self.min_score
                .map_or_else(String::new, |m| format!(" (score {m} or more)")),
            self.valid_months
                .map_or_else(String::new, |m| format!(", passed within {m} months"))
        )
    }

    pub(super) fn measure(&self, ctx: &Context<'_>, result: &mut RequirementResult) {
        let exam = &self.exam;
        let valid_from = self
            .valid_months
            .and_then(|m| ctx.as_of.checked_sub_months(Months::new(m)));
        let mut attempts: Vec<_> = ctx.record.exams.iter().filter(|a| &a.id == exam).collect();
        attempts.sort_by_key(|a| (a.date, a.place));
        let mut best: Option<u32> = None;
        let mut passed = false;
        for a in attempts {
            let label = match a.result {
                ExamResult::Score(s) => format!("{exam} score {s}"),
                ExamResult::Passed(true) => format!("{exam} passed"),
                ExamResult::Passed(false) => format!("{exam} not passed"),
            };
            let exclude = |cause: Cause, reason: String| Exclusion {
                cause,
                entry: EntryKind::Exam,
                place: a.place,
                date: a.date,
                label: label.clone(),
                reason,
            };
            if a.date > ctx.as_of {
                result.not_counted.push(exclude(
                    Cause::AfterDate,
                    format!("taken after {}", ctx.as_of),
                ));
                continue;
            }
            if let (Some(from), Some(m)) = (valid_from, self.valid_months)
                && a.date < from
            {
                result.not_counted.push(exclude(
                    Cause::OutOfWindow,
                    format!(
                        "taken before {from}, and a result is valid for {}",
                        months_phrase(m)
                    ),
                ));
                continue;
            }
            if let ExamResult::Score(s) = a.result {
                best = best.max(Some(s));
            }
            let pass = match (a.result, self.min_score) {
                (ExamResult::Score(s), Some(min)) => {
                    if s < min {
                        result.not_counted.push(exclude(
                            Cause::BelowPassingScore,
                            format!("{s} is below the passing score of {min}"),
                        ));
                        continue;
                    }
                    true
                }
                (ExamResult::Score(_), None) => {
                    result.not_counted.push(exclude(
                        Cause::ScoreForPassFail,
                        "this exam is pass/fail: record `passed = true` instead of a score"
                            .to_owned(),
                    ));
                    continue;
                }
                (ExamResult::Passed(p), _) => p,
            };
            if !pass {
                result
                    .not_counted
                    .push(exclude(Cause::NotPassed, "not passed".to_owned()));
                continue;
            }
            passed = true;
            result.evidence.push(Evidence {
                entry: EntryKind::Exam,
                place: a.place,
                date: a.date,
                label,
                counted: None,
                note: None,
            });
        }
        match self.min_score {
            Some(min) => {
                // The best score among the attempts that count; a pass recorded
                // without a score counts as the passing score.
                let completed = if passed {
                    best.unwrap_or(min).max(min)
                } else {
                    best.unwrap_or(0)
                };
                result.unit = "score";
                result.required = Measure::Score(min);
                result.completed = Measure::Score(completed);
                result.shortfall = Measure::Score(min.saturating_sub(completed));
            }
            None => set_count(result, 1, u32::from(passed)),
        }
        result.status = if passed { Status::Met } else { Status::Unmet };
        let pass_rule = self
            .min_score
            .map_or_else(String::new, |m| format!(" (passing score {m})"));
        // Of several passes, the latest is named, whatever their order in the record.
        result.explanation = match (
            passed,
            result.evidence.iter().max_by_key(|e| e.date),
            result.not_counted.is_empty(),
        ) {
            (true, Some(e), _) => format!("Passed the {exam} exam{pass_rule} on {}.", e.date),
            (_, _, true) => format!("No attempt at the {exam} exam{pass_rule} is on file."),
            _ => format!(
                "No passing result for the {exam} exam{pass_rule}: {} on file did not count.",
                plural(result.not_counted.len(), "attempt", "attempts")
            ),
        };
    }

    pub(super) fn loosened_by(&self, new: &ExamRule) -> Option<String> {
        if self.exam != new.exam {
            Some(format!(
                "it names the exam `{}` instead of `{}`",
                new.exam, self.exam
            ))
        } else if self.min_score.is_some() != new.min_score.is_some() {
            Some("it changes how the exam is passed (score or pass/fail)".to_owned())
        } else if let (Some(o), Some(n)) = (self.min_score, new.min_score)
            && n < o
        {
            Some(format!(
                "a passing score of {n} is lower than the base's {o}"
            ))
        } else {
            super::window_loosened(self.valid_months, new.valid_months)
        }
    }
}

/// `passed, score 540 (pass 500)`, `best 480 (pass 500)`, `no pass on file`.
pub(super) fn progress(r: &RequirementResult) -> String {
    let met = r.is_met();
    match (r.required, r.completed) {
        (Measure::Score(required), Measure::Score(best)) => match (met, best) {
            (true, _) => format!("passed, score {best} (pass {required})"),
            (false, 0) => format!("no counted score (pass {required})"),
            (false, _) => format!("best {best} (pass {required})"),
        },
        _ if met => "passed".to_owned(),
        _ => "no pass on file".to_owned(),
    }
}

/// `a pass (score 500 or more)`, `a passing score (20 points short)`.
pub(super) fn left(s: Shortfall<'_>) -> String {
    match (s.completed, s.required, s.shortfall) {
        (Measure::Score(0), Measure::Score(pass), _) => format!("a pass (score {pass} or more)"),
        (Measure::Score(_), _, Measure::Score(1)) => "a passing score (1 point short)".to_owned(),
        (Measure::Score(_), _, Measure::Score(n)) if n > 0 => {
            format!("a passing score ({n} points short)")
        }
        _ => "a passing exam result".to_owned(),
    }
}
