"""What a page says about a document besides its text, in the reader's language: the banner of its
state, the notice of a translation behind its original, the labels of its downloads, and the rows of
the translations page.
"""

from __future__ import annotations

from dataclasses import dataclass

from isms.core.labels import Labels
from isms.core.model import Document, Status
from isms.core.revisions import Change
from isms.read.labels import labels_in, language_name
from isms.render import links
from isms.resolve.index import Index

_STATE_BANNERS = {
    Status.DRAFT: "warning",
    Status.IN_REVIEW: "info",
    Status.SUPERSEDED: "danger",
    Status.RETIRED: "danger",
}
_DOWNLOADS = {"pdf": "download_pdf", "docx": "download_docx", "xlsx": "download_xlsx"}


@dataclass(frozen=True)
class Banner:
    kind: str  # the admonition: warning, info, danger
    title: str
    text: str  # Markdown
    lang: str = ""  # set when the banner is in another language than the page's


def state_banner(
    index: Index, document: Document, words: Labels, review_state: str, changed: Change | None
) -> Banner | None:
    """Why a reader must not rely on this page as the text in force, if there is a reason."""
    if changed is not None:
        commit = changed.commit
        text = words(
            "site.banners.changed_text",
            version=document.version,
            commit=commit.short,
            author=links.md(commit.author),
            date=commit.date,
        )
        return Banner("danger", words("site.banners.changed_title"), text)
    if document.status in _STATE_BANNERS:
        state = document.status.value
        return Banner(
            _STATE_BANNERS[document.status], words(f"site.banners.{state}_title"), words(f"site.banners.{state}_text")
        )
    if review_state == "overdue":
        due = document.review_due(index.settings)
        return Banner("warning", words("site.banners.overdue_title"), words("site.banners.overdue_text", date=due))
    return None


def translation_banner(index: Index, document: Document, page_language: str) -> Banner | None:
    """A translation behind its original says so to its readers, in the translation's language, whatever
    the language of the page around it."""
    if not document.is_translation:
        return None
    original = index.original_of(document)
    state = document.currency(original)
    if state != "behind":  # an unstated version is listed on the translations page, not announced
        return None
    words = labels_in(document.language)
    values = {"original": original.id, "translated": document.translates, "current": original.version}
    lang = document.language if document.language != page_language else ""
    return Banner("warning", words(f"translation.{state}_title"), words(f"translation.{state}_text", **values), lang)


def untranslated_banner(document: Document, words: Labels) -> Banner | None:
    """An original shown in a site of another language, for want of a translation, says so there."""
    if document.is_translation or document.language.split("-")[0] == words.language.split("-")[0]:
        return None
    values = {"language": language_name(words.language), "original": language_name(document.language)}
    return Banner("info", words("translation.untranslated_title"), words("translation.untranslated_text", **values), "")


def download_label(filename: str, words: Labels) -> str:
    key = _DOWNLOADS.get(filename.rsplit(".", 1)[-1], "download")
    return words(f"site.document.{key}")


@dataclass(frozen=True)
class TranslationRow:
    translation: Document
    original: Document
    state: str  # current, behind, unknown


def translation_rows(index: Index) -> list[TranslationRow]:
    """Every translation with its original and whether it renders the original's current version."""
    rows = []
    for original in index.originals:
        for translation in sorted(index.translations.get(original.id, []), key=lambda d: d.id):
            rows.append(TranslationRow(translation, original, translation.currency(original)))
    return rows
