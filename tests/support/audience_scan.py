"""Scanning each audience's whole output for what it may not see (the audience and leak tests)."""

from __future__ import annotations

import gzip
import subprocess
import zipfile
from pathlib import Path

from support.cli import run_cli
from support.paths import TODAY
from support.synthetic import MARKERS

LEVELS = ["public", "internal", "confidential", "restricted"]
CLEARANCE = {"public": "public", "staff": "internal", "auditors": "confidential", "isms-team": "restricted"}


def markers_for(audience: str) -> tuple[set[str], set[str]]:
    """(markers the audience may see, markers it must not see)."""
    rank = LEVELS.index(CLEARANCE[audience])
    allowed = {m for level, m in MARKERS.items() if LEVELS.index(level) <= rank}
    return allowed, set(MARKERS.values()) - allowed


def texts(folder: Path) -> dict[str, str]:
    """Every file of an output as text, keyed by its path; the path itself is scanned as well."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        found[f"(name) {relative}"] = relative
        if not path.is_file():
            continue
        data = path.read_bytes()
        found[relative] = data.decode("utf-8", "replace")
        if path.suffix == ".pdf":
            extracted = subprocess.run(["pdftotext", "-q", str(path), "-"], capture_output=True, check=True)
            found[f"(pdftotext) {relative}"] = extracted.stdout.decode("utf-8", "replace")
        elif path.suffix == ".gz":
            found[f"(gunzip) {relative}"] = gzip.decompress(data).decode("utf-8", "replace")
        elif path.suffix in (".docx", ".zip"):
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    found[f"(unzip) {relative}:{member}"] = member + archive.read(member).decode("utf-8", "replace")
    return found


def build_all(root: Path, out: Path) -> None:
    result = run_cli("--root", str(root), "build", "--all-audiences", "--site-dir", str(out), "--today", TODAY)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(CLEARANCE)
