//! What the fuzz targets share: the embedded library, read once, and a valid worker
//! record built from arbitrary bytes through the entry language.

use std::sync::OnceLock;

use chrono::{Days, NaiveDate};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use peercert_core::record::entry;
use peercert_core::{Library, Record, Source};

/// The shipped rule sets and vocabulary, every one read once per process (so that a
/// clone given more rule files does not read them again).
pub fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        let mut library = Library::embedded().expect("the embedded library loads");
        library.read_shipped().expect("the shipped rule sets load");
        library
    })
}

/// A message of a refused input: it must render, and say it is an error.
pub fn check_refusal(message: &str) {
    assert!(message.starts_with("error"), "{message}");
}

/// A day from 2018-01-01 to about 2031.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub struct Day(u16);

impl Day {
    /// The date.
    pub fn date(self) -> NaiveDate {
        let epoch = NaiveDate::from_ymd_opt(2018, 1, 1).expect("a real date");
        epoch + Days::new(u64::from(self.0 % 4_800))
    }
}

/// One entry of a record, as the entry language writes it; indexes pick among the
/// library's credentials, topics, exams and attestation kinds.
#[derive(Debug, Clone, Arbitrary)]
pub enum Spec {
    /// `credential: ID ISSUED..EXPIRES [provisional]`
    Credential {
        credential: u8,
        issued: Day,
        months: u8,
        provisional: bool,
    },
    /// `training: HOURSh [TOPIC or SPLIT] [FORMAT] DATE ["TITLE"]`
    Training {
        hundredths: u16,
        topic: Option<u8>,
        split: Vec<(u8, u8)>,
        format: Option<u8>,
        date: Day,
        title: Option<u8>,
    },
    /// `supervision: HOURSh [TOPIC] DATE`
    Supervision {
        hundredths: u16,
        topic: Option<u8>,
        date: Day,
    },
    /// `experience: HOURSh FROM..TO [supervised]`
    Experience {
        hours: u16,
        from: Day,
        days: u16,
        supervised: bool,
    },
    /// `exam: ID SCORE|passed DATE`
    Exam {
        exam: u8,
        score: Option<u16>,
        date: Day,
    },
    /// `attestation: KIND DATE`
    Attestation { kind: u8, date: Day },
    /// `payment: KIND AMOUNT DATE [credential=ID]`
    Payment {
        kind: u8,
        cents: u32,
        date: Day,
        credential: Option<u8>,
    },
}

fn pick<'a>(items: &[&'a str], i: u8) -> &'a str {
    items
        .get(usize::from(i) % items.len().max(1))
        .copied()
        .unwrap_or("")
}

fn hours(hundredths: u16, most: u32) -> String {
    let h = 1 + u32::from(hundredths) % (most * 100);
    format!("{}.{:02}h", h / 100, h % 100)
}

impl Spec {
    /// The entry in the entry language.
    pub fn text(&self, library: &Library) -> String {
        let credentials: Vec<&str> = library.ids().map(|id| id.as_str()).collect();
        let topics: Vec<&str> = library.topics().iter().map(|t| t.id.as_str()).collect();
        let formats = ["in-person", "live-online", "self-paced"];
        match self {
            Spec::Credential {
                credential,
                issued,
                months,
                provisional,
            } => {
                let from = issued.date();
                let to = from
                    .checked_add_months(chrono::Months::new(1 + u32::from(*months % 60)))
                    .unwrap_or(from);
                let flag = if *provisional { " provisional" } else { "" };
                format!(
                    "credential: {} {from}..{to}{flag}",
                    pick(&credentials, *credential)
                )
            }
            Spec::Training {
                hundredths,
                topic,
                split,
                format,
                date,
                title,
            } => {
                let total = 1 + u32::from(*hundredths) % 4_000;
                let mut text = format!("training: {}.{:02}h", total / 100, total % 100);
                if split.is_empty() {
                    if let Some(t) = topic {
                        text.push_str(&format!(" {}", pick(&topics, *t)));
                    }
                } else {
                    let mut left = total;
                    let mut parts: Vec<(&str, u32)> = Vec::new();
                    for (t, share) in split.iter().take(4) {
                        let name = pick(&topics, *t);
                        let part = left * u32::from(*share) / 512;
                        if part == 0 || parts.iter().any(|(n, _)| *n == name) {
                            continue;
                        }
                        left -= part;
                        parts.push((name, part));
                    }
                    let written: Vec<String> = parts
                        .iter()
                        .map(|(n, p)| format!("{n}={}.{:02}", p / 100, p % 100))
                        .collect();
                    if !written.is_empty() {
                        text.push_str(&format!(" {}", written.join(",")));
                    }
                }
                if let Some(f) = format {
                    text.push_str(&format!(" {}", pick(&formats, *f)));
                }
                text.push_str(&format!(" {}", date.date()));
                if let Some(t) = title {
                    text.push_str(&format!(" \"Course {}\"", t % 8));
                }
                text
            }
            Spec::Supervision {
                hundredths,
                topic,
                date,
            } => {
                let topic = topic.map_or(String::new(), |t| format!(" {}", pick(&topics, t)));
                format!(
                    "supervision: {}{topic} {}",
                    hours(*hundredths, 20),
                    date.date()
                )
            }
            Spec::Experience {
                hours,
                from,
                days,
                supervised,
            } => {
                let days = u32::from(*days % 400);
                let from_date = from.date();
                let to = from_date + Days::new(u64::from(days));
                let h = 1 + u32::from(*hours) % (8 * (days + 1));
                let flag = if *supervised { " supervised" } else { "" };
                format!("experience: {h}h {from_date}..{to}{flag}")
            }
            Spec::Exam { exam, score, date } => {
                let exams = library.exam_ids();
                let result = score.map_or("passed".to_owned(), |s| (s % 1_001).to_string());
                format!("exam: {} {result} {}", pick(&exams, *exam), date.date())
            }
            Spec::Attestation { kind, date } => {
                let kinds = library.attestation_kinds();
                format!("attestation: {} {}", pick(&kinds, *kind), date.date())
            }
            Spec::Payment {
                kind,
                cents,
                date,
                credential,
            } => {
                let kinds = [
                    "application",
                    "exam",
                    "certification",
                    "renewal",
                    "late",
                    "reinstatement",
                ];
                let cents = 1 + cents % 200_000;
                let paid_for = credential.map_or(String::new(), |c| {
                    format!(" credential={}", pick(&credentials, c))
                });
                format!(
                    "payment: {} {}.{:02} {}{paid_for}",
                    pick(&kinds, *kind),
                    cents / 100,
                    cents % 100,
                    date.date()
                )
            }
        }
    }
}

/// The record every built record starts from: a worker and nothing else.
pub const EMPTY_RECORD: &str = "[worker]\nid = \"W-1\"\nname = \"Dana Cole\"\n";

/// A valid record: the empty record with each entry the entry language accepts
/// added (an entry it refuses, such as a duplicate, is left out).
pub fn build(specs: &[Spec]) -> Record {
    let library = library();
    let mut record = Record::parse(&Source::new("w.toml", EMPTY_RECORD), library)
        .expect("the empty record loads");
    for spec in specs.iter().take(64) {
        let _ = entry::add(
            &mut record,
            &Source::new("spec", spec.text(library)),
            library,
        );
    }
    record
}
