//! The rule library: the topic vocabulary and every rule set, embedded at build
//! time and optionally extended or overridden from a folder or from text held in
//! memory. It owns what needs every rule set at once: merging overlays with their
//! bases, sharing an exam's pass mark, checking that prerequisites exist, and
//! looking a credential up by name ([`Library::find`], whose error carries the close
//! matches), and stamping the rules it holds ([`Library::stamp`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use crate::diag::{Diagnostic, Diagnostics, Source, close_matches, did_you_mean};
use crate::error::{LibraryError, LoadError, UnknownCredentialError};
use crate::id::{CredentialId, ExamId};
use crate::requirement::Rule;
use crate::ruleset::patch::Overlay;
use crate::ruleset::{RuleFile, RuleSet};
use crate::topic::Topics;
use crate::walk::{self, Skipped, Walk};

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// The canonical attestation kinds (DESIGN.md, "Canonical ids").
const BASE_ATTESTATIONS: [&str; 5] = [
    "hs-diploma",
    "lived-experience",
    "code-of-ethics",
    "background-check",
    "job-description",
];

/// The canonical exam ids (DESIGN.md, "Canonical ids").
const BASE_EXAMS: [&str; 2] = ["icrc-pr", "pcb-crs"];

/// The name of the vocabulary file in a rules directory.
pub const TOPICS_FILE: &str = "topics.toml";

/// Where a rule set came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Shipped inside the binary (path under `rules/`).
    Embedded(String),
    /// Read from a file added to the library (a rules folder).
    File(PathBuf),
    /// Added as text held in memory, under this name.
    Memory(String),
}

/// Where it came from, as messages name it.
impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Embedded(path) => write!(f, "rules/{path}"),
            Origin::File(path) => write!(f, "{}", path.display()),
            Origin::Memory(name) => f.write_str(name),
        }
    }
}

/// What rules an answer used: the newest `verified` date of the rule sets and a short
/// hash of every rule file read, shown as `2026-11-23+3f9a1c2e`.
///
/// Two libraries built from the same files in the same order have the same stamp on
/// any machine; a changed byte in any rule file, the topics included, changes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulesStamp {
    /// The newest `verified` date of the rule sets.
    pub verified: NaiveDate,
    /// The first 8 hexadecimal digits of the SHA-256 of the rule files read.
    pub hash: String,
}

/// `2026-11-23+3f9a1c2e`.
impl std::fmt::Display for RulesStamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}+{}", self.verified, self.hash)
    }
}

/// The topic vocabulary and every known rule set.
///
/// The shipped rule sets are read when first asked for ([`Library::get`]), so that a
/// command reads only those it uses; what needs every one of them (their ids, the
/// exam ids and attestation kinds they name, their pass marks, the stamp) comes from
/// an index made when peercert is built. Adding rule files reads every shipped one
/// first, so that overlays, pass marks and references are resolved across them all.
#[derive(Debug, Clone)]
pub struct Library {
    topics: Topics,
    /// The shipped rule sets, each read when first asked for; empty once they have
    /// all been read into `rulesets` and `overlays` ([`Library::read_shipped`]).
    shipped: BTreeMap<CredentialId, Shipped>,
    /// Whole rule sets: those of their own, and overlays merged with their bases.
    rulesets: BTreeMap<CredentialId, (RuleSet, Source, Origin)>,
    /// Overlays as written, before merging with their bases: kept so that a base
    /// replaced by `--rules` is merged again.
    overlays: BTreeMap<CredentialId, (Overlay, Source, Origin)>,
    /// Every rule file read so far, in order: its name and length, then its bytes;
    /// `None` while the library holds the shipped files alone, whose hash the index
    /// carries.
    digest: Option<Sha256>,
    /// The exam ids and attestation kinds the rule sets name, gathered when first
    /// asked for (a record asks for each of its exams and statements) and forgotten
    /// when a rule set is added.
    names: OnceLock<Names>,
}

/// A shipped rule set: its file, and what reading it gave (`None` if it does not
/// read, which the test suite rules out).
#[derive(Debug, Clone)]
struct Shipped {
    path: &'static str,
    text: &'static str,
    read: OnceLock<Option<(RuleSet, Source, Origin)>>,
}

/// The exam ids and attestation kinds the shipped vocabulary or any rule set names,
/// sorted, each once.
#[derive(Debug, Clone, Default)]
struct Names {
    exams: Vec<String>,
    attestations: Vec<String>,
}

