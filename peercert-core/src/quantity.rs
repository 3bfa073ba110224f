//! Exact quantities: hours in hundredths, money in cents, and the dates of records.
//!
//! Every number a user writes is turned into one of these once, at load time, so
//! that evaluation never compares floats and never parses text.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Sub};

use chrono::{Datelike, NaiveDate};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Serialize, Serializer};

/// A number of hours, stored as a whole number of hundredths of an hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Hours(i64);

impl Hours {
    /// No hours at all.
    pub const ZERO: Hours = Hours(0);

    /// Hours from a whole number of hundredths of an hour.
    pub const fn from_hundredths(hundredths: i64) -> Hours {
        Hours(hundredths)
    }

    /// Whole hours.
    pub const fn from_whole(hours: i64) -> Hours {
        Hours(hours.saturating_mul(100))
    }

    /// The amount in hundredths of an hour.
    pub const fn hundredths(self) -> i64 {
        self.0
    }

    /// `self - other`, but never below zero.
    pub fn saturating_sub(self, other: Hours) -> Hours {
        Hours(self.0.saturating_sub(other.0).max(0))
    }

    /// Reads an amount of hours written as a TOML integer or decimal.
    ///
    /// Fails when the value is not a number, not finite, or finer than a hundredth.
    pub fn from_toml(value: &toml::Value) -> Result<Hours, String> {
        match value {
            toml::Value::Integer(i) => i.checked_mul(100).map(Hours).ok_or_else(|| {
                format!("expected a number of hours, found `{i}`, which is too large")
            }),
            toml::Value::Float(f) => {
                let scaled = f * 100.0;
                if !scaled.is_finite() || scaled.abs() > 1e15 {
                    return Err(format!("expected a number of hours, found `{f}`"));
                }
                let rounded = scaled.round();
                if (scaled - rounded).abs() > 1e-6 {
                    return Err(format!(
                        "expected hours with at most two decimals, found `{f}`"
                    ));
                }
                // INVARIANT: |rounded| <= 1e15, so the cast is exact.
                #[expect(clippy::cast_possible_truncation, reason = "bounded above")]
                Ok(Hours(rounded as i64))
            }
            other => Err(format!(
                "expected a number of hours, found {}",
                describe_value(other)
            )),
        }
    }

    /// Reads an amount of hours written as text: `16`, `12.5`, `0.25`, `-3`.
    ///
    /// Fails on anything else (`5.`, `.5`, `1e3`, `six`) and on more than two decimals.
    pub fn parse(text: &str) -> Result<Hours, String> {
        let invalid = || {
            if text.contains(',') {
                format!(
                    "expected a number of hours such as `12.5` (with a decimal point, not a comma), found `{text}`"
                )
            } else {
                format!("expected a number of hours, found `{text}`")
            }
        };
        let (negative, rest) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, frac) = rest.split_once('.').unwrap_or((rest, "0"));
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || !digits(frac) {
            return Err(invalid());
        }
        let frac = frac.trim_end_matches('0');
        if frac.len() > 2 {
            return Err(format!(
                "expected hours with at most two decimals, found `{text}`"
            ));
        }
        let whole: i64 = whole.parse().map_err(|_| invalid())?;
        let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| invalid())?;
        let hundredths = whole
            .checked_mul(100)
            .and_then(|h| h.checked_add(frac))
            .ok_or_else(|| {
                format!("expected a number of hours, found `{text}`, which is too large")
            })?;
        Ok(Hours(if negative { -hundredths } else { hundredths }))
    }
}

impl fmt::Display for Hours {
    /// `16`, `12.5`, `0.25`: no trailing zeros.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (whole, frac) = (abs / 100, abs % 100);
        match frac {
            0 => write!(f, "{sign}{whole}"),
            n if n % 10 == 0 => write!(f, "{sign}{whole}.{}", n / 10),
            n => write!(f, "{sign}{whole}.{n:02}"),
        }
    }
}

impl JsonSchema for Hours {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Hours".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Hours: a number with at most two decimals (`16`, `12.5`, `0.25`).",
            "type": "number",
        })
    }
}

