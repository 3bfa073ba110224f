//! The audit report: a table for the terminal, CSV, Markdown and one self-contained
//! HTML page.

use std::fmt::Write as _;

use peercert_core::audit::Audit;
use peercert_core::audit::{AuditRow, Window};
use peercert_core::report::{Outcome, Standing};
use peercert_core::text::printable;
use rayon::iter::{IntoParallelRefIterator, ParallelExtend, ParallelIterator};

use super::markdown::escape;

/// The outcome column of a worker whose record holds and pursues no credential.
pub const NO_CREDENTIAL: &str = "none";

/// The largest-gap column of a worker whose record holds and pursues no credential.
pub const NO_CREDENTIAL_GAP: &str = "no credential on record";

/// The outcome in a few words, for tables.
pub fn outcome_word(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Lapsed => "lapsed",
        Outcome::Grace => "grace",
        Outcome::RenewalDue => "renewal due",
        Outcome::NotEligible => "not eligible",
        Outcome::RenewalReady => "ready",
        Outcome::Eligible => "eligible",
    }
}

/// A row's outcome in a few words, for tables: `lapsed` rows say when the credential
/// is only inactive (it may be reactivated) or its board publishes no terms after
/// expiry (`expired (?)`: ask the board).
pub fn row_word(row: &AuditRow) -> &'static str {
    match row.standing {
        Standing::Inactive { .. } => "inactive",
        Standing::TermsNotPublished { .. } => "expired (?)",
        Standing::Initial { .. }
        | Standing::Provisional { .. }
        | Standing::Open { .. }
        | Standing::Grace { .. }
        | Standing::Lapsed { .. } => outcome_word(row.outcome),
    }
}

