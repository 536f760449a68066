"""The fields of old source blobs, parsed once and kept in the repository's git folder.

Reading history parses the front matter of every version of every source; in a repository of 1,000
documents and 5,000 commits that is most of its time. A blob never changes, so what it parses to is
kept by blob id (and file type, which decides how it is read) in `.git/isms/history-fields.json`,
never in the working tree. The file is keyed by a digest of the parser's own code: a new parser
starts from empty instead of trusting fields an older one read.
"""

from __future__ import annotations

import json
from pathlib import Path

from isms.core.code_digest import code_digest
from isms.core.files import replace_file
from isms.read import frontmatter, yamltree
from isms.read.frontmatter import ScalarFields, scalar_fields

CACHE_NAME = "history-fields.json"


class FieldCache:
    """Parsed fields by blob: `fields` parses what it has not seen; `save` keeps what was added."""

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / CACHE_NAME if folder is not None else None
        self.parser = code_digest(frontmatter, yamltree)[:16]
        self.entries: dict[str, list[object] | None] = {}
        self.added = False
        if self.path is not None and self.path.is_file():
            try:
                stored = json.loads(self.path.read_bytes())
            except (OSError, ValueError):
                stored = {}
            if isinstance(stored, dict) and stored.get("parser") == self.parser:
                entries = stored.get("blobs")
                self.entries = entries if isinstance(entries, dict) else {}

    def holds(self, blob: str, path: str) -> bool:
        return _key(blob, path) in self.entries

    def fields(self, blob: str, path: str, data: bytes | None) -> ScalarFields | None:
        """The blob's fields, None when it cannot be read as a source."""
        key = _key(blob, path)
        if key in self.entries:
            return _fields(self.entries[key])
        if data is None:
            return None
        found = scalar_fields(path, data.decode("utf-8", "replace"))
        self.entries[key] = [[list(pair) for pair in found.values], found.key] if found is not None else None
        self.added = True
        return found

    def save(self) -> None:
        """Write the cache back when this run parsed blobs it did not hold."""
        if self.path is None or not self.added:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            data = json.dumps({"parser": self.parser, "blobs": self.entries}, separators=(",", ":"))
            replace_file(self.path, data.encode("utf-8"))
        except OSError:
            pass  # a cache that cannot be written costs time next run, nothing else


def _key(blob: str, path: str) -> str:
    """A blob as a source of one file type: the same bytes read as Markdown and as YAML differ."""
    name = path.rsplit("/", 1)[-1]
    return blob + (name[name.rfind(".") :].lower() if "." in name else "")


def _fields(entry: object) -> ScalarFields | None:
    """A stored entry as fields; anything malformed counts as unreadable, never as a crash."""
    if not isinstance(entry, list) or len(entry) != 2 or not isinstance(entry[0], list):
        return None
    try:
        values = tuple((key, value) for key, value in entry[0])
    except (TypeError, ValueError):
        return None
    if not all(type(key) is str and type(value) is str for key, value in values):
        return None
    return ScalarFields(values, str(entry[1]))
