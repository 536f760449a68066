"""Opening an ISMS repository: load, resolve and validate in one call.

The CLI, the MkDocs plugin and the PDF builder all start here, so they agree on what is an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from isms.core.diagnostics import Diagnostic, Report, has_errors
from isms.read.load import load
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
    root: Path, today: date, strict: bool = False, ignore: tuple[str, ...] = (), docs: Path | None = None
) -> Checked:
    """Load, resolve and validate; with the site's hand-written pages from docs (by default the
    docs_dir of mkdocs.yml), which reach readers as documents do."""
    report = Report()
    corpus = load(root, report)
    index = None
    if corpus is not None:
        index = Index(corpus)
        validate(index, report, today)
        check_current(index, root, report)
        docs = docs if docs is not None else docs_folder(root)
        if docs is not None and docs.is_dir() and docs.resolve().is_relative_to(root.resolve()):
            check_pages(root, docs, report, corpus.settings.max_file_bytes)
        ignore = (*corpus.settings.ignore, *ignore)
    return Checked(index, report.finalize(ignore=ignore, strict=strict))


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above start that holds isms.yml."""
    for folder in (start, *start.parents):
        if (folder / "isms.yml").is_file():
            return folder
    return None
