"""Workbooks beside the PDFs (isms.render.exports): one whose tables did not change is taken from
the cache, byte for byte what writing it again gives; a damaged kept workbook is written again."""

from __future__ import annotations

from pathlib import Path

from isms.render.exports import publish_exports
from support.paths import FIXTURES
from support.trees import indexed


def _published(out: Path, cache: Path | None) -> dict[str, bytes]:
    out.mkdir()
    entries = publish_exports(indexed(FIXTURES / "base"), out, {}, "abc12345", cache)
    return {entry.filename: (out / entry.filename).read_bytes() for entry in entries}


def test_an_unchanged_workbook_comes_from_the_cache_with_the_bytes_of_a_fresh_one(tmp_path: Path) -> None:
    fresh = _published(tmp_path / "fresh", None)
    assert fresh and all(name.endswith(".xlsx") for name in fresh)
    assert _published(tmp_path / "first", tmp_path / "cache") == fresh
    kept = sorted((tmp_path / "cache").glob("*.xlsx"))
    assert len(kept) == len(fresh)
    assert _published(tmp_path / "second", tmp_path / "cache") == fresh
    assert sorted((tmp_path / "cache").glob("*.xlsx")) == kept


def test_a_damaged_kept_workbook_is_written_again_not_published(tmp_path: Path) -> None:
    fresh = _published(tmp_path / "fresh", tmp_path / "cache")
    for kept in (tmp_path / "cache").glob("*.xlsx"):
        kept.write_bytes(b"PK damaged")
    assert _published(tmp_path / "again", tmp_path / "cache") == fresh
    assert all(kept.read_bytes() in fresh.values() for kept in (tmp_path / "cache").glob("*.xlsx"))
