"""Loading a whole ISMS repository: settings, catalogs, documents, record templates and the SoA.

Every file is read through `text.read_text`, so hostile input ends as a diagnostic, never as a
traceback or a hang; `source_files` says which files are sources, `catalogs` reads the
organization's catalogs and `documents` turns the drafts into documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from isms.core import diagnostics as codes
from isms.core.catalog import Catalog, builtin_catalog
from isms.core.diagnostics import Location, Report
from isms.core.model import Document, Level
from isms.core.settings import Settings
from isms.read.acks import Ack
from isms.read.acks import read_all as read_acknowledgements
from isms.read.catalogs import load_catalogs
from isms.read.documents import build_documents
from isms.read.settings import SETTINGS_FILE, read_settings
from isms.read.source_cache import SourceCache
from isms.read.source_files import source_files
from isms.read.sources import Draft, read_source
from isms.read.text import read_text


@dataclass(frozen=True)
class Corpus:
    """Everything read from one repository, before cross-checks."""

    root: Path
    settings: Settings
    catalog: Catalog
    documents: tuple[Document, ...]
    unbuilt: frozenset[str] = frozenset()
    acknowledgements: dict[str, tuple[Ack, ...]] = field(default_factory=dict)

    @property
    def soa(self) -> Document | None:
        return next((d for d in self.documents if d.level is Level.SOA), None)


def load(root: Path, report: Report, cache: SourceCache | None = None) -> Corpus | None:
    """Read the repository at root. None when isms.yml itself cannot be used.

    With a cache, a source read before (the same path, kind and text) is not parsed again.
    """
    settings_text = read_text(root, SETTINGS_FILE, report, max_bytes=1_048_576)
    if settings_text is None:
        if not (root / SETTINGS_FILE).exists():
            report.add(
                codes.SETTINGS_MISSING,
                Location(SETTINGS_FILE),
                f"no {SETTINGS_FILE} in {root}",
                "run isms inside an ISMS repository, or pass --root PATH",
            )
        return None
    settings = read_settings(settings_text, report)
    if settings is None:
        return None
    catalog = cache.catalog() if cache is not None else builtin_catalog()
    load_catalogs(root, settings, catalog, report)
    drafts, unreadable = _read_drafts(root, settings, report, cache)
    documents = build_documents(drafts, settings, report, unreadable)
    unbuilt = unreadable | {str(d.values["id"]) for d in drafts if d.values.get("id")} - {d.id for d in documents}
    known = {d.id for d in documents if not d.is_translation}
    acknowledgements = read_acknowledgements(root, settings, known, report)
    return Corpus(root, settings, catalog, tuple(documents), frozenset(unbuilt), acknowledgements)


_ID_LINE = re.compile(r"^id:[ \t]*[\"']?([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)", re.MULTILINE)


def _read_drafts(
    root: Path, settings: Settings, report: Report, cache: SourceCache | None
) -> tuple[list[Draft], set[str]]:
    """Drafts of every readable source, and the ids of sources too broken to read.

    Links to a broken source are not reported as links to a missing document: the broken
    source has its own diagnostic, and one mistake should give one message.
    """
    drafts: list[Draft] = []
    unreadable: set[str] = set()
    for relative, kind in source_files(root, settings, report):
        text = read_text(root, relative, report, settings.max_file_bytes)
        if text is None or kind == "link":
            continue
        if cache is None:
            draft = read_source(relative, text, kind, report, settings.extra_fields)
        else:
            draft = cache.read(relative, text, kind, settings.extra_fields, report, read_source)
        if draft is not None:
            drafts.append(draft)
        else:
            unreadable.update(m[1] for m in _ID_LINE.finditer(text))
    if cache is not None:
        cache.save()
    return drafts, unreadable
