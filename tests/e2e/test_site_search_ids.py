"""Search that knows ids, in headless Chromium on the built example site: an exact document or control
id finds its page first, result titles carry the id, and documents rank above the control pages
generated about them. The screenshot of `STD-AC-01` goes to test-artifacts/."""

from __future__ import annotations

from typing import Any

import pytest

from support.browser import page_path, screenshot, search_results

pytestmark = pytest.mark.browser


def ranked(browser: Any, base: str, term: str) -> list[tuple[str, str]]:
    """(page, title) of each result group, best first, as the search box shows them."""
    found = search_results(
        browser,
        base,
        term,
        "return Array.from(arguments[0]).map(function (li) {"
        "  var link = li.querySelector('a.md-search-result__link');"
        "  var title = li.querySelector('.md-search-result__article h1, .md-search-result__article h2');"
        "  return [link ? link.href : '', title ? title.textContent.trim() : ''];"
        "});",
    )
    return [(page_path(href), title) for href, title in found]


def test_a_document_id_finds_the_document_first_with_its_id_in_the_title(browser: Any, served_site: str) -> None:
    found = ranked(browser, served_site, "STD-AC-01")
    screenshot(browser, "search-id-STD-AC-01")
    assert found[0] == ("standards/STD-AC-01", "STD-AC-01 Access Control Standard")


@pytest.mark.parametrize("term", ["A.5.15", "a.5.15"])
def test_a_control_id_finds_the_control_first(browser: Any, served_site: str, term: str) -> None:
    found = ranked(browser, served_site, term)
    assert found[0] == ("controls/A.5.15", "A.5.15 Access control")


def test_a_translation_id_finds_the_translation_first(browser: Any, served_site: str) -> None:
    found = ranked(browser, served_site, "POL-001-JA")
    assert found[0] == ("policies/POL-001-JA", "POL-001-JA 情報セキュリティ基本方針")


@pytest.mark.parametrize("words", ["privileged access", "access control"])
def test_documents_rank_above_generated_control_pages_for_the_same_words(
    browser: Any, served_site: str, words: str
) -> None:
    pages = [page for page, _ in ranked(browser, served_site, words)]
    first_control = next(i for i, page in enumerate(pages) if page.startswith("controls/"))
    assert pages[0].startswith(("policies/", "standards/", "procedures/", "records/"))
    assert pages.index("standards/STD-AC-01") < first_control
