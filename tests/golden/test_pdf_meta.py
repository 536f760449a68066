"""The metadata of controlled PDFs of the fixture ISMS, compared whole with the JSON in golden/pdf-meta/.

This is what the Typst template reads for the control block, header, footer and watermark. To
accept new output after an intended change, run with ISMS_UPDATE_GOLDEN=1 and read the diff before
committing it.
"""

from __future__ import annotations

import json
import os

import pytest

from isms.core.revisions import SourceCommit
from isms.render.meta import document_meta
from isms.resolve.index import Index
from support.paths import FIXTURES, GOLDEN
from support.trees import indexed

META = GOLDEN / "pdf-meta"
DOCUMENTS = ["POL-001", "STD-AC-01", "REC-AQ-01", "SOA-001"]


@pytest.fixture(scope="module")
def index() -> Index:
    return indexed(FIXTURES / "base")


@pytest.mark.parametrize("document_id", DOCUMENTS)
def test_pdf_meta(index: Index, document_id: str) -> None:
    meta = document_meta(index, index.documents[document_id], SourceCommit("0123456789abcdef", 0))
    actual = json.dumps(meta, ensure_ascii=False, indent=2) + "\n"
    expected_file = META / f"{document_id}.json"
    if os.environ.get("ISMS_UPDATE_GOLDEN"):
        expected_file.parent.mkdir(parents=True, exist_ok=True)
        expected_file.write_text(actual, encoding="utf-8")
    assert actual == expected_file.read_text(encoding="utf-8")


def test_every_golden_file_is_compared() -> None:
    assert sorted(path.stem for path in META.glob("*.json")) == sorted(DOCUMENTS)
