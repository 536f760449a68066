#!/usr/bin/env python3
"""Benchmark: reading the history of 1,000 documents over 5,000 commits, and one hooked commit.

Usage: .venv/bin/python scripts/bench_history.py [--json FILE] [DOCUMENTS] [COMMITS]

Builds a synthetic repository (written with `git fast-import`, so set-up takes seconds), then
times `read_history` (one `git log` and one `git cat-file --batch` for everything; cold, with the
history not kept, after a new commit on top of the kept one, and at the same commit again) against the
per-file approach (one `git log` per document, plus one `git show` per revision to read the
version it had), and finally times a commit of one changed document through the real hooks.
"""

from __future__ import annotations

import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the synthetic ISMS writer

from bench_table import json_option, write_numbers

from isms.core.diagnostics import Report
from isms.git.field_cache import CACHE_NAME as FIELDS_CACHE
from isms.git.history import read_history
from isms.git.history_cache import CACHE_NAME as HISTORY_CACHE
from isms.read.load import load
from isms.resolve.view import open_view
from support.synthetic import write_corpus

NO_HOOKS = ("--no-verify",)
BENCH_GIT = {**os.environ, "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.com"}
BENCH_GIT |= {"GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}
_VERSION = re.compile(r'^version: "?(\d+)\.(\d+)"?', re.MULTILINE)


def build_repository(root: Path, documents: int, commits: int) -> list[str]:
    write_corpus(root, documents)
    every = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    sources = [p for p in every if p.startswith(("policies/", "records-templates/"))]
    texts = {p: (root / p).read_text(encoding="utf-8") for p in sources}
    random.seed(11)
    stream: list[bytes] = []
    clock = 1_700_000_000

    def data(text: str) -> bytes:
        raw = text.encode("utf-8")
        return f"data {len(raw)}\n".encode() + raw + b"\n"

    def commit(message: str, files: dict[str, str]) -> None:
        nonlocal clock
        clock += 600
        stream.append(b"commit refs/heads/main\n")
        stream.append(f"committer Bench <bench@example.com> {clock} +0900\n".encode())
        stream.append(data(message))
        for path, text in files.items():
            stream.append(f"M 100644 inline {path}\n".encode() + data(text))

    commit("Initial ISMS", {p: (root / p).read_text(encoding="utf-8") for p in every})
    for number in range(1, commits):
        changed = {}
        for path in random.sample(sources, random.choice((1, 1, 1, 2))):
            text = texts[path]
            match = _VERSION.search(text)
            if match:
                bumped = f'version: "{match[1]}.{int(match[2]) + 1}"'
                text = text[: match.start()] + bumped + text[match.end() :]
            text += f"\nChange {number}.\n" if path.endswith(".md") else ""
            texts[path] = text
            changed[path] = text
        commit(f"Change {number}", changed)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=root, check=True)
    return sources


def per_file(root: Path, sources: list[str]) -> int:
    """The per-file approach: a git log per document and a git show per revision."""
    revisions = 0
    for path in sources:
        log = subprocess.run(
            ["git", "log", "--format=%H", "--", path], cwd=root, capture_output=True, text=True, check=True
        ).stdout.split()
        for commit in log:
            subprocess.run(["git", "show", f"{commit}:{path}"], cwd=root, capture_output=True, check=True)
            revisions += 1
    return revisions


