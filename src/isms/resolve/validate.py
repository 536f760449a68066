"""Cross-checks over the resolved ISMS, all run by `validate`. Read-only: validation never writes a file.

Each document's fields, approval, translation and links (implements, records), and cycles of implements
links, are checked here; the ids a document cites in `citations.py`, the links in its text in `body_links.py`,
what its body carries in `embeds.py`, and the ISMS as a whole (SoA, coverage) in `coverage.py`.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from isms.core import diagnostics as codes
from isms.core.diagnostics import Location, Report
from isms.core.model import ID_PREFIXES, Document, Level, Status
from isms.read.fields import did_you_mean
from isms.read.settings import SETTINGS_FILE
from isms.resolve.body_links import check_body_links
from isms.resolve.citations import check_citations
from isms.resolve.coverage import check_applicability, check_coverage
from isms.resolve.embeds import check_body
from isms.resolve.index import Index

_EXAMPLE_IDS = {
    Level.POLICY: "POL-001",
    Level.STANDARD: "STD-AC-01",
    Level.PROCEDURE: "PRO-IR-01",
    Level.RECORD: "REC-IR-01",
    Level.SOA: "SOA-001",
}


def validate(index: Index, report: Report, today: date, only: Collection[str] | None = None) -> None:
    """Every check, each problem added to `report` as a diagnostic; `today` decides which reviews are overdue.

    With `only` (paths), each document's own checks run for those documents alone.
    """
    anchors: dict[str, set[str]] = {}
    for document in index.corpus.documents:
        if only is not None and document.path not in only:
            continue
        _check_document(index, document, report, today)
        check_body_links(index, document, report, anchors)
    _check_cycles(index, report)
    check_applicability(index, report)
    check_coverage(index, report)
    _check_home(index, report)


def _check_home(index: Index, report: Report) -> None:
    """The staff home page's task links lead to documents of the ISMS."""
    for task in index.settings.home.tasks:
        if task.document not in index.documents:
            hint = did_you_mean(task.document, sorted(index.documents), "write the id of a document of the ISMS")
            where = Location(SETTINGS_FILE, task.line, 1)
            report.add(
                codes.SETTINGS_REFERENCE, where, f"home task '{task.title}' names '{task.document}', no document", hint
            )


def _at(document: Document, name: str, value: str | None = None) -> Location:
    if value is None:
        return Location(document.path, document.line_of(name), 1)
    line, column = document.spot(name, value)
    return Location(document.path, line, column)


def _declared(document: Document, name: str) -> bool:
    return name in dict(document.lines)


