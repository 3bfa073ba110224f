//! Rule sets: one credential as its board publishes it — identity, sources, and
//! editions, each with the requirements for initial certification and the renewal
//! cycle with its continuing-education requirements.
//!
//! The file format is documented in `docs/rule-sets.md`. Reading a file is the only
//! place a rule set's meaning is checked: [`RuleSet::parse`] reads a rule set of its
//! own, and a [`Library`](crate::Library) also reads overlays, which it merges with
//! their bases. Evaluation trusts what they return.

mod expiry;
mod layout;
pub(crate) mod patch;
mod raw;

/// The schema of a rule-set file: the file's keys, and the requirement tables its
/// stages hold ([`crate::requirement::RequirementSchema`]).
pub(crate) struct Schema;

impl schemars::JsonSchema for Schema {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RuleSet".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        generator.subschema_for::<crate::requirement::RequirementSchema>();
        raw::RuleSet::json_schema(generator)
    }
}

pub use layout::{FormatError, format, left_out};

use std::collections::BTreeSet;
use std::ops::Range;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::check::Checker;
use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::error::LoadError;
use crate::id::CredentialId;
use crate::quantity::Cents;
use crate::record::{HeldCredential, Record};
use crate::report::StageKind;
use crate::requirement::{Reader, Requirement, Rule};
use crate::salvage::{Parts, salvage};
use crate::topic::Topics;
use crate::vocab::{Confidence, FeeId, FeeKind};
pub(crate) use expiry::span_bounds;
pub use expiry::{AfterExpiry, Grace, PostExpiry};
use patch::{EditionPatch, Overlay, ProvisionalPatch, RenewalPatch, StagePatch};

/// The largest fee accepted.
const MAX_FEE: Cents = Cents::new(10_000_000);

/// One credential's rules, every edition of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleSet {
    /// The credential (`nj/cprs`).
    pub id: CredentialId,
    /// Its full name.
    pub name: String,
    /// The state or other jurisdiction.
    pub jurisdiction: String,
    /// The board or issuer.
    pub board: String,
    /// Where the rules were read: the board's own publications first.
    pub sources: Vec<String>,
    /// When someone last checked these rules against the sources.
    pub verified: NaiveDate,
    /// A short description for listings.
    pub summary: Option<String>,
    /// Editions, oldest first.
    pub editions: Vec<Edition>,
    /// The rule set this one extends, when it is an overlay merged with its base:
    /// its editions are the merged ones.
    pub extends: Option<CredentialId>,
    /// The base and what it extends in turn, nearest first (`extends`, its base's
    /// `extends`, …): a worker holding any of them renews this credential.
    #[serde(skip)]
    pub(crate) bases: Vec<CredentialId>,
    /// Every credential a requirement names, with where: checked once the whole
    /// library is read.
    #[serde(skip)]
    pub(crate) credential_refs: Vec<(CredentialId, Range<usize>)>,
}

/// Rules not verified against their sources for this long are flagged.
pub const STALE_AFTER_MONTHS: u32 = 12;

impl RuleSet {
    /// Whether the rules were last verified more than [`STALE_AFTER_MONTHS`] before `as_of`.
    pub fn is_stale(&self, as_of: NaiveDate) -> bool {
        as_of
            .checked_sub_months(chrono::Months::new(STALE_AFTER_MONTHS))
            .is_some_and(|limit| self.verified < limit)
    }

    /// The credential of this rule set that `record` holds on `as_of`: its own, or
    /// else, for an overlay, its base's (an agency's standard is renewed with the
    /// state credential it extends), or the base's base's, nearest first.
    pub fn held_in<'r>(&self, record: &'r Record, as_of: NaiveDate) -> Option<&'r HeldCredential> {
        record
            .held(&self.id, as_of)
            .or_else(|| self.bases.iter().find_map(|base| record.held(base, as_of)))
    }

    /// The edition in force on `date`: the latest one effective on or before it.
    pub fn edition_on(&self, date: NaiveDate) -> Option<&Edition> {
        self.editions.iter().rev().find(|e| e.effective <= date)
    }
}

/// The rules as they stood from one date until the next edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edition {
    /// The day this edition took effect.
    pub effective: NaiveDate,
    /// What changed, or what the date means.
    pub note: Option<String>,
    /// Requirements and fees for initial certification.
    pub initial: Stage,
    /// The renewal cycle, when the board publishes one.
    pub renewal: Option<Renewal>,
    /// A provisional phase, when the board issues a time-limited certification first.
    pub provisional: Option<Provisional>,
}

impl Edition {
    /// One of its stages, when it has it.
    pub fn stage(&self, kind: StageKind) -> Option<&Stage> {
        match kind {
            StageKind::Initial => Some(&self.initial),
            StageKind::Provisional => self.provisional.as_ref().map(|p| &p.stage),
            StageKind::Renewal => self.renewal.as_ref().map(|r| &r.stage),
        }
    }

    /// Its stages: initial certification, then renewal and the provisional phase
    /// where the board has them.
    pub fn stages(&self) -> impl Iterator<Item = &Stage> {
        std::iter::once(&self.initial)
            .chain(self.renewal.as_ref().map(|r| &r.stage))
            .chain(self.provisional.as_ref().map(|p| &p.stage))
    }
}

/// A provisional certification: it lasts `months`, may be extended, and ends with
/// what must be done during it to become fully certified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provisional {
    /// How long it lasts.
    pub months: u32,
    /// How many extensions the board may grant.
    pub extensions: u32,
    /// How long each extension lasts.
    pub extension_months: u32,
    /// Where the board publishes it.
    pub citation: String,
    /// How sure it is.
    pub confidence: Confidence,
    /// What must be met during it, and its fees.
    pub stage: Stage,
}

/// Requirements and fees of one purpose (initial or renewal).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Stage {
    /// What must be met.
    pub requirements: Vec<Requirement>,
    /// What must be paid.
    pub fees: Vec<Fee>,
}

/// The renewal cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Renewal {
    /// Length of one cycle.
    pub cycle_months: u32,
    /// What the board publishes about renewing after expiry: a grace period, an
    /// inactive period, or nothing at all.
    pub post_expiry: PostExpiry,
    /// Where the cycle and grace period are published.
    pub citation: String,
    /// How sure the cycle and grace period are.
    pub confidence: Confidence,
    /// What the expiry date is tied to.
    pub anchor: Anchor,
    /// The renewal may be submitted no earlier than this many days before expiry.
    pub submit_from_days: Option<u32>,
    /// The renewal is due this many days before expiry (late after that).
    pub due_days: Option<u32>,
    /// Whether continuing education is required in a first cycle shorter than a full one.
    pub first_cycle_ce: bool,
    /// Continuing education is waived at the first renewal of a credential issued
    /// within this many months before its expiry: the months that end on the expiry
    /// day, counted as a cycle is ([`crate::report::Cycle::start`]).
    pub ce_waived_within_months: Option<u32>,
    /// Requirements and fees of one cycle.
    pub stage: Stage,
}