impl Library {
    /// The rules shipped with peercert: the vocabulary read, each rule set read when
    /// first asked for.
    ///
    /// Fails only if the shipped vocabulary itself is broken, which the test suite
    /// rules out (as it does for every shipped rule set: [`Library::read_shipped`]).
    pub fn embedded() -> Result<Library, LibraryError> {
        let mut library = Library {
            topics: Topics::default(),
            shipped: BTreeMap::new(),
            rulesets: BTreeMap::new(),
            overlays: BTreeMap::new(),
            digest: None,
            names: OnceLock::new(),
        };
        for (path, text) in RULE_FILES.iter().filter(|(p, _)| *p == TOPICS_FILE) {
            library
                .topics
                .extend_from(&Source::new(format!("rules/{path}"), *text))
                .map_err(LoadError::Invalid)?;
        }
        for (id, index) in SHIPPED_IDS {
            let (Ok(id), Some((path, text))) = (CredentialId::new(id), RULE_FILES.get(*index))
            else {
                continue;
            };
            library.shipped.insert(
                id,
                Shipped {
                    path,
                    text,
                    read: OnceLock::new(),
                },
            );
        }
        Ok(library)
    }

    /// Reads every shipped rule set not read yet, as adding rule files needs: fails
    /// on the first problem in the shipped data, which the test suite rules out.
    pub fn read_shipped(&mut self) -> Result<(), LibraryError> {
        if self.digest.is_some() {
            return Ok(());
        }
        let mut digest = Sha256::new();
        for (path, text) in RULE_FILES.iter().filter(|(p, _)| *p == TOPICS_FILE) {
            absorb(&mut digest, &format!("rules/{path}"), text);
        }
        self.shipped.clear();
        self.names = OnceLock::new();
        let mut added = Vec::new();
        for (path, text) in RULE_FILES.iter().filter(|(p, _)| *p != TOPICS_FILE) {
            let source = Source::new(format!("rules/{path}"), *text);
            absorb(&mut digest, &source.name, text);
            added.push(self.insert(source, Origin::Embedded((*path).to_owned()))?);
        }
        self.digest = Some(digest);
        self.resolve_overlays()?;
        self.resolve_pass_marks();
        match self.check_references(&added).into_iter().next() {
            Some(first) => Err(first),
            None => Ok(()),
        }
    }

    /// A shipped rule set, read now if it was not: an overlay merged with its base,
    /// an exam named without a pass mark given the one another shipped rule set
    /// gives it (as [`Library::read_shipped`] does for them all).
    fn read_one(&self, shipped: &Shipped) -> Option<(RuleSet, Source, Origin)> {
        let source = Source::new(format!("rules/{}", shipped.path), shipped.text);
        let mut ruleset = match RuleFile::parse(&source, &self.topics).ok()? {
            RuleFile::Whole(ruleset) => ruleset,
            RuleFile::Overlay(overlay) => {
                let base = self.get(&overlay.extends)?;
                crate::overlay::merge(&overlay, base, &source).ok()?
            }
        };
        ruleset.each_rule_mut(&mut |rule| {
            if let Rule::Exam(exam) = rule
                && exam.min_score.is_none()
            {
                exam.min_score = SHIPPED_MARKS
                    .iter()
                    .find(|(id, _)| *id == exam.exam.as_str())
                    .map(|(_, mark)| *mark);
            }
        });
        Some((ruleset, source, Origin::Embedded(shipped.path.to_owned())))
    }

    /// The rule set of `id` with its file and origin, reading a shipped one first.
    fn entry(&self, id: &CredentialId) -> Option<&(RuleSet, Source, Origin)> {
        if let Some(entry) = self.rulesets.get(id) {
            return Some(entry);
        }
        let shipped = self.shipped.get(id)?;
        shipped.read.get_or_init(|| self.read_one(shipped)).as_ref()
    }

    /// Adds every `*.toml` under `dir` (recursively, as [`crate::walk`] finds them);
    /// a rule set with the id of a known one replaces it. A `topics.toml` at the top
    /// of `dir` adds topics. Returns what the walk passed over.
    ///
    /// The stamp takes each file by its path inside `dir`, so the same folder gives the
    /// same stamp wherever it lies.
    pub fn add_dir(&mut self, dir: &Path) -> Result<Vec<Skipped>, LibraryError> {
        self.read_shipped()?;
        // A path that is no folder is refused as such, not read as a rule file.
        std::fs::read_dir(dir).map_err(|source| LibraryError::Dir {
            path: dir.display().to_string(),
            source,
        })?;
        let RuleFiles { files, skipped } = rule_files(dir)?;
        self.add_dir_topics(dir)?;
        let loaded = files
            .iter()
            .map(|file| {
                let name = file.strip_prefix(dir).map_or_else(
                    |_| stamp_name(file),
                    |inner| inner.to_string_lossy().replace('\\', "/"),
                );
                (
                    crate::error::read_source(file),
                    Origin::File(file.clone()),
                    name,
                )
            })
            .collect();
        match self.add_all(loaded).into_iter().next() {
            Some(first) => Err(first),
            None => Ok(skipped),
        }
    }

