"""The domain model's values: versions, review dates a number of months on, retention periods."""

from __future__ import annotations

from datetime import date

from isms.core.model import Version, add_months
from isms.core.records import Retention


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
