// What every page does in its browser, kept out of the pages themselves so that
// their Content-Security-Policy can refuse any inline script.
(function () {
  "use strict";
  // The main navigation scrolls sideways on a phone: keep the current section
  // in view, and fade the edge while there is more to the right.
  var nav = document.querySelector(".mainnav");
  if (nav) {
    var active = nav.querySelector(".active");
    if (active) nav.scrollLeft = active.offsetLeft - (nav.clientWidth - active.offsetWidth) / 2;
    var edge = function () {
      nav.classList.toggle("at-end", nav.scrollLeft + nav.clientWidth >= nav.scrollWidth - 4);
    };
    nav.addEventListener("scroll", edge, { passive: true });
    edge();
  }
  // A secret shown once (a new API token) is selected whole with one tap.
  document.querySelectorAll("[data-select-on-focus]").forEach(function (field) {
    field.addEventListener("click", function () { field.select(); });
    field.addEventListener("focus", function () { field.select(); });
  });
})();
