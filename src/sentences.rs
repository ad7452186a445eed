//! Sentence boundaries (UAX #29), fast: the one splitter behind the timeline tagger's and the
//! outlet passes' sentences.
//!
//! [`bounds`] gives exactly the pieces of `unicode_segmentation`'s
//! `split_sentence_bound_indices`, as byte ranges. That crate looks up every character's
//! Sentence_Break category by binary search over the whole Unicode table, which made splitting
//! ~8% of a 10,000-article build. Here the same state machine (a port of
//! `unicode_segmentation::sentence::fwd`, its quirks included) reads categories from a table
//! covering ASCII, Latin-1, Latin Extended-A/B and General Punctuation (curly quotes, dashes),
//! which is all the text of nearly every English paragraph; a paragraph with any other
//! character is handed to `unicode_segmentation` whole. The SB8 look-ahead is remembered
//! rather than rescanned at each position, so a long run after a full stop stays linear.
//!
//! Invariant: `bounds(t)` equals `unicode_segmentation`'s split for every `t` (tested per
//! category of every covered character, on generated strings, and on the corpus).

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

/// The byte ranges of the sentence pieces of `text`, in order, covering all of it (the
/// pieces keep their trailing spaces; an empty text has none).
pub fn bounds(text: &str) -> Vec<Range<usize>> {
    match split_with(text, category) {
        Some(breaks) => breaks.windows(2).map(|w| w[0]..w[1]).collect(),
        None => text.split_sentence_bound_indices().map(|(i, s)| i..i + s.len()).collect(),
    }
}

/// The sentence pieces of one text ([`bounds`]), kept as the end of each piece (4 bytes a
/// piece): split once by `extract` for every paragraph, and read by the timeline tagger and
/// the outlet passes instead of splitting the paragraph again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pieces {
    /// Where each piece ends, in order (the first starts at 0, each next one where the one
    /// before ends). `None` for a text too long for `u32` offsets: [`Pieces::ranges`] then
    /// splits it again.
    ends: Option<Box<[u32]>>,
}

impl Pieces {
    /// The pieces of `text`.
    pub fn of(text: &str) -> Pieces {
        if u32::try_from(text.len()).is_err() {
            return Pieces { ends: None };
        }
        let ends: Vec<u32> = match split_with(text, category) {
            Some(breaks) => breaks.iter().skip(1).filter_map(|&e| u32::try_from(e).ok()).collect(),
            None => text.split_sentence_bound_indices().filter_map(|(i, s)| u32::try_from(i + s.len()).ok()).collect(),
        };
        Pieces { ends: Some(ends.into_boxed_slice()) }
    }

    /// The pieces as byte ranges of `text`, the text they were made from: what [`bounds`]
    /// gives for it.
    pub fn ranges(&self, text: &str) -> Vec<Range<usize>> {
        let Some(ends) = &self.ends else {
            return bounds(text);
        };
        let mut start = 0;
        ends.iter()
            .map(|&e| {
                let r = start..e as usize;
                start = e as usize;
                r
            })
            .collect()
    }

    /// The piece of `text` (the text they were made from) holding byte `pos`, without
    /// collecting the pieces: what `bounds(text)` gives for it.
    pub fn piece_at(&self, text: &str, pos: usize) -> Option<Range<usize>> {
        let Some(ends) = &self.ends else {
            return bounds(text).into_iter().find(|b| b.contains(&pos));
        };
        let mut start = 0;
        for &e in ends.iter() {
            let e = e as usize;
            if pos < e {
                return (start <= pos).then_some(start..e);
            }
            start = e;
        }
        None
    }
}

/// A Sentence_Break property value (UAX #29, table 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cat {
    Any,
    CR,
    LF,
    Sep,
    Sp,
    Lower,
    Upper,
    OLetter,
    Numeric,
    ATerm,
    STerm,
    Close,
    SContinue,
    Extend,
    Format,
}

/// ASCII categories by byte.
static ASCII: [Cat; 128] = {
    let mut t = [Cat::Any; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'\t' | 0x0b | 0x0c | b' ' => Cat::Sp,
            b'\n' => Cat::LF,
            b'\r' => Cat::CR,
            b'!' | b'?' => Cat::STerm,
            b'.' => Cat::ATerm,
            b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Cat::Close,
            b',' | b'-' | b':' | b';' => Cat::SContinue,
            b'0'..=b'9' => Cat::Numeric,
            b'A'..=b'Z' => Cat::Upper,
            b'a'..=b'z' => Cat::Lower,
            _ => Cat::Any,
        };
        b += 1;
    }
    t
};

