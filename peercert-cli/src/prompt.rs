//! Guided logging: the questions `peercert log RECORD` asks on a terminal when no
//! entry is given, one answer at a time, and the one-line entry they make.
//!
//! The answers are never turned into a record entry here. They are written as the
//! entry language writes an entry (docs/record-format.md, "The entry language"),
//! quoting a title or an option's value so that quotes and backslashes in it survive,
//! and that line is read by the core's [`entry`] reader, the one every entry typed on
//! a command line goes through. So an answer is checked as it is given, by the same
//! checks and with the same message as the same entry typed after `peercert log`; a
//! refused answer is asked again.
//!
//! While a kind's later questions are not answered yet, the line holds a stand-in for
//! each word its form requires (one hour, `passed`, an amount of 1.00, today's date),
//! a value no check refuses, so that only the answers given can be blamed. The
//! stand-ins never reach the record: the line is whole when every question is
//! answered. Whether it is the same as an entry the record already has can only be
//! said of the whole line, so that check is the caller's, when it adds the entry.
//!
//! The prompts are drawn by `inquire` on standard error; Esc or Ctrl-C at any of them
//! stops with [`Stop::Cancelled`].

use std::io::IsTerminal as _;

use chrono::NaiveDate;
use inquire::autocompletion::Replacement;
use inquire::ui::{Color, ErrorMessageRenderConfig, RenderConfig, Styled};
use inquire::validator::Validation;
use inquire::{Autocomplete, Confirm, CustomUserError, InquireError, Select, Text};
use peercert_core::diag::close_matches;
use peercert_core::record::{Place, entry};
use peercert_core::vocab::{FeeKind, Format};
use peercert_core::{Library, LoadError, Record, Source};

/// Why no answer came.
#[derive(Debug)]
pub enum Stop {
    /// The person pressed Esc or Ctrl-C.
    Cancelled,
    /// The terminal could not be used.
    Failed(String),
}

impl From<InquireError> for Stop {
    fn from(error: InquireError) -> Stop {
        match error {
            InquireError::OperationCanceled | InquireError::OperationInterrupted => Stop::Cancelled,
            other => Stop::Failed(format!("cannot ask on this terminal: {other}")),
        }
    }
}

/// Whether a person is there to answer: standard input and output are terminals.
pub fn on_terminal() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// The kinds of entry, in the order they are offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Training,
    Exam,
    Experience,
    Supervision,
    Payment,
    Attestation,
    Credential,
}

impl Kind {
    const ALL: [Kind; 7] = [
        Kind::Training,
        Kind::Exam,
        Kind::Experience,
        Kind::Supervision,
        Kind::Payment,
        Kind::Attestation,
        Kind::Credential,
    ];

    /// The word that names the kind in the entry language.
    fn word(self) -> &'static str {
        match self {
            Kind::Training => "training",
            Kind::Exam => "exam",
            Kind::Experience => "experience",
            Kind::Supervision => "supervision",
            Kind::Payment => "payment",
            Kind::Attestation => "attestation",
            Kind::Credential => "credential",
        }
    }

    /// What it is, beside its word in the list of kinds.
    fn meaning(self) -> &'static str {
        match self {
            Kind::Training => "a course completed",
            Kind::Exam => "an exam taken",
            Kind::Experience => "hours of work or volunteering over a period",
            Kind::Supervision => "hours of supervision received",
            Kind::Payment => "a fee paid",
            Kind::Attestation => "a signed statement on file",
            Kind::Credential => "a credential issued or renewed",
        }
    }

    /// Its questions, in the order they are asked.
    fn questions(self) -> &'static [Question] {
        use Question as Q;
        match self {
            Kind::Training => &[
                Q::Date,
                Q::Title,
                Q::Hours,
                Q::Topic,
                Q::Format,
                Q::Provider,
                Q::Certificate,
            ],
            Kind::Exam => &[Q::Exam, Q::Result, Q::Date],
            Kind::Experience => &[Q::From, Q::To, Q::Hours, Q::Supervised],
            Kind::Supervision => &[Q::Hours, Q::Topic, Q::Date],
            Kind::Payment => &[Q::Fee, Q::Amount, Q::Date, Q::PaidFor],
            Kind::Attestation => &[Q::Statement, Q::Date],
            Kind::Credential => &[
                Q::Credential,
                Q::Issued,
                Q::Expires,
                Q::Provisional,
                Q::Number,
            ],
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:<12} {}", self.word(), self.meaning())
    }
}

