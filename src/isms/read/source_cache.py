"""Sources read once: what reading a source gave (its draft and diagnostics), kept by a digest of all it
depends on, so an unchanged file is not parsed again.

Reading a source depends on its path, its kind, the extra fields isms.yml allows and its text, and on
the reader's own code: the key is a digest of all of these, so a changed file, a moved one or a new
version of the tool reads afresh. The entries are kept in one file in the repository's git folder
(never in the working tree): a header naming the code, then batches of entries, each load appending the
sources it read afresh. When more than half of the entries are ones the last load did not use, the file
is written anew with the used ones. A file that cannot be read, or only in part, counts for what could
be read; a cache that cannot be written costs time on the next run, nothing else.

The built-in catalog of controls and clauses, parsed from the package's YAML, is kept beside it the same
way (`catalog`), keyed by its data and code.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import isms.core
import isms.read
from isms.core.catalog import Catalog, builtin_catalog
from isms.core.code_digest import code_digest
from isms.core.diagnostics import Diagnostic, Report
from isms.core.files import replace_file
from isms.read.sources import Draft

CACHE_NAME = "sources.pickle"
CATALOG_NAME = "catalog.pickle"


class _Read(NamedTuple):
    draft: Draft | None
    diagnostics: tuple[Diagnostic, ...]


class SourceCache:
    """`read` parses what it has not read before; `save` keeps what this load read afresh."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / CACHE_NAME
        self.code = code_digest(isms.core, isms.read, Path(str(resources.files("isms") / "data" / "catalogs")))
        self.entries: dict[str, _Read] = {}
        self.added: dict[str, _Read] = {}
        self.used: set[str] = set()
        self.current = False  # the file exists and was written by this code
        try:
            with self.path.open("rb") as stream:
                self.current = pickle.load(stream) == self.code
                while self.current:
                    self.entries.update(pickle.load(stream))
        except EOFError:  # the end of the file
            pass
        except Exception:  # missing, cut short, or not ours: keep what was read, write it anew
            self.current = False

    def catalog(self) -> Catalog:
        """The built-in catalog (a copy the caller may extend), parsed once for this code."""
        file = self.path.with_name(CATALOG_NAME)
        try:
            code, catalog = pickle.loads(file.read_bytes())
            if code == self.code and isinstance(catalog, Catalog):
                return catalog
        except Exception:  # missing, cut short or not ours: parse it and write it anew
            pass
        catalog = builtin_catalog()
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            replace_file(file, pickle.dumps((self.code, catalog), _PROTOCOL))
        except OSError:
            pass
        return catalog

    def read(
        self,
        path: str,
        text: str,
        kind: str,
        extra_fields: tuple[str, ...],
        report: Report,
        reader: Callable[[str, str, str, Report, tuple[str, ...]], Draft | None],
    ) -> Draft | None:
        """The draft of a source (None when it is too broken), its diagnostics added to report."""
        digest = hashlib.sha256("\0".join((path, kind, *extra_fields, "", text)).encode("utf-8", "surrogatepass"))
        key = digest.hexdigest()
        found = self.entries.get(key)
        if found is None:
            own = Report()
            found = self.entries[key] = self.added[key] = _Read(reader(path, text, kind, own, extra_fields), tuple(own))
        self.used.add(key)
        report.extend(found.diagnostics)
        return found.draft

    def save(self) -> None:
        """Append what this load read afresh; write the file anew when most of it is no longer used."""
        anew = not self.current or len(self.entries) > 2 * len(self.used)
        if not anew and not self.added:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if anew:
                kept = {key: self.entries[key] for key in self.used}
                data = pickle.dumps(self.code, _PROTOCOL) + pickle.dumps(kept, _PROTOCOL)
                replace_file(self.path, data)
            else:
                with self.path.open("ab") as stream:
                    stream.write(pickle.dumps(self.added, _PROTOCOL))
        except OSError:
            pass
        self.current, self.added = True, {}


_PROTOCOL = pickle.HIGHEST_PROTOCOL
