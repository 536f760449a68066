#!/usr/bin/env python3
"""Benchmark: controlled PDFs of synthetic ISMS repositories (100 and 1,000 documents).

Times a full build with an empty cache, a rebuild with nothing changed, a rebuild after one
document changed (with the CPU time of the whole machine during the full build and the change, from
/proc/stat where there is one: on a machine whose speed varies from hour to hour, the work done
compares runs better than the time), and the floor: one pandoc call plus one Typst compile per document, run
one after another in one process with no layout template. The synthetic ISMS is committed to a git
repository, as an ISMS is kept (the tool keeps what it read of each source in git's folder); the
changed document is left uncommitted, as when a writer builds before committing, so the generated
PDFs (manual and registers) say they come from a changed tree and render again with it.

Usage: .venv/bin/python scripts/bench_pdf.py [--json FILE] [SIZES...]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import pypandoc
import typst

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the synthetic ISMS writer

from bench_table import json_option, write_numbers

from isms.render.pdf import publish
from isms.resolve.view import View, open_view
from support.gitrepo import git_as_alice
from support.synthetic import write_corpus

TODAY = date(2026, 11, 21)


def _view(root: Path) -> View:
    opened = open_view(root, TODAY, history=False)
    assert opened.ok and opened.view is not None
    return opened.view


GENERATED = {"isms-manual", "document-register", "records-register"}


def _commit(root: Path) -> None:
    """The synthetic ISMS as the first commit of a git repository of its own."""
    for arguments in (["init", "--quiet"], ["add", "-A"], ["commit", "--quiet", "-m", "Synthetic ISMS"]):
        git_as_alice(root, *arguments)


def _machine_cpu() -> float:
    """Seconds of CPU the whole machine has used since it started (0 where /proc/stat is missing)."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            user, nice, system = stat.readline().split()[1:4]
    except OSError:
        return 0.0
    return (int(user) + int(nice) + int(system)) / os.sysconf("SC_CLK_TCK")


def _floor(root: Path, sample: int) -> float:
    """Seconds per document for bare pandoc + typst, measured on a sample."""
    files = sorted((root / "policies").rglob("*.md"))[:sample]
    start = time.perf_counter()
    for path in files:
        body = path.read_text(encoding="utf-8").split("---", 2)[2]
        source = pypandoc.convert_text(body, "typst", format="markdown")
        typst.compile(source.encode("utf-8"))
    return (time.perf_counter() - start) / len(files)


def main(sizes: list[int], output: Path | None = None) -> None:
    numbers: dict[str, dict[str, float]] = {}
    print(
        f"{'files':>5} {'full build':>11} {'(CPU)':>8} {'no change':>10} {'one change':>11} {'(CPU)':>8}"
        f" {'floor (serial)':>15}"
    )
    for size in sizes:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder) / "isms"
            write_corpus(root, size)
            _commit(root)
            out, cache = root / "out", root / "cache"
            start, cpu = time.perf_counter(), _machine_cpu()
            first = publish(_view(root), out, cache)
            full, full_cpu = time.perf_counter() - start, _machine_cpu() - cpu
            assert not first.failures
            start = time.perf_counter()
            publish(_view(root), out, cache)
            unchanged = time.perf_counter() - start
            target = next((root / "policies" / "procedure").glob("*.md"))
            target.write_text(target.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
            start, cpu = time.perf_counter(), _machine_cpu()
            changed = publish(_view(root), out, cache)
            one, one_cpu = time.perf_counter() - start, _machine_cpu() - cpu
            documents_rendered = [i for i in changed.rendered if i not in GENERATED]
            assert len(documents_rendered) == 1 and "isms-manual" in changed.rendered, changed.rendered
            per_document = _floor(root, min(size, 40))
            documents = len(first.published)
            numbers[str(size)] = {
                "files": documents,
                "full_s": full,
                "full_cpu_s": full_cpu,
                "no_change_s": unchanged,
                "one_changed_s": one,
                "one_changed_cpu_s": one_cpu,
                "floor_s": per_document * documents,
            }
            print(
                f"{documents:>5} {full:>9.1f} s {full_cpu:>6.1f} s {unchanged:>8.2f} s {one:>9.2f} s {one_cpu:>6.1f} s"
                f" {per_document * documents:>9.1f} s ({per_document * 1000:.0f} ms/doc)"
            )
    write_numbers(output, {"sizes": numbers})


if __name__ == "__main__":
    output, arguments = json_option(sys.argv[1:])
    main([int(a) for a in arguments] or [100, 1000], output)
