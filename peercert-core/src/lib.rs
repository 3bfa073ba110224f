//! peercert-core: peer support certification rules as data, and the engine that
//! checks a worker's record against them.
//!
//! A [`Library`] holds the topic vocabulary and every credential's [`RuleSet`]
//! (shipped rules are embedded; more can be added from a folder or from text). A
//! [`Record`] is one worker's file. [`evaluate`] answers, for one credential on one
//! date, where the worker stands ([`Standing`]) and whether they are eligible (or
//! current for renewal), requirement by requirement ([`Requirement`]s, one module per
//! [`RuleKind`]), with the entries that counted, those that did not and why, and the
//! fees. [`plan()`] turns the answer into what is left to do; [`audit`] gathers many;
//! a [`Packet`] is the answer with the proof behind it, for an auditor's file.
//!
//! ```
//! use chrono::NaiveDate;
//! use peercert_core::{Library, Outcome, Record, Source, Standing, evaluate};
//!
//! let library = Library::embedded()?;
//! let record = Record::parse(
//!     &Source::new(
//!         "record.toml",
//!         r#"
//! [worker]
//! id = "W-7"
//! name = "Sam Lee"
//!
//! [[credential]]
//! id = "pa/crs"
//! issued = 2024-06-01
//! expires = 2026-06-01
//!
//! [[training]]
//! date = 2025-03-10
//! title = "Ethics and Boundaries"
//! hours = 6
//! topic = "ethics"
//! "#,
//!     ),
//!     &library,
//! )?;
//! let ruleset = library.find("pa/crs")?;
//! let answer = evaluate(ruleset, &record, NaiveDate::from_ymd_opt(2026, 3, 1).ok_or("date")?)?;
//! assert_eq!(answer.outcome, Outcome::RenewalDue);
//! let expires = NaiveDate::from_ymd_opt(2026, 6, 1).ok_or("date")?;
//! assert_eq!(answer.standing, Standing::Open { expires, due: None });
//! assert_eq!(answer.days_left, Some(92));
//! for requirement in &answer.requirements {
//!     println!("{}: {}", requirement.id, requirement.explanation);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod audit;
pub mod catalog;
mod check;
pub mod diag;
pub mod diff;
pub mod error;
mod evaluate;
pub mod id;
pub mod import;
pub mod library;
mod overlay;
pub mod packet;
pub mod plan;
pub mod quantity;
pub mod record;
pub mod report;
pub mod requirement;
pub mod roster;
pub mod ruleset;
mod salvage;
pub mod schema;
mod sheet;
pub mod text;
pub mod topic;
mod value_schema;
pub mod vocab;
pub mod walk;

pub use diag::{Diagnostic, Diagnostics, Location, Source};
pub use error::{EvaluateError, LibraryError, LoadError};
pub use evaluate::evaluate;
pub use library::{Library, RulesStamp};
pub use packet::Packet;
pub use plan::{Plan, PlanOptions, plan};
pub use quantity::{Cents, Hours};
pub use record::Record;
pub use report::{Evaluation, Outcome, Purpose, RequirementResult, StageKind, Standing, Status};
pub use requirement::{Requirement, Rule};
pub use ruleset::RuleSet;
pub use vocab::RuleKind;
