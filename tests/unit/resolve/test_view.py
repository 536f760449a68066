"""resolve.view.open_view: the one way the ISMS is opened for publishing, and the Archive of past versions
that the site and the PDFs share."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

from isms.resolve import archive as archive_module
from isms.resolve.view import open_view
from isms.site.pages import build_pages
from support.gitrepo import GitRepo
from support.paths import TODAY

POLICY = "policies/POL-001-policy.md"
PROCEDURE = "policies/PRO-UA-01-user-access.md"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    """The base ISMS with the policy revised twice (1.0 → 1.1 → 1.2) by bob, through the real hooks."""
    repo = GitRepo.create(tmp_path_factory.mktemp("view") / "isms")
    repo.edit(POLICY, "sets the direction", "sets the direction and the objectives")
    assert repo.commit("Add objectives to the policy", author="bob", add_all=True).code == 0
    repo.edit(POLICY, "the objectives", "the measurable objectives")
    assert repo.commit("Make the objectives measurable", author="bob", add_all=True).code == 0
    return repo


def _today() -> date:
    return date.fromisoformat(TODAY)


def test_a_view_holds_the_checked_index_its_history_and_where_each_source_comes_from(repo: GitRepo) -> None:
    opened = open_view(repo.root, _today())
    assert opened.ok and opened.view is not None
    view = opened.view
    assert view.history is not None and [r.version for r in view.history.of("POL-001")] == ["1.0", "1.1", "1.2"]
    head = repo.git("rev-parse", "HEAD").strip()
    assert view.origin.commit == head and not view.origin.dirty and view.origin.as_of == ""
    assert view.sources[POLICY].commit == head and not view.sources[POLICY].dirty
    first = repo.git("rev-list", "--max-parents=0", "HEAD").strip()
    assert view.sources[PROCEDURE].commit == first  # untouched since the first commit
    assert str(view.index.documents["POL-001"].version) == "1.2" and view.audience == ""
    assert view.redact("POL-001") == "POL-001"


def test_without_history_there_is_no_archive_and_no_source_commits(repo: GitRepo) -> None:
    opened = open_view(repo.root, _today(), history=False, sources=False)
    assert opened.view is not None
    assert opened.view.history is None and opened.view.archive is None and dict(opened.view.sources) == {}
    fallback = opened.view.source(POLICY)
    assert fallback.commit == "" and fallback.dirty  # outside what was read: uncommitted, dated reproducibly


def test_an_ism_with_errors_is_not_opened(repo: GitRepo, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    subprocess.run(["git", "clone", "-q", str(repo.root), str(broken)], check=True)
    policy = broken / POLICY
    policy.write_text(policy.read_text(encoding="utf-8").replace("level: policy", "level: rule"), encoding="utf-8")
    opened = open_view(broken, _today())
    assert not opened.ok and opened.view is None
    assert [d.code for d in opened.diagnostics if d.severity.value == "error"] == ["isms.field.value"]


def test_an_audience_sees_only_what_it_may_and_the_rest_is_redacted(repo: GitRepo, tmp_path: Path) -> None:
    copy = tmp_path / "audiences"
    subprocess.run(["git", "clone", "-q", str(repo.root), str(copy)], check=True)
    settings = copy / "isms.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "audiences:\n  public:\n    title: Public\n    clearance: public\n",
        encoding="utf-8",
    )
    procedure = copy / PROCEDURE
    text = procedure.read_text(encoding="utf-8").replace("classification: internal", "classification: public")
    procedure.write_text(text, encoding="utf-8")
    opened = open_view(copy, _today(), audience="public")
    assert opened.view is not None
    view = opened.view
    assert sorted(view.index.documents) == ["PRO-UA-01"] and view.audience == "public"
    assert view.redact("see POL-001 and STD-AC-01") == "see restricted document and restricted document"
    assert list(view.sources) == [PROCEDURE]  # source commits of visible documents only
    # The procedure was committed as internal only: no version the public may see is in its history yet.
    assert view.history is not None and view.history.revisions == {} and view.history.texts == {}


def test_past_versions_are_parsed_once_whoever_shows_them(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[str] = []
    real = archive_module.document_at

    def counting(settings, path, text, original=None):  # type: ignore[no-untyped-def]
        parsed.append(path)
        return real(settings, path, text, original)

    monkeypatch.setattr(archive_module, "document_at", counting)
    opened = open_view(repo.root, _today())
    assert opened.view is not None and opened.view.archive is not None
    build_pages(opened.view)
    versions = sum(len(revisions) for revisions in opened.view.history.revisions.values())  # type: ignore[union-attr]
    assert len(parsed) == versions == opened.view.archive.parsed  # one parse per version page
    build_pages(opened.view)  # a second renderer of the same view (the PDFs) parses nothing again
    policy = opened.view.index.documents["POL-001"]
    first = opened.view.history.of("POL-001")[0]  # type: ignore[union-attr]
    old = opened.view.archive.version(policy, first.last)
    assert len(parsed) == versions
    assert old is not None and str(old.version) == "1.0" and "objectives" not in old.body


def test_site_pages_are_rendered_without_running_any_process(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    opened = open_view(repo.root, _today())
    assert opened.view is not None

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a renderer started a process: {args}")

    monkeypatch.setattr(subprocess, "Popen", refuse)
    pages = build_pages(opened.view)
    uris = {page.uri for page in pages}
    assert {"history/POL-001/1.0.md", "history/POL-001/1.1.md", "history/POL-001/1.2.md"} <= uris
