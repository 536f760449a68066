"""Statement references as authors write them: single ids, lists and ranges, and none inside code."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from isms.read.statements import expand_range, find_statements, replace_references
from isms.resolve.check import check
from support.cli import run_cli
from support.paths import FIXTURES, TODAY

SPAN = ("A.5.15", "A.5.16", "A.5.17", "A.5.18")


@pytest.mark.parametrize(
    "written",
    ["{A.5.15–A.5.18}", "{A.5.15 – A.5.18}", "{A.5.15-A.5.18}", "{A.5.15 - A.5.18}", "{A.5.15–18}", "{A.5.15〜A.5.18}"],
)
def test_a_range_names_every_control_it_spans(written: str) -> None:
    (statement,) = find_statements(f"Access is granted by role. {written}", 1)
    assert statement.ids == SPAN
    assert statement.ranges == ("A.5.15–A.5.18",) or statement.ranges == ("A.5.15–18",)
    assert statement.text == "Access is granted by role."


def test_ranges_and_single_ids_mix_in_one_reference() -> None:
    (statement,) = find_statements("Rules. {A.8.2, A.5.15–A.5.16, 6.1.2–6.1.3}", 1)
    assert statement.ids == ("A.8.2", "A.5.15", "A.5.16", "6.1.2", "6.1.3")


@pytest.mark.parametrize(
    ("first", "last"), [("A.5.36", "A.6.2"), ("A.5.18", "A.5.15"), ("A.5.1", "A.5.1"), ("A.5.1", "A.5.900")]
)
def test_what_is_not_one_series_expands_to_nothing(first: str, last: str) -> None:
    assert expand_range(first, last) == ()


def test_a_range_in_a_statement_reaches_the_control_pages_of_every_control(tmp_path: Path) -> None:
    root = tmp_path / "isms"
    shutil.copytree(FIXTURES / "base", root)
    standard = root / "policies" / "STD-AC-01-access.md"
    text = standard.read_text(encoding="utf-8")
    standard.write_text(text.replace("{A.5.15}", "{A.5.15 – A.5.16}").replace("[A.5.15]", "[A.5.15, A.5.16]"))
    soa = root / "policies" / "applicability.yml"
    soa.write_text(
        soa.read_text(encoding="utf-8").replace(
            "A.5.16: {applicable: false, justification: Outside the fixture's scope.}",
            "A.5.16: {applicable: true, reasons: [risk-treatment], justification: Needed., status: implemented}",
        )
    )
    result = run_cli("--root", str(root), "check", "--today", TODAY, "--strict")
    assert result.exit_code == 0, result.stdout

    index = check(root, date.fromisoformat(TODAY)).index
    assert index is not None
    assert [citation.document.id for citation in index.statements_for("A.5.16")] == ["STD-AC-01"]


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
