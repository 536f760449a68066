"""Page titles in the form the theme expects them: HTML text, escaped once.

Material writes `page.title`, `page.meta.title` and every navigation title into the page as they
are (in `<title>`, the header, the navigation, the footer) and its search index holds titles as
HTML. MkDocs, though, hands over a front-matter `title:` verbatim, so a document or hand-written
page titled `</title><script>…` became markup on every page of the site. A title from the first
heading is HTML already (tags stripped, entities kept), and Material's `striptags` on the
`<title>` of such a page decodes those entities back into markup.

So every page's title is settled here, after rendering, whatever it came from: read as text,
escaped once, and written to both places the theme reads (the page's title and its meta title).
Generated pages and hand-written ones take the same path; no title is special-cased.
The site's own name and description, which mkdocs.yml gives, are settled the same way.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from markupsafe import Markup

from isms.render import links

if TYPE_CHECKING:  # the host layer chooses which mkdocs this is (isms.host.hosts)
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page


def settle(page: Page) -> None:
    """Make the title the theme shows for this page HTML text; call once, after rendering."""
    # A front-matter title is text as the author wrote it; one from the first heading or the file
    # name is HTML text with entities, as MkDocs made it.
    text = page.meta["title"] if "title" in page.meta else html.unescape(page.title or "")
    title = links.attr(text)  # escaped for attributes too, since a theme may put it in one
    if "title" not in vars(page):  # not given by the site's own navigation configuration
        page.title = title
    if "title" in page.meta or not page.is_homepage:  # the home page's <title> is the site name
        page.meta["title"] = title


def settle_site(config: MkDocsConfig, name: str) -> None:
    """The site's name and description as text, escaped once: Material prints them into every page as
    they are (the header, the navigation, `<title>`, the description's attribute), and its `| e` leaves
    a Markup value as it is. `isms init` writes the organization's name into both."""
    for key, value in (("site_name", name), ("site_description", config.site_description)):
        if value and not isinstance(value, Markup):
            config[key] = Markup(links.attr(value))
