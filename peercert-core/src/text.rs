//! Text from files shown safely: every character that could move a terminal's cursor,
//! fake a line, change colours or reorder what is read is shown as an escape.
//!
//! Names, titles, notes, file names and rule text come from people and folders the
//! user does not control. Each renderer and each diagnostic passes such text through
//! [`printable`] (or, for a whole message that has line breaks of its own,
//! [`printable_lines`]) before it reaches a terminal or a report, so a name holding an
//! escape sequence or a newline is shown as `\u{1b}[2J` or `\n`, never obeyed.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` is shown escaped: control characters (C0, DEL, C1), the bidirectional
/// embeddings, overrides, isolates and marks, line and paragraph separators, and the
/// invisible format characters that can hide or reorder text (zero-width space, word
/// joiner and invisible operators, byte-order mark, interlinear annotations, tags).
///
/// The zero-width joiner and non-joiner stay: scripts such as Persian and emoji
/// sequences need them, and they cannot move or hide text.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{E0000}'..='\u{E007F}'
        )
}

/// `text` with every [hidden](is_hidden) character escaped: `\n`, `\r` and `\t` as
/// those two characters, any other as `\u{…}` in hexadecimal. Text without such a
/// character is returned as it is.
pub fn printable(text: &str) -> Cow<'_, str> {
    escape_except(text, |_| false)
}

/// Like [`printable`], but keeps line breaks (`\n`): for a whole message whose lines
/// are its own, such as a diagnostic with its source line and help.
pub fn printable_lines(text: &str) -> Cow<'_, str> {
    escape_except(text, |c| c == '\n')
}

/// The longest quoted value a message shows whole, in characters.
const QUOTE_LIMIT: usize = 80;

/// The longest message shown whole, in characters.
const MESSAGE_LIMIT: usize = 1_000;

/// A problem's message or help as it is shown: [`printable`], and bounded, so that a
/// 5 MB cell or key quoted in it prints a line, not 5 MB. Each value between
/// backticks longer than 80 characters keeps its first 50 and last 20 around `…`,
/// and a message still longer than 1,000 characters is cut there, ending in `…`.
pub fn message(text: &str) -> Cow<'_, str> {
    let long = |part: &str| part.chars().count() > QUOTE_LIMIT;
    let parts: Vec<&str> = text.split('`').collect();
    let text: Cow<'_, str> = if parts.iter().skip(1).step_by(2).any(|p| long(p)) {
        let mut out = String::new();
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                out.push('`');
            }
            if i % 2 == 1 && long(part) {
                let count = part.chars().count();
                out.extend(part.chars().take(50));
                out.push('…');
                out.extend(part.chars().skip(count - 20));
            } else {
                out.push_str(part);
            }
        }
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    };
    let text = match text.char_indices().nth(MESSAGE_LIMIT) {
        Some((cut, _)) => Cow::Owned(format!("{}…", &text[..cut])),
        None => text,
    };
    match printable(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(escaped) => Cow::Owned(escaped),
    }
}

/// Escapes the hidden characters of `text` that `keep` does not keep.
pub fn escape_except(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    let escaped = |c: char| is_hidden(c) && !keep(c);
    if !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !escaped(c) => out.push(c),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A long quoted value keeps its ends around `…`; short ones and the message's
    /// own words are kept; a message of many short quotes is cut at 1,000
    /// characters. Regression test of issue 13, point 4 (a 5 MB roster header cell
    /// was quoted whole).
    #[test]
    fn messages_quote_long_values_in_part() {
        let cell = format!("{}{}", "a".repeat(5_000_000), "tail-of-the-cell-xyz");
        assert_eq!(
            message(&format!("unknown column `{cell}`, expected `date`")),
            format!(
                "unknown column `{}…tail-of-the-cell-xyz`, expected `date`",
                "a".repeat(50)
            )
        );
        let short = "unknown topic `ethcs`";
        assert!(matches!(message(short), Cow::Borrowed(m) if m == short));
        let quotes = "`x` ".repeat(1_000);
        let cut = message(&quotes);
        assert_eq!(cut.chars().count(), 1_001);
        assert!(cut.ends_with('…'));
        assert_eq!(message("a `\u{1b}` b\nc"), "a `\\u{1b}` b\\nc");
    }

    #[test]
    fn plain_text_is_kept_as_it_is() {
        let name = "Zoë Ödön-Smith, CPRS (آرش‌ پ)";
        assert!(matches!(printable(name), Cow::Borrowed(n) if n == name));
    }

    #[test]
    fn controls_bidi_and_invisible_characters_are_escaped() {
        assert_eq!(
            printable("Ann\n\u{1b}[2Jerror: x\r\t\u{7f}\u{85}"),
            "Ann\\n\\u{1b}[2Jerror: x\\r\\t\\u{7f}\\u{85}"
        );
        assert_eq!(
            printable("a\u{202e}b\u{2066}c\u{2069}d\u{200b}e\u{feff}f\u{2028}g\u{e0041}"),
            "a\\u{202e}b\\u{2066}c\\u{2069}d\\u{200b}e\\u{feff}f\\u{2028}g\\u{e0041}"
        );
    }

    #[test]
    fn line_breaks_can_be_kept() {
        assert_eq!(
            printable_lines("error: `a\u{1b}b`\n  = help: c\r"),
            "error: `a\\u{1b}b`\n  = help: c\\r"
        );
    }
}
