"""--strict makes warnings errors, except those the published outputs state to their readers."""

from __future__ import annotations

from isms.core import diagnostics as codes
from isms.core.diagnostics import Location, Report, Severity


def test_strict_keeps_an_outdated_translation_a_warning_and_makes_other_warnings_errors() -> None:
    report = Report()
    report.add(codes.TRANSLATION_OUTDATED, Location("a.ja.md", 5, 1), "behind")
    report.add(codes.TRANSLATION_LANGUAGE, Location("b.ja.md", 4, 1), "same language")
    severities = [(d.location.path, d.severity) for d in report.finalize(strict=True)]
    assert severities == [("a.ja.md", Severity.WARNING), ("b.ja.md", Severity.ERROR)]
    assert [d.severity for d in report.finalize()] == [Severity.WARNING, Severity.WARNING]
