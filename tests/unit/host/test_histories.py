"""mkdocs serve opens the ISMS on every save; git history is read again only after a commit."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from isms.core.revisions import History
from isms.git import history as git_history
from isms.resolve import view as view_module
from isms.resolve.view import open_view
from support.gitrepo import git_as_alice
from support.paths import FIXTURES

TODAY = date(2026, 11, 21)


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    root = tmp_path / "isms"
    shutil.copytree(FIXTURES / "base", root)
    git_as_alice(root, "init", "--quiet")
    git_as_alice(root, "add", "-A")
    git_as_alice(root, "commit", "--quiet", "-m", "The fixture ISMS")
    return root


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each call of read_history, by the commit it was asked for."""
    calls: list[str] = []

    def counted(root: Path, settings: object, rev: str = "HEAD") -> History:
        calls.append(rev)
        return git_history.read_history(root, settings, rev)  # type: ignore[arg-type]

    monkeypatch.setattr(view_module, "read_history", counted)
    return calls


def _history(root: Path, histories: dict[str, History] | None) -> History:
    opened = open_view(root, TODAY, sources=False, histories=histories)
    assert opened.view is not None and opened.view.history is not None
    return opened.view.history


def test_history_is_kept_while_the_commit_stays_and_read_again_after_one(repository: Path, reads: list[str]) -> None:
    histories: dict[str, History] = {}
    first = _history(repository, histories)
    assert first.available and len(reads) == 1 and len(histories) == 1

    standard = repository / "policies" / "STD-AC-01-access.md"
    standard.write_text(standard.read_text() + "\nAn uncommitted line.\n")
    assert _history(repository, histories) is first
    assert len(reads) == 1

    git_as_alice(repository, "commit", "--quiet", "-am", "A line")
    second = _history(repository, histories)
    assert second is not first and len(reads) == 2
    assert len(histories) == 1  # only the latest is kept
    assert _history(repository, histories) is second and len(reads) == 2


def test_without_a_place_to_keep_it_history_is_read_every_time(repository: Path, reads: list[str]) -> None:
    _history(repository, None)
    _history(repository, None)
    assert len(reads) == 2


def test_outside_git_nothing_is_kept(tmp_path: Path, reads: list[str]) -> None:
    root = tmp_path / "isms"
    shutil.copytree(FIXTURES / "base", root)
    histories: dict[str, History] = {}
    opened = open_view(root, TODAY, sources=False, histories=histories)
    assert opened.view is not None
    open_view(root, TODAY, sources=False, histories=histories)
    assert histories == {} and len(reads) == 2
