"""A copy of the example ISMS (isms init --example) takes its own first commit as the adoption baseline
(isms.change.init.adopted_here): approvals.since becomes `root`, and nothing else in isms.yml changes."""

from __future__ import annotations

from isms.change.init import ADOPTED_HERE, adopted_here
from support.paths import REPOSITORY

BEFORE = "# People.\npeople: []\n\n# Approvals, recorded with isms approve.\napprovals:\n  since: {since}\n"


def test_the_examples_baseline_becomes_the_copys_first_commit_and_nothing_else_changes() -> None:
    example = (REPOSITORY / "isms.yml").read_text(encoding="utf-8")
    copied = adopted_here(example)
    changed = [(old, new) for old, new in zip(example.split("\n"), copied.split("\n"), strict=True) if old != new]
    assert len(changed) == 1 and changed[0][0].startswith("  since: ")
    assert changed[0][1] == "  since: root" + ADOPTED_HERE


def test_a_comment_of_the_line_stays_and_a_baseline_that_needs_no_change_is_left() -> None:
    commented = BEFORE.format(since="7318dcd02819affb8beee8d5d87548da8eda55b6  # the import")
    assert adopted_here(commented) == BEFORE.format(since="root  # the import")
    for unchanged in (BEFORE.format(since="root"), "people: []\n", BEFORE.format(since="'2026-01-01'"), "[broken"):
        assert adopted_here(unchanged) == unchanged
