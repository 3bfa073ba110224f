//! An entry as read, before it is checked: typed values (a date, hours, a name), each
//! with where it was written. Every reader of entries — the record file, an entry
//! written on one line, a roster row, a catalogue course — reads its own syntax into a
//! draft, and the checks here turn a draft into a checked [`Entry`]: they are the one
//! place an entry's rules are written (hours more than zero and plausible, known
//! topics, known credentials, dates in order, …), whatever the entry came from.
//!
//! Where a value was written is the type parameter `L` of [`Checker`]: a byte range of
//! the text read, or a roster's cell; each problem points there.
//!
//! [`Seen`] is the record-level check: no entry twice, whether the second is in the
//! same file or added from outside it. A course taken again on the same day is not
//! the same entry when it says which time it is (`repeat`), and [`Seen::again`] gives a
//! course logged again on purpose its next `repeat`.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use chrono::{Datelike as _, NaiveDate};

use super::{
    Attestation, Entry, ExamAttempt, ExamResult, Experience, HeldCredential, MAX_COURSE_HOURS,
    MAX_PAYMENT, MAX_REPEAT, MAX_SCORE, MAX_SUPERVISION_HOURS, Payment, Place, Record, Supervision,
    Training, Vocabulary, Worker,
};
use crate::check::{At, Checker, SplitPart};
use crate::diag::{Code, Diagnostic, close_matches, did_you_mean};
use crate::id::{AttestationKind, CredentialId, ExamId, TopicId};
use crate::quantity::{Cents, Hours};
use crate::vocab::{FeeKind, Format};

/// A value read, with where; `None` when it could not be read (the reader said why).
pub(crate) type Read<T, L> = Option<At<T, L>>;

/// The `[worker]` table, or a roster's worker, as read.
pub(crate) struct WorkerDraft<L> {
    pub id: At<String, L>,
    pub name: At<String, L>,
    /// `None`: no birth date given.
    pub birth_date: Option<Read<NaiveDate, L>>,
    pub pursuing: Vec<At<String, L>>,
}

/// One entry as read.
pub(crate) enum Draft<L> {
    Credential(CredentialDraft<L>),
    Training(TrainingDraft<L>),
    Exam(ExamDraft<L>),
    Experience(ExperienceDraft<L>),
    Supervision(SupervisionDraft<L>),
    Payment(PaymentDraft<L>),
    Attestation(AttestationDraft<L>),
}

pub(crate) struct CredentialDraft<L> {
    pub id: At<String, L>,
    pub number: Option<String>,
    pub issued: Read<NaiveDate, L>,
    pub expires: Read<NaiveDate, L>,
    pub provisional: bool,
}

pub(crate) struct TrainingDraft<L> {
    pub date: Read<NaiveDate, L>,
    /// `None`: the course was given without a title.
    pub title: Option<At<String, L>>,
    pub provider: Option<String>,
    pub course: CourseDraft<L>,
    pub certificate: Option<String>,
    /// `None`: the first time the course is taken on its day.
    pub repeat: Option<Read<i64, L>>,
}

/// What a course is: shared by a logged training and a catalogue's course.
pub(crate) struct CourseDraft<L> {
    pub hours: Read<Hours, L>,
    pub topics: TopicsDraft<L>,
    pub format: Option<At<String, L>>,
}

/// The topics of a course as read.
pub(crate) enum TopicsDraft<L> {
    /// No topic: the hours count toward totals only.
    Untagged,
    /// All the hours in one topic.
    One(At<String, L>),
    /// Hours per topic, and where the split was written.
    Split(Vec<SplitPart<L>>, L),
    /// Written in a way that cannot be read (the reader said why).
    Unreadable,
}

/// A course, checked.
pub(crate) struct CheckedCourse {
    pub hours: Hours,
    pub topics: Vec<(TopicId, Hours)>,
    pub format: Option<Format>,
}

pub(crate) struct ExamDraft<L> {
    pub id: At<String, L>,
    pub date: Read<NaiveDate, L>,
    pub result: Read<ExamResultDraft, L>,
}

/// An exam result as read: any whole number, or pass/fail.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ExamResultDraft {
    Score(i64),
    Passed(bool),
}

pub(crate) struct ExperienceDraft<L> {
    pub from: Read<NaiveDate, L>,
    pub to: Read<NaiveDate, L>,
    pub hours: Read<Hours, L>,
    pub supervised: bool,
}

pub(crate) struct SupervisionDraft<L> {
    pub date: Read<NaiveDate, L>,
    pub hours: Read<Hours, L>,
    /// The domains (topics) the supervision was in, as a course's topics are.
    pub topics: TopicsDraft<L>,
}

