//! The default theme's `base.html`, written directly: the frame around the pages that are
//! written without Tera ([`super::article_page`], [`super::outlet_page`]) while the theme's
//! templates for them are the built-in ones. Their tests compare whole pages with Tera's.

use super::text::escape_into as esc;
use super::views::{NavItem, SiteView};
use crate::site::Site;

/// The built-in template this module writes.
pub(super) const BASE: &str = include_str!("../../themes/default/templates/base.html");

/// Whether the site's theme has the built-in `template` (named `name`) and the built-in
/// `base.html`, both unchanged: then the page can be written directly.
pub(super) fn builtin_with_base(site: &Site, name: &str, template: &str) -> bool {
    let same = |name: &str, text: &str| site.theme.templates.get(name).is_some_and(|t| t.text == text);
    same(name, template) && same("base.html", BASE)
}

/// What `base.html` shows around a page's content: the context every page gets.
pub(super) struct Frame<'a> {
    pub(super) site: &'a SiteView,
    pub(super) nav: &'a [NavItem],
    /// `""` or `"../"`.
    pub(super) root: &'a str,
    pub(super) title: &'a str,
    /// `page_kind`: "article", "cover", …
    pub(super) kind: &'a str,
}

/// Tera's truth of an optional string: present and not empty.
pub(super) fn truthy(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|s| !s.is_empty())
}

/// `n` in decimal, as Tera prints it (without the formatting machinery: twice per paragraph of
/// every article page).
pub(super) fn num(o: &mut String, n: usize) {
    crate::site::paths::push_usize(o, n);
}

/// `base.html`, with `content` writing the page's `content` block (the `head` and `scripts`
/// blocks as the base template has them).
pub(super) fn base(o: &mut String, f: &Frame<'_>, content: impl FnOnce(&mut String)) {
    base_blocks(o, f, |_| {}, content, None::<fn(&mut String)>);
}

/// `base.html` with the page's own `head` block (empty in the base template), `content` block
/// and, where given, `scripts` block (the base template's loads `search.js`).
pub(super) fn base_blocks(
    o: &mut String,
    f: &Frame<'_>,
    head: impl FnOnce(&mut String),
    content: impl FnOnce(&mut String),
    scripts: Option<impl FnOnce(&mut String)>,
) {
    let site = f.site;
    o.push_str("<!DOCTYPE html>\n<html lang=\"");
    esc(o, &site.language);
    o.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    if f.kind == "cover" {
        esc(o, &site.title);
    } else {
        esc(o, f.title);
        o.push_str(" · ");
        esc(o, &site.title);
    }
    o.push_str("</title>\n");
    if let Some(d) = truthy(&site.description) {
        o.push_str("<meta name=\"description\" content=\"");
        esc(o, d);
        o.push_str("\">");
    }
    o.push_str("\n<meta name=\"generator\" content=\"dossier\">\n<link rel=\"stylesheet\" href=\"");
    esc(o, f.root);
    o.push_str("assets/style.css\">\n<link rel=\"stylesheet\" href=\"");
    esc(o, f.root);
    o.push_str("assets/highlight.css\">\n<style>@page { size: ");
    esc(o, site.paper);
    o.push_str("; }</style>\n");
    head(o);
    o.push_str("\n</head>\n<body class=\"kind-");
    esc(o, f.kind);
    o.push_str("\">\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header class=\"masthead\">\n");
    handling(o, site);
    o.push_str("\n<div class=\"masthead-inner\">\n<p class=\"brand\"><a href=\"");
    esc(o, f.root);
    o.push_str("index.html\">");
    esc(o, &site.title);
    o.push_str("</a></p>\n<nav aria-label=\"Main\">\n<ul>\n");
    for item in f.nav {
        o.push_str("<li><a href=\"");
        esc(o, &item.href);
        o.push('"');
        if item.current {
            o.push_str(" aria-current=\"page\"");
        }
        o.push('>');
        esc(o, item.label);
        o.push_str("</a></li>\n");
    }
    o.push_str("</ul>\n</nav>\n<div class=\"site-search\" data-root=\"");
    esc(o, f.root);
    o.push_str("\" hidden></div>\n</div>\n</header>\n<main id=\"main\">\n");
    content(o);
    o.push_str("\n</main>\n<footer class=\"colophon\">\n<p>");
    esc(o, &site.title);
    if let Some(editor) = truthy(&site.editor) {
        o.push_str(" · prepared by ");
        esc(o, editor);
    }
    o.push_str(" · ");
    num(o, site.articles);
    o.push_str(" articles from ");
    num(o, site.outlets);
    o.push_str(" outlets");
    if let Some(span) = truthy(&site.span) {
        o.push_str(" · ");
        esc(o, span);
    }
    o.push_str("</p>\n");
    handling(o, site);
    o.push_str("\n</footer>\n");
    match scripts {
        Some(scripts) => scripts(o),
        None => {
            o.push_str("<script src=\"");
            esc(o, f.root);
            o.push_str("assets/search.js\"></script>");
        }
    }
    o.push_str("\n</body>\n</html>\n");
}

fn handling(o: &mut String, site: &SiteView) {
    if let Some(h) = truthy(&site.handling) {
        o.push_str("<p class=\"handling\">");
        esc(o, h);
        o.push_str("</p>");
    }
}

/// For the tests of the pages written directly: Tera with the built-in `base.html` and the
/// page's `templates` (name, text), and the context `base_context` gives a page at `path`
/// in the frame `f`, to render the same page through Tera and compare.
#[cfg(test)]
pub(super) mod test_support {
    use super::{BASE, Frame};

    pub(in crate::render) fn tera(templates: &[(&'static str, &'static str)]) -> tera::Tera {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html"]);
        let mut all = vec![("base.html", BASE)];
        all.extend_from_slice(templates);
        tera.add_raw_templates(all).expect("the built-in templates compile");
        tera
    }

    pub(in crate::render) fn frame_context(f: &Frame<'_>, path: &str) -> tera::Context {
        let mut ctx = tera::Context::new();
        ctx.insert("site", f.site);
        ctx.insert("nav", f.nav);
        ctx.insert("root", f.root);
        ctx.insert("page_title", f.title);
        ctx.insert("page_kind", f.kind);
        ctx.insert("page_path", path);
        ctx
    }
}
