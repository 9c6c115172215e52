"""The dashboard's page weight and first render, in Debian's chromium.

A fresh SQLite file is made and ``backchain serve`` is started on a free
loopback port in its own process. A user signs up and onboards through the
pages' forms and imports the real Strong export
(``../shared/real-exports/strong_v6.csv``) through ``POST /api/v1/imports``,
all over HTTP, and a session cookie is taken from the log-in form. The server
is then stopped and started again on the same file, so that the browser's first
``/dashboard`` is the new server's first request: cold, with the server's lazy
imports, template compiling and first queries.

Each load of ``/dashboard`` is in a fresh browser context (phone-sized, cache
disabled through the DevTools protocol), so the browser fetches everything.

* Page weight: the body bytes of every response the page fetched (HTML, CSS,
  JS, images, fonts, other), decoded, summed and grouped by resource type, plus
  the bytes on the wire (fewer only when the server compresses) and what gzip
  would make of each body. Target: at most 150,000 bytes (150 kB, not KiB).
* First render: from the browser's Navigation Timing and Paint Timing, the time
  to first byte, DOMContentLoaded, the end of the load event and the
  first-contentful-paint (the first render), for the cold load and for
  ``--warm`` further loads (median and max). Target: first-contentful-paint
  under 1000 ms, both cold and warm median.

The exit status is 1 when a target is missed. Only loopback is used. Chromium
comes from ``BACKCHAIN_TEST_CHROMIUM`` or ``scripts/chromium-for-tests``. Run::

    .venv/bin/python bench/page_weight.py
    .venv/bin/python bench/page_weight.py --warm 20 --out page_weight.json
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from contextlib import suppress
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Browser, Error, Response, ViewportSize, sync_playwright

from served import served

ROOT = Path(__file__).resolve().parents[1]
EXPORT = ROOT.parent / "shared" / "real-exports" / "strong_v6.csv"
SECRET = "p" * 40
PASSWORD = "a long enough passphrase"
PHONE: ViewportSize = {"width": 360, "height": 780}
WEIGHT_TARGET = 150_000  # bytes
RENDER_TARGET_MS = 1000.0
TYPES = ("document", "stylesheet", "script", "image", "font")
TIMING_JS = """() => {
  const n = performance.getEntriesByType("navigation")[0];
  const p = performance.getEntriesByName("first-contentful-paint")[0];
  return {ttfb: n.responseStart - n.startTime, dcl: n.domContentLoadedEventEnd - n.startTime,
          load: n.loadEventEnd - n.startTime, fcp: p ? p.startTime : null};
}"""
READY_JS = """() => {
  const n = performance.getEntriesByType("navigation")[0];
  return n && n.loadEventEnd > 0
    && performance.getEntriesByName("first-contentful-paint").length > 0;
}"""


def expect(response: httpx.Response, code: int, location: str | None = None) -> None:
    """Refuse an answer other than ``code`` (and a redirect elsewhere than ``location``)."""
    found = response.headers.get("location", "")
    if response.status_code != code or (location and not found.startswith(location)):
        raise RuntimeError(
            f"{response.request.method} {response.request.url.path}: "
            f"{response.status_code} {found} {response.text[:300]!r}"
        )


def fill(base: str) -> dict[str, Any]:
    """Sign up, onboard and import the real export; the import's report."""
    with httpx.Client(base_url=base, timeout=120) as http:
        expect(http.get("/signup"), 200)
        csrf = http.cookies["backchain_csrf"]
        form = {"csrf_token": csrf, "username": "weigher", "password": PASSWORD}
        expect(
            http.post("/signup", data={**form, "password_confirm": PASSWORD}), 303, "/onboarding"
        )
        profile = {"csrf_token": csrf, "equipment": "home", "days": "3", "minutes": "45"}
        expect(http.post("/onboarding", data=profile), 303, "/plan")
        with EXPORT.open("rb") as file:
            answer = http.post(
                "/api/v1/imports",
                files={"file": (EXPORT.name, file, "text/csv")},
                headers={"X-CSRF-Token": csrf},
            )
        expect(answer, 201)
        report: dict[str, Any] = answer.json()
        return report


