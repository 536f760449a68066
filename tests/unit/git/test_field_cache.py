"""Parsed fields of old blobs kept between runs: the same fields as parsing, and never trusted blindly."""

from __future__ import annotations

import json
from pathlib import Path

from isms.git.field_cache import CACHE_NAME, FieldCache
from isms.read.frontmatter import scalar_fields

TEXT = '---\nid: POL-001\ntitle: Policy\nversion: "1.0"\nstatus: approved\n---\n\nBody.\n'


def test_a_cached_blob_gives_the_fields_parsing_gives(tmp_path: Path) -> None:
    first = FieldCache(tmp_path)
    assert first.fields("abc", "policies/POL-001.md", TEXT.encode()) == scalar_fields("policies/POL-001.md", TEXT)
    assert first.fields("bad", "policies/x.md", b"---\n: [\n---\n") is None
    first.save()
    again = FieldCache(tmp_path)
    assert again.fields("abc", "policies/POL-001.md", None) == scalar_fields("policies/POL-001.md", TEXT)
    assert again.fields("bad", "policies/x.md", None) is None  # unreadable, remembered as such
    assert not again.added  # nothing new to write


def test_a_cache_of_another_parser_or_a_damaged_one_is_not_used(tmp_path: Path) -> None:
    (tmp_path / CACHE_NAME).write_text(json.dumps({"parser": "older", "blobs": {"abc.md": [[["id", "X"]], "k"]}}))
    assert FieldCache(tmp_path).fields("abc", "p/POL-001.md", TEXT.encode()) == scalar_fields("p/POL-001.md", TEXT)
    (tmp_path / CACHE_NAME).write_text("{not json")
    assert FieldCache(tmp_path).fields("abc", "p/POL-001.md", TEXT.encode()) == scalar_fields("p/POL-001.md", TEXT)


def test_the_file_type_is_part_of_the_key(tmp_path: Path) -> None:
    """The same bytes read as Markdown and as YAML are different sources."""
    cache = FieldCache(tmp_path)
    yaml = b'id: REC-001\ntitle: Record\nversion: "1.0"\n'
    assert cache.fields("same", "records/REC-001.yml", yaml) == scalar_fields("records/REC-001.yml", yaml.decode())
    assert cache.fields("same", "records/REC-001.md", yaml) == scalar_fields("records/REC-001.md", yaml.decode())