/// The category of `c`, or `None` outside the ranges this table covers. The ASCII table
/// lookup is inlined into the splitter's byte loops (most of a news text); the rest of the
/// table is a call (inlined whole, it was not inlined at all, and every byte paid a call).
#[inline(always)]
fn category(c: char) -> Option<Cat> {
    let u = c as u32;
    if u < 0x80 { Some(ASCII[u as usize]) } else { non_ascii_category(c) }
}

/// [`category`] beyond ASCII.
#[inline(never)]
fn non_ascii_category(c: char) -> Option<Cat> {
    let u = c as u32;
    Some(match u {
        0x85 => Cat::Sep,
        0xa0 => Cat::Sp,
        0xaa | 0xb5 | 0xba => Cat::Lower,
        0xab | 0xbb => Cat::Close,
        0xad => Cat::Format,
        0x80..=0xbf | 0xd7 | 0xf7 => Cat::Any,
        // Latin-1 letters and Latin Extended-A/B: letters only; titlecase digraphs (Lt) count
        // as Upper.
        0xc0..=0x24f if c.is_lowercase() => Cat::Lower,
        0x1c5 | 0x1c8 | 0x1cb | 0x1f2 => Cat::Upper,
        0xc0..=0x24f if c.is_uppercase() => Cat::Upper,
        0xc0..=0x24f if c.is_alphabetic() => Cat::OLetter,
        0xc0..=0x24f => Cat::Any,
        // General Punctuation.
        0x2000..=0x200a | 0x202f | 0x205f => Cat::Sp,
        0x200b | 0x200e | 0x200f | 0x202a..=0x202e | 0x2060..=0x2064 | 0x2066..=0x206f => Cat::Format,
        0x200c | 0x200d => Cat::Extend,
        0x2013 | 0x2014 => Cat::SContinue,
        0x2018..=0x201f | 0x2039 | 0x203a | 0x2045 | 0x2046 => Cat::Close,
        0x2024 => Cat::ATerm,
        0x2028 | 0x2029 => Cat::Sep,
        0x203c | 0x203d | 0x2047..=0x2049 => Cat::STerm,
        0x2000..=0x206f => Cat::Any,
        _ => return None,
    })
}

/// A parsed stretch of the text before the current character (runs of Close and of Sp count
/// as one), as in `unicode_segmentation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Sot,
    Other,
    CR,
    LF,
    Sep,
    ATerm,
    UpperLower,
    ClosePlus,
    SpPlus,
    STerm,
}

/// The last four parts, newest last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct State([Part; 4]);

impl State {
    fn next(self, cat: Cat) -> State {
        let p = self.0;
        match (p[3], cat) {
            (Part::ClosePlus, Cat::Close) | (Part::SpPlus, Cat::Sp) => self,
            _ => State([
                p[1],
                p[2],
                p[3],
                match cat {
                    Cat::CR => Part::CR,
                    Cat::LF => Part::LF,
                    Cat::Sep => Part::Sep,
                    Cat::ATerm => Part::ATerm,
                    Cat::Upper | Cat::Lower => Part::UpperLower,
                    Cat::Close => Part::ClosePlus,
                    Cat::Sp => Part::SpPlus,
                    Cat::STerm => Part::STerm,
                    _ => Part::Other,
                },
            ]),
        }
    }

    fn head(self) -> Part {
        self.0[3]
    }

    /// The part before any trailing Sp+ and Close+ (SB8, SB8a: `SATerm Close* Sp*`).
    fn before_close_sp(self) -> Part {
        let p = self.0;
        let mut i = if p[3] == Part::SpPlus { 2 } else { 3 };
        if p[i] == Part::ClosePlus {
            i -= 1;
        }
        p[i]
    }

    /// No terminator, separator or start of text among the parts: SB1-SB11 cannot apply
    /// (all need one), so only SB5 can.
    fn quiet(self) -> bool {
        self.0.iter().all(|p| matches!(p, Part::Other | Part::UpperLower | Part::ClosePlus | Part::SpPlus))
    }

    /// SB9: `SATerm Close*`.
    fn sb9(self) -> bool {
        let p = self.0;
        let i = if p[3] == Part::ClosePlus { 2 } else { 3 };
        matches!(p[i], Part::STerm | Part::ATerm)
    }

