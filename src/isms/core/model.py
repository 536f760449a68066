"""The ISMS domain model: plain values, no I/O.

Documents of every level (policy, standard, procedure, record template and the Statement of
Applicability) share one `Document` type, because they share document control: id, version,
status, owner, approver, classification, review. What only record templates or the SoA carry
hangs off it as `record` and `applicability`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Protocol

from isms.core.records import RecordSpec
from isms.core.soa import Applicability


class ReviewCycles(Protocol):
    """What a document needs of the settings to know when it is due for review (core/settings.py)."""

    def review_months(self, level: Level) -> int: ...


class Level(str, Enum):
    POLICY = "policy"
    STANDARD = "standard"
    PROCEDURE = "procedure"
    RECORD = "record"
    SOA = "soa"

    @property
    def rank(self) -> int:
        """Position in the document pyramid, top first. The SoA sits with the policies."""
        return _RANK[self]

    @property
    def plural(self) -> str:
        return {"policy": "policies", "soa": "statements of applicability"}.get(self.value, self.value + "s")


_RANK = {Level.POLICY: 0, Level.SOA: 0, Level.STANDARD: 1, Level.PROCEDURE: 2, Level.RECORD: 3}

DOCUMENT_LEVELS = (Level.POLICY, Level.STANDARD, Level.PROCEDURE)

ID_PREFIXES = {
    Level.POLICY: "POL",
    Level.STANDARD: "STD",
    Level.PROCEDURE: "PRO",
    Level.RECORD: "REC",
    Level.SOA: "SOA",
}


class Status(str, Enum):
    DRAFT = "draft"
    IN_REVIEW = "in-review"
    APPROVED = "approved"
    SUPERSEDED = "superseded"
    RETIRED = "retired"

    @property
    def in_force(self) -> bool:
        return self is Status.APPROVED


_VERSION = re.compile(r"(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})\Z")


@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int

    @classmethod
    def parse(cls, text: str) -> Version | None:
        match = _VERSION.match(text.strip())
        if not match:
            return None
        return cls(int(match[1]), int(match[2]))

    def next_minor(self) -> Version:
        return Version(self.major, self.minor + 1)

    def next_major(self) -> Version:
        return Version(self.major + 1, 0)

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"


@dataclass(frozen=True)
class StatementRef:
    """A statement in a document body that cites controls or clauses: `... {A.5.15, 6.1.2}`."""

    ordinal: int
    line: int
    column: int
    ids: tuple[str, ...]
    text: str
    ranges: tuple[str, ...] = ()  # as written, `A.5.15–A.5.18`; their ids are in `ids`

    @property
    def anchor(self) -> str:
        return f"stmt-{self.ordinal}"


@dataclass(frozen=True)
class Requirement:
    """One numbered requirement of a standard written as YAML."""

    number: int
    text: str
    line: int
    controls: tuple[str, ...] = ()
    clauses: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    level: Level
    version: Version
    status: Status
    path: str
    revised: date | None = None
    owner: str = ""
    approver: str = ""
    approved_by: str = ""
    approved_on: date | None = None
    classification: str = "internal"
    language: str = "en"
    effective: date | None = None
    review_cycle: int | None = None
    next_review: date | None = None
    implements: tuple[str, ...] = ()
    controls: tuple[str, ...] = ()
    clauses: tuple[str, ...] = ()
    records: tuple[str, ...] = ()
    translation_of: str = ""
    translates: Version | None = None  # the version of the original a translation renders
    audiences: tuple[str, ...] = ()
    exclude_audiences: tuple[str, ...] = ()
    acknowledge: tuple[str, ...] = ()  # roles whose members confirm they read each major version
    summary: str = ""
    body: str = ""
    body_line: int = 1
    source_format: str = "markdown"
    requirements: tuple[Requirement, ...] = ()
    statements: tuple[StatementRef, ...] = ()
    record: RecordSpec | None = None
    applicability: Applicability | None = None
    lines: tuple[tuple[str, int], ...] = field(default=(), compare=False)
    spots: tuple[tuple[str, str, int, int], ...] = field(default=(), compare=False)
    invalid: frozenset[str] = field(default=frozenset(), compare=False)
    extras: tuple[tuple[str, str], ...] = ()  # foreign front-matter keys isms.yml allows, as written
    imported_from: str = ""  # the file `isms import` made it from, whose git history comes before its own

    def line_of(self, name: str) -> int:
        """The line of a front-matter field, or of the id when the field is absent."""
        lines = dict(self.lines)
        return lines.get(name) or lines.get("id") or 1

    def spot(self, name: str, value: str) -> tuple[int, int]:
        """(line, column) of one entry of a list field, e.g. one id in `controls`."""
        for field_name, entry, line, column in self.spots:
            if field_name == name and entry == value:
                return line, column
        return self.line_of(name), 1

    @property
    def description(self) -> str:
        """A YAML record template's description: Markdown, published before its (empty) body. A Markdown
        record template's description is its body, so it has none of its own here."""
        return self.record.description if self.record is not None and self.source_format == "yaml" else ""

    @property
    def written(self) -> tuple[tuple[str, int], ...]:
        """The Markdown its author wrote, each text with the source line it starts on: its description,
        then its body."""
        described = self.description
        if not described:
            return ((self.body, self.body_line),)
        # text of several lines is a block scalar (`description: |`), on the lines after its key
        return (described, self.line_of("description") + ("\n" in described)), (self.body, self.body_line)

    @property
    def is_translation(self) -> bool:
        return bool(self.translation_of)

    def currency(self, original: Document) -> str:
        """Whether a translation renders its original as it is now: "current", "behind" (the original
        has moved on since the version it translates) or "unknown" (it does not say which version)."""
        if self.translates is None:
            return "unknown"
        return "current" if self.translates >= original.version else "behind"

    @property
    def cited_ids(self) -> tuple[str, ...]:
        """Every control and clause id the document cites, front matter and statements."""
        seen = dict.fromkeys(self.controls + self.clauses)
        for statement in self.statements:
            seen.update(dict.fromkeys(statement.ids))
        for requirement in self.requirements:
            seen.update(dict.fromkeys(requirement.controls + requirement.clauses))
        return tuple(seen)

    def review_due(self, settings: ReviewCycles) -> date | None:
        """Next review: stated, or the effective date plus the review cycle."""
        if self.next_review:
            return self.next_review
        if not self.effective:
            return None
        months = self.review_cycle or settings.review_months(self.level)
        return add_months(self.effective, months)


def add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise ValueError(f"cannot add {months} months to {start}")
