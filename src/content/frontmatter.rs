//! Splitting `+++` TOML front matter from the rest of a file.

/// A file split into front matter and body, with byte offsets into the whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The TOML between the `+++` lines, and its offset in the file.
    pub front: Option<(&'a str, usize)>,
    pub body: &'a str,
    pub body_offset: usize,
}

/// Splits front matter at the very top of `text` (after an optional BOM). An opening `+++`
/// line without a closing one is reported as `Err(offset of the opening line)`.
pub fn split(text: &str) -> Result<Split<'_>, usize> {
    let start = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let rest = &text[start..];
    let Some(after_open) = rest.strip_prefix("+++") else {
        return Ok(Split { front: None, body: text, body_offset: 0 });
    };
    let line_end = match after_open.find('\n') {
        Some(i) if after_open[..i].trim().is_empty() => i + 1,
        None if after_open.trim().is_empty() => return Err(start),
        _ => return Ok(Split { front: None, body: text, body_offset: 0 }),
    };
    let front_start = start + 3 + line_end;
    let mut pos = front_start;
    for line in text[front_start..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let body_offset = pos + line.len();
            return Ok(Split {
                front: Some((&text[front_start..pos], front_start)),
                body: &text[body_offset..],
                body_offset,
            });
        }
        pos += line.len();
    }
    Err(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits() {
        let s = split("+++\ntitle = \"x\"\n+++\nbody\n").expect("ok");
        assert_eq!(s.front, Some(("title = \"x\"\n", 4)));
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_offset, 20);

        let s = split("no front\n+++\n").expect("ok");
        assert_eq!(s.front, None);
        assert_eq!(s.body_offset, 0);

        let s = split("+++\r\na = 1\r\n+++\r\nbody").expect("ok");
        assert_eq!(s.front.map(|f| f.0), Some("a = 1\r\n"));
        assert_eq!(s.body, "body");

        assert_eq!(split("+++\na = 1\n"), Err(0));
        assert_eq!(split("+++"), Err(0));
        let s = split("+++x\n").expect("ok");
        assert_eq!(s.front, None);
        assert!(split("").is_ok());
    }
}
