"""Statement references as authors write them: single ids, lists and ranges."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from isms.read.statements import expand_range, find_statements
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
