"""Links between documents — by id, `[text](STD-AC-01#rules)` and `[](POL-001)`, or by the path of
the source file — and ids written in prose, on the built site (the document page and its version
page) and in the PDFs, with and without the site's address in isms.yml."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from isms.host.site_build import build_site
from isms.resolve.anchors import anchors
from isms.resolve.check import check
from support.cli import run_cli
from support.gitrepo import MKDOCS, GitRepo
from support.paths import FIXTURES, TODAY

STANDARD = "policies/STD-AC-01-access.md"
PROCEDURE = "policies/PRO-UA-01-user-access.md"
POLICY = "policies/POL-001-policy.md"

HEADINGS = """
Access Control Standard
=======================

## 1. Purpose

## Use of *MFA* and `tokens`

## Rules

## Rules

## 目的

## 範囲 {#scope}

## See [the policy](POL-001)

Setext heading
--------------

1. Every account is reviewed. {A.5.15}
"""

LINKS = """
## Links

Follow [the rules](STD-AC-01#rules) of [](POL-001), read the [policy file](POL-001-policy.md#1-purpose)
and [the scope](STD-AC-01-access.md#scope). In prose: STD-AC-01 on A.5.15 and A.5.16; unknown ids
REC-OBJ-01 and A.5.99 stay text, as does PRO-UA-01 itself, `STD-AC-01` in code and
[STD-AC-01 in a link](STD-AC-01). <https://example.com/A.5.15> is an address. The
[printed form](forms/request.txt) is not published.

### About STD-AC-01
"""


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    """The base ISMS with headings of every kind, links by id and by path, and a title holding
    markup characters, committed so that version pages exist."""
    repo = GitRepo.create(tmp_path_factory.mktemp("crosslinks") / "isms", hooks=False)
    repo.add_site(pdf=False)
    repo.edit(STANDARD, "\n1. Every account belongs", HEADINGS + "\n1. Every account belongs")
    repo.edit(POLICY, "title: Information Security Policy", 'title: "Information Security <b>Policy</b> [*v1*]"')
    procedure = repo.path(PROCEDURE)
    procedure.write_text(procedure.read_text(encoding="utf-8") + LINKS, encoding="utf-8")
    repo.path("policies/forms").mkdir()
    repo.path("policies/forms/request.txt").write_text("Access request form\n", encoding="utf-8")
    assert repo.commit("Headings and links", add_all=True).code == 0
    return repo


@pytest.fixture(scope="module")
def site(repo: GitRepo, tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = build_site(repo.root, date.fromisoformat(TODAY), site_dir=tmp_path_factory.mktemp("site") / "s")
    assert [w.split("]")[0] for w in result.warnings] == [
        "policies/PRO-UA-01-user-access.md:26:16: warning[isms.link.not-document"
    ]
    return result.site_dir


def _article(site: Path, page: str) -> str:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    return html.split('<article class="md-content__inner md-typeset">')[1].split("</article>")[0]


def _section(site: Path, page: str) -> str:
    """The HTML of the document's "Links" section, after its heading."""
    return _article(site, page).split('id="links"')[1].split("</h2>", 1)[1].split('id="traceability"')[0]


def _links(html: str) -> list[tuple[str, str]]:
    """(href, text) of each link in the order of the page, tags removed from the text."""
    found = re.findall(r'<a\b[^>]*?href="([^"]*)"[^>]*>(.*?)</a>', html, re.DOTALL)
    return [(href, re.sub(r"<[^>]+>", "", text)) for href, text in found]


def test_anchors_are_the_ids_the_site_gives_the_headings(repo: GitRepo, site: Path) -> None:
    article = _article(site, "standards/STD-AC-01")
    on_page = re.findall(r"<h[1-6][^>]*\bid=\"([^\"]+)\"", article)
    assert on_page[:10] == [
        "access-control-standard",
        "access-control-standard_1",
        "1-purpose",
        "use-of-mfa-and-tokens",
        "rules",
        "rules_1",
        "_1",
        "scope",
        "see-the-policy",
        "setext-heading",
    ]
    checked = check(repo.root, date.fromisoformat(TODAY))
    assert checked.index is not None
    computed = anchors(checked.index.documents["STD-AC-01"])
    assert {a for a in computed if not a.startswith("stmt-")} == set(on_page)
    assert 'id="stmt-1"' in article and "stmt-1" in computed


def test_links_by_id_and_by_path_lead_to_the_document_pages(site: Path) -> None:
    links = _links(_section(site, "procedures/PRO-UA-01"))
    assert links[:5] == [
        ("../../standards/STD-AC-01/#rules", "the rules"),
        ("../../policies/POL-001/", "POL-001 Information Security &lt;b&gt;Policy&lt;/b&gt; [*v1*]"),
        ("../../policies/POL-001/#1-purpose", "policy file"),
        ("../../standards/STD-AC-01/#scope", "the scope"),
        ("../../standards/STD-AC-01/", "STD-AC-01"),
    ]


def test_ids_in_prose_become_links_only_where_they_exist_and_are_text(site: Path) -> None:
    section = _section(site, "procedures/PRO-UA-01")
    assert _links(section)[4:] == [
        ("../../standards/STD-AC-01/", "STD-AC-01"),
        ("../../controls/A.5.15/", "A.5.15"),
        ("../../controls/A.5.16/", "A.5.16"),
        ("../../standards/STD-AC-01/", "STD-AC-01 in a link"),
        ("https://example.com/A.5.15", "https://example.com/A.5.15"),
        ("#about-std-ac-01", "¶"),
    ]
    assert "REC-OBJ-01 and A.5.99 stay text, as does PRO-UA-01 itself, <code>STD-AC-01</code>" in section
    assert "The\nprinted form is not published." in section  # a file that is not a document: text
    assert '<h3 id="about-std-ac-01">About STD-AC-01<a class="headerlink"' in section
    statement = _article(site, "procedures/PRO-UA-01").split('id="stmt-1"')[1].split("</span>")[0]
    assert _links(statement) == [("../../controls/A.5.15/", "A.5.15")]  # the tag, not a link inside a link


def test_version_pages_resolve_the_same_links(site: Path) -> None:
    pages = sorted((site / "history" / "PRO-UA-01").glob("*/index.html"))
    assert pages, "no version page"
    version = pages[-1].parent.name
    section = _section(site, f"history/PRO-UA-01/{version}")
    assert _links(section)[:6] == [
        ("../../../standards/STD-AC-01/#rules", "the rules"),
        ("../../../policies/POL-001/", "POL-001 Information Security &lt;b&gt;Policy&lt;/b&gt; [*v1*]"),
        ("../../../policies/POL-001/#1-purpose", "policy file"),
        ("../../../standards/STD-AC-01/#scope", "the scope"),
        ("../../../standards/STD-AC-01/", "STD-AC-01"),
        ("../../../controls/A.5.15/", "A.5.15"),
    ]


def _pdf_links(pdf: Path) -> list[str]:
    """The targets of the PDF's link annotations, in the order Typst writes them."""
    return [uri.decode() for uri in re.findall(rb"/URI\s*\(([^)]*)\)", pdf.read_bytes())]


def _pdf(root: Path, out: Path) -> Path:
    result = run_cli("--root", str(root), "pdf", "PRO-UA-01", "--out", str(out), "--today", TODAY)
    assert result.exit_code == 0, result.stderr
    return out / "PRO-UA-01-v1.0.pdf"


def test_pdf_links_go_to_the_other_pdfs_when_the_site_address_is_unknown(repo: GitRepo, tmp_path: Path) -> None:
    pdf = _pdf(repo.root, tmp_path)
    assert _pdf_links(pdf) == [
        "STD-AC-01-v1.0.pdf",
        "POL-001-v1.0.pdf",
        "POL-001-v1.0.pdf",
        "STD-AC-01-v1.0.pdf",
        "STD-AC-01-v1.0.pdf",
        "https://example.com/A.5.15",
    ]
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
    assert "POL-001 Information Security <b>Policy</b> [*v1*]" in text


def test_pdf_links_go_to_the_site_when_isms_yml_names_it(repo: GitRepo, tmp_path: Path) -> None:
    root = tmp_path / "isms"
    shutil.copytree(repo.root, root, ignore=lambda *_: [".git"])
    settings = root / "isms.yml"
    settings.write_text(settings.read_text() + "  url: https://isms.example.com/handbook\n")  # under site:
    assert _pdf_links(_pdf(root, tmp_path / "out")) == [
        "https://isms.example.com/handbook/standards/STD-AC-01/#rules",
        "https://isms.example.com/handbook/policies/POL-001/",
        "https://isms.example.com/handbook/policies/POL-001/#1-purpose",
        "https://isms.example.com/handbook/standards/STD-AC-01/#scope",
        "https://isms.example.com/handbook/standards/STD-AC-01/",
        "https://isms.example.com/handbook/controls/A.5.15/",
        "https://isms.example.com/handbook/controls/A.5.16/",
        "https://isms.example.com/handbook/standards/STD-AC-01/",
        "https://example.com/A.5.15",
    ]


def test_an_audience_site_shows_links_to_documents_it_may_not_see_as_text(tmp_path: Path) -> None:
    root = tmp_path / "isms"
    shutil.copytree(FIXTURES / "base", root)
    (root / "mkdocs.yml").write_text(MKDOCS.format(pdf="false"), encoding="utf-8")
    (root / "docs").mkdir()
    settings = root / "isms.yml"
    settings.write_text(settings.read_text() + "audiences:\n  staff: {title: Staff, clearance: internal}\n")
    standard = root / STANDARD
    hidden = standard.read_text().replace("classification: internal", "classification: confidential")
    standard.write_text(hidden.replace("\n1. Every account", "\n## Rules\n\n1. Every account"))
    procedure = root / PROCEDURE
    procedure.write_text(
        procedure.read_text()
        + "\nSee [the rules](STD-AC-01#rules), [](STD-AC-01), [the file](STD-AC-01-access.md) and [](POL-001).\n"
    )
    out = tmp_path / "site"
    result = run_cli("--root", str(root), "build", "--audience", "staff", "--site-dir", str(out), "--today", TODAY)
    assert result.exit_code == 0, result.stdout + result.stderr
    html = (out / "procedures" / "PRO-UA-01" / "index.html").read_text(encoding="utf-8")
    paragraph = html[html.index("<p>See ") :].split("</p>")[0]
    assert paragraph == (
        '<p>See the rules, restricted document, the file and <a href="../../policies/POL-001/">'
        "POL-001 Information Security Policy</a>."
    )
    assert not (out / "standards" / "STD-AC-01").exists()