/// `text` cut to `width` characters, with `…` when cut.
fn fit(text: &str, width: usize) -> String {
    let text = printable(text);
    if text.chars().count() <= width {
        return text.into_owned();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// `text` in lines of at most `width` characters, broken between words (never
/// between a number and its unit, `6 h`), or after a hyphen or slash inside a word
/// longer than a line (`cares-` / `academy`); only a part with neither that is
/// longer than a line is split, and each split part but the last ends in `-`.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(2);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    // A number and its unit stay together: `6 h`.
    let mut words: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match words.last_mut() {
            Some(last) if word == "h" && last.chars().all(|c| c.is_ascii_digit() || c == '.') => {
                last.push_str(" h");
            }
            _ => words.push(word.to_owned()),
        }
    }
    for word in &words {
        let mut pieces: Vec<String> = Vec::new();
        let mut piece = String::new();
        for c in word.chars() {
            piece.push(c);
            if c == '-' || c == '/' {
                pieces.push(std::mem::take(&mut piece));
            }
        }
        if !piece.is_empty() {
            pieces.push(piece);
        }
        let mut first = true;
        for piece in pieces {
            let mut parts: Vec<String> = Vec::new();
            let mut rest: Vec<char> = piece.chars().collect();
            while rest.len() > width {
                let tail = rest.split_off(width - 1);
                parts.push(rest.iter().collect::<String>() + "-");
                rest = tail;
            }
            parts.push(rest.into_iter().collect());
            for part in parts {
                let gap = if first && !line.is_empty() { 1 } else { 0 };
                if line.chars().count() + gap + part.chars().count() > width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                } else if gap == 1 {
                    line.push(' ');
                }
                line.push_str(&part);
                first = false;
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The counts in one sentence.
pub fn summary_line(a: &Audit) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut outcomes: Vec<(&str, usize)> =
        a.summary.outcomes.iter().map(|(k, v)| (*k, *v)).collect();
    outcomes.sort_by_key(|(k, _)| {
        [
            "lapsed",
            "grace",
            "renewal-due",
            "not-eligible",
            "renewal-ready",
            "eligible",
        ]
        .iter()
        .position(|o| o == k)
    });
    for (outcome, count) in outcomes {
        parts.push(format!("{count} {outcome}"));
    }
    if a.summary.no_credential > 0 {
        parts.push(format!("{} with no credential", a.summary.no_credential));
    }
    let count = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let mut line = format!(
        "{}, {} as of {}: {}",
        count(a.summary.records, "record", "records"),
        count(a.summary.rows, "row", "rows"),
        a.as_of,
        if parts.is_empty() {
            "nothing to report".to_owned()
        } else {
            parts.join(", ")
        }
    );
    let _ = write!(line, "; {} need action", a.summary.needs_action);
    if let Some(days) = a.due_within {
        let _ = write!(line, " (including deadlines within {days} days)");
    }
    if a.summary.unreadable > 0 {
        let _ = write!(line, "; {} could not be read", a.summary.unreadable);
    }
    line
}

/// The window of a worker with no credential: later, or none without `--windows`.
fn no_credential_window(a: &Audit) -> Option<Window> {
    (!a.windows.is_empty()).then_some(Window::Later)
}

/// Entries grouped by window: with `--windows`, one group per window in order (empty
/// ones too); without, one group of all. Entries keep their order within a group.
pub fn groups<T>(a: &Audit, entries: Vec<(Option<Window>, T)>) -> Vec<(Option<Window>, Vec<T>)> {
    let windows = a.all_windows();
    if windows.is_empty() {
        return vec![(None, entries.into_iter().map(|(_, t)| t).collect())];
    }
    let mut groups: Vec<(Option<Window>, Vec<T>)> =
        windows.into_iter().map(|w| (Some(w), Vec::new())).collect();
    for (window, entry) in entries {
        if let Some(group) = groups.iter_mut().find(|(w, _)| *w == window) {
            group.1.push(entry);
        }
    }
    groups
}

/// With `--windows`, the count in each window: `by how soon: 4 overdue, 1 within 30
/// days, 0 later`.
pub fn windows_line(a: &Audit) -> Option<String> {
    if a.windows.is_empty() {
        return None;
    }
    let parts: Vec<String> = a
        .all_windows()
        .into_iter()
        .zip(&a.summary.windows)
        .map(|(w, count)| match w {
            Window::Overdue => format!("{} overdue", count.rows),
            Window::Within(days) => format!("{} within {days} days", count.rows),
            Window::Later => format!("{} later or with no deadline", count.rows),
        })
        .collect();
    Some(format!("by how soon: {}", parts.join(", ")))
}

/// `--format table`: one line per row, 80 columns at most.
pub fn table(a: &Audit) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", printable(&summary_line(a)));
    if let Some(line) = windows_line(a) {
        let _ = writeln!(out, "{}", printable(&line));
    }
    if a.rows.is_empty() && a.no_credential.is_empty() {
        return out;
    }
    out.push('\n');
    let _ = writeln!(
        out,
        "  WORKER   NAME          CREDENT.  OUTCOME      EXPIRES     DAYS MOST MISSING"
    );
    let lines = a
        .no_credential
        .iter()
        .map(|w| {
            let line = format!(
                "! {:<8} {:<13} {:<9} {:<12} {:<10} {:>5} ",
                fit(w.worker.as_str(), 8),
                fit(&w.name, 13),
                "-",
                NO_CREDENTIAL,
                "-",
                "-"
            );
            (
                no_credential_window(a),
                (line, NO_CREDENTIAL_GAP.to_owned()),
            )
        })
        .chain(a.rows.iter().map(|row| {
            let mark = if row.needs_action { "!" } else { " " };
            let line = format!(
                "{mark} {:<8} {:<13} {:<9} {:<12} {:<10} {:>5} ",
                fit(row.worker.as_str(), 8),
                fit(&row.name, 13),
                fit(row.credential.as_str(), 9),
                row_word(row),
                row.expires
                    .map_or_else(|| "-".to_owned(), |d| d.to_string()),
                row.days_left
                    .map_or_else(|| "-".to_owned(), |d| d.to_string()),
            );
            (a.window(row), (line, a.largest_gap(row).1))
        }));
    for (window, lines) in groups(a, lines.collect()) {
        if let Some(window) = window {
            let _ = writeln!(out, "\n{} ({})", window.heading(), lines.len());
        }
        for (line, gap) in lines {
            // The largest gap takes the last columns, wrapped between words.
            let indent = line.chars().count();
            for (i, part) in wrap(&printable(&gap), 80usize.saturating_sub(indent))
                .iter()
                .enumerate()
            {
                let lead = if i == 0 {
                    line.clone()
                } else {
                    " ".repeat(indent)
                };
                let _ = writeln!(out, "{}", format!("{lead}{part}").trim_end());
            }
        }
    }
    if a.anyone_needs_action() {
        let _ = writeln!(out, "\n! needs action");
    }
    out
}

/// A cell a spreadsheet will not run, holding no line break or other hidden character
/// ([`printable`]): text starting with `=`, `+`, `-`, `@`, a tab or a carriage return
/// gets a leading apostrophe.
fn cell(text: &str) -> String {
    let text = printable(text);
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.into_owned(),
    }
}

