"""The values a controlled PDF prints around its body: control block, header, footer and watermark."""

from __future__ import annotations

from isms.core.diagnostics import Report
from isms.read.load import load
from support.paths import FIXTURES


def test_pdf_of_an_uncommitted_source_is_watermarked() -> None:
    from isms.git.run import Stamp
    from isms.render.meta import document_meta
    from isms.resolve.index import Index

    corpus = load(FIXTURES / "base", Report())
    assert corpus is not None
    index = Index(corpus)
    approved = index.documents["POL-001"]
    assert document_meta(index, approved, Stamp("abc", 0))["watermark"] == ""
    assert document_meta(index, approved, Stamp("abc", 0, dirty=True))["watermark"] == "UNCOMMITTED"
    assert document_meta(index, approved, Stamp("abc", 0), superseded=True)["watermark"] == "SUPERSEDED"
