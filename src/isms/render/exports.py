"""The SoA and the registers as tables, and those tables as XLSX, CSV and JSON.

Auditors and ISMS managers work in spreadsheets. Each export is a list of `Table`s built from the
resolved ISMS only (the same rows the site shows), and each writer is deterministic: the same
ISMS gives the same bytes, so exports are checked like the PDFs (manifest, SHA256SUMS).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from isms.core.catalog import ATTRIBUTE_TITLES, Control
from isms.core.files import replace_file
from isms.core.model import Document, Level
from isms.core.soa import Decision
from isms.read.acks import coverage
from isms.render.outputs import Published
from isms.resolve.index import Index
from isms.resolve.reviews import review_rows

# A fixed time inside every XLSX (file properties and ZIP entries), so that exports are reproducible.
_EPOCH = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Table:
    """One sheet of a workbook, or one CSV file."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...] = ()  # in characters, for spreadsheets; derived from the content when empty


def soa_tables(index: Index, commit: str = "") -> list[Table]:
    """Document control, Annex A and clauses 4–10 sheets of the Statement of Applicability."""
    soa = index.soa
    control = [
        ("Document", soa.id if soa else ""),
        ("Title", soa.title if soa else "Statement of Applicability"),
        ("Version", str(soa.version) if soa else ""),
        ("Status", soa.status.value if soa else ""),
        ("Owner", index.settings.role_with_members(soa.owner) if soa else ""),
        ("Approver", index.settings.role_with_members(soa.approver) if soa else ""),
        ("Approved by", _person(index, soa.approved_by) if soa else ""),
        ("Approved on", _date(soa.approved_on) if soa else ""),
        ("Effective", _date(soa.effective) if soa else ""),
        ("Classification", soa.classification if soa else ""),
        ("Organization", index.settings.organization.name),
        ("Source", soa.path if soa else ""),
        ("Commit", commit),
        ("SHA-256 of the source", _source_digest(index, soa)),
    ]
    annex = [_annex_row(index, c) for c in sorted(index.catalog.annex_a, key=lambda c: c.sort_key)]
    clauses = [
        (
            clause.id,
            clause.title,
            "; ".join(item.what for item in clause.mandatory),
            ", ".join(f"{d.id} {d.title}" for d in index.clause_providers(clause.id)),
        )
        for clause in index.catalog.clauses.values()
    ]
    return [
        Table("Document control", ("Field", "Value"), tuple(control), (24, 80)),
        Table("Annex A", ANNEX_A_COLUMNS, tuple(annex)),
        Table("Clauses 4-10", ("Clause", "Title", "Documented information required", "Provided by"), tuple(clauses)),
    ]


ANNEX_A_COLUMNS = (
    "Control",
    "Title",
    "Theme",
    *ATTRIBUTE_TITLES.values(),
    "Applicable",
    "Reasons",
    "Justification",
    "Status",
    "Implemented by",
    "Evidence records",
    "Owners",
)


def applies(decision: Decision | None) -> str:
    """The SoA's answer for a control, as the SoA page words it."""
    if decision is None:
        return "missing"
    if not decision.assessed:
        return "not assessed"
    return "yes" if decision.applicable else "no"


def register_tables(index: Index) -> list[Table]:
    """The document register (every column of the site's) and the records register."""
    settings = index.settings
    documents = [
        (
            d.id,
            d.title,
            d.level.value,
            str(d.version),
            d.status.value,
            index.settings.role_title(d.owner),
            index.settings.role_title(d.approver),
            _person(index, d.approved_by),
            _date(d.approved_on),
            _date(d.effective),
            _date(d.review_due(settings)),
            d.classification,
            ", ".join([d.language, *(t.language for t in index.translations.get(d.id, []))]),
        )
        for d in index.originals
        if d.level is not Level.RECORD
    ]
    records = [
        (
            d.id,
            d.title,
            index.settings.role_title(d.owner),
            str(d.record.retention) if d.record and d.record.retention else "",
            d.record.storage if d.record else "",
            ", ".join(p.id for p in index.producers.get(d.id, [])),
            str(d.version),
            d.status.value,
            d.classification,
        )
        for d in index.by_level(Level.RECORD)
    ]
    return [
        Table(
            "Document register",
            (
                "ID",
                "Title",
                "Level",
                "Version",
                "Status",
                "Owner",
                "Approver",
                "Approved by",
                "Approved on",
                "Effective",
                "Next review",
                "Classification",
                "Language",
            ),
            tuple(documents),
        ),
        Table(
            "Records register",
            ("ID", "Record", "Owner", "Retention", "Storage", "Produced by", "Version", "Status", "Classification"),
            tuple(records),
        ),
    ]


