"""Record templates as Word forms: pandoc writes the DOCX, this module finishes it.

pandoc's DOCX has no header, footer or document properties and knows nothing of forms. The
finished file has: a header (organization, classification, title) and a footer (form id, version,
status, "Page X of Y" as Word fields) on every page; filled core properties (title, subject,
keywords, author as the owner, version, status, category, language) and custom properties
(classification, document id); the form where pandoc left its marker, as a table whose answers are
content controls (w:sdt): text fields sized by type, date pickers, and checkboxes kept with their
labels; then a completion and sign-off block. Every value is XML-escaped text. The ZIP is written
again with sorted entries and a fixed time, so the same sources give the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from typing import Any

from isms.core.model import Document
from isms.core.revisions import SourceCommit
from isms.read.labels import labels_in
from isms.render.docx_form import form_xml, sign_off_xml, text
from isms.render.escaping import CLOSE, OPEN
from isms.render.forms import form_rows
from isms.render.labels import labels_for, status_label
from isms.resolve.index import Index

FORM_WORDS = ("form_field", "form_entry", "required", "sign_off", "completed_by", "reviewed_by")
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORDPROCESSING = "application/vnd.openxmlformats-officedocument.wordprocessingml"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
TEXT_WIDTH = 9412  # twentieths of a point: A4 less two margins of 2.2 cm


def docx_meta(index: Index, document: Document, source: SourceCommit) -> dict[str, object]:
    """What the DOCX writer prints and files as properties, as JSON data for the render job."""
    settings = index.settings
    labels = labels_for(document.language, settings.pdf)
    record = document.record
    keywords = [document.id, labels["levels"][document.level.value], document.classification]
    keywords += list(document.controls) + list(document.clauses)
    if record is not None:
        keywords += [c for c in record.evidences_controls + record.evidences_clauses if c not in keywords]
    return {
        "id": document.id,
        "title": document.title,
        "organization": settings.organization.name_in(document.language),
        "classification": document.classification,
        "classification_label": labels_in(document.language).value(settings, "classification", document.classification),
        "version": str(document.version),
        "status": status_label(document.status, labels),
        "level": labels["levels"][document.level.value],
        "owner": settings.title_of("role", document.owner, document.language),
        "language": document.language,
        "keywords": ", ".join(dict.fromkeys(keywords)),
        "retention": str(record.retention) if record and record.retention else "",
        "commit": source.label,
        "labels": {key: labels[key] for key in ("version", "page", "of", "page_end", "uncontrolled", "retention")},
        "form_labels": {key: labels[key] for key in (*FORM_WORDS, "name", "date", "signature")},
        "fields": [row.as_json() for row in form_rows(document)],
    }


def finish_docx(data: bytes, meta: dict[str, Any], timestamp: int) -> bytes:
    """pandoc's DOCX with header, footer, properties and the form added; byte-reproducible."""
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {name: source.read(name) for name in source.namelist()}
    parts["word/document.xml"] = _document(parts["word/document.xml"].decode("utf-8"), meta).encode("utf-8")
    parts["word/header1.xml"] = _header(meta).encode("utf-8")
    parts["word/footer1.xml"] = _footer(meta).encode("utf-8")
    rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    relationship = '<Relationship Type="' + RELATIONSHIPS + '/{0}" Id="rIdIsms{1}" Target="{0}1.xml" />'
    added = relationship.format("header", "Header") + relationship.format("footer", "Footer")
    parts["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", added + "</Relationships>").encode()
    types = parts["[Content_Types].xml"].decode("utf-8")
    override = '<Override PartName="/word/{0}1.xml" ContentType="' + WORDPROCESSING + '.{0}+xml" />'
    types = types.replace("</Types>", override.format("header") + override.format("footer") + "</Types>")
    parts["[Content_Types].xml"] = types.encode("utf-8")
    when = datetime.fromtimestamp(max(timestamp, 315532800), UTC)
    parts["docProps/core.xml"] = _core(meta, when).encode("utf-8")
    parts["docProps/custom.xml"] = _custom(meta).encode("utf-8")
    out = io.BytesIO()
    stamp = when.timetuple()[:6]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in sorted(parts):
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, parts[name])
    return out.getvalue()


_MARKER = re.compile(
    r"<w:p>(?:(?!</w:p>).)*?<w:t[^>]*>" + OPEN + r"form [^<" + CLOSE + r"]*" + CLOSE + r"</w:t>.*?</w:p>", re.S
)


