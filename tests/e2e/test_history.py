"""History from git: revisions, renames, diffs, the auditor's pages, --as-of builds and build stamps."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest

from isms.core.diagnostics import Report
from isms.git import history as history_module
from isms.git.history import read_history
from isms.git.history_cache import CACHE_NAME as HISTORY_CACHE
from isms.host.site_build import build_site
from isms.read.load import load
from support.gitrepo import GitRepo

POLICY = "policies/POL-001-policy.md"
STANDARD = "policies/STD-AC-01-access.md"


def approve(repo: GitRepo, path: str, person: str, day: str) -> None:
    """Approve by hand (the approval command comes with the pull-request workflow)."""
    text = repo.path(path).read_text(encoding="utf-8")
    lines = []
    for line in text.split("\n"):
        if line.startswith("status:"):
            line = "status: approved"
        elif line.startswith("approved_by:"):
            line = f"approved_by: {person}"
        elif line.startswith("approved_on:"):
            line = f"approved_on: {day}"
        lines.append(line)
    repo.path(path).write_text("\n".join(lines), encoding="utf-8")


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    """A policy through four versions, a rename and an approval; the standard left untouched."""
    repo = GitRepo.create(tmp_path_factory.mktemp("story") / "isms")
    repo.add_site(pdf=True)
    assert repo.commit("Add the site configuration", add_all=True).code == 0
    repo.edit(POLICY, "sets the direction", "sets the direction and the objectives")
    assert repo.commit("Add objectives to the policy", author="bob", add_all=True).code == 0
    approve(repo, POLICY, "alice", "2026-07-01")
    assert repo.commit("Approve the policy 1.1", author="alice", add_all=True).code == 0
    repo.git("mv", POLICY, "policies/POL-001-information-security.md")
    assert repo.commit("Give the policy file a descriptive name", author="bob").code == 0
    moved = "policies/POL-001-information-security.md"
    repo.edit(moved, "the objectives", "the measurable objectives")
    assert repo.commit("Make the objectives measurable", author="bob", add_all=True).code == 0
    return repo


def test_revisions_follow_the_id_across_a_rename(story: GitRepo) -> None:
    corpus = load(story.root, Report())
    assert corpus is not None
    log = read_history(story.root, corpus.settings)
    revisions = log.of("POL-001")
    assert [r.version for r in revisions] == ["1.0", "1.1", "1.2"]
    first, second, third = revisions
    assert first.status == "approved" and first.summary == "Initial ISMS"
    assert second.summary == "Add objectives to the policy"
    assert [c.commit.subject for c in second.changes] == [
        "Add objectives to the policy",
        "Approve the policy 1.1",
        "Give the policy file a descriptive name",
    ]
    assert second.authors == ("Bob Example",)  # the approval is not authorship
    assert second.approved_by == "alice" and second.approved_on == "2026-07-01"
    assert second.changes[-1].moved_from == "policies/POL-001-policy.md"
    assert third.status == "draft" and third.last.path == "policies/POL-001-information-security.md"
    assert [r.version for r in log.of("STD-AC-01")] == ["1.0"]
    assert not log.shallow and log.warnings == ()


def test_history_is_read_with_a_constant_number_of_git_processes(
    story: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real_run, real_cat = history_module.run, history_module.cat_files

    def counting_run(root: Path, *args: str, **kw: object) -> bytes:
        calls.append(args[0] if args[0] != "-c" else args[2])
        return real_run(root, *args, **kw)  # type: ignore[arg-type]

    def counting_cat(root: Path, specs: list[str]) -> dict[str, bytes | None]:
        calls.append("cat-file")
        return real_cat(root, specs)

    monkeypatch.setattr(history_module, "run", counting_run)
    monkeypatch.setattr(history_module, "cat_files", counting_cat)
    corpus = load(story.root, Report())
    assert corpus is not None
    story.path(f".git/isms/{HISTORY_CACHE}").unlink(missing_ok=True)  # earlier tests read this commit's history
    read_history(story.root, corpus.settings)
    assert calls.count("log") == 1 and calls.count("cat-file") == 1
    assert len(calls) <= 4  # plus rev-parse for HEAD and for shallowness
    calls.clear()
    read_history(story.root, corpus.settings)  # the same commit again: the history kept in .git/isms
    assert calls == ["rev-parse", "rev-parse"]


def test_isms_history_table_and_json(story: GitRepo) -> None:
    result = story.isms("history", "POL-001")
    assert result.code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "POL-001 Information Security Policy"
    assert lines[1].split() == ["Version", "Date", "Status", "Author", "Approved", "by", "Commit", "Change"]
    assert lines[2].startswith("1.2 ") and "Bob Example" in lines[2] and "Make the objectives measurable" in lines[2]
    assert lines[3].startswith("1.1 ") and "Alice Example, 2026-07-01" in lines[3]
    assert "moved from policies/POL-001-policy.md to policies/POL-001-information-security.md" in result.stdout
    data = json.loads(story.isms("history", "POL-001", "--format", "json").stdout)
    assert [r["version"] for r in data] == ["1.0", "1.1", "1.2"]
    assert data[1]["approved_by"] == "alice"
    assert story.isms("history", "POL-01").code == 2


def test_isms_diff_between_versions(story: GitRepo) -> None:
    latest = story.isms("diff", "POL-001", "--color", "never")
    assert latest.code == 0, latest.output
    assert latest.stdout.splitlines()[0].startswith("POL-001: 1.1 (")
    assert "and the{+ measurable+} objectives" in latest.stdout
    older = story.isms("diff", "POL-001", "1.0", "1.1", "--color", "never")
    assert "direction{+ and the objectives+}" in older.stdout
    assert "status: approved" in older.stdout  # unchanged context line
    unknown = story.isms("diff", "POL-001", "7.0")
    assert unknown.code == 2 and "versions: 1.0, 1.1, 1.2" in unknown.stderr


@pytest.fixture(scope="module")
def story_site(story: GitRepo, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("story-site") / "site"
    build_site(story.root, date(2026, 11, 21), site_dir=site)
    return site


def page(site: Path, uri: str) -> str:
    return (site / uri / "index.html").read_text(encoding="utf-8")


def test_document_page_shows_the_revision_history(story_site: Path) -> None:
    html = page(story_site, "policies/POL-001")
    table = html[html.index('id="revision-history"') :]
    assert table.index(">1.2<") < table.index(">1.1<") < table.index(">1.0<")
    assert 'Alice Example, <span class="isms-nowrap">2026-07-01</span>' in table  # the date never wraps
    assert "Make the objectives measurable" in table
    assert 'href="../../history/POL-001/"' in table


def test_version_pages_show_each_version_as_it_was_with_differences(story_site: Path) -> None:
    old = page(story_site, "history/POL-001/1.1")
    # 1.1 is approved and 1.2 only a draft: 1.1 is still the version in force, not superseded
    assert "This is version 1.1, the version in force since 2026-07-01" in old and "Superseded" not in old
    assert "sets the direction and the objectives" in old
    assert "measurable" not in old.split('id="changes"')[1].split("Text of version")[1]
    assert "<ins>and the objectives</ins>" in old.replace(" and the objectives</ins>", "and the objectives</ins>")
    assert 'href="../../../pdf/archive/POL-001-v1.1.pdf"' in old
    assert (story_site / "pdf" / "archive" / "POL-001-v1.1.pdf").is_file()
    current = page(story_site, "history/POL-001/1.2")
    assert "Current version" in current
    index = json.loads((story_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d for d in index["docs"] if d["location"].startswith("history/")]


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_an_archived_pdf_is_marked_superseded_once_a_later_version_is_in_force(story_site: Path) -> None:
    superseded = _pdf_text(story_site / "pdf" / "archive" / "POL-001-v1.0.pdf")
    assert "POL-001 · Version 1.0 · Superseded" in superseded
    assert "Superseded by version 1.1" in " ".join(superseded.split())
    # 1.1 is approved and 1.2 only a draft: 1.1's archived copy is the version in force, not superseded
    text = _pdf_text(story_site / "pdf" / "archive" / "POL-001-v1.1.pdf")
    assert "POL-001 · Version 1.1 · Approved" in text
    assert "Superseded" not in text
    assert "sets the direction and the objectives" in " ".join(text.split())
    current = subprocess.run(
        ["pdftotext", "-layout", str(story_site / "pdf" / "POL-001-v1.2.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = " ".join(current.split())
    assert "Make the objectives measurable" in flat
    assert "Add objectives to the policy" in flat


def test_what_changed_lists_changes_newest_first(story_site: Path) -> None:
    html = page(story_site, "registers/changes")
    order = [html.index(s) for s in ("Make the objectives measurable", "Approve the policy 1.1", "Initial ISMS")]
    assert order == sorted(order)
    assert "</a> approved</td>" in html and "</a> moved</td>" in html and "</a> revised</td>" in html


def test_clean_build_is_stamped_with_its_commit(story: GitRepo, story_site: Path) -> None:
    head = story.git("rev-parse", "HEAD").strip()
    html = page(story_site, "registers/documents")
    assert f'data-isms-commit="{head}"' in html
    assert f"Built from commit {head[:8]}" in html
    assert "isms-banner" not in html


def test_dirty_build_says_so_on_every_page(story: GitRepo, tmp_path: Path) -> None:
    story.edit("policies/STD-AC-01-access.md", "named person.", "named person only.")
    try:
        site = tmp_path / "site"
        build_site(story.root, date(2026, 11, 21), site_dir=site)
        for uri in ("", "standards/STD-AC-01", "registers/soa"):
            html = (site / uri / "index.html").read_text(encoding="utf-8")
            assert 'data-isms-build="dirty"' in html
            assert "Built from uncommitted changes on top of commit" in html
        text = subprocess.run(
            ["pdftotext", str(site / "pdf" / "STD-AC-01-v1.0.pdf"), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "1.0 · Approved" in text and "+dirty · Uncontrolled when printed" in text
    finally:
        story.git("checkout", "--", ".")


def test_build_as_of_a_date_leaves_the_working_tree_alone(story: GitRepo, tmp_path: Path) -> None:
    before = story.state()
    approval, day = next(
        line for line in story.git("log", "--format=%H %cs %s").splitlines() if "Approve" in line
    ).split()[:2]
    site = tmp_path / "as-of"
    result = story.isms("build", "--as-of", day, "--site-dir", str(site))
    assert result.code == 0, result.output
    html = page(site, "policies/POL-001")
    assert f"As of {day}: the ISMS as it was in commit {approval[:8]}" in html
    assert "measurable" not in html and "the direction and the objectives" in html
    assert 'data-isms-build="as-of"' in page(site, "registers/soa")
    assert (site / "history" / "POL-001" / "1.1").is_dir()
    assert not (site / "history" / "POL-001" / "1.2").exists()
    pdf = subprocess.run(
        ["pdftotext", str(site / "pdf" / "POL-001-v1.1.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert f"As of {day}" in " ".join(pdf.split())
    assert story.state() == before


def test_build_as_of_a_revision(story: GitRepo, tmp_path: Path) -> None:
    site = tmp_path / "as-of-rev"
    result = story.isms("build", "--as-of", "HEAD~1", "--site-dir", str(site))
    assert result.code == 0, result.output
    head1 = story.git("rev-parse", "HEAD~1").strip()
    assert f"As of HEAD~1: the ISMS as it was in commit {head1[:8]}" in page(site, "policies/POL-001")
    default = story.isms("build", "--as-of", "HEAD~1")
    assert default.code == 0 and (story.root / "site-as-of-HEAD-1" / "index.html").is_file()


def test_as_of_rejects_a_date_before_the_history(story: GitRepo) -> None:
    result = story.isms("build", "--as-of", "1999-01-01")
    assert result.code == 1
    assert "no commit on or before 1999-01-01" in result.stderr


def test_shallow_clone_warns_what_is_missing(story: GitRepo, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "2", f"file://{story.root}", str(clone)], check=True, capture_output=True
    )
    corpus = load(clone, Report())
    assert corpus is not None
    log = read_history(clone, corpus.settings)
    assert log.shallow
    assert "shallow clone" in log.warnings[0] and "git fetch --unshallow" in log.warnings[0]
    assert [r.version for r in log.of("POL-001")][-1] == "1.2"


def test_isms_pdf_carries_the_revision_history(story: GitRepo, tmp_path: Path) -> None:
    result = story.isms("pdf", "POL-001", "--out", str(tmp_path / "out"))
    assert result.code == 0, result.output
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(tmp_path / "out" / "POL-001-v1.2.pdf"), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "Revision history" in text and "Make the objectives measurable" in text and "Alice Example" in text
