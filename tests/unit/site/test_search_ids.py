"""The search index knows ids (isms.site.search): a page's own entry is tagged and titled with its id,
and every entry of a document weighs more than one of a generated control page."""

from __future__ import annotations

from isms.read.labels import labels_in
from isms.site.search import DOCUMENT_BOOST, GENERATED_BOOST, Target, rewrite_entries, unsearched_titles


def test_pages_looked_up_by_id_are_tagged_titled_and_weighed() -> None:
    docs = [
        {"location": "standards/STD-AC-01/", "title": "Access Control Standard", "text": ""},
        {"location": "standards/STD-AC-01/#1-purpose", "title": "1. Purpose", "text": "Who may access what."},
        {"location": "controls/A.5.15/", "title": "A.5.15 Access control", "text": ""},
        {"location": "guide/", "title": "Writing documents", "text": "How to write."},
    ]
    data = {"config": {"lang": ["en"]}, "docs": docs}
    targets = {
        "standards/STD-AC-01/": Target("STD-AC-01", DOCUMENT_BOOST),
        "controls/A.5.15/": Target("A.5.15", GENERATED_BOOST),
    }
    rewrite_entries(data, targets)
    written = data["docs"]
    assert written == [
        {
            "location": "standards/STD-AC-01/",
            "title": "STD-AC-01 Access Control Standard",
            "text": "",
            "boost": 2.0,
            "tags": ["STD-AC-01"],
        },
        {
            "location": "standards/STD-AC-01/#1-purpose",
            "title": "1. Purpose",
            "text": "Who may access what.",
            "boost": 2.0,
        },
        {
            "location": "controls/A.5.15/",
            "title": "A.5.15 Access control",
            "text": "",
            "boost": 0.5,
            "tags": ["A.5.15"],
        },
        {"location": "guide/", "title": "Writing documents", "text": "How to write."},
    ]


def test_a_document_s_revision_history_and_controlled_copy_are_left_out() -> None:
    docs = [
        {"location": "policies/POL-001/", "title": "情報セキュリティ方針", "text": ""},
        {"location": "policies/POL-001/#1", "title": "1. 目的", "text": "個人情報を守る。"},
        {"location": "policies/POL-001/#_2", "title": "トレーサビリティ", "text": "STD-AC-01"},
        {"location": "policies/POL-001/#_3", "title": "改訂履歴", "text": "1.0 2026-06-01 0a1b2c3d"},
        {"location": "policies/POL-001/#_4", "title": "管理版", "text": "SHA-256 9f86d081"},
        {"location": "guide/#_2", "title": "改訂履歴", "text": "A hand-written page keeps every section."},
    ]
    data = {"config": {"lang": ["ja"]}, "docs": docs}
    words = labels_in("ja")
    assert unsearched_titles(words) == {"改訂履歴", "管理版"}
    rewrite_entries(data, {"policies/POL-001/": Target("POL-001", DOCUMENT_BOOST)}, unsearched_titles(words))
    written = data["docs"]
    assert [entry["location"] for entry in written] == [
        "policies/POL-001/",
        "policies/POL-001/#1",
        "policies/POL-001/#_2",
        "guide/#_2",
    ]