/// One question of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    Date,
    Title,
    Hours,
    Topic,
    Format,
    Provider,
    Certificate,
    Exam,
    Result,
    From,
    To,
    Supervised,
    Fee,
    Amount,
    PaidFor,
    Statement,
    Credential,
    Issued,
    Expires,
    Provisional,
    Number,
}

/// The answer to the topic question that tags no topic.
const NO_TOPIC: &str = "none";

/// The choice of format that records none.
const NO_FORMAT: &str = "not recorded";

/// How a question is answered.
enum How {
    /// One word of the entry, required.
    Word,
    /// A date, one word; `today` when it is the default.
    Date { today: bool },
    /// Free text, quoted in the entry (an optional one is left out when empty).
    Text,
    /// A topic, `none`, or a topic split.
    Topic,
    /// One of a list of words.
    Choose(&'static [&'static str]),
    /// Yes or no.
    YesNo,
}

/// Every format the entry language knows, then the choice of none.
const FORMATS: [&str; 4] = [
    Format::ALL[0].0,
    Format::ALL[1].0,
    Format::ALL[2].0,
    NO_FORMAT,
];

/// Every kind of payment the entry language knows.
const FEES: [&str; 6] = [
    FeeKind::ALL[0].0,
    FeeKind::ALL[1].0,
    FeeKind::ALL[2].0,
    FeeKind::ALL[3].0,
    FeeKind::ALL[4].0,
    FeeKind::ALL[5].0,
];

impl Question {
    /// The question as shown.
    fn text(self, kind: Kind) -> &'static str {
        match self {
            Question::Date if kind == Kind::Training => "Date of the course",
            Question::Date => "Date",
            Question::Title => "Title of the course",
            Question::Hours => "Hours",
            Question::Topic => "Topic",
            Question::Format => "Format",
            Question::Provider => "Provider (optional)",
            Question::Certificate => "Certificate id (optional)",
            Question::Exam => "Exam",
            Question::Result => "Score, or `passed`",
            Question::From => "First day of the period",
            Question::To => "Last day of the period",
            Question::Supervised => "Was the work supervised?",
            Question::Fee => "What the fee was for",
            Question::Amount => "Amount in US dollars",
            Question::PaidFor => "Credential it paid for (optional)",
            Question::Statement => "Kind of statement",
            Question::Credential => "Credential",
            Question::Issued => "Issued or last renewed on",
            Question::Expires => "Expires on",
            Question::Provisional => "Is it provisional?",
            Question::Number => "Certificate number (optional)",
        }
    }

    /// The line of help under the question.
    fn help(self) -> &'static str {
        match self {
            Question::Date
            | Question::From
            | Question::To
            | Question::Issued
            | Question::Expires => "YYYY-MM-DD, such as 2026-12-01",
            Question::Title => "as on the certificate",
            Question::Hours => "such as 6 or 1.5",
            Question::Topic => {
                "a topic, `none`, or hours by topic such as ethics=2,advocacy=4; ↑↓ to choose, Tab to complete"
            }
            Question::Format => "how the course was given; ↑↓ to move, Enter to choose",
            Question::Provider => "who gave the course; Enter to skip",
            Question::Certificate | Question::Number => "Enter to skip",
            Question::Exam => "such as icrc-pr; ↑↓ to choose, Tab to complete",
            Question::Result => "the score as a whole number, or `passed` for a pass/fail exam",
            Question::Supervised | Question::Provisional => "y or n",
            Question::Fee => "↑↓ to move, Enter to choose",
            Question::Amount => "such as 100.00",
            Question::PaidFor => "such as pa/crs; Enter to skip",
            Question::Statement => "such as code-of-ethics; ↑↓ to choose, Tab to complete",
            Question::Credential => "such as pa/crs; ↑↓ to choose, Tab to complete",
        }
    }

    fn how(self) -> How {
        match self {
            Question::Date | Question::To => How::Date { today: true },
            Question::From | Question::Issued | Question::Expires => How::Date { today: false },
            Question::Title => How::Text,
            Question::Provider | Question::Certificate | Question::Number => How::Text,
            Question::Hours
            | Question::Exam
            | Question::Result
            | Question::Amount
            | Question::Statement
            | Question::Credential => How::Word,
            Question::PaidFor => How::Text,
            Question::Topic => How::Topic,
            Question::Format => How::Choose(&FORMATS),
            Question::Fee => How::Choose(&FEES),
            Question::Supervised | Question::Provisional => How::YesNo,
        }
    }

    /// What the answer is, after "expected" when it is missing.
    fn what(self) -> &'static str {
        match self {
            Question::Hours => "the hours",
            Question::Exam => "the exam's id",
            Question::Result => "a score or `passed`",
            Question::Amount => "the amount",
            Question::Statement => "the kind of statement",
            Question::Credential => "the credential's id",
            Question::Topic => "a topic, `none`, or a topic split",
            Question::Date
            | Question::From
            | Question::To
            | Question::Issued
            | Question::Expires => "a date",
            Question::Title
            | Question::Format
            | Question::Provider
            | Question::Certificate
            | Question::Supervised
            | Question::Fee
            | Question::PaidFor
            | Question::Provisional
            | Question::Number => "an answer",
        }
    }
}

