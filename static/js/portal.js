/* 履职通: behaviour the pages ask for with data- attributes, so that no page needs an inline
   script or an on…= handler (the Content-Security-Policy allows scripts from this site only).
   - <select data-autosubmit>: choosing an option submits its form (the year pickers).
   - <form data-confirm="…">: the browser asks before the form is sent (withdraw, revoke). */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("[data-autosubmit]") && field.form) {
      field.form.submit();
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();
