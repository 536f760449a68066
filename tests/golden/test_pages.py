"""Generated pages of the fixture ISMS, compared whole with the Markdown kept in golden/pages/.

A page of the site is this Markdown passed through MkDocs; keeping it here shows in review what a
change to a template or a page builder does to what readers see. To accept new output after an
intended change, run with ISMS_UPDATE_GOLDEN=1 and read the diff before committing it.
"""

from __future__ import annotations

import os
from datetime import date

import pytest

from isms.resolve.view import View
from isms.site.pages import build_pages
from isms.site.templating import Page
from support.paths import FIXTURES, GOLDEN, TODAY
from support.trees import indexed

PAGES = GOLDEN / "pages"
URIS = [
    "standards/STD-AC-01.md",
    "records/REC-AQ-01.md",
    "registers/documents.md",
    "registers/records.md",
    "index.md",
    "registers/dashboard.md",
]


@pytest.fixture(scope="module")
def pages() -> dict[str, Page]:
    return {page.uri: page for page in build_pages(View(indexed(FIXTURES / "base"), date.fromisoformat(TODAY)))}


@pytest.mark.parametrize("uri", URIS)
def test_page(pages: dict[str, Page], uri: str) -> None:
    actual = pages[uri].markdown
    expected_file = PAGES / uri
    if os.environ.get("ISMS_UPDATE_GOLDEN"):
        expected_file.parent.mkdir(parents=True, exist_ok=True)
        expected_file.write_text(actual, encoding="utf-8")
    assert actual == expected_file.read_text(encoding="utf-8")


def test_every_golden_page_is_compared() -> None:
    kept = sorted(path.relative_to(PAGES).as_posix() for path in PAGES.rglob("*.md"))
    assert kept == sorted(URIS)
