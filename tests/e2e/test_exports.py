"""Spreadsheets an auditor takes away: the SoA workbook and the registers, in the site and from the CLI."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import time
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from isms.read.labels import labels_in
from support.cli import run_cli
from support.paths import REPOSITORY, TODAY

SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def read_with_the_standard_library(workbook: Path) -> dict[str, list[list[str]]]:
    """A second, independent reader: the XLSX parts read as ZIP and XML, without openpyxl."""
    with zipfile.ZipFile(workbook) as archive:
        shared = []
        if "xl/sharedStrings.xml" in archive.namelist():
            for item in ElementTree.fromstring(archive.read("xl/sharedStrings.xml")).iter(f"{SHEET}si"):
                shared.append("".join(text.text or "" for text in item.iter(f"{SHEET}t")))
        names = [s.get("name") for s in ElementTree.fromstring(archive.read("xl/workbook.xml")).iter(f"{SHEET}sheet")]
        sheets: dict[str, list[list[str]]] = {}
        for number, name in enumerate(names, start=1):
            root = ElementTree.fromstring(archive.read(f"xl/worksheets/sheet{number}.xml"))
            rows = []
            for row in root.iter(f"{SHEET}row"):
                cells = []
                for cell in row.iter(f"{SHEET}c"):
                    value = cell.find(f"{SHEET}v")
                    inline = cell.find(f"{SHEET}is")
                    if cell.get("t") == "s" and value is not None:
                        cells.append(shared[int(value.text or 0)])
                    elif inline is not None:
                        cells.append("".join(t.text or "" for t in inline.iter(f"{SHEET}t")))
                    else:
                        cells.append(value.text if value is not None and value.text else "")
                rows.append(cells)
            sheets[str(name)] = rows
    return sheets


def _text(cell: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split())


def _soa_page_rows(site: Path) -> dict[str, tuple[str, str, str]]:
    """Control → (applicable, justification, status) as the SoA page shows them."""
    page = (site / "registers" / "soa" / "index.html").read_text(encoding="utf-8")
    found = {}
    for row in re.findall(r"<tr>(.*?)</tr>", page, re.S):
        cells = [
            " ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split())
            for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        if len(cells) == 6 and re.match(r"A\.\d+\.\d+ ", cells[0]):
            found[cells[0].split()[0]] = (cells[1].replace("no", "no"), cells[3], cells[4])
    return found


def test_the_soa_workbook_opens_in_two_readers_and_its_rows_are_the_soa_page_s(example_site: Path) -> None:
    from openpyxl import load_workbook

    workbook = next((example_site / "pdf").glob("SOA-001-v*.xlsx"))
    opened = load_workbook(workbook)
    assert opened.sheetnames == ["Document control", "Annex A", "Clauses 4-10"]
    independent = read_with_the_standard_library(workbook)
    by_openpyxl = [
        [("" if c is None else str(c)) for c in row] for row in opened["Annex A"].iter_rows(values_only=True)
    ]
    assert by_openpyxl == [row + [""] * (len(by_openpyxl[0]) - len(row)) for row in independent["Annex A"]]

    header, *rows = by_openpyxl
    assert header[:3] == ["Control", "Title", "Theme"] and "Security domains" in header and header[-1] == "Owners"
    assert len(rows) == 93
    column = {name: position for position, name in enumerate(header)}
    page = _soa_page_rows(example_site)
    assert len(page) == 93
    words = labels_in("en")  # the page shows a status by its label, the workbook by its value
    for row in rows:
        applicable, justification, status = page[row[0]]
        shown = words(f"implementation.{row[column['Status']]}") if row[column["Status"]] else ""
        assert (row[column["Applicable"]], row[column["Justification"]], shown) == (
            applicable,
            justification,
            status,
        )
    control = dict((r[0], r[1]) for r in independent["Document control"][1:])
    assert control["Document"] == "SOA-001" and len(control["SHA-256 of the source"]) == 64
    assert (
        control["SHA-256 of the source"]
        == __import__("hashlib").sha256((REPOSITORY / "policies" / "applicability.yml").read_bytes()).hexdigest()
    )
    clauses = independent["Clauses 4-10"]
    assert clauses[0] == ["Clause", "Title", "Documented information required", "Provided by"]
    assert any(row[0] == "6.1.3" and "SOA-001" in row[-1] for row in clauses[1:])


def test_exports_are_listed_checked_and_linked_like_the_pdfs(example_site: Path) -> None:
    manifest = json.loads((example_site / "pdf" / "manifest.json").read_text(encoding="utf-8"))
    files = {entry["file"]: entry for entry in manifest["documents"]}
    sums = dict(line.split("  ")[::-1] for line in (example_site / "pdf" / "SHA256SUMS").read_text().splitlines())
    for name in (
        "document-register.xlsx",
        "records-register.xlsx",
        next(iter(n for n in files if n.startswith("SOA-001") and n.endswith(".xlsx"))),
    ):
        data = (example_site / "pdf" / name).read_bytes()
        digest = __import__("hashlib").sha256(data).hexdigest()
        assert files[name]["sha256"] == digest == sums[name]
    soa_page = (example_site / "registers" / "soa" / "index.html").read_text(encoding="utf-8")
    assert re.search(
        r'<a class="md-button" href="[^"]*pdf/SOA-001-v[\d.]+\.xlsx">Download as a spreadsheet \(XLSX\)</a>', soa_page
    )
    register = (example_site / "registers" / "documents" / "index.html").read_text(encoding="utf-8")
    assert "document-register.xlsx" in register


def test_the_cli_writes_the_same_bytes_each_time_and_csv_and_json(tmp_path: Path) -> None:
    first, second = tmp_path / "one.xlsx", tmp_path / "two.xlsx"
    for target in (first, second):
        result = run_cli("--root", str(REPOSITORY), "export", "soa", "--out", str(target), "--today", TODAY)
        assert result.exit_code == 0, result.stderr
        time.sleep(1.1)  # a workbook that carried the time of writing would differ now
    assert first.read_bytes() == second.read_bytes()

    registers = tmp_path / "registers.xlsx"
    assert run_cli("--root", str(REPOSITORY), "export", "registers", "--out", str(registers)).exit_code == 0
    sheets = read_with_the_standard_library(registers)
    assert list(sheets) == ["Document register", "Records register"]
    assert sheets["Document register"][0][:7] == ["ID", "Title", "Level", "Version", "Status", "Owner", "Approver"]

    annex = run_cli("--root", str(REPOSITORY), "export", "soa", "--format", "csv")
    assert annex.stdout.startswith("\ufeffControl,Title,Theme,")
    assert len(list(csv.reader(io.StringIO(annex.stdout.removeprefix("\ufeff"))))) == 94
    due = run_cli("--root", str(REPOSITORY), "export", "due", "--format", "json", "--today", "2027-12-31")
    rows = json.loads(due.stdout)["tables"][0]["rows"]
    assert rows and all(row["State"] == "overdue" for row in rows)
    acks = run_cli("--root", str(REPOSITORY), "export", "acks", "--format", "csv")
    assert "POL-001," in acks.stdout and "again: only an earlier version" in acks.stdout


def test_a_value_that_looks_like_a_formula_stays_text(base_tree: Path, tmp_path: Path) -> None:
    soa = base_tree / "policies" / "applicability.yml"
    soa.write_text(soa.read_text(encoding="utf-8").replace("Needed by the fixture.", "'=HYPERLINK(\"http://x\")'"))
    out = tmp_path / "soa.xlsx"
    result = run_cli("--root", str(base_tree), "export", "soa", "--out", str(out), "--today", TODAY)
    assert result.exit_code == 0, result.stdout + result.stderr
    rows = read_with_the_standard_library(out)["Annex A"]
    justification = rows[0].index("Justification")
    assert rows[1][justification] == '\'=HYPERLINK("http://x")'
    with zipfile.ZipFile(out) as archive:
        assert not any(b"<f>" in archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets"))
