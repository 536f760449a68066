"""Cross-checks over the resolved ISMS. Read-only: validation never writes a file."""

from __future__ import annotations

from datetime import date

from isms.core import diagnostics as codes
from isms.core.catalog import CLAUSE_ID
from isms.core.diagnostics import Location, Report
from isms.core.model import ID_PREFIXES, Document, Level, Status
from isms.read.fields import did_you_mean
from isms.read.statements import RANGE_DASH, expand_range
from isms.resolve.body_links import check_body_links
from isms.resolve.embeds import check_body
from isms.resolve.index import Index

_MAX_LISTED_MISSING = 10
_EXAMPLE_IDS = {
    Level.POLICY: "POL-001",
    Level.STANDARD: "STD-AC-01",
    Level.PROCEDURE: "PRO-IR-01",
    Level.RECORD: "REC-IR-01",
    Level.SOA: "SOA-001",
}


def validate(index: Index, report: Report, today: date) -> None:
    anchors: dict[str, set[str]] = {}
    for document in index.corpus.documents:
        _check_document(index, document, report, today)
        check_body_links(index, document, report, anchors)
    _check_cycles(index, report)
    _check_applicability(index, report)
    _check_coverage(index, report)


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
    check_body(index.corpus.root, document.path, document.body, document.body_line, report)
    _check_links(index, document, report)
    _check_citations(index, document, report)
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


def _check_citations(index: Index, document: Document, report: Report) -> None:
    fields = [("controls", cited) for cited in document.controls]
    fields += [("clauses", cited) for cited in document.clauses]
    if document.record:
        fields += [("evidences.controls", cited) for cited in document.record.evidences_controls]
        fields += [("evidences.clauses", cited) for cited in document.record.evidences_clauses]
    for name, cited in fields:
        _check_cited_id(index, document, cited, name.endswith("clauses"), _at(document, name, cited), report)
    declared = set(document.controls) | set(document.clauses)
    if document.is_translation:
        declared |= set(index.original_of(document).cited_ids)
    places = [(s.ids, Location(document.path, s.line, s.column)) for s in document.statements]
    places += [(r.controls + r.clauses, Location(document.path, r.line, 1)) for r in document.requirements]
    reported = _check_ranges(index, document, report)
    for ids, where in places:
        for cited in ids:
            if (where.line, cited) in reported:
                continue
            if not _check_cited_id(index, document, cited, bool(CLAUSE_ID.match(cited)), where, report):
                continue
            if cited not in declared and not ({"controls", "clauses"} & document.invalid):
                field = "clauses" if CLAUSE_ID.match(cited) else "controls"
                report.add(
                    codes.STATEMENT_UNDECLARED,
                    where,
                    f"a statement cites {cited}, which is not in the document's {field}",
                    f"add {cited} to {field} in the front matter",
                )


def _check_ranges(index: Index, document: Document, report: Report) -> set[tuple[int, str]]:
    """Report ranges that are not one series of existing ids; return (line, id) already reported."""
    catalog = index.catalog
    reported: set[tuple[int, str]] = set()
    for statement in document.statements:
        where = Location(document.path, statement.line, statement.column)
        for written in statement.ranges:
            first, last = written.split(RANGE_DASH)
            series = expand_range(first, last)
            known = catalog.clauses if CLAUSE_ID.match(first) else catalog.controls
            missing = [cited for cited in series if cited not in known]
            if series and not missing:
                continue
            if series:
                members = [cited for cited in series if cited in known]
                message = f"the range {written} runs past what exists: {', '.join(missing)} do not exist"
                hint = f"end the range at {members[-1]}" if members else "check both ends of the range"
            else:
                message = f"{written} is not a range: both ends must be in one theme or clause, lowest first"
                hint = _range_hint(index, first, last)
            report.add(codes.LINK_BAD_RANGE, where, message, hint)
            reported.update((statement.line, cited) for cited in missing)
    return reported


def _range_hint(index: Index, first: str, last: str) -> str:
    controls = index.catalog.controls
    if expand_range(last, first):
        return f"write the lower id first: {{{last}{RANGE_DASH}{first}}}"
    if first in controls and last in controls:
        ends = [
            sorted(index.catalog.theme_controls(controls[end].theme), key=lambda c: c.sort_key) for end in (first, last)
        ]
        pieces = ((first, ends[0][-1].id), (ends[1][0].id, last))
        written = ", ".join(low if low == high else f"{low}{RANGE_DASH}{high}" for low, high in pieces)
        return f"one range per theme: {{{written}}}"
    return "list the ids one by one, separated by commas"


