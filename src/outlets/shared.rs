//! Shared copy: passages that two or more articles carry, found by word shingles.
//!
//! Input: the articles (and each article's outlet index). Output: [`SharedCopy`] — the
//! shared passages (sentences grouped across articles, attributed to a wire where one is
//! known) and the independent reporting lines.
//!
//! Method: every sentence becomes a set of hashed 5-word shingles over normalised, stemmed
//! words (`words::SentenceKeys`, made once per sentence with the other passes' keys), so a rewrite that changes inflection ("detailed" → "detailing")
//! still shares shingles. An inverted index (shingle → sentences) yields candidate sentence
//! pairs without comparing every article with every other: only sentences that share a
//! shingle are ever looked at, and shingles found in very many articles (boilerplate) are
//! skipped. A sentence pair is a *strong* match when the shared shingles cover at least half
//! of the shorter sentence (or at least [`LONG_RUN`] shingles are shared); two articles with a
//! strong match are linked, and then weaker matches between linked articles (a shared run of
//! seven words or more) are kept as passages too. Names and topic words alone ("the
//! International Criminal Court", "special rapporteur on human rights in North Korea") never
//! make a strong match.
//!
//! Quoted words are left out: two outlets quoting the same statement share a source, not
//! copy (quotations are compared on the quotes page instead).
//!
//! Invariants: the result depends only on the input order-free data (pairs and groups are
//! sorted); no article is linked to itself.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::words::ArticleKeys;

/// What detection needs of an article.
#[derive(Debug, Clone)]
pub struct ArticleText<'a> {
    pub paragraphs: Vec<&'a str>,
    /// The sentences of each paragraph (`words::paragraph_sentences`), split once for every
    /// pass that compares them.
    pub sentences: Vec<Vec<Range<usize>>>,
    /// The comparison keys of each of those sentences, all paragraphs' in order
    /// (`words::paragraph_keys`).
    pub keys: ArticleKeys,
    /// The wire it names, if any.
    pub wire: Option<&'a str>,
    /// Whether it is the wire agency's own copy (its wording is preferred).
    pub agency: bool,
    /// Its outlet: articles of one outlet are one reporting line.
    pub outlet: usize,
    /// Publication order (earlier wording is preferred after the agency's own).
    pub order: usize,
}

/// Shared shingles that make a strong match whatever the sentence length (14 words in a row).
const LONG_RUN: usize = 10;
/// Shared shingles needed for a strong match by coverage (9 words in a row).
const MIN_STRONG: usize = 5;
/// Shared shingles for a weak match between already-linked articles (7 words in a row).
const MIN_WEAK: usize = 3;
/// Coverage of the shorter sentence needed for a strong match.
const MIN_COVERAGE: f64 = 0.5;

/// A sentence of an article.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SentenceRef {
    pub article: usize,
    /// 0-based paragraph.
    pub paragraph: usize,
    /// Byte range in the paragraph text.
    pub range: Range<usize>,
}

impl SentenceRef {
    fn key(&self) -> (usize, usize, usize, usize) {
        (self.article, self.paragraph, self.range.start, self.range.end)
    }
}

