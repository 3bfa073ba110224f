//! `kind = "any_of"` and `kind = "all_of"`: groups of requirements, written under
//! `of`. An `any_of` is met by any one of its paths (reciprocity instead of
//! training, say); an `all_of` by every part. Parts that leave out their citation
//! and confidence take the group's.

use schemars::JsonSchema;
use serde::{Deserialize, Serializer};
use toml::de::{DeTable, DeValue};

use super::{Context, Keyed, Reader, Requirement, StepKind, set_count};
use crate::check::Checker;
use crate::report::{Measure, RequirementResult, Status};
use crate::vocab::Confidence;

/// Which group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// At least one part.
    Any,
    /// Every part.
    All,
}

/// What is left of an unmet alternative.
pub(super) const LEFT_ANY: &str = "one of the paths below";

/// What an unmet alternative is missing, for a report row.
pub(super) const MISSING_ANY: &str = "no path complete";

/// The keys of a group, as written; `of` itself is read apart, part by part.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("required" = ["of"]))]
pub(super) struct Raw {
    /// The parts, each a requirement table: for `any_of` at least two paths (one of
    /// them is enough), for `all_of` at least one. A part may leave out `citation`
    /// and `confidence`, and then has the group's.
    #[serde(rename = "of")]
    #[schemars(with = "Option<Vec<super::PartSchema>>", extend("minItems" = 1))]
    _of: Option<serde::de::IgnoredAny>,
}

/// Reads a group's parts.
pub(super) fn read(
    reader: &mut Reader<'_>,
    check: &mut Checker<'_>,
    at: &Keyed,
    mode: Mode,
    mut table: DeTable<'_>,
    inherited: Option<(&str, Confidence)>,
) -> Option<Vec<Requirement>> {
    let of = table.remove("of");
    let _: Raw = reader.deserialize(check, at.span.clone(), table, Some(at.kind))?;
    let Some(of) = of else {
        at.missing(check, "of");
        return None;
    };
    let span = of.span();
    let DeValue::Array(parts) = of.into_inner() else {
        check.error("expected `of` to be an array of requirement tables", span);
        return None;
    };
    // An alternative needs two paths to be one; a group of all needs a part.
    let min = match mode {
        Mode::Any => 2,
        Mode::All => 1,
    };
    if parts.len() < min {
        check.error(
            format!(
                "expected at least {min} requirements in `of`, found {}",
                parts.len()
            ),
            span,
        );
        return None;
    }
    let mut out = Vec::new();
    let mut ok = true;
    for part in parts {
        match reader.read(check, part, inherited) {
            Some(part) => out.push(part),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

/// `any_of` and `all_of` serialize their parts under `of`, as files write them.
pub(super) fn serialize_of<S: Serializer>(
    parts: &[Requirement],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry("of", parts)?;
    map.end()
}

/// `one of these paths`, `all of these`.
pub(super) fn describe(mode: Mode) -> String {
    match mode {
        Mode::Any => "one of these paths",
        Mode::All => "all of these",
    }
    .to_owned()
}

/// Measures every part, then the group.
pub(super) fn measure(
    ctx: &Context<'_>,
    mode: Mode,
    parts: &[Requirement],
    result: &mut RequirementResult,
) {
    let options: Vec<RequirementResult> = parts.iter().map(|p| ctx.measure(p)).collect();
    let met = options.iter().filter(|o| o.is_met()).count();
    let n = options.len();
    let (required, ok) = match mode {
        Mode::Any => (1, met >= 1),
        Mode::All => (n, met == n),
    };
    set_count(
        result,
        u32::try_from(required).unwrap_or(u32::MAX),
        u32::try_from(met).unwrap_or(u32::MAX),
    );
    result.status = if ok { Status::Met } else { Status::Unmet };
    let ids = |pred: fn(&RequirementResult) -> bool| {
        let names: Vec<String> = options
            .iter()
            .filter(|o| pred(o))
            .map(|o| format!("`{}`", o.id))
            .collect();
        match names.as_slice() {
            [init @ .., last] if !init.is_empty() => format!("{} and {last}", init.join(", ")),
            _ => names.join(""),
        }
    };
    result.explanation = match (mode, ok) {
        (Mode::Any, true) if met == 1 => {
            format!("Met by the path {}.", ids(RequirementResult::is_met))
        }
        (Mode::Any, true) => format!("Met by the paths {}.", ids(RequirementResult::is_met)),
        (Mode::Any, false) => format!(
            "None of the {n} paths is complete ({}); completing any one of them is enough.",
            ids(|_| true).replace(" and ", " or ")
        ),
        (Mode::All, true) if n == 1 => "Its one part is met.".to_owned(),
        (Mode::All, true) if n == 2 => "Both parts are met.".to_owned(),
        (Mode::All, true) => format!("All {n} parts are met."),
        (Mode::All, false) => format!(
            "{} of the {n} parts {} unmet ({}).",
            n - met,
            if n - met == 1 { "is" } else { "are" },
            ids(|o| !o.is_met())
        ),
    };
    result.options = options;
}

/// An overlay may restate a group only as it is.
pub(super) fn loosened_by(old: &[Requirement], new: &[Requirement]) -> Option<String> {
    (old != new).then(|| {
        "an overlay cannot replace this requirement; give its own requirement a new id".to_owned()
    })
}

/// A group belongs to the step of its first unmet part.
pub(super) fn step(result: &RequirementResult) -> StepKind {
    result
        .options
        .iter()
        .find(|o| !o.is_met())
        .map_or(StepKind::Application, super::step)
}

/// `met by `path``, `0 of 2 paths complete`.
pub(super) fn progress_any(r: &RequirementResult) -> String {
    match r.options.iter().find(|o| o.is_met()) {
        Some(o) => format!("met by `{}`", o.id),
        None => format!("0 of {} paths complete", r.options.len()),
    }
}

/// `1 / 2 parts`.
pub(super) fn progress_all(r: &RequirementResult) -> String {
    format!("{} / {} parts", r.completed, r.required)
}

/// `1 part`, `2 parts`.
pub(super) fn parts_phrase(shortfall: Measure) -> String {
    match shortfall {
        Measure::Count(1) => "1 part".to_owned(),
        other => format!("{other} parts"),
    }
}

/// `2 parts`, for a report row.
pub(super) fn missing_all(shortfall: Measure) -> String {
    format!("{shortfall} parts")
}
