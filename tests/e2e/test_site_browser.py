"""The built example site in headless Chromium: navigation, search in three languages, and no
request to any host but the site's own. Screenshots go to test-artifacts/ for people to look at."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from support.browser import fonts_of, open_page, requested_urls, screenshot, search, wait_for

pytestmark = pytest.mark.browser

SEARCH_TERMS = ["GlobalProtect", "個人情報", "委託先", "情報資産", "信息安全", "密钥", "供应商"]


LANGUAGE_FOLDERS = ("", "ja/", "zh/")  # the example's site in English, Japanese and Chinese


def _ground_truth(site: Path, term: str, folder: str = "") -> set[str]:
    """Pages of one language's site whose main content contains the term, of those the site indexes:
    the home page, the dashboard and the history pages are excluded from search by design, and so is a
    translation's own page in the site of its language, whose readers find it on its original's page."""
    pages = set()
    own = site / folder
    index = json.loads((own / "search" / "search_index.json").read_text(encoding="utf-8"))
    searchable = {entry["location"].split("#")[0].rstrip("/") for entry in index["docs"]}
    others = {f.rstrip("/") for f in LANGUAGE_FOLDERS if f and f != folder}
    for page in own.rglob("index.html"):
        parts = page.relative_to(own).parts
        if parts[0] == "history" or (not folder and parts[0] in others):
            continue
        if page.parent.relative_to(own).as_posix() not in searchable:
            continue
        match = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', page.read_text(), re.S)
        if not match:
            continue
        text = html.unescape(re.sub(r"<[^>]+>", " ", match.group(1)))
        if term.lower() in text.lower():
            pages.add(page.parent.relative_to(site).as_posix())
    pages.discard(folder.rstrip("/") or ".")
    return pages


# In the Japanese and Chinese versions, terms of their text that are not also words of the page
# chrome around every page of that language (信息安全 heads every control page of the Chinese site).
TERMS_BY_FOLDER = [("", term) for term in SEARCH_TERMS] + [
    (folder, term)
    for folder, terms in (
        ("ja/", ["GlobalProtect", "情報資産", "信息安全", "密钥", "供应商", "ホットライン"]),
        ("zh/", ["GlobalProtect", "個人情報", "委託先", "情報資産", "密钥", "漏洞", "多因素"]),
    )
    for term in terms
]


@pytest.mark.parametrize(("folder", "term"), TERMS_BY_FOLDER)
def test_search_finds_every_page_with_the_term_and_no_other(
    browser: Any, served_site: str, example_site: Path, term: str, folder: str
) -> None:
    """In every language's site: each version indexes its own pages, translations included."""
    expected = _ground_truth(example_site, term, folder)
    assert expected, f"the example should contain {term}"
    assert len(expected) < 10, "keep ground-truth sets small enough to be shown without scrolling"
    found = search(browser, served_site + "/" + folder.rstrip("/") if folder else served_site, term)
    assert found == expected
    if term in ("GlobalProtect", "個人情報", "信息安全") and not folder:
        screenshot(browser, f"search-{len(term)}-{term}")


def test_navigation_from_policy_down_to_record(browser: Any, served_site: str) -> None:
    open_page(browser, served_site + "/")
    assert browser.find_element("css selector", "h1").text == "Start here"  # the staff home page
    screenshot(browser, "home")

    def click(text: str) -> None:
        link = browser.find_element("link text", text)
        browser.execute_script("arguments[0].click();", link)
        wait_for(browser, lambda: browser.execute_script("return document.readyState") == "complete")

    click("POL-001 Information Security Policy")
    assert browser.find_element("css selector", "h1").text == "Information Security Policy"
    screenshot(browser, "policy")
    click("STD-AC-01 Access Control Standard")
    assert browser.find_element("css selector", "h1").text == "Access Control Standard"
    click("PRO-UA-01 User Access Provisioning Procedure")
    assert browser.find_element("css selector", "h1").text == "User Access Provisioning Procedure"
    screenshot(browser, "procedure")
    click("REC-AQ-01 Access Request")
    assert browser.find_element("css selector", "h1").text == "Access Request"
    assert "Retention" in browser.find_element("css selector", "article").text
    screenshot(browser, "record")


