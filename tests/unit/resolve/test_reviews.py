"""The review rows behind `isms due` and the due export: which documents, in which order, in which state."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from isms.resolve.check import check
from isms.resolve.index import Index
from isms.resolve.reviews import ReviewRow, any_failing, review_rows

REVIEW_DAY = date(2026, 12, 6)


def _set(path: Path, field: str, value: str) -> None:
    """Add a front-matter field after the id line (Markdown) or at the top (YAML)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = text.replace("\nid: ", f"\n{field}: {value}\nid: ", 1)
    else:
        text = f"{field}: {value}\n{text}"
    path.write_text(text, encoding="utf-8")


def _index(root: Path) -> Index:
    result = check(root, REVIEW_DAY)
    assert result.index is not None, [d.format() for d in result.diagnostics]
    return result.index


def _tiny(root: Path) -> Index:
    """Four documents: one overdue, two due on the same day, one retired and overdue, the rest later."""
    _set(root / "policies" / "STD-AC-01-access.md", "next_review", "2026-12-01")
    _set(root / "records-templates" / "REC-AQ-01-access-request.yml", "next_review", "2026-12-20")
    _set(root / "policies" / "PRO-UA-01-user-access.md", "next_review", "2026-12-20")
    _set(root / "policies" / "POL-001-policy.md", "next_review", "2027-06-15")
    return _index(root)


def test_rows_are_soonest_first_then_by_id(base_tree: Path) -> None:
    assert review_rows(_tiny(base_tree), REVIEW_DAY, 30) == [
        ReviewRow(
            "STD-AC-01",
            "Access Control Standard",
            date(2026, 12, 1),
            "overdue",
            -5,
            "Top management (Alice Example)",
            "CISO (Bob Example)",
        ),
        ReviewRow(
            "PRO-UA-01",
            "User Access Procedure",
            date(2026, 12, 20),
            "due",
            14,
            "Top management (Alice Example)",
            "CISO (Bob Example)",
        ),
        ReviewRow(
            "REC-AQ-01",
            "Access Request",
            date(2026, 12, 20),
            "due",
            14,
            "Top management (Alice Example)",
            "CISO (Bob Example)",
        ),
    ]


def test_the_window_is_inclusive(base_tree: Path) -> None:
    index = _tiny(base_tree)
    assert [r.document_id for r in review_rows(index, REVIEW_DAY, 14)] == ["STD-AC-01", "PRO-UA-01", "REC-AQ-01"]
    assert [r.document_id for r in review_rows(index, REVIEW_DAY, 13)] == ["STD-AC-01"]
    assert [r.document_id for r in review_rows(index, REVIEW_DAY, 0)] == ["STD-AC-01"]


def test_a_retired_document_is_never_due(base_tree: Path) -> None:
    record = base_tree / "records-templates" / "REC-AQ-01-access-request.yml"
    _set(record, "next_review", "2026-01-01")
    assert [r.document_id for r in review_rows(_index(base_tree), REVIEW_DAY, 30)] == ["REC-AQ-01"]
    record.write_text(record.read_text(encoding="utf-8").replace("status: approved", "status: retired"), "utf-8")
    assert review_rows(_index(base_tree), REVIEW_DAY, 30) == []


def test_nothing_due_gives_no_rows(base_tree: Path) -> None:
    assert review_rows(_index(base_tree), date(2026, 7, 1), 30) == []


def test_fail_on_counts_overdue_and_due(base_tree: Path) -> None:
    rows = review_rows(_tiny(base_tree), REVIEW_DAY, 30)
    assert any_failing(rows, "overdue") and any_failing(rows, "due")
    assert not any_failing(rows, None)
    due_only = [r for r in rows if r.state == "due"]
    assert not any_failing(due_only, "overdue") and any_failing(due_only, "due")


def test_json_names_the_fields_isms_due_prints(base_tree: Path) -> None:
    assert review_rows(_tiny(base_tree), REVIEW_DAY, 30)[0].to_json() == {
        "id": "STD-AC-01",
        "title": "Access Control Standard",
        "next_review": "2026-12-01",
        "state": "overdue",
        "days": -5,
        "owner": "Top management (Alice Example)",
        "approver": "CISO (Bob Example)",
    }
