"""Rendering generated pages: the Jinja environment, compiled once per process, and the Page value.

Document text is passed to templates as data, never evaluated as a template.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from isms.render import links

# Pages of wide tables: shown across the full width, without the (empty) table of contents beside them.
WIDE_PAGES = frozenset(
    (
        links.DOCUMENT_REGISTER,
        links.RECORDS_REGISTER,
        links.SOA,
        links.CONTROLS,
        links.CLAUSES,
        links.TRACEABILITY,
        links.TRANSLATIONS,
        links.CHANGES,
    )
)


@dataclass(frozen=True)
class Page:
    uri: str
    title: str
    markdown: str
    in_nav: bool = True

    @property
    def wide(self) -> bool:
        """Registers, the SoA, the matrix and history pages: tables that need the whole width."""
        return self.uri in WIDE_PAGES or self.uri.startswith("history/")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("isms.site", "templates"),
        autoescape=False,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=links.printed,
    )
    environment.filters["md"] = links.md
    environment.filters["attr"] = links.attr
    environment.filters["json"] = lambda value: json.dumps(value, ensure_ascii=False)
    return environment


def render_template(template: str, **context: Any) -> str:
    return _environment().get_template(template).render(**context)