impl Ord for SentenceRef {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

impl PartialOrd for SentenceRef {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// One passage carried by two or more articles.
#[derive(Debug, Clone)]
pub struct Passage {
    /// Every sentence of the passage, in article then paragraph order.
    pub sentences: Vec<SentenceRef>,
    /// The articles carrying it, sorted.
    pub articles: Vec<usize>,
    /// The wording shown: from the wire's own article if there is one, else the earliest.
    pub text: String,
    /// The article `text` comes from.
    pub source: usize,
    /// The wire agency the copy is attributed to, when known.
    pub wire: Option<String>,
}

/// Shared passages and the independent reporting lines they imply.
#[derive(Debug, Clone, Default)]
pub struct SharedCopy {
    pub passages: Vec<Passage>,
    /// Pairs of linked articles (`a < b`), with the number of passages they share.
    pub links: BTreeMap<(usize, usize), usize>,
    /// Reporting lines: groups of articles that share copy or come from the same outlet,
    /// each sorted, ordered by their first article.
    pub lines: Vec<Vec<usize>>,
    /// For each article, its line's index.
    pub line_of: Vec<usize>,
    /// For each article, the passages (indices) it carries.
    pub by_article: Vec<Vec<usize>>,
}

impl SharedCopy {
    /// The passages an article carries.
    pub fn in_article(&self, article: usize) -> impl Iterator<Item = (usize, &Passage)> {
        self.by_article.get(article).into_iter().flatten().map(|&i| (i, &self.passages[i]))
    }
}

struct Sentence<'k> {
    at: SentenceRef,
    /// Distinct shingle hashes.
    shingles: &'k [u64],
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn find(&mut self, x: usize) -> usize {
        let mut r = x;
        while self.0[r] != r {
            r = self.0[r];
        }
        let mut x = x;
        while self.0[x] != r {
            let next = self.0[x];
            self.0[x] = r;
            x = next;
        }
        r
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.0[hi] = lo;
        }
    }
}