    /// SB11: `SATerm Close* Sp* ParaSep?`.
    fn sb11(self) -> bool {
        let p = self.0;
        let mut i = if matches!(p[3], Part::Sep | Part::CR | Part::LF) { 2 } else { 3 };
        if p[i] == Part::SpPlus {
            i -= 1;
        }
        if p[i] == Part::ClosePlus {
            i -= 1;
        }
        matches!(p[i], Part::STerm | Part::ATerm)
    }
}

/// Whether a character of this category leaves a quiet state quiet ([`State::quiet`]): it
/// shifts in an Other, UpperLower, ClosePlus or SpPlus part, never a terminator or separator.
fn keeps_quiet(cat: Cat) -> bool {
    !matches!(cat, Cat::CR | Cat::LF | Cat::Sep | Cat::ATerm | Cat::STerm | Cat::Extend | Cat::Format)
}

/// The part a character of a category [`keeps_quiet`] shifts in.
fn quiet_part(cat: Cat) -> Part {
    match cat {
        Cat::Upper | Cat::Lower => Part::UpperLower,
        Cat::Close => Part::ClosePlus,
        Cat::Sp => Part::SpPlus,
        _ => Part::Other,
    }
}

/// The splitter with a given category table: the start of every piece, then the text's
/// end (empty for an empty text); `None` when a character is not in the table.
// One branch per rule of UAX #29, in its order, so several give the same answer.
#[allow(clippy::if_same_then_else)]
fn split_with(text: &str, cat_of: impl Fn(char) -> Option<Cat>) -> Option<Vec<usize>> {
    let mut breaks: Vec<usize> = Vec::new();
    let mut state = State([Part::Sot; 4]);
    // SB8's look-ahead from a position: where it was decided (the first Lower, OLetter,
    // Upper, ParaSep or SATerm, or the end) and its answer. Every position before that one
    // gets the same answer.
    let mut sb8_seen: Option<(usize, bool)> = None;
    let bytes = text.as_bytes();
    let mut pos = 0;
    while pos < text.len() {
        // Quiet (no terminator, separator or start of text among the last parts): no rule
        // but SB5 applies until a terminator or separator comes, so a run of ASCII characters
        // that keep it quiet is skipped at once. Of the parts it shifts in, only the last can
        // matter later (SB7 reads the part before an ATerm; every other rule reads the parts
        // after a terminator, and `quiet` only asks whether they are quiet): the others are
        // written as Other.
        if state.quiet() {
            let run = bytes[pos..]
                .iter()
                .position(|&b| b >= 0x80 || !cat_of(char::from(b)).is_some_and(keeps_quiet))
                .unwrap_or(bytes.len() - pos);
            if run > 0 {
                let last = cat_of(char::from(bytes[pos + run - 1]))?;
                state = State([Part::Other, Part::Other, Part::Other, quiet_part(last)]);
                pos += run;
                continue;
            }
        }
        // A run of ASCII letters inside a sentence (most of the text): no break, and each
        // letter only shifts in an UpperLower part, so four shifts say all of it.
        if matches!(state.head(), Part::UpperLower | Part::Other) {
            let is_letter = |b: u8| b < 0x80 && matches!(cat_of(char::from(b)), Some(Cat::Lower | Cat::Upper));
            let run = bytes[pos..].iter().take_while(|&&b| is_letter(b)).count();
            if run > 0 {
                for _ in 0..run.min(4) {
                    state = state.next(Cat::Lower);
                }
                pos += run;
                continue;
            }
        }
        let b = bytes[pos];
        let (cat, len) = if b < 0x80 {
            (cat_of(char::from(b))?, 1)
        } else {
            let c = text[pos..].chars().next()?;
            (cat_of(c)?, c.len_utf8())
        };
        let before = state;
        state = state.next(cat);
        let head = before.head();
        let is_break = if matches!(head, Part::UpperLower | Part::Other) || before.quiet() {
            // Inside a sentence (most characters): no rule but SB5 can apply.
            if matches!(cat, Cat::Extend | Cat::Format) {
                state = before;
            }
            false
        } else if head == Part::Sot {
            true // SB1
        } else if cat == Cat::LF && head == Part::CR {
            false // SB3
        } else if matches!(head, Part::Sep | Part::CR | Part::LF) {
            true // SB4
        } else if matches!(cat, Cat::Extend | Cat::Format) {
            state = before; // SB5
            false
        } else if cat == Cat::Numeric && head == Part::ATerm {
            false // SB6
        } else if cat == Cat::Upper && before.0[2] == Part::UpperLower && head == Part::ATerm {
            false // SB7
        } else if before.before_close_sp() == Part::ATerm && sb8(text, pos, &mut sb8_seen, &cat_of)? {
            false // SB8
        } else if matches!(cat, Cat::SContinue | Cat::STerm | Cat::ATerm)
            && matches!(before.before_close_sp(), Part::STerm | Part::ATerm)
        {
            false // SB8a
        } else if matches!(cat, Cat::Close | Cat::Sp | Cat::Sep | Cat::CR | Cat::LF) && before.sb9() {
            false // SB9
        } else if matches!(cat, Cat::Sp | Cat::Sep | Cat::CR | Cat::LF)
            && matches!(before.before_close_sp(), Part::STerm | Part::ATerm)
        {
            false // SB10
        } else {
            before.sb11() // SB11, else SB998
        };
        if is_break {
            breaks.push(pos);
        }
        pos += len;
    }
    if state.head() != Part::Sot {
        breaks.push(text.len()); // SB2
    }
    Some(breaks)
}