/// What a credential's expiry date is tied to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Anchor {
    /// The issue date: a cycle after issue.
    #[default]
    Issued,
    /// The holder's birthday (the expiry falls on it).
    Birthday,
    /// The end of a calendar year (31 December).
    CalendarYear,
    /// A fixed date for every holder.
    Fixed {
        /// Month, 1–12.
        month: u32,
        /// Day of the month.
        day: u32,
        /// Which years: `odd`, `even` or `any`.
        years: Years,
    },
}

/// Which years a fixed expiry date falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Years {
    /// Every year.
    Any,
    /// Odd years only.
    Odd,
    /// Even years only.
    Even,
}

impl Anchor {
    /// Why `expires` does not fit this anchor, if it does not.
    pub fn mismatch(self, expires: NaiveDate, birth_date: Option<NaiveDate>) -> Option<String> {
        use chrono::Datelike;
        match self {
            Anchor::Issued => None,
            Anchor::Birthday => match birth_date {
                Some(b) if (b.month(), b.day()) == (expires.month(), expires.day()) => None,
                Some(b) => Some(format!(
                    "this credential expires on the holder's birthday, but the record's expiry {expires} is not on {}",
                    b.format("%B %-d")
                )),
                None => Some(
                    "this credential expires on the holder's birthday; add `birth_date` to the record to check the expiry date"
                        .to_owned(),
                ),
            },
            Anchor::CalendarYear => (expires.month() != 12 || expires.day() != 31).then(|| {
                format!("this credential expires at the end of a calendar year, but the record says {expires}")
            }),
            Anchor::Fixed { month, day, years } => {
                let parity_ok = match years {
                    Years::Any => true,
                    Years::Odd => expires.year() % 2 != 0,
                    Years::Even => expires.year() % 2 == 0,
                };
                let which = match years {
                    Years::Any => "every year",
                    Years::Odd => "odd-numbered years",
                    Years::Even => "even-numbered years",
                };
                (expires.month() != month || expires.day() != day || !parity_ok).then(|| {
                    format!(
                        "every credential of this kind expires on {month:02}-{day:02} of {which}, but the record says {expires}"
                    )
                })
            }
        }
    }
}

/// A fee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fee {
    /// What it pays for.
    pub kind: FeeKind,
    /// How much; zero when waived.
    pub amount: Cents,
    /// The board charges nothing for it (`waived = true`): answers say "waived".
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub waived: bool,
    /// Whether it is refunded when the application is refused or withdrawn; `None`
    /// when the board does not say.
    pub refundable: Option<bool>,
    /// For late and reinstatement fees: owed once the renewal is more than this many
    /// days past expiry (negative: before expiry, after a due date). Default 0.
    pub days_after_expiry: Option<i64>,
    /// A remark (such as a different price for paying online).
    pub note: Option<String>,
    /// Where it is published.
    pub citation: String,
    /// How sure it is.
    pub confidence: Confidence,
}

impl Fee {
    /// Which fee of its stage this is.
    pub fn id(&self) -> FeeId {
        FeeId::new(self.kind, self.days_after_expiry)
    }

    /// Its amount in words: `150.00`, or `waived`.
    pub fn amount_text(&self) -> String {
        crate::report::amount_text(self.amount, self.waived)
    }
}

/// A rule-set file, checked: a rule set of its own, or an overlay that is whole only
/// once merged with its base.
#[derive(Debug, Clone)]
pub(crate) enum RuleFile {
    /// A rule set that extends no other.
    Whole(RuleSet),
    /// A rule set that `extends` another.
    Overlay(Overlay),
}

impl RuleFile {
    /// Reads and checks a rule-set file; topics resolve against `topics`.
    pub(crate) fn parse(source: &Source, topics: &Topics) -> Result<RuleFile, LoadError> {
        let text = &source.text;
        let invalid = |e: toml::de::Error| {
            LoadError::Invalid(Diagnostics::new(
                source.clone(),
                vec![Diagnostic::from_toml(&e, text)],
            ))
        };
        // Requirement tables are taken out of the document before the rest is read,
        // so that each is read by its own kind's keys, spans kept.
        let mut document = DeTable::parse(text).map_err(invalid)?;
        let requirements = take_requirements(document.get_mut());
        let mut check = Checker::new(topics);
        let (file, shape) = match raw::RuleSet::deserialize(toml::de::Deserializer::from(document))
        {
            Ok(raw) => (convert(&mut check, raw, requirements, text), Vec::new()),
            // A file that does not read whole is read again part by part, so that each
            // part's problem is reported, and what reads is checked too.
            Err(e) => {
                let mut document = DeTable::parse(text).map_err(invalid)?;
                take_requirements(document.get_mut());
                match salvage::<raw::RuleSet>(document, &e, text, &PARTS) {
                    (Some(raw), shape) => (convert(&mut check, raw, requirements, text), shape),
                    (None, shape) => {
                        check_requirements(&mut check, requirements, text);
                        (None, shape)
                    }
                }
            }
        };
        let mut problems = check.problems;
        problems.extend(shape);
        problems.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
        match file {
            Some(file) if problems.is_empty() => Ok(file),
            _ => Err(LoadError::Invalid(Diagnostics::new(
                source.clone(),
                problems,
            ))),
        }
    }

    /// The credential the file defines.
    pub(crate) fn id(&self) -> &CredentialId {
        match self {
            RuleFile::Whole(ruleset) => &ruleset.id,
            RuleFile::Overlay(overlay) => &overlay.id,
        }
    }
}

impl RuleSet {
    /// Reads and checks a rule-set file; topics resolve against `topics`.
    ///
    /// A file that `extends` another is an overlay, whole only once merged with its
    /// base: this refuses it, and a [`Library`](crate::Library) reads it instead.
    pub fn parse(source: &Source, topics: &Topics) -> Result<RuleSet, LoadError> {
        match RuleFile::parse(source, topics)? {
            RuleFile::Whole(ruleset) => Ok(ruleset),
            RuleFile::Overlay(overlay) => Err(LoadError::Invalid(Diagnostics::new(
                source.clone(),
                vec![
                    Diagnostic::error(
                        format!(
                            "expected a rule set of its own, found an overlay of `{}`",
                            overlay.extends
                        ),
                        Some(overlay.extends_span),
                    )
                    .with_help(
                        "an overlay is whole only once merged with its base: load it into a library that holds the base",
                    ),
                ],
            ))),
        }
    }
}

