/* The pivot table's form: a choice applies at once; a new indicator starts from its own filters.
   Without this file the "Show table" button does the same. */
(function () {
  "use strict";

  function start() {
    var form = document.querySelector("form[data-pivot-form]");
    if (!form) return;
    form.addEventListener("change", function (event) {
      var target = event.target;
      if (target && target.hasAttribute("data-resets")) {
        // Another indicator has other breakdowns: drop the rows, columns and filters of this one.
        form.querySelectorAll("select").forEach(function (select) {
          if (select !== target && select.name !== "period" && select.name !== "agency") {
            select.disabled = true;
          }
        });
      }
      if (form.requestSubmit) form.requestSubmit();
      else form.submit();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
