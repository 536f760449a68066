"""Drafts made into documents: unique ids, required fields, and translations completed from their
original, for a whole repository (`build_documents`) and for one old version (`document_at`).
"""

from __future__ import annotations

from typing import Any

from isms.core import diagnostics as codes
from isms.core.diagnostics import Location, Report
from isms.core.model import Document, Level, Status, Version
from isms.core.settings import Settings
from isms.read.fields import did_you_mean
from isms.read.sources import INHERITED_FIELDS, Draft, read_source

_REQUIRED = ("id", "title", "version", "status")
_REQUIRED_ORIGINAL = ("level", "owner", "classification")


def build_documents(drafts: list[Draft], settings: Settings, report: Report, unreadable: set[str]) -> list[Document]:
    """The documents of a whole repository: each draft with a unique id and every required field.

    `unreadable` holds the ids of sources too broken to read, so that their translations are not
    also reported as translations of a document that does not exist.
    """
    first_by_id: dict[str, Draft] = {}
    duplicates: set[int] = set()
    for draft in drafts:
        doc_id = draft.values.get("id")
        if not doc_id:
            continue
        if doc_id in first_by_id:
            duplicates.add(id(draft))
            report.add(
                codes.ID_DUPLICATE,
                Location(draft.path, draft.lines.get("id", 1), 1),
                f"id {doc_id} is already used by {first_by_id[doc_id].path}",
                "every document needs its own id; give this one the next free id (isms new shows it)",
            )
        else:
            first_by_id[doc_id] = draft
    documents: list[Document] = []
    for draft in drafts:
        if id(draft) in duplicates:
            continue
        if "id" not in draft.values:
            if "id" not in draft.lines:
                _missing(draft, ("id",), report)
            continue
        values = dict(draft.values)
        original = first_by_id.get(values.get("translation_of", ""))
        if "translation_of" in values and original is None and values["translation_of"] not in unreadable:
            report.add(
                codes.TRANSLATION_NO_ORIGINAL,
                Location(draft.path, draft.lines.get("translation_of", 1), 1),
                f"{values['id']} is a translation of {values['translation_of']}, which does not exist",
                did_you_mean(values["translation_of"], list(first_by_id), "correct translation_of"),
            )
            continue
        if original is None and "translation_of" in values:
            continue
        if original is not None and original is not draft:
            values = with_inherited_fields(values, original)
        if draft.kind == "record":
            values.setdefault("level", Level.RECORD.value)
        elif draft.kind == "soa":
            values.setdefault("level", Level.SOA.value)
        required = _REQUIRED if "translation_of" in values else _REQUIRED + _REQUIRED_ORIGINAL
        missing = [name for name in required if name not in values and name not in draft.lines]
        if missing:
            _missing(draft, tuple(missing), report)
            continue
        if any(name not in values for name in required):
            continue  # present but invalid: already reported
        documents.append(_document(draft, values, settings))
    return documents


def document_at(settings: Settings, path: str, text: str, original: Document | None = None) -> Document | None:
    """One source as it was at some commit, for showing an old version; None when it cannot be read.

    A translation takes the fields it does not state from `original` (the current original), as it
    does when the whole repository is loaded.
    """
    kind = "soa" if path == settings.applicability_path else "document"
    if path.startswith(settings.records_path.rstrip("/") + "/"):
        kind = "record"
    draft = read_source(path, text, kind, Report(), settings.extra_fields)
    if draft is None or "id" not in draft.values:
        return None
    values = dict(draft.values)
    if original is not None and values.get("translation_of"):
        values = with_inherited_fields(values, original)
    values.setdefault("level", {"record": Level.RECORD.value, "soa": Level.SOA.value}.get(kind, ""))
    required = _REQUIRED + (() if values.get("translation_of") else ("level",))
    if any(not values.get(name) for name in required) or values["level"] not in {level.value for level in Level}:
        return None
    values.setdefault("status", Status.DRAFT.value)
    return _document(draft, values, settings)


def with_inherited_fields(values: dict[str, Any], original: Draft | Document) -> dict[str, Any]:
    """A translation's values, completed with the fields of INHERITED_FIELDS it does not state.

    A translation restates only what changes with the language; level, roles, classification and
    links are its original's. The original is a draft while a whole repository loads, and the
    current `Document` when one old version is read (`document_at`); either way the fields taken are
    those it states, in the form a draft holds them (a level by its name). A document holds every
    field, so there an empty one counts as not stated.
    """
    stated = original.values if isinstance(original, Draft) else _stated_fields(original)
    completed = dict(values)
    for name in INHERITED_FIELDS:
        if name not in completed and name in stated:
            completed[name] = stated[name]
    return completed


def _stated_fields(document: Document) -> dict[str, Any]:
    """The inheritable fields a built document holds, as a draft would: empty ones left out."""
    stated = {name: getattr(document, name) for name in INHERITED_FIELDS if getattr(document, name)}
    if "level" in stated:
        stated["level"] = document.level.value
    return stated


def _missing(draft: Draft, names: tuple[str, ...], report: Report) -> None:
    line = min(draft.lines.values(), default=1)
    listed = ", ".join(names)
    report.add(
        codes.FIELD_MISSING,
        Location(draft.path, line, 1),
        f"required field{'s' * (len(names) > 1)} missing: {listed}",
        "see the source format in the README; `isms new` writes a complete skeleton",
    )


def _document(draft: Draft, values: dict[str, Any], settings: Settings) -> Document:
    return Document(
        id=values["id"],
        title=values["title"],
        level=Level(values["level"]),
        version=values["version"] if isinstance(values["version"], Version) else Version(0, 0),
        status=Status(values["status"]),
        path=draft.path,
        revised=values.get("revised"),
        owner=values.get("owner", ""),
        approver=values.get("approver", ""),
        approved_by=values.get("approved_by", ""),
        approved_on=values.get("approved_on"),
        classification=values.get("classification", ""),
        language=values.get("language") or settings.default_language,
        effective=values.get("effective"),
        review_cycle=values.get("review_cycle"),
        next_review=values.get("next_review"),
        implements=values.get("implements", ()),
        controls=values.get("controls", ()),
        clauses=values.get("clauses", ()),
        records=values.get("records", ()),
        translation_of=values.get("translation_of", ""),
        translates=values["translates"] if isinstance(values.get("translates"), Version) else None,
        audiences=values.get("audiences", ()),
        exclude_audiences=values.get("exclude_audiences", ()),
        acknowledge=values.get("acknowledge", ()),
        summary=values.get("summary", ""),
        body=draft.body,
        body_line=draft.body_line,
        source_format=draft.source_format,
        requirements=draft.requirements,
        statements=draft.statements,
        record=draft.record,
        applicability=draft.applicability,
        lines=tuple(sorted(draft.lines.items())),
        invalid=frozenset(draft.invalid),
        spots=tuple(draft.spots),
        extras=tuple(draft.extras),
        imported_from=values.get("imported_from", ""),
    )
