#!/usr/bin/env python3
"""Benchmark: `isms build --all-audiences` of the synthetic ISMS (1,000 documents spread over the four
classification levels, one audience per level) against one `isms build` of the same repository.

Each build is a fresh `isms` process, as a user runs it, with every cache emptied first (the PDF
cache in .isms-cache and the history field cache in .git/isms): both are cold. The repository is
in git, one commit. PDFs are on, as in a real build, unless --no-pdf.

Usage: .venv/bin/python scripts/bench_audiences.py [--no-pdf] [--profile FILE] [--json FILE] [SIZE]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from bench_site import THEME
from bench_table import write_numbers

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the synthetic ISMS writer

from support.synthetic import write_corpus

TODAY = "2026-11-21"
ISMS = Path(sys.executable).parent / "isms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", nargs="?", type=int, default=1000, help="documents (default 1000)")
    parser.add_argument("--no-pdf", action="store_true", help="build the sites without their PDFs")
    parser.add_argument("--profile", type=Path, default=None, metavar="FILE", help="cProfile the four audiences")
    parser.add_argument("--json", type=Path, default=None, metavar="FILE", help="also write the numbers here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "isms"
        _write(root, args.size, pdf=not args.no_pdf)
        one = _timed(root, "build", "--site-dir", str(root / "out-one"))
        four = _timed(root, "build", "--all-audiences", "--site-dir", str(root / "out-all"))
        audiences = sorted(p.name for p in (root / "out-all").iterdir())
        pdfs = "PDFs off" if args.no_pdf else "PDFs on"
        print(f"{args.size} documents, {pdfs}, cold caches, each a fresh isms process:")
        print(f"  one build:   {one:>7.1f} s")
        print(f"  {len(audiences)} audiences: {four:>7.1f} s ({', '.join(audiences)})")
        print(f"  ratio: {four / one:.2f}x one build", flush=True)
        if args.profile:
            _profile(root, args.profile)
    if args.json:
        numbers: dict[str, Any] = {
            "documents": args.size,
            "pdf": not args.no_pdf,
            "audiences": audiences,
            "one_build_s": one,
            "all_audiences_s": four,
            "ratio": four / one,
        }
        write_numbers(args.json, numbers)


def _write(root: Path, size: int, pdf: bool) -> None:
    write_corpus(root, size, classifications=True)
    (root / "docs").mkdir()
    plugin = "  - isms\n" if pdf else "  - isms:\n      pdf: false\n"
    (root / "mkdocs.yml").write_text("site_name: Synthetic\n" + THEME + "plugins:\n  - search\n" + plugin)
    (root / ".gitignore").write_text("/out-*/\n/site/\n/site-audiences/\n/.isms-cache/\n")
    environment = {**os.environ, "GIT_AUTHOR_DATE": "2026-06-01T09:00:00", "GIT_COMMITTER_DATE": "2026-06-01T09:00:00"}
    for command in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["-c", "user.name=Alice", "-c", "user.email=alice@example.com", "commit", "-q", "--no-verify", "-m", "ISMS"],
    ):
        subprocess.run(["git", *command], cwd=root, env=environment, check=True)


def _cold(root: Path) -> None:
    """Empty every cache a build keeps: the PDF cache and the history field cache."""
    shutil.rmtree(root / ".isms-cache", ignore_errors=True)
    shutil.rmtree(root / ".git" / "isms", ignore_errors=True)


def _timed(root: Path, *arguments: str) -> float:
    _cold(root)
    start = time.perf_counter()
    subprocess.run([str(ISMS), "--root", str(root), *arguments, "--today", TODAY], check=True, capture_output=True)
    return time.perf_counter() - start


def _profile(root: Path, output: Path) -> None:
    """The four audiences built in this process under cProfile; the 30 costliest calls, cumulative."""
    from isms.host.site_build import build_audiences

    _cold(root)
    profiler = cProfile.Profile()
    profiler.runcall(build_audiences, root, date.fromisoformat(TODAY), root / "out-profile")
    profiler.dump_stats(str(output))
    pstats.Stats(str(output)).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
