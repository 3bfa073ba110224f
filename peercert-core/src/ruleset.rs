//! Rule sets: one credential as its board publishes it — identity, sources, and
//! editions, each with the requirements for initial certification and the renewal
//! cycle with its continuing-education requirements.
//!
//! The file format is documented in `docs/rule-sets.md`. [`RuleSet::parse`] is the
//! only place a rule set's meaning is checked; evaluation trusts what it returns.

mod raw;

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::NaiveDate;
use serde::Serialize;
use toml::Spanned;

use crate::check::Checker;
use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::error::LoadError;
use crate::id::{AttestationKind, CredentialId, ExamId, RequirementId, TopicId};
use crate::quantity::{Cents, Hours};
use crate::topic::Topics;
use crate::vocab::{Confidence, FeeKind, Format};

/// The most hours one requirement may ask for.
const MAX_REQUIRED_HOURS: Hours = Hours::from_whole(20_000);
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
    /// The rule set this one extends (an overlay), when it does. In a library,
    /// an overlay's editions are already merged with its base's.
    pub extends: Option<CredentialId>,
    /// Places in the file, for the checks that run once the whole library is read.
    #[serde(skip)]
    pub(crate) spans: Spans,
}

/// Where things are in a rule set's file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Spans {
    /// Every credential a requirement names.
    pub credential_refs: Vec<(CredentialId, Range<usize>)>,
    /// The `extends` value.
    pub extends: Option<Range<usize>>,
    /// Each requirement id: edition, renewal or not, id.
    pub requirements: Vec<(NaiveDate, bool, String, Range<usize>)>,
    /// Each edition's `effective` value.
    pub editions: Vec<(NaiveDate, Range<usize>)>,
    /// For each edition with a renewal table: whether it sets `cycle_months` and
    /// `grace_days` itself (an overlay may leave both to its base).
    pub renewal_set: Vec<(NaiveDate, bool, bool)>,
}

impl Spans {
    /// Where a requirement of one edition's stage is written.
    pub fn requirement(
        &self,
        effective: NaiveDate,
        renewal: bool,
        id: &str,
    ) -> Option<Range<usize>> {
        self.requirements
            .iter()
            .find(|(e, r, i, _)| *e == effective && *r == renewal && i == id)
            .map(|(_, _, _, span)| span.clone())
    }
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
    /// Days after expiry during which renewal is still possible, with the late fee.
    pub grace_days: u32,
    /// The board still accepts a renewal at any time after expiry, with its late
    /// fees, and publishes no last day: the credential never lapses by date alone.
    pub grace_open: bool,
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
    /// How much.
    pub amount: Cents,
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

/// One requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Requirement {
    /// Unique within its stage.
    pub id: RequirementId,
    /// A human label, when the id is not enough.
    pub description: Option<String>,
    /// Which page or section of the board's publication this encodes.
    pub citation: String,
    /// How sure it is.
    pub confidence: Confidence,
    /// What is required.
    #[serde(flatten)]
    pub rule: Rule,
}

/// `any_of` and `all_of` serialize their parts under `of`, as files write them.
fn serialize_of<S: serde::Serializer>(
    parts: &[Requirement],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry("of", parts)?;
    map.end()
}

/// What a requirement asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rule {
    /// Training hours.
    Hours(HoursRule),
    /// Work or volunteer hours.
    Experience {
        /// How many.
        hours: Hours,
        /// Only supervised work counts.
        #[serde(rename = "supervised")]
        supervised_only: bool,
        /// Only work within this many months counts (before `as_of`, or before expiry for renewal).
        within_months: Option<u32>,
    },
    /// Hours of supervision received.
    Supervision {
        /// How many.
        hours: Hours,
        /// Only supervision within this many months counts.
        within_months: Option<u32>,
    },
    /// An exam passed.
    Exam {
        /// Which exam.
        exam: ExamId,
        /// The lowest passing score; `None` for a pass/fail exam.
        min_score: Option<u32>,
        /// How long a pass stays valid.
        valid_months: Option<u32>,
    },
    /// A signed or dated statement.
    Attestation {
        /// Of which kind.
        #[serde(rename = "attestation")]
        kind: AttestationKind,
    },
    /// Another credential, current on the date.
    Credential {
        /// Which.
        credential: CredentialId,
    },
    /// At least one of these, each a path.
    #[serde(serialize_with = "serialize_of")]
    AnyOf(Vec<Requirement>),
    /// All of these.
    #[serde(serialize_with = "serialize_of")]
    AllOf(Vec<Requirement>),
}

