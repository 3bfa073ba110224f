//! What spreadsheets write, read the same way wherever peercert reads one (a
//! transcript to import, a roster to audit): header names and dates.

use chrono::NaiveDate;

use crate::quantity::parse_iso_date;

/// A header name as it is matched: lowercase, without spaces, `_` or `-`, so that
/// `Worker ID`, `worker_id`, ` WORKER-ID ` and `workerid` are one name.
pub(crate) fn header_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// A date as a spreadsheet writes it: ISO (`2026-03-10`) or US (`3/10/2026`, month
/// first, a four-digit year).
pub(crate) fn read_date(text: &str) -> Result<NaiveDate, String> {
    let expected = || format!("expected a date such as 2026-11-23 or 11/23/2026, found `{text}`");
    if let Some(date) = parse_iso_date(text) {
        return Ok(date);
    }
    let parts: Vec<&str> = text.split('/').collect();
    let [month, day, year] = parts.as_slice() else {
        return Err(expected());
    };
    let number = |part: &str, digits: std::ops::RangeInclusive<usize>| {
        (digits.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    let (Some(month), Some(day), Some(year)) = (
        number(month, 1..=2),
        number(day, 1..=2),
        number(year, 4..=4),
    ) else {
        return Err(expected());
    };
    i32::try_from(year)
        .ok()
        .and_then(|year| NaiveDate::from_ymd_opt(year, month, day))
        .ok_or_else(expected)
}