/// The answers given so far to one kind's questions.
#[derive(Debug, Clone)]
pub struct Answers {
    kind: Kind,
    given: Vec<(Question, String)>,
}

impl Answers {
    pub fn new(kind: Kind) -> Answers {
        Answers {
            kind,
            given: Vec::new(),
        }
    }

    /// These answers and `answer` to `question` (in place of an earlier one).
    pub fn with(&self, question: Question, answer: &str) -> Answers {
        let mut next = self.clone();
        next.given.retain(|(q, _)| *q != question);
        next.given.push((question, answer.trim().to_owned()));
        next
    }

    /// The answer to `question`, when it was given.
    fn get(&self, question: Question) -> Option<&str> {
        self.given
            .iter()
            .find(|(q, _)| *q == question)
            .map(|(_, a)| a.as_str())
    }

    /// The answer to an optional question, when it was given and is not empty.
    fn optional(&self, question: Question) -> Option<&str> {
        self.get(question).filter(|a| !a.is_empty())
    }

    /// The entry in the entry language, such as `training: 6h ethics live-online
    /// 2026-12-01 "Ethics Refresher"`; a word not answered yet is its stand-in, a
    /// date `today`.
    pub fn line(&self, today: NaiveDate) -> String {
        let today = today.to_string();
        let date = |q| self.get(q).unwrap_or(&today).to_owned();
        let hours = self.get(Question::Hours).unwrap_or("1h").to_owned();
        let mut words = vec![format!("{}:", self.kind.word())];
        match self.kind {
            Kind::Training => {
                words.push(hours);
                words.extend(
                    self.optional(Question::Topic)
                        .filter(|t| !t.eq_ignore_ascii_case(NO_TOPIC))
                        .map(str::to_owned),
                );
                words.extend(
                    self.optional(Question::Format)
                        .filter(|f| *f != NO_FORMAT)
                        .map(str::to_owned),
                );
                words.push(date(Question::Date));
                words.extend(self.get(Question::Title).map(quote));
                words.extend(self.option("provider", Question::Provider));
                words.extend(self.option("certificate", Question::Certificate));
            }
            Kind::Exam => {
                words.extend(self.get(Question::Exam).map(str::to_owned));
                words.push(self.get(Question::Result).unwrap_or("passed").to_owned());
                words.push(date(Question::Date));
            }
            Kind::Experience => {
                let from = date(Question::From);
                let to = self.get(Question::To).unwrap_or(&from).to_owned();
                words.push(hours);
                words.push(format!("{from}..{to}"));
                if self.get(Question::Supervised) == Some("yes") {
                    words.push("supervised".to_owned());
                }
            }
            Kind::Supervision => {
                words.push(hours);
                words.extend(
                    self.optional(Question::Topic)
                        .filter(|t| !t.eq_ignore_ascii_case(NO_TOPIC))
                        .map(str::to_owned),
                );
                words.push(date(Question::Date));
            }
            Kind::Payment => {
                words.extend(self.get(Question::Fee).map(str::to_owned));
                words.push(self.get(Question::Amount).unwrap_or("1.00").to_owned());
                words.push(date(Question::Date));
                words.extend(self.option("credential", Question::PaidFor));
            }
            Kind::Attestation => {
                words.extend(self.get(Question::Statement).map(str::to_owned));
                words.push(date(Question::Date));
            }
            Kind::Credential => {
                let issued = date(Question::Issued);
                let expires = self.get(Question::Expires).map_or_else(
                    || {
                        let from = peercert_core::quantity::parse_iso_date(&issued);
                        from.and_then(|d| d.succ_opt())
                            .unwrap_or_default()
                            .to_string()
                    },
                    str::to_owned,
                );
                words.extend(self.get(Question::Credential).map(str::to_owned));
                words.push(format!("{issued}..{expires}"));
                if self.get(Question::Provisional) == Some("yes") {
                    words.push("provisional".to_owned());
                }
                words.extend(self.option("number", Question::Number));
            }
        }
        words.join(" ")
    }

    /// `NAME="VALUE"` for an optional answer that was given.
    fn option(&self, name: &str, question: Question) -> Option<String> {
        self.optional(question)
            .map(|value| format!("{name}={}", quote(value)))
    }
}