def sign_in(base: str) -> str:
    """The session cookie the log-in form gives."""
    with httpx.Client(base_url=base, timeout=60) as http:
        expect(http.get("/login"), 200)
        form = {"csrf_token": http.cookies["backchain_csrf"], "username": "weigher",
                "password": PASSWORD, "next": "/dashboard"}  # fmt: skip
        expect(http.post("/login", data=form), 303, "/dashboard")
        return http.cookies["backchain_session"]


def chromium() -> str:
    """The chromium executable: ``BACKCHAIN_TEST_CHROMIUM`` or ``scripts/chromium-for-tests``."""
    return (
        os.environ.get("BACKCHAIN_TEST_CHROMIUM")
        or subprocess.run(
            [str(ROOT / "scripts" / "chromium-for-tests")],
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        ).stdout.strip()
    )


def html_parts(html: bytes) -> dict[str, int]:
    """Bytes of the HTML taken by inline SVG (and its largest one), scripts, styles
    and data: URIs."""
    svgs = [len(m.group()) for m in re.finditer(rb"<svg\b.*?</svg>", html, re.S | re.I)]
    return {
        "inline_svg": sum(svgs),
        "largest_svg": max(svgs, default=0),
        **{
            name: sum(len(m.group()) for m in re.finditer(pattern, html, re.S | re.I))
            for name, pattern in (
                ("inline_script", rb"<script\b.*?</script>"),
                ("inline_style", rb"<style\b.*?</style>|\sstyle=\"[^\"]*\""),
                ("data_uri", rb"data:[^\"')\s]+"),
            )
        },
    }


def load(browser: Browser, base: str, session: str) -> dict[str, Any]:
    """Load ``/dashboard`` once in a fresh context with the cache disabled."""
    context = browser.new_context(base_url=base, viewport=PHONE)
    try:
        context.add_cookies([{"name": "backchain_session", "value": session, "url": base}])
        page = context.new_page()
        page.set_default_timeout(30_000)
        devtools = context.new_cdp_session(page)
        devtools.send("Network.enable")
        devtools.send("Network.setCacheDisabled", {"cacheDisabled": True})
        responses: list[Response] = []
        page.on("response", lambda response: responses.append(response))
        answer = page.goto("/dashboard", wait_until="load")
        if answer is None or answer.status != 200 or not page.url.endswith("/dashboard"):
            raise RuntimeError(f"/dashboard did not load: {answer and answer.status} {page.url}")
        page.wait_for_function(READY_JS, timeout=10_000)
        with suppress(Error):  # fetches later than ten seconds are left out
            page.wait_for_load_state("networkidle", timeout=10_000)
        gauges = page.locator("[data-testid^=gauge], .gauge").count()
        if gauges < 3:
            raise RuntimeError(f"the dashboard shows {gauges} gauges: is it empty?")
        timing: dict[str, float | None] = page.evaluate(TIMING_JS)
        fetched: list[dict[str, Any]] = []
        for response in responses:
            try:
                body = response.body()
            except Error:
                continue  # a redirect has no body
            request = response.request
            fetched.append(
                {
                    "url": response.url.removeprefix(base),
                    "type": request.resource_type if request.resource_type in TYPES else "other",
                    "status": response.status,
                    "bytes": len(body),
                    "wire_bytes": request.sizes()["responseBodySize"],
                    "gzip_bytes": len(gzip.compress(body)),
                    "encoding": response.headers.get("content-encoding", ""),
                    "parts": html_parts(body) if request.resource_type == "document" else None,
                }
            )
        return {"timing_ms": timing, "fetched": fetched}
    finally:
        context.close()


