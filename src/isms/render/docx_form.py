"""The form of a record template as WordprocessingML: a table whose answers are content controls.

Each answer is a content control (w:sdt) Word fills in as a field: a plain-text control (several
lines for a text area, with the row as tall as the writing space on paper), a date picker, or one
checkbox per option. A checkbox and its label are joined by no-break spaces, so they never wrap
apart. A completion and sign-off block closes the form. Every value is escaped XML text.
"""

from __future__ import annotations

import re
from typing import Any
from xml.sax.saxutils import escape as _escape

LINE = 400  # the height of one writing line, in twentieths of a point (7 mm)
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BORDERS = (
    "<w:tblBorders>"
    + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="999999" />'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + "</w:tblBorders>"
)
_BOX_FONT = '<w:rFonts w:ascii="MS Gothic" w:eastAsia="MS Gothic" w:hAnsi="MS Gothic" w:hint="eastAsia" />'


def text(value: str) -> str:
    """A source value as XML character data."""
    return _escape(_NOT_IN_XML.sub("", value))


def form_xml(fields: list[dict[str, Any]], labels: dict[str, str], width: int) -> str:
    """The form table: one row per field, the label left, the answer right."""
    first = width * 35 // 100
    rows = [_header_row((labels["form_field"], labels["form_entry"]))]
    for number, field in enumerate(fields):
        label = text(field["label"]) + (" *" if field["required"] else "")
        label_cell = _paragraph(label, "<w:b />")
        if field["help"]:
            label_cell += _paragraph(text(field["help"]), '<w:i /><w:sz w:val="18" />')
        height = LINE * max(1, field["lines"]) + 120
        rows.append(_row([label_cell, _answer(field, number)], (first, width - first), height))
    note = _paragraph(f"* {text(labels['required'])}", '<w:sz w:val="18" />')
    return _table(rows, (first, width - first)) + note


