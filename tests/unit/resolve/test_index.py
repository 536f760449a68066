"""The index: back-links, implementers, statements per control, coverage and review dates, resolved once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from isms.core.diagnostics import Report
from isms.core.model import Level
from isms.read.load import load
from isms.resolve.index import Index


def test_index_builds_backlinks_and_coverage(base_tree: Path) -> None:
    report = Report()
    corpus = load(base_tree, report)
    assert corpus is not None and len(report) == 0
    index = Index(corpus)
    assert [d.id for d in index.children["POL-001"]] == ["STD-AC-01"]
    assert [d.id for d in index.producers["REC-AQ-01"]] == ["STD-AC-01", "PRO-UA-01"]
    assert [d.id for d in index.implementers("A.5.15")] == ["STD-AC-01", "PRO-UA-01"]
    assert [c.statement for c in index.statements_for("A.5.15")] == [
        "Every account belongs to one named person.",
        "The requester fills in an access request.",
    ]
    assert [d.id for d in index.descendants(index.documents["POL-001"])] == ["STD-AC-01", "PRO-UA-01", "REC-AQ-01"]
    assert index.unimplemented_controls() == []
    assert index.mandatory_gaps() == []
    assert [d.id for d in index.by_level(Level.RECORD)] == ["REC-AQ-01"]
    standard = index.documents["STD-AC-01"]
    assert standard.review_due(corpus.settings) == date(2027, 6, 15)
    assert index.review_state(standard, date(2027, 6, 1)) == "due"
    assert index.review_state(standard, date(2027, 6, 16)) == "overdue"
