#!/usr/bin/env python3
"""Benchmark: search in headless Chromium on the synthetic ISMS (1,000 documents), the isms site
against a bare Material build of the same Markdown (scripts/bench_site.py builds both).

Both sites are served alike, as the shipped nginx configuration serves a site: a file's gzip copy
as it is (`gzip_static`; the bare index is given one too, as its site's owner could), other text
compressed on the fly. Each run opens the same document's page with the browser cache off; as
soon as the page's HTML is parsed, the query is typed into Material's search box, and the page
records (performance.now(), from navigation start) when the index arrived and when the first
result was shown. Runs alternate between the two sites after one warm-up each; medians are
reported.

Usage: .venv/bin/python scripts/bench_search.py [--runs N] [--query TEXT] [--json FILE] [SIZE]
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from bench_site import bare_build, isms_build, write_synthetic
from bench_table import write_numbers

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the server and browser helpers

from support.browser import start_chromium
from support.static_server import serving_gzip

DOCUMENT = "POL-001"  # the page each run opens, in both sites
TIMEOUT = 120.0

# Runs in every page before its own scripts: once the HTML is parsed (Material has mounted its
# search by then), type the query, and note when a first result is in the list.
MEASURE = """
window.__bench = {};
document.addEventListener("DOMContentLoaded", () => setTimeout(() => {
  const input = document.querySelector("input.md-search__input");
  const list = document.querySelector(".md-search-result__list");
  new MutationObserver((changes, observer) => {
    if (list.querySelector("li")) { window.__bench.shown = performance.now(); observer.disconnect(); }
  }).observe(list, {childList: true});
  input.focus();
  input.value = QUERY;
  input.dispatchEvent(new Event("input", {bubbles: true}));
  input.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true}));
  window.__bench.typed = performance.now();
}, 0));
"""
# The entries' file as the page received it. The index built ahead (the isms site's lunr.isms.min.js)
# is loaded by the search worker, whose requests the page's timeline does not list: its time is in
# the first result's, and its size is counted from the files the server sends.
INDEX_TIMING = """
const entry = performance.getEntriesByType("resource").find(e => e.name.includes("search_index.json"));
return entry && {fetched: entry.responseEnd, wire: entry.encodedBodySize, raw: entry.decodedBodySize};
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", nargs="?", type=int, default=1000, help="documents (default 1000)")
    parser.add_argument("--runs", type=int, default=5, help="measured runs per site (default 5)")
    parser.add_argument("--query", default="suppliers", help="what to type into the search box")
    parser.add_argument("--json", type=Path, default=None, metavar="FILE", help="also write the numbers here")
    args = parser.parse_args()
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    logging.getLogger("mkdocs").setLevel("ERROR")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "isms"
        write_synthetic(root, args.size)
        _, ours = isms_build(root, "en")
        _, bare = bare_build(root)
        bare_index = bare / "search" / "search_index.json"
        bare_index.with_name(bare_index.name + ".gz").write_bytes(
            gzip.compress(bare_index.read_bytes(), compresslevel=9, mtime=0)
        )
        sites = {"isms": ours, "bare": bare}
        results = _measure(sites, args.query, args.runs)
    print(f"search ready, {args.size} documents, query {args.query!r}, median of {args.runs} runs (cache off):")
    print(f"{'site':>5} {'index arrived':>14} {'first result':>13} {'index raw':>10} {'over the wire':>14}")
    for name, result in results.items():
        print(
            f"{name:>5} {result['index_arrived_s']:>12.3f} s {result['ready_s']:>11.3f} s"
            f" {result['index_raw_bytes'] / 1e6:>8.3f}MB {result['index_wire_bytes'] / 1e6:>12.3f}MB"
        )
    ratio = results["isms"]["ready_s"] / results["bare"]["ready_s"]
    print(f"ratio: {ratio:.2f}x the bare site")
    if args.json:
        numbers: dict[str, Any] = {
            "documents": args.size,
            "runs": args.runs,
            "query": args.query,
            "ratio": ratio,
            **results,
        }
        write_numbers(args.json, numbers)


def _measure(sites: dict[str, Path], query: str, runs: int) -> dict[str, dict[str, Any]]:
    """Median times and the index's sizes as the browser saw them, per site."""
    browser = _browser()
    try:
        browser.execute_cdp_cmd("Network.enable", {})
        browser.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        browser.execute_cdp_cmd(
            "Page.addScriptToEvaluateOnNewDocument", {"source": MEASURE.replace("QUERY", json.dumps(query))}
        )
        samples: dict[str, list[dict[str, Any]]] = {name: [] for name in sites}
        with ExitStack() as servers:
            urls = {name: servers.enter_context(serving_gzip(site)) + _page(site) for name, site in sites.items()}
            for run in range(runs + 1):  # the first round warms the server's and the system's caches
                for name, url in urls.items():
                    sample = _run(browser, url)
                    if run:
                        samples[name].append(sample)
    finally:
        browser.quit()
    return {
        name: {
            "ready_s": statistics.median(s["shown"] for s in taken) / 1000,
            "index_arrived_s": statistics.median(s["fetched"] for s in taken) / 1000,
            "ready_runs_s": [round(s["shown"] / 1000, 3) for s in taken],
            "index_raw_bytes": sum(file.stat().st_size for file in _index_files(sites[name])),
            "index_wire_bytes": sum(_sent(file) for file in _index_files(sites[name])),
            "entries_wire_bytes": taken[-1]["wire"],  # search_index.json as the page received it
            "entries_decoded_bytes": taken[-1]["raw"],
        }
        for name, taken in samples.items()
    }


def _index_files(site: Path) -> list[Path]:
    """A site's search files as built: the entries, and the index built ahead if there is one."""
    files = [
        site / "search" / "search_index.json",
        site / "assets" / "javascripts" / "lunr" / "min" / "lunr.isms.min.js",
    ]
    return [file for file in files if file.exists()]


def _sent(file: Path) -> int:
    """What the server sends of a file: its gzip copy where there is one."""
    copy = file.with_name(file.name + ".gz")
    return (copy if copy.exists() else file).stat().st_size


def _run(browser: Any, url: str) -> dict[str, Any]:
    browser.get("about:blank")
    browser.get(url)
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        shown = browser.execute_script("return window.__bench && window.__bench.shown")
        if shown:
            timing = browser.execute_script(INDEX_TIMING)
            return {"shown": shown, **timing}
        time.sleep(0.05)
    raise SystemExit(f"no search result within {TIMEOUT:.0f} s on {url}")


def _page(site: Path) -> str:
    """The path of the benchmark document's page in a site (not one of its history pages)."""
    page = min(p for p in site.rglob(f"{DOCUMENT}/index.html") if "history" not in p.relative_to(site).parts)
    return "/" + page.parent.relative_to(site).as_posix() + "/"


def _browser() -> Any:
    """Headless Debian Chromium, started as the browser tests start it."""
    driver = start_chromium()
    driver.set_page_load_timeout(TIMEOUT)
    return driver


if __name__ == "__main__":
    main()
