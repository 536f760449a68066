"""Record-template forms as data (isms.render.forms) and as a finished DOCX (isms.render.docx)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from isms.core.revisions import SourceCommit
from isms.render.docx import docx_meta, finish_docx
from isms.render.escaping import form_marker
from isms.render.forms import form_rows, forms_meta
from isms.render.labels import labels_for
from isms.render.markdown import document_markdown
from support.trees import indexed, replace_once

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FIELDS = """fields:
  - {name: requester, label: Requester, type: person, required: true}
  - {name: system, label: System, type: line, required: true}
  - {name: timeline, label: Timeline, type: text, help: "Times in JST"}
  - {name: when, label: Requested on, type: date}
  - {name: severity, label: Severity, type: choice, options: [P1 critical, P2 high]}
  - {name: personal, label: Personal data, type: checkbox}
  - {name: signed, label: Signed, type: signature}
"""
RECORD = "records-templates/REC-AQ-01-access-request.yml"


def _with_fields(base_tree: Path) -> Path:
    replace_once(
        base_tree,
        RECORD,
        "fields:\n  - {name: requester, label: Requester, type: person, required: true}\n"
        "  - {name: system, label: System, type: line, required: true}\n",
        FIELDS,
    )
    return base_tree


def test_writing_space_follows_the_field_type(base_tree: Path) -> None:
    index = indexed(_with_fields(base_tree))
    rows = form_rows(index.documents["REC-AQ-01"])
    assert [(r.name, r.type, r.lines) for r in rows] == [
        ("requester", "person", 1),
        ("system", "line", 1),
        ("timeline", "text", 5),
        ("when", "date", 1),
        ("severity", "choice", 0),
        ("personal", "checkbox", 0),
        ("signed", "signature", 2),
    ]
    meta = forms_meta([index.documents["REC-AQ-01"], index.documents["POL-001"]], labels_for("ja"))
    assert list(meta["forms"]) == ["REC-AQ-01"]  # type: ignore[call-overload]
    assert meta["form_labels"] == {
        "form_field": "項目",
        "form_entry": "記入欄",
        "required": "必須",
        "sign_off": "記入完了及び確認",
        "completed_by": "記入者",
        "reviewed_by": "確認者",
        "name": "氏名",
        "date": "日付",
        "signature": "署名",
    }


def _pandoc_like_docx(marker: str) -> bytes:
    """The parts of pandoc's DOCX the finishing step changes, with the form marker paragraph."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as docx:
        docx.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml" /></Types>',
        )
        docx.writestr(
            "word/_rels/document.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>',
        )
        docx.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships"><w:body><w:p><w:r><w:t>Intro</w:t></w:r></w:p>'
            '<w:p><w:pPr><w:pStyle w:val="BodyText" /></w:pPr>'
            f'<w:r><w:t xml:space="preserve">{marker}</w:t></w:r></w:p>'
            "<w:sectPr><w:footnotePr /></w:sectPr></w:body></w:document>",
        )
    return out.getvalue()


