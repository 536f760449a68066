"""Render jobs in worker processes, each job bounded in time and memory.

A job that breaks its limits ends its worker (render/engine.py), and a dead worker breaks the whole
process pool, failing every job in it. So no more jobs are in flight than there are workers: when the
pool breaks, the jobs in flight are the only suspects. Each is then rendered alone in a fresh worker,
which names the culprit, and the jobs not yet started go on in a new pool.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sized
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext

from isms.core.settings import RenderLimits
from isms.render.engine import PdfJob, beyond_limits, enter_bounded_worker, render
from isms.render.pandoc_run import RenderError


def _forget_inherited_forkserver() -> None:
    """In a forked process: forget the parent's forkserver, so the first pool starts one of its own.

    multiprocessing keeps one forkserver per process and asks after it with waitpid, which fails in a
    forked child (the server is its parent's child, not its own): a build forked after PDFs were
    rendered (the sites of the audiences, after an earlier build in the same process) could not render.
    """
    server = getattr(multiprocessing.forkserver, "_forkserver", None)
    for name in ("_forkserver_pid", "_forkserver_address", "_forkserver_alive_fd"):
        if server is not None and hasattr(server, name):
            setattr(server, name, None)


os.register_at_fork(after_in_child=_forget_inherited_forkserver)

Done = Callable[[PdfJob, "bytes | RenderError"], None]
Renderer = Callable[[PdfJob, RenderLimits], bytes]


def render_all(
    jobs: Iterable[PdfJob], limits: RenderLimits, workers: int, done: Done, renderer: Renderer = render, count: int = 0
) -> None:
    """Render every job and hand each result, bytes or the RenderError naming its document, to `done`.
    `renderer` runs in the workers (a module-level function: it is sent to them by name). The jobs are
    taken as workers come free, so they may come from a generator still making them (render/ahead.py);
    `count`: how many there are, when `jobs` cannot say."""
    pending = iter(jobs)
    threads = typst_threads(count or (len(jobs) if isinstance(jobs, Sized) else 0), max(1, workers))
    # Workers come from a fresh forkserver, never forked from a process that may already hold
    # Typst's or pandoc's threads (a fork of a threaded process can deadlock).
    context = multiprocessing.get_context("forkserver" if sys.platform != "win32" else "spawn")
    while True:
        suspects, more = _pooled(pending, limits, max(1, workers), threads, context, done, renderer)
        for suspect in suspects:
            done(suspect, _alone(suspect, limits, context, renderer))
        if not more:
            return


def typst_threads(jobs: int, workers: int, cpus: int | None = None) -> int:
    """The threads each worker's Typst may have (0: as many as it likes). While every worker has a
    job, the cores are shared between them: Typst's own threads on top would contend for them (a full
    build). A few jobs, up to two rounds of the workers, leave cores idle while the longest of them,
    the manual after one change, renders: there Typst takes every core (the 1,000-document manual's
    compile: 2.8 s with two threads against 3.9 s with one)."""
    if jobs <= 2 * workers:
        return 0
    return max(1, (cpus or os.cpu_count() or 1) // workers)


def _pooled(
    pending: Iterator[PdfJob],
    limits: RenderLimits,
    workers: int,
    threads: int,
    context: BaseContext,
    done: Done,
    renderer: Renderer,
) -> tuple[list[PdfJob], bool]:
    """Run jobs from `pending` until it is empty, or until a worker dies: then the jobs in flight, and
    whether `pending` may hold more."""
    with ProcessPoolExecutor(workers, context, enter_bounded_worker, (threads,)) as pool:
        flying: dict[Future[bytes], PdfJob] = {}
        more = True

        def refill() -> None:
            nonlocal more
            while more and len(flying) < workers:
                job = next(pending, None)
                if job is None:
                    more = False
                else:
                    flying[pool.submit(renderer, job, limits)] = job

        refill()
        while flying:
            finished, _ = wait(flying, return_when=FIRST_COMPLETED)
            outcomes: list[tuple[PdfJob, bytes | RenderError]] = []
            broken = False
            for future in finished:
                job = flying.pop(future)
                try:
                    outcomes.append((job, future.result()))
                except BrokenProcessPool:
                    broken = True
                    flying[future] = job
                except RenderError as error:
                    outcomes.append((job, error))
            if not broken:  # the workers that came free start on their next jobs while the results are filed
                refill()
            for job, outcome in outcomes:
                done(job, outcome)
            if broken:
                return list(flying.values()), more
        return [], False


def _alone(job: PdfJob, limits: RenderLimits, context: BaseContext, renderer: Renderer) -> bytes | RenderError:
    """A suspect rendered in a worker of its own: its result, or why its worker died."""
    started = time.monotonic()
    with ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=enter_bounded_worker) as pool:
        try:
            return pool.submit(renderer, job, limits).result()
        except RenderError as error:
            return error
        except BrokenProcessPool:
            pass
    return beyond_limits(limits, job.first_line, time.monotonic() - started >= limits.seconds, known=False)
