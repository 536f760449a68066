"""The build stamp on every page: the commit the site was built from, and a banner when the build is
not of the current, committed sources (an `--as-of` build of the past, or uncommitted changes).

The stamp goes into the finished HTML (after the search index took the page text), so it is on
every page without being found by every search.
"""

from __future__ import annotations

import html

from isms.core.revisions import BuildOrigin

_HEADER = '<header class="md-header'
_COPYRIGHT = '<div class="md-copyright">'


def banner(stamp: BuildOrigin) -> tuple[str, str] | None:
    """(kind, text) of the banner a build needs, or None for a clean build of a commit."""
    if stamp.as_of:
        return (
            "as-of",
            f"As of {stamp.as_of}: the ISMS as it was in commit {stamp.commit[:8]} ({stamp.committed})."
            " This is not the current version of the documents.",
        )
    if not stamp.commit:
        return "dirty", "Built from sources that are not committed to git: this is not a controlled publication."
    if stamp.dirty:
        return (
            "dirty",
            f"Built from uncommitted changes on top of commit {stamp.commit[:8]}: this is not a controlled"
            " publication.",
        )
    return None


def footer(stamp: BuildOrigin) -> str:
    if not stamp.commit:
        return "Built from uncommitted sources"
    dirty = " with uncommitted changes" if stamp.dirty else ""
    return f"Built from commit {stamp.commit[:8]} ({stamp.committed}){dirty}"


def add_banner(output: str, stamp: BuildOrigin) -> str:
    found = banner(stamp)
    if found:
        kind, text = found
        aside = (
            f'<aside class="md-banner isms-banner isms-banner--{kind}" data-isms-build="{kind}">'
            f'<div class="md-banner__inner md-grid md-typeset">{html.escape(text)}</div></aside>'
        )
        at = output.find(_HEADER)
        output = output[:at] + aside + output[at:] if at >= 0 else output
    line = f'<div class="isms-build" data-isms-commit="{html.escape(stamp.commit)}">{html.escape(footer(stamp))}</div>'
    at = output.find(_COPYRIGHT)
    if at >= 0:
        at += len(_COPYRIGHT)
        return output[:at] + line + output[at:]
    at = output.rfind("</body>")
    return output[:at] + line + output[at:] if at >= 0 else output + line