/// `--format csv`: one row per worker and credential, safe to open in a spreadsheet.
pub fn csv(a: &Audit) -> Result<String, String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "worker_id",
        "name",
        "credential",
        "outcome",
        "expires",
        "days_left",
        "needs_action",
        "largest_gap",
        "gap_requirement",
        "file",
        "standing",
    ];
    let windowed = !a.windows.is_empty();
    let window_cell = |w: Option<Window>| w.map(Window::key).into_iter().filter(|_| windowed);
    let mut records: Vec<(Option<Window>, Vec<String>)> = Vec::new();
    if windowed {
        writer
            .write_record(header.iter().chain(&["window"]))
            .map_err(|e| e.to_string())?;
    } else {
        writer.write_record(header).map_err(|e| e.to_string())?;
    }
    for w in &a.no_credential {
        let window = no_credential_window(a);
        records.push((
            window,
            [
                cell(w.worker.as_str()),
                cell(&w.name),
                String::new(),
                "no-credential".to_owned(),
                String::new(),
                String::new(),
                "yes".to_owned(),
                NO_CREDENTIAL_GAP.to_owned(),
                String::new(),
                cell(&w.file),
                "none".to_owned(),
            ]
            .into_iter()
            .chain(window_cell(window))
            .collect(),
        ));
    }
    // The rows' cells are made on all cores (most of the work of writing a large
    // audit), in order; the writer then joins them.
    records.par_extend(a.rows.par_iter().map(|row| {
        let (of, words) = a.largest_gap(row);
        let window = a.window(row);
        (
            window,
            [
                cell(row.worker.as_str()),
                cell(&row.name),
                row.credential.to_string(),
                row.outcome.as_str().to_owned(),
                row.expires.map(|d| d.to_string()).unwrap_or_default(),
                row.days_left.map(|d| d.to_string()).unwrap_or_default(),
                if row.needs_action { "yes" } else { "no" }.to_owned(),
                cell(&words),
                of.map(ToString::to_string).unwrap_or_default(),
                cell(&row.file),
                row.standing.state().to_owned(),
            ]
            .into_iter()
            .chain(window_cell(window))
            .collect(),
        )
    }));
    for (_, group) in groups(a, records) {
        for record in group {
            writer.write_record(record).map_err(|e| e.to_string())?;
        }
    }
    let bytes = writer.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// `--format markdown`.
pub fn markdown(a: &Audit) -> String {
    let mut out = format!(
        "# Staff audit, {}\n\n{}.\n",
        a.as_of,
        escape(&summary_line(a))
    );
    if let Some(line) = windows_line(a) {
        let _ = writeln!(out, "\n{}.", escape(&line));
    }
    if !a.rows.is_empty() || !a.no_credential.is_empty() {
        let lines = a
            .no_credential
            .iter()
            .map(|w| {
                (
                    no_credential_window(a),
                    format!(
                        "| ⚠ | {} | {} |  | {NO_CREDENTIAL} |  |  | {NO_CREDENTIAL_GAP} |",
                        escape(w.worker.as_str()),
                        escape(&w.name),
                    ),
                )
            })
            .chain(a.rows.iter().map(|row| {
                (
                    a.window(row),
                    format!(
                        "| {} | {} | {} | `{}` | {} | {} | {} | {} |",
                        if row.needs_action { "⚠" } else { "" },
                        escape(row.worker.as_str()),
                        escape(&row.name),
                        row.credential,
                        row_word(row),
                        row.expires.map(|d| d.to_string()).unwrap_or_default(),
                        row.days_left.map(|d| d.to_string()).unwrap_or_default(),
                        escape(&a.largest_gap_named(row))
                    ),
                )
            }));
        for (window, lines) in groups(a, lines.collect()) {
            if let Some(window) = window {
                let _ = writeln!(out, "\n## {} ({})", window.heading(), lines.len());
                if lines.is_empty() {
                    continue;
                }
            }
            out.push_str(
                "\n| | Worker | Name | Credential | Outcome | Expires | Days left | Largest gap |\n",
            );
            out.push_str("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
            for line in lines {
                let _ = writeln!(out, "{line}");
            }
        }
    }
    if !a.problems.is_empty() {
        out.push_str("\n## Could not be read\n\n");
        for problem in &a.problems {
            let message = problem.to_string();
            let first = message.lines().next().unwrap_or_default();
            let first = first.strip_prefix("error: ").unwrap_or(first);
            let _ = writeln!(out, "- `{}`: {}", escape(&problem.place), escape(first));
        }
    }
    out
}

/// `--format html`: one self-contained page, which names the rules it used (`stamp`).
pub fn html(a: &Audit, stamp: &str) -> String {
    super::audit_html::page(a, stamp)
}

#[cfg(test)]
mod tests {
    use super::wrap;

    /// Lines break between words, then after a hyphen or slash; only a part with
    /// neither that is longer than a line is split, with `-` at each split.
    #[test]
    fn wrap_breaks_between_words_then_after_hyphens() {
        assert_eq!(
            wrap("re-apply: 6 h of peer-support-supervision-and-ethics", 15),
            [
                "re-apply: 6 h",
                "of peer-",
                "support-",
                "supervision-",
                "and-ethics"
            ]
        );
        assert_eq!(
            wrap("renew late: 2 h of recoveryorientedsystemsofcare", 15),
            [
                "renew late: 2 h",
                "of",
                "recoveryorient-",
                "edsystemsofcare"
            ]
        );
        assert_eq!(wrap("nothing missing", 15), ["nothing missing"]);
        assert_eq!(
            wrap("fee $100.00: 6 h of ethics", 15),
            ["fee $100.00:", "6 h of ethics"]
        );
        assert_eq!(wrap("", 15), [""]);
    }
}
