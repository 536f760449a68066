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


def test_retention_periods_written_in_japanese_or_chinese_are_shown_as_written() -> None:
    assert Retention.parse("3年") == Retention(3, "year", "", "3年")
    assert Retention.parse("契約終了後 5 年") == Retention(5, "year", "契約終了後", "契約終了後 5 年")
    assert Retention.parse("合同终止后5年") == Retention(5, "year", "合同终止后", "合同终止后5年")
    assert Retention.parse("3年（退職日から）") == Retention(3, "year", "（退職日から）", "3年（退職日から）")
    assert Retention.parse("６か月") == Retention(6, "month", "", "６か月")
    assert Retention.parse("18ヶ月間") == Retention(18, "month", "", "18ヶ月間")
    assert Retention.parse("6个月") == Retention(6, "month", "", "6个月")
    assert Retention.parse("退職日の翌日から30日") == Retention(30, "day", "退職日の翌日から", "退職日の翌日から30日")
    assert Retention.parse("90天") == Retention(90, "day", "", "90天")
    assert str(Retention.parse(" 契約終了後 5 年 ")) == "契約終了後 5 年"
    assert Retention.parse("永久") is None and Retention.parse("3 ans") is None
