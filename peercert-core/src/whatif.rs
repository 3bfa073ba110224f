//! What-if entries: `training: 6h ethics 2026-12-01` written as the record entry it
//! stands for, so that a plan can be made as if it were in the record.
//!
//! The entry is returned as TOML to append to the record's text: the record is then
//! checked as a whole, so a what-if entry meets exactly the rules a logged one does
//! (known topics, dates in range, hours per day), and the file itself is never touched.
//!
//! The forms, one entry each:
//!
//! | form | example |
//! | --- | --- |
//! | `training: HOURSh [TOPIC] [FORMAT] DATE` | `training: 6h ethics live-online 2026-12-01` |
//! | `supervision: HOURSh DATE` | `supervision: 2h 2026-12-15` |
//! | `experience: HOURSh FROM..TO [supervised]` | `experience: 120h 2026-09-01..2026-11-30 supervised` |
//! | `exam: ID SCORE\|passed DATE` | `exam: icrc-pr 540 2027-01-10` |
//! | `attestation: KIND DATE` | `attestation: code-of-ethics 2026-12-01` |
//! | `payment: KIND AMOUNT DATE` | `payment: renewal 100.00 2026-12-01` |

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::quantity::{Hours, parse_iso_date};

/// A what-if entry that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("in `--with \"{spec}\"`: {message}")]
pub struct WhatIfError {
    /// The entry as given.
    pub spec: String,
    /// What was wrong, and what was expected.
    pub message: String,
}

const FORMATS: [&str; 3] = ["in-person", "live-online", "self-paced"];

/// A what-if entry, ready to append to a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhatIf {
    /// The entry as a TOML table.
    pub toml: String,
    /// The day it is done (the last day, for a period of work): a plan made with it
    /// is made on this day if that is later, since entries after a plan's date do
    /// not count.
    pub date: NaiveDate,
}

/// The record entry `spec` stands for.
pub fn entry(spec: &str) -> Result<WhatIf, WhatIfError> {
    let fail = |message: String| WhatIfError {
        spec: spec.to_owned(),
        message,
    };
    let Some((kind, rest)) = spec.split_once(':') else {
        return Err(fail(
            "expected `KIND: …`, such as `training: 6h ethics 2026-12-01`".to_owned(),
        ));
    };
    let words: Vec<&str> = rest.split_whitespace().collect();
    let label = format!("What-if: {}", spec.trim());
    let mut t = String::new();
    // Each form writes its table and gives the day it is done.
    let done = match kind.trim() {
        "training" => {
            let (hours, words) = hours_first(&words).map_err(fail)?;
            let (date, words) = date_last(words).map_err(fail)?;
            let (format, words) = match words.split_last() {
                Some((last, before)) if FORMATS.contains(last) => (Some(*last), before),
                _ => (None, words),
            };
            let topic = match words {
                [] => None,
                [topic] => Some(*topic),
                _ => {
                    return Err(fail(format!(
                        "expected one topic, found `{}`",
                        words.join(" ")
                    )));
                }
            };
            let _ = write!(
                t,
                "[[training]]\ndate = {date}\ntitle = {}\nhours = {hours}\n",
                quoted(&label)
            );
            if let Some(topic) = topic {
                let _ = writeln!(t, "topic = {}", quoted(topic));
            }
            if let Some(format) = format {
                let _ = writeln!(t, "format = \"{format}\"");
            }
            date
        }
        "supervision" => {
            let (hours, words) = hours_first(&words).map_err(fail)?;
            let (date, words) = date_last(words).map_err(fail)?;
            none_left(words).map_err(fail)?;
            let _ = write!(t, "[[supervision]]\ndate = {date}\nhours = {hours}\n");
            date
        }
        "experience" => {
            let (hours, words) = hours_first(&words).map_err(fail)?;
            let (supervised, words) = match words.split_last() {
                Some((&"supervised", before)) => (true, before),
                _ => (false, words),
            };
            let [period] = words else {
                return Err(fail(
                    "expected the hours, a period FROM..TO and optionally `supervised`".to_owned(),
                ));
            };
            let (from, to) = period.split_once("..").ok_or_else(|| {
                fail(format!(
                    "expected a period such as 2026-09-01..2026-11-30, found `{period}`"
                ))
            })?;
            let from = date(from).map_err(fail)?;
            let to = date(to).map_err(fail)?;
            let _ = write!(
                t,
                "[[experience]]\nfrom = {from}\nto = {to}\nhours = {hours}\nsupervised = {supervised}\n"
            );
            to
        }
        "exam" => {
            let [id, result, when] = words.as_slice() else {
                return Err(fail(
                    "expected `exam: ID SCORE|passed DATE`, such as `exam: icrc-pr 540 2027-01-10`"
                        .to_owned(),
                ));
            };
            let when = date(when).map_err(fail)?;
            let result = match *result {
                "passed" => "passed = true".to_owned(),
                score => match score.parse::<u32>() {
                    Ok(score) => format!("score = {score}"),
                    Err(_) => {
                        return Err(fail(format!(
                            "expected a score or `passed`, found `{score}`"
                        )));
                    }
                },
            };
            let _ = write!(
                t,
                "[[exam]]\nid = {}\ndate = {when}\n{result}\n",
                quoted(id)
            );
            when
        }
        "attestation" => {
            let [what, when] = words.as_slice() else {
                return Err(fail("expected `attestation: KIND DATE`".to_owned()));
            };
            let when = date(when).map_err(fail)?;
            let _ = write!(
                t,
                "[[attestation]]\nkind = {}\ndate = {when}\n",
                quoted(what)
            );
            when
        }
        "payment" => {
            let [what, amount, when] = words.as_slice() else {
                return Err(fail("expected `payment: KIND AMOUNT DATE`".to_owned()));
            };
            let when = date(when).map_err(fail)?;
            let _ = write!(
                t,
                "[[payment]]\nkind = {}\namount = {}\ndate = {when}\n",
                quoted(what),
                quoted(amount)
            );
            when
        }
        other => {
            return Err(fail(format!(
                "unknown entry kind `{}`: expected training, supervision, experience, exam, attestation or payment",
                other
            )));
        }
    };
    Ok(WhatIf {
        toml: t,
        date: done,
    })
}

