"""The site's navigation when mkdocs.yml gives none: home, the levels with their documents, the registers
and the hand-written guides.

A level of more than NAV_DOCUMENTS documents lists them on its section page instead: the theme renders
the navigation into every page, so a navigation of 1,000 entries was a quarter of a large site's build,
and a sidebar of hundreds of entries helps nobody find one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from isms.core.model import DOCUMENT_LEVELS, Level
from isms.read.labels import labels_in
from isms.render import links
from isms.resolve.index import Index

NAV_DOCUMENTS = 60


def navigation(index: Index, language: str, docs_dir: Path) -> list[Any]:
    """mkdocs.yml's nav when it has none: home, each level's section (with its documents when there are
    no more than NAV_DOCUMENTS), the registers and the hand-written guides of docs_dir."""
    words = labels_in(language or index.settings.default_language)
    nav: list[Any] = [{words("site.nav.home"): links.HOME}]
    for level in (*DOCUMENT_LEVELS, Level.RECORD):
        entries: list[Any] = [links.section_index(level)]
        documents = index.by_level(level)
        if len(documents) <= NAV_DOCUMENTS:  # titled by the page itself
            entries += [links.document_uri(d) for d in documents]
        nav.append({words(f"levels_plural.{level.value}"): entries})
    registers = (
        ("home", links.DASHBOARD),
        ("document_register", links.DOCUMENT_REGISTER),
        ("records_register", links.RECORDS_REGISTER),
        ("soa", links.SOA),
        ("controls", links.CONTROLS),
        ("clauses_nav", links.CLAUSES),
        ("coverage", links.COVERAGE),
        ("traceability", links.TRACEABILITY),
        ("changes", links.CHANGES),
        ("translations", links.TRANSLATIONS),
        ("in_force", links.IN_FORCE),
    )
    nav.append({words("site.nav.registers"): [{words(f"site.titles.{key}"): uri} for key, uri in registers]})
    guides = _handwritten_pages(docs_dir)
    if guides:
        nav.append({words("site.nav.guides"): guides})
    return nav


def _handwritten_pages(docs_dir: Path) -> list[str]:
    if not docs_dir.is_dir():
        return []
    pages = []
    for path in sorted(docs_dir.rglob("*.md")):
        relative = path.relative_to(docs_dir).as_posix()
        if relative != links.HOME:
            pages.append(relative)
    return pages
