"""Where each generated page lives, links between pages, and escaping of text into Markdown."""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
from collections import Counter
from collections.abc import Sequence

from isms.core import bidi
from isms.core.model import Document, Level

_SECTION = {
    Level.POLICY: "policies",
    Level.STANDARD: "standards",
    Level.PROCEDURE: "procedures",
    Level.RECORD: "records",
    Level.SOA: "registers",
}

HOME = "index.md"
DASHBOARD = "registers/dashboard.md"  # the ISMS manager's figures, one click from the staff home
DOCUMENT_REGISTER = "registers/documents.md"
RECORDS_REGISTER = "registers/records.md"
SOA = "registers/soa.md"
CONTROLS = "registers/controls.md"
CLAUSES = "registers/clauses.md"
COVERAGE = "registers/coverage.md"
TRACEABILITY = "registers/traceability.md"
CHANGES = "registers/changes.md"
TRANSLATIONS = "registers/translations.md"
IN_FORCE = "registers/in-force.md"
IN_FORCE_DATA = "registers/in-force.json"
ASSET_CSS = "assets/isms/isms.css"
ASSET_JS = "assets/isms/isms.js"
ASSET_IN_FORCE_JS = "assets/isms/in-force.js"
MEDIA = "isms-media"  # images of documents, under their repository path: isms-media/policies/…/x.png
_PLAIN_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,39}")


def language_folders(languages: Sequence[str]) -> dict[str, str]:
    """Where each language's version of the site lives under the site root: the first (the default
    language) at the root, each other in a folder named by its base code (`ja/`, `zh/`), or by its
    whole code in lower case when two languages share a base (`zh-cn/`, `zh-tw/`)."""
    bases = Counter(language.split("-")[0].lower() for language in languages)
    folders = {}
    for position, language in enumerate(languages):
        base = language.split("-")[0].lower()
        folders[language] = "" if position == 0 else (base if bases[base] == 1 else language.lower()) + "/"
    return folders


def media_uri(repository_path: str) -> str:
    return f"{MEDIA}/{repository_path}"


def section_index(level: Level) -> str:
    return f"{_SECTION[level]}/index.md"


def document_uri(document: Document) -> str:
    if document.level is Level.SOA:
        return SOA
    return f"{_SECTION[document.level]}/{document.id}.md"


def history_uri(document_id: str) -> str:
    return f"history/{document_id}/index.md"


def version_uri(document_id: str, version: str) -> str:
    """The page of one version. The version comes from an old commit's front matter, which nothing
    validated: anything but a plain version number is named by its hash, so `../../x` cannot put
    a page outside the site."""
    if not _PLAIN_VERSION.fullmatch(version):
        version = "version-" + hashlib.sha256(version.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"history/{document_id}/{version}.md"


def control_uri(control_id: str) -> str:
    return f"controls/{control_id}.md"


def clause_uri(clause_id: str) -> str:
    return f"clauses/{clause_id}.md"


def relative(from_uri: str, to_uri: str) -> str:
    """A Markdown link target from one page source to another; MkDocs turns it into a URL."""
    start = posixpath.dirname(from_uri) or "."
    return posixpath.relpath(to_uri, start)


def _directory(uri: str) -> str:
    stem = uri[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def url(from_uri: str, to_uri: str, fragment: str = "") -> str:
    """A final URL for raw HTML, as MkDocs builds it with use_directory_urls."""
    source, target = _directory(from_uri), _directory(to_uri)
    path = posixpath.relpath(target or ".", source.rstrip("/") or ".")
    path = "./" if path == "." else path + "/"
    return path + (f"#{fragment}" if fragment else "")


def absolute(site_url: str, uri: str, fragment: str = "") -> str:
    """A page's address on the published site (`site: url:` in isms.yml, ending in "/"), for output
    that is read away from the site, such as a PDF."""
    return site_url + _directory(uri) + (f"#{fragment}" if fragment else "")


def file_url(from_uri: str, path: str) -> str:
    """A URL for a published file (not a page) such as pdf/POL-001-v1.0.pdf, from a page."""
    page = url(from_uri, HOME)  # the way back to the site root
    return ("" if page == "./" else page) + path


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~^])")  # ~ and ^: strikeout, sub- and superscript


def md(text: object) -> str:
    """Plain text made safe to place inline in Markdown: no markup, no HTML, one line."""
    value = html.escape(bidi.closed(" ".join(str(text).split())), quote=False)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value)


def attr(text: object) -> str:
    return html.escape(bidi.closed(" ".join(str(text).split())), quote=True)


def printed(value: object) -> object:
    """What a template prints for an expression: objects read from sources (a retention period, a
    version, a date) as text, strings as they are.

    Strings are left to the template, which escapes with `md` or `attr` those that come from
    sources and keeps the Markdown it builds itself; an object has no Markdown of its own, so
    printing it escaped is always right, and a template that forgets the filter cannot leak markup.
    """
    return value if isinstance(value, str) else md(value)