    /// Adds the topics of the `topics.toml` at the top of `dir`, if there is one, so
    /// that rule files in `dir` may use them.
    pub fn add_dir_topics(&mut self, dir: &Path) -> Result<(), LibraryError> {
        self.read_shipped()?;
        let topics_path = dir.join(TOPICS_FILE);
        if topics_path.is_file() {
            let source = crate::error::read_source(&topics_path)?;
            self.absorb(TOPICS_FILE, &source.text);
            self.topics
                .extend_from(&source)
                .map_err(LoadError::Invalid)?;
        }
        Ok(())
    }

    /// Adds rule files, reading on past a bad one, and returns every problem: each
    /// file's own, then those that need the others (overlays, prerequisites).
    ///
    /// The stamp takes each file by its file name and bytes.
    pub fn add_files(&mut self, files: &[PathBuf]) -> Vec<LibraryError> {
        self.add_all(
            files
                .iter()
                .map(|file| {
                    let source = crate::error::read_source(file);
                    (source, Origin::File(file.clone()), stamp_name(file))
                })
                .collect(),
        )
    }

    /// Adds rule sets held in memory (each [`Source`] named for messages), like
    /// [`Library::add_files`]: a rule set with the id of a known one replaces it, and
    /// every problem is returned.
    pub fn add_sources(&mut self, sources: Vec<Source>) -> Vec<LibraryError> {
        self.add_all(
            sources
                .into_iter()
                .map(|source| {
                    let origin = Origin::Memory(source.name.clone());
                    let name = source.name.clone();
                    (Ok(source), origin, name)
                })
                .collect(),
        )
    }

    /// Adds rule files read (or not) from their origins, each with the name the stamp
    /// takes it by.
    fn add_all(
        &mut self,
        loaded: Vec<(Result<Source, LoadError>, Origin, String)>,
    ) -> Vec<LibraryError> {
        if let Err(e) = self.read_shipped() {
            return vec![e];
        }
        let mut problems = Vec::new();
        let mut added: Vec<CredentialId> = Vec::new();
        for (source, origin, name) in loaded {
            if let Ok(source) = &source {
                self.absorb(&name, &source.text);
            }
            let parsed =
                source.and_then(|source| Ok((RuleFile::parse(&source, &self.topics)?, source)));
            let (file_read, source) = match parsed {
                Ok(parsed) => parsed,
                Err(e) => {
                    problems.push(e.into());
                    continue;
                }
            };
            let id = file_read.id().clone();
            if added.contains(&id)
                && let Some(first) = self.stored_origin(&id)
            {
                problems.push(LibraryError::DuplicateId {
                    first: first.to_string(),
                    second: origin.to_string(),
                    id,
                });
                continue;
            }
            added.push(id);
            self.store(file_read, source, origin);
        }
        if let Err(e) = self.resolve_overlays() {
            problems.push(e);
        }
        self.resolve_pass_marks();
        problems.extend(self.check_references(&added));
        problems
    }

    /// Keeps a file's rule set, replacing any of the same id: a whole one as it is,
    /// an overlay until [`Library::resolve_overlays`] merges it.
    fn store(&mut self, file: RuleFile, source: Source, origin: Origin) {
        self.names = OnceLock::new();
        match file {
            RuleFile::Whole(ruleset) => {
                self.overlays.remove(&ruleset.id);
                self.rulesets
                    .insert(ruleset.id.clone(), (ruleset, source, origin));
            }
            RuleFile::Overlay(overlay) => {
                self.rulesets.remove(&overlay.id);
                self.overlays
                    .insert(overlay.id.clone(), (overlay, source, origin));
            }
        }
    }

    /// Where the rule set or overlay of `id` was read, merged or not.
    fn stored_origin(&self, id: &CredentialId) -> Option<&Origin> {
        self.rulesets
            .get(id)
            .map(|(_, _, o)| o)
            .or_else(|| self.overlays.get(id).map(|(_, _, o)| o))
    }