def _document(xml: str, meta: dict[str, Any]) -> str:
    """The body with the form in place of pandoc's marker paragraph, and A4 pages with header and footer."""
    xml = xml.replace("<w:document ", f'<w:document xmlns:w14="{W14}" xmlns:mc="{MC}" mc:Ignorable="w14" ', 1)
    form = form_xml(meta["fields"], meta["form_labels"], TEXT_WIDTH) if meta["fields"] else ""
    form += sign_off_xml(meta["form_labels"], TEXT_WIDTH)
    xml, found = _MARKER.subn(lambda _: form, xml, count=1)
    section = xml.rindex("<w:sectPr>")
    references = (
        '<w:headerReference w:type="default" r:id="rIdIsmsHeader" />'
        '<w:footerReference w:type="default" r:id="rIdIsmsFooter" />'
    )
    xml = xml[:section] + ("" if found else form) + "<w:sectPr>" + references + xml[section + len("<w:sectPr>") :]
    page = (
        '<w:pgSz w:w="11906" w:h="16838" />'
        '<w:pgMar w:top="1474" w:right="1247" w:bottom="1474" w:left="1247"'
        ' w:header="624" w:footer="624" w:gutter="0" />'
    )
    end = xml.rindex("</w:sectPr>")
    return xml[:end] + page + xml[end:]


SMALL = '<w:rPr><w:sz w:val="16" /><w:szCs w:val="16" /></w:rPr>'
BOLD_SMALL = '<w:rPr><w:b /><w:sz w:val="16" /><w:szCs w:val="16" /></w:rPr>'


def _run(value: str, properties: str = SMALL) -> str:
    return f'<w:r>{properties}<w:t xml:space="preserve">{text(value)}</w:t></w:r>' if value else ""


def _three_parts(left: str, middle: str, right: str) -> str:
    """One line with text at the left, the centre and the right, as Word headers and footers set it."""
    tabs = (
        f'<w:tabs><w:tab w:val="center" w:pos="{TEXT_WIDTH // 2}" />'
        f'<w:tab w:val="right" w:pos="{TEXT_WIDTH}" /></w:tabs>'
    )
    tab = f"<w:r>{SMALL}<w:tab /></w:r>"
    return f'<w:p><w:pPr>{tabs}<w:spacing w:after="0" /></w:pPr>{left}{tab}{middle}{tab}{right}</w:p>'


_PART = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:{0} xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{1}</w:{0}>'
)


def _header(meta: dict[str, Any]) -> str:
    """Organization, classification (in the form's language, in capitals, bold) and title, on every page."""
    classification = _run(meta["classification_label"].upper(), BOLD_SMALL)
    return _PART.format("hdr", _three_parts(_run(meta["organization"]), classification, _run(meta["title"])))


def _footer(meta: dict[str, Any]) -> str:
    """Form id, version and status; "Page X of Y" as Word fields; the uncontrolled-copy notice."""
    labels = meta["labels"]

    def field(instruction: str) -> str:
        return f'<w:fldSimple w:instr=" {instruction} "><w:r>{SMALL}<w:t>1</w:t></w:r></w:fldSimple>'

    space = " " if labels["of"].isascii() and labels["of"].isalpha() else ""
    page = (
        _run(labels["page"] + space if labels["page"] else "")
        + field("PAGE")
        + _run(space + labels["of"] + space)
        + field("NUMPAGES")
        + _run(labels["page_end"])
    )
    left = _run(f"{meta['id']} · {labels['version']} {meta['version']} · {meta['status']}")
    right = _run(f"{meta['commit']} · {labels['uncontrolled']}")
    return _PART.format("ftr", _three_parts(left, page, right))


def _core(meta: dict[str, Any], when: datetime) -> str:
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    subject = f"{meta['id']} · {meta['level']} · {meta['classification'].upper()}"
    description = f"{meta['labels']['retention']}: {meta['retention']}" if meta["retention"] else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{text(meta['title'])}</dc:title>"
        f"<dc:subject>{text(subject)}</dc:subject>"
        f"<dc:creator>{text(meta['owner'])}</dc:creator>"
        f"<cp:keywords>{text(meta['keywords'])}</cp:keywords>"
        f"<dc:description>{text(description)}</dc:description>"
        f"<cp:lastModifiedBy>{text(meta['organization'])}</cp:lastModifiedBy>"
        f"<cp:version>{text(meta['version'])}</cp:version>"
        f"<cp:contentStatus>{text(meta['status'])}</cp:contentStatus>"
        f"<cp:category>{text(meta['level'])}</cp:category>"
        f"<dc:language>{text(meta['language'])}</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def _custom(meta: dict[str, Any]) -> str:
    properties = [
        ("Document ID", meta["id"]),
        ("Version", meta["version"]),
        ("Status", meta["status"]),
        ("Classification", meta["classification"]),
        ("Owner", meta["owner"]),
        ("Organization", meta["organization"]),
        ("Source commit", meta["commit"]),
    ]
    entries = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{number}" name="{text(name)}">'
        f"<vt:lpwstr>{text(value)}</vt:lpwstr></property>"
        for number, (name, value) in enumerate(properties, start=2)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
        f' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{entries}</Properties>'
    )
