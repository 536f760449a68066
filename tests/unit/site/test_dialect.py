"""The site's Markdown extensions on their own: list re-indentation and CJK line joining."""

from __future__ import annotations

import markdown
import pytest

from isms.read.statements import find_statements
from isms.site.cjk_breaks import join_line
from isms.site.lists import reindent


def test_two_space_nesting_becomes_four_spaces_per_level() -> None:
    lines = ["- a", "  - b", "    - c", "  lazy", "- d"]
    # "lazy" continues the paragraph of the deepest item, as in CommonMark and pandoc
    assert reindent(lines) == ["- a", "    - b", "        - c", "            lazy", "- d"]


def test_nesting_is_measured_from_where_the_item_text_starts() -> None:
    lines = ["1. Step", "   - sub", "", "   More about the step.", "10. Tenth", "    - sub of ten"]
    assert reindent(lines) == ["1. Step", "    - sub", "", "    More about the step.", "10. Tenth", "    - sub of ten"]


def test_only_leading_spaces_change_and_every_line_stays() -> None:
    body = "Lead-in:\n- item {A.5.16}\n  - child, `code {x}` {A.5.15, A.8.2}\n\nText.\n"
    lines = body.split("\n")
    result = reindent(lines)
    assert len(result) == len(lines)
    assert [line.strip() for line in result] == [line.strip() for line in lines]
    assert [s.line for s in find_statements(body, 1)] == [2, 3]


def test_fenced_code_inside_an_item_moves_with_it_and_is_not_read() -> None:
    lines = ["- item", "  ```", "  - not an item", "    - nor this", "  ```", "- next"]
    assert reindent(lines) == ["- item", "    ```", "    - not an item", "      - nor this", "    ```", "- next"]


def test_outside_lists_nothing_changes() -> None:
    lines = [
        "# Title",
        "",
        "    indented code",
        "    - in code",
        "",
        "| a | b |",
        "|---|---|",
        "* * *",
        "Term",
        ":   definition",
    ]
    assert reindent(lines) == lines


def _html(text: str) -> str:
    return markdown.markdown(text, extensions=["isms.site.lists", "isms.site.cjk_breaks"])


def test_a_list_interrupts_a_paragraph() -> None:
    assert _html("Lead-in:\n- a\n- b") == "<p>Lead-in:</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>"


def test_a_rule_does_not_start_a_list() -> None:
    assert _html("Text\n\n- - -\n\nMore") == "<p>Text</p>\n<hr />\n<p>More</p>"


def test_task_items_print_the_pdf_characters_and_other_brackets_stay() -> None:
    html = _html("- [x] done\n- [ ] open\n- [x]no space\n- [link] text")
    assert html == "<ul>\n<li>\u2612 done</li>\n<li>\u2610 open</li>\n<li>[x]no space</li>\n<li>[link] text</li>\n</ul>"


@pytest.mark.parametrize(
    ("before", "after", "joined"),
    [
        ("に", "ソ", True),  # kana
        ("息", "必", True),  # Han
        ("는", "암", True),  # Hangul
        ("、", "。", True),  # fullwidth punctuation
        ("（", "例", True),
        ("ｱ", "イ", False),  # halfwidth katakana is narrow, as in pandoc
        ("語", "E", False),
        ("s", "日", False),
        ("s", "w", False),
    ],
)
def test_joining_follows_east_asian_width(before: str, after: str, joined: bool) -> None:
    assert join_line(before, after) is joined


def test_cjk_line_breaks_join_through_inline_markup_but_never_inside_code() -> None:
    html = _html("**強調**\nの後\n`コード\nの中`\nの前 word\n語")
    assert html == "<p><strong>強調</strong>の後<code>コード\nの中</code>の前 word\n語</p>"


def test_indented_and_fenced_code_keep_their_line_breaks() -> None:
    assert _html("    日本\n    語") == "<pre><code>日本\n語\n</code></pre>"


def test_text_placed_by_the_site_stays_text_under_the_dialect() -> None:
    """Generated pages put titles and names into Markdown with links.md; the dialect's new marks
    (strikeout, sub- and superscript) must not turn them into markup."""
    from mkdocs.config import load_config

    from isms.render.links import md
    from isms.site import dialect
    from support.paths import REPOSITORY

    config = load_config(str(REPOSITORY / "mkdocs.yml"))
    dialect.configure(config)
    text = "H~2~O ~~old~~ 2^10^ <b> a_b [x](y) & \\ #1"
    html = dialect.site_markdown(config).convert(md(text))
    assert html == "<p>H~2~O ~~old~~ 2^10^ &lt;b&gt; a_b [x](y) &amp; \\ #1</p>"
