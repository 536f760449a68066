"""`isms build`: the site (and, as later capabilities land, the PDFs) in one atomic step.

The build writes into a fresh folder beside the output and replaces the previous output only when
everything succeeded, so a failed or interrupted build leaves the last good site in place.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException


class BuildFailed(Exception):
    pass


@dataclass(frozen=True)
class BuildResult:
    site_dir: Path
    warnings: list[str]


def build_site(root: Path, today: date, site_dir: Path | None = None, strict: bool = False) -> BuildResult:
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise BuildFailed(f"no mkdocs.yml in {root}; the site needs one (see the README)")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with _captured_warnings() as warnings:
        try:
            config = load_config(str(config_file), strict=strict)
        except MkDocsException as error:
            raise BuildFailed(f"mkdocs.yml: {error}") from None
        plugin = config.plugins.get("isms")
        if plugin is None:
            raise BuildFailed("mkdocs.yml does not enable the isms plugin; add it under plugins:")
        plugin.config["today"] = today.isoformat()
        target = Path(site_dir or config.site_dir).resolve()
        with atomic_directory(target) as staging:
            config.site_dir = str(staging)
            try:
                mkdocs_build(config)
            except SystemExit as error:  # mkdocs' Abort is a SystemExit
                raise BuildFailed(str(error)) from None
            except MkDocsException as error:
                raise BuildFailed(error.format_message()) from None
    return BuildResult(target, warnings)


@contextmanager
def atomic_directory(target: Path) -> Iterator[Path]:
    """A staging folder that replaces target only if the block finishes without an exception."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    previous = target.parent / f".{target.name}.previous"
    shutil.rmtree(previous, ignore_errors=True)
    if target.exists():
        target.rename(previous)
    staging.rename(target)
    shutil.rmtree(previous, ignore_errors=True)


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _captured_warnings() -> Iterator[list[str]]:
    logger = logging.getLogger("mkdocs")
    collector = _Collector()
    logger.addHandler(collector)
    previous_propagate = logger.propagate
    logger.propagate = False
    try:
        yield collector.messages
    finally:
        logger.removeHandler(collector)
        logger.propagate = previous_propagate