/// `text` as a quoted text of the entry language: in quotes, with `"` written `\"`
/// and `\` written `\\`.
pub fn quote(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        if matches!(c, '"' | '\\') {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('"');
    quoted
}

/// Whether `answer` to `question` can stand in the entry (an answer the entry
/// language cannot write is refused here, in the words of the question), and then
/// whether the entry with it passes the core's checks; the message when not.
pub fn judge(
    answers: &Answers,
    question: Question,
    answer: &str,
    library: &Library,
    today: NaiveDate,
) -> Result<(), String> {
    let answer = answer.trim();
    fits(question, answer)?;
    let line = answers.with(question, answer).line(today);
    entry::parse(&Source::new("your answers", line), library, Place::Added(1))
        .map(|_| ())
        .map_err(|e| problems(&e))
}

/// Whether an answer can be written where its question's answer goes.
fn fits(question: Question, answer: &str) -> Result<(), String> {
    let one_word = || {
        if answer.is_empty() {
            Err(format!("expected {}, found nothing", question.what()))
        } else if answer.contains(|c: char| c.is_whitespace() || c == '"' || c == '=') {
            Err(format!("expected one word, found `{answer}`"))
        } else {
            Ok(())
        }
    };
    match question.how() {
        How::Word | How::Date { .. } => one_word(),
        How::Topic if answer.contains('=') => {
            if answer.contains('"') {
                Err(format!(
                    "expected a topic split such as `ethics=2,advocacy=4`, found `{answer}`"
                ))
            } else {
                Ok(())
            }
        }
        How::Topic => {
            one_word()?;
            if Format::ALL.iter().any(|(name, _)| *name == answer) {
                return Err(format!(
                    "expected a topic, found the format `{answer}`\n  = help: the format is asked next"
                ));
            }
            Ok(())
        }
        How::Text | How::Choose(_) | How::YesNo => Ok(()),
    }
}

/// Every problem of a refused entry, message and help, without the entry's text:
/// the question is the place. The first `error:` label is the prompt's own.
fn problems(error: &LoadError) -> String {
    match error {
        LoadError::Invalid(diagnostics) => diagnostics
            .items()
            .iter()
            .map(|d| match &d.help {
                Some(help) => format!("{}\n  = help: {help}", d.message),
                None => d.message.clone(),
            })
            .collect::<Vec<_>>()
            .join("\nerror: "),
        // The prompt writes the first label itself.
        other => {
            let text = other.to_string();
            text.strip_prefix("error: ").unwrap_or(&text).to_owned()
        }
    }
}

/// The names offered while typing an answer: those that begin with what is typed
/// first, then those that contain it. In a topic split (`split`), the name being
/// typed is the part after the last comma or space, and each offer keeps what was
/// typed before it.
#[derive(Debug, Clone)]
pub struct Offer {
    names: Vec<String>,
    split: bool,
}

impl Offer {
    pub fn new(names: Vec<String>, split: bool) -> Offer {
        Offer { names, split }
    }

    pub fn suggestions(&self, input: &str) -> Vec<String> {
        let (head, part) = self.part(input);
        if part.contains('=') {
            return Vec::new();
        }
        let part = part.to_lowercase();
        let names = self
            .names
            .iter()
            .filter(|n| head.is_empty() || n.as_str() != NO_TOPIC);
        let (begin, rest): (Vec<&String>, Vec<&String>) = names.partition(|n| n.starts_with(&part));
        begin
            .into_iter()
            .chain(rest.into_iter().filter(|n| n.contains(&part)))
            .map(|n| format!("{head}{n}"))
            .collect()
    }

    /// Tab: the chosen offer; with none chosen, the only one, or else the closest
    /// name to what is typed (`ethcs` becomes `ethics`).
    pub fn completion(&self, input: &str, chosen: Option<String>) -> Option<String> {
        if chosen.is_some() {
            return chosen;
        }
        if let [only] = self.suggestions(input).as_slice() {
            return Some(only.clone());
        }
        let (head, part) = self.part(input);
        close_matches(part, self.names.iter().map(String::as_str))
            .first()
            .map(|name| format!("{head}{name}"))
    }

    /// What was typed before the name being typed, and that name.
    fn part<'i>(&self, input: &'i str) -> (&'i str, &'i str) {
        match input.rfind([',', ' ']).filter(|_| self.split) {
            Some(at) => input.split_at(at + 1),
            None => ("", input),
        }
    }
}

impl Autocomplete for Offer {
    fn get_suggestions(&mut self, input: &str) -> Result<Vec<String>, CustomUserError> {
        Ok(self.suggestions(input))
    }

