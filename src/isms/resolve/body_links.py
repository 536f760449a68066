"""Links in document text, checked against what they name: a document by id, a file of the
repository by relative path, a heading by its anchor. A renamed file or heading then fails
`isms check` at the link, instead of leaving a link on the site that goes nowhere.

Links to other hosts are listed by `isms links` and never fetched; images are `_check_embedded`'s.
"""

from __future__ import annotations

import difflib
import posixpath
from urllib.parse import unquote

from isms.core import diagnostics as codes
from isms.core.diagnostics import Location, Report
from isms.core.model import Document
from isms.read.fields import did_you_mean
from isms.read.markup import Reference, id_target, local_target, references
from isms.resolve.anchors import anchors
from isms.resolve.index import Index

_LISTED_ANCHORS = 6


def check_body_links(index: Index, document: Document, report: Report, known: dict[str, set[str]]) -> None:
    """`known` caches each document's anchors across the documents of one check."""
    by_path = index.by_path
    root = index.corpus.root
    for reference in (found for text, first_line in document.written for found in references(text, first_line)):
        if reference.embedded or reference.external:
            continue
        where = Location(document.path, reference.line, reference.column)
        by_id = id_target(reference.target)
        if reference.target.startswith("#"):
            linked: Document | None = document
        elif by_id is not None:
            linked = index.documents.get(by_id[0])
            if linked is None:
                if by_id[0] not in index.corpus.unbuilt:  # else the target's own file has the error
                    hint = did_you_mean(by_id[0], index.documents, "check the id on the document's page")
                    report.add(codes.LINK_UNKNOWN_ID, where, f"{by_id[0]} is not the id of a document", hint)
                continue
        else:
            relative = local_target(document.path, reference.target)
            if relative is None:
                continue  # mailto:, an absolute path, or out of the repository
            if not (root / relative).exists():
                report.add(
                    codes.LINK_MISSING_FILE,
                    where,
                    f"'{reference.target.partition('#')[0]}' does not exist ({relative})",
                    _path_hint(document, relative, by_path),
                )
                continue
            linked = by_path.get(relative)
            if linked is None:
                report.add(
                    codes.LINK_NOT_DOCUMENT,
                    where,
                    f"'{reference.target.partition('#')[0]}' is not a document; the site and the PDFs show"
                    " this link as its text",
                    "link to the document that holds the content, by its id; an image is embedded with ![…](…)",
                )
                continue
        fragment = unquote(reference.target.partition("#")[2])
        if linked is None or not fragment:
            continue
        if linked.id not in known:
            known[linked.id] = anchors(linked)
        if fragment not in known[linked.id]:
            _report_anchor(document, linked, fragment, reference, known[linked.id], report)


def _path_hint(document: Document, relative: str, by_path: dict[str, Document]) -> str:
    """The link to write for the document whose path is nearest to the one written, and its id,
    which keeps working when the file is renamed again."""
    match = difflib.get_close_matches(relative, sorted(by_path), n=1, cutoff=0.6)
    if not match:
        return "link to a document by its id, e.g. [](STD-AC-01), which survives renaming its file"
    written = posixpath.relpath(match[0], posixpath.dirname(document.path) or ".")
    return f"did you mean '{written}'? or link by id: [](" + by_path[match[0]].id + ")"


def _report_anchor(
    document: Document, linked: Document, fragment: str, reference: Reference, known: set[str], report: Report
) -> None:
    where = Location(document.path, reference.line, reference.column + reference.target.index("#"))
    headings = sorted(a for a in known if not a.startswith(("stmt-", "req-")))
    listed = ", ".join(headings[:_LISTED_ANCHORS]) + (" …" if len(headings) > _LISTED_ANCHORS else "")
    fallback = f"its headings have the anchors: {listed}" if headings else f"{linked.id} has no headings"
    if not fragment.isascii():
        fallback = (
            "a heading in Japanese, Chinese or Korean gets a numbered anchor (_1, _2 …): give it one of its own,"
            " e.g. ## 目的 {#purpose}, and link to #purpose"
        )
    which = "this document" if linked is document else linked.id
    report.add(
        codes.LINK_UNKNOWN_ANCHOR,
        where,
        f"#{fragment} is not a heading or anchor of {which}",
        did_you_mean(fragment, sorted(known), fallback),
    )
