"""The values a controlled PDF prints around its body (isms.render.meta): control block, header,
footer and watermark, from a small indexed ISMS without pandoc or Typst.

The whole JSON of two documents is compared with golden files in tests/golden/test_pdf_meta.py;
these tests pin the fields a reader checks, and how they change with the state of the document.
"""

from __future__ import annotations

from pathlib import Path

from isms.core.revisions import BuildOrigin, SourceCommit
from isms.render.meta import document_meta, register_meta, with_build
from support.trees import indexed, replace_once

STANDARD = "policies/STD-AC-01-access.md"
COMMITTED = SourceCommit("0123456789abcdef", 0)


def test_an_approved_document_prints_its_approval_in_the_control_block(base_tree: Path) -> None:
    index = indexed(base_tree)
    meta = document_meta(index, index.documents["STD-AC-01"], COMMITTED)
    header = {key: meta[key] for key in ("id", "title", "organization", "level_label", "version", "status_label")}
    assert header == {
        "id": "STD-AC-01",
        "title": "Access Control Standard",
        "organization": "Fixture Ltd.",
        "level_label": "Standard",
        "version": "1.0",
        "status_label": "Approved",
    }
    footer = {key: meta[key] for key in ("classification_label", "commit", "uncontrolled", "watermark")}
    assert footer == {
        "classification_label": "internal",
        "commit": "01234567",
        "uncontrolled": "Uncontrolled when printed",
        "watermark": "",
    }
    assert meta["control"] == [
        ["Document", "STD-AC-01", "Level", "Standard"],
        ["Version", "1.0", "Status", "Approved"],
        ["Classification", "internal", "Language", "English"],
        ["Owner", "Top management", "Approver", "CISO"],
        ["Approved by", "Bob Example", "Approved on", "2026-06-01"],
        ["Effective", "2026-06-15", "Next review", "2027-06-15"],
    ]
    assert meta["links"] == [["Implements", "POL-001 Information Security Policy"], ["Annex A controls", "A.5.15"]]


def test_a_draft_prints_no_approval_of_an_earlier_version_and_is_watermarked(base_tree: Path) -> None:
    """A draft keeps the approval fields of the version before it; they do not describe the draft."""
    replace_once(base_tree, STANDARD, 'version: "1.0"\nstatus: approved\n', 'version: "1.1"\nstatus: draft\n')
    index = indexed(base_tree)
    meta = document_meta(index, index.documents["STD-AC-01"], COMMITTED)
    assert (meta["version"], meta["status_label"], meta["watermark"]) == ("1.1", "Draft", "DRAFT")
    assert meta["control"][1:2] + meta["control"][4:] == [
        ["Version", "1.1", "Status", "Draft"],
        ["Approved by", "—", "Approved on", "—"],
        ["Effective", "—", "Next review", "2027-06-15"],
    ]


def test_pdf_of_an_uncommitted_source_is_watermarked(base_tree: Path) -> None:
    index = indexed(base_tree)
    approved = index.documents["POL-001"]
    assert document_meta(index, approved, SourceCommit("abc", 0))["watermark"] == ""
    assert document_meta(index, approved, SourceCommit("abc", 0, dirty=True))["watermark"] == "UNCOMMITTED"
    assert document_meta(index, approved, SourceCommit("abc", 0), superseded=True)["watermark"] == "SUPERSEDED"
    assert document_meta(index, approved, SourceCommit("0123456789", 0, dirty=True))["commit"] == "01234567+dirty"
    assert document_meta(index, approved, SourceCommit("", 0))["commit"] == "uncommitted"


def test_a_translation_prints_in_its_language_and_names_its_original(base_tree: Path) -> None:
    (base_tree / "policies" / "POL-001-policy.ja.md").write_text(
        "---\nid: POL-001-JA\ntitle: 情報セキュリティ方針\ntranslation_of: POL-001\nlanguage: ja\n"
        'version: "1.0"\nstatus: approved\napproved_by: alice\napproved_on: 2026-06-01\neffective: 2026-06-15\n'
        "---\n\n## 1. 目的\n\n経営者は情報セキュリティの方向性を定める。 {A.5.1}\n",
        encoding="utf-8",
    )
    index = indexed(base_tree)
    meta = document_meta(index, index.documents["POL-001-JA"], COMMITTED)
    assert (meta["lang"], meta["region"], meta["justify"]) == ("ja", None, True)
    assert meta["fonts"] == {
        "body": ["Noto Serif CJK JP", "Noto Serif CJK JP", "Noto Color Emoji"],
        "heading": ["Noto Sans CJK JP", "Noto Sans CJK JP", "Noto Color Emoji"],
        "mono": ["DejaVu Sans Mono", "Noto Sans CJK JP", "Noto Color Emoji"],
    }
    shown = {key: meta[key] for key in ("title", "level_label", "status_label", "uncontrolled")}
    assert shown == {
        "title": "情報セキュリティ方針",
        "level_label": "方針",
        "status_label": "承認済",
        "uncontrolled": "印刷物は管理対象外",
    }
    # Owner, approver and classification are the original's; the approval is the translation's own.
    assert meta["control"] == [
        ["文書番号", "POL-001-JA", "文書区分", "方針"],
        ["版", "1.0", "状態", "承認済"],
        ["機密区分", "社外秘", "言語", "日本語"],
        ["所管", "CISO", "承認者", "Top management"],
        ["承認", "Alice Example", "承認日", "2026-06-01"],
        ["施行日", "2026-06-15", "次回見直し", "2027-06-15"],
    ]
    assert meta["links"][-1] == ["原文", "POL-001 Information Security Policy"]