def _check_document(index: Index, document: Document, report: Report, today: date) -> None:
    settings = index.settings
    prefix = ID_PREFIXES[document.level]
    if not document.id.startswith(prefix + "-"):
        report.add(
            codes.ID_PREFIX,
            _at(document, "id"),
            f"{document.id} is a {document.level.value} but its id does not start with {prefix}-",
            f"{document.level.plural} have ids like {_EXAMPLE_IDS[document.level]}; change the id or the level",
        )
    for name in ("owner", "approver"):
        role = getattr(document, name)
        if role and _declared(document, name) and settings.role(role) is None:
            hint = did_you_mean(role, [r.id for r in settings.roles], "define the role under roles: in isms.yml")
            report.add(codes.ROLE_UNKNOWN, _at(document, name), f"{name} '{role}' is not a role in isms.yml", hint)
    if document.approved_by and settings.person(document.approved_by) is None:
        hint = did_you_mean(document.approved_by, [p.id for p in settings.people], "use a person id from isms.yml")
        report.add(
            codes.PERSON_UNKNOWN,
            _at(document, "approved_by"),
            f"approved_by '{document.approved_by}' is not a person in isms.yml",
            hint,
        )
    elif (
        document.approved_by
        and settings.role(document.approver)
        and not settings.is_member(document.approved_by, document.approver)
    ):
        report.add(
            codes.APPROVAL_NOT_IN_ROLE,
            _at(document, "approved_by"),
            f"{document.approved_by} approved {document.id} but is not a member of its approver role"
            f" '{document.approver}'",
            "the approval must come from a member of the approver role (isms.yml roles)",
        )
    _check_choice(document, "classification", settings.classifications, report)
    _check_choice(document, "language", settings.languages, report)
    audience_ids = [a.id for a in settings.audiences]
    for name in ("audiences", "exclude_audiences"):
        for audience in getattr(document, name):
            if audience not in audience_ids:
                report.add(
                    codes.FIELD_VALUE,
                    _at(document, name, audience),
                    f"audience '{audience}' is not defined in isms.yml",
                    did_you_mean(audience, audience_ids, "define it under audiences: in isms.yml"),
                )
    role_ids = [r.id for r in settings.roles]
    for role in document.acknowledge:
        if role not in role_ids:
            hint = did_you_mean(role, role_ids, "name a role from isms.yml whose members must read the document")
            report.add(
                codes.ROLE_UNKNOWN, _at(document, "acknowledge", role), f"role '{role}' is not in isms.yml", hint
            )
    if document.status is Status.APPROVED:
        _check_approval(document, report)
    if document.is_translation:
        _check_translation(index, document, report)
    elif document.translates is not None:
        report.add(
            codes.FIELD_VALUE,
            _at(document, "translates"),
            f"{document.id} is not a translation, so it translates no version of another document",
            "remove translates:, or add translation_of: with the id of the original",
        )
    for text, first_line in document.written:
        check_body(index.corpus.root, document.path, text, first_line, report)
    _check_links(index, document, report)
    check_citations(index, document, report)
    state = index.review_state(document, today, window_days=-1)
    if state == "overdue" and document.status is Status.APPROVED:
        due = document.review_due(settings)
        report.add(
            codes.REVIEW_OVERDUE,
            _at(document, "next_review" if _declared(document, "next_review") else "effective"),
            f"{document.id} was due for review on {due}",
            "review it: approve a new version, or record a review with no change",
        )


def _check_choice(document: Document, name: str, allowed: tuple[str, ...], report: Report) -> None:
    value = getattr(document, name)
    if value and _declared(document, name) and value not in allowed:
        report.add(
            codes.FIELD_VALUE,
            _at(document, name),
            f"{name} '{value}' is not one of those in isms.yml",
            did_you_mean(value, allowed, f"use one of: {', '.join(allowed)}"),
        )


def _check_approval(document: Document, report: Report) -> None:
    if not document.approver and not _declared(document, "approver"):
        report.add(
            codes.APPROVAL_NO_APPROVER,
            _at(document, "status"),
            f"{document.id} is approved but names no approver role",
            "add approver: <role> (the role whose members approve this document)",
        )
    if document.effective is None and not _declared(document, "effective"):
        report.add(
            codes.APPROVAL_NO_EFFECTIVE,
            _at(document, "status"),
            f"{document.id} is approved but has no effective date",
            "add effective: YYYY-MM-DD",
        )
    if not document.approved_by or document.approved_on is None:
        missing = " and ".join(n for n in ("approved_by", "approved_on") if not getattr(document, n))
        report.add(
            codes.APPROVAL_INCOMPLETE,
            _at(document, "status"),
            f"{document.id} is approved but has no {missing}",
            "record who approved this version and when",
        )
    if document.approved_on and document.effective and document.approved_on > document.effective:
        report.add(
            codes.APPROVAL_AFTER_EFFECTIVE,
            _at(document, "approved_on"),
            f"{document.id} was approved on {document.approved_on}, after it became effective on {document.effective}",
        )


def _check_translation(index: Index, document: Document, report: Report) -> None:
    original = index.documents.get(document.translation_of)
    if original is None:
        return  # the original failed to load; its own diagnostics say why
    if original.is_translation:
        report.add(
            codes.TRANSLATION_CHAIN,
            _at(document, "translation_of"),
            f"{document.translation_of} is itself a translation; translate the original, {original.translation_of}",
        )
    if original.language == document.language:
        report.add(
            codes.TRANSLATION_LANGUAGE,
            _at(document, "language"),
            f"{document.id} and its original {original.id} are both in '{document.language}'",
            "set language: to the language of the translation",
        )
    _check_currency(document, original, report)


