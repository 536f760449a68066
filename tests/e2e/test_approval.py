"""Approval through `isms approve` and its verification, with several committer identities."""

from __future__ import annotations

from pathlib import Path

import pytest

from isms.read.frontmatter import fields
from support.gitrepo import GitRepo

STANDARD = "policies/STD-AC-01-access.md"  # approver role: ciso (bob)


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo.create(tmp_path / "isms")
    repo.record_approvals_from_now()
    return repo


def edit_standard(repo: GitRepo, author: str) -> None:
    repo.edit(STANDARD, "named person.", "named person, reviewed each quarter.")
    result = repo.commit("Quarterly access reviews", author=author, add_all=True)
    assert result.code == 0, result.output


def test_approval_by_a_member_of_the_role_passes_verify(repo: GitRepo) -> None:
    edit_standard(repo, "alice")
    repo.act_as("bob")
    result = repo.isms("approve", "STD-AC-01")
    assert result.code == 0, result.output
    assert "STD-AC-01 1.1 approved in commit" in result.stdout
    assert repo.git("log", "-1", "--format=%an|%s").strip() == "Bob Example|Approve STD-AC-01 1.1"
    assert "Approved: STD-AC-01 1.1" in repo.message()
    values = fields(STANDARD, repo.read(STANDARD).decode())
    assert (values["status"], values["approved_by"], values["version"]) == ("approved", "bob", "1.1")
    assert values["approved_on"] == values["effective"] == "2026-11-21"
    assert repo.git("status", "--porcelain") == ""
    verified = repo.isms("verify")
    assert verified.code == 0, verified.output
    assert verified.stdout.strip().endswith("isms verify: 0 errors, 0 warnings")
    history = repo.isms("history", "STD-AC-01")
    assert "Bob Example, 2026-11-21" in history.stdout.splitlines()[2]
    approval = repo.git("rev-parse", "--short=8", "HEAD").strip()
    repo.add_site(pdf=False)
    built = repo.isms("build")
    assert built.code == 0, built.output
    page = repo.path("site/standards/STD-AC-01/index.html").read_text(encoding="utf-8")
    assert (
        f'approved by Bob Example on 2026-11-21 (commit <a href="../../history/STD-AC-01/1.1/"><code>{approval}</code>'
        in page
    )


def test_the_author_cannot_approve_their_own_version(repo: GitRepo) -> None:
    edit_standard(repo, "bob")
    repo.act_as("bob")
    before = repo.state()
    refused = repo.isms("approve", "STD-AC-01")
    assert refused.code == 1
    assert "you wrote part of STD-AC-01 1.1" in refused.stderr and "separation of duties" in refused.stderr
    assert repo.state() == before
    # forged by hand, skipping the command and the hooks: verify catches it
    repo.edit(STANDARD, "status: draft", "status: approved")
    repo.git("commit", "-q", "--no-verify", "-am", "Approve STD-AC-01 1.1\n\nApproved: STD-AC-01 1.1")
    verified = repo.isms("verify")
    assert verified.code == 1
    assert "error[isms.verify.author]: STD-AC-01 1.1 (commit" in verified.stdout
    assert "bob approved a version they wrote part of" in verified.stdout


def test_someone_outside_the_role_cannot_approve(repo: GitRepo) -> None:
    edit_standard(repo, "bob")
    repo.act_as("alice")
    refused = repo.isms("approve", "STD-AC-01")
    assert refused.code == 1
    assert "alice is not a member of STD-AC-01's approver role 'ciso'" in refused.stderr
    repo.edit(STANDARD, "status: draft", "status: approved")
    repo.edit(STANDARD, "approved_by: bob", "approved_by: alice")
    repo.git("commit", "-q", "--no-verify", "-am", "Approve STD-AC-01 1.1\n\nApproved: STD-AC-01 1.1")
    verified = repo.isms("verify")
    assert verified.code == 1
    assert "error[isms.verify.role]: STD-AC-01 1.1 (commit" in verified.stdout
    assert "alice was not a member of the approver role 'ciso'" in verified.stdout


