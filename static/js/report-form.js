/* 履职通, the 社情民意 form: a running character count against the suggested length, and
   similar reports looked up (data-similar-url) as the title is typed. */
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form) { return; }
  var warn = parseInt(form.dataset.warn, 10);
  var boxes = form.querySelectorAll("textarea[data-count]");
  var out = document.getElementById("char-count"), warning = document.getElementById("char-warn");
  function count() {
    var n = 0;
    boxes.forEach(function (b) { n += b.value.replace(/\s/g, "").length; });
    out.textContent = n;
    warning.classList.toggle("d-none", n <= warn);
    out.classList.toggle("text-danger", n > warn);
  }
  boxes.forEach(function (b) { b.addEventListener("input", count); });
  count();
  var title = form.querySelector("[name=title]"), situation = form.querySelector("[name=situation]");
  var timer = null;
  function lookup() {
    var query = {title: title.value, text: situation ? situation.value.slice(0, 300) : ""};
    if (form.dataset.exclude) { query.exclude = form.dataset.exclude; }
    fetch(form.dataset.similarUrl + "?" + new URLSearchParams(query).toString(), {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) { document.getElementById("similar-box").innerHTML = html; });
  }
  function later() { clearTimeout(timer); timer = setTimeout(lookup, 600); }
  title.addEventListener("input", later);
  if (situation) { situation.addEventListener("change", later); }
  if (title.value) { lookup(); }
})();
