"""The PDFs made from the whole ISMS (isms.render.bundles): the registers, laid out by the template
from their rows, every value printed as the text it is."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from isms.core.revisions import SourceCommit
from isms.core.settings import RenderLimits
from isms.render.ahead import converted_ahead
from isms.render.bundles import REGISTER_BODY, manual_job, register_jobs, register_rows
from isms.render.engine import PdfJob, render
from isms.resolve.index import Index
from support.paths import FIXTURES
from support.trees import indexed, replace_once

SOURCE = SourceCommit("0123456789abcdef", 1_780_000_000)


@pytest.fixture(scope="module")
def index() -> Index:
    return indexed(FIXTURES / "base")


def _jobs(index: Index) -> list[PdfJob]:
    return register_jobs(index, {d.path: SOURCE for d in index.corpus.documents}, pdfa=False)


def _text(pdf: bytes, folder: Path) -> str:
    path = folder / "register.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_registers_have_every_column_of_the_register_workbooks_and_the_one_document_count(index: Index) -> None:
    assert index.document_count == 5
    assert register_rows(index) == [
        (
            "document-register",
            "Document register",
            {
                "lead": "5 controlled documents: the 4 below, and 1 record template in the records register.",
                "columns": [
                    "ID", "Title", "Level", "Version", "Status", "Owner", "Approver", "Approved by", "Approved on",
                    "Effective", "Next review", "Classification", "Language",
                ],
                "rows": [
                    [
                        "POL-001", "Information Security Policy", "policy", "1.0", "approved", "CISO", "Top management",
                        "Alice Example", "2026-06-01", "2026-06-15", "2027-06-15", "internal", "en",
                    ],
                    [
                        "STD-AC-01", "Access Control Standard", "standard", "1.0", "approved", "Top management", "CISO",
                        "Bob Example", "2026-06-01", "2026-06-15", "2027-06-15", "internal", "en",
                    ],
                    [
                        "PRO-UA-01", "User Access Procedure", "procedure", "1.0", "approved", "Top management", "CISO",
                        "Bob Example", "2026-06-01", "2026-06-15", "2027-06-15", "internal", "en",
                    ],
                    [
                        "SOA-001", "Statement of Applicability", "soa", "1.0", "approved", "CISO", "Top management",
                        "Alice Example", "2026-06-01", "2026-06-15", "2027-06-15", "internal", "en",
                    ],
                ],
            },
        ),
        (
            "records-register",
            "Records register",
            {
                "lead": "1 record template, of the 5 controlled documents.",
                "columns": [
                    "ID", "Record", "Owner", "Retention", "Storage", "Produced by", "Version", "Status",
                    "Classification",
                ],
                "rows": [
                    [
                        "REC-AQ-01", "Access Request", "Top management", "2 years after account closure",
                        "IT service desk", "STD-AC-01, PRO-UA-01", "1.0", "approved", "internal",
                    ],
                ],
            },
        ),
    ]  # fmt: skip


def test_a_register_job_carries_its_rows_as_data_and_no_markdown_for_pandoc(index: Index) -> None:
    for job, (register_id, _, register) in zip(_jobs(index), register_rows(index), strict=True):
        assert (job.document_id, job.markdown, job.converted) == (register_id, "", REGISTER_BODY)
        meta = json.loads(job.meta)
        assert (meta["register"], meta["landscape"], meta["table_text"]) == (register, True, 8)


def test_the_batches_leave_a_register_as_it_is(index: Index) -> None:
    jobs = _jobs(index)
    assert list(converted_ahead(jobs, RenderLimits(), workers=2)) == jobs


def test_a_changed_row_renders_the_register_again(base_tree: Path, index: Index) -> None:
    replace_once(base_tree, "policies/STD-AC-01-access.md", "title: Access Control Standard", "title: Access Standard")
    before, after = _jobs(index)[0], _jobs(indexed(base_tree))[0]
    assert before.key != after.key
    assert _jobs(index)[1].key == _jobs(indexed(base_tree))[1].key  # the records register holds no title of it


def test_a_hostile_title_in_a_register_is_printed_as_its_text(base_tree: Path, tmp_path: Path) -> None:
    hostile = "title: 'A | B <script>x</script> #isms-ref(\"y\") *z* $x$ ]) @chen'"
    replace_once(base_tree, "policies/STD-AC-01-access.md", "title: Access Control Standard", hostile)
    document_register = _jobs(indexed(base_tree))[0]
    text = _text(render(document_register), tmp_path)
    assert "5 controlled documents: the 4 below, and 1 record template in the records register." in text
    assert "Approved on" in text and "Bob Example" in text
    words = "".join(text.split())  # the title wraps in its cell
    assert 'A|B<script>x</script>#isms-ref("y")*z*$x$])@chen' in words


def test_a_hostile_title_in_the_manual_is_printed_as_its_text(base_tree: Path, tmp_path: Path) -> None:
    hostile = "title: 'A \\\" *b* #set page(width: 1pt) <x> $y$ ]) @chen'"
    replace_once(base_tree, "policies/STD-AC-01-access.md", "title: Access Control Standard", hostile)
    index = indexed(base_tree)
    sources = {d.path: SOURCE for d in index.corpus.documents}
    text = _text(render(manual_job(index, sources, False, tmp_path / "parts", {})), tmp_path)
    pages = ["".join(page.split()) for page in text.split("\f")]
    chapter = 'STD-AC-01A\\"*b*#setpage(width:1pt)<x>$y$])@chen'
    counts = [page.count(chapter) for page in pages]
    assert (counts[:3], sum(counts)) == ([1, 0, 1], 2)  # in the contents, then on its page
    assert "Standards" + chapter + "Version1.0·effective2026-06-15·ownerTopmanagement·INTERNAL" in pages[2]


def test_a_manual_with_no_approved_document_says_so(base_tree: Path, tmp_path: Path) -> None:
    for path in [*base_tree.glob("policies/*"), *base_tree.glob("records-templates/*")]:
        path.write_text(path.read_text(encoding="utf-8").replace("status: approved", "status: draft"), "utf-8")
    index = indexed(base_tree)
    sources = {d.path: SOURCE for d in index.corpus.documents}
    job = manual_job(index, sources, False, tmp_path / "parts", {})
    assert (job.parts, job.heads, json.loads(job.meta)["outline"]) == ((), (), False)
    text = " ".join(_text(render(job), tmp_path).split())
    assert "Documents 0 of 5 (the approved ones)" in text
    assert "No document is approved yet. The manual holds every approved document, in hierarchy order." in text
    assert "Contents" not in text and "[" not in text


def test_the_manual_and_the_registers_speak_the_isms_s_default_language(base_tree: Path, tmp_path: Path) -> None:
    """An ISMS whose default language is Japanese: the manual's title, control block, chapter heads and
    page words, and the registers' titles, sentences and columns are Japanese; the documents' own texts
    are as written."""
    replace_once(
        base_tree, "isms.yml", "languages: [en, ja, zh-CN]", "languages: [ja, en, zh-CN]\ndefault_language: ja"
    )
    index = indexed(base_tree)
    sources = {d.path: SOURCE for d in index.corpus.documents}
    (document_register, _), (records_register, _) = [(title, register) for _, title, register in register_rows(index)]
    assert (document_register, records_register) == ("文書管理台帳", "記録管理台帳")
    rows = {register_id: register for register_id, _, register in register_rows(index)}
    assert rows["document-register"]["lead"] == "管理文書 5 件：以下の 4 件と、記録管理台帳の記録様式 1 件。"
    assert rows["records-register"]["lead"] == "記録様式 1 件（管理文書 5 件のうち）。"
    assert rows["document-register"]["columns"][:5] == ["文書番号", "表題", "区分", "版", "状態"]

    job = manual_job(index, sources, False, tmp_path / "parts", {})
    meta = json.loads(job.meta)
    assert (job.title, meta["title"], meta["level_label"], meta["lang"]) == (
        "ISMS マニュアル",
        "ISMS マニュアル",
        "承認済み文書の合本",
        "ja",
    )
    assert meta["control"] == [["文書", "5", "元のコミット", SOURCE.label]]
    assert meta["classification_label"] == "社外秘"  # the highest classification, in the catalog's word
    assert job.heads[0] == (
        '= #"方針"\n== #"POL-001 Information Security Policy"\n<part-POL-001>\n'
        '#emph("版 1.0 · 施行日 2026-06-15 · 所管 CISO · 社外秘")\n'
    )
    text = " ".join(_text(render(job), tmp_path).split())
    assert "ISMS マニュアル" in text and "目次" in text and "原本から生成" in text
    assert "Contents" not in text and "Generated from the sources" not in text
    replace_once(base_tree, "policies/STD-AC-01-access.md", "status: approved", "status: draft")
    drafted = manual_job(indexed(base_tree), sources, False, tmp_path / "parts", {})
    assert json.loads(drafted.meta)["control"][0][1] == "5 件中 4 件（承認済みのもの）"
