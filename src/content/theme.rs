//! Reading a theme: Tera templates and static files.
//!
//! A theme lives in `themes/<name>/templates/` and `themes/<name>/static/`; a `templates/`
//! folder at the dossier root overrides any template by name. When the dossier has no copy
//! of the `default` theme, the copy built into the binary is used, so a dossier needs no theme
//! folder at all.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::diagnostics::Diagnostics;

/// A template's text and where it came from (for error messages).
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// Display path: `themes/default/templates/article.html`, or `(built-in)/article.html`.
    pub file: String,
    pub text: String,
}

/// The templates and static files of the theme in use.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// By template name (`article.html`, `partials/nav.html`).
    pub templates: BTreeMap<String, TemplateSource>,
    /// Static files by path relative to `static/` (`style.css`).
    pub statics: BTreeMap<String, Vec<u8>>,
}

macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}
macro_rules! builtin_static {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../../themes/default/static/", $name)) as &[u8])),*]
    };
}

/// The default theme, compiled in.
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = builtin!(
    "base.html",
    "index.html",
    "article.html",
    "outlets.html",
    "outlet.html",
    "timeline.html",
    "timeline-month.html",
    "glossary.html",
    "notes.html",
    "note.html",
    "print.html",
    "search.html",
    "quotes.html",
);
pub const BUILTIN_STATIC: &[(&str, &[u8])] = builtin_static!("style.css", "search.js", "timeline.js");

/// Loads theme `name` for the dossier at `root`.
pub fn load(root: &Path, name: &str, diags: &mut Diagnostics) -> Theme {
    let mut theme = Theme::default();
    let dir = root.join("themes").join(name);
    let plain_name = !name.is_empty() && !name.contains(['/', '\\']) && name != "." && name != "..";
    let linked = [root.join("themes"), dir.clone(), dir.join("templates"), dir.join("static")]
        .iter()
        .any(|p| super::skip_link(root, p, diags));
    if !plain_name {
        diags
            .error("config.toml", None, format!("theme `{name}` is not a folder name"))
            .hint("name a folder of themes/, e.g. `theme = \"default\"`");
    } else if linked {
        diags
            .error("config.toml", None, format!("theme `{name}` is reached through a symbolic link; not loaded"))
            .hint("copy the theme into themes/ instead of linking it");
    } else if dir.is_dir() {
        read_tree(root, &dir.join("templates"), "", &mut |rel, file, bytes| match String::from_utf8(bytes) {
            Ok(text) => {
                theme.templates.insert(rel.to_string(), TemplateSource { file: file.to_string(), text });
            }
            Err(_) => {
                diags.error(file, None, "template is not UTF-8");
            }
        });
        read_tree(root, &dir.join("static"), "", &mut |rel, _, bytes| {
            theme.statics.insert(rel.to_string(), bytes);
        });
    } else if name == "default" {
        for (n, text) in BUILTIN_TEMPLATES {
            theme
                .templates
                .insert(n.to_string(), TemplateSource { file: format!("(built-in)/{n}"), text: text.to_string() });
        }
        for (n, bytes) in BUILTIN_STATIC {
            theme.statics.insert(n.to_string(), bytes.to_vec());
        }
    } else {
        diags
            .error("config.toml", None, format!("theme `{name}` not found in themes/{name}/"))
            .hint("set `theme = \"default\"` or create the theme folder");
    }
    // Dossier-level overrides.
    if super::skip_link(root, &root.join("templates"), diags) {
        return theme;
    }
    read_tree(root, &root.join("templates"), "", &mut |rel, file, bytes| match String::from_utf8(bytes) {
        Ok(text) => {
            theme.templates.insert(rel.to_string(), TemplateSource { file: file.to_string(), text });
        }
        Err(_) => {
            diags.error(file, None, "template is not UTF-8");
        }
    });
    theme
}

/// Calls `f(relative name, display path, bytes)` for every regular file under `dir`, sorted,
/// without following symbolic links.
fn read_tree(root: &Path, dir: &Path, prefix: &str, f: &mut dyn FnMut(&str, &str, Vec<u8>)) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let Ok(meta) = fs::symlink_metadata(&path) else { continue };
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        let rel = if prefix.is_empty() { name.clone() } else { format!("{prefix}/{name}") };
        if meta.is_dir() {
            read_tree(root, &path, &rel, f);
        } else if meta.is_file()
            && let Ok(bytes) = fs::read(&path)
        {
            f(&rel, &super::rel(root, &path), bytes);
        }
    }
}
