"""The Typst of many PDF jobs converted before they are sent to the workers, a batch per pandoc process.

A pandoc process per document spends most of its time starting: about 21 ms a document against
under 5 ms for the same conversion among a hundred others through pandoc's batch interface
(render/parts.py), which reads the Markdown exactly as the command line does with TYPST_OPTIONS. The
batches run side by side, one pandoc process per worker. A batch that fails (a document that makes
pandoc run without end, or a limit reached) converts nothing: its jobs go to the workers as they
were and are converted one by one there, where a failure names its document.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from isms.core.settings import RenderLimits
from isms.render.engine import PdfJob
from isms.render.pandoc_run import RenderError
from isms.render.parts import convert_each

BATCH = 100  # jobs per pandoc process: a failure leaves at most this many to convert one by one


def converted_ahead(jobs: Sequence[PdfJob], limits: RenderLimits, workers: int) -> list[PdfJob]:
    """The jobs, in the same order, each PDF job of one document's Markdown with its Typst."""
    plain = [position for position, job in enumerate(jobs) if job.kind == "pdf" and not job.parts]
    if len(plain) < 2:  # one job gains nothing
        return list(jobs)
    size = min(BATCH, math.ceil(len(plain) / max(1, workers)))
    batches = [plain[start : start + size] for start in range(0, len(plain), size)]

    def convert(batch: list[int]) -> list[str] | None:
        try:
            return convert_each([jobs[position].markdown for position in batch], limits)
        except RenderError:
            return None

    result = list(jobs)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for batch, converted in zip(batches, pool.map(convert, batches), strict=True):
            for position, typst in zip(batch, converted or (), strict=False):
                result[position] = replace(jobs[position], typst=typst)
    return result
