"""The site in every language of isms.yml: one version per language, each page marked with its
language, a language switch that keeps the reader on the same page, and one set of PDFs."""

from __future__ import annotations

import re
from pathlib import Path

from support.cli import run_cli
from support.gitrepo import GitRepo
from support.html_structure import without_unbreakable_spans

PAGE = "policies/POL-001/index.html"


def _switch(page: Path) -> dict[str, str]:
    """The language switch of a page: language → the address it leads to, resolved from the page."""
    html = page.read_text(encoding="utf-8")
    entries = re.findall(r'<a href="([^"]*)" hreflang="([^"]*)" class="md-select__link">', html)
    return {lang: (page.parent / href).resolve().as_posix() for href, lang in entries}


def test_each_language_has_its_version_marked_with_its_language(example_site: Path) -> None:
    for folder, lang in (("", "en"), ("ja/", "ja"), ("zh/", "zh-CN")):
        for page in (
            f"{folder}index.html",
            f"{folder}{PAGE}",
            f"{folder}registers/soa/index.html",
            f"{folder}404.html",
        ):
            html = (example_site / page).read_text(encoding="utf-8")
            assert f'<html lang="{lang}"' in html, page


def test_a_heading_permalink_is_titled_in_the_language_of_its_page(example_site: Path) -> None:
    for folder, title in (("", "Permanent link"), ("ja/", "この見出しへの固定リンク"), ("zh/", "此标题的永久链接")):
        html = (example_site / folder / PAGE).read_text(encoding="utf-8")
        titles = set(re.findall(r'<a class="headerlink" href="#[^"]*" title="([^"]*)"', html))
        assert titles == {title}, folder


def test_the_language_switch_keeps_the_reader_on_the_same_page(example_site: Path) -> None:
    root = example_site.resolve()
    for folder in ("", "ja/", "zh/"):
        for page in (PAGE, "registers/soa/index.html", "index.html", "history/POL-001/index.html"):
            switch = _switch(example_site / folder / page)
            same = page.removesuffix("index.html").rstrip("/")
            assert switch == {
                "en": (root / same).as_posix(),
                "ja": (root / "ja" / same).as_posix(),
                "zh-CN": (root / "zh" / same).as_posix(),
            }, f"{folder}{page}"


def test_the_language_versions_link_the_one_set_of_pdfs(example_site: Path) -> None:
    assert not (example_site / "ja" / "pdf").exists() and not (example_site / "zh" / "pdf").exists()
    html = (example_site / "ja" / PAGE).read_text(encoding="utf-8")
    (pdf,) = set(re.findall(r'href="([^"]*pdf/POL-001-JA-v[0-9.]+\.pdf)"', html))  # its Japanese translation
    assert (example_site / "ja" / "policies" / "POL-001" / pdf).resolve().is_file()


def test_site_languages_choose_the_versions_built(base_tree: Path, tmp_path: Path) -> None:
    GitRepo(base_tree).add_site(pdf=False)
    settings = base_tree / "isms.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("languages: [en]", "languages: [ja]"))
    result = run_cli("--root", str(base_tree), "build", "--site-dir", str(tmp_path / "site"))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "site" / "ja" / "index.html").is_file()
    assert not (tmp_path / "site" / "zh").exists()
    assert _switch(tmp_path / "site" / "index.html") == {
        "en": (tmp_path / "site").resolve().as_posix(),
        "ja": (tmp_path / "site" / "ja").resolve().as_posix(),
    }


def test_each_language_version_has_the_site_name_isms_yml_gives_it(base_tree: Path, tmp_path: Path) -> None:
    GitRepo(base_tree).add_site(pdf=False)
    settings = base_tree / "isms.yml"
    named = "languages: [en, ja]\n  names: {ja: フィクスチャの ISMS}"
    settings.write_text(settings.read_text(encoding="utf-8").replace("languages: [en]", named))
    result = run_cli("--root", str(base_tree), "build", "--site-dir", str(tmp_path / "site"))
    assert result.exit_code == 0, result.stderr
    for folder, name in (("", "Fixture ISMS"), ("ja/", "フィクスチャの ISMS")):
        html = (tmp_path / "site" / folder / PAGE).read_text(encoding="utf-8")
        assert re.search(rf"<title>[^<]* - {name}</title>", html), folder
        header = html[html.index('<div class="md-header__title"') : html.index("</header>")]
        assert name in header and ("Fixture ISMS" in header) == (folder == ""), folder


def test_a_site_language_that_is_not_a_language_is_an_error(base_tree: Path) -> None:
    settings = base_tree / "isms.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("languages: [en]", "languages: [ja, zh-TW]"))
    last = base_tree.joinpath("isms.yml").read_text(encoding="utf-8").count("\n")
    result = run_cli("--root", str(base_tree), "check")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == [
        f"isms.yml:{last}:19: error[isms.field.value]: site language 'zh-TW' is not in languages",
        "  hint: did you mean 'zh-CN'?",
    ]


def test_the_staff_home_comes_first_and_the_dashboard_is_one_click_away(example_site: Path) -> None:
    home = (example_site / "index.html").read_text(encoding="utf-8")
    assert "<h1" in home and ">Start here<" in home
    assert 'href="tel:+81-3-0000-0110"' in home and 'href="mailto:security@aozora-bridge.example"' in home
    assert "within 30 minutes" in home
    for row in ("POL-001 Information Security Policy", "STD-AU-01 Acceptable Use Standard"):
        assert row in home
    cell = '<td class="isms-nowrap">'
    assert f"{cell}2.2</td>\n{cell}7 / 10</td>" in home  # POL-001: 7 of all staff confirmed 2.x
    assert 'data-isms-you="POL-001"' in home and "data-acks=" in home
    assert "Working from home or on the road" in home and "STD-RW-01 Remote Work Standard" in home
    assert 'href="ja/" hreflang="ja" lang="ja">日本語</a>' in home
    assert 'href="registers/dashboard/"' in home
    dashboard = (example_site / "registers" / "dashboard" / "index.html").read_text(encoding="utf-8")
    assert ">ISMS at a glance<" in dashboard and "42</strong> controlled documents" in dashboard
    japanese = without_unbreakable_spans((example_site / "ja" / "index.html").read_text(encoding="utf-8"))
    assert ">はじめに<" in japanese and "遅くとも 30 分以内" in japanese and "在宅勤務・出張先での業務" in japanese
    assert "POL-001 情報セキュリティ基本方針" in japanese  # the title its readers read
    assert 'href="../" hreflang="en" lang="en">English</a>' in japanese


def test_an_unknown_task_document_is_named_in_isms_yml(base_tree: Path) -> None:
    with (base_tree / "isms.yml").open("a", encoding="utf-8") as settings:
        settings.write("home:\n  tasks:\n    - {title: Passwords, document: STD-AC-02}\n")
    last = base_tree.joinpath("isms.yml").read_text(encoding="utf-8").count("\n")
    result = run_cli("--root", str(base_tree), "check")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == [
        f"isms.yml:{last}:1: error[isms.settings.reference]: home task 'Passwords' names 'STD-AC-02', no document",
        "  hint: did you mean 'STD-AC-01'?",
    ]
