"""What a translation takes from its original (`with_inherited_fields`), the one rule the loader and
old versions (`document_at`) share: which fields, never one the translation states, and a level by name."""

from __future__ import annotations

from datetime import date
from typing import Any

from isms.core.model import Document, Level, Status, Version
from isms.read.documents import with_inherited_fields
from isms.read.sources import Draft

INHERITED = {
    "level": "policy",
    "owner": "ciso",
    "approver": "top-management",
    "classification": "confidential",
    "implements": ("POL-000",),
    "controls": ("A.5.1",),
    "clauses": ("5.2",),
    "records": ("REC-IR-01",),
}
NOT_INHERITED = {
    "id": "POL-001",
    "title": "Information security policy",
    "version": Version(1, 2),
    "status": "approved",
    "approved_by": "alice",
    "approved_on": date(2026, 1, 5),
    "language": "en",
    "effective": date(2026, 2, 1),
    "review_cycle": 12,
    "audiences": ("staff",),
    "summary": "Why we protect information.",
    "acknowledge": ("staff",),
    "imported_from": "old/policy.md",
}
TRANSLATION = {"id": "POL-001-JA", "title": "情報セキュリティ方針", "translation_of": "POL-001", "language": "ja"}


def _original_draft(values: dict[str, Any]) -> Draft:
    return Draft(path="policies/POL-001.md", kind="document", values=values)


def test_a_translation_takes_exactly_the_inherited_fields_of_a_draft() -> None:
    completed = with_inherited_fields(TRANSLATION, _original_draft({**INHERITED, **NOT_INHERITED}))
    assert completed == {**TRANSLATION, **INHERITED}


def test_what_the_translation_states_is_kept() -> None:
    translation = {**TRANSLATION, "owner": "isms-manager", "controls": ()}
    completed = with_inherited_fields(translation, _original_draft({**INHERITED, **NOT_INHERITED}))
    assert completed["owner"] == "isms-manager"
    assert completed["controls"] == ()
    assert completed["approver"] == "top-management"


def test_only_what_a_draft_original_states_is_taken_even_when_empty() -> None:
    original = _original_draft({"id": "POL-001", "level": "policy", "implements": ()})
    completed = with_inherited_fields(TRANSLATION, original)
    assert completed == {**TRANSLATION, "level": "policy", "implements": ()}


def test_the_values_given_are_not_changed() -> None:
    translation = dict(TRANSLATION)
    with_inherited_fields(translation, _original_draft(dict(INHERITED)))
    assert translation == TRANSLATION


def test_a_document_original_gives_its_level_by_name_and_no_empty_field() -> None:
    original = Document(
        id="POL-001",
        title="Information security policy",
        level=Level.POLICY,
        version=Version(1, 2),
        status=Status.APPROVED,
        path="policies/POL-001.md",
        owner="ciso",
        approver="",
        classification="confidential",
        controls=("A.5.1",),
        language="en",
        summary="Why we protect information.",
    )
    completed = with_inherited_fields(TRANSLATION, original)
    assert completed == {
        **TRANSLATION,
        "level": "policy",
        "owner": "ciso",
        "classification": "confidential",
        "controls": ("A.5.1",),
    }
    assert type(completed["level"]) is str


def test_draft_and_document_originals_give_the_same_fields() -> None:
    """The loader completes a translation from the original's draft, an old version from the built
    original: both must give the translation the same values."""
    document = Document(
        id="POL-001",
        title="Information security policy",
        level=Level.POLICY,
        version=Version(1, 2),
        status=Status.APPROVED,
        path="policies/POL-001.md",
        owner="ciso",
        approver="top-management",
        classification="confidential",
        implements=("POL-000",),
        controls=("A.5.1",),
        clauses=("5.2",),
        records=("REC-IR-01",),
    )
    from_draft = with_inherited_fields(TRANSLATION, _original_draft({**INHERITED, **NOT_INHERITED}))
    assert with_inherited_fields(TRANSLATION, document) == from_draft