    /// An exam named without `min_score` takes the pass mark that another rule set
    /// gives the same exam, so that a shared exam's pass mark is written once (the
    /// IC&RC exam's, in `icrc/pr`). A rule set that states its own keeps it.
    fn resolve_pass_marks(&mut self) {
        let mut marks: BTreeMap<ExamId, u32> = BTreeMap::new();
        for (ruleset, _, _) in self.rulesets.values() {
            ruleset.each_rule(&mut |rule| {
                if let Rule::Exam(exam) = rule
                    && let Some(mark) = exam.min_score
                {
                    marks.entry(exam.exam.clone()).or_insert(mark);
                }
            });
        }
        for (ruleset, _, _) in self.rulesets.values_mut() {
            ruleset.each_rule_mut(&mut |rule| {
                if let Rule::Exam(exam) = rule
                    && exam.min_score.is_none()
                {
                    exam.min_score = marks.get(&exam.exam).copied();
                }
            });
        }
    }

    /// Merges every overlay with its base, bases first.
    fn resolve_overlays(&mut self) -> Result<(), LibraryError> {
        let mut pending: Vec<CredentialId> = self.overlays.keys().cloned().collect();
        while !pending.is_empty() {
            let ready = pending.iter().position(|id| {
                self.overlays
                    .get(id)
                    .is_none_or(|(o, _, _)| !pending.contains(&o.extends))
            });
            let Some(index) = ready else {
                let Some((own, source, _)) = pending.first().and_then(|id| self.overlays.get(id))
                else {
                    return Ok(());
                };
                let chain = pending
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(LoadError::Invalid(Diagnostics::new(
                    source.clone(),
                    vec![Diagnostic::error(
                        format!("overlays extend each other in a circle: {chain}"),
                        Some(own.extends_span.clone()),
                    )],
                ))
                .into());
            };
            let id = pending.remove(index);
            let Some((own, source, origin)) = self.overlays.get(&id) else {
                continue;
            };
            let base_id = &own.extends;
            let Some((base, _, _)) = self.rulesets.get(base_id) else {
                let known: Vec<&str> = self
                    .rulesets
                    .keys()
                    .chain(self.overlays.keys())
                    .map(CredentialId::as_str)
                    .collect();
                return Err(LoadError::Invalid(Diagnostics::new(
                    source.clone(),
                    vec![
                        Diagnostic::error(
                            format!("`extends` names the unknown credential `{base_id}`"),
                            Some(own.extends_span.clone()),
                        )
                        .with_help_opt(did_you_mean(&close_matches(base_id.as_str(), known))),
                    ],
                ))
                .into());
            };
            let merged = crate::overlay::merge(own, base, source)?;
            let entry = (merged, source.clone(), origin.clone());
            self.names = OnceLock::new();
            self.rulesets.insert(id, entry);
        }
        Ok(())
    }

    /// Attestation kinds that the shipped vocabulary or any rule set names.
    pub fn attestation_kinds(&self) -> Vec<&str> {
        self.names()
            .attestations
            .iter()
            .map(String::as_str)
            .collect()
    }

    /// Exam ids that the shipped vocabulary or any rule set names.
    pub fn exam_ids(&self) -> Vec<&str> {
        self.names().exams.iter().map(String::as_str).collect()
    }

    /// The exam ids and attestation kinds, gathered from every rule set once.
    fn names(&self) -> &Names {
        self.names.get_or_init(|| {
            let mut names = Names {
                exams: BASE_EXAMS.iter().map(|e| (*e).to_owned()).collect(),
                attestations: BASE_ATTESTATIONS.iter().map(|k| (*k).to_owned()).collect(),
            };
            if !self.shipped.is_empty() {
                names
                    .exams
                    .extend(SHIPPED_EXAMS.iter().map(|e| (*e).to_owned()));
                names
                    .attestations
                    .extend(SHIPPED_ATTESTATIONS.iter().map(|k| (*k).to_owned()));
            }
            for (ruleset, _, _) in self.rulesets.values() {
                ruleset.each_rule(&mut |rule| match rule {
                    Rule::Exam(exam) => names.exams.push(exam.exam.as_str().to_owned()),
                    Rule::Attestation(attestation) => names
                        .attestations
                        .push(attestation.kind.as_str().to_owned()),
                    _ => {}
                });
            }
            for list in [&mut names.exams, &mut names.attestations] {
                list.sort_unstable();
                list.dedup();
            }
            names
        })
    }

    fn insert(&mut self, source: Source, origin: Origin) -> Result<CredentialId, LoadError> {
        let file = RuleFile::parse(&source, &self.topics)?;
        let id = file.id().clone();
        self.store(file, source, origin);
        Ok(id)
    }

