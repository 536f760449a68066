"""The site's generated pages (isms.site.pages) as Markdown, built from a small indexed ISMS without MkDocs.

Whole pages of the fixture ISMS are compared with golden files in tests/golden/test_pages.py; these
tests pin what one page says about one document: its metadata block, its banner, and values from
the sources that must reach the reader as text, never as Markdown, HTML or a template.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from isms.resolve.view import View
from isms.site.pages import build_pages
from isms.site.templating import Page
from support.paths import TODAY
from support.trees import indexed, replace_once

STANDARD = "policies/STD-AC-01-access.md"


def pages_of(root: Path, today: str = TODAY) -> dict[str, Page]:
    return {page.uri: page for page in build_pages(View(indexed(root), date.fromisoformat(today)))}


def between(text: str, start: str, end: str) -> str:
    """The part of text from the first start to the next end, both included."""
    first = text.index(start)
    return text[first : text.index(end, first) + len(end)]


def without_front_matter(markdown: str) -> str:
    return markdown.split("\n---\n", 1)[1] if markdown.startswith("---\n") else markdown


def test_a_document_page_opens_with_its_title_and_metadata_block(base_tree: Path) -> None:
    page = pages_of(base_tree)["standards/STD-AC-01.md"]
    assert (page.title, page.in_nav) == ("STD-AC-01 Access Control Standard", True)
    assert page.markdown[: page.markdown.index("</div>\n") + len("</div>\n")] == (
        "---\n"
        'title: "STD-AC-01 Access Control Standard"\n'
        "---\n"
        "# Access Control Standard\n"
        '<div class="isms-meta" data-search-exclude markdown>\n'
        "\n"
        "Document\n"
        ":   **STD-AC-01** · Standard\n"
        "\n"
        "Version\n"
        ':   1.0 · <span class="isms-status isms-status--approved">Approved</span>\n'
        "\n"
        "Owner\n"
        ":   Top management\n"
        "\n"
        "Approver\n"
        ":   CISO — approved by Bob Example on 2026-06-01\n"
        "\n"
        "Effective\n"
        ":   2026-06-15\n"
        "\n"
        "Next review\n"
        ":   2027-06-15\n"
        "\n"
        "Classification\n"
        ":   internal\n"
        "\n"
        "Language\n"
        ":   English\n"
        "\n"
        "\n"
        "\n"
        "</div>\n"
    )


def test_a_draft_says_so_before_its_metadata_and_is_not_yet_effective(base_tree: Path) -> None:
    replace_once(base_tree, STANDARD, 'version: "1.0"\nstatus: approved\n', 'version: "1.1"\nstatus: draft\n')
    replace_once(base_tree, STANDARD, "approved_by: bob\napproved_on: 2026-06-01\n", "")
    markdown = pages_of(base_tree)["standards/STD-AC-01.md"].markdown
    assert between(markdown, "# ", '<div class="isms-meta" data-search-exclude markdown>') == (
        "# Access Control Standard\n"
        '!!! warning "Draft"\n'
        "\n"
        "    This document is a draft. It is not in force.\n"
        "\n"
        '<div class="isms-meta" data-search-exclude markdown>'
    )
    assert 'Version\n:   1.1 · <span class="isms-status isms-status--draft">Draft</span>\n' in markdown
    assert "Approver\n:   CISO\n\nEffective\n:   not yet\n" in markdown


def test_a_document_past_its_review_date_carries_a_warning(base_tree: Path) -> None:
    on_time = pages_of(base_tree, today="2027-06-15")["policies/POL-001.md"].markdown
    assert "!!!" not in on_time
    late = pages_of(base_tree, today="2027-06-16")["policies/POL-001.md"].markdown
    assert between(late, "# ", '<div class="isms-meta" data-search-exclude markdown>') == (
        "# Information Security Policy\n"
        '!!! warning "Review overdue"\n'
        "\n"
        "    This document was due for review on 2027-06-15.\n"
        "\n"
        '<div class="isms-meta" data-search-exclude markdown>'
    )


HOSTILE_TITLE = '<script>alert(1)</script> | *x* [y](javascript:alert(1)) {{ 7*7 }} "q"'
ESCAPED_TITLE = (
    r"&lt;script&gt;alert\(1\)&lt;/script&gt; \| \*x\* \[y\]\(javascript:alert\(1\)\) \{\{ 7\*7 \}\} " + '"q"'
)
ESCAPED_ROLE = r"CISO &lt;b&gt;\|&lt;/b&gt; \`x\`"


def test_titles_and_role_titles_from_the_sources_are_text_on_every_page(base_tree: Path) -> None:
    replace_once(
        base_tree, STANDARD, "title: Access Control Standard", "title: '" + HOSTILE_TITLE.replace("'", "''") + "'"
    )
    replace_once(base_tree, "isms.yml", "ciso: {title: CISO,", "ciso: {title: 'CISO <b>|</b> `x`',")
    pages = pages_of(base_tree)
    document = pages["standards/STD-AC-01.md"]
    assert document.title == f"STD-AC-01 {HOSTILE_TITLE}"
    lines = document.markdown.split("\n")
    # The front matter title is a JSON string: MkDocs escapes it where it places it in the HTML.
    assert lines[:4] == [
        "---",
        'title: "STD-AC-01 ' + HOSTILE_TITLE.replace('"', '\\"') + '"',
        "---",
        f"# {ESCAPED_TITLE}",
    ]
    assert f":   {ESCAPED_ROLE} — approved by Bob Example on 2026-06-01" in lines
    register = pages["registers/documents.md"].markdown.split("\n")
    assert (
        f"| [STD-AC-01](../standards/STD-AC-01.md) | {ESCAPED_TITLE} | Standard | 1.0 |"
        ' <span class="isms-status isms-status--approved">Approved</span> | Top management |'
        f" {ESCAPED_ROLE} | 2026-06-15 | 2027-06-15 | internal | en |"
    ) in register
    policy = pages["policies/POL-001.md"].markdown.split("\n")
    assert f"- [STD-AC-01 {ESCAPED_TITLE}](../standards/STD-AC-01.md) · Standard" in policy
    assert [uri for uri, page in pages.items() if "<script>" in without_front_matter(page.markdown)] == []


def test_the_translations_page_lists_each_translation_with_its_state(base_tree: Path) -> None:
    replace_once(base_tree, "policies/POL-001-policy.md", 'version: "1.0"', 'version: "1.1"')
    for suffix, language, translates in (("ja", "ja", 'translates: "1.0"\n'), ("zh", "zh-CN", "")):
        (base_tree / "policies" / f"POL-001-policy.{suffix}.md").write_text(
            f"---\nid: POL-001-{suffix.upper()}\ntitle: 方针\ntranslation_of: POL-001\nlanguage: {language}\n"
            f'version: "1.0"\n{translates}status: draft\n---\n\n本文。\n',
            encoding="utf-8",
        )
    pages = pages_of(base_tree)
    page = pages["registers/translations.md"]
    assert (page.title, page.wide) == ("Translations", True)
    rows = [line for line in page.markdown.splitlines() if line.startswith("| <span")]
    assert rows == [
        '| <span lang="ja">[POL-001-JA 方针](../policies/POL-001-JA.md)</span> | <span lang="ja">日本語</span> | 1.0'
        " | [POL-001](../policies/POL-001.md) | 1.1 | 1.0"
        ' | <span class="isms-currency isms-currency--behind">behind</span> |',
        '| <span lang="zh-CN">[POL-001-ZH 方针](../policies/POL-001-ZH.md)</span>'
        ' | <span lang="zh-CN">中文（简体）</span> | 1.0 | [POL-001](../policies/POL-001.md)'
        ' | 1.1 | — | <span class="isms-currency isms-currency--unknown">unknown</span> |',
    ]
    japanese = pages["policies/POL-001-JA.md"].markdown
    assert (
        '<div class="isms-notice" lang="ja" data-search-exclude markdown>\n\n!!! warning "原文より古い翻訳"\n\n'
        "    この翻訳は POL-001 の第 1.0 版を訳したものである。原文は現在第 1.1 版である。"
        "内容が異なる場合は原文が優先する。\n\n</div>\n"
    ) in japanese
    original = pages["policies/POL-001.md"].markdown
    assert "· [日本語](POL-001-JA.md) (behind) · [中文（简体）](POL-001-ZH.md)\n" in original


def test_a_site_in_japanese_shows_its_chrome_and_isms_yml_values_in_japanese(base_tree: Path) -> None:
    replace_once(
        base_tree, "isms.yml", "ciso: {title: CISO,", "ciso: {title: CISO, titles: {ja: 情報セキュリティ責任者},"
    )
    index = indexed(base_tree)
    pages = {p.uri: p for p in build_pages(View(index, date.fromisoformat(TODAY)), language="ja")}
    markdown = pages["standards/STD-AC-01.md"].markdown
    assert "文書番号\n:   **STD-AC-01** · 規程\n" in markdown
    assert "承認者\n:   情報セキュリティ責任者 — 承認: Bob Example（2026-06-01）" in markdown
    assert "機密区分\n:   社外秘\n" in markdown
    assert pages["registers/documents.md"].title == "文書管理台帳"
    # A record template's form names each field's type in the reader's language too
    form = "| Requester | 氏名 | はい |  |\n| System | テキスト（1 行） | はい |  |\n"
    assert form in pages["records/REC-AQ-01.md"].markdown
