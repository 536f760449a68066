"""Revision rows say when each version was in force, what superseded it, and whose summary they show."""

from __future__ import annotations

from datetime import datetime, timezone

from isms.core.revisions import Change, Commit, History, Revision, trailer_summary
from isms.core.settings import Organization, Person, Settings
from isms.read.labels import labels_in
from isms.render.revision_rows import ADOPTED_SUMMARY, BEFORE_ADOPTION, rows


def commit(sha: str, day: str, message: str, email: str = "alice@example.com") -> Commit:
    when = datetime.fromisoformat(f"{day}T09:00:00+00:00").astimezone(timezone.utc)
    return Commit(sha, (), "Alice Example", email, when, "Alice Example", email, when, message)


def change(sha: str, day: str, message: str, content: bool, by: str = "alice@example.com", **values: str) -> Change:
    return Change("POL-001", commit(sha, day, message, by), "p.md", sha, tuple(values.items()), content, key=sha)


def history(*revisions: tuple[str, list[Change]], since: frozenset[str] = frozenset()) -> History:
    made = tuple(Revision("POL-001", v, tuple(c), n) for n, (v, c) in enumerate(revisions, start=1))
    return History(revisions={"POL-001": made}, before_baseline=since)


ALICE = Person("alice", "Alice Example", "alice@example.com", ("alice@example.com",))
SETTINGS = Settings(Organization("Fixture Ltd."), people=(ALICE,))

V1 = ("1.0", [change("a1", "2026-03-01", "Write the policy\n\nChange-Summary: First issue", True, version="1.0",
       status="draft", revised="2026-03-01"),
       change("a2", "2026-03-05", "Approve POL-001 1.0", False, version="1.0", status="approved",
       approved_by="alice", approved_on="2026-03-05", effective="2026-04-01")])  # fmt: skip
V2 = ("1.1", [change("b1", "2026-05-02", "Edit\n\nChange-Summary: POL-002: not this one\nChange-Summary: POL-001: "
       "Objectives made measurable", True, version="1.1", status="draft", revised="2026-05-02"),
       change("b2", "2026-05-10", "Approve POL-001 1.1", False, version="1.1", status="approved",
       approved_by="alice", approved_on="2026-05-10", effective="2026-05-10")])  # fmt: skip
V3 = ("1.2", [change("c1", "2026-06-01", "Tidy wording", True, version="1.2", status="draft", revised="2026-06-01")])


def test_each_version_knows_when_it_was_in_force_and_what_superseded_it() -> None:
    first, second, third = rows(history(V1, V2, V3), "POL-001", SETTINGS, newest_first=False)
    assert (first.effective_from, first.effective_to, first.superseded_by, first.state) == (
        "2026-04-01",
        "2026-05-10",
        "1.1",
        "superseded",
    )
    assert (second.effective_from, second.effective_to, second.superseded_by, second.state) == (
        "2026-05-10",
        "",
        "",
        "in force",
    )
    assert (third.effective_from, third.state, third.period) == ("", "draft", "never in force")
    assert first.period == "2026-04-01 – 2026-05-10" and second.period == "since 2026-05-10"
    assert first.approved_by == "Alice Example" and first.approved_on == "2026-03-05"


def test_summaries_come_from_the_author_and_fall_back_to_the_subject_saying_so() -> None:
    first, second, third = rows(history(V1, V2, V3), "POL-001", SETTINGS, newest_first=False)
    assert (first.summary, first.summary_source) == ("First issue", "author")
    assert (second.summary, second.summary_source) == ("Objectives made measurable", "author")
    assert (third.summary, third.summary_source) == ("Tidy wording", "commit")
    assert trailer_summary(V2[1][0].commit, "POL-002") == "not this one"
    assert trailer_summary(V2[1][0].commit, "STD-AC-01") == ""


def test_a_version_is_never_dated_after_its_approval() -> None:
    adopted = ("2.0", [change("x1", "2026-11-21", "Import everything", True, version="2.0", status="approved",
               approved_by="alice", approved_on="2026-06-24", effective="2026-07-01")])  # fmt: skip
    (row,) = rows(history(adopted), "POL-001", SETTINGS)
    assert (row.date, row.recorded, row.effective_from) == ("2026-06-24", "2026-11-21", "2026-07-01")


def test_versions_before_the_adoption_baseline_show_as_adopted_without_the_commits_that_brought_them() -> None:
    adopted = ("2.0", [change("x1", "2026-11-21", "Example ISMS, fixture suite, README", True, "dev@tool.example",
               version="2.0", status="approved", approved_by="alice", approved_on="2026-06-24")])  # fmt: skip
    theirs = ("2.1", [change("x2", "2026-11-22", "Name the tiers", True, version="2.1", status="draft")])
    old, new = rows(history(adopted, theirs, since=frozenset({"x1", "x2"})), "POL-001", SETTINGS, newest_first=False)
    assert (old.summary, old.summary_source, old.author) == (ADOPTED_SUMMARY, "adopted", BEFORE_ADOPTION)
    assert old.approver == f"Alice Example, 2026-06-24 ({BEFORE_ADOPTION})"
    assert (new.summary, new.author) == ("Name the tiers", "Alice Example")  # one of the people: their change


def test_an_effective_date_before_the_approval_counts_from_the_approval() -> None:
    early = ("1.0", [change("e1", "2026-03-01", "Write", True, version="1.0", status="approved",
             approved_by="alice", approved_on="2026-03-05", effective="2026-01-01")])  # fmt: skip
    (row,) = rows(history(early), "POL-001", SETTINGS)
    assert row.effective_from == "2026-03-05"


def test_a_change_summary_field_counts_only_in_the_version_that_sets_it() -> None:
    first = ("1.0", [change("f1", "2026-03-01", "Write", True, version="1.0", status="draft",
             change_summary="Issued for the first time")])  # fmt: skip
    second = ("1.1", [change("f2", "2026-04-01", "Edit", True, version="1.1", status="draft",
              change_summary="Issued for the first time")])  # fmt: skip
    old, new = rows(history(first, second), "POL-001", SETTINGS, newest_first=False)
    assert (old.summary, old.summary_source) == ("Issued for the first time", "field")
    assert (new.summary, new.summary_source) == ("Edit", "commit")  # a stale field is not this version's summary


def test_rows_for_a_site_in_another_language_speak_it_and_name_people_as_isms_yml_does_there() -> None:
    alice = Person("alice", "Alice Example", "alice@example.com", ("alice@example.com",), names=(("ja", "有栖 花子"),))
    settings = Settings(Organization("Fixture Ltd."), people=(alice,))
    adopted = ("2.0", [change("x1", "2026-11-21", "Import", True, "dev@tool.example", version="2.0",
               status="approved", approved_by="alice", approved_on="2026-06-24")])  # fmt: skip
    theirs = ("2.1", [change("x2", "2026-11-22", "Name the tiers", True, version="2.1", status="draft")])
    japanese = labels_in("ja")
    found = rows(history(adopted, theirs, since=frozenset({"x1"})), "POL-001", settings, False, japanese)
    old, new = found
    assert (old.summary, old.author) == (japanese("history.adopted_summary"), japanese("history.before_adoption"))
    assert old.approver == "有栖 花子、2026-06-24（導入前）" and old.approved_by == "有栖 花子"
    assert new.author == "有栖 花子"
    english = rows(history(adopted, theirs, since=frozenset({"x1"})), "POL-001", settings, False, labels_in("en"))
    assert english == rows(history(adopted, theirs, since=frozenset({"x1"})), "POL-001", settings, False)
