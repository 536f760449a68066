"""Words printed on controlled PDFs, from the one label catalog (isms/data/labels) the site reads too.

`labels_for` keeps the shape the Typst template and `render.meta` read (flat words, `levels`,
`statuses`, `history_columns`), so PDF words are added to the label files, not here.
"""

from __future__ import annotations

from typing import Any

from isms.core.labels import Labels
from isms.core.model import Status
from isms.core.settings import PdfSettings
from isms.read.labels import labels_in


def labels_for(language: str, pdf: PdfSettings | None = None) -> dict[str, Any]:
    """Labels for a document language; `pdf.uncontrolled` in isms.yml overrides the notice."""
    words = labels_in(language)
    labels: dict[str, Any] = {**_plain(words, "fields"), **_plain(words, "pdf")}
    labels["levels"] = _plain(words, "levels")
    labels["statuses"] = _plain(words, "statuses")
    labels["groups"] = _plain(words, "manual_groups")
    notice = pdf.uncontrolled_notice(language) if pdf else ""
    if notice:
        labels["uncontrolled"] = notice
    return labels


def status_label(status: Status, labels: dict[str, Any]) -> str:
    return str(labels["statuses"][status.value])


def _plain(words: Labels, prefix: str) -> dict[str, Any]:
    """A group of words as the JSON the Typst template reads: text, or a list for table headers."""
    return {key: (list(value) if isinstance(value, tuple) else value) for key, value in words.group(prefix).items()}
