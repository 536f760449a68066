"""Wide tables in headless Chromium: the register, the SoA and a history page at a laptop's and at a
phone's width. No cell is clipped, ids and dates stay on one line, and the page itself never scrolls
sideways (a table wider than the screen scrolls in its own box). Screenshots go to test-artifacts/."""

from __future__ import annotations

from typing import Any

import pytest

from support.browser import open_page, screenshot

pytestmark = pytest.mark.browser

PAGES = {"register": "/registers/documents/", "soa": "/registers/soa/", "history": "/history/STD-AC-01/"}
SIZES = {"laptop": (1366, 900), "phone": (390, 844)}

_MEASURE = """
var root = document.documentElement;
var clipped = [];
document.querySelectorAll('article td, article th').forEach(function (cell) {
  if (cell.scrollWidth > cell.clientWidth + 1) clipped.push(cell.textContent.trim().slice(0, 40));
});
var wrapped = [];
document.querySelectorAll('article td.isms-nowrap').forEach(function (cell) {
  var line = parseFloat(getComputedStyle(cell).lineHeight) || 20;
  var range = document.createRange(); range.selectNodeContents(cell);
  if (range.getBoundingClientRect().height > line * 1.5) wrapped.push(cell.textContent.trim());
});
var overflowing = [];
document.querySelectorAll('article .md-typeset__scrollwrap').forEach(function (box) {
  if (box.scrollWidth > box.clientWidth + 1) overflowing.push(box.scrollWidth - box.clientWidth);
});
var toc = document.querySelector('.md-sidebar--secondary');
return {
  page: [root.scrollWidth, root.clientWidth],
  clipped: clipped,
  wrapped: wrapped,
  overflowing: overflowing,
  toc: toc ? getComputedStyle(toc).display !== 'none' && toc.offsetWidth > 0 && toc.hidden !== true
           && !toc.hasAttribute('hidden') : false,
  content: document.querySelector('.md-content').getBoundingClientRect().width,
};
"""


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("name", sorted(PAGES))
def test_wide_tables_fit_the_page(browser: Any, served_site: str, name: str, size: str) -> None:
    width, height = SIZES[size]
    browser.set_window_size(width, height)
    try:
        open_page(browser, served_site + PAGES[name])
        inner = browser.execute_script("return [window.innerWidth, window.innerHeight];")
        if inner[0] != width:  # the window has borders in some builds: size the viewport itself
            browser.set_window_size(2 * width - inner[0], height)
            open_page(browser, served_site + PAGES[name])
        measured = browser.execute_script(_MEASURE)
        screenshot(browser, f"table-{name}-{size}")
    finally:
        browser.set_window_size(1280, 1000)
    scroll_width, client_width = measured["page"]
    assert scroll_width <= client_width, f"the page scrolls sideways: {scroll_width} > {client_width}"
    assert measured["clipped"] == []
    assert measured["wrapped"] == []
    if size == "laptop":
        assert measured["toc"] is False  # no empty table of contents beside the table
        assert measured["content"] > 1000
        assert measured["overflowing"] == []  # at a laptop's width every column is in view


@pytest.mark.parametrize("language", ["", "/zh"])
def test_a_table_of_counts_beside_the_table_of_contents_shows_every_column(
    browser: Any, served_site: str, language: str
) -> None:
    """The dashboard's documents by status, seven short columns, on a 1280-pixel screen: no scrolling."""
    open_page(browser, f"{served_site}{language}/registers/dashboard/")
    measured = browser.execute_script(_MEASURE)
    screenshot(browser, f"table-dashboard{language.replace('/', '-')}")
    assert measured["toc"] is True  # the page keeps its table of contents
    assert measured["overflowing"] == [] and measured["clipped"] == []


@pytest.mark.parametrize("language", ["", "/ja", "/zh"])
def test_what_changed_shows_every_column_on_a_1280_pixel_screen(browser: Any, served_site: str, language: str) -> None:
    """Two columns of long text (the document, the change) and the author and approver beside them."""
    open_page(browser, f"{served_site}{language}/registers/changes/")
    assert browser.execute_script("return window.innerWidth") <= 1280
    measured = browser.execute_script(_MEASURE)
    assert measured["overflowing"] == [] and measured["clipped"] == []


_NAMES = r"""
var split = [];
document.querySelectorAll('.isms-changes td:nth-child(5), .isms-changes td:nth-child(6)').forEach(function (cell) {
  var text = cell.firstChild;
  if (!text || text.nodeType !== 3 || !text.textContent.trim()) return;
  var words = /[^\s、]+/g, word;
  while ((word = words.exec(text.textContent)) !== null) {  // each word of the name, and each of 、's sides
    var range = document.createRange();
    range.setStart(text, word.index); range.setEnd(text, word.index + word[0].length);
    var tops = new Set(Array.from(range.getClientRects()).map(function (r) { return Math.round(r.top); }));
    if (tops.size > 1) split.push(word[0]);
  }
});
return [split, document.querySelectorAll('.isms-changes td:nth-child(6)').length];
"""


@pytest.mark.parametrize("language", ["/ja", "/zh"])
def test_what_changed_never_breaks_a_name_inside_it(browser: Any, served_site: str, language: str) -> None:
    """森田 健二 breaks at the space or after 、 when the column is narrow, never between 健 and 二."""
    open_page(browser, f"{served_site}{language}/registers/changes/")
    split, cells = browser.execute_script(_NAMES)
    screenshot(browser, f"changes{language.replace('/', '-')}")
    assert cells > 10 and split == []
