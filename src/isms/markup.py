"""Markup in document bodies that publishing removes, found before it is removed.

The site's sanitizer (site/sanitize.py) is the guarantee; this scan lets `isms check` name the line.
"""

from __future__ import annotations

import re

from isms.statements import prose_lines

UNSAFE = re.compile(
    r"<\s*(script|style|iframe|frame|object|embed|applet|form|input|button|textarea|meta|link|base|svg|math)\b"
    r"|(?<=\s)on[a-z]+\s*="
    r"|(?:(?:href|src|action|formaction|xlink:href)\s*=\s*[\"']?\s*|\]\(\s*<?|<)(?P<scheme>(?:javascript|vbscript|data)\s*:)",
    re.IGNORECASE,
)


def unsafe_lines(body: str, first_line: int) -> list[tuple[int, int, str]]:
    """(line, column, what) for markup in a Markdown body that the sanitizer will remove."""
    found = []
    for index, line in prose_lines(body):
        for match in UNSAFE.finditer(line):
            start = match.start("scheme") if match.group("scheme") else match.start()
            found.append((first_line + index, start + 1, (match.group("scheme") or match.group(0)).strip()))
    return found
