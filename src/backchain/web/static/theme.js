// The colour theme the lifter picked (Auto follows the system, or Light, or
// Dark), applied before the page is drawn: this file is loaded in <head>
// without defer, so a dark page never flashes light. app.js offers the switch.
(function () {
  "use strict";
  var KEY = "backchain-theme";
  var root = document.documentElement;
  // The browser's bar: the top bar's green, or its dark version.
  var BAR = { light: "#2f6b4f", dark: "#1d3a2c" };

  function choice() {
    try {
      var picked = localStorage.getItem(KEY);
      return picked === "light" || picked === "dark" ? picked : "auto";
    } catch (err) { return "auto"; }
  }

  function apply(picked) {
    if (picked === "light" || picked === "dark") root.setAttribute("data-theme", picked);
    else root.removeAttribute("data-theme");
    var metas = document.querySelectorAll("meta[name='theme-color']");
    for (var i = 0; i < metas.length; i++) {
      var own = metas[i].getAttribute("data-scheme") === "dark" ? BAR.dark : BAR.light;
      metas[i].setAttribute("content", BAR[picked] || own);
    }
  }

  function pick(picked) {
    try {
      if (picked === "light" || picked === "dark") localStorage.setItem(KEY, picked);
      else localStorage.removeItem(KEY);
    } catch (err) { /* private mode: this page only */ }
    apply(picked);
  }

  root.classList.add("js");
  apply(choice());
  // Another tab switched: follow it.
  window.addEventListener("storage", function (event) { if (event.key === KEY) apply(choice()); });
  window.backchainTheme = { choice: choice, pick: pick };
})();
