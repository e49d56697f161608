// The technique finder: combines the filters on one page and runs Pagefind's search.
// Without JavaScript the page lists every technique and links to one page per filter value.
(function () {
  "use strict";
  var form = document.getElementById("finder");
  if (!form) return;
  form.hidden = false;
  var items = Array.prototype.slice.call(document.querySelectorAll("#techniques > li"));
  var status = document.getElementById("finder-status");
  var box = document.getElementById("finder-search");
  var other = document.getElementById("search-other");
  var matches = null;
  var pagefind = null;
  var timer = null;
  // Filters where a technique must have every value ticked (formats), not just one.
  var every = {};
  form.querySelectorAll("fieldset[data-how=all] input").forEach(function (el) { every[el.name] = true; });

  function chosen() {
    var picked = {};
    form.querySelectorAll("input:checked").forEach(function (el) {
      if (!el.value) return;
      (picked[el.name] = picked[el.name] || []).push(el.value);
    });
    return picked;
  }

  function apply() {
    var picked = chosen();
    var names = Object.keys(picked);
    var shown = 0;
    items.forEach(function (li) {
      var ok = names.every(function (name) {
        var have = (li.getAttribute("data-" + name) || "").split(" ");
        var has = function (v) { return have.indexOf(v) >= 0; };
        return every[name] ? picked[name].every(has) : picked[name].some(has);
      });
      if (ok && matches) ok = matches.has(li.getAttribute("data-path"));
      li.hidden = !ok;
      if (ok) shown += 1;
    });
    var text = shown === 1 ? "1 technique matches" : shown + " techniques match";
    if (!names.length && !matches) text = items.length + " techniques.";
    else text += " your choices.";
    status.textContent = text;
  }

  function pagePath(url) {
    var found = /([^/]+\/[^/]+\/)(index\.html)?$/.exec(url);
    return found ? found[1] : url;
  }

  function showOther(results) {
    var list = other.querySelector("ul");
    list.replaceChildren();
    results.forEach(function (r) {
      var path = pagePath(r.url);
      if (path.indexOf("techniques/") === 0) return;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "../" + path + "index.html";
      a.textContent = (r.meta && r.meta.title) || path;
      li.appendChild(a);
      list.appendChild(li);
    });
    other.hidden = !list.children.length;
  }

  function search() {
    var q = box.value.trim();
    if (!q) {
      matches = null;
      showOther([]);
      apply();
      return;
    }
    var load = pagefind ? Promise.resolve(pagefind) : import(new URL("../pagefind/pagefind.js", document.baseURI).href);
    load.then(function (module) {
      pagefind = module;
      var filters = {};
      var picked = chosen();
      Object.keys(picked).forEach(function (name) {
        filters[name] = every[name] ? { all: picked[name] } : { any: picked[name] };
      });
      return module.search(q, { filters: filters });
    }).then(function (found) {
      if (box.value.trim() !== q) return;
      return Promise.all(found.results.slice(0, 200).map(function (r) { return r.data(); }));
    }).then(function (data) {
      if (!data) return;
      matches = new Set(data.map(function (d) { return pagePath(d.url); }));
      showOther(data);
      apply();
    }).catch(function () {
      status.textContent = "Search works only when the site is opened from a web server.";
    });
  }

  form.addEventListener("change", function (e) {
    if (e.target === box) return;
    if (box.value.trim()) search(); else apply();
  });
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); search(); });
  form.addEventListener("reset", function () { setTimeout(function () { matches = null; showOther([]); apply(); }, 0); });
})();
