//! Diagnostics: problems in the user's input, collected as data.
//!
//! Every stage takes `&mut Diagnostics` and keeps going after a problem, so one run reports
//! everything at once. Spans are byte ranges into the file's text; line and column are only
//! computed when a diagnostic is printed or serialised. The build stops before `render` when
//! any error was collected, so a failed build writes nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term;
use serde::Serialize;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, pointing into a file of the dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the dossier root, `/`-separated (e.g. `content/glossary.toml`).
    pub file: String,
    /// Byte range in the file's text; `None` for problems with a whole file.
    pub span: Option<Range<usize>>,
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// The warning's category (`unused-term`, `near-miss`, … see `lints::codes`).
    pub code: Option<&'static str>,
}

/// A diagnostic with its position resolved, as printed and serialised.
#[derive(Debug, Clone, Serialize)]
pub struct Located {
    pub severity: Severity,
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
}

/// All problems of one run, plus the text of every file they may point into.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Shared with the stages that read them (an article's text is held once, see
    /// [`Diagnostics::add_shared_source`]).
    sources: BTreeMap<String, Arc<String>>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    /// Remembers a file's text so that spans into it can be shown with line, column and excerpt.
    pub fn add_source(&mut self, file: &str, text: &str) {
        self.sources.insert(file.to_string(), Arc::new(text.to_string()));
    }

    /// [`Diagnostics::add_source`] for a text the caller keeps too, without copying it.
    pub fn add_shared_source(&mut self, file: &str, text: Arc<String>) {
        self.sources.insert(file.to_string(), text);
    }

    /// Moves the text of `file` from `other` (given to its [`Diagnostics::add_source`]) into
    /// this one, without copying it.
    pub fn adopt_source(&mut self, other: &mut Diagnostics, file: &str) {
        if let Some((name, text)) = other.sources.remove_entry(file) {
            self.sources.insert(name, text);
        }
    }

    /// Moves every text given to `other`'s [`Diagnostics::add_source`] into this one.
    pub fn adopt_all_sources(&mut self, other: &mut Diagnostics) {
        // One insert each: `BTreeMap::append` would rebuild this (large) map every call.
        for (name, text) in std::mem::take(&mut other.sources) {
            self.sources.insert(name, text);
        }
    }

    /// Moves every diagnostic and text of `other` into this one, after its own, in order
    /// (as if `other`'s had been reported here).
    pub fn append(&mut self, mut other: Diagnostics) {
        self.items.append(&mut other.items);
        self.adopt_all_sources(&mut other);
    }

    /// The text of a file given to [`Diagnostics::add_source`].
    pub fn source(&self, file: &str) -> Option<&str> {
        self.sources.get(file).map(|t| t.as_str())
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn error(&mut self, file: &str, span: Option<Range<usize>>, message: impl Into<String>) -> &mut Diagnostic {
        self.add(Severity::Error, file, span, message)
    }

    pub fn warning(&mut self, file: &str, span: Option<Range<usize>>, message: impl Into<String>) -> &mut Diagnostic {
        self.add(Severity::Warning, file, span, message)
    }

    fn add(
        &mut self,
        severity: Severity,
        file: &str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.items.push(Diagnostic {
            severity,
            file: file.to_string(),
            span,
            message: message.into(),
            hint: None,
            code: None,
        });
        let last = self.items.len() - 1;
        &mut self.items[last]
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Diagnostics in a stable order: by file, then position, then message.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut all: Vec<&Diagnostic> = self.items.iter().collect();
        all.sort_by(|a, b| {
            (&a.file, a.span.as_ref().map(|s| s.start), a.severity, &a.message).cmp(&(
                &b.file,
                b.span.as_ref().map(|s| s.start),
                b.severity,
                &b.message,
            ))
        });
        all.dedup();
        all
    }

    /// Line and column (1-based, columns in characters) of every diagnostic.
    pub fn located(&self) -> Vec<Located> {
        self.sorted()
            .into_iter()
            .map(|d| {
                let pos = match (&d.span, self.sources.get(&d.file)) {
                    (Some(span), Some(text)) => Some(line_col(text, span.start)),
                    _ => None,
                };
                Located {
                    severity: d.severity,
                    file: d.file.clone(),
                    line: pos.map(|p| p.0),
                    column: pos.map(|p| p.1),
                    message: d.message.clone(),
                    hint: d.hint.clone(),
                    code: d.code,
                }
            })
            .collect()
    }

    /// Human-readable report with source excerpts, grouped by file.
    pub fn render(&self) -> String {
        let mut files = SimpleFiles::new();
        let mut ids = BTreeMap::new();
        // Only the files a diagnostic points into (the others may be thousands of articles).
        let pointed: BTreeSet<&str> = self.items.iter().map(|d| d.file.as_str()).collect();
        for (name, text) in self.sources.iter().filter(|(name, _)| pointed.contains(name.as_str())) {
            ids.insert(name.clone(), files.add(name.clone(), text.to_string()));
        }
        let config = term::Config::default();
        let mut out = String::new();
        for d in self.sorted() {
            let mut cs = match d.severity {
                Severity::Error => CsDiagnostic::error(),
                Severity::Warning => CsDiagnostic::warning(),
            }
            .with_message(&d.message);
            if let Some(code) = d.code {
                cs = cs.with_code(code);
            }
            let mut printed = false;
            if let (Some(span), Some(&id)) = (&d.span, ids.get(&d.file)) {
                let text = self.sources.get(&d.file).map_or("", |t| t.as_str());
                let span = clamp_span(text, span.clone());
                cs = cs.with_labels(vec![Label::primary(id, span)]);
                if let Some(hint) = &d.hint {
                    cs = cs.with_notes(vec![format!("hint: {hint}")]);
                }
                if let Ok(s) = term::emit_into_string(&config, &files, &cs) {
                    out.push_str(&s);
                    printed = true;
                }
            }
            if !printed {
                let severity = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                let code = d.code.map(|c| format!("[{c}]")).unwrap_or_default();
                out.push_str(&format!("{severity}{code}: {}\n  --> {}\n", d.message, d.file));
                if let Some(hint) = &d.hint {
                    out.push_str(&format!("  = hint: {hint}\n"));
                }
            }
            out.push('\n');
        }
        out
    }
}