fn hours_first<'a, 'b>(words: &'a [&'b str]) -> Result<(Hours, &'a [&'b str]), String> {
    let Some((first, rest)) = words.split_first() else {
        return Err("expected the hours first, such as `6h`".to_owned());
    };
    let number = first.strip_suffix('h').unwrap_or(first);
    let value = number
        .parse::<f64>()
        .map(toml::Value::Float)
        .map_err(|_| format!("expected hours such as `6h` or `1.5h`, found `{first}`"))?;
    let hours = Hours::from_toml(&value).map_err(|e| format!("{e}, found `{first}`"))?;
    Ok((hours, rest))
}

fn date_last<'a, 'b>(words: &'a [&'b str]) -> Result<(NaiveDate, &'a [&'b str]), String> {
    let Some((last, rest)) = words.split_last() else {
        return Err("expected a date last, such as 2026-12-01".to_owned());
    };
    Ok((date(last)?, rest))
}

fn date(text: &str) -> Result<NaiveDate, String> {
    parse_iso_date(text)
        .ok_or_else(|| format!("expected a date such as 2026-12-01, found `{text}`"))
}

fn none_left(words: &[&str]) -> Result<(), String> {
    match words {
        [] => Ok(()),
        _ => Err(format!("unexpected `{}`", words.join(" "))),
    }
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

#[cfg(test)]
mod tests {
    use super::WhatIfError;

    fn entry_toml(spec: &str) -> Result<String, WhatIfError> {
        super::entry(spec).map(|e| e.toml)
    }

    #[test]
    fn training_with_topic_and_format() {
        assert_eq!(
            entry_toml("training: 6h ethics live-online 2026-12-01").unwrap(),
            "[[training]]\ndate = 2026-12-01\ntitle = \"What-if: training: 6h ethics live-online 2026-12-01\"\nhours = 6\ntopic = \"ethics\"\nformat = \"live-online\"\n"
        );
    }

    #[test]
    fn untagged_training_and_decimal_hours() {
        assert_eq!(
            entry_toml("training: 1.5h 2026-12-01").unwrap(),
            "[[training]]\ndate = 2026-12-01\ntitle = \"What-if: training: 1.5h 2026-12-01\"\nhours = 1.5\n"
        );
    }

    #[test]
    fn the_other_kinds() {
        assert_eq!(
            entry_toml("supervision: 2h 2026-12-15").unwrap(),
            "[[supervision]]\ndate = 2026-12-15\nhours = 2\n"
        );
        assert_eq!(
            entry_toml("experience: 120h 2026-09-01..2026-11-30 supervised").unwrap(),
            "[[experience]]\nfrom = 2026-09-01\nto = 2026-11-30\nhours = 120\nsupervised = true\n"
        );
        assert_eq!(
            entry_toml("exam: icrc-pr 540 2027-01-10").unwrap(),
            "[[exam]]\nid = \"icrc-pr\"\ndate = 2027-01-10\nscore = 540\n"
        );
        assert_eq!(
            entry_toml("payment: renewal 100.00 2026-12-01").unwrap(),
            "[[payment]]\nkind = \"renewal\"\namount = \"100.00\"\ndate = 2026-12-01\n"
        );
    }

    /// A plan with a what-if is made on the day the entry is done: the last day of a
    /// period of work.
    #[test]
    fn the_day_an_entry_is_done() {
        let day = |spec: &str| super::entry(spec).unwrap().date.to_string();
        assert_eq!(day("experience: 120h 2026-09-01..2026-11-30"), "2026-11-30");
        assert_eq!(day("training: 6h ethics 2026-12-01"), "2026-12-01");
        assert_eq!(day("exam: icrc-pr passed 2027-01-10"), "2027-01-10");
    }

    #[test]
    fn mistakes_say_what_was_expected() {
        let err = |spec: &str| entry_toml(spec).unwrap_err().to_string();
        assert_eq!(
            err("training 6h 2026-12-01"),
            "in `--with \"training 6h 2026-12-01\"`: expected `KIND: …`, such as `training: 6h ethics 2026-12-01`"
        );
        assert_eq!(
            err("training: six ethics 2026-12-01"),
            "in `--with \"training: six ethics 2026-12-01\"`: expected hours such as `6h` or `1.5h`, found `six`"
        );
        assert_eq!(
            err("training: 6h ethics 2026-13-01"),
            "in `--with \"training: 6h ethics 2026-13-01\"`: expected a date such as 2026-12-01, found `2026-13-01`"
        );
        assert_eq!(
            err("course: 6h 2026-12-01"),
            "in `--with \"course: 6h 2026-12-01\"`: unknown entry kind `course`: expected training, supervision, experience, exam, attestation or payment"
        );
        assert_eq!(
            err("training: 6h ethics advocacy 2026-12-01"),
            "in `--with \"training: 6h ethics advocacy 2026-12-01\"`: expected one topic, found `ethics advocacy`"
        );
    }
}
