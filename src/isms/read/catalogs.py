"""Organization catalogs: the YAML files isms.yml names, their controls added to the built-in
ISO/IEC 27001:2022 catalog.
"""

from __future__ import annotations

from pathlib import Path

from isms.core import diagnostics as codes
from isms.core.catalog import CONTROL_ID, Catalog, Control, Theme
from isms.core.diagnostics import Location, Report
from isms.read.fields import Reader
from isms.read.settings import SETTINGS_FILE
from isms.read.text import read_text
from isms.read.yamltree import Mapping, Sequence, parse


def load_catalog(root: Path, relative: str, catalog: Catalog, report: Report, max_bytes: int) -> None:
    """Add an organization catalog: {id, title, controls: [{id, title, group}]}."""
    text = read_text(root, relative, report, max_bytes)
    if text is None:
        if not (root / relative).exists():
            report.add(codes.CATALOG_INVALID, Location(SETTINGS_FILE), f"catalog file '{relative}' does not exist")
        return
    node, problems = parse(text, relative)
    report.extend(problems)
    if node is None and not problems:  # an empty catalog is reported as one without controls
        node = Mapping((), 1, 1)
    reader = Reader(relative, report)
    top = reader.mapping(node, "catalog") if node is not None else None
    if top is None:
        return
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
