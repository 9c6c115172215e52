/* backchain service worker: the app opens, and today's session plays, without a
   connection.

   - The app shell (styles, scripts, icons, the manifest, the offline page) is
     cached when the worker installs, in a cache named after its version; the
     server fills the version in (a digest of those files), so any change to
     them installs a new worker, and the old cache is deleted when it takes over.
   - Static files come from that cache first.
   - Pages come from the network first; each good answer is kept, and shown
     when the network fails (or is slower than NETWORK_WAIT_MS and a copy is
     kept); a page never kept shows the offline page.
   - Today's session and the plan are fetched and kept when the worker
     installs, and again when a page asks (app.js does, now and then), so the
     session opens offline even if it was never opened.
   - The API and anything but GET pass straight to the network, never cached:
     the player keeps unsaved sets in its own queue (localStorage) and sends
     them when the connection is back.
   - Logging in, signing up or out empties the kept pages: the next person on
     this device never sees them.
   Served as /sw.js (see backchain/web/install.py). */
"use strict";

var VERSION = "__VERSION__";
var SHELL = ["__SHELL__"];

var PREFIX = "backchain-";
var SHELL_CACHE = PREFIX + "shell-" + VERSION;
// Pages outlive a new version of the shell: an update must not lose today's session.
var PAGES_CACHE = PREFIX + "pages-1";
var OFFLINE_URL = "/offline";
var WARM = ["/session", "/plan"];
var ACCOUNT_CHANGES = ["/login", "/signup", "/logout"];
// A gym's patchy network: a page slower than this comes from the cache, if kept.
var NETWORK_WAIT_MS = 6000;
// The pages answered with a kept copy, by client id, until the page asks
// (app.js then says so on the page).
var answeredKept = {};

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL_CACHE).then(function (cache) {
      return cache.addAll(SHELL.map(function (url) { return new Request(url, { cache: "reload" }); }));
    }).then(function () {
      return warm().catch(function () { /* not signed in, or offline: pages are kept as they are opened */ });
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf(PREFIX) === 0 && name !== SHELL_CACHE && name !== PAGES_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("message", function (event) {
  var message = event.data || {};
  if (message.type === "warm") {
    event.waitUntil(warm().catch(function () {}));
  } else if (message.type === "refresh" && typeof message.url === "string") {
    // A set was saved: the page's copy, and today's session, are renewed.
    var url = new URL(message.url, self.location.origin);
    if (url.origin !== self.location.origin) return;
    var paths = url.pathname === "/session" ? ["/session"] : [url.pathname, "/session"];
    event.waitUntil(Promise.all(paths.map(function (path) { return keep(path).catch(function () {}); })));
  } else if (message.type === "kept?" && event.source) {
    var id = event.source.id;
    event.source.postMessage({ type: "kept", kept: !!answeredKept[id] });
    delete answeredKept[id];
  }
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== "GET") {
    if (request.method === "POST" && ACCOUNT_CHANGES.indexOf(url.pathname) >= 0) {
      event.waitUntil(caches.delete(PAGES_CACHE));
    }
    return;
  }
  if (url.pathname.indexOf("/api/") === 0 || url.pathname === "/sw.js") return;
  if (url.pathname.indexOf("/static/") === 0 || SHELL.indexOf(url.pathname) >= 0) {
    event.respondWith(shellFirst(request));
    return;
  }
  var accept = request.headers.get("Accept") || "";
  if (request.mode === "navigate" || accept.indexOf("text/html") >= 0) {
    event.respondWith(networkFirst(event));
  }
});

// ---------------------------------------------------------------- the shell

function shellFirst(request) {
  return caches.open(SHELL_CACHE).then(function (cache) {
    return cache.match(request).then(function (hit) {
      if (hit) return hit;
      return fetch(request).then(function (response) {
        if (response.ok && response.type === "basic") cache.put(request, response.clone());
        return response;
      });
    });
  });
}

function offlinePage() {
  return caches.open(SHELL_CACHE).then(function (cache) { return cache.match(OFFLINE_URL); }).then(function (hit) {
    return hit || new Response("You are offline, and this page is not saved on this device.", {
      status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" }
    });
  });
}

// ---------------------------------------------------------------- pages

// The key a page is kept under: its path and query, without a one-time message.
function pageKey(href) {
  var url = new URL(href);
  url.searchParams.delete("msg");
  url.hash = "";
  return url.pathname + (url.searchParams.toString() ? "?" + url.searchParams.toString() : "");
}

// A page worth keeping: a whole, good HTML answer of this app, not a redirect
// (a log-in page standing in for the page asked for).
function storable(response) {
  return response.status === 200 && response.type === "basic" && !response.redirected &&
    (response.headers.get("Content-Type") || "").indexOf("text/html") === 0;
}

function store(key, response) {
  return caches.open(PAGES_CACHE).then(function (cache) { return cache.put(key, response); });
}

function kept(key) {
  return caches.open(PAGES_CACHE).then(function (cache) {
    return cache.match(key).then(function (hit) {
      // The root only redirects (to the dashboard, when signed in).
      return hit || (key === "/" ? cache.match("/dashboard") : undefined);
    });
  });
}

function networkFirst(event) {
  var request = event.request;
  var key = pageKey(request.url);
  var oneTime = new URL(request.url).searchParams.has("msg");
  var client = event.resultingClientId || event.clientId;
  // Keeping the copy must not hold the page back, and must finish even after
  // the page is shown: the event lives until it is done.
  var settle;
  event.waitUntil(new Promise(function (resolve) { settle = resolve; }));
  return new Promise(function (resolve) {
    var answered = false;
    function answer(response) {
      if (!answered) { answered = true; resolve(response); }
    }
    function answerKept(hit) {
      if (answered) return;
      if (client) answeredKept[client] = true;
      answer(hit);
    }
    function fallBack(response) {
      return kept(key).then(function (hit) {
        if (hit) answerKept(hit);
        else answer(response || offlinePage());
      });
    }
    var timer = setTimeout(function () {
      kept(key).then(function (hit) { if (hit) answerKept(hit); });
    }, NETWORK_WAIT_MS);
    fetch(request).then(function (response) {
      clearTimeout(timer);
      if (storable(response) && !oneTime) {
        store(key, response.clone()).then(settle, settle);
      } else {
        settle();
      }
      // A proxy that cannot reach the app: the kept copy is better than its error.
      if (response.status === 502 || response.status === 503 || response.status === 504) {
        fallBack(response);
      } else {
        answer(response);
      }
    }, function () {
      clearTimeout(timer);
      settle();
      fallBack(null);
    });
  });
}

// Fetch a page of the signed-in lifter and keep it (nothing when signed out:
// the answer is a redirect to log in).
function keep(path) {
  return fetch(path, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
    if (!storable(response)) return null;
    return response.clone().text().then(function (text) {
      return store(path, response).then(function () { return text; });
    });
  });
}

// Today's session and the plan; when today is a rest day, the session page
// links the next one ("Play it now anyway"): that one too.
function warm() {
  return Promise.all(WARM.map(keep)).then(function (texts) {
    var found = {};
    var pattern = /href="(\/session\/\d+\/[a-z]+)"/g;
    var match;
    while ((match = pattern.exec(texts[0] || "")) !== null) found[match[1]] = true;
    return Promise.all(Object.keys(found).map(keep));
  });
}
