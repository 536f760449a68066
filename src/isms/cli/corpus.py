"""Opening the ISMS for a command: the sources as read, or resolved, and a document named on the command line.

Apart from `common` so that a command which opens no ISMS (a git hook's message check) does not import
the loader.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import NoReturn

from isms.cli.common import Refused, UsageError
from isms.core.diagnostics import Report
from isms.core.model import Document
from isms.core.revisions import History
from isms.read.fields import did_you_mean
from isms.read.load import Corpus, load
from isms.resolve.check import check
from isms.resolve.index import Index


def loaded(root: Path) -> Corpus:
    """The sources as read, or Refused after printing why isms.yml cannot be used."""
    report = Report()
    corpus = load(root, report)
    if corpus is None:
        for diagnostic in report.finalize():
            print(diagnostic.format(), file=sys.stderr)
        raise Refused
    return corpus


def checked(root: Path, today: date) -> Index:
    """The resolved ISMS, or Refused after printing the diagnostics that prevent resolving it."""
    result = check(root, today)
    if result.index is None:
        for diagnostic in result.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        raise Refused
    return result.index


def readable_corpus(root: Path) -> Corpus:
    """The sources as read; a UsageError when isms.yml cannot be read (its diagnostics printed above)."""
    try:
        return loaded(root)
    except Refused:
        raise UsageError("isms.yml cannot be read; fix it first (see above)") from None


def document_named(corpus: Corpus, document_id: str) -> Document:
    """The document with this id in the working tree; a UsageError naming the nearest ids otherwise."""
    document = next((d for d in corpus.documents if d.id == document_id), None)
    if document is None:
        unknown_document(corpus, document_id, None)
    return document


def unknown_document(corpus: Corpus, document_id: str, history: History | None) -> NoReturn:
    """Refuse an id that no document has now (nor had, when `history` is given), suggesting the nearest."""
    known = [d.id for d in corpus.documents] + (list(history.revisions) if history else [])
    hint = did_you_mean(document_id, known, "isms check lists every document")
    raise UsageError(f"unknown document id {document_id}; {hint}")