    /// Every credential a rule set requires must itself be known.
    fn check_references(&self, added: &[CredentialId]) -> Vec<LibraryError> {
        let known: Vec<&str> = self.ids().map(CredentialId::as_str).collect();
        let mut errors = Vec::new();
        for id in added {
            let Some((ruleset, source, _)) = self.rulesets.get(id) else {
                continue;
            };
            let problems: Vec<Diagnostic> = ruleset
                .credential_refs
                .iter()
                .filter(|(credential, _)| !self.rulesets.contains_key(credential))
                .map(|(credential, span)| {
                    Diagnostic::error(
                        format!("unknown credential `{credential}`: no rule set defines it"),
                        Some(span.clone()),
                    )
                    .with_help_opt(did_you_mean(&close_matches(
                        credential.as_str(),
                        known.iter().copied(),
                    )))
                })
                .collect();
            if !problems.is_empty() {
                errors.push(LoadError::Invalid(Diagnostics::new(source.clone(), problems)).into());
            }
        }
        errors
    }

    /// Adds a rule file to the stamp (after every shipped one).
    fn absorb(&mut self, name: &str, text: &str) {
        if let Some(digest) = &mut self.digest {
            absorb(digest, name, text);
        }
    }

    /// The stamp of the rules this library holds: the newest `verified` date of its
    /// rule sets, and a short hash of every rule file it has read, in the order read
    /// (the shipped ones by path, then those added).
    pub fn stamp(&self) -> RulesStamp {
        let Some(digest) = &self.digest else {
            let (year, month, day) = SHIPPED_VERIFIED;
            return RulesStamp {
                verified: NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default(),
                hash: SHIPPED_HASH.to_owned(),
            };
        };
        let verified = self
            .rulesets()
            .map(|ruleset| ruleset.verified)
            .max()
            .unwrap_or_default();
        let hash = digest
            .clone()
            .finalize()
            .iter()
            .take(4)
            .map(|byte| format!("{byte:02x}"))
            .collect();
        RulesStamp { verified, hash }
    }

    /// The topic vocabulary.
    pub fn topics(&self) -> &Topics {
        &self.topics
    }

    /// The rule set of a credential.
    pub fn get(&self, id: &CredentialId) -> Option<&RuleSet> {
        self.entry(id).map(|(r, _, _)| r)
    }

    /// Where a credential's rule set came from.
    pub fn origin(&self, id: &CredentialId) -> Option<&Origin> {
        self.entry(id).map(|(_, _, o)| o)
    }

    /// The text of a credential's rule file (an overlay's own file, not its base's).
    pub fn source(&self, id: &CredentialId) -> Option<&Source> {
        self.entry(id).map(|(_, s, _)| s)
    }

    /// Looks up a credential by the text a user typed, in any case (`TX/MHPS` finds
    /// `tx/mhps`); an unknown one is an error that carries the close matches.
    pub fn find(&self, text: &str) -> Result<&RuleSet, UnknownCredentialError> {
        // INVARIANT: ids are lowercase (`CredentialId::new`), so at most one matches.
        self.ids()
            .find(|id| id.as_str().eq_ignore_ascii_case(text))
            .and_then(|id| self.get(id))
            .ok_or_else(|| UnknownCredentialError {
                name: text.to_owned(),
                close: close_matches(text, self.ids().map(CredentialId::as_str))
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
            })
    }

    /// Every known credential id, sorted.
    pub fn ids(&self) -> impl Iterator<Item = &CredentialId> {
        // Until rule files are added the shipped ones are the only ones, and once they
        // are, every shipped one has been read into `rulesets`.
        self.shipped.keys().chain(self.rulesets.keys())
    }

    /// Every rule set, sorted by id (reading each shipped one not read yet).
    pub fn rulesets(&self) -> impl Iterator<Item = &RuleSet> {
        self.ids().filter_map(|id| self.get(id))
    }
}

impl crate::record::Vocabulary for Library {
    fn topics(&self) -> &Topics {
        Library::topics(self)
    }

    fn knows_credential(&self, id: &CredentialId) -> bool {
        self.shipped.contains_key(id) || self.rulesets.contains_key(id)
    }

    fn credential_ids(&self) -> Vec<&str> {
        self.ids().map(CredentialId::as_str).collect()
    }

    fn exam_ids(&self) -> Vec<&str> {
        Library::exam_ids(self)
    }

    fn attestation_kinds(&self) -> Vec<&str> {
        Library::attestation_kinds(self)
    }
}

/// Adds a rule file to a stamp's hash: its name and bytes, each after its length, so
/// that no two different sequences of files hash the same bytes (`build.rs` hashes
/// the shipped files the same way).
fn absorb(digest: &mut Sha256, name: &str, text: &str) {
    for part in [name.as_bytes(), text.as_bytes()] {
        digest.update((part.len() as u64).to_le_bytes());
        digest.update(part);
    }
}

