// Between two builds of the site an opportunity may pass its closing date. This marks it
// closed: on its page and on the lists, each element with data-closes="YYYY-MM-DD" whose
// day has passed (on this computer's calendar) hides its [data-open-only] parts and shows
// its [data-closed-only] ones. Without JavaScript the closing date is there to read.
(function () {
  "use strict";
  var now = new Date();
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  document.querySelectorAll("[data-closes]").forEach(function (el) {
    var closes = el.getAttribute("data-closes");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(closes) || closes >= today) return;
    el.classList.add("closed");
    el.querySelectorAll("[data-open-only]").forEach(function (part) { part.hidden = true; });
    el.querySelectorAll("[data-closed-only]").forEach(function (part) { part.hidden = false; });
  });
})();
