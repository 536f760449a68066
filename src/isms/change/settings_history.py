"""The changes of isms.yml's controlled sections as "What changed" lists them: who made each, what it
changed field by field, and whether (and by whom) it was approved, as `isms verify` judges approvals.
"""

from __future__ import annotations

from pathlib import Path

from isms.change.settings_control import controlled_sections, read_control
from isms.core.revisions import History, SettingsChange

_MISSING = object()


def settings_changes(root: Path, history: History) -> tuple[SettingsChange, ...]:
    """Each commit that changed a controlled section of isms.yml, oldest first, with its approval."""
    if not history.available or not history.settings_blobs:
        return ()
    control = read_control(root, history)
    found = []
    previous: dict[str, object] | None = None
    for sha, blob in history.settings_blobs:
        sections = controlled_sections(history.texts.get(blob, ""))
        lines = field_lines(previous, sections) if previous is not None else ["isms.yml created"]
        previous = sections
        if not lines:
            continue  # only sections outside control changed (organization, paths …)
        state, approval = control.decided.get(sha, ("not approved", None))
        found.append(SettingsChange(history.commits[sha], tuple(lines), state, approval))
    return tuple(found)


def field_lines(old: object, new: object, path: str = "") -> list[str]:
    """What changed between two values, one line per field: "roles.ciso.members: + liwei, - ysato",
    "audiences.staff.clearance: internal → confidential", "people.liwei: added". People and other
    lists of mappings with an id are compared by id, so a reordered list changes nothing."""
    if isinstance(old, dict) and isinstance(new, dict):
        lines: list[str] = []
        for key in dict.fromkeys([*new, *old]):
            lines += field_lines(old.get(key, _MISSING), new.get(key, _MISSING), _join(path, str(key)))
        return lines
    if isinstance(old, list) and isinstance(new, list):
        if _by_id(old) is not None and _by_id(new) is not None:
            return field_lines(_by_id(old), _by_id(new), path)
        added = [f"+ {item}" for item in new if item not in old]
        removed = [f"- {item}" for item in old if item not in new]
        return [f"{path}: {', '.join(added + removed)}"] if added or removed else []
    if old is _MISSING:
        return [f"{path}: added" if isinstance(new, dict | list) else f"{path}: + {new}"]
    if new is _MISSING:
        return [f"{path}: removed"]
    return [] if old == new else [f"{path}: {_shown(old)} → {_shown(new)}"]


def _by_id(items: list[object]) -> dict[str, object] | None:
    if not items or not all(isinstance(item, dict) and "id" in item for item in items):
        return None
    return {str(item["id"]): item for item in items if isinstance(item, dict)}


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _shown(value: object) -> str:
    return "—" if value is None or value == "" else str(value)
