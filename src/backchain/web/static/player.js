/* backchain session player: today's sets from last time, tempo metronome, rep
   counter, set logging with an offline queue, rest timer, records, plates, and
   changes to the session (move, replace, add, superset, finish). Plain JS, no
   libraries. Timers use setTimeout / setInterval / Date.now() only, so tests
   can drive them with a fake clock. Loads travel in kilograms; they are shown
   and typed in the lifter's units. */
(function () {
  "use strict";

  var QUEUE_KEY = "backchain.pending-sets";
  var SAVED_KEEP_MS = 60000;
  var TICK_MS = 100;
  var READY_S = 3;
  var WARMUP_REST_S = 60;
  var KG_PER_LB = 0.45359237;
  var E1RM_MAX_REPS = 10;
  var DEFAULT_TEMPO = { concentric_s: 1, pause_s: 0, eccentric_s: 2 };
  var PITCH = { READY: 520, UP: 880, HOLD: 660, DOWN: 440, END: 990 };

  var source = document.getElementById("session-data");
  if (!source) return;
  var data = JSON.parse(source.textContent || "{}");
  var items = data.items || [];
  var units = data.units === "lb" ? "lb" : "kg";
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function $(id) { return document.getElementById(id); }
  function show(el, on) { if (el) el.hidden = !on; }
  function setText(id, text) { var el = $(id); if (el) el.textContent = text; }
  function num(v, digits) {
    if (v === null || v === undefined || v === "") return "";
    var f = Math.pow(10, digits === undefined ? 1 : digits);
    return String(Math.round(Number(v) * f) / f);
  }
  function clock(s) {
    s = Math.max(0, Math.ceil(s));
    return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
  }
  function dayName(d) {
    return { mon: "Mon", tue: "Tue", wed: "Wed", thu: "Thu", fri: "Fri", sat: "Sat", sun: "Sun" }[d] || d;
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function key(exercise, setIndex) { return exercise + "#" + setIndex; }
  function isHold(item) { return item.hold_s !== null && item.hold_s !== undefined; }
  function has(v) { return v !== null && v !== undefined; }

  // units: kilograms in, the lifter's units out, and back

  function shown(kg) { return units === "lb" ? kg / KG_PER_LB : kg; }
  function toKg(value) { return units === "lb" ? Math.round(value * KG_PER_LB * 10000) / 10000 : value; }
  function loadText(kg) { return has(kg) ? num(shown(kg), 1) + " " + units : ""; }
  function setText_(kg, reps, seconds) {
    if (!has(reps)) return has(seconds) ? num(seconds, 0) + " s" : "";
    if (!has(kg) || kg <= 0) return plural(reps, "rep");
    return loadText(kg) + " × " + reps;
  }

  // plates: the fewest per side that make the load exactly, else the nearest lighter one

  function platesPerSide(targetKg, barKg, platesKg) {
    var scale = 100;
    var sizes = platesKg.map(function (p) { return Math.round(shown(p) * scale); })
      .filter(function (p) { return p > 0; }).sort(function (a, b) { return b - a; });
    var side = Math.floor((Math.round(shown(targetKg) * scale) - Math.round(shown(barKg) * scale)) / 2);
    if (side <= 0 || !sizes.length) return { plates: [], exact: side === 0 };
    var best = new Array(side + 1);
    best[0] = [];
    for (var total = 1; total <= side; total++) {
      for (var i = 0; i < sizes.length; i++) {
        var before = total - sizes[i];
        if (before >= 0 && best[before] && (!best[total] || best[before].length + 1 < best[total].length)) {
          best[total] = best[before].concat([sizes[i]]);
        }
      }
    }
    var reach = side;
    while (reach > 0 && !best[reach]) reach--;
    return {
      plates: best[reach].slice().sort(function (a, b) { return b - a; }).map(function (p) { return p / scale; }),
      exact: reach === side
    };
  }
  function platesText(item, kg) {
    if (!item.barbell || !has(kg) || kg <= 0) return "";
    var bar = data.bar_kg || 20;
    if (kg < bar - 0.01) return "Lighter than the bar (" + loadText(bar) + ").";
    var found = platesPerSide(kg, bar, data.plates_kg || []);
    if (!found.plates.length) return "Just the bar (" + loadText(bar) + ").";
    var text = "Each side: " + found.plates.map(function (p) { return num(p, 2); }).join(" + ") + " " + units;
    text += " on a " + loadText(bar) + " bar";
    if (!found.exact) {
      var made = shown(bar) + 2 * found.plates.reduce(function (a, b) { return a + b; }, 0);
      text += " (makes " + num(made, 2) + " " + units + ": your plates cannot make it exactly)";
    }
    return text + ".";
  }

  // each item's sets: the prescription's, in order; warm-ups first

  function setsOf(i) {
    var item = items[i];
    var p = item.prescription && item.prescription.sets;
    if (p && p.length) return p;
    var out = [];
    for (var s = 1; s <= Math.max(1, item.sets || 1); s++) {
      out.push({ set_index: s, kind: "working", reps: item.reps, hold_s: item.hold_s, load_kg: item.load_kg });
    }
    return out;
  }
  function prescribed(i, setIndex) {
    var sets = setsOf(i);
    for (var n = 0; n < sets.length; n++) if (sets[n].set_index === setIndex) return sets[n];
    return sets[sets.length - 1];
  }
  function workingNumber(i, setIndex) {
    var n = 0, sets = setsOf(i);
    for (var k = 0; k < sets.length; k++) {
      if (sets[k].kind === "warmup") continue;
      n++;
      if (sets[k].set_index === setIndex) return n;
    }
    return n;
  }
  function workingCount(i) { return setsOf(i).filter(function (s) { return s.kind !== "warmup"; }).length; }
  function warmupCount(i) { return setsOf(i).length - workingCount(i); }
  function setName(i, setIndex) {
    var p = prescribed(i, setIndex);
    if (p.kind === "warmup") return "warm-up " + p.set_index + " of " + warmupCount(i);
    return "set " + workingNumber(i, setIndex) + " of " + workingCount(i);
  }

  // the order sets are done in: an exercise's sets one after another, and the
  // exercises of a superset (sharing a letter, one after the other) in turns

  function sequence() {
    var out = [];
    var i = 0;
    while (i < items.length) {
      var group = [i];
      while (items[i].superset && i + group.length < items.length &&
             items[i + group.length].superset === items[i].superset) group.push(i + group.length);
      var longest = Math.max.apply(null, group.map(function (g) { return setsOf(g).length; }));
      for (var r = 0; r < longest; r++) {
        group.forEach(function (g, n) {
          var sets = setsOf(g);
          if (r < sets.length) out.push({ item: g, set: sets[r].set_index, paired: group.length > 1, lastOfRound: n === group.length - 1 || r >= setsOf(group[n + 1]).length });
        });
      }
      i += group.length;
    }
    return out;
  }

  // the local queue

  var context = { plan_id: data.plan_id, week: data.week, day: data.day, today: data.today };
  var BEGAN_KEY = "backchain-began:" + data.plan_id + ":" + data.week + ":" + data.day + ":" + data.today;

  function sameContext(e) {
    return e.plan_id === context.plan_id && e.week === context.week &&
      e.day === context.day && e.today === context.today;
  }
  function loadQueue() {
    try {
      var q = JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]");
      return Array.isArray(q) ? q : [];
    } catch (err) { return []; }
  }
  function saveQueue(q) {
    try { localStorage.setItem(QUEUE_KEY, JSON.stringify(q)); } catch (err) { /* full or off */ }
  }
  // When the session began (the first "Start set" or logged set): its duration counts from then.
  function began() {
    try {
      var at = localStorage.getItem(BEGAN_KEY);
      if (!at) { at = new Date().toISOString(); localStorage.setItem(BEGAN_KEY, at); }
      return at;
    } catch (err) { return new Date().toISOString(); }
  }

  // Sets done: the server's, then the ones waiting in the queue.
  var done = {};
  var lastLoad = {};
  function remember(id, body) {
    done[key(id, body.set_index)] = body;
    if (has(body.load_kg) && body.kind !== "warmup") lastLoad[id] = body.load_kg;
  }
  (data.logged || []).forEach(function (s) { remember(s.exercise_id || s.exercise_name, s); });
  // A saved set stays in the queue a minute, marked saved: a reload that raced its
  // save (the page drawn before the set was stored) still shows it done.
  saveQueue(loadQueue().filter(function (e) { return !e.saved || Date.now() - e.savedAt < SAVED_KEEP_MS; }));
  loadQueue().forEach(function (e) {
    if (!sameContext(e)) return;
    remember(e.body.exercise, e.body);
    if (!data.workout_id && e.workout_id) data.workout_id = e.workout_id;
  });
  var skipped = {};

  // records: the bests before today (from the server), raised by today's sets

  var bests = {};
  var records = {};
  items.forEach(function (item) {
    var b = item.bests || {};
    var table = {};
    (b.reps_at_load || []).forEach(function (pair) { table[String(pair[0])] = pair[1]; });
    bests[item.exercise] = {
      estimable: !!b.estimable || !!item.estimable, heaviest: b.heaviest_kg, e1rm: b.best_e1rm_kg,
      hold: b.longest_hold_s, reps: b.most_reps, table: table, seen: b.sets_seen || 0
    };
  });
  function e1rm(kg, reps) {
    if (!has(kg) || !has(reps) || kg <= 0 || reps < 1 || reps > E1RM_MAX_REPS) return null;
    return reps === 1 ? kg : kg * (1 + reps / 30);
  }
  // Which records a set breaks (and fold it into the bests): the same rules as the server's.
  function judge(id, body) {
    var b = bests[id];
    if (!b || body.kind === "warmup") return [];
    var kinds = [];
    var kg = body.load_kg, reps = body.reps;
    // A record beats an earlier best of its own kind: the first set sets the bests.
    var first = b.seen === 0;
    if (has(reps) && has(kg) && kg > 0) {
      var est = b.estimable ? e1rm(kg, reps) : null;
      var heavier = null;
      Object.keys(b.table).forEach(function (load) {
        if (Number(load) >= kg - 0.005) heavier = Math.max(heavier === null ? 0 : heavier, b.table[load]);
      });
      if (!first) {
        if (has(b.heaviest) && kg > b.heaviest + 0.01) kinds.push("load");
        else if (heavier !== null && reps > heavier) kinds.push("reps");
        if (est !== null && has(b.e1rm) && est > b.e1rm + 0.01) kinds.push("e1rm");
      }
      if (!has(b.heaviest) || kg > b.heaviest) b.heaviest = kg;
      if (est !== null && (!has(b.e1rm) || est > b.e1rm)) b.e1rm = est;
      var loadKey = String(Math.round(kg * 100) / 100);
      b.table[loadKey] = Math.max(b.table[loadKey] || 0, reps);
    } else if (has(reps)) {
      if (!first && has(b.reps) && reps > b.reps) kinds.push("reps");
      if (!has(b.reps) || reps > b.reps) b.reps = reps;
    } else if (has(body.duration_s)) {
      if (!first && has(b.hold) && body.duration_s > b.hold) kinds.push("hold");
      if (!has(b.hold) || body.duration_s > b.hold) b.hold = body.duration_s;
    }
    b.seen += 1;
    return kinds;
  }
  function recordWords(kinds) {
    var words = data.record_words || {};
    return kinds.map(function (k) { return words[k] || k; });
  }

  // sync

  var flushing = false;
  var syncError = "";

  function status() {
    var pending = unsaved(loadQueue()).filter(sameContext).length;
    var text = syncError;
    if (!text && pending) text = pending + (pending === 1 ? " set" : " sets") + " waiting to be saved…";
    if (!text && Object.keys(done).length) text = "All sets saved.";
    setText("sync-status", text);
    var el = $("sync-status");
    if (el) el.className = "sync" + (syncError ? " error" : pending ? " pending" : " ok");
  }

  function api(method, url, body) {
    return fetch(url, {
      method: method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, "Accept": "application/json" },
      body: JSON.stringify(body)
    });
  }

  function detail(response) {
    return response.json().then(function (b) { return b && b.detail ? String(b.detail) : ""; },
      function () { return ""; });
  }

  function ensureWorkout(entry) {
    if (entry.workout_id) return Promise.resolve(entry.workout_id);
    if (sameContext(entry) && data.workout_id) return Promise.resolve(data.workout_id);
    return api("POST", "/api/v1/workouts", {
      title: "Week " + entry.week + " · " + dayName(entry.day),
      started_at: sameContext(entry) ? began() : undefined,
      plan_id: entry.plan_id, plan_week: entry.week, plan_day: entry.day
    }).then(function (r) {
      if (!r.ok) return detail(r).then(function (d) { throw { status: r.status, detail: d }; });
      return r.json().then(function (w) {
        if (sameContext(entry)) data.workout_id = w.id;
        return w.id;
      });
    });
  }

  function unsaved(q) { return q.filter(function (e) { return !e.saved; }); }

  function flush() {
    if (flushing) return;
    var queue = unsaved(loadQueue());
    if (!queue.length) { status(); return; }
    flushing = true;
    var entry = queue[0];
    ensureWorkout(entry).then(function (workoutId) {
      entry.workout_id = workoutId;
      return api("POST", "/api/v1/workouts/" + workoutId + "/sets", entry.body).then(function (r) {
        if (!r.ok) return detail(r).then(function (d) { throw { status: r.status, detail: d }; });
      });
    }).then(function () {
      var q = loadQueue().map(function (e) {
        return e.id === entry.id ? Object.assign({}, e, { saved: true, savedAt: Date.now() }) : e;
      });
      saveQueue(q);
      syncError = "";
      flushing = false;
      status();
      if (unsaved(q).length) flush();
      // Every set is on the server: the copy of this page kept for offline use
      // is renewed with them (app.js asks the service worker).
      else document.dispatchEvent(new CustomEvent("backchain:saved"));
    }, function (err) {
      flushing = false;
      var code = err && err.status;
      if (code === 404 && entry.workout_id) {
        // The workout is gone: start it again with the next try.
        entry.workout_id = null;
        if (sameContext(entry)) data.workout_id = null;
        replace(entry);
      } else if (code && code >= 400 && code < 500 && [401, 403, 408, 429].indexOf(code) < 0) {
        // Refused for good: drop it, say why, keep the rest going.
        saveQueue(loadQueue().filter(function (e) { return e.id !== entry.id; }));
        syncError = "Not saved (" + entry.body.exercise + " set " + entry.body.set_index + "): " + (err.detail || code);
        status();
        return;
      } else if (code === 401) {
        syncError = "Signed out: log in again in another tab; the sets wait here.";
      } else if (code === 403) {
        syncError = "The page is stale: reload it; the sets wait here.";
      } else {
        syncError = "";
      }
      if (!syncError || code) replace(entry);
      status();
    });
  }
  function replace(entry) {
    saveQueue(loadQueue().map(function (e) { return e.id === entry.id ? entry : e; }));
  }

  function enqueue(body) {
    var q = loadQueue();
    var entryKey = key(body.exercise, body.set_index);
    q = q.filter(function (e) { return !(sameContext(e) && key(e.body.exercise, e.body.set_index) === entryKey); });
    q.push({
      id: Date.now() + "-" + Math.random().toString(36).slice(2),
      plan_id: context.plan_id, week: context.week, day: context.day, today: context.today,
      workout_id: data.workout_id || null, body: body
    });
    saveQueue(q);
    status();
    flush();
  }

  window.addEventListener("online", flush);
  setInterval(flush, 5000);

  // sound

  var audio = null;
  function unlockAudio() {
    if (audio) { if (audio.state === "suspended") audio.resume(); return; }
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return;
    try { audio = new Ctx(); } catch (err) { audio = null; }
  }
  function beep(freq, ms) {
    if (!audio) return;
    try {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.type = "sine";
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.3, audio.currentTime + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + (ms || 150) / 1000);
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start();
      osc.stop(audio.currentTime + (ms || 150) / 1000 + 0.02);
    } catch (err) { /* no sound is fine */ }
  }

  var wakeLock = null;
  function keepAwake() {
    try {
      if (navigator.wakeLock && !wakeLock) {
        navigator.wakeLock.request("screen").then(function (l) {
          wakeLock = l;
          l.addEventListener("release", function () { wakeLock = null; });
        }, function () {});
      }
    } catch (err) { /* not supported */ }
  }

  // the screen

  var order = sequence();
  function orderIndex(p) {
    for (var n = 0; n < order.length; n++) if (order[n].item === p.item && order[n].set === p.set) return n;
    return -1;
  }
  // Warm-ups are over for an exercise once they are skipped or a working set is done.
  var skipWarm = {};
  function warmupsOver(i) {
    if (skipWarm[i]) return true;
    return setsOf(i).some(function (s) { return s.kind !== "warmup" && !!done[key(items[i].exercise, s.set_index)]; });
  }
  function isOpen(i, setIndex) {
    if (done[key(items[i].exercise, setIndex)]) return false;
    return !(prescribed(i, setIndex).kind === "warmup" && warmupsOver(i));
  }
  // The first set not done yet, from a place in the order (wrapping round).
  function nextOpen(from) {
    for (var k = 0; k < order.length; k++) {
      var e = order[(from + k) % order.length];
      if (skipped[e.item]) continue;
      if (isOpen(e.item, e.set)) return { item: e.item, set: e.set };
    }
    return null;
  }
  function firstOpen(fromItem) {
    var start = 0;
    for (var n = 0; n < order.length; n++) if (order[n].item >= (fromItem || 0)) { start = n; break; }
    return nextOpen(start);
  }
  function itemDone(i) {
    return setsOf(i).every(function (s) { return !isOpen(i, s.set_index); });
  }

  var pos = firstOpen(0);
  var timer = null;
  var reps = 0;
  var held = 0;

  // today's sets logged so far (and reloaded from the queue): their records
  (data.logged || []).concat(loadQueue().filter(sameContext).map(function (e) { return e.body; })).forEach(function (s) {
    var id = s.exercise_id || s.exercise;
    var k = key(id, s.set_index);
    if (records[k] === undefined) records[k] = judge(id, s);
  });

  function stage(name) {
    ["stage-ready", "stage-active", "stage-log", "stage-rest"].forEach(function (id) {
      show($(id), id === "stage-" + name);
    });
  }
  function stopTimer() { if (timer !== null) { clearInterval(timer); timer = null; } }

  // The load to offer for a set: a working set follows the load already used
  // today, else the prescription's.
  function offeredLoad(i, setIndex) {
    var p = prescribed(i, setIndex);
    if (p.kind !== "warmup" && has(lastLoad[items[i].exercise])) return lastLoad[items[i].exercise];
    return p.load_kg;
  }

  function targetText(i, setIndex) {
    var item = items[i];
    var p = prescribed(i, setIndex);
    var parts = [];
    var side = item.per_side ? " per side" : "";
    if (isHold(item)) parts.push("hold " + num(p.hold_s || item.hold_s) + " s" + side);
    else {
      var load = offeredLoad(i, setIndex);
      var reps = p.reps || item.reps;
      parts.push((has(load) && load > 0 ? loadText(load) + " × " : "") + plural(reps, "rep") + side);
      if (!item.loaded) parts.push(has(item.body_weight_kg) ? "body weight (" + loadText(item.body_weight_kg) + ")" : "body weight");
    }
    if (p.kind !== "warmup" && item.tempo) parts.push("tempo " + num(item.tempo.concentric_s) + "-" + num(item.tempo.pause_s) + "-" + num(item.tempo.eccentric_s));
    parts.push("rest " + restText(restFor(i, setIndex)));
    return parts.join(" · ");
  }
  function restText(seconds) {
    if (seconds < 120) return seconds + " s";
    return seconds % 60 ? clock(seconds) + " min" : seconds / 60 + " min";
  }
  function restFor(i, setIndex) {
    var rest = items[i].rest_s || 0;
    return prescribed(i, setIndex).kind === "warmup" ? Math.min(rest, WARMUP_REST_S) : rest;
  }

  function lastTimeText(item) {
    if (!item.last) return "";
    var d = new Date(item.last.on + "T12:00:00");
    var when = d.toLocaleDateString(undefined, { day: "numeric", month: "short", year: d.getFullYear() === new Date().getFullYear() ? undefined : "numeric" });
    var parts = [], shownLoad = null;
    var bodyWeight = item.last.sets.every(function (s) { return has(s.reps) && !(s.load_kg > 0); });
    if (bodyWeight) return "Last time (" + when + "): " + item.last.sets.map(function (s) { return s.reps; }).join(", ") + " reps";
    item.last.sets.forEach(function (s, n) {
      if (!has(s.reps)) parts.push(num(s.duration_s, 0) + " s");
      else if (has(s.load_kg) && s.load_kg > 0 && (n === 0 || s.load_kg !== shownLoad)) { parts.push(setText_(s.load_kg, s.reps)); shownLoad = s.load_kg; }
      else parts.push(String(s.reps));
    });
    return "Last time (" + when + "): " + parts.join(", ");
  }

  function list(title, lines) {
    if (!lines || !lines.length) return "";
    var ul = document.createElement("div");
    var h = document.createElement("h3");
    h.textContent = title;
    ul.appendChild(h);
    var l = document.createElement("ul");
    lines.forEach(function (t) { var li = document.createElement("li"); li.textContent = t; l.appendChild(li); });
    ul.appendChild(l);
    return ul;
  }

  function renderList() {
    var lis = document.querySelectorAll("#item-list li");
    for (var i = 0; i < lis.length; i++) {
      var complete = itemDone(i);
      lis[i].className = (complete ? "done" : skipped[i] ? "skipped" : "") + (pos && pos.item === i ? " current" : "");
      var mark = lis[i].querySelector(".mark");
      if (mark) mark.textContent = complete ? "✓" : skipped[i] ? "–" : pos && pos.item === i ? "▶" : "";
    }
  }

  function badge(kinds) {
    var span = document.createElement("span");
    span.className = "record-badge";
    span.setAttribute("data-testid", "record-badge");
    span.textContent = "Record: " + recordWords(kinds).join(", ");
    return span;
  }

  // The table of today's sets for the exercise on screen: target, last time, done.
  function renderTable(i) {
    var body = $("sets-body");
    body.textContent = "";
    var item = items[i];
    var lastSets = item.last ? item.last.sets : [];
    setsOf(i).forEach(function (p) {
      var tr = document.createElement("tr");
      var k = key(item.exercise, p.set_index);
      var logged = done[k];
      var warm = p.kind === "warmup";
      if (pos && pos.item === i && pos.set === p.set_index) tr.className = "current";
      if (warm) tr.className += " warmup";
      var cells = [
        warm ? "W" + p.set_index : String(workingNumber(i, p.set_index)),
        isHold(item) ? num(p.hold_s, 0) + " s" : setText_(p.kind === "warmup" || logged ? p.load_kg : offeredLoad(i, p.set_index), p.reps),
        ""
      ];
      if (!warm) {
        var prior = lastSets[workingNumber(i, p.set_index) - 1];
        if (prior) cells[2] = setText_(prior.load_kg, prior.reps, prior.duration_s);
      }
      cells.forEach(function (text, n) {
        var td = document.createElement(n === 0 ? "th" : "td");
        if (n === 0) td.scope = "row";
        td.textContent = text;
        tr.appendChild(td);
      });
      var td = document.createElement("td");
      if (logged) {
        td.textContent = "✓ " + setText_(logged.load_kg, logged.reps, logged.duration_s);
        if (records[k] && records[k].length) td.appendChild(badge(records[k]));
        var redo = document.createElement("button");
        redo.type = "button";
        redo.className = "link-button";
        redo.textContent = "Edit";
        redo.setAttribute("aria-label", "Edit " + (warm ? "warm-up " + p.set_index : "set " + workingNumber(i, p.set_index)));
        redo.addEventListener("click", function () { pos = { item: i, set: p.set_index }; renderCurrent(); openLog(); });
        td.appendChild(redo);
      }
      tr.appendChild(td);
      body.appendChild(tr);
    });
  }

  function renderCurrent() {
    stopTimer();
    renderList();
    status();
    if (!pos) {
      show($("current"), false);
      show($("session-done"), true);
      return;
    }
    show($("current"), true);
    show($("session-done"), false);
    var item = items[pos.item];
    var p = prescribed(pos.item, pos.set);
    setText("item-progress", "Exercise " + (pos.item + 1) + " of " + items.length + " · " + item.role + (item.superset ? " · superset " + item.superset : ""));
    setText("current-exercise", item.name);
    setText("set-label", setName(pos.item, pos.set));
    setText("target", targetText(pos.item, pos.set));
    var plates = platesText(item, offeredLoad(pos.item, pos.set));
    setText("target-plates", plates);
    show($("target-plates"), !!plates);
    var last = lastTimeText(item);
    setText("last-time", last);
    show($("last-time"), !!last);
    setText("why", p.kind === "warmup" ? "A warm-up: lighter, so the working sets go well. It does not count as a set." : (item.prescription ? item.prescription.why : ""));
    setText("tempo-legend", isHold(item) || p.kind === "warmup" ? "" : tempoWords(item));
    show($("skip-warmups"), p.kind === "warmup");
    var how = $("how-body");
    how.textContent = "";
    [["Set-up", item.setup], ["Steps", item.steps], ["Cues", item.cues]].forEach(function (part) {
      var block = list(part[0], part[1]);
      if (block) how.appendChild(block);
    });
    var link = document.createElement("a");
    link.href = "/exercises/" + encodeURIComponent(item.exercise);
    link.textContent = "The full exercise card";
    how.appendChild(link);
    show($("how"), true);
    show($("easier-offer"), false);
    renderTable(pos.item);
    stage("ready");
  }

  // the set

  // A rep in the order it is done: a bench press or a squat goes down first, a
  // row or a hip thrust up first; the pause sits between the two.
  function phases(item) {
    var t = item.tempo || DEFAULT_TEMPO;
    var up = t.concentric_s > 0 ? ["UP", t.concentric_s] : null;
    var down = t.eccentric_s > 0 ? ["DOWN", t.eccentric_s] : null;
    var pause = t.pause_s > 0 ? ["HOLD", t.pause_s] : null;
    var order = item.lowering_first ? [down, pause, up] : [up, pause, down];
    var list = order.filter(function (p) { return p !== null; });
    if (!list.length) list = item.lowering_first ? [["DOWN", 1], ["UP", 1]] : [["UP", 1], ["DOWN", 1]];
    return list;
  }

  // "Lower for 3 s, pause 1 s, lift for 2 s": the tempo digits in words.
  function tempoWords(item) {
    var t = item.tempo;
    if (!t) return "";
    var up = "lift for " + num(t.concentric_s) + " s";
    var down = "lower for " + num(t.eccentric_s) + " s";
    var pause = t.pause_s > 0 ? "pause " + num(t.pause_s) + " s" : "";
    var order = item.lowering_first ? [down, pause, up] : [up, pause, down];
    var words = order.filter(function (w) { return w; }).join(", ");
    return "Tempo " + num(t.concentric_s) + "-" + num(t.pause_s) + "-" + num(t.eccentric_s) +
      " is seconds lifting, pausing and lowering: " + words.charAt(0).toUpperCase() + words.slice(1) + ".";
  }

  function showPhase(name, fraction) {
    var el = $("phase");
    if (el.textContent !== name) { el.textContent = name; el.className = "phase phase-" + name.toLowerCase(); }
    $("phase-bar").style.width = Math.min(100, Math.max(0, fraction * 100)).toFixed(1) + "%";
  }

  function startSet() {
    unlockAudio();
    keepAwake();
    began();
    var item = items[pos.item];
    var target = prescribed(pos.item, pos.set);
    var wantedReps = target.reps || item.reps;
    reps = 0;
    held = 0;
    stage("active");
    var hold = isHold(item);
    show($("counter-reps"), !hold);
    show($("counter-hold"), hold);
    setText("rep-count", "0");
    setText("rep-target", String(wantedReps || "?"));
    setText("hold-timer", String(hold ? Math.round(item.hold_s) : 0));
    var steps = [["READY", READY_S]];
    var repPhases = hold ? [] : phases(item);
    var index = 0;
    var started = Date.now();
    var beeped = -1;
    function current() { return index < steps.length ? steps[index] : null; }

    function advance() {
      index += 1;
      started = Date.now();
      if (index >= steps.length) {
        if (hold) {
          if (held === 0) steps.push(["HOLD", item.hold_s]);
          else return finishSet();
        } else {
          if (steps.length > 1) {
            reps += 1;
            setText("rep-count", String(reps));
          }
          if (wantedReps && reps >= wantedReps) return finishSet();
          repPhases.forEach(function (p) { steps.push(p); });
        }
      }
    }

    function tick() {
      var step = current();
      if (!step) return;
      var elapsed = (Date.now() - started) / 1000;
      // Catch up when the tab slept: a whole phase may have passed.
      while (step && elapsed >= step[1]) {
        elapsed -= step[1];
        if (hold && step[0] === "HOLD") held = step[1];
        advance();
        if (timer === null) return;
        started = Date.now() - elapsed * 1000;
        step = current();
      }
      if (!step) return;
      if (index !== beeped) {
        beep(PITCH[step[0]] || 600, 120);
        beeped = index;
      }
      if (step[0] === "READY") {
        showPhase("READY " + Math.ceil(step[1] - elapsed), elapsed / step[1]);
      } else {
        showPhase(step[0], elapsed / step[1]);
      }
      if (hold && step[0] === "HOLD") setText("hold-timer", String(Math.ceil(step[1] - elapsed)));
    }
    timer = setInterval(tick, TICK_MS);
    tick();

    $("done-set").onclick = function () {
      if (hold && current() && current()[0] === "HOLD") {
        held = Math.round((Date.now() - started) / 1000);
      }
      finishSet();
    };
  }

  function finishSet() {
    stopTimer();
    beep(PITCH.END, 250);
    openLog();
  }

  function openLog() {
    var item = items[pos.item];
    var p = prescribed(pos.item, pos.set);
    var hold = isHold(item);
    var logged = done[key(item.exercise, pos.set)];
    stage("log");
    setText("label-reps", hold ? "Seconds held" : "Reps");
    setText("label-load", "Load " + units);
    var repsInput = $("input-reps");
    if (logged) repsInput.value = String(hold ? logged.duration_s || "" : has(logged.reps) ? logged.reps : "");
    else if (hold) repsInput.value = String(held > 0 ? held : Math.round(p.hold_s || item.hold_s));
    else repsInput.value = String(reps > 0 ? reps : p.reps || item.reps || "");
    var load = logged ? logged.load_kg : offeredLoad(pos.item, pos.set);
    $("input-load").value = has(load) ? num(shown(load), 2) : "";
    $("input-load").placeholder = item.loaded ? units : "body weight";
    $("input-rpe").value = logged && has(logged.rpe) ? String(logged.rpe) : "";
    $("input-pain").value = logged && has(logged.pain) ? String(logged.pain) : "0";
    $("input-note").value = logged && logged.notes ? logged.notes : "";
    showLogPlates();
    show($("log-error"), false);
    show($("easier-offer"), false);
    repsInput.focus();
  }

  function showLogPlates() {
    if (!pos) return;
    var raw = $("input-load").value.trim();
    var text = raw === "" || !isFinite(Number(raw)) ? "" : platesText(items[pos.item], toKg(Number(raw)));
    setText("log-plates", text);
    show($("log-plates"), !!text);
  }

  function readNumber(id, low, high, whole, label) {
    var raw = $(id).value.trim();
    if (raw === "") return null;
    var v = Number(raw);
    if (!isFinite(v) || v < low || v > high || (whole && Math.round(v) !== v)) {
      throw new Error(label + " must be " + (whole ? "a whole number " : "") + "from " + low + " to " + high);
    }
    return v;
  }

  function logSet(event) {
    if (event) event.preventDefault();
    var item = items[pos.item];
    var p = prescribed(pos.item, pos.set);
    var hold = isHold(item);
    var body;
    try {
      var amount = readNumber("input-reps", 0, hold ? 86400 : 1000, !hold, hold ? "Seconds" : "Reps");
      var pain = readNumber("input-pain", 0, 10, true, "Pain");
      var load = readNumber("input-load", 0, units === "lb" ? 2204 : 1000, false, "Load");
      var note = $("input-note").value.trim();
      body = {
        exercise: item.exercise,
        set_index: pos.set,
        kind: p.kind === "warmup" ? "warmup" : "working",
        reps: hold ? null : amount,
        load_kg: load === null ? null : toKg(load),
        rpe: readNumber("input-rpe", 1, 10, false, "RPE"),
        pain: pain === null ? 0 : pain,
        notes: note || null
      };
      if (hold) body.duration_s = amount;
    } catch (err) {
      setText("log-error", err.message);
      show($("log-error"), true);
      return;
    }
    began();
    var k = key(body.exercise, body.set_index);
    var again = !!done[k];
    remember(body.exercise, body);
    if (!again) records[k] = judge(body.exercise, body);
    enqueue(body);
    var hurt = body.pain >= 4;
    var here = orderIndex(pos);
    var step = order[here] || {};
    var next = nextOpen(here + 1);
    if (!next) { pos = null; renderCurrent(); if (hurt) offerEasier(item); return; }
    // Inside a superset round the next exercise comes straight away.
    var straight = step.paired && !step.lastOfRound && !hurt;
    var news = records[k] && records[k].length ? "New record on " + item.name + ": " + recordWords(records[k]).join(", ") + "!" : "";
    rest(pos.item, pos.set, next, hurt, straight ? 0 : restFor(pos.item, pos.set), news);
  }

  function offerEasier(item) {
    var ul = $("easier-list");
    ul.textContent = "";
    (item.easier || []).forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "/exercises/" + encodeURIComponent(e.id);
      a.textContent = e.name;
      li.appendChild(a);
      ul.appendChild(li);
    });
    if (!item.easier || !item.easier.length) {
      var li = document.createElement("li");
      li.textContent = "The library has no easier version: skip this exercise today.";
      ul.appendChild(li);
    }
    show($("easier-offer"), true);
    var box = $("easier-offer");
    if (!pos) $("player").insertBefore(box, $("sync-status"));
  }

  // The rest in progress, kept where a reload finds it: when it ends, how long it
  // was, and whether the last set hurt.
  var REST_KEY = "backchain-rest:" + data.plan_id + ":" + data.week + ":" + data.day;
  var resting = null;

  function saveRest() {
    try {
      if (resting) localStorage.setItem(REST_KEY, JSON.stringify(resting));
      else localStorage.removeItem(REST_KEY);
    } catch (err) { /* storage full or off: the rest still runs */ }
  }

  function rest(i, setIndex, next, hurt, seconds, news) {
    setText("set-label", setName(i, setIndex) + " logged ✓");
    pos = next;
    renderList();
    if (hurt) offerEasier(items[i]);
    if (!seconds) { renderCurrent(); if (news) flashNews(news); return; }
    resting = { ends: Date.now() + seconds * 1000, seconds: seconds, hurt: !!hurt, news: news || "",
      item: next.item, set: next.set };
    saveRest();
    runRest();
  }

  function flashNews(news) {
    setText("record-news", news);
    show($("record-news"), !!news);
  }

  function runRest() {
    var nextItem = items[pos.item];
    setText("next-up", "Next: " + nextItem.name + ", " + setName(pos.item, pos.set) + " · " + targetText(pos.item, pos.set).split(" · ")[0]);
    renderTable(pos.item);
    stage("rest");
    flashNews(resting.news);
    function tick() {
      if (!resting) return;
      var left = (resting.ends - Date.now()) / 1000;
      setText("rest-timer", clock(Math.max(0, left)));
      var done = 1 - left / resting.seconds;
      $("rest-bar").style.width = (100 * Math.min(1, Math.max(0, done))).toFixed(1) + "%";
      if (left <= 0) {
        beep(PITCH.END, 200);
        setTimeout(function () { beep(PITCH.END, 200); }, 300);
        if (navigator.vibrate) navigator.vibrate([200, 100, 200]);
        endRest(resting.hurt);
      }
    }
    stopTimer();
    timer = setInterval(tick, 250);
    tick();
  }

  // +30 s or -30 s on the rest under way.
  function changeRest(seconds) {
    if (!resting) return;
    var left = Math.max(0, (resting.ends - Date.now()) / 1000 + seconds);
    resting.ends = Date.now() + left * 1000;
    resting.seconds = Math.max(resting.seconds + seconds, left, 1);
    saveRest();
    runRest();
  }

  function endRest(keepOffer) {
    stopTimer();
    resting = null;
    saveRest();
    show($("record-news"), false);
    renderCurrent();
    if (keepOffer) show($("easier-offer"), true);
  }

  // A rest that was running when the page was left goes on where it was.
  function resumeRest() {
    var stored = null;
    try { stored = JSON.parse(localStorage.getItem(REST_KEY) || "null"); } catch (err) { stored = null; }
    if (!stored || !pos || !(stored.ends > Date.now())) { resting = null; saveRest(); return; }
    // The rest leads to the set it led to before the reload, while that set is still open.
    if (items[stored.item] && isOpen(stored.item, stored.set)) pos = { item: stored.item, set: stored.set };
    resting = stored;
    runRest();
  }

  // changing the session: it needs the connection (the server works out the doses)

  function editError(text) {
    setText("edit-error", text);
    show($("edit-error"), !!text);
  }
  function workoutReady() {
    var entry = { plan_id: context.plan_id, week: context.week, day: context.day, today: context.today, workout_id: data.workout_id || null };
    return ensureWorkout(entry);
  }
  function failed(r) {
    return detail(r).then(function (d) { throw new Error(d || "the server said no (" + r.status + ")"); });
  }
  function getJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : failed(r); });
  }
  // Exercises offered to the session that it does not hold already.
  function notInSession(found) {
    var present = {};
    items.forEach(function (item) { present[item.exercise] = true; });
    return found.filter(function (e) { return !present[e.id]; });
  }
    function saveLayout(list) {
    editError("");
    return workoutReady().then(function (id) {
      return api("PUT", "/api/v1/workouts/" + id + "/layout", { items: list }).then(function (r) {
        if (!r.ok) return failed(r);
        window.location.reload();
      });
    }).catch(function (err) {
      editError((err && err.message) || "Could not change the session: check the connection and try again.");
    });
  }
  function layout() {
    return items.map(function (item) { return { exercise: item.exercise, superset: item.superset || null }; });
  }
  function move(i, by) {
    var list = layout();
    var j = i + by;
    if (j < 0 || j >= list.length) return;
    var moved = list.splice(i, 1)[0];
    list.splice(j, 0, moved);
    saveLayout(list);
  }
  function pair(i) {
    var list = layout();
    var a = list[i], b = list[i + 1];
    if (!b) return;
    if (a.superset && a.superset === b.superset) {
      b.superset = null;
      if (!(list[i - 1] && list[i - 1].superset === a.superset)) a.superset = null;
    } else {
      var used = {};
      list.forEach(function (x) { if (x.superset) used[x.superset] = true; });
      var letter = a.superset || "ABCDEFGH".split("").filter(function (l) { return !used[l]; })[0];
      if (!letter) return editError("A session holds at most 8 supersets.");
      a.superset = letter;
      b.superset = letter;
    }
    saveLayout(list);
  }
  function effectText(alt) {
    var parts = (alt.week_sets || []).map(function (c) {
      var n = Math.round(c.sets * 2) / 2;
      return c.name + " " + (n > 0 ? "+" : "−") + plural(Math.abs(n), "set");
    });
    var text = parts.length ? "This week: " + parts.join(", ") + "." : "The same muscles: the week's balance stays as it is.";
    if (alt.breaks && alt.breaks.length) text += " It would upset a balance: " + alt.breaks.join("; ") + ".";
    if (alt.mends && alt.mends.length) text += " It would mend: " + alt.mends.join("; ") + ".";
    return text;
  }
  function replace_(i) {
    var box = $("alternatives");
    var item = items[i];
    box.textContent = "Looking for alternatives…";
    show(box, true);
    editError("");
    getJson("/api/v1/exercises/" + encodeURIComponent(item.exercise) + "/alternatives?week=" + data.week + "&day=" + data.day).then(function (found) {
      found = notInSession(found);
      box.textContent = "";
      var h = document.createElement("h3");
      h.textContent = "Replace " + item.name + " today with";
      box.appendChild(h);
      if (!found.length) {
        var none = document.createElement("p");
        none.textContent = "Nothing else trains the same muscles the same way with your equipment.";
        box.appendChild(none);
      }
      var ul = document.createElement("ul");
      ul.className = "found";
      found.forEach(function (alt) {
        var li = document.createElement("li");
        var pick = document.createElement("button");
        pick.type = "button";
        pick.className = "button block alt-pick";
        pick.setAttribute("data-testid", "alternative");
        pick.setAttribute("data-exercise", alt.id);
        pick.textContent = alt.name;
        pick.addEventListener("click", function () {
          var list = layout();
          list[i] = { exercise: alt.id, replaces: item.exercise, superset: item.superset || null };
          saveLayout(list);
        });
        var note = document.createElement("p");
        note.className = "muted small";
        note.textContent = (alt.same_movement ? "" : "Another movement for the same muscles. ") + alt.equipment.join(", ") + ". " + effectText(alt);
        li.appendChild(pick);
        li.appendChild(note);
        ul.appendChild(li);
      });
      box.appendChild(ul);
      box.scrollIntoView({ block: "nearest" });
    }).catch(function (err) {
      show(box, false);
      editError((err && err.message) || "Could not load the alternatives: check the connection.");
    });
  }
  function findToAdd(event) {
    event.preventDefault();
    var q = $("add-query").value.trim();
    var ul = $("add-found");
    ul.textContent = "";
    if (!q) return;
    getJson("/api/v1/sessions/addable?q=" + encodeURIComponent(q)).then(function (found) {
      found = notInSession(found);
      if (!found.length) {
        var li = document.createElement("li");
        li.textContent = "Nothing you can do with your equipment matches “" + q + "”.";
        ul.appendChild(li);
      }
      found.forEach(function (e) {
        var li = document.createElement("li");
        var add = document.createElement("button");
        add.type = "button";
        add.className = "button block";
        add.setAttribute("data-testid", "add-pick");
        add.textContent = "Add " + e.name;
        add.addEventListener("click", function () { saveLayout(layout().concat([{ exercise: e.id }])); });
        li.appendChild(add);
        ul.appendChild(li);
      });
    }).catch(function (err) { editError((err && err.message) || "Could not search: check the connection."); });
  }
  var editing = false;
  function toggleEdit() {
    editing = !editing;
    $("edit-session").setAttribute("aria-pressed", editing ? "true" : "false");
    $("edit-session").textContent = editing ? "Done" : "Change";
    var tools = document.querySelectorAll("#item-list .item-tools");
    for (var n = 0; n < tools.length; n++) show(tools[n], editing);
    show($("add-exercise"), editing);
    show($("edit-help"), editing);
    if (!editing) { show($("alternatives"), false); editError(""); }
  }

  // the end: every set saved first, then the summary

  function finishWorkout() {
    var error = function (text) { setText("finish-error", text); show($("finish-error"), !!text); };
    error("");
    var pending = unsaved(loadQueue()).filter(sameContext).length;
    if (pending) { flush(); return error("Some sets are still waiting to be saved: finish once they are (it needs the connection)."); }
    if (!data.workout_id) return error("Log a set first: there is nothing to finish yet.");
    var button = $("finish-workout");
    button.disabled = true;
    api("POST", "/api/v1/workouts/" + data.workout_id + "/finish", { notes: $("workout-notes").value.trim() || null }).then(function (r) {
      if (!r.ok) return failed(r);
      try { localStorage.removeItem(BEGAN_KEY); localStorage.removeItem(REST_KEY); } catch (err) { /* fine */ }
      window.location.href = "/workouts/" + data.workout_id + "/summary";
    }).catch(function (err) {
      button.disabled = false;
      error((err && err.message) || "Could not finish: check the connection and try again.");
    });
  }

  // wiring

  $("start-set").addEventListener("click", startSet);
  $("stage-log").addEventListener("submit", logSet);
  $("input-load").addEventListener("input", showLogPlates);
  $("skip-rest").addEventListener("click", function () { endRest(false); });
  $("rest-less").addEventListener("click", function () { changeRest(-30); });
  $("rest-more").addEventListener("click", function () { changeRest(30); });
  $("skip-to-log").addEventListener("click", function () { unlockAudio(); reps = 0; held = 0; openLog(); });
  $("skip-warmups").addEventListener("click", function () {
    if (!pos) return;
    skipWarm[pos.item] = true;
    pos = nextOpen(orderIndex(pos));
    renderCurrent();
  });
  $("skip-exercise").addEventListener("click", function () {
    if (!pos) return;
    skipped[pos.item] = true;
    pos = firstOpen(pos.item + 1 < items.length ? pos.item + 1 : 0);
    renderCurrent();
  });
  $("input-pain").addEventListener("input", function () {
    var v = Number($("input-pain").value);
    if (pos && v >= 4) offerEasier(items[pos.item]);
    else show($("easier-offer"), false);
  });
  var picks = document.querySelectorAll("#item-list .item-pick");
  for (var p = 0; p < picks.length; p++) {
    picks[p].addEventListener("click", function (ev) {
      var i = Number(ev.currentTarget.getAttribute("data-index"));
      delete skipped[i];
      var open = setsOf(i).filter(function (s) { return isOpen(i, s.set_index); })[0];
      pos = { item: i, set: (open || setsOf(i)[setsOf(i).length - 1]).set_index };
      renderCurrent();
      window.scrollTo(0, 0);
    });
  }
  var tools = document.querySelectorAll("#item-list .item-tools button");
  for (var t = 0; t < tools.length; t++) {
    tools[t].addEventListener("click", function (ev) {
      var b = ev.currentTarget;
      var i = Number(b.getAttribute("data-index"));
      var act = b.getAttribute("data-act");
      if (act === "up") move(i, -1);
      else if (act === "down") move(i, 1);
      else if (act === "pair") pair(i);
      else if (act === "replace") replace_(i);
    });
  }
  $("edit-session").addEventListener("click", toggleEdit);
  $("add-exercise").addEventListener("submit", findToAdd);
  $("finish-workout").addEventListener("click", finishWorkout);

  renderCurrent();
  resumeRest();
  flush();
})();
