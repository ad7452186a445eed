//! The timeline page's view types: entries grouped by year, month and day, the claims of
//! extracted entries with their explanations (numbered as footnotes for print), the conflicts,
//! the unplaced mentions; and the TimelineJS export (`timeline.json`).
//!
//! Documented for theme authors in `themes/README.md` (`timeline.html`).

use serde::Serialize;

use super::page::Page;
use super::text::{self, json_escape_into};
use super::views::EntryView;
use crate::date::{PartialDate, push_number};
use crate::site::{Site, paths};
use crate::timeline::{Entry, EntryKind, Mention, keys, resolve};

/// One mention that dates an extracted entry.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimView<'s> {
    pub outlet: &'s str,
    /// The article's headline.
    pub article: &'s str,
    pub outlet_slug: &'s str,
    /// Link to the paragraph.
    pub href: String,
    /// "¶3"
    pub place: String,
    pub expression: &'s str,
    /// The resolved date: "Mon 27 Oct 2014", "21–30 Nov 2014".
    pub date: String,
    pub date_iso: String,
    /// "Monday → Mon 27 Oct 2014: the Monday before …".
    pub explain: &'s str,
    /// The sentence, escaped, with the expression in `<mark>`.
    pub sentence_html: String,
    /// Footnote number (print), when numbered.
    pub note: Option<usize>,
    /// When the sentence names another happening the date may belong to.
    pub ambiguity: Option<String>,
}

/// A bar for an interval: `left` and `width` in percent of its track (the entry's month or
/// year), and the interval in words.
#[derive(Debug, Clone, Serialize)]
pub struct BarView {
    pub left: String,
    pub width: String,
    pub label: String,
    /// The track: "October 2014", "2014".
    pub track: String,
    /// The span runs on past the track ("since 2010").
    pub open_end: bool,
}

/// One side of a conflict: the claims that agree on one date.
#[derive(Debug, Serialize)]
pub struct ConflictSide<'s> {
    pub date: String,
    pub href: String,
    pub outlets: Vec<&'s str>,
    pub claims: Vec<ClaimView<'s>>,
}

/// One happening dated differently by different outlets.
#[derive(Debug, Serialize)]
pub struct ConflictView<'s> {
    pub anchor: String,
    pub href: String,
    pub title: String,
    /// "conflict" or "conflict or ambiguity".
    pub status: &'static str,
    pub ambiguous: bool,
    pub sides: Vec<ConflictSide<'s>>,
}

/// Entries on one day, or known only to the month or the year (`precision`). The entries are
/// views for templates; the timeline page written directly holds the timeline's own entries
/// (`E` = `&Entry`) and writes each from it, without a view.
#[derive(Debug, Serialize)]
pub struct DayGroup<'s, E = EntryView<'s>> {
    pub label: String,
    /// `day`, `month` (entries known only to the month) or `year`.
    pub precision: &'static str,
    pub date_iso: String,
    pub anchor: String,
    /// Outlets that published on this day.
    pub published: Vec<&'s str>,
    pub entries: Vec<E>,
}

/// A month (or, first in a year, the entries known only to the year: `precision` `year`).
#[derive(Debug, Serialize)]
pub struct MonthGroup<'s, E = EntryView<'s>> {
    pub label: String,
    pub precision: &'static str,
    pub anchor: String,
    pub days: Vec<DayGroup<'s, E>>,
    /// The month rendered by `timeline-month.html` (then `days` is empty), unless the
    /// theme's `timeline.html` walks the `days` itself.
    pub html: String,
}

#[derive(Debug, Serialize)]
pub struct YearGroup<'s, E = EntryView<'s>> {
    pub label: String,
    pub anchor: String,
    pub months: Vec<MonthGroup<'s, E>>,
}

/// A numbered explanation, for print.
#[derive(Debug, Serialize)]
pub struct Footnote {
    pub n: usize,
    pub anchor: String,
    pub text: String,
}

/// A dated expression waiting for its article's publication date.
#[derive(Debug, Serialize)]
pub struct UnplacedView {
    pub article: String,
    pub href: String,
    pub place: String,
    pub expression: String,
    pub sentence_html: String,
}

/// Everything the timeline templates need beyond `EntryView`.
#[derive(Debug, Serialize)]
pub struct TimelineView<'s> {
    pub years: Vec<YearGroup<'s>>,
    pub conflicts: Vec<ConflictView<'s>>,
    pub footnotes: Vec<Footnote>,
    pub unplaced: Vec<UnplacedView>,
    /// Counts by layer.
    pub editor_count: usize,
    pub extracted_count: usize,
    pub json_href: String,
}

