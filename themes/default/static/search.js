// Offline search over window.DOSSIER_SEARCH, which assets/search-index.js (a classic script)
// defines, so it works from file:// without loading anything. No modules, no network.
(function () {
  "use strict";
  var docs = window.DOSSIER_SEARCH || [];
  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !list || !status) return;
  var kinds = { article: "Article", note: "Note", term: "Glossary", event: "Timeline" };

  function fold(s) {
    return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  var folded = docs.map(function (d) { return { t: fold(d.t), x: fold(d.x) }; });

  function snippet(text, foldedText, word) {
    var i = foldedText.indexOf(word);
    if (i < 0) return text.slice(0, 160);
    var start = Math.max(0, i - 70);
    return (start > 0 ? "…" : "") + text.slice(start, i + word.length + 90) + "…";
  }

  function run() {
    var q = fold(input.value.trim());
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!q) { status.textContent = ""; return; }
    var words = q.split(/\s+/);
    var hits = [];
    for (var i = 0; i < docs.length; i++) {
      var score = 0, ok = true;
      for (var w = 0; w < words.length; w++) {
        var inTitle = folded[i].t.indexOf(words[w]) >= 0;
        var inText = folded[i].x.indexOf(words[w]) >= 0;
        if (!inTitle && !inText) { ok = false; break; }
        score += inTitle ? 3 : 1;
      }
      if (ok) hits.push({ i: i, score: score });
    }
    hits.sort(function (a, b) { return b.score - a.score || a.i - b.i; });
    status.textContent = hits.length + (hits.length === 1 ? " result" : " results") + " for “" + input.value.trim() + "”";
    hits.slice(0, 50).forEach(function (h) {
      var d = docs[h.i];
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = kinds[d.k] || d.k;
      var a = document.createElement("a");
      a.href = d.u;
      a.textContent = d.t;
      var p = document.createElement("p");
      p.textContent = snippet(d.x, folded[h.i].x, words[0]);
      li.appendChild(kind);
      li.appendChild(document.createElement("br"));
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
    });
  }
  input.addEventListener("input", run);
  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { input.value = params.get("q"); }
  run();
})();
