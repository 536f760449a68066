"""The approved text is bound to its approval: a later commit of the same version that changes it, past the
hooks or in a merge resolution, fails `isms verify` and `isms changes --fail-unapproved`, and the site and
the PDFs stop calling that text approved."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from isms.render.meta import document_meta
from isms.resolve.view import open_view
from isms.site.pages import build_pages
from support.gitrepo import GitRepo
from support.paths import TODAY

STANDARD = "policies/STD-AC-01-access.md"  # approver role: ciso (bob)
APPROVED_SENTENCE = "named person, reviewed each quarter."


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """STD-AC-01 1.1 written by alice and approved by bob with isms approve; verify passes."""
    repo = GitRepo.create(tmp_path / "isms")
    repo.record_approvals_from_now()
    repo.edit(STANDARD, "named person.", APPROVED_SENTENCE)
    assert repo.commit("Quarterly access reviews", author="alice", add_all=True).code == 0
    repo.act_as("bob")
    approved = repo.isms("approve", "STD-AC-01")
    assert approved.code == 0, approved.output
    verified = repo.isms("verify")
    assert verified.code == 0, verified.output
    return repo


def _bypass(repo: GitRepo) -> str:
    """alice rewrites the approved sentence and commits past the hooks; version and status stay."""
    repo.act_as("alice")
    repo.edit(STANDARD, APPROVED_SENTENCE, "named person, reviewed once a year.")
    repo.git("commit", "-q", "--no-verify", "-am", "Relax the review interval")
    return repo.git("rev-parse", "--short=8", "HEAD").strip()


def test_a_commit_past_the_hooks_that_changes_approved_text_fails_verify(repo: GitRepo) -> None:
    commit = _bypass(repo)
    approval = repo.git("rev-parse", "--short=8", "HEAD~1").strip()
    assert repo.isms("check").code == 0  # the files alone are valid: only the history shows what happened
    verified = repo.isms("verify")
    assert verified.code == 1
    assert (
        f"{STANDARD}:5:1: error[isms.verify.changed]: STD-AC-01 1.1: commit {commit} by Alice Example"
        f" <alice@example.com> changed the text approved in commit {approval} without a new version"
    ) in verified.stdout


def test_the_site_and_the_pdf_no_longer_call_the_changed_text_approved(repo: GitRepo) -> None:
    commit = _bypass(repo)
    opened = open_view(repo.root, date.fromisoformat(TODAY))
    assert opened.view is not None
    view = opened.view
    assert list(view.unapproved) == ["STD-AC-01"] and view.unapproved["STD-AC-01"].commit.short == commit
    page = next(p for p in build_pages(view) if p.uri == "standards/STD-AC-01.md")
    assert '!!! danger "Not the approved text"' in page.markdown
    assert "isms-status--in-review" in page.markdown and "isms-status--approved" not in page.markdown
    assert view.index.documents["STD-AC-01"].status.value == "in-review"  # for every renderer, registers too
    assert f"changed after it was approved, in commit {commit} by Alice Example" in page.markdown
    document = view.index.documents["STD-AC-01"]
    meta = document_meta(view.index, document, view.source(STANDARD), changed=True)
    assert meta["watermark"] == "NOT THE APPROVED TEXT"
    control = {row[2]: row[3] for row in meta["control"]}  # type: ignore[attr-defined]
    assert control["Approved on"] == "—"
    untouched = document_meta(view.index, view.index.documents["POL-001"], view.source("policies/POL-001-policy.md"))
    assert untouched["watermark"] == ""


def test_isms_changes_catches_it_in_the_pull_request(repo: GitRepo) -> None:
    repo.git("branch", "-q", "target", "HEAD")  # the target branch holds the approved text
    repo.git("checkout", "-q", "-b", "change")
    _bypass(repo)
    result = repo.isms("changes", "--base", "target", "--fail-unapproved")
    assert result.code == 1, result.output
    assert "changed after approval" in result.stdout
    assert "isms changes: not approved yet: STD-AC-01" in result.stderr


def test_a_branch_that_changes_text_after_its_own_approval_is_caught(repo: GitRepo) -> None:
    """Comparing the two ends alone shows 1.1 approved against 1.0: the commits in between tell the truth."""
    repo.git("checkout", "-q", "-b", "change", "HEAD~2")  # before 1.1 was written and approved
    target = repo.git("rev-parse", "HEAD").strip()
    repo.edit(STANDARD, "named person.", APPROVED_SENTENCE)
    assert repo.commit("Quarterly access reviews", author="alice", add_all=True).code == 0
    repo.act_as("bob")
    assert repo.isms("approve", "STD-AC-01").code == 0
    clean = repo.isms("changes", "--base", target, "--fail-unapproved")
    assert clean.code == 0, clean.output
    _bypass(repo)
    caught = repo.isms("changes", "--base", target, "--fail-unapproved")
    assert caught.code == 1 and "changed after approval" in caught.stdout


def _side_work(repo: GitRepo) -> None:
    """A branch 'side' with one commit by alice that touches no document; the main line checked out again."""
    main = repo.git("rev-parse", "--abbrev-ref", "HEAD").strip()
    repo.git("checkout", "-q", "-b", "side")
    repo.act_as("alice")
    repo.path("notes.txt").write_text("side work\n", encoding="utf-8")
    repo.git("add", "notes.txt")
    repo.git("commit", "-q", "-m", "Side work")
    repo.git("checkout", "-q", main)


def test_a_merge_resolution_that_rewrites_approved_text_fails_verify(repo: GitRepo) -> None:
    _side_work(repo)
    repo.git("merge", "-q", "--no-ff", "--no-commit", "side")
    repo.edit(STANDARD, APPROVED_SENTENCE, "named person, reviewed when convenient.")
    repo.git("add", STANDARD)
    repo.git("commit", "-q", "--no-verify", "-m", "Merge side")
    merge = repo.git("rev-parse", "--short=8", "HEAD").strip()
    verified = repo.isms("verify")
    assert verified.code == 1
    assert f"error[isms.verify.changed]: STD-AC-01 1.1: commit {merge} (a merge) by Alice Example" in verified.stdout
    history = repo.isms("history", "STD-AC-01")
    assert merge in history.stdout  # history reads what merges bring in


def test_a_clean_merge_adds_no_change_to_the_history(repo: GitRepo) -> None:
    before = repo.isms("history", "STD-AC-01", "--format", "json").stdout
    _side_work(repo)
    repo.git("merge", "-q", "--no-ff", "-m", "Merge side", "side")
    assert repo.isms("history", "STD-AC-01", "--format", "json").stdout == before
    assert repo.isms("verify").code == 0