pub(crate) struct PaymentDraft<L> {
    pub kind: At<String, L>,
    pub amount: Read<Cents, L>,
    pub date: Read<NaiveDate, L>,
    pub credential: Option<At<String, L>>,
}

pub(crate) struct AttestationDraft<L> {
    pub kind: At<String, L>,
    pub date: Read<NaiveDate, L>,
}

/// The message for a score that is not a whole number from 0 to [`MAX_SCORE`];
/// `found` describes what was written.
pub(crate) fn score_expected(found: &str) -> String {
    format!("expected a whole-number score from 0 to {MAX_SCORE}, found {found}")
}

/// The message for a `repeat` that is not a whole number from 2 to [`MAX_REPEAT`];
/// `found` describes what was written.
pub(crate) fn repeat_expected(found: &str) -> String {
    format!("expected a whole-number `repeat` from 2 to {MAX_REPEAT}, found {found}")
}

impl<L: Clone> WorkerDraft<L> {
    /// The checked worker, or `None` with every problem recorded.
    pub fn check(self, check: &mut Checker<'_, L>, library: &dyn Vocabulary) -> Option<Worker> {
        let id = check.worker_id_at(&self.id.value, self.id.at);
        let name = check.owned_text_at(self.name.value, self.name.at, "the worker's name");
        let birth_date = self.birth_date.map(|d| date(check, d));
        let mut pursuing = Vec::new();
        let mut ok = true;
        for p in &self.pursuing {
            match known_credential(check, library, p) {
                Some(id) if pursuing.contains(&id) => {
                    check.error(
                        format!("`{id}` is listed twice in `pursuing`"),
                        p.at.clone(),
                    );
                }
                Some(id) => pursuing.push(id),
                None => ok = false,
            }
        }
        let birth_date = match birth_date {
            Some(Some(d)) => Some(d.value),
            Some(None) => return None,
            None => None,
        };
        ok.then_some(())?;
        Some(Worker {
            id: id?,
            name: name?,
            birth_date,
            pursuing,
        })
    }
}

impl<L: Clone> Draft<L> {
    /// The checked entry at `place`, or `None` with every problem recorded.
    pub fn check(
        self,
        check: &mut Checker<'_, L>,
        library: &dyn Vocabulary,
        place: Place,
    ) -> Option<Entry> {
        match self {
            Draft::Credential(d) => d.check(check, library, place).map(Entry::Credential),
            Draft::Training(d) => d.check(check, place).map(Entry::Training),
            Draft::Exam(d) => d.check(check, library, place).map(Entry::Exam),
            Draft::Experience(d) => d.check(check, place).map(Entry::Experience),
            Draft::Supervision(d) => d.check(check, place).map(Entry::Supervision),
            Draft::Payment(d) => d.check(check, library, place).map(Entry::Payment),
            Draft::Attestation(d) => d.check(check, library, place).map(Entry::Attestation),
        }
    }
}

/// A date in a plausible year, keeping where it was written.
fn date<L: Clone>(check: &mut Checker<'_, L>, date: Read<NaiveDate, L>) -> Read<NaiveDate, L> {
    let date = date?;
    let value = check.date_at(date.value, date.at.clone())?;
    Some(At::new(value, date.at))
}

/// A credential some rule set in the library defines.
fn known_credential<L: Clone>(
    check: &mut Checker<'_, L>,
    library: &dyn Vocabulary,
    text: &At<String, L>,
) -> Option<CredentialId> {
    // Records are data, kept as written: an id in the wrong case is not taken for the
    // right one, but named.
    let id = match CredentialId::new(&text.value) {
        Ok(id) => id,
        Err(_) => {
            if let Some(right) = library
                .credential_ids()
                .into_iter()
                .find(|id| id.eq_ignore_ascii_case(&text.value))
            {
                check.push(
                    Diagnostic::error(
                        format!("unknown credential `{}`", text.value),
                        Some(text.at.clone()),
                    )
                    .with_help(format!("did you mean `{right}`?")),
                );
                return None;
            }
            check.credential_id_at(&text.value, text.at.clone())?
        }
    };
    if library.knows_credential(&id) {
        return Some(id);
    }
    let ids: Vec<&str> = library.credential_ids();
    let diagnostic = Diagnostic::error(format!("unknown credential `{id}`"), Some(text.at.clone()));
    check.push(
        match did_you_mean(&close_matches(id.as_str(), ids.iter().copied())) {
            Some(help) => diagnostic.with_help(help),
            None => diagnostic.with_code(Code::UnknownCredential),
        },
    );
    None
}