/// How a rule-set file is read part by part: a fee with a wrong value is left out,
/// and any other wrong value leaves out its top-level key (most often every edition).
const PARTS: Parts = Parts {
    entries: &["fee"],
    describe: Diagnostic::from_toml,
};

/// Reads the requirements of every stage on their own, when the rest of the file does
/// not read, so that their problems are reported with the others.
fn check_requirements(check: &mut Checker<'_>, requirements: Vec<Taken<'_>>, text: &str) {
    for taken in requirements {
        let stages = [
            (taken.initial, Purpose::Initial),
            (taken.renewal, Purpose::Renewal),
            (taken.provisional, Purpose::Provisional),
        ];
        for (requirement, purpose) in stages {
            if requirement.is_some() {
                let parts = StageParts {
                    requirement,
                    fee: Vec::new(),
                };
                convert_stage(check, parts, purpose, text);
            }
        }
    }
}

/// The requirement tables of one edition, by stage, as written.
#[derive(Default)]
struct Taken<'i> {
    initial: Option<Spanned<DeValue<'i>>>,
    renewal: Option<Spanned<DeValue<'i>>>,
    provisional: Option<Spanned<DeValue<'i>>>,
}

/// Takes every stage's `requirement` array out of the document, edition by edition
/// in file order.
fn take_requirements<'i>(document: &mut DeTable<'i>) -> Vec<Taken<'i>> {
    let Some(DeValue::Array(editions)) = document.get_mut("edition").map(Spanned::get_mut) else {
        return Vec::new();
    };
    editions
        .iter_mut()
        .map(|edition| {
            let DeValue::Table(edition) = edition.get_mut() else {
                return Taken::default();
            };
            let mut take = |stage: &str| match edition.get_mut(stage).map(Spanned::get_mut) {
                Some(DeValue::Table(table)) => table.remove("requirement"),
                _ => None,
            };
            Taken {
                initial: take("initial"),
                renewal: take("renewal"),
                provisional: take("provisional"),
            }
        })
        .collect()
}

fn convert(
    check: &mut Checker<'_>,
    raw: raw::RuleSet,
    requirements: Vec<Taken<'_>>,
    text: &str,
) -> Option<RuleFile> {
    let id = check.credential_id(&raw.id);
    let name = check.text(&raw.name, "the credential's name");
    let jurisdiction = check.text(&raw.jurisdiction, "a jurisdiction");
    let board = check.text(&raw.board, "the board's name");
    let verified = check.date(&raw.verified);
    let mut sources = Vec::new();
    if raw.sources.get_ref().is_empty() {
        check.error(
            "expected at least one source URL, found none",
            raw.sources.span(),
        );
    }
    for url in raw.sources.get_ref() {
        if url.get_ref().starts_with("https://") || url.get_ref().starts_with("http://") {
            sources.push(url.get_ref().clone());
        } else {
            check.error(
                format!(
                    "expected a source URL starting with https://, found `{}`",
                    url.get_ref()
                ),
                url.span(),
            );
        }
    }
    if raw.edition.get_ref().is_empty() {
        check.error(
            "expected at least one `[[edition]]`, found none",
            raw.edition.span(),
        );
    }
    let extends = raw
        .extends
        .as_ref()
        .map(|e| (check.credential_id(e), e.span()));
    let whole = extends.is_none();
    let mut editions: Vec<EditionPatch> = Vec::new();
    let mut ok = true;
    let mut requirements = requirements.into_iter();
    for edition in raw.edition.into_inner() {
        let span = edition.get_ref().effective.span();
        if edition.get_ref().initial.is_none() && whole {
            check.error(
                "missing `[edition.initial]`: every edition says what initial certification takes (only an overlay with `extends` may leave it out)",
                span.clone(),
            );
            ok = false;
        }
        match convert_edition(
            check,
            edition.into_inner(),
            span,
            requirements.next().unwrap_or_default(),
            whole,
            text,
        ) {
            Some(e) => editions.push(e),
            None => ok = false,
        }
    }
    editions.sort_by_key(|e| e.effective);
    for pair in editions.windows(2) {
        if let [a, b] = pair
            && a.effective == b.effective
        {
            check.error(
                format!("two editions take effect on {}", b.effective),
                b.span.clone(),
            );
        }
    }
    ok.then_some(())?;
    let (id, name, jurisdiction, board, verified) = (id?, name?, jurisdiction?, board?, verified?);
    let credential_refs = std::mem::take(&mut check.credential_refs);
    Some(match extends {
        None => RuleFile::Whole(RuleSet {
            id,
            name,
            jurisdiction,
            board,
            sources,
            verified,
            summary: raw.summary,
            editions: editions
                .into_iter()
                .map(whole_edition)
                .collect::<Option<_>>()?,
            extends: None,
            bases: Vec::new(),
            credential_refs,
        }),
        Some((extends, extends_span)) => RuleFile::Overlay(Overlay {
            id,
            name,
            jurisdiction,
            board,
            sources,
            verified,
            summary: raw.summary,
            extends: extends?,
            extends_span,
            editions,
            credential_refs,
        }),
    })
}

/// A whole rule set's edition: [`convert_edition`] has already said what is missing
/// from it, so nothing is.
fn whole_edition(edition: EditionPatch) -> Option<Edition> {
    let renewal = match &edition.renewal {
        Some(r) => Some(r.complete()?),
        None => None,
    };
    let provisional = match &edition.provisional {
        Some(p) => Some(p.complete()?),
        None => None,
    };
    Some(Edition {
        effective: edition.effective,
        note: edition.note,
        initial: edition.initial?.stage,
        renewal,
        provisional,
    })
}

/// Checks every value an edition gives; in a `whole` rule set (not an overlay),
/// each key with no default must be given.
fn convert_edition(
    check: &mut Checker<'_>,
    raw: raw::Edition,
    span: Range<usize>,
    requirements: Taken<'_>,
    whole: bool,
    text: &str,
) -> Option<EditionPatch> {
    let effective = check.date(&raw.effective);
    let initial = match raw.initial {
        Some(stage) => stage_patch(
            check,
            StageParts {
                requirement: requirements.initial,
                fee: stage.into_inner().fee,
            },
            Purpose::Initial,
            text,
        )
        .map(Some),
        None => Some(None),
    };
    let renewal = match raw.renewal {
        Some(r) => convert_renewal(check, r, requirements.renewal, whole, text).map(Some),
        None => Some(None),
    };
    let provisional = match raw.provisional {
        Some(p) => convert_provisional(check, p, requirements.provisional, whole, text).map(Some),
        None => Some(None),
    };
    Some(EditionPatch {
        effective: effective?,
        span,
        note: raw.note,
        initial: initial?,
        renewal: renewal?,
        provisional: provisional?,
    })
}

