/* backchain session player: tempo metronome, rep counter, set logging with an
   offline queue, rest timer. Plain JS, no libraries. Timers use setTimeout /
   setInterval / Date.now() only, so tests can drive them with a fake clock. */
(function () {
  "use strict";

  var QUEUE_KEY = "backchain.pending-sets";
  var TICK_MS = 100;
  var READY_S = 3;
  var DEFAULT_TEMPO = { concentric_s: 1, pause_s: 0, eccentric_s: 2 };
  var PITCH = { READY: 520, UP: 880, HOLD: 660, DOWN: 440, END: 990 };

  var source = document.getElementById("session-data");
  if (!source) return;
  var data = JSON.parse(source.textContent || "{}");
  var items = data.items || [];
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
  function key(exercise, setIndex) { return exercise + "#" + setIndex; }
  function isHold(item) { return item.hold_s !== null && item.hold_s !== undefined; }
  function setsOf(item) { return Math.max(1, item.sets || 1); }

  // the local queue

  var context = { plan_id: data.plan_id, week: data.week, day: data.day, today: data.today };

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

  // Sets done: the server's, then the ones waiting in the queue.
  var done = {};
  var lastLoad = {};
  (data.logged || []).forEach(function (s) {
    var id = s.exercise_id || s.exercise_name;
    done[key(id, s.set_index)] = s;
    if (s.load_kg !== null && s.load_kg !== undefined) lastLoad[id] = s.load_kg;
  });
  loadQueue().forEach(function (e) {
    if (!sameContext(e)) return;
    done[key(e.body.exercise, e.body.set_index)] = e.body;
    if (e.body.load_kg !== null && e.body.load_kg !== undefined) lastLoad[e.body.exercise] = e.body.load_kg;
    if (!data.workout_id && e.workout_id) data.workout_id = e.workout_id;
  });
  var skipped = {};

  function firstOpen(fromItem) {
    for (var i = fromItem || 0; i < items.length; i++) {
      if (skipped[i]) continue;
      for (var s = 1; s <= setsOf(items[i]); s++) {
        if (!done[key(items[i].exercise, s)]) return { item: i, set: s };
      }
    }
    if (fromItem) return firstOpen(0);
    return null;
  }
  function itemDone(i) {
    for (var s = 1; s <= setsOf(items[i]); s++) {
      if (!done[key(items[i].exercise, s)]) return false;
    }
    return true;
  }

  // sync

  var flushing = false;
  var syncError = "";

  function status() {
    var pending = loadQueue().filter(sameContext).length;
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
      plan_id: entry.plan_id, plan_week: entry.week, plan_day: entry.day
    }).then(function (r) {
      if (!r.ok) return detail(r).then(function (d) { throw { status: r.status, detail: d }; });
      return r.json().then(function (w) {
        if (sameContext(entry)) data.workout_id = w.id;
        return w.id;
      });
    });
  }

  function flush() {
    if (flushing) return;
    var queue = loadQueue();
    if (!queue.length) { status(); return; }
    flushing = true;
    var entry = queue[0];
    ensureWorkout(entry).then(function (workoutId) {
      entry.workout_id = workoutId;
      return api("POST", "/api/v1/workouts/" + workoutId + "/sets", entry.body).then(function (r) {
        if (!r.ok) return detail(r).then(function (d) { throw { status: r.status, detail: d }; });
      });
    }).then(function () {
      var q = loadQueue().filter(function (e) { return e.id !== entry.id; });
      saveQueue(q);
      syncError = "";
      flushing = false;
      status();
      if (q.length) flush();
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

  var pos = firstOpen(0);
  var timer = null;
  var reps = 0;
  var held = 0;

  function stage(name) {
    ["stage-ready", "stage-active", "stage-log", "stage-rest"].forEach(function (id) {
      show($(id), id === "stage-" + name);
    });
  }
  function stopTimer() { if (timer !== null) { clearInterval(timer); timer = null; } }

  function targetText(item) {
    var parts = [];
    var side = item.per_side ? " per side" : "";
    if (isHold(item)) parts.push("hold " + num(item.hold_s) + " s" + side);
    else {
      var range = item.reps_min !== null && item.reps_max !== null && item.reps_min !== item.reps_max ?
        " (" + item.reps_min + "–" + item.reps_max + ")" : "";
      parts.push(item.reps + " reps" + range + side);
    }
    if (item.tempo) parts.push("tempo " + num(item.tempo.concentric_s) + "-" + num(item.tempo.pause_s) + "-" + num(item.tempo.eccentric_s));
    var load = item.load_kg !== null && item.load_kg !== undefined ? item.load_kg : lastLoad[item.exercise];
    if (load !== null && load !== undefined) parts.push(num(load) + " kg");
    parts.push("rest " + item.rest_s + " s");
    return parts.join(" · ");
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
    setText("item-progress", "Exercise " + (pos.item + 1) + " of " + items.length + " · " + item.role);
    setText("current-exercise", item.name);
    setText("set-label", "set " + pos.set + " of " + setsOf(item));
    setText("target", targetText(item));
    setText("tempo-legend", isHold(item) ? "" : tempoWords(item));
    var how = $("how-body");
    how.textContent = "";
    [["Set-up", item.setup], ["Steps", item.steps], ["Cues", item.cues]].forEach(function (p) {
      var block = list(p[0], p[1]);
      if (block) how.appendChild(block);
    });
    var link = document.createElement("a");
    link.href = "/exercises/" + encodeURIComponent(item.exercise);
    link.textContent = "The full exercise card";
    how.appendChild(link);
    show($("how"), true);
    show($("easier-offer"), false);
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
    var item = items[pos.item];
    reps = 0;
    held = 0;
    stage("active");
    var hold = isHold(item);
    show($("counter-reps"), !hold);
    show($("counter-hold"), hold);
    setText("rep-count", "0");
    setText("rep-target", String(item.reps || "?"));
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
          if (item.reps && reps >= item.reps) return finishSet();
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
    var hold = isHold(item);
    stage("log");
    setText("label-reps", hold ? "Seconds held" : "Reps");
    var repsInput = $("input-reps");
    if (hold) repsInput.value = String(held > 0 ? held : Math.round(item.hold_s));
    else repsInput.value = String(reps > 0 ? reps : item.reps || "");
    var load = item.load_kg !== null && item.load_kg !== undefined ? item.load_kg : lastLoad[item.exercise];
    $("input-load").value = load !== null && load !== undefined ? String(load) : "";
    $("input-rpe").value = "";
    $("input-pain").value = "0";
    show($("log-error"), false);
    show($("easier-offer"), false);
    repsInput.focus();
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
    var hold = isHold(item);
    var body;
    try {
      var amount = readNumber("input-reps", 0, hold ? 86400 : 1000, !hold, hold ? "Seconds" : "Reps");
      var pain = readNumber("input-pain", 0, 10, true, "Pain");
      body = {
        exercise: item.exercise,
        set_index: pos.set,
        reps: hold ? null : amount,
        load_kg: readNumber("input-load", 0, 1000, false, "Load"),
        rpe: readNumber("input-rpe", 1, 10, false, "RPE"),
        pain: pain === null ? 0 : pain
      };
      if (hold) body.duration_s = amount;
    } catch (err) {
      setText("log-error", err.message);
      show($("log-error"), true);
      return;
    }
    done[key(body.exercise, body.set_index)] = body;
    if (body.load_kg !== null) lastLoad[body.exercise] = body.load_kg;
    enqueue(body);
    var hurt = body.pain >= 4;
    var next = firstOpen(pos.item);
    if (!next) { pos = null; renderCurrent(); if (hurt) offerEasier(item); return; }
    rest(item, next, hurt);
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

  function rest(item, next, hurt) {
    setText("set-label", "set " + pos.set + " of " + setsOf(item) + " logged ✓");
    pos = next;
    renderList();
    var seconds = Math.max(0, item.rest_s || 0);
    if (hurt) offerEasier(item);
    if (!seconds) { renderCurrent(); return; }
    resting = { ends: Date.now() + seconds * 1000, seconds: seconds, hurt: !!hurt };
    saveRest();
    runRest();
  }

  function runRest() {
    var nextItem = items[pos.item];
    setText("next-up", "Next: " + nextItem.name + ", set " + pos.set + " of " + setsOf(nextItem));
    stage("rest");
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
    renderCurrent();
    if (keepOffer) show($("easier-offer"), true);
  }

  // A rest that was running when the page was left goes on where it was.
  function resumeRest() {
    var stored = null;
    try { stored = JSON.parse(localStorage.getItem(REST_KEY) || "null"); } catch (err) { stored = null; }
    if (!stored || !pos || !(stored.ends > Date.now())) { resting = null; saveRest(); return; }
    resting = stored;
    runRest();
  }

  // wiring

  $("start-set").addEventListener("click", startSet);
  $("stage-log").addEventListener("submit", logSet);
  $("skip-rest").addEventListener("click", function () { endRest(false); });
  $("rest-less").addEventListener("click", function () { changeRest(-30); });
  $("rest-more").addEventListener("click", function () { changeRest(30); });
  $("skip-to-log").addEventListener("click", function () { unlockAudio(); reps = 0; held = 0; openLog(); });
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
      var s = 1;
      while (s < setsOf(items[i]) && done[key(items[i].exercise, s)]) s++;
      pos = { item: i, set: s };
      renderCurrent();
      window.scrollTo(0, 0);
    });
  }

  renderCurrent();
  resumeRest();
  flush();
})();
