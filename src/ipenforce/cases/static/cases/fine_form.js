// Fine calculator: show only the chosen method's fields and the details of the circumstances
// that are ticked. Without JavaScript every block stays visible and the form still works.
(function () {
  "use strict";

  function sync(form) {
    var checked = form.querySelector('input[name="method"]:checked');
    var method = checked ? checked.value : "";
    form.querySelectorAll(".method-block").forEach(function (block) {
      block.hidden = method !== "" && block.getAttribute("data-method") !== method;
    });
    form.querySelectorAll(".circumstance-toggle").forEach(function (box) {
      var details = document.getElementById(box.getAttribute("aria-controls"));
      if (details) {
        details.hidden = !box.checked;
        box.setAttribute("aria-expanded", box.checked ? "true" : "false");
      }
    });
  }

  function init() {
    var form = document.getElementById("fine-form");
    if (!form) {
      return;
    }
    sync(form);
    form.addEventListener("change", function () {
      sync(form);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
