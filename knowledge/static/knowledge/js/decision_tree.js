// Turns the list of linked steps of a decision tree into one question at a time.
// Without this script the list itself is the flow chart, so everything stays usable.
(function () {
  "use strict";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  function init(tree) {
    // The labels come translated from the page (data-label-* on the tree).
    var L = {
      yes: tree.dataset.labelYes, no: tree.dataset.labelNo, restart: tree.dataset.labelRestart,
      back: tree.dataset.labelBack, list: tree.dataset.labelList, path: tree.dataset.labelPath
    };
    var list = tree.querySelector(".decision-steps");
    var items = Array.prototype.slice.call(list.children);
    if (!items.length) return;
    var byId = {};
    items.forEach(function (li) { byId[li.getAttribute("data-node")] = li; });
    var start = items[0].getAttribute("data-node");
    var history = [];

    var panel = el("div", { "class": "decision-interactive", "aria-live": "polite" });
    var trail = el("ol", { "class": "decision-trail", "aria-label": L.path });
    var stage = el("div", { "class": "decision-stage", tabindex: "-1" });
    var controls = el("div", { "class": "decision-controls" });
    var back = el("button", { type: "button", "class": "button-secondary" }, L.back);
    var restart = el("button", { type: "button", "class": "button-secondary" }, L.restart);
    var showAll = el("button", { type: "button", "class": "link-button" }, L.list);
    controls.appendChild(back); controls.appendChild(restart); controls.appendChild(showAll);
    panel.appendChild(trail); panel.appendChild(stage); panel.appendChild(controls);
    list.parentNode.insertBefore(panel, list);
    list.hidden = true;

    function render(nodeId, focus) {
      var li = byId[nodeId];
      stage.innerHTML = "";
      if (!li) return;
      var kind = li.getAttribute("data-kind");
      var content = li.cloneNode(true);
      var answers = content.querySelector(".decision-answers");
      if (answers) answers.remove();
      content.removeAttribute("id");
      var box = el("div", { "class": "decision-card decision-" + kind });
      while (content.firstChild) box.appendChild(content.firstChild);
      stage.appendChild(box);
      if (kind === "question") {
        var buttons = el("div", { "class": "decision-buttons" });
        [["yes", L.yes], ["no", L.no]].forEach(function (pair) {
          var b = el("button", { type: "button" }, pair[1]);
          b.addEventListener("click", function () {
            history.push({ node: nodeId, answer: pair[1] });
            render(li.getAttribute("data-" + pair[0]), true);
          });
          buttons.appendChild(b);
        });
        box.appendChild(buttons);
      }
      trail.innerHTML = "";
      history.forEach(function (h) {
        var q = byId[h.node].querySelector(".decision-question");
        trail.appendChild(el("li", {}, (q ? q.textContent.trim() : "") + " — " + h.answer));
      });
      back.disabled = history.length === 0;
      if (focus) stage.focus();
    }

    back.addEventListener("click", function () {
      var last = history.pop();
      if (last) render(last.node, true);
    });
    restart.addEventListener("click", function () { history = []; render(start, true); });
    showAll.addEventListener("click", function () {
      list.hidden = !list.hidden;
    });
    render(start, false);
  }

  document.querySelectorAll("[data-decision-tree]").forEach(init);
})();
