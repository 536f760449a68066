"""The Markdown of many render jobs converted before they are sent to the workers, a batch per pandoc
process: the Typst of each PDF, the DOCX of each form.

A pandoc process per document spends most of its time starting: about 21 ms a document against
under 5 ms for the same conversion among a hundred others through pandoc's batch interface
(render/parts.py), which reads the Markdown exactly as the command line does with TYPST_OPTIONS (a
form's DOCX: 60 ms a form against a few ms). The batches run side by side, one pandoc process per
worker. A form with an image is left to the command line, which reads the image's file; the batch
interface reads no file. A batch that fails (a document that makes
pandoc run without end, or a limit reached) converts nothing: its jobs go to the workers as they
were and are converted one by one there, where a failure names its document.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace

from isms.core.settings import RenderLimits
from isms.render.engine import PdfJob
from isms.render.pandoc_run import RenderError
from isms.render.parts import convert_each

BATCH = 100  # jobs per pandoc process: a failure leaves at most this many to convert one by one


def converted_ahead(jobs: Sequence[PdfJob], limits: RenderLimits, workers: int) -> Iterator[PdfJob]:
    """The jobs, in the same order, each of one document's Markdown with pandoc's output. Each is given
    as soon as its batch is converted, so the workers start on the first jobs while pandoc converts
    the rest (the first batches are small for that)."""
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
        for batch in batches:
            future = pool.submit(convert, batch)
            where.update((position, (future, offset)) for offset, position in enumerate(batch))
        for position, job in enumerate(jobs):
            if position not in where:
                yield job
                continue
            future, offset = where[position]
            converted = future.result()
            yield replace(job, converted=converted[offset]) if converted else job
    finally:  # also when the caller stops taking jobs: batches not started are not converted
        pool.shutdown(wait=True, cancel_futures=True)


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
    (the manual converts its own parts), and for a form no image to embed."""
    if job.parts:
        return False
    return job.kind == "pdf" or (job.kind == "docx" and "![" not in job.markdown)
