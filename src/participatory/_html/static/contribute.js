// Share your experience: builds a case record (TOML) in the browser. Nothing is sent anywhere.
(function () {
  "use strict";
  var form = document.getElementById("case-form");
  if (!form) return;
  var errors = document.getElementById("form-errors");
  var output = document.getElementById("case-output");
  var area = document.getElementById("case-toml");
  var download = document.getElementById("download-toml");
  var copyStatus = document.getElementById("copy-status");

  function value(name) { return (form.elements[name].value || "").trim(); }
  function ticked(name) {
    return Array.prototype.slice.call(form.querySelectorAll("input[name='" + name + "']:checked"))
      .map(function (el) { return el.value; });
  }
  function lines(name) { return value(name).split(/\r?\n/).map(function (s) { return s.trim(); }).filter(Boolean); }
  // A JSON string is a valid TOML basic string.
  function str(s) { return JSON.stringify(s); }
  function list(values) { return "[" + values.map(str).join(", ") + "]"; }
  function slug(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/['\u2019`]/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function check() {
    var problems = [];
    if (!value("name")) problems.push(["c-name", "Enter the name of the project"]);
    if (!value("summary")) problems.push(["c-summary", "Say in a few sentences what happened"]);
    if (!ticked("techniques").length) {
      var first = form.querySelector("input[name='techniques']");
      if (first) problems.push([first.id, "Choose at least one technique"]);
    }
    var year = value("year");
    if (year && !/^[0-9]{4}$/.test(year)) problems.push(["c-year", "Enter the year as four digits, for example 2023"]);
    if (!value("source_title")) problems.push(["c-source-title", "Enter the title of a public web page about the project"]);
    if (!/^https?:\/\/\S+$/i.test(value("source_url"))) problems.push(["c-source-url", "Enter a web address starting with https://"]);
    return problems;
  }

  function toml() {
    var out = ["[[case]]", "id = " + str(slug(value("name")) || "my-case"), "name = " + str(value("name"))];
    if (value("organisation")) out.push("organisation = " + str(value("organisation")));
    if (value("year")) out.push("year = " + parseInt(value("year"), 10));
    out.push("summary = " + str(value("summary")));
    out.push("techniques = " + list(ticked("techniques")));
    out.push("stages = " + list(ticked("stages")));
    out.push("stakeholders = " + list(ticked("stakeholders")));
    out.push("outcomes = " + list(lines("outcomes")));
    out.push("lessons = " + list(lines("lessons")));
    out.push("sources = [");
    out.push("  { title = " + str(value("source_title")) + ", url = " + str(value("source_url")) + " },");
    out.push("]");
    return out.join("\n") + "\n";
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    var problems = check();
    var list = errors.querySelector("ul");
    list.replaceChildren();
    if (problems.length) {
      problems.forEach(function (p) {
        var field = document.getElementById(p[0]);
        if (field) field.setAttribute("aria-invalid", "true");
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = "#" + p[0];
        a.textContent = p[1];
        li.appendChild(a);
        list.appendChild(li);
      });
      errors.hidden = false;
      output.hidden = true;
      errors.focus();
      return;
    }
    errors.hidden = true;
    var text = toml();
    area.value = text;
    download.href = URL.createObjectURL(new Blob([text], { type: "application/toml" }));
    download.download = (slug(value("name")) || "case") + ".toml";
    output.hidden = false;
    document.getElementById("output-heading").focus();
  });

  document.getElementById("copy-toml").addEventListener("click", function () {
    area.select();
    var done = function () { copyStatus.textContent = "Copied."; };
    if (navigator.clipboard) navigator.clipboard.writeText(area.value).then(done, function () {
      copyStatus.textContent = "Select the text and copy it yourself.";
    });
    else copyStatus.textContent = "Select the text and copy it yourself.";
  });
})();
