"""Merges through the hooks: a resolution that is neither side's text is stamped as a new version and named
in a trailer, history sees it, and it is approved and verified like any other version."""

from __future__ import annotations

from pathlib import Path

from isms.read.frontmatter import fields
from support.gitrepo import GitRepo

STANDARD = "policies/STD-AC-01-access.md"  # approver role: ciso (bob)


def _branch_edit(repo: GitRepo, branch: str, start: str, sentence: str) -> None:
    repo.git("checkout", "-q", "-b", branch, start)
    repo.edit(STANDARD, "named person.", f"named person, {sentence}.")
    result = repo.commit(f"Access reviews: {sentence}", author="alice", add_all=True)
    assert result.code == 0, result.output
    assert fields(STANDARD, repo.read(STANDARD).decode())["version"] == "1.1"


def test_a_resolved_conflict_is_a_new_version_named_in_the_merge_and_approvable(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "isms")
    repo.record_approvals_from_now()
    base = repo.git("rev-parse", "HEAD").strip()
    _branch_edit(repo, "quarterly", base, "reviewed each quarter")
    _branch_edit(repo, "monthly", base, "reviewed each month")
    repo.git("checkout", "-q", "quarterly")
    conflict = repo.run("git", "merge", "-q", "monthly", check=False)
    assert conflict.code == 1  # both sides rewrote the same sentence
    repo.git("checkout", "-q", "--ours", STANDARD)
    repo.edit(STANDARD, "reviewed each quarter.", "reviewed each month, and in depth each quarter.")
    repo.git("add", STANDARD)
    merged = repo.commit("Merge the monthly reviews into the quarterly ones", author="alice")
    assert merged.code == 0, merged.output
    assert "isms: stamped STD-AC-01 (policies/STD-AC-01-access.md): 1.1 → 1.2" in merged.stderr  # neither side's 1.1
    assert fields(STANDARD, repo.read(STANDARD).decode())["version"] == "1.2"
    assert len(repo.git("log", "-1", "--format=%P").split()) == 2
    assert "Document: STD-AC-01 1.2" in repo.message()
    history = repo.isms("history", "STD-AC-01")
    assert history.stdout.splitlines()[2].startswith("1.2 ")  # history sees the merge's version
    repo.act_as("bob")
    approved = repo.isms("approve", "STD-AC-01")
    assert approved.code == 0, approved.output
    verified = repo.isms("verify")
    assert verified.code == 0, verified.output


def test_a_clean_merge_names_no_document_its_side_named_already(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "isms")
    main = repo.git("rev-parse", "--abbrev-ref", "HEAD").strip()
    base = repo.git("rev-parse", "HEAD").strip()
    _branch_edit(repo, "quarterly", base, "reviewed each quarter")
    repo.git("checkout", "-q", main)
    repo.path("notes.txt").write_text("unrelated\n", encoding="utf-8")
    assert repo.commit("Notes", author="bob", add_all=True).code == 0
    merged = repo.run("git", "merge", "-q", "--no-ff", "-m", "Merge the quarterly reviews", "quarterly", check=False)
    assert merged.code == 0, merged.output
    assert "Document:" not in repo.message()
    assert fields(STANDARD, repo.read(STANDARD).decode())["version"] == "1.1"


def test_merging_a_branch_that_approved_its_change_keeps_the_approved_text(tmp_path: Path) -> None:
    """The branch's own commits stamped and approved the document; the merge brings that text as it is.
    Stamping it again would turn the approved version back into a draft and name it in the merge. A
    conflict elsewhere makes the merge a `git commit`, which runs the pre-commit hook on everything."""
    repo = GitRepo.create(tmp_path / "isms")
    repo.record_approvals_from_now()
    main = repo.git("rev-parse", "--abbrev-ref", "HEAD").strip()
    base = repo.git("rev-parse", "HEAD").strip()
    _branch_edit(repo, "quarterly", base, "reviewed each quarter")
    repo.path("notes.txt").write_text("from the branch\n", encoding="utf-8")
    assert repo.commit("Notes of the branch", author="alice", add_all=True).code == 0
    repo.act_as("bob")
    assert repo.isms("approve", "STD-AC-01").code == 0
    approved = repo.read(STANDARD)
    repo.git("checkout", "-q", main)
    repo.act_as("alice")  # a day later
    repo.path("notes.txt").write_text("from main\n", encoding="utf-8")
    assert repo.commit("Notes of main", author="alice", add_all=True).code == 0
    conflict = repo.run("git", "merge", "-q", "quarterly", check=False)
    assert conflict.code == 1
    repo.path("notes.txt").write_text("from both\n", encoding="utf-8")
    repo.git("add", "notes.txt")
    merged = repo.commit("Merge the quarterly reviews", author="alice")
    assert merged.code == 0, merged.output
    assert "stamped" not in merged.output
    assert repo.read(STANDARD) == approved
    assert fields(STANDARD, approved.decode())["status"] == "approved"
    assert "Document:" not in repo.message()
    assert repo.isms("verify").code == 0


def test_two_branches_that_each_made_the_next_version_do_not_change_each_others_approved_text(
    tmp_path: Path,
) -> None:
    """Both branches stamp 1.1 from the same 1.0, one approves it on its branch; after the merge the
    history holds two texts of 1.1. The other branch's 1.1 does not descend from that approval, so it
    is no change of the approved text; the resolution is 1.2, approved as usual."""
    repo = GitRepo.create(tmp_path / "isms")
    repo.record_approvals_from_now()
    base = repo.git("rev-parse", "HEAD").strip()
    _branch_edit(repo, "quarterly", base, "reviewed each quarter")
    repo.act_as("bob")
    assert repo.isms("approve", "STD-AC-01").code == 0
    repo.act_as("alice")
    _branch_edit(repo, "monthly", base, "reviewed each month")
    repo.git("checkout", "-q", "quarterly")
    assert repo.run("git", "merge", "-q", "monthly", check=False).code == 1
    repo.git("checkout", "-q", "--ours", STANDARD)
    repo.edit(STANDARD, "reviewed each quarter.", "reviewed each month, and in depth each quarter.")
    repo.git("add", STANDARD)
    assert repo.commit("Merge the monthly reviews", author="alice").code == 0
    assert fields(STANDARD, repo.read(STANDARD).decode())["version"] == "1.2"
    repo.act_as("bob")
    assert repo.isms("approve", "STD-AC-01").code == 0
    verified = repo.isms("verify")
    assert verified.code == 0, verified.output
