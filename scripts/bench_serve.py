#!/usr/bin/env python3
"""Benchmark: from saving a document to seeing it in `mkdocs serve`.

Starts the real `mkdocs serve` (livereload on, as authors run it) on a clone of this repository's
example ISMS and on a synthetic ISMS of 1,000 documents in a git repository, waits for the first
build, then appends a unique sentence to one document's source and polls the served page over
HTTP until the sentence shows. Prints the seconds from save to visible: best and median of the runs.

With ISMS_SERVE_PROFILE=FILE in the environment, the server runs under cProfile and writes its
profile to FILE when it stops (read it with `python -m pstats FILE`). With --phases, the rebuilds
run in this process instead, as serve runs them, and each step of two rebuilds is timed: the first
save after a clean checkout (a full rebuild) and the next one.

With `--json FILE`, the medians are written there for scripts/bench_table.py: save_to_visible_s
for the largest synthetic ISMS, example_save_to_visible_s for the example.

Usage: .venv/bin/python scripts/bench_serve.py [--json FILE] [--runs N | --phases] [example] [1000 …]
"""

from __future__ import annotations

import logging
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the synthetic ISMS writer

from bench_site import THEME
from bench_table import json_option, write_numbers

from support.static_server import fetch
from support.synthetic import write_corpus

REPOSITORY = Path(__file__).resolve().parents[1]

TODAY = "2026-11-21"
PROFILER = """import cProfile, signal, sys
from mkdocs.__main__ import cli
output = sys.argv.pop()
sys.argv[0] = "mkdocs"
profile = cProfile.Profile()
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
profile.enable()
try:
    cli()
finally:
    profile.disable()
    profile.dump_stats(output)
"""


def main(arguments: list[str]) -> None:
    output, arguments = json_option(arguments)
    numbers: dict[str, float] = {}
    runs = 3
    if arguments[:1] == ["--runs"]:
        runs, arguments = int(arguments[1]), arguments[2:]
    if arguments[:1] == ["--phases"]:
        for target in arguments[1:] or ["example", "1000"]:
            with tempfile.TemporaryDirectory(prefix="isms-bench-serve-") as folder:
                root, document, _, size = _prepare(Path(folder), target)
                print(f"{target} ({size} documents)")
                _phases(root, document)
        return
    print(f"{'ISMS':>10} {'documents':>9} {'first build':>12} {'best':>7} {'median':>7}  runs")
    for target in arguments or ["example", "1000"]:
        with tempfile.TemporaryDirectory(prefix="isms-bench-serve-") as folder:
            root, document, url, size = _prepare(Path(folder), target)
            first, times = _measure(root, document, url, runs)
            shown = " ".join(f"{t:.2f}" for t in times)
            print(
                f"{target:>10} {size:>9} {first:>10.1f} s {min(times):>5.2f} s"
                f" {statistics.median(times):>5.2f} s  {shown}"
            )
            numbers["example_save_to_visible_s" if target == "example" else "save_to_visible_s"] = statistics.median(
                times
            )
    write_numbers(output, numbers)


def _prepare(folder: Path, target: str) -> tuple[Path, Path, str, int]:
    """The ISMS to serve, the document to edit and the address of its page, and how many documents."""
    root = folder / "isms"
    if target == "example":
        _git("clone", "--quiet", str(REPOSITORY), str(root), cwd=folder)
        document = root / "policies" / "standard" / "STD-AC-01-access-control.md"
        folders = (root / "policies", root / "records-templates")
        sources = [p for f in folders for p in f.rglob("*") if p.suffix in (".md", ".yml")]
        return root, document, "standards/STD-AC-01/", len([p for p in sources if p.name != "applicability.yml"])
    ids = write_corpus(root, int(target))
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(
        "site_name: Synthetic\n" + THEME + "plugins:\n  - search\n  - isms:\n      pdf: false\n", encoding="utf-8"
    )
    _git("init", "--quiet", cwd=root)
    _git("add", "-A", cwd=root)
    _git("-c", "core.hooksPath=/dev/null", "commit", "--quiet", "-m", "Synthetic ISMS", cwd=root)
    procedure = next(i for i in ids if i.startswith("PRO-"))
    document = next(p for p in (root / "policies").rglob("*.md") if p.name.startswith(procedure))
    return root, document, f"procedures/{procedure}/", len(ids)


