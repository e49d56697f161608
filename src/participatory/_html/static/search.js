// The search page: runs Pagefind's search for ?q=... and lists the pages it finds in
// Pagefind's own order (best match first), each labelled by kind, with an excerpt.
// Every sentence shown comes from the page (data-* attributes), none from this script.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) return;
  var box = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var help = document.getElementById("search-help");
  var root = new URL("../", document.currentScript.src);
  // The home of this page's language (the site's root, or cy/ for Welsh): pages link within it.
  var homeAttr = document.currentScript.getAttribute("data-home");
  var home = homeAttr ? new URL(homeAttr, location.href) : root;
  var pagefind = null;

  function say(key, q, n) {
    status.textContent = (status.getAttribute("data-" + key) || "").replace("{q}", q).replace("{n}", String(n));
  }

  // Pagefind's excerpt is HTML with <mark> around the words found: keep those marks and
  // the text, nothing else (an inert <template> parses it; no script or image runs).
  function excerpt(html) {
    var t = document.createElement("template");
    t.innerHTML = html;
    var p = document.createElement("p");
    t.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var m = document.createElement("mark");
        m.textContent = node.textContent;
        p.appendChild(m);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  // Pagefind's address of a page ("/techniques/photovoice/") as a link from this site's root.
  function href(url) {
    var found = /([^/]+\/[^/]+\/)(index\.html)?$/.exec(url);
    return new URL((found ? found[1] : url.replace(/^\/+/, "")) + "index.html", home).href;
  }

  function show(q, data, total) {
    list.replaceChildren();
    data.forEach(function (d) {
      var li = document.createElement("li");
      var kind = (d.meta && d.meta.kind) || (d.filters && d.filters.kind && d.filters.kind[0]) || "";
      if (kind) {
        var label = document.createElement("span");
        label.className = "kind-label";
        label.textContent = kind;
        li.appendChild(label);
      }
      var a = document.createElement("a");
      a.href = href(d.url);
      a.textContent = (d.meta && d.meta.title) || d.url;
      li.appendChild(a);
      if (d.excerpt) li.appendChild(excerpt(d.excerpt));
      list.appendChild(li);
    });
    if (!total) say("none", q, 0);
    else say(total === 1 ? "one" : "many", q, total);
    help.hidden = data.length > 0;
  }

  function run(q) {
    if (!q) { list.replaceChildren(); status.textContent = ""; help.hidden = true; return; }
    say("searching", q, 0);
    var load = pagefind ? Promise.resolve(pagefind) : import(new URL("pagefind/pagefind.js", root).href);
    load.then(function (module) {
      if (pagefind) return module;
      pagefind = module;
      // Pagefind's ranking, without its preference for short pages: a technique's own page
      // says more than a page that mentions it, and should not rank below it for that.
      return module.options({ ranking: { pageLength: 0 } }).then(function () { return module; });
    }).then(function (module) {
      return module.search(q);
    }).then(function (found) {
      var total = found.results.length;
      return Promise.all(found.results.slice(0, 50).map(function (r) { return r.data(); }))
        .then(function (data) { return [data, total]; });
    }).then(function (got) {
      if (box.value.trim() === q) show(q, got[0], got[1]);
    }).catch(function () { say("offline", q, 0); });
  }

  var q = (new URLSearchParams(window.location.search).get("q") || "").trim();
  box.value = q;
  run(q);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var next = box.value.trim();
    var url = new URL(window.location.href);
    url.searchParams.set("q", next);
    history.replaceState(null, "", url.href);
    run(next);
  });
})();