def sign_off_xml(labels: dict[str, str], width: int) -> str:
    """Completed by / reviewed by, each with name, signature and date to fill in."""
    heading = (
        '<w:p><w:pPr><w:pStyle w:val="Heading2" /><w:keepNext /></w:pPr>'
        f"<w:r><w:t>{text(labels['sign_off'])}</w:t></w:r></w:p>"
    )
    widths = (width * 22 // 100, width * 30 // 100, width * 28 // 100, width - width * 80 // 100)
    rows = [_header_row(("", labels["name"], labels["signature"], labels["date"]))]
    for number, role in enumerate((labels["completed_by"], labels["reviewed_by"])):
        role_cell = _paragraph(text(role), "<w:b />")
        name = _text_control(f"{role} {labels['name']}", f"sign-off-{number}-name", multiline=False)
        signature = f"<w:p>{_pPr()}</w:p>"
        date = _date_control(f"{role} {labels['date']}", f"sign-off-{number}-date")
        rows.append(_row([role_cell, name, signature, date], widths, LINE * 2))
    return heading + _table(rows, widths)


def _answer(field: dict[str, Any], number: int) -> str:
    tag = f"field-{number}-{field['name']}"
    if field["type"] == "choice":
        return _choices(field, tag)
    if field["type"] == "checkbox":
        return f"<w:p>{_pPr()}{_checkbox(field['label'], tag)}</w:p>"
    if field["type"] == "date":
        return _date_control(field["label"], tag)
    return _text_control(field["label"], tag, multiline=field["type"] == "text", hint=field["hint"])


def _choices(field: dict[str, Any], tag: str) -> str:
    """Every option as a checkbox with its label, options apart by ordinary spaces, each box bound to
    its label by no-break spaces."""
    runs = []
    for position, option in enumerate(field["options"]):
        if position:
            runs.append('<w:r><w:t xml:space="preserve">   </w:t></w:r>')
        runs.append(_checkbox(f"{field['label']}: {option}", f"{tag}-{position}"))
        bound = "\u00a0" + option.replace(" ", "\u00a0")
        runs.append(f'<w:r><w:t xml:space="preserve">{text(bound)}</w:t></w:r>')
    return f"<w:p>{_pPr()}{''.join(runs)}</w:p>"


def _checkbox(alias: str, tag: str) -> str:
    return (
        f'<w:sdt><w:sdtPr><w:alias w:val="{_attribute(alias)}" /><w:tag w:val="{_attribute(tag)}" />'
        '<w14:checkbox><w14:checked w14:val="0" />'
        '<w14:checkedState w14:val="2612" w14:font="MS Gothic" />'
        '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic" /></w14:checkbox></w:sdtPr>'
        f"<w:sdtContent><w:r><w:rPr>{_BOX_FONT}</w:rPr><w:t>\u2610</w:t></w:r></w:sdtContent></w:sdt>"
    )


def _text_control(alias: str, tag: str, multiline: bool, hint: str = "") -> str:
    kind = '<w:text w:multiLine="1" />' if multiline else "<w:text />"
    shown = (
        f'<w:r><w:rPr><w:color w:val="808080" /></w:rPr><w:t xml:space="preserve">{text(hint)}</w:t></w:r>'
        if hint
        else ""
    )
    placeholder = "<w:showingPlcHdr />" if hint else ""
    return (
        f'<w:sdt><w:sdtPr><w:alias w:val="{_attribute(alias)}" /><w:tag w:val="{_attribute(tag)}" />'
        f"{placeholder}{kind}</w:sdtPr><w:sdtContent><w:p>{_pPr()}{shown}</w:p></w:sdtContent></w:sdt>"
    )


def _date_control(alias: str, tag: str) -> str:
    return (
        f'<w:sdt><w:sdtPr><w:alias w:val="{_attribute(alias)}" /><w:tag w:val="{_attribute(tag)}" />'
        '<w:showingPlcHdr /><w:date><w:dateFormat w:val="yyyy-MM-dd" /><w:lid w:val="en-GB" />'
        '<w:storeMappedDataAs w:val="dateTime" /><w:calendar w:val="gregorian" /></w:date></w:sdtPr>'
        f'<w:sdtContent><w:p>{_pPr()}<w:r><w:rPr><w:color w:val="808080" /></w:rPr>'
        "<w:t>YYYY-MM-DD</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )


def _paragraph(xml_text: str, properties: str) -> str:
    """One paragraph of already escaped text in a cell."""
    return f'<w:p>{_pPr()}<w:r><w:rPr>{properties}</w:rPr><w:t xml:space="preserve">{xml_text}</w:t></w:r></w:p>'


def _pPr() -> str:
    return '<w:pPr><w:spacing w:before="40" w:after="40" /></w:pPr>'


def _header_row(cells: tuple[str, ...]) -> str:
    content = "".join(
        f'<w:tc><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="E8ECF4" /></w:tcPr><w:p>{_pPr()}'
        f'<w:r><w:rPr><w:b /></w:rPr><w:t xml:space="preserve">{text(cell)}</w:t></w:r></w:p></w:tc>'
        for cell in cells
    )
    return f"<w:tr><w:trPr><w:tblHeader /><w:cantSplit /></w:trPr>{content}</w:tr>"


def _row(cells: list[str], widths: tuple[int, ...], height: int) -> str:
    content = "".join(
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa" /></w:tcPr>{cell}</w:tc>'
        for cell, width in zip(cells, widths, strict=True)
    )
    return f'<w:tr><w:trPr><w:cantSplit /><w:trHeight w:val="{height}" w:hRule="atLeast" /></w:trPr>{content}</w:tr>'


def _table(rows: list[str], widths: tuple[int, ...]) -> str:
    grid = "".join(f'<w:gridCol w:w="{width}" />' for width in widths)
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa" />{_BORDERS}<w:tblLayout w:type="fixed" />'
        '<w:tblCellMar><w:left w:w="100" w:type="dxa" /><w:right w:w="100" w:type="dxa" /></w:tblCellMar>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def _attribute(value: str) -> str:
    return text(value).replace('"', "&quot;")[:255]
