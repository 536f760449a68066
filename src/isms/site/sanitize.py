"""An allowlist for the HTML of every page: what documents may contain, and what the site uses.

Everything else is removed: script and style elements, event handlers, `javascript:` and `data:`
URLs, iframes, objects, meta refreshes, inline styles other than table alignment. So are the
attributes a document could use to pose as the theme's own elements (DOM clobbering): an `id` or
`name` in the theme's namespace (`__config`, `__search`, `__drawer` …, all starting with `__`) and
any `data-md-*` attribute, which the theme's script selects its components by. The element and
its text stay, as they do when an event handler is removed.
"""

from __future__ import annotations

import nh3

from isms.read.markup import KEPT_TAGS

TAGS = KEPT_TAGS  # `isms check` names each other tag before it is removed

_GENERIC = {"class", "id", "title", "lang", "dir"}
ATTRIBUTES = {
    "*": _GENERIC,
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "style", "scope"},
    "col": {"span"},
    "ol": {"start", "type"},
    "select": {"name"},
    "option": {"value", "selected"},
    "details": {"open"},
}
_DATA_PREFIXES = {"data-"}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}  # tel: the incident hotline on the home page


def clobbers(attribute: str, value: str) -> bool:
    """Whether this attribute would let content pose as one of the theme's own elements."""
    name = attribute.lower()
    return name.startswith("data-md-") or (name in ("id", "name") and value.strip().startswith("__"))


def clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        generic_attribute_prefixes=_DATA_PREFIXES,
        url_schemes=_URL_SCHEMES,
        filter_style_properties={"text-align"},
        link_rel=None,
        strip_comments=True,
        attribute_filter=_keep_unless_clobbering,
    )


def _keep_unless_clobbering(element: str, attribute: str, value: str) -> str | None:
    return None if clobbers(attribute, value) else value
