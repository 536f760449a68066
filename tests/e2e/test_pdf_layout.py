"""The layout of controlled PDFs and DOCX forms, measured from the files as a reader gets them.

Word positions come from `pdftotext -bbox`: registers must be landscape with no word crossing a
column border, tables sized to their content and left-aligned, forms with writing space by field
type, and every PDF titled by its real title. DOCX forms are read as ZIP and XML.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest

from isms.read.labels import labels_in
from isms.render.exports import register_tables
from support.paths import REPOSITORY
from support.trees import indexed

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Word:
    x: float
    y: float
    right: float
    bottom: float
    text: str


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: list[Word]


def pages_of(pdf: Path) -> list[Page]:
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [
        Page(
            float(width),
            float(height),
            [Word(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in WORD.findall(body)],
        )
        for width, height, body in PAGE.findall(out)
    ]


def pdf_info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False).stdout
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())}


def _column_starts(page: Page, columns: tuple[str, ...]) -> tuple[list[float], float, float]:
    """The left edge of each column, read from the header row's words; and the header row's top and bottom."""
    first = next(w for w in page.words if w.text == columns[0].split()[0] and any(
        v.text == columns[1].split()[0] and abs(v.y - w.y) < 1 for v in page.words
    ))  # fmt: skip
    header = sorted((w for w in page.words if first.y - 1 < w.y < first.y + 14), key=lambda w: (round(w.x), w.y))
    tokens = [token for column in columns for token in column.split()]
    assert [w.text for w in header] == tokens  # the header reads as the columns, in order, nothing crossing
    starts, position = [], 0
    for column in columns:
        starts.append(header[position].x)
        position += len(column.split())
    return starts, first.y, max(w.bottom for w in header)


@pytest.mark.parametrize("register", [0, 1], ids=["document-register", "records-register"])
def test_registers_are_landscape_with_every_column_and_no_word_crosses_a_column_border(
    example_site: Path, register: int
) -> None:
    table = register_tables(indexed(REPOSITORY))[register]
    name = table.name.lower().replace(" ", "-")
    pages = pages_of(example_site / "pdf" / f"{name}.pdf")
    assert len(pages) >= 2
    checked = 0
    seen_ids = []
    for page in pages:
        assert (round(page.width), round(page.height)) == (842, 595)  # A4 landscape
        starts, _top, bottom = _column_starts(page, table.columns)
        footer = min(w.y for w in page.words if w.text == "Page")
        for word in page.words:
            if not bottom < word.y < footer - 4:
                continue
            column = (
                max(i for i, start in enumerate(starts) if start <= word.x + 0.5) if word.x + 0.5 >= starts[0] else -1
            )
            assert column >= 0, word
            if column + 1 < len(starts):
                assert word.right <= starts[column + 1] - 2, (word, table.columns[column])
            else:
                assert word.right <= page.width - 50, word
            if column == 0:
                seen_ids.append(word.text)
            checked += 1
    assert checked > 300
    assert seen_ids == [row[0] for row in table.rows]  # every row, ids whole, in register order


def test_the_soa_prints_across_the_page_with_its_justifications_the_widest_column(example_site: Path) -> None:
    (name,) = [p.name for p in (example_site / "pdf").glob("SOA-001-v*.pdf")]
    pages = pages_of(example_site / "pdf" / name)
    assert {(round(page.width), round(page.height)) for page in pages} == {(842, 595)}  # A4 landscape
    columns = tuple(labels_in("en").word("site.soa.columns"))
    page = next(p for p in pages[1:] if any(w.text == "Justification" for w in p.words))
    starts, _top, _bottom = _column_starts(page, columns)
    widths = [after - before for before, after in zip(starts, [*starts[1:], page.width - 62], strict=True)]
    assert max(widths) == widths[columns.index("Justification")] > 280, widths


def test_the_document_register_has_the_columns_of_the_site_register_and_more() -> None:
    columns = register_tables(indexed(REPOSITORY))[0].columns
    header = labels_in("en").word("site.register.columns")  # the site register's columns, in English
    shown = {"Class.": "Classification", "Lang.": "Language"}
    assert {shown.get(c, c) for c in header} <= set(columns)
    assert {"Approved by", "Approved on"} <= set(columns)


def test_table_columns_fit_their_content_and_text_is_left_aligned(example_site: Path) -> None:
    page = next(
        p for p in pages_of(example_site / "pdf" / "POL-001-v2.2.pdf") if any(w.text == "Principle" for w in p.words)
    )
    number = next(w for w in page.words if w.text == "#")
    principle = next(w for w in page.words if w.text == "Principle" and abs(w.y - number.y) < 1)
    meaning = next(w for w in page.words if w.text == "What" and abs(w.y - number.y) < 1)
    assert principle.x - number.x < 25  # the "#" column is as narrow as its numbers
    assert meaning.x - principle.x > 120  # the text columns share the rest
    row = next(w for w in page.words if w.text == "1" and w.y > number.y)
    client = next(w for w in page.words if w.text == "Client" and abs(w.y - row.y) < 1)
    assert abs(row.x - number.x) < 0.5 and abs(client.x - principle.x) < 0.5  # left-aligned, not centred


def test_japanese_table_cells_and_paragraphs_leave_no_short_orphan_lines(example_site: Path) -> None:
    for document in ("POL-001-JA", "STD-SU-01-JA", "PRO-IR-01-JA", "STD-SU-01-ZH"):
        (name,) = [p.name for p in (example_site / "pdf").glob(f"{document}-v*.pdf")]  # the current version
        out = subprocess.run(
            ["pdftotext", "-bbox-layout", str(example_site / "pdf" / name), "-"], capture_output=True, text=True
        ).stdout
        lines = [
            "".join(re.findall(r">([^<]*)</word>", line)) for line in re.findall(r"<line[^>]*>(.*?)</line>", out, re.S)
        ]
        assert len(lines) > 150, name
        assert [line for line in lines if len(line) <= 2 and line.endswith("。")] == [], name


def test_every_pdf_is_titled_by_its_real_title(example_site: Path) -> None:
    manifest = json.loads((example_site / "pdf" / "manifest.json").read_text(encoding="utf-8"))
    entries = [e for e in manifest["documents"] if e["file"].endswith(".pdf")]
    assert len(entries) > 60
    for entry in entries:
        assert pdf_info(example_site / "pdf" / entry["file"])["Title"] == entry["title"], entry["file"]
    assert pdf_info(example_site / "pdf" / "isms-manual.pdf")["Title"] == "ISMS manual"
    (japanese,) = (example_site / "pdf").glob("POL-001-JA-v*.pdf")
    assert pdf_info(japanese)["Title"] == "情報セキュリティ基本方針"


def test_the_manual_contents_are_grouped_by_level(example_site: Path) -> None:
    pages = subprocess.run(
        ["pdftotext", "-layout", "-l", "2", str(example_site / "pdf" / "isms-manual.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    contents = pages[pages.index("Contents") :]
    groups = ["Policies", "Standards", "Procedures", "Record templates", "Statement of Applicability"]
    entries = [line.strip() for line in contents.splitlines() if line.strip()]
    heads = [line.split(" .")[0].strip() for line in entries if line.split(" .")[0].strip() in groups]
    assert heads == groups
    order = [line.split()[0] for line in entries if re.match(r"(POL|STD|PRO|REC|SOA)-", line)]
    assert order[0] == "POL-001" and order[-1] == "SOA-001" and len(order) == 42
    position = {head: next(i for i, line in enumerate(entries) if line.startswith(head)) for head in groups}
    standard = next(i for i, line in enumerate(entries) if line.startswith("STD-AC-01"))
    assert position["Standards"] < standard < position["Procedures"]
    # a level's entry never ends a page of the contents: it goes over with its first document
    for page in pages.split("\f"):
        lines = [line.split(" .")[0].strip() for line in page.splitlines() if " . ." in line]
        assert not lines or lines[-1] not in groups, page


def test_the_manual_and_registers_name_their_source_commit_once_in_a_one_line_footer(example_site: Path) -> None:
    """Versioned by their source commit, which the footer's right-hand side names: not again as a version."""
    for name in ("isms-manual", "document-register", "records-register"):
        text = subprocess.run(
            ["pdftotext", "-layout", "-f", "2", "-l", "2", str(example_site / "pdf" / f"{name}.pdf"), "-"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        footer = [line for line in text.splitlines() if line.strip()][-1]
        assert re.fullmatch(
            rf"{name} · Generated from the sources +Page 2 of \d+ +[0-9a-f]{{8}}(\+dirty)? · Uncontrolled when printed",
            footer.strip(),
        ), footer


def test_the_soa_pdf_has_reasons_justification_status_implementers_and_summary_counts(example_site: Path) -> None:
    text = " ".join(
        subprocess.run(
            ["pdftotext", "-layout", str(example_site / "pdf" / "SOA-001-v1.2.pdf"), "-"],
            capture_output=True, text=True, check=True,
        ).stdout.split()
    )  # fmt: skip
    index = indexed(REPOSITORY)
    decisions = [index.decision(c.id) for c in index.catalog.annex_a]
    applicable = sum(1 for d in decisions if d and d.applicable)
    excluded = sum(1 for d in decisions if d and d.excluded)
    implemented = sum(1 for d in decisions if d and d.applicable and d.status and d.status.value == "implemented")
    assert (applicable, excluded) == (91, 2)
    assert "Summary" in text and "Reasons Justification Status Implemented" in text
    assert f"93 {applicable} {excluded} 0 {implemented}" in text
    assert "A.5 Organizational controls 37 37 0 35" in text  # theme: controls, applicable, excluded, implemented
    # The reasons in the SoA page's words; in reading order, as a cell wraps "risk treatment" in two lines
    soa = str(example_site / "pdf" / "SOA-001-v1.2.pdf")
    reading = subprocess.run(["pdftotext", soa, "-"], capture_output=True, text=True, check=True).stdout
    reading = " ".join(reading.split())
    assert "A.5.1 Policies for information security yes risk treatment, contractual" in reading


def test_a_pdf_form_gives_text_areas_several_lines_and_ends_with_a_sign_off_block(example_site: Path) -> None:
    pages = pages_of(example_site / "pdf" / "REC-IR-01-v1.1.pdf")
    words = [(number, w) for number, page in enumerate(pages) for w in page.words]

    def top(first_word: str, after: str = "") -> tuple[int, float]:
        found = [(n, w.y) for n, w in words if w.text == first_word]
        return found[0] if not after else next(f for f in found if f > top(after))

    ticket = top("Ticket", "Form")
    one_line = top("Date", "Ticket")  # "Date and time reported" follows the one-line "Ticket number" field
    assert ticket[0] == one_line[0] and one_line[1] - ticket[1] < 40
    timeline = top("Timeline")
    evidence = top("Evidence", "Timeline")
    assert timeline[0] == evidence[0] and evidence[1] - timeline[1] > 110  # five writing lines
    text = " ".join(w.text for _, w in words)
    assert "Completion and sign-off" in text and "Completed by" in text and "Reviewed by" in text
    options = ["phishing or account compromise", "lost or stolen device", "misdirected e-mail or file share"]
    for option in options:  # each option's words on one line: nothing wraps inside a checkbox label
        first = option.split()[0]
        start = next(i for i, (_, w) in enumerate(words) if w.text == first)
        placed = [w for _, w in words[start : start + len(option.split())]]
        assert " ".join(w.text for w in placed) == option and len({round(w.y) for w in placed}) == 1


def _docx_parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as docx:
        return {name: docx.read(name).decode("utf-8") for name in docx.namelist() if name.endswith((".xml", ".rels"))}


def _text(xml: str) -> str:
    return "".join(t.text or "" for t in ElementTree.fromstring(xml).iter(f"{W}t"))


def test_docx_forms_have_header_footer_properties_and_content_controls(example_site: Path) -> None:
    docx = example_site / "pdf" / "REC-IR-01-v1.1.docx"
    parts = _docx_parts(docx)
    assert _text(parts["word/header1.xml"]) == "Aozora Bridge Software Co., Ltd.CONFIDENTIALIncident Report"
    footer = parts["word/footer1.xml"]
    assert _text(footer).startswith("REC-IR-01 · Version 1.1 · ApprovedPage 1 of 1")
    assert 'w:instr=" PAGE "' in footer and 'w:instr=" NUMPAGES "' in footer
    document = parts["word/document.xml"]
    assert 'r:id="rIdIsmsHeader"' in document and 'r:id="rIdIsmsFooter"' in document
    assert "\u27e6" not in document  # the form marker is replaced by the form
    core = ElementTree.fromstring(parts["docProps/core.xml"])
    found = {element.tag.split("}")[1]: element.text for element in core}
    assert found["title"] == "Incident Report"
    assert found["subject"] == "REC-IR-01 · Record template · CONFIDENTIAL"
    assert found["creator"] == "Chief Information Security Officer"
    assert found["keywords"] == "REC-IR-01, Record template, confidential, A.5.26, A.5.27, 8.1"
    assert found["version"] == "1.1" and found["contentStatus"] == "Approved"
    body = ElementTree.fromstring(document)
    controls = list(body.iter(f"{W}sdt"))
    boxes = [
        c
        for c in controls
        if c.find(f"{W}sdtPr/{{http://schemas.microsoft.com/office/word/2010/wordml}}checkbox") is not None
    ]
    assert len(boxes) == 3 + 4 + 10 + 1  # triage, severity, category options; the personal-data box
    areas = [
        c for c in controls if (kind := c.find(f"{W}sdtPr/{W}text")) is not None and kind.get(f"{W}multiLine") == "1"
    ]
    assert len(areas) == 6  # every `text` field of the template is a multi-line text area
    assert "Completion and sign-off" in _text(document)
    with zipfile.ZipFile(docx) as archive:
        names = archive.namelist()
        assert names == sorted(names) and {i.date_time for i in archive.infolist()} == {(2026, 11, 21, 9, 24, 14)}


def test_dashboard_registers_and_manual_give_the_same_document_count(example_site: Path) -> None:
    count = indexed(REPOSITORY).document_count
    assert count == 42
    dashboard = (example_site / "registers" / "dashboard" / "index.html").read_text(encoding="utf-8")
    assert f"{count} controlled documents" in " ".join(re.sub(r"<[^>]+>", "", dashboard).split())
    register = re.sub(r"<[^>]+>", "", (example_site / "registers" / "documents" / "index.html").read_text())
    assert f"The master list of controlled documents: {count} documents" in " ".join(register.split())
    pdf = example_site / "pdf"

    def first_page(name: str) -> str:
        out = subprocess.run(["pdftotext", "-l", "1", str(pdf / name), "-"], capture_output=True, text=True, check=True)
        return " ".join(out.stdout.split())

    assert f"{count} controlled documents: the 29 below, and 13 record templates" in first_page("document-register.pdf")
    assert f"13 record templates, of the {count} controlled documents." in first_page("records-register.pdf")
    assert f"Documents {count} Source commit" in first_page("isms-manual.pdf")
