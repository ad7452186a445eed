//! Reading TOML input (config, front matter, sidecars, glossary, timeline) into typed values.
//!
//! Unknown keys and wrong types become diagnostics with the exact span; `offset` shifts spans
//! when the TOML is embedded in a larger file (front matter).

use serde::de::DeserializeOwned;

use crate::diagnostics::Diagnostics;

/// Parses `text` as `T`, reporting a failure at `file` (spans shifted by `offset`).
pub fn parse<T: DeserializeOwned>(text: &str, file: &str, offset: usize, diags: &mut Diagnostics) -> Option<T> {
    match toml::from_str::<T>(text) {
        Ok(value) => Some(value),
        Err(err) => {
            let span = err.span().map(|s| s.start + offset..s.end + offset);
            let message = err.message().trim().to_string();
            let hint = hint_for(&message);
            let d = diags.error(file, span, message);
            if let Some(hint) = hint {
                d.hint(hint);
            }
            None
        }
    }
}

/// Parses a file made of `[[key]]` tables (`glossary.toml`, `timeline.toml`) so that every bad
/// table is reported, not just the first: when the whole file does not parse, each table is
/// parsed on its own (with the rest of the file blanked out, so spans stay file-absolute) and
/// the good ones are kept.
pub fn parse_tables<W: DeserializeOwned, T>(
    text: &str,
    key: &str,
    file: &str,
    diags: &mut Diagnostics,
    into_items: impl Fn(W) -> Vec<T>,
) -> Vec<T> {
    if let Ok(whole) = toml::from_str::<W>(text) {
        return into_items(whole);
    }
    let header = format!("[[{key}]]");
    let mut starts = vec![0];
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        if line.trim() == header && pos > 0 {
            starts.push(pos);
        }
        pos += line.len();
    }
    if starts.len() == 1 {
        // Not made of `[[key]]` tables: report the file's first error.
        return parse::<W>(text, file, 0, diags).map(into_items).unwrap_or_default();
    }
    starts.push(text.len());
    let mut items = Vec::new();
    for w in starts.windows(2) {
        let (start, end) = (w[0], w[1]);
        let mut masked = String::with_capacity(end);
        for c in text[..start].chars() {
            if c == '\n' {
                masked.push('\n');
            } else {
                masked.extend(std::iter::repeat_n(' ', c.len_utf8()));
            }
        }
        masked.push_str(&text[start..end]);
        if let Some(w) = parse::<W>(&masked, file, 0, diags) {
            items.extend(into_items(w));
        }
    }
    items
}

/// A hint for the common TOML mistakes.
fn hint_for(message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let expected = rest.split_once(", expected ").map(|(_, e)| e).unwrap_or("");
        return Some(if expected.is_empty() {
            "remove this key; it is not used here".to_string()
        } else {
            format!("remove this key or use one of: {expected}")
        });
    }
    if message.starts_with("invalid type") {
        return Some("check the value's type (strings need quotes, lists need [ ])".to_string());
    }
    if message.starts_with("missing field") {
        return Some("add the missing key".to_string());
    }
    if message.contains("unknown variant") {
        return Some(match message.split_once(", expected ") {
            Some((_, expected)) => format!("use {expected}"),
            None => "use one of the values listed".to_string(),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        a: String,
    }

    #[test]
    fn unknown_key_reports_span_and_hint() {
        let mut d = Diagnostics::new();
        d.add_source("f.toml", "xx\na = \"1\"\nb = 2\n");
        let got: Option<T> = parse("a = \"1\"\nb = 2\n", "f.toml", 3, &mut d);
        assert!(got.is_none());
        let loc = d.located();
        assert_eq!((loc[0].line, loc[0].column), (Some(3), Some(1)), "{loc:?}");
        assert!(loc[0].hint.as_deref().unwrap_or("").contains("`a`"), "{loc:?}");
    }
}
