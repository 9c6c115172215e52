// The dashboard's weeks: a choice applies as soon as it is made (the form's
// "Show" button does the same without script).
(function () {
  "use strict";
  var form = document.getElementById("dash-range");
  if (!form) return;
  var range = form.querySelector("#range");
  var days = form.querySelectorAll("input[type=date]");

  function submit() {
    // A preset sets its own dates: leave From and To out of the address.
    var custom = range.value === "custom";
    days.forEach(function (input) { input.disabled = !custom; });
    form.submit();
  }

  range.addEventListener("change", function () {
    if (range.value === "custom") {
      days[0].focus();
      return;
    }
    submit();
  });
  days.forEach(function (input) {
    input.addEventListener("change", function () {
      if (!input.value) return;
      range.value = "custom";
      submit();
    });
  });
})();
