"""Words printed on controlled PDFs, from the one label catalog (isms/data/labels) the site reads too.

`labels_for` keeps the shape the Typst template and `render.meta` read (flat words, `levels`,
`statuses`, `history_columns`), so PDF words are added to the label files, not here.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from isms.core.labels import Labels
from isms.core.model import Status
from isms.core.settings import PdfSettings
from isms.read.labels import labels_in


def labels_for(language: str, pdf: PdfSettings | None = None) -> dict[str, Any]:
    """Labels for a document language; `pdf.uncontrolled` in isms.yml overrides the notice."""
    fields, pdf_words, levels, statuses, groups = _groups(language)
    labels: dict[str, Any] = {**fields, **pdf_words}
    labels["levels"] = dict(levels)
    labels["statuses"] = dict(statuses)
    labels["groups"] = dict(groups)
    notice = pdf.uncontrolled_notice(language) if pdf else ""
    if notice:
        labels["uncontrolled"] = notice
    return labels


def status_label(status: Status, labels: dict[str, Any]) -> str:
    return str(labels["statuses"][status.value])


@lru_cache(maxsize=32)
def _groups(language: str) -> tuple[dict[str, Any], ...]:
    """The word groups of a language, gathered once: every PDF of a build asks for them."""
    words = labels_in(language)
    return tuple(_plain(words, prefix) for prefix in ("fields", "pdf", "levels", "statuses", "manual_groups"))


def _plain(words: Labels, prefix: str) -> dict[str, Any]:
    """A group of words as the JSON the Typst template reads: text, or a list for table headers."""
    return {key: (list(value) if isinstance(value, tuple) else value) for key, value in words.group(prefix).items()}
