//! `dossier init DIR`: a new dossier that builds as it is, with one example of each input kind
//! and a commented config. The default theme is copied in so it can be edited.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};

pub mod new;

use crate::content::theme::{BUILTIN_STATIC, BUILTIN_TEMPLATES};

const FILES: &[(&str, &str)] = &[
    ("config.toml", include_str!("skeleton/config.toml")),
    ("content/index.md", include_str!("skeleton/index.md")),
    ("content/articles/example-2024-03-05.txt", include_str!("skeleton/example-2024-03-05.txt")),
    ("content/articles/example-2024-03-05.toml", include_str!("skeleton/example-2024-03-05.toml")),
    ("content/notes/first-note.md", include_str!("skeleton/first-note.md")),
    ("content/glossary.toml", include_str!("skeleton/glossary.toml")),
    ("content/timeline.toml", include_str!("skeleton/timeline.toml")),
    (".gitignore", "public/\n"),
];

/// Creates the skeleton in `dir`; refuses a non-empty directory unless `force`.
pub fn init(dir: &Path, force: bool) -> Result<()> {
    if dir.exists() {
        let non_empty = fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?.next().is_some();
        if non_empty && !force {
            bail!(
                "{} is not empty; choose a new directory, or pass --force to add the skeleton's files (existing files are kept)",
                dir.display()
            );
        }
    }
    let mut files: Vec<(String, Vec<u8>)> = FILES.iter().map(|(p, t)| (p.to_string(), t.as_bytes().to_vec())).collect();
    files.extend(
        BUILTIN_TEMPLATES.iter().map(|(n, t)| (format!("themes/default/templates/{n}"), t.as_bytes().to_vec())),
    );
    files.extend(BUILTIN_STATIC.iter().map(|(n, b)| (format!("themes/default/static/{n}"), b.to_vec())));
    for (path, bytes) in files {
        let target = dir.join(&path);
        if target.exists() {
            continue;
        }
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        fs::write(&target, bytes).with_context(|| format!("writing {}", target.display()))?;
    }
    Ok(())
}