/// Exam ids and attestation kinds are open sets, but one that nothing defines and
/// that is one slip away from a known one is a typo that would silently not count.
fn not_a_typo<L: Clone>(
    check: &mut Checker<'_, L>,
    name: &str,
    at: &L,
    what: &str,
    known: &[&str],
) -> bool {
    if known.contains(&name) {
        return true;
    }
    let close: Vec<&str> = close_matches(name, known.iter().copied())
        .into_iter()
        .filter(|c| crate::diag::distance(name, c) <= 2)
        .collect();
    match did_you_mean(&close) {
        Some(help) => {
            check.push(
                Diagnostic::error(format!("unknown {what} `{name}`"), Some(at.clone()))
                    .with_help(help),
            );
            false
        }
        None => true,
    }
}

impl<L: Clone> CredentialDraft<L> {
    fn check(
        self,
        check: &mut Checker<'_, L>,
        library: &dyn Vocabulary,
        place: Place,
    ) -> Option<HeldCredential> {
        let id = known_credential(check, library, &self.id);
        let issued = date(check, self.issued);
        let expires = date(check, self.expires);
        if let (Some(i), Some(e)) = (&issued, &expires)
            && e.value <= i.value
        {
            check.error(
                format!(
                    "expected `expires` after `issued` ({}), found {}",
                    i.value, e.value
                ),
                e.at.clone(),
            );
            return None;
        }
        Some(HeldCredential {
            id: id?,
            number: self.number,
            issued: issued?.value,
            expires: expires?.value,
            provisional: self.provisional,
            place,
        })
    }
}

impl<L: Clone> CourseDraft<L> {
    /// Hours more than zero and plausible, a known format, known topics whose split
    /// fits in the hours.
    pub fn check(self, check: &mut Checker<'_, L>) -> Option<CheckedCourse> {
        let hours = self
            .hours
            .and_then(|h| check.hours_at(h.value, h.at, MAX_COURSE_HOURS, "hours for one course"));
        let format = self
            .format
            .map(|f| check.choice_at(&f.value, f.at, &Format::ALL, "format"));
        let topics = self.topics.check(check, hours, MAX_COURSE_HOURS);
        Some(CheckedCourse {
            hours: hours?,
            topics: topics?,
            format: format.map_or(Some(None), |f| f.map(Some))?,
        })
    }
}

impl<L: Clone> TopicsDraft<L> {
    /// Known topics, each once, whose split fits in `hours` (at most `max`); none when
    /// untagged.
    fn check(
        self,
        check: &mut Checker<'_, L>,
        hours: Option<Hours>,
        max: Hours,
    ) -> Option<Vec<(TopicId, Hours)>> {
        match self {
            TopicsDraft::Untagged => Some(Vec::new()),
            TopicsDraft::One(topic) => check
                .owned_topic_at(topic.value, topic.at)
                .zip(hours)
                .map(|part| vec![part]),
            TopicsDraft::Split(parts, at) => check.topic_split_at(&parts, at, hours, max),
            TopicsDraft::Unreadable => None,
        }
    }
}

impl<L: Clone> TrainingDraft<L> {
    fn check(self, check: &mut Checker<'_, L>, place: Place) -> Option<Training> {
        let date = date(check, self.date);
        let title = self
            .title
            .map(|t| check.owned_text_at(t.value, t.at, "a course title"));
        let course = self.course.check(check);
        let repeat = self.repeat.map(|r| repeat(check, r?));
        let (date, title, course) = (date?, title.map_or(Some(None), |t| t.map(Some))?, course?);
        Some(Training {
            date: date.value,
            title,
            provider: self.provider,
            hours: course.hours,
            topics: course.topics,
            format: course.format,
            certificate: self.certificate,
            repeat: repeat.map_or(Some(None), |r| r.map(Some))?,
            place,
        })
    }
}

/// Which time a course is taken on its day: from 2 to [`MAX_REPEAT`], since the first
/// time has no `repeat`.
fn repeat<L: Clone>(check: &mut Checker<'_, L>, repeat: At<i64, L>) -> Option<u8> {
    match u8::try_from(repeat.value) {
        Ok(n) if (2..=MAX_REPEAT).contains(&n) => Some(n),
        _ => {
            let diagnostic = Diagnostic::error(
                repeat_expected(&format!("the number {}", repeat.value)),
                Some(repeat.at),
            );
            check.push(if repeat.value == 1 {
                diagnostic.with_help(
                    "the first time a course is taken on a day has no `repeat`; the second has `repeat = 2`",
                )
            } else {
                diagnostic
            });
            None
        }
    }
}

