"""Opening an ISMS repository: load, resolve and validate in one call.

The CLI, the MkDocs plugin and the PDF builder all start here, so they agree on what is an error.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from isms.core.diagnostics import Diagnostic, Report, has_errors
from isms.read.load import load
from isms.read.source_cache import SourceCache
from isms.resolve.codeowners import check_current
from isms.resolve.embeds import check_pages, docs_folder
from isms.resolve.index import Index
from isms.resolve.validate import validate


@dataclass(frozen=True)
class Checked:
    index: Index | None
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        return self.index is not None and not has_errors(self.diagnostics)


def check(
    root: Path,
    today: date,
    strict: bool = False,
    ignore: tuple[str, ...] = (),
    docs: Path | None = None,
    cache: SourceCache | None = None,
    focus: Callable[[Index], Collection[str] | None] | None = None,
) -> Checked:
    """Load, resolve and validate; with the site's hand-written pages from docs (by default the
    docs_dir of mkdocs.yml), which reach readers as documents do.

    `cache` keeps sources read before from being parsed again. `focus` names, once the index is known,
    the only documents (by path) whose own checks are wanted, or None for all: the pre-commit hook asks
    for those a commit touches. The checks of the ISMS as a whole run either way."""
    report = Report()
    corpus = load(root, report, cache)
    index = None
    if corpus is not None:
        index = Index(corpus)
        validate(index, report, today, focus(index) if focus is not None else None)
        check_current(index, root, report)
        docs = docs if docs is not None else docs_folder(root)
        if docs is not None and docs.is_dir() and docs.resolve().is_relative_to(root.resolve()):
            check_pages(root, docs, report, corpus.settings.max_file_bytes)
        ignore = (*corpus.settings.ignore, *ignore)
    return Checked(index, report.finalize(ignore=ignore, strict=strict))
