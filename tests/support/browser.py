"""Headless Chromium driven the way a reader uses the site: open a page, wait, search, and list what it requested."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlsplit

from support.paths import ARTIFACTS


def open_page(browser: Any, url: str) -> None:
    browser.get(url)
    wait_for(browser, lambda: browser.execute_script("return document.readyState") == "complete")


def wait_for(browser: Any, condition: Any, timeout: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out waiting for the page")


def screenshot(browser: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def page_path(url: str) -> str:
    path = urlsplit(url).path.strip("/")
    return path.removesuffix("index.html").strip("/")


def search(browser: Any, base: str, term: str) -> set[str]:
    open_page(browser, base + "/registers/documents/")

    # The theme's own words for "initializing" (the text it starts with), "type to start" and "no
    # results", in the page's language.
    words = browser.execute_script("return JSON.parse(document.getElementById('__config').textContent).translations")
    initial = browser.execute_script(
        "var m = document.querySelector('.md-search-result__meta'); return m ? m.textContent.trim() : '';"
    )
    waiting = (initial, words["search.result.placeholder"])
    browser.execute_script(
        "var input = document.querySelector('input.md-search__input');"
        "input.focus(); input.value = arguments[0];"
        "input.dispatchEvent(new Event('input', {bubbles: true}));"
        "input.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true}));",
        term,
    )

    def results() -> list[str] | None:
        meta = browser.execute_script(
            "var m = document.querySelector('.md-search-result__meta'); return m ? m.textContent : '';"
        )
        if not meta or meta.strip() in waiting:
            return None
        hrefs: list[str] = browser.execute_script(
            "return Array.from(document.querySelectorAll('.md-search-result__list a.md-search-result__link'))"
            ".map(a => a.href);"
        )
        return hrefs if hrefs or meta.strip() == words["search.result.none"] else None

    return {page_path(h) for h in wait_for(browser, results)}


def requested_urls(browser: Any) -> list[str]:
    """Every URL the browser asked for since the performance log was last read."""
    time.sleep(0.5)  # let the last requests reach the log
    requested = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            requested.append(message["params"]["request"]["url"])
    return requested