impl<L: Clone> ExamDraft<L> {
    fn check(
        self,
        check: &mut Checker<'_, L>,
        library: &dyn Vocabulary,
        place: Place,
    ) -> Option<ExamAttempt> {
        let id = check
            .exam_id_at(&self.id.value, self.id.at.clone())
            .filter(|id| {
                not_a_typo(
                    check,
                    id.as_str(),
                    &self.id.at,
                    "exam id",
                    &library.exam_ids(),
                )
            });
        let date = date(check, self.date);
        let result = self.result.and_then(|r| match r.value {
            ExamResultDraft::Passed(passed) => Some(ExamResult::Passed(passed)),
            ExamResultDraft::Score(s) => match u32::try_from(s) {
                Ok(score) if i64::from(score) <= MAX_SCORE => Some(ExamResult::Score(score)),
                _ => {
                    check.error(score_expected(&format!("the number {s}")), r.at);
                    None
                }
            },
        });
        Some(ExamAttempt {
            id: id?,
            date: date?.value,
            result: result?,
            place,
        })
    }
}

impl<L: Clone> ExperienceDraft<L> {
    /// A period in order, with at most 24 hours a day.
    fn check(self, check: &mut Checker<'_, L>, place: Place) -> Option<Experience> {
        let from = date(check, self.from);
        let to = date(check, self.to);
        let (from, to) = (from?.value, to?);
        if to.value < from {
            check.error(
                format!(
                    "expected `to` on or after `from` ({from}), found {}",
                    to.value
                ),
                to.at,
            );
            return None;
        }
        let to = to.value;
        let days = (to - from).num_days() + 1;
        let max = Hours::from_whole(24 * days);
        let hours = self.hours?;
        let hours = check.hours_at(hours.value, hours.at, max, &format!("hours in {days} days"))?;
        Some(Experience {
            from,
            to,
            hours,
            supervised: self.supervised,
            place,
        })
    }
}

impl<L: Clone> SupervisionDraft<L> {
    fn check(self, check: &mut Checker<'_, L>, place: Place) -> Option<Supervision> {
        let date = date(check, self.date);
        let hours = self.hours.and_then(|h| {
            check.hours_at(h.value, h.at, MAX_SUPERVISION_HOURS, "supervision hours")
        });
        let topics = self.topics.check(check, hours, MAX_SUPERVISION_HOURS);
        Some(Supervision {
            date: date?.value,
            hours: hours?,
            topics: topics?,
            place,
        })
    }
}

impl<L: Clone> PaymentDraft<L> {
    fn check(
        self,
        check: &mut Checker<'_, L>,
        library: &dyn Vocabulary,
        place: Place,
    ) -> Option<Payment> {
        let kind = check.choice_at(
            &self.kind.value,
            self.kind.at,
            &FeeKind::ALL,
            "payment kind",
        );
        let amount = self
            .amount
            .and_then(|a| check.amount_at(a.value, a.at, MAX_PAYMENT));
        let date = date(check, self.date);
        let credential = self
            .credential
            .map(|c| known_credential(check, library, &c));
        Some(Payment {
            kind: kind?,
            amount: amount?,
            date: date?.value,
            credential: credential.map_or(Some(None), |c| c.map(Some))?,
            place,
        })
    }
}

impl<L: Clone> AttestationDraft<L> {
    fn check(
        self,
        check: &mut Checker<'_, L>,
        library: &dyn Vocabulary,
        place: Place,
    ) -> Option<Attestation> {
        let kind = check
            .attestation_kind_at(&self.kind.value, self.kind.at.clone())
            .filter(|kind| {
                not_a_typo(
                    check,
                    kind.as_str(),
                    &self.kind.at,
                    "attestation kind",
                    &library.attestation_kinds(),
                )
            });
        let date = date(check, self.date);
        Some(Attestation {
            kind: kind?,
            date: date?.value,
            place,
        })
    }
}

/// What makes two entries the same: the kind, the key of its values, the course
/// title, which a course given without one (a what-if) matches whatever it is, and
/// which time a course is taken on its day.
struct Identity<'a> {
    kind: &'static str,
    key: Key,
    title: Option<&'a str>,
    /// 1, or a course's `repeat`.
    time: u8,
}

/// The values that make two entries of a kind the same, compared as they are and
/// hashed as [`Key::hash`] packs them (a record's duplicates are looked up once for
/// each of its entries).
#[derive(PartialEq, Eq)]
enum Key {
    Credential(CredentialId, NaiveDate),
    /// A split is the same whatever order its topics are written in: they are sorted.
    Training(NaiveDate, Hours, Vec<(TopicId, Hours)>),
    Exam(ExamId, NaiveDate),
    Experience(NaiveDate, NaiveDate, Hours, bool),
    Supervision(NaiveDate, Hours, Vec<(TopicId, Hours)>),
    Payment(FeeKind, Cents, NaiveDate, Option<CredentialId>),
    Attestation(AttestationKind, NaiveDate),
}

