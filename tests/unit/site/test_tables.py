"""Table cells marked by what they hold (isms.site.tables): ids and dates unbreakable, long text wide."""

from __future__ import annotations

from isms.site.tables import fit_tables


def test_ids_versions_dates_and_commits_are_unbreakable() -> None:
    cells = (
        '<td><a href="../standards/STD-AC-01/">STD-AC-01</a></td><td>2026-03-10 overdue</td>'
        '<th style="text-align: right">2.1</th><td><code>abcdef12</code></td><td>A.5.15</td><td>POL-001-JA</td>'
    )
    assert fit_tables(cells) == (
        '<td class="isms-nowrap"><a href="../standards/STD-AC-01/">STD-AC-01</a></td>'
        '<td class="isms-nowrap">2026-03-10 overdue</td>'
        '<th class="isms-nowrap" style="text-align: right">2.1</th>'
        '<td class="isms-nowrap"><code>abcdef12</code></td>'
        '<td class="isms-nowrap">A.5.15</td>'
        '<td class="isms-nowrap">POL-001-JA</td>'
    )


def test_long_text_gets_a_minimum_width_and_other_cells_stay_as_they_are() -> None:
    long = "Clients in finance make an approved security policy set a condition of contracts."
    page = f'<td class="x">{long}</td><td>Top management</td><td>A.5.1 Policies for information security</td>'
    assert fit_tables(page) == (
        f'<td class="isms-long x">{long}</td><td>Top management</td><td>A.5.1 Policies for information security</td>'
    )


def test_an_id_followed_by_a_title_may_wrap() -> None:
    """The cell is not unbreakable: the title wraps; only the id is kept whole."""
    cell = '<td><span lang="ja"><a href="x">POL-001-JA 情報セキュリティ基本方針</a></span></td>'
    assert fit_tables(cell) == (
        '<td><span lang="ja"><a href="x"><span class="isms-nowrap">POL-001-JA</span>'
        " 情報セキュリティ基本方針</a></span></td>"
    )


def test_short_words_are_unbreakable_in_any_script() -> None:
    assert fit_tables("<td>公开</td><th>已批准</th><td>Approved</td><td>Top management</td>") == (
        '<td class="isms-nowrap">公开</td><th class="isms-nowrap">已批准</th>'
        '<td class="isms-nowrap">Approved</td><td>Top management</td>'
    )


def test_a_date_in_a_cell_that_may_wrap_stays_whole() -> None:
    """ "Kenji Morita, 2026-12-06" may wrap after the name, never inside the date (Chromium breaks after a
    hyphen); dates in tags (a link's address) are not touched."""
    cell = '<td><a href="../2026-12-06/">Kenji Morita</a>, 2026-12-06 – 2027-01-31</td>'
    assert fit_tables(cell) == (
        '<td><a href="../2026-12-06/">Kenji Morita</a>, <span class="isms-nowrap">2026-12-06</span> –'
        ' <span class="isms-nowrap">2027-01-31</span></td>'
    )
    japanese = "<td>森田 健二、2026-12-06</td>"
    assert fit_tables(japanese) == '<td>森田 健二、<span class="isms-nowrap">2026-12-06</span></td>'


def test_a_document_id_in_a_cell_that_may_wrap_stays_whole() -> None:
    """ "Approve STD-AU-01-JA 1.3, STD-SU-01-ZH 1.4" wraps between the approvals, never inside an id
    (Chromium breaks after a hyphen: "STD-SU-01-" over "ZH 1.4"); a link's address is not touched."""
    cell = '<td>Approve <a href="../STD-AU-01-JA/">STD-AU-01-JA</a> 1.3, STD-SU-01-ZH 1.4 and SHA-256</td>'
    assert fit_tables(cell) == (
        '<td>Approve <a href="../STD-AU-01-JA/"><span class="isms-nowrap">STD-AU-01-JA</span></a> 1.3,'
        ' <span class="isms-nowrap">STD-SU-01-ZH</span> 1.4 and <span class="isms-nowrap">SHA-256</span></td>'
    )
    assert fit_tables("<td>関連文書の ID リンクと、原文の版を記録する translates 欄を一つの版にまとめた。</td>") == (
        "<td>関連文書の ID リンクと、原文の版を記録する translates 欄を一つの版にまとめた。</td>"
    )
