"""Render workers bounded in time and memory: a job that breaks a limit fails alone, named, and the
others are still rendered."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path

import pytest

from isms.core.settings import RenderLimits
from isms.render.engine import PdfJob, bounded
from isms.render.pandoc_run import RenderError
from isms.render.pool import render_all, typst_threads


def _job(document_id: str) -> PdfJob:
    return PdfJob(
        document_id=document_id, source_path=f"policies/{document_id}.md", filename=f"{document_id}.pdf",
        markdown="", meta="{}", timestamp=0, pdfa=False, key=document_id, title=document_id, version="1.0",
        status="approved", commit="", first_line=7,
    )  # fmt: skip


def endless_or_quick(job: PdfJob, limits: RenderLimits) -> bytes:
    """Stands in for Typst in a worker: SLOW keeps the compile busy far beyond the limit, HUNGRY asks
    for more memory than allowed, BAD fails as a document error, the rest finish at once."""
    with bounded(limits, job.first_line):
        if job.document_id == "SLOW":
            time.sleep(60)
        if job.document_id == "HUNGRY":
            _ = bytearray(4 * limits.memory_mib * 1024 * 1024)
        if job.document_id == "BAD":
            raise RenderError("typst: unknown variable", 9)
    return job.document_id.encode()


def _outcomes(ids: list[str], limits: RenderLimits, workers: int = 2) -> dict[str, bytes | str]:
    outcomes: dict[str, bytes | str] = {}

    def done(job: PdfJob, outcome: bytes | RenderError) -> None:
        assert job.document_id not in outcomes  # each job is reported once
        outcomes[job.document_id] = outcome if isinstance(outcome, bytes) else f"{outcome.line}: {outcome}"

    render_all([_job(i) for i in ids], limits, workers, done, endless_or_quick)
    return outcomes


def test_a_job_past_the_time_limit_fails_alone_and_the_others_are_rendered() -> None:
    started = time.monotonic()
    outcomes = _outcomes(["A", "SLOW", "B", "BAD", "C", "D"], RenderLimits(seconds=1, memory_mib=512))
    assert time.monotonic() - started < 30  # not the 60 s the job would take
    assert outcomes.pop("SLOW") == (
        "7: typst: stopped after 1 s (limits.render_seconds in isms.yml); split the document or simplify"
        " its largest tables and images"
    )
    assert outcomes == {"A": b"A", "B": b"B", "BAD": "9: typst: unknown variable", "C": b"C", "D": b"D"}


def test_a_job_past_the_memory_limit_fails_alone() -> None:
    outcomes = _outcomes(["HUNGRY", "A", "B"], RenderLimits(seconds=60, memory_mib=64), workers=1)
    assert outcomes.pop("HUNGRY") == (
        "7: typst: needed more than 64 MiB of memory (limits.render_memory_mib in isms.yml); split the"
        " document or simplify its largest tables and images"
    )
    assert outcomes == {"A": b"A", "B": b"B"}


def test_outside_a_worker_the_limits_do_not_apply() -> None:
    """The alarm's default action would end the caller: in the main process the compile is not bounded."""
    assert endless_or_quick(_job("A"), RenderLimits(seconds=0.01)) == b"A"


def typst_threads_of_worker(job: PdfJob, limits: RenderLimits) -> bytes:
    """Stands in for Typst in a worker: the thread count its Typst would start with."""
    return os.environ.get("RAYON_NUM_THREADS", "as many as it likes").encode()


def test_a_few_jobs_leave_typst_every_core_and_many_share_them() -> None:
    assert typst_threads(jobs=4, workers=2, cpus=2) == 0  # the manual after one change, the registers
    assert typst_threads(jobs=1, workers=1, cpus=8) == 0
    assert typst_threads(jobs=5, workers=2, cpus=2) == 1
    assert typst_threads(jobs=1000, workers=2, cpus=8) == 4
    assert typst_threads(jobs=1000, workers=8, cpus=2) == 1


@pytest.mark.parametrize("jobs", [3, 12])
def test_workers_start_typst_with_the_threads_chosen_for_the_build(monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    monkeypatch.delenv("RAYON_NUM_THREADS", raising=False)
    seen: set[bytes] = set()
    every = [_job(f"D{n}") for n in range(jobs)]
    render_all(every, RenderLimits(seconds=30), 2, lambda _, out: seen.add(out), typst_threads_of_worker)
    expected = typst_threads(jobs, 2)
    assert seen == {str(expected).encode() if expected else b"as many as it likes"}


def started_marked(job: PdfJob, limits: RenderLimits) -> bytes:
    """Stands in for Typst in a worker: marks that the job started (its source path names the file)."""
    with open(job.source_path, "w", encoding="ascii") as marker:
        marker.write(job.document_id)
    return job.document_id.encode()


def test_a_worker_that_came_free_starts_its_next_job_before_the_results_are_filed(tmp_path: Path) -> None:
    """Filing a result (the cache's files) takes this process a few milliseconds, more while the workers
    hold the cores; a worker waiting for it would idle that long after every job."""
    jobs = [replace(_job(name), source_path=str(tmp_path / name)) for name in ("A", "B", "C")]
    seen: list[tuple[str, bool]] = []

    def done(job: PdfJob, outcome: bytes | RenderError) -> None:
        following = jobs[jobs.index(job) + 1] if job is not jobs[-1] else None
        deadline = time.monotonic() + 10
        while following is not None and not Path(following.source_path).exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        seen.append((job.document_id, following is None or Path(following.source_path).exists()))

    render_all(jobs, RenderLimits(), 1, done, started_marked)
    assert seen == [("A", True), ("B", True), ("C", True)]
