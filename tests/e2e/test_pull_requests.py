"""Pull-request integration: CODEOWNERS from isms.yml and the `isms changes` table of a branch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.gitrepo import GitRepo

HANDLES = {"alice": "alice-gh", "bob": "bob-sec"}


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    repo = GitRepo.create(tmp_path / "isms")
    settings = repo.path("isms.yml")
    text = settings.read_text(encoding="utf-8")
    for person, handle in HANDLES.items():
        text = text.replace(f"git: [{person}@example.com]}}", f"git: [{person}@example.com], handle: {handle}}}")
    settings.write_text(text, encoding="utf-8")
    repo.add_site(pdf=False)
    assert repo.commit("Code review handles for the approvers", add_all=True).code == 0
    return repo


def test_codeowners_lists_each_document_with_its_approver_roles_members(repo: GitRepo) -> None:
    github = repo.path(".github/CODEOWNERS")
    github.parent.mkdir()
    github.write_text("# Platform team owns everything else\n* @platform-team\n", encoding="utf-8")
    result = repo.isms("codeowners")
    assert result.code == 0, result.output
    assert result.stdout.splitlines() == [
        "isms codeowners: .github/CODEOWNERS written",
        "isms codeowners: .gitlab/CODEOWNERS written",
    ]
    block = [
        "# BEGIN isms codeowners: generated from isms.yml by `isms codeowners`; edits inside are replaced",
        "/policies/POL-001-policy.md @alice-gh",
        "/policies/PRO-UA-01-user-access.md @bob-sec",
        "/policies/STD-AC-01-access.md @bob-sec",
        "/policies/applicability.yml @alice-gh",
        "/records-templates/REC-AQ-01-access-request.yml @bob-sec",
        "# END isms codeowners",
    ]
    # the user's own lines stay, before the block, so the block's entries win
    assert github.read_text().splitlines() == ["# Platform team owns everything else", "* @platform-team", "", *block]
    assert repo.path(".gitlab/CODEOWNERS").read_text().splitlines() == [block[0], "[ISMS documents]", *block[1:]]
    assert repo.isms("codeowners", "--check").code == 0
    assert repo.isms("check").stdout.count("isms.codeowners.stale") == 0


def test_codeowners_out_of_date_is_reported_by_check_and_check_flag(repo: GitRepo) -> None:
    assert repo.isms("codeowners").code == 0
    repo.edit("isms.yml", "ciso: {title: CISO, members: [bob]}", "ciso: {title: CISO, members: [bob, alice]}")
    checked = repo.isms("check")
    assert checked.code == 0
    stale = "warning[isms.codeowners.stale]: does not match the documents' approver roles in isms.yml"
    hint = "  hint: run `isms codeowners` and commit the result"
    assert checked.stdout.splitlines()[:4] == [
        f".github/CODEOWNERS: {stale}",
        hint,
        f".gitlab/CODEOWNERS: {stale}",
        hint,
    ]
    before = repo.read(".github/CODEOWNERS")
    stale = repo.isms("codeowners", "--check")
    assert stale.code == 1
    assert "out of date: .github/CODEOWNERS, .gitlab/CODEOWNERS" in stale.stdout
    assert repo.read(".github/CODEOWNERS") == before
    assert repo.isms("codeowners").code == 0
    assert "/policies/STD-AC-01-access.md @bob-sec @alice-gh" in repo.path(".github/CODEOWNERS").read_text()
    assert "isms.codeowners.stale" not in repo.isms("check").stdout


def test_a_role_without_handles_is_named(repo: GitRepo) -> None:
    repo.edit("isms.yml", ", handle: bob-sec", "")
    result = repo.isms("codeowners")
    assert result.code == 0
    assert "STD-AC-01 (policies/STD-AC-01-access.md): no member of role 'ciso' has a handle" in result.stderr
    text = repo.path(".github/CODEOWNERS").read_text()
    assert "# STD-AC-01: no member of role 'ciso' has a handle in isms.yml\n/policies/STD-AC-01-access.md\n" in text


def test_codeowners_escapes_spaces_and_pattern_characters(repo: GitRepo) -> None:
    source = repo.path("policies/STD-AC-01-access.md")
    source.rename(repo.path("policies/STD-AC-01 access [draft].md"))
    assert repo.isms("codeowners").code == 0
    assert "/policies/STD-AC-01\\ access\\ \\[draft\\].md @bob-sec" in repo.path(".github/CODEOWNERS").read_text()


def test_changes_on_a_branch_with_three_changed_documents(repo: GitRepo) -> None:
    repo.git("checkout", "-q", "-b", "access-review")
    # 1. a revised standard, still a draft
    repo.edit("policies/STD-AC-01-access.md", "named person.", "named person, reviewed each quarter.")
    assert repo.commit("Quarterly access reviews", author="alice", add_all=True).code == 0
    # 2. a revised procedure, approved on the branch by its approver
    repo.edit(
        "policies/PRO-UA-01-user-access.md", "request. {A.5.15}", "request. {A.5.15}\n2. The service desk logs it."
    )
    assert repo.commit("Requests through the service desk", author="alice", add_all=True).code == 0
    repo.act_as("bob")
    approved = repo.isms("approve", "PRO-UA-01")
    assert approved.code == 0, approved.output
    # 3. a new record template
    new = repo.path("records-templates/REC-AR-01-access-review.yml")
    new.write_text(
        repo.read("records-templates/REC-AQ-01-access-request.yml")
        .decode()
        .replace("REC-AQ-01", "REC-AR-01")
        .replace("title: Access Request", "title: Access Review | quarterly")
        .replace("status: approved", "status: draft")
    )
    repo.edit("policies/STD-AC-01-access.md", "records: [", "records: [REC-AR-01, ")
    assert repo.commit("Record of access reviews", author="alice", add_all=True).code == 0
    # a change on main after the branch started is not part of the branch's changes
    repo.git("checkout", "-q", "main")
    repo.edit("policies/POL-001-policy.md", "sets the direction", "sets the direction and the objectives")
    assert repo.commit("Unrelated policy change", author="alice", add_all=True).code == 0
    repo.git("checkout", "-q", "access-review")

    result = repo.isms("changes", "--base", "main", "--format", "markdown", "--site-url", "https://isms.example/")
    assert result.code == 0, result.output
    merge_base = repo.git("merge-base", "main", "HEAD").strip()
    url = "https://isms.example/history"
    assert result.stdout == (
        "### ISMS documents changed against `main`\n\n"
        "| Document | Title | Version | Status | Change | Approver role | Rendered diff |\n"
        "|---|---|---|---|---|---|---|\n"
        f"| `PRO-UA-01` | User Access Procedure | 1.0 → 1.1 | Approved | revised | CISO \\(Bob Example\\)"
        f" | [1.0 → 1.1]({url}/PRO-UA-01/1.1/) |\n"
        f"| `STD-AC-01` | Access Control Standard | 1.0 → 1.2 | Draft | revised | CISO \\(Bob Example\\)"
        f" | [1.0 → 1.2]({url}/STD-AC-01/) |\n"
        f"| `REC-AR-01` | Access Review \\| quarterly | new 1.0 | Draft | new | CISO \\(Bob Example\\)"
        f" | [new 1.0]({url}/REC-AR-01/1.0/) |\n"
        "\n"
        f"3 documents changed since merge base `{merge_base[:8]}`.\n"
        "**2 need approval before merging:** a member of each approver role runs"
        " `isms approve STD-AC-01 REC-AR-01` on this branch (not an author of the change).\n"
    )
    data = json.loads(repo.isms("changes", "--base", "main", "--format", "json").stdout)
    assert data["merge_base"] == merge_base
    assert [(d["id"], d["kind"], d["needs_approval"], d["diff"]) for d in data["documents"]] == [
        ("PRO-UA-01", "revised", False, "history/PRO-UA-01/1.1/"),
        ("STD-AC-01", "revised", True, "history/STD-AC-01/"),  # two versions on the branch: the history
        ("REC-AR-01", "new", True, "history/REC-AR-01/1.0/"),
    ]
    gate = repo.isms("changes", "--base", "main", "--fail-unapproved")
    assert gate.code == 1
    assert "not approved yet: STD-AC-01 REC-AR-01" in gate.stderr
    # the rendered diffs that the links point to exist in the built site
    site = repo.root / "site"
    built = repo.isms("build", "--site-dir", str(site))
    assert built.code == 0, built.output
    for document in data["documents"]:
        assert (site / document["diff"] / "index.html").is_file(), document["diff"]


def test_changes_with_nothing_changed_and_with_an_unknown_base(repo: GitRepo) -> None:
    result = repo.isms("changes", "--base", "main", "--format", "markdown")
    assert result.code == 0
    assert result.stdout == "### ISMS documents changed against `main`\n\nNo controlled document changes.\n"
    unknown = repo.isms("changes", "--base", "origin/nowhere")
    assert unknown.code == 1
    assert unknown.stderr.startswith("isms changes: 'origin/nowhere' is not a commit that shares history with HEAD")
    assert "Traceback" not in unknown.output
