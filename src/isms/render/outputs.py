"""What a build publishes beside the pages: each file with its id, version, commit and digest.

The manifest (manifest.json) and SHA256SUMS list every published file, PDFs, forms and
spreadsheets alike, so an auditor checks any copy against the build that made it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from isms.core.files import replace_file


@dataclass(frozen=True)
class Published:
    document_id: str
    title: str
    version: str
    status: str
    commit: str
    filename: str
    sha256: str
    language: str = ""  # set for a file also published in the default language, such as a workbook in Japanese

    def manifest_entry(self) -> dict[str, str]:
        entry = {
            "id": self.document_id,
            "title": self.title,
            "version": self.version,
            "status": self.status,
            "commit": self.commit,
            "file": self.filename,
            "sha256": self.sha256,
        }
        return {**entry, "language": self.language} if self.language else entry


def write_manifest(out_dir: Path, published: list[Published]) -> None:
    entries = sorted(published, key=lambda p: p.filename)
    sums = "".join(f"{p.sha256}  {p.filename}\n" for p in entries)
    replace_file(out_dir / "SHA256SUMS", sums.encode())
    manifest = {"documents": [p.manifest_entry() for p in entries]}
    replace_file(out_dir / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2).encode() + b"\n")
