//! Dated mentions of an article: every expression the tagger finds in its paragraphs, with its
//! sentence, its key terms and happening, resolved against the article's publication day when
//! that is known (relative expressions of an undated article stay unplaced).

use std::collections::BTreeSet;
use std::ops::Range;

use jiff::civil::Date;

use super::keys;
use super::resolve::{self, Resolved};
use super::tagger::{self, Tagged};
use crate::extract::{Article, Origin};
use crate::glossary::{Glossary, Place};

/// One dated expression found in an article.
#[derive(Debug, Clone)]
pub struct Mention {
    pub article: usize,
    /// 1-based, as the `#pN` anchors.
    pub paragraph: usize,
    pub expression: String,
    /// The sentence it came from.
    pub text: String,
    /// Byte range of the expression within `text`.
    pub span: Range<usize>,
    pub tagged: Tagged,
    /// `None` while unplaced (a relative expression in an undated article).
    pub resolved: Option<Resolved>,
    /// "Monday → Mon 27 Oct 2014: the Monday before …".
    pub explain: Option<String>,
    pub keys: BTreeSet<String>,
    pub happening: Option<&'static str>,
    /// Other happenings named before the expression (the date may belong to one of them).
    pub other_happenings: Vec<&'static str>,
}

impl Mention {
    pub fn is_placed(&self) -> bool {
        self.resolved.is_some()
    }
}

/// The anchor of an article: its publication day, and how to name it in explanations.
pub fn anchor(article: &Article) -> Option<(Date, &'static str)> {
    let d = article.date.value?.to_civil()?;
    let word = if article.date.source == Origin::Inferred { "inferred publication" } else { "publication" };
    Some((d, word))
}

/// Tags and resolves every paragraph of article `a`.
pub fn collect(a: usize, article: &Article, glossary: &Glossary) -> Vec<Mention> {
    let anchor = anchor(article);
    let mut out = Vec::new();
    for (p, para) in article.paragraphs.iter().enumerate() {
        // The paragraph's glossary mentions, looked up at its first dated expression.
        let mut terms: Option<Vec<(usize, Range<usize>)>> = None;
        tagger::tag_each_split(&para.text, Some(&para.sentences), |t, words| {
            let terms = terms.get_or_insert_with(|| {
                glossary
                    .in_article(a)
                    .filter(|m| matches!(m.place, Place::Article { paragraph, .. } if paragraph == p))
                    .map(|m| (m.term, m.range.clone()))
                    .collect()
            });
            out.push(mention_in(a, p + 1, &para.text, t, words, terms, anchor));
        });
    }
    out
}

/// Builds one mention from a tagged expression of `paragraph_text`.
pub fn mention(
    article: usize,
    paragraph: usize,
    paragraph_text: &str,
    t: Tagged,
    terms: &[(usize, Range<usize>)],
    anchor: Option<(Date, &'static str)>,
) -> Mention {
    let words = keys::words(&paragraph_text[t.sentence.clone()]);
    mention_in(article, paragraph, paragraph_text, t, &words, terms, anchor)
}

/// [`mention`] with the words of the expression's sentence (`keys::words`) already split.
fn mention_in(
    article: usize,
    paragraph: usize,
    paragraph_text: &str,
    t: Tagged,
    words: &[(usize, &str)],
    terms: &[(usize, Range<usize>)],
    anchor: Option<(Date, &'static str)>,
) -> Mention {
    let text = paragraph_text[t.sentence.clone()].to_string();
    let span = t.span.start - t.sentence.start..t.span.end - t.sentence.start;
    let in_sentence: Vec<(usize, Range<usize>)> = terms
        .iter()
        .filter(|(_, r)| r.start >= t.sentence.start && r.end <= t.sentence.end)
        .map(|(term, r)| (*term, r.start - t.sentence.start..r.end - t.sentence.start))
        .collect();
    let keys = keys::key_terms_in(words, span.clone(), &in_sentence);
    let (happening, other_happenings) = keys::happening_in(&text, words, span.clone());
    let resolved = resolve::resolve(&t, anchor.map(|a| a.0), anchor.map_or("publication", |a| a.1));
    let explain = resolved.as_ref().map(|r| resolve::explain(&t.expression, r));
    Mention {
        article,
        paragraph,
        expression: t.expression.clone(),
        text,
        span,
        tagged: t,
        resolved,
        explain,
        keys,
        happening,
        other_happenings,
    }
}