impl Hash for Key {
    /// The kind, dates, amounts and flags packed into one `u128`, then each text with
    /// an end mark and each split part's hours: the hasher (SipHash, keyed per map)
    /// costs mostly by call, and the derived hash made one call per field. The packing
    /// tells every two different keys apart, so no key is made to collide on purpose.
    fn hash<H: Hasher>(&self, state: &mut H) {
        fn day(date: &NaiveDate) -> u128 {
            u128::from(date.num_days_from_ce().cast_unsigned())
        }
        fn amount(value: i64) -> u128 {
            u128::from(value.cast_unsigned())
        }
        fn text<H: Hasher>(state: &mut H, text: &str) {
            state.write(text.as_bytes());
            state.write_u8(0xff);
        }
        fn count(topics: &[(TopicId, Hours)]) -> u128 {
            u128::try_from(topics.len()).unwrap_or(u128::MAX) & 0xff_ffff
        }
        fn split<H: Hasher>(state: &mut H, topics: &[(TopicId, Hours)]) {
            for (topic, hours) in topics {
                text(state, topic.as_str());
                state.write_i64(hours.hundredths());
            }
        }
        // The kind in the top byte, a count or a flag in the next, a date in 32 bits,
        // an amount in the low 64.
        let packed = |kind: u8, small: u128, date: u128, low: u128| {
            u128::from(kind) << 120 | small << 96 | date << 64 | low
        };
        match self {
            Key::Credential(id, issued) => {
                state.write_u128(packed(0, 0, day(issued), 0));
                text(state, id.as_str());
            }
            Key::Training(date, hours, topics) => {
                state.write_u128(packed(
                    1,
                    count(topics),
                    day(date),
                    amount(hours.hundredths()),
                ));
                split(state, topics);
            }
            Key::Exam(id, date) => {
                state.write_u128(packed(2, 0, day(date), 0));
                text(state, id.as_str());
            }
            Key::Experience(from, to, hours, supervised) => {
                state.write_u128(packed(
                    3,
                    u128::from(*supervised),
                    day(from),
                    amount(hours.hundredths()),
                ));
                state.write_u32(to.num_days_from_ce().cast_unsigned());
            }
            Key::Supervision(date, hours, topics) => {
                state.write_u128(packed(
                    4,
                    count(topics),
                    day(date),
                    amount(hours.hundredths()),
                ));
                split(state, topics);
            }
            Key::Payment(kind, cents, date, credential) => {
                let small = u128::from(*kind as u8) << 1 | u128::from(credential.is_some());
                state.write_u128(packed(5, small, day(date), amount(cents.cents())));
                if let Some(id) = credential {
                    text(state, id.as_str());
                }
            }
            Key::Attestation(kind, date) => {
                state.write_u128(packed(6, 0, day(date), 0));
                text(state, kind.as_str());
            }
        }
    }
}

/// A split of hours by topic, in one order.
fn sorted(topics: &[(TopicId, Hours)]) -> Vec<(TopicId, Hours)> {
    let mut topics = topics.to_vec();
    topics.sort_unstable();
    topics
}

fn identity(entry: &Entry) -> Identity<'_> {
    let plain = |kind, key| Identity {
        kind,
        key,
        title: None,
        time: 1,
    };
    match entry {
        Entry::Credential(c) => plain("credential", Key::Credential(c.id.clone(), c.issued)),
        Entry::Training(t) => Identity {
            kind: "training",
            key: Key::Training(t.date, t.hours, sorted(&t.topics)),
            title: t.title.as_deref(),
            time: t.repeat.unwrap_or(1),
        },
        Entry::Exam(e) => plain("exam", Key::Exam(e.id.clone(), e.date)),
        Entry::Experience(e) => plain(
            "experience",
            Key::Experience(e.from, e.to, e.hours, e.supervised),
        ),
        Entry::Supervision(s) => plain(
            "supervision",
            Key::Supervision(s.date, s.hours, sorted(&s.topics)),
        ),
        Entry::Payment(p) => plain(
            "payment",
            Key::Payment(p.kind, p.amount, p.date, p.credential.clone()),
        ),
        Entry::Attestation(a) => plain("attestation", Key::Attestation(a.kind.clone(), a.date)),
    }
}

/// The entries of a record so far, by what makes two the same, with where each was:
/// the one place duplicates are found, for a file's entries and for those added later.
///
/// Each entry's key is hashed once: the entries of one key are chained in the order
/// seen (most keys have one), so nothing is allocated per key.
#[derive(Default)]
pub(crate) struct Seen {
    /// The entries of each key.
    keys: HashMap<Key, Chain>,
    /// Every entry taken in, in the order seen.
    earlier: Vec<Earlier>,
}

