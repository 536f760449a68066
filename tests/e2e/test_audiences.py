"""Audience-scoped publishing: each audience's output holds not one byte of what it may not see.

Every document above the public level carries its classification's marker (synthetic.MARKERS) in
its id, file name, title and body. Each audience's whole output is scanned: every file name, every
file's bytes, text extracted from PDFs with pdftotext, gzip and DOCX (zip) members unpacked. A
marker the audience may not see must appear nowhere; a marker it may see must appear somewhere,
so the scan cannot pass by finding nothing.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from isms.host.site_build import build_site
from support.audience_scan import CLEARANCE, build_all, markers_for, texts
from support.cli import run_cli
from support.gitrepo import GitRepo
from support.html_structure import without_unbreakable_spans
from support.paths import REPOSITORY, TODAY
from support.synthetic import MARKERS, write_corpus


def scan(folder: Path, audience: str) -> tuple[list[str], set[str]]:
    """(hits of forbidden markers as 'file: marker', allowed markers seen)."""
    allowed, forbidden = markers_for(audience)
    hits, seen = [], set()
    for where, text in texts(folder).items():
        lower = text.lower()
        hits += [f"{where}: {m}" for m in sorted(forbidden) if m.lower() in lower]
        seen.update(m for m in allowed if m.lower() in lower)
    return hits, seen


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 marked documents across all classifications, in git with two commits.

    POL-004 is public now, but its first version was restricted and carried the restricted
    marker; the commit that reclassified it names a restricted document in its message.
    """
    root = tmp_path_factory.mktemp("synthetic") / "isms"
    write_corpus(root, 200, marked=True)
    repo = GitRepo(root)
    repo.add_site(pdf=True)
    policy = root / "policies" / "policy" / "POL-004.md"
    text = policy.read_text(encoding="utf-8")
    policy.write_text(
        text.replace("classification: public", "classification: restricted") + "\nFormer text ZQRESQ.\n",
        encoding="utf-8",
    )
    repo.git("init", "-q", "-b", "main")
    repo.commit("Synthetic ISMS", add_all=True)
    policy.write_text(text, encoding="utf-8")
    repo.commit("Publish POL-004; the details stay in POL-003ZQRESQ", add_all=True)
    out = root / "out"
    build_all(root, out)
    return out


@pytest.mark.parametrize("audience", sorted(CLEARANCE))
def test_no_marker_above_the_clearance_in_any_output_byte(synthetic: Path, audience: str) -> None:
    hits, seen = scan(synthetic / audience, audience)
    assert hits == []
    assert seen == markers_for(audience)[0]


def test_the_audiences_see_what_they_may(synthetic: Path) -> None:
    public, staff = synthetic / "public", synthetic / "staff"
    # the public policy is there, without its restricted past
    assert (public / "policies" / "POL-004" / "index.html").is_file()
    history = without_unbreakable_spans((public / "history" / "POL-004" / "index.html").read_text(encoding="utf-8"))
    assert "Publish POL-004; the details stay in restricted document" in history
    assert not (public / "history" / "POL-004" / "1.0").exists() or "Former text" not in (
        public / "history" / "POL-004" / "1.0" / "index.html"
    ).read_text(encoding="utf-8")
    # the SoA keeps every control row; its document lists name only visible documents
    soa = (staff / "registers" / "soa" / "index.html").read_text(encoding="utf-8")
    assert len(set(re.findall(r"A\.[5-8]\.\d+", soa))) == 93
    # a link to a document above the clearance is a neutral mention, without id or title
    pages = "".join(p.read_text(encoding="utf-8") for p in (staff / "standards").rglob("index.html"))
    assert "restricted document" in pages
    manifest = (staff / "pdf" / "manifest.json").read_text(encoding="utf-8")
    assert "ZQINTQ" in manifest and "ZQCONFQ" not in manifest


