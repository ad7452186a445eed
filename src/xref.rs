//! The grammar of cross-reference targets (`[[target]]`, timeline `sources`).
//!
//! `ap-2014-10-28` (an article), `ap-2014-10-28#p4` (its 4th paragraph), `outlet:Reuters`,
//! `term:ICC`, `note:assessment`, or a bare name resolved as article id, glossary term, note
//! or outlet, in that order. Resolution against the dossier happens in `site`.

/// What a target string asks for, before resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetRef<'a> {
    /// An article by id, with an optional 1-based paragraph.
    Article {
        id: &'a str,
        paragraph: Option<usize>,
    },
    Outlet(&'a str),
    Term(&'a str),
    Note(&'a str),
    /// Not prefixed: an article id, then a term, then a note, then an outlet.
    Bare(&'a str),
    /// `#pX` that is not a paragraph number.
    BadParagraph {
        id: &'a str,
        fragment: &'a str,
    },
}

/// Splits a target into its kind.
pub fn parse(target: &str) -> TargetRef<'_> {
    let target = target.trim();
    if let Some(rest) = target.strip_prefix("outlet:") {
        return TargetRef::Outlet(rest.trim());
    }
    if let Some(rest) = target.strip_prefix("term:") {
        return TargetRef::Term(rest.trim());
    }
    if let Some(rest) = target.strip_prefix("note:") {
        return TargetRef::Note(rest.trim());
    }
    if let Some((id, fragment)) = target.split_once('#') {
        let id = id.trim();
        return match fragment.strip_prefix('p').and_then(|n| n.parse::<usize>().ok()) {
            Some(n) if n > 0 => TargetRef::Article { id, paragraph: Some(n) },
            _ => TargetRef::BadParagraph { id, fragment },
        };
    }
    TargetRef::Bare(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_targets() {
        for (input, expected) in [
            ("ap-2014-10-28", TargetRef::Bare("ap-2014-10-28")),
            ("ap-2014-10-28#p4", TargetRef::Article { id: "ap-2014-10-28", paragraph: Some(4) }),
            ("ap#p0", TargetRef::BadParagraph { id: "ap", fragment: "p0" }),
            ("ap#intro", TargetRef::BadParagraph { id: "ap", fragment: "intro" }),
            ("outlet:Reuters", TargetRef::Outlet("Reuters")),
            ("term: ICC ", TargetRef::Term("ICC")),
            ("note:assessment", TargetRef::Note("assessment")),
            (" ICC ", TargetRef::Bare("ICC")),
        ] {
            assert_eq!(parse(input), expected, "{input}");
        }
    }
}