def _check_cited_id(
    index: Index, document: Document, cited: str, is_clause: bool, where: Location, report: Report
) -> bool:
    catalog = index.catalog

    if is_clause:
        if cited not in catalog.clauses:
            report.add(
                codes.LINK_UNKNOWN_CLAUSE, where, f"{cited} is not an ISO/IEC 27001 clause", catalog.clause_hint(cited)
            )
            return False
        return True
    if cited not in catalog.controls:
        report.add(
            codes.LINK_UNKNOWN_CONTROL, where, f"{cited} is not a control in any catalog", catalog.control_hint(cited)
        )
        return False
    decision = index.decision(cited)
    if decision is not None and decision.excluded and not document.is_translation:
        soa = index.soa
        report.add(
            codes.SOA_EXCLUDED_CITED,
            where,
            f"{document.id} cites {cited}, which the Statement of Applicability excludes",
            f"remove the citation, or make {cited} applicable in {soa.path if soa else 'the SoA'}",
        )
    return True


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


def _check_applicability(index: Index, report: Report) -> None:
    soa = index.soa
    if soa is None:
        return
    decisions = soa.applicability.decisions if soa.applicability else ()
    where_controls = _at(soa, "controls")
    decided = {d.control for d in decisions}
    missing = [c.id for c in index.catalog.annex_a if c.id not in decided]
    if len(missing) > _MAX_LISTED_MISSING:
        report.add(
            codes.SOA_MISSING_CONTROL,
            where_controls,
            f"no decision for {len(missing)} of the {len(index.catalog.annex_a)} Annex A controls"
            f" ({missing[0]} … {missing[-1]})",
            "every Annex A control needs applicable: true/false with a justification",
        )
    else:
        for control_id in missing:
            report.add(
                codes.SOA_MISSING_CONTROL,
                where_controls,
                f"no decision for {control_id} ({index.catalog.controls[control_id].title})",
                f"add {control_id}: with applicable, justification and status",
            )
    not_assessed = [d.control for d in decisions if not d.assessed]
    if not_assessed:
        listed = ", ".join(not_assessed[:3]) + (" …" if len(not_assessed) > 3 else "")
        report.add(
            codes.SOA_NOT_ASSESSED,
            where_controls,
            f"{len(not_assessed)} of the {len(index.catalog.annex_a)} Annex A controls are not assessed yet ({listed})",
            "replace not-assessed with applicable: true or false, a justification and, when applicable, a status",
        )
    seen: set[str] = set()
    for decision in decisions:
        where = Location(soa.path, decision.line, 3)
        if decision.control in seen:
            continue
        seen.add(decision.control)
        if decision.control not in index.catalog.controls:
            report.add(
                codes.SOA_UNKNOWN_CONTROL,
                where,
                f"{decision.control} is not a control in any catalog",
                index.catalog.control_hint(decision.control),
            )
            continue
        if not decision.assessed:
            continue
        if not decision.justification:
            kind = "inclusion" if decision.applicable else "exclusion"
            report.add(
                codes.SOA_NO_JUSTIFICATION,
                where,
                f"the decision on {decision.control} gives no justification for its {kind}",
                "add justification: why the control is needed (or why not) for this organization",
            )
        if decision.applicable and decision.status is None:
            report.add(
                codes.SOA_NO_STATUS,
                where,
                f"{decision.control} is applicable but has no implementation status",
                "add status: implemented, partial, planned or not-implemented",
            )
        if not decision.applicable and decision.status is not None:
            report.add(
                codes.SOA_STATUS_EXCLUDED,
                where,
                f"{decision.control} is excluded but has an implementation status",
                "remove status:, or make the control applicable",
            )


def _check_coverage(index: Index, report: Report) -> None:
    soa = index.soa
    if soa is not None:
        for control in index.unimplemented_controls():
            decision = index.decision(control.id)
            line = decision.line if decision else soa.line_of("controls")
            report.add(
                codes.COVERAGE_UNIMPLEMENTED,
                Location(soa.path, line, 3),
                f"{control.id} ({control.title}) is applicable but no document implements it",
                f"add {control.id} to the controls of the document that implements it",
            )
    for clause_id in index.mandatory_gaps():
        clause = index.catalog.clauses[clause_id]
        items = "; ".join(item.what for item in clause.mandatory)
        report.add(
            codes.COVERAGE_MANDATORY,
            Location(index.settings.documents_path),
            f"clause {clause_id} requires documented information ({items}) that no document or record provides",
            f'cite "{clause_id}" in the clauses of the document or the evidences of the record template that'
            " provides it",
        )
    for document in index.orphan_documents():
        report.add(
            codes.ORPHAN_DOCUMENT,
            _at(document, "implements"),
            f"{document.id} ({document.level.value}) implements no document above it",
            "add implements: [the policy or standard it carries out]",
        )
    for record in index.orphan_records():
        report.add(
            codes.ORPHAN_RECORD,
            _at(record, "id"),
            f"record template {record.id} is produced by no document",
            f"add {record.id} to the records of the procedure that produces it",
        )
