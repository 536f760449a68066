"""Organization catalogs: the YAML files isms.yml names, their controls added to the built-in
ISO/IEC 27001:2022 catalog, and catalogs of titles, which give the titles of controls, themes and
clauses in another language of the ISMS.
"""

from __future__ import annotations

from pathlib import Path

from isms.core import diagnostics as codes
from isms.core.catalog import CONTROL_ID, Catalog, Control, Theme
from isms.core.diagnostics import Location, Report
from isms.core.settings import Settings
from isms.read.fields import Reader, did_you_mean
from isms.read.settings import SETTINGS_FILE
from isms.read.text import read_text
from isms.read.yamltree import Mapping, Sequence, parse


def load_catalogs(root: Path, settings: Settings, catalog: Catalog, report: Report) -> None:
    """Add the catalogs isms.yml lists: first every catalog of controls, then the catalogs of titles,
    whose ids may name the controls of any of them."""
    titles: list[tuple[Reader, Mapping]] = []
    for relative in settings.catalogs:
        top = _read(root, relative, report, settings.max_file_bytes)
        if top is None:
            continue
        if top.get("titles") is not None or top.get("language") is not None:
            titles.append((Reader(relative, report), top))
        else:
            _add_controls(relative, top, catalog, report)
    given: dict[tuple[str, str], str] = {}  # (language, id) -> the file that gives its title
    for reader, top in titles:
        _add_titles(reader, top, catalog, settings.languages, given)


def _read(root: Path, relative: str, report: Report, max_bytes: int) -> Mapping | None:
    text = read_text(root, relative, report, max_bytes)
    if text is None:
        if not (root / relative).exists():
            report.add(codes.CATALOG_INVALID, Location(SETTINGS_FILE), f"catalog file '{relative}' does not exist")
        return None
    node, problems = parse(text, relative)
    report.extend(problems)
    if node is None and not problems:  # an empty catalog is reported as one without controls
        node = Mapping((), 1, 1)
    return Reader(relative, report).mapping(node, "catalog") if node is not None else None


def _add_titles(
    reader: Reader, top: Mapping, catalog: Catalog, languages: tuple[str, ...], given: dict[tuple[str, str], str]
) -> None:
    """A catalog of titles: {language, titles: {id: title}}, the titles of controls, themes and clauses
    in one of the ISMS's languages, which the organization gives (the built-in catalog is English)."""
    reader.check_keys(top, ("language", "titles"), "a catalog of titles")
    language = reader.text(top.get("language"), "language", required=True)
    entries = reader.mapping(top.get("titles"), "titles")
    if language is None or entries is None:
        if top.get("titles") is None:
            reader.error(codes.CATALOG_INVALID, top, "a catalog of titles needs a 'titles' mapping of ids to titles")
        return
    if language not in languages:
        listed = ", ".join(languages)
        hint = f"isms.yml lists the languages {listed}; add {language} there, or name one of them"
        where = top.get("language") or top
        reader.error(codes.CATALOG_INVALID, where, f"'{language}' is not a language of isms.yml", hint)
        return
    titles = catalog.titles.setdefault(language, {})
    known = {*catalog.controls, *catalog.themes, *catalog.clauses}
    for key, value in entries.entries:
        title = reader.text(value, key.text, required=True)
        if not title:
            continue
        if key.text not in known:
            hint = did_you_mean(key.text, known, "ids of controls (A.5.1), themes (A.5) and clauses (9.2) are named")
            reader.error(codes.CATALOG_INVALID, key, f"{key.text} is no control, theme or clause of any catalog", hint)
        elif (language, key.text) in given:
            first = given[language, key.text]
            reader.error(codes.CATALOG_DUPLICATE, key, f"{key.text} has a title in {language} already, in {first}")
        else:
            titles[key.text] = " ".join(title.split())
            given[language, key.text] = reader.path


def _add_controls(relative: str, top: Mapping, catalog: Catalog, report: Report) -> None:
    """Add an organization catalog: {id, title, controls: [{id, title, group}]}."""
    reader = Reader(relative, report)
    reader.check_keys(top, ("id", "title", "controls"), "a catalog")
    catalog_id = reader.text(top.get("id"), "id", required=True) or relative
    title = reader.text(top.get("title"), "title") or catalog_id
    controls = top.get("controls")
    if not isinstance(controls, Sequence):
        report.add(codes.CATALOG_INVALID, Location(relative, top.line, 1), "a catalog needs a 'controls' list")
        return
    catalog.themes.setdefault(catalog_id, Theme(catalog_id, catalog_id.lower(), title, catalog=title))
    for item in controls.items:
        entry = reader.mapping(item, "control")
        if not isinstance(entry, Mapping):
            continue
        reader.check_keys(entry, ("id", "title"), "a catalog control")
        control_id = reader.text(entry.get("id"), "id", required=True)
        control_title = reader.text(entry.get("title"), "title", required=True)
        if not control_id or not control_title:
            continue
        where = Location(relative, entry.line, entry.column)
        if not CONTROL_ID.match(control_id):
            report.add(
                codes.CATALOG_INVALID,
                where,
                f"control id '{control_id}' does not have the form PREFIX.NUMBER",
                "organization control ids look like APPI.23 or CLIENT.4.2",
            )
            continue
        if control_id in catalog.controls:
            existing = catalog.controls[control_id].catalog
            report.add(codes.CATALOG_DUPLICATE, where, f"control {control_id} is already defined by {existing}")
            continue
        catalog.controls[control_id] = Control(control_id, control_title, theme=catalog_id, catalog=title)