def marked_copy_of_the_example(target: Path) -> None:
    """The example ISMS with each non-public document's marker in its id, file and folder names, title and body."""
    for name in ("isms.yml", "mkdocs.yml", "policies", "records-templates", "docs"):
        source = REPOSITORY / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    from isms.core.diagnostics import Report
    from isms.read.load import load

    corpus = load(target, Report())
    assert corpus is not None
    renames = {}
    for document in corpus.documents:
        original = next((d for d in corpus.documents if d.id == document.translation_of), document)
        marker = MARKERS.get(original.classification, "")
        if marker and not document.is_translation:
            renames[document.id] = document.id + marker
    pattern = re.compile(r"(?<![A-Za-z0-9-])(" + "|".join(map(re.escape, renames)) + r")(?![A-Za-z0-9])")
    files = [p for p in target.rglob("*") if p.is_file() and p.suffix in (".md", ".yml", ".csv")]
    for path in files:
        text = pattern.sub(lambda m: renames[m.group(1)], path.read_text(encoding="utf-8"))
        own = next((d for d in corpus.documents if (target / d.path) == path), None)
        if own is not None:
            original = next((d for d in corpus.documents if d.id == own.translation_of), own)
            marker = MARKERS.get(original.classification, "")
            if marker:
                text = re.sub(r"(?m)^title: (.*)$", rf"title: \1 {marker}", text, count=1)
                if path.suffix == ".md":
                    text += f"\n\nMarked {marker}.\n"
        path.write_text(text, encoding="utf-8")
        renamed = pattern.sub(lambda m: renames[m.group(1)], path.name)
        if renamed != path.name:
            path.rename(path.with_name(renamed))
    folders = sorted((p for p in target.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True)
    for folder in folders:  # a folder named by a document's id (media/PRO-IR-01/) carries the marker too
        renamed = pattern.sub(lambda m: renames[m.group(1)], folder.name)
        if renamed != folder.name:
            folder.rename(folder.with_name(renamed))


def test_no_marker_above_the_clearance_in_the_example(tmp_path: Path) -> None:
    root = tmp_path / "example"
    root.mkdir()
    marked_copy_of_the_example(root)
    checked = run_cli("--root", str(root), "check", "--today", TODAY)
    assert checked.exit_code == 0, checked.stdout
    out = tmp_path / "out"
    build_all(root, out)
    for audience in CLEARANCE:
        hits, seen = scan(out / audience, audience)
        assert hits == [], audience
        assert seen == markers_for(audience)[0] - ({"ZQRESQ"} if audience == "isms-team" else set()), audience


def test_unknown_audience_and_a_failed_all_audiences_build_leave_the_output(tmp_path: Path) -> None:
    root = tmp_path / "isms"
    write_corpus(root, 20, marked=True)
    GitRepo(root).add_site(pdf=False)
    unknown = run_cli("--root", str(root), "build", "--audience", "partners")
    assert unknown.exit_code == 1
    assert "audience 'partners' is not defined in isms.yml (defined: public, staff, auditors, isms-team)" in (
        unknown.stderr
    )
    out = tmp_path / "out"
    build_all(root, out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    broken = next((root / "policies" / "policy").glob("POL-001*.md"))
    broken.write_text(broken.read_text(encoding="utf-8").replace("owner: ciso", "owner: nobody"), encoding="utf-8")
    failed = run_cli("--root", str(root), "build", "--all-audiences", "--site-dir", str(out))
    assert failed.exit_code == 1
    assert "the previous output is unchanged" in failed.stderr
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_handwritten_page_title_naming_a_withheld_document_is_redacted(base_tree: Path) -> None:
    shutil.copy(REPOSITORY / "mkdocs.yml", base_tree / "mkdocs.yml")
    settings = base_tree / "isms.yml"
    settings.write_text(settings.read_text() + "audiences:\n  staff: {title: Staff, clearance: internal}\n")
    standard = base_tree / "policies" / "STD-AC-01-access.md"
    standard.write_text(standard.read_text().replace("classification: internal", "classification: confidential"))
    (base_tree / "docs").mkdir()
    (base_tree / "docs" / "guide.md").write_text(
        "---\ntitle: How STD-AC-01 Access Control Standard works\n---\n\nText.\n", encoding="utf-8"
    )
    site = build_site(base_tree, date.fromisoformat(TODAY), site_dir=base_tree / "out", audience="staff").site_dir
    guide = (site / "guide" / "index.html").read_text(encoding="utf-8")
    assert "<title>How " in guide
    leaks = [
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.suffix in (".html", ".json", ".xml") and re.search("STD-AC-01|Access Control Standard", p.read_text())
    ]
    assert leaks == []
