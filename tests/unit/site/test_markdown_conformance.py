"""The site and the PDFs read the same Markdown the same way.

Each file in fixtures/markdown holds one construct. It goes through the site's Markdown (the
repository's mkdocs.yml with the plugin's dialect, as MkDocs builds every page) and through pandoc
with the PDF reader's format (PANDOC_FORMAT, written out as HTML instead of Typst), and the two
structures must be equal: list nesting and items, table cells, headings, emphasis, links, code
and text.
"""

from __future__ import annotations

from functools import lru_cache

import markdown
import pypandoc
import pytest
from mkdocs.config import load_config

from isms.render.pandoc_run import PANDOC_FORMAT
from isms.site import dialect
from support.html_structure import show, structure
from support.paths import FIXTURES, REPOSITORY

CORPUS = FIXTURES / "markdown"
CONSTRUCTS = sorted(path.stem for path in CORPUS.glob("*.md"))


@lru_cache(maxsize=1)
def _site() -> markdown.Markdown:
    config = load_config(str(REPOSITORY / "mkdocs.yml"))
    dialect.configure(config)
    return dialect.site_markdown(config)


def site_html(text: str) -> str:
    converter = _site()
    converter.reset()
    return converter.convert(text)


def pdf_reader_html(text: str) -> str:
    html: str = pypandoc.convert_text(text, "html", format=PANDOC_FORMAT, extra_args=["--wrap=none"])
    return html


def test_the_corpus_covers_every_construct() -> None:
    assert CONSTRUCTS == [
        "autolink",
        "backslash-escapes",
        "blocks-after-paragraph",
        "cjk-soft-breaks",
        "emphasis",
        "fenced-code",
        "fenced-code-in-list",
        "footnote",
        "headings",
        "list-after-paragraph",
        "list-kind-change",
        "nested-list-2-spaces",
        "nested-list-4-spaces",
        "ordered-list",
        "ordered-list-parenthesis",
        "strikethrough",
        "superscript",
        "table",
        "task-list",
    ]


@pytest.mark.parametrize("construct", CONSTRUCTS)
def test_site_and_pdf_reader_agree(construct: str) -> None:
    text = (CORPUS / f"{construct}.md").read_text(encoding="utf-8")
    site = structure(site_html(text))
    pdf = structure(pdf_reader_html(text))
    assert site, "the construct renders to something"
    assert show(site) == show(pdf)


def _plain_python_markdown(text: str) -> str:
    config = load_config(str(REPOSITORY / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs).convert(text)


@pytest.mark.parametrize("construct", ["list-after-paragraph", "nested-list-2-spaces", "cjk-soft-breaks"])
def test_the_comparison_sees_what_python_markdown_gets_wrong_alone(construct: str) -> None:
    """Without the dialect, Python-Markdown disagrees with pandoc on these: the check is not blind."""
    text = (CORPUS / f"{construct}.md").read_text(encoding="utf-8")
    assert show(structure(_plain_python_markdown(text))) != show(structure(pdf_reader_html(text)))


def test_two_and_four_space_nesting_give_one_structure() -> None:
    two = structure(site_html((CORPUS / "nested-list-2-spaces.md").read_text(encoding="utf-8")))
    four = structure(site_html((CORPUS / "nested-list-4-spaces.md").read_text(encoding="utf-8")))
    assert two == four
    assert show(two).splitlines()[:4] == ["<ul>", "  <li>", "    'Laptops'", "    <ul>"]


def test_japanese_line_break_joins_and_english_stays_a_space() -> None:
    html = site_html((CORPUS / "cjk-soft-breaks.md").read_text(encoding="utf-8"))
    text = show(structure(html))
    assert "当社は日本企業向けにソフトウェアを開発する。" in text
    assert "个人信息必须加密。" in text
    assert "개인정보는암호화한다。" in text
    assert "English words stay apart." in text
    assert "日本語の後に English text and English text before 日本語." in text
