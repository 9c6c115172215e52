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

  // The theme switch in the top bar (theme.js applied the choice already).
  var themes = document.getElementById("theme-choice");
  if (themes && window.backchainTheme) {
    themes.value = window.backchainTheme.choice();
    themes.addEventListener("change", function () { window.backchainTheme.pick(themes.value); });
    window.addEventListener("storage", function () { themes.value = window.backchainTheme.choice(); });
  }

  // Offline, or the page came from the copy kept on this device (the service
  // worker says so when asked): a note at the top says it. Back online, the
  // player sends what waits, and the note goes.
  var offline = document.getElementById("offline-note");
  var keptCopy = false;
  var showOffline = function () { if (offline) offline.hidden = !keptCopy && navigator.onLine !== false; };
  window.addEventListener("online", function () { keptCopy = false; showOffline(); });
  window.addEventListener("offline", showOffline);
  showOffline();
  document.querySelectorAll("[data-reload]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.location.reload(); });
  });

  // The service worker: the app installs, and opens without a connection.
  if (!("serviceWorker" in navigator)) return;
  var signedIn = document.body.hasAttribute("data-signed-in");
  var WARMED_KEY = "backchain-warmed";
  var WARM_EVERY_MS = 15 * 60 * 1000;
  function tell(message) {
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage(message);
    });
  }
  navigator.serviceWorker.addEventListener("message", function (event) {
    if (event.data && event.data.type === "kept") { keptCopy = !!event.data.kept; showOffline(); }
  });
  if (navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage({ type: "kept?" });
  navigator.serviceWorker.register("/sw.js").then(function () {
    if (!signedIn || navigator.onLine === false) return;
    // Today's session and the plan, kept fresh for a session without a
    // connection: now and then, and at once after a change (a message shown).
    var last = 0;
    try { last = Number(localStorage.getItem(WARMED_KEY)) || 0; } catch (err) { /* fine */ }
    var changed = /[?&]msg=/.test(window.location.search);
    var stale = Date.now() - last > WARM_EVERY_MS || new Date(last).toDateString() !== new Date().toDateString();
    if (!changed && !stale) return;
    try { localStorage.setItem(WARMED_KEY, String(Date.now())); } catch (err) { /* fine */ }
    tell({ type: "warm" });
  }, function () { /* no worker: the app works online as before */ });
  // Another account on this device: its session and plan are kept at once
  // (the worker forgets the pages kept for the last one).
  document.querySelectorAll("form[action='/login'], form[action='/signup'], form[action='/logout']").forEach(function (form) {
    form.addEventListener("submit", function () {
      try { localStorage.removeItem(WARMED_KEY); } catch (err) { /* fine */ }
    });
  });
  // The player saved every set: keep the page's copy up to date with them.
  document.addEventListener("backchain:saved", function () {
    if (signedIn) tell({ type: "refresh", url: window.location.pathname });
  });
})();
