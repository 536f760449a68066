"""Small ISMS trees for unit tests: one exact edit of a fixture copy, and the tree loaded and indexed."""

from __future__ import annotations

from pathlib import Path

from isms.core.diagnostics import Report
from isms.read.load import load
from isms.resolve.index import Index


def replace_once(root: Path, path: str, old: str, new: str) -> None:
    """Replace text that occurs exactly once in a file of the tree, so that an edit cannot miss silently."""
    text = (root / path).read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {path}"
    (root / path).write_text(text.replace(old, new), encoding="utf-8")


def indexed(root: Path) -> Index:
    """The tree loaded and resolved; the loader must have nothing to say, so tests see only what they test."""
    report = Report()
    corpus = load(root, report)
    assert [d.format() for d in report] == []
    assert corpus is not None
    return Index(corpus)
