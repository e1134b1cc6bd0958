/* 履职通: a button with data-copy-target="#id" copies that field's value (e.g. a calendar
   subscription URL on a phone). The button's data-copied text is shown for a moment. */
(function () {
  "use strict";
  function copy(field) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(field.value);
    }
    field.focus();
    field.select();
    field.setSelectionRange(0, field.value.length);
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject();
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) return;
    var field = document.querySelector(button.getAttribute("data-copy-target"));
    if (!field) return;
    var label = button.innerHTML;
    copy(field).then(function () {
      button.textContent = button.getAttribute("data-copied") || "OK";
      setTimeout(function () { button.innerHTML = label; }, 2000);
    }, function () {
      field.focus();
      field.select();
    });
  });
})();
