//! What a board publishes about renewing after expiry, and the dates it gives one
//! expiry: the last day of a grace period, the last day an inactive credential may be
//! reactivated.
//!
//! Months are counted as everywhere in peercert: N months after a day is the same day
//! of the month N months later, or that month's last day when it has no such day
//! (six months after 2026-01-31 is 2026-07-31; after 2026-08-31, 2027-02-28). A period
//! counted from a day ends on that later day, which is its last day.

use chrono::{Days, Months, NaiveDate};
use serde::Serialize;

/// Whether the board publishes terms for renewing after expiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PostExpiry {
    /// The board publishes no terms after expiry: whether a late renewal is possible
    /// is not known, and answers after expiry say so.
    NotPublished,
    /// The board's terms after expiry.
    Published(AfterExpiry),
}

/// The board's published terms after expiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AfterExpiry {
    /// How long a late renewal is still accepted.
    pub grace: Grace,
    /// The grace period runs from the expiry or from this day, whichever is later: a
    /// credential that expired before it is given the grace from this day.
    pub grace_from: Option<NaiveDate>,
    /// After the grace period the credential is inactive (not lapsed) for this many
    /// months, during which it may be reactivated; then it has lapsed.
    pub inactive_months: Option<u32>,
}

/// How long after expiry a late renewal is accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Grace {
    /// This many days (0: none, lapsed or inactive the day after expiry).
    Days(u32),
    /// This many calendar months.
    Months(u32),
    /// No published last day: the credential never lapses by date alone.
    Open,
}

/// `day` plus `months` months, clamped to the month's last day.
fn add_months(day: NaiveDate, months: u32) -> Option<NaiveDate> {
    day.checked_add_months(Months::new(months))
}

impl PostExpiry {
    /// The last day of the grace period after a credential expiring on `expires`:
    /// `expires` itself when there is none (or the terms are not published), `None`
    /// when the board publishes no last day.
    pub fn grace_ends(self, expires: NaiveDate) -> Option<NaiveDate> {
        match self {
            PostExpiry::NotPublished => Some(expires),
            PostExpiry::Published(terms) => terms.grace_ends(expires),
        }
    }

    /// The last day an inactive credential may be reactivated, when the board has an
    /// inactive period.
    pub fn inactive_ends(self, expires: NaiveDate) -> Option<NaiveDate> {
        match self {
            PostExpiry::NotPublished => None,
            PostExpiry::Published(terms) => terms.inactive_ends(expires),
        }
    }

    /// Whether the board publishes its terms.
    pub fn is_published(self) -> bool {
        matches!(self, PostExpiry::Published(_))
    }
}

impl AfterExpiry {
    /// The last day of the grace period: `grace_from` or the expiry, whichever is
    /// later, plus the grace; `None` for an open grace.
    pub fn grace_ends(self, expires: NaiveDate) -> Option<NaiveDate> {
        let from = self.grace_from.map_or(expires, |f| f.max(expires));
        match self.grace {
            Grace::Days(days) => from
                .checked_add_days(Days::new(u64::from(days)))
                .or(Some(from)),
            Grace::Months(months) => add_months(from, months).or(Some(from)),
            Grace::Open => None,
        }
    }

    /// The last day of the inactive period: the last day of grace plus
    /// `inactive_months`.
    pub fn inactive_ends(self, expires: NaiveDate) -> Option<NaiveDate> {
        let grace_ends = self.grace_ends(expires)?;
        add_months(grace_ends, self.inactive_months?)
    }
}

/// The terms in words: `no grace period`, `6 months of grace after expiry (counted
/// from 2026-01-01 for a credential that expired before it)`, `59 days of grace after
/// expiry, then inactive for 24 months`, `post-expiry terms not published`.
impl std::fmt::Display for PostExpiry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let terms = match self {
            PostExpiry::NotPublished => return f.write_str("post-expiry terms not published"),
            PostExpiry::Published(terms) => terms,
        };
        match terms.grace {
            Grace::Days(0) => f.write_str("no grace period")?,
            Grace::Days(1) => f.write_str("1 day of grace after expiry")?,
            Grace::Days(d) => write!(f, "{d} days of grace after expiry")?,
            Grace::Months(1) => f.write_str("1 month of grace after expiry")?,
            Grace::Months(m) => write!(f, "{m} months of grace after expiry")?,
            Grace::Open => f.write_str("late renewal accepted with no published last day")?,
        }
        if let Some(from) = terms.grace_from {
            write!(
                f,
                " (counted from {from} for a credential that expired before it)"
            )?;
        }
        match terms.inactive_months {
            None => Ok(()),
            Some(1) => f.write_str(", then inactive for 1 month (reactivation possible)"),
            Some(m) => write!(f, ", then inactive for {m} months (reactivation possible)"),
        }
    }
}