/// The entries of one key: the first and the last, as indexes into `Seen::earlier`,
/// how many, and past [`INDEXED`] of them, where they are by title.
///
/// Courses of one day, hours and topics differ by title, and a record may hold very
/// many (a roster of one worker's 500,000 courses, on a few hundred days): once a key
/// has more than [`INDEXED`] entries they are found by title too, so that looking one
/// up costs the same however many others share its key.
struct Chain {
    head: usize,
    tail: usize,
    len: usize,
    index: Option<Box<Index>>,
}

/// How many entries of one key are looked through one by one.
const INDEXED: usize = 16;

/// Where a key's entries are: those with a title by the title's hash (a title that
/// hashes the same is told apart by comparing), and those without.
#[derive(Default)]
struct Index {
    titled: HashMap<u64, Vec<usize>>,
    untitled: Vec<usize>,
}

impl Index {
    fn add(&mut self, at: usize, title: Option<&str>) {
        match title {
            Some(title) => self.titled.entry(title_hash(title)).or_default().push(at),
            None => self.untitled.push(at),
        }
    }
}

/// The hash a title is indexed by.
fn title_hash(title: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    title.hash(&mut hasher);
    hasher.finish()
}

/// An entry seen before: its course title, if any, which time it is, where it was,
/// and the next entry seen of its key.
struct Earlier {
    title: Option<String>,
    time: u8,
    place: Place,
    next: Option<usize>,
}

/// The entries of `chain` that are the same as an entry titled `title`, in the order
/// seen: a course given without a title (a what-if) is the same whatever the other's
/// title is.
fn same<'s>(earlier: &'s [Earlier], chain: &Chain, title: Option<&str>) -> Vec<&'s Earlier> {
    let is_same =
        |e: &&Earlier| e.title.is_none() || title.is_none() || e.title.as_deref() == title;
    match (&chain.index, title) {
        (Some(index), Some(title)) => {
            let mut at: Vec<usize> = index
                .titled
                .get(&title_hash(title))
                .into_iter()
                .flatten()
                .chain(&index.untitled)
                .copied()
                .collect();
            at.sort_unstable();
            at.iter()
                .filter_map(|i| earlier.get(*i))
                .filter(is_same)
                .collect()
        }
        _ => std::iter::successors(earlier.get(chain.head), |e| {
            e.next.and_then(|next| earlier.get(next))
        })
        .filter(is_same)
        .collect(),
    }
}

/// Where the first of `same` taken `time` times was, if one was.
fn first(same: &[&Earlier], time: u8) -> Option<Place> {
    same.iter().find(|e| e.time == time).map(|e| e.place)
}

/// The most times of `same` (their highest `repeat`, or 1).
fn most(same: &[&Earlier]) -> u8 {
    same.iter().map(|e| e.time).max().unwrap_or(1)
}

impl Seen {
    /// Room for `entries` entries without growing.
    pub fn with_capacity(entries: usize) -> Seen {
        Seen {
            keys: HashMap::with_capacity(entries),
            earlier: Vec::with_capacity(entries),
        }
    }

    /// Every entry `record` already has.
    pub fn of(record: &Record) -> Seen {
        let mut seen = Seen::default();
        for entry in record.entries() {
            let Identity {
                key, title, time, ..
            } = identity(&entry);
            seen.take(key, title, time, entry.place(), false);
        }
        seen
    }

    /// Takes an entry in, after the others of its key; unless `unless_seen` and an
    /// entry of `key` taken `time` times whose title is the same as `title` was seen:
    /// then where the first such was, and the most times any of them was taken.
    fn take(
        &mut self,
        key: Key,
        title: Option<&str>,
        time: u8,
        place: Place,
        unless_seen: bool,
    ) -> Option<(Place, u8)> {
        let at = self.earlier.len();
        let Seen { keys, earlier } = self;
        match keys.entry(key) {
            std::collections::hash_map::Entry::Vacant(vacant) => {
                vacant.insert(Chain {
                    head: at,
                    tail: at,
                    len: 1,
                    index: None,
                });
            }
            std::collections::hash_map::Entry::Occupied(mut occupied) => {
                let chain = occupied.get_mut();
                if unless_seen {
                    let same = same(earlier, chain, title);
                    if let Some(first) = first(&same, time) {
                        return Some((first, most(&same)));
                    }
                }
                if let Some(last) = earlier.get_mut(chain.tail) {
                    last.next = Some(at);
                }
                chain.tail = at;
                chain.len += 1;
                match &mut chain.index {
                    Some(index) => index.add(at, title),
                    None if chain.len > INDEXED => {
                        let mut index = Index::default();
                        let mut next = Some(chain.head);
                        while let Some(i) = next.filter(|i| *i < at) {
                            let e = earlier.get(i);
                            index.add(i, e.and_then(|e| e.title.as_deref()));
                            next = e.and_then(|e| e.next);
                        }
                        index.add(at, title);
                        chain.index = Some(Box::new(index));
                    }
                    None => {}
                }
            }
        }
        self.earlier.push(Earlier {
            title: title.map(str::to_owned),
            time,
            place,
            next: None,
        });
        None
    }

