"""The label catalog read from its data files: one YAML file per language in isms/data/labels.

Adding a language is adding a file named after it (`ko.yaml`, `zh-TW.yaml`); nothing in the code lists
the languages. The files are package data, read once per process.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from isms.core.errors import IsmsError
from isms.core.labels import LabelCatalog, Labels, flatten

if TYPE_CHECKING:  # importlib.resources.abc is Python 3.11+; only the annotation needs it
    from importlib.resources.abc import Traversable

SUFFIX = ".yaml"


class LabelFileError(IsmsError):
    """A label file that is not a mapping of words: the package itself is broken, not the ISMS."""


def load_label_catalog(folder: Traversable | None = None) -> LabelCatalog:
    """Every label file of a folder (the package's own by default), keyed by the language it is named after."""
    if folder is None:
        return _packaged()
    languages = {}
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.is_file() and entry.name.endswith(SUFFIX) and not entry.name.startswith((".", "_")):
            languages[entry.name[: -len(SUFFIX)]] = flatten(_read(entry))
    return LabelCatalog(languages)


@lru_cache(maxsize=32)
def labels_in(language: str) -> Labels:
    """The words of one language from the packaged catalog, with its fallbacks (made once per language:
    every page and PDF asks)."""
    return _packaged().labels(language)


@lru_cache(maxsize=1)
def _packaged() -> LabelCatalog:
    return load_label_catalog(resources.files("isms") / "data" / "labels")


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser: the catalogs are read at every build


def _read(entry: Traversable) -> dict[str, Any]:
    try:
        data = yaml.load(entry.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError as error:
        raise LabelFileError(f"label file {entry.name}: {error}") from None
    if not isinstance(data, dict):
        raise LabelFileError(f"label file {entry.name} must be a mapping of keys to words")
    return data


def language_name(language: str) -> str:
    """A language as its own readers write it (日本語), from its label file; the code when there is none."""
    return _packaged().language_name(language)
