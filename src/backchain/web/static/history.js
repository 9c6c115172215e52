// The workout page: one set's editor open at a time. Without this script every
// row still opens on a tap (each is a <details>); this only closes the others.
"use strict";
(function () {
  const rows = Array.from(document.querySelectorAll("details.set-edit"));
  for (const row of rows) {
    row.addEventListener("toggle", function () {
      if (!row.open) return;
      for (const other of rows) {
        // A row sent back with mistakes stays open until they are fixed.
        if (other !== row && other.open && !other.querySelector("[aria-invalid=true]")) {
          other.open = false;
        }
      }
    });
    row.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && row.open) {
        row.open = false;
        row.querySelector("summary").focus();
      }
    });
  }
})();