/// Reports each key of `table` with no default that a whole rule set leaves out.
fn required(check: &mut Checker<'_>, table: &str, span: &Range<usize>, keys: &[(&str, bool)]) {
    for (key, given) in keys {
        if !given {
            let help = (*key == "post_expiry").then(|| {
                "`post_expiry = \"published\"` when the board says what happens after expiry (then give its grace period, if any), `\"not-published\"` when it does not".to_owned()
            });
            check.push(
                Diagnostic::error(format!("missing `{key}` in `{table}`"), Some(span.clone()))
                    .with_help_opt(help),
            );
        }
    }
}

/// The post-expiry keys of one `[edition.renewal]`, checked one by one and together.
struct Terms {
    published: Option<bool>,
    grace: Option<Grace>,
    grace_from: Option<NaiveDate>,
    inactive_months: Option<u32>,
}

impl Terms {
    /// The terms, when the table says whether the board publishes them.
    fn post_expiry(&self) -> Option<PostExpiry> {
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
}

/// Reads `post_expiry`, `grace_days`, `grace_months`, `grace_open`, `grace_from` and
/// `inactive_months`, and refuses combinations that contradict each other.
fn post_expiry_terms(check: &mut Checker<'_>, r: &raw::Renewal) -> Option<Terms> {
    let mut ok = true;
    let published = match &r.post_expiry {
        None => None,
        Some(p) => {
            let value = check.choice(
                p,
                &[("published", true), ("not-published", false)],
                "`post_expiry`",
            );
            ok &= value.is_some();
            value
        }
    };
    let days = match &r.grace_days {
        None => None,
        Some(d) => {
            let value = check.bounded(d, 0, 3650, "a grace period of 0 to 3650 days");
            ok &= value.is_some();
            value.map(Grace::Days)
        }
    };
    let months = match &r.grace_months {
        None => None,
        Some(m) => {
            let value = check.bounded(m, 1, 120, "a grace period of 1 to 120 months");
            ok &= value.is_some();
            value.map(Grace::Months)
        }
    };
    let open = r.grace_open.as_ref().filter(|g| *g.get_ref());
    if let Some(open) = open {
        for (key, given) in [
            ("grace_days", r.grace_days.is_some()),
            ("grace_months", r.grace_months.is_some()),
        ] {
            if given {
                check.error(
                    format!(
                        "`grace_open = true` and `{key}` contradict each other: an open grace period has no length"
                    ),
                    open.span(),
                );
                ok = false;
            }
        }
    }
    if let (Some(_), Some(m)) = (&r.grace_days, &r.grace_months) {
        check.error(
            "`grace_days` and `grace_months` contradict each other: a grace period has one length, found both",
            m.span(),
        );
        ok = false;
    }
    let grace_from = match &r.grace_from {
        None => None,
        Some(f) => {
            let value = check.date(f);
            ok &= value.is_some();
            if r.grace_days.is_none() && r.grace_months.is_none() {
                check.push(
                    Diagnostic::error(
                        "`grace_from` gives the day a grace period counts from, but there is no grace period: expected `grace_days` or `grace_months` beside it, found neither",
                        Some(f.span()),
                    )
                    .with_help("write the grace period's length, or remove `grace_from`"),
                );
                ok = false;
            }
            value
        }
    };
    let inactive_months = match &r.inactive_months {
        None => None,
        Some(m) => {
            let value = check.bounded(m, 1, 120, "an inactive period of 1 to 120 months");
            ok &= value.is_some();
            if open.is_some() {
                check.error(
                    "`inactive_months` and `grace_open = true` contradict each other: an open grace period never ends, so the credential never becomes inactive",
                    m.span(),
                );
                ok = false;
            }
            value
        }
    };
    if published == Some(false) {
        let keys = [
            ("grace_days", r.grace_days.as_ref().map(Spanned::span)),
            ("grace_months", r.grace_months.as_ref().map(Spanned::span)),
            ("grace_open", r.grace_open.as_ref().map(Spanned::span)),
            ("grace_from", r.grace_from.as_ref().map(Spanned::span)),
            (
                "inactive_months",
                r.inactive_months.as_ref().map(Spanned::span),
            ),
        ];
        for (key, span) in keys {
            if let Some(span) = span {
                check.push(
                    Diagnostic::error(
                        format!(
                            "`{key}` is a term after expiry, but `post_expiry = \"not-published\"` says the board publishes none"
                        ),
                        Some(span),
                    )
                    .with_help(format!(
                        "remove `{key}`, or set `post_expiry = \"published\"` and cite the board's terms"
                    )),
                );
                ok = false;
            }
        }
    }
    ok.then_some(Terms {
        published,
        grace: days.or(months).or(open.map(|_| Grace::Open)),
        grace_from,
        inactive_months,
    })
}

/// Why a `late` or `reinstatement` fee owed more than `days` days after expiry can
/// never be owed under `terms`, with help, when it cannot: a late fee is owed only
/// in the grace period, a reinstatement fee in the grace or inactive period, and
/// neither when the board publishes no terms after expiry (a late fee owed before
/// expiry, `days` negative, is always possible).
///
/// `subject` names the fee in the message: `this fee`, `the late fee`.
pub(crate) fn fee_never_owed(
    terms: PostExpiry,
    kind: FeeKind,
    days: i64,
    subject: &str,
) -> Option<(String, Option<String>)> {
    if days < 0 {
        return None;
    }
    let terms = match terms {
        PostExpiry::NotPublished => {
            return Some((
                format!(
                    "a `{}` fee owed after expiry, but `post_expiry = \"not-published\"` says the board publishes no terms after expiry",
                    kind.as_str()
                ),
                Some(
                    "set `post_expiry = \"published\"` with the board's grace period, or leave the fee out"
                        .to_owned(),
                ),
            ));
        }
        PostExpiry::Published(terms) => terms,
    };
    let inactive = terms.inactive_months.is_some();
    // Every month counts at least 28 days, so a fee owed sooner than that floor is
    // owed on some expiry, without trying every expiry of the calendar.
    let floor = match terms.grace {
        Grace::Days(days) => i64::from(days),
        Grace::Months(months) => 28 * i64::from(months),
        Grace::Open => return None,
    } + match (kind, terms.inactive_months) {
        (FeeKind::Reinstatement, Some(months)) => 28 * i64::from(months),
        _ => 0,
    };
    if days < floor {
        return None;
    }
    let (limit, what, then) = match (kind, inactive) {
        (FeeKind::Reinstatement, true) => (
            span_bounds(|d| terms.inactive_ends(d))?.0,
            "the inactive period",
            "lapses",
        ),
        (FeeKind::Late, true) => (
            span_bounds(|d| terms.grace_ends(d))?.0,
            "the grace period",
            "becomes inactive",
        ),
        (FeeKind::Late | FeeKind::Reinstatement, false)
        | (FeeKind::Application | FeeKind::Exam | FeeKind::Certification | FeeKind::Renewal, _) => {
            (
                span_bounds(|d| terms.grace_ends(d))?.0,
                "the grace period",
                "lapses",
            )
        }
    };
    if days < limit {
        return None;
    }
    let exact =
        matches!(terms.grace, Grace::Days(_)) && !(inactive && kind == FeeKind::Reinstatement);
    let (ends, never) = if exact {
        ("ends", "it can never be owed")
    } else {
        ("can end", "then it is never owed")
    };
    let help = (kind == FeeKind::Late && inactive)
        .then(|| "a fee of the inactive period is a `reinstatement` fee".to_owned());
    Some((
        format!(
            "{subject} is owed only more than {days} days after expiry, but {what} {ends} {limit} days after expiry, when the credential {then}: {never}"
        ),
        help,
    ))
}

/// An optional value once checked: `Some(None)` when it is not given, `None` when
/// it is given and wrong (the checker has said why).
fn optional<T>(checked: Option<Option<T>>) -> Option<Option<T>> {
    checked.map_or(Some(None), |value| value.map(Some))
}

fn convert_renewal(
    check: &mut Checker<'_>,
    raw: Spanned<raw::Renewal>,
    requirement: Option<Spanned<DeValue<'_>>>,
    whole: bool,
    text: &str,
) -> Option<RenewalPatch> {
    let span = raw.span();
    let r = raw.into_inner();
    // An overlay may leave these to a base that has a cycle (checked when merged).
    if whole {
        required(
            check,
            "[edition.renewal]",
            &span,
            &[
                ("cycle_months", r.cycle_months.is_some()),
                ("post_expiry", r.post_expiry.is_some()),
                ("citation", r.citation.is_some()),
                ("confidence", r.confidence.is_some()),
            ],
        );
    }
    let cycle = optional(
        r.cycle_months
            .as_ref()
            .map(|c| check.bounded(c, 1, 120, "a cycle of 1 to 120 months")),
    );
    let terms = post_expiry_terms(check, &r);
    let citation = optional(r.citation.as_ref().map(|c| check.text(c, "a citation")));
    let confidence = optional(
        r.confidence
            .as_ref()
            .map(|c| check.choice(c, &Confidence::ALL, "confidence")),
    );
    // A late fee must start inside the grace period, a reinstatement fee inside the
    // grace or inactive period: after them the credential has lapsed and the fee can
    // never be owed. (An overlay's terms may be its base's, checked when merged.)
    // "Not published" refuses fees owed after expiry even when other keys are wrong.
    let fee_terms = terms.as_ref().and_then(Terms::post_expiry).or_else(|| {
        r.post_expiry
            .as_ref()
            .is_some_and(|p| p.get_ref() == "not-published")
            .then_some(PostExpiry::NotPublished)
    });
    if whole && let Some(post_expiry) = fee_terms {
        for fee in &r.fee {
            let fee = fee.get_ref();
            let kind = match fee.kind.get_ref().as_str() {
                "late" => FeeKind::Late,
                "reinstatement" => FeeKind::Reinstatement,
                _ => continue,
            };
            let days = fee.days_after_expiry.as_ref().map_or(0, |d| *d.get_ref());
            let span = fee
                .days_after_expiry
                .as_ref()
                .map_or_else(|| fee.kind.span(), Spanned::span);
            if let Some((message, help)) = fee_never_owed(post_expiry, kind, days, "this fee") {
                check.push(Diagnostic::error(message, Some(span)).with_help_opt(help));
            }
        }
    }
    let stage = stage_patch(
        check,
        StageParts {
            requirement,
            fee: r.fee,
        },
        Purpose::Renewal,
        text,
    );
    let days = |check: &mut Checker<'_>, v: &Option<Spanned<i64>>| {
        optional(
            v.as_ref()
                .map(|v| check.bounded(v, 0, 3650, "a number of days from 0 to 3650")),
        )
    };
    let submit_from_days = days(check, &r.submit_from_days);
    let due_days = days(check, &r.due_days);
    let waived = optional(
        r.ce_waived_within_months
            .as_ref()
            .map(|m| check.bounded(m, 1, 120, "a number of months from 1 to 120")),
    );
    let anchor = optional(r.anchor.as_ref().map(|a| anchor(check, a)));
    Some(RenewalPatch {
        span,
        cycle_months: cycle?,
        published: terms.as_ref()?.published,
        grace: terms.as_ref()?.grace,
        grace_from: terms.as_ref()?.grace_from,
        inactive_months: terms.as_ref()?.inactive_months,
        citation: citation?,
        confidence: confidence?,
        anchor: anchor?,
        submit_from_days: submit_from_days?,
        due_days: due_days?,
        first_cycle_ce: r.first_cycle_ce,
        ce_waived_within_months: waived?,
        stage: stage?,
    })
}