    fn get_completion(
        &mut self,
        input: &str,
        chosen: Option<String>,
    ) -> Result<Replacement, CustomUserError> {
        Ok(self.completion(input, chosen))
    }
}

/// Asks for one entry of a kind the person chooses, each answer checked as it is
/// given, and returns it in the entry language.
pub fn ask(record: &Record, library: &Library, today: NaiveDate) -> Result<String, Stop> {
    // Answered questions keep `>`, and a refused answer is said as every error is,
    // `error: …` then its help, with colour or (`NO_COLOR`) without.
    let config = if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        RenderConfig::empty()
            .with_answered_prompt_prefix(Styled::new(">"))
            .with_error_message(
                ErrorMessageRenderConfig::empty().with_prefix(Styled::new("error:")),
            )
    } else {
        RenderConfig::default_colored().with_error_message(
            ErrorMessageRenderConfig::default_colored()
                .with_prefix(Styled::new("error:").with_fg(Color::LightRed)),
        )
    };
    inquire::set_global_render_config(config);
    let kind = Select::new("What do you want to add?", Kind::ALL.to_vec())
        .with_help_message("↑↓ to move, Enter to choose, type to filter")
        .with_formatter(&|chosen| chosen.value.word().to_owned())
        .prompt()?;
    let mut answers = Answers::new(kind);
    for &question in kind.questions() {
        let answer = loop {
            let answer = one(kind, question, &answers, record, library, today)?;
            match judge(&answers, question, &answer, library, today) {
                Ok(()) => break answer,
                // A chosen answer has no check while it is chosen: said here, asked again.
                Err(message) => crate::command::report(&message),
            }
        };
        answers = answers.with(question, &answer);
    }
    Ok(answers.line(today))
}

/// Asks one question; a typed answer is checked before it is taken.
fn one(
    kind: Kind,
    question: Question,
    answers: &Answers,
    record: &Record,
    library: &Library,
    today: NaiveDate,
) -> Result<String, Stop> {
    let help = question.help();
    let today_text = today.to_string();
    let default = match question.how() {
        How::Date { today: true } => Some(today_text.as_str()),
        How::Date { today: false } | How::Word | How::Text | How::Topic => None,
        How::Choose(words) => {
            return Ok(Select::new(question.text(kind), words.to_vec())
                .with_help_message(help)
                .prompt()?
                .to_owned());
        }
        How::YesNo => {
            let yes = Confirm::new(question.text(kind))
                .with_default(false)
                .prompt()?;
            return Ok((if yes { "yes" } else { "no" }).to_owned());
        }
    };
    let mut prompt = Text::new(question.text(kind))
        .with_help_message(help)
        .with_validator(move |answer: &str| {
            Ok::<_, CustomUserError>(match judge(answers, question, answer, library, today) {
                Ok(()) => Validation::Valid,
                Err(message) => Validation::Invalid(message.into()),
            })
        });
    if let Some(default) = default {
        prompt = prompt.with_default(default);
    }
    if let Some(offer) = offer(question, record, library) {
        prompt = prompt.with_autocomplete(offer).with_page_size(6);
    }
    Ok(prompt.prompt()?)
}

/// The names offered while typing the answer to `question`, when it has any.
fn offer(question: Question, record: &Record, library: &Library) -> Option<Offer> {
    let names: Vec<String> = match question {
        Question::Topic => library
            .topics()
            .iter()
            .map(|t| t.id.as_str().to_owned())
            .chain(std::iter::once(NO_TOPIC.to_owned()))
            .collect(),
        Question::Exam => library.exam_ids().into_iter().map(str::to_owned).collect(),
        Question::Statement => library
            .attestation_kinds()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        Question::Credential | Question::PaidFor => {
            let mine = record.credentials_of_interest();
            let known = library.ids().filter(|id| !mine.contains(id));
            mine.iter()
                .copied()
                .chain(known)
                .map(|id| id.as_str().to_owned())
                .collect()
        }
        Question::Date
        | Question::Title
        | Question::Hours
        | Question::Format
        | Question::Provider
        | Question::Certificate
        | Question::Result
        | Question::From
        | Question::To
        | Question::Supervised
        | Question::Fee
        | Question::Amount
        | Question::Issued
        | Question::Expires
        | Question::Provisional
        | Question::Number => return None,
    };
    Some(Offer::new(names, question == Question::Topic))
}

/// Asks `question` with no for the default, as `[y/N]`.
pub fn confirm(question: &str) -> Result<bool, Stop> {
    Ok(Confirm::new(question).with_default(false).prompt()?)
}

#[cfg(test)]
mod tests;
