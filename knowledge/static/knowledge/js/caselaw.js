// Copy-citation and print buttons on a ruling (both hidden until this script runs), and
// copying the link of a numbered consideration. The messages come translated from the page
// (data-done, data-failed on the status elements).
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-copy-target"));
    var status = button.parentNode.querySelector(".copy-status");
    if (!input || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(function () {
        if (status) status.textContent = status.dataset.done;
      }, function () {
        input.select();
        if (status) status.textContent = status.dataset.failed;
      });
    });
  });
  // A consideration's link (¶) still goes to the consideration, so the address bar shows the
  // link; where the browser allows it, the full address is also put on the clipboard.
  var anchorStatus = document.querySelector("[data-anchor-status]");
  document.querySelectorAll(".ruling-text").forEach(function (text) {
    text.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a.ro-link") : null;
      if (!link || !navigator.clipboard) return;
      var address = window.location.href.split("#")[0] + link.getAttribute("href");
      navigator.clipboard.writeText(address).then(function () {
        if (anchorStatus) anchorStatus.textContent = anchorStatus.dataset.done;
      }, function () {});
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
