"""The language versions of one site: the theme's language for each, and the language switch.

The site is built once per language of `site_languages` (host/site_build.py), the default language
at the site root and each other in its own folder. The theme's switch links every language's root;
here each entry is given the address of the same page in that language instead, so that a reader
who switches stays on the document they were reading.

The theme also lists the languages as `<link rel="alternate">` in the page's head, and its script
fetches `sitemap.xml` below each of them, to find a page's counterpart when the switch leads to a
language's root. The switch already leads to the page itself, so those links go: with them at the
page's own addresses, every page view asked the server for three sitemaps that are not there.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from isms.read.labels import language_name

_SCHEME = "isms-language:"  # a URL the theme leaves alone (it has a scheme), replaced after rendering
_PLACEHOLDER = re.compile(r'href="' + re.escape(_SCHEME) + r'([A-Za-z0-9-]+)"')
_HEAD_LINK = re.compile(
    r'[ \t]*<link rel="alternate" href="' + re.escape(_SCHEME) + r'[A-Za-z0-9-]+" hreflang="[^"]*">\n?'
)


def alternates(languages: Iterable[str]) -> list[dict[str, str]]:
    """The theme's `extra.alternate` entries: each language named in itself."""
    return [{"name": language_name(code), "link": f"{_SCHEME}{code}", "lang": code} for code in languages]


def theme_language(language: str, theme_dirs: Iterable[str]) -> str:
    """The theme's name for a language (Material knows `zh` and `zh-TW`, not `zh-CN`), or English."""
    for candidate in (language, language.split("-")[0]):
        if any((Path(folder) / "partials" / "languages" / f"{candidate}.html").is_file() for folder in theme_dirs):
            return candidate
    return "en"


def link_alternates(output: str, page_url: str, folder: str, folders: Mapping[str, str]) -> str:
    """The page with each language switch entry pointing at this page in that language, and
    without the theme's alternate links to the languages in its head.

    `page_url` is the page's address from its site's root (`policies/POL-001/`, `about.html`, "" for
    the home page); `folder` is where that site lives under the root of all of them."""
    if page_url == "" or page_url.endswith("/"):
        directory = page_url
    else:
        directory = posixpath.dirname(page_url) + "/" if "/" in page_url else ""
    to_root = "../" * directory.count("/")

    def address(match: re.Match[str]) -> str:
        target = folders.get(match[1])
        if target is None:
            return match[0]
        step = posixpath.relpath(target or ".", folder or ".")
        prefix = "" if step == "." else step + "/"
        return f'href="{to_root}{prefix}{page_url}"' if (to_root or prefix or page_url) else 'href="./"'

    return _PLACEHOLDER.sub(address, _HEAD_LINK.sub("", output))