    /// The entries seen that `id` is the same as, whichever time each is.
    fn all_times<'s>(&'s self, id: &Identity<'_>) -> Vec<&'s Earlier> {
        self.keys
            .get(&id.key)
            .map(|chain| same(&self.earlier, chain, id.title))
            .unwrap_or_default()
    }

    /// Takes `entry` in, or reports at `at()` that it is the same as one already seen
    /// and returns `false`. A course seen before is marked [`Code::DuplicateCourse`];
    /// in a record file, the help says which `repeat` would make it the next time.
    pub fn admit<L: Clone>(
        &mut self,
        entry: &Entry,
        at: impl FnOnce() -> L,
        check: &mut Checker<'_, L>,
    ) -> bool {
        let Identity {
            kind,
            key,
            title,
            time,
        } = identity(entry);
        let Some((first, most)) = self.take(key, title, time, entry.place(), true) else {
            return true;
        };
        let diagnostic = Diagnostic::error(duplicate(kind, entry.place(), first), Some(at()));
        let next = most.checked_add(1).filter(|n| *n <= MAX_REPEAT);
        check.push(match (entry, next) {
            (Entry::Training(t), Some(next)) if matches!(t.place, Place::Line(_)) => diagnostic
                .with_code(Code::DuplicateCourse)
                .with_help(format!(
                    "if the course was taken again on the same day, write `repeat = {next}` in this entry"
                )),
            (Entry::Training(_), _) => diagnostic.with_code(Code::DuplicateCourse),
            _ => diagnostic,
        });
        false
    }

    /// `entry` as it is when nothing seen is the same; a course seen before on its day
    /// as the same course taken once more, its `repeat` one more than the most times
    /// seen. Another kind of entry seen before, or a course seen [`MAX_REPEAT`] times,
    /// is reported at `at` and gives `None`.
    pub fn again<L: Clone>(
        &self,
        entry: Entry,
        at: L,
        check: &mut Checker<'_, L>,
    ) -> Option<Entry> {
        let (kind, first, most) = {
            let id = identity(&entry);
            let same = self.all_times(&id);
            (id.kind, first(&same, id.time), most(&same))
        };
        let Some(first) = first else {
            return Some(entry);
        };
        match entry {
            Entry::Training(t) => match most.checked_add(1).filter(|n| *n <= MAX_REPEAT) {
                Some(next) => Some(Entry::Training(Training {
                    repeat: Some(next),
                    ..t
                })),
                None => {
                    check.error(
                        format!(
                            "expected the same course at most {MAX_REPEAT} times on one day, found it with `repeat = {most}` already"
                        ),
                        at,
                    );
                    None
                }
            },
            other => {
                check.push(
                    Diagnostic::error(duplicate(kind, other.place(), first), Some(at))
                        .with_help("only a course can be logged again on the same day"),
                );
                None
            }
        }
    }
}