def hooked_commits(root: Path, runs: int = 5) -> tuple[float, float]:
    """A one-document commit through both hooks: the first (the hooks' caches empty), then the median of
    `runs` more, each changing another document. Python writes its bytecode, as an installed wheel has it."""
    env = {
        **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
        "ISMS": f"{sys.executable} -m isms",
        "ISMS_TODAY": "2026-11-21",
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "bench@example.com",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "bench@example.com",
    }
    subprocess.run(
        [sys.executable, "-m", "isms", "hooks", "install"], cwd=root, env=env, check=True, capture_output=True
    )
    timings = []
    for target in sorted((root / "policies").rglob("*.md"))[: runs + 1]:
        target.write_text(target.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
        subprocess.run(["git", "add", "-A"], cwd=root, check=True)
        start = time.perf_counter()
        subprocess.run(["git", "commit", "-q", "-m", "One change"], cwd=root, env=env, check=True, capture_output=True)
        timings.append(time.perf_counter() - start)
    return timings[0], statistics.median(timings[1:])


def archive_parses(root: Path) -> tuple[float, float, int]:
    """Every past version parsed through the view's Archive, then asked for again by a second renderer."""
    opened = open_view(root, date(2026, 11, 21), sources=False)
    view = opened.view
    assert view is not None and view.history is not None and view.archive is not None
    wanted = [
        (document, revision.last)
        for document in view.index.corpus.documents
        for revision in view.history.of(document.id)
    ]
    start = time.perf_counter()
    for document, change in wanted:
        view.archive.version(document, change)
    once = time.perf_counter() - start
    start = time.perf_counter()
    for document, change in wanted:
        view.archive.version(document, change)
    return once, time.perf_counter() - start, view.archive.parsed


def main(documents: int, commits: int, output: Path | None = None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "isms"
        start = time.perf_counter()
        sources = build_repository(root, documents, commits)
        print(f"repository: {documents} documents, {commits} commits, built in {time.perf_counter() - start:.1f} s")
        corpus = load(root, Report())
        assert corpus is not None
        kept = root / ".git" / "isms"
        timings, cold, fields = [], [], []
        for _ in range(3):  # cold: every blob's front matter parsed
            (kept / FIELDS_CACHE).unlink(missing_ok=True)
            (kept / HISTORY_CACHE).unlink(missing_ok=True)
            start = time.perf_counter()
            history = read_history(root, corpus.settings)
            cold.append(time.perf_counter() - start)
        for _ in range(3):  # the history not kept: the fields of blobs parsed before come from .git/isms
            (kept / HISTORY_CACHE).unlink(missing_ok=True)
            start = time.perf_counter()
            history = read_history(root, corpus.settings)
            fields.append(time.perf_counter() - start)
        on_top = []
        for target in sorted((root / "policies").rglob("*.md"))[-3:]:  # after a new commit on top of the kept one
            target.write_text(target.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
            subprocess.run(["git", "commit", "-qam", "One change", *NO_HOOKS], cwd=root, check=True, env=BENCH_GIT)
            start = time.perf_counter()
            history = read_history(root, corpus.settings)
            on_top.append(time.perf_counter() - start)
        for _ in range(3):  # warm: the same commit again, its history kept in .git/isms
            start = time.perf_counter()
            history = read_history(root, corpus.settings)
            timings.append(time.perf_counter() - start)
        revisions = sum(len(r) for r in history.revisions.values())
        changes = sum(len(r.changes) for rs in history.revisions.values() for r in rs)
        print(
            f"read_history: cold {min(cold):.2f} s, history not kept {min(fields):.2f} s, after a new commit"
            f" {min(on_top):.2f} s, the same commit again"
            f" {min(timings):.2f} s (best of 3 each),"
            f" {revisions} revisions, {changes} changes"
        )
        parse_once, shown_again, parsed = archive_parses(root)
        print(
            f"past versions as documents (site version pages and archived PDFs): {parsed} parsed once in"
            f" {parse_once:.2f} s; the second renderer takes them from the archive in {shown_again:.3f} s"
            f" (before, the PDFs parsed the approved ones among them a second time)"
        )
        start = time.perf_counter()
        counted = per_file(root, sources)
        baseline = time.perf_counter() - start
        print(f"per-file git log + git show ({len(sources) + counted} git processes): {baseline:.1f} s")
        print(f"ratio: {baseline / min(timings):.0f}x faster")
        first, then = hooked_commits(root)
        print(
            f"one-document commit through both hooks on this repository: {then:.2f} s (median of 5);"
            f" the first, with the hooks' caches empty, {first:.2f} s"
        )
        numbers = {"cold_s": min(cold), "new_commit_s": min(on_top), "not_kept_s": min(fields), "warm_s": min(timings)}
        numbers["per_file_s"] = baseline
        numbers["hooked_commit_s"] = then
        write_numbers(output, {"documents": documents, "commits": commits, "hooked_first_s": first, **numbers})


if __name__ == "__main__":
    output, given = json_option(sys.argv[1:])
    arguments = [int(a) for a in given]
    main(*(arguments + [1000, 5000][len(arguments) :]), output=output)