def _check_currency(document: Document, original: Document, report: Report) -> None:
    """A translation says which version of its original it renders; readers must learn when that is old."""
    translated = document.translates
    if translated is None or translated == original.version:
        return
    which = f"{document.id} translates version {translated} of {original.id}"
    if translated < original.version:
        report.add(
            codes.TRANSLATION_OUTDATED,
            _at(document, "translates"),
            f"{which}, which is now at version {original.version}",
            f'bring the translation up to version {original.version} and set translates: "{original.version}"',
        )
    else:
        report.add(
            codes.TRANSLATION_AHEAD,
            _at(document, "translates"),
            f"{which}, which is only at version {original.version}",
            f'set translates: to the version of {original.id} the text renders, at most "{original.version}"',
        )


def _check_links(index: Index, document: Document, report: Report) -> None:
    for target_id in document.implements:
        target = index.documents.get(target_id)
        where = _at(document, "implements", target_id)
        if target_id == document.id:
            report.add(codes.LINK_SELF, where, f"{document.id} lists itself in implements")
        elif target is None and target_id in index.corpus.unbuilt:
            continue  # the target's own file has the error
        elif target is None:
            hint = did_you_mean(target_id, list(index.documents), "check the id on the document's page")
            report.add(codes.LINK_UNKNOWN_DOCUMENT, where, f"implements {target_id}, which does not exist", hint)
        elif target.is_translation:
            report.add(
                codes.LINK_WRONG_LEVEL,
                where,
                f"implements {target_id}, a translation",
                f"link to the original, {target.translation_of}",
            )
        elif not _may_implement(document.level, target.level):
            report.add(
                codes.LINK_WRONG_LEVEL,
                where,
                f"a {document.level.value} cannot implement {target_id}, a {target.level.value}",
                "a document implements documents above it: procedure → standard or policy, standard → policy",
            )
    for record_id in document.records:
        record = index.documents.get(record_id)
        where = _at(document, "records", record_id)
        if record is None and record_id in index.corpus.unbuilt:
            continue
        if record is None:
            hint = did_you_mean(
                record_id,
                [d.id for d in index.by_level(Level.RECORD)],
                "define the record template under records-templates/",
            )
            report.add(codes.LINK_UNKNOWN_RECORD, where, f"produces record {record_id}, which is not defined", hint)
        elif record.level is not Level.RECORD:
            report.add(codes.LINK_NOT_RECORD, where, f"{record_id} is a {record.level.value}, not a record template")


def _may_implement(source: Level, target: Level) -> bool:
    if source is Level.POLICY:
        return target is Level.POLICY
    if source in (Level.RECORD, Level.SOA):
        return False
    return target.rank < source.rank and target is not Level.SOA


def _check_cycles(index: Index, report: Report) -> None:
    """Report each cycle of implements links once, at its first document."""
    state: dict[str, int] = {}
    for start in sorted(index.documents):
        if state.get(start):
            continue
        path: list[str] = []
        stack: list[tuple[str, int]] = [(start, 0)]
        while stack:
            node, position = stack.pop()
            if position == 0:
                state[node] = 1
                path.append(node)
            targets = [t for t in index.documents[node].implements if t in index.documents and t != node]
            if position < len(targets):
                stack.append((node, position + 1))
                target = targets[position]
                if state.get(target) == 1:
                    cycle = path[path.index(target) :]
                    first = min(cycle)
                    ordered = cycle[cycle.index(first) :] + cycle[: cycle.index(first)]
                    document = index.documents[first]
                    report.add(
                        codes.LINK_CYCLE,
                        _at(document, "implements"),
                        "implements links form a cycle: " + " → ".join([*ordered, first]),
                        "a document cannot sit both above and below another; remove one link",
                    )
                elif not state.get(target):
                    stack.append((target, 0))
            else:
                state[node] = 2
                path.pop()
