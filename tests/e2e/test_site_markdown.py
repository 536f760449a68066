"""Markdown as authors write it, on a built site: lists under their lead-in, two-space nesting, and
line breaks inside Japanese sentences, in the pages and in the search index."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from isms.host.site_build import build_site
from support.html_structure import show, structure
from support.paths import FIXTURES, REPOSITORY, TODAY
from support.search_ahead import ahead, terms_of

JAPANESE = """---
id: POL-001-JA
title: 情報セキュリティ基本方針
translation_of: POL-001
language: ja
version: "1.0"
status: approved
approved_by: alice
approved_on: 2026-06-01
effective: 2026-06-15
---

## 1. 目的

当社は日本企業向けに
ソフトウェアを開発する。顧客の
**個人情報**
を守る。 {A.5.1}
"""

ENGLISH = """
## 2. Access

Access is granted when:
- the request is approved,
  - by the asset owner, {A.5.1}
  - and recorded.
- training is done.

English words
stay apart.
"""

DESCRIPTION = """description: |
  Raised for every access right.

  - **Filled in by:** the line manager,
    as [the procedure](PRO-UA-01) says.
  - **Approved by:** the owner.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base fixture ISMS with a Japanese translation and list-heavy English, built without PDFs."""
    import shutil

    root = tmp_path_factory.mktemp("markdown") / "isms"
    shutil.copytree(FIXTURES / "base", root)
    config = (REPOSITORY / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        config.replace("  - isms\n", "  - isms:\n      pdf: false\n      history: false\n"), encoding="utf-8"
    )
    (root / "docs").mkdir()
    (root / "policies" / "POL-001-policy.ja.md").write_text(JAPANESE, encoding="utf-8")
    policy = root / "policies" / "POL-001-policy.md"
    policy.write_text(policy.read_text(encoding="utf-8") + ENGLISH, encoding="utf-8")
    record = root / "records-templates" / "REC-AQ-01-access-request.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("evidences:", DESCRIPTION + "evidences:"))
    result = build_site(root, date.fromisoformat(TODAY), site_dir=root / "out", strict=True)
    assert result.warnings == []
    return result.site_dir


def _article(site: Path, page: str) -> str:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    return html.split('<article class="md-content__inner md-typeset">')[1].split("</article>")[0]


def _search_text(site: Path, location: str) -> str:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return " ".join(d["text"] for d in index["docs"] if d["location"].startswith(location))


def test_a_japanese_line_break_adds_no_space_on_the_page_or_in_search(site: Path) -> None:
    article = _article(site, "policies/POL-001-JA")
    assert "当社は日本企業向けにソフトウェアを開発する。顧客の<strong>個人情報</strong>を守る。" in article
    searched = _search_text(site, "policies/POL-001-JA/")
    assert "日本企業向けにソフトウェアを開発する。顧客の個人情報を守る。" in searched
    assert not re.search(r"向けに\s+ソフトウェア", searched)
    japanese = terms_of(ahead(site), "policies/POL-001-JA/", "cjk")
    assert "企業向けにソフト" in japanese, "the whole run is one search term"


def test_an_english_line_break_stays_a_space(site: Path) -> None:
    assert re.search(r"English words\s+stay apart\.", _article(site, "policies/POL-001"))
    assert "English words stay apart." in _search_text(site, "policies/POL-001/")


def test_a_list_after_its_lead_in_and_two_space_nesting_are_nested_lists(site: Path) -> None:
    shown = show(structure(_article(site, "policies/POL-001")))
    expected = """\
<p>
  'Access is granted when:'
<ul>
  <li>
    'the request is approved,'
    <ul>
      <li>
        'by the asset owner, '
        <a href='../../controls/A.5.1/'>
          'A.5.1'
      <li>
        'and recorded.'
  <li>
    'training is done.'"""
    assert expected in shown


def test_a_statement_reference_in_a_nested_item_keeps_its_place(site: Path) -> None:
    control = (site / "controls" / "A.5.1" / "index.html").read_text(encoding="utf-8")
    assert "by the asset owner," in control
    policy = (site / "policies" / "POL-001" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'by the asset owner, <span class="isms-refs" id="stmt-2">', policy)


def test_a_record_templates_description_is_markdown_as_in_its_pdf(site: Path) -> None:
    shown = show(structure(_article(site, "records/REC-AQ-01")))
    expected = """\
<p>
  'Raised for every access right.'
<ul>
  <li>
    <strong>
      'Filled in by:'
    ' the line manager, as '
    <a href='../../procedures/PRO-UA-01/'>
      'the procedure'
    ' says.'
  <li>
    <strong>
      'Approved by:'
    ' the owner.'"""
    assert expected in shown
