"""Source values as Markdown text or Typst strings, and the placeholders that carry references and forms through pandoc.

Every renderer of the PDF Markdown (documents, registers, the SoA, forms) escapes source values
here, so a title such as `A | B` stays in its cell and `#isms-ref(...)` typed in a document is text.
Placeholders (⟦A.5.15⟧, ⟦form REC-IR-01⟧) survive pandoc as plain text and are turned into calls of
the Typst template afterwards.
"""

from __future__ import annotations

import re

from isms.core import bidi

OPEN, CLOSE = "\u27e6", "\u27e7"
PLACEHOLDER = re.compile(OPEN + r"([A-Za-z0-9., -]{1,200})" + CLOSE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # none is whitespace left by the split: written as escapes
FORM = re.compile(r"^" + OPEN + r"form ([A-Za-z0-9][A-Za-z0-9._-]{0,80})" + CLOSE + r"$", re.M)


def escape(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>()#+!|$@~])", r"\\\1", bidi.closed(" ".join(text.split())))


def typst_string(text: str) -> str:
    """A source value as a Typst string literal, on one line: text wherever it stands in Typst, never
    markup or code."""
    value = bidi.closed(" ".join(text.split()))
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + _CONTROL.sub(lambda found: f"\\u{{{ord(found[0]):x}}}", escaped) + '"'


def tag(ids: tuple[str, ...]) -> str:
    return f" {OPEN}{', '.join(ids)}{CLOSE}"


def form_marker(document_id: str) -> str:
    """The paragraph that stands for a record template's form: the template (PDF) or the DOCX writer
    puts the form there, laid out from the fields as data."""
    return f"{OPEN}form {document_id}{CLOSE}"


def separator(*widths: int) -> str:
    """A pipe-table rule of left-aligned columns. The dash counts only keep the Markdown readable:
    the PDF template sizes the columns to their content."""
    return "|" + "|".join(":" + "-" * width for width in widths) + "|"


def typst_tags(typst_source: str) -> str:
    """Placeholders in pandoc's Typst output become calls of the template's isms-form and isms-ref."""
    with_forms = FORM.sub(lambda m: f'#isms-form("{m.group(1)}")', typst_source)
    return PLACEHOLDER.sub(lambda m: f'#isms-ref("{m.group(1)}")', with_forms)


def typst_free(markdown: str) -> str:
    """Markdown for formats other than Typst: reference placeholders become bracketed text; form
    markers stay for the DOCX writer."""
    return PLACEHOLDER.sub(lambda m: m.group(0) if m.group(1).startswith("form ") else f"[{m.group(1)}]", markdown)
