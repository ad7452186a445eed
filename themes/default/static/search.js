// Offline search over window.DOSSIER_SEARCH, which assets/search-index.js (a classic script)
// defines, so it works from file:// without loading anything over the network. No modules.
// Pages work without JavaScript; with it, a search box appears in the masthead, and
// search.html gets a full results page. The index is loaded only when a search starts.
(function () {
  "use strict";
  var kinds = { article: "Article", note: "Note", term: "Glossary", event: "Timeline", quote: "Quote" };
  var slot = document.querySelector(".site-search");
  var root = slot ? slot.getAttribute("data-root") || "" : "";
  var loading = null;
  var folded = null;

  function fold(s) {
    return String(s).toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  // Loads the index with a classic <script> element (works under file://), once.
  function withIndex(done) {
    if (window.DOSSIER_SEARCH) { prepare(); done(); return; }
    if (!loading) {
      loading = [];
      var s = document.createElement("script");
      s.src = root + "assets/search-index.js";
      s.onload = function () { prepare(); loading.forEach(function (f) { f(); }); };
      document.head.appendChild(s);
    }
    loading.push(done);
  }

  function prepare() {
    if (folded) return;
    // `x` is the snippet shown; `w` holds the document's other words, already folded.
    folded = (window.DOSSIER_SEARCH || []).map(function (d) { return { t: fold(d.t), s: fold(d.x), x: fold(d.x) + " " + (d.w || "") }; });
  }

  function snippet(text, foldedText, word) {
    var i = foldedText.indexOf(word);
    if (i < 0 || text.length <= 160) return text;
    var start = Math.max(0, i - 70);
    return (start > 0 ? "…" : "") + text.slice(start, i + word.length + 90) + "…";
  }

  function search(query) {
    var docs = window.DOSSIER_SEARCH || [];
    var words = fold(query.trim()).split(/\s+/).filter(Boolean);
    if (!words.length) return [];
    var hits = [];
    for (var i = 0; i < docs.length; i++) {
      var score = 0, ok = true;
      for (var w = 0; w < words.length; w++) {
        var inTitle = folded[i].t.indexOf(words[w]) >= 0;
        if (!inTitle && folded[i].x.indexOf(words[w]) < 0) { ok = false; break; }
        score += inTitle ? 3 : 1;
      }
      if (ok) hits.push({ i: i, score: score });
    }
    hits.sort(function (a, b) { return b.score - a.score || a.i - b.i; });
    return hits.map(function (h) {
      var d = docs[h.i];
      return { kind: kinds[d.k] || d.k, title: d.t, href: root + d.u, text: snippet(d.x, folded[h.i].s, words[0]) };
    });
  }

  function render(list, results, limit) {
    while (list.firstChild) list.removeChild(list.firstChild);
    results.slice(0, limit).forEach(function (r) {
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = r.kind;
      var a = document.createElement("a");
      a.href = r.href;
      a.textContent = r.title;
      var p = document.createElement("p");
      p.textContent = r.text;
      li.appendChild(kind);
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
    });
  }

  // The masthead box on every page.
  if (slot) {
    slot.innerHTML = '<form role="search" class="search-box"><label class="visually-hidden" for="site-q">Search the dossier</label>' +
      '<input id="site-q" type="search" placeholder="Search…" autocomplete="off"></form>' +
      '<div class="search-popup" hidden><p class="search-count" aria-live="polite"></p><ol class="search-results"></ol></div>';
    slot.hidden = false;
    var input = slot.querySelector("input");
    var popup = slot.querySelector(".search-popup");
    var count = slot.querySelector(".search-count");
    var list = slot.querySelector("ol");
    var form = slot.querySelector("form");
    var run = function () {
      var q = input.value;
      if (!q.trim()) { popup.hidden = true; return; }
      withIndex(function () {
        var results = search(q);
        count.textContent = results.length + (results.length === 1 ? " result" : " results");
        render(list, results, 8);
        popup.hidden = false;
      });
    };
    input.addEventListener("input", run);
    input.addEventListener("focus", function () { withIndex(function () {}); });
    input.addEventListener("keydown", function (e) { if (e.key === "Escape") { popup.hidden = true; } });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      window.location.href = root + "search.html?q=" + encodeURIComponent(input.value);
    });
  }

  // The full results page.
  var pageInput = document.getElementById("q");
  var pageList = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (pageInput && pageList && status) {
    var runPage = function () {
      var q = pageInput.value;
      if (!q.trim()) { status.textContent = ""; render(pageList, [], 0); return; }
      withIndex(function () {
        var results = search(q);
        status.textContent = results.length + (results.length === 1 ? " result" : " results") + " for “" + q.trim() + "”";
        render(pageList, results, 100);
      });
    };
    pageInput.addEventListener("input", runPage);
    var params = new URLSearchParams(window.location.search);
    if (params.get("q")) { pageInput.value = params.get("q"); }
    runPage();
  }
})();