/// The rule files a path names, and what was passed over to find them.
#[derive(Debug, Default)]
pub struct RuleFiles {
    /// The files, sorted.
    pub files: Vec<PathBuf>,
    /// What the walk of a folder passed over (see [`crate::walk`]).
    pub skipped: Vec<Skipped>,
}

/// The rule files a path names: the file itself, or every `*.toml` under a folder
/// (recursively, sorted, as [`crate::walk`] finds them) except a top-level
/// `topics.toml`.
pub fn rule_files(path: &Path) -> Result<RuleFiles, LibraryError> {
    let mut found = RuleFiles::default();
    if !path.is_dir() {
        found.files.push(path.to_path_buf());
        return Ok(found);
    }
    let topics = path.join(TOPICS_FILE);
    for item in Walk::new([path.to_path_buf()]) {
        match item {
            walk::Found::File(file) if file == topics => {}
            walk::Found::File(file) => found.files.push(file),
            walk::Found::Skipped(skipped) => found.skipped.push(skipped),
            walk::Found::Unreadable { path, error } => {
                return Err(LibraryError::Dir {
                    path: path.display().to_string(),
                    source: error,
                });
            }
        }
    }
    found.files.sort();
    Ok(found)
}

/// The name the stamp takes a file added on its own by: its file name.
fn stamp_name(file: &Path) -> String {
    file.file_name()
        .unwrap_or(file.as_os_str())
        .to_string_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shipped data is tested like code: it all loads, with the canonical ids.
    #[test]
    fn every_shipped_rule_file_loads() {
        let mut library = Library::embedded().unwrap();
        library.read_shipped().unwrap();
        let ids: Vec<&str> = library.ids().map(CredentialId::as_str).collect();
        assert_eq!(
            ids,
            [
                "al/crss",
                "az/pr",
                "ca/cmpss",
                "ca/cprm",
                "co/cpfs",
                "dc/cps",
                "de/cprs",
                "fl/crps",
                "ga/cares",
                "ia/prs",
                "icrc/pr",
                "in/caprc2",
                "ky/radpss",
                "md/cprs",
                "mi/cprm",
                "mo/cps",
                "ms/cpssp",
                "nc/cpss",
                "ne/cps",
                "nj/cprs",
                "nj/icprs",
                "nv/prss",
                "ny/crpa",
                "oh/cprs",
                "or/prc",
                "pa/cps",
                "pa/crs",
                "sc/cpss",
                "tn/cprs",
                "tx/mhps",
                "tx/rsps",
                "us/ncprss",
                "ut/cpss",
                "va/cprs",
                "wa/cps",
                "wi/cps",
                "wv/prss",
            ]
        );
        let rule_files = RULE_FILES.iter().filter(|(p, _)| *p != TOPICS_FILE).count();
        assert_eq!(rule_files, ids.len(), "one credential per rule file");
        for ruleset in library.rulesets() {
            assert!(!ruleset.editions.is_empty(), "{}", ruleset.id);
            assert!(
                ruleset
                    .sources
                    .iter()
                    .all(|s| s.starts_with("https://") || s.starts_with("http://")),
                "{}",
                ruleset.id
            );
        }
    }

    /// Reading each shipped rule set when it is asked for gives what reading them all
    /// at once gives: the same rule sets, files, origins, names and stamp, so the
    /// index made at build time holds what the files say.
    #[test]
    fn the_shipped_index_agrees_with_reading_every_file() {
        let lazy = Library::embedded().unwrap();
        let mut eager = Library::embedded().unwrap();
        eager.read_shipped().unwrap();
        assert_eq!(lazy.stamp(), eager.stamp());
        assert_eq!(lazy.exam_ids(), eager.exam_ids());
        assert_eq!(lazy.attestation_kinds(), eager.attestation_kinds());
        let ids: Vec<&CredentialId> = eager.ids().collect();
        assert_eq!(lazy.ids().collect::<Vec<_>>(), ids);
        // One at a time, in an order where overlays come before their bases.
        for id in ids.iter().rev() {
            let fresh = Library::embedded().unwrap();
            assert_eq!(
                format!("{:?}", fresh.get(id)),
                format!("{:?}", eager.get(id)),
                "{id}"
            );
            assert_eq!(fresh.origin(id), eager.origin(id));
            assert_eq!(
                fresh.source(id).map(|s| (&s.name, &s.text)),
                eager.source(id).map(|s| (&s.name, &s.text))
            );
        }
        assert_eq!(
            format!("{:?}", lazy.rulesets().collect::<Vec<_>>()),
            format!("{:?}", eager.rulesets().collect::<Vec<_>>())
        );
    }

    /// The pass mark of the IC&RC exam `icrc/pr` gives reaches rule sets that only
    /// name the exam, and a rule set that states its own keeps it.
    #[test]
    fn an_exam_named_without_a_pass_mark_takes_the_shared_one() {
        let pass_mark = |library: &Library, id: &str| {
            let mut marks = Vec::new();
            library.find(id).unwrap().each_rule(&mut |rule| {
                if let Rule::Exam(exam) = rule {
                    marks.push(exam.min_score);
                }
            });
            marks
        };
        let mut library = Library::embedded().unwrap();
        assert_eq!(pass_mark(&library, "nj/icprs"), [Some(500)]);
        assert_eq!(pass_mark(&library, "pa/crs"), [None, None, None]);
        let stricter = RULE_FILES
            .iter()
            .find(|(p, _)| *p == "nj/icprs.toml")
            .unwrap()
            .1
            .replace("id = \"nj/icprs\"", "id = \"acme/icprs\"")
            .replace("exam = \"icrc-pr\"", "exam = \"icrc-pr\"\nmin_score = 600");
        let dir = std::env::temp_dir().join(format!("peercert-marks-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("acme.toml"), stricter).unwrap();
        library.add_dir(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(pass_mark(&library, "acme/icprs"), [Some(600)]);
        assert_eq!(pass_mark(&library, "nj/icprs"), [Some(500)]);
    }

    #[test]
    fn the_canonical_topics_are_defined() {
        let library = Library::embedded().unwrap();
        let canonical = [
            "ethics",
            "advocacy",
            "mentoring-education",
            "recovery-wellness-support",
            "confidentiality",
            "documentation",
            "pathogens",
            "cultural-competence",
            "trauma-informed-care",
            "suicide-prevention",
            "co-occurring-disorders",
            "harm-reduction",
            "peer-supervision",
        ];
        let defined: Vec<&str> = library.topics().iter().map(|t| t.id.as_str()).collect();
        // The canonical ids come first, in their published order; more may follow.
        assert!(defined.starts_with(&canonical), "{defined:?}");
        assert_eq!(
            library.topics().resolve("hiv").map(|t| t.as_str()),
            Some("pathogens")
        );
        assert_eq!(
            library
                .topics()
                .resolve("bloodborne-pathogens")
                .map(|t| t.as_str()),
            Some("pathogens")
        );
    }

    /// A program can add a rule set it holds as text; an unknown name is an error
    /// that carries the close matches.
    #[test]
    fn a_library_is_extended_from_text() {
        let mut library = Library::embedded().unwrap();
        let err = library.find("acme/peers").unwrap_err();
        assert_eq!(err.to_string(), "unknown credential `acme/peers`");
        // What a user types is found in any case.
        assert_eq!(library.find("TX/MHPS").unwrap().id.as_str(), "tx/mhps");
        assert_eq!(library.find("Nj/Cprs").unwrap().id.as_str(), "nj/cprs");
        assert_eq!(library.find("TX/MHPX").unwrap_err().close, ["tx/mhps"]);
        assert_eq!(err.close, Vec::<String>::new());
        let acme = r#"
id = "acme/peer"
name = "Acme Peer Specialist"
jurisdiction = "Acme Health"
board = "Acme Health"
sources = ["https://example.org/acme"]
verified = 2026-01-01

[[edition]]
effective = 2024-01-01

[[edition.initial.requirement]]
id = "base"
kind = "credential"
credential = "nj/cprs"
citation = "Acme policy 4.2"
confidence = "board"
"#;
        let problems = library.add_sources(vec![Source::new("acme (memory)", acme)]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            library.find("acme/peer").unwrap().name,
            "Acme Peer Specialist"
        );
        let id = CredentialId::new("acme/peer").unwrap();
        assert_eq!(
            library.origin(&id).map(ToString::to_string).as_deref(),
            Some("acme (memory)")
        );
        assert_eq!(
            library.find("acme/peers").unwrap_err().close,
            ["acme/peer".to_owned()]
        );
        let broken = library.add_sources(vec![Source::new("bad (memory)", "id = 5")]);
        assert_eq!(broken.len(), 1);
        assert!(
            broken[0].to_string().contains("bad (memory)"),
            "{}",
            broken[0]
        );
    }

    /// The stamp names the newest `verified` date and hashes every byte of every rule
    /// file read: the same files give the same stamp, wherever their folder lies, and
    /// one byte changed anywhere, the topics included, gives another.
    #[test]
    fn the_stamp_names_the_rules_read() {
        let shipped = Library::embedded().unwrap().stamp();
        assert_eq!(shipped, Library::embedded().unwrap().stamp());
        let newest = Library::embedded()
            .unwrap()
            .rulesets()
            .map(|r| r.verified)
            .max()
            .unwrap();
        assert_eq!(shipped.verified, newest);
        assert_eq!(shipped.hash.len(), 8);
        assert!(
            shipped
                .hash
                .chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)),
            "{shipped}"
        );
        assert_eq!(
            shipped.to_string(),
            format!("{}+{}", shipped.verified, shipped.hash)
        );
        let stamp = RulesStamp {
            verified: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            hash: "3f9a1c2e".to_owned(),
        };
        assert_eq!(stamp.to_string(), "2026-11-23+3f9a1c2e");

        let base = std::env::temp_dir().join(format!("peercert-stamp-{}", std::process::id()));
        let acme = |verified: &str, title: &str| {
            format!(
                r#"id = "acme/peer"
name = "{title}"
jurisdiction = "Acme Health"
board = "Acme Health"
sources = ["https://example.org/acme"]
verified = {verified}

[[edition]]
effective = 2024-01-01

[[edition.initial.requirement]]
id = "base"
kind = "credential"
credential = "nj/cprs"
citation = "Acme policy 4.2"
confidence = "board"
"#
            )
        };
        let stamp_of = |folder: &str, rule: &str, topics: Option<&str>| {
            let dir = base.join(folder);
            std::fs::create_dir_all(dir.join("acme")).unwrap();
            std::fs::write(dir.join("acme/peer.toml"), rule).unwrap();
            if let Some(topics) = topics {
                std::fs::write(dir.join(TOPICS_FILE), topics).unwrap();
            }
            let mut library = Library::embedded().unwrap();
            library.add_dir(&dir).unwrap();
            library.stamp()
        };
        let added = stamp_of("one", &acme("2026-01-01", "Acme Peer"), None);
        assert_eq!(added.verified, shipped.verified);
        assert_ne!(added.hash, shipped.hash);
        assert_eq!(
            stamp_of("two", &acme("2026-01-01", "Acme Peer"), None),
            added,
            "the same files elsewhere"
        );
        let one_byte = stamp_of("three", &acme("2026-01-01", "Acme Peed"), None);
        assert_eq!(one_byte.verified, added.verified);
        assert_ne!(one_byte.hash, added.hash);
        let topics = "[[topic]]\nid = \"acme-topic\"\ndescription = \"Acme\"\n";
        let with_topics = stamp_of("four", &acme("2026-01-01", "Acme Peer"), Some(topics));
        assert_ne!(with_topics.hash, added.hash);
        let newer = stamp_of("five", &acme("2099-12-31", "Acme Peer"), None);
        assert_eq!(
            newer.verified,
            NaiveDate::from_ymd_opt(2099, 12, 31).unwrap()
        );
        std::fs::remove_dir_all(&base).unwrap();

        let mut library = Library::embedded().unwrap();
        let problems = library.add_sources(vec![Source::new(
            "acme (memory)",
            acme("2026-01-01", "Acme Peer"),
        )]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_ne!(library.stamp().hash, shipped.hash);
    }

    #[test]
    fn a_rules_dir_adds_and_overrides() {
        let dir = std::env::temp_dir().join(format!("peercert-lib-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let acme = r#"
id = "acme/peer"
name = "Acme Peer Specialist"
jurisdiction = "Acme Health"
board = "Acme Health"
sources = ["https://example.org/acme"]
verified = 2026-01-01

[[edition]]
effective = 2024-01-01

[[edition.initial.requirement]]
id = "base"
kind = "credential"
credential = "nj/cprz"
citation = "Acme policy 4.2"
confidence = "board"
"#;
        std::fs::write(dir.join("acme.toml"), acme).unwrap();
        let mut library = Library::embedded().unwrap();
        let err = library.add_dir(&dir).unwrap_err().to_string();
        assert!(
            err.starts_with("error: unknown credential `nj/cprz`: no rule set defines it"),
            "{err}"
        );
        assert!(
            err.contains("help: did you mean `nj/cprs` or `nj/icprs`?"),
            "{err}"
        );
        std::fs::write(dir.join("acme.toml"), acme.replace("nj/cprz", "nj/cprs")).unwrap();
        let mut library = Library::embedded().unwrap();
        library.add_dir(&dir).unwrap();
        assert!(library.find("acme/peer").is_ok());
        assert!(matches!(
            library.origin(&CredentialId::new("acme/peer").unwrap()),
            Some(Origin::File(_))
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