/// The shortest and the longest number of days from an expiry to the day `end` gives
/// for it, over every expiry date (the calendar repeats every 400 years). Within a
/// month, a span counted in months is longest from its first day and shortest from
/// its last, so those are the days tried.
pub(crate) fn span_bounds(end: impl Fn(NaiveDate) -> Option<NaiveDate>) -> Option<(i64, i64)> {
    let mut bounds: Option<(i64, i64)> = None;
    let mut first = NaiveDate::from_ymd_opt(2000, 1, 1)?;
    for _ in 0..4800 {
        let next = add_months(first, 1)?;
        let last = next.pred_opt()?;
        for day in [first, last] {
            let span = (end(day)? - day).num_days();
            bounds = Some(bounds.map_or((span, span), |(lo, hi)| (lo.min(span), hi.max(span))));
        }
        first = next;
    }
    bounds
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn months(n: u32) -> AfterExpiry {
        AfterExpiry {
            grace: Grace::Months(n),
            grace_from: None,
            inactive_months: None,
        }
    }

    /// Six months after a month's last day is the last day of the month six months
    /// later, even when it is shorter.
    #[test]
    fn months_after_expiry_end_on_the_same_day_or_the_months_last() {
        let six = months(6);
        assert_eq!(six.grace_ends(date("2026-01-31")), Some(date("2026-07-31")));
        assert_eq!(six.grace_ends(date("2026-08-31")), Some(date("2027-02-28")));
        assert_eq!(six.grace_ends(date("2027-08-31")), Some(date("2028-02-29")));
        assert_eq!(six.grace_ends(date("2026-03-15")), Some(date("2026-09-15")));
    }

    /// `grace_from`: an expiry before it gets the grace from that day; a later one
    /// from its own expiry.
    #[test]
    fn grace_from_counts_from_the_later_day() {
        let terms = AfterExpiry {
            grace_from: Some(date("2026-01-01")),
            ..months(6)
        };
        assert_eq!(
            terms.grace_ends(date("2025-03-10")),
            Some(date("2026-07-01"))
        );
        assert_eq!(
            terms.grace_ends(date("2025-12-31")),
            Some(date("2026-07-01"))
        );
        assert_eq!(
            terms.grace_ends(date("2026-01-01")),
            Some(date("2026-07-01"))
        );
        assert_eq!(
            terms.grace_ends(date("2026-01-02")),
            Some(date("2026-07-02"))
        );
    }

    /// The inactive period counts from the last day of grace.
    #[test]
    fn inactive_months_count_from_the_end_of_grace() {
        let terms = AfterExpiry {
            grace: Grace::Days(59),
            grace_from: None,
            inactive_months: Some(24),
        };
        assert_eq!(
            terms.grace_ends(date("2025-12-31")),
            Some(date("2026-02-28"))
        );
        assert_eq!(
            terms.inactive_ends(date("2025-12-31")),
            Some(date("2028-02-28"))
        );
        let open = AfterExpiry {
            grace: Grace::Open,
            ..terms
        };
        assert_eq!(open.inactive_ends(date("2025-12-31")), None);
    }

    /// One month is 28 to 31 days; six months 181 to 184.
    #[test]
    fn span_bounds_of_months() {
        assert_eq!(span_bounds(|d| months(1).grace_ends(d)), Some((28, 31)));
        assert_eq!(span_bounds(|d| months(6).grace_ends(d)), Some((181, 184)));
        assert_eq!(span_bounds(|d| months(12).grace_ends(d)), Some((365, 366)));
    }
}
