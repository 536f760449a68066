"""The redline marks exactly what changed, in the new text's own structure, and keeps every value as data."""

from __future__ import annotations

from isms.render.redline import HTML_MARKS, PANDOC_MARKS, FieldChange, Marks, field_changes, html_marks, redline

BRACKETS = Marks(lambda text: f"{{+{text}+}}", lambda text: f"[-{text}-]")


def test_a_changed_list_item_marks_exactly_the_changed_words() -> None:
    old = "Rules:\n\n- Staff report incidents within 24 hours.\n- Keep logs for 90 days.\n"
    new = "Rules:\n\n- Staff report security incidents within 4 hours to the CISO.\n- Keep logs for 90 days.\n"
    assert redline(old, new, BRACKETS) == (
        "Rules:\n\n- Staff report {+security+} incidents within [-24-]{+4+} hours {+to the CISO+}.\n"
        "- Keep logs for 90 days.\n"
    )


def test_list_markers_and_numbering_stay_outside_the_marks() -> None:
    old = "1. First step\n2. Second step\n"
    new = "1. First step\n2. Checked step\n3. Third step\n"
    assert redline(old, new, BRACKETS) == "1. First step\n2. [-Second-]{+Checked+} step\n3. {+Third step+}\n"


def test_a_removed_item_is_kept_struck_through_and_a_removed_blank_line_leaves_nothing() -> None:
    old = "- keep\n- drop this\n\n- last\n"
    new = "- keep\n- last\n"
    assert redline(old, new, BRACKETS) == "- keep\n- [-drop this-]\n- last\n"


def test_dates_and_numbers_change_as_whole_tokens() -> None:
    assert redline("Review by 2026-01-31 at 10:30.", "Review by 2026-06-30 at 9:00.", BRACKETS) == (
        "Review by [-2026-01-31-]{+2026-06-30+} at [-10:30-]{+9:00+}."
    )
    assert redline("Version 1.10 applies.", "Version 1.2 applies.", BRACKETS) == "Version [-1.10-]{+1.2+} applies."


def test_chinese_and_japanese_are_compared_by_character() -> None:
    assert redline("情報セキュリティ方針を定める。", "情報セキュリティ規程を定める。", BRACKETS) == (
        "情報セキュリティ[-方針-]{+規程+}を定める。"
    )
    chinese = redline("供应商必须签署保密协议。", "供应商必须每年签署保密协议。", BRACKETS)
    assert chinese == "供应商必须{+每年+}签署保密协议。"


def test_table_cells_are_compared_cell_by_cell_and_a_new_row_is_marked_whole() -> None:
    old = "| Tier | Review |\n|---|---|\n| critical | yearly |\n"
    new = "| Tier | Review |\n|---|---|\n| critical | every six months |\n| low | none |\n"
    assert redline(old, new, BRACKETS) == (
        "| Tier | Review |\n|---|---|\n| critical | [-yearly-]{+every six months+} |\n| {+low+} | {+none+} |\n"
    )


def test_emphasis_and_links_keep_the_new_structure() -> None:
    old = "The **owner** reviews [the register](reg.md) yearly."
    new = "The **document owner** reviews [the records register](reg.md) yearly."
    assert redline(old, new, BRACKETS) == (
        "The **{+document+} owner** reviews [-[the register](reg.md)-]{+[the records register](reg.md)+} yearly."
    )
    assert redline("a **b** c", "a b c", BRACKETS) == "a b c"  # removed emphasis markers are left out


def test_html_marks_are_labelled_and_removed_markup_is_inert() -> None:
    marked = redline("Call the duty phone <b>now</b> & wait < 5 min.", "Call the duty phone later.", HTML_MARKS)
    assert marked == (
        'Call the duty phone <del class="isms-del" title="deleted">now &amp; wait &lt; 5 min</del>'
        '<ins class="isms-ins" title="inserted">later</ins>.'
    )
    replaced = redline("Old <i>text</i> here", "Something else entirely", BRACKETS)
    assert replaced == "[-Old text here-]\n{+Something else entirely+}"
    assert "<b>" not in marked


def test_pandoc_marks_underline_and_strike() -> None:
    marked = redline("Keep logs 90 days.", "Keep logs 180 days.", PANDOC_MARKS)
    assert marked == "Keep logs ~~90~~ [180]{.underline} days."


def test_only_changed_blocks_are_shown_with_their_heading() -> None:
    old = "# A\n\nSame.\n\n# B\n\nOld words.\n\nAlso same.\n\n# C\n\nUntouched.\n"
    new = "# A\n\nSame.\n\n# B\n\nNew words.\n\nAlso same.\n\n# C\n\nUntouched.\n"
    assert redline(old, new, BRACKETS, gap="…") == "…\n\n# B\n\n[-Old-]{+New+} words.\n\n…"


def test_front_matter_changes_as_fields() -> None:
    old = (("id", "POL-001"), ("version", "1.0"), ("status", "approved"), ("owner", "ciso"))
    new = (("id", "POL-001"), ("version", "1.1"), ("status", "draft"), ("revised", "2026-12-01"))
    assert field_changes(old, new) == [
        FieldChange("version", "1.0", "1.1"),
        FieldChange("status", "approved", "draft"),
        FieldChange("revised", "", "2026-12-01"),
        FieldChange("owner", "ciso", ""),
    ]


def test_html_marks_take_the_words_of_the_page_escaped() -> None:
    marks = html_marks("追加", 'a "quoted" <word>')
    assert redline("Keep the old rule.", "Keep the new rule.", marks) == (
        'Keep the <del class="isms-del" title="a &quot;quoted&quot; &lt;word&gt;">old</del>'
        '<ins class="isms-ins" title="追加">new</ins> rule.'
    )
