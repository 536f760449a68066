"""Links between documents, resolved one way for the site and the PDFs.

A document is linked by its id, `[access control](STD-AC-01)`, or by the relative path of its
source file, as GitHub shows it. `[](STD-AC-01)` asks for the linked document's id and title as the
link text, so the text never goes stale. Document and control ids written in prose (`STD-AC-01`,
`A.5.15`) become links too, where the renderer says where they lead.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from isms.core.model import Document
from isms.read.markup import LINK_OR_IMAGE, fill_empty_texts, id_target, local_target, unlink
from isms.read.statements import REFERENCE, prose_lines
from isms.resolve.index import Index

_ID = re.compile(
    r"(?<![\w./#@\\-])(?:[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+|[A-Z][A-Za-z0-9-]*(?:\.[0-9A-Za-z]+)+)(?![\w-]|\.\w)"
)
# What already is a link, or is not prose: each is left exactly as written.
_NOT_PROSE = re.compile(
    r"<a\b[^>]*>.*?</a\s*>"  # an HTML link and its text
    r"|<[^>\n]*>"  # an HTML tag or an autolink
    r"|\[[^\]\n]*\]\s?\[[^\]\n]*\]"  # a reference link
    r"|\[\^[^\]\n]*\]"  # a footnote reference
    r"|\b[a-z][a-z0-9+.-]*://\S+|\bwww\.\S+|\S+@\S+"  # a bare address
    r"|\{\s*[:#.][^}\n]*\}",  # attributes: {#id}, {: .class}
    re.IGNORECASE,
)
_DEFINITION = re.compile(r"^\s{0,3}\[[^\]\n]+\]:")  # [ref]: target, and footnote texts
_ATX = re.compile(r"^#{1,6}")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")


def linked_document(index: Index, document: Document, target: str) -> tuple[Document, str] | None:
    """(document, fragment) a link names by id or by its source file; None for anything else."""
    by_id = id_target(target)
    if by_id is not None:
        found = index.documents.get(by_id[0])
        return (found, by_id[1]) if found is not None else None
    relative = local_target(document.path, target)
    if relative is None:
        return None
    found = index.by_path.get(relative)
    return (found, target.partition("#")[2]) if found is not None else None


def leads_nowhere(index: Index, document: Document, target: str) -> bool:
    """A link that names a document or a file of the repository and has no page to lead to: an id
    or a file that is no longer a document (in an old version's text), or a file that is not one.
    The site and the PDFs show such a link as its text rather than as a broken link."""
    if target.startswith("#"):
        return False
    by_id = id_target(target)
    if by_id is not None:
        return by_id[0] not in index.documents
    relative = local_target(document.path, target)
    return relative is not None and relative not in index.by_path


def published_links(index: Index, document: Document, body: str, escape: Callable[[str], str]) -> str:
    """The body with empty links to documents given their id and title (`with_titles`) and links
    that lead nowhere left as their text."""
    body = unlink(body, lambda target: target if leads_nowhere(index, document, target) else None)
    return with_titles(index, document, body, escape)


def with_titles(index: Index, document: Document, body: str, escape: Callable[[str], str]) -> str:
    """The body with each empty link to a document, `[](STD-AC-01)`, given its id and title,
    escaped by `escape` for the renderer: titles are data, never markup."""

    def title(target: str) -> str | None:
        found = linked_document(index, document, target)
        return escape(f"{found[0].id} {found[0].title}") if found else None

    return fill_empty_texts(body, title)


def link_ids(body: str, target: Callable[[str], str | None]) -> str:
    """The body with each id in prose that `target` gives a link target for made a link to it.

    Not read: code, headings (their anchors would change), links and their text, HTML, addresses,
    footnotes, attribute lists, and statement references such as `{A.5.15}`, which have tags of
    their own. An id is only ever letters, digits, dots and hyphens, so it is safe as link text.
    """
    lines = body.split("\n")
    for index, masked in prose_lines(body):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        stripped = masked.strip()
        if (
            _ATX.match(masked)
            or (stripped and _SETEXT.match(following) and not stripped.startswith("|"))
            or _DEFINITION.match(masked)
            or (stripped.startswith("<") and not stripped.startswith("<http"))
        ):
            continue
        for pattern in (LINK_OR_IMAGE, REFERENCE, _NOT_PROSE):
            masked = pattern.sub(lambda m: " " * len(m[0]), masked)
        line = lines[index]
        pieces: list[str] = []
        cursor = 0
        for match in _ID.finditer(masked):
            found = target(match[0])
            if found is None:
                continue
            pieces += [line[cursor : match.start()], f"[{match[0]}]({found})"]
            cursor = match.end()
        if pieces:
            lines[index] = "".join(pieces) + line[cursor:]
    return "\n".join(lines)
