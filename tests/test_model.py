"""Unit tests on the domain model, the catalogs and the YAML reader."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from isms.core.catalog import builtin_catalog, id_sort_key
from isms.core.diagnostics import Report
from isms.core.model import Level, Version, add_months
from isms.core.records import Retention
from isms.read.load import load
from isms.read.statements import find_statements, replace_references
from isms.read.yamltree import Scalar, parse, to_python
from isms.resolve.index import Index


def test_version_parse_and_bump() -> None:
    assert Version.parse("1.10") == Version(1, 10)
    assert Version.parse("1.10") > Version.parse("1.9")  # type: ignore[operator]
    assert str(Version(1, 9).next_minor()) == "1.10"
    assert str(Version(1, 9).next_major()) == "2.0"
    for bad in ("1", "1.2.3", "v1.0", "01.0", "1.a", ""):
        assert Version.parse(bad) is None


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 12) == date(2027, 11, 15)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


def test_retention_periods() -> None:
    assert Retention.parse("5 years after contract end") == Retention(5, "year", "after contract end")
    assert str(Retention.parse("1 year")) == "1 year"
    assert str(Retention.parse("18 months")) == "18 months"
    assert Retention.parse("forever") is None


def test_catalog_matches_the_reference_facts() -> None:
    catalog = builtin_catalog()
    annex = catalog.annex_a
    assert len(annex) == 93
    assert [len(catalog.theme_controls(t)) for t in ("A.5", "A.6", "A.7", "A.8")] == [37, 8, 14, 34]
    assert sum(c.new_in_2022 for c in annex) == 11
    assert len(catalog.legacy) == 114
    assert catalog.legacy["A.18.2.3"] == ("A.5.36", "A.8.8")
    assert catalog.controls["A.5.7"].attribute("cybersecurity_concepts") == ("identify", "detect", "respond")
    mandatory = [c.id for c in catalog.clauses.values() if c.mandatory]
    assert mandatory == [
        "4.3",
        "5.2",
        "6.1.2",
        "6.1.3",
        "6.2",
        "7.2",
        "8.1",
        "8.2",
        "8.3",
        "9.1",
        "9.2.2",
        "9.3.3",
        "10.2",
    ]


def test_ids_sort_numerically() -> None:
    ids = ["A.5.10", "A.5.2", "A.8.1", "A.5.1"]
    assert sorted(ids, key=id_sort_key) == ["A.5.1", "A.5.2", "A.5.10", "A.8.1"]
    assert sorted(["10.2", "6.1.2", "9.1"], key=id_sort_key) == ["6.1.2", "9.1", "10.2"]


def test_yaml_keeps_text_and_positions() -> None:
    node, problems = parse("version: 1.10\nclauses: [6.1.2, 9.2]\n", "x.yml", first_line=5)
    assert problems == []
    assert to_python(node) == {"version": 1.1, "clauses": ["6.1.2", 9.2]}
    mapping = node
    version = mapping.get("version")  # type: ignore[union-attr]
    assert isinstance(version, Scalar)
    assert (version.text, version.line, version.column) == ("1.10", 5, 10)


@pytest.mark.parametrize(
    "text, code",
    [
        ("a: &x 1\nb: *x\n", "isms.yaml.alias"),
        ("a: 1\na: 2\n", "isms.yaml.duplicate-key"),
        ("a:\n\t- b\n", "isms.yaml.tab"),
        ("a: [" * 100 + "\n", "isms.yaml.too-deep"),
        ("a: !!binary aGk=\n", "isms.yaml.alias"),
        ("a: 1\n---\nb: 2\n", "isms.yaml.multiple-documents"),
        ("a: 'open\n", "isms.yaml.syntax"),
    ],
)
def test_yaml_refusals(text: str, code: str) -> None:
    _, problems = parse(text, "x.yml")
    assert [p.code for p in problems] == [code]


def test_statement_references_skip_code() -> None:
    body = "\n".join(
        [
            "1. Accounts are personal. {A.5.16}",
            "```yaml",
            "controls: {A.5.1}",
            "```",
            "Use `{A.5.2}` in your text; backups are tested. {A.8.13, 6.1.2}",
            "| rule | text {A.8.5} |",
            "Set notation {x, y} is left alone. <!-- {A.5.3} -->",
            "<!-- an example:",
            "   {A.5.4}",
            "-->",
        ]
    )
    found = find_statements(body, first_line=10)
    assert [(s.line, s.ids) for s in found] == [(10, ("A.5.16",)), (14, ("A.8.13", "6.1.2")), (15, ("A.8.5",))]
    assert found[0].text == "Accounts are personal."
    assert found[2].text == "text"
    rendered = replace_references(body, lambda s: f"[{'|'.join(s.ids)}]")
    assert rendered.splitlines()[0] == "1. Accounts are personal.[A.5.16]"
    assert rendered.splitlines()[2] == "controls: {A.5.1}"


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
