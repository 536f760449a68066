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
# A period written in Japanese or Chinese: what it counts from may come before it (契約終了後 5 年,
# 合同终止后5年) or after it (3年（退職日から）); digits may be full-width
_CJK_RETENTION = re.compile(
    r"(?P<before>.*?)(?P<amount>[0-9\uff10-\uff19]{1,4})\s*"
    r"(?P<unit>年間|年|か月間|か月|ヶ月間|ヶ月|ヵ月間|ヵ月|カ月間|カ月|个月|個月|日間|日|天)(?P<after>.*)\Z",
    re.DOTALL,
)
_CJK_UNITS = {"年": "year", "月": "month", "日": "day", "天": "day"}


@dataclass(frozen=True)
class Retention:
    amount: int
    unit: str
    counted_from: str = ""
    written: str = ""  # a period written in Japanese or Chinese, shown as written

    @classmethod
    def parse(cls, text: str) -> Retention | None:
        stripped = text.strip()
        match = _RETENTION.match(stripped)
        if match:
            unit = match[2].rstrip("s")
            return cls(int(match[1]), unit, (match[3] or "").strip())
        cjk = _CJK_RETENTION.match(stripped)
        if not cjk:
            return None
        unit = next(english for char, english in _CJK_UNITS.items() if char in cjk["unit"])
        counted_from = (cjk["before"] + cjk["after"]).strip(" 　、，,")
        return cls(int(cjk["amount"]), unit, counted_from, stripped)  # int() reads full-width digits too

    def __str__(self) -> str:
        if self.written:
            return self.written
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