fn convert_provisional(
    check: &mut Checker<'_>,
    raw: Spanned<raw::Provisional>,
    requirement: Option<Spanned<DeValue<'_>>>,
    whole: bool,
    text: &str,
) -> Option<ProvisionalPatch> {
    let span = raw.span();
    let p = raw.into_inner();
    // An overlay may leave these to a base that has a provisional phase.
    if whole {
        required(
            check,
            "[edition.provisional]",
            &span,
            &[
                ("months", p.months.is_some()),
                ("citation", p.citation.is_some()),
                ("confidence", p.confidence.is_some()),
            ],
        );
    }
    let months = optional(
        p.months
            .as_ref()
            .map(|m| check.bounded(m, 1, 60, "a number of months from 1 to 60")),
    );
    let extensions = optional(
        p.extensions
            .as_ref()
            .map(|e| check.bounded(e, 0, 10, "a number of extensions from 0 to 10")),
    );
    let extension_months = optional(
        p.extension_months
            .as_ref()
            .map(|m| check.bounded(m, 1, 60, "a number of months from 1 to 60")),
    );
    let citation = optional(p.citation.as_ref().map(|c| check.text(c, "a citation")));
    let confidence = optional(
        p.confidence
            .as_ref()
            .map(|c| check.choice(c, &Confidence::ALL, "confidence")),
    );
    let stage = stage_patch(
        check,
        StageParts {
            requirement,
            fee: p.fee,
        },
        Purpose::Provisional,
        text,
    );
    Some(ProvisionalPatch {
        span,
        months: months?,
        extensions: extensions?,
        extension_months: extension_months?,
        citation: citation?,
        confidence: confidence?,
        stage: stage?,
    })
}

