"""Render jobs converted ahead, a batch per pandoc process (isms.render.ahead): each PDF job gets the
Typst the command line gives for its Markdown, tables of every kind and width included; each form the
DOCX that finishes to the same bytes as the command line's; a batch that fails leaves its jobs to be
converted one by one."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from isms.core.settings import RenderLimits
from isms.render import ahead
from isms.render.ahead import converted_ahead
from isms.render.engine import PdfJob, pandoc, render
from isms.render.pandoc_run import TYPST_OPTIONS
from isms.render.parts import converted_parts

NO_PANDOC = RenderLimits(seconds=0.001)  # no pandoc starts and converts within a millisecond
JOB = PdfJob(
    document_id="", source_path="", filename="", markdown="", meta="{}", timestamp=0, pdfa=False, key="",
    title="", version="1.0", status="approved", commit="",
)  # fmt: skip


def _pipe(width: int) -> str:
    """A pipe table whose header line is `width` characters wide."""
    header = "| Control | Owner | " + "x" * (width - 22) + " |"
    assert len(header) == width
    return header + "\n|---|------|---------|\n| A.5.15 | CISO | yes |\n"


TEXTS = [
    "Aozora Bridge Software Co., Ltd. builds software.\n\n青空ブリッジ\nソフトウェア株式会社\n",
    # Widths around the command line's 72 columns and the batch interface's 80: the same either way.
    *(_pipe(width) for width in (72, 73, 76, 80, 81)),
    "| 管理策 | " + "情" * 34 + " |\n|---|---|\n| A.5.15 | 是 |\n",
    "+------+---------+\n| Role | Duty    |\n+======+=========+\n| CISO | Approve |\n+------+---------+\n",
    "  Right     Left\n-------     ------\n     12     12\n",
    "A footnote.[^1]\n\n[^1]: Its text, which another document's footnote cannot reach.\n",
]


def _jobs() -> list[PdfJob]:
    return [replace(JOB, document_id=f"DOC-{n}", markdown=text) for n, text in enumerate(TEXTS)]


FORM_META = {
    "id": "REC-001", "title": "Access review", "organization": "Example", "classification": "internal",
    "classification_label": "internal", "version": "1.0", "status": "Approved", "level": "Record", "owner": "CISO",
    "language": "en", "keywords": "", "retention": "", "commit": "abc1234",
    "labels": {
        "version": "Version", "page": "Page", "of": "of", "page_end": "", "uncontrolled": "Uncontrolled",
        "retention": "Retention",
    },
    "form_labels": {
        "form_field": "Field", "form_entry": "Entry", "required": "required", "sign_off": "Sign-off",
        "completed_by": "Completed by", "reviewed_by": "Reviewed by", "name": "Name", "date": "Date",
        "signature": "Signature",
    },
    "fields": [],
}  # fmt: skip


def test_each_job_gets_the_typst_the_command_line_gives_its_markdown() -> None:
    jobs = _jobs()
    converted = list(converted_ahead(jobs, RenderLimits(), workers=2))
    assert [job.document_id for job in converted] == [job.document_id for job in jobs]
    for job in converted:
        assert job.converted == pandoc(job, "typst", list(TYPST_OPTIONS)).decode("utf-8"), job.markdown


def test_each_form_finishes_to_the_bytes_of_the_command_lines_docx() -> None:
    form = replace(JOB, kind="docx", meta=json.dumps(FORM_META), timestamp=1_700_000_000)
    forms = [replace(form, document_id=f"FORM-{n}", markdown=text) for n, text in enumerate(TEXTS)]
    pictured = replace(form, document_id="PICTURED", markdown="# Form\n\n![A chart](/policies/chart.png)\n")
    converted = list(converted_ahead([*forms, pictured, *_jobs()[:1]], RenderLimits(), workers=2))
    for job, alone in zip(converted, forms, strict=False):
        assert job.converted, job.document_id  # converted in the batch
        assert render(job) == render(alone), job.markdown
    assert converted[len(forms)] == pictured  # the command line reads the image's file; the batch could not


def test_a_batch_that_fails_leaves_its_jobs_to_be_converted_one_by_one() -> None:
    jobs = _jobs()
    assert list(converted_ahead(jobs, NO_PANDOC, workers=2)) == jobs


def _manual(documents: list[PdfJob], folder: Path) -> PdfJob:
    heads = ('= #"Policies"\n== #"POL-001 Policy"\n<part-POL-001>\n#emph("Version 1.0")\n', '== #"STD-AC-01"\n')
    return replace(
        JOB,
        document_id="isms-manual",
        markdown="manual",
        parts=(documents[0].markdown, documents[1].markdown),
        part_offsets=(2, 2),
        heads=heads,
        parts_folder=str(folder),
    )


def test_the_manual_comes_after_the_batches_and_finds_the_documents_typst_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ahead, "SHARED", 2)  # the batches convert two of its parts: enough to wait for
    documents = _jobs()
    manual = _manual(documents, tmp_path / "parts")
    folder = tmp_path / "parts"
    given = []
    for job in converted_ahead([manual, *documents], RenderLimits(), workers=2):
        if job.parts:  # when the manual is given, the bodies it shares are kept: its worker runs no pandoc
            kept = converted_parts(manual.parts, folder, NO_PANDOC)
        given.append(job)
    converted = [job for job in given if not job.parts]
    assert [job.document_id for job in converted] == [job.document_id for job in documents]  # in their order
    assert [job for job in given if job.parts] == [manual]  # once, as it was
    assert kept == [converted[0].converted, converted[1].converted]  # its heads are Typst already


def test_a_manual_that_shares_few_bodies_with_the_batches_starts_at_once(tmp_path: Path) -> None:
    """One document changed: its body is among the registers' batch; the manual does not wait for it."""
    documents = _jobs()
    manual = _manual(documents, tmp_path / "parts")
    given = converted_ahead([manual, *documents], RenderLimits(), workers=2)
    assert next(given) == manual
    assert [job.document_id for job in given] == [job.document_id for job in documents]
    assert not (tmp_path / "parts").exists()  # its worker converts the parts it lacks
