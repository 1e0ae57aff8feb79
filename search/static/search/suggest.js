// Suggestions while typing in the search field. The form works without this file; it only adds a
// list of matching titles under the field. Built with textContent only: no HTML from the server.
(function () {
  "use strict";
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-suggestions");
  if (!input || !list || !window.fetch) { return; }
  var url = input.getAttribute("data-suggest-url");
  var timer = null;
  var controller = null;
  var active = -1;

  function close() {
    list.hidden = true;
    list.textContent = "";
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function show(items) {
    list.textContent = "";
    items.forEach(function (item, index) {
      var li = document.createElement("li");
      li.id = "search-suggestion-" + index;
      li.setAttribute("role", "option");
      // No link inside: an option holding a link is a control inside a control, which screen
      // readers announce badly. The option itself opens the page.
      li.setAttribute("data-url", item.url);
      li.textContent = item.title;
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
  }

  function highlight(index) {
    var options = list.querySelectorAll("[role=option]");
    if (!options.length) { return; }
    active = (index + options.length) % options.length;
    options.forEach(function (option, i) { option.setAttribute("aria-selected", i === active ? "true" : "false"); });
    input.setAttribute("aria-activedescendant", options[active].id);
  }

  function fetchSuggestions() {
    var text = input.value.trim();
    if (text.length < 2) { close(); return; }
    if (controller) { controller.abort(); }
    controller = new AbortController();
    fetch(url + "?q=" + encodeURIComponent(text), { signal: controller.signal, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (data) { show(data.suggestions || []); })
      .catch(function () { /* typing on: a newer request replaced this one */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (list.hidden) { return; }
    if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
    else if (event.key === "Escape") { close(); }
    else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = list.querySelectorAll("[role=option]")[active].getAttribute("data-url");
    }
  });
  list.addEventListener("click", function (event) {
    var option = event.target.closest ? event.target.closest("[role=option]") : null;
    if (option) { window.location.href = option.getAttribute("data-url"); }
  });
  input.addEventListener("blur", function () { setTimeout(close, 200); });
})();