impl Rule {
    /// The `kind` word of the rule, as in files and JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            Rule::Hours(_) => "hours",
            Rule::Experience { .. } => "experience",
            Rule::Supervision { .. } => "supervision",
            Rule::Exam { .. } => "exam",
            Rule::Attestation { .. } => "attestation",
            Rule::Credential { .. } => "credential",
            Rule::AnyOf(_) => "any_of",
            Rule::AllOf(_) => "all_of",
        }
    }
}

/// Training hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HoursRule {
    /// How many.
    pub hours: Hours,
    /// Hours of any of these topics count; with none, all hours count.
    pub topics: Vec<TopicId>,
    /// Only hours within this many months count; for renewal, the cycle when `None`.
    /// Counted back from `as_of` for initial certification, both days included; for
    /// renewal, the months that end on the expiry day, counted as a cycle is
    /// ([`crate::report::Cycle::start`]).
    pub within_months: Option<u32>,
    /// Only these delivery formats count; with none, any does.
    pub formats: Vec<Format>,
    /// At most this many hours of a format count.
    pub caps: Vec<(Format, Hours)>,
    /// At least this percentage of the required hours must be of a format.
    pub min_share: Vec<(Format, u32)>,
}

impl RuleSet {
    /// Reads and checks a rule-set file; topics resolve against `topics`.
    pub fn parse(source: &Source, topics: &Topics) -> Result<RuleSet, LoadError> {
        let raw: raw::RuleSet = toml::from_str(&source.text).map_err(|e| {
            LoadError::Invalid(Diagnostics::new(
                source.clone(),
                vec![Diagnostic::from_toml(&e, &source.text)],
            ))
        })?;
        let mut check = Checker::new(topics);
        let ruleset = convert(&mut check, raw).map(|mut r| {
            r.spans.credential_refs = std::mem::take(&mut check.credential_refs);
            r
        });
        let mut problems = check.problems;
        problems.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
        match ruleset {
            Some(ruleset) if problems.is_empty() => Ok(ruleset),
            _ => Err(LoadError::Invalid(Diagnostics::new(
                source.clone(),
                problems,
            ))),
        }
    }
}

fn convert(check: &mut Checker<'_>, raw: raw::RuleSet) -> Option<RuleSet> {
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
    let extends = raw.extends.as_ref().map(|e| check.credential_id(e));
    let mut spans = Spans {
        extends: raw.extends.as_ref().map(Spanned::span),
        ..Spans::default()
    };
    let mut editions: Vec<(Edition, Range<usize>)> = Vec::new();
    let mut ok = true;
    for edition in raw.edition.into_inner() {
        let span = edition.get_ref().effective.span();
        if edition.get_ref().initial.is_none() && raw.extends.is_none() {
            check.error(
                "missing `[edition.initial]`: every edition says what initial certification takes (only an overlay with `extends` may leave it out)",
                span.clone(),
            );
            ok = false;
        }
        match convert_edition(
            check,
            edition.into_inner(),
            &mut spans,
            raw.extends.is_some(),
        ) {
            Some(e) => editions.push((e, span)),
            None => ok = false,
        }
    }
    spans.editions = editions
        .iter()
        .map(|(e, span)| (e.effective, span.clone()))
        .collect();
    editions.sort_by_key(|(e, _)| e.effective);
    for pair in editions.windows(2) {
        if let [(a, _), (b, span)] = pair
            && a.effective == b.effective
        {
            check.error(
                format!("two editions take effect on {}", b.effective),
                span.clone(),
            );
        }
    }
    ok.then_some(())?;
    Some(RuleSet {
        id: id?,
        name: name?,
        jurisdiction: jurisdiction?,
        board: board?,
        sources,
        verified: verified?,
        summary: raw.summary,
        editions: editions.into_iter().map(|(e, _)| e).collect(),
        extends: match extends {
            Some(e) => Some(e?),
            None => None,
        },
        spans,
    })
}

