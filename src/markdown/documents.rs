//! The markdown stage's entry point: every Markdown text of the dossier parsed once.
//!
//! Notes, the cover text, glossary definitions and timeline event bodies become [`Doc`]s that
//! remember which file (and offset in it) they came from, so later stages can report a bad
//! `[[link]]` at its file:line:col.

use rayon::prelude::*;

use crate::content::{NoteSource, Sources};
use crate::diagnostics::Diagnostics;
use crate::slug::slugify;

use super::{Doc, Options, parse};

/// Which Markdown text of the dossier a [`Doc`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocRef {
    Cover,
    Note(usize),
    Definition(usize),
    Event(usize),
}

/// A parsed text and where it came from.
#[derive(Debug, Clone)]
pub struct SourcedDoc {
    pub doc: Doc,
    pub file: String,
    /// Byte offset of the Markdown within the file.
    pub offset: usize,
}

/// All Markdown of the dossier, indexed like the sources (`notes[i]` is `sources.notes[i]`).
/// The notes' documents are shared: after an edit to one note, `dossier serve` keeps the
/// others' (a thousand at 10,000 articles) without copying them.
#[derive(Debug, Clone, Default)]
pub struct Documents {
    pub cover: Option<SourcedDoc>,
    pub notes: Vec<std::sync::Arc<SourcedDoc>>,
    pub definitions: Vec<Option<SourcedDoc>>,
    pub events: Vec<Option<SourcedDoc>>,
}

impl Documents {
    pub fn get(&self, r: DocRef) -> Option<&SourcedDoc> {
        match r {
            DocRef::Cover => self.cover.as_ref(),
            DocRef::Note(i) => self.notes.get(i).map(|d| &**d),
            DocRef::Definition(i) => self.definitions.get(i).and_then(Option::as_ref),
            DocRef::Event(i) => self.events.get(i).and_then(Option::as_ref),
        }
    }

    /// Every document with its reference, in a stable order.
    pub fn all(&self) -> Vec<(DocRef, &SourcedDoc)> {
        let mut out = Vec::new();
        if let Some(c) = &self.cover {
            out.push((DocRef::Cover, c));
        }
        out.extend(self.notes.iter().enumerate().map(|(i, d)| (DocRef::Note(i), &**d)));
        out.extend(
            self.definitions.iter().enumerate().filter_map(|(i, d)| d.as_ref().map(|d| (DocRef::Definition(i), d))),
        );
        out.extend(self.events.iter().enumerate().filter_map(|(i, d)| d.as_ref().map(|d| (DocRef::Event(i), d))));
        out
    }
}

/// A note's text, parsed (heading ids prefixed with `note-<slug>-`).
pub fn parse_note(n: &NoteSource, opts: &Options) -> SourcedDoc {
    SourcedDoc {
        doc: parse(n.body(), &format!("note-{}-", slugify(&n.slug)), opts),
        file: n.file.clone(),
        offset: n.body_offset,
    }
}

/// The cover text (`content/index.md`), parsed.
pub fn parse_cover(n: &NoteSource, opts: &Options) -> SourcedDoc {
    SourcedDoc { doc: parse(n.body(), "cover-", opts), file: n.file.clone(), offset: n.body_offset }
}

/// Reports a document's Markdown errors (bad `[[link]]` syntax) at their file:line:col.
pub fn report_errors(d: &SourcedDoc, diags: &mut Diagnostics) {
    for err in &d.doc.errors {
        diags.error(&d.file, Some(err.span.start + d.offset..err.span.end + d.offset), err.message.clone());
    }
}

/// Parses every Markdown text in `sources`.
pub fn build(sources: &Sources, diags: &mut Diagnostics) -> Documents {
    let opts = Options { smart_punctuation: sources.config.markdown.smart_punctuation };
    let parse_at = |text: &str, prefix: &str, file: &str, offset: usize| SourcedDoc {
        doc: parse(text, prefix, &opts),
        file: file.to_string(),
        offset,
    };

    let cover = sources.cover.as_ref().map(|n| parse_cover(n, &opts));
    let notes: Vec<std::sync::Arc<SourcedDoc>> =
        sources.notes.par_iter().map(|n| std::sync::Arc::new(parse_note(n, &opts))).collect();
    // In parallel too: a large glossary and timeline have thousands of bodies.
    let definitions: Vec<Option<SourcedDoc>> = sources
        .terms
        .par_iter()
        .map(|t| {
            t.entry.definition.as_ref().map(|d| {
                parse_at(
                    d.get_ref(),
                    &format!("term-{}-", slugify(t.entry.term.get_ref())),
                    &t.file,
                    t.definition_offset,
                )
            })
        })
        .collect();
    let events: Vec<Option<SourcedDoc>> = sources
        .events
        .par_iter()
        .enumerate()
        .map(|(i, e)| e.entry.body.as_ref().map(|b| parse_at(b.get_ref(), &format!("ev{i}-"), &e.file, e.body_offset)))
        .collect();
    let docs = Documents { cover, notes, definitions, events };
    for (_, d) in docs.all() {
        report_errors(d, diags);
    }
    docs
}
