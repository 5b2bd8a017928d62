// The send buttons are enabled only when every box is ticked and every domain typed back, and
// (with interactive.countdown_seconds) once the countdown from the moment the page was served
// has run out. This is a convenience: the server checks every tick and the signed time again
// and refuses a form without them; without JavaScript the buttons stay disabled.
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
    var timer = form.querySelector("#countdown");
    var wait = parseInt(form.dataset.wait || "0", 10) || 0;
    var until = Date.now() + wait * 1000;
    function waiting() {
      return Math.max(0, Math.ceil((until - Date.now()) / 1000));
    }
    function update() {
      var open = boxes.filter(function (b) { return !b.checked; }).length;
      open += domains.filter(function (d) { return normal(d.value) === ""; }).length;
      var rest = waiting();
      for (var i = 0; i < buttons.length; i++) {
        var counted = buttons[i].classList.contains("needs-wait");
        buttons[i].disabled = open > 0 || (counted && rest > 0);
      }
      if (left) {
        left.textContent = open > 0 ? form.dataset.left.replace("{n}", String(open)) : form.dataset.done;
      }
      if (timer) {
        timer.hidden = rest === 0;
        timer.textContent = form.dataset.countdown.replace("{n}", String(rest));
      }
    }
    boxes.concat(domains).forEach(function (el) {
      el.addEventListener("input", update);
      el.addEventListener("change", update);
    });
    if (wait > 0) {
      var tick = setInterval(function () {
        update();
        if (waiting() === 0) { clearInterval(tick); }
      }, 250);
    }
    update();
  }
  document.addEventListener("DOMContentLoaded", function () {
    var forms = document.querySelectorAll("form.review");
    for (var i = 0; i < forms.length; i++) { setup(forms[i]); }
  });
})();
