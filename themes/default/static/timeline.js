// Timeline outlet filter, enhanced: without JavaScript each outlet link shows only that
// outlet's entries through :target CSS; with it, several outlets can be chosen at once,
// empty days and months are hidden, and a status line counts what is shown.
(function () {
  "use strict";
  var nav = document.querySelector(".tl-filter");
  var body = document.querySelector(".tl-body");
  if (!nav || !body) return;
  var links = Array.prototype.slice.call(nav.querySelectorAll("a[data-outlet]"));
  var all = nav.querySelector("a.f-all");
  var status = document.getElementById("tl-filter-status");
  var chosen = {};
  var entries = Array.prototype.slice.call(body.querySelectorAll(".entry"));

  function apply() {
    var keys = Object.keys(chosen);
    var shown = 0;
    entries.forEach(function (e) {
      var visible = keys.length === 0 || keys.some(function (k) { return e.classList.contains("o-" + k); });
      e.hidden = !visible;
      if (visible) shown += 1;
    });
    ["day", "month", "year"].forEach(function (level) {
      Array.prototype.forEach.call(body.querySelectorAll(".tl-" + level), function (g) {
        g.hidden = !g.querySelector(".entry:not([hidden])");
      });
    });
    links.forEach(function (a) {
      a.setAttribute("aria-pressed", chosen[a.getAttribute("data-outlet")] ? "true" : "false");
    });
    if (all) all.setAttribute("aria-pressed", keys.length === 0 ? "true" : "false");
    if (status) {
      status.textContent = keys.length === 0
        ? "Showing all " + entries.length + " entries."
        : "Showing " + shown + " of " + entries.length + " entries: " +
          links.filter(function (a) { return chosen[a.getAttribute("data-outlet")]; })
            .map(function (a) { return a.textContent; }).join(", ") + ".";
    }
  }

  links.forEach(function (a) {
    a.setAttribute("role", "button");
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      var k = a.getAttribute("data-outlet");
      if (chosen[k]) delete chosen[k]; else chosen[k] = true;
      apply();
    });
  });
  if (all) {
    all.setAttribute("role", "button");
    all.addEventListener("click", function (ev) {
      ev.preventDefault();
      chosen = {};
      apply();
    });
  }
  document.documentElement.classList.add("tl-js");
  // A link to #only-<outlet> (the no-script filter) starts with that outlet chosen.
  var m = /^#only-(.+)$/.exec(window.location.hash);
  if (m) chosen[m[1]] = true;
  apply();
})();
