"""The build stamp on every page: the commit the site was built from, and a banner when the build is
not of the current, committed sources (an `--as-of` build of the past, or uncommitted changes).

The stamp goes into the finished HTML (after the search index took the page text), so it is on
every page without being found by every search.
"""

from __future__ import annotations

import html

from isms.core.labels import Labels
from isms.core.revisions import BuildOrigin
from isms.read.labels import labels_in

_HEADER = '<header class="md-header'
_COPYRIGHT = '<div class="md-copyright">'


def banner(stamp: BuildOrigin, words: Labels | None = None, preview: bool = False) -> tuple[str, str] | None:
    """(kind, text) of the banner a build needs, or None for a clean build of a commit. A `preview`
    (mkdocs serve) shows the working tree as it is saved, committed or not, and always says so: the
    pages then need not all change when the first save makes the tree dirty."""
    say = words or labels_in("en")
    if stamp.as_of:
        return "as-of", say("site.build.as_of", date=stamp.as_of, commit=stamp.commit[:8], committed=stamp.committed)
    if not stamp.commit:
        return "dirty", say("site.build.uncommitted_sources")
    if preview:
        return "dirty", say("site.build.preview", commit=stamp.commit[:8])
    if stamp.dirty:
        return "dirty", say("site.build.uncommitted_changes", commit=stamp.commit[:8])
    return None


def footer(stamp: BuildOrigin, words: Labels | None = None, preview: bool = False) -> str:
    say = words or labels_in("en")
    if not stamp.commit:
        return say("site.build.footer_uncommitted")
    if preview and not stamp.as_of:
        return say("site.build.footer_preview", commit=stamp.commit[:8])
    dirty = say("site.build.footer_dirty") if stamp.dirty else ""
    return say("site.build.footer", commit=stamp.commit[:8], committed=stamp.committed) + dirty


def add_banner(output: str, stamp: BuildOrigin, words: Labels | None = None, preview: bool = False) -> str:
    """The page with the build's banner (if it needs one) and stamp, in the words of the site's language."""
    found = banner(stamp, words, preview)
    if found:
        kind, text = found
        aside = (
            f'<aside class="md-banner isms-banner isms-banner--{kind}" data-isms-build="{kind}">'
            f'<div class="md-banner__inner md-grid md-typeset">{html.escape(text)}</div></aside>'
        )
        at = output.find(_HEADER)
        output = output[:at] + aside + output[at:] if at >= 0 else output
    stamped = html.escape(footer(stamp, words, preview))
    line = f'<div class="isms-build" data-isms-commit="{html.escape(stamp.commit)}">{stamped}</div>'
    at = output.find(_COPYRIGHT)
    if at >= 0:
        at += len(_COPYRIGHT)
        return output[:at] + line + output[at:]
    at = output.rfind("</body>")
    return output[:at] + line + output[at:] if at >= 0 else output + line
