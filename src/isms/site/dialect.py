"""The Markdown dialect of the site: Python-Markdown set up to read documents as pandoc reads them.

One source feeds two renderers, MkDocs for the site and pandoc (render/pandoc_run.py, PANDOC_FORMAT) for
the PDFs. The first six extensions serve the generated pages (metadata panels, banners, permalinks);
every other one is there so that both renderers give a document the same structure. The plugin adds them
to whatever mkdocs.yml lists, and tests build their Markdown from the same function, so the
conformance corpus (tests/fixtures/markdown) checks the dialect the site really uses.
"""

from __future__ import annotations

from typing import Any, Protocol

import markdown


class MarkdownConfig(Protocol):
    """The two settings of a site's configuration that say how its Markdown is read (MkDocs and ProperDocs
    both have them); the dialect needs nothing else of the host."""

    markdown_extensions: list[Any]
    mdx_configs: dict[str, Any]


EXTENSIONS = (
    "attr_list",
    "md_in_html",
    "def_list",
    "tables",
    "admonition",
    "toc",
    "sane_lists",  # a numbered list keeps its first number, as in pandoc (start="3")
    "footnotes",  # pandoc's footnotes: [^1] and [^1]: text
    "pymdownx.tilde",  # pandoc's ~~strikeout~~ and H~2~O subscript
    "pymdownx.caret",  # pandoc's 2^10^ superscript
    "pymdownx.superfences",  # fenced code inside list items, as pandoc reads it
    "isms.site.lists",  # a list after a paragraph; two-space nesting
    "isms.site.cjk_breaks",  # east_asian_line_breaks
    "isms.site.escapes",  # all_symbols_escapable
)
CONFIGS: dict[str, dict[str, Any]] = {
    "toc": {"permalink": True},
    "pymdownx.caret": {"insert": False},  # ^^text^^ is not underlining in pandoc
}


def configure(config: MarkdownConfig) -> None:
    """Add the dialect's extensions to a loaded MkDocs config; settings already there win."""
    for extension in EXTENSIONS:
        if extension not in config.markdown_extensions:
            config.markdown_extensions.append(extension)
    for extension, settings in CONFIGS.items():
        configured = config.mdx_configs.setdefault(extension, {})
        for name, value in settings.items():
            configured.setdefault(name, value)


def site_markdown(config: MarkdownConfig) -> markdown.Markdown:
    """A Markdown converter with the extensions MkDocs uses for every page of this config."""
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