/// Finds the passages articles share and the independent reporting lines.
pub fn detect(articles: &[ArticleText<'_>]) -> SharedCopy {
    // Sentences without a shingle share none: they are left out.
    let mut sentences: Vec<Sentence<'_>> = Vec::with_capacity(articles.iter().map(|art| art.keys.len()).sum());
    for (a, art) in articles.iter().enumerate() {
        let at = art.sentences.iter().enumerate().flat_map(|(p, ranges)| ranges.iter().map(move |r| (p, r)));
        for ((p, range), keys) in at.zip(art.keys.iter()) {
            if !keys.shingles.is_empty() {
                let at = SentenceRef { article: a, paragraph: p, range: range.clone() };
                sentences.push(Sentence { at, shingles: keys.shingles });
            }
        }
    }
    // Shingles in very many articles are boilerplate or set phrases, not copy.
    let cap = 50.max(articles.len() / 20);
    // Each sentence's article, side by side: read for every entry of every posting.
    let article_of: Vec<usize> = sentences.iter().map(|s| s.at.article).collect();
    let (index, lengths) = shingle_index(&sentences, |posting| {
        // Postings are in sentence order, so in article order: count the changes.
        let arts = 1 + posting.windows(2).filter(|w| article_of[w[0] as usize] != article_of[w[1] as usize]).count();
        (2..=cap).contains(&arts)
    });
    let mut postings: Vec<&[u32]> = Vec::with_capacity(lengths.len());
    let mut rest = index.as_slice();
    for &n in &lengths {
        let (posting, after) = rest.split_at(n);
        postings.push(posting);
        rest = after;
    }
    let shared = shared_pairs(&postings, &article_of);
    let pair_articles = |(i, j): (u32, u32)| {
        let (a, b) = (sentences[i as usize].at.article, sentences[j as usize].at.article);
        (a.min(b), a.max(b))
    };
    // Strong matches link articles.
    let mut linked: BTreeSet<(usize, usize)> = BTreeSet::new();
    for &((i, j), n) in &shared {
        let shorter = sentences[i as usize].shingles.len().min(sentences[j as usize].shingles.len());
        let coverage = n as f64 / shorter as f64;
        if n >= LONG_RUN || (n >= MIN_STRONG && coverage >= MIN_COVERAGE) {
            linked.insert(pair_articles((i, j)));
        }
    }
    // Matches kept as passages: every strong one, and weak ones between linked articles.
    let kept: Vec<(u32, u32)> = shared
        .iter()
        .filter(|&&(pair, n)| n >= MIN_WEAK && linked.contains(&pair_articles(pair)))
        .map(|&(pair, _)| pair)
        .collect();
    // Group matched sentences into passages.
    let mut uf = UnionFind((0..sentences.len()).collect());
    for &(i, j) in &kept {
        uf.union(i as usize, j as usize);
    }
    let mut groups: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for &(i, j) in &kept {
        let r = uf.find(i as usize);
        groups.entry(r).or_default().extend([i as usize, j as usize]);
    }
    let mut passages: Vec<Passage> = groups
        .into_values()
        .map(|members| {
            let mut refs: Vec<SentenceRef> = members.iter().map(|&s| sentences[s].at.clone()).collect();
            refs.sort();
            let arts: BTreeSet<usize> = refs.iter().map(|r| r.article).collect();
            // The wording of the agency's own copy, else of the earliest article.
            let source = arts
                .iter()
                .copied()
                .min_by_key(|&a| (!articles[a].agency, articles[a].order))
                .unwrap_or(refs[0].article);
            let text: Vec<&str> = refs
                .iter()
                .filter(|r| r.article == source)
                .map(|r| &articles[r.article].paragraphs[r.paragraph][r.range.clone()])
                .collect();
            let wire = wire_of(articles, &arts, source);
            Passage { sentences: refs, articles: arts.into_iter().collect(), text: text.join(" "), source, wire }
        })
        .collect();
    passages.sort_by(|a, b| (&a.articles, &a.sentences).cmp(&(&b.articles, &b.sentences)));
    let mut links: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for p in &passages {
        for (x, &a) in p.articles.iter().enumerate() {
            for &b in &p.articles[x + 1..] {
                *links.entry((a, b)).or_insert(0) += 1;
            }
        }
    }
    let outlet_of: Vec<usize> = articles.iter().map(|a| a.outlet).collect();
    let (lines, line_of) = reporting_lines(articles.len(), &outlet_of, links.keys().copied());
    let mut by_article: Vec<Vec<usize>> = vec![Vec::new(); articles.len()];
    for (i, passage) in passages.iter().enumerate() {
        for &a in &passage.articles {
            if let Some(list) = by_article.get_mut(a)
                && list.last() != Some(&i)
            {
                list.push(i);
            }
        }
    }
    SharedCopy { passages, links, lines, line_of, by_article }
}

/// Calls `f(i, later)` for each entry `i` of each posting with `later` the entries after the
/// run of `i`'s article: the sentences `i` pairs with there (postings are in sentence order, so
/// in article order).
fn each_pairing(postings: &[&[u32]], article_of: &[usize], mut f: impl FnMut(u32, &[u32])) {
    for posting in postings {
        // The end of the current article's run.
        let mut after = 0;
        for (x, &i) in posting.iter().enumerate() {
            if x == after {
                after = x + 1;
                while after < posting.len() && article_of[posting[after] as usize] == article_of[i as usize] {
                    after += 1;
                }
            }
            if after < posting.len() {
                f(i, &posting[after..]);
            }
        }
    }
}

/// Sentences whose pair lists [`shared_pairs`] sorts as one task.
const PAIR_BLOCK: usize = 1024;

/// Every pair of sentences of different articles sharing a shingle of `postings`, as
/// `((i, j), n)` with `i < j` and `n` the number of postings (shingles) holding both, in
/// `(i, j)` order.
///
/// The pairs are dealt by their first sentence: counted, then each posting's later sentences
/// copied as a slice into the lists of the ones before them. Each sentence's list is sorted
/// on its own, so that a pair's repeats are a run: small sorts, in parallel, instead of one
/// sort of every pair (packed in a `u64`, collected from the threads and copied together
/// first), which was most of the time of finding shared copy.
fn shared_pairs(postings: &[&[u32]], article_of: &[usize]) -> Vec<((u32, u32), usize)> {
    use rayon::prelude::*;
    let sentences = article_of.len();
    // Sentence `i`'s second sentences are `seconds[starts[i]..starts[i + 1]]`.
    let mut starts = vec![0usize; sentences + 1];
    each_pairing(postings, article_of, |i, later| starts[i as usize + 1] += later.len());
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut seconds = vec![0u32; starts[sentences]];
    let mut next = starts.clone();
    each_pairing(postings, article_of, |i, later| {
        let at = next[i as usize];
        seconds[at..at + later.len()].copy_from_slice(later);
        next[i as usize] = at + later.len();
    });
    let mut blocks: Vec<(usize, &mut [u32])> = Vec::with_capacity(sentences.div_ceil(PAIR_BLOCK));
    let mut rest = seconds.as_mut_slice();
    for first in (0..sentences).step_by(PAIR_BLOCK) {
        let end = (first + PAIR_BLOCK).min(sentences);
        let (block, after) = std::mem::take(&mut rest).split_at_mut(starts[end] - starts[first]);
        blocks.push((first, block));
        rest = after;
    }
    let per_block: Vec<Vec<((u32, u32), usize)>> = blocks
        .into_par_iter()
        .map(|(first, block)| {
            let mut out = Vec::new();
            for i in first..(first + PAIR_BLOCK).min(sentences) {
                let list = &mut block[starts[i] - starts[first]..starts[i + 1] - starts[first]];
                list.sort_unstable();
                for run in list.chunk_by(|a, b| a == b) {
                    out.push(((i as u32, run[0]), run.len()));
                }
            }
            out
        })
        .collect();
    per_block.concat()
}

/// Bits of a shingle hash that pick its bucket in [`shingle_index`].
const BUCKET_BITS: u32 = 12;

/// The inverted shingle index: the postings (sentences in order) of the shingles that two
/// sentences or more share and `keep` accepts, in shingle hash order, as one list of
/// sentence indices and each posting's length (no allocation per shingle).
///
/// Sorting every (shingle, sentence) entry gives each shingle's posting as a run. Here the
/// entries are first dealt into buckets by the top bits of the hash (one counting-sort pass;
/// the hashes are well mixed), then each bucket is sorted on its own and in parallel: the
/// same order as one sort of all entries, at a fraction of the cost (small sorts stay in
/// cache). Entries are unique (a sentence's shingles are distinct), so the order is total.
fn shingle_index(sentences: &[Sentence<'_>], keep: impl Fn(&[u32]) -> bool + Sync) -> (Vec<u32>, Vec<usize>) {
    use rayon::prelude::*;
    let bucket = |h: u64| (h >> (64 - BUCKET_BITS)) as usize;
    let mut starts = vec![0usize; (1 << BUCKET_BITS) + 1];
    for s in sentences {
        for &h in s.shingles {
            starts[bucket(h) + 1] += 1;
        }
    }
    for b in 1..starts.len() {
        starts[b] += starts[b - 1];
    }
    let total = starts[starts.len() - 1];
    let mut entries: Vec<(u64, u32)> = vec![(0, 0); total];
    let mut next = starts.clone();
    for (i, s) in sentences.iter().enumerate() {
        for &h in s.shingles {
            let at = &mut next[bucket(h)];
            entries[*at] = (h, i as u32);
            *at += 1;
        }
    }
    let mut buckets: Vec<&[(u64, u32)]> = Vec::with_capacity(1 << BUCKET_BITS);
    let mut rest = entries.as_slice();
    for w in starts.windows(2) {
        let (b, after) = rest.split_at(w[1] - w[0]);
        buckets.push(b);
        rest = after;
    }
    let per_bucket: Vec<(Vec<u32>, Vec<usize>)> = buckets
        .into_par_iter()
        .map_init(Vec::new, |sorted, b| {
            sort_bucket(b, sorted);
            let (mut index, mut lengths) = (Vec::new(), Vec::new());
            let mut posting = Vec::new();
            for run in sorted.chunk_by(|x, y| x.0 == y.0).filter(|run| run.len() > 1) {
                posting.clear();
                posting.extend(run.iter().map(|&(_, i)| i));
                if keep(&posting) {
                    index.extend_from_slice(&posting);
                    lengths.push(posting.len());
                }
            }
            (index, lengths)
        })
        .collect();
    let mut index = Vec::with_capacity(per_bucket.iter().map(|b| b.0.len()).sum());
    let mut lengths = Vec::with_capacity(per_bucket.iter().map(|b| b.1.len()).sum());
    for (i, l) in per_bucket {
        index.extend(i);
        lengths.extend(l);
    }
    (index, lengths)
}

/// Bits of a shingle hash, below the bucket's, that [`sort_bucket`] deals a bucket by.
const SUB_BITS: u32 = 8;

/// The entries of one bucket of [`shingle_index`] (hashes with the same top [`BUCKET_BITS`]
/// bits) into `sorted`, in the order `sort_unstable` gives them.
///
/// They are dealt by the next [`SUB_BITS`] bits of the hash (one counting pass: the order of
/// those bits is the order of the hashes, the bits above being the same), then each run is
/// sorted on its own. The hashes are well mixed, so a bucket falls into runs of a few
/// entries: tiny sorts instead of one of the whole bucket, which was most of the index's
/// cost.
fn sort_bucket(bucket: &[(u64, u32)], sorted: &mut Vec<(u64, u32)>) {
    let shift = 64 - BUCKET_BITS - SUB_BITS;
    let sub = |h: u64| ((h >> shift) & ((1 << SUB_BITS) - 1)) as usize;
    let mut starts = [0usize; (1 << SUB_BITS) + 1];
    for &(h, _) in bucket {
        starts[sub(h) + 1] += 1;
    }
    for b in 1..starts.len() {
        starts[b] += starts[b - 1];
    }
    sorted.clear();
    sorted.resize(bucket.len(), (0, 0));
    let mut next = starts;
    for &entry in bucket {
        let at = &mut next[sub(entry.0)];
        sorted[*at] = entry;
        *at += 1;
    }
    for w in starts.windows(2) {
        sorted[w[0]..w[1]].sort_unstable();
    }
}

/// The wire a passage is attributed to: the source article's wire, else the one wire the
/// articles agree on.
fn wire_of(articles: &[ArticleText<'_>], arts: &BTreeSet<usize>, source: usize) -> Option<String> {
    if let Some(w) = articles[source].wire {
        return Some(w.to_string());
    }
    let wires: BTreeSet<&str> = arts.iter().filter_map(|&a| articles[a].wire).collect();
    if wires.len() == 1 { wires.into_iter().next().map(str::to_string) } else { None }
}

/// Articles joined by shared copy or by outlet, as groups.
fn reporting_lines(
    n: usize,
    outlet_of: &[usize],
    links: impl Iterator<Item = (usize, usize)>,
) -> (Vec<Vec<usize>>, Vec<usize>) {
    let mut uf = UnionFind((0..n).collect());
    let mut first_of_outlet: BTreeMap<usize, usize> = BTreeMap::new();
    for a in 0..n {
        let o = outlet_of.get(a).copied().unwrap_or(a);
        match first_of_outlet.get(&o) {
            Some(&f) => uf.union(f, a),
            None => {
                first_of_outlet.insert(o, a);
            }
        }
    }
    for (a, b) in links {
        uf.union(a, b);
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for a in 0..n {
        let r = uf.find(a);
        groups.entry(r).or_default().push(a);
    }
    let lines: Vec<Vec<usize>> = groups.into_values().collect();
    let mut line_of = vec![0; n];
    for (l, line) in lines.iter().enumerate() {
        for &a in line {
            line_of[a] = l;
        }
    }
    (lines, line_of)
}

#[cfg(test)]
mod tests {
    use super::super::words;
    use super::*;

    fn text<'a>(outlet: usize, wire: Option<&'a str>, paragraphs: &[&'a str]) -> ArticleText<'a> {
        let sentences = words::paragraph_sentences(paragraphs);
        ArticleText {
            paragraphs: paragraphs.to_vec(),
            keys: words::paragraph_keys(paragraphs, &sentences),
            sentences,
            wire,
            agency: false,
            outlet,
            order: outlet,
        }
    }

    /// The article pairs linked by shared copy.
    fn check(articles: &[ArticleText<'_>], expected: &[(usize, usize)]) {
        let s = detect(articles);
        assert_eq!(s.links.keys().copied().collect::<Vec<_>>(), expected);
    }

    const WIRE: &str = "It was the first meeting in 10 years and followed the release in March of a UN inquiry that laid bare the brutality of the Pyongyang regime. The UN inquiry detailed a vast network of prison camps and documented cases of torture, enslavement and rape, among other violations.";
    const REWORDED: &str = "Released in February, the UN inquiry laid bare the brutality of the Pyongyang regime, detailing a vast network of prison camps and documenting cases of torture, enslavement and rape among other violations.";
    const TOPICAL: &str = "The UN inquiry concluded that North Korea committed crimes against humanity in its prison camps, and the special rapporteur on human rights in North Korea asked for a referral to the International Criminal Court.";
    const TOPICAL2: &str = "The special rapporteur on human rights in North Korea met diplomats about the International Criminal Court referral and the prison camps the UN inquiry described.";

    #[test]
    fn bucketed_index_equals_one_sort_of_all_entries() {
        // Hashes spread over the buckets, some sharing a bucket, some shared by sentences.
        let mut h: u64 = 1;
        let mut step = || {
            h = h.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            h
        };
        let pool: Vec<u64> = (0..300).map(|i| if i % 7 == 0 { i } else { step() }).collect();
        let shingles: Vec<Vec<u64>> = (0..200)
            .map(|s| {
                let mut v: Vec<u64> = (0..(s % 13)).map(|k| pool[(s * 31 + k * 17) % pool.len()]).collect();
                v.sort_unstable();
                v.dedup();
                v
            })
            .collect();
        let sentences: Vec<Sentence<'_>> = shingles
            .iter()
            .enumerate()
            .map(|(i, sh)| Sentence { at: SentenceRef { article: i, paragraph: 0, range: 0..1 }, shingles: sh })
            .collect();
        let mut entries: Vec<(u64, u32)> =
            shingles.iter().enumerate().flat_map(|(i, sh)| sh.iter().map(move |&h| (h, i as u32))).collect();
        entries.sort_unstable();
        let keep = |posting: &[u32]| posting.len() != 3;
        let (mut index, mut lengths) = (Vec::new(), Vec::new());
        for run in entries.chunk_by(|a, b| a.0 == b.0) {
            let posting: Vec<u32> = run.iter().map(|e| e.1).collect();
            if posting.len() > 1 && keep(&posting) {
                index.extend(&posting);
                lengths.push(posting.len());
            }
        }
        assert!(lengths.len() > 10, "{lengths:?}");
        assert_eq!(shingle_index(&sentences, keep), (index, lengths));
    }

    /// [`shared_pairs`] the long way: every pair of every posting, packed, sorted, counted.
    fn shared_pairs_reference(postings: &[&[u32]], article_of: &[usize]) -> Vec<((u32, u32), usize)> {
        let mut pairs: Vec<u64> = Vec::new();
        for posting in postings {
            for (x, &i) in posting.iter().enumerate() {
                for &j in &posting[x + 1..] {
                    if article_of[i as usize] != article_of[j as usize] {
                        pairs.push((u64::from(i.min(j)) << 32) | u64::from(i.max(j)));
                    }
                }
            }
        }
        pairs.sort_unstable();
        pairs.chunk_by(|a, b| a == b).map(|run| (((run[0] >> 32) as u32, run[0] as u32), run.len())).collect()
    }

    #[test]
    fn shared_pairs_are_every_pair_counted() {
        let mut below = crate::test_rng::below(41);
        for sentences in [0, 1, 2, 5, 40, PAIR_BLOCK - 1, PAIR_BLOCK, 3 * PAIR_BLOCK + 7] {
            // Sentences in article order, a few to an article; postings of sentences in order,
            // often of one article only, some repeated.
            let mut article_of = Vec::with_capacity(sentences);
            let mut article = 0;
            for _ in 0..sentences {
                article += usize::from(below(3) == 0);
                article_of.push(article);
            }
            let lists: Vec<Vec<u32>> = (0..sentences / 2 + 3)
                .map(|_| {
                    let from = below(sentences.max(1));
                    let mut list: Vec<u32> =
                        (0..below(12)).map(|_| (from + below(30)).min(sentences.max(1) - 1) as u32).collect();
                    list.sort_unstable();
                    list.dedup();
                    if sentences == 0 { Vec::new() } else { list }
                })
                .collect();
            let mut postings: Vec<&[u32]> = lists.iter().map(Vec::as_slice).collect();
            postings.extend(lists.iter().take(5).map(Vec::as_slice));
            let expected = shared_pairs_reference(&postings, &article_of);
            assert!(sentences < 40 || expected.len() > 20, "{sentences} {}", expected.len());
            assert_eq!(shared_pairs(&postings, &article_of), expected, "{sentences}");
        }
    }

    #[test]
    fn bucket_sort_is_a_sort() {
        let mut h: u64 = 5;
        let mut step = || {
            h = h.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            h
        };
        let top = |h: u64| h >> (64 - BUCKET_BITS);
        for len in [0, 1, 2, 3, 10, 100, 300, 1000, 5000] {
            for sub_spread in [0u32, 1, 4, 8, 20] {
                // Entries of one bucket: the top bits fixed, the next ones spread over
                // `sub_spread` bits, repeated hashes and sentences in no order.
                let bucket_top = step() >> (64 - BUCKET_BITS);
                let pool: Vec<u64> = (0..len / 3 + 1)
                    .map(|_| {
                        let low = step() >> (BUCKET_BITS + SUB_BITS);
                        let mid = (step() >> 40) & ((1u64 << sub_spread) - 1) & ((1 << SUB_BITS) - 1);
                        (bucket_top << (64 - BUCKET_BITS)) | (mid << (64 - BUCKET_BITS - SUB_BITS)) | low
                    })
                    .collect();
                let entries: Vec<(u64, u32)> =
                    (0..len).map(|i| (pool[step() as usize % pool.len()], (step() % 50) as u32 + i as u32)).collect();
                assert!(entries.iter().all(|e| top(e.0) == bucket_top));
                let mut expected = entries.clone();
                expected.sort_unstable();
                let mut sorted = vec![(7, 7)];
                sort_bucket(&entries, &mut sorted);
                assert_eq!(sorted, expected, "{len} {sub_spread}");
            }
        }
    }

    #[test]
    fn reworded_near_copy_is_linked() {
        check(&[text(0, Some("AFP"), &[WIRE]), text(1, None, &["Other words here.", REWORDED])], &[(0, 1)]);
        let s = detect(&[text(0, Some("AFP"), &[WIRE]), text(1, None, &[REWORDED])]);
        assert_eq!(s.passages.len(), 1);
        assert_eq!(s.passages[0].wire.as_deref(), Some("AFP"));
        // Both wire sentences are part of the passage.
        assert_eq!(s.passages[0].sentences.len(), 3);
        assert_eq!(s.lines.len(), 1);
    }

    #[test]
    fn topical_overlap_is_not_linked() {
        check(&[text(0, None, &[TOPICAL]), text(1, None, &[TOPICAL2]), text(2, None, &[WIRE])], &[]);
        assert_eq!(detect(&[text(0, None, &[TOPICAL]), text(1, None, &[TOPICAL2])]).lines.len(), 2);
    }

    #[test]
    fn shared_quotations_are_not_copy() {
        let q = "“We are at the beginning of a long process that will take many months of patient work,” he said.";
        check(&[text(0, None, &[q]), text(1, None, &[q])], &[]);
    }

    #[test]
    fn same_outlet_is_one_line() {
        let s = detect(&[text(0, None, &[TOPICAL]), text(0, None, &[TOPICAL2]), text(1, None, &[WIRE])]);
        assert_eq!(s.lines, vec![vec![0, 1], vec![2]]);
        assert_eq!(s.line_of, vec![0, 0, 1]);
    }

    #[test]
    fn agency_wording_is_shown() {
        let mut a = text(0, None, &[REWORDED]);
        a.order = 0;
        let mut b = text(1, Some("AFP"), &[WIRE]);
        b.agency = true;
        let s = detect(&[a, b]);
        assert_eq!(s.passages[0].source, 1);
        assert!(s.passages[0].text.starts_with("It was the first meeting"), "{}", s.passages[0].text);
    }
}
