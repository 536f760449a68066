"""isms.yml is a controlled document: changes to people, roles, audiences, classifications and approvals
need an approval by the role `approvals: settings:` names, and a role grant counts only once approved."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.gitrepo import GitRepo

STANDARD = "policies/STD-AC-01-access.md"  # approver role: ciso (bob)
TOP = "  top-management: {title: Top management, members: [alice]}\n"
TOP_NOW = "  top-management: {title: Top management, members: [alice, carol]}\n"


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """The base ISMS with carol in top-management beside alice, recorded before control starts; then
    approvals.since and approvals.settings: top-management (taken as recorded: nothing was controlled yet)."""
    repo = GitRepo.create(tmp_path / "isms")
    repo.edit(
        "isms.yml",
        "  - {id: bob, name: Bob Example, email: bob@example.com, git: [bob@example.com]}\n",
        "  - {id: bob, name: Bob Example, email: bob@example.com, git: [bob@example.com]}\n"
        "  - {id: carol, name: Carol Outsider, email: carol@example.com}\n",
    )
    repo.edit("isms.yml", TOP, TOP_NOW)
    repo.record_approvals_from_now("Control isms.yml: top management approves its changes", settings="top-management")
    assert repo.isms("verify").code == 0
    return repo


def _grant(repo: GitRepo, author: str, role_line: str, new_line: str, message: str) -> str:
    repo.act_as(author)
    repo.edit("isms.yml", role_line, new_line)
    assert repo.commit(message, author=author, add_all=True).code == 0
    return repo.git("rev-parse", "--short=8", "HEAD").strip()


def test_an_unapproved_role_grant_fails_verify_until_top_management_approves_it(repo: GitRepo) -> None:
    ciso = "  ciso: {title: CISO, members: [bob]}\n"
    commit = _grant(repo, "bob", ciso, "  ciso: {title: CISO, members: [bob, alice]}\n", "Alice joins the CISO role")
    verified = repo.isms("verify")
    assert verified.code == 1
    assert (
        f"isms.yml: error[isms.verify.settings]: commit {commit} by Bob Example <bob@example.com> changed roles"
        " in isms.yml, and no approval by the role 'top-management' followed"
    ) in verified.stdout
    repo.act_as("bob")  # not in top-management
    refused = repo.isms("approve", "isms.yml")
    assert refused.code == 1 and "bob is not a member of the role 'top-management'" in refused.stderr
    repo.act_as("alice")
    approved = repo.isms("approve", "isms.yml")
    assert approved.code == 0, approved.output
    assert "isms approve: isms.yml (roles) approved in commit" in approved.stdout
    message = repo.message()
    assert message.startswith("Approve isms.yml: roles") and "Approved: isms.yml " in message
    assert repo.isms("verify").code == 0


def test_the_author_of_a_settings_change_cannot_approve_it(repo: GitRepo) -> None:
    bob_too = "  top-management: {title: Top management, members: [alice, carol, bob]}\n"
    _grant(repo, "alice", TOP_NOW, bob_too, "Bob joins top management")
    repo.act_as("alice")
    refused = repo.isms("approve", "isms.yml")
    assert refused.code == 1 and "you wrote part of the change to isms.yml" in refused.stderr
    repo.act_as("carol")
    assert repo.isms("approve", "isms.yml").code == 0
    assert repo.isms("verify").code == 0


def test_a_role_grant_used_before_its_approval_grants_nothing(repo: GitRepo) -> None:
    """alice adds herself to the CISO role and approves bob's standard with it at once; carol approves the
    grant afterwards. isms approve refuses, and an approval made by hand stays invalid: alice was no CISO
    (as the approved isms.yml had it) when she approved."""
    ciso = "  ciso: {title: CISO, members: [bob]}\n"
    _grant(repo, "alice", ciso, "  ciso: {title: CISO, members: [bob, alice]}\n", "Alice joins the CISO role")
    repo.edit(STANDARD, "named person.", "named person, reviewed each quarter.")
    assert repo.commit("Quarterly access reviews", author="bob", add_all=True).code == 0
    repo.act_as("alice")
    refused = repo.isms("approve", "STD-AC-01")
    assert refused.code == 1
    assert (
        "alice is not a member of STD-AC-01's approver role 'ciso' in isms.yml as last approved (a change to"
        " isms.yml awaits approval: isms approve isms.yml)"
    ) in refused.stderr
    for old, new in (("status: draft", "status: approved"), ("approved_by: bob", "approved_by: alice")):
        repo.edit(STANDARD, old, new)
    repo.git("commit", "-q", "--no-verify", "-am", "Approve STD-AC-01 1.1\n\nApproved: STD-AC-01 1.1")
    approval = repo.git("rev-parse", "--short=8", "HEAD").strip()
    repo.act_as("carol")
    assert repo.isms("approve", "isms.yml").code == 0
    verified = repo.isms("verify")
    assert verified.code == 1
    assert (
        f"error[isms.verify.role]: STD-AC-01 1.1 (commit {approval}): alice was not a member of the approver role"
        " 'ciso' in isms.yml at that commit"
    ) in verified.stdout
    assert "isms.verify.settings" not in verified.stdout  # the grant itself is approved now


def test_moving_the_baseline_forward_exempts_nothing_until_approved(repo: GitRepo) -> None:
    """bob forges an approval of his own standard, then moves approvals.since past it to hide it."""
    repo.edit(STANDARD, "named person.", "named person, reviewed each quarter.")
    assert repo.commit("Quarterly access reviews", author="bob", add_all=True).code == 0
    repo.edit(STANDARD, "status: draft", "status: approved")
    repo.git("commit", "-q", "--no-verify", "-am", "Approve STD-AC-01 1.1\n\nApproved: STD-AC-01 1.1")
    forged = repo.git("rev-parse", "HEAD").strip()
    text = repo.path("isms.yml").read_text(encoding="utf-8")
    old_since = text.split("since: ", 1)[1].split("\n", 1)[0]
    repo.path("isms.yml").write_text(text.replace(old_since, forged), encoding="utf-8")
    assert repo.commit("Move the approvals baseline", author="bob", add_all=True).code == 0
    verified = repo.isms("verify")
    assert verified.code == 1
    assert "changed approvals in isms.yml, and no approval by the role 'top-management' followed" in verified.stdout
    assert f"error[isms.verify.author]: STD-AC-01 1.1 (commit {forged[:8]})" in verified.stdout


def test_changes_outside_the_controlled_sections_need_no_approval(repo: GitRepo) -> None:
    repo.edit("isms.yml", "  name: Fixture Ltd.", "  name: Fixture Limited")
    assert repo.commit("Spell out the company name", author="bob", add_all=True).code == 0
    assert repo.isms("verify").code == 0
    repo.act_as("alice")
    nothing = repo.isms("approve", "isms.yml")
    assert nothing.code == 1 and "isms.yml has no unapproved changes" in nothing.stderr


def test_a_role_that_does_not_exist_is_refused_with_its_line(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "isms")
    settings = repo.path("isms.yml")
    settings.write_text(settings.read_text() + "approvals:\n  settings: board\n", encoding="utf-8")
    checked = repo.isms("check")
    assert checked.code == 1
    line = settings.read_text().splitlines().index("  settings: board") + 1
    assert (
        f"isms.yml:{line}:13: error[isms.settings.reference]: approvals: settings: 'board' is not a role defined"
        " under roles:"
    ) in checked.stdout
