// Text boxes with a length limit (data-limit): show "n of N characters" as one types, and say when
// the text is too long. The form still refuses it on the server; nothing is cut silently.
(function () {
  "use strict";
  function fill(template, count, limit) {
    return template.replace("%(count)s", count).replace("%(limit)s", limit);
  }
  document.querySelectorAll("[data-limit]").forEach(function (box) {
    var limit = parseInt(box.getAttribute("data-limit"), 10);
    var counter = document.createElement("div");
    counter.className = "form-text limit-counter";
    counter.setAttribute("aria-live", "polite");
    counter.id = (box.id || box.name) + "_count";
    box.insertAdjacentElement("afterend", counter);
    function update() {
      var count = box.value.length;
      var over = count > limit;
      counter.textContent = over
        ? fill(box.getAttribute("data-limit-over"), count, limit) + " " + fill(box.getAttribute("data-limit-count"), count, limit)
        : fill(box.getAttribute("data-limit-count"), count, limit);
      counter.classList.toggle("text-danger", over);
      box.classList.toggle("is-invalid", over);
      box.setCustomValidity(over ? counter.textContent : "");
    }
    box.addEventListener("input", update);
    update();
  });
})();
