"""Control and clause ids a document cites, checked: each one exists in a catalog, is not excluded
by the Statement of Applicability, is declared in the front matter when a statement cites it, and
every range in a statement is one series of existing ids.
"""

from __future__ import annotations

from isms.core import diagnostics as codes
from isms.core.catalog import CLAUSE_ID
from isms.core.diagnostics import Location, Report
from isms.core.model import Document
from isms.read.statements import RANGE_DASH, expand_range
from isms.resolve.index import Index


def check_citations(index: Index, document: Document, report: Report) -> None:
    """Every control and clause id the document cites, in its front matter and in its statements."""
    fields = [("controls", cited) for cited in document.controls]
    fields += [("clauses", cited) for cited in document.clauses]
    if document.record:
        fields += [("evidences.controls", cited) for cited in document.record.evidences_controls]
        fields += [("evidences.clauses", cited) for cited in document.record.evidences_clauses]
    for name, cited in fields:
        line, column = document.spot(name, cited)
        where = Location(document.path, line, column)
        _check_cited_id(index, document, cited, name.endswith("clauses"), where, report)
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