impl Serialize for Hours {
    /// Hours are a JSON number: `16`, `12.5`, `0.25` (hundredths print exactly).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0 % 100 == 0 {
            return serializer.serialize_i64(self.0 / 100);
        }
        #[expect(clippy::cast_precision_loss, reason = "hours stay far below 2^53")]
        let value = self.0 as f64 / 100.0;
        serializer.serialize_f64(value)
    }
}

impl Add for Hours {
    type Output = Hours;
    fn add(self, rhs: Hours) -> Hours {
        Hours(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign for Hours {
    fn add_assign(&mut self, rhs: Hours) {
        *self = *self + rhs;
    }
}

impl Sub for Hours {
    type Output = Hours;
    fn sub(self, rhs: Hours) -> Hours {
        Hours(self.0.saturating_sub(rhs.0))
    }
}

impl Sum for Hours {
    fn sum<I: Iterator<Item = Hours>>(iter: I) -> Hours {
        iter.fold(Hours::ZERO, Add::add)
    }
}

/// An amount of US dollars, stored as a whole number of cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Cents(i64);

impl Cents {
    /// Nothing.
    pub const ZERO: Cents = Cents(0);

    /// An amount from a whole number of cents.
    pub const fn new(cents: i64) -> Cents {
        Cents(cents)
    }

    /// The amount in cents.
    pub const fn cents(self) -> i64 {
        self.0
    }

    /// `self - other`, but never below zero.
    pub fn saturating_sub(self, other: Cents) -> Cents {
        Cents(self.0.saturating_sub(other.0).max(0))
    }

    /// Reads an amount written as a string (`"150.00"`, `"$1,200"`) or a TOML number.
    pub fn from_toml(value: &toml::Value) -> Result<Cents, String> {
        match value {
            toml::Value::String(s) => Cents::parse(s),
            toml::Value::Integer(i) => i
                .checked_mul(100)
                .map(Cents)
                .ok_or_else(|| format!("expected an amount in dollars, found `{i}`")),
            toml::Value::Float(f) => Cents::parse(&f.to_string()),
            other => Err(format!(
                "expected an amount in dollars such as \"150.00\", found {}",
                describe_value(other)
            )),
        }
    }

    /// Parses `150`, `150.5`, `150.50`, `$1,200.00`.
    ///
    /// Commas may only group thousands (`1,200`, `12,000,000`): `1,00` is refused
    /// rather than read as a hundred dollars, since it may mean one dollar.
    pub fn parse(text: &str) -> Result<Cents, String> {
        let invalid = || {
            if text.contains(',') {
                format!(
                    "expected an amount in dollars such as \"150.00\" or \"1,500.00\" (a comma only between groups of three digits, cents after a point), found `{text}`"
                )
            } else {
                format!("expected an amount in dollars such as \"150.00\", found `{text}`")
            }
        };
        let trimmed = text.trim();
        let (negative, rest) = match trimmed.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        let rest = rest.strip_prefix('$').unwrap_or(rest);
        let (grouped, frac) = match rest.split_once('.') {
            Some((w, f)) => (w, f),
            None => (rest, ""),
        };
        let mut groups = grouped.split(',');
        let lead = groups.next().unwrap_or_default();
        let grouped_ok = grouped.matches(',').count() == 0
            || ((1..=3).contains(&lead.len()) && groups.all(|g| g.len() == 3));
        let whole: String = grouped.chars().filter(|c| *c != ',').collect();
        if whole.is_empty()
            || !grouped_ok
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || frac.len() > 2
            || (rest.contains('.') && frac.is_empty())
        {
            return Err(invalid());
        }
        let whole: i64 = whole.parse().map_err(|_| invalid())?;
        let frac: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().map_err(|_| invalid())? * 10,
            _ => frac.parse().map_err(|_| invalid())?,
        };
        let cents = whole
            .checked_mul(100)
            .and_then(|c| c.checked_add(frac))
            .ok_or_else(invalid)?;
        Ok(Cents(if negative { -cents } else { cents }))
    }
}

impl fmt::Display for Cents {
    /// `$1,200.00`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let whole = (abs / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        write!(f, "{sign}${grouped}.{:02}", abs % 100)
    }
}

impl JsonSchema for Cents {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Money".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "US dollars as a decimal string with two decimals (`\"150.00\"`), never a float.",
            "type": "string",
            "pattern": "^-?[0-9]+\\.[0-9]{2}$",
        })
    }
}

