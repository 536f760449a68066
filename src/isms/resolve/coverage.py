"""Checks of the ISMS as a whole: the Statement of Applicability decides every Annex A control, every
applicable control and mandatory clause is covered by a document, and no document or record template
hangs outside the document pyramid.
"""

from __future__ import annotations

from isms.core import diagnostics as codes
from isms.core.diagnostics import Location, Report
from isms.resolve.index import Index

_MAX_LISTED_MISSING = 10


def check_applicability(index: Index, report: Report) -> None:
    """The SoA's decisions: one for every Annex A control, each on a known control, assessed, justified,
    and with an implementation status exactly when the control is applicable."""
    soa = index.soa
    if soa is None:
        return
    decisions = soa.applicability.decisions if soa.applicability else ()
    where_controls = Location(soa.path, soa.line_of("controls"), 1)
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


def check_coverage(index: Index, report: Report) -> None:
    """Applicable controls and mandatory clauses that no document provides, and documents and record
    templates that nothing links to."""
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
            Location(document.path, document.line_of("implements"), 1),
            f"{document.id} ({document.level.value}) implements no document above it",
            "add implements: [the policy or standard it carries out]",
        )
    for record in index.orphan_records():
        report.add(
            codes.ORPHAN_RECORD,
            Location(record.path, record.line_of("id"), 1),
            f"record template {record.id} is produced by no document",
            f"add {record.id} to the records of the procedure that produces it",
        )
