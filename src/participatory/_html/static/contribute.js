// The forms that propose a record (share your experience, tell us about an opportunity, ask
// a question): each shows the person what they wrote as plain text, and builds the record
// (TOML) for the site's maintainers. The case story's form has its own rules below; the
// others describe their fields in the page (data-field: the record's field, dotted for a
// part of one such as commitment.hours; data-type: line, text, lines, ids, id, yes-no,
// number, integer, date, contact), so one script builds every kind of record. Nothing is sent by this page: the person sends
// it (an email the page fills in, or a web page). The checks are the catalogue's own rules
// (data-rules, written by the site build from the catalogue's declarations); every
// sentence shown comes from the page (data-* attributes), none from this script.
(function () {
  "use strict";
  var form = document.getElementById("case-form") || document.querySelector("form[data-record]");
  if (!form) return;
  var kind = form.getAttribute("data-record") || "case";
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
  if (filter) {
    filter.addEventListener("input", narrow);
    filter.addEventListener("keydown", function (e) { if (e.key === "Enter") e.preventDefault(); });
    narrow();
  }

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

  // ---- Forms that describe their fields (data-field, data-type).
  var mailRule = /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
  function described() { return Array.prototype.slice.call(form.querySelectorAll("[data-field]")); }
  function typeOf(el) { return el.getAttribute("data-type") || "line"; }
  function picked(el) { return Array.prototype.slice.call(el.querySelectorAll("input:checked")); }
  function answer(el) {
    var type = typeOf(el);
    if (type === "ids") return picked(el).map(function (i) { return i.value; });
    if (type === "id" || type === "yes-no") return picked(el).map(function (i) { return i.value; }).join("");
    var v = clean(el.value || "");
    if (type === "text") return v;
    if (type === "lines") return v.split("\n").map(function (x) { return x.trim(); }).filter(Boolean);
    return v.replace(/\s+/g, " ");
  }
  function blank(v) { return Array.isArray(v) ? !v.length : !v; }
  function isDate(v) {
    if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(v)) return false;
    var d = new Date(v + "T00:00:00Z");
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }
  function today() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  // The answer as a TOML value, or undefined when it is not what the field takes.
  function tomlOf(el, v) {
    var type = typeOf(el);
    if (type === "ids" || type === "lines") return list(v);
    if (type === "yes-no") return v === "yes" ? "true" : v === "no" ? "false" : undefined;
    if (type === "number") return /^[0-9]{1,6}(\.[0-9]{1,2})?$/.test(v) ? String(Number(v)) : undefined;
    if (type === "integer") return /^[0-9]{1,4}$/.test(v) && Number(v) > 0 ? String(Number(v)) : undefined;
    if (type === "date") return isDate(v) ? v : undefined;
    if (type === "contact") return webAddress(v) || mailRule.test(v) ? str(v) : undefined;
    return str(v);
  }
  function where(el) {
    if (el.tagName !== "FIELDSET") return el.id;
    var first = el.querySelector("input");
    return first ? first.id : el.id;
  }
  function checkDescribed() {
    var problems = [];
    described().forEach(function (el) {
      var v = answer(el);
      if (blank(v)) {
        if (el.hasAttribute("data-empty")) problems.push([where(el), say(el, "empty")]);
      } else if (tomlOf(el, v) === undefined) {
        problems.push([where(el), say(el, "wrong")]);
      } else if (el.getAttribute("data-field") === "name" && !slugRule.test(slug(v))) {
        problems.push([where(el), say(el, "no-id")]);
      } else if (el.hasAttribute("data-past") && v < today()) {
        problems.push([where(el), say(el, "past")]);
      }
    });
    return problems;
  }
  function tomlDescribed() {
    var out = ["[[" + kind + "]]", "id = " + str(slug(line("name")))];
    var parts = {};
    described().forEach(function (el) {
      var v = answer(el);
      if (blank(v)) return;
      var key = el.getAttribute("data-field");
      var dot = key.indexOf(".");
      if (dot < 0) { out.push(key + " = " + tomlOf(el, v)); return; }
      var table = key.slice(0, dot);
      if (!parts[table]) { parts[table] = []; out.push({ table: table }); }
      parts[table].push(key.slice(dot + 1) + " = " + tomlOf(el, v));
    });
    return out.map(function (l) {
      return typeof l === "string" ? l : l.table + " = { " + parts[l.table].join(", ") + " }";
    }).join("\n") + "\n";
  }
  function plainDescribed() {
    var out = [];
    described().forEach(function (el) {
      var v = answer(el);
      if (blank(v)) return;
      var label = el.tagName === "FIELDSET" ? el.querySelector("legend") : document.querySelector("label[for='" + el.id + "']");
      var type = typeOf(el);
      var shown = type === "ids" || type === "id" || type === "yes-no"
        ? picked(el).map(function (i) { return i.getAttribute("data-label"); }).join(", ")
        : Array.isArray(v) ? v.join("\n") : v;
      out.push(label.textContent.replace(/\s*\(required[^)]*\)/, "").trim() + ":\n" + shown + "\n");
    });
    return out.join("\n");
  }
  var isCase = kind === "case";

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
    var problems = isCase ? check() : checkDescribed();
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
    var record = isCase ? toml() : tomlDescribed();
    var text = isCase ? plain() : plainDescribed();
    story.textContent = text;
    area.value = record;
    download.href = URL.createObjectURL(new Blob([record], { type: "application/toml" }));
    download.download = (isCase ? "" : kind + "-") + slug(line("name")) + ".toml";
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
