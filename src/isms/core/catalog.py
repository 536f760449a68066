"""Control and clause catalogs: ISO/IEC 27001:2022 Annex A and clauses 4-10, plus any of the
organization's own.

The built-in catalogs are package data holding identifiers, short titles and attribute tags only:
no text of the standard. They are parsed once per process.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

import yaml

ANNEX_A = "ISO/IEC 27001:2022 Annex A"

CONTROL_ID = re.compile(r"[A-Z][A-Za-z0-9-]*(?:\.[0-9A-Za-z]+)+\Z")
CLAUSE_ID = re.compile(r"[0-9]+(?:\.[0-9]+)*\Z")

ATTRIBUTE_TITLES = {
    "control_type": "Control type",
    "information_security_properties": "Information security properties",
    "cybersecurity_concepts": "Cybersecurity concepts",
    "operational_capabilities": "Operational capabilities",
    "security_domains": "Security domains",
}


@dataclass(frozen=True)
class Theme:
    id: str
    key: str
    name: str
    catalog: str = ANNEX_A


@dataclass(frozen=True)
class Control:
    id: str
    title: str
    theme: str
    catalog: str = ANNEX_A
    attributes: tuple[tuple[str, tuple[str, ...]], ...] = ()
    new_in_2022: bool = False
    predecessors: tuple[str, ...] = ()

    def attribute(self, name: str) -> tuple[str, ...]:
        return dict(self.attributes).get(name, ())

    @property
    def sort_key(self) -> tuple[object, ...]:
        return id_sort_key(self.id)


@dataclass(frozen=True)
class DocumentedInformation:
    what: str
    kind: str
    ref: str


@dataclass(frozen=True)
class Clause:
    id: str
    title: str
    depth: int
    parent: str = ""
    documented: tuple[DocumentedInformation, ...] = ()
    mandatory: tuple[DocumentedInformation, ...] = ()


@dataclass
class Catalog:
    controls: dict[str, Control] = field(default_factory=dict)
    themes: dict[str, Theme] = field(default_factory=dict)
    clauses: dict[str, Clause] = field(default_factory=dict)
    legacy: dict[str, tuple[str, ...]] = field(default_factory=dict)
    attribute_vocabulary: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Titles in other languages, language -> id of a control, theme or clause -> title: the
    # organization's own, from a catalog of titles (read/catalogs.py); the built-in catalog has English only
    titles: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def annex_a(self) -> list[Control]:
        return [c for c in self.controls.values() if c.catalog == ANNEX_A]

    def theme_controls(self, theme_id: str) -> list[Control]:
        return [c for c in self.controls.values() if c.theme == theme_id]

    def copy(self) -> Catalog:
        return Catalog(
            dict(self.controls),
            dict(self.themes),
            dict(self.clauses),
            dict(self.legacy),
            dict(self.attribute_vocabulary),
            {language: dict(titles) for language, titles in self.titles.items()},
        )

    def in_language(self, language: str) -> Catalog:
        """This catalog with the titles of its controls, themes and clauses in a language, where the
        organization gives them, and as they are where it does not."""
        given = self.titles.get(language)
        if not given:
            return self
        return Catalog(
            {key: replace(c, title=given.get(key, c.title)) for key, c in self.controls.items()},
            {key: replace(theme, name=given.get(key, theme.name)) for key, theme in self.themes.items()},
            {key: replace(c, title=given.get(key, c.title)) for key, c in self.clauses.items()},
            self.legacy,
            self.attribute_vocabulary,
            self.titles,
        )

    def control_hint(self, control_id: str) -> str:
        """What the author probably meant by an unknown control id."""
        if control_id in self.legacy:
            new = ", ".join(self.legacy[control_id])
            return f"{control_id} is an ISO/IEC 27001:2013 id; its 2022 equivalent is {new}"
        parts = control_id.split(".")
        theme = ".".join(parts[:2])
        members = sorted(self.theme_controls(theme), key=lambda c: c.sort_key)
        if members and len(parts) == 3 and parts[2].isdigit():
            wanted = int(parts[2])
            nearest = min(members, key=lambda c: abs(int(c.id.split(".")[2]) - wanted))
            return f"{theme} has controls {members[0].id} to {members[-1].id}; did you mean {nearest.id}?"
        close = self._closest(control_id, list(self.controls))
        return f"did you mean {close}?" if close else "control ids look like A.5.15 (see the Controls page)"

    def clause_hint(self, clause_id: str) -> str:
        close = self._closest(clause_id, list(self.clauses))
        if close:
            return f"did you mean {close}? Clauses run from 4 to 10.3"
        return 'clause ids look like 6.1.2; quote them in YAML lists: ["6.1.2"]'

    @staticmethod
    def _closest(word: str, candidates: list[str]) -> str:
        matches = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
        return matches[0] if matches else ""


def id_sort_key(identifier: str) -> tuple[object, ...]:
    """Sort A.5.2 before A.5.10, and 6.1.2 before 10.1."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in identifier.split("."))


@lru_cache(maxsize=1)
def _builtin() -> Catalog:
    catalog = Catalog()
    data_dir = resources.files("isms") / "data" / "catalogs"
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    annex = yaml.load((data_dir / "iso27001-2022-annex-a.yaml").read_text("utf-8"), Loader=loader)
    for theme in annex["themes"]:
        catalog.themes[theme["id"]] = Theme(theme["id"], theme["key"], theme["name"])
    catalog.attribute_vocabulary = {k: tuple(v) for k, v in annex["attribute_vocabulary"].items()}
    for item in annex["controls"]:
        attributes = tuple((name, tuple(values)) for name, values in item["attributes"].items())
        catalog.controls[item["id"]] = Control(
            id=item["id"],
            title=item["title"],
            theme=item["theme_id"],
            attributes=attributes,
            new_in_2022=bool(item["new_in_2022"]),
            predecessors=tuple(item.get("iso27001_2013_predecessors") or ()),
        )
    mapping = yaml.load((data_dir / "iso27001-2013-to-2022.yaml").read_text("utf-8"), Loader=loader)
    for item in mapping["controls"]:
        catalog.legacy[item["id"]] = tuple(item["maps_to_2022"])
    clauses = yaml.load((data_dir / "iso27001-clauses.yaml").read_text("utf-8"), Loader=loader)
    mandatory: dict[str, list[DocumentedInformation]] = {}
    for item in clauses["mandatory_documented_information"]:
        mandatory.setdefault(str(item["clause"]), []).append(
            DocumentedInformation(item["what"], item["kind"], str(item["ref"]))
        )
    for item in clauses["clauses"]:
        clause_id = str(item["id"])
        documented = tuple(
            DocumentedInformation(d["what"], d["kind"], str(d.get("ref", clause_id)))
            for d in (item.get("documented_information") or {}).get("items", ())
        )
        catalog.clauses[clause_id] = Clause(
            id=clause_id,
            title=item["title"],
            depth=int(item["level"]),
            parent=str(item.get("parent") or ""),
            documented=documented,
            mandatory=tuple(mandatory.get(clause_id, ())),
        )
    return catalog


def builtin_catalog() -> Catalog:
    """A fresh copy of the built-in catalog, which callers may extend."""
    return _builtin().copy()
