"""What a record template adds to document control: its form fields and how long filled-in records are kept."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    type: str
    required: bool = False
    options: tuple[str, ...] = ()
    help: str = ""


FORM_FIELD_TYPES = ("text", "line", "date", "datetime", "number", "person", "choice", "checkbox", "signature")

_RETENTION = re.compile(r"(\d{1,4})\s+(day|days|month|months|year|years)(?:\s+(.+))?\Z")


@dataclass(frozen=True)
class Retention:
    amount: int
    unit: str
    counted_from: str = ""

    @classmethod
    def parse(cls, text: str) -> Retention | None:
        match = _RETENTION.match(text.strip())
        if not match:
            return None
        unit = match[2].rstrip("s")
        return cls(int(match[1]), unit, (match[3] or "").strip())

    def __str__(self) -> str:
        unit = self.unit + ("s" if self.amount != 1 else "")
        return f"{self.amount} {unit}" + (f" {self.counted_from}" if self.counted_from else "")


@dataclass(frozen=True)
class RecordSpec:
    """What a record template adds to document control."""

    retention: Retention | None
    storage: str
    description: str
    fields: tuple[FormField, ...] = ()
    evidences_controls: tuple[str, ...] = ()
    evidences_clauses: tuple[str, ...] = ()
