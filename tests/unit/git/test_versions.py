"""Version specs of `isms diff`: a version, a commit or the working copy, and the errors for anything else."""

from __future__ import annotations

import pytest

from isms.core.diagnostics import Report
from isms.core.model import Document
from isms.core.revisions import History, Revision
from isms.git.history import read_history
from isms.git.versions import WORKING, VersionSpecError, default_specs, version_text
from isms.read.load import load
from support.gitrepo import GitRepo

POLICY = "policies/POL-001-policy.md"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    """POL-001 committed as 1.0, 1.1 and 1.2 (versions set by hand: no hooks), then edited, uncommitted."""
    repo = GitRepo.create(tmp_path_factory.mktemp("versions") / "isms", hooks=False)
    repo.edit(POLICY, 'version: "1.0"', 'version: "1.1"')
    repo.edit(POLICY, "sets the direction", "sets the direction and the objectives")
    assert repo.commit("Objectives", add_all=True).code == 0
    repo.edit(POLICY, 'version: "1.1"', 'version: "1.2"')
    repo.edit(POLICY, "the objectives", "the measurable objectives")
    assert repo.commit("Measurable objectives", add_all=True).code == 0
    repo.edit(POLICY, "measurable", "measured")
    return repo


def _read(repo: GitRepo) -> tuple[History, tuple[Revision, ...], Document]:
    corpus = load(repo.root, Report())
    assert corpus is not None
    history = read_history(repo.root, corpus.settings)
    current = next(d for d in corpus.documents if d.id == "POL-001")
    return history, history.of("POL-001"), current


def test_versions_and_commits_name_committed_texts(repo: GitRepo) -> None:
    history, revisions, current = _read(repo)
    assert [r.version for r in revisions] == ["1.0", "1.1", "1.2"]
    older = version_text("1.1", revisions, history, repo.root, current)
    assert older.label == f"1.1 ({revisions[1].last.commit.short})"
    assert "the objectives" in older.text and "measurable" not in older.text
    sha = revisions[2].last.commit.sha
    by_commit = version_text(sha[:7].upper(), revisions, history, repo.root, current)
    assert by_commit.label == f"1.2 ({revisions[2].last.commit.short})"
    assert "the measurable objectives" in by_commit.text


def test_working_names_the_uncommitted_file(repo: GitRepo) -> None:
    history, revisions, current = _read(repo)
    working = version_text(WORKING, revisions, history, repo.root, current)
    assert working.label == "working copy"
    assert working.text == repo.path(POLICY).read_text(encoding="utf-8")
    assert "the measured objectives" in working.text


def test_an_unknown_spec_lists_the_versions(repo: GitRepo) -> None:
    history, revisions, current = _read(repo)
    for spec in ("2.0", "beef", "abc"):  # no such version; a commit of another file or none; too short for a commit
        with pytest.raises(VersionSpecError) as raised:
            version_text(spec, revisions, history, repo.root, current)
        assert str(raised.value) == (
            f"'{spec}' is not a version or commit of this document (versions: 1.0, 1.1, 1.2; or 'working')"
        )
    with pytest.raises(VersionSpecError, match=r"\(versions: none; or 'working'\)"):
        version_text("1.0", (), history, repo.root, current)


def test_working_needs_the_document_in_the_working_tree(repo: GitRepo) -> None:
    history, revisions, _ = _read(repo)
    with pytest.raises(VersionSpecError) as raised:
        version_text(WORKING, revisions, history, repo.root, None)
    assert str(raised.value) == "the document is not in the working tree"


def test_default_specs(repo: GitRepo) -> None:
    _, revisions, _ = _read(repo)
    assert default_specs("POL-001", [], revisions) == ("1.1", "1.2")
    assert default_specs("POL-001", ["1.0"], revisions) == ("1.0", "1.2")
    assert default_specs("POL-001", ["1.0", "working"], revisions) == ("1.0", "working")
    assert default_specs("POL-009", ["1.0"], ()) == ("1.0", "working")
    with pytest.raises(VersionSpecError) as raised:
        default_specs("POL-009", [], revisions[:1])
    assert str(raised.value) == "POL-009 has one committed version; compare it with: isms diff POL-009 1.0 working"