def _measure(root: Path, document: Path, page: str, runs: int) -> tuple[float, list[float]]:
    port = _free_port()
    environment = {**os.environ, "ISMS_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    profile = os.environ.get("ISMS_SERVE_PROFILE")
    if profile:
        command = [sys.executable, "-c", PROFILER, *command[3:], str(Path(profile).resolve())]
    log = (root.parent / "serve.log").open("w")
    start = time.monotonic()
    server = subprocess.Popen(command, cwd=root, env=environment, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/{page}"
    try:
        _wait_for(url, "</html>", timeout=900, server=server)
        first = time.monotonic() - start
        times = []
        for run in range(runs):
            time.sleep(1.5)  # the server notices changes by polling; let it settle between edits
            sentence = f"Benchmark sentence {run} {time.time_ns()}."
            text = document.read_text(encoding="utf-8")
            saved = time.monotonic()
            document.write_text(f"{text.rstrip()}\n\n{sentence}\n", encoding="utf-8")
            _wait_for(url, sentence, timeout=300, server=server)
            times.append(time.monotonic() - saved)
        return first, times
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()


def _phases(root: Path, document: Path) -> None:
    """Time the steps of two rebuilds in this process, as mkdocs serve runs them."""
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config

    from isms.host import plugin as isms_plugin
    from isms.resolve import view

    os.environ.update({"ISMS_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"})
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    timings: dict[str, float] = {}

    def timed(owner: Any, name: str, label: str) -> None:
        original = getattr(owner, name)

        def wrapper(*arguments: Any, **options: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*arguments, **options)
            finally:
                timings[label] = timings.get(label, 0.0) + time.perf_counter() - start

        setattr(owner, name, wrapper)

    timed(isms_plugin, "build_pages", "page generation (build_pages)")
    timed(isms_plugin, "open_view", "open_view")
    timed(view, "check", "  of which check")
    timed(mkdocs_build, "_populate_page", "Markdown conversion")
    timed(mkdocs_build, "_build_page", "theme, per page")
    timed(mkdocs_build, "_build_theme_template", "theme pages (404, sitemap)")
    timed(mkdocs_build, "get_navigation", "navigation")
    for event in ("on_files", "on_nav", "on_post_build"):
        timed(isms_plugin.IsmsPlugin, event, f"isms {event}")
    os.chdir(root)

    def config() -> Any:
        loaded = load_config("mkdocs.yml", site_dir=str(root.parent / "site"))
        loaded.site_url = "http://127.0.0.1:8000/"
        return loaded

    first = config()
    first.plugins.on_startup(command="serve", dirty=False)
    mkdocs_build.build(first, serve_url=first.site_url)
    plugin = first.plugins["isms"]
    for name in ("first save (full rebuild)", "next save"):
        document.write_text(document.read_text(encoding="utf-8") + f"\n\n{name}.\n", encoding="utf-8")
        timings.clear()
        start = time.perf_counter()
        plugin.dirty = True
        mkdocs_build.build(config(), serve_url=first.site_url, dirty=True)
        plugin.dirty = False
        total = time.perf_counter() - start
        print(f"  {name}: {total:.2f} s, {len(plugin._rebuilt)} pages converted")
        for label, seconds in sorted(timings.items(), key=lambda item: -item[1]):
            print(f"    {label:<30} {seconds:6.2f} s {100 * seconds / total:5.1f}%")


def _wait_for(url: str, text: str, timeout: float, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"mkdocs serve stopped (exit status {server.returncode}); see its log")
        if text in fetch(url):
            return
        time.sleep(0.02)
    raise SystemExit(f"{url} did not show {text!r} within {timeout:.0f} s")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _git(*arguments: str, cwd: Path) -> None:
    subprocess.run(["git", *arguments], cwd=cwd, check=True, capture_output=True)


if __name__ == "__main__":
    main(sys.argv[1:])
