//! A rule-set file as it gives its values, before they are made whole: each
//! edition's tables and keys `None` when the file leaves them out, never a stand-in
//! value. A rule set of its own completes them at once; an overlay ([`Overlay`]) is
//! completed only by merging with its base (`crate::overlay`).

use std::ops::Range;

use chrono::NaiveDate;

use super::{AfterExpiry, Anchor, Grace, PostExpiry, Provisional, Renewal, Stage};
use crate::id::CredentialId;
use crate::vocab::Confidence;

/// A rule set that `extends` another, as written: what it adds to its base.
#[derive(Debug, Clone)]
pub(crate) struct Overlay {
    pub id: CredentialId,
    pub name: String,
    pub jurisdiction: String,
    pub board: String,
    pub sources: Vec<String>,
    pub verified: NaiveDate,
    pub summary: Option<String>,
    /// The base.
    pub extends: CredentialId,
    /// Where the file names its base.
    pub extends_span: Range<usize>,
    /// Editions, oldest first.
    pub editions: Vec<EditionPatch>,
    /// Every credential a requirement names, with where.
    pub credential_refs: Vec<(CredentialId, Range<usize>)>,
}

impl Overlay {
    /// The edition in force on `date`: the latest one effective on or before it.
    pub fn edition_on(&self, date: NaiveDate) -> Option<&EditionPatch> {
        self.editions.iter().rev().find(|e| e.effective <= date)
    }
}

/// One `[[edition]]` as written: each table `None` when the file leaves it out.
#[derive(Debug, Clone)]
pub(crate) struct EditionPatch {
    pub effective: NaiveDate,
    /// Where `effective` is written.
    pub span: Range<usize>,
    pub note: Option<String>,
    pub initial: Option<StagePatch>,
    pub renewal: Option<RenewalPatch>,
    pub provisional: Option<ProvisionalPatch>,
}

/// A stage's requirements and fees as written, with where each requirement id is.
#[derive(Debug, Clone)]
pub(crate) struct StagePatch {
    pub stage: Stage,
    /// Each requirement id (nested ones included) and where it is written.
    pub ids: Vec<(String, Range<usize>)>,
}

impl StagePatch {
    /// Where the requirement `id` is written.
    pub fn place(&self, id: &str) -> Option<Range<usize>> {
        self.ids
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, span)| span.clone())
    }
}

/// `[edition.renewal]` as written: each key `None` when the file leaves it out.
#[derive(Debug, Clone)]
pub(crate) struct RenewalPatch {
    /// Where the table is.
    pub span: Range<usize>,
    pub cycle_months: Option<u32>,
    /// `post_expiry`: `Some(true)` for "published".
    pub published: Option<bool>,
    /// `grace_days`, `grace_months` or `grace_open = true`, whichever is given.
    pub grace: Option<Grace>,
    pub grace_from: Option<NaiveDate>,
    pub inactive_months: Option<u32>,
    pub citation: Option<String>,
    pub confidence: Option<Confidence>,
    pub anchor: Option<Anchor>,
    pub submit_from_days: Option<u32>,
    pub due_days: Option<u32>,
    pub first_cycle_ce: Option<bool>,
    pub ce_waived_within_months: Option<u32>,
    pub stage: StagePatch,
}

impl RenewalPatch {
    /// The keys with no default that the table leaves out.
    pub fn missing(&self) -> Vec<&'static str> {
        [
            ("cycle_months", self.cycle_months.is_none()),
            ("citation", self.citation.is_none()),
            ("confidence", self.confidence.is_none()),
        ]
        .into_iter()
        .filter_map(|(key, missing)| missing.then_some(key))
        .collect()
    }

    /// The post-expiry terms it gives, defaults filled in, when it says whether the
    /// board publishes them.
    pub fn post_expiry(&self) -> Option<PostExpiry> {
        Some(if self.published? {
            PostExpiry::Published(AfterExpiry {
                grace: self.grace.unwrap_or(Grace::Days(0)),
                grace_from: self.grace_from,
                inactive_months: self.inactive_months,
            })
        } else {
            PostExpiry::NotPublished
        })
    }

    /// Whether it gives any post-expiry key other than `post_expiry` itself.
    pub fn gives_terms(&self) -> bool {
        self.grace.is_some() || self.grace_from.is_some() || self.inactive_months.is_some()
    }

    /// The whole renewal, defaults filled in, when the table gives every key that
    /// has none ([`RenewalPatch::missing`] says which it does not). Without
    /// `post_expiry` (an overlay on a base with no renewal cycle, which inherits it),
    /// the terms are not published.
    pub fn complete(&self) -> Option<Renewal> {
        Some(Renewal {
            cycle_months: self.cycle_months?,
            post_expiry: self.post_expiry().unwrap_or(PostExpiry::NotPublished),
            citation: self.citation.clone()?,
            confidence: self.confidence?,
            anchor: self.anchor.unwrap_or_default(),
            submit_from_days: self.submit_from_days,
            due_days: self.due_days,
            first_cycle_ce: self.first_cycle_ce.unwrap_or(true),
            ce_waived_within_months: self.ce_waived_within_months,
            stage: self.stage.stage.clone(),
        })
    }
}

/// `[edition.provisional]` as written: each key `None` when the file leaves it out.
#[derive(Debug, Clone)]
pub(crate) struct ProvisionalPatch {
    /// Where the table is.
    pub span: Range<usize>,
    pub months: Option<u32>,
    pub extensions: Option<u32>,
    pub extension_months: Option<u32>,
    pub citation: Option<String>,
    pub confidence: Option<Confidence>,
    pub stage: StagePatch,
}

impl ProvisionalPatch {
    /// The keys with no default that the table leaves out.
    pub fn missing(&self) -> Vec<&'static str> {
        [
            ("months", self.months.is_none()),
            ("citation", self.citation.is_none()),
            ("confidence", self.confidence.is_none()),
        ]
        .into_iter()
        .filter_map(|(key, missing)| missing.then_some(key))
        .collect()
    }

    /// The whole provisional phase, defaults filled in, when the table gives every
    /// key that has none.
    pub fn complete(&self) -> Option<Provisional> {
        let months = self.months?;
        Some(Provisional {
            months,
            extensions: self.extensions.unwrap_or(0),
            extension_months: self.extension_months.unwrap_or(months),
            citation: self.citation.clone()?,
            confidence: self.confidence?,
            stage: self.stage.stage.clone(),
        })
    }
}
