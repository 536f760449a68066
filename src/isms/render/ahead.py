"""The Markdown of many render jobs converted before they are sent to the workers, a batch per pandoc
process: the Typst of each PDF, the DOCX of each form.

A pandoc process per document spends most of its time starting: about 21 ms a document against
under 5 ms for the same conversion among a hundred others through pandoc's batch interface
(render/parts.py), which reads the Markdown exactly as the command line does with TYPST_OPTIONS (a
form's DOCX: 60 ms a form against a few ms). The batches run side by side, one pandoc process per
worker. A form with an image is left to the command line, which reads the image's file; the batch
interface reads no file. A batch that fails (a document that makes pandoc run without end, or a limit
reached) converts nothing: its jobs go to the workers as they were and are converted one by one there,
where a failure names its document.

The manual's bodies are the documents' Markdown (render/markdown.py `ManualPart`): their Typst from
the batches is kept where the manual looks for its parts, and the manual goes to a worker once every
batch is converted, so pandoc converts each document once in a full build, not again for the manual.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from isms.core.settings import RenderLimits
from isms.render.engine import PdfJob
from isms.render.pandoc_run import RenderError
from isms.render.parts import convert_each, is_kept, keep_converted

BATCH = 100  # jobs per pandoc process: a failure leaves at most this many to convert one by one
SHARED = 100  # a manual waits for the batches when they convert at least this many of its parts


def converted_ahead(jobs: Sequence[PdfJob], limits: RenderLimits, workers: int) -> Iterator[PdfJob]:
    """The jobs, each of one document's Markdown with pandoc's output. Each is given as soon as its
    batch is converted, in their order, so the workers start on the first jobs while pandoc converts
    the rest (the first batches are small for that); a manual is given once every batch is converted."""
    plain = [position for position, job in enumerate(jobs) if _batched(job)]
    if len(plain) < 2:  # one job gains nothing
        yield from jobs
        return
    batches = _batches(plain, min(BATCH, math.ceil(len(plain) / max(1, workers))))

    def convert(batch: list[int]) -> list[str] | None:
        try:
            texts = [jobs[position].markdown for position in batch]
            formats = ["docx" if jobs[position].kind == "docx" else "typst" for position in batch]
            return convert_each(texts, limits, formats=formats)
        except RenderError:
            return None

    pool = ThreadPoolExecutor(max_workers=max(1, workers))
    try:
        where: dict[int, tuple[Future[list[str] | None], int]] = {}
        futures = []
        for batch in batches:
            futures.append(pool.submit(convert, batch))
            where.update((position, (futures[-1], offset)) for offset, position in enumerate(batch))
        # The manual waits for the batches when they convert many of its bodies; for a few it starts at
        # once and converts them itself (one document changed: its body among the registers)
        batched = {jobs[position].markdown for position in plain if jobs[position].kind == "pdf"}
        waiting = [job for job in jobs if job.parts and _shared(job, batched) >= SHARED]
        for position, job in enumerate(jobs):
            if waiting and all(future.done() for future in futures):
                yield from _with_bodies_kept(waiting, jobs, where)
                waiting = []
            if job in waiting:
                continue
            if position not in where:
                yield job
                continue
            future, offset = where[position]
            converted = future.result()
            yield replace(job, converted=converted[offset]) if converted else job
        yield from _with_bodies_kept(waiting, jobs, where)
    finally:  # also when the caller stops taking jobs: batches not started are not converted
        pool.shutdown(wait=True, cancel_futures=True)


def _shared(manual: PdfJob, batched: set[str]) -> int:
    """How many of the manual's parts the batches convert that it does not find kept."""
    folder = Path(manual.parts_folder)
    return sum(1 for part in set(manual.parts) & batched if not is_kept(folder, part))


def _with_bodies_kept(
    manuals: list[PdfJob], jobs: Sequence[PdfJob], where: dict[int, tuple[Future[list[str] | None], int]]
) -> Iterator[PdfJob]:
    """Each manual job, once the documents' Typst it shares is kept where it looks for its parts."""
    for manual in manuals:
        parts, folder = set(manual.parts), Path(manual.parts_folder)
        for position, (future, offset) in where.items():
            converted = future.result()
            if converted and jobs[position].kind == "pdf" and jobs[position].markdown in parts:
                keep_converted(folder, jobs[position].markdown, converted[offset])
        yield manual


def _batches(positions: list[int], largest: int) -> list[list[int]]:
    """The positions in batches of 10, 20, 40 … up to `largest`."""
    batches, size, start = [], min(10, largest), 0
    while start < len(positions):
        batches.append(positions[start : start + size])
        start += size
        size = min(largest, size * 2)
    return batches


def _batched(job: PdfJob) -> bool:
    """Whether the batch interface converts the job as the command line would: one document's Markdown
    (the manual converts its own parts; a register has its Typst already), and for a form no image to
    embed."""
    if job.parts or job.converted:
        return False
    return job.kind == "pdf" or (job.kind == "docx" and "![" not in job.markdown)
