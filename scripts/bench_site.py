#!/usr/bin/env python3
"""Benchmark: the site of synthetic ISMS repositories (100 and 1,000 documents) built with the isms
plugin, next to a bare Material build of the same Markdown files without the plugin.

Usage: .venv/bin/python scripts/bench_site.py [--json FILE] [SIZES...]
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the synthetic ISMS writer

from bench_table import json_option, write_numbers

from isms.host.site_build import build_site
from isms.site.search_ahead import SCRIPT
from support.synthetic import write_corpus

THEME = """theme:
  name: material
  font: false
  features: [navigation.indexes, navigation.prune]
extra:
  generator: false
"""


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def write_synthetic(root: Path, size: int) -> None:
    """The synthetic ISMS of `size` documents with a site of its own: the isms plugin, PDFs off."""
    write_corpus(root, size)
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(
        "site_name: Synthetic\n" + THEME + "plugins:\n  - search\n  - isms:\n      pdf: false\n"
    )


def bare_build(root: Path) -> tuple[float, Path]:
    """A bare Material build of the synthetic ISMS's Markdown, beside it in bare/."""
    bare = root.parent / "bare"
    docs = bare / "docs"
    for source in (root / "policies").rglob("*.md"):
        target = docs / source.relative_to(root / "policies")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
    (docs / "index.md").write_text("# Bare\n")
    (bare / "mkdocs.yml").write_text("site_name: Bare\n" + THEME + "plugins: [search]\n")
    config = load_config(str(bare / "mkdocs.yml"))
    start = time.perf_counter()
    mkdocs_build(config)
    return time.perf_counter() - start, Path(config.site_dir)


def isms_build(root: Path, languages: str) -> tuple[float, Path]:
    """`isms build` of the synthetic ISMS in the given site languages, PDFs off (they have their own benchmark)."""
    settings = root / "isms.yml"
    text = settings.read_text(encoding="utf-8").split("\nsite:\n")[0]
    settings.write_text(f"{text}\nsite:\n  languages: [{languages}]\n", encoding="utf-8")
    start = time.perf_counter()
    site = build_site(root, date(2026, 11, 21), site_dir=root / "site").site_dir
    return time.perf_counter() - start, site


def main(sizes: list[int], output: Path | None = None) -> None:
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    numbers: dict[str, dict[str, float]] = {}
    print(
        f"{'docs':>5} {'build':>16} {'bare build':>11} {'ratio':>6} {'en+ja+zh':>9} {'per extra':>10}"
        f" {'output':>9} {'bare out':>9} {'search idx':>11} {'gzip':>7} {'bare idx':>9}"
    )
    for size in sizes:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder) / "isms"
            write_synthetic(root, size)
            elapsed, site = isms_build(root, "en")
            index = site / "search" / "search_index.json"
            pages = len(json.loads(index.read_text())["docs"])
            search_files = [index, site / SCRIPT]  # the entries, and the index built ahead
            output_size, index_size = _size(site), sum(file.stat().st_size for file in search_files)
            compressed = sum(file.with_name(file.name + ".gz").stat().st_size for file in search_files)
            languages, _ = isms_build(root, "en, ja, zh-CN")
            extra = (languages - elapsed) / 2 / elapsed
            bare_time, bare_site = bare_build(root)
            bare_index = (bare_site / "search" / "search_index.json").stat().st_size
            numbers[str(size)] = {
                "build_s": elapsed,
                "bare_build_s": bare_time,
                "languages_s": languages,
                "per_extra_language": extra,
                "output_bytes": output_size,
                "bare_output_bytes": _size(bare_site),
                "index_bytes": index_size,
                "index_gzip_bytes": compressed,
                "bare_index_bytes": bare_index,
                "index_entries": pages,
            }
            print(
                f"{size:>5} {elapsed:>8.2f} s {pages:>4}e {bare_time:>9.2f} s {elapsed / bare_time:>5.2f}x"
                f" {languages:>7.2f} s {extra:>9.2f}x"
                f" {output_size / 1e6:>7.1f}MB {_size(bare_site) / 1e6:>7.1f}MB"
                f" {index_size / 1e6:>9.2f}MB {compressed / 1e6:>5.2f}MB"
                f" {bare_index / 1e6:>7.2f}MB"
            )
    write_numbers(output, {"sizes": numbers})


if __name__ == "__main__":
    logging_quiet = __import__("logging").getLogger("mkdocs")
    logging_quiet.setLevel("ERROR")
    output, arguments = json_option(sys.argv[1:])
    main([int(a) for a in arguments] or [100, 1000], output)