/// The claim's `ambiguity`: only where `minority`, and the sentence names other happenings.
pub(super) fn ambiguity(m: &Mention, minority: bool) -> Option<String> {
    (minority && !m.other_happenings.is_empty()).then(|| {
        let others: Vec<&str> = m.other_happenings.iter().map(|h| keys::happening_noun(h)).collect();
        format!(
            "the sentence also tells of a {}: the date may belong to it rather than to the {}",
            others.join(" or "),
            m.happening.map_or("happening", keys::happening_noun)
        )
    })
}

/// A mention's sentence, escaped, with its date expression in `<mark>` (the claim's
/// `sentence_html` on the page and in `timeline.json`).
fn marked_sentence_into(out: &mut String, m: &Mention) {
    marked_sentence_with(out, m, text::escape_into);
}

/// [`marked_sentence_into`], the text escaped by `escape` (`timeline.json` writes the HTML
/// escaped for JSON at once: the marks hold nothing JSON escapes).
fn marked_sentence_with(out: &mut String, m: &Mention, escape: fn(&mut String, &str)) {
    let part = |r: std::ops::Range<usize>| m.text.get(r).unwrap_or_default();
    escape(out, part(0..m.span.start));
    out.push_str("<mark>");
    escape(out, part(m.span.clone()));
    out.push_str("</mark>");
    escape(out, part(m.span.end..m.text.len()));
}

fn pct(x: f64) -> String {
    format!("{:.1}%", (x * 100.0).clamp(0.0, 100.0))
}

impl<'s> Page<'s> {
    /// The claim of mention `m`; its `ambiguity` only where `minority` (see [`Page::is_minority`]:
    /// elsewhere it is not shown, and not worded).
    fn claim(&self, m: &'s Mention, minority: bool) -> Option<ClaimView<'s>> {
        let r = m.resolved.as_ref()?;
        let art = &self.site.articles[m.article];
        let o = &self.site.outlets.list[self.site.outlets.of_article[m.article]];
        let mut sentence_html = String::with_capacity(m.text.len() + 32);
        marked_sentence_into(&mut sentence_html, m);
        let ambiguity = ambiguity(m, minority);
        Some(ClaimView {
            outlet: &o.name,
            article: art.display_title(),
            outlet_slug: &o.slug,
            href: self.article_link(&art.slug, Some(m.paragraph)),
            place: super::views::pilcrow(m.paragraph),
            expression: &m.expression,
            date: r.label(),
            date_iso: r.date.iso(),
            explain: m.explain.as_deref().unwrap_or_default(),
            sentence_html,
            note: None,
            ambiguity,
        })
    }

    pub(super) fn claims(&self, e: &Entry) -> Vec<ClaimView<'s>> {
        let EntryKind::Extracted { cluster } = e.kind else { return Vec::new() };
        let tl = &self.site.timeline;
        let minority = self.is_minority(cluster);
        tl.clusters[cluster].mentions.iter().filter_map(|&i| self.claim(&tl.mentions[i], minority)).collect()
    }

    /// Whether a cluster is a less attested side of a conflict: only there does a rival
    /// happening in the sentence make the claim worth flagging as ambiguous.
    pub(super) fn is_minority(&self, cluster: usize) -> bool {
        let tl = &self.site.timeline;
        tl.conflicts.iter().filter(|k| k.clusters.contains(&cluster)).any(|k| {
            let largest =
                k.clusters.iter().copied().max_by_key(|&c| (tl.clusters[c].mentions.len(), std::cmp::Reverse(c)));
            largest != Some(cluster)
        })
    }

    pub(super) fn conflict_title(&self, k: usize) -> String {
        let c = &self.site.timeline.conflicts[k];
        let dates: Vec<String> = c.clusters.iter().map(|&cl| self.site.timeline.clusters[cl].date.short()).collect();
        format!("Date of the {} disputed: {}", keys::happening_noun(c.happening), dates.join(" or "))
    }

    pub(super) fn bar(&self, e: &Entry) -> Option<BarView> {
        let (start, end) = e.span?;
        let (track_start, track_end) = resolve::period(e.date);
        let total = f64::from(track_end.since(track_start).ok()?.get_days()) + 1.0;
        let left = f64::from(start.since(track_start).ok()?.get_days()).max(0.0);
        let open_end = end > track_end;
        let right = f64::from(end.min(track_end).since(track_start).ok()?.get_days()) + 1.0;
        let label = if open_end {
            format!("{} → {}", e.date.long(), PartialDate::day(end).long())
        } else {
            resolve::Resolved { date: e.date, start, end, until: None, how: String::new() }.label()
        };
        Some(BarView {
            left: pct(left / total),
            width: pct(((right - left) / total).max(0.02)),
            label,
            track: match e.date.month_name() {
                Some(m) => format!("{m} {}", e.date.year),
                None => e.date.year.to_string(),
            },
            open_end,
        })
    }