impl Serialize for Cents {
    /// Money is a decimal string (`"150.00"`), never a float.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        serializer.collect_str(&format_args!("{sign}{}.{:02}", abs / 100, abs % 100))
    }
}

impl Add for Cents {
    type Output = Cents;
    fn add(self, rhs: Cents) -> Cents {
        Cents(self.0.saturating_add(rhs.0))
    }
}

impl Sum for Cents {
    fn sum<I: Iterator<Item = Cents>>(iter: I) -> Cents {
        iter.fold(Cents::ZERO, Add::add)
    }
}

/// The earliest year a date in a record or rule set may have.
pub const MIN_YEAR: i32 = 1900;
/// The latest year a date in a record or rule set may have; later years are typos.
pub const MAX_YEAR: i32 = 2100;

/// Reads a date written as a TOML local date (`2025-05-12`) or a quoted ISO date.
///
/// Years outside 1900–2100 are refused as typos.
pub fn date_from_toml(value: &toml::Value) -> Result<NaiveDate, String> {
    within_years(toml_date(value)?)
}

/// Reads a date written as a TOML local date or a quoted ISO date, whatever its year.
pub(crate) fn toml_date(value: &toml::Value) -> Result<NaiveDate, String> {
    Ok(match value {
        toml::Value::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                    .ok_or_else(|| format!("expected a date such as 2025-05-12, found `{dt}`"))?
            }
            _ => {
                return Err(format!(
                    "expected a date such as 2025-05-12, found the date-time `{dt}`"
                ));
            }
        },
        toml::Value::String(s) => parse_iso_date(s)
            .ok_or_else(|| format!("expected a date such as 2025-05-12, found \"{s}\""))?,
        other => {
            return Err(format!(
                "expected a date such as 2025-05-12, found {}",
                describe_value(other)
            ));
        }
    })
}

/// `date`, unless its year is outside 1900–2100 and so a typo.
pub(crate) fn within_years(date: NaiveDate) -> Result<NaiveDate, String> {
    if !(MIN_YEAR..=MAX_YEAR).contains(&date.year()) {
        return Err(format!(
            "expected a date between {MIN_YEAR} and {MAX_YEAR}, found {date}"
        ));
    }
    Ok(date)
}

