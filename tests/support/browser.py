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
    """The pages the search box lists for a term."""
    hrefs = search_results(
        browser, base, term, "return Array.from(arguments[0]).map(li => li.querySelector('a').href);"
    )
    return {page_path(h) for h in hrefs}


def search_results(browser: Any, base: str, term: str, script: str) -> list[Any]:
    """Type a term into the search box of the document register page and wait for the results; each
    result group (`li`) is described by `script`, which gets them as arguments[0]."""
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

    def results() -> list[Any] | None:
        meta = browser.execute_script(
            "var m = document.querySelector('.md-search-result__meta'); return m ? m.textContent : '';"
        )
        if not meta or meta.strip() in waiting:
            return None
        groups = browser.execute_script("return document.querySelectorAll('.md-search-result__list > li');")
        found: list[Any] = browser.execute_script(script, groups)
        return found if found or meta.strip() == words["search.result.none"] else None

    return list(wait_for(browser, results))


def fonts_of(browser: Any, selector: str) -> list[str]:
    """The fonts Chromium really drew an element's text with (not the CSS list it chose from)."""
    browser.execute_cdp_cmd("DOM.enable", {})
    browser.execute_cdp_cmd("CSS.enable", {})
    document = browser.execute_cdp_cmd("DOM.getDocument", {"depth": -1})
    node = browser.execute_cdp_cmd("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": selector})
    fonts = browser.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    return [font["familyName"] for font in fonts]


def requested_urls(browser: Any) -> list[str]:
    """Every URL the browser asked for since the performance log was last read."""
    time.sleep(0.5)  # let the last requests reach the log
    requested = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            requested.append(message["params"]["request"]["url"])
    return requested


def start_chromium(log_requests: bool = False) -> Any:
    """Headless Debian Chromium through chromedriver, started with the options every test and benchmark
    uses; with `log_requests`, its performance log lists every network request."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,1000",
    ):
        options.add_argument(argument)
    if log_requests:
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