fn convert_edition(
    check: &mut Checker<'_>,
    raw: raw::Edition,
    spans: &mut Spans,
    overlay: bool,
) -> Option<Edition> {
    let effective = check.date(&raw.effective);
    check.requirement_spans.clear();
    let initial = match raw.initial {
        Some(stage) => convert_stage(check, stage.into_inner().into(), Purpose::Initial),
        None => Some(Stage::default()),
    };
    let initial_spans = std::mem::take(&mut check.requirement_spans);
    let mut renewal_set = None;
    let renewal = match raw.renewal {
        Some(r) => {
            let span = r.span();
            let r = r.into_inner();
            renewal_set = Some((
                r.cycle_months.is_some(),
                r.grace_days.is_some() || r.grace_open.is_some(),
            ));
            // An overlay may leave the cycle to its base; everything else says it.
            let required = |check: &mut Checker<'_>, key: &str, given: bool| {
                if !given && !overlay {
                    check.error(
                        format!("missing `{key}` in `[edition.renewal]`"),
                        span.clone(),
                    );
                }
            };
            required(check, "cycle_months", r.cycle_months.is_some());
            required(check, "citation", r.citation.is_some());
            required(check, "confidence", r.confidence.is_some());
            let cycle = match &r.cycle_months {
                Some(c) => bounded(check, c, 1, 120, "a cycle of 1 to 120 months"),
                None => overlay.then_some(0),
            };
            let grace = match &r.grace_days {
                Some(g) => bounded(check, g, 0, 3650, "a grace period of 0 to 3650 days"),
                None => Some(0),
            };
            let grace_open = r.grace_open.as_ref().is_some_and(|g| *g.get_ref());
            if let (Some(open), Some(_)) = (
                r.grace_open.as_ref().filter(|g| *g.get_ref()),
                &r.grace_days,
            ) {
                check.error(
                    "`grace_open = true` and `grace_days` contradict each other: an open grace period has no length",
                    open.span(),
                );
            }
            let citation = match &r.citation {
                Some(c) => check.text(c, "a citation"),
                None => overlay.then(String::new),
            };
            let confidence = match &r.confidence {
                Some(c) => check.choice(c, &Confidence::ALL, "confidence"),
                None => overlay.then_some(Confidence::Board),
            };
            // A late or reinstatement fee that starts after the grace period ends can
            // never be owed: after grace the credential has lapsed. (An overlay's
            // grace is its base's, checked when they are merged.)
            if let (Some(grace), false, false) = (grace, grace_open, overlay) {
                for fee in &r.fee {
                    let fee = fee.get_ref();
                    let late = matches!(fee.kind.get_ref().as_str(), "late" | "reinstatement");
                    let days = fee.days_after_expiry.as_ref().map_or(0, |d| *d.get_ref());
                    if late && days >= i64::from(grace) {
                        let span = fee
                            .days_after_expiry
                            .as_ref()
                            .map_or_else(|| fee.kind.span(), Spanned::span);
                        check.error(
                            format!(
                                "this fee is owed only more than {days} days after expiry, but the grace period ends {grace} days after expiry, when the credential lapses: it can never be owed"
                            ),
                            span,
                        );
                    }
                }
            }
            let stage = convert_stage(
                check,
                StageParts {
                    requirement: r.requirement,
                    fee: r.fee,
                },
                Purpose::Renewal,
            );
            let days = |check: &mut Checker<'_>, v: &Option<Spanned<i64>>| match v {
                Some(v) => bounded(check, v, 0, 3650, "a number of days from 0 to 3650").map(Some),
                None => Some(None),
            };
            let submit_from_days = days(check, &r.submit_from_days);
            let due_days = days(check, &r.due_days);
            let waived = match &r.ce_waived_within_months {
                Some(m) => bounded(check, m, 1, 120, "a number of months from 1 to 120").map(Some),
                None => Some(None),
            };
            let anchor = match &r.anchor {
                Some(a) => anchor(check, a),
                None => Some(Anchor::Issued),
            };
            Some(Some(Renewal {
                cycle_months: cycle?,
                grace_days: grace?,
                grace_open,
                citation: citation?,
                confidence: confidence?,
                anchor: anchor?,
                submit_from_days: submit_from_days?,
                due_days: due_days?,
                first_cycle_ce: r.first_cycle_ce.unwrap_or(true),
                ce_waived_within_months: waived?,
                stage: stage?,
            }))
        }
        None => Some(None),
    };
    let renewal_spans = std::mem::take(&mut check.requirement_spans);
    let provisional = match raw.provisional {
        Some(p) => {
            let p = p.into_inner();
            let months = bounded(check, &p.months, 1, 60, "a number of months from 1 to 60");
            let extensions = match &p.extensions {
                Some(e) => bounded(check, e, 0, 10, "a number of extensions from 0 to 10"),
                None => Some(0),
            };
            let extension_months = match &p.extension_months {
                Some(m) => bounded(check, m, 1, 60, "a number of months from 1 to 60").map(Some),
                None => Some(None),
            };
            let citation = check.text(&p.citation, "a citation");
            let confidence = check.choice(&p.confidence, &Confidence::ALL, "confidence");
            let stage = convert_stage(
                check,
                StageParts {
                    requirement: p.requirement,
                    fee: p.fee,
                },
                Purpose::Initial,
            );
            check.requirement_spans.clear();
            match (
                months,
                extensions,
                extension_months,
                citation,
                confidence,
                stage,
            ) {
                (
                    Some(months),
                    Some(extensions),
                    Some(ext),
                    Some(citation),
                    Some(confidence),
                    Some(stage),
                ) => Some(Some(Provisional {
                    months,
                    extensions,
                    extension_months: ext.unwrap_or(months),
                    citation,
                    confidence,
                    stage,
                })),
                _ => None,
            }
        }
        None => Some(None),
    };
    let effective = effective?;
    if let Some((cycle, grace)) = renewal_set {
        spans.renewal_set.push((effective, cycle, grace));
    }
    for (renewal, list) in [(false, initial_spans), (true, renewal_spans)] {
        for (id, span) in list {
            spans.requirements.push((effective, renewal, id, span));
        }
    }
    Some(Edition {
        effective,
        note: raw.note,
        initial: initial?,
        renewal: renewal?,
        provisional: provisional?,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Initial,
    Renewal,
}

struct StageParts {
    requirement: Vec<Spanned<raw::Requirement>>,
    fee: Vec<Spanned<raw::Fee>>,
}

impl From<raw::Stage> for StageParts {
    fn from(stage: raw::Stage) -> StageParts {
        StageParts {
            requirement: stage.requirement,
            fee: stage.fee,
        }
    }
}

fn bounded(
    check: &mut Checker<'_>,
    value: &Spanned<i64>,
    min: i64,
    max: i64,
    expected: &str,
) -> Option<u32> {
    let v = *value.get_ref();
    if (min..=max).contains(&v) {
        u32::try_from(v).ok()
    } else {
        check.error(format!("expected {expected}, found {v}"), value.span());
        None
    }
}

fn convert_stage(check: &mut Checker<'_>, raw: StageParts, purpose: Purpose) -> Option<Stage> {
    let mut ids: BTreeMap<String, ()> = BTreeMap::new();
    let mut requirements = Vec::new();
    let mut ok = true;
    for r in &raw.requirement {
        match convert_requirement(check, r, None, &mut ids) {
            Some(r) => requirements.push(r),
            None => ok = false,
        }
    }
    let mut fees: Vec<Fee> = Vec::new();
    for f in &raw.fee {
        let f = f.get_ref();
        let kind = check.choice(&f.kind, &FeeKind::ALL, "fee kind");
        if let Some(kind) = kind {
            let fits = match purpose {
                Purpose::Initial => !matches!(
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
                    Purpose::Initial => "initial certification",
                    Purpose::Renewal => "renewal",
                };
                check.error(
                    format!("a `{}` fee does not belong to {stage}", kind.as_str()),
                    f.kind.span(),
                );
                ok = false;
            } else if fees.iter().any(|existing| {
                existing.kind == kind
                    && existing.days_after_expiry
                        == f.days_after_expiry.as_ref().map(|d| *d.get_ref())
            }) {
                check.error(
                    format!("a second `{}` fee in the same stage", kind.as_str()),
                    f.kind.span(),
                );
                ok = false;
            }
        }
        let amount = check.amount(&f.amount, MAX_FEE);
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
        match (kind, amount, citation, confidence, days_after_expiry) {
            (
                Some(kind),
                Some(amount),
                Some(citation),
                Some(confidence),
                Some(days_after_expiry),
            ) => fees.push(Fee {
                kind,
                amount,
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

/// The keys each kind of requirement may use, besides `id`, `kind`, `description`,
/// `citation` and `confidence`.
fn allowed_keys(kind: &str) -> &'static [&'static str] {
    match kind {
        "hours" => &[
            "hours",
            "topic",
            "topics",
            "within_months",
            "formats",
            "caps",
            "min_share",
        ],
        "experience" => &["hours", "within_months", "supervised"],
        "supervision" => &["hours", "within_months"],
        "exam" => &["exam", "min_score", "valid_months"],
        "attestation" => &["attestation"],
        "credential" => &["credential"],
        "any_of" | "all_of" => &["of"],
        _ => &[],
    }
}

const KINDS: [(&str, &str); 8] = [
    ("hours", "hours"),
    ("experience", "experience"),
    ("supervision", "supervision"),
    ("exam", "exam"),
    ("attestation", "attestation"),
    ("credential", "credential"),
    ("any_of", "any_of"),
    ("all_of", "all_of"),
];

fn convert_requirement(
    check: &mut Checker<'_>,
    raw: &Spanned<raw::Requirement>,
    parent_citation: Option<(&str, Confidence)>,
    ids: &mut BTreeMap<String, ()>,
) -> Option<Requirement> {
    let r = raw.get_ref();
    let id = check.requirement_id(&r.id);
    check
        .requirement_spans
        .push((r.id.get_ref().clone(), r.id.span()));
    if let Some(id) = &id
        && ids.insert(id.as_str().to_owned(), ()).is_some()
    {
        check.error(
            format!("duplicate requirement id `{id}` in this stage"),
            r.id.span(),
        );
        return None;
    }
    let kind = check.choice(&r.kind, &KINDS, "requirement kind")?;

    let present: [(&str, Option<Range<usize>>); 14] = [
        ("hours", r.hours.as_ref().map(Spanned::span)),
        ("min_share", r.min_share.as_ref().map(Spanned::span)),
        ("topic", r.topic.as_ref().map(Spanned::span)),
        ("topics", r.topics.as_ref().map(Spanned::span)),
        ("within_months", r.within_months.as_ref().map(Spanned::span)),
        ("formats", r.formats.as_ref().map(Spanned::span)),
        ("caps", r.caps.as_ref().map(Spanned::span)),
        ("supervised", r.supervised.as_ref().map(Spanned::span)),
        ("exam", r.exam.as_ref().map(Spanned::span)),
        ("min_score", r.min_score.as_ref().map(Spanned::span)),
        ("valid_months", r.valid_months.as_ref().map(Spanned::span)),
        ("attestation", r.attestation.as_ref().map(Spanned::span)),
        ("credential", r.credential.as_ref().map(Spanned::span)),
        ("of", r.of.as_ref().map(Spanned::span)),
    ];
    let allowed = allowed_keys(kind);
    let mut ok = true;
    for (key, span) in &present {
        if let Some(span) = span
            && !allowed.contains(key)
        {
            check.push(
                Diagnostic::error(
                    format!(
                        "`{key}` does not apply to {} `{kind}` requirement",
                        article(kind)
                    ),
                    Some(span.clone()),
                )
                .with_help(format!(
                    "{} `{kind}` requirement takes {}",
                    article(kind),
                    allowed
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
            ok = false;
        }
    }

    let citation = match (&r.citation, parent_citation) {
        (Some(c), _) => check.text(c, "a citation"),
        (None, Some((c, _))) => Some(c.to_owned()),
        (None, None) => {
            check.error(
                "missing `citation`: every requirement names the page or section it encodes",
                r.id.span(),
            );
            None
        }
    };
    let confidence = match (&r.confidence, parent_citation) {
        (Some(c), _) => check.choice(c, &Confidence::ALL, "confidence"),
        (None, Some((_, c))) => Some(c),
        (None, None) => {
            check.error(
                "missing `confidence`: expected `board`, `regulation` or `secondary`",
                r.id.span(),
            );
            None
        }
    };
    let description = r
        .description
        .as_ref()
        .and_then(|d| check.text(d, "a description"));
    let months = |check: &mut Checker<'_>, v: &Option<Spanned<i64>>| match v {
        Some(v) => bounded(check, v, 1, 600, "a number of months from 1 to 600").map(Some),
        None => Some(None),
    };
    let missing = |check: &mut Checker<'_>, what: &str| {
        check.error(
            format!(
                "missing `{what}` for {} `{kind}` requirement",
                article(kind)
            ),
            r.kind.span(),
        );
    };

    let rule = match kind {
        "hours" => {
            let hours = match &r.hours {
                Some(h) => check.hours(h, MAX_REQUIRED_HOURS, "required hours"),
                None => {
                    missing(check, "hours");
                    None
                }
            };
            let topics = match (&r.topic, &r.topics) {
                (Some(_), Some(list)) => {
                    check.error("use either `topic` or `topics`, not both", list.span());
                    None
                }
                (Some(t), None) => check.topic(t).map(|t| vec![t]),
                (None, Some(list)) => {
                    let mut resolved: Vec<TopicId> = Vec::new();
                    let mut topics_ok = true;
                    for name in list.get_ref() {
                        match check.topic(name) {
                            Some(t) if resolved.contains(&t) => {
                                check.error(
                                    format!("topic `{t}` is listed twice (once by an alias)"),
                                    name.span(),
                                );
                                topics_ok = false;
                            }
                            Some(t) => resolved.push(t),
                            None => topics_ok = false,
                        }
                    }
                    topics_ok.then_some(resolved)
                }
                (None, None) => Some(Vec::new()),
            };
            let within = months(check, &r.within_months);
            let formats = match &r.formats {
                Some(list) => list
                    .get_ref()
                    .iter()
                    .map(|f| check.choice(f, &Format::ALL, "format"))
                    .collect::<Vec<_>>()
                    .into_iter()
                    .collect::<Option<Vec<_>>>(),
                None => Some(Vec::new()),
            };
            let caps = match &r.caps {
                Some(map) => {
                    let mut caps = Vec::new();
                    let mut caps_ok = true;
                    for (format, cap) in map.get_ref() {
                        let f = check.choice(format, &Format::ALL, "format");
                        let c = check.hours(cap, MAX_REQUIRED_HOURS, "capped hours");
                        match (f, c) {
                            (Some(f), Some(c)) => caps.push((f, c)),
                            _ => caps_ok = false,
                        }
                    }
                    caps_ok.then_some(caps)
                }
                None => Some(Vec::new()),
            };
            let min_share = match &r.min_share {
                Some(map) => {
                    let mut shares = Vec::new();
                    let mut shares_ok = true;
                    for (format, pct) in map.get_ref() {
                        let f = check.choice(format, &Format::ALL, "format");
                        let p = bounded(check, pct, 1, 100, "a percentage from 1 to 100");
                        match (f, p) {
                            (Some(f), Some(p)) => shares.push((f, p)),
                            _ => shares_ok = false,
                        }
                    }
                    shares_ok.then_some(shares)
                }
                None => Some(Vec::new()),
            };
            Rule::Hours(HoursRule {
                hours: hours?,
                topics: topics?,
                within_months: within?,
                formats: formats?,
                caps: caps?,
                min_share: min_share?,
            })
        }
        "experience" | "supervision" => {
            let hours = match &r.hours {
                Some(h) => check.hours(h, MAX_REQUIRED_HOURS, "required hours"),
                None => {
                    missing(check, "hours");
                    None
                }
            };
            let within = months(check, &r.within_months);
            if kind == "experience" {
                Rule::Experience {
                    hours: hours?,
                    supervised_only: r.supervised.as_ref().is_some_and(|s| *s.get_ref()),
                    within_months: within?,
                }
            } else {
                Rule::Supervision {
                    hours: hours?,
                    within_months: within?,
                }
            }
        }
        "exam" => {
            let exam = match &r.exam {
                Some(e) => check.exam_id(e),
                None => {
                    missing(check, "exam");
                    None
                }
            };
            let min_score = match &r.min_score {
                Some(s) => bounded(check, s, 0, 1000, "a score from 0 to 1000").map(Some),
                None => Some(None),
            };
            let valid = months(check, &r.valid_months);
            Rule::Exam {
                exam: exam?,
                min_score: min_score?,
                valid_months: valid?,
            }
        }
        "attestation" => {
            let a = match &r.attestation {
                Some(a) => check.attestation_kind(a),
                None => {
                    missing(check, "attestation");
                    None
                }
            };
            Rule::Attestation { kind: a? }
        }
        "credential" => {
            let c = match &r.credential {
                Some(c) => check.credential_id(c).inspect(|id| {
                    check.credential_refs.push((id.clone(), c.span()));
                }),
                None => {
                    missing(check, "credential");
                    None
                }
            };
            Rule::Credential { credential: c? }
        }
        _ => {
            let Some(of) = &r.of else {
                missing(check, "of");
                return None;
            };
            let min = if kind == "any_of" { 2 } else { 1 };
            if of.get_ref().len() < min {
                check.error(
                    format!(
                        "expected at least {min} requirements in `of`, found {}",
                        of.get_ref().len()
                    ),
                    of.span(),
                );
                return None;
            }
            let parent = match (&citation, confidence) {
                (Some(c), Some(conf)) => Some((c.as_str(), conf)),
                _ => None,
            };
            let mut children = Vec::new();
            for child in of.get_ref() {
                match convert_requirement(check, child, parent, ids) {
                    Some(c) => children.push(c),
                    None => ok = false,
                }
            }
            if kind == "any_of" {
                Rule::AnyOf(children)
            } else {
                Rule::AllOf(children)
            }
        }
    };
    ok.then_some(())?;
    Some(Requirement {
        id: id?,
        description,
        citation: citation?,
        confidence: confidence?,
        rule,
    })
}

impl RuleSet {
    /// Calls `f` with every rule of every edition, nested ones included.
    pub fn each_rule<'a>(&'a self, f: &mut impl FnMut(&'a Rule)) {
        fn walk<'a>(r: &'a Requirement, f: &mut impl FnMut(&'a Rule)) {
            f(&r.rule);
            if let Rule::AnyOf(children) | Rule::AllOf(children) = &r.rule {
                for child in children {
                    walk(child, f);
                }
            }
        }
        for edition in &self.editions {
            for stage in edition.stages() {
                for r in &stage.requirements {
                    walk(r, f);
                }
            }
        }
    }

    /// Calls `f` with every rule of every edition, nested ones included, to change it.
    pub(crate) fn each_rule_mut(&mut self, f: &mut impl FnMut(&mut Rule)) {
        fn walk(r: &mut Requirement, f: &mut impl FnMut(&mut Rule)) {
            f(&mut r.rule);
            if let Rule::AnyOf(children) | Rule::AllOf(children) = &mut r.rule {
                for child in children {
                    walk(child, f);
                }
            }
        }
        for edition in &mut self.editions {
            let stages = std::iter::once(&mut edition.initial)
                .chain(edition.renewal.as_mut().map(|r| &mut r.stage))
                .chain(edition.provisional.as_mut().map(|p| &mut p.stage));
            for stage in stages {
                for r in &mut stage.requirements {
                    walk(r, f);
                }
            }
        }
    }
}

impl Requirement {
    /// The requirement in words: the rule set's description when it has one,
    /// otherwise one made from the rule.
    pub fn describe(&self) -> String {
        self.description
            .clone()
            .unwrap_or_else(|| self.rule.describe())
    }
}

impl Rule {
    /// The rule in words: `6 h of ethics training`, `pass the pcb-crs exam`.
    pub fn describe(&self) -> String {
        let within = |m: Option<u32>| m.map_or_else(String::new, |m| format!(" within {m} months"));
        match self {
            Rule::Hours(h) => {
                let topics = match h.topics.as_slice() {
                    [] => "training".to_owned(),
                    t => format!(
                        "{} training",
                        t.iter()
                            .map(TopicId::as_str)
                            .collect::<Vec<_>>()
                            .join(" or ")
                    ),
                };
                let formats = match h.formats.as_slice() {
                    [] => String::new(),
                    f => format!(
                        ", {} only",
                        f.iter()
                            .map(|f| f.as_str())
                            .collect::<Vec<_>>()
                            .join(" or ")
                    ),
                };
                let caps: String = h
                    .caps
                    .iter()
                    .map(|(f, c)| format!(", at most {c} h {}", f.as_str()))
                    .collect();
                let shares: String = h
                    .min_share
                    .iter()
                    .map(|(f, p)| format!(", at least {p}% {}", f.as_str()))
                    .collect();
                format!(
                    "{} h of {topics}{}{formats}{caps}{shares}",
                    h.hours,
                    within(h.within_months)
                )
            }
            Rule::Experience {
                hours,
                supervised_only,
                within_months,
            } => format!(
                "{hours} h of {}work experience{}",
                if *supervised_only { "supervised " } else { "" },
                within(*within_months)
            ),
            Rule::Supervision {
                hours,
                within_months,
            } => format!("{hours} h of supervision{}", within(*within_months)),
            Rule::Exam {
                exam,
                min_score,
                valid_months,
            } => format!(
                "pass the {exam} exam{}{}",
                min_score.map_or_else(String::new, |m| format!(" (score {m} or more)")),
                valid_months.map_or_else(String::new, |m| format!(", passed within {m} months"))
            ),
            Rule::Attestation { kind } => format!("{kind} attestation on file"),
            Rule::Credential { credential } => format!("hold {credential}, current"),
            Rule::AnyOf(_) => "one of these paths".to_owned(),
            Rule::AllOf(_) => "all of these".to_owned(),
        }
    }
}

/// "an" before a kind word that starts with a vowel sound (`an hours requirement`).
fn article(kind: &str) -> &'static str {
    if kind.starts_with(['a', 'e', 'h', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
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