def test_a_register_pdf_names_its_source_commit_instead_of_a_version(base_tree: Path) -> None:
    meta = register_meta(indexed(base_tree), "document-register", "Document register", COMMITTED, "confidential")
    shown = {key: meta[key] for key in ("id", "title", "version", "status_label", "classification_label", "control")}
    assert shown == {
        "id": "document-register",
        "title": "Document register",
        "version": "01234567",
        "status_label": "Generated from the sources",
        "classification_label": "confidential",
        "control": [["Register", "Document register", "Source commit", "01234567"]],
    }


def _japanese_translation(base_tree: Path, translates: str) -> None:
    (base_tree / "policies" / "POL-001-policy.ja.md").write_text(
        "---\nid: POL-001-JA\ntitle: 情報セキュリティ方針\ntranslation_of: POL-001\nlanguage: ja\n"
        f'version: "1.0"\n{translates}status: approved\napproved_by: alice\napproved_on: 2026-06-01\n'
        "effective: 2026-06-15\n---\n\n## 1. 目的\n\n経営者は情報セキュリティの方向性を定める。\n",
        encoding="utf-8",
    )


def test_a_translation_behind_its_original_says_so_in_its_language(base_tree: Path) -> None:
    replace_once(base_tree, "policies/POL-001-policy.md", 'version: "1.0"', 'version: "1.1"')
    _japanese_translation(base_tree, 'translates: "1.0"\n')
    index = indexed(base_tree)
    meta = document_meta(index, index.documents["POL-001-JA"], COMMITTED)
    assert meta["notice"] == {
        "title": "原文より古い翻訳",
        "text": "この翻訳は POL-001 の第 1.0 版を訳したものである。原文は現在第 1.1 版である。"
        "内容が異なる場合は原文が優先する。",
    }
    assert meta["links"][-2:] == [["原文", "POL-001 Information Security Policy"], ["翻訳元の版", "1.0"]]


def test_a_current_translation_and_one_of_an_unstated_version_have_no_notice(base_tree: Path) -> None:
    _japanese_translation(base_tree, 'translates: "1.0"\n')
    index = indexed(base_tree)
    assert document_meta(index, index.documents["POL-001-JA"], COMMITTED)["notice"] is None
    _japanese_translation(base_tree, "")
    index = indexed(base_tree)
    assert document_meta(index, index.documents["POL-001-JA"], COMMITTED)["notice"] is None
    assert document_meta(index, index.documents["POL-001"], COMMITTED)["notice"] is None


def test_roles_people_and_levels_print_with_their_titles_in_the_document_language(base_tree: Path) -> None:
    replace_once(
        base_tree,
        "isms.yml",
        "classifications: [public, internal, confidential, restricted]",
        "classifications: [public, {id: internal, titles: {ja: 社内限り}}, confidential, restricted]",
    )
    replace_once(base_tree, "isms.yml", "name: Fixture Ltd.", "name: Fixture Ltd.\n  names: {ja: フィクスチャ株式会社}")
    replace_once(
        base_tree,
        "isms.yml",
        "ciso: {title: CISO, members: [bob]}",
        "ciso: {title: CISO, titles: {ja: 情報セキュリティ責任者}, members: [bob]}",
    )
    replace_once(
        base_tree,
        "isms.yml",
        "{id: alice, name: Alice Example,",
        "{id: alice, name: Alice Example, names: {ja: 例 アリス},",
    )
    _japanese_translation(base_tree, 'translates: "1.0"\n')
    index = indexed(base_tree)
    meta = document_meta(index, index.documents["POL-001-JA"], COMMITTED)
    assert (meta["organization"], meta["classification_label"]) == ("フィクスチャ株式会社", "社内限り")
    assert meta["control"][2:5] == [
        ["機密区分", "社内限り", "言語", "日本語"],
        ["所管", "情報セキュリティ責任者", "承認者", "Top management"],
        ["承認", "例 アリス", "承認日", "2026-06-01"],
    ]
    english = document_meta(index, index.documents["POL-001"], COMMITTED)
    assert english["control"][2:4] == [
        ["Classification", "internal", "Language", "English"],
        ["Owner", "CISO", "Approver", "Top management"],
    ]


def test_a_pdf_of_the_past_says_so_in_its_own_language_as_the_site_does() -> None:
    build = BuildOrigin("0123456789abcdef", "2026-06-01", as_of="2026-06-30")
    assert with_build({}, build, "ja")["banner"] == (
        "2026-06-30 時点: コミット 01234567（2026-06-01）時点の ISMS である。現行版の文書ではない。"
    )
    assert with_build({}, build, "en")["banner"] == (
        "As of 2026-06-30: the ISMS as it was in commit 01234567 (2026-06-01)."
        " This is not the current version of the documents."
    )
    assert "banner" not in with_build({}, BuildOrigin("0123456789abcdef", "2026-06-01"), "en")