/// Parses exactly `YYYY-MM-DD`.
pub fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape_ok {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// A short description of a TOML value for error messages: `a string "x"`, `a boolean`.
pub(crate) fn describe_value(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => format!("the string \"{s}\""),
        toml::Value::Integer(i) => format!("the number {i}"),
        toml::Value::Float(f) => format!("the number {f}"),
        toml::Value::Boolean(b) => format!("the boolean {b}"),
        toml::Value::Datetime(d) => format!("the date {d}"),
        toml::Value::Array(_) => "an array".to_owned(),
        toml::Value::Table(_) => "a table".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_read_integers_and_decimals_exactly() {
        assert_eq!(Hours::from_toml(&toml::Value::Integer(16)), Ok(Hours(1600)));
        assert_eq!(Hours::from_toml(&toml::Value::Float(12.5)), Ok(Hours(1250)));
        assert_eq!(Hours::from_toml(&toml::Value::Float(0.1)), Ok(Hours(10)));
        assert_eq!(
            Hours::from_toml(&toml::Value::Float(1.005)),
            Err("expected hours with at most two decimals, found `1.005`".to_owned())
        );
        assert_eq!(
            Hours::from_toml(&toml::Value::String("16".into())),
            Err("expected a number of hours, found the string \"16\"".to_owned())
        );
    }

    #[test]
    fn hours_read_from_text_exactly() {
        assert_eq!(Hours::parse("16"), Ok(Hours(1600)));
        assert_eq!(Hours::parse("12.5"), Ok(Hours(1250)));
        assert_eq!(Hours::parse("0.25"), Ok(Hours(25)));
        assert_eq!(Hours::parse("1.500"), Ok(Hours(150)));
        assert_eq!(Hours::parse("-3"), Ok(Hours(-300)));
        for text in ["5.", ".5", "1e3", "inf", "six", "", "1.2.3", "+5", "- 5"] {
            assert_eq!(
                Hours::parse(text),
                Err(format!("expected a number of hours, found `{text}`")),
                "{text}"
            );
        }
        assert_eq!(
            Hours::parse("1.005"),
            Err("expected hours with at most two decimals, found `1.005`".to_owned())
        );
        assert_eq!(
            Hours::parse("99999999999999999"),
            Err(
                "expected a number of hours, found `99999999999999999`, which is too large"
                    .to_owned()
            )
        );
    }

    /// Commas only group thousands: `1,00` may mean one dollar, and is refused rather
    /// than read as a hundred.
    #[test]
    fn commas_group_thousands_only() {
        assert_eq!(Cents::parse("1,000.00"), Ok(Cents(100_000)));
        assert_eq!(Cents::parse("$12,345,678"), Ok(Cents(1_234_567_800)));
        assert_eq!(Cents::parse("12,345"), Ok(Cents(1_234_500)));
        for text in [
            "60,00",
            "1,00",
            "1,0,0",
            ",100",
            "1000,000",
            "1,0000",
            "1,000,00",
            "1,000.0,0",
        ] {
            assert_eq!(
                Cents::parse(text),
                Err(format!(
                    "expected an amount in dollars such as \"150.00\" or \"1,500.00\" (a comma only between groups of three digits, cents after a point), found `{text}`"
                )),
                "{text}"
            );
        }
        for text in ["5.", ".5", "$", "1.234", "1e3"] {
            assert_eq!(
                Cents::parse(text),
                Err(format!(
                    "expected an amount in dollars such as \"150.00\", found `{text}`"
                )),
                "{text}"
            );
        }
        assert_eq!(
            Hours::parse("1,5"),
            Err(
                "expected a number of hours such as `12.5` (with a decimal point, not a comma), found `1,5`"
                    .to_owned()
            )
        );
    }

    #[test]
    fn hours_display_without_trailing_zeros() {
        assert_eq!(Hours(1600).to_string(), "16");
        assert_eq!(Hours(1250).to_string(), "12.5");
        assert_eq!(Hours(25).to_string(), "0.25");
        assert_eq!(Hours(-350).to_string(), "-3.5");
    }

    #[test]
    fn cents_parse_and_display() {
        assert_eq!(Cents::parse("150.00"), Ok(Cents(15000)));
        assert_eq!(Cents::parse("$1,200.5"), Ok(Cents(120050)));
        assert_eq!(Cents::parse("-3"), Ok(Cents(-300)));
        assert!(Cents::parse("1.234").is_err());
        assert!(Cents::parse("abc").is_err());
        assert!(Cents::parse("12.").is_err());
        assert_eq!(Cents(120050).to_string(), "$1,200.50");
        assert_eq!(Cents(5).to_string(), "$0.05");
        assert_eq!(
            serde_json::to_string(&Cents(120050)).ok(),
            Some("\"1200.50\"".to_owned())
        );
    }

    #[test]
    fn dates_native_or_quoted_and_within_sane_years() {
        let native: toml::Table = toml::from_str("d = 2025-05-12").unwrap();
        assert_eq!(
            date_from_toml(&native["d"]),
            Ok(NaiveDate::from_ymd_opt(2025, 5, 12).unwrap())
        );
        assert_eq!(
            date_from_toml(&toml::Value::String("2025-05-12".into())),
            Ok(NaiveDate::from_ymd_opt(2025, 5, 12).unwrap())
        );
        let typo: toml::Table = toml::from_str("d = 2205-05-12").unwrap();
        assert_eq!(
            date_from_toml(&typo["d"]),
            Err("expected a date between 1900 and 2100, found 2205-05-12".to_owned())
        );
        assert!(date_from_toml(&toml::Value::String("2025-02-30".into())).is_err());
        assert!(date_from_toml(&toml::Value::String("2025-5-1".into())).is_err());
    }
}