impl Diagnostic {
    /// Adds a hint on how to fix the problem.
    pub fn hint(&mut self, hint: impl Into<String>) -> &mut Self {
        self.hint = Some(hint.into());
        self
    }

    /// Sets the warning's category.
    pub fn code(&mut self, code: &'static str) -> &mut Self {
        self.code = Some(code);
        self
    }
}

/// 1-based line and character column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Keeps a span inside the text and on character boundaries.
fn clamp_span(text: &str, span: Range<usize>) -> Range<usize> {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn append_keeps_every_diagnostic_in_order_with_its_source() {
        let mut a = Diagnostics::new();
        a.error("b.md", None, "first");
        let mut b = Diagnostics::new();
        b.add_source("a.md", "one\ntwo");
        b.warning("a.md", Some(4..7), "second");
        // A repeat is kept as reported (not deduplicated as `sorted` would).
        b.warning("a.md", Some(4..7), "second");
        a.append(b);
        let messages: Vec<&str> = a.items.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["first", "second", "second"]);
        assert_eq!(a.warning_count(), 2);
        assert_eq!(a.source("a.md"), Some("one\ntwo"));
        assert_eq!(a.located()[0].line, Some(2));
    }

    #[test]
    fn line_col_counts_lines_and_chars() {
        let text = "ab\ncdé\nfg";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 7), (2, 4));
        assert_eq!(line_col(text, 8), (3, 1));
        assert_eq!(line_col(text, 999), (3, 3));
        assert_eq!(line_col(text, 6), (2, 3)); // inside 'é' rounds down
    }

    #[test]
    fn render_shows_file_line_and_hint() {
        let mut d = Diagnostics::new();
        d.add_source("content/glossary.toml", "[[terms]]\nterm = 3\n");
        d.error("content/glossary.toml", Some(17..18), "wrong type").hint("write a string");
        let out = d.render();
        assert!(out.contains("content/glossary.toml:2:8"), "{out}");
        assert!(out.contains("hint: write a string"), "{out}");
        assert_eq!(d.located()[0].line, Some(2));
    }
}
