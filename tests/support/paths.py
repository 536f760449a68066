"""Where the tests find the repository, its fixtures and their artifacts, and the one date they run on."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
REPOSITORY = TESTS.parent
FIXTURES = TESTS / "fixtures"
GOLDEN = TESTS / "golden"
ARTIFACTS = REPOSITORY / "test-artifacts"

# The fixed "today" of every test run (ISMS_TODAY), so that review dates and versions never drift.
TODAY = "2026-11-21"