    fn conflict_views(&self) -> Vec<ConflictView<'s>> {
        let tl = &self.site.timeline;
        tl.conflicts
            .iter()
            .enumerate()
            .map(|(k, c)| {
                let anchor = paths::conflict_anchor(k);
                let sides = c
                    .clusters
                    .iter()
                    .map(|&cl| {
                        let minority = self.is_minority(cl);
                        let claims: Vec<ClaimView<'s>> = tl.clusters[cl]
                            .mentions
                            .iter()
                            .filter_map(|&i| self.claim(&tl.mentions[i], minority))
                            .collect();
                        let mut outlets: Vec<&str> = claims.iter().map(|c| c.outlet).collect();
                        outlets.dedup();
                        let href =
                            tl.entry_of_cluster(cl).map(|e| self.link(paths::TIMELINE, &e.anchor)).unwrap_or_default();
                        ConflictSide { date: tl.clusters[cl].date.short(), href, outlets, claims }
                    })
                    .collect();
                ConflictView {
                    href: self.link(paths::TIMELINE, &anchor),
                    anchor,
                    title: self.conflict_title(k),
                    status: if c.ambiguous { "conflict or ambiguity" } else { "conflict" },
                    ambiguous: c.ambiguous,
                    sides,
                }
            })
            .collect()
    }

    /// The open conflicts (for the cover).
    pub fn conflicts(&self) -> Vec<ConflictView<'s>> {
        self.conflict_views()
    }

    /// The whole timeline page: year → month → day groups, conflicts, footnotes, unplaced.
    /// `month_done` is handed each month as soon as its last entry is in (in order), e.g. to
    /// render it and drop its days, so that the whole timeline's entries need not be held.
    /// It is handed the month's year (without this month among its `months` yet) and the
    /// month's timeline entries, in the order of its days' entries.
    /// The explanations are numbered as footnotes only when `numbered` (for print; numbering
    /// 80,000 of them costs).
    pub fn timeline_view(&self, numbered: bool, month_done: &mut MonthDone<'_, 's>) -> TimelineView<'s> {
        self.timeline_view_with(&|_| true, numbered, month_done)
    }

    /// [`Page::timeline_view`] with only the entries `keep` accepts (the print pack's
    /// abridged timeline); conflicts are all kept.
    pub fn timeline_view_of(&self, keep: &dyn Fn(&Entry) -> bool) -> TimelineView<'s> {
        self.timeline_view_with(keep, true, &mut |_, _, _| {})
    }

    fn timeline_view_with(
        &self,
        keep: &dyn Fn(&Entry) -> bool,
        numbered: bool,
        month_done: &mut MonthDone<'_, 's>,
    ) -> TimelineView<'s> {
        let (years, footnotes) = self.timeline_years(keep, numbered, month_done);
        TimelineView { years, footnotes, ..self.timeline_frame() }
    }

    /// The timeline page's view but its `years` and `footnotes` (empty): what the page shows
    /// around its entries, for a page written as its months are ([`Page::timeline_years`]).
    pub fn timeline_frame(&self) -> TimelineView<'s> {
        let tl = &self.site.timeline;
        let unplaced = tl
            .unplaced()
            .map(|m| {
                let art = &self.site.articles[m.article];
                UnplacedView {
                    article: art.display_title().to_string(),
                    href: self.article_link(&art.slug, Some(m.paragraph)),
                    place: format!("{} ¶{}", art.display_outlet(), m.paragraph),
                    expression: m.expression.clone(),
                    sentence_html: format!(
                        "{}<mark>{}</mark>{}",
                        text::escape(&m.text[..m.span.start]),
                        text::escape(&m.text[m.span.clone()]),
                        text::escape(&m.text[m.span.end..])
                    ),
                }
            })
            .collect();
        TimelineView {
            years: Vec::new(),
            conflicts: self.conflict_views(),
            footnotes: Vec::new(),
            unplaced,
            editor_count: tl.entries.iter().filter(|e| e.is_editor()).count(),
            extracted_count: tl.entries.iter().filter(|e| e.is_extracted()).count(),
            json_href: self.to(paths::TIMELINE_JSON),
        }
    }

    /// The entries `keep` accepts grouped by year, month and day, each month handed to
    /// `month_done` as [`Page::timeline_view`] says; and the footnotes, when `numbered`.
    pub fn timeline_years(
        &self,
        keep: &dyn Fn(&Entry) -> bool,
        numbered: bool,
        month_done: &mut MonthDone<'_, 's>,
    ) -> (Vec<YearGroup<'s>>, Vec<Footnote>) {
        let mut footnotes: Vec<Footnote> = Vec::new();
        let mut note = |text: &str| -> usize {
            let n = footnotes.len() + 1;
            footnotes.push(Footnote { n, anchor: format!("tl-note-{n}"), text: text.to_string() });
            n
        };
        let years = self.timeline_groups(
            keep,
            &mut |e| {
                let mut view = self.entry(e);
                if numbered && view.claims.is_empty() {
                    view.note = Some(note(view.explain));
                }
                for c in view.claims.iter_mut().filter(|_| numbered) {
                    c.note = Some(note(c.explain));
                }
                view
            },
            month_done,
        );
        (years, footnotes)
    }

    /// The entries `keep` accepts grouped by year, month and day as [`Page::timeline_years`]
    /// groups them, each entry held as `make` makes it (a view, or the entry itself for a page
    /// written directly), each month handed to `month_done` as [`Page::timeline_view`] says.
    pub fn timeline_groups<E>(
        &self,
        keep: &dyn Fn(&Entry) -> bool,
        make: &mut dyn FnMut(&'s Entry) -> E,
        month_done: &mut MonthDoneOf<'_, 's, E>,
    ) -> Vec<YearGroup<'s, E>> {
        let tl: &'s crate::timeline::Timeline = &self.site.timeline;
        let mut years: Vec<YearGroup<'s, E>> = Vec::new();
        let mut month_entries: Vec<&'s Entry> = Vec::new();
        let mut last_date: Option<PartialDate> = None;
        let mut outlets: Vec<usize> = Vec::new();
        for e in tl.entries.iter().filter(|e| keep(e)) {
            let view = make(e);
            // The groups are keyed by the previous entry's date: a label is made only for a
            // new group (labels and anchors once per group, not per entry).
            let prev = last_date.replace(e.date);
            let new_year = prev.is_none_or(|p| p.year != e.date.year);
            let new_month = new_year || prev.is_some_and(|p| p.month_name() != e.date.month_name());
            let new_day = new_month || prev.is_some_and(|p| (p.month, p.day) != (e.date.month, e.date.day));
            // A new month (or year) closes the one before.
            if new_month && let Some(y) = years.last_mut() {
                close_month(y, &month_entries, month_done);
                month_entries.clear();
            }
            let year = e.date.year;
            if new_year {
                years.push(YearGroup { anchor: format!("tl-{year}"), label: year.to_string(), months: Vec::new() });
            }
            let Some(y) = years.last_mut() else { continue };
            if new_month {
                let (label, precision, anchor) = match e.date.month_name() {
                    Some(m) => {
                        (format!("{m} {year}"), "month", format!("tl-{}", PartialDate { day: None, ..e.date }.iso()))
                    }
                    None => (format!("Known only to the year {year}"), "year", format!("tl-{year}-y")),
                };
                y.months.push(MonthGroup { label, precision, anchor, days: Vec::new(), html: String::new() });
            }
            let Some(m) = y.months.last_mut() else { continue };
            if new_day {
                let (label, precision) = match (e.date.month_name(), e.date.day) {
                    (Some(_), Some(_)) => (e.date.short(), "day"),
                    (Some(name), None) => (format!("{name} {year}, day unknown"), "month"),
                    _ => (format!("{year}, month and day unknown"), "year"),
                };
                let iso = e.date.iso();
                m.days.push(DayGroup {
                    label,
                    precision,
                    anchor: format!("tl-{iso}{}", if precision == "day" { "" } else { "-all" }),
                    date_iso: iso,
                    published: Vec::new(),
                    entries: Vec::new(),
                });
            }
            let Some(d) = m.days.last_mut() else { continue };
            if let EntryKind::Publication { .. } = e.kind {
                self.entry_outlets(e, &mut outlets);
                for &o in &outlets {
                    let o = self.site.outlets.list[o].name.as_str();
                    if !d.published.contains(&o) {
                        d.published.push(o);
                    }
                }
            }
            d.entries.push(view);
            month_entries.push(e);
        }
        if let Some(y) = years.last_mut() {
            close_month(y, &month_entries, month_done);
        }
        years
    }
}

