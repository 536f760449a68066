"""End-to-end: commits through the real git hooks in throwaway repositories."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from isms.read.frontmatter import fields
from support.gitrepo import GitRepo
from support.paths import FIXTURES, REPOSITORY

POLICY = "policies/POL-001-policy.md"
STANDARD = "policies/STD-AC-01-access.md"
RECORD = "records-templates/REC-AQ-01-access-request.yml"


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return GitRepo.create(tmp_path / "isms")


def front(repo: GitRepo, path: str, rev: str = "HEAD") -> dict[str, str]:
    return fields(path, repo.show(f"{rev}:{path}").decode())


def test_install_is_idempotent_and_says_what_it_did(repo: GitRepo) -> None:
    assert repo.git("config", "--get", "core.hooksPath").strip() == "hooks"
    again = repo.isms("hooks", "install")
    assert again.code == 0
    assert "already 'hooks'" in again.stdout
    assert "wrote" not in again.stdout


def test_install_refuses_to_replace_another_hooks_path(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "isms", hooks=False)
    repo.git("config", "core.hooksPath", ".husky")
    refused = repo.isms("hooks", "install")
    assert refused.code == 1
    assert "core.hooksPath is already '.husky'" in refused.stderr
    assert repo.git("config", "--get", "core.hooksPath").strip() == ".husky"
    assert repo.isms("hooks", "install", "--force").code == 0
    assert repo.git("config", "--get", "core.hooksPath").strip() == "hooks"


def test_shipped_hooks_are_the_ones_in_this_repository() -> None:
    from isms.change.install import HOOK_FILES, shipped_hook

    for name in HOOK_FILES:
        assert (REPOSITORY / "hooks" / name).read_bytes() == shipped_hook(name)


def test_a_content_change_is_stamped_with_the_next_minor_version(repo: GitRepo) -> None:
    before = repo.read(POLICY).decode()
    repo.edit(POLICY, "sets the direction", "sets and reviews the direction")
    result = repo.commit("Management reviews the direction yearly", add_all=True)
    assert result.code == 0, result.output
    assert "stamped POL-001 (policies/POL-001-policy.md): 1.0 → 1.1" in result.output
    values = front(repo, POLICY)
    assert values["version"] == "1.1"
    assert values["revised"] == "2026-11-21"
    assert values["status"] == "draft"  # an approved text changed: the new version needs approval
    assert "Document: POL-001 1.1" in repo.message()
    after = repo.read(POLICY).decode()
    assert after == repo.show(f"HEAD:{POLICY}").decode()  # work tree and commit agree
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=False) if a != b]
    assert changed[0] == ('version: "1.0"', 'version: "1.1"')  # quoting kept
    assert after.split("\n---\n", 1)[1] == before.split("\n---\n", 1)[1].replace(
        "sets the direction", "sets and reviews the direction"
    )
    assert repo.git("status", "--porcelain") == ""


def test_each_commit_with_a_content_change_bumps_again(repo: GitRepo) -> None:
    for number, word in enumerate(("first", "second", "third"), start=1):
        repo.edit(STANDARD, "named person.", f"named person ({word}).")
        assert repo.commit(f"Edit the {word} time", add_all=True).code == 0
        assert front(repo, STANDARD)["version"] == f"1.{number}"
        repo.edit(STANDARD, f" ({word})", "")


def test_metadata_only_and_layout_changes_are_not_new_versions(repo: GitRepo) -> None:
    repo.edit(POLICY, "review_cycle: 12", "review_cycle: 12  # months")
    result = repo.commit("Comment the review cycle", add_all=True)
    assert result.code == 0
    assert "stamped" not in result.output
    assert front(repo, POLICY)["version"] == "1.0"
    assert "Document:" not in repo.message()


def test_a_major_revision_is_the_authors_choice(repo: GitRepo) -> None:
    repo.edit(POLICY, "sets the direction", "owns the direction")
    bumped = repo.isms("bump", "--major", "POL-001")
    assert bumped.code == 0, bumped.output
    assert "POL-001 1.0 → 2.0" in bumped.stdout
    result = repo.commit("Rewrite the policy for the new organization", add_all=True)
    assert result.code == 0, result.output
    assert front(repo, POLICY)["version"] == "2.0"
    assert "Document: POL-001 2.0" in repo.message()
    again = repo.isms("bump", "--major", "POL-001")
    assert again.code == 0 and "2.0 → 3.0" in again.stdout
    twice = repo.isms("bump", "--major", "POL-001")
    assert twice.code == 1 and "already at 3.0" in twice.stderr


def test_a_lower_version_is_refused_and_nothing_changes(repo: GitRepo) -> None:
    repo.edit(POLICY, 'version: "1.0"', 'version: "0.9"')
    repo.edit(POLICY, "sets the direction", "owns the direction")
    repo.git("add", "-A")
    before = repo.state()
    result = repo.commit("Go back")
    assert result.code == 1
    assert "the version goes back from 1.0 to 0.9" in result.stderr
    assert repo.state() == before


def test_errors_in_staged_documents_block_the_commit_and_change_nothing(repo: GitRepo) -> None:
    repo.edit(STANDARD, "implements: [POL-001]", "implements: [POL-099]")
    repo.edit(STANDARD, "named person.", "named person, always.")
    repo.git("add", "-A")
    before = repo.state()
    result = repo.commit("Point at a missing policy")
    assert result.code == 1
    assert "policies/STD-AC-01-access.md:13:" in result.stderr
    assert "POL-099" in result.stderr
    assert "commit blocked" in result.stderr
    assert repo.state() == before
    assert repo.git("rev-list", "--count", "HEAD").strip() == "1"


def test_problems_in_files_the_commit_does_not_touch_do_not_block_it(repo: GitRepo) -> None:
    repo.edit(STANDARD, "implements: [POL-001]", "implements: [POL-099]")
    repo.run("git", "commit", "-q", "--no-verify", "-am", "Break a link, skipping the hooks")
    repo.edit(POLICY, "sets the direction", "owns the direction")
    repo.git("add", POLICY)
    result = repo.commit("Reword the policy")
    assert result.code == 0, result.output
    assert "POL-099" not in result.stderr


def test_deleting_a_document_that_others_link_to_is_blocked(repo: GitRepo) -> None:
    repo.git("rm", "-q", POLICY)
    before = repo.state()
    result = repo.commit("Remove the policy")
    assert result.code == 1
    assert "policies/STD-AC-01-access.md" in result.stderr
    assert repo.state() == before


def test_empty_description_is_refused_and_the_stamp_taken_back(repo: GitRepo) -> None:
    repo.edit(POLICY, "sets the direction", "owns the direction")
    repo.git("add", "-A")
    before = repo.state()
    result = repo.commit("Document: POL-001 1.1")
    assert result.code == 1
    assert "no description of the change" in result.stderr
    assert repo.state() == before


def test_a_conventional_subject_is_a_description(repo: GitRepo) -> None:
    repo.edit(POLICY, "sets the direction", "owns the direction")
    result = repo.commit("docs: management owns the direction", add_all=True)
    assert result.code == 0, result.output
    assert repo.message().startswith("docs: management owns the direction\n\nDocument: POL-001 1.1")


def test_partially_staged_file_commits_only_the_staged_lines(repo: GitRepo) -> None:
    original = repo.read(STANDARD).decode()
    staged = original.replace("named person.", "named person.\n2. Accounts are reviewed quarterly.")
    repo.path(STANDARD).write_text(staged, encoding="utf-8")
    repo.git("add", STANDARD)
    repo.path(STANDARD).write_text(staged + "3. Unstaged idea, not ready.\n", encoding="utf-8")
    result = repo.commit("Quarterly account reviews")
    assert result.code == 0, result.output
    committed = repo.show(f"HEAD:{STANDARD}").decode()
    assert "Accounts are reviewed quarterly" in committed
    assert "Unstaged idea" not in committed
    assert fields(STANDARD, committed)["version"] == "1.1"
    working = repo.read(STANDARD).decode()
    assert "Unstaged idea" in working
    assert fields(STANDARD, working)["version"] == "1.1"
    assert repo.git("diff", "--name-only").strip() == STANDARD
    added = [line for line in repo.git("diff").splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert added == ["+3. Unstaged idea, not ready."]  # only the unstaged line is left unstaged


def test_partially_staged_version_line_is_refused(repo: GitRepo) -> None:
    original = repo.read(STANDARD).decode()
    repo.path(STANDARD).write_text(original.replace("named person.", "named person!"), encoding="utf-8")
    repo.git("add", STANDARD)
    repo.path(STANDARD).write_text(
        original.replace("named person.", "named person!").replace('version: "1.0"', 'version: "1.5"'),
        encoding="utf-8",
    )
    before = repo.state()
    result = repo.commit("Exclaim")
    assert result.code == 1
    assert "partly staged" in result.stderr and "version" in result.stderr
    assert repo.state() == before


def test_crlf_bom_comments_and_quoting_survive_the_stamp(repo: GitRepo) -> None:
    text = repo.read(STANDARD).decode()
    text = text.replace("level: standard", "level: standard   # the middle tier")
    text = text.replace('version: "1.0"', "version: '1.0'")
    data = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()
    repo.path(STANDARD).write_bytes(data)
    assert repo.commit("Windows line endings", add_all=True).code == 0
    assert front(repo, STANDARD)["version"] == "1.0"  # layout only: no new version
    repo.path(STANDARD).write_bytes(data.replace(b"named person.", b"named person only."))
    result = repo.commit("Only named persons", add_all=True)
    assert result.code == 0, result.output
    committed = repo.show(f"HEAD:{STANDARD}")
    assert committed.startswith(b"\xef\xbb\xbf---\r\n")
    assert b"\n" not in committed.replace(b"\r\n", b"")
    assert b"version: '1.1'\r\n" in committed
    assert b"level: standard   # the middle tier\r\n" in committed
    assert committed == repo.read(STANDARD)
    expected = data.replace(b"named person.", b"named person only.").replace(b"'1.0'", b"'1.1'")
    expected = expected.replace(b"status: approved", b"status: draft")
    expected = expected.replace(b"version: '1.1'\r\n", b"version: '1.1'\r\nrevised: 2026-11-21\r\n")
    assert committed == expected


def test_cjk_file_names_and_content(repo: GitRepo) -> None:
    path = "policies/POL-001-情報セキュリティ方針.ja.md"
    repo.path(path).write_text(
        "---\nid: POL-001-JA\ntitle: 情報セキュリティ方針\ntranslation_of: POL-001\nlanguage: ja\n"
        'version: "1.0"\nstatus: approved\napproved_by: alice\napproved_on: 2026-06-01\neffective: 2026-06-15\n'
        "---\n\n経営陣は情報セキュリティの方向性を定める。 {A.5.1}\n",
        encoding="utf-8",
    )
    assert repo.commit("方針の日本語訳を追加", add_all=True).code == 0
    repo.edit(path, "方向性を定める", "方向性を定め、毎年見直す")
    result = repo.commit("見直しの頻度を明記", add_all=True)
    assert result.code == 0, result.output
    assert front(repo, path)["version"] == "1.1"
    assert "Document: POL-001-JA 1.1" in repo.message()
    history = repo.isms("history", "POL-001-JA")
    assert history.code == 0, history.output
    assert "見直しの頻度を明記" in history.stdout
    diff = repo.isms("diff", "POL-001-JA", "--color", "never")
    assert "方向性を定め[-る-]{+、毎年見直す+}。" in diff.stdout


def test_hook_works_without_an_activated_environment_and_is_fast(repo: GitRepo) -> None:
    import time

    repo.env["PATH"] = "/usr/bin:/bin"
    repo.edit(POLICY, "sets the direction", "owns the direction")
    started = time.perf_counter()
    result = repo.commit("Reword", add_all=True)
    elapsed = time.perf_counter() - started
    assert result.code == 0, result.output
    assert elapsed < 5  # generous: a typical commit takes well under a second (see the benchmark)


def test_missing_isms_command_says_how_to_fix_it(repo: GitRepo) -> None:
    repo.env.pop("ISMS")
    repo.env["PATH"] = "/usr/bin:/bin"
    repo.env["PYTHONPATH"] = ""
    repo.edit(POLICY, "sets the direction", "owns the direction")
    repo.git("add", "-A")
    before = repo.state()
    result = repo.run("git", "commit", "-qm", "Reword", check=False)
    if "cannot find the isms command" not in result.stderr:
        pytest.skip("isms is importable by the system python3 here")
    assert result.code == 1
    assert "Install it: python3 -m venv .venv && .venv/bin/pip install -r requirements.txt" in result.stderr
    assert repo.state() == before


def test_the_message_hook_takes_what_the_check_prepared_only_for_the_index_it_saw(repo: GitRepo) -> None:
    """The pre-commit hook leaves the trailers for the index it checked; an index changed in between is
    read again, so a trailer is neither lost nor stale."""
    repo.edit(POLICY, "sets the direction", "owns the direction")
    repo.git("add", "-A")
    assert repo.isms("hook", "pre-commit").code == 0
    message = repo.path(".git/COMMIT_EDITMSG")
    message.write_text("Management owns the direction\n", encoding="utf-8")
    assert repo.isms("hook", "commit-msg", str(message)).code == 0
    assert message.read_text(encoding="utf-8").endswith("\n\nDocument: POL-001 1.1\n")

    assert repo.isms("hook", "pre-commit").code == 0
    repo.edit(STANDARD, "named person.", "named person, in writing.")
    repo.git("add", STANDARD)  # after the check: what it prepared is for another tree
    message.write_text("Management owns the direction\n", encoding="utf-8")
    written = repo.isms("hook", "commit-msg", str(message))
    assert written.code == 0, written.output
    trailers = message.read_text(encoding="utf-8").split("\n\n")[-1].splitlines()
    assert trailers == ["Document: POL-001 1.1", f"Document: STD-AC-01 {front(repo, STANDARD, ':0')['version']}"]
    assert "no change summary for POL-001, STD-AC-01" in written.stderr


def test_a_problem_is_reported_again_from_the_hooks_cache_of_read_sources(repo: GitRepo) -> None:
    """The second attempt reads the broken source from the cache: the same diagnostics, still blocked."""
    repo.edit(POLICY, 'version: "1.0"', 'version: "1.0"\nreview_cycle: fortnightly')
    repo.git("add", "-A")
    first = repo.commit("Review the policy fortnightly")
    again = repo.commit("Review the policy fortnightly")
    assert first.code == again.code == 1
    assert f"{POLICY}:" in first.stderr and "review_cycle" in first.stderr
    assert again.stderr == first.stderr
    assert (repo.root / ".git" / "isms" / "sources.pickle").is_file()


def test_an_isms_in_a_folder_of_a_larger_repository_is_checked_and_stamped(tmp_path: Path) -> None:
    """git runs hooks at the top of the work tree; the ISMS is the folder there whose isms.yml git
    knows (not the CI's .github/workflows/isms.yml), or, with several, the one git config names."""
    top = tmp_path / "monorepo"
    top.mkdir()
    shutil.copytree(FIXTURES / "base", top / "isms")
    (top / "README.md").write_text("# Everything else\n", encoding="utf-8")
    (top / ".github" / "workflows").mkdir(parents=True)
    (top / ".github" / "workflows" / "isms.yml").write_text("on: push\n", encoding="utf-8")
    repo = GitRepo(top)
    repo.git("init", "-q", "-b", "main")
    assert repo.isms("--root", "isms", "hooks", "install").code == 0
    assert repo.commit("Initial ISMS", add_all=True).code == 0
    repo.edit(f"isms/{POLICY}", "sets the direction", "sets and reviews the direction")
    result = repo.commit("Management reviews the direction yearly", add_all=True)
    assert result.code == 0, result.output
    assert f"stamped POL-001 ({POLICY}): 1.0 → 1.1" in result.output
    assert front(repo, f"isms/{POLICY}")["version"] == "1.1"
    assert "Document: POL-001 1.1" in repo.message()

    shutil.copytree(FIXTURES / "base", top / "archive")  # a second ISMS: which one is the hooks'?
    repo.edit(f"isms/{POLICY}", "sets and reviews", "sets and yearly reviews")
    repo.git("add", "-A")
    before = repo.state()
    refused = repo.commit("Reword")
    assert refused.code != 0
    assert "this repository holds 2 ISMS folders (archive, isms); name the one the hooks check with:" in refused.stderr
    assert "git config isms.root FOLDER" in refused.stderr
    assert repo.state() == before
    repo.git("config", "isms.root", "isms")
    result = repo.commit("Reword")
    assert result.code == 0, result.output
    assert front(repo, f"isms/{POLICY}")["version"] == "1.2"


def test_missing_isms_command_is_said_even_beside_a_folder_named_isms(tmp_path: Path) -> None:
    """At the top of a larger repository whose ISMS folder is named isms, `import isms` finds that folder
    as a namespace package: the hook still says how to install the tool."""
    top = tmp_path / "monorepo"
    top.mkdir()
    shutil.copytree(FIXTURES / "base", top / "isms")
    repo = GitRepo(top)
    repo.git("init", "-q", "-b", "main")
    assert repo.isms("--root", "isms", "hooks", "install").code == 0
    repo.env.pop("ISMS")
    repo.env["PATH"] = "/usr/bin:/bin"
    repo.env["PYTHONPATH"] = ""
    repo.act_as("alice")
    repo.git("add", "-A")
    result = repo.run("git", "commit", "-qm", "Initial ISMS", check=False)
    if "isms.cli" in repo.run("python3", "-c", "import isms.cli; print('isms.cli')", check=False).stdout:
        pytest.skip("isms is importable by the system python3 here")
    assert result.code == 1
    assert "cannot find the isms command" in result.stderr
    assert "No module named" not in result.stderr
