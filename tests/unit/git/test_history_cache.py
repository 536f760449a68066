"""The history read at a commit is kept for the next read at that commit, and never used for another."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from isms.core.diagnostics import Report
from isms.core.settings import Settings
from isms.git.history import read_history
from isms.git.history_cache import CACHE_NAME
from isms.read.settings import read_settings
from support.gitrepo import GitRepo

POLICY = "policies/POL-001-policy.md"


def _settings(repo: GitRepo) -> Settings:
    settings = read_settings(repo.path("isms.yml").read_text(encoding="utf-8"), Report())
    assert settings is not None
    return settings


def test_a_second_read_at_the_same_commit_gives_the_same_history_from_the_kept_one(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "isms")
    settings = _settings(repo)
    first = read_history(repo.root, settings)
    kept = repo.path(f".git/isms/{CACHE_NAME}")
    assert kept.is_file()
    written = kept.stat().st_mtime_ns
    again = read_history(repo.root, settings)
    assert again == first and again is not first
    assert kept.stat().st_mtime_ns == written  # read, not written again


def test_a_new_commit_a_new_baseline_or_a_damaged_file_reads_git_again(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "isms")
    settings = _settings(repo)
    before = read_history(repo.root, settings)
    repo.edit(POLICY, "sets the direction", "owns the direction")
    assert repo.commit("Management owns the direction", add_all=True).code == 0
    after = read_history(repo.root, settings)
    assert after.head != before.head and len(after.commits) == len(before.commits) + 1
    since = dataclasses.replace(settings, approvals_since=repo.git("rev-parse", "HEAD").strip())
    assert read_history(repo.root, since).before_baseline != after.before_baseline
    repo.path(f".git/isms/{CACHE_NAME}").write_bytes(b"damaged")
    assert read_history(repo.root, settings) == after