def test_status_edited_to_approved_by_hand_fails_verify(repo: GitRepo) -> None:
    edit_standard(repo, "alice")
    repo.edit(STANDARD, "status: draft", "status: approved")
    assert repo.commit("Mark as approved", author="bob", add_all=True).code == 0
    commit = repo.git("rev-parse", "--short=8", "HEAD").strip()
    verified = repo.isms("verify")
    assert verified.code == 1
    assert (
        f"policies/STD-AC-01-access.md:7:1: error[isms.verify.unrecorded]: STD-AC-01 1.1 (commit {commit})"
        " was set to approved by hand, not by an approval commit" in verified.stdout
    )


def test_approvals_before_the_workflow_are_legacy(repo: GitRepo) -> None:
    verified = repo.isms("verify")
    assert verified.code == 0, verified.output


def test_the_example_isms_verifies() -> None:
    import subprocess

    from support.cli import run_cli
    from support.paths import REPOSITORY

    shallow = subprocess.run(
        ["git", "rev-parse", "--is-shallow-repository"], cwd=REPOSITORY, capture_output=True, text=True
    ).stdout.strip()
    if shallow != "false":
        pytest.skip("the example's approvals can only be verified in a full clone")
    result = run_cli("--root", str(REPOSITORY), "verify", "--today", "2026-11-21")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == "isms verify: 0 errors, 0 warnings\n"


def test_due_lists_overdue_and_soon_due_reviews_with_owner_and_approver(repo: GitRepo) -> None:
    import json

    # the fixture's documents took effect 2026-06-15 with a 12-month cycle: due 2027-06-15
    quiet = repo.isms("due", "--today", "2026-11-21")
    assert (quiet.code, quiet.stdout) == (0, "no review overdue or due within 30 days\n")
    soon = repo.isms("due", "--today", "2027-06-01", "--format", "json")
    data = json.loads(soon.stdout)
    assert {d["id"] for d in data["documents"]} >= {"POL-001", "STD-AC-01"}
    standard = next(d for d in data["documents"] if d["id"] == "STD-AC-01")
    assert standard["state"] == "due" and standard["days"] == 14
    assert standard["approver"] == "CISO (Bob Example)"
    late = repo.isms("due", "--today", "2027-07-01", "--fail-on", "overdue", "--format", "markdown")
    assert late.code == 1
    row = "| STD-AC-01 | Access Control Standard | 2027-06-15 | overdue | Top management (Alice Example) |"
    assert row in late.stdout
    assert repo.isms("due", "--today", "2027-06-01", "--fail-on", "overdue").code == 0
    assert repo.isms("due", "--today", "2027-06-01", "--fail-on", "due").code == 1


def test_review_extends_the_date_without_a_new_version(repo: GitRepo, tmp_path: Path) -> None:
    from datetime import date

    from isms.host.site_build import build_site

    repo.act_as("alice")
    outsider = repo.isms("review", "STD-AC-01", "--today", "2027-06-01")
    assert outsider.code == 1 and "not a member of STD-AC-01's approver role 'ciso'" in outsider.stderr
    repo.act_as("bob")
    result = repo.isms("review", "STD-AC-01", "--today", "2027-06-01")
    assert result.code == 0, result.output
    assert "STD-AC-01 1.0 reviewed, no change; next review 2028-06-01" in result.stdout
    assert repo.git("log", "-1", "--format=%an|%s").strip() == "Bob Example|Review STD-AC-01 1.0: no change"
    assert "Reviewed: STD-AC-01 1.0" in repo.message()
    values = fields(STANDARD, repo.read(STANDARD).decode())
    assert (values["version"], values["next_review"], values["status"]) == ("1.0", "2028-06-01", "approved")
    assert repo.isms("due", "--today", "2027-07-01").stdout.count("STD-AC-01") == 0
    history = repo.isms("history", "STD-AC-01")
    assert "1.0 reviewed, no change, by Bob Example on" in history.stdout
    assert len(history.stdout.splitlines()) == 4  # title, header, one version, the review
    assert repo.isms("verify").code == 0
    repo.path("mkdocs.yml").write_text("site_name: T\ntheme: {name: material}\nplugins: [isms: {pdf: false}]\n")
    repo.path("docs").mkdir()
    repo.path("docs/about.md").write_text("# About\n")
    site = tmp_path / "site"
    build_site(repo.root, date(2027, 6, 1), site_dir=site)
    page = (site / "history" / "STD-AC-01" / "index.html").read_text(encoding="utf-8")
    assert "reviewed, no change, by Bob Example" in page and "next review 2028-06-01" in page
    changes = (site / "registers" / "changes" / "index.html").read_text(encoding="utf-8")
    assert "</a> reviewed</td>" in changes


