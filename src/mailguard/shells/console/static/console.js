// The send buttons are enabled only when every box is ticked and every domain typed back.
// This is a convenience: the server checks every tick again and refuses a form without them.
(function () {
  "use strict";
  function normal(text) {
    return text.normalize("NFKC").trim().toLowerCase().replace(/\.$/, "");
  }
  function setup(form) {
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input.tick"));
    var domains = Array.prototype.slice.call(form.querySelectorAll("input.domain"));
    var buttons = form.querySelectorAll("button.needs-all");
    var left = form.querySelector("#left");
    function update() {
      var open = boxes.filter(function (b) { return !b.checked; }).length;
      open += domains.filter(function (d) { return normal(d.value) === ""; }).length;
      for (var i = 0; i < buttons.length; i++) { buttons[i].disabled = open > 0; }
      if (left) {
        left.textContent = open > 0 ? form.dataset.left.replace("{n}", String(open)) : form.dataset.done;
      }
    }
    boxes.concat(domains).forEach(function (el) {
      el.addEventListener("input", update);
      el.addEventListener("change", update);
    });
    update();
  }
  document.addEventListener("DOMContentLoaded", function () {
    var forms = document.querySelectorAll("form.review");
    for (var i = 0; i < forms.length; i++) { setup(forms[i]); }
  });
})();