/// What is handed each month of the timeline as soon as it is complete: its year (without
/// this month among its `months` yet), the month, and its entries.
pub type MonthDone<'a, 's> = MonthDoneOf<'a, 's, EntryView<'s>>;

/// [`MonthDone`] for months holding entries of type `E` (see [`Page::timeline_groups`]).
pub type MonthDoneOf<'a, 's, E> = dyn FnMut(&YearGroup<'s, E>, &mut MonthGroup<'s, E>, &[&'s Entry]) + 'a;

/// Hands the last month of `y` to `month_done`, where it has entries (`entries`).
fn close_month<'s, E>(y: &mut YearGroup<'s, E>, entries: &[&'s Entry], month_done: &mut MonthDoneOf<'_, 's, E>) {
    let Some(mut m) = y.months.pop() else { return };
    if !m.days.is_empty() {
        month_done(y, &mut m, entries);
    }
    y.months.push(m);
}

/// `timeline.json`: the timeline in TimelineJS's JSON format (events with `start_date`,
/// optional `end_date`, `text.headline`/`text.text` as escaped HTML, `group` by layer), one
/// event per line. Links in the text are relative to the site root, where the file is written.
pub fn timeline_json(site: &Site) -> String {
    // The links come from a page of their own: `TimelineJson` makes the editor entries' bodies
    // with its page, whose linking scope must see each body once.
    let page = Page::new(site, paths::TIMELINE_JSON);
    let mut json = TimelineJson::new(site);
    for e in &site.timeline.entries {
        json.push_entry(&page, e);
    }
    json.finish()
}

/// `timeline.json` being written, event by event, from the timeline's entries with links made
/// for a page at the site's root (the timeline page writes it as it goes, with its own links).
/// The events must be pushed in the timeline's order, each once.
pub struct TimelineJson<'s> {
    /// For the editor entries' bodies: made again here, as links to the timeline page are to
    /// another page here, and glossary links follow this file's own linking scope.
    page: Page<'s>,
    json: String,
    events: usize,
    /// A link being written, reused from link to link.
    href: String,
}

impl<'s> TimelineJson<'s> {
    pub fn new(site: &'s Site) -> TimelineJson<'s> {
        // About 750 bytes an event (at 10,000 articles, 65 MB): reserved at once, not doubled.
        let mut json = String::with_capacity(1024 + site.timeline.entries.len() * 768);
        json.push_str("{\"title\":{\"text\":{\"headline\":\"");
        json_escape_into(&mut json, &text::escape(&site.config.title), false);
        json.push_str("\",\"text\":\"");
        json_escape_into(&mut json, &site.config.subtitle.as_deref().map(text::escape).unwrap_or_default(), false);
        json.push_str("\"}},\"events\":[");
        TimelineJson { page: Page::new(site, paths::TIMELINE_JSON), json, events: 0, href: String::new() }
    }

    /// Adds the event of `e`, whose view is `view`: written as `serde_json` wrote the
    /// TimelineJS structures (fields in their order, `end_date` only where there is one),
    /// without them. The reference [`TimelineJson::push_entry`] is tested against.
    #[cfg(test)]
    pub fn push(&mut self, e: &Entry, view: &EntryView) {
        let body = e.body.map(|b| self.page.doc_html(b));
        let headline = text::escape(&e.title);
        let mut text = String::new();
        tjs_body(&mut text, view, body.as_deref().unwrap_or(&view.body_html));
        let j = &mut self.json;
        event_start(j, self.events, e, view.bar.as_ref());
        json_escape_into(j, &headline, false);
        j.push_str("\",\"text\":\"");
        json_escape_into(j, &text, false);
        event_end(j, e);
        self.events += 1;
    }

    /// Adds the event of `e`, as `push` (test-only, the reference) does from the view
    /// `page.entry(e)`, without making the view: what the event shows is written from the
    /// entry, its links made by `page` (at 10,000 articles, 90,000 events; the claims'
    /// sentences were each made into a string twice, for the view and then for the text).
    /// The event's HTML is written escaped for JSON as it is made
    /// ([`text::html_json_escape_into`], its markup as JSON literals): not made apart, then
    /// escaped again and copied.
    pub fn push_entry(&mut self, page: &Page<'_>, e: &Entry) {
        let site = page.site;
        let tl = &site.timeline;
        let body = e.body.map(|b| self.page.doc_html(b));
        let bar = page.bar(e);
        let href = &mut self.href;
        let j = &mut self.json;
        event_start(j, self.events, e, bar.as_ref());
        text::html_json_escape_into(j, &e.title);
        j.push_str("\",\"text\":\"");
        if let Some(body) = &body {
            json_escape_into(j, body, false);
        }
        // A link to article `a` (paragraph `p`) showing its outlet's name and the paragraph
        // number: `<a href="…">Outlet ¶p</a>`, as JSON.
        let mut source = |j: &mut String, a: usize, p: Option<usize>| {
            href.clear();
            page.article_link_into(href, &site.articles[a].slug, p);
            j.push_str("<a href=\\\"");
            text::html_json_escape_into(j, href);
            j.push_str("\\\">");
            text::html_json_escape_into(j, &site.outlets.list[site.outlets.of_article[a]].name);
            if let Some(p) = p {
                j.push_str(" ¶");
                paths::push_usize(j, p);
            }
            j.push_str("</a>");
        };
        // The claims, as `Page::claims` makes them: the cluster's resolved mentions.
        let mentions: &[usize] = match e.kind {
            EntryKind::Extracted { cluster } => &tl.clusters[cluster].mentions,
            _ => &[],
        };
        let mut claims = 0;
        for m in mentions.iter().map(|&i| &tl.mentions[i]).filter(|m| m.resolved.is_some()) {
            claims += 1;
            j.push_str("<p>");
            source(j, m.article, Some(m.paragraph));
            j.push_str(": “");
            marked_sentence_with(j, m, text::html_json_escape_into);
            j.push_str("” <small>(");
            text::html_json_escape_into(j, m.explain.as_deref().unwrap_or_default());
            j.push_str(")</small></p>");
        }
        if claims == 0 {
            for (i, s) in e.sources.iter().enumerate() {
                j.push_str(if i == 0 { "<p>Sources: " } else { ", " });
                source(j, s.article, s.paragraph);
            }
            if !e.sources.is_empty() {
                j.push_str("</p>");
            }
            j.push_str("<p><small>");
            text::html_json_escape_into(j, &e.explain);
            j.push_str("</small></p>");
        }
        if let Some(k) = e.conflict {
            j.push_str("<p><strong>");
            text::html_json_escape_into(j, &page.conflict_title(k));
            j.push_str("</strong></p>");
        }
        event_end(j, e);
        self.events += 1;
    }

    pub fn finish(mut self) -> String {
        self.json.push_str(if self.events == 0 { "]}\n" } else { "\n]}\n" });
        self.json
    }
}

/// The event of `e` up to its headline, `{"start_date":…` to `"headline":"`, after a line
/// break (and a comma unless `events`, the number written before it, is 0); its bar `bar`.
fn event_start(j: &mut String, events: usize, e: &Entry, bar: Option<&BarView>) {
    let (start, end) = tjs_dates(e);
    j.push_str(if events == 0 { "\n" } else { ",\n" });
    j.push_str("{\"start_date\":");
    tjs_date(j, start);
    if let Some(end) = end {
        j.push_str(",\"end_date\":");
        tjs_date(j, end);
    }
    j.push_str(",\"display_date\":\"");
    match bar {
        Some(bar) => json_escape_into(j, &bar.label, false),
        // Digits, ASCII month names and spaces: nothing to escape.
        None => e.date.long_into(j),
    }
    j.push_str("\",\"text\":{\"headline\":\"");
}

/// The event of `e` from the end of its text on.
fn event_end(j: &mut String, e: &Entry) {
    j.push_str("\"},\"group\":\"");
    j.push_str(match e.kind {
        EntryKind::Editor { .. } => "Editor's timeline",
        EntryKind::Extracted { .. } => "Found in the articles",
        EntryKind::Publication { .. } => "Publications",
    });
    j.push_str("\",\"unique_id\":\"");
    json_escape_into(j, &e.anchor, false);
    j.push_str("\"}");
}

/// An event's start and end: the span's days where it has two, else the entry's dates.
fn tjs_dates(e: &Entry) -> (PartialDate, Option<PartialDate>) {
    match (e.span, e.end) {
        (Some((s, en)), _) if s != en => (PartialDate::day(s), Some(PartialDate::day(en))),
        (_, Some(end)) => (e.date, Some(end)),
        _ => (e.date, None),
    }
}

/// A TimelineJS date: `{"year":2014,"month":10,"day":27}`, without the parts it lacks.
fn tjs_date(j: &mut String, d: PartialDate) {
    j.push_str("{\"year\":");
    push_number(j, d.year.into(), 1);
    if let Some(m) = d.month {
        j.push_str(",\"month\":");
        push_number(j, m.into(), 1);
    }
    if let Some(day) = d.day {
        j.push_str(",\"day\":");
        push_number(j, day.into(), 1);
    }
    j.push('}');
}

/// The event's text: the entry's body, then its claims, or its sources and explanation, and
/// its conflict, appended to `body`.
#[cfg(test)]
fn tjs_body(body: &mut String, view: &EntryView, body_html: &str) {
    body.push_str(body_html);
    for c in &view.claims {
        body.push_str("<p><a href=\"");
        text::escape_into(body, &c.href);
        body.push_str("\">");
        text::escape_into(body, c.outlet);
        body.push(' ');
        text::escape_into(body, &c.place);
        body.push_str("</a>: “");
        body.push_str(&c.sentence_html);
        body.push_str("” <small>(");
        text::escape_into(body, c.explain);
        body.push_str(")</small></p>");
    }
    if view.claims.is_empty() {
        for (i, s) in view.sources.iter().enumerate() {
            body.push_str(if i == 0 { "<p>Sources: " } else { ", " });
            body.push_str("<a href=\"");
            text::escape_into(body, &s.href);
            body.push_str("\">");
            text::escape_into(body, &s.text);
            body.push_str("</a>");
        }
        if !view.sources.is_empty() {
            body.push_str("</p>");
        }
        body.push_str("<p><small>");
        text::escape_into(body, view.explain);
        body.push_str("</small></p>");
    }
    if let Some(c) = &view.conflict {
        body.push_str("<p><strong>");
        text::escape_into(body, &c.text);
        body.push_str("</strong></p>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;

    fn example() -> Site {
        let mut diags = Diagnostics::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        crate::analyse(root, false, &mut diags).unwrap_or_else(|| panic!("the example: {}", diags.render()))
    }

    /// The year, month and day labels of an entry, as the groups were first made: each entry's
    /// labels compared with the last group's.
    fn labels(d: PartialDate) -> (String, String, String) {
        let year = d.year.to_string();
        let month = match d.month_name() {
            Some(m) => format!("{m} {year}"),
            None => format!("Known only to the year {year}"),
        };
        (year, month, d.iso())
    }

    /// Groups are opened where the previous entry's date differs, exactly where the labels
    /// (compared entry by entry when first written) do.
    #[test]
    fn groups_open_where_the_labels_change() {
        let site = example();
        let page = Page::new(&site, paths::TIMELINE);
        // The months are left whole by this callback.
        let view = page.timeline_view(false, &mut |_, _, _| {});
        let mut got: Vec<(String, String, String)> = Vec::new();
        let mut anchors: Vec<&str> = Vec::new();
        let mut days = 0;
        for y in &view.years {
            for m in &y.months {
                for d in &m.days {
                    days += 1;
                    for e in &d.entries {
                        got.push((y.label.clone(), m.label.clone(), d.date_iso.clone()));
                        anchors.push(e.anchor);
                    }
                }
            }
        }
        let want: Vec<(String, String, String)> = site.timeline.entries.iter().map(|e| labels(e.date)).collect();
        assert_eq!(got, want);
        assert_eq!(anchors, site.timeline.entries.iter().map(|e| e.anchor.as_str()).collect::<Vec<_>>());
        let runs = 1 + want.windows(2).filter(|p| p[0] != p[1]).count();
        assert!(runs > 3);
        assert_eq!(days, runs, "one day group per run of equal labels");
    }

    #[derive(Serialize)]
    struct TjsDate {
        year: i16,
        #[serde(skip_serializing_if = "Option::is_none")]
        month: Option<i8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        day: Option<i8>,
    }

    impl From<PartialDate> for TjsDate {
        fn from(d: PartialDate) -> Self {
            TjsDate { year: d.year, month: d.month, day: d.day }
        }
    }

    #[derive(Serialize)]
    struct TjsText<'a> {
        headline: &'a str,
        text: &'a str,
    }

    #[derive(Serialize)]
    struct TjsEvent<'a> {
        start_date: TjsDate,
        #[serde(skip_serializing_if = "Option::is_none")]
        end_date: Option<TjsDate>,
        display_date: std::borrow::Cow<'a, str>,
        text: TjsText<'a>,
        group: &'static str,
        unique_id: &'a str,
    }

    #[derive(Serialize)]
    struct TjsEventTitle<'a> {
        text: TjsText<'a>,
    }

    /// `timeline.json` as first written, with `serde_json` from the structures above.
    fn json_by_serde(site: &Site, events: &[(&Entry, &EntryView, &str)]) -> String {
        let (headline, subtitle) =
            (text::escape(&site.config.title), site.config.subtitle.as_deref().map(text::escape).unwrap_or_default());
        let title = TjsEventTitle { text: TjsText { headline: &headline, text: &subtitle } };
        let mut json = format!("{{\"title\":{},\"events\":[", serde_json::to_string(&title).expect("serialisable"));
        for (i, (e, view, body_html)) in events.iter().enumerate() {
            let mut body = String::new();
            tjs_body(&mut body, view, body_html);
            let headline = text::escape(&e.title);
            let (start, end) = match (e.span, e.end) {
                (Some((s, en)), _) if s != en => (PartialDate::day(s), Some(PartialDate::day(en))),
                (_, Some(end)) => (e.date, Some(end)),
                _ => (e.date, None),
            };
            let event = TjsEvent {
                start_date: start.into(),
                end_date: end.map(Into::into),
                display_date: view.bar.as_ref().map_or_else(|| e.date.long().into(), |b| b.label.as_str().into()),
                text: TjsText { headline: &headline, text: &body },
                group: match e.kind {
                    EntryKind::Editor { .. } => "Editor's timeline",
                    EntryKind::Extracted { .. } => "Found in the articles",
                    EntryKind::Publication { .. } => "Publications",
                },
                unique_id: &e.anchor,
            };
            json.push_str(if i == 0 { "\n" } else { ",\n" });
            json.push_str(&serde_json::to_string(&event).expect("serialisable"));
        }
        json.push_str(if events.is_empty() { "]}\n" } else { "\n]}\n" });
        json
    }

    /// The events written directly are those `serde_json` wrote: every entry of the example,
    /// and each again with text needing escapes (quotes, backslashes, control characters,
    /// non-ASCII) in its title, anchor and bar, a span of one day and of several, an end, and
    /// dates known to the day, month or year; and no events at all.
    #[test]
    fn events_are_written_as_serde_json_wrote_them() {
        let mut site = example();
        site.config.subtitle = Some("A \"sub\" <title> \\ \u{1}\t".into());
        let page = Page::new(&site, paths::TIMELINE_JSON);
        let nasty = "Tom's \"x\" \\ <b> \u{1}\u{1F}\n\t\r\u{8}\u{C} “é” 日";
        let day = |y, m, d| jiff::civil::Date::new(y, m, d).expect("a day");
        let mut variants: Vec<Entry> = Vec::new();
        for (k, e) in site.timeline.entries.iter().enumerate() {
            variants.push(e.clone());
            let mut v = e.clone();
            v.title = format!("{} {nasty}", v.title);
            v.anchor = format!("{}-{nasty}", v.anchor);
            v.span =
                [None, Some((day(2014, 10, 27), day(2014, 10, 27))), Some((day(2014, 10, 1), day(2015, 2, 3)))][k % 3];
            v.end = [Some(PartialDate { year: 2015, month: None, day: None }), None][k % 2];
            v.date = [
                PartialDate { year: 2014, month: Some(10), day: Some(27) },
                PartialDate { year: 2014, month: Some(1), day: None },
                PartialDate { year: 987, month: None, day: None },
            ][k % 3];
            variants.push(v);
        }
        let mut views: Vec<EntryView> = variants.iter().map(|e| page.entry(e)).collect();
        for (k, view) in views.iter_mut().enumerate().filter(|(k, _)| k % 4 == 1) {
            if let Some(bar) = view.bar.as_mut() {
                bar.label = format!("{} {k} {nasty}", bar.label);
            }
        }
        assert!(views.iter().any(|v| v.bar.is_some()), "bars are written too");
        // The bodies as the writer makes them: again, in order, on a page of their own.
        let body_page = Page::new(&site, paths::TIMELINE_JSON);
        let bodies: Vec<String> =
            variants.iter().map(|e| e.body.map(|b| body_page.doc_html(b)).unwrap_or_default()).collect();
        let events: Vec<(&Entry, &EntryView, &str)> = variants
            .iter()
            .zip(&views)
            .zip(&bodies)
            .map(|((e, v), b)| (e, v, if e.body.is_some() { b.as_str() } else { v.body_html.as_str() }))
            .collect();
        let mut json = TimelineJson::new(&site);
        for (e, view, _) in &events {
            json.push(e, view);
        }
        assert_eq!(json.finish(), json_by_serde(&site, &events));
        assert_eq!(TimelineJson::new(&site).finish(), json_by_serde(&site, &[]));
    }

    /// The event text as first written, with `format!`.
    fn body_reference(view: &EntryView, body_html: &str) -> String {
        let mut body = body_html.to_string();
        for c in &view.claims {
            body.push_str(&format!(
                "<p><a href=\"{}\">{} {}</a>: “{}” <small>({})</small></p>",
                text::escape(&c.href),
                text::escape(c.outlet),
                text::escape(&c.place),
                c.sentence_html,
                text::escape(c.explain)
            ));
        }
        if view.claims.is_empty() {
            let sources: Vec<String> = view
                .sources
                .iter()
                .map(|s| format!("<a href=\"{}\">{}</a>", text::escape(&s.href), text::escape(&s.text)))
                .collect();
            if !sources.is_empty() {
                body.push_str(&format!("<p>Sources: {}</p>", sources.join(", ")));
            }
            body.push_str(&format!("<p><small>{}</small></p>", text::escape(view.explain)));
        }
        if let Some(c) = &view.conflict {
            body.push_str(&format!("<p><strong>{}</strong></p>", text::escape(&c.text)));
        }
        body
    }

    #[test]
    fn event_texts_are_those_first_written() {
        let site = example();
        let page = Page::new(&site, paths::TIMELINE_JSON);
        let mut kinds = std::collections::BTreeSet::new();
        for e in &site.timeline.entries {
            let mut view = page.entry(e);
            kinds.insert((view.kind, view.claims.is_empty(), view.sources.len().min(2)));
            for body_html in ["", "<p>Body & <b>more</b></p>"] {
                let mut body = "left over".to_string();
                body.clear();
                tjs_body(&mut body, &view, body_html);
                assert_eq!(body, body_reference(&view, body_html), "{}", e.anchor);
            }
            view.conflict = Some(crate::render::views::LinkView {
                text: "Date <disputed> & \"so\"".into(),
                href: String::new(),
                title: None,
            });
            let mut body = String::new();
            tjs_body(&mut body, &view, "");
            assert_eq!(body, body_reference(&view, ""), "{}", e.anchor);
        }
        assert!(kinds.len() >= 3, "the example has entries of several shapes: {kinds:?}");
    }
}
