"""The staff home page: what everyone must read (and, in the reader's browser, whether they have),
how to report an incident, links to the rules for common tasks, and the language versions.

The ISMS manager's figures are on the dashboard (registers/dashboard), one click away.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable

from isms.core.labels import Labels
from isms.core.model import Status
from isms.core.settings import in_language
from isms.read.acks import coverage
from isms.read.labels import labels_in, language_name
from isms.render import links
from isms.resolve.index import Index
from isms.site.templating import Page


def home_page(
    index: Index,
    language: str,
    page: Callable[..., Page],
    files: Callable[[str, str], list[dict[str, str]]],
    audience_rank: int,
) -> Page:
    settings = index.settings
    site_languages = settings.site_languages
    words = labels_in(language)
    must_read = [d for d in index.originals if d.acknowledge and d.status is Status.APPROVED]
    rows = []
    acknowledged: dict[str, list[str]] = {}
    for document in must_read:
        found = coverage(settings, document, index.corpus.acknowledgements.get(document.id, ()))
        if found is None:
            continue
        members = sorted({m for role in found.roles for m in role.members})
        done = sorted({a for role in found.roles for a in role.acknowledged})
        acknowledged[document.id] = done
        shown = index.in_language(document, language)
        rows.append(
            {
                "document": document,
                "title": shown.title,
                "lang": shown.language if shown.language != language else "",
                "uri": links.document_uri(document),
                "done": len(done),
                "of": len(members),
            }
        )
    # Who has confirmed what is shown to the audiences that see the internal ISMS, never to the lowest
    # (a trust page for the public): names of staff are not for it.
    named = audience_rank != 0 and bool(rows)
    people = {p.id: settings.title_of("person", p.id, language) for p in settings.people} if named else {}
    data = json.dumps({"people": people, "documents": acknowledged}, ensure_ascii=False, sort_keys=True)
    folders = links.language_folders(site_languages)
    own = folders.get(language, "")
    return page(
        links.HOME,
        words("site.start.title"),
        "home.md.j2",
        must_read=rows,
        named=named,
        people=sorted(people.items(), key=lambda item: item[1]),
        acknowledgements=html.escape(data, quote=True) if named else "",
        incident=settings.home.incident_in(language),
        contact=_contact(settings.home.phone, settings.home.email, words),
        tasks=[
            (in_language(task.titles, language) or task.title, index.documents[task.document])
            for task in settings.home.tasks
            if task.document in index.documents
        ],
        languages=[
            (code, language_name(code), _relative(own, folders[code])) for code in site_languages if code != language
        ],
        manual=files(links.HOME, "isms-manual"),
    )


def _contact(phone: str, email: str, words: Labels) -> str:
    """The phone number and address to report to, as links, on one line of raw HTML (escaped data)."""
    parts = []
    if phone:
        parts.append(f'{words("site.start.phone")}: <a href="tel:{links.attr(phone)}">{links.attr(phone)}</a>')
    if email:
        parts.append(f'{words("site.start.email")}: <a href="mailto:{links.attr(email)}">{links.attr(email)}</a>')
    return " · ".join(parts)


def _relative(own: str, other: str) -> str:
    """From the home page of one language's site to another's."""
    up = "../" * own.count("/")
    return (up + other) or "./"
