#!/usr/bin/env python3
"""Where a site build spends its time, by kind of page: this repository's example ISMS and a synthetic one.

Builds each site once (PDFs off, English only) with a timing plugin beside the isms plugin and prints, per
first folder of the page's path (documents by level, controls, clauses, history, registers …): the number
of pages, the seconds spent turning their Markdown into HTML (MkDocs' Markdown and the plugins' page
events) and rendering the theme's template around it (navigation included), and the share of the build.

Usage: .venv/bin/python scripts/bench_pages.py [SIZE]   (the synthetic ISMS's size; default 1000)
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.plugins import BasePlugin

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the synthetic ISMS writer

from support.synthetic import write_corpus

REPOSITORY = Path(__file__).resolve().parents[1]
EXAMPLE = ("mkdocs.yml", "isms.yml", "policies", "records-templates", "docs")


class PageTimer(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Seconds per page: from on_pre_page to on_page_content (Markdown) and from on_page_context to
    on_post_page (the theme's template)."""

    def __init__(self) -> None:
        self.started: dict[str, float] = {}
        self.markdown: dict[str, float] = defaultdict(float)
        self.template: dict[str, float] = defaultdict(float)

    def on_pre_page(self, page: Any, **_: Any) -> Any:
        self.started[page.file.src_uri] = time.perf_counter()
        return page

    def on_page_content(self, html: str, page: Any, **_: Any) -> str:
        self.markdown[page.file.src_uri] += time.perf_counter() - self.started[page.file.src_uri]
        return html

    def on_page_context(self, context: Any, page: Any, **_: Any) -> Any:
        self.started[page.file.src_uri] = time.perf_counter()
        return context

    def on_post_page(self, output: str, page: Any, **_: Any) -> str:
        self.template[page.file.src_uri] += time.perf_counter() - self.started[page.file.src_uri]
        return output


def _timed_build(root: Path) -> tuple[float, PageTimer]:
    os.environ["ISMS_TODAY"] = "2026-11-21"
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    config.plugins["isms"].config.pdf = False
    config.plugins["isms"].config.history = True
    timer = PageTimer()
    config.plugins["page-timer"] = timer
    start = time.perf_counter()
    mkdocs_build(config)
    return time.perf_counter() - start, timer


def _report(name: str, total: float, timer: PageTimer) -> None:
    groups: dict[str, list[str]] = defaultdict(list)
    for uri in timer.markdown:
        groups[uri.split("/", 1)[0] if "/" in uri else "(top)"].append(uri)
    print(f"\n{name}: {len(timer.markdown)} pages, build {total:.2f} s")
    print(f"{'pages under':<22} {'pages':>6} {'markdown':>10} {'template':>10} {'per page':>9} {'share':>6}")
    rows = []
    for group, uris in groups.items():
        markdown = sum(timer.markdown[u] for u in uris)
        template = sum(timer.template[u] for u in uris)
        rows.append((markdown + template, group, len(uris), markdown, template))
    for spent, group, count, markdown, template in sorted(rows, reverse=True):
        print(
            f"{group:<22} {count:>6} {markdown:>8.2f} s {template:>8.2f} s {spent / count * 1000:>6.1f} ms"
            f" {spent / total:>5.0%}"
        )
    pages = sum(row[0] for row in rows)
    print(f"{'(outside page events)':<22} {'':>6} {'':>10} {'':>10} {'':>9} {(total - pages) / total:>5.0%}")


def main(size: int) -> None:
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as folder:
        example = Path(folder) / "example"
        subprocess.run(["git", "clone", "-q", str(REPOSITORY), str(example)], check=True)
        for name in os.listdir(example):
            if name not in (*EXAMPLE, ".git"):
                path = example / name
                shutil.rmtree(path) if path.is_dir() else path.unlink()
        _report("example ISMS", *_timed_build(example))
        synthetic = Path(folder) / "synthetic"
        write_corpus(synthetic, size)
        (synthetic / "docs").mkdir()
        (synthetic / "mkdocs.yml").write_text(
            "site_name: Synthetic\ntheme:\n  name: material\n  font: false\n"
            "  features: [navigation.indexes, navigation.prune]\nplugins:\n  - search\n  - isms\n"
        )
        _report(f"synthetic ISMS of {size} documents", *_timed_build(synthetic))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
