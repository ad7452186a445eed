//! Template errors as diagnostics that point into the real template file.
//!
//! Tera 2 knows the template name and the byte span of a syntax or rendering error; we map the
//! name to the file it came from (`templates/note.html`, `themes/default/templates/base.html`)
//! and hand the span to [`Diagnostics`], so the error prints as `templates/note.html:3:19` with
//! an excerpt, like every other problem, and `check --format json` gives its line and column.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::content::theme::Theme;
use crate::diagnostics::Diagnostics;

static REPORT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^error: (.*)\n\s*--> (\S+?):(\d+):(\d+)").expect("invariant: valid regex"));

/// Byte offset of a 1-based line and character column.
fn offset(text: &str, line: usize, col: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let rest = &text[start.min(text.len())..];
    start + rest.char_indices().nth(col.saturating_sub(1)).map_or(rest.len(), |(i, _)| i)
}

/// Where a Tera error is: template name, byte range, and the bare message.
struct Location {
    name: String,
    span: Range<usize>,
    message: String,
}

fn locate(err: &tera::Error) -> Option<Location> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = current {
        if let Some(te) = e.downcast_ref::<tera::Error>()
            && let tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) = te.kind()
        {
            return Some(Location {
                name: r.filename().to_string(),
                span: r.span().range.clone(),
                message: r.message().to_string(),
            });
        }
        current = e.source();
    }
    None
}

/// Reports `err` (met while compiling, or while rendering `rendering`) at its place in the
/// template file. Falls back to the file of `rendering` (or the theme) with Tera's own report.
pub(super) fn report(theme: &Theme, rendering: Option<&str>, err: &tera::Error, diags: &mut Diagnostics) {
    let what = match rendering {
        Some(name) => format!("cannot render {name}"),
        None => "template error".to_string(),
    };
    if let Some(loc) = locate(err)
        && let Some(t) = theme.templates.get(&loc.name)
    {
        diags.add_source(&t.file, &t.text);
        let hint = if rendering.is_some() {
            "check the variable names against themes/README.md (the template context)"
        } else {
            "fix the template syntax at the place shown"
        };
        diags.error(&t.file, Some(loc.span), format!("{what}: {}", loc.message)).hint(hint);
        return;
    }
    // Validation errors (unknown block, bad macro call…) arrive as text holding one or more
    // reports: `error: MESSAGE\n --> NAME:LINE:COL`.
    let text = err.to_string();
    let mut found = false;
    for c in REPORT.captures_iter(&text) {
        let (Some(t), Ok(line), Ok(col)) = (theme.templates.get(&c[2]), c[3].parse::<usize>(), c[4].parse::<usize>())
        else {
            continue;
        };
        let at = offset(&t.text, line, col);
        diags.add_source(&t.file, &t.text);
        diags.error(&t.file, Some(at..at), format!("{what}: {}", &c[1])).hint("fix the template at the place shown");
        found = true;
    }
    if found {
        return;
    }
    let mut message = text;
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        message.push_str(&format!("\n  caused by: {s}"));
        source = s.source();
    }
    let file = rendering
        .and_then(|n| theme.templates.get(n))
        .map(|t| t.file.clone())
        .or_else(|| {
            theme.templates.iter().find(|(name, _)| message.contains(&format!("'{name}'"))).map(|(_, t)| t.file.clone())
        })
        .unwrap_or_else(|| "themes".to_string());
    diags.error(&file, None, format!("{what}:\n{message}")).hint("fix the template named above");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_of_line_and_column() {
        assert_eq!(offset("ab\ncd", 1, 1), 0);
        assert_eq!(offset("ab\ncd", 2, 2), 4);
        assert_eq!(offset("ab\nécd", 2, 2), 5);
        assert_eq!(offset("ab", 9, 9), 2);
    }
}
