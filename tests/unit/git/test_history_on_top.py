"""The history of a commit on top of the kept one is assembled from the new commits alone, and is the
history read from nothing: after edits, a rename, a deletion, an approval, a change of isms.yml and
several commits at once; a merge on top reads everything again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from isms.core.diagnostics import Report
from isms.core.revisions import History
from isms.core.settings import Settings
from isms.git import history as history_module
from isms.git.history import read_history
from isms.git.history_cache import CACHE_NAME
from isms.read.settings import read_settings
from support.gitrepo import GitRepo

POLICY = "policies/POL-001-policy.md"
STANDARD = "policies/STD-AC-01-access.md"
PROCEDURE = "policies/PRO-UA-01-user-access.md"


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """A repository whose history has a merge before the first read."""
    repo = GitRepo.create(tmp_path / "isms", hooks=False)
    _merged(
        repo,
        "side",
        (STANDARD, "named person.", "named person, who answers for it.", "Make the owner answer for the account"),
        (POLICY, "sets the direction", "owns the direction", "Management owns the direction"),
    )
    return repo


Edit = tuple[str, str, str, str]  # (path, old text, new text, commit message)


def _merged(repo: GitRepo, branch: str, there: Edit, here: Edit) -> None:
    """One commit on a new branch, one on main, then the branch merged into main."""
    repo.git("checkout", "-q", "-b", branch)
    for (path, old, new, message), back in ((there, "main"), (here, "")):
        repo.edit(path, old, new)
        assert repo.commit(message, add_all=True).code == 0
        if back:
            repo.git("checkout", "-q", back)
    repo.act_as("bob")
    repo.git("merge", "-q", "--no-ff", "-m", f"Merge {branch}", branch)


def _settings(repo: GitRepo) -> Settings:
    settings = read_settings(repo.path("isms.yml").read_text(encoding="utf-8"), Report())
    assert settings is not None
    return settings


def _from_nothing(repo: GitRepo) -> History:
    """The history read with nothing kept, the kept one left as it was for the next read."""
    kept = repo.path(f".git/isms/{CACHE_NAME}")
    saved = kept.read_bytes()
    kept.unlink()
    try:
        return read_history(repo.root, _settings(repo))
    finally:
        kept.write_bytes(saved)


def _same(one: History, other: History) -> None:
    assert one == other
    assert list(one.commits) == list(other.commits)  # the log's order, which later lookups follow
    assert list(one.revisions) == list(other.revisions)


def _edit(path: str, old: str, new: str) -> Callable[[GitRepo], None]:
    def change(repo: GitRepo) -> None:
        repo.edit(path, old, new)
        assert repo.commit(f"Edit {path}", add_all=True).code == 0

    return change


def _rename(repo: GitRepo) -> None:
    repo.git("mv", PROCEDURE, "policies/PRO-UA-01-accounts.md")
    assert repo.commit("Name the procedure's file after accounts").code == 0


def _delete(repo: GitRepo) -> None:
    repo.git("rm", "-q", "policies/PRO-UA-01-accounts.md")
    repo.edit(STANDARD, "records: [REC-AQ-01]", "records: [REC-AQ-01]")
    assert repo.commit("Withdraw the procedure", add_all=True).code == 0


def _several(repo: GitRepo) -> None:
    for word in ("first", "second", "third"):
        repo.edit(POLICY, "owns the direction", f"owns the direction ({word})")
        assert repo.commit(f"The {word} of three commits", add_all=True).code == 0
        repo.edit(POLICY, f"owns the direction ({word})", "owns the direction")


def _approve(repo: GitRepo) -> None:
    repo.edit(POLICY, 'version: "1.0"', 'version: "1.1"')
    repo.edit(POLICY, "status: approved", "status: draft")
    assert repo.commit("Draft 1.1 of the policy", add_all=True).code == 0
    repo.edit(POLICY, "status: draft", "status: approved")
    assert repo.commit("Approve 1.1 of the policy", author="bob", add_all=True).code == 0


STEPS: list[tuple[str, Callable[[GitRepo], None]]] = [
    ("a document's text", _edit(STANDARD, "named person", "single named person")),
    ("a document's file renamed", _rename),
    ("a document deleted", _delete),
    ("isms.yml", _edit("isms.yml", "name: Fixture Ltd.", "name: Fixture Limited")),
    ("several commits at once", _several),
    ("a new version and its approval", _approve),
]


@pytest.fixture
def logs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The range of each `git log --raw` read_history runs from now on."""
    ranges: list[str] = []
    real_run = history_module.run

    def recording(root: Path, *arguments: str, **options: object) -> bytes:
        if "log" in arguments and "--raw" in arguments:
            ranges.append(arguments[arguments.index("--") - 1])
        return real_run(root, *arguments, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(history_module, "run", recording)
    return ranges


def test_each_history_on_top_of_the_kept_one_is_the_history_read_from_nothing(repo: GitRepo, logs: list[str]) -> None:
    read_history(repo.root, _settings(repo))
    for what, step in STEPS:
        kept = repo.git("rev-parse", "HEAD").strip()
        step(repo)
        logs.clear()
        on_top = read_history(repo.root, _settings(repo))
        assert logs == [f"{kept}..{on_top.head}"], what  # only the new commits were read
        _same(on_top, _from_nothing(repo))


def test_a_merge_on_top_reads_the_whole_log_again(repo: GitRepo, logs: list[str]) -> None:
    read_history(repo.root, _settings(repo))
    _merged(
        repo,
        "later",
        (PROCEDURE, "fills in an access request", "fills in and signs an access request", "Sign the request"),
        (POLICY, "owns the direction", "sets and owns the direction", "Management sets and owns the direction"),
    )
    logs.clear()
    merged = read_history(repo.root, _settings(repo))
    assert logs == [merged.head]
    _same(merged, _from_nothing(repo))
