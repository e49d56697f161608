// A finder (techniques, opportunities, people to work with): combines the filters on one
// page, keeps them in the page's address (so a link opens the same list), shows them as
// removable chips, and, where the page has a words box, runs Pagefind's search for words.
// The list is the element named by the form's data-list (default: techniques); its items
// carry the values they are listed under as data-* attributes. Without JavaScript the page
// lists everything. Every sentence shown comes from the page (data-* attributes).
(function () {
  "use strict";
  var form = document.getElementById("finder");
  if (!form) return;
  form.hidden = false;
  var root = new URL("../", document.currentScript.src);
  // The home of this page's language (the site's root, or cy/ for Welsh): pages link within it.
  var homeAttr = document.currentScript.getAttribute("data-home");
  var home = homeAttr ? new URL(homeAttr, location.href) : root;
  var listId = form.getAttribute("data-list") || "techniques";
  var items = Array.prototype.slice.call(document.querySelectorAll("#" + listId + " > li"));
  var status = document.getElementById("finder-status");
  var box = document.getElementById("finder-search");
  var other = document.getElementById("search-other");
  var toggle = document.getElementById("filters-toggle");
  var showButton = document.getElementById("show-results");
  var chips = document.getElementById("chosen");
  var heading = document.getElementById("list-heading");
  var matches = null;
  var pagefind = null;
  var timer = null;
  // Filters where a technique must have every value ticked (formats), not just one.
  var every = {};
  form.querySelectorAll("fieldset[data-how=all] input").forEach(function (el) { every[el.name] = true; });

  function text(el, key, n) {
    return (el.getAttribute("data-" + key) || "").replace("{n}", String(n));
  }

  // On a small screen the filters fold away behind a button, to reach the list quickly.
  toggle.hidden = false;
  function fold(open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    form.classList.toggle("open", open);
  }
  toggle.addEventListener("click", function () { fold(toggle.getAttribute("aria-expanded") !== "true"); });
  showButton.addEventListener("click", function () {
    fold(false);
    status.scrollIntoView();
    heading.focus({ preventScroll: true });
  });

  function chosen() {
    var picked = {};
    form.querySelectorAll("input:checked").forEach(function (el) {
      if (!el.value) return;
      (picked[el.name] = picked[el.name] || []).push(el.value);
    });
    return picked;
  }

  // The choices as the page's address: ?stage=design&stage=analysis&level=involve&q=...
  function saveAddress() {
    var params = new URLSearchParams();
    form.querySelectorAll("input:checked").forEach(function (el) { if (el.value) params.append(el.name, el.value); });
    if (box && box.value.trim()) params.set("q", box.value.trim());
    var query = params.toString();
    history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  }

  function loadAddress() {
    var params = new URLSearchParams(window.location.search);
    params.forEach(function (value, name) {
      if (name === "q") { if (box) box.value = value; return; }
      var el = document.getElementById("f-" + name + "-" + value);
      if (el && el.name === name) el.checked = true;
    });
  }

  function showChips() {
    var list = chips.querySelector("ul");
    var remove = list.getAttribute("data-remove");
    list.replaceChildren();
    form.querySelectorAll("input:checked").forEach(function (el) {
      if (!el.value) return;
      var li = document.createElement("li");
      var b = document.createElement("button");
      b.type = "button";
      b.className = "chip";
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = remove + ": ";
      b.appendChild(hidden);
      b.appendChild(document.createTextNode(el.getAttribute("data-label") + " "));
      var x = document.createElement("span");
      x.setAttribute("aria-hidden", "true");
      x.textContent = "×";
      b.appendChild(x);
      b.addEventListener("click", function () {
        if (el.type === "radio") document.getElementById("f-" + el.name + "-any").checked = true;
        else el.checked = false;
        changed();
        var next = chips.querySelector("button");
        (next || heading).focus();
      });
      li.appendChild(b);
      list.appendChild(li);
    });
    chips.hidden = !list.children.length;
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
    var key = !names.length && !matches ? "all" : shown === 1 ? "one" : "many";
    status.textContent = text(status, key, shown);
    showButton.textContent = text(showButton, shown === 1 ? "one" : "many", shown);
    showChips();
  }

  function pagePath(url) {
    var found = /([^/]+\/[^/]+\/)(index\.html)?$/.exec(url);
    return found ? found[1] : url;
  }

  function showOther(results) {
    if (!other) return;
    var list = other.querySelector("ul");
    list.replaceChildren();
    results.forEach(function (r) {
      var path = pagePath(r.url);
      if (path.indexOf(listId + "/") === 0) return;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = new URL(path + "index.html", home).href;
      a.textContent = (r.meta && r.meta.title) || path;
      li.appendChild(a);
      list.appendChild(li);
    });
    other.hidden = !list.children.length;
  }

  function search() {
    var q = box ? box.value.trim() : "";
    if (!q) {
      matches = null;
      showOther([]);
      apply();
      return;
    }
    var load = pagefind ? Promise.resolve(pagefind) : import(new URL("pagefind/pagefind.js", root).href);
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
      status.textContent = text(status, "offline", 0);
    });
  }

  function changed() {
    saveAddress();
    search();
  }

  form.addEventListener("change", function (e) { if (!box || e.target !== box) changed(); });
  if (box) box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { saveAddress(); search(); }, 250);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); saveAddress(); search(); });
  form.addEventListener("reset", function () {
    setTimeout(function () { matches = null; showOther([]); saveAddress(); apply(); }, 0);
  });
  loadAddress();
  search();
})();
