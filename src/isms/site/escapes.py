"""A backslash escapes any ASCII punctuation on the site, as it does in pandoc (and CommonMark).

Python-Markdown escapes only Markdown's own marks, so `\\<`, `\\$` or `\\&` kept their backslash on
the site while the PDF printed the character alone.
"""

from __future__ import annotations

import string
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension


class PunctuationEscapes(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.ESCAPED_CHARS.extend(c for c in string.punctuation if c not in md.ESCAPED_CHARS)


def makeExtension(**kwargs: Any) -> PunctuationEscapes:  # Python-Markdown finds extensions by this name
    return PunctuationEscapes(**kwargs)
