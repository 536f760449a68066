"""`isms build`: the site (and, as later capabilities land, the PDFs) in one atomic step.

The build writes into a fresh folder beside the output and replaces the previous output only when
everything succeeded, so a failed or interrupted build leaves the last good site in place.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import cast

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from isms.core.errors import IsmsError
from isms.core.files import atomic_directory, exclusive
from isms.core.settings import Settings
from isms.git.commits import PointInTime, resolve_as_of
from isms.git.history import read_history
from isms.git.run import GitError, toplevel
from isms.git.tree import write_tree
from isms.host import HOST, languages
from isms.host.plugin import BuildRequest, IsmsPlugin, SharedBuild
from isms.read.source_files import AS_OF_PREFIX, AUDIENCES_FOLDER
from isms.render import links


class BuildFailed(IsmsError):
    pass


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    warnings: list[str]


AUDIENCES_DIR = AUDIENCES_FOLDER
LOCK_FILE = ".isms-cache/build.lock"  # one build of a repository at a time


def build_site(
    root: Path,
    today: date,
    site_dir: Path | None = None,
    strict: bool = False,
    as_of: str = "",
    audience: str = "",
) -> BuildResult:
    """Build the site and PDFs; with `as_of` (a date or a revision), of the repository as it was then.

    A build of the past reads the sources from git into a temporary folder, so the working tree is
    never touched, and goes by default to site-as-of-<date or revision> beside the usual output.
    With `audience`, only what that audience may see is built, by default into site-audiences/NAME.
    """
    if audience and site_dir is None:
        site_dir = root / AUDIENCES_DIR / audience
    with exclusive(root / LOCK_FILE):
        if not as_of:
            return _build(root, root, today, site_dir, strict, audience=audience)
        return _build_as_of(root, today, site_dir, strict, as_of, audience)


def _build_as_of(
    root: Path, today: date, site_dir: Path | None, strict: bool, as_of: str, audience: str
) -> BuildResult:
    if toplevel(root) is None:
        raise BuildFailed(f"{root} is not a git repository, so there is no past to build")
    try:
        point = resolve_as_of(root, as_of)
    except GitError as error:
        raise BuildFailed(str(error)) from None
    with tempfile.TemporaryDirectory(prefix="isms-as-of-") as scratch:
        tree = Path(scratch)
        try:
            write_tree(root, point.commit, tree)
        except GitError as error:
            raise BuildFailed(f"cannot read commit {point.commit[:8]}: {error}") from None
        default = root / f"{AS_OF_PREFIX}{_safe(as_of)}"
        day = point.day or today
        return _build(tree, root, day, site_dir or default, strict, point, audience)


def build_audiences(root: Path, today: date, out: Path | None = None, strict: bool = False) -> list[BuildResult]:
    """Every audience of isms.yml into out/NAME (default site-audiences/): all replaced together, or none.
    The audiences are built side by side, one per core, after the history is read once for all of them."""
    settings, problems = _settings(root)  # each audience's build checks the whole ISMS
    if settings is None:
        raise BuildFailed(problems)
    audiences = [a.id for a in settings.audiences]
    if not audiences:
        raise BuildFailed("isms.yml defines no audiences; add them under audiences: (see the README)")
    target = (out or root / AUDIENCES_DIR).resolve()
    warnings: list[str] = []
    with exclusive(root / LOCK_FILE), atomic_directory(target) as staging:
        read_history(root, settings)  # once, kept in .git/isms for every audience's build to find
        added = in_parallel(
            tuple(audiences),
            lambda name: warnings.extend(_build(root, root, today, staging / name, strict, audience=name).warnings),
            warnings,
        )
    return [BuildResult(target / name, added[name]) for name in audiences]


def _build(
    source: Path,
    root: Path,
    today: date,
    site_dir: Path | None,
    strict: bool,
    point: PointInTime | None = None,
    audience: str = "",
) -> BuildResult:
    """One site, in each of its languages: the default language at the root, built first (it opens
    the ISMS and renders the PDFs that every language version links), then each other language in
    its folder. MkDocs cleans the folder it builds into, so the root's build must come first."""
    config_file = source / "mkdocs.yml"
    if not config_file.is_file():
        where = f" at commit {point.commit[:8]}" if point else ""
        raise BuildFailed(f"no mkdocs.yml in {root}{where}; the site needs one (see the README)")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    settings, _ = _settings(source)  # when it cannot be read, the build reports why with all else
    site_languages = settings.site_languages if settings else ("",)
    folders = links.language_folders(site_languages)
    shared = SharedBuild()
    git_root = root if point is not None else None

    def build(language: str, config: MkDocsConfig) -> None:
        config.extra["alternate"] = languages.alternates(site_languages) if len(site_languages) > 1 else []
        if len(site_languages) > 1:
            config.theme["language"] = languages.theme_language(language, config.theme.dirs)
            if config.site_url:
                config.site_url = config.site_url.rstrip("/") + "/" + folders[language]
        plugin = cast(IsmsPlugin, config.plugins["isms"])
        plugin.request = BuildRequest(today, audience, point, git_root, language=language, shared=shared)
        config.site_dir = str(staging / folders[language])
        try:
            mkdocs_build(config)
        except SystemExit as error:  # mkdocs' Abort is a SystemExit
            raise BuildFailed(str(error)) from None
        except MkDocsException as error:
            raise BuildFailed(error.format_message()) from None

    with _captured_warnings() as warnings:
        config = _config(config_file, strict, warnings)
        target = Path(site_dir or config.site_dir).resolve()
        with atomic_directory(target) as staging:
            build(site_languages[0], config)  # opens the ISMS and renders the PDFs, once
            others = site_languages[1:]
            in_parallel(others, lambda language: build(language, _config(config_file, strict, warnings)), warnings)
    return BuildResult(target, warnings)