/// SB8: `ATerm Close* Sp* × (¬(OLetter | Upper | Lower | ParaSep | SATerm))* Lower`, looking
/// ahead from `from` (the current character included).
fn sb8(
    text: &str,
    from: usize,
    seen: &mut Option<(usize, bool)>,
    cat_of: &impl Fn(char) -> Option<Cat>,
) -> Option<bool> {
    if let Some((at, answer)) = *seen
        && from <= at
    {
        return Some(answer);
    }
    for (i, c) in text[from..].char_indices() {
        let answer = match cat_of(c)? {
            Cat::Lower => true,
            Cat::OLetter | Cat::Upper | Cat::Sep | Cat::CR | Cat::LF | Cat::STerm | Cat::ATerm => false,
            _ => continue,
        };
        *seen = Some((from + i, answer));
        return Some(answer);
    }
    *seen = Some((text.len(), false));
    Some(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `unicode_segmentation`'s answer: the reference.
    fn reference(text: &str) -> Vec<Range<usize>> {
        text.split_sentence_bound_indices().map(|(i, s)| i..i + s.len()).collect()
    }

    /// [`split_with`]'s answer as ranges.
    fn split(text: &str, cat_of: impl Fn(char) -> Option<Cat>) -> Option<Vec<Range<usize>>> {
        split_with(text, cat_of).map(|b| b.windows(2).map(|w| w[0]..w[1]).collect())
    }

    fn check(text: &str) {
        if let Some(got) = split(text, category) {
            assert_eq!(got, reference(text), "{text:?}");
        }
        assert_eq!(bounds(text), reference(text), "{text:?}");
        assert_eq!(Pieces::of(text).ranges(text), reference(text), "{text:?}");
        let (pieces, reference) = (Pieces::of(text), reference(text));
        // The piece holding each position (one pass: the pieces are in order).
        let mut holding = reference.iter().peekable();
        for pos in 0..=text.len() + 1 {
            while holding.peek().is_some_and(|b| b.end <= pos) {
                holding.next();
            }
            let found = holding.peek().filter(|b| b.contains(&pos)).map(|b| (*b).clone());
            assert_eq!(pieces.piece_at(text, pos), found, "{text:?} at {pos}");
        }
    }

    #[test]
    fn edge_cases_split_as_unicode_segmentation() {
        for text in [
            "",
            " ",
            ".",
            "One two. Three U.N. four.  ",
            "He said “no.” Then left.",
            "A U.N. inquiry concluded in a Feb. 17 report. Then more.",
            "It is 3.5 per cent. e.g. this. etc. And",
            "Hi!! What?! (Yes.) ‘No.’ — then…",
            "line\r\nnext\rthird\nfourth\u{2029}fifth\u{85}sixth",
            "Mr. Smith went to Washington D.C. on Monday.",
            "end.\u{200d}Next. soft\u{ad}hyphen. Zero\u{200b}width.",
            "a.\u{a0}B. c.\u{2003}D.\u{202f}e",
            "trailing spaces.   \n\n  ",
            "“Quote.”\u{201d}  Next",
            "Über. Ärger. ǅemal. ǈ. ƻ. Ω. 日本. Да. end",
            "x.․y ‼ z⁇ w",
            "A.B.C. d. e.F",
            "3. 4. a. 5.b",
        ] {
            check(text);
        }
    }

    /// Every character the table covers gets the category `unicode_segmentation` gives it:
    /// split in contexts that tell every category apart, the table's answer agrees with the
    /// reference, and any other category for the character disagrees in some context (so
    /// this test fails on a wrong entry).
    #[test]
    fn table_categories_match_unicode_segmentation() {
        const PREFIXES: &[&str] =
            &["", "a", "A", "a.", "A.", "aA.", "x. ", "Hi!", "Hi! ", "a.)", "a.) ", "1.", "\r", "a\n"];
        const SUFFIXES: &[&str] = &["", "a", "A", "1", "x y", " a", " A", ")", ". a", "b. c", "\n", "\u{0}", "ƻ"];
        const CATS: &[Cat] = &[
            Cat::Any,
            Cat::CR,
            Cat::LF,
            Cat::Sep,
            Cat::Sp,
            Cat::Lower,
            Cat::Upper,
            Cat::OLetter,
            Cat::Numeric,
            Cat::ATerm,
            Cat::STerm,
            Cat::Close,
            Cat::SContinue,
            Cat::Extend,
            Cat::Format,
        ];
        let covered = (0u32..0x250).chain(0x2000..0x2070).filter_map(char::from_u32);
        for c in covered {
            let Some(cat) = category(c) else { panic!("U+{:04X} not covered", c as u32) };
            let texts: Vec<String> =
                PREFIXES.iter().flat_map(|p| SUFFIXES.iter().map(move |s| format!("{p}{c}{s}"))).collect();
            for t in &texts {
                assert_eq!(split(t, category), Some(reference(t)), "U+{:04X} as {cat:?} in {t:?}", c as u32);
            }
            // Extend and Format are the same to the algorithm (SB5).
            let same = |o: Cat| o == cat || matches!((o, cat), (Cat::Extend, Cat::Format) | (Cat::Format, Cat::Extend));
            for &other in CATS.iter().filter(|&&o| !same(o)) {
                let swapped = |d: char| if d == c { Some(other) } else { category(d) };
                assert!(
                    texts.iter().any(|t| split(t, swapped) != Some(reference(t))),
                    "the contexts cannot tell {cat:?} from {other:?} for U+{:04X}",
                    c as u32
                );
            }
        }
        assert_eq!(category('日'), None);
    }

    /// Generated strings over characters of every category, with repeats and runs.
    #[test]
    fn generated_strings_split_as_unicode_segmentation() {
        let alphabet: Vec<char> =
            "aZé É1 .!?\"“”’()-–—,:;\r\n\t\u{a0}\u{2029}\u{85}\u{ad}\u{200d}\u{2024}‼ƻǅ#…".chars().collect();
        let mut next = crate::test_rng::below(0x9e37_79b9_7f4a_7c15);
        for _ in 0..20_000 {
            let len = next(24);
            let text: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            check(&text);
        }
    }

    /// Longer generated texts made of words and punctuation, as paragraphs are: long quiet
    /// stretches (skipped at once) between terminators, quotes, brackets and line breaks.
    #[test]
    fn generated_paragraphs_split_as_unicode_segmentation() {
        let tokens: &[&str] = &[
            "word", "Word", "U.N.", "3.5", "Feb.", "e.g.", " ", "  ", ". ", "! ", "? ", ".", "“", "”", "’s", "(", ")",
            ", ", "; ", " — ", "-", "\n", "\r\n", "\n\n", "\u{a0}", "\t", "é", "É", "\u{ad}", "…", "\"", "'", "#", "1",
        ];
        let mut next = crate::test_rng::below(0x2545_f491_4f6c_dd1d);
        for _ in 0..5_000 {
            let len = next(80);
            let text: String = (0..len).map(|_| tokens[next(tokens.len())]).collect();
            check(&text);
        }
    }

    #[test]
    fn other_scripts_fall_back_to_unicode_segmentation() {
        assert_eq!(split("Über. ƻ. Ω.", category), None);
        check("日本の首相。次の文。 Да. Нет! 1.");
        assert_eq!(split("Да.", category), None);
    }

    #[test]
    fn a_long_run_after_a_full_stop_is_linear() {
        // SB8 looks ahead to the next letter from every position after "."; remembered, not
        // rescanned.
        let text = format!("end.{}a", " (".repeat(50_000));
        check(&text);
    }
}
