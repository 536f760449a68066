"""The words around the text, per language: one catalog for the site and the PDFs.

Every visible word that is not a document's own text (metadata labels, banners, section names, table
headers, notices) is looked up here by a dotted key (`fields.owner`, `site.banner.draft.title`), in
the reader's language. A language missing a word falls back along a chain (`zh-CN`, then `zh`, then
another variant of `zh`, then `en`), so a new language file may start small and a reader never sees a
key. The words themselves are data files read by `isms.read.labels`; this module holds no wording.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from isms.core.settings import Settings

FALLBACK = "en"  # the one catalog that must hold every key

Word = str | tuple[str, ...]


class MissingLabel(KeyError):
    """A key no catalog of the chain holds: a template asks for a word that was never written."""


@dataclass(frozen=True)
class Labels:
    """The words of one language, each taken from the first catalog of the chain that has it."""

    language: str
    chain: tuple[str, ...]
    words: Mapping[str, Word]  # flattened: "fields.owner" -> "Owner"
    own: frozenset[str] = frozenset()  # keys given in the language itself, not by the English fallback

    def word(self, key: str) -> Word:
        try:
            return self.words[key]
        except KeyError:
            raise MissingLabel(f"no label '{key}' in {' or '.join(self.chain)}") from None

    def __call__(self, key: str, **values: object) -> str:
        """The word for a key as text, with `{name}` placeholders filled (values escaped by the caller)."""
        word = self.word(key)
        text = word if isinstance(word, str) else " ".join(word)
        return text.format(**values) if values else text

    def columns(self, key: str) -> tuple[str, ...]:
        """A table's column heads (a list in the catalog; a single word is one column)."""
        word = self.word(key)
        return word if isinstance(word, tuple) else (word,)

    def group(self, prefix: str) -> dict[str, Word]:
        """Every word under `prefix.` (e.g. all `levels.*`), keyed by the rest of its key."""
        start = prefix + "."
        return {key[len(start) :]: value for key, value in self.words.items() if key.startswith(start)}

    def has(self, key: str) -> bool:
        return key in self.words

    def value(self, settings: Settings, kind: str, key: str) -> str:
        """A value of isms.yml as this language's readers see it: its title in isms.yml for the language;
        for a classification level with none, the catalog's word for it (`confidential`: 機密); else the
        value as written. English shows classification levels as isms.yml names them."""
        localized = settings.localized_title(kind, key, self.language)
        if localized:
            return localized
        builtin = f"classifications.{key}"
        if kind == "classification" and builtin in self.own:
            return self(builtin)
        return settings.title_of(kind, key)

    @property
    def lang(self) -> str:
        """The language as an HTML `lang` attribute and Typst reads it (`zh-CN`, `ja`)."""
        return self.language


@dataclass(frozen=True)
class LabelCatalog:
    """Every language's words, as the label files give them (language -> flattened words)."""

    languages: Mapping[str, Mapping[str, Word]]

    def chain(self, language: str) -> tuple[str, ...]:
        """The catalogs a language reads, most specific first: zh-CN, zh, zh-TW (another variant), en."""
        base = language.split("-")[0]
        found: list[str] = []
        variants = sorted(name for name in self.languages if name.split("-")[0] == base)
        for name in (language, base, *variants, FALLBACK):
            if name in self.languages and name not in found:
                found.append(name)
        return tuple(found)

    def labels(self, language: str) -> Labels:
        chain = self.chain(language)
        words: dict[str, Word] = {}
        for name in reversed(chain):
            words.update(self.languages[name])
        own = frozenset(key for name in chain if name != FALLBACK for key in self.languages[name])
        return Labels(language, chain, words, own)

    def missing(self, language: str) -> list[str]:
        """Keys of the fallback catalog that a language's own file does not give."""
        own = self.languages.get(language, {})
        return sorted(key for key in self.languages.get(FALLBACK, {}) if key not in own)

    def language_name(self, language: str) -> str:
        """A language as its readers write it (日本語, 中文（简体）), for language lists and switches."""
        words = self.languages.get(language)
        if words is None:
            return language
        name = words.get("language.name")
        return name if isinstance(name, str) else language


def flatten(tree: Mapping[str, object], prefix: str = "") -> dict[str, Word]:
    """Nested label files as dotted keys; lists of words (table headers) stay lists."""
    flat: dict[str, Word] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, name + "."))
        elif isinstance(value, (list, tuple)):
            flat[name] = tuple(str(item) for item in value)
        elif value is not None:
            flat[name] = str(value)
    return flat
