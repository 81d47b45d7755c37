// Hide the identity fields while "report anonymously" is ticked.
(function () {
  "use strict";
  var anonymous = document.getElementById("id_is_anonymous");
  var fields = document.getElementById("identity-fields");
  if (!anonymous || !fields) { return; }
  function sync() { fields.hidden = anonymous.checked; }
  anonymous.addEventListener("change", sync);
  sync();
})();