def test_verify_checks_who_reviewed_and_catches_a_date_moved_by_hand(repo: GitRepo) -> None:
    # a review commit made by hand by someone outside the approver role
    repo.act_as("alice")
    repo.edit(STANDARD, "effective:", "next_review: 2028-06-01\neffective:")
    repo.git("commit", "-q", "--no-verify", "-am", "Review STD-AC-01 1.0: no change\n\nReviewed: STD-AC-01 1.0")
    sha = repo.git("rev-parse", "--short=8", "HEAD").strip()
    verified = repo.isms("verify")
    assert verified.code == 1
    assert (
        f"error[isms.verify.review]: STD-AC-01 1.0 (commit {sha}): reviewed by alice, who was not a member of the"
        " approver role 'ciso' at that commit" in verified.stdout
    )
    # the date moved again, with no review commit at all
    repo.edit(STANDARD, "next_review: 2028-06-01", "next_review: 2029-06-01")
    repo.git("commit", "-q", "--no-verify", "-am", "Tidy up")
    sha = repo.git("rev-parse", "--short=8", "HEAD").strip()
    verified = repo.isms("verify")
    assert f"STD-AC-01 1.0 (commit {sha}): next_review was moved by hand, not by a review commit" in verified.stdout


def test_separation_of_duties_compares_people_not_addresses(repo: GitRepo) -> None:
    """Bob writes the change from his second registered address; he still may not approve it."""
    settings = repo.path("isms.yml")
    settings.write_text(
        settings.read_text().replace("git: [bob@example.com]", "git: [bob@example.com, bob@home.example]"),
        encoding="utf-8",
    )
    assert repo.commit("Register Bob's second address", author="alice", add_all=True).code == 0
    repo.edit(STANDARD, "named person.", "named person, reviewed each quarter.")
    repo.identify("Bob Example", "bob@home.example", "1790000000 +0900")
    assert repo.run("git", "commit", "-q", "-am", "Quarterly access reviews", check=False).code == 0
    repo.act_as("bob")
    refused = repo.isms("approve", "STD-AC-01")
    assert refused.code == 1 and "you wrote part of STD-AC-01 1.1" in refused.stderr
    repo.edit(STANDARD, "status: draft", "status: approved")
    repo.git("commit", "-q", "--no-verify", "-am", "Approve STD-AC-01 1.1\n\nApproved: STD-AC-01 1.1")
    verified = repo.isms("verify")
    assert "bob approved a version they wrote part of (separation of duties)" in verified.stdout


def test_a_change_by_an_unregistered_address_cannot_be_shown_separate_from_its_approval(repo: GitRepo) -> None:
    repo.edit(STANDARD, "named person.", "named person, reviewed each quarter.")
    repo.identify("Mallory", "mallory@elsewhere.example", "1790000000 +0900")
    assert repo.run("git", "commit", "-q", "-am", "Quarterly access reviews", check=False).code == 0
    repo.act_as("bob")
    refused = repo.isms("approve", "STD-AC-01")
    assert refused.code == 1 and "written in part by <mallory@elsewhere.example>, who is no person" in refused.stderr
    repo.edit(STANDARD, "status: draft", "status: approved")
    repo.git("commit", "-q", "--no-verify", "-am", "Approve STD-AC-01 1.1\n\nApproved: STD-AC-01 1.1")
    verified = repo.isms("verify")
    assert verified.code == 1
    assert (
        "written in part by <mallory@elsewhere.example>, who is no person of isms.yml, so separation of duties"
        " cannot be shown" in verified.stdout
    )
