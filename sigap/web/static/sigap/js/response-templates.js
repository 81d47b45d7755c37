// Fill the answer box from the chosen response template.
(function () {
  "use strict";
  document.querySelectorAll("[data-template-target]").forEach(function (select) {
    select.addEventListener("change", function () {
      var target = document.getElementById(select.dataset.templateTarget);
      var option = select.options[select.selectedIndex];
      if (target && option && option.dataset.body) { target.value = option.dataset.body; target.focus(); }
    });
  });
})();
