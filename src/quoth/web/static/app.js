// quoth web UI: statement hover/focus cards and #s-<id> deep links. No dependencies.
(function () {
  "use strict";

  function statementData() {
    var node = document.getElementById("stmt-data");
    if (!node) return {};
    try { return JSON.parse(node.textContent); } catch (e) { return {}; }
  }

  function segsOf(sid) {
    return Array.prototype.filter.call(document.querySelectorAll(".seg[data-sids]"), function (el) {
      return el.getAttribute("data-sids").split(" ").indexOf(sid) >= 0;
    });
  }

  function line(label, value) {
    var div = document.createElement("div");
    var b = document.createElement("b");
    b.textContent = label + ": ";
    div.appendChild(b);
    div.appendChild(document.createTextNode(value || "—"));
    return div;
  }

  function fillTip(tip, info) {
    tip.textContent = "";
    tip.appendChild(line("Speaker", info.speaker + (info.title ? " (" + info.title + ")" : "")));
    tip.appendChild(line("Cue", info.cue));
    tip.appendChild(line("Kind", info.kind));
    if (info.said_on) tip.appendChild(line("Said on", info.said_on));
  }

  function setup(text) {
    var data = statementData();
    var tip = document.createElement("div");
    tip.className = "tip";
    tip.hidden = true;
    tip.setAttribute("role", "tooltip");
    tip.id = "stmt-tip";
    document.body.appendChild(tip);
    var hot = [];

    function show(el) {
      var sid = el.getAttribute("data-sid");
      var info = data[sid];
      if (!info) return;
      hot.forEach(function (s) { s.classList.remove("hot"); });
      hot = segsOf(sid);
      hot.forEach(function (s) { s.classList.add("hot"); });
      fillTip(tip, info);
      tip.hidden = false;
      var r = el.getBoundingClientRect();
      var left = Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - 360);
      tip.style.left = Math.max(8, left) + "px";
      tip.style.top = (window.scrollY + r.bottom + 6) + "px";
    }

    function hide() {
      tip.hidden = true;
      hot.forEach(function (s) { s.classList.remove("hot"); });
      hot = [];
    }

    text.addEventListener("mouseover", function (ev) {
      var el = ev.target.closest(".seg[data-sid]");
      if (el) show(el); else hide();
    });
    text.addEventListener("mouseleave", hide);
    text.addEventListener("focusin", function (ev) {
      var el = ev.target.closest(".seg[data-sid]");
      if (el) show(el);
    });
    text.addEventListener("focusout", hide);
  }

  function markTarget() {
    var m = /^#s-([A-Za-z0-9_-]+)$/.exec(window.location.hash);
    document.querySelectorAll(".seg.target").forEach(function (el) { el.classList.remove("target"); });
    if (!m) return;
    var segs = segsOf(m[1]);
    segs.forEach(function (el) { el.classList.add("target"); });
    if (segs.length) {
      segs[0].scrollIntoView({ block: "center" });
      var first = segs.filter(function (el) { return el.hasAttribute("tabindex"); })[0];
      if (first) first.focus({ preventScroll: true });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var text = document.querySelector(".articletext");
    if (!text) return;
    setup(text);
    markTarget();
    window.addEventListener("hashchange", markTarget);
  });
})();
