// Copy-citation and print buttons on a ruling; both are hidden until this script runs.
(function () {
  "use strict";
  var nl = (document.documentElement.lang || "nl").indexOf("nl") === 0;
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-copy-target"));
    var status = button.parentNode.querySelector(".copy-status");
    if (!input || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(function () {
        if (status) status.textContent = nl ? "Gekopieerd." : "Copied.";
      }, function () {
        input.select();
        if (status) status.textContent = nl ? "Selecteer en kopieer de tekst." : "Select and copy the text.";
      });
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
