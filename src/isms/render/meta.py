"""What a controlled PDF says about its document: the control block, the header and footer, the
watermark and the revision history, as the JSON the Typst template reads.
"""

from __future__ import annotations

from isms.core.labels import Labels
from isms.core.model import Document, Level, Status
from isms.core.revisions import BuildOrigin, SourceCommit
from isms.read.labels import labels_in, language_name
from isms.render.labels import labels_for, status_label
from isms.render.revision_rows import RevisionRow
from isms.resolve.index import Index

HISTORY_ROWS = 12  # the PDF lists the newest revisions; the site has them all


def register_meta(
    index: Index, register_id: str, title: str, source: SourceCommit, classification: str = "internal"
) -> dict[str, object]:
    """Metadata of a PDF made from several documents (a register, the manual), in the ISMS's default
    language; it carries the highest classification among them."""
    settings = index.settings
    language = settings.default_language
    labels = labels_for(language, settings.pdf)
    return {
        "id": register_id,
        "title": title,
        "organization": settings.organization.name_in(language),
        "level_label": labels["register"],
        "classification_label": labels_in(language).value(settings, "classification", classification),
        "version": source.label,
        "status_label": labels["generated"],
        "watermark": "",
        "commit": source.label,
        "uncontrolled": labels["uncontrolled"],
        **typography(language),
        "labels": labels,
        "control": [[labels["register"], title, labels["source_commit"], source.label]],
        "links": [],
        "history": [],
        "show_history": False,
    }


def typography(language: str) -> dict[str, object]:
    """How a PDF in a language is set: the language and region Typst breaks lines and places quotes
    by, justified text but in English, and the fonts, each list ending in the CJK fonts and emoji a text
    in any language may hold."""
    base = language.split("-")[0]
    region = language.split("-")[1] if "-" in language else ""
    serif, sans = _FONTS.get(base, ("Libertinus Serif", "Noto Sans CJK JP"))
    cjk_serif = _FONTS["ja"][0] if base == "ja" else _FONTS["zh"][0]
    return {
        "lang": base,
        "region": region or None,
        "justify": base != "en",
        "fonts": {
            "body": [serif, cjk_serif, EMOJI],
            "heading": [sans, _FONTS["zh"][1] if base == "zh" else _FONTS["ja"][1], EMOJI],
            "mono": ["DejaVu Sans Mono", sans, EMOJI],
        },
    }


# Last in every font list: what authors type beyond text (🔒, ✅, ⚠️) prints in colour, not as empty boxes.
EMOJI = "Noto Color Emoji"  # Debian fonts-noto-color-emoji
_FONTS = {
    "ja": ("Noto Serif CJK JP", "Noto Sans CJK JP"),
    "zh": ("Noto Serif CJK SC", "Noto Sans CJK SC"),
}


def _approved_by(index: Index, document: Document, history: list[RevisionRow]) -> str:
    """The approver, and the commit that recorded the approval when the history has it."""
    name = _person(index, document.approved_by, document.language)
    row = next((r for r in history if r.version == str(document.version) and r.approval_commit), None)
    return f"{name} ({row.approval_commit[:8]})" if row else name


def document_meta(
    index: Index,
    document: Document,
    source: SourceCommit,
    history: list[RevisionRow] | None = None,
    superseded: bool = False,
    changed: bool = False,
) -> dict[str, object]:
    """The metadata of a document's PDF; `superseded` for the archived copy of an older version, `changed`
    when its text changed after the approval without a new version (the view shows it in review; the
    watermark says why)."""
    settings = index.settings
    original = index.original_of(document)
    language = document.language
    labels = labels_for(language, settings.pdf)
    words = labels_in(language)
    classification = words.value(settings, "classification", original.classification)
    shown = status_label(Status.SUPERSEDED if superseded else document.status, labels)
    in_force = document.status is Status.APPROVED  # a draft's approval fields describe an earlier version
    control = [
        [labels["id"], document.id, labels["level"], labels["levels"][original.level.value]],
        [labels["version"], str(document.version), labels["status"], shown],
        [labels["classification"], classification, labels["language"], language_name(language)],
        [
            labels["owner"],
            _role(index, original.owner, language),
            labels["approver"],
            _role(index, original.approver, language),
        ],
        [
            labels["approved_by"],
            _approved_by(index, document, history or []) if in_force else "—",
            labels["approved_on"],
            str(document.approved_on or "—") if in_force else "—",
        ],
        [
            labels["effective"],
            str(document.effective or "—") if in_force else "—",
            labels["next_review"],
            str(document.review_due(settings) or "—"),
        ],
    ]
    links = []
    if original.implements:
        links.append([labels["implements"], ", ".join(_titled(index, i) for i in original.implements)])
    if original.controls:
        links.append([labels["controls"], ", ".join(original.controls)])
    if original.clauses:
        links.append([labels["clauses"], ", ".join(original.clauses)])
    if document.is_translation:
        links.append([labels["translation_of"], _titled(index, original.id)])
        if document.translates is not None:
            links.append([labels["translates"], str(document.translates)])
    watermark = "" if document.status is Status.APPROVED else status_label(document.status, labels).upper()
    if superseded:
        watermark = labels["statuses"]["superseded"].upper()
    elif changed:
        watermark = labels["changed"]
    elif source.dirty:
        watermark = " · ".join(w for w in (watermark, labels["uncommitted"]) if w)
    history_rows = [r.cells() for r in history or []]
    return {
        "id": document.id,
        "title": document.title,
        "organization": settings.organization.name_in(language),
        "level_label": labels["levels"][original.level.value],
        "classification_label": classification,
        "version": str(document.version),
        "status_label": shown,
        "watermark": watermark,
        "commit": source.label,
        "uncontrolled": labels["uncontrolled"],
        **typography(language),
        "labels": labels,
        "control": control,
        "links": links,
        "history": history_rows[:HISTORY_ROWS],
        "history_more": max(0, len(history_rows) - HISTORY_ROWS),
        "notice": translation_notice(document, original, words) if document.is_translation else None,
        # the SoA is a table of six columns whose justifications are sentences: across the page a row
        # takes about half the lines it takes down it
        **({"landscape": True} if original.level is Level.SOA else {}),
    }


def translation_notice(document: Document, original: Document, words: Labels) -> dict[str, str] | None:
    """What a translation of an older version of its original tells its reader; None otherwise."""
    state = document.currency(original)
    if state != "behind":  # the translations page lists translations of an unstated version
        return None
    values = {"original": original.id, "translated": str(document.translates), "current": str(original.version)}
    return {"title": words(f"translation.{state}_title"), "text": words(f"translation.{state}_text", **values)}


def _role(index: Index, role_id: str, language: str) -> str:
    return index.settings.title_of("role", role_id, language) if role_id else "—"


def _person(index: Index, person_id: str, language: str) -> str:
    return index.settings.title_of("person", person_id, language) if person_id else "—"


def _titled(index: Index, document_id: str) -> str:
    document = index.documents.get(document_id)
    return f"{document_id} {document.title}" if document else document_id


def with_build(meta: dict[str, object], build: BuildOrigin | None, language: str) -> dict[str, object]:
    """Add the as-of banner of a build of the past, in the document's language, as the site says it."""
    if build is not None and build.as_of:
        words = labels_in(language)
        meta["banner"] = words("site.build.as_of", date=build.as_of, commit=build.commit[:8], committed=build.committed)
    return meta
