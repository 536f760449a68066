"""Reading a built site's search index as the browser gets it: the entries in search_index.json, and
the index built ahead in the worker's `isms` language script."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

from isms.site.search import rewrite_entries
from isms.site.search_ahead import SCRIPT

_PARSED = re.compile(r"JSON\.parse\((\".*?\")\);\n", re.S)


def entries(site: Path) -> dict[str, Any]:
    """The site's search_index.json."""
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def ahead(site: Path) -> dict[str, Any]:
    """The index built ahead, from the script the worker loads."""
    script = (site / SCRIPT).read_text(encoding="utf-8")
    match = _PARSED.search(script)
    assert match, f"no index in {site / SCRIPT}"
    return json.loads(json.loads(match[1]))


def terms_of(index: dict[str, Any], location_prefix: str, field: str) -> set[str]:
    """The terms the index holds for one field of the entries at locations starting with the prefix."""
    place = index["fields"].index(field)
    numbers = {n for n, ref in enumerate(index["refs"]) if ref.startswith(location_prefix)}
    return {
        term
        for term, lists in zip(index["terms"], index["postings"], strict=True)
        for held in lists
        if held[0] == place and numbers.intersection(held[1:])
    }


def built_in_browser(data: dict[str, Any]) -> dict[str, Any]:
    """The entries as they were before the index was built ahead, for Material's worker to build its
    own from: English rules, and each entry's CJK fields, added again by `search.rewrite_entries`
    (which changes nothing else in entries it has rewritten already)."""
    entries = copy.deepcopy(data)
    entries["config"]["lang"] = ["en"]
    rewrite_entries(entries)
    return entries