def test_the_docx_form_gets_header_footer_properties_and_content_controls_all_escaped(base_tree: Path) -> None:
    tree = _with_fields(base_tree)
    replace_once(tree, RECORD, "title: Access Request", "title: 'Access <Request> & \"Co\"'")
    index = indexed(tree)
    document = index.documents["REC-AQ-01"]
    meta = docx_meta(index, document, SourceCommit("0123456789abcdef", 1_790_000_000))
    data = finish_docx(_pandoc_like_docx(form_marker("REC-AQ-01")), meta, 1_790_000_000)
    assert data == finish_docx(_pandoc_like_docx(form_marker("REC-AQ-01")), meta, 1_790_000_000)
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        names = docx.namelist()
        parts = {name: docx.read(name).decode("utf-8") for name in names}
        assert {info.date_time for info in docx.infolist()} == {(2026, 9, 21, 14, 13, 20)}
    assert names == sorted(names)
    header = ElementTree.fromstring(parts["word/header1.xml"])
    assert "".join(t.text or "" for t in header.iter(f"{W}t")) == 'Fixture Ltd.INTERNALAccess <Request> & "Co"'
    footer = ElementTree.fromstring(parts["word/footer1.xml"])
    assert "".join(t.text or "" for t in footer.iter(f"{W}t")) == (
        "REC-AQ-01 · Version 1.0 · ApprovedPage 1 of 101234567 · Uncontrolled when printed"
    )
    core = {e.tag.split("}")[1]: e.text for e in ElementTree.fromstring(parts["docProps/core.xml"])}
    assert core["title"] == 'Access <Request> & "Co"'
    assert core["subject"] == "REC-AQ-01 · Record template · INTERNAL"
    assert core["creator"] == "Top management"
    assert core["keywords"] == "REC-AQ-01, Record template, internal, A.5.15"
    assert (core["version"], core["contentStatus"], core["language"]) == ("1.0", "Approved", "en")
    assert core["created"] == core["modified"] == "2026-09-21T14:13:20Z"
    custom = ElementTree.fromstring(parts["docProps/custom.xml"])
    assert [(p.get("name"), "".join(p.itertext())) for p in custom][:4] == [
        ("Document ID", "REC-AQ-01"),
        ("Version", "1.0"),
        ("Status", "Approved"),
        ("Classification", "internal"),
    ]
    assert 'PartName="/word/header1.xml"' in parts["[Content_Types].xml"]
    assert 'Id="rIdIsmsFooter" Target="footer1.xml"' in parts["word/_rels/document.xml.rels"]
    body = ElementTree.fromstring(parts["word/document.xml"])
    texts = [t.text for t in body.iter(f"{W}t")]
    assert texts[:2] == ["Intro", "Field"] and form_marker("REC-AQ-01") not in texts
    controls = list(body.iter(f"{W}sdt"))
    kinds = []
    for control in controls:
        properties = control.find(f"{W}sdtPr")
        assert properties is not None
        kind = next(
            child.tag.split("}")[1]
            for child in properties
            if child.tag.split("}")[1] not in ("alias", "tag", "showingPlcHdr")
        )
        multi = properties.find(f"{W}text")
        kinds.append(kind + ("-multi" if multi is not None and multi.get(f"{W}multiLine") == "1" else ""))
    assert kinds == [
        "text",  # requester
        "text",  # system
        "text-multi",  # timeline
        "date",  # requested on
        "checkbox",  # P1 critical
        "checkbox",  # P2 high
        "checkbox",  # personal data
        "text",  # signed
        "text",  # completed by: name
        "date",  # completed by: date
        "text",  # reviewed by: name
        "date",  # reviewed by: date
    ]
    assert "\u00a0P1\u00a0critical" in texts  # the box's label is bound to it by no-break spaces
    assert texts.count("Completion and sign-off") == 1 and "Times in JST" in texts
    section = next(body.iter(f"{W}sectPr"))
    assert [child.tag.split("}")[1] for child in section] == [
        "headerReference",
        "footerReference",
        "footnotePr",
        "pgSz",
        "pgMar",
    ]


def test_a_japanese_form_is_headed_and_closed_in_japanese(base_tree: Path) -> None:
    replace_once(base_tree, RECORD, "title: Access Request", "title: アクセス申請書\nlanguage: ja")
    index = indexed(base_tree)
    assert document_markdown(index, index.documents["REC-AQ-01"]) == (
        "## 様式\n\n\u27e6form REC-AQ-01\u27e7\n\n"
        "保存期間：2 years after account closure。保管場所：IT service desk。\n"
    )


def test_a_japanese_word_form_is_headed_in_japanese_with_its_owner_and_classification(base_tree: Path) -> None:
    replace_once(base_tree, RECORD, "title: Access Request", "title: アクセス申請書\nlanguage: ja")
    replace_once(
        base_tree,
        "isms.yml",
        "top-management: {title: Top management,",
        "top-management: {title: Top management, titles: {ja: 経営層},",
    )
    index = indexed(base_tree)
    meta = docx_meta(index, index.documents["REC-AQ-01"], SourceCommit("0123456789abcdef", 1_790_000_000))
    data = finish_docx(_pandoc_like_docx(form_marker("REC-AQ-01")), meta, 1_790_000_000)
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        parts = {name: docx.read(name).decode("utf-8") for name in docx.namelist()}
    header = ElementTree.fromstring(parts["word/header1.xml"])
    assert "".join(t.text or "" for t in header.iter(f"{W}t")) == "Fixture Ltd.社外秘アクセス申請書"
    core = {e.tag.split("}")[1]: e.text for e in ElementTree.fromstring(parts["docProps/core.xml"])}
    assert (core["creator"], core["description"]) == ("経営層", "保存期間: 2 years after account closure")