/// A stage, checked, with where each of its requirement ids is written.
fn stage_patch(
    check: &mut Checker<'_>,
    raw: StageParts<'_>,
    purpose: Purpose,
    text: &str,
) -> Option<StagePatch> {
    check.requirement_spans.clear();
    let stage = convert_stage(check, raw, purpose, text);
    let ids = std::mem::take(&mut check.requirement_spans);
    Some(StagePatch { stage: stage?, ids })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Initial,
    Provisional,
    Renewal,
}

impl Purpose {
    /// What the stage's period is called, when it has one.
    fn period(self) -> Option<&'static str> {
        match self {
            Purpose::Initial => None,
            Purpose::Provisional => Some(crate::requirement::PROVISIONAL_PERIOD),
            Purpose::Renewal => Some(crate::requirement::RENEWAL_PERIOD),
        }
    }
}

struct StageParts<'i> {
    requirement: Option<Spanned<DeValue<'i>>>,
    fee: Vec<Spanned<raw::Fee>>,
}

fn convert_stage(
    check: &mut Checker<'_>,
    raw: StageParts<'_>,
    purpose: Purpose,
    text: &str,
) -> Option<Stage> {
    let mut reader = Reader {
        text,
        ids: BTreeSet::new(),
        period: purpose.period(),
    };
    let mut requirements = Vec::new();
    let mut ok = true;
    if let Some(list) = raw.requirement {
        let span = list.span();
        match list.into_inner() {
            DeValue::Array(list) => {
                for r in list {
                    match reader.read(check, r, None) {
                        Some(r) => requirements.push(r),
                        None => ok = false,
                    }
                }
            }
            _ => {
                check.error("expected `requirement` to be an array of tables", span);
                ok = false;
            }
        }
    }
    let mut fees: Vec<Fee> = Vec::new();
    let mut seen: Vec<FeeId> = Vec::new();
    for f in &raw.fee {
        let f = f.get_ref();
        let kind = check.choice(&f.kind, &FeeKind::ALL, "fee kind");
        if let Some(kind) = kind {
            let fits = match purpose {
                Purpose::Initial | Purpose::Provisional => !matches!(
                    kind,
                    FeeKind::Renewal | FeeKind::Late | FeeKind::Reinstatement
                ),
                Purpose::Renewal => matches!(
                    kind,
                    FeeKind::Renewal | FeeKind::Late | FeeKind::Reinstatement
                ),
            };
            if !fits {
                let stage = match purpose {
                    Purpose::Initial | Purpose::Provisional => "initial certification",
                    Purpose::Renewal => "renewal",
                };
                check.error(
                    format!("a `{}` fee does not belong to {stage}", kind.as_str()),
                    f.kind.span(),
                );
                ok = false;
            }
        }
        let amount = match (&f.amount, &f.waived) {
            (Some(a), None) => check.amount(a, MAX_FEE).map(|a| (a, false)),
            (None, Some(w)) if *w.get_ref() => Some((Cents::ZERO, true)),
            (None, Some(w)) => {
                check.push(
                    Diagnostic::error("expected `waived = true`, found `false`", Some(w.span()))
                        .with_help("a fee that is charged gives its `amount` instead"),
                );
                None
            }
            (Some(_), Some(w)) => {
                check.push(
                    Diagnostic::error(
                        "a fee has either `amount` or `waived = true`, not both",
                        Some(w.span()),
                    )
                    .with_help("a waived fee is stated without an amount; say in `note` what it was before"),
                );
                None
            }
            (None, None) => {
                check.push(
                    Diagnostic::error(
                        format!("missing `amount` for a `{}` fee", f.kind.get_ref()),
                        Some(f.kind.span()),
                    )
                    .with_help(
                        "give the amount, or `waived = true` when the board charges nothing",
                    ),
                );
                None
            }
        };
        let days_after_expiry = match (&f.days_after_expiry, kind) {
            (None, _) => Some(None),
            (Some(d), Some(FeeKind::Late | FeeKind::Reinstatement)) => {
                if (-3650..=3650).contains(d.get_ref()) {
                    Some(Some(*d.get_ref()))
                } else {
                    check.error(
                        format!(
                            "expected a number of days from -3650 to 3650, found {}",
                            d.get_ref()
                        ),
                        d.span(),
                    );
                    None
                }
            }
            (Some(d), _) => {
                check.error(
                    "`days_after_expiry` applies only to `late` and `reinstatement` fees",
                    d.span(),
                );
                None
            }
        };
        let citation = check.text(&f.citation, "a citation");
        let confidence = check.choice(&f.confidence, &Confidence::ALL, "confidence");
        if let (Some(kind), Some(days)) = (kind, days_after_expiry) {
            let id = FeeId::new(kind, days);
            if seen.contains(&id) {
                let (when, help) = match id.timing() {
                    Some(timing) => (
                        format!(" {timing}"),
                        Some(format!(
                            "each `{}` fee of a stage needs its own `days_after_expiry` (left out, it is 0)",
                            kind.as_str()
                        )),
                    ),
                    None => (String::new(), None),
                };
                check.push(
                    Diagnostic::error(
                        format!("a second `{}` fee{when} in the same stage", kind.as_str()),
                        Some(f.kind.span()),
                    )
                    .with_help_opt(help),
                );
                ok = false;
            }
            seen.push(id);
        }
        match (kind, amount, citation, confidence, days_after_expiry) {
            (
                Some(kind),
                Some((amount, waived)),
                Some(citation),
                Some(confidence),
                Some(days_after_expiry),
            ) => fees.push(Fee {
                kind,
                amount,
                waived,
                refundable: f.refundable,
                days_after_expiry,
                note: f.note.clone(),
                citation,
                confidence,
            }),
            _ => ok = false,
        }
    }
    ok.then_some(Stage { requirements, fees })
}

