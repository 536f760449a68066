"""Tables as XLSX, CSV and JSON: deterministic writers, so the same tables give the same bytes.

Each writer takes `Table`s in the language they were built in. JSON keys rows by each table's stable
English column names (`keys`), whatever language its sheet names and headers are in: scripts read it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime

# A fixed time inside every XLSX (file properties and ZIP entries), so that exports are reproducible.
_EPOCH = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Table:
    """One sheet of a workbook, or one CSV file."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...] = ()  # in characters, for spreadsheets; derived from the content when empty
    key: str = ""  # the name in English, which JSON and file names keep in every language; `name` when ""
    keys: tuple[str, ...] = ()  # the columns in English, likewise; `columns` when empty

    @property
    def stable_name(self) -> str:
        return self.key or self.name

    @property
    def stable_columns(self) -> tuple[str, ...]:
        return self.keys or self.columns


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
    """Every table, its rows keyed by the English column names; values in the language of the tables."""
    data = {
        "title": title,
        "tables": [
            {"name": t.stable_name, "rows": [dict(zip(t.stable_columns, row, strict=True)) for row in t.rows]}
            for t in tables
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


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
