"""`isms import` on a folder of policies written elsewhere: Markdown with foreign front matter,
relative links, an image, ranges and 2013 ids, and Word files made here with pandoc."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from isms.host.site_build import build_site
from support.cli import run_cli
from support.images import png
from support.paths import FIXTURES, TODAY

IMPORTED = FIXTURES / "import"
FLAGS = ("--yes", "--name", "Zhang Min", "--email", "zhang.min@aozora-bridge.example", "--organization", "Kumo K.K.")


def _word_files(folder: Path) -> None:
    """Two .docx policies with a table and an image, written by pandoc as Word would hold them."""
    import pypandoc

    folder.mkdir(parents=True)
    (folder / "site-plan.png").write_bytes(png(60, 30))
    sources = {
        "Business Continuity Standard": "Critical services are restored within the agreed time (A.5.29, A.5.30).",
        "Physical Security Policy": "Offices are zoned; visitors are escorted (A.7.1 – A.7.4, formerly A.11.1.2).",
    }
    for title, text in sources.items():
        markdown = (
            f"---\ntitle: {title}\n---\n\n{text}\n\n| Area | Owner |\n|---|---|\n| Tokyo | Facilities |\n"
            f"| Dalian | Facilities |\n\n![Site plan](site-plan.png)\n"
        )
        name = title.lower().replace(" ", "-") + ".docx"
        pypandoc.convert_text(
            markdown, "docx", format="markdown", outputfile=str(folder / name), extra_args=[f"--resource-path={folder}"]
        )
    pypandoc.convert_text(
        "---\ntitle: Clean Desk Standard\n---\n\nDesks are cleared at the end of the day (A.7.7).\n",
        "odt",
        format="markdown",
        outputfile=str(folder / "clean-desk-standard.odt"),
    )
    (folder / "site-plan.png").unlink()
    (folder.parent / "web").mkdir()
    (folder.parent / "web" / "visitor-procedure.html").write_text(
        "<html><head><title>Visitor Procedure</title></head><body><h1>Visitor Procedure</h1>"
        "<p>Visitors sign in at reception and are escorted (A.7.2).</p>"
        "<table><tr><th>Office</th><th>Desk</th></tr><tr><td>Tokyo</td><td>5F</td></tr></table></body></html>",
        encoding="utf-8",
    )


def _name(path: Path) -> str:
    """The file name without its id: access-control-standard for STD-AC-01-access-control-standard.md."""
    return re.sub(r"^(?:POL-\d+|(?:STD|PRO)-[A-Z0-9]+-\d+)-", "", path.stem)


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    """A new ISMS into which a folder of existing policies, committed in its repository, was moved."""
    from support.gitrepo import GitRepo

    root = tmp_path / "kumo"
    assert run_cli("init", str(root), *FLAGS).exit_code == 0
    source = root / "old-isms"
    shutil.copytree(IMPORTED, source)
    _word_files(source / "word")
    repo = GitRepo(root)
    assert repo.commit("Keep our existing policies", author="alice", add_all=True).code == 0
    result = run_cli("--root", str(root), "import", "--move", str(source))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert repo.commit("Bring the existing policies into the ISMS", author="alice", add_all=True).code == 0
    return root


def test_every_document_becomes_a_valid_draft_citing_what_its_text_cites(imported: Path) -> None:
    check = run_cli("--root", str(imported), "check", "--today", TODAY)
    assert check.exit_code == 0, check.stdout
    assert [line for line in check.stdout.splitlines() if "error[" in line] == []
    drafts = {_name(path): path for path in (imported / "policies").rglob("*.md")}
    assert len(drafts) == 14

    def front(name: str) -> str:
        return drafts[name].read_text(encoding="utf-8").split("\n---\n", 1)[0]

    access = front("access-control-standard")
    assert "controls: [A.5.15, A.5.16, A.5.17, A.5.18, A.8.2]" in access  # a range, and A.9.2.1 of 2013
    assert 'tags: ["access", "identity"]' in access and "revised: 2024-11-05" in access
    assert "status: draft" in access and "level: standard" in access
    policy = front("information-security-policy")
    assert 'version: "3.0"' in policy and "owner: ciso" in policy and 'clauses: ["5.2"]' in policy
    assert 'slug: "infosec-policy"' in policy
    assert "controls: [A.5.10]" in front("acceptable-use-policy")  # A.8.1.3 of 2013 maps to A.5.10
    assert "controls: [A.5.24, A.5.25, A.5.26, A.5.27, A.5.28]" in front("incident-response-procedure")
    assert "controls: [A.7.1, A.7.2, A.7.3, A.7.4]" in front("physical-security-policy")
    assert "level: standard" in front("business-continuity-standard")
    assert "controls: [A.7.7]" in front("clean-desk-standard")  # OpenDocument
    assert "level: procedure" in front("visitor-procedure") and "controls: [A.7.2]" in front("visitor-procedure")
    assert "extra_fields: [slug, tags, weight]" in (imported / "isms.yml").read_text(encoding="utf-8")


def test_import_never_overwrites_and_a_dry_run_writes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "kumo"
    assert run_cli("init", str(root), *FLAGS).exit_code == 0
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if ".git/" not in p.as_posix())
    dry = run_cli("--root", str(root), "import", "--dry-run", str(IMPORTED))
    assert dry.exit_code == 0
    assert "isms import: 10 documents planned; --dry-run: nothing was written" in dry.stdout
    after = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if ".git/" not in p.as_posix())
    assert after == before

    first = run_cli("--root", str(root), "import", str(IMPORTED / "standards" / "remote-work.md"))
    target = root / "policies" / "standard" / "STD-RW-01-remote-work-standard.md"
    assert first.exit_code == 0 and target.is_file()
    target.write_text(target.read_text(encoding="utf-8") + "Edited.\n", encoding="utf-8")
    again = run_cli(
        "--root", str(root), "import", "--level", "standard", str(IMPORTED / "standards" / "remote-work.md")
    )
    assert "policies/standard/STD-RW-02-remote-work-standard.md" in again.stdout  # the next free id, a new file
    assert target.read_text(encoding="utf-8").endswith("Edited.\n")


def test_images_and_links_of_imported_documents_work_on_the_site_and_in_the_pdfs(imported: Path) -> None:
    import subprocess

    site = build_site(imported, date.fromisoformat(TODAY), site_dir=imported / "site").site_dir
    page = next(site.glob("standards/STD-AC-*/index.html")).read_text(encoding="utf-8")
    image = re.search(r'<img alt="Access request flow" src="([^"]+)"', page)
    assert image is not None
    assert (next(site.glob("standards/STD-AC-*/index.html")).parent / image[1]).resolve().is_file()
    assert re.search(r'href="../../procedures/PRO-UA-\d\d/"', page)  # a link to the source file, as GitHub shows it

    history = next(site.glob("history/STD-AC-*/index.html")).read_text(encoding="utf-8")
    assert "Before adoption" in history and "<td>Keep our existing policies</td>" in history

    word = next(site.glob("standards/STD-BC-*/index.html")).read_text(encoding="utf-8")
    assert '<td class="isms-nowrap">Dalian</td>' in word and re.search(r'<img alt="Site plan" src="[^"]+\.png"', word)

    pdfs = {pdf.name: pdf for pdf in (site / "pdf").glob("*.pdf")}
    for prefix in ("STD-AC-", "STD-BC-"):
        pdf = next(path for name, path in pdfs.items() if name.startswith(prefix))
        listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert len(listing.strip().splitlines()) == 3, listing  # header, rule and one image


def test_a_document_imported_from_a_tracked_file_keeps_that_file_s_history(tmp_path: Path) -> None:
    """Four commits of a policy file, one of them a rename, come before the document's own history."""
    import subprocess

    from support.gitrepo import GitRepo

    repo = GitRepo.create(tmp_path / "isms")
    rules = repo.path("old/access-rules.md")
    rules.parent.mkdir()
    rules.write_text("# Access Rules Standard\n\nEvery account belongs to one person (A.5.15).\n", encoding="utf-8")
    assert repo.commit("Write down the access rules", author="alice", add_all=True).code == 0
    rules.write_text(rules.read_text(encoding="utf-8") + "\nShared accounts are not used.\n", encoding="utf-8")
    assert repo.commit("Forbid shared accounts", author="bob", add_all=True).code == 0
    repo.path("old/standards").mkdir()
    repo.git("mv", "old/access-rules.md", "old/standards/access-rules.md")
    assert repo.commit("Sort the rules into standards/", author="alice", add_all=True).code == 0

    imported = repo.isms("import", "--move", "--level", "standard", "old/standards/access-rules.md")
    assert imported.code == 0, imported.output
    assert "isms import: removed old/standards/access-rules.md" in imported.stdout
    assert "isms import: 1 draft and 0 images written; run isms check" in imported.stdout
    draft = next(repo.path("policies/standard").glob("STD-AR-01-*.md"))
    assert 'imported_from: "old/standards/access-rules.md"' in draft.read_text(encoding="utf-8")
    adopted = repo.commit("Adopt the access rules into the ISMS", author="alice", add_all=True)
    assert adopted.code == 0, adopted.output

    history = repo.isms("history", "STD-AR-01")
    assert history.code == 0, history.output
    repo.add_site(pdf=True)
    site = build_site(repo.root, date.fromisoformat(TODAY), site_dir=tmp_path / "site").site_dir
    page = (site / "history" / "STD-AR-01" / "index.html").read_text(encoding="utf-8")
    before = page.split("Before adoption", 1)[1]
    subjects = ("Sort the rules into standards/", "Forbid shared accounts", "Write down the access rules")
    positions = [before.find(f"<td>{subject}</td>") for subject in subjects]
    assert -1 not in positions and positions == sorted(positions)  # newest first, the rename followed
    assert "Bob Example" in before and "old/standards/access-rules.md" in before
    document = (site / "standards" / "STD-AR-01" / "index.html").read_text(encoding="utf-8")
    assert document.count("before adoption") == 3
    pdf = next((site / "pdf").glob("STD-AR-01-*.pdf"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Forbid shared accounts" in text and "Write down the access rules" in text


def test_each_import_is_in_the_language_it_is_written_in(tmp_path: Path) -> None:
    """An ISMS in Japanese and English: a Word file in Japanese, Markdown that names its language, and an
    HTML page in Chinese, a language the ISMS does not list, to be confirmed."""
    import pypandoc

    root = tmp_path / "kita"
    assert run_cli("init", str(root), *FLAGS, "--languages", "ja,en").exit_code == 0
    source = tmp_path / "old"
    source.mkdir()
    pypandoc.convert_text(
        "# アクセス管理規程\n\n利用者IDは個人ごとに発行し、退職日に無効化する（A.5.16）。\n",
        "docx",
        format="markdown",
        outputfile=str(source / "アクセス管理規程.docx"),
    )
    (source / "remote-work-standard.md").write_text(
        "---\ntitle: Remote Work Standard\nlang: en-GB\n---\n\n在宅勤務 is allowed on managed devices only.\n",
        encoding="utf-8",
    )
    (source / "visitors.html").write_text(
        "<html><head><title>访客管理程序</title></head><body><h1>访客管理程序</h1>"
        "<p>访客在前台登记，并由员工全程陪同。</p></body></html>",
        encoding="utf-8",
    )
    result = run_cli("--root", str(root), "import", str(source))
    assert result.exit_code == 0, result.stdout + result.stderr
    said = result.stdout
    assert "  id STD-XX-01 (the next free id, XX for the area); level standard (the title)\n" in said
    assert "  language ja (the text)\n" in said
    assert "  confirm id: STD-XX-01 has no area code (the title has no Latin letters); choose one\n" in said
    assert "  language en (the front matter)\n" in said
    assert "  language ja (the ISMS's default language)\n" in said
    assert "  confirm language: the text reads as zh, which isms.yml does not list; 'ja' is a guess\n" in said

    def front(pattern: str) -> str:
        (path,) = (root / "policies").rglob(pattern)
        return path.read_text(encoding="utf-8").split("---\n")[1]

    assert "language: ja\n" in front("STD-XX-01*.md")
    remote = front("STD-RW-01*.md")
    assert "language: en\n" in remote and "lang:" not in remote  # mapped, not kept beside it
    assert "language: ja\n" in front("PRO-XX-01*.md")
    check = run_cli("--root", str(root), "check", "--today", TODAY)
    assert check.exit_code == 0 and "error[" not in check.stdout, check.stdout
