// Share your experience: shows the person their story as plain text, and builds the case
// record (TOML) for the site's maintainers. Nothing is sent by this page: the person sends
// it (an email the page fills in, or a web page). The checks are the catalogue's own rules
// (data-rules, written by the site build from the catalogue's declarations); every
// sentence shown comes from the page (data-* attributes), none from this script.
(function () {
  "use strict";
  var form = document.getElementById("case-form");
  if (!form) return;
  form.hidden = false;
  var rules = JSON.parse(form.getAttribute("data-rules"));
  var bad = new RegExp(rules.bad, "gu");
  var slugRule = new RegExp(rules.slug);
  var errors = document.getElementById("form-errors");
  var output = document.getElementById("case-output");
  var story = document.getElementById("case-text");
  var area = document.getElementById("case-toml");
  var download = document.getElementById("download-toml");
  var sendLink = document.getElementById("send-link");
  var copyStatus = document.getElementById("copy-status");
  var filter = document.getElementById("c-technique-filter");
  var count = document.getElementById("c-technique-count");
  var choices = Array.prototype.slice.call(document.querySelectorAll("#c-technique-list > div"));

  function say(el, key, values) {
    var text = el.getAttribute("data-" + key) || "";
    Object.keys(values || {}).forEach(function (k) { text = text.replace("{" + k + "}", String(values[k])); });
    return text;
  }

  // Text as the catalogue accepts it: no control characters (but tab and newline), no
  // lone surrogates or non-characters; Windows line ends become newlines.
  function clean(s) {
    s = String(s).replace(/\r\n?/g, "\n");
    if (s.toWellFormed) s = s.toWellFormed();
    return s.replace(bad, "").trim();
  }
  function value(name) { return clean(form.elements[name].value || ""); }
  function line(name) { return value(name).replace(/\s+/g, " "); }
  function ticked(name) {
    return Array.prototype.slice.call(form.querySelectorAll("input[name='" + name + "']:checked"));
  }
  function lines(name) { return value(name).split("\n").map(function (s) { return s.trim(); }).filter(Boolean); }
  // A JSON string is a TOML basic string once the characters TOML forbids are gone (clean).
  function str(s) { return JSON.stringify(s); }
  function list(values) { return "[" + values.map(str).join(", ") + "]"; }
  function slug(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/['\u2018\u2019`]/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60)
      .replace(/-+$/, "");
  }
  function year() {
    var y = value("year");
    if (!y) return null;
    if (!/^[0-9]{4}$/.test(y)) return NaN;
    var n = Number(y);
    return n >= rules.min_year && n <= rules.max_year && y.charAt(0) !== "0" ? n : NaN;
  }
  function webAddress(u) {
    if (!u || /\s/.test(u)) return false;
    try {
      var parts = new URL(u);
      return (parts.protocol === "https:" || parts.protocol === "http:") && parts.hostname.indexOf(".") > 0
        && u.toLowerCase().indexOf(parts.protocol + "//") === 0;
    } catch (e) { return false; }
  }

  // The technique picker: type to narrow the list.
  function narrow() {
    var q = filter.value.trim().toLowerCase();
    var shown = 0;
    choices.forEach(function (div) {
      var input = div.querySelector("input");
      var ok = !q || input.getAttribute("data-label").toLowerCase().indexOf(q) >= 0 || input.checked;
      div.hidden = !ok;
      if (ok) shown += 1;
    });
    count.textContent = say(count, !q ? "all" : shown ? "some" : "none", { n: shown });
  }
  filter.addEventListener("input", narrow);
  filter.addEventListener("keydown", function (e) { if (e.key === "Enter") e.preventDefault(); });
  narrow();

  function check() {
    var problems = [];
    function need(id, message) { problems.push([id, message]); }
    var name = document.getElementById("c-name");
    if (!line("name")) need("c-name", say(name, "empty"));
    else if (!slugRule.test(slug(line("name")))) need("c-name", say(name, "no-id"));
    if (!value("summary")) need("c-summary", say(document.getElementById("c-summary"), "empty"));
    if (!ticked("techniques").length && !line("other")) {
      need("c-technique-filter", say(document.getElementById("c-techniques"), "empty"));
    }
    if (Number.isNaN(year())) {
      need("c-year", say(document.getElementById("c-year"), "wrong", { min: rules.min_year, max: rules.max_year }));
    }
    var title = line("source_title"), url = line("source_url");
    if (url && !webAddress(url)) need("c-source-url", say(document.getElementById("c-source-url"), "wrong"));
    else if (url && !title) need("c-source-title", say(document.getElementById("c-source-title"), "empty"));
    return problems;
  }

  function summary() {
    var text = value("summary");
    if (line("other")) text += "\n\n" + say(story, "other") + ": " + line("other");
    return text;
  }

  function toml() {
    var out = ["[[case]]", "id = " + str(slug(line("name"))), "name = " + str(line("name"))];
    if (line("organisation")) out.push("organisation = " + str(line("organisation")));
    if (year() !== null) out.push("year = " + year());
    out.push("summary = " + str(summary()));
    out.push("techniques = " + list(ticked("techniques").map(function (el) { return el.value; })));
    out.push("stages = " + list(ticked("stages").map(function (el) { return el.value; })));
    out.push("stakeholders = " + list(ticked("stakeholders").map(function (el) { return el.value; })));
    out.push("outcomes = " + list(lines("outcomes")));
    out.push("lessons = " + list(lines("lessons")));
    if (line("source_url")) {
      out.push("sources = [");
      out.push("  { title = " + str(line("source_title")) + ", url = " + str(line("source_url")) + " },");
      out.push("]");
    }
    return out.join("\n") + "\n";
  }

  // The story as the person wrote it, each answer under the question's own words.
  function plain() {
    var out = [];
    function add(label, text) { if (text) out.push(label + ":\n" + text + "\n"); }
    function labelOf(id) { return document.querySelector("label[for='" + id + "']").textContent.replace(/\s*\(required[^)]*\)/, ""); }
    add(labelOf("c-name"), line("name"));
    add(labelOf("c-organisation"), line("organisation"));
    add(labelOf("c-year"), year() !== null ? String(year()) : "");
    add(labelOf("c-summary"), value("summary"));
    function names(n) { return ticked(n).map(function (el) { return el.getAttribute("data-label"); }).join(", "); }
    add(say(story, "techniques"), names("techniques"));
    add(say(story, "other"), line("other"));
    add(say(story, "stages"), names("stages"));
    add(say(story, "stakeholders"), names("stakeholders"));
    add(labelOf("c-outcomes"), lines("outcomes").join("\n"));
    add(labelOf("c-lessons"), lines("lessons").join("\n"));
    add(say(story, "page"), [line("source_title"), line("source_url")].filter(Boolean).join("\n"));
    return out.join("\n");
  }

  function sendHref(text, record) {
    var to = form.getAttribute("data-send-to");
    var subject = say(form, "subject", { name: line("name") });
    var body = text + "\n----\n" + record;
    if (form.getAttribute("data-send-kind") === "mail") {
      return "mailto:" + to + "?subject=" + encodeURIComponent(subject) + "&body=" + encodeURIComponent(body);
    }
    var url = new URL(to);
    if (/\/issues\/new\/?$/.test(url.pathname)) {  // an issue form: fill its title and text
      url.searchParams.set("title", subject);
      url.searchParams.set("body", text + "\n```toml\n" + record + "```\n");
    }
    return url.href;
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    var problems = check();
    var found = errors.querySelector("ul");
    found.replaceChildren();
    if (problems.length) {
      problems.forEach(function (p) {
        var field = document.getElementById(p[0]);
        if (field) field.setAttribute("aria-invalid", "true");
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = "#" + p[0];
        a.textContent = p[1];
        li.appendChild(a);
        found.appendChild(li);
      });
      errors.hidden = false;
      output.hidden = true;
      errors.focus();
      return;
    }
    errors.hidden = true;
    var record = toml();
    var text = plain();
    story.textContent = text;
    area.value = record;
    download.href = URL.createObjectURL(new Blob([record], { type: "application/toml" }));
    download.download = slug(line("name")) + ".toml";
    sendLink.href = sendHref(text, record);
    output.hidden = false;
    document.getElementById("output-heading").focus();
  });

  document.getElementById("copy-story").addEventListener("click", function () {
    var text = story.textContent + "\n----\n" + area.value;
    var failed = function () { copyStatus.textContent = say(copyStatus, "failed"); };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(text).then(function () { copyStatus.textContent = say(copyStatus, "done"); }, failed);
    } else failed();
  });
})();