def in_parallel(items: tuple[str, ...], build: Callable[[str], None], warnings: list[str]) -> dict[str, list[str]]:
    """Build side by side (the other language versions, once the ISMS is open and its PDFs rendered,
    which they share read-only; or the audiences' sites), in forked processes, as many at a time as there
    are cores. Each sends back the warnings it added to `warnings`, or why it failed; they are added in the
    order of `items` and returned by item. Without fork, or on one core, one after another."""
    added: dict[str, list[str]] = {}
    workers = min(len(items), os.cpu_count() or 1)
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for item in items:
            before = len(warnings)
            build(item)
            added[item] = warnings[before:]
        return added
    context = multiprocessing.get_context("fork")
    waiting = list(items)
    running: list[tuple[str, BaseProcess, Connection]] = []
    failures: list[str] = []
    while waiting or running:
        while waiting and len(running) < workers:
            item = waiting.pop(0)
            receiving, sending = context.Pipe(duplex=False)
            child = context.Process(target=_child, args=(build, item, warnings, sending))
            child.start()
            sending.close()
            running.append((item, child, receiving))
        item, process, receiving = running.pop(0)
        try:
            failure, added[item] = receiving.recv()
        except EOFError:
            failure, added[item] = f"the build of '{item}' ended without a word (killed, or out of memory)", []
        process.join()
        warnings.extend(added[item])
        if failure:
            failures.append(failure)
    if failures:
        raise BuildFailed("\n".join(failures))
    return added


def _child(build: Callable[[str], None], item: str, warnings: list[str], sending: Connection) -> None:
    before = len(warnings)
    failure = ""
    try:
        build(item)
    except BuildFailed as error:
        failure = str(error)
    except Exception as error:  # a bug: said in the parent's words, since this process has no terminal of its own
        failure = f"internal error in the build of '{item}' ({type(error).__name__}: {error}); please report it"
    sending.send((failure, warnings[before:]))
    sending.close()


def _config(config_file: Path, strict: bool, warnings: list[str]) -> MkDocsConfig:
    try:
        config = load_config(str(config_file), strict=strict)
    except MkDocsException as error:
        details = "".join(f"\n  {message}" for message in warnings)
        raise BuildFailed(f"mkdocs.yml: {error}{details}") from None
    if config.plugins.get("isms") is None:
        raise BuildFailed("mkdocs.yml does not enable the isms plugin; add it under plugins:")
    return config


def _settings(root: Path) -> tuple[Settings | None, str]:
    """isms.yml alone, for what decides the shape of a build (its audiences, its languages), or None
    and the diagnostics that say why it cannot be read."""
    from isms.core.diagnostics import Report
    from isms.read.settings import SETTINGS_FILE, read_settings
    from isms.read.text import read_text

    report = Report()
    text = read_text(root, SETTINGS_FILE, report, max_bytes=1_048_576)
    settings = read_settings(text, report) if text is not None else None
    return settings, "\n".join(d.format() for d in report.finalize())


def _safe(label: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-._" else "-" for ch in label)[:60]


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _captured_warnings() -> Iterator[list[str]]:
    logger = logging.getLogger(HOST.logger)
    collector = _Collector()
    logger.addHandler(collector)
    previous_propagate = logger.propagate
    logger.propagate = False
    try:
        yield collector.messages
    finally:
        logger.removeHandler(collector)
        logger.propagate = previous_propagate
