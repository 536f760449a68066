"""The safe YAML reader: text and positions kept, and what it refuses."""

from __future__ import annotations

import pytest

from isms.read.yamltree import Scalar, parse, to_python


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
