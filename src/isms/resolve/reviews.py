"""The reviews that are overdue or fall due soon, as typed rows for `isms due` and the due export.

The rows are computed here once; the shell and the exports only format them. A row names its
owner and approver roles with their members, as a person reading a report needs them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from isms.resolve.index import Index

FAILING_STATES = {"overdue": frozenset({"overdue"}), "due": frozenset({"overdue", "due"})}
"""For `--fail-on STATE`: the review states that count as failing."""


@dataclass(frozen=True)
class ReviewRow:
    """One document whose review is overdue or due within the window."""

    document_id: str
    title: str
    next_review: date
    state: str  # "overdue" or "due"
    days: int  # until the next review; negative when it is overdue
    owner: str  # 'Title (Name, Name)'
    approver: str

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.document_id,
            "title": self.title,
            "next_review": self.next_review.isoformat(),
            "state": self.state,
            "days": self.days,
            "owner": self.owner,
            "approver": self.approver,
        }


def review_rows(index: Index, today: date, window_days: int) -> list[ReviewRow]:
    """Reviews overdue or due within `window_days` of `today`, soonest first (then by id)."""
    settings = index.settings
    return [
        ReviewRow(
            document_id=document.id,
            title=document.title,
            next_review=when,
            state=state,
            days=(when - today).days,
            owner=settings.role_with_members(document.owner),
            approver=settings.role_with_members(document.approver),
        )
        for document, state, when in index.due_reviews(today, window_days)
    ]


def any_failing(rows: list[ReviewRow], fail_on: str | None) -> bool:
    """Whether any row is in a state that `--fail-on fail_on` fails on (never, without --fail-on)."""
    failing = FAILING_STATES.get(fail_on or "", frozenset())
    return any(row.state in failing for row in rows)
