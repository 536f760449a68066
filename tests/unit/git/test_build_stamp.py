"""A build knows whether its sources are committed; the tool's own outputs beside them do not count."""

from __future__ import annotations

from pathlib import Path

from isms.git.commits import build_origin
from support.gitrepo import GitRepo


def test_outputs_caches_and_staging_folders_of_other_builds_are_not_uncommitted_sources(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "isms")
    for leftover in (
        "site/index.html",
        ".site.building-4242-k2j3h4/index.html",  # a build running at the same time, or killed
        "site-audiences/staff/index.html",
        ".site-audiences.building-4243-x/staff/index.html",
        "site-as-of-2026-06-30/index.html",
        ".isms-cache/pdf/abc.pdf",
    ):
        path = repo.path(leftover)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("output", encoding="utf-8")
    assert build_origin(repo.root).dirty is False

    repo.path("policies/notes.md").write_text("not committed", encoding="utf-8")
    assert build_origin(repo.root).dirty is True


def test_a_custom_site_folder_counts_as_output_too(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "isms")
    repo.path("mkdocs.yml").write_text("site_name: x\nsite_dir: public\n", encoding="utf-8")
    repo.commit("Publish into public/", add_all=True)
    repo.path("public").mkdir()
    repo.path("public/index.html").write_text("output", encoding="utf-8")
    assert build_origin(repo.root).dirty is False
    repo.path("site").mkdir()
    repo.path("site/stray.md").write_text("no longer an output folder here", encoding="utf-8")
    assert build_origin(repo.root).dirty is True