def acks_table(index: Index) -> Table:
    """Who has acknowledged reading each document version that asks for it, one person per row."""
    settings = index.settings
    rows = []
    for document in index.originals:
        records = index.corpus.acknowledgements.get(document.id, ())
        state = coverage(settings, document, records)
        if state is None:
            continue
        latest = {ack.person: ack for ack in records if ack.major == state.major}
        for role in state.roles:
            for member in role.members:
                if member in role.acknowledged:
                    answer, when = "yes", _date(latest[member].on) if member in latest else ""
                else:
                    answer, when = ("again: only an earlier version" if member in role.earlier else "no"), ""
                rows.append(
                    (
                        document.id,
                        document.title,
                        f"{state.major}.x",
                        index.settings.role_title(role.role),
                        _person(index, member),
                        answer,
                        when,
                    )
                )
    columns = ("Document", "Title", "Version", "Role", "Person", "Acknowledged", "On")
    return Table("Acknowledgements", columns, tuple(rows))


def due_table(index: Index, today: date, window_days: int = 30) -> Table:
    """Reviews overdue or due within the window, with owner and approver."""
    rows = [
        (r.document_id, r.title, r.next_review.isoformat(), r.state, str(r.days), r.owner, r.approver)
        for r in review_rows(index, today, window_days)
    ]
    columns = ("Document", "Title", "Next review", "State", "Days", "Owner", "Approver")
    return Table(f"Reviews due by {today.isoformat()}", columns, tuple(rows))


def to_xlsx(tables: list[Table], title: str, classification: str = "") -> bytes:
    """A workbook, one sheet per table, with a frozen and filtered header row; byte-reproducible."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    fixed = datetime(*_EPOCH)
    workbook.properties.title = title
    workbook.properties.subject = classification.upper() if classification else None
    workbook.properties.keywords = classification or None
    workbook.properties.creator = "isms-docs"
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    for table in tables:
        sheet = workbook.create_sheet(table.name[:31])
        sheet.append(list(table.columns))
        for row in table.rows:
            sheet.append([_cell(value) for value in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDE3F0")
        wrap = Alignment(wrap_text=True, vertical="top")
        for row_cells in sheet.iter_rows(min_row=2):
            for cell in row_cells:
                cell.alignment = wrap
        for position, width in enumerate(_widths(table), start=1):
            sheet.column_dimensions[get_column_letter(position)].width = width
        sheet.freeze_panes = "A2"
        if table.rows and len(table.columns) > 2:
            sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _fixed_zip(buffer.getvalue())


def to_csv(table: Table) -> str:
    """One table as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read CJK text right)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.columns)
    writer.writerows([[_cell(value) for value in row] for row in table.rows])
    return "\ufeff" + out.getvalue()


