"""The built site, checked as files: strict build, links, no off-site references, sanitizing."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from isms.host.site_build import BuildFailed, build_site
from isms.site.search import END, cjk_terms
from support.cli import run_cli
from support.paths import REPOSITORY, TODAY
from support.search_ahead import ahead, terms_of


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.references: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        for name in ("href", "src"):
            if values.get(name):
                self.references.append((tag, name, values[name] or ""))


def _parse(path: Path) -> _LinkParser:
    parser = _LinkParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _target(site: Path, page: Path, reference: str) -> tuple[Path, str]:
    parts = urlsplit(reference)
    base = site if parts.path.startswith("/") else page.parent
    path = (base / unquote(parts.path).lstrip("/")).resolve() if parts.path else page
    if path.is_dir() or reference.endswith("/"):
        path = path / "index.html"
    return path, parts.fragment


def test_generated_pages_exist_and_docs_folder_is_untouched(example_site: Path) -> None:
    expected = [
        "index.html",
        "policies/index.html",
        "policies/POL-001/index.html",
        "policies/POL-001-JA/index.html",
        "standards/STD-CR-01/index.html",
        "procedures/PRO-IR-01/index.html",
        "records/REC-IR-01/index.html",
        "registers/documents/index.html",
        "registers/records/index.html",
        "registers/soa/index.html",
        "registers/controls/index.html",
        "registers/clauses/index.html",
        "registers/coverage/index.html",
        "registers/traceability/index.html",
        "controls/A.5.15/index.html",
        "clauses/6.1.2/index.html",
        "authoring/index.html",
    ]
    for page in expected:
        assert (example_site / page).is_file(), page
    assert len(list((example_site / "controls").iterdir())) == 93
    assert sorted(p.name for p in (REPOSITORY / "docs").iterdir()) == ["authoring.md"]


def test_every_internal_link_resolves(example_site: Path) -> None:
    pages = sorted(example_site.rglob("*.html"))
    parsed = {page.resolve(): _parse(page) for page in pages}
    broken = []
    for page, parser in parsed.items():
        for _tag, _attribute, reference in parser.references:
            if re.match(r"^(https?:|mailto:|tel:|data:|#?$)", reference) and not reference.startswith("#"):
                continue
            target, fragment = _target(example_site, page, reference)
            if not target.exists():
                broken.append(f"{page.relative_to(example_site.resolve())}: {reference}")
                continue
            if fragment and target.suffix == ".html":
                ids = parsed[target.resolve()].ids if target.resolve() in parsed else _parse(target).ids
                if unquote(fragment) not in ids:
                    broken.append(f"{page.relative_to(example_site.resolve())}: {reference} (no anchor)")
    assert broken == []


def test_no_reference_to_any_other_host(example_site: Path) -> None:
    offenders = []
    for path in example_site.rglob("*"):
        if path.suffix not in (".html", ".css", ".js", ".json", ".xml"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            for tag, attribute, reference in _parse(path).references:
                if tag != "a" and re.match(r"^(https?:)?//", reference):
                    offenders.append(f"{path.name}: <{tag} {attribute}={reference}>")
        elif path.suffix == ".css":
            offenders += [f"{path.name}: {m}" for m in re.findall(r"@import[^;]*|url\(\s*['\"]?https?://[^)]*", text)]
    assert offenders == []
    home = (example_site / "index.html").read_text(encoding="utf-8")
    assert 'name="generator"' not in home
    assert "fonts.googleapis" not in home


def test_statement_references_link_to_controls_and_back(example_site: Path) -> None:
    page = (example_site / "standards" / "STD-AC-01" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<span class="isms-refs" id="stmt-1"><a class="isms-ref" href="../../controls/A.5.15/">', page)
    control = (example_site / "controls" / "A.5.15" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../standards/STD-AC-01/#stmt-1"' in control
    assert "Access is granted on need to know and least privilege" in control


def test_search_index_has_cjk_fields(example_site: Path) -> None:
    index = json.loads((example_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["isms"]  # the index built ahead, by English rules
    assert set(index["config"]["fields"]) >= {"cjk", "cjk_title"}
    built = ahead(example_site)
    assert built["fields"] == list(index["config"]["fields"]) and built["pipeline"] == index["config"]["pipeline"]
    japanese = terms_of(built, "policies/POL-001-JA/", "cjk")
    assert japanese and any("個人情報" in term for term in japanese)
    assert all("\u200b" not in d["text"] for d in index["docs"])


def test_cjk_terms_are_run_suffixes() -> None:
    assert (
        cjk_terms("個人情報を守る")
        == f"個人情報を守る{END} 人情報を守る{END} 情報を守る{END} 報を守る{END} を守る{END} 守る{END} る{END}"
    )
    long = "情報セキュリティマネジメントシステム"
    terms = cjk_terms(long).split()
    assert terms[0] == long[:8] and all(len(t.rstrip(END)) <= 8 for t in terms)
    assert cjk_terms("English only, 2026.") == ""


def _write_site_config(root: Path) -> None:
    shutil.copy(REPOSITORY / "mkdocs.yml", root / "mkdocs.yml")
    (root / "docs").mkdir(exist_ok=True)


def test_raw_html_cannot_run_script(base_tree: Path) -> None:
    _write_site_config(base_tree)
    policy = base_tree / "policies" / "POL-001-policy.md"
    policy.write_text(
        policy.read_text(encoding="utf-8")
        + "\n<script>alert('xss')</script>\n\n<img src=x onerror=\"alert('xss')\">\n\n"
        "[click](javascript:alert('xss'))\n\n<a href=\"javascript:alert('xss')\">there</a>\n\n"
        '<iframe src="https://example.com"></iframe>\n\n<p onclick="alert(\'xss\')">text stays</p>\n',
        encoding="utf-8",
    )
    check = run_cli("--root", str(base_tree), "check", "--today", TODAY)
    assert [line.split(": warning")[0] for line in check.stdout.splitlines() if "isms.html.removed" in line] == [
        "policies/POL-001-policy.md:22:1",
        "policies/POL-001-policy.md:24:12",
        "policies/POL-001-policy.md:26:9",
        "policies/POL-001-policy.md:28:10",
        "policies/POL-001-policy.md:30:1",
        "policies/POL-001-policy.md:32:4",
    ]
    # The sanitizer is the last line: let through what check refuses (the frame's and image's sources).
    with (base_tree / "isms.yml").open("a", encoding="utf-8") as settings:
        settings.write("diagnostics:\n  ignore: [isms.embed.outside, isms.embed.missing]\n")
    site = build_site(base_tree, date.fromisoformat(TODAY), site_dir=base_tree / "out").site_dir
    html = (site / "policies" / "POL-001" / "index.html").read_text(encoding="utf-8")
    content = html.split('<article class="md-content__inner md-typeset">')[1].split("</article>")[0]
    assert "alert" not in content
    assert "<iframe" not in content and "javascript:" not in content and "onerror" not in content
    assert "text stays" in content


def test_build_refuses_an_invalid_isms_and_keeps_the_previous_site(base_tree: Path) -> None:
    _write_site_config(base_tree)
    out = base_tree / "out"
    build_site(base_tree, date.fromisoformat(TODAY), site_dir=out)
    before = (out / "index.html").read_bytes()
    standard = base_tree / "policies" / "STD-AC-01-access.md"
    standard.write_text(standard.read_text().replace("controls: [A.5.15]", "controls: [A.5.15, A.5.38]"))
    with pytest.raises(BuildFailed) as failure:
        build_site(base_tree, date.fromisoformat(TODAY), site_dir=out)
    assert str(failure.value).splitlines()[0] == (
        "policies/STD-AC-01-access.md:14:20: error[isms.link.unknown-control]: A.5.38 is not a control in any catalog"
    )
    assert (out / "index.html").read_bytes() == before
    assert sorted(p.name for p in base_tree.iterdir() if p.name.startswith(".out")) == []


def test_isms_build_command(base_tree: Path) -> None:
    _write_site_config(base_tree)
    result = run_cli("--root", str(base_tree), "build", "--today", TODAY, "--site-dir", str(base_tree / "web"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("isms build: site written to ")
    assert (base_tree / "web" / "standards" / "STD-AC-01" / "index.html").is_file()


def test_a_record_templates_description_shows_on_its_page_and_on_each_version_page(example_site: Path) -> None:
    """The description is the template's text: a page of one version shows it as that version had it."""
    for page in ("records/REC-AQ-01", "history/REC-AQ-01/1.2", "ja/records/REC-AQ-01"):
        html = (example_site / page / "index.html").read_text(encoding="utf-8")
        assert "<li><strong>Filled in by:</strong> the line manager of the person" in html, page
        assert "**Filled in by:**" not in html, page