def summarise(cold: dict[str, Any], warm: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures: weight by type from the cold load, timings cold and warm."""
    by_type = dict.fromkeys((*TYPES, "other"), 0)
    for item in cold["fetched"]:
        by_type[item["type"]] += item["bytes"]
    weight = sum(by_type.values())

    def stats(key: str) -> dict[str, float | None]:
        values = [w["timing_ms"][key] for w in warm if w["timing_ms"][key] is not None]
        return {
            "median": round(float(statistics.median(values)), 1) if values else None,
            "max": round(float(max(values)), 1) if values else None,
        }

    cold_ms = {k: None if v is None else round(float(v), 1) for k, v in cold["timing_ms"].items()}
    warm_ms = {k: stats(k) for k in ("ttfb", "dcl", "load", "fcp")}
    weights = {sum(item["bytes"] for item in w["fetched"]) for w in warm}
    fcp_cold, fcp_warm = cold_ms["fcp"], warm_ms["fcp"]["median"]
    return {
        "weight_bytes": weight,
        "weight_by_type": by_type,
        "weight_stable_across_loads": weights <= {weight},
        "fetched": cold["fetched"],
        "cold_ms": cold_ms,
        "warm_ms": warm_ms,
        "warm_loads": len(warm),
        "weight_ok": weight <= WEIGHT_TARGET,
        "render_ok": fcp_cold is not None
        and fcp_cold < RENDER_TARGET_MS
        and (fcp_warm is None or fcp_warm < RENDER_TARGET_MS),
    }


def report(figures: dict[str, Any]) -> None:
    """Print the figures as a short table and a line per target."""
    print(f"{'resource':<30} {'type':<11} {'status':>6} {'bytes':>8} {'on wire':>8} {'gzipped':>8}")
    for item in figures["fetched"]:
        print(
            f"{item['url'][:30]:<30} {item['type']:<11} {item['status']:>6} {item['bytes']:>8} "
            f"{item['wire_bytes']:>8} {item['gzip_bytes']:>8} {item['encoding']}"
        )
        if item["parts"]:
            parts = "  ".join(f"{k} {v}" for k, v in item["parts"].items())
            print(f"{'':<4}of which: {parts}")
    print("by type: " + "  ".join(f"{k} {v}" for k, v in figures["weight_by_type"].items()))
    cold, warm = figures["cold_ms"], figures["warm_ms"]
    keys = ("ttfb", "dcl", "load", "fcp")
    print(f"{'ms':<11} " + " ".join(f"{k:>8}" for k in keys))
    print(f"{'cold':<11} " + " ".join(f"{cold[k]!s:>8}" for k in keys))
    for stat in ("median", "max"):
        print(f"{'warm ' + stat:<11} " + " ".join(f"{warm[k][stat]!s:>8}" for k in keys))
    print(f"({figures['warm_loads']} warm loads; weight the same on every load: "
          f"{figures['weight_stable_across_loads']})")  # fmt: skip
    print(
        f"weight: {figures['weight_bytes']} bytes (target <= {WEIGHT_TARGET}): "
        f"{'ok' if figures['weight_ok'] else 'MISSED'}"
    )
    print(
        f"first render cold: {cold['fcp']} ms, warm median {warm['fcp']['median']} ms "
        f"(target < {RENDER_TARGET_MS:.0f}): {'ok' if figures['render_ok'] else 'MISSED'}"
    )


def main() -> int:
    """Fill a fresh database, restart the server, load the dashboard and report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--warm", type=int, default=10, help="warm loads after the cold one")
    parser.add_argument("--out", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    if args.warm < 1:
        parser.error("--warm must be at least 1")
    executable = chromium()
    with tempfile.TemporaryDirectory(prefix="backchain-bench-") as folder:
        url = f"sqlite:///{folder}/bench.db"
        print("filling the database...", file=sys.stderr)
        with served(url, SECRET) as base:
            imported = fill(base)
            session = sign_in(base)
        with served(url, SECRET) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable,
                headless=True,
                timeout=60_000,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync", "--no-first-run"],
            )  # fmt: skip
            try:
                print("loading /dashboard...", file=sys.stderr)
                cold = load(browser, base, session)
                warm = [load(browser, base, session) for _ in range(args.warm)]
            finally:
                browser.close()
    figures = summarise(cold, warm)
    figures["import"] = {k: imported[k] for k in ("format", "sets_imported", "rows")}
    figures["import"]["unmatched_names"] = len(imported["unmatched"])
    print(
        f"imported {imported['sets_imported']} sets from {EXPORT.name} "
        f"({len(imported['unmatched'])} unmatched names)"
    )
    report(figures)
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2))
    return 0 if figures["weight_ok"] and figures["render_ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