def to_json(tables: list[Table], title: str) -> str:
    data = {
        "title": title,
        "tables": [
            {"name": t.name, "rows": [dict(zip(t.columns, row, strict=True)) for row in t.rows]} for t in tables
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def publish_exports(index: Index, out_dir: Path, commits: dict[str, str], newest: str) -> list[Published]:
    """The SoA workbook and the register workbooks beside the PDFs, each listed like a PDF.

    `commits` gives the commit label of each source path and `newest` that of the newest source,
    as the PDFs of the same build have them.
    """
    published = []
    soa = index.soa
    if soa is not None:
        name = f"{soa.id}-v{soa.version}.xlsx"
        data = to_xlsx(soa_tables(index, commits.get(soa.path, "")), soa.title, soa.classification)
        published.append(
            _written(
                out_dir, name, data, soa.id, soa.title, str(soa.version), soa.status.value, commits.get(soa.path, "")
            )
        )
    for table in register_tables(index):
        register_id = table.name.lower().replace(" ", "-")
        data = to_xlsx([table], table.name, highest_classification(index, table))
        published.append(
            _written(out_dir, f"{register_id}.xlsx", data, register_id, table.name, newest, "generated", newest)
        )
    return published


def highest_classification(index: Index, table: Table | None = None) -> str:
    """The highest classification among the documents a combined output holds (a table's first column ids)."""
    ids = {row[0] for row in table.rows} if table is not None else set(index.documents)
    return index.highest_classification(d for d in index.originals if d.id in ids)


def _written(
    out_dir: Path, name: str, data: bytes, output_id: str, title: str, version: str, status: str, commit: str
) -> Published:
    replace_file(out_dir / name, data)
    return Published(output_id, title, version, status, commit, name, hashlib.sha256(data).hexdigest())


def _annex_row(index: Index, control: Control) -> tuple[str, ...]:
    decision = index.decision(control.id)
    citing = index.implementers(control.id)
    implemented = [d for d in citing if d.level is not Level.RECORD]
    evidence = [
        d for d in index.by_level(Level.RECORD) if d.record is not None and control.id in d.record.evidences_controls
    ]
    theme = index.catalog.themes.get(control.theme)
    return (
        control.id,
        control.title,
        f"{theme.id} {theme.name}" if theme else control.theme,
        *("; ".join(control.attribute(name)) for name in ATTRIBUTE_TITLES),
        applies(decision),
        ", ".join(r.value for r in decision.reasons) if decision else "",
        decision.justification if decision else "",
        decision.status.value if decision and decision.status else "",
        "\n".join(_document_line(d) for d in implemented),
        "\n".join(f"{d.id} {d.title}" for d in evidence),
        ", ".join(dict.fromkeys(index.settings.role_title(d.owner) for d in implemented)),
    )


def _document_line(document: Document) -> str:
    effective = f", effective {document.effective}" if document.effective else ""
    return f"{document.id} {document.title} ({document.version}, {document.status.value}{effective})"


def _person(index: Index, person_id: str) -> str:
    person = index.settings.person(person_id)
    return person.name if person else person_id


def _date(value: date | None) -> str:
    return value.isoformat() if value else ""


def _source_digest(index: Index, document: Document | None) -> str:
    if document is None:
        return ""
    try:
        return hashlib.sha256((index.corpus.root / document.path).read_bytes()).hexdigest()
    except OSError:
        return ""


_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _cell(value: str) -> str:
    """Text as text: a leading =, +, - or @ would make a spreadsheet read it as a formula, and a
    control character that XML cannot hold is shown as its code instead of failing the workbook."""
    value = _NOT_IN_XML.sub(lambda match: f"\\x{ord(match[0]):02x}", value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _widths(table: Table) -> tuple[int, ...]:
    if table.widths:
        return table.widths
    widths = []
    for position, column in enumerate(table.columns):
        longest = max([len(column), *(max(map(len, row[position].split("\n")), default=0) for row in table.rows)])
        widths.append(max(8, min(60, longest + 2)))
    return tuple(widths)


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _fixed_zip(data: bytes) -> bytes:
    """The same ZIP with every entry dated _EPOCH, in the same order: openpyxl stamps the time of writing."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl sets the time of saving, whatever was asked
                data = _MODIFIED.sub(rb"\g<1>1980-01-01T00:00:00Z\g<2>", data)
            target.writestr(entry, data)
    return out.getvalue()
