#!/usr/bin/env python3
"""Benchmark: controlled PDFs of synthetic ISMS repositories (100 and 1,000 documents).

Times a full build with an empty cache, a rebuild with nothing changed, a rebuild after one
document changed, and the floor: one pandoc call plus one Typst compile per document, run
one after another in one process with no layout template. The synthetic ISMS is committed to a git
repository, as an ISMS is kept (the tool keeps what it read of each source in git's folder); the
changed document is left uncommitted, as when a writer builds before committing, so the generated
PDFs (manual and registers) say they come from a changed tree and render again with it.

Usage: .venv/bin/python scripts/bench_pdf.py [--json FILE] [SIZES...]
"""

from __future__ import annotations

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
    print(f"{'files':>5} {'full build':>11} {'no change':>10} {'one change':>11} {'floor (serial)':>15}")
    for size in sizes:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder) / "isms"
            write_corpus(root, size)
            _commit(root)
            out, cache = root / "out", root / "cache"
            start = time.perf_counter()
            first = publish(_view(root), out, cache)
            full = time.perf_counter() - start
            assert not first.failures
            start = time.perf_counter()
            publish(_view(root), out, cache)
            unchanged = time.perf_counter() - start
            target = next((root / "policies" / "procedure").glob("*.md"))
            target.write_text(target.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
            start = time.perf_counter()
            changed = publish(_view(root), out, cache)
            one = time.perf_counter() - start
            documents_rendered = [i for i in changed.rendered if i not in GENERATED]
            assert len(documents_rendered) == 1 and "isms-manual" in changed.rendered, changed.rendered
            per_document = _floor(root, min(size, 40))
            documents = len(first.published)
            numbers[str(size)] = {
                "files": documents,
                "full_s": full,
                "no_change_s": unchanged,
                "one_changed_s": one,
                "floor_s": per_document * documents,
            }
            print(
                f"{documents:>5} {full:>9.1f} s {unchanged:>8.2f} s {one:>9.2f} s"
                f" {per_document * documents:>9.1f} s ({per_document * 1000:.0f} ms/doc)"
            )
    write_numbers(output, {"sizes": numbers})


if __name__ == "__main__":
    output, arguments = json_option(sys.argv[1:])
    main([int(a) for a in arguments] or [100, 1000], output)
