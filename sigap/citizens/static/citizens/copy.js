// Copy buttons: [data-copy="<element id>"] copies that element's text; share buttons use the Web Share API.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.hidden = !navigator.clipboard;
    button.addEventListener("click", function () {
      var text = document.getElementById(button.dataset.copy).textContent.trim();
      navigator.clipboard.writeText(text).then(function () {
        button.textContent = button.dataset.copied;
      });
    });
  });
  document.querySelectorAll("[data-share]").forEach(function (button) {
    button.hidden = !navigator.share;
    button.addEventListener("click", function () {
      navigator.share({ title: document.title, url: button.dataset.share });
    });
  });
})();