/// `duplicate training entry: the same as the one at line 12`, in the words of where
/// each of the two came from.
fn duplicate(kind: &str, place: Place, first: Place) -> String {
    let which = match (place, first) {
        (Place::Line(_), Place::Line(line)) => format!("the same as the one at line {line}"),
        (_, Place::Line(line)) => format!("the record has the same one at line {line}"),
        (_, Place::Added(n)) => format!("the same as added entry {n}"),
        (_, Place::Row(row)) => format!("the same as the one at row {row}"),
        (_, Place::Course(line)) => format!("the same as the catalogue's course at line {line}"),
        (_, Place::Renewal) => "the same as the renewal assumed for the next cycle".to_owned(),
    };
    format!("duplicate {kind} entry: {which}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Training;

    /// Keys that differ in any one value, or only in which field a value is in, hash
    /// apart: the packing overlaps no two fields and tells texts and splits apart.
    #[test]
    fn keys_that_differ_hash_apart() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 1, d).unwrap();
        let topic = |t: &str| TopicId::new(t).unwrap();
        let hours = Hours::from_whole;
        let mut keys = vec![
            Key::Credential(CredentialId::new("nj/cprs").unwrap(), day(1)),
            Key::Credential(CredentialId::new("nj/cprs").unwrap(), day(2)),
            Key::Credential(CredentialId::new("pa/cps").unwrap(), day(1)),
            Key::Exam(ExamId::new("icrc-pr").unwrap(), day(1)),
            Key::Attestation(AttestationKind::new("icrc-pr").unwrap(), day(1)),
            Key::Experience(day(1), day(2), hours(3), true),
            Key::Experience(day(1), day(2), hours(3), false),
            Key::Experience(day(2), day(1), hours(3), true),
            Key::Experience(day(1), day(3), hours(3), true),
            Key::Payment(FeeKind::Renewal, Cents::new(100), day(1), None),
            Key::Payment(FeeKind::Late, Cents::new(100), day(1), None),
            Key::Payment(FeeKind::Renewal, Cents::new(101), day(1), None),
            Key::Payment(FeeKind::Renewal, Cents::new(100), day(2), None),
            Key::Payment(
                FeeKind::Renewal,
                Cents::new(100),
                day(1),
                Some(CredentialId::new("nj/cprs").unwrap()),
            ),
        ];
        for make in [Key::Training, Key::Supervision] {
            keys.extend([
                make(day(1), hours(2), Vec::new()),
                make(day(2), hours(2), Vec::new()),
                make(day(1), hours(3), Vec::new()),
                make(day(1), hours(2), vec![(topic("ethics"), hours(2))]),
                make(day(1), hours(2), vec![(topic("ethics"), hours(1))]),
                make(day(1), hours(2), vec![(topic("ethic"), hours(2))]),
                make(
                    day(1),
                    hours(2),
                    vec![(topic("a"), hours(1)), (topic("b"), hours(1))],
                ),
                make(
                    day(1),
                    hours(2),
                    vec![(topic("a-b"), hours(1)), (topic("b"), hours(1))],
                ),
            ]);
        }
        let hashes: std::collections::HashSet<u64> = keys
            .iter()
            .map(|key| {
                let mut hasher = std::hash::DefaultHasher::new();
                key.hash(&mut hasher);
                hasher.finish()
            })
            .collect();
        assert_eq!(hashes.len(), keys.len());
        for (i, a) in keys.iter().enumerate() {
            for (j, b) in keys.iter().enumerate() {
                assert_eq!(a == b, i == j);
            }
        }
    }

    fn course(title: Option<&str>, repeat: Option<u8>, line: usize) -> Entry {
        Entry::Training(Training {
            date: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            title: title.map(str::to_owned),
            provider: None,
            hours: Hours::from_whole(2),
            topics: Vec::new(),
            format: None,
            certificate: None,
            repeat,
            place: Place::Line(line),
        })
    }

    /// Courses of one day and hours are told apart by title, however many there are;
    /// one without a title is the same as the first of its day and time, and a title
    /// seen before is the same course, unless taken again (`repeat`).
    #[test]
    fn courses_of_one_day_are_told_apart_by_title() {
        let library = crate::Library::embedded().unwrap();
        let mut check: Checker<'_, usize> = Checker::new(library.topics());
        let mut seen = Seen::default();
        for line in 1..=5000 {
            let title = format!("Course {line}");
            assert!(seen.admit(&course(Some(&title), None, line), || line, &mut check));
        }
        assert!(seen.admit(
            &course(Some("Course 7"), Some(2), 5001),
            || 5001,
            &mut check
        ));
        assert!(!seen.admit(&course(Some("Course 7"), None, 5002), || 5002, &mut check));
        assert!(!seen.admit(&course(None, None, 5003), || 5003, &mut check));
        assert!(!seen.admit(&course(None, Some(2), 5004), || 5004, &mut check));
        let problems: Vec<(String, Option<String>, Option<usize>)> = check
            .problems
            .into_iter()
            .map(|d| (d.message, d.help, d.span))
            .collect();
        assert_eq!(
            problems,
            [
                (
                    "duplicate training entry: the same as the one at line 7".to_owned(),
                    Some("if the course was taken again on the same day, write `repeat = 3` in this entry".to_owned()),
                    Some(5002)
                ),
                (
                    "duplicate training entry: the same as the one at line 1".to_owned(),
                    Some("if the course was taken again on the same day, write `repeat = 3` in this entry".to_owned()),
                    Some(5003)
                ),
                (
                    "duplicate training entry: the same as the one at line 5001".to_owned(),
                    Some("if the course was taken again on the same day, write `repeat = 3` in this entry".to_owned()),
                    Some(5004)
                ),
            ]
        );
    }
}
