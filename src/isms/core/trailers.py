"""The trailers the tool reads from and writes into commit messages, and the front-matter field that can
stand for one. Plain names and one parser, so the commit-msg hook can use them without the model."""

from __future__ import annotations

import re

DOCUMENT_TRAILER = "Document"  # `Document: ID VERSION`, added by the commit-msg hook for each changed document
SUMMARY_TRAILER = "Change-Summary"  # `Change-Summary: text`, or `Change-Summary: ID: text` for one document
SUMMARY_FIELD = "change_summary"  # the same in a document's front matter, when it changes with the text
_DOCUMENT_ID = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)+")


def summary_target(value: str) -> tuple[str, str]:
    """(the document a Change-Summary value names, or "" for every document; its text)."""
    head, colon, rest = value.partition(":")
    if colon and _DOCUMENT_ID.fullmatch(head.strip()) and rest.strip():
        return head.strip(), rest.strip()
    return "", value.strip()
