"""Which version of each document was in force on a date: the small JSON the "In force on a date" page
reads in the browser, so a static site answers an auditor's question without a server.

Only the documents of the build are listed (an audience's build holds only what it may see), and
only versions that were approved: a version is in force from its effective date until the effective
date of the next approved version, or until the document was retired.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from isms.core.model import Document
from isms.render.revision_rows import RevisionRow

Link = Callable[[str, str], str]
FileLink = Callable[[str, str, str], str]


def in_force_data(
    documents: Sequence[tuple[Document, Sequence[RevisionRow]]],
    page: Link,
    pdf: FileLink,
    title: Callable[[Document], str] = lambda document: document.title,
) -> list[dict[str, object]]:
    """[{id, title, level, versions: [{version, from, to, approved_by, approved_on, superseded_by, page,
    pdf}]}], versions oldest first; links are relative to the in-force page; `title` gives a document's
    title in the site's language."""
    listed: list[dict[str, object]] = []
    for document, revision_rows in documents:
        if document.is_translation:
            continue  # a translation follows its original; the original answers for the document
        versions = [
            {
                "version": row.version,
                "from": row.effective_from,
                "to": row.effective_to,
                "approved_by": row.approved_by,
                "approved_on": row.approved_on,
                "superseded_by": row.superseded_by,
                "page": page(document.id, row.version),
                "pdf": pdf(document.id, row.version, ""),
            }
            for row in revision_rows
            if row.effective_from
        ]
        shown: dict[str, object] = {
            "id": document.id,
            "title": title(document),
            "level": document.level.value,
            "versions": versions,
        }
        listed.append(shown)
    return listed