def test_ids_in_prose_lead_to_the_document_and_the_control(browser: Any, served_site: str) -> None:
    """POL-002 names PRO-RA-01 and A.7.12 in its text, as plain words; both are links on the site."""
    for text, title in (
        ("PRO-RA-01", "Information Security Risk Assessment and Treatment Procedure"),
        ("A.7.12", "A.7.12 Cabling security"),
    ):
        open_page(browser, served_site + "/policies/POL-002/")
        article = browser.find_element("css selector", "article")
        link = article.find_element("link text", text)
        before = browser.current_url
        browser.execute_script("arguments[0].click();", link)
        wait_for(browser, lambda before=before: browser.current_url != before)
        wait_for(browser, lambda: browser.execute_script("return document.readyState") == "complete")
        assert browser.find_element("css selector", "h1").text == title


def test_control_page_lists_documents_and_statements(browser: Any, served_site: str) -> None:
    open_page(browser, served_site + "/controls/A.8.24/")
    article = browser.find_element("css selector", "article").text
    assert article.startswith("A.8.24 Use of cryptography")
    assert "STD-CR-01" in article and "Implemented by" in article and "Statements" in article
    screenshot(browser, "control")


def test_controls_can_be_filtered_by_attribute(browser: Any, served_site: str) -> None:
    open_page(browser, served_site + "/registers/controls/")
    count = browser.find_element("css selector", "[data-isms-count]")
    wait_for(browser, lambda: count.text == "93 of 93 controls")
    browser.execute_script(
        "var s = document.querySelector('select[name=control_type]'); s.value = 'corrective';"
        "s.dispatchEvent(new Event('change', {bubbles: true}));"
    )
    wait_for(browser, lambda: re.fullmatch(r"\d+ of 93 controls", count.text) and count.text != "93 of 93 controls")
    visible = browser.execute_script(
        "return Array.from(document.querySelectorAll('.isms-controls tbody tr')).filter(r => !r.hidden)"
        ".map(r => r.querySelector('a').textContent);"
    )
    assert "A.5.26" in visible and "A.5.1" not in visible
    assert count.text == f"{len(visible)} of 93 controls"


def test_pages_make_no_request_to_another_host(browser: Any, served_site: str) -> None:
    browser.get_log("performance")  # discard what earlier tests did
    for path in ("/", "/policies/POL-001-JA/", "/registers/soa/", "/registers/traceability/", "/controls/A.5.1/"):
        open_page(browser, served_site + path)
    search(browser, served_site, "backup")
    requested = requested_urls(browser)
    assert requested, "the performance log recorded no request"
    off_site = [u for u in requested if not u.startswith((served_site, "data:", "blob:"))]
    assert off_site == []


def test_a_translation_s_text_carries_its_language_so_chinese_is_set_in_chinese_glyphs(
    browser: Any, served_site: str
) -> None:
    """Chinese and Japanese share code points and differ in glyph forms: the lang attribute decides."""
    for page, language, face in (("STD-SU-01-ZH", "zh-CN", " SC"), ("STD-SU-01-JA", "ja", " JP")):
        open_page(browser, f"{served_site}/standards/{page}/")
        assert browser.execute_script("return document.documentElement.lang") == "en"  # the page's own labels
        assert browser.execute_script("return document.querySelector('article h1').lang") == language
        paragraph = f'article div[lang="{language}"] p'
        assert (
            browser.execute_script(f"return document.querySelector('{paragraph}').closest('[lang]').lang") == language
        )
        drawn = fonts_of(browser, paragraph)
        assert any(face in name for name in drawn), drawn
    open_page(browser, f"{served_site}/standards/STD-SU-01/")
    assert browser.execute_script("return document.querySelectorAll('article [lang]').length") == 0
