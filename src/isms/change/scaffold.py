"""`isms new`: a new source file with the next free id and valid front matter.

It only ever creates a file; it refuses to overwrite anything.
"""

from __future__ import annotations

import json
import re
import textwrap
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from isms.core.errors import IsmsError
from isms.core.labels import Labels
from isms.core.model import ID_PREFIXES, Level
from isms.read.labels import labels_in
from isms.read.load import Corpus

_STOP_WORDS = {"and", "of", "the", "for", "a", "an", "to", "in", "on", "with", "information", "security"}


class ScaffoldError(IsmsError):
    pass


@dataclass(frozen=True)
class NewDocument:
    id: str
    path: Path
    text: str


def next_id(level: Level, title: str, existing: set[str], area: str = "") -> str:
    prefix = ID_PREFIXES[level]
    if level is Level.POLICY:
        numbers = [int(m.group(1)) for i in existing if (m := re.fullmatch(rf"{prefix}-(\d+)", i))]
        return f"{prefix}-{max(numbers, default=0) + 1:03d}"
    code = (area or area_code(title)).upper()
    if not re.fullmatch(r"[A-Z][A-Z0-9]{0,5}", code):
        raise ScaffoldError(f"area code '{code}' must be 1-6 letters or digits, starting with a letter")
    numbers = [int(m.group(1)) for i in existing if (m := re.fullmatch(rf"{prefix}-{code}-(\d+)", i))]
    return f"{prefix}-{code}-{max(numbers, default=0) + 1:02d}"


def area_code(title: str) -> str:
    """Two letters from the title's significant words: 'Mobile Device Security' gives MD."""
    words: list[str] = [w for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", title) if w.lower() not in _STOP_WORDS]
    if not words:
        raise ScaffoldError("cannot derive an area code from the title; pass --area, e.g. --area AC")
    if len(words) == 1:
        return words[0][:2].upper()
    return (words[0][0] + words[1][0]).upper()


def slug(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60]


def plan(
    corpus: Corpus,
    level: Level,
    title: str,
    today: date,
    area: str = "",
    owner: str = "",
    approver: str = "",
    implements: tuple[str, ...] = (),
    language: str = "",
) -> NewDocument:
    if not title.strip():
        raise ScaffoldError("the title is empty")
    settings = corpus.settings
    language = language or settings.default_language
    if language not in settings.languages:
        listed = ", ".join(settings.languages)
        raise ScaffoldError(f"language '{language}' is not one of isms.yml's languages ({listed}); add it there first")
    existing = {d.id for d in corpus.documents}
    doc_id = next_id(level, title, existing, area)
    roles = [r.id for r in settings.roles]
    owner = owner or _first_of(("ciso", "isms-manager"), roles)
    approver = approver or _first_of(
        ("top-management", "ciso") if level is Level.POLICY else ("ciso", "isms-manager"), roles
    )
    for name, role in (("owner", owner), ("approver", approver)):
        if role not in roles:
            raise ScaffoldError(f"{name} role '{role}' is not defined in isms.yml (roles: {', '.join(roles)})")
    if not implements and level is not Level.RECORD:
        policies = sorted(d.id for d in corpus.documents if d.level is Level.POLICY and not d.is_translation)
        implements = (policies[0],) if policies and level is not Level.POLICY else ()
    unknown = [i for i in implements if i not in existing]
    if unknown:
        raise ScaffoldError(f"implements names unknown documents: {', '.join(unknown)}")
    name = f"{doc_id}-{slug(title)}".rstrip("-")
    words = labels_in(language)  # its sections and fields in its own language
    if level is Level.RECORD:
        path = corpus.root / settings.records_path / f"{name}.yml"
        text = _record_text(doc_id, title, owner, approver, words)
    else:
        path = corpus.root / settings.documents_path / level.value / f"{name}.md"
        text = _document_text(doc_id, title, level, owner, approver, implements, words)
    return NewDocument(doc_id, path, text)


def write(new: NewDocument) -> None:
    new.path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(new.path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(new.text)
    except FileExistsError:
        raise ScaffoldError(f"{new.path} exists already; nothing was written") from None


def _first_of(preferred: tuple[str, ...], roles: list[str]) -> str:
    return next((r for r in preferred if r in roles), roles[0] if roles else "")


def yaml_string(text: str) -> str:
    """A YAML scalar that is the text exactly, whatever it holds: JSON's double-quoted strings are
    valid YAML, with every quote, backslash and control character escaped."""
    return json.dumps(text, ensure_ascii=False)


def _document_text(
    doc_id: str, title: str, level: Level, owner: str, approver: str, implements: tuple[str, ...], words: Labels
) -> str:
    links = ", ".join(implements)
    sections = [
        (words("starter.purpose"), words("starter.purpose_hint")),
        (words("starter.scope"), words("starter.scope_hint")),
        (words("starter.rules"), words("starter.rules_hint", example="{A.5.15}")),
        (words("starter.related"), words("starter.related_hint")),
    ]
    body = "\n".join(
        f"## {number}. {heading}\n\n<!-- {_comment(hint)} -->\n" for number, (heading, hint) in enumerate(sections, 1)
    )
    return f"""---
id: {doc_id}
title: {yaml_string(title)}
level: {level.value}
version: "0.1"
status: draft
owner: {owner}
approver: {approver}
classification: internal
language: {words.language}
review_cycle: 12
implements: [{links}]
controls: []
clauses: []
records: []
---

{body}"""


def _comment(text: str) -> str:
    """A hint as an HTML comment's text, wrapped at 100 columns where it has spaces."""
    return textwrap.fill(text, 100, subsequent_indent="     ", break_long_words=False)


def _record_text(doc_id: str, title: str, owner: str, approver: str, words: Labels) -> str:
    description = words("starter.record_description")
    fields = [
        f"{{name: date, label: {yaml_string(words('starter.date'))}, type: date, required: true}}",
        f"{{name: completed_by, label: {yaml_string(words('starter.completed_by'))}, type: person, required: true}}",
        f"{{name: details, label: {yaml_string(words('starter.details'))}, type: text}}",
    ]
    listed = "".join(f"  - {field}\n" for field in fields)
    return f"""id: {doc_id}
title: {yaml_string(title)}
level: record
version: "0.1"
status: draft
owner: {owner}
approver: {approver}
classification: internal
language: {words.language}
retention: {words("starter.retention")}
storage: ""
evidences:
  controls: []
  clauses: []
description: |
  {description}
fields:
{listed}"""
