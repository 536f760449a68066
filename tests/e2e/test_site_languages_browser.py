"""The Japanese and Chinese versions of the example site in headless Chromium: each page in its
reader's language (no English word of the label catalog in the page's chrome), Chinese drawn with
Chinese glyph forms, a language switch that keeps the reader on the document, and the staff home's
"have I confirmed it?" column. Screenshots of each language's home and a document page go to
test-artifacts/."""

from __future__ import annotations

import time
from typing import Any

import pytest

from isms.read.labels import labels_in
from support.browser import fonts_of, open_page, screenshot, wait_for

pytestmark = pytest.mark.browser

# Elements of the page chrome: header, navigation, footer, the metadata panel and table headers,
# admonition titles and form labels. Document text is not chrome.
CHROME = (
    ".md-header__title, .md-nav__title, .md-nav__link, .md-footer, .md-search__input, .md-select__link,"
    " article dt, article th, .admonition-title, article label, .md-banner, .isms-build"
)


def _english_words(language: str) -> set[str]:
    """Every word of the English catalog that the language's catalog says differently; language names
    are each written in their own language (the switch lists English as English)."""
    english, other = labels_in("en"), labels_in(language)
    words = set()
    for key, value in english.words.items():
        if key.startswith("language."):
            continue
        theirs = other.words.get(key)
        for word in (value,) if isinstance(value, str) else value:
            if (
                word.strip()
                and "{" not in word
                and (theirs is None or word not in (theirs if isinstance(theirs, tuple) else (theirs,)))
            ):
                words.add(word.strip())
    return words


def _chrome_texts(browser: Any) -> list[str]:
    return browser.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0]))"
        ".filter(e => e.offsetParent !== null || e.getClientRects().length)"
        ".map(e => (e.placeholder || e.innerText || '').trim()).filter(t => t);",
        CHROME,
    )


@pytest.mark.parametrize(
    ("folder", "language", "document"),
    [("ja", "ja", "policies/POL-001"), ("zh", "zh-CN", "standards/STD-SU-01")],
)
def test_the_page_chrome_is_in_the_reader_s_language(
    browser: Any, served_site: str, folder: str, language: str, document: str
) -> None:
    english = _english_words(language)
    for page, name in (("", "home"), (f"{document}/", "document")):
        open_page(browser, f"{served_site}/{folder}/{page}")
        assert browser.execute_script("return document.documentElement.lang") == language
        texts = _chrome_texts(browser)
        assert len(texts) > 20
        assert [text for text in texts if text in english] == [], page
        screenshot(browser, f"language-{folder}-{name}")
    for page, name in (("", "home"), (f"{document}/", "document")):
        open_page(browser, f"{served_site}/{page}")
        screenshot(browser, f"language-en-{name}")


def test_chinese_is_drawn_in_chinese_glyphs_and_japanese_in_japanese(browser: Any, served_site: str) -> None:
    for folder, face in (("zh", " SC"), ("ja", " JP")):
        open_page(browser, f"{served_site}/{folder}/policies/POL-001/")
        assert browser.execute_script("return document.querySelectorAll('article [lang]').length") == 0
        drawn = fonts_of(browser, "article p")
        assert any(face in name for name in drawn), (folder, drawn)


def test_the_language_switch_lands_on_the_same_document(browser: Any, served_site: str) -> None:
    open_page(browser, f"{served_site}/ja/standards/STD-SU-01/")
    for language, folder in (("zh-CN", "zh/"), ("en", ""), ("ja", "ja/")):
        browser.execute_script(f"document.querySelector('a.md-select__link[hreflang=\"{language}\"]').click()")
        wait_for(browser, lambda f=folder: browser.current_url == f"{served_site}/{f}standards/STD-SU-01/")
        wait_for(browser, lambda: browser.execute_script("return document.readyState") == "complete")
        assert "STD-SU-01" in browser.title


def test_a_page_view_asks_the_server_for_nothing_it_does_not_have(browser: Any, served_site: str) -> None:
    """No 404 in any language (the theme's alternate links once made it ask for a sitemap below
    each language's address of the page)."""
    browser.get_log("browser")  # the log so far
    for folder in ("", "ja/", "zh/"):
        open_page(browser, f"{served_site}/{folder}standards/STD-SU-01/")
        wait_for(browser, lambda: browser.execute_script("return document.readyState") == "complete")
    time.sleep(1)  # the theme's requests after the page has loaded
    failed = [entry["message"] for entry in browser.get_log("browser") if "Failed to load resource" in entry["message"]]
    assert failed == []


def test_the_home_page_tells_a_reader_what_they_have_still_to_confirm(browser: Any, served_site: str) -> None:
    open_page(browser, f"{served_site}/")

    def choose(person: str) -> dict[str, str]:
        browser.execute_script(
            "var s = document.querySelector('[data-isms-who]'); s.value = arguments[0];"
            "s.dispatchEvent(new Event('change'));",
            person,
        )
        return browser.execute_script(
            "var r = {}; document.querySelectorAll('[data-isms-you]')"
            ".forEach(c => r[c.getAttribute('data-isms-you')] = c.textContent); return r;"
        )

    assert choose("kmorita") == {"POL-001": "read", "STD-AU-01": "read"}
    assert choose("liuyang") == {"POL-001": "not yet", "STD-AU-01": "read"}  # confirmed only 1.3 of POL-001
    open_page(browser, f"{served_site}/")  # the choice is remembered in this browser
    assert browser.execute_script("return document.querySelector('[data-isms-who]').value") == "liuyang"
    screenshot(browser, "home-must-read")
    open_page(browser, f"{served_site}/ja/")
    assert (
        browser.execute_script("return document.querySelector('[data-isms-you=\"POL-001\"]').textContent") == "未確認"
    )