impl RuleSet {
    /// Calls `f` with every rule of every edition, nested ones included.
    pub fn each_rule<'a>(&'a self, f: &mut impl FnMut(&'a Rule)) {
        for edition in &self.editions {
            for stage in edition.stages() {
                for r in &stage.requirements {
                    r.walk(&mut |r: &'a Requirement| f(&r.rule));
                }
            }
        }
    }

    /// Calls `f` with every rule of every edition, nested ones included, to change it.
    pub(crate) fn each_rule_mut(&mut self, f: &mut impl FnMut(&mut Rule)) {
        for edition in &mut self.editions {
            let stages = std::iter::once(&mut edition.initial)
                .chain(edition.renewal.as_mut().map(|r| &mut r.stage))
                .chain(edition.provisional.as_mut().map(|p| &mut p.stage));
            for stage in stages {
                for r in &mut stage.requirements {
                    r.walk_rules_mut(f);
                }
            }
        }
    }
}

/// Reads `anchor = "issued" | "birthday" | "calendar-year"` or
/// `anchor = { month = 9, day = 1, years = "odd" }`.
fn anchor(check: &mut Checker<'_>, value: &Spanned<toml::Value>) -> Option<Anchor> {
    let expected = "expected `anchor` to be \"issued\", \"birthday\", \"calendar-year\" or a table such as { month = 9, day = 1, years = \"odd\" }";
    match value.get_ref() {
        toml::Value::String(s) => match s.as_str() {
            "issued" => Some(Anchor::Issued),
            "birthday" => Some(Anchor::Birthday),
            "calendar-year" => Some(Anchor::CalendarYear),
            _ => {
                check.error(format!("{expected}, found \"{s}\""), value.span());
                None
            }
        },
        toml::Value::Table(t) => {
            let int = |key: &str| t.get(key).and_then(toml::Value::as_integer);
            let years = match t.get("years").map(toml::Value::as_str) {
                None => Some(Years::Any),
                Some(Some("any")) => Some(Years::Any),
                Some(Some("odd")) => Some(Years::Odd),
                Some(Some("even")) => Some(Years::Even),
                Some(_) => None,
            };
            let unknown = t
                .keys()
                .any(|k| !["month", "day", "years"].contains(&k.as_str()));
            let (Some(month), Some(day), Some(years), false) =
                (int("month"), int("day"), years, unknown)
            else {
                check.error(expected, value.span());
                return None;
            };
            let valid = u32::try_from(month)
                .ok()
                .zip(u32::try_from(day).ok())
                .filter(|(m, d)| NaiveDate::from_ymd_opt(2000, *m, *d).is_some());
            match valid {
                Some((month, day)) => Some(Anchor::Fixed { month, day, years }),
                None => {
                    check.error(
                        format!("expected a real month and day, found month {month}, day {day}"),
                        value.span(),
                    );
                    None
                }
            }
        }
        _ => {
            check.error(expected, value.span());
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Library;

    fn load(renewal_fees: &str) -> Result<RuleSet, LoadError> {
        let text = format!(
            r#"id = "acme/peer"
name = "Test"
jurisdiction = "Testland"
board = "Board"
sources = ["https://example.org/rules"]
verified = 2026-01-01

[[edition]]
effective = 2020-01-01

[edition.initial]

[edition.renewal]
cycle_months = 24
post_expiry = "published"
grace_days = 90
citation = "Test cycle"
confidence = "board"
{renewal_fees}"#
        );
        let library = Library::embedded().unwrap();
        RuleSet::parse(&Source::new("r.toml", text), library.topics())
    }

    fn fee(kind: &str, amount: u32, days: Option<i64>) -> String {
        let days = days.map_or_else(String::new, |d| format!("days_after_expiry = {d}\n"));
        format!(
            "\n[[edition.renewal.fee]]\nkind = \"{kind}\"\namount = {amount}\n{days}citation = \"Test fee\"\nconfidence = \"board\"\n"
        )
    }

    /// Fees of one kind at different thresholds are a ladder, each with its identity.
    #[test]
    fn late_fees_at_different_thresholds_are_different_fees() {
        let rules = load(&format!(
            "{}{}{}",
            fee("late", 25, None),
            fee("late", 50, Some(30)),
            fee("late", 75, Some(-10))
        ))
        .unwrap();
        let ids: Vec<FeeId> = rules.editions[0]
            .renewal
            .as_ref()
            .unwrap()
            .stage
            .fees
            .iter()
            .map(Fee::id)
            .collect();
        let late = |days_after_expiry| FeeId {
            kind: FeeKind::Late,
            days_after_expiry,
        };
        assert_eq!(ids, [late(0), late(30), late(-10)]);
        assert_eq!(
            ids.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "late fee owed after expiry",
                "late fee owed more than 30 days after expiry",
                "late fee owed when fewer than 10 days remain before expiry"
            ]
        );
    }

    /// A threshold left out is 0: a late fee without one and one with
    /// `days_after_expiry = 0` are the same fee, set twice.
    #[test]
    fn a_late_fee_without_a_threshold_is_the_one_at_day_0() {
        let err = load(&format!(
            "{}{}",
            fee("late", 25, None),
            fee("late", 50, Some(0))
        ))
        .unwrap_err()
        .to_string();
        assert_eq!(
            err,
            "error: a second `late` fee owed after expiry in the same stage\n  --> r.toml:27:8\n   |\n27 | kind = \"late\"\n   |        ^^^^^^\n   = help: each `late` fee of a stage needs its own `days_after_expiry` (left out, it is 0)"
        );
    }

    /// Other kinds have no threshold: one of each per stage.
    #[test]
    fn a_second_renewal_fee_is_refused() {
        let err = load(&format!(
            "{}{}",
            fee("renewal", 60, None),
            fee("renewal", 80, None)
        ))
        .unwrap_err()
        .to_string();
        assert_eq!(
            err,
            "error: a second `renewal` fee in the same stage\n  --> r.toml:27:8\n   |\n27 | kind = \"renewal\"\n   |        ^^^^^^^^^"
        );
    }

    /// A renewal table with `keys` after `cycle_months` (its lines from 16 on), and
    /// `fees`; the whole answer, or every error in one string.
    fn renewal(keys: &str, fees: &str) -> Result<PostExpiry, String> {
        let text = format!(
            "id = \"acme/peer\"\nname = \"Test\"\njurisdiction = \"Testland\"\nboard = \"Board\"\nsources = [\"https://example.org/rules\"]\nverified = 2026-01-01\n\n[[edition]]\neffective = 2020-01-01\n\n[edition.initial]\n\n[edition.renewal]\ncycle_months = 24\n{keys}\ncitation = \"Test cycle\"\nconfidence = \"board\"\n{fees}"
        );
        let library = Library::embedded().unwrap();
        RuleSet::parse(&Source::new("r.toml", text), library.topics())
            .map(|r| r.editions[0].renewal.as_ref().unwrap().post_expiry)
            .map_err(|e| e.to_string())
    }

    /// Every rule set of its own says whether the board publishes terms after expiry.
    #[test]
    fn post_expiry_is_required() {
        assert_eq!(
            renewal("grace_days = 30", "").unwrap_err(),
            "error: missing `post_expiry` in `[edition.renewal]`\n  --> r.toml:13:1\n   |\n13 | [edition.renewal]\n   | ^^^^^^^^^^^^^^^^^\n   = help: `post_expiry = \"published\"` when the board says what happens after expiry (then give its grace period, if any), `\"not-published\"` when it does not"
        );
        assert_eq!(
            renewal("post_expiry = \"unpublished\"", "").unwrap_err(),
            "error: unknown `post_expiry` `unpublished`, expected one of `published`, `not-published`\n  --> r.toml:15:15\n   |\n15 | post_expiry = \"unpublished\"\n   |               ^^^^^^^^^^^^^\n   = help: did you mean `published`?"
        );
        assert_eq!(
            renewal("post_expiry = \"not-published\"", ""),
            Ok(PostExpiry::NotPublished)
        );
        assert_eq!(
            renewal("post_expiry = \"published\"", ""),
            Ok(PostExpiry::Published(AfterExpiry {
                grace: Grace::Days(0),
                grace_from: None,
                inactive_months: None
            }))
        );
        assert_eq!(
            renewal(
                "post_expiry = \"published\"\ngrace_months = 6\ngrace_from = 2026-01-01\ninactive_months = 24",
                ""
            ),
            Ok(PostExpiry::Published(AfterExpiry {
                grace: Grace::Months(6),
                grace_from: NaiveDate::from_ymd_opt(2026, 1, 1),
                inactive_months: Some(24)
            }))
        );
    }

    /// "Not published" allows no term after expiry, and no fee owed after it; a late
    /// fee owed before expiry (New York's, 45 days before) is not a term after it.
    #[test]
    fn not_published_allows_no_terms_after_expiry() {
        let err = renewal(
            "post_expiry = \"not-published\"\ngrace_days = 0\ninactive_months = 12",
            &fee("late", 25, None),
        )
        .unwrap_err();
        assert_eq!(
            err,
            "error: `grace_days` is a term after expiry, but `post_expiry = \"not-published\"` says the board publishes none\n  --> r.toml:16:14\n   |\n16 | grace_days = 0\n   |              ^\n   = help: remove `grace_days`, or set `post_expiry = \"published\"` and cite the board's terms\n\nerror: `inactive_months` is a term after expiry, but `post_expiry = \"not-published\"` says the board publishes none\n  --> r.toml:17:19\n   |\n17 | inactive_months = 12\n   |                   ^^\n   = help: remove `inactive_months`, or set `post_expiry = \"published\"` and cite the board's terms\n\nerror: a `late` fee owed after expiry, but `post_expiry = \"not-published\"` says the board publishes no terms after expiry\n  --> r.toml:22:8\n   |\n22 | kind = \"late\"\n   |        ^^^^^^\n   = help: set `post_expiry = \"published\"` with the board's grace period, or leave the fee out"
        );
        assert_eq!(
            renewal(
                "post_expiry = \"not-published\"",
                &fee("late", 25, Some(-45))
            ),
            Ok(PostExpiry::NotPublished)
        );
    }

    /// A grace period has one length; `grace_from` needs one; an open grace never
    /// ends, so it has no inactive period after it.
    #[test]
    fn contradictory_grace_keys_are_refused() {
        assert_eq!(
            renewal(
                "post_expiry = \"published\"\ngrace_days = 30\ngrace_months = 1",
                ""
            )
            .unwrap_err(),
            "error: `grace_days` and `grace_months` contradict each other: a grace period has one length, found both\n  --> r.toml:17:16\n   |\n17 | grace_months = 1\n   |                ^"
        );
        assert_eq!(
            renewal("post_expiry = \"published\"\ngrace_from = 2026-01-01", "").unwrap_err(),
            "error: `grace_from` gives the day a grace period counts from, but there is no grace period: expected `grace_days` or `grace_months` beside it, found neither\n  --> r.toml:16:14\n   |\n16 | grace_from = 2026-01-01\n   |              ^^^^^^^^^^\n   = help: write the grace period's length, or remove `grace_from`"
        );
        assert_eq!(
            renewal(
                "post_expiry = \"published\"\ngrace_open = true\ninactive_months = 24",
                ""
            )
            .unwrap_err(),
            "error: `inactive_months` and `grace_open = true` contradict each other: an open grace period never ends, so the credential never becomes inactive\n  --> r.toml:17:19\n   |\n17 | inactive_months = 24\n   |                   ^^"
        );
        assert_eq!(
            renewal("post_expiry = \"published\"\ngrace_months = 0", "").unwrap_err(),
            "error: expected a grace period of 1 to 120 months, found 0\n  --> r.toml:16:16\n   |\n16 | grace_months = 0\n   |                ^"
        );
    }

    /// A late fee is owed only in the grace period, a reinstatement fee in the grace or
    /// inactive period. Six months are at least 181 days.
    #[test]
    fn fees_must_fall_in_the_period_they_belong_to() {
        let terms = "post_expiry = \"published\"\ngrace_days = 59\ninactive_months = 24";
        assert!(renewal(terms, &fee("reinstatement", 100, Some(59))).is_ok());
        assert_eq!(
            renewal(terms, &fee("late", 25, Some(59))).unwrap_err(),
            "error: this fee is owed only more than 59 days after expiry, but the grace period ends 59 days after expiry, when the credential becomes inactive: it can never be owed\n  --> r.toml:24:21\n   |\n24 | days_after_expiry = 59\n   |                     ^^\n   = help: a fee of the inactive period is a `reinstatement` fee"
        );
        assert_eq!(
            renewal(terms, &fee("reinstatement", 100, Some(790))).unwrap_err(),
            "error: this fee is owed only more than 790 days after expiry, but the inactive period can end 789 days after expiry, when the credential lapses: then it is never owed\n  --> r.toml:24:21\n   |\n24 | days_after_expiry = 790\n   |                     ^^^"
        );
        let months = "post_expiry = \"published\"\ngrace_months = 6";
        assert!(renewal(months, &fee("late", 75, Some(180))).is_ok());
        assert_eq!(
            renewal(months, &fee("late", 75, Some(181))).unwrap_err(),
            "error: this fee is owed only more than 181 days after expiry, but the grace period can end 181 days after expiry, when the credential lapses: then it is never owed\n  --> r.toml:23:21\n   |\n23 | days_after_expiry = 181\n   |                     ^^^"
        );
    }

    /// 60 fees with a value of the wrong type: each is a problem, the first 50 are
    /// shown in file order, and one line counts the rest.
    #[test]
    fn every_type_error_is_reported_and_the_shown_ones_capped() {
        let fees: String = (0..60)
            .map(|i| format!("\n[[edition.renewal.fee]]\nkind = \"late\"\namount = 5\ndays_after_expiry = {i}\ncitation = {i}\nconfidence = \"board\"\n"))
            .collect();
        let Err(LoadError::Invalid(problems)) = load(&fees) else {
            panic!("the rule set should be refused");
        };
        assert_eq!(problems.items().len(), 60);
        let shown = problems.to_string();
        assert!(shown.starts_with(
            "error: expected a string, found integer `0`\n  --> r.toml:24:12\n   |\n24 | citation = 0\n   |            ^\n\n"
        ));
        assert!(shown.ends_with(
            "error: expected a string, found integer `49`\n   --> r.toml:367:12\n    |\n367 | citation = 49\n    |            ^^\n\nand 10 more problems in `r.toml`"
        ));
        assert_eq!(shown.matches("error: ").count(), 50);
    }
}
