/* 履职通: the filter box above a long list of checkboxes (portal.widgets.CheckList) hides
   the choices that do not contain what is typed; checked choices always stay visible. */
(function () {
  "use strict";
  document.addEventListener("input", function (event) {
    var box = event.target;
    if (!box.matches("[data-checklist-filter]")) return;
    var list = box.closest("[data-checklist]");
    var text = box.value.trim().toLowerCase();
    list.querySelectorAll("[data-checklist-item]").forEach(function (item) {
      var input = item.querySelector("input");
      var match = !text || item.textContent.toLowerCase().indexOf(text) !== -1;
      item.hidden = !(match || (input && input.checked));
    });
  });
})();
