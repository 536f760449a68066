"""Localized titles in isms.yml: what readers of each language call a role, an audience, a
classification level, a person or the organization (`titles: {ja: …, zh-CN: …}`).

A title is keyed by a language of isms.yml (or its base, `zh` for `zh-CN`, or `en`); any other key is a
typo that would silently leave readers with the English title, so it is reported with its line.
"""

from __future__ import annotations

from isms.core import diagnostics as codes
from isms.read.fields import Reader, did_you_mean
from isms.read.yamltree import Mapping, Node, Scalar, Sequence

Titles = tuple[tuple[str, str], ...]


def known_languages(languages: tuple[str, ...]) -> list[str]:
    """The keys a title may have: the languages of isms.yml, their bases, and en."""
    return sorted({"en", *languages, *(language.split("-")[0] for language in languages)})


def read_titles(node: Node | None, reader: Reader, languages: tuple[str, ...], what: str) -> Titles:
    """`titles:` (or a person's `names:`) of one value: a mapping of languages to text."""
    if node is None:
        return ()
    mapping = reader.mapping(node, what.split()[0])  # 'titles' or 'names', as written in isms.yml
    if mapping is None:
        return ()
    known = known_languages(languages)
    titles: list[tuple[str, str]] = []
    for key, value in mapping.entries:
        if key.text not in known:
            hint = did_you_mean(key.text, known, f"the languages of isms.yml are: {', '.join(languages)}")
            reader.error(codes.FIELD_UNKNOWN, key, f"unknown language '{key.text}' in {what}", hint)
            continue
        text = reader.text(value, f"{what}.{key.text}")
        if text:
            titles.append((key.text, text))
    return tuple(titles)


def read_classifications(
    node: Node | None, reader: Reader, languages: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[tuple[str, Titles], ...]]:
    """`classifications:` as a list of levels, lowest first; each a name (`internal`) or a mapping
    `{id: internal, titles: {ja: 社外秘}}` that also says what other languages call it."""
    if node is None:
        return (), ()
    if not isinstance(node, Sequence):  # one level, or a mapping reported as the wrong kind
        return reader.text_list(node, "classifications"), ()
    names: list[str] = []
    titles: list[tuple[str, Titles]] = []
    for item in node.items:
        if isinstance(item, Scalar):
            name = reader.text(item, "classifications")
            if name:
                names.append(name)
            continue
        entry = reader.mapping(item, "a classification")
        if entry is None:
            continue
        reader.check_keys(entry, ("id", "titles"), "a classification")
        name = reader.text(entry.get("id"), "id", required=True)
        if not name:
            if entry.get("id") is None:
                reader.error(codes.FIELD_MISSING, entry, "a classification written as a mapping has no 'id'")
            continue
        names.append(name)
        localized = read_titles(entry.get("titles"), reader, languages, f"titles of classification '{name}'")
        if localized:
            titles.append((name, localized))
    return tuple(names), tuple(titles)


def entry_titles(entry: Mapping, reader: Reader, languages: tuple[str, ...], what: str) -> Titles:
    return read_titles(entry.get("titles"), reader, languages, f"titles of {what}")
