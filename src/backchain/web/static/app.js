// What every page does in its browser, kept out of the pages themselves so that
// their Content-Security-Policy can refuse any inline script.
(function () {
  "use strict";
  // "More" in the phone's bottom bar is a <details>: it opens without script;
  // here a tap elsewhere or Escape closes it again, as a menu would.
  var more = document.querySelector(".sitenav-more");
  if (more) {
    document.addEventListener("click", function (event) {
      if (more.open && !more.contains(event.target)) more.open = false;
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && more.open) {
        more.open = false;
        more.querySelector("summary").focus();
      }
    });
  }
  // A filter form applies a choice as soon as it is made (its button stays for
  // a browser without script); a text field applies on Enter or on leaving it.
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.addEventListener("change", function (event) {
      if (event.target && event.target.name) {
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
      }
    });
  });
  // A secret shown once (a new API token) is selected whole with one tap.
  document.querySelectorAll("[data-select-on-focus]").forEach(function (field) {
    field.addEventListener("click", function () { field.select(); });
    field.addEventListener("focus", function () { field.select(); });
  });
})();
