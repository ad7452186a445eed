//! Regexes whose length limits are checked on the captures instead of compiled in.
//!
//! A bounded repetition of a Unicode class, `[\w .'-]{1,40}`, compiles to forty copies of
//! the class's UTF-8 automaton: 10-25 ms per pattern, which made regex compilation most of
//! the time of building a small dossier. [`Bounded`] takes the pattern with the repetition
//! unbounded (`[\w .'-]+?` with a named group around it) and the limits per group, and
//! returns the leftmost match whose groups keep them, trying later starting points when a
//! match breaks one. For a lazy repetition (or one whose end is fixed by what follows, such
//! as `[^)]` before `\)`), that is the same match the bounded pattern finds.

use regex::{Captures, Regex};

/// How many later starting points are tried after a match that breaks a limit. Each try is
/// one linear search, so a pathological line costs a few passes, never one per character.
const RETRIES: usize = 8;

pub(super) struct Bounded {
    re: Regex,
    /// (group name, most characters).
    limits: &'static [(&'static str, usize)],
}

impl Bounded {
    /// `None` when the pattern does not compile (the callers treat a missing rule as one
    /// that never matches, as they do for plain regexes).
    pub(super) fn new(pattern: &str, limits: &'static [(&'static str, usize)]) -> Option<Bounded> {
        Regex::new(pattern).ok().map(|re| Bounded { re, limits })
    }

    /// The leftmost match whose limited groups are within their limits.
    pub(super) fn captures<'t>(&self, text: &'t str) -> Option<Captures<'t>> {
        let mut start = 0;
        for _ in 0..=RETRIES {
            let caps = self.re.captures_at(text, start)?;
            let fits = self
                .limits
                .iter()
                .all(|(name, max)| caps.name(name).is_none_or(|m| m.as_str().chars().nth(*max).is_none()));
            if fits {
                return Some(caps);
            }
            let at = caps.get(0).map_or(text.len(), |m| m.start());
            start = at + text[at..].chars().next().map_or(1, char::len_utf8);
            if start > text.len() {
                return None;
            }
        }
        None
    }

    pub(super) fn is_match(&self, text: &str) -> bool {
        self.captures(text).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(pattern: &str, limits: &'static [(&'static str, usize)], text: &str, expected: Option<&str>) {
        let re = Bounded::new(pattern, limits).expect("test pattern compiles");
        let got = re.captures(text).and_then(|c| c.name("name").map(|m| m.as_str().to_string()));
        assert_eq!(got.as_deref(), expected, "{pattern} on {text:?}");
    }

    #[test]
    fn limits_match_the_bounded_pattern() {
        const NAME5: &[(&str, usize)] = &[("name", 5)];
        // Lazy and anchored: the shortest name is the bounded pattern's match, or there is none.
        check(r"^(?P<name>[A-Z]\w+?) said", NAME5, "Anna said", Some("Anna"));
        check(r"^(?P<name>[A-Z]\w+?) said", NAME5, "Annabella said", None);
        // Unanchored: a later start point keeps the limit.
        check(r"- (?P<name>[A-Z][\w ]+?)$", NAME5, "- Long Name Here - Ann", Some("Ann"));
        check(r"- (?P<name>[A-Z][\w ]+?)$", NAME5, "- Long Name Here", None);
        check(r"(?P<name>[A-Z][\w ]+?)$", NAME5, "Long Name Here Ann", Some("Ann"));
        // Characters, not bytes.
        check(r"^(?P<name>\w+)$", NAME5, "Ångström", None);
        check(r"^(?P<name>\w+)$", NAME5, "Åsa", Some("Åsa"));
    }

    #[test]
    fn a_pathological_line_costs_a_few_searches() {
        const NAME2: &[(&str, usize)] = &[("name", 2)];
        let line = "- Abc ".repeat(50_000);
        check(r"- (?P<name>[A-Z][\w ]+?)$", NAME2, &line, None);
    }
}
