"""The search index knows ids (isms.site.search): a page's own entry is tagged and titled with its id,
and every entry of a document weighs more than one of a generated control page."""

from __future__ import annotations

import json
from pathlib import Path

from isms.site.search import DOCUMENT_BOOST, GENERATED_BOOST, Target, rewrite_index


def test_pages_looked_up_by_id_are_tagged_titled_and_weighed(tmp_path: Path) -> None:
    index = tmp_path / "search_index.json"
    docs = [
        {"location": "standards/STD-AC-01/", "title": "Access Control Standard", "text": ""},
        {"location": "standards/STD-AC-01/#1-purpose", "title": "1. Purpose", "text": "Who may access what."},
        {"location": "controls/A.5.15/", "title": "A.5.15 Access control", "text": ""},
        {"location": "guide/", "title": "Writing documents", "text": "How to write."},
    ]
    index.write_text(json.dumps({"config": {"lang": ["en"]}, "docs": docs}), encoding="utf-8")
    targets = {
        "standards/STD-AC-01/": Target("STD-AC-01", DOCUMENT_BOOST),
        "controls/A.5.15/": Target("A.5.15", GENERATED_BOOST),
    }
    rewrite_index(index, targets)
    written = json.loads(index.read_text(encoding="utf-8"))["docs"]
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
